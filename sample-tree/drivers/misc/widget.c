// SPDX-License-Identifier: GPL-2.0
/*
 * drivers/misc/widget.c - sample tree for refactor: a character device
 * for the invented widget hardware.
 *
 * Decoys on purpose: struct widget has its own external_refcount and its
 * own ->head list, and one helper calls its widget parameter "anon_vma".
 * None of this has anything to do with mm/rmap.c.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/io.h>
#include <linux/poll.h>
#include <linux/widget.h>

#define WIDGET_CTRL_RESET	(1U << 0)
#define WIDGET_CTRL_GO		(1U << 1)
#define WIDGET_STATUS_DONE	(1U << 8)

#define WIDGET_IOC_MAGIC	'W'
#define WIDGET_IOC_RESET	_IO(WIDGET_IOC_MAGIC, 0)
#define WIDGET_IOC_GETREFS	_IOR(WIDGET_IOC_MAGIC, 1, int)
#define WIDGET_IOC_SETPRIO	_IOW(WIDGET_IOC_MAGIC, 2, int)

/* Write a register and read it back to flush the posted write. */
#define widget_write_flush(w, reg, val)				\
	do {							\
		iowrite32((val), (w)->regs + (reg));		\
		(void)ioread32((w)->regs + (reg));		\
	} while (0)

static DEFINE_SPINLOCK(widget_list_lock);
static LIST_HEAD(widget_list);
static DEFINE_MUTEX(widget_open_mutex);

static unsigned int widget_debug __read_mostly;
module_param(widget_debug, uint, 0644);
MODULE_PARM_DESC(widget_debug, "print external_refcount changes");

static void __cold widget_report_error(struct widget *w, u32 status)
{
	widget_printk(w, "hardware error, status %#x\n", status);
	w->state = WIDGET_STATE_DEAD;
}

void widget_printk(const struct widget *w, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	printk(KERN_INFO "widget %s: %pV", w->name, &vaf);
	va_end(args);
}
EXPORT_SYMBOL(widget_printk);

void widget_log(const char *fmt, ...)
{
	va_list args;

	if (!widget_debug)
		return;
	va_start(args, fmt);
	vprintk(fmt, args);
	va_end(args);
}

static int widget_default_reset(struct widget *w)
{
	unsigned long timeout = jiffies + HZ;

	widget_write_flush(w, offsetof(struct widget_regs, ctrl),
			   WIDGET_CTRL_RESET);
	while (!(ioread32(w->regs + offsetof(struct widget_regs, status)) &
		 WIDGET_STATUS_DONE)) {
		if (time_after(jiffies, timeout))
			return -ETIMEDOUT;
		cpu_relax();
	}
	return 0;
}

static int widget_submit_pio(struct widget *w, struct widget_slot *slot)
{
	const u32 *words = (const u32 *)slot->data;
	int i;

	for (i = 0; i < slot->len / sizeof(u32) && i < 4; i++)
		iowrite32(words[i], w->regs +
			  offsetof(struct widget_regs, fifo[i]));
	widget_write_flush(w, offsetof(struct widget_regs, ctrl),
			   WIDGET_CTRL_GO);
	return 0;
}

#ifdef CONFIG_WIDGET_DMA
static int widget_submit_dma(struct widget *w, struct widget_slot *slot)
{
	/* DMA needs a bounce buffer we do not model; fall back to PIO. */
	return widget_submit_pio(w, slot);
}
#endif

static const struct widget_ops widget_default_ops = {
	.reset		= widget_default_reset,
#ifdef CONFIG_WIDGET_DMA
	.submit		= widget_submit_dma,
#else
	.submit		= widget_submit_pio,
#endif
	.complete	= NULL,
};

/**
 * widget_create - allocate and register a widget
 * @name: short name, truncated to WIDGET_NAME_LEN - 1
 * @regs: mapped register window
 *
 * The new widget starts with one external reference, owned by the
 * caller and dropped with widget_put().
 */
struct widget *widget_create(const char *name, void __iomem *regs)
{
	struct widget *w;
	int err;

	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return ERR_PTR(-ENOMEM);

	spin_lock_init(&w->lock);
	atomic_set(&w->external_refcount, 1);
	INIT_LIST_HEAD(&w->head);
	strlcpy(w->name, name, sizeof(w->name));
	w->regs = regs;
	w->ops = &widget_default_ops;
	w->state = WIDGET_STATE_PROBING;

	err = w->ops->reset(w);
	if (err)
		goto err_free;

	if (ioread32(regs + offsetof(struct widget_regs, status)) == ~0U) {
		err = -ENODEV;
		goto err_reset;
	}

	spin_lock(&widget_list_lock);
	list_add_tail(&w->all, &widget_list);
	spin_unlock(&widget_list_lock);

	w->state = WIDGET_STATE_READY;
	pr_debug("created %s, external_refcount=%d\n", w->name,
		 widget_external_refcount(w));
	return w;

err_reset:
	widget_write_flush(w, offsetof(struct widget_regs, ctrl), 0);
err_free:
	kfree(w);
	return ERR_PTR(err);
}
EXPORT_SYMBOL(widget_create);

/*
 * Final teardown.  Only legal once ->head is empty and the
 * external_refcount has reached zero; widget_put() checks both.
 */
void widget_destroy(struct widget *w)
{
	WARN_ON_ONCE(!list_empty(&w->head));
	WARN_ON_ONCE(atomic_read(&w->external_refcount));

	spin_lock(&widget_list_lock);
	list_del(&w->all);
	spin_unlock(&widget_list_lock);

	kfree(w);
}

/**
 * widget_put - drop an external reference
 * @w: the widget
 *
 * Same shape as the anon_vma code in mm/, but for a different structure:
 * a refactoring keyed on struct anon_vma must leave this alone.
 */
