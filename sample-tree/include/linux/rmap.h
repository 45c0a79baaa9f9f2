/* SPDX-License-Identifier: GPL-2.0 */
/*
 * include/linux/rmap.h - sample tree for refactor: reverse mapping of
 * anonymous pages, as it looked while struct anon_vma carried a single
 * explicit "external" reference count.
 */
#ifndef _SAMPLE_LINUX_RMAP_H
#define _SAMPLE_LINUX_RMAP_H

#include <linux/list.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/spinlock.h>
#include <linux/memcontrol.h>

/*
 * An anon_vma collects every VMA that might map a given set of anonymous
 * pages, so that the pages can be found again from the page side
 * (page->mapping points here, with PAGE_MAPPING_ANON set).
 *
 * Lifetime is normally implicit: as long as some VMA sits on ->head the
 * anon_vma stays around, and the last VMA to leave frees it.
 */
struct anon_vma {
	spinlock_t lock;	/* serializes walks of ->head */
#if defined(CONFIG_KSM) || defined(CONFIG_MIGRATION)

	/*
	 * KSM and page migration sometimes need to hang on to an anon_vma
	 * while no VMA of theirs is linked on ->head, for instance after
	 * the last mapping of a page has been torn down but before the page
	 * has been remapped.  They take this count for the duration; the
	 * anon_vma may only be freed once ->head is empty AND this count
	 * has dropped to zero.
	 */
	atomic_t external_refcount;
#endif
	/*
	 * The chain of anon_vma_chain entries that link VMAs to us.  Walked
	 * under ->lock, and also under RCU from page_lock_anon_vma(): the
	 * slab is SLAB_DESTROY_BY_RCU, so an object read through a stale
	 * page->mapping is still an anon_vma even if it was recycled.
	 */
	struct list_head head;
};

/*
 * The glue between VMAs and anon_vmas.  A VMA can be reachable from
 * several anon_vmas (its own plus those inherited across fork), and each
 * anon_vma has many VMAs; one anon_vma_chain exists per (vma, anon_vma)
 * pair.
 *
 * same_vma is linked on vma->anon_vma_chain (under mmap_sem and
 * page_table_lock); same_anon_vma is linked on anon_vma->head (under
 * anon_vma->lock).
 */
struct anon_vma_chain {
	struct vm_area_struct *vma;
	struct anon_vma *anon_vma;
	struct list_head same_vma;
	struct list_head same_anon_vma;
};

/* Per-mapping callback of rmap_walk() and rmap_walk_ksm(). */
typedef int (*rmap_one_fn)(struct page *page, struct vm_area_struct *vma,
			   unsigned long address, void *arg);

#ifdef CONFIG_MMU
#if defined(CONFIG_KSM) || defined(CONFIG_MIGRATION)
static inline void anonvma_external_refcount_init(struct anon_vma *anon_vma)
{
	atomic_set(&anon_vma->external_refcount, 0);
}

static inline int anonvma_external_refcount(struct anon_vma *anon_vma)
{
	return atomic_read(&anon_vma->external_refcount);
}
#else
static inline void anonvma_external_refcount_init(struct anon_vma *anon_vma)
{
}

static inline int anonvma_external_refcount(struct anon_vma *anon_vma)
{
	return 0;
}
#endif /* CONFIG_KSM || CONFIG_MIGRATION */

/*
 * Strip the tag bits off page->mapping.  Only for callers that already
 * know the page is anonymous and not KSM; see page_anon_vma() otherwise.
 */
static inline struct anon_vma *page_anon_vma_raw(struct page *page)
{
	return (struct anon_vma *)
		((unsigned long)page->mapping & ~PAGE_MAPPING_FLAGS);
}

static inline void anon_vma_lock(struct vm_area_struct *vma)
{
	struct anon_vma *anon_vma = vma->anon_vma;

	if (anon_vma)
		spin_lock(&anon_vma->lock);
}

static inline void anon_vma_unlock(struct vm_area_struct *vma)
{
	struct anon_vma *anon_vma = vma->anon_vma;

	if (anon_vma)
		spin_unlock(&anon_vma->lock);
}

/*
 * anon_vma helper functions, implemented in mm/rmap.c.
 */
void anon_vma_init(void);
int anon_vma_prepare(struct vm_area_struct *);
void anon_vma_unlink(struct vm_area_struct *);
void __anon_vma_link(struct vm_area_struct *);
void anon_vma_link(struct vm_area_struct *);
int anon_vma_clone(struct vm_area_struct *, struct vm_area_struct *);
int anon_vma_fork(struct vm_area_struct *, struct vm_area_struct *);
void __anon_vma_merge(struct vm_area_struct *, struct vm_area_struct *);
extern struct anon_vma *anon_vma_alloc(void);
extern void anon_vma_free(struct anon_vma *);
extern void anon_vma_chain_free(struct anon_vma_chain *);

