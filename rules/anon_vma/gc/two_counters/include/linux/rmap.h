#ifndef _LINUX_RMAP_H
#define _LINUX_RMAP_H

#include <linux/list.h>
#include <linux/spinlock.h>

/*
 * The anon_vma heads a list of private "related" vmas.  It stays alive while
 * a VMA is on ->head (the implicit reference) and while KSM or page migration
 * holds one of the explicit counts below.
 */
struct anon_vma {
	spinlock_t lock;	/* serializes walks of ->head */
#ifdef CONFIG_KSM
	atomic_t ksm_refcount;
#endif
#ifdef CONFIG_MIGRATION
	atomic_t migrate_refcount;
#endif
	struct list_head head;	/* chain of private related vmas */
};

#ifdef CONFIG_KSM
static inline void ksm_refcount_init(struct anon_vma *anon_vma)
{
	atomic_set(&anon_vma->ksm_refcount, 0);
}

static inline int ksm_refcount(struct anon_vma *anon_vma)
{
	return atomic_read(&anon_vma->ksm_refcount);
}
#else
static inline void ksm_refcount_init(struct anon_vma *anon_vma)
{
}

static inline int ksm_refcount(struct anon_vma *anon_vma)
{
	return 0;
}
#endif /* CONFIG_KSM */

#ifdef CONFIG_MIGRATION
static inline void migrate_refcount_init(struct anon_vma *anon_vma)
{
	atomic_set(&anon_vma->migrate_refcount, 0);
}

static inline int migrate_refcount(struct anon_vma *anon_vma)
{
	return atomic_read(&anon_vma->migrate_refcount);
}
#else
static inline void migrate_refcount_init(struct anon_vma *anon_vma)
{
}

static inline int migrate_refcount(struct anon_vma *anon_vma)
{
	return 0;
}
#endif /* CONFIG_MIGRATION */

void anon_vma_free(struct anon_vma *anon_vma);

#endif /* _LINUX_RMAP_H */
