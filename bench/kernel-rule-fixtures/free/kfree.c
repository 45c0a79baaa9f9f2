/* Uses of a pointer after kfree. */

int fx_use_after_free(struct fx_priv *priv)
{
	int id;

	kfree(priv);
	id = priv->id;
	return id;
}

void fx_free_then_log(struct fx_buf *buf)
{
	kfree_sensitive(buf->data);
	fx_log(buf->data[0]);
}

void fx_free_in_branch(struct fx_priv *priv, int err)
{
	if (err)
		kfree(priv->name);
	fx_rename(priv->name, err);
}

/* Near misses: reassigned after the free, or only compared with NULL. */
void fx_free_and_reset(struct fx_priv *priv)
{
	kfree(priv->name);
	priv->name = NULL;
}

void fx_free_checked(struct fx_priv *priv)
{
	kfree(priv->name);
	if (!priv->name)
		fx_log(0);
}
