// SPDX-License-Identifier: GPL-2.0
/*
 * mm/ksm.c - sample tree for refactor: a cut-down same-page merging
 * daemon.  It scans registered areas, finds pages with identical
 * contents and replaces them by one write-protected copy.
 *
 * Two red-black trees index page contents:
 *   - the stable tree holds pages already merged (KSM pages);
 *   - the unstable tree holds candidates seen during the current pass,
 *     and is thrown away at the end of every pass.
 *
 * Each rmap_item remembers one virtual address.  While an rmap_item is
 * in the stable tree it pins the anon_vma of its VMA through the
 * external_refcount, because the VMA may be unmapped long before the
 * scanner revisits the item.
 */

#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/fs.h>
#include <linux/mman.h>
#include <linux/sched.h>
#include <linux/rwsem.h>
#include <linux/pagemap.h>
#include <linux/rmap.h>
#include <linux/spinlock.h>
#include <linux/jhash.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/wait.h>
#include <linux/slab.h>
#include <linux/rbtree.h>
#include <linux/memory.h>
#include <linux/mmu_notifier.h>
#include <linux/swap.h>
#include <linux/ksm.h>
#include <linux/hash.h>
#include <linux/freezer.h>

#include <asm/tlbflush.h>
#include "internal.h"

/**
 * struct mm_slot - one registered mm
 * @link: entry in the mm_slots hash
 * @mm_list: entry on ksm_mm_head.mm_list
 * @rmap_list: first rmap_item of this mm, in address order
 * @mm: the mm itself
 */
struct mm_slot {
	struct hlist_node link;
	struct list_head mm_list;
	struct rmap_item *rmap_list;
	struct mm_struct *mm;
};

/**
 * struct ksm_scan - where the scanner stopped
 * @mm_slot: mm being scanned
 * @address: next address to look at
 * @rmap_list: where the next rmap_item goes
 * @seqnr: completed full passes, used to age the unstable tree
 */
struct ksm_scan {
	struct mm_slot *mm_slot;
	unsigned long address;
	struct rmap_item **rmap_list;
	unsigned long seqnr;
};

/**
 * struct stable_node - one merged page in the stable tree
 * @node: rb-tree linkage
 * @hlist: the rmap_items that map this page
 * @kpfn: page frame number of the merged page
 */
struct stable_node {
	struct rb_node node;
	struct hlist_head hlist;
	unsigned long kpfn;
};

/**
 * struct rmap_item - one scanned virtual address
 * @rmap_list: next item of the same mm
 * @anon_vma: pinned anon_vma while in the stable tree
 * @mm: the mm this address belongs to
 * @address: the address; low bits hold flags below
 * @oldchecksum: contents checksum at the previous visit
 * @node: unstable tree linkage
 * @head: stable_node while in the stable tree
 * @hlist: link on head->hlist
 */
struct rmap_item {
	struct rmap_item *rmap_list;
	struct anon_vma *anon_vma;	/* pinned, only if ITEM_STABLE */
	struct mm_struct *mm;
	unsigned long address;		/* page aligned; ITEM_* in low bits */
	unsigned int oldchecksum;	/* only if not ITEM_STABLE */
	union {
		struct rb_node node;	/* ITEM_UNSTABLE */
		struct {		/* ITEM_STABLE */
			struct stable_node *head;
			struct hlist_node hlist;
		};
	};
};

/* Flag bits kept below PAGE_SHIFT in rmap_item->address. */
#define ITEM_PASS_MASK	0x0ff	/* pass number, for ageing */
#define ITEM_UNSTABLE	0x100	/* linked into root_unstable_tree */
#define ITEM_STABLE	0x200	/* on some stable_node's hlist */

static struct rb_root root_stable_tree = RB_ROOT;
static struct rb_root root_unstable_tree = RB_ROOT;

/* Registered mms, hashed by mm pointer. */
#define KSM_MM_HASH_BITS	9
static struct hlist_head ksm_mm_hash[1 << KSM_MM_HASH_BITS];

