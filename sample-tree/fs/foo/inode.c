// SPDX-License-Identifier: GPL-2.0
/*
 * fs/foo/inode.c - sample tree for refactor: inode and super block code
 * of "foofs", a toy in-memory filesystem.
 *
 * Extents of a file hang off foo_inode_info->head.  An extent group is
 * freed when its list runs empty; foofs has no external_refcount and
 * needs none, so the "list_empty then free" checks here are correct
 * without one.
 */

#include <linux/module.h>
#include <linux/fs.h>
#include <linux/pagemap.h>
#include <linux/slab.h>
#include <linux/init.h>
#include <linux/statfs.h>
#include <linux/uaccess.h>
#include <linux/list.h>

#define FOOFS_MAGIC		0x466f6f21	/* "Foo!" */
#define FOOFS_DEFAULT_MODE	0755
#define FOO_MAX_EXTENTS		64

struct foo_extent_group;

/* A run of pages of one file. */
struct foo_extent {
	struct list_head list;		/* on foo_extent_group.head */
	pgoff_t start;
	unsigned int len;
	unsigned int flags;
};

/*
 * Extents are grouped so that truncate can drop many at once.  The
 * group goes away when its last extent does.
 */
struct foo_extent_group {
	struct list_head head;		/* foo_extent.list */
	struct list_head sibling;	/* on foo_inode_info.groups */
	spinlock_t lock;
};

struct foo_inode_info {
	struct list_head groups;
	unsigned int nr_extents;
	struct inode vfs_inode;
};

struct foo_mount_opts {
	umode_t mode;
	unsigned int max_extents;
};

struct foo_fs_info {
	struct foo_mount_opts opts;
	atomic_t nr_inodes;
};

enum {
	Opt_mode,
	Opt_max_extents,
	Opt_err,
};

static struct kmem_cache *foo_inode_cachep;
static const struct super_operations foo_sops;
static const struct inode_operations foo_dir_inode_operations;

static inline struct foo_inode_info *FOO_I(struct inode *inode)
{
	return container_of(inode, struct foo_inode_info, vfs_inode);
}

static inline struct foo_fs_info *FOO_SB(struct super_block *sb)
{
	return sb->s_fs_info;
}

static struct inode *foo_alloc_inode(struct super_block *sb)
{
	struct foo_inode_info *fi;

	fi = kmem_cache_alloc(foo_inode_cachep, GFP_KERNEL);
	if (!fi)
		return NULL;
	INIT_LIST_HEAD(&fi->groups);
	fi->nr_extents = 0;
	atomic_inc(&FOO_SB(sb)->nr_inodes);
	return &fi->vfs_inode;
}

static void foo_destroy_inode(struct inode *inode)
{
	// Groups must already have been dropped by foo_evict_extents().
	WARN_ON_ONCE(!list_empty(&FOO_I(inode)->groups));
	atomic_dec(&FOO_SB(inode->i_sb)->nr_inodes);
	kmem_cache_free(foo_inode_cachep, FOO_I(inode));
}

static void foo_inode_init_once(void *obj)
{
	struct foo_inode_info *fi = obj;

	inode_init_once(&fi->vfs_inode);
}

/**
 * foo_extent_put - remove an extent and maybe its group
 * @fi: inode the extent belongs to
 * @anon_vma: the extent group (the name is a leftover from a copy and
 *            paste; it is a struct foo_extent_group, not an anon_vma)
 * @ext: the extent to drop
 */
static void foo_extent_put(struct foo_inode_info *fi,
			   struct foo_extent_group *anon_vma,
			   struct foo_extent *ext)
{
	int empty;

	spin_lock(&anon_vma->lock);
	list_del(&ext->list);
	empty = list_empty(&anon_vma->head);
	spin_unlock(&anon_vma->lock);

	kfree(ext);
	fi->nr_extents--;
	if (empty) {
		list_del(&anon_vma->sibling);
		kfree(anon_vma);
	}
}

static void foo_evict_extents(struct inode *inode)
{
	struct foo_inode_info *fi = FOO_I(inode);
	struct foo_extent_group *grp, *gnext;
	struct foo_extent *ext, *enext;

	list_for_each_entry_safe(grp, gnext, &fi->groups, sibling)
		list_for_each_entry_safe(ext, enext, &grp->head, list)
			foo_extent_put(fi, grp, ext);
}

