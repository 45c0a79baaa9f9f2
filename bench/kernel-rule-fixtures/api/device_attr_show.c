/* A sysfs show() that returns snprintf's result. */

static ssize_t fx_mode_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct fx_priv *priv = dev_get_drvdata(dev);

	return snprintf(buf, PAGE_SIZE, "%d\n", priv->mode);
}

static ssize_t fx_name_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct fx_priv *priv = dev_get_drvdata(dev);

	if (!priv->name)
		return snprintf(buf, PAGE_SIZE, "none\n");
	return sprintf(buf, "%s\n", priv->name);
}

/* Near miss: scnprintf, and snprintf outside a show(). */
static ssize_t fx_id_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return scnprintf(buf, PAGE_SIZE, "%d\n", 3);
}

int fx_format(char *buf, size_t len, int id)
{
	return snprintf(buf, len, "fx%d", id);
}
