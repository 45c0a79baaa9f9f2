/* SPDX-License-Identifier: GPL-2.0 */
/*
 * include/linux/list.h - sample tree for refactor: a small doubly linked
 * list toolkit in the style of the kernel one, trimmed to what the rest of
 * this tree uses.
 */
#ifndef _SAMPLE_LINUX_LIST_H
#define _SAMPLE_LINUX_LIST_H

#include <linux/stddef.h>
#include <linux/poison.h>

/*
 * Each list node points both ways.  An empty list is a node whose two
 * pointers lead back to itself, so no special case is needed for the
 * first or last element.
 */
struct list_head {
	struct list_head *next, *prev;
};

struct hlist_head {
	struct hlist_node *first;
};

struct hlist_node {
	struct hlist_node *next, **pprev;
};

#define LIST_HEAD_INIT(name) { &(name), &(name) }

#define LIST_HEAD(name) \
	struct list_head name = LIST_HEAD_INIT(name)

static inline void INIT_LIST_HEAD(struct list_head *list)
{
	list->next = list;
	list->prev = list;
}

/* Splice @entry in between two nodes already known to be adjacent. */
static __always_inline void __list_add(struct list_head *entry,
				       struct list_head *prev,
				       struct list_head *next)
{
	next->prev = entry;
	entry->next = next;
	entry->prev = prev;
	prev->next = entry;
}

/**
 * list_add - push an entry right after the head
 * @entry: node to insert
 * @head: list to push onto
 *
 * Handy for stacks: the newest entry is always head->next.
 */
static inline void list_add(struct list_head *entry, struct list_head *head)
{
	__list_add(entry, head, head->next);
}

/**
 * list_add_tail - append an entry just before the head
 * @entry: node to insert
 * @head: list to append to
 */
static inline void list_add_tail(struct list_head *entry,
				 struct list_head *head)
{
	__list_add(entry, head->prev, head);
}

static inline void __list_del(struct list_head *prev, struct list_head *next)
{
	next->prev = prev;
	prev->next = next;
}

/*
 * Unhook @entry.  The node is left pointing at poison values so that a
 * use after removal faults loudly instead of corrupting a neighbour.
 */
static inline void list_del(struct list_head *entry)
{
	__list_del(entry->prev, entry->next);
	entry->next = LIST_POISON1;
	entry->prev = LIST_POISON2;
}

static inline void list_del_init(struct list_head *entry)
{
	__list_del(entry->prev, entry->next);
	INIT_LIST_HEAD(entry);
}

static inline void list_move_tail(struct list_head *entry,
				  struct list_head *head)
{
	__list_del(entry->prev, entry->next);
	list_add_tail(entry, head);
}

/**
 * list_empty - does the list hold no entries?
 * @head: the list to look at
 */
static inline int list_empty(const struct list_head *head)
{
	return head->next == head;
}

static inline int list_is_singular(const struct list_head *head)
{
	return !list_empty(head) && (head->next == head->prev);
}

static inline void list_splice_init(struct list_head *list,
				    struct list_head *head)
{
	if (!list_empty(list)) {
		struct list_head *first = list->next;
		struct list_head *last = list->prev;

		first->prev = head;
		last->next = head->next;
		head->next->prev = last;
		head->next = first;
		INIT_LIST_HEAD(list);
	}
}

/**
 * list_entry - map a list node back to the structure embedding it
 * @ptr: the &struct list_head pointer
 * @type: type of the embedding structure
 * @member: name of the list_head inside @type
 */
#define list_entry(ptr, type, member) \
	container_of(ptr, type, member)

#define list_first_entry(ptr, type, member) \
	list_entry((ptr)->next, type, member)

/* Neighbours of a typed entry; only meaningful while it is linked. */
#define list_next_entry(pos, member) \
	list_entry((pos)->member.next, typeof(*(pos)), member)
#define list_prev_entry(pos, member) \
	list_entry((pos)->member.prev, typeof(*(pos)), member)

#define list_for_each(pos, head) \
	for (pos = (head)->next; pos != (head); pos = pos->next)

/**
 * list_for_each_entry - walk a list of typed entries
 * @pos: cursor, a pointer to the embedding type
 * @head: the list to walk
 * @member: name of the list_head inside the embedding type
 */
#define list_for_each_entry(pos, head, member)			\
	for (pos = list_first_entry(head, typeof(*pos), member);	\
	     &pos->member != (head);				\
	     pos = list_next_entry(pos, member))

#define list_for_each_entry_reverse(pos, head, member)		\
	for (pos = list_entry((head)->prev, typeof(*pos), member);	\
	     &pos->member != (head);				\
	     pos = list_prev_entry(pos, member))

/*
 * The _safe flavour reads the successor into @n before the body runs,
 * so the body may unlink and even free @pos.
 */
#define list_for_each_entry_safe(pos, n, head, member)		\
	for (pos = list_first_entry(head, typeof(*pos), member),	\
	     n = list_next_entry(pos, member);			\
	     &pos->member != (head);				\
	     pos = n, n = list_next_entry(n, member))

#define INIT_HLIST_HEAD(ptr) ((ptr)->first = NULL)

static inline int hlist_unhashed(const struct hlist_node *h)
{
	return !h->pprev;
}

static inline void hlist_add_head(struct hlist_node *n, struct hlist_head *h)
{
	struct hlist_node *first = h->first;

	n->next = first;
	if (first)
		first->pprev = &n->next;
	h->first = n;
	n->pprev = &h->first;
}

static inline void hlist_del(struct hlist_node *n)
{
	struct hlist_node *next = n->next;
	struct hlist_node **pprev = n->pprev;

	*pprev = next;
	if (next)
		next->pprev = pprev;
	n->next = LIST_POISON1;
	n->pprev = LIST_POISON2;
}

#define hlist_entry(ptr, type, member) container_of(ptr, type, member)

/*
 * Old-style four-argument form: @pos is the raw node, @tpos the typed
 * entry.  The statement expression lets the condition assign @tpos.
 */
#define hlist_for_each_entry(tpos, pos, head, member)		\
	for (pos = (head)->first;				\
	     pos != NULL &&					\
	     ({ tpos = hlist_entry(pos, typeof(*tpos), member); 1; }); \
	     pos = pos->next)

#endif /* _SAMPLE_LINUX_LIST_H */
