// SPDX-License-Identifier: GPL-2.0
/* Test input for rename_external_refcount.cocci: targets and decoys side by side. */
#include <linux/rmap.h>

struct anon_vma {
	spinlock_t lock;
#if defined(CONFIG_KSM) || defined(CONFIG_MIGRATION)
	/* Held by KSM and migration without a VMA on ->head. */
	atomic_t external_refcount;
#endif
	struct list_head head;
};

/* A different struct with a member of the same name: never renamed. */
struct widget {
	atomic_t external_refcount;
	struct list_head head;
};

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
#endif

int anonvma_external_refcount(struct anon_vma *anon_vma);

static void drop_anon_vma(struct anon_vma *anon_vma)
{
	if (atomic_dec_and_lock(&anon_vma->external_refcount, &anon_vma->lock)) {
		int empty = list_empty(&anon_vma->head);

		spin_unlock(&anon_vma->lock);
		if (empty)
			anon_vma_free(anon_vma);
	}
}

static int count_of(struct anon_vma copy)
{
	return atomic_read(&copy.external_refcount);
}

/* The decoy: a parameter named anon_vma whose type is another struct. */
static void widget_put(struct widget *anon_vma)
{
	pr_debug("external_refcount=%d\n", atomic_read(&anon_vma->external_refcount));
	if (atomic_dec_and_test(&anon_vma->external_refcount))
		kfree(anon_vma);
}

static int (*count_fn)(struct anon_vma *) = anonvma_external_refcount;

void anon_vma_unlink(struct anon_vma *anon_vma)
{
	int empty = list_empty(&anon_vma->head) && !anonvma_external_refcount(anon_vma);

	if (empty)
		anon_vma_free(anon_vma);
}
