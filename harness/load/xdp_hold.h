/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xdp_hold: keeps one XDP program in the kernel's XDP dispatcher between
 * test_run calls.  An XDP test_run of more than one run adds its program
 * to the dispatcher and removes it again, each a dispatcher update that
 * waits for an RCU grace period (milliseconds); a program already there
 * (attached to a device) only has its count raised.  The device is the
 * loopback of a network namespace of our own: down, so no packet ever runs
 * the program, and gone with the process, whatever ends it.
 */
#ifndef TB_XDP_HOLD_H
#define TB_XDP_HOLD_H

struct xdp_hold {
	int home_ns;		/* the namespace to return to; -1: not open */
	int ifindex;
	int held;		/* the program attached, -1: none */
	long swaps;		/* attachments made */
	char why[128];		/* why holding is off, when it is */
};

/* Enters a fresh network namespace; 0, or a negative errno with h->why. */
int xdp_hold_open(struct xdp_hold *h);
/* Attaches prog_fd in place of the program held (one dispatcher update),
 * unless it is held already. */
int xdp_hold(struct xdp_hold *h, int prog_fd);
/* Detaches, and returns to the namespace it came from. */
void xdp_hold_close(struct xdp_hold *h);

#endif
