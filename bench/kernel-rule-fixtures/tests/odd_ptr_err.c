/* PTR_ERR of another value than the one IS_ERR tested. */

int fx_get_clocks(struct fx_priv *priv)
{
	priv->bus_clk = devm_clk_get(priv->dev, "bus");
	if (IS_ERR(priv->bus_clk))
		return PTR_ERR(priv->core_clk);
	priv->core_clk = devm_clk_get(priv->dev, "core");
	if (IS_ERR(priv->core_clk))
		return PTR_ERR(priv->core_clk);
	return 0;
}

int fx_map(struct fx_dev *dev)
{
	void __iomem *base, *regs;

	base = devm_ioremap_resource(dev->dev, dev->res);
	regs = fx_regs(base);
	if (IS_ERR(regs)) {
		dev_err(dev->dev, "no regs\n");
		return PTR_ERR(base);
	}
	dev->regs = regs;
	return 0;
}

/* Near miss: the tested value is the one converted. */
int fx_get_reset(struct fx_priv *priv)
{
	priv->rst = devm_reset_control_get(priv->dev, NULL);
	if (IS_ERR(priv->rst))
		return PTR_ERR(priv->rst);
	return 0;
}
