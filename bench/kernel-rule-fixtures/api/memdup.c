/* Open-coded kmemdup. */

void *fx_dup_table(const void *src, size_t size)
{
	void *copy;

	copy = kmalloc(size, GFP_KERNEL);
	if (copy == NULL)
		return NULL;
	memcpy(copy, src, size);
	return copy;
}

int fx_save_cfg(struct fx_priv *priv, const struct fx_cfg *cfg)
{
	priv->cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);
	if (!priv->cfg)
		return -ENOMEM;
	memcpy(priv->cfg, cfg, sizeof(*cfg));
	return 0;
}

/* Near miss: string length (kstrdup's business), and a partial copy. */
char *fx_dup_name(const char *name)
{
	char *copy;

	copy = kmalloc(strlen(name) + 1, GFP_KERNEL);
	if (!copy)
		return NULL;
	memcpy(copy, name, strlen(name) + 1);
	return copy;
}

void *fx_dup_head(const void *src, size_t size)
{
	void *copy;

	copy = kmalloc(size, GFP_KERNEL);
	if (!copy)
		return NULL;
	memcpy(copy, src, size / 2);
	return copy;
}
