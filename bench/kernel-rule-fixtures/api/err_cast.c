/* ERR_PTR(PTR_ERR(x)) where ERR_CAST(x) would do. */

struct fx_obj *fx_lookup(struct fx_dir *dir, const char *name)
{
	struct fx_entry *e;

	e = fx_find_entry(dir, name);
	if (IS_ERR(e))
		return ERR_PTR(PTR_ERR(e));
	return e->obj;
}

void *fx_map(struct fx_priv *priv)
{
	if (IS_ERR(priv->base))
		return ERR_PTR(PTR_ERR(priv->base));
	return priv->base + 16;
}

/* Near miss: the error code is changed on the way. */
void *fx_map_ok(struct fx_priv *priv)
{
	if (IS_ERR(priv->base))
		return ERR_PTR(PTR_ERR(priv->base) - 1);
	return ERR_CAST(priv->base);
}
