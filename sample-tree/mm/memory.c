// SPDX-License-Identifier: GPL-2.0
/*
 * mm/memory.c - sample tree for refactor: page-table walking and the
 * anonymous fault path.  Only a few of the real entry points exist here,
 * written to exercise the C constructs a semantic patch tool must parse.
 */

#include <linux/kernel_stat.h>
#include <linux/mm.h>
#include <linux/hugetlb.h>
#include <linux/mman.h>
#include <linux/swap.h>
#include <linux/highmem.h>
#include <linux/pagemap.h>
#include <linux/ksm.h>
#include <linux/rmap.h>
#include <linux/module.h>
#include <linux/init.h>
#include <linux/writeback.h>
#include <linux/memcontrol.h>
#include <linux/mmu_notifier.h>
#include <linux/swapops.h>
#include <linux/elf.h>
#include <linux/gfp.h>

#include <asm/io.h>
#include <asm/pgalloc.h>
#include <asm/uaccess.h>
#include <asm/tlb.h>
#include <asm/tlbflush.h>
#include <asm/pgtable.h>

#include "internal.h"

/* Type-checked minimum, evaluating each argument once. */
#define sample_min(x, y) ({				\
	typeof(x) _min1 = (x);				\
	typeof(y) _min2 = (y);				\
	(void)(&_min1 == &_min2);			\
	_min1 < _min2 ? _min1 : _min2; })

/* Unmap this many bytes at a time before offering to reschedule. */
#define ZAP_BLOCK_SIZE		(8 * PAGE_SIZE)
#define ZAP_BLOCK_SIZE_PREEMPT	(1 * PAGE_SIZE)

/* Bump a per-mm counter, or complain if the mm is already gone. */
#define add_mm_counter_checked(mm, member, value)		\
	do {							\
		if (likely(mm))					\
			add_mm_counter(mm, member, value);	\
		else						\
			WARN_ON_ONCE(value);			\
	} while (0)

unsigned long zero_pfn __read_mostly;
unsigned long highest_memmap_pfn __read_mostly;

/* Number of faults that needed more than one try, by retry count. */
static unsigned long fault_retry_hist[8] = {
	[0 ... 3] = 0,
	[4 ... 7] = 0,
};

static int __init init_zero_pfn(void)
{
	zero_pfn = page_to_pfn(ZERO_PAGE(0));
	return 0;
}
core_initcall(init_zero_pfn);

static inline int is_zero_pfn(unsigned long pfn)
{
	return pfn == zero_pfn;
}

/*
 * Report a pte that points somewhere it should not.  Kept out of line and
 * marked cold so that the fast paths do not pay for the printk setup.
 */
static void __attribute__((__noinline__, __cold__))
print_bad_pte(struct vm_area_struct *vma, unsigned long addr,
	      pte_t pte, struct page *page)
{
	pgd_t *pgd = pgd_offset(vma->vm_mm, addr);
	pud_t *pud = pud_offset(pgd, addr);
	pmd_t *pmd = pmd_offset(pud, addr);
	const char *name;

	name = vma->vm_file ? "file" : NULL;
	printk(KERN_ALERT "BUG: bad pte %08llx pmd %08llx in %s map\n",
	       (long long)pte_val(pte), (long long)pmd_val(*pmd),
	       name ?: "anonymous");
	if (page)
		printk(KERN_ALERT "page:%p flags:%#lx count:%d\n", page,
		       page->flags, page_count(page));
	dump_stack();
	add_taint(TAINT_BAD_PAGE);
}

static __always_inline struct page *
vm_normal_page(struct vm_area_struct *vma, unsigned long addr, pte_t pte)
{
	unsigned long pfn = pte_pfn(pte);

	if (unlikely(vma->vm_flags & (VM_PFNMAP | VM_MIXEDMAP)))
		return NULL;
	if (is_zero_pfn(pfn))
		return NULL;
	if (unlikely(pfn > highest_memmap_pfn)) {
		print_bad_pte(vma, addr, pte, NULL);
		return NULL;
	}
	return pfn_to_page(pfn);
}

/*
 * Clear the ptes of one pmd between @addr and @end, dropping the rmap and
 * the page references.  Returns the address where it stopped.
 */
