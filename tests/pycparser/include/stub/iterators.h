/*
 * stub/iterators.h - loop-head macros, each turned into a plain `for` head.
 *
 * The loop body (a statement or a braced block) follows in the file, as it
 * does after the kernel's own definitions. Arities vary across kernel
 * versions (hlist_for_each_entry took 4 arguments, now 3), hence `...`.
 */
#ifndef _STUB_ITERATORS_H
#define _STUB_ITERATORS_H

#define __stub_for(pos)			for (pos = 0; pos; pos = 0)

#define list_for_each(pos, ...)				__stub_for(pos)
#define list_for_each_safe(pos, ...)			__stub_for(pos)
#define list_for_each_entry(pos, ...)			__stub_for(pos)
#define list_for_each_entry_reverse(pos, ...)		__stub_for(pos)
#define list_for_each_entry_continue(pos, ...)		__stub_for(pos)
#define list_for_each_entry_from(pos, ...)		__stub_for(pos)
#define list_for_each_entry_safe(pos, ...)		__stub_for(pos)
#define list_for_each_entry_safe_reverse(pos, ...)	__stub_for(pos)
#define list_for_each_entry_rcu(pos, ...)		__stub_for(pos)
#define hlist_for_each(pos, ...)			__stub_for(pos)
#define hlist_for_each_safe(pos, ...)			__stub_for(pos)
#define hlist_for_each_entry(pos, ...)			__stub_for(pos)
#define hlist_for_each_entry_safe(pos, ...)		__stub_for(pos)
#define hlist_for_each_entry_rcu(pos, ...)		__stub_for(pos)
#define hash_for_each_possible(table, pos, ...)		__stub_for(pos)
#define for_each_possible_cpu(cpu)			__stub_for(cpu)
#define for_each_online_cpu(cpu)			__stub_for(cpu)
#define for_each_online_node(node)			__stub_for(node)
#define for_each_node_mask(node, mask)			__stub_for(node)
#define for_each_set_bit(bit, addr, size)		__stub_for(bit)
#define rbtree_postorder_for_each_entry_safe(pos, ...)	__stub_for(pos)

#endif /* _STUB_ITERATORS_H */
