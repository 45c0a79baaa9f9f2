/* Clearing memory by hand just before freeing it. */

void fx_free_key(struct fx_key *key)
{
	memset(key, 0, sizeof(*key));
	kfree(key);
}

void fx_free_secret(struct fx_priv *priv)
{
	memzero_explicit(priv->secret, priv->secret_len);
	kvfree(priv->secret);
}

/* Near misses: the memory is used in between, or cleared only conditionally. */
void fx_free_used(struct fx_key *key)
{
	memset(key, 0, sizeof(*key));
	fx_log(key);
	kfree(key);
}

void fx_free_cond(struct fx_key *key, int wipe)
{
	if (wipe)
		memset(key, 0, sizeof(*key));
	kfree(key);
}
