/* Bitmask constants combined with + instead of |. */

#define FX_IRQ_RX	0x01
#define FX_IRQ_TX	0x02
#define FX_IRQ_ERR	0x04

void fx_enable(struct fx_priv *priv)
{
	fx_write(priv, FX_IRQ_RX + FX_IRQ_TX);
}

int fx_pending(struct fx_priv *priv)
{
	return priv->status & FX_IRQ_ERR;
}

int fx_rx_pending(struct fx_priv *priv)
{
	return priv->status & FX_IRQ_RX;
}

/* Near miss: constants that are never used as masks. */
#define FX_HDR_LEN	8
#define FX_CRC_LEN	4

int fx_frame_len(void)
{
	return FX_HDR_LEN + FX_CRC_LEN;
}
