/* PTR_ERR applied after the value was set to a constant. */

int fx_get_clk(struct fx_priv *priv)
{
	priv->clk = devm_clk_get(priv->dev, "core");
	if (IS_ERR(priv->clk)) {
		priv->clk = NULL;
		return PTR_ERR(priv->clk);
	}
	return 0;
}

int fx_get_regulator(struct device *dev)
{
	struct regulator *reg;

	reg = devm_regulator_get(dev, "vdd");
	if (IS_ERR(reg)) {
		reg = NULL;
		dev_err(dev, "no regulator\n");
		return PTR_ERR(reg);
	}
	return 0;
}

/* Near miss: PTR_ERR taken first. */
int fx_get_clk_ok(struct fx_priv *priv)
{
	int err;

	priv->clk = devm_clk_get(priv->dev, "core");
	if (IS_ERR(priv->clk)) {
		err = PTR_ERR(priv->clk);
		priv->clk = NULL;
		return err;
	}
	return 0;
}