static unsigned long zap_pte_range(struct mmu_gather *tlb,
				   struct vm_area_struct *vma, pmd_t *pmd,
				   unsigned long addr, unsigned long end,
				   long *zap_work)
{
	struct mm_struct *mm = tlb->mm;
	pte_t *pte;
	spinlock_t *ptl;
	int file_rss = 0;
	int anon_rss = 0;

	pte = pte_offset_map_lock(mm, pmd, addr, &ptl);
	arch_enter_lazy_mmu_mode();
	do {
		pte_t ptent = *pte;
		struct page *page;

		if (pte_none(ptent)) {
			(*zap_work)--;
			continue;
		}

		(*zap_work) -= PAGE_SIZE;

		if (!pte_present(ptent)) {
			/* Swap or migration entry; nothing to give back. */
			pte_clear_not_present_full(mm, addr, pte,
						   tlb->fullmm);
			continue;
		}

		page = vm_normal_page(vma, addr, ptent);
		ptent = ptep_get_and_clear_full(mm, addr, pte, tlb->fullmm);
		tlb_remove_tlb_entry(tlb, pte, addr);
		if (unlikely(!page))
			continue;

		/* Dirty file data must not be lost with the pte. */
		if (!PageAnon(page) && pte_dirty(ptent))
			set_page_dirty(page);
		*(PageAnon(page) ? &anon_rss : &file_rss) -= 1;

		page_remove_rmap(page);
		WARN_ON_ONCE(page_mapcount(page) < 0);
		tlb_remove_page(tlb, page);
	} while (pte++, addr += PAGE_SIZE, (addr != end && *zap_work > 0));

	add_mm_counter_checked(mm, MM_FILEPAGES, file_rss);
	add_mm_counter_checked(mm, MM_ANONPAGES, anon_rss);
	arch_leave_lazy_mmu_mode();
	pte_unmap_unlock(pte - 1, ptl);

	return addr;
}

/*
 * Count present ptes in [addr, end) of one pmd.  A read-only walk, used
 * by the statistics code below.
 */
static int count_present_ptes(struct mm_struct *mm, pmd_t *pmd,
			      unsigned long addr, unsigned long end)
{
	pte_t *pte;
	spinlock_t *ptl;
	int nr = 0;

	VM_BUG_ON(addr & ~PAGE_MASK);
	VM_BUG_ON(end - addr > PMD_SIZE);

	pte = pte_offset_map_lock(mm, pmd, addr, &ptl);
	do {
		if (pte_present(*pte))
			nr++;
	} while (pte++, addr += PAGE_SIZE, addr != end);
	pte_unmap_unlock(pte - 1, ptl);

	return nr;
}

unsigned long zap_page_range_sample(struct mmu_gather *tlb,
				    struct vm_area_struct *vma,
				    unsigned long start, unsigned long end)
{
	long zap_work =
#ifdef CONFIG_PREEMPT
		ZAP_BLOCK_SIZE_PREEMPT;
#else
		ZAP_BLOCK_SIZE;
#endif
	pgd_t *pgd = pgd_offset(vma->vm_mm, start);
	pud_t *pud = pud_offset(pgd, start);
	pmd_t *pmd = pmd_offset(pud, start);

	while (start < end) {
		unsigned long next = sample_min(pmd_addr_end(start, end), end);

		if (pmd_none_or_clear_bad(pmd)) {
			start = next;
			pmd++;
			continue;
		}
		start = zap_pte_range(tlb, vma, pmd, start, next, &zap_work);
		if (zap_work <= 0) {
			cond_resched();
			zap_work = ZAP_BLOCK_SIZE;
		}
		pmd++;
	}
	return start;
}

/*
 * May the writer simply take over @page instead of copying it?  Only if
 * it is an ordinary anonymous page of this very VMA's anon_vma and we
 * are its sole user.
 */
static noinline int wp_page_reusable(struct page *page,
				     struct vm_area_struct *vma)
{
	struct anon_vma *anon_vma;

	if (!PageAnon(page) || PageKsm(page))
		return 0;

	anon_vma = page_anon_vma(page);
	if (anon_vma != vma->anon_vma)
		return 0;

	/* A VMA that owns pages must be on its anon_vma's list. */
	VM_BUG_ON(list_empty(&anon_vma->head));

	return page_mapcount(page) == 1 && !PageSwapCache(page);
}

/*
 * Abandon the anon_vma of a VMA that is being discarded before any page
 * was mapped through it (a failed mremap/split).  The VMA holds exactly
 * one chain entry at this point.
 *
 * As in anon_vma_unlink(), the free below waits for both the implicit
 * reference (->head) and the explicit count: KSM or migration may still
 * hold the anon_vma (rules/anon_vma/gc_consults_refcount.cocci checks it).
 */
static void discard_fresh_anon_vma(struct vm_area_struct *vma)
{
	struct anon_vma *anon_vma = vma->anon_vma;
	struct anon_vma_chain *avc;
	int empty;

	if (!anon_vma)
		return;

	avc = list_first_entry(&vma->anon_vma_chain, struct anon_vma_chain,
			       same_vma);
	spin_lock(&anon_vma->lock);
	list_del(&avc->same_anon_vma);
	empty = list_empty(&anon_vma->head) && !anonvma_external_refcount(anon_vma);
	spin_unlock(&anon_vma->lock);

	if (empty)
		anon_vma_free(anon_vma);

	list_del(&avc->same_vma);
	anon_vma_chain_free(avc);
	vma->anon_vma = NULL;
}

/*
 * Give the new half of a split VMA its anon_vma and policy; if the
 * policy cannot be copied, undo the anon_vma as if nothing happened.
 */
int prepare_split_vma(struct vm_area_struct *new, struct vm_area_struct *old)
{
	int err;

	err = anon_vma_prepare(new);
	if (err)
		return err;

	err = vma_dup_policy_sample(new, old) ?: vma_check_split(new, old);
	if (err)
		discard_fresh_anon_vma(new);
	return err;
}