static struct mm_slot ksm_mm_head = {
	.mm_list = LIST_HEAD_INIT(ksm_mm_head.mm_list),
};
static struct ksm_scan ksm_scan = {
	.mm_slot = &ksm_mm_head,
};

/* mm_slots of exited mms, freed by ksmd outside ksm_mmlist_lock. */
static LIST_HEAD(ksm_exited_slots);

static struct kmem_cache *rmap_item_cache;
static struct kmem_cache *stable_node_cache;
static struct kmem_cache *mm_slot_cache;

/* Counters exported through sysfs in the real thing. */
static unsigned long ksm_pages_shared;
static unsigned long ksm_pages_sharing;
static unsigned long ksm_rmap_items;

/* Tunables: read on every pass, written rarely. */
static unsigned int ksm_thread_pages_to_scan __read_mostly = 100;
static unsigned int ksm_thread_sleep_millisecs __read_mostly = 20;

#define KSM_RUN_STOP	0
#define KSM_RUN_MERGE	1
#define KSM_RUN_UNMERGE	2
static unsigned int ksm_run __read_mostly = KSM_RUN_STOP;

static DECLARE_WAIT_QUEUE_HEAD(ksm_thread_wait);
static DEFINE_MUTEX(ksm_thread_mutex);
static DEFINE_SPINLOCK(ksm_mmlist_lock);

static struct kmem_cache * __init ksm_cache(const char *name, size_t size,
					     size_t align)
{
	return kmem_cache_create(name, size, align, 0, NULL);
}

/* One slab per structure, named after it: "ksm_rmap_item" and so on. */
#define KSM_CACHE(type)						\
	ksm_cache("ksm_" #type, sizeof(struct type),		\
		  __alignof__(struct type))

static int __init ksm_caches_create(void)
{
	rmap_item_cache = KSM_CACHE(rmap_item);
	stable_node_cache = KSM_CACHE(stable_node);
	mm_slot_cache = KSM_CACHE(mm_slot);

	if (rmap_item_cache && stable_node_cache && mm_slot_cache)
		return 0;

	/* kmem_cache_destroy() is not NULL-safe here; check each one. */
	if (mm_slot_cache)
		kmem_cache_destroy(mm_slot_cache);
	if (stable_node_cache)
		kmem_cache_destroy(stable_node_cache);
	if (rmap_item_cache)
		kmem_cache_destroy(rmap_item_cache);
	return -ENOMEM;
}

static inline struct rmap_item *alloc_rmap_item(void)
{
	struct rmap_item *rmap_item;

	rmap_item = kmem_cache_zalloc(rmap_item_cache, GFP_KERNEL);
	if (rmap_item)
		ksm_rmap_items++;
	return rmap_item;
}

static inline void free_rmap_item(struct rmap_item *rmap_item)
{
	ksm_rmap_items--;
	rmap_item->mm = NULL;	/* catch use after free */
	kmem_cache_free(rmap_item_cache, rmap_item);
}

static inline struct stable_node *alloc_stable_node(void)
{
	return kmem_cache_alloc(stable_node_cache, GFP_KERNEL);
}

static inline void free_stable_node(struct stable_node *stable_node)
{
	kmem_cache_free(stable_node_cache, stable_node);
}

/*
 * Pin @anon_vma for as long as @rmap_item sits in the stable tree.  The
 * VMA that brought us here may be unmapped at any time after mmap_sem
 * is dropped; without the count the anon_vma would go with it.
 */
static void hold_anon_vma(struct rmap_item *rmap_item,
			  struct anon_vma *anon_vma)
{
	rmap_item->anon_vma = anon_vma;
	atomic_inc(&anon_vma->external_refcount);
}

/*
 * Counterpart of hold_anon_vma().  If ours was the last external
 * reference and no VMA is linked any more, nobody else will free the
 * anon_vma, so we must.
 */
