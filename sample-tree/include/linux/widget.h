/* SPDX-License-Identifier: GPL-2.0 */
/*
 * include/linux/widget.h - sample tree for refactor: an invented "widget"
 * bus device.  It deliberately reuses the names external_refcount and
 * head so that tools keyed on struct anon_vma have something to ignore.
 */
#ifndef _SAMPLE_LINUX_WIDGET_H
#define _SAMPLE_LINUX_WIDGET_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/atomic.h>
#include <linux/compiler.h>

#define WIDGET_NAME_LEN		16
#define WIDGET_MAX_SLOTS	8

enum widget_state {
	WIDGET_STATE_OFF	= 0,
	WIDGET_STATE_PROBING	= 1,
	WIDGET_STATE_READY	= 2,
	WIDGET_STATE_BUSY	= 4,
	WIDGET_STATE_DEAD	= 0x80,
};

/* Register block as laid out by the hardware; do not reorder. */
struct widget_regs {
	u32 ctrl;
	u32 status;
	u32 irq_mask;
	u32 fifo[4];
} __attribute__((packed));

struct widget_slot {
	struct list_head node;		/* on widget->head */
	unsigned int index:4;
	unsigned int busy:1;
	unsigned int dirty:1;
	unsigned int :2;
	unsigned int prio:3;
	u16 len;
	char data[0];			/* len bytes of payload follow */
};

/*
 * A widget is pinned in two ways, much like an anon_vma is: implicitly,
 * by every slot linked on ->head, and explicitly, by ->external_refcount
 * which user-space handles and the watchdog take.  Both must be gone
 * before widget_destroy() may run.
 */
struct widget {
	spinlock_t lock;
	atomic_t external_refcount;
	struct list_head head;		/* widget_slot.node, under ->lock */
	struct list_head all;		/* on widget_list */
	enum widget_state state;
	void __iomem *regs;
	unsigned long flags;
	char name[WIDGET_NAME_LEN];
	const struct widget_ops *ops;
};

struct widget_ops {
	int (*reset)(struct widget *w);
	int (*submit)(struct widget *w, struct widget_slot *slot);
	void (*complete)(struct widget *w, struct widget_slot *slot, int err);
	unsigned int (*poll)(struct widget *w);
};

#define to_widget(ptr)	container_of(ptr, struct widget, all)

static inline void widget_get(struct widget *w)
{
	atomic_inc(&w->external_refcount);
}

/* Not related to anonvma_external_refcount() at all, despite the name. */
static inline int widget_external_refcount(struct widget *w)
{
	return atomic_read(&w->external_refcount);
}

extern struct widget *widget_create(const char *name, void __iomem *regs);
extern void widget_destroy(struct widget *w);
extern void widget_put(struct widget *w);
extern int __must_check widget_submit(struct widget *w, const void *buf,
				      size_t len);
extern __printf(2, 3) void widget_printk(const struct widget *w,
					 const char *fmt, ...);
extern void widget_log(const char *fmt, ...) __printf(1, 2);

#endif /* _SAMPLE_LINUX_WIDGET_H */
