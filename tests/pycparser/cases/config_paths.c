// SPDX-License-Identifier: GPL-2.0
/*
 * Configuration-dependent code: #ifdef/#else inside function bodies and
 * around whole functions. Each branch is valid C on its own.
 */
#include <linux/mm.h>
#include <linux/numa.h>

struct zone_info {
	unsigned long free;
	unsigned long managed;
#ifdef CONFIG_NUMA
	int node;
#endif
	unsigned long flags;
};

#ifdef CONFIG_NUMA
static int zone_to_nid(const struct zone_info *z)
{
	return z->node;
}
#else
static inline int zone_to_nid(const struct zone_info *z)
{
	return 0;
}
#endif

#ifdef CONFIG_MMU
unsigned long zone_free_pages(const struct zone_info *z)
{
	return z->free;
}
#else
unsigned long zone_free_pages(const struct zone_info *z)
{
	return z->managed;
}
#endif /* CONFIG_MMU */

int zone_describe(const struct zone_info *z, char *buf, size_t len)
{
	int nid = zone_to_nid(z);
	unsigned long pages;

#ifdef CONFIG_KSM
	pages = z->managed - z->free / 2;
#else
	pages = z->managed - z->free;
#endif
	if (nid < 0)
		return -EINVAL;
#if defined(CONFIG_NUMA) && defined(CONFIG_MIGRATION)
	if (z->flags & 1UL)
		pages += z->free;
#elif defined(CONFIG_NUMA)
	pages -= z->free >> 1;
#else
	pages++;
#endif
	return snprintf(buf, len, "node %d: %lu pages", nid, pages);
}

static void zone_reset(struct zone_info *z)
{
	z->free = 0;
	z->managed = 0;
#ifndef CONFIG_NUMA
	z->flags = 0;
#else
	z->node = -1;
	z->flags = 1;
#endif
}

#ifndef CONFIG_MIGRATION
static inline int zone_migrate(struct zone_info *from, struct zone_info *to)
{
	return -ENOSYS;
}
#else
static int zone_migrate(struct zone_info *from, struct zone_info *to)
{
	to->free += from->free;
	zone_reset(from);
	return 0;
}
#endif

int zone_balance(struct zone_info *zones, int nr)
{
	int i, moved = 0;

	for (i = 1; i < nr; i++) {
		if (zones[i].free > zones[0].free)
			continue;
		if (!zone_migrate(&zones[i], &zones[0]))
			moved++;
	}
	return moved;
}
