/* Nested spin_lock_irqsave calls that reuse one flags variable. */

void fx_move(struct fx_queue *from, struct fx_queue *to)
{
	unsigned long flags;

	spin_lock_irqsave(&from->lock, flags);
	spin_lock_irqsave(&to->lock, flags);
	fx_move_items(from, to);
	spin_unlock_irqrestore(&to->lock, flags);
	spin_unlock_irqrestore(&from->lock, flags);
}

void fx_rw_nested(struct fx_priv *priv)
{
	unsigned long flags;

	read_lock_irqsave(&priv->rwlock, flags);
	priv->count++;
	write_lock_irqsave(&priv->other, flags);
	write_unlock_irqrestore(&priv->other, flags);
	read_unlock_irqrestore(&priv->rwlock, flags);
}

/* Near miss: two flags variables. */
void fx_move_ok(struct fx_queue *from, struct fx_queue *to)
{
	unsigned long flags1, flags2;

	spin_lock_irqsave(&from->lock, flags1);
	spin_lock_irqsave(&to->lock, flags2);
	fx_move_items(from, to);
	spin_unlock_irqrestore(&to->lock, flags2);
	spin_unlock_irqrestore(&from->lock, flags1);
}
