/* An error message after platform_get_irq, which prints one itself. */

static int fx_probe(struct platform_device *pdev)
{
	int irq;

	irq = platform_get_irq(pdev, 0);
	if (irq < 0) {
		dev_err(&pdev->dev, "no irq\n");
		return irq;
	}
	return 0;
}

static int fx_probe_named(struct platform_device *pdev, struct fx_priv *priv)
{
	priv->irq = platform_get_irq_byname(pdev, "tx");
	if (priv->irq <= 0) {
		if (priv->irq != -EPROBE_DEFER) {
			dev_err(&pdev->dev, "no tx irq\n");
		}
		return priv->irq;
	}
	return 0;
}

/* Near miss: the optional variant prints nothing. */
static int fx_probe_optional(struct platform_device *pdev)
{
	int irq;

	irq = platform_get_irq_optional(pdev, 0);
	if (irq < 0) {
		dev_err(&pdev->dev, "no irq\n");
		return irq;
	}
	return 0;
}
