/* A variable that only carries a constant to the return. */

int fx_init_hw(struct fx_priv *priv)
{
	int ret = 0;

	fx_write(priv, 0, 1);
	fx_write(priv, 4, 0);
	return ret;
}

static long fx_default(void)
{
	long err = -EINVAL;

	return err;
}

/* Near miss: the variable is assigned on the way. */
int fx_init_ok(struct fx_priv *priv)
{
	int ret = 0;

	if (priv->broken)
		ret = -EIO;
	return ret;
}
