// SPDX-License-Identifier: GPL-2.0
/*
 * The unit-test binary: every stage's tests, in the stages' order.  Needs
 * no privileges, but for the check of chaignon2021's proof, which loads
 * programs as root.  Exits 1 if any test failed.
 */
#include <stdio.h>
#include <stdlib.h>

#include <bpf/libbpf.h>

#include "base/util.h"
#include "unit.h"

int unit_failed;
char unit_tmpdir[] = "/tmp/tailbench-unit.XXXXXX";
const char *unit_builddir, *unit_objdir;

char *write_tmp(const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", unit_tmpdir, name);
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
	return path;
}

int main(int argc, char **argv)
{
	char *objdir, *rm;

	unit_builddir = argc > 1 ? argv[1] : "build";
	unit_objdir = objdir = xasprintf("%s/progs", unit_builddir);
	libbpf_set_print(NULL);
	tb_verbose = -1;
	if (!mkdtemp(unit_tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	unit_base();
	unit_load();
	unit_bench();
	unit_result();
	unit_hop();
	unit_measure();

	free(objdir);
	rm = xasprintf("rm -rf %s", unit_tmpdir);
	if (system(rm))
		fprintf(stderr, "could not remove %s\n", unit_tmpdir);
	free(rm);
	printf("# unit: %d failed\n", unit_failed);
	return unit_failed ? 1 : 0;
}
