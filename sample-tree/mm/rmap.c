// SPDX-License-Identifier: GPL-2.0
/*
 * mm/rmap.c - sample tree for refactor: reverse mapping for anonymous
 * memory, built around struct anon_vma and its external_refcount.
 *
 * Locking, outermost first:
 *   mm->mmap_sem
 *     page->flags PG_locked (lock_page)
 *       mm->page_table_lock or pte_lock
 *         anon_vma->lock
 *
 * A page finds its VMAs through page->mapping -> anon_vma -> head ->
 * anon_vma_chain -> vma.  The anon_vma is kept alive by the chains on
 * ->head and, for KSM and migration, by ->external_refcount.
 */

#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/swap.h>
#include <linux/swapops.h>
#include <linux/slab.h>
#include <linux/init.h>
#include <linux/ksm.h>
#include <linux/rmap.h>
#include <linux/rcupdate.h>
#include <linux/module.h>
#include <linux/memcontrol.h>
#include <linux/mmu_notifier.h>
#include <linux/migrate.h>

#include <asm/tlbflush.h>

#include "internal.h"

static struct kmem_cache *anon_vma_cachep;
static struct kmem_cache *anon_vma_chain_cachep;

/**
 * anon_vma_alloc - get a fresh anon_vma from the slab
 *
 * The constructor has already set up the lock, the list and the count,
 * and SLAB_DESTROY_BY_RCU means none of that is redone on reuse.
 */
struct anon_vma *anon_vma_alloc(void)
{
	return kmem_cache_alloc(anon_vma_cachep, GFP_KERNEL);
}

/**
 * anon_vma_free - give an anon_vma back to the slab
 * @anon_vma: an anon_vma with no chains and no external references
 */
void anon_vma_free(struct anon_vma *anon_vma)
{
	kmem_cache_free(anon_vma_cachep, anon_vma);
}

static inline struct anon_vma_chain *anon_vma_chain_alloc(void)
{
	return kmem_cache_alloc(anon_vma_chain_cachep, GFP_KERNEL);
}

void anon_vma_chain_free(struct anon_vma_chain *anon_vma_chain)
{
	kmem_cache_free(anon_vma_chain_cachep, anon_vma_chain);
}

/**
 * anon_vma_prepare - make sure a VMA has an anon_vma before the first fault
 * @vma: the memory area about to receive an anonymous page
 *
 * Cheap when vma->anon_vma is already set, which is the common case.  On
 * the first anonymous fault in @vma we either borrow the anon_vma of a
 * compatible neighbour (see find_mergeable_anon_vma()) or make a new
 * one, and link @vma to it.  The link is published under
 * mm->page_table_lock so that racing faults on other CPUs agree.
 *
 * Returns 0 on success or -ENOMEM.
 */
int anon_vma_prepare(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;
	struct anon_vma *anon_vma, *fresh = NULL;
	struct anon_vma_chain *avc;
	int linked = 0;

	might_sleep();
	if (likely(vma->anon_vma))
		return 0;

	avc = anon_vma_chain_alloc();
	if (!avc)
		goto out_enomem;

	anon_vma = find_mergeable_anon_vma(vma);
	if (!anon_vma) {
		fresh = anon_vma_alloc();
		if (unlikely(!fresh))
			goto out_enomem_free_avc;
		anon_vma = fresh;
	}

	/*
	 * Two threads may fault on @vma at once; page_table_lock decides
	 * which of them installs its anon_vma.
	 */
	spin_lock(&anon_vma->lock);
	spin_lock(&mm->page_table_lock);
	if (!vma->anon_vma) {
		vma->anon_vma = anon_vma;
		avc->vma = vma;
		avc->anon_vma = anon_vma;
		list_add(&avc->same_vma, &vma->anon_vma_chain);
		list_add(&avc->same_anon_vma, &anon_vma->head);
		linked = 1;
	}
	spin_unlock(&mm->page_table_lock);
	spin_unlock(&anon_vma->lock);

	if (linked)
		return 0;

	/* Lost the race: the winner's anon_vma is already in place. */
	if (fresh)
		anon_vma_free(fresh);
	anon_vma_chain_free(avc);
	return 0;

 out_enomem_free_avc:
	anon_vma_chain_free(avc);
 out_enomem:
	return -ENOMEM;
}

