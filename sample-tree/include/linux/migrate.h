/* SPDX-License-Identifier: GPL-2.0 */
/*
 * include/linux/migrate.h - sample tree for refactor: moving pages
 * between frames (mm/migrate.c).
 */
#ifndef _SAMPLE_LINUX_MIGRATE_H
#define _SAMPLE_LINUX_MIGRATE_H

#include <linux/mm.h>
#include <linux/mempolicy.h>

/* Allocate the destination frame for @page; @private is caller data. */
typedef struct page *new_page_t(struct page *page, unsigned long private,
				int **result);

#ifdef CONFIG_MIGRATION
#define PAGE_MIGRATION 1

extern void putback_lru_pages(struct list_head *l);
extern int migrate_page(struct address_space *mapping,
			struct page *newpage, struct page *page);
extern int migrate_pages(struct list_head *l, new_page_t x,
			 unsigned long private, int offlining);

extern int fail_migrate_page(struct address_space *mapping,
			     struct page *newpage, struct page *page);

extern int migrate_prep(void);
extern int migrate_prep_local(void);
extern int migrate_vmas(struct mm_struct *mm, const nodemask_t *from,
			const nodemask_t *to, unsigned long flags);
#else
#define PAGE_MIGRATION 0

static inline void putback_lru_pages(struct list_head *l) {}
static inline int migrate_pages(struct list_head *l, new_page_t x,
				unsigned long private, int offlining)
{
	return -ENOSYS;
}

static inline int migrate_prep(void) { return -ENOSYS; }
static inline int migrate_prep_local(void) { return -ENOSYS; }

/* Without migration there is nothing to refuse. */
#define fail_migrate_page NULL

#endif /* CONFIG_MIGRATION */
#endif /* _SAMPLE_LINUX_MIGRATE_H */
