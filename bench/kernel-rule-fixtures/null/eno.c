/* IS_ERR on the result of an allocator that returns NULL on failure. */

int fx_alloc_buf(struct fx_priv *priv)
{
	priv->buf = kmalloc(priv->len, GFP_KERNEL);
	if (IS_ERR(priv->buf))
		return PTR_ERR(priv->buf);
	return 0;
}

struct fx_node *fx_new_node(struct kmem_cache *cache)
{
	struct fx_node *node;

	node = kmem_cache_zalloc(cache, GFP_KERNEL);
	if (IS_ERR(node))
		return NULL;
	node->id = 1;
	return node;
}

/* Near miss: the value is replaced before IS_ERR. */
int fx_alloc_replaced(struct fx_priv *priv)
{
	void *p;

	p = kzalloc(16, GFP_KERNEL);
	p = fx_lookup(priv);
	if (IS_ERR(p))
		return PTR_ERR(p);
	return 0;
}
