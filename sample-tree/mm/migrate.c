// SPDX-License-Identifier: GPL-2.0
/*
 * mm/migrate.c - sample tree for refactor: move the contents of pages to
 * other page frames, keeping the anon_vma alive with external_refcount
 * while the old page has no ptes.
 *
 * The basic dance for one page is:
 *   1. isolate it from the LRU (the caller did that; it is on a list),
 *   2. lock it and pin its anon_vma,
 *   3. replace every pte with a migration entry,
 *   4. copy data and flags into the new page and swap the mapping,
 *   5. turn the migration entries into ptes for the new page,
 *   6. unpin the anon_vma and release the old page.
 */

#include <linux/migrate.h>
#include <linux/module.h>
#include <linux/swap.h>
#include <linux/swapops.h>
#include <linux/pagemap.h>
#include <linux/buffer_head.h>
#include <linux/mm_inline.h>
#include <linux/nsproxy.h>
#include <linux/pagevec.h>
#include <linux/ksm.h>
#include <linux/rmap.h>
#include <linux/topology.h>
#include <linux/cpu.h>
#include <linux/cpuset.h>
#include <linux/writeback.h>
#include <linux/mempolicy.h>
#include <linux/vmalloc.h>
#include <linux/security.h>
#include <linux/memcontrol.h>
#include <linux/syscalls.h>
#include <linux/slab.h>

#include "internal.h"

/* How many times migrate_pages() goes round before giving up. */
#define MIGRATE_MAX_PASSES	10

/* From this pass on, wait for locks and writeback instead of skipping. */
#define MIGRATE_FORCE_PASS	3

/* Page flags that describe the data and so travel with it. */
#define MIGRATE_COPY_FLAGS	((1UL << PG_error) | (1UL << PG_referenced) | \
				 (1UL << PG_uptodate) | (1UL << PG_checked) | \
				 (1UL << PG_mappedtodisk))

/* Which isolation counter a page was charged to. */
static inline enum zone_stat_item isolated_item(struct page *page)
{
	return page_is_file_cache(page) ? NR_ISOLATED_FILE : NR_ISOLATED_ANON;
}

/* Undo isolate_lru_page() for a page already taken off its list. */
static void migrate_unisolate(struct page *page)
{
	dec_zone_page_state(page, isolated_item(page));
	putback_lru_page(page);
}

/*
 * Drain the per-cpu LRU caches so that the pages we want to isolate are
 * really on the LRU lists.  Expensive: it schedules work on every CPU.
 */
int migrate_prep(void)
{
	lru_add_drain_all();
	return 0;
}

/* The cheap variant, for callers that only care about this CPU. */
int migrate_prep_local(void)
{
	lru_add_drain();
	return 0;
}

/**
 * putback_lru_pages - give isolated pages back to the LRU
 * @l: list of pages linked through page->lru
 *
 * Used when migration is abandoned, and for whatever is left on the
 * list after migrate_pages() returns.
 */
void putback_lru_pages(struct list_head *l)
{
	struct page *page;
	struct page *page2;

	list_for_each_entry_safe(page, page2, l, lru) {
		list_del(&page->lru);
		migrate_unisolate(page);
	}
}

/*
 * rmap_walk() callback: if the pte at @addr in @vma is a migration entry
 * for @old, make it a real pte for @new.
 */
static int remove_migration_pte(struct page *new, struct vm_area_struct *vma,
				unsigned long addr, void *old)
{
	struct mm_struct *mm = vma->vm_mm;
	swp_entry_t entry;
	pmd_t *pmd;
	pte_t *ptep, pte;
	spinlock_t *ptl;

	pmd = mm_find_pmd(mm, addr);
	if (!pmd || !pmd_present(*pmd))
		return RMAP_RETRY;

	ptep = pte_offset_map_lock(mm, pmd, addr, &ptl);
	pte = *ptep;
	if (pte_present(pte) || pte_none(pte) || pte_file(pte))
		goto unlock;

	entry = pte_to_swp_entry(pte);
	if (!is_migration_entry(entry))
		goto unlock;
	if (migration_entry_to_page(entry) != old)
		goto unlock;

	get_page(new);
	pte = mk_pte(new, vma->vm_page_prot);
	pte = is_write_migration_entry(entry) ? pte_mkwrite(pte) : pte;
	flush_cache_page(vma, addr, page_to_pfn(new));
	set_pte_at(mm, addr, ptep, pte);

	if (!PageAnon(new))
		page_add_file_rmap(new);
	else
		page_add_anon_rmap(new, vma, addr);

	update_mmu_cache(vma, addr, ptep);
unlock:
	pte_unmap_unlock(ptep, ptl);
	return RMAP_RETRY;	/* keep walking: there may be more */
}