static void drop_anon_vma(struct rmap_item *rmap_item)
{
	struct anon_vma *anon_vma = rmap_item->anon_vma;

	if (atomic_dec_and_lock(&anon_vma->external_refcount, &anon_vma->lock)) {
		int empty = list_empty(&anon_vma->head);
		spin_unlock(&anon_vma->lock);
		if (empty)
			anon_vma_free(anon_vma);
	}
}

static inline struct hlist_head *ksm_mm_bucket(struct mm_struct *mm)
{
	return &ksm_mm_hash[hash_ptr(mm, KSM_MM_HASH_BITS)];
}

/* Caller holds ksm_mmlist_lock. */
static struct mm_slot *get_mm_slot(struct mm_struct *mm)
{
	struct hlist_node *pos;
	struct mm_slot *slot;

	hlist_for_each_entry(slot, pos, ksm_mm_bucket(mm), link)
		if (slot->mm == mm)
			return slot;
	return NULL;
}

static void insert_to_mm_slots_hash(struct mm_struct *mm,
				    struct mm_slot *slot)
{
	slot->mm = mm;
	hlist_add_head(&slot->link, ksm_mm_bucket(mm));
}

static inline int in_stable_tree(struct rmap_item *rmap_item)
{
	return rmap_item->address & ITEM_STABLE;
}

/* An mm whose users are all gone is not worth scanning any more. */
static inline bool ksm_test_exit(struct mm_struct *mm)
{
	return atomic_read(&mm->mm_users) == 0;
}

/*
 * An item leaves its stable node: fix the counters (the node's last item
 * stands for the shared page itself) and unpin the anon_vma.
 */
static void stable_node_forget_item(struct rmap_item *rmap_item, bool last)
{
	if (last)
		ksm_pages_shared--;
	else
		ksm_pages_sharing--;
	drop_anon_vma(rmap_item);
	rmap_item->address &= PAGE_MASK;
}

static void remove_node_from_stable_tree(struct stable_node *stable_node)
{
	struct rmap_item *rmap_item;
	struct hlist_node *hlist;

	hlist_for_each_entry(rmap_item, hlist, &stable_node->hlist, hlist) {
		stable_node_forget_item(rmap_item, !rmap_item->hlist.next);
		cond_resched();
	}

	rb_erase(&stable_node->node, &root_stable_tree);
	free_stable_node(stable_node);
}

/*
 * Take the rmap_item out of whichever tree it is in.  A stable item also
 * gives back its anon_vma pin here.
 */
static void remove_rmap_item_from_tree(struct rmap_item *rmap_item)
{
	if (rmap_item->address & ITEM_STABLE) {
		struct stable_node *stable_node = rmap_item->head;

		hlist_del(&rmap_item->hlist);
		stable_node_forget_item(rmap_item, !stable_node->hlist.first);
	} else if (rmap_item->address & ITEM_UNSTABLE) {
		unsigned long pass = rmap_item->address & ITEM_PASS_MASK;

		/*
		 * The unstable tree is rebuilt from scratch every pass, so an
		 * item tagged with an older pass is no longer linked in it.
		 */
		if (pass == (ksm_scan.seqnr & ITEM_PASS_MASK))
			rb_erase(&rmap_item->node, &root_unstable_tree);

		rmap_item->address &= PAGE_MASK;
	}

	/* Callers loop over whole mms; give others a chance. */
	cond_resched();
}

static void remove_trailing_rmap_items(struct mm_slot *mm_slot,
				       struct rmap_item **rmap_list)
{
	while (*rmap_list) {
		struct rmap_item *rmap_item = *rmap_list;

		*rmap_list = rmap_item->rmap_list;
		remove_rmap_item_from_tree(rmap_item);
		free_rmap_item(rmap_item);
	}
}

/* memcmp() of two whole pages; either may be in highmem. */
static int memcmp_pages(struct page *a, struct page *b)
{
	void *va = kmap_atomic(a, KM_USER0);
	void *vb = kmap_atomic(b, KM_USER1);
	int diff = memcmp(va, vb, PAGE_SIZE);

	kunmap_atomic(vb, KM_USER1);
	kunmap_atomic(va, KM_USER0);
	return diff;
}

