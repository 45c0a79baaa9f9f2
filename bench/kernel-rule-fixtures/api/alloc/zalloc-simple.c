/* An allocation followed by memset 0: the zeroing allocator does both. */

struct fx_state *fx_new_state(void)
{
	struct fx_state *st;

	st = kmalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return NULL;
	memset(st, 0, sizeof(*st));
	return st;
}

int fx_alloc_map(struct fx_priv *priv, size_t size)
{
	priv->map = vmalloc(size);
	if (priv->map == NULL)
		return -ENOMEM;
	memset(priv->map, 0, size);
	return 0;
}

void *fx_alloc_dma(struct device *dev, size_t size, dma_addr_t *dma)
{
	void *cpu;

	cpu = dma_alloc_coherent(dev, size, dma, GFP_KERNEL);
	if (!cpu)
		return NULL;
	memset(cpu, 0, size);
	return cpu;
}

/* Near miss: only part of the buffer is cleared. */
struct fx_state *fx_new_partial(void)
{
	struct fx_state *st;

	st = kmalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return NULL;
	memset(st, 0, sizeof(st->hdr));
	return st;
}
