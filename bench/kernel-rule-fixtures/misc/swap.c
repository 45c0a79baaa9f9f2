/* Open-coded swap(). */

void fx_swap_ends(struct fx_range *r)
{
	unsigned long tmp;

	tmp = r->start;
	r->start = r->end;
	r->end = tmp;
}

void fx_sort2(int *a, int *b)
{
	int t;

	if (*a > *b) {
		t = *a;
		*a = *b;
		*b = t;
	}
	fx_log(t);
}

/* Near miss: a rotation of three values. */
void fx_rotate(int *a, int *b, int *c)
{
	int t;

	t = *a;
	*a = *b;
	*b = *c;
	*c = t;
}
