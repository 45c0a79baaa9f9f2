/* A field initialized twice in one structure initializer. */

static struct fx_ops fx_default_ops = {
	.open = fx_open,
	.read = fx_read,
	.release = fx_release,
	.read = fx_read_fast,
};

static struct fx_cfg fx_cfg = {
	.mode = 1,
	.rate = 9600,
	.mode = 2,
};

/* Near miss: every field once. */
static struct fx_ops fx_ops_ok = {
	.open = fx_open,
	.read = fx_read,
};
