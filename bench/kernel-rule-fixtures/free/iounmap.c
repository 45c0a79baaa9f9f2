/* ioremap, then an error path that returns without iounmap, then an iounmap later. */

int fx_map_bad(struct fx_dev *dev)
{
	void __iomem *base;
	int err;

	base = ioremap(dev->start, 0x1000);
	if (!base)
		return -ENOMEM;
	err = fx_check(base);
	if (err) {
		dev_err(dev->dev, "bad id\n");
		return err;
	}
	iounmap(base);
	return 0;
}

int fx_map_two_paths(struct fx_priv *priv)
{
	priv->base = ioremap(priv->phys, 0x100);
	if (priv->base == NULL)
		return -ENODEV;
	if (priv->flags & 1) {
		priv->count++;
		return -EBUSY;
	}
	iounmap(priv->base);
	return 0;
}

/* Near miss: the error path unmaps. */
int fx_map_ok(struct fx_dev *dev)
{
	void __iomem *base;
	int err;

	base = ioremap(dev->start, 0x1000);
	if (!base)
		return -ENOMEM;
	err = fx_check(base);
	if (err) {
		iounmap(base);
		return err;
	}
	iounmap(base);
	return 0;
}
