// SPDX-License-Identifier: GPL-2.0
/* Mitigations that change a hop path, and the facts that show them (result/mitig.h). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "base/util.h"
#include "bench/bench.h"
#include "result/mitig.h"
#include "result/read.h"

#define VULN_DIR "/sys/devices/system/cpu/vulnerabilities"

/* What part of a hop a mitigation reaches. */
enum reach {
	MR_ENTRY = 1 << 0,	/* each program's entry and the tail-call target */
	MR_INDIRECT = 1 << 1,	/* indirect jumps: dynamic and poisoned keys, gotox */
	MR_CALL = 1 << 2,	/* calls: bpf2bpf, nested subprograms */
	MR_RET = 1 << 3,	/* returns: bpf2bpf, nested subprograms */
};

struct mitig {
	const char *name;
	const char *does;		/* to a hop, in a few words */
	const char *vuln, *line;	/* on when vulnerabilities/<vuln> says line */
	const char *options[3];		/* on (when no vuln) with one of them =y */
	unsigned int reach;
	const char *emits[3];		/* the starts of the instructions it adds */
};

enum state { MS_UNKNOWN, MS_OFF, MS_ON };

/*
 * What the JIT emits for each, from the x86 and arm64 JITs' sources: a
 * vulnerability line is what the kernel chose at boot (it needs the config
 * too); an option alone decides where nothing is chosen at boot (IBT's
 * endbr64, arm64's BTI and PAC are emitted whenever built in).  Older and
 * newer spellings of one option (CONFIG_RETPOLINE, CONFIG_MITIGATION_...)
 * are both listed.
 */
static const struct mitig table[] = {
	{ "IBT", "endbr64 at each program's entry and at the tail-call target", NULL, NULL,
	  { "CONFIG_X86_KERNEL_IBT" }, MR_ENTRY, { "endbr64" } },
	{ "retpoline", "each indirect jump goes through __x86_indirect_thunk_<reg>", "spectre_v2",
	  "Retpolines", { "CONFIG_RETPOLINE", "CONFIG_MITIGATION_RETPOLINE" }, MR_INDIRECT },
	{ "LFENCE before indirect jumps", "lfence before each indirect jump", "spectre_v2",
	  "LFENCE", { "CONFIG_RETPOLINE", "CONFIG_MITIGATION_RETPOLINE" }, MR_INDIRECT,
	  { "lfence" } },
	{ "ITS thunks", "indirect jumps and returns go through ITS-safe thunks",
	  "indirect_target_selection", "Aligned branch/return thunks", { "CONFIG_MITIGATION_ITS" },
	  MR_INDIRECT | MR_RET },
	{ "SRSO return thunk", "each ret jumps to srso_return_thunk (call, lea, ret)",
	  "spec_rstack_overflow", "Safe RET", { "CONFIG_CPU_SRSO", "CONFIG_MITIGATION_SRSO" }, MR_RET },
	{ "untrained return thunk", "each ret jumps to the retbleed return thunk", "retbleed",
	  "untrained return thunk", { "CONFIG_CPU_UNRET_ENTRY", "CONFIG_MITIGATION_UNRET_ENTRY" },
	  MR_RET },
	{ "call-depth tracking", "each call is accounted in a per-CPU depth, each ret through a thunk",
	  "retbleed", "Stuffing", { "CONFIG_CALL_DEPTH_TRACKING", "CONFIG_MITIGATION_CALL_DEPTH_TRACKING" },
	  MR_CALL | MR_RET, { "sar qword ptr gs:" } },
	{ "BTI", "bti at each program's entry and branch target", NULL, NULL,
	  { "CONFIG_ARM64_BTI_KERNEL" }, MR_ENTRY, { "bti" } },
	{ "pointer authentication", "paciasp in each prologue, autiasp before each ret", NULL, NULL,
	  { "CONFIG_ARM64_PTR_AUTH_KERNEL" }, MR_ENTRY | MR_RET, { "paciasp", "autiasp" } },
};

/* --- the facts, as a run records them --------------------------------- */

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

json_t *mitig_vulnerabilities(void)
{
	struct dirent **names;
	int n = scandir(VULN_DIR, &names, NULL, by_name);
	json_t *v;

	if (n < 0)
		return json_null();
	v = json_object();
	for (int i = 0; i < n; i++) {
		char path[512], line[512];

		snprintf(path, sizeof(path), VULN_DIR "/%s", names[i]->d_name);
		if (names[i]->d_name[0] != '.' && !read_first_line(path, line, sizeof(line)))
			json_object_set_new(v, names[i]->d_name, json_string(line));
		free(names[i]);
	}
	free(names);
	return v;
}

