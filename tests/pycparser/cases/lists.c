// SPDX-License-Identifier: GPL-2.0
/*
 * A registry kept on lists: static LIST_HEAD, iterator macros with and
 * without braces, the _safe variants, hlist buckets and container_of.
 */
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct client {
	struct list_head node;
	struct hlist_node hash;
	unsigned int id;
	int refs;
};

#define CLIENT_HASH_SIZE	16

static LIST_HEAD(client_list);
static struct hlist_head client_hash[CLIENT_HASH_SIZE];
static DEFINE_SPINLOCK(client_lock);

static struct client *client_lookup(unsigned int id)
{
	struct client *c;

	hlist_for_each_entry(c, &client_hash[id % CLIENT_HASH_SIZE], hash)
		if (c->id == id)
			return c;
	return NULL;
}

int client_count(void)
{
	struct client *c;
	int n = 0;

	spin_lock(&client_lock);
	list_for_each_entry(c, &client_list, node)
		n++;
	spin_unlock(&client_lock);
	return n;
}

void client_put_all(void)
{
	struct client *c, *tmp;

	spin_lock(&client_lock);
	list_for_each_entry_safe(c, tmp, &client_list, node) {
		if (--c->refs)
			continue;
		list_del(&c->node);
		hlist_del(&c->hash);
		kfree(c);
	}
	spin_unlock(&client_lock);
}

struct client *client_first(void)
{
	if (list_empty(&client_list))
		return NULL;
	return list_first_entry(&client_list, struct client, node);
}

struct client *client_from_node(struct list_head *pos)
{
	return container_of(pos, struct client, node);
}

unsigned int client_max_id(void)
{
	struct list_head *pos;
	unsigned int max_id = 0;

	list_for_each(pos, &client_list) {
		struct client *c = list_entry(pos, struct client, node);

		if (c->id > max_id)
			max_id = c->id;
	}
	return max_id;
}

int client_add(unsigned int id)
{
	struct client *c = client_lookup(id);

	if (c) {
		c->refs++;
		return 0;
	}
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	c->id = id;
	c->refs = 1;
	spin_lock(&client_lock);
	list_add_tail(&c->node, &client_list);
	hlist_add_head(&c->hash, &client_hash[id % CLIENT_HASH_SIZE]);
	spin_unlock(&client_lock);
	return 0;
}
