/* An open function that only copies i_private: simple_open does that. */

static int fx_open(struct inode *inode, struct file *file)
{
	file->private_data = inode->i_private;
	return 0;
}

static const struct file_operations fx_fops = {
	.owner = THIS_MODULE,
	.open = fx_open,
	.read = fx_read,
};

static int fx_stats_open(struct inode *inode, struct file *filp)
{
	if (inode->i_private)
		filp->private_data = inode->i_private;
	return 0;
}

static const struct file_operations fx_stats_fops = {
	.open = fx_stats_open,
	.llseek = default_llseek,
};

/* Near miss: the open function does more. */
static int fx_ctl_open(struct inode *inode, struct file *file)
{
	file->private_data = inode->i_private;
	fx_count_open(inode);
	return 0;
}

static const struct file_operations fx_ctl_fops = {
	.open = fx_ctl_open,
};
