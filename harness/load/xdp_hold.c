// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bpf/libbpf.h>
#include <linux/if_link.h>

#include "base/util.h"
#include "load/xdp_hold.h"

int xdp_hold_open(struct xdp_hold *h)
{
	int err;

	h->held = -1;
	h->swaps = 0;
	h->ifindex = 0;
	h->home_ns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (h->home_ns < 0) {
		err = -errno;
		snprintf(h->why, sizeof(h->why), "/proc/self/ns/net: %s", strerror(errno));
		return err;
	}
	if (unshare(CLONE_NEWNET)) {
		err = -errno;
		snprintf(h->why, sizeof(h->why), "a network namespace of its own: %s",
			 strerror(errno));
		close(h->home_ns);
		h->home_ns = -1;
		return err;
	}
	h->ifindex = if_nametoindex("lo");
	if (!h->ifindex) {
		err = -errno;
		snprintf(h->why, sizeof(h->why), "no loopback in its namespace: %s", strerror(errno));
		xdp_hold_close(h);
		return err;
	}
	h->why[0] = '\0';
	return 0;
}

int xdp_hold(struct xdp_hold *h, int prog_fd)
{
	int err;

	if (prog_fd == h->held)
		return 0;
	err = bpf_xdp_attach(h->ifindex, prog_fd, XDP_FLAGS_SKB_MODE, NULL);
	if (err) {
		snprintf(h->why, sizeof(h->why), "attaching to the loopback: %s", strerror(-err));
		return err;
	}
	h->held = prog_fd;
	h->swaps++;
	return 0;
}

void xdp_hold_close(struct xdp_hold *h)
{
	if (h->home_ns < 0)
		return;
	if (h->held >= 0)
		bpf_xdp_detach(h->ifindex, XDP_FLAGS_SKB_MODE, NULL);
	h->held = -1;
	/* The namespace, its loopback with it, goes when nothing holds it. */
	if (setns(h->home_ns, CLONE_NEWNET))
		pr_warn("cannot return to the network namespace: %s", strerror(errno));
	close(h->home_ns);
	h->home_ns = -1;
}