/* Tie @vma and @anon_vma together through the spare entry @avc. */
static void anon_vma_chain_link(struct vm_area_struct *vma,
				struct anon_vma_chain *avc,
				struct anon_vma *anon_vma)
{
	*avc = (struct anon_vma_chain) {
		.vma		= vma,
		.anon_vma	= anon_vma,
	};
	list_add(&avc->same_vma, &vma->anon_vma_chain);

	/* Only the anon_vma side is visible to rmap walkers. */
	spin_lock(&anon_vma->lock);
	list_add_tail(&avc->same_anon_vma, &anon_vma->head);
	spin_unlock(&anon_vma->lock);
}

/*
 * Give @dst a chain entry for every anon_vma that @src is linked to.
 * Walking @src backwards keeps the oldest anon_vma at the tail of @dst's
 * list, the same order that @src has.
 */
int anon_vma_clone(struct vm_area_struct *dst, struct vm_area_struct *src)
{
	struct anon_vma_chain *pavc;

	list_for_each_entry_reverse(pavc, &src->anon_vma_chain, same_vma) {
		struct anon_vma_chain *avc = anon_vma_chain_alloc();

		if (unlikely(!avc)) {
			/* Undo the partial copy: @dst must end up bare. */
			anon_vma_unlink(dst);
			return -ENOMEM;
		}
		anon_vma_chain_link(dst, avc, pavc->anon_vma);
	}
	return 0;
}

/*
 * Called at fork time for each VMA of the parent that has anonymous
 * pages.  The child shares all of the parent's anon_vmas and also gets
 * one of its own, so that pages it COWs later are not visible to the
 * parent's rmap walks.
 */
int anon_vma_fork(struct vm_area_struct *vma, struct vm_area_struct *pvma)
{
	struct anon_vma_chain *avc;
	struct anon_vma *anon_vma;

	if (!pvma->anon_vma)
		return 0;

	/* Allocate first, so that failure leaves nothing to unlink. */
	anon_vma = anon_vma_alloc();
	avc = anon_vma_chain_alloc();
	if (!anon_vma || !avc)
		goto out_free;

	if (anon_vma_clone(vma, pvma))
		goto out_free;

	/* Brand new, nobody else can see it yet: no list_empty() needed. */
	vma->anon_vma = anon_vma;
	anon_vma_chain_link(vma, avc, anon_vma);
	return 0;

 out_free:
	if (avc)
		anon_vma_chain_free(avc);
	if (anon_vma)
		anon_vma_free(anon_vma);
	return -ENOMEM;
}

/*
 * Link @vma onto the anon_vma it already points at.  The caller holds
 * anon_vma->lock (see anon_vma_lock()) and has a spare chain entry
 * parked on vma->anon_vma_chain.
 */
void __anon_vma_link(struct vm_area_struct *vma)
{
	struct anon_vma *anon_vma = vma->anon_vma;
	struct anon_vma_chain *avc;

	if (!anon_vma)
		return;

	avc = list_first_entry(&vma->anon_vma_chain, struct anon_vma_chain,
			       same_vma);
	VM_BUG_ON(avc->anon_vma != anon_vma);
	list_add_tail(&avc->same_anon_vma, &anon_vma->head);
}

void anon_vma_link(struct vm_area_struct *vma)
{
	struct anon_vma *anon_vma = vma->anon_vma;

	if (anon_vma) {
		spin_lock(&anon_vma->lock);
		__anon_vma_link(vma);
		spin_unlock(&anon_vma->lock);
	}
}

/**
 * anon_vma_unlink - detach a VMA from every anon_vma it is chained to
 * @vma: the VMA going away (munmap, exit, or a failed fork)
 *
 * Each anon_vma that loses its last chain is freed here, unless KSM or
 * migration still holds an external reference; in that case whoever
 * drops that reference last does the freeing.
 */
void anon_vma_unlink(struct vm_area_struct *vma)
{
	struct anon_vma_chain *avc, *next;

	list_for_each_entry_safe(avc, next, &vma->anon_vma_chain, same_vma) {
		struct anon_vma *anon_vma = avc->anon_vma;
		int empty;

		spin_lock(&anon_vma->lock);
		list_del(&avc->same_anon_vma);

		/* No chains left and nobody pinning it: free it. */
		empty = list_empty(&anon_vma->head) && !anonvma_external_refcount(anon_vma);
		spin_unlock(&anon_vma->lock);

		if (empty)
			anon_vma_free(anon_vma);

		list_del(&avc->same_vma);
		anon_vma_chain_free(avc);
	}
}