static inline void anon_vma_merge(struct vm_area_struct *vma,
				  struct vm_area_struct *next)
{
	VM_BUG_ON(vma->anon_vma != next->anon_vma);
	anon_vma_unlink(next);
}


/* Find the anon_vma behind an anonymous page, or NULL; see mm/rmap.c. */
struct anon_vma *page_anon_vma(struct page *page);

/*
 * Hooks for the fault and unmap paths: they keep page->_mapcount and
 * page->mapping in step with the ptes that point at the page.
 */
void page_move_anon_rmap(struct page *page, struct vm_area_struct *vma,
			 unsigned long address);
void page_add_anon_rmap(struct page *page, struct vm_area_struct *vma,
			unsigned long address);
void page_add_new_anon_rmap(struct page *page, struct vm_area_struct *vma,
			    unsigned long address);
void page_add_file_rmap(struct page *page);
void page_remove_rmap(struct page *page);

/* A fork copies a pte without going through page_add_anon_rmap(). */
static inline void page_dup_rmap(struct page *page)
{
	atomic_inc(&page->_mapcount);
}

/*
 * Reclaim asks how recently a page was touched and by whom; the answer
 * also reports the union of vm_flags of the VMAs that map it.
 */
int page_referenced(struct page *page, int is_locked,
		    struct mem_cgroup *memcg, unsigned long *vm_flags);

/*
 * What try_to_unmap() should do with each pte it finds.  The low byte
 * selects an action, the bits above it modify the action.
 */
enum unmap_mode {
	UNMAP_PLAIN		= 0,	/* drop the pte, swap entry if anon */
	UNMAP_FOR_MIGRATE	= 1,	/* leave a migration entry behind */
	UNMAP_FOR_MUNLOCK	= 2,	/* only look for other mlockers */
	UNMAP_ACTION_MASK	= 0xff,

	UNMAP_SKIP_MLOCK	= 1 << 8,	/* unmap even from VM_LOCKED */
	UNMAP_SKIP_YOUNG	= 1 << 9,	/* ignore the young bit */
	UNMAP_SKIP_POISON	= 1 << 10,	/* page is bad but we go on */
};
#define UNMAP_ACTION(mode)	((mode) & UNMAP_ACTION_MASK)

int try_to_unmap(struct page *page, enum unmap_mode mode);

/*
 * Locate the pte that maps @page at @address in @mm, returning it mapped
 * and with *@ptlp locked, or NULL if it is not there.
 */
pte_t *page_check_address(struct page *page, struct mm_struct *mm,
			  unsigned long address, spinlock_t **ptlp, int sync);

/* Virtual address at which @vma would map @page, or -EFAULT. */
unsigned long page_address_in_vma(struct page *page,
				  struct vm_area_struct *vma);

/* Write-protect and clean every shared mapping; returns how many. */
int page_mkclean(struct page *page);

/* Does any other VM_LOCKED mapping still pin this page? */
int try_to_munlock(struct page *page);

/*
 * Take the anon_vma of a mapped anonymous page with its lock held.  The
 * caller must pair it with page_unlock_anon_vma().
 */
struct anon_vma *page_lock_anon_vma(struct page *page);
void page_unlock_anon_vma(struct anon_vma *anon_vma);
int page_mapped_in_vma(struct page *page, struct vm_area_struct *vma);

/* Generic walker: call @rmap_one for every place @page is mapped. */
int rmap_walk(struct page *page, rmap_one_fn rmap_one, void *arg);

#else	/* !CONFIG_MMU */

#define anon_vma_init()		do { } while (0)
#define anon_vma_prepare(vma)	(0)
#define anon_vma_link(vma)	do { } while (0)

static inline int page_referenced(struct page *page, int is_locked,
				  struct mem_cgroup *memcg,
				  unsigned long *vm_flags)
{
	*vm_flags = 0;
	return 0;
}

#define try_to_unmap(page, mode)	RMAP_FAILED

static inline int page_mkclean(struct page *page)
{
	return 0;
}

#endif	/* CONFIG_MMU */

/* What try_to_unmap() and friends report back. */
#define RMAP_DONE	0	/* every pte is gone */
#define RMAP_RETRY	1	/* some ptes remain, try again later */
#define RMAP_FAILED	2	/* a mapping refused to let go */
#define RMAP_MLOCKED	3	/* the page belongs on the unevictable list */

#endif	/* _SAMPLE_LINUX_RMAP_H */
