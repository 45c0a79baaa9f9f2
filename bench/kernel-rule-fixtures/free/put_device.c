/* of_find_device_by_node without put_device on a return path. */

int fx_attach(struct device_node *np, struct fx_priv *priv)
{
	struct platform_device *pdev;

	pdev = of_find_device_by_node(np);
	if (!pdev)
		return -EPROBE_DEFER;
	if (!pdev->dev.driver)
		return -ENODEV;
	priv->count++;
	return 0;
}

int fx_lookup(struct device_node *np)
{
	struct platform_device *pdev;
	int irq;

	pdev = of_find_device_by_node(np);
	if (pdev == NULL)
		return -ENODEV;
	irq = platform_get_irq(pdev, 0);
	return irq;
}

/* Near miss: the reference is dropped before returning. */
int fx_attach_ok(struct device_node *np)
{
	struct platform_device *pdev;
	int irq;

	pdev = of_find_device_by_node(np);
	if (!pdev)
		return -ENODEV;
	irq = platform_get_irq(pdev, 0);
	put_device(&pdev->dev);
	return irq;
}
