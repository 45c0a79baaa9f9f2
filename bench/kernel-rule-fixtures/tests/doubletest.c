/* The same operand twice in a chain of && or ||. */

int fx_ready(struct fx_priv *priv)
{
	return priv->enabled && priv->count > 0 && priv->enabled;
}

int fx_idle(struct fx_dev *dev)
{
	if (dev->state == 0 || dev->busy || dev->state == 0)
		return 1;
	return 0;
}

/* Near misses: distinct operands, or an operand with a side effect. */
int fx_ready_ok(struct fx_priv *priv)
{
	return priv->enabled && priv->count > 0;
}

int fx_poll_twice(struct fx_dev *dev)
{
	return fx_poll(dev) || fx_poll(dev);
}
