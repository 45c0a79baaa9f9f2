/* Freeing with the plain function what a devm_ function allocated. */

int fx_probe(struct platform_device *pdev)
{
	struct fx_priv *priv;

	priv = devm_kzalloc(&pdev->dev, sizeof(*priv), GFP_KERNEL);
	if (!priv)
		return -ENOMEM;
	if (fx_init(priv)) {
		kfree(priv);
		return -EIO;
	}
	return 0;
}

int fx_probe_name(struct device *dev, struct fx_priv *priv)
{
	priv->name = devm_kasprintf(dev, GFP_KERNEL, "fx-%d", priv->id);
	if (!priv->name)
		return -ENOMEM;
	return 0;
}

void fx_remove(struct fx_priv *priv)
{
	kfree(priv->name);
}

int fx_map(struct device *dev, struct fx_priv *priv)
{
	priv->regs = devm_ioremap(dev, priv->start, priv->len);
	if (!priv->regs)
		return -ENOMEM;
	if (fx_check(priv->regs)) {
		iounmap(priv->regs);
		return -ENODEV;
	}
	return 0;
}

/* Near miss: allocated with kmalloc, freed with kfree. */
int fx_plain(struct fx_priv *priv)
{
	char *buf;

	buf = kmalloc(64, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	kfree(buf);
	return 0;
}
