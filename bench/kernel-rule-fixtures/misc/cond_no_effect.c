/* if and else branches that are the same. */

int fx_mode(struct fx_priv *priv)
{
	if (priv->fast)
		return fx_run(priv, 1);
	else
		return fx_run(priv, 1);
}

void fx_set(struct fx_dev *dev, int val)
{
	if (val > 10) {
		dev->val = val;
		fx_commit(dev);
	} else if (val > 5) {
		dev->val = 5;
	} else {
		dev->val = 5;
	}
}

/* Near miss: different branches. */
int fx_mode_ok(struct fx_priv *priv)
{
	if (priv->fast)
		return fx_run(priv, 1);
	else
		return fx_run(priv, 0);
}
