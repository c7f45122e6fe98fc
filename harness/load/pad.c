// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "../progs/layout.h"
#include "base/util.h"
#include "load/pad.h"

/*
 * --pad (layout.h, "Known slowdown"): libbpf hands every program to
 * pad_prepare just before loading it, with its final instructions (the
 * subprograms it calls appended), where the jump of each pad site is
 * shortened to run the last N of its no-op instructions.  libbpf's handlers
 * are process-wide, so the N of the object being loaded lives here.
 */
static struct {
	int pad;
	int sites;	/* found in the programs loaded so far */
} pad_load;

static bool is_pad_site(const struct bpf_insn *insn, size_t left)
{
	if (left <= TB_PAD_SLOTS || insn->code != (BPF_JMP | BPF_JGE | BPF_K) || insn->imm ||
	    insn->off != TB_PAD_SLOTS)
		return false;
	for (int i = 1; i <= TB_PAD_SLOTS; i++)
		if (insn[i].code != (BPF_ALU64 | BPF_ADD | BPF_K) || insn[i].imm ||
		    insn[i].dst_reg != insn->dst_reg)
			return false;
	return true;
}

int pad_program(struct bpf_insn *insns, size_t n, int pad)
{
	int sites = 0;

	for (size_t i = 0; i < n; i++) {
		if (!is_pad_site(&insns[i], n - i))
			continue;
		insns[i].off = TB_PAD_SLOTS - pad;
		sites++;
		i += TB_PAD_SLOTS;
	}
	return sites;
}

static int pad_prepare(struct bpf_program *prog, struct bpf_prog_load_opts *opts, long cookie)
{
	size_t n = bpf_program__insn_cnt(prog);
	struct bpf_insn *insns = xcalloc(n, sizeof(*insns));
	int err = 0;

	(void)opts;
	(void)cookie;
	memcpy(insns, bpf_program__insns(prog), n * sizeof(*insns));
	pad_load.sites += pad_program(insns, n, pad_load.pad);
	if (pad_load.pad)
		err = bpf_program__set_insns(prog, insns, n);
	free(insns);
	return err;
}

/* Our handlers for the sections gen.c writes, with libbpf's types for them. */
int pad_begin(int pad)
{
	static int err = 1;
	LIBBPF_OPTS(libbpf_prog_handler_opts, opts, .prog_prepare_load_fn = pad_prepare);

	if (err > 0) {
		err = libbpf_register_prog_handler("xdp", BPF_PROG_TYPE_XDP, BPF_XDP, &opts);
		if (err >= 0)
			err = libbpf_register_prog_handler("tc", BPF_PROG_TYPE_SCHED_CLS, 0, &opts);
		err = err < 0 ? err : 0;
	}
	pad_load.pad = pad;
	pad_load.sites = 0;
	return err;
}

int pad_sites(void)
{
	return pad_load.sites;
}
