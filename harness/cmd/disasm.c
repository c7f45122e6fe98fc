// SPDX-License-Identifier: GPL-2.0
/*
 * tailbench disasm: the native code the JIT made of one case's programs,
 * with its tail calls armed, so that the direct jump patched in for a static
 * key, or the indirect jump of a dynamic one, can be read (bpftool needs
 * libbfd for this, which Debian's lacks).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "../progs/layout.h"
#include "base/model.h"
#include "bench/bench.h"
#include "cmd/cmds.h"
#include "load/jit.h"
#include "load/loader.h"
#include "load/proginfo.h"
#include "measure/scenario.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: tailbench disasm [--bench B] [--type xdp|tc] [--mode M] [--nest N]\n"
		   "                        [--stack BYTES] [--depth D] [--pad N] [--all]\n\n"
		   "Loads one case (default: a static tail-call chain of depth 1 in XDP), arms\n"
		   "its prog arrays, and prints the JIT's code of its entry program (x86-64, or\n"
		   "arm64 in the arm64 build), or with --all of every program one run goes\n"
		   "through. Indirect jumps and calls, including those through retpoline/ITS\n"
		   "thunks, are marked. --pad N as in tailbench run.\n");
}

static bool valid_case(const struct tb_case *c)
{
	const struct bench *b = c->bench;

	if (!model_is_one_of(c->prog_type, model_prog_types, MODEL_NR_PROG_TYPES))
		p_err("disasm: --type must be xdp or tc");
	else if ((b->axes & AXIS_KEY_MODE) ?
			 !model_is_one_of(c->key_mode, model_key_modes, MODEL_NR_KEY_MODES) :
			 strcmp(c->key_mode, b->key_mode))
		p_err("disasm: bench %s takes no --mode %s", b->name, c->key_mode);
	else if (c->depth < b->min_depth || c->depth > b->max_depth ||
		 (b->depth_ok && !b->depth_ok(c->depth)))
		p_err("disasm: bench %s has no depth %d (%d..%d)", b->name, c->depth, b->min_depth,
		      b->max_depth);
	else if ((c->nest && !(b->axes & AXIS_NEST)) || (c->frame_stack && !(b->axes & AXIS_STACK)))
		p_err("disasm: bench %s has no nest or stack axis", b->name);
	else if (!frame_stack_ok(c->frame_stack))
		p_err("disasm: --stack %d is not one of the generated frame sizes (see scenarios/README.md)",
		      c->frame_stack);
	else
		return true;
	return false;
}

static int dump_prog(const struct progset *f, const char *name)
{
	const struct progset_prog *p = progset_prog(f, name);
	uint8_t *image;
	uint32_t len;
	uint64_t addr;
	int err = prog_jited_image(p->fd, &image, &len, &addr);

	if (err) {
		p_err("%s: no JIT image (%s): is the JIT enabled?", name, strerror(-err));
		return err;
	}
	printf("%s: %u bytes of native code, %u BPF instructions verified\n", name, len,
	       p->m.verified_insns);
	err = jit_dump(stdout, image, len, addr);
	free(image);
	return err;
}

/* The case and options of the command line: -1 when there is a case to
 * dump, else the exit status to return at once (--help, a usage error). */
static int parse_args(int argc, char **argv, struct tb_case *c, bool *all, int *pad)
{
	static const struct option opts[] = {
		{ "bench", required_argument, NULL, 'b' }, { "type", required_argument, NULL, 't' },
		{ "mode", required_argument, NULL, 'm' },  { "nest", required_argument, NULL, 'n' },
		{ "stack", required_argument, NULL, 's' }, { "depth", required_argument, NULL, 'd' },
		{ "all", no_argument, NULL, 'a' },	   { "help", no_argument, NULL, 'h' },
		{ "pad", required_argument, NULL, 'p' },
		{},
	};
	int opt, err = 0;

	*c = (struct tb_case){ .prog_type = "xdp", .key_mode = NULL, .depth = 1,
			       .bench = bench_find("tailcall") };
	while (!err && (opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'b':
			c->bench = bench_find(optarg);
			if (!c->bench) {
				p_err("disasm: no bench '%s' (see tailbench list)", optarg);
				return TB_EXIT_USAGE;
			}
			break;
		case 't':
			c->prog_type = optarg;
			break;
		case 'm':
			c->key_mode = optarg;
			break;
		case 'n':
			err = parse_opt_int("--nest", optarg, 0, TB_MAX_NEST, &c->nest);
			break;
		case 's':
			err = parse_opt_int("--stack", optarg, 0, TB_MAX_FRAME_STACK, &c->frame_stack);
			break;
		case 'd':
			err = parse_opt_int("--depth", optarg, 0, TB_DISPATCH_MAX, &c->depth);
			break;
		case 'a':
			*all = true;
			break;
		case 'p':
			err = parse_opt_int("--pad", optarg, 0, TB_MAX_PAD, pad);
			break;
		case 'h':
			usage(stdout);
			return TB_EXIT_OK;
		default:
			usage(stderr);
			return TB_EXIT_USAGE;
		}
	}
	if (!c->key_mode)
		c->key_mode = c->bench->axes & AXIS_KEY_MODE ? "static" : c->bench->key_mode;
	return err || optind != argc || !valid_case(c) ? TB_EXIT_USAGE : -1;
}

/* Load the case's programs, arm them, and dump the entry's code (with all,
 * that of every program a run goes through). */
static int disasm_case(struct tb_case *c, bool all, int pad)
{
	char *obj = c->bench->object(c), *path = xasprintf("%s/%s", objects_dir(), obj);
	struct strlist progs = {};
	struct progset f;
	int n, ret = TB_EXIT_FAIL;

	loader_init();
	c->bench->progs(c, &progs);
	if (bench_load(c->bench, &f, path, &progs, pad)) {
		p_err("%s", f.reason);
		goto out;
	}
	c->set = &f;
	if (c->bench->arm && c->bench->arm(&f, c)) {
		p_err("arming the prog arrays of %s failed", obj);
		goto unload;
	}
	n = all && c->bench->path_len ? c->bench->path_len(c) : 1;
	ret = TB_EXIT_OK;
	for (int i = 0; i < n && ret == TB_EXIT_OK; i++)
		ret = dump_prog(&f, progs.v[i]) ? TB_EXIT_FAIL : TB_EXIT_OK;
unload:
	progset_unload(&f);
out:
	strlist_free(&progs);
	free(obj);
	free(path);
	return ret;
}

int do_disasm(int argc, char **argv)
{
	struct tb_case c;
	bool all = false;
	int pad = 0, ret = parse_args(argc, argv, &c, &all, &pad);

	return ret < 0 ? disasm_case(&c, all, pad) : ret;
}