/*
 * First touch of an anonymous page.  Called with mmap_sem held for read
 * and the pte mapped but not locked; returns with the pte unmapped.
 */
static int do_anonymous_page(struct mm_struct *mm, struct vm_area_struct *vma,
			     unsigned long address, pte_t *page_table,
			     pmd_t *pmd, unsigned int flags)
{
	struct page *page;
	spinlock_t *ptl;
	pte_t entry;
	gfp_t gfp_mask = GFP_HIGHUSER_MOVABLE;

	pte_unmap(page_table);

	if (unlikely(anon_vma_prepare(vma)))
		goto oom;
	page = alloc_page_vma(gfp_mask | __GFP_ZERO, vma, address);
	if (!page)
		goto oom;
	__SetPageUptodate(page);

	if (mem_cgroup_newpage_charge(page, mm, GFP_KERNEL))
		goto oom_free_page;

	entry = mk_pte(page, vma->vm_page_prot);
#ifndef CONFIG_ARCH_NO_DIRTY_BIT
	if (vma->vm_flags & VM_WRITE)
#endif
		entry = pte_mkwrite(pte_mkdirty(entry));

	page_table = pte_offset_map_lock(mm, pmd, address, &ptl);
	if (!pte_none(*page_table))
		goto release;

	inc_mm_counter_fast(mm, MM_ANONPAGES);
	page_add_new_anon_rmap(page, vma, address);
	set_pte_at(mm, address, page_table, entry);

	/* Compiler barrier: keep the pte store ahead of the MMU update. */
	asm volatile("" ::: "memory");

	update_mmu_cache(vma, address, page_table);
unlock:
	pte_unmap_unlock(page_table, ptl);
	return 0;
release:
	mem_cgroup_uncharge_page(page);
	page_cache_release(page);
	goto unlock;
oom_free_page:
	page_cache_release(page);
oom:
	return VM_FAULT_OOM;
}

/* Turn a retry count into a histogram bucket. */
static int fault_retry_bucket(unsigned int retries)
{
	int bucket;

	switch (retries) {
	case 0:
		bucket = 0;
		break;
	case 1 ... 3:
		bucket = retries;
		break;
	case 4 ... 5:
		if (retries & 1)
			pr_debug("odd retry count %u\n", retries);
		/* fall through */
	case 6:
		bucket = 4 + (retries > 5);
		break;
	default:
		bucket = ARRAY_SIZE(fault_retry_hist) - 1;
		break;
	}
	return bucket;
}

/*
 * Fault on a pte that is not present.  Only the anonymous case is
 * handled by this sample; everything else is reported as SIGBUS.
 */
int handle_pte_fault_sample(struct mm_struct *mm, struct vm_area_struct *vma,
			    unsigned long address, pte_t *pte, pmd_t *pmd,
			    unsigned int flags, unsigned int retries)
{
	pte_t entry = *pte;
	int ret;

	fault_retry_hist[fault_retry_bucket(retries)]++;

	if (pte_present(entry))
		return 0;

	if (pte_none(entry)) {
		if (vma->vm_ops)
			return VM_FAULT_SIGBUS;
		ret = do_anonymous_page(mm, vma, address, pte, pmd, flags);
		return ret ?: VM_FAULT_MINOR;
	}

	if (pte_file(entry))
		return VM_FAULT_SIGBUS;

	migration_entry_wait(mm, pmd, address);
	return 0;
}

/**
 * mm_flags_to_string - render an mm's flag bit-fields for debugging
 * @mm: the mm to describe
 * @buf: output buffer
 * @len: size of @buf
 */
int mm_flags_to_string(const struct mm_struct *mm, char *buf, size_t len)
{
	const struct mm_flag_bits *bits = &mm->bits;
	unsigned int dumpable = bits->dumpable;

	return snprintf(buf, len, "dumpable=%u%s%s",
			dumpable,
			bits->has_ksm ? " ksm" : "",
			bits->oom_victim ? " oom" : "");
}

/* Total present ptes of one VMA; walks pgd->pud->pmd by hand. */
unsigned long vma_present_ptes(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long addr = vma->vm_start;
	unsigned long total = 0;

	while (addr < vma->vm_end) {
		unsigned long next = pmd_addr_end(addr, vma->vm_end);
		pgd_t *pgd = pgd_offset(mm, addr);
		pud_t *pud;
		pmd_t *pmd;

		if (pgd_none_or_clear_bad(pgd))
			goto skip;
		pud = pud_offset(pgd, addr);
		if (pud_none_or_clear_bad(pud))
			goto skip;
		pmd = pmd_offset(pud, addr);
		if (pmd_none_or_clear_bad(pmd))
			goto skip;
		total += count_present_ptes(mm, pmd, addr, next);
skip:
		addr = next;
	}
	return total;
}
EXPORT_SYMBOL_GPL(vma_present_ptes);
