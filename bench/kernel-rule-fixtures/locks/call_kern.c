/* A function that allocates with GFP_KERNEL, called under a spinlock. */

static int fx_add_entry(struct fx_priv *priv, int id)
{
	struct fx_entry *e;

	e = kmalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	e->id = id;
	list_add(&e->list, &priv->entries);
	return 0;
}

int fx_insert(struct fx_priv *priv, int id)
{
	int err;

	spin_lock(&priv->lock);
	err = fx_add_entry(priv, id);
	spin_unlock(&priv->lock);
	return err;
}

int fx_insert_irqsave(struct fx_priv *priv, int id)
{
	unsigned long flags;
	int err;

	spin_lock_irqsave(&priv->lock, flags);
	err = fx_add_entry(priv, id);
	spin_unlock_irqrestore(&priv->lock, flags);
	return err;
}

/* Near miss: called after the lock is released. */
int fx_insert_unlocked(struct fx_priv *priv, int id)
{
	spin_lock(&priv->lock);
	priv->count++;
	spin_unlock(&priv->lock);
	return fx_add_entry(priv, id);
}