/* Return the KSM page of @stable_node with a reference, or NULL if gone. */
static struct page *get_ksm_page(struct stable_node *stable_node)
{
	struct page *page;
	void *expected = (void *)((unsigned long)stable_node |
				  PAGE_MAPPING_KSM_TAG);
	bool alive;

	page = pfn_to_page(stable_node->kpfn);

	/*
	 * The frame may be freed and reused at any moment.  Check the tag,
	 * pin the page, and check again: only then is it really ours.
	 */
	rcu_read_lock();
	alive = page->mapping == expected && get_page_unless_zero(page);
	if (alive && unlikely(page->mapping != expected)) {
		put_page(page);
		alive = false;
	}
	rcu_read_unlock();

	if (likely(alive))
		return page;
	remove_node_from_stable_tree(stable_node);
	return NULL;
}

/*
 * Look for a KSM page with the same contents as @page.  Returns it with
 * a reference held, or NULL.
 */
static struct page *stable_tree_search(struct page *page)
{
	struct rb_node *node;

	if (page_stable_node(page)) {	/* already merged, e.g. by fork */
		get_page(page);
		return page;
	}

	for (node = root_stable_tree.rb_node; node; ) {
		struct stable_node *stable_node;
		struct page *tree_page;
		int ret;

		cond_resched();
		stable_node = rb_entry(node, struct stable_node, node);
		tree_page = get_ksm_page(stable_node);
		if (!tree_page)
			return NULL;	/* tree changed under us; retry later */

		ret = memcmp_pages(page, tree_page);
		if (ret == 0)
			return tree_page;
		put_page(tree_page);
		node = ret < 0 ? node->rb_left : node->rb_right;
	}
	return NULL;
}

/* Add @kpage to the stable tree; returns its new node or NULL. */
static struct stable_node *stable_tree_insert(struct page *kpage)
{
	struct rb_node **new = &root_stable_tree.rb_node;
	struct rb_node *parent = NULL;
	struct stable_node *stable_node;

	while (*new) {
		struct page *tree_page;
		int ret;

		cond_resched();
		stable_node = rb_entry(*new, struct stable_node, node);
		tree_page = get_ksm_page(stable_node);
		if (!tree_page)
			return NULL;

		ret = memcmp_pages(kpage, tree_page);
		put_page(tree_page);

		parent = *new;
		if (ret < 0)
			new = &parent->rb_left;
		else if (ret > 0)
			new = &parent->rb_right;
		else {
			/* Another KSM page with the same contents: race. */
			return NULL;
		}
	}

	stable_node = alloc_stable_node();
	if (!stable_node)
		return NULL;

	rb_link_node(&stable_node->node, parent, new);
	rb_insert_color(&stable_node->node, &root_stable_tree);

	INIT_HLIST_HEAD(&stable_node->hlist);

	stable_node->kpfn = page_to_pfn(kpage);
	set_page_stable_node(kpage, stable_node);

	return stable_node;
}

/*
 * Record that @rmap_item now maps the KSM page of @stable_node, and pin
 * the anon_vma of the VMA it came from.
 */
static void stable_tree_append(struct rmap_item *rmap_item,
			       struct stable_node *stable_node,
			       struct vm_area_struct *vma)
{
	rmap_item->head = stable_node;
	rmap_item->address |= ITEM_STABLE;
	hlist_add_head(&rmap_item->hlist, &stable_node->hlist);

	hold_anon_vma(rmap_item, vma->anon_vma);

	if (rmap_item->hlist.next)
		ksm_pages_sharing++;
	else
		ksm_pages_shared++;
}

static int __maybe_unused ksm_count_mm_slots(void)
{
	struct mm_slot *slot;
	int nr = 0;

	spin_lock(&ksm_mmlist_lock);
	list_for_each_entry(slot, &ksm_mm_head.mm_list, mm_list)
		nr++;
	spin_unlock(&ksm_mmlist_lock);
	return nr;
}

