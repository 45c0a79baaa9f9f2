/* A cast of an allocator's void * result. */

int fx_alloc_ring(struct fx_priv *priv, int n)
{
	priv->ring = (struct fx_desc *)kcalloc(n, sizeof(struct fx_desc), GFP_KERNEL);
	if (!priv->ring)
		return -ENOMEM;
	return 0;
}

char *fx_alloc_buf(size_t len)
{
	return (char *)kmalloc(len, GFP_KERNEL);
}

u32 *fx_alloc_table(size_t n)
{
	return (u32 *)vzalloc(n * sizeof(u32));
}

/* Near miss: a cast of something that is not an allocator. */
struct fx_desc *fx_first(struct fx_priv *priv)
{
	return (struct fx_desc *)fx_ring_base(priv);
}
