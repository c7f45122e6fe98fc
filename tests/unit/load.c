// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of load: the generator's sources and the compiled objects the
 * loader reads (tail-call sites, --pad sites), and program info read back.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include "../progs/layout.h"
#include "base/util.h"
#include "load/loader.h"
#include "load/pad.h"
#include "load/proginfo.h"
#include "load/rv_zb.h"
#include "load/verifier_log.h"

#include "unit.h"

/* The generator's sources: every program the harness will ask for exists. */
static void test_generator(const char *builddir)
{
	char *cmd = xasprintf("%s/gen %s/chain_n3_s64.bpf.c", builddir, unit_tmpdir);
	char *src = xasprintf("%s/chain_n3_s64.bpf.c", unit_tmpdir);
	char line[512];
	int progs = 0, subs = 0, frames = 0, guarded = 0;
	FILE *f;

	CHECK(system(cmd) == 0, "gen: writes chain_n3_s64.bpf.c");
	f = fopen(src, "r");
	while (f && fgets(line, sizeof(line), f)) {
		progs += !strncmp(line, "int xdp_static_", 15) || !strncmp(line, "int tc_poisoned_", 16);
		subs += strstr(line, "int xdp_dynamic_sub") != NULL;
		frames += strstr(line, "TB_FRAME(64)") != NULL;
		guarded += strstr(line, "if (tb_sel)") != NULL;
	}
	if (f)
		fclose(f);
	CHECK(progs == 2 * TB_CHAIN_PROGS, "gen: %d programs per mode and type (got %d)",
	      TB_CHAIN_PROGS, progs / 2);
	CHECK(subs == 3, "gen: three nested subprograms per mode (got %d)", subs);
	/* 35 mains, and 3 subprograms for programs 0..33 and 3 for the last,
	 * per type and mode: the subprograms are emitted once. */
	CHECK(frames == 2 * 3 * (TB_CHAIN_PROGS + 2 * 3), "gen: every frame reserves 64 bytes (got %d)",
	      frames);
	CHECK(guarded == 2 * 3,
	      "gen: only the last program's call is guarded, once per type and mode (got %d)", guarded);
	free(cmd);
	cmd = xasprintf("%s/gen %s/chain_n9_s64.bpf.c 2>/dev/null", builddir, unit_tmpdir);
	CHECK(system(cmd) != 0, "gen: refuses a nest beyond 7");
	free(cmd);
	free(src);
}

/* The generated bpf_loop programs: flags a constant 0 (the verifier may
 * inline the loop) and, for bpf_loop_helper, flags it cannot see. */
static void test_gen_bpf_loop(const char *objdir)
{
	char *src = xasprintf("%s/baseline.bpf.c", objdir);
	char line[512];
	int inlined = 0, helper = 0, in = 0;
	FILE *f = fopen(src, "r");

	while (f && fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "int ", 4))
			in = strstr(line, "_bpf_loop_helper_") ? 2 : strstr(line, "_bpf_loop_") ? 1 : 0;
		inlined += in == 1 && strstr(line, "tb_loop_hop, NULL, 0);");
		helper += in == 2 && strstr(line, "tb_loop_hop, NULL, " TB_GLOBAL_SEL ");");
	}
	if (f)
		fclose(f);
	CHECK(inlined == 2 * TB_BASELINE_DEPTHS && helper == 2 * TB_BASELINE_DEPTHS,
	      "gen: bpf_loop with flags 0, bpf_loop_helper with flags from tb_sel, per type and "
	      "depth (%d, %d)", inlined, helper);
	free(src);
}

static int count_tail_calls(const struct bpf_program *p)
{
	const struct bpf_insn *insn = bpf_program__insns(p);
	int n = 0;

	for (size_t i = 0; i < bpf_program__insn_cnt(p); i++)
		n += insn[i].code == (BPF_JMP | BPF_CALL) && insn[i].src_reg == 0 &&
		     insn[i].imm == BPF_FUNC_tail_call;
	return n;
}

/* The --pad sites the loader finds, after checking it shortens their jump. */
static int count_pad_sites(const struct bpf_program *p)
{
	size_t n = bpf_program__insn_cnt(p);
	struct bpf_insn *insns = xcalloc(n, sizeof(*insns));
	int sites, shortened = 0;

	memcpy(insns, bpf_program__insns(p), n * sizeof(*insns));
	sites = pad_program(insns, n, 5);
	for (size_t i = 0; i < n; i++)
		shortened += insns[i].code == (BPF_JMP | BPF_JGE | BPF_K) &&
			     insns[i].off == TB_PAD_SLOTS - 5;
	free(insns);
	return sites == shortened ? sites : -1;
}

/*
 * The compiled objects: exactly one tail-call site per chain program (a
 * poisoned site must not be split into two by clang), and the subprogram
 * results stay opaque (a call result is used, not a folded constant); one
 * --pad site per chain program.
 */
static void test_objects(const char *objdir)
{
	char *path = xasprintf("%s/chain_n0_s0.bpf.o", objdir);
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	struct bpf_program *p;
	int progs = 0, bad = 0;

	CHECK(!libbpf_get_error(obj), "objects: %s opens", path);
	if (libbpf_get_error(obj))
		goto out;
	bpf_object__for_each_program(p, obj) {
		progs++;
		bad += count_tail_calls(p) != 1;
	}
	CHECK(progs == 2 * 3 * TB_CHAIN_PROGS && !bad,
	      "objects: %d chain programs, each with one tail-call site (%d without)", progs, bad);
	bad = 0;
	bpf_object__for_each_program(p, obj)
		bad += count_pad_sites(p) != 1;
	CHECK(!bad, "objects: every chain program has one --pad site (%d have not)", bad);
	bpf_object__close(obj);
out:
	free(path);
}

