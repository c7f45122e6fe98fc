// SPDX-License-Identifier: GPL-2.0
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"
#include "hop/ktext.h"

static int kcore_fd = -2;
static Elf64_Phdr *kcore_ph;
static int kcore_nph;

/* A 32-bit kernel's kcore (i386) is ELF32: its program headers, widened. */
static bool kcore_open32(void)
{
	Elf32_Ehdr eh;
	Elf32_Phdr *ph;
	bool ok;

	if (pread(kcore_fd, &eh, sizeof(eh), 0) != sizeof(eh) || eh.e_phentsize != sizeof(*ph))
		return false;
	ph = xcalloc(eh.e_phnum, sizeof(*ph));
	ok = pread(kcore_fd, ph, eh.e_phnum * sizeof(*ph), eh.e_phoff) ==
	     (ssize_t)(eh.e_phnum * sizeof(*ph));
	kcore_ph = xcalloc(eh.e_phnum, sizeof(*kcore_ph));
	kcore_nph = eh.e_phnum;
	for (int i = 0; ok && i < kcore_nph; i++)
		kcore_ph[i] = (Elf64_Phdr){ .p_type = ph[i].p_type, .p_offset = ph[i].p_offset,
					    .p_vaddr = ph[i].p_vaddr, .p_filesz = ph[i].p_filesz };
	free(ph);
	return ok;
}

static void kcore_open(void)
{
	Elf64_Ehdr eh;

	kcore_fd = open("/proc/kcore", O_RDONLY | O_CLOEXEC);
	if (kcore_fd < 0)
		return;
	if (pread(kcore_fd, eh.e_ident, EI_NIDENT, 0) != EI_NIDENT || memcmp(eh.e_ident, ELFMAG, SELFMAG))
		goto bad;
	if (eh.e_ident[EI_CLASS] == ELFCLASS32) {
		if (kcore_open32())
			return;
		goto bad;
	}
	if (pread(kcore_fd, &eh, sizeof(eh), 0) != sizeof(eh) || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_phentsize != sizeof(Elf64_Phdr))
		goto bad;
	kcore_ph = xcalloc(eh.e_phnum, sizeof(*kcore_ph));
	kcore_nph = eh.e_phnum;
	if (pread(kcore_fd, kcore_ph, eh.e_phnum * sizeof(*kcore_ph), eh.e_phoff) ==
	    (ssize_t)(eh.e_phnum * sizeof(*kcore_ph)))
		return;
bad:
	close(kcore_fd);
	kcore_fd = -1;
}

int ktext_read(uint64_t addr, uint8_t *buf, size_t len)
{
	if (kcore_fd == -2)
		kcore_open();
	for (int i = 0; kcore_fd >= 0 && i < kcore_nph; i++) {
		const Elf64_Phdr *p = &kcore_ph[i];

		if (p->p_type != PT_LOAD || addr < p->p_vaddr || addr + len > p->p_vaddr + p->p_filesz)
			continue;
		return pread(kcore_fd, buf, len, p->p_offset + (addr - p->p_vaddr)) == (ssize_t)len ?
			       0 : -EIO;
	}
	return -ENOENT;
}

struct ksym {
	uint64_t addr;
	char *name;
};

static struct ksym *ksyms;
static int nksyms = -1;

static int ksym_cmp(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static void ksyms_load(void)
{
	char line[512], name[256], type;
	unsigned long long addr;
	FILE *f = fopen("/proc/kallsyms", "r");
	int cap = 0;

	nksyms = 0;
	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %c %255s", &addr, &type, name) != 3 || !addr ||
		    (type != 't' && type != 'T'))
			continue;
		if (nksyms == cap) {
			cap = cap ? 2 * cap : 4096;
			ksyms = xrealloc(ksyms, cap, sizeof(*ksyms));
		}
		ksyms[nksyms++] = (struct ksym){ addr, xstrdup(name) };
	}
	if (f)
		fclose(f);
	qsort(ksyms, nksyms, sizeof(*ksyms), ksym_cmp);
}

/* The text symbol at or before addr (the function holding it). */
const char *ktext_symbol(uint64_t addr)
{
	int lo = 0, hi;

	if (nksyms < 0)
		ksyms_load();
	hi = nksyms - 1;
	if (hi < 0 || addr < ksyms[0].addr)
		return NULL;
	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;

		if (ksyms[mid].addr <= addr)
			lo = mid;
		else
			hi = mid - 1;
	}
	/* Prefer the plain name over an alias at the same address (__pi_...). */
	while (lo > 0 && ksyms[lo - 1].addr == ksyms[lo].addr && !strncmp(ksyms[lo].name, "__pi_", 5))
		lo--;
	return ksyms[lo].name;
}
