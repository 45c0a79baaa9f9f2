/* Threaded IRQs without a primary handler, requested without IRQF_ONESHOT. */

static int fx_setup_irq(struct fx_priv *priv)
{
	return request_threaded_irq(priv->irq, NULL, fx_irq_thread,
				    IRQF_TRIGGER_LOW, "fx", priv);
}

static int fx_probe(struct platform_device *pdev, struct fx_priv *priv)
{
	return devm_request_threaded_irq(&pdev->dev, priv->irq, NULL,
					 fx_irq_thread, 0, "fx", priv);
}

/* Near misses: IRQF_ONESHOT given, directly or through a variable. */
static int fx_setup_irq_ok(struct fx_priv *priv)
{
	return request_threaded_irq(priv->irq, NULL, fx_irq_thread,
				    IRQF_ONESHOT | IRQF_TRIGGER_LOW, "fx", priv);
}

static int fx_setup_irq_flags(struct fx_priv *priv)
{
	unsigned long flags;

	flags = IRQF_ONESHOT | IRQF_SHARED;
	request_threaded_irq(priv->irq, NULL, fx_irq_thread, flags, "fx", priv);
	return 0;
}
