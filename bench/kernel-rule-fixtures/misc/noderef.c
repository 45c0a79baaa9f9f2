/* sizeof applied to a pointer where the pointee was meant. */

int fx_alloc_state(struct fx_priv *priv)
{
	struct fx_state *st;

	st = kzalloc(sizeof(st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	priv->st = st;
	return 0;
}

void fx_clear(struct fx_cfg *cfg)
{
	memset(cfg, 0, sizeof(cfg));
}

void fx_copy(struct fx_cfg *dst, struct fx_cfg *src)
{
	memcpy(dst, src, sizeof(src));
}

/* Near miss: sizeof of the pointee. */
void fx_clear_ok(struct fx_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
}
