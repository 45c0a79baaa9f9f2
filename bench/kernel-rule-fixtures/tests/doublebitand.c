/* The same operand twice in a chain of & or |. */

#define FX_READ		0x1
#define FX_WRITE	0x2
#define FX_EXEC		0x4

unsigned int fx_mode(unsigned int flags)
{
	return flags & (FX_READ | FX_WRITE | FX_READ);
}

int fx_both(struct fx_priv *priv)
{
	return priv->mask & FX_EXEC & priv->mask;
}

int fx_either(int a, int b)
{
	return a | b | !a;
}

/* Near miss: distinct operands. */
unsigned int fx_all(unsigned int flags)
{
	return flags & (FX_READ | FX_WRITE | FX_EXEC);
}
