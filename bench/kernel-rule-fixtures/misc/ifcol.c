/* Code after an if aligned with the if's branch. */

void fx_reset(struct fx_priv *priv)
{
	if (priv->running)
		fx_stop(priv);
		priv->running = 0;
	fx_clear(priv);
}

int fx_check(struct fx_dev *dev)
{
	if (!dev->ready)
		fx_wait(dev);
		fx_poll(dev);
	return 0;
}

/* Near miss: properly indented. */
void fx_reset_ok(struct fx_priv *priv)
{
	if (priv->running)
		fx_stop(priv);
	priv->running = 0;
}
