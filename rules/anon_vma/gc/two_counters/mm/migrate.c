/*
 * mm/migrate.c - page migration's hold on an anon_vma (two-counter state, 2010).
 *
 * The bug found in review: the drop path below frees the anon_vma when its
 * list is empty and migration's own count drops to zero, but ignores the
 * count KSM may still hold.
 */
#include <linux/rmap.h>

static int unmap_and_move(new_page_t get_new_page, unsigned long private, struct page *page)
{
	struct anon_vma *anon_vma = NULL;
	int rc = 0;

	if (PageAnon(page)) {
		anon_vma = page_anon_vma(page);
		atomic_inc(&anon_vma->migrate_refcount);
	}

	rc = move_to_new_page(page);

	if (anon_vma && atomic_dec_and_lock(&anon_vma->migrate_refcount,
					    &anon_vma->lock)) {
		int empty = list_empty(&anon_vma->head);

		spin_unlock(&anon_vma->lock);
		if (empty)
			anon_vma_free(anon_vma);
	}
	return rc;
}