/* The option's name if line sets it or says it is not set, with its value. */
static bool config_line(const char *line, char *name, size_t nlen, const char **value)
{
	const char *eq;

	if (sscanf(line, "# %127s is not set", name) == 1 && !strncmp(name, "CONFIG_", 7)) {
		*value = "n";
		return true;
	}
	eq = strchr(line, '=');
	if (strncmp(line, "CONFIG_", 7) || !eq || (size_t)(eq - line) >= nlen)
		return false;
	snprintf(name, nlen, "%.*s", (int)(eq - line), line);
	*value = eq + 1;
	return true;
}

/* Recorded beside the table's: they change a path's code (return thunks,
 * int3 after ret, padding before functions, CFI checks). */
static const char *const recorded_too[] = {
	"CONFIG_RETHUNK", "CONFIG_MITIGATION_RETHUNK", "CONFIG_SLS", "CONFIG_MITIGATION_SLS",
	"CONFIG_CALL_PADDING", "CONFIG_FINEIBT", "CONFIG_CFI_CLANG", "CONFIG_CFI",
};

static bool wanted_option(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(recorded_too); i++)
		if (!strcmp(recorded_too[i], name))
			return true;
	for (size_t i = 0; i < ARRAY_SIZE(table); i++)
		for (int k = 0; k < 3 && table[i].options[k]; k++)
			if (!strcmp(table[i].options[k], name))
				return true;
	return false;
}

json_t *mitig_kconfig(const char *release)
{
	char boot[256], line[1024], name[128];
	const char *paths[] = { "/proc/config.gz", boot };
	json_t *options = NULL;
	size_t i;

	snprintf(boot, sizeof(boot), "/boot/config-%s", release);
	for (i = 0; i < ARRAY_SIZE(paths) && !options; i++) {
		/* gzopen reads a plain file as it is. */
		gzFile f = gzopen(paths[i], "r");
		const char *value;

		if (!f)
			continue;
		options = json_object();
		while (gzgets(f, line, sizeof(line))) {
			line[strcspn(line, "\n")] = '\0';
			if (config_line(line, name, sizeof(name), &value) && wanted_option(name))
				json_object_set_new(options, name, json_string(value));
		}
		gzclose(f);
	}
	if (!options)
		return json_null();
	return json_pack("{ss so}", "source", paths[i - 1], "options", options);
}

/* --- what the facts say ------------------------------------------------ */

static const char *vuln_line(json_t *meta, const char *vuln)
{
	const char *line = jstr(json_object_get(meta, "vulnerabilities"), vuln, NULL);

	/* Results made before every line was kept have spectre_v2's. */
	return line || strcmp(vuln, "spectre_v2") ? line : jstr(meta, "spectre_v2", NULL);
}

static enum state state_of(const struct mitig *m, json_t *meta, char *evidence, size_t len)
{
	json_t *options = json_object_get(json_object_get(meta, "kconfig"), "options");

	if (m->vuln) {
		const char *line = vuln_line(meta, m->vuln);

		if (!line)
			return MS_UNKNOWN;
		snprintf(evidence, len, "%s: %s", m->vuln, line);
		return strstr(line, m->line) ? MS_ON : MS_OFF;
	}
	if (!json_is_object(options))
		return MS_UNKNOWN;
	for (int k = 0; k < 3 && m->options[k]; k++) {
		const char *v = jstr(options, m->options[k], NULL);

		if (v) {
			snprintf(evidence, len, "%s=%s", m->options[k], v);
			return !strcmp(v, "y") ? MS_ON : MS_OFF;
		}
	}
	snprintf(evidence, len, "no %s in the config", m->options[0]);
	return MS_OFF;
}

/* A static tail call is a direct jump where the JIT patches it in
 * (x86-64); i386's JIT jumps through a register whatever the key (its walked
 * paths pass the retpoline thunk and agree with the counts). */
static bool static_indirect(json_t *meta)
{
	return !strcmp(jstr(meta, "arch", ""), "i686");
}

/* What a bench's hop goes through, from how its hops are told apart. */
static unsigned int reach_of(json_t *meta, const char *bench, const char *key_mode, int nest)
{
	const struct bench *b = bench_find(bench);
	struct hop_rule hop = b ? b->hop : (struct hop_rule){ HOP_NONE };
	unsigned int r = MR_ENTRY;

	/* An inlined hop has no entry, call or jump of its own. */
	if (hop.boundary == HOP_STORE && !hop.table)
		return 0;
	if (hop.boundary == HOP_CALL || nest > 0)
		r |= MR_CALL | MR_RET;
	/* A gotox jump; a tail call whose key the verifier cannot see, or
	 * whose map is poisoned. */
	if (hop.table || (hop.boundary == HOP_TAIL && key_mode &&
			  (strcmp(key_mode, "static") || static_indirect(meta))))
		r |= MR_INDIRECT;
	return r;
}

