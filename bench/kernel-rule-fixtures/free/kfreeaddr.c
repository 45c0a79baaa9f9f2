/* kfree of the address of a structure field. */

void fx_free_field(struct fx_priv *priv)
{
	kfree(&priv->hdr);
}

void fx_free_nested(struct fx_dev *dev)
{
	kfree_sensitive(&dev->priv->key);
}

/* Near miss: the field is a pointer, freed by value. */
void fx_free_ptr_field(struct fx_priv *priv)
{
	kfree(priv->buf);
}
