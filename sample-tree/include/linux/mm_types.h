/* SPDX-License-Identifier: GPL-2.0 */
/*
 * include/linux/mm_types.h - sample tree for refactor: the handful of
 * memory-management structures that mm/ and the decoy drivers poke at.
 */
#ifndef _SAMPLE_LINUX_MM_TYPES_H
#define _SAMPLE_LINUX_MM_TYPES_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/rbtree.h>
#include <linux/spinlock.h>
#include <linux/rwsem.h>
#include <asm/page.h>

struct address_space;
struct anon_vma;
struct file;

#define USE_SPLIT_PTLOCKS	(NR_CPUS >= CONFIG_SPLIT_PTLOCK_CPUS)

/*
 * One of these exists for every physical page frame.  It has to stay
 * small, so several fields share storage through unions; which member
 * is live depends on what the page is currently used for.
 */
struct page {
	unsigned long flags;		/* PG_* bits, see page-flags.h */
	atomic_t _count;		/* users of this frame */
	union {
		atomic_t _mapcount;	/* ptes mapping this frame, -1 based */
		struct {		/* SLUB: objects in use / total */
			u16 inuse;
			u16 objects;
		};
	};
	union {
		struct {
			unsigned long private;
			/*
			 * For anonymous pages the low bit is set and the
			 * rest is a struct anon_vma pointer; otherwise it
			 * is the owning address_space.
			 */
			struct address_space *mapping;
		};
#if USE_SPLIT_PTLOCKS
		spinlock_t ptl;
#endif
		struct kmem_cache *slab;
		struct page *first_page;
	};
	union {
		pgoff_t index;		/* offset within the mapping */
		void *freelist;
	};
	struct list_head lru;		/* LRU, free list or migrate list */
#if defined(WANT_PAGE_VIRTUAL)
	void *virtual;
#endif
};

/*
 * A contiguous run of virtual addresses with uniform protection.  The
 * anonymous-memory fields at the bottom tie this area into the reverse
 * map: every anon_vma it may share pages with is reachable through
 * anon_vma_chain.
 */
struct vm_area_struct {
	struct mm_struct *vm_mm;
	unsigned long vm_start;
	unsigned long vm_end;

	struct vm_area_struct *vm_next;

	pgprot_t vm_page_prot;
	unsigned long vm_flags;

	struct rb_node vm_rb;

	union {
		struct {
			struct list_head list;
			void *parent;
			struct vm_area_struct *head;
		} vm_set;
	} shared;

	struct list_head anon_vma_chain;	/* guarded by mmap_sem */
	struct anon_vma *anon_vma;		/* guarded by page_table_lock */

	const struct vm_operations_struct *vm_ops;

	unsigned long vm_pgoff;
	struct file *vm_file;
	void *vm_private_data;
	unsigned long vm_truncate_count;

#ifdef CONFIG_NUMA
	struct mempolicy *vm_policy;
#endif
};

struct core_state;

/* Bit-fields kept in one word; see mm_flags_to_string() in mm/memory.c */
struct mm_flag_bits {
	unsigned int dumpable:2;
	unsigned int has_ksm:1;
	unsigned int oom_victim:1;
	unsigned int :0;
	unsigned int reserved:4;
};

struct mm_struct {
	struct vm_area_struct *mmap;
	struct rb_root mm_rb;
	struct vm_area_struct *mmap_cache;
	unsigned long (*get_unmapped_area)(struct file *filp,
					   unsigned long addr,
					   unsigned long len,
					   unsigned long pgoff,
					   unsigned long flags);
	unsigned long mmap_base;
	unsigned long task_size;
	pgd_t *pgd;
	atomic_t mm_users;
	atomic_t mm_count;
	int map_count;
	struct rw_semaphore mmap_sem;
	spinlock_t page_table_lock;	/* page tables and some counters */

	struct list_head mmlist;

	unsigned long hiwater_rss;
	unsigned long total_vm, locked_vm, shared_vm;
	unsigned long start_code, end_code, start_data, end_data;
	unsigned long start_brk, brk, start_stack;

	union {
		unsigned long flags;
		struct mm_flag_bits bits;
	};

	struct core_state *core_state;
};

/* Sized so that a cache line holds exactly one of these on SMP. */
struct mm_rss_stat {
	long count[4];
} __cacheline_aligned_in_smp;

#define mm_cpumask(mm)	(&(mm)->cpu_vm_mask)

#endif /* _SAMPLE_LINUX_MM_TYPES_H */
