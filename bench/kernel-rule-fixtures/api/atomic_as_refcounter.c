/* atomic_t used as a reference counter. */

void fx_obj_put(struct fx_obj *obj)
{
	if (atomic_dec_and_test(&obj->refs))
		kfree(obj);
}

void fx_conn_put(struct fx_conn *conn)
{
	struct fx_conn *c;

	if (atomic_long_dec_and_test(&conn->usage)) {
		c = conn;
		fx_conn_free(c, 0);
	}
}

int fx_try_get(struct fx_obj *obj)
{
	return atomic_add_unless(&obj->refs, -1, 1);
}

void fx_drop(struct fx_obj *obj)
{
	int left;

	left = atomic_add_return(-1, &obj->refs);
	fx_log(left);
}

/* Near miss: a counter that is not a reference count. */
void fx_stat(struct fx_obj *obj)
{
	atomic_inc(&obj->hits);
	fx_log(atomic_read(&obj->hits));
}