/*
 * Try to merge @page, mapped at @rmap_item in @vma, with an identical
 * KSM page.  The pte swap itself (write-protect, compare again, point
 * the pte at the KSM page) is done by replace_page(), not shown here.
 */
static void cmp_and_merge_page(struct page *page, struct rmap_item *rmap_item,
			       struct vm_area_struct *vma)
{
	unsigned long addr = rmap_item->address & PAGE_MASK;
	struct stable_node *stable_node;
	struct page *kpage;

	if (in_stable_tree(rmap_item))
		remove_rmap_item_from_tree(rmap_item);

	kpage = stable_tree_search(page);
	if (kpage) {
		if (kpage != page && !replace_page(vma, page, kpage, addr))
			stable_tree_append(rmap_item, page_stable_node(kpage),
					   vma);
		put_page(kpage);
		return;
	}

	/* First of its kind: promote it so that later pages can join. */
	lock_page(page);
	stable_node = stable_tree_insert(page);
	if (stable_node)
		stable_tree_append(rmap_item, stable_node, vma);
	unlock_page(page);
}

/* Look at the page behind one rmap_item. */
static void ksm_scan_one(struct mm_slot *slot, struct rmap_item *rmap_item)
{
	struct mm_struct *mm = slot->mm;
	unsigned long addr = rmap_item->address & PAGE_MASK;
	struct vm_area_struct *vma;
	struct page *page;

	down_read(&mm->mmap_sem);
	vma = find_vma(mm, addr);
	if (!vma || addr < vma->vm_start || !vma->anon_vma)
		goto out;

	page = follow_page(vma, addr, FOLL_GET);
	if (IS_ERR_OR_NULL(page))
		goto out;
	if (PageAnon(page))
		cmp_and_merge_page(page, rmap_item, vma);
	put_page(page);
out:
	up_read(&mm->mmap_sem);
}

/* Current mm of the scan; wrapping around starts a new pass. */
static struct mm_slot *ksm_scan_cursor(void)
{
	struct mm_slot *slot;

	spin_lock(&ksm_mmlist_lock);
	slot = ksm_scan.mm_slot;
	if (slot == &ksm_mm_head) {
		root_unstable_tree = RB_ROOT;
		ksm_scan.seqnr++;
		slot = list_entry(slot->mm_list.next, struct mm_slot, mm_list);
		ksm_scan.mm_slot = slot;
		ksm_scan.address = 0;
		ksm_scan.rmap_list = &slot->rmap_list;
	}
	spin_unlock(&ksm_mmlist_lock);

	return slot == &ksm_mm_head ? NULL : slot;
}

static void ksm_advance_slot(void)
{
	struct mm_slot *slot;

	spin_lock(&ksm_mmlist_lock);
	slot = list_entry(ksm_scan.mm_slot->mm_list.next,
			  struct mm_slot, mm_list);
	ksm_scan.mm_slot = slot;
	ksm_scan.address = 0;
	ksm_scan.rmap_list = &slot->rmap_list;
	spin_unlock(&ksm_mmlist_lock);
}

/* First mergeable address at or above @addr in @mm, or 0 if none. */
static unsigned long ksm_next_address(struct mm_struct *mm,
				      unsigned long addr)
{
	struct vm_area_struct *vma;
	unsigned long found = 0;

	down_read(&mm->mmap_sem);
	for (vma = find_vma(mm, addr); vma; vma = vma->vm_next) {
		if (!(vma->vm_flags & VM_MERGEABLE) || !vma->anon_vma)
			continue;
		found = max(addr, vma->vm_start);
		break;
	}
	up_read(&mm->mmap_sem);
	return found;
}

/*
 * Find or make the rmap_item for @addr.  Items are kept in address
 * order on the mm's list, so anything before @addr that we meet here
 * belongs to an area that has gone away and is dropped.
 */