void widget_put(struct widget *w)
{
	if (widget_debug)
		pr_debug("put %s: external_refcount=%d\n", w->name,
			 atomic_read(&w->external_refcount) - 1);

	if (atomic_dec_and_lock(&w->external_refcount, &w->lock)) {
		int empty = list_empty(&w->head);

		spin_unlock(&w->lock);
		if (empty)
			widget_destroy(w);
	}
}
EXPORT_SYMBOL_GPL(widget_put);

/*
 * Retire a finished slot.  The parameter really is a struct widget; it
 * is named anon_vma only because this helper was cloned from mm code
 * long ago.  The check below deliberately ignores the explicit count,
 * which is fine for widgets: slots are always released by their owner.
 */
static void widget_slot_release(struct widget *anon_vma,
				struct widget_slot *slot)
{
	int empty;

	spin_lock(&anon_vma->lock);
	list_del(&slot->node);
	slot->busy = 0;
	empty = list_empty(&anon_vma->head) &&
		anon_vma->state == WIDGET_STATE_DEAD;
	spin_unlock(&anon_vma->lock);

	kfree(slot);
	if (empty) {
		atomic_set(&anon_vma->external_refcount, 0);
		widget_destroy(anon_vma);
	}
}

int widget_submit(struct widget *w, const void *buf, size_t len)
{
	struct widget_slot *slot;
	int err;

	if (unlikely(len > 4 * sizeof(u32)))
		return -EINVAL;
	if (w->state != WIDGET_STATE_READY)
		return -EBUSY;

	slot = kmalloc(sizeof(*slot) + len, GFP_KERNEL);
	if (!slot)
		return -ENOMEM;
	memcpy(slot->data, buf, len);
	slot->len = len;
	slot->busy = 1;
	slot->dirty = 0;
	slot->prio = 3;

	spin_lock(&w->lock);
	slot->index = w->flags & 0xf;
	w->flags++;
	list_add_tail(&slot->node, &w->head);
	spin_unlock(&w->lock);

	err = w->ops->submit(w, slot);
	if (err)
		widget_slot_release(w, slot);
	return err;
}
EXPORT_SYMBOL_GPL(widget_submit);

static struct widget *widget_lookup(unsigned int minor)
{
	struct widget *w, *found = NULL;
	unsigned int n = 0;

	spin_lock(&widget_list_lock);
	list_for_each_entry(w, &widget_list, all) {
		if (n++ == minor) {
			widget_get(w);
			found = w;
			break;
		}
	}
	spin_unlock(&widget_list_lock);
	return found;
}

static int widget_open(struct inode *inode, struct file *file)
{
	struct widget *w;

	mutex_lock(&widget_open_mutex);
	w = widget_lookup(iminor(inode));
	mutex_unlock(&widget_open_mutex);
	if (!w)
		return -ENODEV;

	file->private_data = w;
	return nonseekable_open(inode, file);
}

static int widget_release(struct inode *inode, struct file *file)
{
	widget_put(file->private_data);
	return 0;
}

static ssize_t widget_read(struct file *file, char __user *buf,
			   size_t count, loff_t *ppos)
{
	struct widget *w = file->private_data;
	u32 status;

	if (count < sizeof(status))
		return -EINVAL;

	status = ioread32(w->regs + offsetof(struct widget_regs, status));
	if (status & 0x80000000)
		widget_report_error(w, status);

	if (copy_to_user(buf, &status, sizeof(status)))
		return -EFAULT;
	return sizeof(status);
}

static ssize_t widget_write(struct file *file, const char __user *buf,
			    size_t count, loff_t *ppos)
{
	struct widget *w = file->private_data;
	u32 data[4];
	int err;

	if (count > sizeof(data))
		count = sizeof(data);
	if (copy_from_user(data, buf, count))
		return -EFAULT;

	err = widget_submit(w, data, count);
	return err ? err : (ssize_t)count;
}

static long widget_ioctl(struct file *file, unsigned int cmd,
			 unsigned long arg)
{
	struct widget *w = file->private_data;
	int __user *argp = (int __user *)arg;
	int val;

	switch (cmd) {
	case WIDGET_IOC_RESET:
		return w->ops->reset(w);
	case WIDGET_IOC_GETREFS:
		/* Reports the widget's own external_refcount, nothing else. */
		return put_user(widget_external_refcount(w), argp);
	case WIDGET_IOC_SETPRIO:
		if (get_user(val, argp))
			return -EFAULT;
		if (val < 0 || val > 7)
			return -EINVAL;
		/* fall through */
	default:
		break;
	}
	return -ENOTTY;
}

static unsigned int widget_poll(struct file *file, poll_table *wait)
{
	struct widget *w = file->private_data;

	return list_empty(&w->head) ? (POLLOUT | POLLWRNORM) : 0;
}

static const struct file_operations widget_fops = {
	.owner		= THIS_MODULE,
	.open		= widget_open,
	.release	= widget_release,
	.read		= widget_read,
	.write		= widget_write,
	.poll		= widget_poll,
	.unlocked_ioctl	= widget_ioctl,
	.llseek		= no_llseek,
};

static struct miscdevice widget_miscdev = {
	.minor		= MISC_DYNAMIC_MINOR,
	.name		= "widget",
	.fops		= &widget_fops,
};

static int __init widget_init(void)
{
	int err;

	err = misc_register(&widget_miscdev);
	if (err) {
		printk(KERN_ERR "widget: misc_register failed: %d\n", err);
		return err;
	}
	pr_info("ready\n");
	return 0;
}

static void __exit widget_exit(void)
{
	misc_deregister(&widget_miscdev);
}

module_init(widget_init);
module_exit(widget_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Sample widget driver for the refactor test tree");