static void anon_vma_ctor(void *data)
{
	struct anon_vma *anon_vma = data;

	spin_lock_init(&anon_vma->lock);
	anonvma_external_refcount_init(anon_vma);
	INIT_LIST_HEAD(&anon_vma->head);
}

void __init anon_vma_init(void)
{
	anon_vma_cachep = kmem_cache_create("anon_vma", sizeof(struct anon_vma),
			0, SLAB_DESTROY_BY_RCU|SLAB_PANIC, anon_vma_ctor);
	anon_vma_chain_cachep = KMEM_CACHE(anon_vma_chain, SLAB_PANIC);
}

/**
 * page_anon_vma - the anon_vma an anonymous page belongs to
 * @page: the page to look at
 *
 * Returns NULL for file pages and for KSM pages, whose ->mapping points
 * at a stable_node.  Only stable while the page is locked or mapped.
 */
struct anon_vma *page_anon_vma(struct page *page)
{
	unsigned long mapping = (unsigned long)ACCESS_ONCE(page->mapping);

	if (!(mapping & PAGE_MAPPING_ANON) || (mapping & PAGE_MAPPING_KSM))
		return NULL;
	return (struct anon_vma *)(mapping & ~PAGE_MAPPING_FLAGS);
}

/*
 * Lock the anon_vma of @page without holding a reference on it.  This
 * works only because the slab is SLAB_DESTROY_BY_RCU: inside
 * rcu_read_lock() the memory behind even a stale page->mapping is still
 * some anon_vma, so spinning on its lock is harmless.  Callers recheck
 * each VMA they find, so a recycled anon_vma merely yields no matches.
 */
struct anon_vma *page_lock_anon_vma(struct page *page)
{
	struct anon_vma *anon_vma = NULL;

	rcu_read_lock();
	if (page_mapped(page))
		anon_vma = page_anon_vma(page);
	if (!anon_vma)
		goto out;

	spin_lock(&anon_vma->lock);
	return anon_vma;	/* still inside rcu_read_lock() */
out:
	rcu_read_unlock();
	return NULL;
}
EXPORT_SYMBOL_GPL(page_lock_anon_vma);

void page_unlock_anon_vma(struct anon_vma *anon_vma)
{
	spin_unlock(&anon_vma->lock);
	rcu_read_unlock();
}
EXPORT_SYMBOL_GPL(page_unlock_anon_vma);

/*
 * Where in @vma would @page sit?  Returns -EFAULT, cast to an address,
 * if the page's index falls outside the VMA.
 */
static inline unsigned long
vma_address(struct page *page, struct vm_area_struct *vma)
{
	unsigned long offset;

	if (page->index < vma->vm_pgoff)
		return -EFAULT;
	offset = (page->index - vma->vm_pgoff) << PAGE_SHIFT;
	if (offset >= vma->vm_end - vma->vm_start)
		return -EFAULT;
	return vma->vm_start + offset;
}

unsigned long page_address_in_vma(struct page *page,
				  struct vm_area_struct *vma)
{
	int ours;

	if (PageAnon(page))
		ours = page_anon_vma(page) == vma->anon_vma;
	else
		ours = vma->vm_file && page->mapping &&
		       vma->vm_file->f_mapping == page->mapping &&
		       !(vma->vm_flags & VM_NONLINEAR);

	return ours ? vma_address(page, vma) : -EFAULT;
}
EXPORT_SYMBOL(page_address_in_vma);

/* Top three levels of the walk; NULL if any of them is missing. */
static pmd_t *rmap_find_pmd(struct mm_struct *mm, unsigned long address)
{
	pgd_t *pgd = pgd_offset(mm, address);
	pud_t *pud;

	if (pgd_none(*pgd) || unlikely(pgd_bad(*pgd)))
		return NULL;
	pud = pud_offset(pgd, address);
	if (pud_none(*pud) || unlikely(pud_bad(*pud)))
		return NULL;
	return pmd_offset(pud, address);
}

