/* Netlink extack messages ending in a newline. */

static int fx_validate(struct nlattr **tb, struct netlink_ext_ack *extack)
{
	if (!tb[FX_ATTR_ID]) {
		NL_SET_ERR_MSG(extack, "missing id\n");
		return -EINVAL;
	}
	if (!tb[FX_ATTR_MODE]) {
		NL_SET_ERR_MSG_MOD(extack, "missing mode\n");
		return -EINVAL;
	}
	return 0;
}

static int fx_genl_cmd(struct sk_buff *skb, struct genl_info *info)
{
	GENL_SET_ERR_MSG(info, "not supported\n");
	return -EOPNOTSUPP;
}

/* Near miss: no trailing newline. */
static int fx_validate_ok(struct nlattr **tb, struct netlink_ext_ack *extack)
{
	if (!tb[FX_ATTR_ID]) {
		NL_SET_ERR_MSG(extack, "missing id");
		return -EINVAL;
	}
	return 0;
}
