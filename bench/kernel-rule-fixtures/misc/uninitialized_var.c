/* The uninitialized_var() idiom: a variable initialized to itself. */

int fx_pick(struct fx_priv *priv)
{
	int idx = idx;

	if (priv->n)
		idx = priv->first;
	return priv->n ? idx : -1;
}

unsigned long fx_save(struct fx_priv *priv)
{
	unsigned long flags = *(&(flags));

	if (priv->locked)
		spin_lock_irqsave(&priv->lock, flags);
	return flags;
}

void fx_reset(struct fx_priv *priv)
{
	int err;

	err = err;
	fx_log(err);
}

/* Near miss: initialized from another variable. */
int fx_copy(int val)
{
	int idx = val;

	return idx;
}
