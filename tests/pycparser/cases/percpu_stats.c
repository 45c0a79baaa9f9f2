// SPDX-License-Identifier: GPL-2.0
/*
 * Per-cpu statistics: DEFINE_PER_CPU, variable attributes after the name,
 * __percpu and __rcu pointers, __aligned and __section, for_each_cpu loops.
 */
#include <linux/percpu.h>
#include <linux/cpumask.h>
#include <linux/rcupdate.h>
#include <linux/cache.h>

struct stat_counters {
	u64 hits;
	u64 misses;
	s32 depth;
} __aligned(64);

struct stat_config {
	unsigned int sample_rate;
	unsigned int flags;
	struct rcu_head rcu;
};

static DEFINE_PER_CPU(struct stat_counters, stat_pcpu);
static struct stat_counters __percpu *stat_extra;
static struct stat_config __rcu *stat_cfg;
static int stat_enabled __read_mostly;
static unsigned long stat_epoch __cacheline_aligned_in_smp;
static const char stat_banner[] __section(".rodata.stats") = "stats";
static u64 __maybe_unused stat_hist[8] __aligned(8);

void stat_hit(bool hit)
{
	if (!stat_enabled)
		return;
	if (hit)
		this_cpu_inc(stat_pcpu.hits);
	else
		this_cpu_inc(stat_pcpu.misses);
}

u64 stat_total_hits(void)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu(stat_pcpu, cpu).hits;
	return sum;
}

unsigned int stat_sample_rate(void)
{
	struct stat_config *cfg;
	unsigned int rate;

	rcu_read_lock();
	cfg = rcu_dereference(stat_cfg);
	rate = cfg ? cfg->sample_rate : 100;
	rcu_read_unlock();
	return rate;
}

int stat_init(void)
{
	int cpu;

	stat_extra = alloc_percpu(struct stat_counters);
	if (!stat_extra)
		return -ENOMEM;
	for_each_online_cpu(cpu) {
		struct stat_counters *c = per_cpu_ptr(stat_extra, cpu);

		c->hits = c->misses = 0;
		c->depth = -1;
	}
	stat_epoch++;
	stat_enabled = stat_banner[0] != '\0';
	return 0;
}
