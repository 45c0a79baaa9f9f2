/* The same lock taken twice on a path. */

void fx_double(struct fx_priv *priv)
{
	mutex_lock(&priv->mutex);
	priv->count++;
	mutex_lock(&priv->mutex);
	mutex_unlock(&priv->mutex);
}

void fx_double_branch(struct fx_priv *priv, int flag)
{
	spin_lock(&priv->lock);
	if (flag)
		priv->count++;
	else
		spin_unlock(&priv->lock);
	spin_lock(&priv->lock);
	spin_unlock(&priv->lock);
}

/* Near miss: unlocked in between. */
void fx_relock(struct fx_priv *priv)
{
	mutex_lock(&priv->mutex);
	priv->count++;
	mutex_unlock(&priv->mutex);
	fx_wait(priv);
	mutex_lock(&priv->mutex);
	mutex_unlock(&priv->mutex);
}
