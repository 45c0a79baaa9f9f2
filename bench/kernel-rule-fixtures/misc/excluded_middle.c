/* !A || (A && B), which is !A || B. */

bool fx_may_skip(struct fx_priv *priv)
{
	return !priv->enabled || (priv->enabled && priv->idle);
}

int fx_done(struct fx_req *req)
{
	if (!req || (req && req->status == 0))
		return 1;
	return 0;
}

/* Near miss: B tested against another value. */
int fx_done_ok(struct fx_req *req, struct fx_req *other)
{
	if (!req || (other && req->status == 0))
		return 1;
	return 0;
}