/* Turn every migration entry for @old back into a pte for @new. */
static void remove_migration_ptes(struct page *old, struct page *new)
{
	rmap_walk(new, remove_migration_pte, old);
}

/*
 * Move the address_space slot of @page over to @newpage.  Fails with
 * -EAGAIN if somebody else holds a reference we did not expect.
 */
static int migrate_page_move_mapping(struct address_space *mapping,
				     struct page *newpage, struct page *page)
{
	int refs = page_has_private(page) ? 3 : 2;
	void **slot;

	if (!mapping)
		return page_count(page) == 1 ? 0 : -EAGAIN;

	spin_lock_irq(&mapping->tree_lock);
	slot = radix_tree_lookup_slot(&mapping->page_tree, page_index(page));
	if (radix_tree_deref_slot(slot) != page ||
	    !page_freeze_refs(page, refs)) {
		spin_unlock_irq(&mapping->tree_lock);
		return -EAGAIN;
	}

	get_page(newpage);
	if (PageSwapCache(page)) {
		SetPageSwapCache(newpage);
		set_page_private(newpage, page_private(page));
	}
	radix_tree_replace_slot(slot, newpage);
	page_unfreeze_refs(page, refs - 1);
	spin_unlock_irq(&mapping->tree_lock);
	return 0;
}

/* Copy the data, then the state that goes with it. */
static void migrate_page_copy(struct page *newpage, struct page *page)
{
	copy_highpage(newpage, page);
	newpage->flags |= page->flags & MIGRATE_COPY_FLAGS;

	if (TestClearPageActive(page))
		SetPageActive(newpage);
	else if (TestClearPageUnevictable(page))
		SetPageUnevictable(newpage);

	if (PageDirty(page) && clear_page_dirty_for_io(page))
		set_page_dirty(newpage);

	mlock_migrate_page(newpage, page);
	ksm_migrate_page(newpage, page);

	ClearPageSwapCache(page);
	ClearPagePrivate(page);
	set_page_private(page, 0);
	page->mapping = NULL;
}

/**
 * migrate_page - the default ->migratepage for pages without buffers
 * @mapping: the owning address_space, or NULL
 * @newpage: destination, locked
 * @page: source, locked
 */
int migrate_page(struct address_space *mapping,
		 struct page *newpage, struct page *page)
{
	int rc;

	/* Callers wait for writeback before getting this far. */
	BUG_ON(PageWriteback(page));

	rc = migrate_page_move_mapping(mapping, newpage, page);
	if (!rc)
		migrate_page_copy(newpage, page);
	return rc;
}
EXPORT_SYMBOL(migrate_page);

/* Used as ->migratepage by mappings that never let their pages move. */
int fail_migrate_page(struct address_space *mapping,
		      struct page *newpage, struct page *page)
{
	return -EIO;
}
EXPORT_SYMBOL(fail_migrate_page);

/*
 * Hand the contents of @page to @newpage through the mapping's own
 * method if it has one.  On success the ptes are pointed at @newpage,
 * unless @remap is clear.
 */
static int move_to_new_page(struct page *newpage, struct page *page,
			    int remap)
{
	struct address_space *mapping = page_mapping(page);
	int (*move)(struct address_space *, struct page *, struct page *);
	int rc;

	BUG_ON(!trylock_page(newpage));	/* nobody else has seen it */

	newpage->index = page->index;
	newpage->mapping = page->mapping;
	if (PageSwapBacked(page))
		SetPageSwapBacked(newpage);

	move = migrate_page;
	if (mapping && mapping->a_ops->migratepage)
		move = mapping->a_ops->migratepage;
	rc = move(mapping, newpage, page);

	if (rc)
		newpage->mapping = NULL;
	else if (remap)
		remove_migration_ptes(page, newpage);

	unlock_page(newpage);
	return rc;
}

