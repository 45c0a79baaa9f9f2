/* Unneeded semicolons after blocks. */

int fx_check(struct fx_priv *priv)
{
	if (priv->broken) {
		fx_reset(priv);
		return -EIO;
	};
	return 0;
}

void fx_loop(struct fx_priv *priv)
{
	int i;

	for (i = 0; i < priv->n; i++) {
		fx_poll(priv, i);
	};
	switch (priv->mode) {
	case 0:
		fx_idle(priv);
		break;
	};
}

/* Near miss: an empty statement as a loop body, and a struct definition. */
struct fx_pair {
	int a, b;
};

void fx_spin(struct fx_priv *priv)
{
	while (!fx_ready(priv))
		;
}
