/* SPDX-License-Identifier: GPL-2.0 */
/*
 * include/linux/ksm.h - sample tree for refactor: hooks that the rest of
 * mm/ calls into the same-page merging daemon (mm/ksm.c).
 */
#ifndef _SAMPLE_LINUX_KSM_H
#define _SAMPLE_LINUX_KSM_H

#include <linux/bitops.h>
#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/rmap.h>
#include <linux/sched.h>

struct stable_node;
struct mem_cgroup;

#ifdef CONFIG_KSM
int ksm_madvise(struct vm_area_struct *vma, unsigned long start,
		unsigned long end, int advice, unsigned long *vm_flags);
int __ksm_enter(struct mm_struct *mm);
void __ksm_exit(struct mm_struct *mm);

/* The child of a process that merges pages merges them too. */
static inline int ksm_fork(struct mm_struct *mm, struct mm_struct *oldmm)
{
	return test_bit(MMF_VM_MERGEABLE, &oldmm->flags) ? __ksm_enter(mm) : 0;
}

static inline void ksm_exit(struct mm_struct *mm)
{
	if (unlikely(test_bit(MMF_VM_MERGEABLE, &mm->flags)))
		__ksm_exit(mm);
}

#define PAGE_MAPPING_KSM_TAG	(PAGE_MAPPING_ANON | PAGE_MAPPING_KSM)

/*
 * A merged page carries both tag bits in page->mapping; the remaining
 * bits point at its node in the stable tree rather than at an anon_vma.
 */
static inline struct stable_node *page_stable_node(struct page *page)
{
	unsigned long mapping = (unsigned long)page->mapping;

	if ((mapping & PAGE_MAPPING_FLAGS) != PAGE_MAPPING_KSM_TAG)
		return NULL;
	return (struct stable_node *)(mapping & ~PAGE_MAPPING_FLAGS);
}

static inline void set_page_stable_node(struct page *page,
					struct stable_node *stable_node)
{
	unsigned long tagged = (unsigned long)stable_node;

	page->mapping = (struct address_space *)(tagged | PAGE_MAPPING_KSM_TAG);
}

struct page *ksm_does_need_to_copy(struct page *page,
				   struct vm_area_struct *vma,
				   unsigned long address);
int page_referenced_ksm(struct page *page, struct mem_cgroup *memcg,
			unsigned long *vm_flags);
int try_to_unmap_ksm(struct page *page, enum unmap_mode mode);
int rmap_walk_ksm(struct page *page, rmap_one_fn rmap_one, void *arg);
void ksm_migrate_page(struct page *newpage, struct page *oldpage);

#else  /* !CONFIG_KSM */

static inline int ksm_fork(struct mm_struct *mm, struct mm_struct *oldmm)
{
	return 0;
}

static inline void ksm_exit(struct mm_struct *mm)
{
}

static inline int ksm_madvise(struct vm_area_struct *vma,
			      unsigned long start, unsigned long end,
			      int advice, unsigned long *vm_flags)
{
	return 0;
}

static inline struct page *ksm_does_need_to_copy(struct page *page,
						 struct vm_area_struct *vma,
						 unsigned long address)
{
	return page;
}

static inline int try_to_unmap_ksm(struct page *page, enum unmap_mode mode)
{
	return 0;
}

static inline int rmap_walk_ksm(struct page *page, rmap_one_fn rmap_one,
				void *arg)
{
	return 0;
}

static inline void ksm_migrate_page(struct page *newpage,
				    struct page *oldpage)
{
}
#endif /* !CONFIG_KSM */

#endif /* _SAMPLE_LINUX_KSM_H */
