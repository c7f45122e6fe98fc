/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mitig: the machine facts that change what a hop executes, as a result
 * records them (meta.vulnerabilities, meta.kconfig), and the mitigations
 * they show: which are on, which figures they touch, and whether a change
 * of a hop path between two results follows a change of them (config) or
 * not (code).
 */
#ifndef TB_MITIG_H
#define TB_MITIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

/* Every file of /sys/devices/system/cpu/vulnerabilities/ with its line,
 * by name; null when the directory cannot be read. */
json_t *mitig_vulnerabilities(void);

/*
 * The kernel config options that decide what the JIT emits for a
 * mitigation, each as "y", "m", "n" (not set) or its value, with where they
 * were read: {source, options}; null when no config can be read
 * (/proc/config.gz, then /boot/config-RELEASE).
 */
json_t *mitig_kconfig(const char *release);

/*
 * The mitigations a result's meta shows on, each {name, does: to a hop,
 * fact: the line or option that says it is on, touches: the hops it is on}.
 */
json_t *mitig_on(json_t *meta);

/* The mitigations on, a line each (or why they are not known), for show
 * and explain. */
void mitig_print(FILE *f, json_t *meta);

/* Whether meta has every vulnerability line (results made before have
 * spectre_v2's alone, which tells retpolines only). */
bool mitig_recorded(json_t *meta);

/*
 * The names of the mitigations on in meta that reach a family's hop,
 * joined by ", " into buf; false when none.
 */
bool mitig_touching(json_t *meta, const char *bench, const char *key_mode, int nest, char *buf,
		    size_t len);
/* The same as [{name, fact}]: each with the recorded fact that says it is
 * on, e.g. "spec_rstack_overflow: Mitigation: Safe RET". */
json_t *mitig_touching_list(json_t *meta, const char *bench, const char *key_mode, int nest);

/* Where an added or removed instruction of a hop path comes from. */
enum mitig_source {
	MSRC_CODE,	/* no mitigation emits it, or those that do kept their state */
	MSRC_CONFIG,	/* a mitigation that emits it changed state: why names it */
	MSRC_NOT_RECORDED,	/* the state of one that emits it is not in both results */
};

/* From result a's meta to b's: the source of insn (role: its role). */
enum mitig_source mitig_source_of(json_t *meta_a, json_t *meta_b, const char *insn,
				  const char *role, char *why, size_t len);

#endif
