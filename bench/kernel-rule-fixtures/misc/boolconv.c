/* ? true : false after an expression that is already a bool. */

bool fx_is_full(struct fx_queue *q)
{
	return q->len >= q->size ? true : false;
}

bool fx_ready(struct fx_priv *priv)
{
	return (priv->up && priv->link) ? true : false;
}

static bool fx_match(int a, int b)
{
	return a == b ? true : false;
}

/* Near misses: a plain value, and inverted results. */
bool fx_has_data(struct fx_queue *q)
{
	return q->len ? true : false;
}

bool fx_is_empty(struct fx_queue *q)
{
	return q->len > 0 ? false : true;
}
