/*
 * mm/ksm.c - KSM's hold on an anon_vma (two-counter state, 2010)
 */
#include <linux/rmap.h>

static void hold_anon_vma(struct rmap_item *rmap_item, struct anon_vma *anon_vma)
{
	rmap_item->anon_vma = anon_vma;
	atomic_inc(&anon_vma->ksm_refcount);
}

static void drop_anon_vma(struct rmap_item *rmap_item)
{
	struct anon_vma *anon_vma = rmap_item->anon_vma;

	if (atomic_dec_and_lock(&anon_vma->ksm_refcount, &anon_vma->lock)) {
		int empty = list_empty(&anon_vma->head) && !migrate_refcount(anon_vma);
		spin_unlock(&anon_vma->lock);
		if (empty)
			anon_vma_free(anon_vma);
	}
}