/*
 * Move one page.  Returns 0 on success, -EAGAIN if another pass may do
 * better, or another negative errno for a permanent failure.  Unless the
 * answer is -EAGAIN, @page has been removed from the caller's list.
 */
static int unmap_and_move(new_page_t get_new_page, unsigned long private,
			  struct page *page, int force, int offlining)
{
	struct anon_vma *anon_vma = NULL;
	struct page *newpage;
	int *result = NULL;
	int remap = 1;
	int in_rcu = 0;
	int rc;

	newpage = get_new_page(page, private, &result);
	if (!newpage)
		return -ENOMEM;

	/* Only our isolation reference left: the page is already dead. */
	rc = 0;
	if (page_count(page) == 1)
		goto done_page;

	rc = -EAGAIN;
	if (!trylock_page(page)) {
		if (!force)
			goto put_new;
		lock_page(page);
	}

	/* The stable tree would be left pointing at the old frame. */
	rc = -EBUSY;
	if (PageKsm(page) && !offlining)
		goto unlock;

	rc = -EAGAIN;
	if (PageWriteback(page)) {
		if (!force)
			goto unlock;
		wait_on_page_writeback(page);
	}

	/*
	 * Between try_to_unmap() and remove_migration_ptes() the page has no
	 * ptes, and a concurrent munmap() may take the last VMA off the
	 * anon_vma.  We still need the anon_vma to find our migration
	 * entries, so hold it with the external count meanwhile.
	 */
	if (PageAnon(page)) {
		rcu_read_lock();
		in_rcu = 1;

		if (page_mapped(page)) {
			anon_vma = page_anon_vma(page);
			atomic_inc(&anon_vma->external_refcount);
		} else if (PageSwapCache(page)) {
			/* No ptes to restore; page->mapping may be stale. */
			remap = 0;
		} else {
			goto unpin;
		}
	}

	if (page->mapping)
		try_to_unmap(page, UNMAP_FOR_MIGRATE | UNMAP_SKIP_MLOCK |
				   UNMAP_SKIP_YOUNG);

	if (!page_mapped(page))
		rc = move_to_new_page(newpage, page, remap);

	if (rc && remap)
		remove_migration_ptes(page, page);

unpin:
	/* Unpin the anon_vma; if we were the last user, free it. */
	if (anon_vma && atomic_dec_and_lock(&anon_vma->external_refcount,
					    &anon_vma->lock)) {
		int empty = list_empty(&anon_vma->head);

		spin_unlock(&anon_vma->lock);
		if (empty)
			anon_vma_free(anon_vma);
	}

	if (in_rcu)
		rcu_read_unlock();
unlock:
	unlock_page(page);
	if (rc == -EAGAIN)
		goto put_new;
done_page:
	/* Moved, dead, or never going to move: off the list it goes. */
	list_del(&page->lru);
	migrate_unisolate(page);
put_new:
	putback_lru_page(newpage);

	if (result)
		*result = rc ? rc : page_to_nid(newpage);
	return rc;
}

/**
 * migrate_pages - move a list of isolated pages
 * @from: pages to move, linked through page->lru
 * @get_new_page: allocator for destination pages
 * @private: passed through to @get_new_page
 * @offlining: true for memory hot-remove
 *
 * Makes up to MIGRATE_MAX_PASSES passes over @from.  Pages that could not
 * be moved stay on @from for the caller to putback_lru_pages().  Returns
 * the number of such pages, or a negative errno.
 */
int migrate_pages(struct list_head *from, new_page_t get_new_page,
		  unsigned long private, int offlining)
{
	struct page *page;
	struct page *page2;
	int nr_failed = 0;
	int nr_again = 1;
	int pass;
	int rc;

	for (pass = 0; nr_again && pass < MIGRATE_MAX_PASSES; pass++) {
		nr_again = 0;

		list_for_each_entry_safe(page, page2, from, lru) {
			cond_resched();

			rc = unmap_and_move(get_new_page, private, page,
					    pass >= MIGRATE_FORCE_PASS,
					    offlining);
			switch (rc) {
			case 0:
				break;
			case -EAGAIN:
				nr_again++;
				break;
			case -ENOMEM:
				/* No point going on without memory. */
				goto out;
			default:
				nr_failed++;	/* -EBUSY, -EIO, ... */
				break;
			}
		}
	}
	rc = 0;
out:
	return rc ? rc : nr_failed + nr_again;
}

