/*
 * stub/types.h - the typedef names kernel code uses without declaring them.
 *
 * pycparser must know which identifiers are types; the layouts are made up.
 */
#ifndef _STUB_TYPES_H
#define _STUB_TYPES_H

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed char s8;
typedef short s16;
typedef int s32;
typedef long long s64;
typedef u8 __u8;
typedef u16 __u16;
typedef u32 __u32;
typedef u64 __u64;
typedef s8 __s8;
typedef s16 __s16;
typedef s32 __s32;
typedef s64 __s64;
typedef u16 __le16;
typedef u32 __le32;
typedef u64 __le64;
typedef u16 __be16;
typedef u32 __be32;
typedef u64 __be64;

typedef _Bool bool;
typedef unsigned long size_t;
typedef long ssize_t;
typedef long ptrdiff_t;
typedef unsigned long uintptr_t;
typedef long long loff_t;
typedef unsigned int gfp_t;
typedef unsigned int fmode_t;
typedef unsigned short umode_t;
typedef u32 dev_t;
typedef int pid_t;
typedef unsigned long pgoff_t;
typedef u64 sector_t;
typedef u64 phys_addr_t;
typedef u64 dma_addr_t;
typedef u64 resource_size_t;
typedef s64 ktime_t;
typedef s64 time64_t;
typedef unsigned int vm_fault_t;
typedef int irqreturn_t;
typedef unsigned int __poll_t;
typedef char *va_list;
typedef u8 uint8_t;
typedef u16 uint16_t;
typedef u32 uint32_t;
typedef u64 uint64_t;
typedef s8 int8_t;
typedef s16 int16_t;
typedef s32 int32_t;
typedef s64 int64_t;
typedef long off_t;
typedef long time_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef struct { uid_t val; } kuid_t;
typedef struct { gid_t val; } kgid_t;
typedef unsigned long vm_flags_t;
typedef unsigned int isolate_mode_t;
typedef int blk_status_t;

typedef struct { unsigned long pte; } pte_t;
typedef struct { unsigned long pmd; } pmd_t;
typedef struct { unsigned long pud; } pud_t;
typedef struct { unsigned long pgd; } pgd_t;
typedef struct { unsigned long pgprot; } pgprot_t;
typedef struct { unsigned long val; } swp_entry_t;
typedef struct { unsigned long bits[1]; } nodemask_t;
typedef struct { unsigned long bits[1]; } cpumask_t;

typedef struct { int counter; } atomic_t;
typedef struct { long counter; } atomic_long_t;
typedef struct { s64 counter; } atomic64_t;
typedef struct { unsigned int slock; } spinlock_t;
typedef struct { unsigned int lock; } rwlock_t;
typedef struct { unsigned int sequence; } seqcount_t;

struct list_head {
	struct list_head *next, *prev;
};

struct hlist_head {
	struct hlist_node *first;
};

struct hlist_node {
	struct hlist_node *next, **pprev;
};

struct rb_node {
	unsigned long rb_parent_color;
	struct rb_node *rb_right, *rb_left;
};

struct rb_root {
	struct rb_node *rb_node;
};

struct mutex {
	atomic_t count;
	spinlock_t wait_lock;
	struct list_head wait_list;
};

struct rw_semaphore {
	long count;
	struct list_head wait_list;
};

struct kref {
	atomic_t refcount;
};

struct rcu_head {
	struct rcu_head *next;
	void (*func)(struct rcu_head *head);
};

typedef struct wait_queue_head {
	spinlock_t lock;
	struct list_head head;
} wait_queue_head_t;

typedef struct wait_queue_entry {
	unsigned int flags;
	struct list_head entry;
} wait_queue_entry_t;

typedef struct poll_table_struct {
	unsigned int key;
} poll_table;

struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);
typedef irqreturn_t (*irq_handler_t)(int irq, void *dev);

struct va_format {
	const char *fmt;
	va_list *va;
};

/* Mirrors of typedefs in sample-tree/include, which is not included. */
struct page;
struct vm_area_struct;
typedef struct page *new_page_t(struct page *page, unsigned long private,
				int **result);
typedef int (*rmap_one_fn)(struct page *page, struct vm_area_struct *vma,
			   unsigned long address, void *arg);

#endif /* _STUB_TYPES_H */