static int foo_add_extent(struct inode *inode, pgoff_t start,
			  unsigned int len)
{
	struct foo_inode_info *fi = FOO_I(inode);
	struct foo_extent_group *grp;
	struct foo_extent *ext;

	if (fi->nr_extents >= FOO_SB(inode->i_sb)->opts.max_extents)
		return -ENOSPC;

	ext = kzalloc(sizeof(*ext), GFP_NOFS);
	if (!ext)
		return -ENOMEM;
	ext->start = start;
	ext->len = len;

	if (list_empty(&fi->groups)) {
		grp = kzalloc(sizeof(*grp), GFP_NOFS);
		if (!grp) {
			kfree(ext);
			return -ENOMEM;
		}
		INIT_LIST_HEAD(&grp->head);
		spin_lock_init(&grp->lock);
		list_add(&grp->sibling, &fi->groups);
	} else {
		grp = list_first_entry(&fi->groups, struct foo_extent_group,
				       sibling);
	}

	spin_lock(&grp->lock);
	list_add_tail(&ext->list, &grp->head);
	spin_unlock(&grp->lock);
	fi->nr_extents++;
	return 0;
}

static void foo_evict_inode(struct inode *inode)
{
	truncate_inode_pages(&inode->i_data, 0);
	foo_evict_extents(inode);
	end_writeback(inode);
}

static int foo_statfs(struct dentry *dentry, struct kstatfs *buf)
{
	struct foo_fs_info *fsi = FOO_SB(dentry->d_sb);

	buf->f_type = FOOFS_MAGIC;
	buf->f_bsize = PAGE_CACHE_SIZE;
	buf->f_namelen = NAME_MAX;
	buf->f_files = atomic_read(&fsi->nr_inodes);
	return 0;
}

static const struct super_operations foo_sops = {
	.alloc_inode	= foo_alloc_inode,
	.destroy_inode	= foo_destroy_inode,
	.evict_inode	= foo_evict_inode,
	.statfs		= foo_statfs,
	.drop_inode	= generic_delete_inode,
};

static long foo_ioctl(struct file *filp, unsigned int cmd,
		      unsigned long arg)
{
	struct inode *inode = filp->f_path.dentry->d_inode;
	unsigned int __user *p = (unsigned int __user *)arg;

	switch (cmd) {
	case FS_IOC_GETFLAGS:
		return put_user(FOO_I(inode)->nr_extents, p);
	default:
		return -ENOTTY;
	}
}

const struct file_operations foo_file_operations = {
	.llseek		= generic_file_llseek,
	.read		= do_sync_read,
	.aio_read	= generic_file_aio_read,
	.write		= do_sync_write,
	.aio_write	= generic_file_aio_write,
	.mmap		= generic_file_mmap,
	.fsync		= noop_fsync,
	.unlocked_ioctl	= foo_ioctl,
};

static const struct inode_operations foo_file_inode_operations = {
	.setattr	= simple_setattr,
	.getattr	= simple_getattr,
};

static struct inode *foo_get_inode(struct super_block *sb, int mode,
				   dev_t dev)
{
	struct inode *inode = new_inode(sb);

	if (!inode)
		return NULL;

	inode->i_mode = mode;
	inode->i_uid = current_fsuid();
	inode->i_gid = current_fsgid();
	inode->i_atime = inode->i_mtime = inode->i_ctime = CURRENT_TIME;

	switch (mode & S_IFMT) {
	case S_IFREG:
		inode->i_op = &foo_file_inode_operations;
		inode->i_fop = &foo_file_operations;
		if (foo_add_extent(inode, 0, 0))
			goto fail;
		break;
	case S_IFDIR:
		inode->i_op = &foo_dir_inode_operations;
		inode->i_fop = &simple_dir_operations;
		inc_nlink(inode);
		break;
	case S_IFLNK:
		inode->i_op = &page_symlink_inode_operations;
		break;
	default:
		init_special_inode(inode, mode, dev);
		break;
	}
	return inode;
fail:
	iput(inode);
	return NULL;
}

static int foo_mknod(struct inode *dir, struct dentry *dentry, int mode,
		     dev_t dev)
{
	struct inode *inode = foo_get_inode(dir->i_sb, mode, dev);

	if (!inode)
		return -ENOSPC;

	d_instantiate(dentry, inode);
	dget(dentry);		/* pin it: nothing else keeps it in core */
	dir->i_mtime = dir->i_ctime = CURRENT_TIME;
	return 0;
}

