// SPDX-License-Identifier: GPL-2.0
#include <signal.h>
#include <stddef.h>

#include "measure/stop.h"

static volatile sig_atomic_t caught;

static void on_stop_signal(int sig)
{
	if (!caught)
		caught = sig;
}

void stop_catch_signals(void)
{
	/* No SA_RESTART: a test_run in progress returns EINTR at once. */
	struct sigaction sa = { .sa_handler = on_stop_signal };

	/*
	 * Each handler blocks the other signal.  When both are pending (a
	 * test_run that does not return at once, say), the kernel would
	 * otherwise stack the second handler's frame on top of the first's,
	 * so the later signal's handler would run first and decide.
	 */
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGINT);
	sigaddset(&sa.sa_mask, SIGTERM);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

int stop_signal(void)
{
	return caught;
}