static struct rmap_item *get_next_rmap_item(struct mm_slot *slot,
					    struct rmap_item **link,
					    unsigned long addr)
{
	struct rmap_item *rmap_item;

	while ((rmap_item = *link) != NULL) {
		if ((rmap_item->address & PAGE_MASK) == addr)
			return rmap_item;
		if (rmap_item->address > addr)
			break;
		*link = rmap_item->rmap_list;
		remove_rmap_item_from_tree(rmap_item);
		free_rmap_item(rmap_item);
	}

	rmap_item = alloc_rmap_item();
	if (rmap_item) {
		rmap_item->mm = slot->mm;
		rmap_item->address = addr;
		rmap_item->rmap_list = *link;
		*link = rmap_item;
	}
	return rmap_item;
}

static void ksm_do_scan(unsigned int scan_npages)
{
	while (scan_npages-- && likely(!freezing(current))) {
		struct mm_slot *slot = ksm_scan_cursor();
		struct rmap_item *rmap_item;
		unsigned long addr;

		if (!slot)
			return;		/* nothing registered */
		cond_resched();

		addr = ksm_next_address(slot->mm, ksm_scan.address);
		if (!addr || ksm_test_exit(slot->mm)) {
			/* Done with this mm: drop stale items, move on. */
			remove_trailing_rmap_items(slot, ksm_scan.rmap_list);
			ksm_advance_slot();
			continue;
		}

		rmap_item = get_next_rmap_item(slot, ksm_scan.rmap_list, addr);
		if (!rmap_item)
			return;		/* out of memory: retry next time */

		ksm_scan_one(slot, rmap_item);
		ksm_scan.rmap_list = &rmap_item->rmap_list;
		ksm_scan.address = addr + PAGE_SIZE;
	}
}

static int ksmd_should_run(void)
{
	return (ksm_run & KSM_RUN_MERGE) && !list_empty(&ksm_mm_head.mm_list);
}

/* Sleep between batches, or until there is work if there is none. */
static void ksmd_idle(void)
{
	long timeout = msecs_to_jiffies(ksm_thread_sleep_millisecs);

	if (!ksmd_should_run()) {
		wait_event_freezable(ksm_thread_wait,
			ksmd_should_run() || kthread_should_stop());
		return;
	}
	while (timeout && !kthread_should_stop())
		timeout = schedule_timeout_interruptible(timeout);
}

static void ksm_reap_exited(void);

static int ksm_scan_thread(void *unused)
{
	unsigned long batches = 0;

	set_user_nice(current, 5);
	set_freezable();

	while (!kthread_should_stop()) {
		int ran = 0;

		mutex_lock(&ksm_thread_mutex);
		if (ksmd_should_run()) {
			ksm_do_scan(ksm_thread_pages_to_scan);
			ran = 1;
		}
		mutex_unlock(&ksm_thread_mutex);

		batches += ran;
		ksm_reap_exited();
		try_to_freeze();
		ksmd_idle();
	}
	pr_debug("ksmd: stopping after %lu batches\n", batches);
	return 0;
}

/*
 * rmap_walk() for KSM pages: every rmap_item hanging off the stable node
 * has a pinned anon_vma, so we can walk each one's VMAs.
 */
int rmap_walk_ksm(struct page *page, rmap_one_fn rmap_one, void *arg)
{
	struct stable_node *stable_node;
	struct hlist_node *hlist;
	struct rmap_item *rmap_item;
	int ret = RMAP_RETRY;

	VM_BUG_ON(!PageKsm(page));
	VM_BUG_ON(!PageLocked(page));

	stable_node = page_stable_node(page);
	if (!stable_node)
		return ret;

	hlist_for_each_entry(rmap_item, hlist, &stable_node->hlist, hlist) {
		struct anon_vma *anon_vma = rmap_item->anon_vma;
		struct anon_vma_chain *avc;

		spin_lock(&anon_vma->lock);
		list_for_each_entry(avc, &anon_vma->head, same_anon_vma) {
			struct vm_area_struct *vma = avc->vma;

			if (rmap_item->address < vma->vm_start ||
			    rmap_item->address >= vma->vm_end)
				continue;
			ret = rmap_one(page, vma, rmap_item->address, arg);
			if (ret != RMAP_RETRY) {
				spin_unlock(&anon_vma->lock);
				goto out;
			}
		}
		spin_unlock(&anon_vma->lock);
	}
out:
	return ret;
}

