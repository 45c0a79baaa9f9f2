/* Testing the address of a variable or field against NULL. */

int fx_check(struct fx_priv *priv)
{
	if (&priv->lock == NULL)
		return -EINVAL;
	return 0;
}

int fx_has_stats(struct fx_dev *dev)
{
	return &dev->stats != NULL;
}

static struct fx_cfg fx_default_cfg;

bool fx_cfg_ok(void)
{
	return &fx_default_cfg != NULL;
}

/* Near miss: the pointer field itself. */
int fx_check_ptr(struct fx_priv *priv)
{
	if (priv->buf == NULL)
		return -EINVAL;
	return 0;
}
