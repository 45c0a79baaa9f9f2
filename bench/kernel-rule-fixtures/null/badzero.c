/* Pointers compared with 0 instead of NULL. */

int fx_alloc_cmp(struct fx_priv *priv)
{
	char *buf;

	if ((buf = kmalloc(priv->len, GFP_KERNEL)) == 0)
		return -ENOMEM;
	priv->buf = buf;
	return 0;
}

int fx_lookup_cmp(struct fx_dev *dev)
{
	struct fx_node *node;

	node = fx_find(dev, 3);
	if (node == 0)
		return -ENOENT;
	if (0 != dev->parent)
		node->parent = dev->parent;
	return node->id;
}

/* Near misses: integers compared with 0, and pointers with NULL. */
int fx_count_cmp(struct fx_dev *dev)
{
	int n = dev->count;
	struct fx_node *node = dev->first;

	if (n == 0)
		return 0;
	if (node == NULL)
		return -ENOENT;
	return n;
}
