// SPDX-License-Identifier: GPL-2.0
/*
 * A tiny character device: __user buffers, a file_operations table with
 * designated initializers, __init/__exit, module_init and a static mutex.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/uaccess.h>
#include <linux/mutex.h>
#include <linux/miscdevice.h>

#define SCRATCH_SIZE	256

static DEFINE_MUTEX(scratch_lock);
static char scratch_buf[SCRATCH_SIZE];
static size_t scratch_len;

static ssize_t scratch_read(struct file *file, char __user *buf,
			    size_t count, loff_t *ppos)
{
	ssize_t ret;

	if (*ppos >= scratch_len)
		return 0;
	mutex_lock(&scratch_lock);
	if (count > scratch_len - *ppos)
		count = scratch_len - *ppos;
	if (copy_to_user(buf, scratch_buf + *ppos, count)) {
		ret = -EFAULT;
		goto out_unlock;
	}
	*ppos += count;
	ret = count;
out_unlock:
	mutex_unlock(&scratch_lock);
	return ret;
}

static ssize_t scratch_write(struct file *file, const char __user *buf,
			     size_t count, loff_t *ppos)
{
	if (count > sizeof(scratch_buf))
		return -ENOSPC;
	mutex_lock(&scratch_lock);
	if (copy_from_user(scratch_buf, buf, count)) {
		mutex_unlock(&scratch_lock);
		return -EFAULT;
	}
	scratch_len = count;
	mutex_unlock(&scratch_lock);
	return (ssize_t)count;
}

static long scratch_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	int __user *argp = (int __user *)arg;

	switch (cmd) {
	case 0:
		return put_user((int)scratch_len, argp);
	case 1:
		scratch_len = 0;
		return 0;
	default:
		return -ENOTTY;
	}
}

static const struct file_operations scratch_fops = {
	.owner		= THIS_MODULE,
	.read		= scratch_read,
	.write		= scratch_write,
	.unlocked_ioctl	= scratch_ioctl,
	.llseek		= noop_llseek,
};

static struct miscdevice scratch_dev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "scratch",
	.fops	= &scratch_fops,
	.mode	= 0644,
};

static int __init scratch_init(void)
{
	int err;

	err = misc_register(&scratch_dev);
	if (err)
		pr_err("scratch: cannot register (%d)\n", err);
	return err;
}

static void __exit scratch_exit(void)
{
	misc_deregister(&scratch_dev);
}

module_init(scratch_init);
module_exit(scratch_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("scratch buffer device");
