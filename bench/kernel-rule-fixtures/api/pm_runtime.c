/* IS_ERR_VALUE on the result of a pm_runtime call. */

int fx_resume(struct device *dev)
{
	int ret;

	ret = pm_runtime_get_sync(dev);
	if (IS_ERR_VALUE(ret))
		return ret;
	return 0;
}

int fx_idle(struct fx_priv *priv)
{
	priv->err = pm_runtime_put_sync(priv->dev);
	fx_log(priv);
	if (IS_ERR_VALUE(priv->err))
		dev_warn(priv->dev, "put failed\n");
	return 0;
}

/* Near miss: a plain comparison. */
int fx_resume_ok(struct device *dev)
{
	int ret;

	ret = pm_runtime_resume(dev);
	if (ret < 0)
		return ret;
	return 0;
}
