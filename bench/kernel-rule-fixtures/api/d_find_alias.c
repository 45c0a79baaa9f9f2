/* A dentry from d_find_alias that is never put with dput. */

int fx_inode_name(struct inode *inode, char *buf)
{
	struct dentry *dentry;

	dentry = d_find_alias(inode);
	if (!dentry)
		return -ENOENT;
	strcpy(buf, dentry->d_name.name);
	return 0;
}

int fx_inode_len(struct inode *inode)
{
	struct dentry *d;

	if (!(d = d_find_alias(inode)))
		return 0;
	if (d->d_name.len > 16)
		return -ENAMETOOLONG;
	dput(d);
	return 1;
}

/* Near miss: the dentry is put. */
int fx_inode_name_ok(struct inode *inode, char *buf)
{
	struct dentry *dentry;

	dentry = d_find_alias(inode);
	if (!dentry)
		return -ENOENT;
	strcpy(buf, dentry->d_name.name);
	dput(dentry);
	return 0;
}
