/* Open-coded memdup_user / vmemdup_user. */

int fx_set_key(struct fx_priv *priv, const void __user *ubuf, size_t len)
{
	u8 *key;

	key = kmalloc(len, GFP_KERNEL);
	if (!key)
		return -ENOMEM;
	if (copy_from_user(key, ubuf, len) != 0) {
		kfree(key);
		return -EFAULT;
	}
	priv->key = key;
	return 0;
}

long fx_ioctl_table(struct fx_priv *priv, void __user *arg, size_t size)
{
	priv->table = kvzalloc(size, GFP_KERNEL);
	if (priv->table == NULL)
		return -ENOMEM;
	if (copy_from_user(priv->table, arg, size) != 0)
		return -EFAULT;
	return 0;
}

/* Near miss: GFP_ATOMIC, not what memdup_user uses. */
int fx_set_key_atomic(struct fx_priv *priv, const void __user *ubuf, size_t len)
{
	u8 *key;

	key = kmalloc(len, GFP_ATOMIC);
	if (!key)
		return -ENOMEM;
	if (copy_from_user(key, ubuf, len) != 0)
		return -EFAULT;
	priv->key = key;
	return 0;
}
