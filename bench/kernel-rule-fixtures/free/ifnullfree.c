/* A NULL test before a freeing function that accepts NULL. */

void fx_free_buf(struct fx_priv *priv)
{
	if (priv->buf != NULL)
		kfree(priv->buf);
}

void fx_free_table(void *table)
{
	if (table)
		vfree(table);
}

void fx_destroy(struct fx_priv *priv)
{
	if (priv->cache)
		kmem_cache_destroy(priv->cache);
	if (priv->dir != NULL)
		debugfs_remove_recursive(priv->dir);
}

/* Near miss: the test guards more than the free. */
void fx_free_counted(struct fx_priv *priv)
{
	if (priv->buf) {
		kfree(priv->buf);
		priv->nbufs--;
	}
}
