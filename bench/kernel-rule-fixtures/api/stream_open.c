/* nonseekable_open in a file whose .read/.write never use the position. */

static ssize_t fx_read(struct file *file, char __user *buf, size_t len, loff_t *ppos)
{
	struct fx_priv *priv = file->private_data;

	wait_event_interruptible(priv->wq, priv->ready);
	return fx_copy_out(priv, buf, len);
}

static ssize_t fx_write(struct file *file, const char __user *buf, size_t len, loff_t *ppos)
{
	return fx_copy_in(file->private_data, buf, len);
}

static int fx_open(struct inode *inode, struct file *file)
{
	file->private_data = inode->i_private;
	return nonseekable_open(inode, file);
}

static const struct file_operations fx_fops = {
	.open = fx_open,
	.read = fx_read,
	.write = fx_write,
	.llseek = no_llseek,
};