#ifdef CONFIG_NUMA
/*
 * One request of move_pages(2).  An array of these is terminated by an
 * entry whose node is MAX_NUMNODES.
 */
struct page_to_node {
	unsigned long addr;
	struct page *page;
	int node;
	int status;
};

static struct page *new_page_node(struct page *p, unsigned long private,
				  int **result)
{
	struct page_to_node *pm;

	for (pm = (struct page_to_node *)private; pm->node != MAX_NUMNODES;
	     pm++) {
		if (pm->page != p)
			continue;
		*result = &pm->status;
		return alloc_pages_exact_node(pm->node,
				GFP_HIGHUSER_MOVABLE | GFP_THISNODE, 0);
	}
	return NULL;
}

/*
 * Isolate one requested page onto @pagelist.  Returns the status to
 * report for it: the current node if nothing needs doing, 0 if it was
 * queued, or a negative errno.
 */
static int isolate_one_request(struct mm_struct *mm, struct page_to_node *pp,
			       struct list_head *pagelist, int migrate_all)
{
	struct vm_area_struct *vma = find_vma(mm, pp->addr);
	struct page *page;
	int status;

	if (!vma || pp->addr < vma->vm_start || !vma_migratable(vma))
		return -EFAULT;

	page = follow_page(vma, pp->addr, FOLL_GET);
	if (IS_ERR_OR_NULL(page))
		return page ? PTR_ERR(page) : -ENOENT;

	pp->page = page;
	status = page_to_nid(page);
	if (PageReserved(page) || PageKsm(page))
		status = -ENOENT;
	else if (status == pp->node)
		;	/* already there: report the node */
	else if (page_mapcount(page) > 1 && !migrate_all)
		status = -EACCES;
	else if (isolate_lru_page(page) == 0) {
		list_add_tail(&page->lru, pagelist);
		inc_zone_page_state(page, isolated_item(page));
		status = 0;
	} else
		status = -EBUSY;

	put_page(page);		/* isolation holds its own reference */
	return status;
}

static int do_move_page_to_node_array(struct mm_struct *mm,
				      struct page_to_node *pm,
				      int migrate_all)
{
	struct page_to_node *pp;
	LIST_HEAD(pagelist);
	int err = 0;

	down_read(&mm->mmap_sem);
	for (pp = pm; pp->node != MAX_NUMNODES; pp++)
		pp->status = isolate_one_request(mm, pp, &pagelist,
						 migrate_all);

	if (!list_empty(&pagelist)) {
		err = migrate_pages(&pagelist, new_page_node,
				    (unsigned long)pm, 0);
		if (err)
			putback_lru_pages(&pagelist);
	}
	up_read(&mm->mmap_sem);
	return err;
}

SYSCALL_DEFINE6(move_pages, pid_t, pid, unsigned long, nr_pages,
		const void __user * __user *, pages,
		const int __user *, nodes,
		int __user *, status, int, flags)
{
	struct task_struct *task;
	struct mm_struct *mm;
	int err;

	if (flags & ~(MPOL_MF_MOVE | MPOL_MF_MOVE_ALL))
		return -EINVAL;
	if ((flags & MPOL_MF_MOVE_ALL) && !capable(CAP_SYS_NICE))
		return -EPERM;

	rcu_read_lock();
	task = pid ? find_task_by_vpid(pid) : current;
	mm = task ? get_task_mm(task) : NULL;
	rcu_read_unlock();
	if (!task)
		return -ESRCH;
	if (!mm)
		return -EINVAL;

	err = security_task_movememory(task);
	if (!err) {
		/* Copying the arrays in and out is left out of the sample. */
		err = nodes ? -ENOSYS : 0;
	}
	mmput(mm);
	return err;
}
#endif /* CONFIG_NUMA */