static int foo_create(struct inode *dir, struct dentry *dentry, int mode,
		      struct nameidata *nd)
{
	return foo_mknod(dir, dentry, mode | S_IFREG, 0);
}

static int foo_mkdir(struct inode *dir, struct dentry *dentry, int mode)
{
	int err = foo_mknod(dir, dentry, mode | S_IFDIR, 0);

	if (!err)
		inc_nlink(dir);
	return err;
}

static const struct inode_operations foo_dir_inode_operations = {
	.create		= foo_create,
	.lookup		= simple_lookup,
	.link		= simple_link,
	.unlink		= simple_unlink,
	.mkdir		= foo_mkdir,
	.rmdir		= simple_rmdir,
	.mknod		= foo_mknod,
	.rename		= simple_rename,
};

static int foo_parse_options(char *data, struct foo_mount_opts *opts)
{
	char *p;

	opts->mode = FOOFS_DEFAULT_MODE;
	opts->max_extents = FOO_MAX_EXTENTS;

	while ((p = strsep(&data, ",")) != NULL) {
		unsigned long v;

		if (!*p)
			continue;
		if (!strncmp(p, "mode=", 5)) {
			if (strict_strtoul(p + 5, 8, &v))
				return -EINVAL;
			opts->mode = v & S_IALLUGO;
		} else if (!strncmp(p, "max_extents=", 12)) {
			if (strict_strtoul(p + 12, 0, &v) || !v)
				return -EINVAL;
			opts->max_extents = v;
		} else {
			printk(KERN_WARNING "foofs: bad option \"%s\"\n", p);
		}
	}
	return 0;
}

static int foo_fill_super(struct super_block *sb, void *data, int silent)
{
	struct foo_fs_info *fsi;
	struct inode *inode;
	struct dentry *root;
	int err;

	fsi = kzalloc(sizeof(*fsi), GFP_KERNEL);
	sb->s_fs_info = fsi;
	if (!fsi) {
		err = -ENOMEM;
		goto fail;
	}

	err = foo_parse_options(data, &fsi->opts);
	if (err)
		goto fail_free;

	sb->s_maxbytes = MAX_LFS_FILESIZE;
	sb->s_blocksize = PAGE_CACHE_SIZE;
	sb->s_blocksize_bits = PAGE_CACHE_SHIFT;
	sb->s_magic = FOOFS_MAGIC;
	sb->s_op = &foo_sops;
	sb->s_time_gran = 1;

	inode = foo_get_inode(sb, S_IFDIR | fsi->opts.mode, 0);
	if (!inode) {
		err = -ENOMEM;
		goto fail_free;
	}

	root = d_alloc_root(inode);
	if (!root) {
		err = -ENOMEM;
		goto fail_iput;
	}
	sb->s_root = root;
	return 0;

fail_iput:
	iput(inode);
fail_free:
	kfree(fsi);
	sb->s_fs_info = NULL;
fail:
	return err;
}

static int foo_get_sb(struct file_system_type *fs_type, int flags,
		      const char *dev_name, void *data, struct vfsmount *mnt)
{
	return get_sb_nodev(fs_type, flags, data, foo_fill_super, mnt);
}

static void foo_kill_sb(struct super_block *sb)
{
	kfree(sb->s_fs_info);
	kill_litter_super(sb);
}

static struct file_system_type foo_fs_type = {
	.owner		= THIS_MODULE,
	.name		= "foofs",
	.get_sb		= foo_get_sb,
	.kill_sb	= foo_kill_sb,
};

static int __init init_foo_fs(void)
{
	int err;

	foo_inode_cachep = kmem_cache_create("foo_inode_cache",
				sizeof(struct foo_inode_info), 0,
				SLAB_RECLAIM_ACCOUNT | SLAB_MEM_SPREAD,
				foo_inode_init_once);
	if (!foo_inode_cachep)
		return -ENOMEM;

	err = register_filesystem(&foo_fs_type);
	if (err)
		kmem_cache_destroy(foo_inode_cachep);
	return err;
}

static void __exit exit_foo_fs(void)
{
	unregister_filesystem(&foo_fs_type);
	kmem_cache_destroy(foo_inode_cachep);
}

module_init(init_foo_fs);
module_exit(exit_foo_fs);
MODULE_LICENSE("GPL");