/*
 * Find the pte through which @mm maps @page at @address.  On success the
 * pte is returned mapped, and locked with the lock stored in *@ptlp.
 * @sync is accepted for interface compatibility: this version always
 * takes the lock before looking.
 */
pte_t *page_check_address(struct page *page, struct mm_struct *mm,
			  unsigned long address, spinlock_t **ptlp, int sync)
{
	pmd_t *pmd = rmap_find_pmd(mm, address);
	spinlock_t *ptl;
	pte_t *pte;

	if (!pmd || !pmd_present(*pmd))
		return NULL;

	pte = pte_offset_map_lock(mm, pmd, address, &ptl);
	if (pte_present(*pte) && pte_pfn(*pte) == page_to_pfn(page)) {
		*ptlp = ptl;
		return pte;
	}
	pte_unmap_unlock(pte, ptl);
	return NULL;
}

/*
 * Point page->mapping at an anon_vma.  A page that may be shared with
 * relatives after fork must use the root of the family, which is the
 * anon_vma at the tail of the chain; a page private to @vma may use the
 * VMA's own anon_vma.
 */
static void __page_set_anon_rmap(struct page *page,
				 struct vm_area_struct *vma,
				 unsigned long address, int exclusive)
{
	struct anon_vma *target = vma->anon_vma;
	unsigned long tagged;

	BUG_ON(!target);
	if (!exclusive)
		target = list_entry(vma->anon_vma_chain.prev,
				    struct anon_vma_chain, same_vma)->anon_vma;

	tagged = (unsigned long)target | PAGE_MAPPING_ANON;
	page->mapping = (struct address_space *)tagged;
	page->index = linear_page_index(vma, address);
}

/* Account one more pte mapping an already-anonymous page. */
void page_add_anon_rmap(struct page *page,
			struct vm_area_struct *vma, unsigned long address)
{
	VM_BUG_ON(address < vma->vm_start || address >= vma->vm_end);

	/* _mapcount starts at -1, so the first mapper sees it reach 0. */
	if (!atomic_inc_and_test(&page->_mapcount))
		return;

	__inc_zone_page_state(page, NR_ANON_PAGES);
	if (likely(!PageKsm(page))) {
		VM_BUG_ON(!PageLocked(page));
		__page_set_anon_rmap(page, vma, address, 0);
	}
}

/*
 * Like page_add_anon_rmap(), for a page that nobody else can see yet:
 * no lock is needed and the page goes straight onto an LRU list.
 */
void page_add_new_anon_rmap(struct page *page,
			    struct vm_area_struct *vma, unsigned long address)
{
	int evictable = page_evictable(page, vma);

	SetPageSwapBacked(page);
	atomic_set(&page->_mapcount, 0);
	__inc_zone_page_state(page, NR_ANON_PAGES);
	__page_set_anon_rmap(page, vma, address, 1);

	if (unlikely(!evictable)) {
		add_page_to_unevictable_list(page);
		return;
	}
	lru_cache_add_lru(page, LRU_ACTIVE_ANON);
}

/* One pte less; the last one also fixes up the zone statistics. */
void page_remove_rmap(struct page *page)
{
	int anon = PageAnon(page);

	if (atomic_add_negative(-1, &page->_mapcount) == 0)
		return;		/* other ptes remain */

	__dec_zone_page_state(page, anon ? NR_ANON_PAGES : NR_FILE_MAPPED);
	if (anon)
		mem_cgroup_uncharge_page(page);
	else
		mem_cgroup_update_file_mapped(page, -1);

	/*
	 * Keep page->mapping: page_lock_anon_vma() may be looking at it
	 * right now, and it is only reset when the page is freed.
	 */
}

/*
 * Unmap one pte of @page in @vma.  With CONFIG_MIGRATION a migration
 * entry may be installed in place of a swap entry.
 */
