// SPDX-License-Identifier: GPL-2.0
/*
 * kernel/pool.c - sample tree for refactor: a tiny chunk allocator with
 * per-cpu statistics, an RCU-published "current pool" and a syscall to
 * poke at it.
 *
 * Each pool keeps its chunks on ->head and is freed when that list is
 * empty and the pool has been retired.  Nothing here is an anon_vma,
 * even where a variable is called one.
 */

#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/slab.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>
#include <linux/list.h>

#define POOL_CMD_ALLOC		1
#define POOL_CMD_FREE		2
#define POOL_CMD_STATS		3
#define POOL_CMD_RETIRE		4

#define POOL_NR_CLASSES		8

/* Round @x up to the chunk alignment, evaluating it once. */
#define pool_align(x) ({					\
	typeof(x) __x = (x);					\
	(__x + sizeof(long) - 1) & ~(typeof(__x))(sizeof(long) - 1); })

struct pool_chunk {
	struct list_head head;		/* on pool->head */
	u32 size;
	u32 magic;
	char data[0];
} __aligned(8);

struct pool {
	spinlock_t lock;
	struct list_head head;		/* pool_chunk.head */
	struct rcu_head rcu;
	unsigned int retired:1;
	unsigned int nr_chunks:31;
	unsigned long bytes;
};

struct pool_stats {
	unsigned long allocs;
	unsigned long frees;
	unsigned long failures;
};

/* Chunk size classes: the first four share one weight. */
static const unsigned char pool_class_weight[POOL_NR_CLASSES] = {
	[0 ... 3] = 1,
	[4] = 2,
	[5 ... POOL_NR_CLASSES - 1] = 4,
};

static DEFINE_PER_CPU(struct pool_stats, pool_stats);
static struct pool_stats __percpu *pool_stats_ptr;
static struct pool __rcu *current_pool;
static DEFINE_SPINLOCK(pool_publish_lock);

/* Touched on every allocation by every CPU; keep it on its own line. */
static atomic_long_t pool_total_bytes __cacheline_aligned_in_smp;

static struct pool *pool_new(void)
{
	struct pool *p = kzalloc(sizeof(*p), GFP_KERNEL);

	if (p) {
		spin_lock_init(&p->lock);
		INIT_LIST_HEAD(&p->head);
	}
	return p;
}

static void pool_free_rcu(struct rcu_head *rcu)
{
	kfree(container_of(rcu, struct pool, rcu));
}

/*
 * Allocate @size bytes from @p.  Returns the payload or NULL; the caller
 * must check, hence __must_check.
 */
static void * __must_check pool_chunk_alloc(struct pool *p, size_t size)
{
	struct pool_chunk *chunk;
	size_t total = sizeof(*chunk) + pool_align(size);

	chunk = kmalloc(total, GFP_KERNEL);
	if (unlikely(!chunk)) {
		this_cpu_inc(pool_stats.failures);
		return NULL;
	}
	chunk->size = (u32)size;
	chunk->magic = 0x600d;

	spin_lock(&p->lock);
	list_add(&chunk->head, &p->head);
	p->nr_chunks++;
	p->bytes += size;
	spin_unlock(&p->lock);

	atomic_long_add(size, &pool_total_bytes);
	this_cpu_inc(pool_stats.allocs);
	return chunk->data;
}

/*
 * Give a chunk back.  The local is named anon_vma for no good reason; it
 * is a struct pool_chunk, and the list_empty() test is on the pool.
 */
static void __maybe_unused pool_chunk_free(struct pool *p, void *data)
{
	struct pool_chunk *anon_vma = container_of(data, struct pool_chunk,
						   data);
	int empty;

	BUG_ON(anon_vma->magic != 0x600d);

	spin_lock(&p->lock);
	list_del(&anon_vma->head);
	p->nr_chunks--;
	p->bytes -= anon_vma->size;
	empty = list_empty(&p->head) && p->retired;
	spin_unlock(&p->lock);

	atomic_long_sub(anon_vma->size, &pool_total_bytes);
	anon_vma->magic = 0;
	kfree(anon_vma);
	this_cpu_inc(pool_stats.frees);

	if (empty)
		call_rcu(&p->rcu, pool_free_rcu);
}

/* Swap in a fresh pool; the old one dies when its last chunk does. */
static int pool_retire_current(void)
{
	struct pool *old, *new;
	int empty;

	new = pool_new();
	if (!new)
		return -ENOMEM;

	spin_lock(&pool_publish_lock);
	old = rcu_dereference_protected(current_pool,
					lockdep_is_held(&pool_publish_lock));
	rcu_assign_pointer(current_pool, new);
	spin_unlock(&pool_publish_lock);

	if (!old)
		return 0;

	spin_lock(&old->lock);
	old->retired = 1;
	empty = list_empty(&old->head);
	spin_unlock(&old->lock);

	if (empty) {
		synchronize_rcu();
		kfree(old);
	}
	return 0;
}

static void pool_sum_stats(struct pool_stats *sum)
{
	int cpu;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		struct pool_stats *s = per_cpu_ptr(pool_stats_ptr, cpu);

		sum->allocs += s->allocs;
		sum->frees += s->frees;
		sum->failures += s->failures;
	}
}

static unsigned int pool_weight_of(size_t size)
{
	unsigned int class = min_t(unsigned int, ilog2(size | 1) / 2,
				   POOL_NR_CLASSES - 1);

	return pool_class_weight[class];
}

SYSCALL_DEFINE3(pool_ctl, int, cmd, unsigned long, arg, void __user *, uarg)
{
	struct pool_stats sum;
	struct pool *p;
	void *obj;
	long ret = 0;

	switch (cmd) {
	case POOL_CMD_ALLOC:
		rcu_read_lock();
		p = rcu_dereference(current_pool);
		if (!p) {
			rcu_read_unlock();
			return -ENODEV;
		}
		/* pool_chunk_alloc() may sleep: not under RCU. */
		rcu_read_unlock();
		obj = pool_chunk_alloc(p, arg);
		if (!obj)
			return -ENOMEM;
		ret = pool_weight_of(arg);
		break;
	case POOL_CMD_FREE:
		return -EINVAL;	/* needs a handle table; not in the sample */
	case POOL_CMD_STATS:
		pool_sum_stats(&sum);
		if (copy_to_user(uarg, &sum, sizeof(sum)))
			return -EFAULT;
		break;
	case POOL_CMD_RETIRE:
		if (!capable(CAP_SYS_ADMIN))
			return -EPERM;
		ret = pool_retire_current();
		break;
	default:
		ret = -EINVAL;
		break;
	}
	return ret;
}

static int __init pool_init(void)
{
	struct pool *p;

	/*
	 * With CONFIG_SMP the stats live in the static per-cpu area; on UP
	 * a single allocation serves.
	 */
#ifdef CONFIG_SMP
	pool_stats_ptr = &pool_stats;
#else
	pool_stats_ptr = alloc_percpu(struct pool_stats);
	if (!pool_stats_ptr)
		return -ENOMEM;
#endif

	p = pool_new();
	if (!p)
		return -ENOMEM;
	rcu_assign_pointer(current_pool, p);
	printk(KERN_INFO "pool: ready, %zu byte chunk header\n",
	       sizeof(struct pool_chunk));
	return 0;
}
late_initcall(pool_init);
