/* An error branch that returns with the lock still held. */

int fx_update(struct fx_priv *priv, int val)
{
	mutex_lock(&priv->mutex);
	if (val < 0)
		return -EINVAL;
	priv->val = val;
	mutex_unlock(&priv->mutex);
	return 0;
}

int fx_take(struct fx_queue *q)
{
	int item;

	spin_lock(&q->lock);
	if (list_empty(&q->items)) {
		q->misses++;
		return -EAGAIN;
	}
	item = fx_pop(q);
	spin_unlock(&q->lock);
	return item;
}

/* Near miss: the branch unlocks before returning. */
int fx_update_ok(struct fx_priv *priv, int val)
{
	mutex_lock(&priv->mutex);
	if (val < 0) {
		mutex_unlock(&priv->mutex);
		return -EINVAL;
	}
	priv->val = val;
	mutex_unlock(&priv->mutex);
	return 0;
}