static int unmap_one_pte(struct page *page, struct vm_area_struct *vma,
			 unsigned long address, enum unmap_mode mode)
{
	struct mm_struct *mm = vma->vm_mm;
	pte_t *pte;
	pte_t pteval;
	spinlock_t *ptl;
	int ret = RMAP_RETRY;

	pte = page_check_address(page, mm, address, &ptl, 0);
	if (!pte)
		goto out;

	if (!(mode & UNMAP_SKIP_MLOCK) && (vma->vm_flags & VM_LOCKED)) {
		ret = RMAP_MLOCKED;
		goto out_unmap;
	}

	flush_cache_page(vma, address, page_to_pfn(page));
	pteval = ptep_clear_flush_notify(vma, address, pte);
	if (pte_dirty(pteval))
		set_page_dirty(page);

	if (PageAnon(page)) {
		swp_entry_t entry = { .val = page_private(page) };

		if (PageSwapCache(page)) {
			if (swap_duplicate(entry) < 0) {
				set_pte_at(mm, address, pte, pteval);
				ret = RMAP_FAILED;
				goto out_unmap;
			}
			dec_mm_counter(mm, MM_ANONPAGES);
#ifdef CONFIG_MIGRATION
		} else if (UNMAP_ACTION(mode) == UNMAP_FOR_MIGRATE) {
			entry = make_migration_entry(page, pte_write(pteval));
#endif
		} else {
			BUG();
		}
		set_pte_at(mm, address, pte, swp_entry_to_pte(entry));
	} else {
		dec_mm_counter(mm, MM_FILEPAGES);
	}

	page_remove_rmap(page);
	page_cache_release(page);

out_unmap:
	pte_unmap_unlock(pte, ptl);
out:
	return ret;
}

static int try_to_unmap_anon(struct page *page, enum unmap_mode mode)
{
	struct anon_vma *anon_vma;
	struct anon_vma_chain *avc;
	int ret = RMAP_RETRY;

	anon_vma = page_lock_anon_vma(page);
	if (!anon_vma)
		return ret;

	list_for_each_entry(avc, &anon_vma->head, same_anon_vma) {
		struct vm_area_struct *vma = avc->vma;
		unsigned long address = vma_address(page, vma);

		if (address == -EFAULT)
			continue;
		ret = unmap_one_pte(page, vma, address, mode);
		if (ret != RMAP_RETRY || !page_mapped(page))
			break;
	}

	page_unlock_anon_vma(anon_vma);
	return ret;
}

/**
 * try_to_unmap - remove every pte that maps a page
 * @page: the page, locked by the caller
 * @mode: what to leave behind, see enum unmap_mode
 *
 * Returns RMAP_DONE when nothing maps the page any more, otherwise one of
 * the other RMAP_* codes.
 */
int try_to_unmap(struct page *page, enum unmap_mode mode)
{
	int ret;

	BUG_ON(!PageLocked(page));

	if (unlikely(PageKsm(page)))
		ret = try_to_unmap_ksm(page, mode);
	else if (PageAnon(page))
		ret = try_to_unmap_anon(page, mode);
	else
		ret = RMAP_FAILED;	/* file pages are not in this sample */
	if (ret != RMAP_MLOCKED && !page_mapped(page))
		ret = RMAP_DONE;
	return ret;
}

#ifdef CONFIG_MIGRATION
/*
 * rmap_walk_anon - call @rmap_one on every mapping of an anonymous page
 *
 * Used by migration to put the ptes back.  The page is locked, so its
 * anon_vma cannot change under us, but it may have no VMA left: the
 * caller pins it with external_refcount in that case.
 */
static int rmap_walk_anon(struct page *page, rmap_one_fn rmap_one, void *arg)
{
	struct anon_vma *anon_vma;
	struct anon_vma_chain *avc;
	int ret = RMAP_RETRY;

	anon_vma = page_anon_vma(page);
	if (!anon_vma)
		return ret;
	spin_lock(&anon_vma->lock);
	list_for_each_entry(avc, &anon_vma->head, same_anon_vma) {
		struct vm_area_struct *vma = avc->vma;
		unsigned long address = vma_address(page, vma);

		if (address == -EFAULT)
			continue;
		ret = rmap_one(page, vma, address, arg);
		if (ret != RMAP_RETRY)
			break;
	}
	spin_unlock(&anon_vma->lock);
	return ret;
}

int rmap_walk(struct page *page, rmap_one_fn rmap_one, void *arg)
{
	VM_BUG_ON(!PageLocked(page));

	if (unlikely(PageKsm(page)))
		return rmap_walk_ksm(page, rmap_one, arg);
	else if (PageAnon(page))
		return rmap_walk_anon(page, rmap_one, arg);
	return RMAP_FAILED;
}
#endif /* CONFIG_MIGRATION */