/**
 * __ksm_enter - start scanning an mm
 * @mm: the mm that just had an area marked MADV_MERGEABLE
 */
int __ksm_enter(struct mm_struct *mm)
{
	struct mm_slot *slot = kmem_cache_zalloc(mm_slot_cache, GFP_KERNEL);
	bool was_idle;

	if (unlikely(!slot))
		return -ENOMEM;

	spin_lock(&ksm_mmlist_lock);
	if (get_mm_slot(mm)) {
		spin_unlock(&ksm_mmlist_lock);
		kmem_cache_free(mm_slot_cache, slot);
		return 0;		/* already registered */
	}
	was_idle = list_empty(&ksm_mm_head.mm_list);
	insert_to_mm_slots_hash(mm, slot);
	/* Behind the cursor: the pass in progress will not see it. */
	list_add_tail(&slot->mm_list, &ksm_scan.mm_slot->mm_list);
	spin_unlock(&ksm_mmlist_lock);

	set_bit(MMF_VM_MERGEABLE, &mm->flags);
	atomic_inc(&mm->mm_count);
	if (was_idle)
		wake_up_interruptible(&ksm_thread_wait);
	return 0;
}

/**
 * __ksm_exit - an mm registered with KSM is being torn down
 * @mm: the dying mm
 *
 * An mm with no rmap_items can be handed to ksmd for freeing at once.
 * Otherwise ksmd will notice ksm_test_exit() on its next visit and
 * drop the items, and with them their anon_vma references, itself.
 */
void __ksm_exit(struct mm_struct *mm)
{
	struct mm_slot *slot;

	spin_lock(&ksm_mmlist_lock);
	slot = get_mm_slot(mm);
	if (slot && slot != ksm_scan.mm_slot && !slot->rmap_list) {
		hlist_del(&slot->link);
		list_move_tail(&slot->mm_list, &ksm_exited_slots);
	}
	spin_unlock(&ksm_mmlist_lock);
}

static void ksm_reap_exited(void)
{
	struct mm_slot *slot, *tmp;
	LIST_HEAD(reap);

	spin_lock(&ksm_mmlist_lock);
	list_splice_init(&ksm_exited_slots, &reap);
	spin_unlock(&ksm_mmlist_lock);

	list_for_each_entry_safe(slot, tmp, &reap, mm_list) {
		clear_bit(MMF_VM_MERGEABLE, &slot->mm->flags);
		mmdrop(slot->mm);
		kmem_cache_free(mm_slot_cache, slot);
	}
}

/* "ksm_pages=N" on the command line overrides pages_to_scan. */
static int __init setup_ksm_pages(char *str)
{
	unsigned long n;

	if (strict_strtoul(str, 0, &n) || !n || n > UINT_MAX)
		return 0;
	ksm_thread_pages_to_scan = n;
	return 1;
}
__setup("ksm_pages=", setup_ksm_pages);

static int __init ksm_init(void)
{
	struct task_struct *ksm_thread;
	int err;

	err = ksm_caches_create();
	if (err)
		goto out;

	ksm_thread = kthread_run(ksm_scan_thread, NULL, "ksmd");
	if (IS_ERR(ksm_thread)) {
		printk(KERN_ERR "ksm: could not start ksmd (%ld)\n",
		       PTR_ERR(ksm_thread));
		err = PTR_ERR(ksm_thread);
		goto out_free;
	}

	printk(KERN_INFO "ksm: scanning %u pages every %u ms\n",
	       ksm_thread_pages_to_scan, ksm_thread_sleep_millisecs);
	return 0;

out_free:
	kmem_cache_destroy(mm_slot_cache);
	kmem_cache_destroy(stable_node_cache);
	kmem_cache_destroy(rmap_item_cache);
out:
	return err;
}
module_init(ksm_init);
