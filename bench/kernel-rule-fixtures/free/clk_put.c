/* clk_get, then an error path that returns without clk_put, then a clk_put later. */

int fx_clk_enable_bad(struct device *dev, int rate)
{
	struct clk *clk;
	int err;

	clk = clk_get(dev, "core");
	if (IS_ERR(clk))
		return PTR_ERR(clk);
	err = clk_set_rate(clk, rate);
	if (err) {
		dev_err(dev, "cannot set rate\n");
		return err;
	}
	clk_put(clk);
	return 0;
}

int fx_clk_two_paths(struct fx_priv *priv)
{
	priv->clk = clk_get(priv->dev, NULL);
	if (IS_ERR(priv->clk))
		return -ENODEV;
	if (priv->flags & 1) {
		priv->count++;
		return -EBUSY;
	}
	clk_put(priv->clk);
	return 0;
}

/* Near miss: the error path puts the clock. */
int fx_clk_ok(struct device *dev, int rate)
{
	struct clk *clk;
	int err;

	clk = clk_get(dev, "core");
	if (IS_ERR(clk))
		return PTR_ERR(clk);
	err = clk_set_rate(clk, rate);
	if (err) {
		clk_put(clk);
		return err;
	}
	clk_put(clk);
	return 0;
}
