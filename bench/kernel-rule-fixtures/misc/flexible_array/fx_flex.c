/* Zero-length and one-element trailing arrays, in a .c file. */

#include "fx_flex.h"

struct fx_msg {
	int type;
	struct fx_item items[1];
};

struct fx_wrapper {
	struct {
		int n;
		long vals[0];
	} inner;
};

int fx_msg_type(struct fx_msg *msg)
{
	return msg->type;
}
