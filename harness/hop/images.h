/* SPDX-License-Identifier: GPL-2.0 */
/*
 * images: what a hop walk reads of loaded programs, from the kernel's
 * program info: the JIT image of every function (with its address, so
 * that patched direct jumps and calls land somewhere known), the address
 * and contents of the .bss the programs read (tb_sel picks the poisoned
 * map), and a gotox program's jump table.
 */
#ifndef TB_IMAGES_H
#define TB_IMAGES_H

#include <stdint.h>

#include "hop/hop.h"

/* The images of the programs one run goes through, and the code they
 * point into. */
struct walk_set {
	struct hop_image *images;
	int nimages;
	uint8_t **bufs;
	int nbufs;
};

/* Every function of the program fd, the prog-th of the run: main first,
 * then its subprograms.  0 or a negative errno (-ENODATA: no addresses). */
int images_add_prog(struct walk_set *s, int fd, int prog);
/* The globals' value (the map globals_fd) and its kernel address, found in
 * the code of the run's first program (entry_fd, its images in s); on
 * failure bss->len is 0: unknown memory. */
int images_bss(const struct walk_set *s, int globals_fd, int entry_fd, struct hop_memory *bss);
/* A gotox program's jump table as the CPU reads it: its slots' targets
 * in the image at image; free(t->data). */
int images_jump_table(int fd, uint64_t image, struct hop_memory *t);
void images_free(struct walk_set *s);

#endif
