/* printk followed by WARN_ON(1): WARN(1, ...) does both. */

void fx_check_state(struct fx_priv *priv)
{
	if (priv->state > 3) {
		printk(KERN_ERR "fx: bad state %d\n", priv->state);
		WARN_ON(1);
	}
}

void fx_check_once(struct fx_priv *priv)
{
	printk(KERN_WARNING "fx: unexpected irq\n");
	WARN_ON_ONCE(1);
}

/* Near miss: two printks before the WARN_ON (a multi-line message). */
void fx_dump(struct fx_priv *priv)
{
	printk(KERN_ERR "fx: state %d\n", priv->state);
	printk(KERN_ERR "fx: flags %x\n", priv->flags);
	WARN_ON(1);
}