json_t *mitig_touching_list(json_t *meta, const char *bench, const char *key_mode, int nest)
{
	unsigned int reach = reach_of(meta, bench, key_mode, nest);
	json_t *out = json_array();

	for (size_t i = 0; i < ARRAY_SIZE(table); i++) {
		char ev[320];

		if ((table[i].reach & reach) && state_of(&table[i], meta, ev, sizeof(ev)) == MS_ON)
			json_array_append_new(out, json_pack("{ss ss}", "name", table[i].name, "fact",
							     ev));
	}
	return out;
}

bool mitig_touching(json_t *meta, const char *bench, const char *key_mode, int nest, char *buf,
		    size_t len)
{
	json_t *list = mitig_touching_list(meta, bench, key_mode, nest), *m;
	size_t used = 0, i;

	buf[0] = '\0';
	json_array_foreach(list, i, m)
		used += snprintf(buf + used, used < len ? len - used : 0, "%s%s", used ? ", " : "",
				 jstr(m, "name", "?"));
	json_decref(list);
	return used > 0;
}

/* The hops a reach covers, in words. */
static const char *reach_words(json_t *meta, unsigned int reach)
{
	bool all = static_indirect(meta);

	if (reach & MR_ENTRY)
		return "every hop";
	if ((reach & MR_INDIRECT) && (reach & (MR_CALL | MR_RET)))
		return all ? "tail calls, gotox; bpf2bpf calls, nested subprograms" :
			     "dynamic and poisoned tail calls, gotox; bpf2bpf calls, nested subprograms";
	if (reach & MR_INDIRECT)
		return all ? "tail calls, gotox" : "dynamic and poisoned tail calls, gotox";
	return "bpf2bpf calls, nested subprograms";
}

json_t *mitig_on(json_t *meta)
{
	json_t *on = json_array();

	for (size_t i = 0; i < ARRAY_SIZE(table); i++) {
		char ev[320];

		if (state_of(&table[i], meta, ev, sizeof(ev)) != MS_ON)
			continue;
		json_array_append_new(on, json_pack("{ss ss ss ss}", "name", table[i].name, "does",
						    table[i].does, "fact", ev, "touches",
						    reach_words(meta, table[i].reach)));
	}
	return on;
}

void mitig_print(FILE *f, json_t *meta)
{
	json_t *on = mitig_on(meta), *m;
	size_t i;

	if (!mitig_recorded(meta))
		fprintf(f, "mitigations: not all recorded (a result made before every vulnerability "
			   "line was kept); spectre_v2: %s\n", jstr(meta, "spectre_v2", "?"));
	else if (!json_array_size(on))
		fprintf(f, "mitigations on a hop path: none (vulnerabilities%s recorded)\n",
			json_is_object(json_object_get(meta, "kconfig")) ? " and kernel config" : "");
	else
		fprintf(f, "mitigations on a hop path, from the recorded facts%s:\n",
			json_is_object(json_object_get(meta, "kconfig")) ? "" :
									   " (no kernel config recorded)");
	json_array_foreach(on, i, m)
		fprintf(f, "  %s: %s; on %s (%s)\n", jstr(m, "name", "?"), jstr(m, "does", "?"),
			jstr(m, "touches", "?"), jstr(m, "fact", "?"));
	json_decref(on);
}

bool mitig_recorded(json_t *meta)
{
	return json_is_object(json_object_get(meta, "vulnerabilities"));
}

/* Whether m emits insn: by its text, or as kernel text (a thunk's body). */
static bool emits(const struct mitig *m, const char *insn, const char *role)
{
	if (!strcmp(role, "thunk"))
		return m->vuln && (m->reach & (MR_INDIRECT | MR_RET));
	for (int k = 0; k < 3 && m->emits[k]; k++)
		if (!strncmp(insn, m->emits[k], strlen(m->emits[k])))
			return true;
	return false;
}

enum mitig_source mitig_source_of(json_t *meta_a, json_t *meta_b, const char *insn,
				  const char *role, char *why, size_t len)
{
	enum mitig_source src = MSRC_CODE;

	why[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(table); i++) {
		char ea[320] = "", eb[320] = "";
		enum state sa, sb;

		if (!emits(&table[i], insn, role))
			continue;
		sa = state_of(&table[i], meta_a, ea, sizeof(ea));
		sb = state_of(&table[i], meta_b, eb, sizeof(eb));
		if (sa != MS_UNKNOWN && sb != MS_UNKNOWN && sa != sb) {
			snprintf(why, len, "%s: %s -> %s", table[i].name, ea, eb);
			return MSRC_CONFIG;
		}
		if (sa == MS_UNKNOWN || sb == MS_UNKNOWN) {
			snprintf(why, len, "%s: not recorded in %s", table[i].name,
				 sa == MS_UNKNOWN ? "the first result" : "the second result");
			src = MSRC_NOT_RECORDED;
		}
	}
	return src;
}
