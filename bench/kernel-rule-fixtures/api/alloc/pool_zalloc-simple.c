/* dma_pool_alloc followed by memset 0: dma_pool_zalloc does both. */

struct fx_desc *fx_get_desc(struct fx_priv *priv, dma_addr_t *dma)
{
	struct fx_desc *desc;

	desc = dma_pool_alloc(priv->pool, GFP_KERNEL, dma);
	if (desc == NULL)
		return NULL;
	memset(desc, 0, sizeof(*desc));
	return desc;
}

int fx_get_cmd(struct fx_priv *priv)
{
	priv->cmd = pci_pool_alloc(priv->cmd_pool, GFP_ATOMIC, &priv->cmd_dma);
	if (!priv->cmd)
		return -ENOMEM;
	memset(priv->cmd, 0, FX_CMD_SIZE);
	return 0;
}

/* Near miss: filled with something else than 0. */
void *fx_get_poisoned(struct fx_priv *priv, dma_addr_t *dma)
{
	void *p;

	p = dma_pool_alloc(priv->pool, GFP_KERNEL, dma);
	if (!p)
		return NULL;
	memset(p, 0xa5, FX_CMD_SIZE);
	return p;
}
