/* SPDX-License-Identifier: GPL-2.0 */
/* Shell completion, made from the command table and each command's --help. */
#ifndef TB_COMPLETE_H
#define TB_COMPLETE_H

#include <stdio.h>

#include "cmd/cmds.h"

/*
 * Writes a bash completion script to out: the commands of cmds[0..n), the
 * global options in globals (a NULL-terminated list), each command's long
 * options as its --help names them (without the global ones), and the
 * scenario names for -s/--scenario.
 */
void complete_bash(FILE *out, const struct cmd *cmds, int n, const char *const *globals);

#endif
