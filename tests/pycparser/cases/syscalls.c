// SPDX-License-Identifier: GPL-2.0
/*
 * System-call entry points: SYSCALL_DEFINEn with __user pointer arguments,
 * min_t with a type argument, arrays of structs and error returns.
 */
#include <linux/syscalls.h>
#include <linux/uaccess.h>
#include <linux/capability.h>

#define TAGS_MAX	32

struct tag_entry {
	u32 key;
	u32 value;
};

static struct tag_entry tag_table[TAGS_MAX];
static unsigned int tag_count;
static DEFINE_SPINLOCK(tag_lock);

static int tag_find(u32 key)
{
	unsigned int i;

	for (i = 0; i < tag_count; i++)
		if (tag_table[i].key == key)
			return (int)i;
	return -ENOENT;
}

SYSCALL_DEFINE3(tag_set, u32, key, u32, value, unsigned int, flags)
{
	int idx;

	if (flags & ~1U)
		return -EINVAL;
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	spin_lock(&tag_lock);
	idx = tag_find(key);
	if (idx < 0) {
		if (tag_count == TAGS_MAX) {
			spin_unlock(&tag_lock);
			return -ENOSPC;
		}
		idx = tag_count++;
		tag_table[idx].key = key;
	}
	tag_table[idx].value = flags ? tag_table[idx].value | value : value;
	spin_unlock(&tag_lock);
	return 0;
}

SYSCALL_DEFINE2(tag_dump, struct tag_entry __user *, ubuf, unsigned int, count)
{
	struct tag_entry snapshot[TAGS_MAX];
	unsigned int n;

	spin_lock(&tag_lock);
	n = min_t(unsigned int, count, tag_count);
	memcpy(snapshot, tag_table, n * sizeof(snapshot[0]));
	spin_unlock(&tag_lock);

	if (copy_to_user(ubuf, snapshot, sizeof(struct tag_entry) * n))
		return -EFAULT;
	return n;
}

SYSCALL_DEFINE0(tag_clear)
{
	spin_lock(&tag_lock);
	tag_count = 0;
	memset(tag_table, 0, sizeof(tag_table));
	spin_unlock(&tag_lock);
	return 0;
}
