// SPDX-License-Identifier: GPL-2.0
/*
 * A link state machine: enums, switch with fall-through, do { } while (0)
 * macros, nested ternaries and a table of transitions.
 */
#include <linux/kernel.h>
#include <linux/bug.h>

enum link_state {
	LINK_DOWN,
	LINK_TRAINING,
	LINK_UP,
	LINK_ERROR = 0x10,
	LINK_NR_STATES,
};

struct link {
	enum link_state state;
	unsigned int retries;
	unsigned int speed;
	unsigned long events;
};

#define LINK_MAX_RETRIES	3

#define link_set(l, s)				\
	do {					\
		(l)->events |= 1UL << (s);	\
		(l)->state = (s);		\
	} while (0)

static const char *const link_names[LINK_NR_STATES] = {
	[LINK_DOWN]	= "down",
	[LINK_TRAINING]	= "training",
	[LINK_UP]	= "up",
	[LINK_ERROR]	= "error",
};

static unsigned int link_speed_for(unsigned int lanes, bool fast)
{
	return lanes >= 4 ? (fast ? 16000 : 8000)
			  : lanes >= 2 ? (fast ? 8000 : 5000)
				       : fast ? 2500 : 1250;
}

int link_step(struct link *l, bool ok, unsigned int lanes)
{
	switch (l->state) {
	case LINK_DOWN:
		l->retries = 0;
		/* fall through */
	case LINK_TRAINING:
		if (!ok) {
			if (++l->retries > LINK_MAX_RETRIES)
				link_set(l, LINK_ERROR);
			break;
		}
		l->speed = link_speed_for(lanes, l->retries == 0);
		link_set(l, LINK_UP);
		break;
	case LINK_UP:
		if (ok)
			break;
		/* fallthrough */
	case LINK_ERROR:
		link_set(l, LINK_DOWN);
		do {
			l->speed >>= 1;
		} while (l->speed > 1250);
		return -EIO;
	default:
		WARN_ON(1);
		return -EINVAL;
	}
	return 0;
}

const char *link_name(const struct link *l)
{
	return (unsigned int)l->state < LINK_NR_STATES && link_names[l->state] ?
		link_names[l->state] : "?";
}