/*
 * Program info read back (root only: it loads a program): the arrays asked
 * for, each as long as the figures say, the figures alone when none is, and
 * the loader's metrics from the same info.
 */
static void test_proginfo(void)
{
	char *path = xasprintf("%s/" TB_CHAIN_OBJ_FMT, unit_objdir, 0, 0);
	struct strlist progs = {};
	struct proginfo pi, bare;
	struct progset f;
	uint32_t funcs = 0;
	int fd;

	if (geteuid()) {
		printf("ok - proginfo # SKIP needs root to load a program\n");
		free(path);
		return;
	}
	strlist_addf(&progs, TB_CHAIN_PROG_FMT, "xdp", "static", TB_CHAIN_LAST);
	if (progset_load(&f, path, &progs, 0)) {
		CHECK(false, "proginfo: %s loads (%s)", path, f.reason);
		goto out;
	}
	fd = f.progs[0].fd;
	CHECK(!proginfo_read(fd, PROGINFO_JITED | PROGINFO_XLATED | PROGINFO_KSYMS |
				     PROGINFO_FUNC_LENS | PROGINFO_MAP_IDS, &pi),
	      "proginfo: every array read");
	for (uint32_t i = 0; pi.func_lens && i < pi.info.nr_jited_func_lens; i++)
		funcs += pi.func_lens[i];
	CHECK(pi.jited && pi.xlated && pi.ksyms && pi.map_ids &&
		      pi.info.jited_prog_len == f.progs[0].m.jited_len &&
		      pi.info.xlated_prog_len == f.progs[0].m.xlated_len &&
		      funcs == pi.info.jited_prog_len && pi.info.nr_jited_ksyms >= 1,
	      "proginfo: the arrays, as long as the figures and the loader's metrics say (%u B "
	      "native in %u functions, %u B xlated, %u maps)", pi.info.jited_prog_len,
	      pi.info.nr_jited_func_lens, pi.info.xlated_prog_len, pi.info.nr_map_ids);
	CHECK(!proginfo_read(fd, 0, &bare) && !bare.jited && !bare.xlated && !bare.map_ids &&
		      bare.info.jited_prog_len == pi.info.jited_prog_len,
	      "proginfo: asked for no array, the figures alone");
	proginfo_free(&pi);
	proginfo_free(&bare);
	CHECK(proginfo_read(-1, 0, &bare) < 0, "proginfo: a bad descriptor is an error");
	proginfo_free(&bare);
	progset_unload(&f);
out:
	strlist_free(&progs);
	free(path);
}

/* The verifier's refusal, not a statistic after it (7.2's "insns processed"). */
static void test_verifier_reason(void)
{
	char why[256] = "";
	bool found = verifier_log_reason("0: R1=ctx()\ntail_calls are not allowed in non-JITed "
					 "programs with bpf-to-bpf calls\nprocessed 12 insns "
					 "(limit 1000000)\ninsns processed 11\n", why, sizeof(why));

	CHECK(found && !strcmp(why, "tail_calls are not allowed in non-JITed programs with "
				    "bpf-to-bpf calls"),
	      "verifier reason: the refusal, not 7.2's 'insns processed' after it (got %s)", why);
}

/*
 * riscv64's Zba/Zbb, which capstone 5 lacks, on the real bytes of a 6.12
 * tail call (qemu's rv64 has both); lwu and a compressed instruction are
 * capstone's.
 */
static void test_rv_zb(void)
{
	static const uint8_t zext_w[] = { 0x3b, 0x06, 0x06, 0x08 }, sh3add[] = { 0xb3, 0x63, 0xb6, 0x20 };
	static const uint8_t lwu[] = { 0x03, 0xe3, 0x45, 0x02 }, c_addi16sp[] = { 0x7d, 0x71, 0, 0 };
	cs_insn insn = {};

	CHECK(rv_zb_insn(zext_w, 4, 0x1000, &insn) && insn.size == 4 && insn.address == 0x1000 &&
		      !strcmp(insn.mnemonic, "zext.w") && !strcmp(insn.op_str, "a2, a2") &&
		      rv_zb_insn(sh3add, 4, 0x1004, &insn) && !strcmp(insn.mnemonic, "sh3add") &&
		      !strcmp(insn.op_str, "t2, a2, a1"),
	      "rv_zb: the JIT's zext.w and sh3add (got %s %s)", insn.mnemonic, insn.op_str);
	CHECK(!rv_zb_insn(lwu, 4, 0, &insn) && !rv_zb_insn(c_addi16sp, 4, 0, &insn) &&
		      !rv_zb_insn(zext_w, 3, 0, &insn),
	      "rv_zb: lwu and c.addi16sp are not its, nor a cut instruction");
}

void unit_load(void)
{
	test_verifier_reason();
	test_generator(unit_builddir);
	test_gen_bpf_loop(unit_objdir);
	test_objects(unit_objdir);
	test_proginfo();
	test_rv_zb();
}
