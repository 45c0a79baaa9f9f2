/* Memory freed with the function of another allocator. */

void fx_kmalloc_vfree(struct fx_priv *priv)
{
	priv->buf = kmalloc(priv->len, GFP_KERNEL);
	fx_fill(priv->buf);
	vfree(priv->buf);
}

void fx_vmalloc_kfree(size_t len)
{
	void *table;

	table = vzalloc(len);
	fx_fill(table);
	kfree(table);
}

void fx_kvmalloc_kfree(size_t len)
{
	void *map;

	map = kvmalloc(len, GFP_KERNEL);
	fx_fill(map);
	kfree(map);
}

/* Near miss: matching allocator and free. */
void fx_matching(size_t len)
{
	void *map;

	map = kvzalloc(len, GFP_KERNEL);
	fx_fill(map);
	kvfree(map);
}
