/* A NULL test before dev_put/dev_hold, which accept NULL. */

void fx_release(struct fx_priv *priv)
{
	if (priv->ndev != NULL)
		dev_put(priv->ndev);
}

void fx_grab(struct net_device *dev)
{
	if (dev != NULL)
		dev_hold(dev);
}

void fx_release_tracked(struct fx_priv *priv)
{
	if (priv->ndev != NULL)
		dev_put_track(priv->ndev, &priv->tracker);
}

/* Near miss: the test does more than guard the put. */
void fx_release_count(struct fx_priv *priv)
{
	if (priv->ndev != NULL) {
		dev_put(priv->ndev);
		priv->count--;
	}
}
