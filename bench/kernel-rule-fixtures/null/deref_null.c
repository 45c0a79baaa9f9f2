/* A pointer dereferenced on the branch where it is known to be NULL. */

int fx_check_dev(struct fx_dev *dev)
{
	if (dev == NULL) {
		pr_err("no device %d\n", dev->id);
		return -ENODEV;
	}
	return dev->id;
}

void fx_report(struct fx_priv *priv)
{
	if (!priv || priv->broken) {
		fx_log(priv->name);
		return;
	}
	fx_log("ok");
}

/* Near misses: the pointer is reassigned first, or only used on the other branch. */
int fx_check_reset(struct fx_dev *dev)
{
	if (dev == NULL) {
		dev = fx_default_dev();
		return dev->id;
	}
	return dev->id;
}

int fx_check_else(struct fx_dev *dev)
{
	if (dev == NULL)
		return -ENODEV;
	else
		return dev->id;
}
