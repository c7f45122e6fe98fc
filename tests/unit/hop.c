// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of hop: the hop walkers on made-up x86-64, arm64, ppc64el,
 * i386 and s390x code, and on real riscv64 and armhf code.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "hop/hop.h"
#include "load/cs.h"

#include "unit.h"

/*
 * The hop walker on a made-up chain of four programs, laid out as the x86
 * JIT does (tail-call entry past a 6-byte prologue): a branch decided by
 * .bss (tb_sel = 0 skips a nop), a check on unknown memory that must fall
 * through, an indirect jump whose target is the next program plus the
 * addend it was given, and one jump through a retpoline thunk read from
 * "kernel text" (call, mov, ret: 3 instructions).
 */
#define HOP_BASE 0xffffffffa0000000ull
#define HOP_THUNK 0xffffffff81000000ull
#define HOP_BSS 0xffffc90000001000ull

static const uint8_t thunk_text[] = {
	0xe8, 0x03, 0x00, 0x00, 0x00,	/* call +3 */
	0xf3, 0x90, 0xcc,		/* pause; int3: speculation only */
	0x48, 0x89, 0x0c, 0x24,		/* mov [rsp], rcx */
	0xc3,				/* ret */
};

static int fake_text(uint64_t addr, uint8_t *buf, size_t len)
{
	memset(buf, 0xcc, len);
	if (addr < HOP_THUNK || addr >= HOP_THUNK + sizeof(thunk_text))
		return -ENOENT;
	memcpy(buf, thunk_text + (addr - HOP_THUNK),
	       len < sizeof(thunk_text) - (addr - HOP_THUNK) ? len : sizeof(thunk_text) - (addr - HOP_THUNK));
	return 0;
}

/* A return thunk whose text cannot be read (no /proc/kcore). */
#define HOP_RETTHUNK 0xffffffff81001000ull

static const char *fake_symbol(uint64_t addr)
{
	if (addr == HOP_RETTHUNK)
		return "srso_alias_return_thunk";
	return addr >= HOP_THUNK && addr < HOP_THUNK + sizeof(thunk_text) ? "__x86_indirect_thunk_rcx" :
									   NULL;
}

static void fake_prog(uint8_t *p, int k, bool thunk, bool last)
{
	static const uint8_t head[] = { 0x31, 0xc0, 0x55, 0x48, 0x89, 0xe5, 0x50 };
	static const uint8_t body[] = {
		0x8b, 0x16,		/* mov edx, [rsi]: tb_sel */
		0x48, 0x85, 0xd2,	/* test rdx, rdx */
		0x74, 0x01, 0x90,	/* je +1 (taken); nop */
		0x48, 0x8b, 0x0f,	/* mov rcx, [rdi]: unknown */
		0x48, 0x85, 0xc9,	/* test rcx, rcx */
		0x74, 0x00,		/* je out (falls through), patched below */
		0x48, 0x83, 0xc1, 0x06,	/* add rcx, 6: the tail-call offset */
		0x58,			/* pop rax */
	};
	uint64_t bss = HOP_BSS;
	int n = sizeof(head);

	memset(p, 0xcc, 64);
	memcpy(p, head, n);
	if (last) {
		memcpy(p + n, "\x58\xc9\xc3", 3);	/* pop rax; leave; ret */
		return;
	}
	p[n++] = 0x48;
	p[n++] = 0xbe;		/* movabs rsi, .bss */
	memcpy(p + n, &bss, 8);
	n += 8;
	memcpy(p + n, body, sizeof(body));
	p[n + 15] = thunk ? 10 : 7;
	n += sizeof(body);
	if (thunk) {
		int32_t rel = (int32_t)(HOP_THUNK - (HOP_BASE + k * 0x100 + n + 5));

		p[n++] = 0xe9;
		memcpy(p + n, &rel, 4);
		n += 4;
	} else {
		p[n++] = 0xff;
		p[n++] = 0xe1;	/* jmp rcx */
	}
	memcpy(p + n, "\xc9\xc3", 2);	/* out: leave; ret */
}

static void test_hop_walk(void)
{
	uint8_t code[4][64], bss[8] = {};
	struct hop_image img[4];
	struct hop_walk w = { .images = img, .nimages = 4, .nprogs = 4, .boundary = HOP_TAIL,
			      .bss = { HOP_BSS, bss, sizeof(bss) }, .read_text = fake_text,
			      .symbol = fake_symbol };
	struct hop_path p;
	int err;

	for (int k = 0; k < 4; k++) {
		fake_prog(code[k], k, k == 1, k == 3);
		img[k] = (struct hop_image){ HOP_BASE + k * 0x100, code[k], 64, k, true };
	}
	err = hop_walk(&w, 1, 2, &p);
	CHECK(!err && !p.note, "hop walk: the chain walks to its end (%s)", p.note ? p.note : "ok");
	CHECK(p.count == 14 && p.indirect == 1, "hop walk: through the thunk, 11 + 3 instructions, "
	      "1 indirect (got %d, %d)", p.count, p.indirect);
	CHECK(p.nchecked == 2 && p.checked[0] == 14 && p.checked[1] == 11,
	      "hop walk: the next hop, by a plain indirect jump, has 11 (got %d)", p.checked[1]);
	CHECK(p.count == 14 && !strcmp(p.insns[13].role, "thunk") && !strcmp(p.insns[0].text, "push rax"),
	      "hop walk: the hop starts at the tail-call entry and ends in the thunk");
	/* push; mov edx, [rsi]; mov rcx, [rdi]; pop; the thunk's call,
	 * mov [rsp], rcx and ret. */
	CHECK(p.mem.loads == 4 && p.mem.stack_loads == 2 && p.mem.stores == 3 && p.mem.stack_stores == 2,
	      "hop walk: 4 loads (pop, ret the stack's), 3 stores (push, call) (got %d (%d), %d (%d))",
	      p.mem.loads, p.mem.stack_loads, p.mem.stores, p.mem.stack_stores);
	hop_path_free(&p);

	/* Without .bss, the branch on tb_sel is unknown and falls through. */
	w.bss.len = 0;
	err = hop_walk(&w, 2, 2, &p);
	CHECK(!err && p.count == 12, "hop walk: an unknown branch falls through (got %d)", p.count);
	hop_path_free(&p);

	/* The last program returns through a return thunk (RETHUNK): the walk
	 * returns as the thunk does, and says that it did not count it. */
	{
		int32_t rel = (int32_t)(HOP_RETTHUNK - (HOP_BASE + 3 * 0x100 + 14));

		memcpy(code[3] + 9, "\xe9", 1);	/* pop rax; leave; jmp thunk */
		memcpy(code[3] + 10, &rel, 4);
	}
	err = hop_walk(&w, 2, 2, &p);
	CHECK(!err && p.count == 12 && p.note && strstr(p.note, "return thunk srso_alias_return_thunk") &&
	      strstr(p.note, "not counted"),
	      "hop walk: a return thunk is returned through, noted as not counted (%s)",
	      p.note ? p.note : "no note");
	hop_path_free(&p);
}

/* A helper in kernel text that calls the callback twice, as bpf_loop does
 * when the verifier leaves the call to it: call cb; call cb; ret. */
#define HOP_HELPER 0xffffffff81002000ull
#define HOP_CALLBACK (HOP_BASE + 0x100)

static uint8_t helper_text[11];

static int helper_read(uint64_t addr, uint8_t *buf, size_t len)
{
	memset(buf, 0xcc, len);
	if (addr < HOP_HELPER || addr >= HOP_HELPER + sizeof(helper_text))
		return -ENOENT;
	memcpy(buf, helper_text + (addr - HOP_HELPER),
	       len < sizeof(helper_text) - (addr - HOP_HELPER) ?
		       len : sizeof(helper_text) - (addr - HOP_HELPER));
	return 0;
}

/*
 * HOP_CALL: a callback called from kernel text starts a hop, as one called
 * by the main program does.  Main: call helper; ret.  Callback (a
 * subprogram): xor eax, eax; ret.  Hop 1 is the helper's first call and
 * the callback; hop 2 the second, with the helper's return (the walk ends
 * at main's).
 */
static void test_hop_callback(void)
{
	uint8_t main_code[6] = { 0xe8 }, cb_code[] = { 0x31, 0xc0, 0xc3 };
	struct hop_image img[2] = {
		{ HOP_BASE, main_code, sizeof(main_code), 0, true },
		{ HOP_CALLBACK, cb_code, sizeof(cb_code), 0, false },
	};
	struct hop_walk w = { .images = img, .nimages = 2, .nprogs = 1, .boundary = HOP_CALL,
			      .read_text = helper_read, .symbol = fake_symbol };
	int32_t rel = (int32_t)(HOP_HELPER - (HOP_BASE + 5));
	struct hop_path p;
	int err;

	memcpy(main_code + 1, &rel, 4);
	main_code[5] = 0xc3;
	for (int k = 0; k < 2; k++) {
		rel = (int32_t)(HOP_CALLBACK - (HOP_HELPER + 5 * (k + 1)));
		helper_text[5 * k] = 0xe8;
		memcpy(helper_text + 5 * k + 1, &rel, 4);
	}
	helper_text[10] = 0xc3;
	err = hop_walk(&w, 1, 2, &p);
	CHECK(!err && p.count == 3 && p.nchecked == 2 && p.checked[1] == 4,
	      "hop walk: a callback called by a helper starts a hop (got %d, %d: %s)", p.count,
	      p.nchecked == 2 ? p.checked[1] : -1, p.note ? p.note : "ok");
	hop_path_free(&p);
}

/*
 * Memory accesses counted by hand, on a made-up chain of four programs
 * whose hop has one instruction of each kind: what names memory and never
 * touches it (lea, a long nop), a read-modify-write, a compare with memory,
 * push of memory (a load, and a store only the stack's), and the stack's
 * own (push, pop, leave), ending in an indirect jump through memory.  Its
 * target has no addend, as a target cached in the prog array: the hop
 * enters past the prologue's "mov rbp, rsp".
 */
static const uint8_t mem_prog[] = {
	0x31, 0xc0,				/*    xor eax, eax                  */
	0x55,					/*    push rbp                      */
	0x48, 0x89, 0xe5,			/*    mov rbp, rsp                  */
	0x50,					/*  1 push rax                   s  */
	0x48, 0x8d, 0x55, 0xf8,			/*  2 lea rdx, [rbp - 8]         -  */
	0x0f, 0x1f, 0x44, 0x00, 0x00,		/*  3 nop dword ptr [rax + rax]  -  */
	0x48, 0x83, 0x45, 0xf8, 0x01,		/*  4 add qword ptr [rbp - 8], 1 LS */
	0x48, 0x83, 0x7d, 0xf8, 0x21,		/*  5 cmp qword ptr [rbp - 8], 0x21 L */
	0xff, 0x75, 0xf8,			/*  6 push qword ptr [rbp - 8]   Ls */
	0x5a,					/*  7 pop rdx                    l  */
	0x58,					/*  8 pop rax                    l  */
	0xc9,					/*  9 leave                      l  */
	0x55,					/* 10 push rbp                   s  */
	0x48, 0x89, 0xe5,			/* 11 mov rbp, rsp               -  */
	0xff, 0x27,				/* 12 jmp qword ptr [rdi]        L  */
};

static void test_hop_memory(void)
{
	static const uint8_t last[] = { 0x31, 0xc0, 0x55, 0x48, 0x89, 0xe5, 0x50, 0x58, 0xc9, 0xc3 };
	struct hop_image img[4];
	struct hop_walk w = { .images = img, .nimages = 4, .nprogs = 4, .boundary = HOP_TAIL };
	static const char *const want = "s - - LS L Ls l l l s - L";
	char got[64] = "";
	struct hop_path p;
	int err;

	for (int k = 0; k < 4; k++)
		img[k] = (struct hop_image){ HOP_BASE + k * 0x100, k == 3 ? last : mem_prog,
					     k == 3 ? sizeof(last) : sizeof(mem_prog), k, true };
	err = hop_walk(&w, 1, 2, &p);
	for (int i = 0; i < p.count && strlen(got) < sizeof(got) - 6; i++) {
		static const char *const code[] = { "-", "L", "S", "LS", "l", "Ll", "Sl", "LSl",
						    "s", "Ls" };

		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s", i ? " " : "",
			 p.insns[i].mem < ARRAY_SIZE(code) ? code[p.insns[i].mem] : "?");
	}
	CHECK(!err && p.count == 12 && !strcmp(got, want) && !strcmp(p.insns[0].text, "push rax"),
	      "hop memory: each instruction's access as counted by hand (%s, want %s; %s)", got, want,
	      p.note ? p.note : "walked");
	CHECK(p.mem.loads == 7 && p.mem.stores == 4 && p.mem.stack_loads == 3 &&
	      p.mem.stack_stores == 3 && p.indirect == 1 && p.nchecked == 2 && p.checked[1] == 12,
	      "hop memory: 7 loads (3 the stack's), 4 stores (3 the stack's), 1 indirect "
	      "(got %d (%d), %d (%d), %d)", p.mem.loads, p.mem.stack_loads, p.mem.stores,
	      p.mem.stack_stores, p.indirect);
	hop_path_free(&p);
}

/*
 * Walks hop 1 of a chain of four copies of one program (laid out 0x100
 * apart from base, the last finding its slot empty) and checks that it
 * walks to its end, `want` instructions a hop with one indirect branch,
 * both steady hops alike.  The path is left in p.
 */
static void walk_chain(const char *arch, struct hop_walk *w, struct hop_image *img, uint64_t base,
		       const uint32_t *prog, size_t size, int want, struct hop_path *p)
{
	int err;

	for (int k = 0; k < 4; k++)
		img[k] = (struct hop_image){ base + k * 0x100, (const uint8_t *)prog, size, k, true };
	w->images = img;
	w->nimages = w->nprogs = 4;
	w->boundary = HOP_TAIL;
	err = hop_walk(w, 1, 2, p);
	CHECK(!err && !p->note, "%s hop walk: the chain walks to its end (%s)", arch,
	      p->note ? p->note : "ok");
	CHECK(p->count == want && p->indirect == 1 && p->nchecked == 2 && p->checked[0] == want &&
		      p->checked[1] == want,
	      "%s hop walk: %d instructions a hop, 1 indirect, both steady hops alike "
	      "(got %d, %d, %d)", arch, want, p->count, p->indirect, p->nchecked ? p->checked[1] : -1);
}

/*
 * Walks hop 1 of one function whose hops end at its stores into .bss (8
 * bytes at bss, zeroed): a made-up check of one walker's semantics.  The
 * path is left in p; 0 or -errno.
 */
static int walk_stores(enum hop_arch arch, uint64_t base, const uint32_t *code, size_t size,
		       uint64_t bss, struct hop_path *p)
{
	uint8_t data[8] = {};
	struct hop_image img = { base, (const uint8_t *)code, size, 0, true };
	struct hop_walk w = { .arch = arch, .images = &img, .nimages = 1, .nprogs = 1,
			      .boundary = HOP_STORE, .bss = { bss, data, sizeof(data) } };

	return hop_walk(&w, 1, 2, p);
}

/*
 * The arm64 walker on a made-up chain of four programs laid out as the
 * arm64 JIT does: a counter in x26 compared with 33, the hop counter and
 * tb_sel in .bss (tb_sel = 0 takes a b.eq over a nop), the bounds check and
 * cbz on unknown memory falling through, and `br` to bpf_func + 4 landing
 * past the next program's first instruction.  The last program finds its
 * slot empty and returns.  (Assembled with aarch64-linux-gnu-as.)
 */
#define A64_BASE 0xffff800080000000ull
#define A64_BSS 0xffff800000001000ull

static const uint32_t a64_prog[] = {
	0xd280001a,			/* movz x26, #0: skipped by a tail call */
	0xa9bf7bfd, 0x910003fd,		/* stp x29, x30, [sp, #-16]!; mov x29, sp */
	0x929dffe1, 0xf2d00001, 0xf2a00001,	/* x1 = A64_BSS: movn, then two movk */
	0xb9400022, 0x91000442, 0xb9000022,	/* ldr w2, [x1]; add; str: the hop */
	0xb9400423, 0x7100007f, 0x54000040,	/* ldr w3, [x1, #4]; cmp w3, #0; b.eq +8 */
	0xd503201f,			/* nop */
	0x5280048a, 0xb86a688a, 0xd2800022,	/* w10 = max_entries; x2 = key 1 */
	0x6b0a005f, 0x540001e2,		/* cmp w2, w10; b.hs out */
	0x5280042a, 0xeb0a035f, 0x54000182,	/* cmp x26, #33; b.hs out */
	0x9100075a,			/* add x26, x26, #1 */
	0x5280220a, 0x8b0a008a, 0xd37df04b, 0xf86b694b,	/* x11 = ptrs[key] */
	0xb40000cb,			/* cbz x11, out */
	0xa8c17bfd, 0x5280060a, 0xf86a696a,	/* ldp x29, x30; x10 = bpf_func */
	0x9100114a, 0xd61f0140,		/* add x10, x10, #4; br x10 */
	0xa8c17bfd, 0xd65f03c0,		/* out: ldp x29, x30, [sp], #16; ret */
};

static void test_hop_walk_arm64(void)
{
	uint8_t bss[8] = {};
	struct hop_image img[4];
	struct hop_walk w = { .arch = HOP_ARM64, .bss = { A64_BSS, bss, sizeof(bss) } };
	struct hop_image one = { A64_BASE, (const uint8_t *)a64_prog, sizeof(a64_prog), 0, true };
	struct hop_path p;
	uint64_t *imms;
	int err, n;

	walk_chain("arm64", &w, img, A64_BASE, a64_prog, sizeof(a64_prog), 30, &p);
	CHECK(p.count == 30 && !strcmp(p.insns[0].text, "stp x29, x30, [sp, #-0x10]!") &&
		      !strcmp(p.insns[29].text, "br x10") && !strcmp(p.insns[19].role, "counter") &&
		      !strcmp(p.insns[17].role, "check") && !strcmp(p.insns[29].role, "jump"),
	      "arm64 hop walk: from past the first instruction to br, the count's add a counter");
	CHECK(p.count == 30 && !strcmp(p.insns[2].role, "work") && !strcmp(p.insns[4].role, "work") &&
		      !strcmp(p.insns[11].role, "other"),
	      "arm64 hop walk: the moves that build .bss's address are work, a small constant is not");
	hop_path_free(&p);

	/* Without .bss, the branch on tb_sel is unknown and falls through. */
	w.bss.len = 0;
	err = hop_walk(&w, 2, 2, &p);
	CHECK(!err && p.count == 31, "arm64 hop walk: an unknown branch falls through (got %d)",
	      p.count);
	hop_path_free(&p);

	w.arch = HOP_ARCH_OTHER;
	err = hop_walk(&w, 1, 2, &p);
	CHECK(err == -EOPNOTSUPP && !p.count && p.note && strstr(p.note, "no walker"),
	      "hop walk: an architecture without a walker walks nothing, and says so");
	hop_path_free(&p);

	/* The constant of .bss counts; the JIT's temporaries (x10) do not. */
	n = hop_constants(HOP_ARM64, &one, &imms);
	CHECK(n == 1 && imms[0] == A64_BSS, "arm64 constants: the one kernel address built (got %d)",
	      n);
	free(imms);
}

/*
 * More calls into unreadable text than frames may nest (256, hop/core.h),
 * on arm64: each returns at once, its frame popped, so that the walk goes
 * on.  .bss's address in x1 (as a64_prog builds it), then a bl far away
 * and a store into .bss (a hop each, HOP_STORE), x30 saved and restored.
 */
static void test_hop_calls_returned(void)
{
	enum { CALLS = 300, WORDS = 6 + 2 * CALLS };
	static uint32_t prog[WORDS];
	struct hop_path p;
	int n = 0, err;

	prog[n++] = 0xa9bf7bfd;		/* stp x29, x30, [sp, #-16]! */
	prog[n++] = 0x929dffe1;		/* x1 = A64_BSS */
	prog[n++] = 0xf2d00001;
	prog[n++] = 0xf2a00001;
	for (int i = 0; i < CALLS; i++) {
		prog[n++] = 0x94040000;	/* bl +0x100000: no image, unreadable */
		prog[n++] = 0xb9000022;	/* str w2, [x1] */
	}
	prog[n++] = 0xa8c17bfd;		/* ldp x29, x30, [sp], #16 */
	prog[n++] = 0xd65f03c0;		/* ret */
	err = walk_stores(HOP_ARM64, A64_BASE, prog, sizeof(prog), A64_BSS, &p);
	CHECK(!err && p.count == 2 && p.nchecked == 2 && p.checked[1] == 2 && p.note &&
		      strstr(p.note, "not counted"),
	      "arm64 hop walk: %d calls into unreadable text each return at once, their frames "
	      "popped (got %d, %d: %s)", CALLS, err, p.count, p.note ? p.note : "no note");
	hop_path_free(&p);
}

/*
 * The 32-bit Arm walker on a chain of four programs whose hop is a real
 * one: the 44 instructions the 6.1 armmp kernel's JIT ran for a hop of
 * chain/tailcall/xdp/static (as the guest walked and printed them, measured
 * 44 a hop), reassembled with arm-linux-gnueabihf-as, its branches to "out"
 * relocated.  Around it a prologue and a return shaped as the JIT's (made
 * up): push, fp, the tail-call counter's word pair at fp - 0x48 zeroed, and
 * 36 bytes long, the offset the hop's bx adds to bpf_func.  The hop: .bss's
 * count through BPF registers kept as word pairs on the stack, the map's
 * address spilled, the bounds check and the slot's cmp #0 on unknown memory
 * falling through, the counter's 64-bit compare with 33 (cmp of the high
 * word, cmpeq of the low) and its adds/adc.  The last program finds its
 * slot empty and returns through pop {.., pc}.
 */
#define A32_BASE 0xbf048000ull
#define A32_BSS 0xf0b05004ull
#define A32_HOP 9		/* the hop's first word */

static const uint32_t a32_prog[] = {
	0xe92d4bf0, 0xe1a0b00d, 0xe3a03000, 0xe24d2050, 0xe24ddc01,	/* push; fp; sp */
	0xe14b25f0, 0xe3a02000, 0xe14b24f8, 0xe1a02000,	/* BPF fp; the counter = 0; ctx */
	0xe3056004, 0xe34f60b0, 0xe3a07000, 0xe14b60f8, 0xe51b8008,	/* the hop */
	0xe5986000, 0xe14b61f0, 0xe3a06000, 0xe50b600c, 0xe3a08001, 0xe3a09000, 0xe14b61d0,
	0xe0966008, 0xe0a77009, 0xe14b61f0, 0xe14b81d0, 0xe51b6008, 0xe5868000, 0xe3006c00,
	0xe34c61c6, 0xe3a07000, 0xe14b60f8, 0xe3a06021, 0xe3a07000, 0xe14b61f0, 0xe51b9008,
	0xe51b8010, 0xe5996018, 0xe1580006, 0x2a00000d, 0xe14b64d8, 0xe3570000, 0x03560021,
	0x2a000009, 0xe2966001, 0xe2a77000, 0xe14b64f8, 0xe2896e11, 0xe7966108, 0xe3560000,
	0x0a000002, 0xe5966024, 0xe2866024, 0xe12fff16,
	0xe3a00000, 0xe3a01000, 0xe1a0d00b, 0xe8bd8bf0,	/* out: r0 = 0; mov sp, fp; pop */
};

/* The roles the guest's walk gave the hop, by instruction: their first
 * letters, n for counter. */
static const char a32_roles[] = "wwowowwoooooooooowwwowooooowccncccnnnowccwwj";

static void test_hop_walk_armhf(void)
{
	uint8_t bss[8] = {};
	struct hop_image img[4];
	struct hop_walk w = { .arch = HOP_ARMHF, .images = img, .nimages = 4, .nprogs = 4,
			      .boundary = HOP_TAIL, .bss = { A32_BSS, bss, sizeof(bss) } };
	struct hop_image one = { A32_BASE, (const uint8_t *)a32_prog, sizeof(a32_prog), 0, true };
	uint32_t inl[2 + 3 * 22 + 4];
	struct hop_path p;
	uint64_t *imms;
	int err, n, same = 0;

	for (int k = 0; k < 4; k++)
		img[k] = (struct hop_image){ A32_BASE + k * 0x1000, (const uint8_t *)a32_prog,
					     sizeof(a32_prog), k, true };
	err = hop_walk(&w, 1, 2, &p);
	CHECK(!err && !p.note, "armhf hop walk: the chain walks to its end (%s)",
	      p.note ? p.note : "ok");
	CHECK(p.count == 44 && p.indirect == 1 && p.nchecked == 2 && p.checked[0] == 44 &&
		      p.checked[1] == 44,
	      "armhf hop walk: 44 instructions a hop, as measured, 1 indirect, both steady hops "
	      "alike (got %d, %d, %d)", p.count, p.indirect, p.nchecked ? p.checked[1] : -1);
	for (int i = 0; i < p.count && i < 44; i++)
		same += a32_roles[i] == (strcmp(p.insns[i].role, "counter") ? p.insns[i].role[0] : 'n');
	CHECK(p.count == 44 && same == 44 && !strcmp(p.insns[0].text, "movw r6, #0x5004") &&
		      !strcmp(p.insns[43].text, "bx r6"),
	      "armhf hop walk: from the tail-call entry to bx, each role as the guest's walk "
	      "gave it (%d of 44)", same);
	hop_path_free(&p);

	/* Hop 3 is the last program's: its slot is empty, and it returns. */
	err = hop_walk(&w, 2, 3, &p);
	CHECK(!err && p.count == 44 && p.checked[2] == 41 + 4,
	      "armhf hop walk: the last program's empty slot returns (got %d)",
	      p.nchecked > 2 ? p.checked[2] : -1);
	hop_path_free(&p);

	/* Inlined hops, by the store to .bss: the hop's first 22 instructions
	 * (.bss's count, then the map's address spilled to the stack: a
	 * store of a global word, not to .bss) three times, then the return. */
	memcpy(inl, a32_prog, 2 * 4);
	for (int k = 0; k < 3; k++)
		memcpy(inl + 2 + 22 * k, a32_prog + A32_HOP, 22 * 4);
	memcpy(inl + 2 + 66, a32_prog + A32_HOP + 44, 4 * 4);
	img[0] = (struct hop_image){ A32_BASE, (const uint8_t *)inl, sizeof(inl), 0, true };
	w.nimages = w.nprogs = 1;
	w.boundary = HOP_STORE;
	err = hop_walk(&w, 1, 2, &p);
	CHECK(!err && p.count == 22 && p.checked[1] == 22 && !strcmp(p.insns[0].text, "movw r6, #0xc00"),
	      "armhf hop walk: a hop a store to .bss, not a store of a map's address (got %d, %d)",
	      p.count, p.nchecked > 1 ? p.checked[1] : -1);
	hop_path_free(&p);

	/* The ld_imm64 constants: .bss's address, then the map's. */
	n = hop_constants(HOP_ARMHF, &one, &imms);
	CHECK(n == 2 && imms[0] == A32_BSS && imms[1] == 0xc1c60c00,
	      "armhf constants: the kernel addresses built, in order (got %d)", n);
	free(imms);
}

/*
 * A32 conditional execution: a load and a store whose condition failed
 * access nothing, and write nothing.  Hop 1 (from one store into .bss to
 * the next): cmp r2, #1 with r2 = 0 fails eq, so ldreq leaves r2 at 0 and
 * streq leaves .bss's second word at 0; the beq over the nop is taken only
 * if neither ran.  No JIT image of the matrix has one (capstone 4 checked
 * each word's text).
 */
static const uint32_t a32_cond[] = {
	0xe3050004,	/* movw r0, #0x5004 */
	0xe34f00b0,	/* movt r0, #0xf0b0: A32_BSS */
	0xe3a01001,	/* mov r1, #1 */
	0xe5801000,	/* str r1, [r0]: hop 1 begins */
	0xe3a02000,	/* mov r2, #0 */
	0xe3520001,	/* cmp r2, #1: ne */
	0x05902000,	/* ldreq r2, [r0]: fails (r2 would be 1) */
	0x05801004,	/* streq r1, [r0, #4]: fails (.bss + 4 would be 1) */
	0xe5903004,	/* ldr r3, [r0, #4] */
	0xe1833002,	/* orr r3, r3, r2 */
	0xe3530000,	/* cmp r3, #0 */
	0x0a000000,	/* beq +8: over the nop */
	0xe320f000,	/* nop */
	0xe3a01002,	/* mov r1, #2 */
	0xe5801000,	/* str r1, [r0]: hop 1 ends */
	0xe12fff1e,	/* bx lr */
};

static void test_hop_armhf_cond(void)
{
	struct hop_path p;
	int err = walk_stores(HOP_ARMHF, A32_BASE, a32_cond, sizeof(a32_cond), A32_BSS, &p);

	CHECK(!err && p.count == 10 && !strcmp(p.insns[2].text, "ldreq r2, [r0]"),
	      "armhf hop walk: a failed condition's load and store write nothing (the beq over "
	      "the nop taken: 10 instructions, got %d: %s)", p.count, p.note ? p.note : "ok");
	CHECK(p.count == 10 && !p.insns[2].mem && !p.insns[3].mem && p.mem.loads == 1 &&
		      p.mem.stores == 1,
	      "armhf hop memory: a failed condition's load and store access nothing (1 load, "
	      "1 store; got %d, %d)", p.mem.loads, p.mem.stores);
	hop_path_free(&p);
}

/*
 * The i386 walker on a chain of four programs, each the 6.1 guest's static
 * tail call as its walk printed it (assembled with i686-linux-gnu-as; its
 * thunk left out: jmp edx, as a kernel without retpoline jumps): the
 * prologue (35 bytes, where a tail call enters), the hop counter in .bss as
 * a 64-bit add through two stack words (add, adc), the map and key 1 put in
 * BPF's r2 and r3, the bounds check on unknown memory, the counter's two
 * words compared with 0 and 33 and incremented, ptrs[key] and bpf_func
 * unknown, and jmp to bpf_func + 35.  The last program returns.
 */
#define I386_BASE 0xf8100000ull
#define I386_BSS 0xf8001000ull
#define I386_MAP 0xc1d6dc00ull

static const uint8_t i386_prologue[] = {
	0x55, 0x89, 0xe5, 0x57, 0x56, 0x53,	/* push ebp; mov ebp, esp; push edi, esi, ebx */
	0x81, 0xec, 0x60, 0x02, 0x00, 0x00,	/* sub esp, 0x260 */
	0x83, 0xed, 0x6c, 0x31, 0xdb,		/* sub ebp, 0x6c; xor ebx, ebx */
	0x89, 0x6d, 0x50, 0x89, 0x5d, 0x54,	/* r10: the frame */
	0x89, 0x45, 0x08, 0x89, 0x5d, 0x0c,	/* r1: ctx */
	0x89, 0x5d, 0x58, 0x89, 0x5d, 0x5c,	/* the tail-call counter: 0 */
};

static const uint8_t i386_body[] = {
	0xc7, 0x45, 0x10, 0x04, 0x10, 0x00, 0xf8, 0x31, 0xc0, 0x89, 0x45, 0x14,	/* r1 = .bss + 4 */
	0x8b, 0x45, 0x10, 0x8b, 0x10, 0x89, 0x55, 0x18, 0x31, 0xc0, 0x89, 0x45, 0x1c,	/* r2 = *r1 */
	0x8b, 0x45, 0x18, 0x83, 0xc0, 0x01, 0x89, 0x45, 0x18,	/* r2 += 1: add */
	0x8b, 0x45, 0x1c, 0x83, 0xd0, 0x00, 0x89, 0x45, 0x1c,	/* adc */
	0x8b, 0x45, 0x10, 0x8b, 0x55, 0x18, 0x89, 0x10,		/* *r1 = r2 */
	0xc7, 0x45, 0x10, 0x00, 0xdc, 0xd6, 0xc1, 0x31, 0xc0, 0x89, 0x45, 0x14,	/* r2 = map */
	0xc7, 0x45, 0x18, 0x21, 0x00, 0x00, 0x00, 0x31, 0xc0, 0x89, 0x45, 0x1c,	/* r3 = 33 */
	0x8b, 0x45, 0x10, 0x8b, 0x55, 0x18, 0x39, 0x50, 0x18, 0x76, 0x32,	/* bounds: jbe out */
	0x8b, 0x4d, 0x58, 0x8b, 0x5d, 0x5c, 0x83, 0xfb, 0x00, 0x75, 0x03,	/* counter: hi, jne */
	0x83, 0xf9, 0x21, 0x73, 0x22,					/* lo: cmp 33, jae out */
	0x83, 0xc1, 0x01, 0x83, 0xd3, 0x00, 0x89, 0x4d, 0x58, 0x89, 0x5d, 0x5c,	/* count it */
	0x8b, 0x94, 0x90, 0x10, 0x01, 0x00, 0x00, 0x85, 0xd2, 0x74, 0x0b,	/* ptrs[key], je out */
	0x8b, 0x52, 0x24, 0x83, 0xc2, 0x23, 0x8b, 0x45, 0x08, 0xff, 0xe2,	/* jmp bpf_func + 35 */
};

static const uint8_t i386_out[] = {
	0x8b, 0x45, 0x00, 0x8b, 0x55, 0x04, 0x83, 0xc5, 0x6c,	/* r0; add ebp, 0x6c */
	0x8b, 0x5d, 0xf4, 0x8b, 0x75, 0xf8, 0x8b, 0x7d, 0xfc, 0xc9, 0xc3,	/* restore, leave, ret */
};

/*
 * adc and sbb take the carry of the add or sub before them: hop 1 (from one
 * store into .bss to the next) takes both je over their nop, 13 instructions.
 */
static const uint8_t i386_carry[] = {
	0xb8, 0x00, 0x10, 0x00, 0xf8, 0xc7, 0x00, 0x01, 0x00, 0x00, 0x00,	/* *.bss = 1 */
	0xb9, 0xff, 0xff, 0xff, 0xff, 0x83, 0xc1, 0x01,			/* ecx = ~0 + 1: CF */
	0xba, 0x00, 0x00, 0x00, 0x00, 0x83, 0xd2, 0x00,			/* edx = 0 + 0 + CF */
	0x83, 0xfa, 0x01, 0x74, 0x01, 0x90,				/* edx == 1: je over nop */
	0xb9, 0x00, 0x00, 0x00, 0x00, 0x83, 0xe9, 0x01,			/* ecx = 0 - 1: CF */
	0xba, 0x01, 0x00, 0x00, 0x00, 0x83, 0xda, 0x00,			/* edx = 1 - 0 - CF */
	0x85, 0xd2, 0x74, 0x01, 0x90,					/* edx == 0: je over nop */
	0xc7, 0x00, 0x02, 0x00, 0x00, 0x00, 0xc3,			/* *.bss = 2; ret */
};

/*
 * An 8-byte write over two 4-byte stack slots makes both unknown: the je on
 * the second falls through to its nop (9 instructions; 8 if it stayed 0).
 */
static const uint8_t i386_wide[] = {
	0xb8, 0x00, 0x10, 0x00, 0xf8, 0xc7, 0x00, 0x01, 0x00, 0x00, 0x00,	/* *.bss = 1 */
	0x83, 0xec, 0x08, 0xc7, 0x04, 0x24, 0x00, 0x00, 0x00, 0x00,	/* [esp] = 0 */
	0xc7, 0x44, 0x24, 0x04, 0x00, 0x00, 0x00, 0x00,			/* [esp + 4] = 0 */
	0x66, 0x0f, 0xd6, 0x04, 0x24,					/* movq [esp], xmm0 */
	0x83, 0x7c, 0x24, 0x04, 0x00, 0x74, 0x01, 0x90,			/* [esp + 4] == 0: je */
	0x83, 0xc4, 0x08, 0xc7, 0x00, 0x02, 0x00, 0x00, 0x00, 0xc3,	/* *.bss = 2; ret */
};

static void test_hop_walk_i386(void)
{
	uint8_t code[4][256], bss[8] = {};
	size_t np = sizeof(i386_prologue);
	struct hop_image img[4];
	struct hop_walk w = { .arch = HOP_I386, .images = img, .nimages = 4, .nprogs = 4,
			      .boundary = HOP_TAIL, .bss = { I386_BSS, bss, sizeof(bss) } };
	struct hop_path p;
	uint64_t *imms;
	int err, n;

	for (int k = 0; k < 4; k++) {
		memset(code[k], 0xcc, sizeof(code[k]));
		memcpy(code[k], i386_prologue, np);
		if (k < 3) {
			memcpy(code[k] + np, i386_body, sizeof(i386_body));
			memcpy(code[k] + np + sizeof(i386_body), i386_out, sizeof(i386_out));
		} else {
			memcpy(code[k] + np, i386_out, sizeof(i386_out));
		}
		img[k] = (struct hop_image){ I386_BASE + k * 0x100, code[k], sizeof(code[k]), k, true };
	}
	err = hop_walk(&w, 1, 2, &p);
	CHECK(!err && !p.note, "i386 hop walk: the chain walks to its end (%s)", p.note ? p.note : "ok");
	CHECK(p.count == 44 && p.indirect == 1 && p.nchecked == 2 && p.checked[1] == 44,
	      "i386 hop walk: 44 instructions a hop, 1 indirect, both steady hops alike "
	      "(got %d, %d, %d)", p.count, p.indirect, p.nchecked ? p.checked[1] : -1);
	CHECK(p.count == 44 && !strcmp(p.insns[0].text, "mov dword ptr [ebp + 0x10], 0xf8001004") &&
		      !strcmp(p.insns[0].role, "work") && !strcmp(p.insns[27].role, "counter") &&
		      !strcmp(p.insns[28].role, "counter") && !strcmp(p.insns[34].role, "counter") &&
		      !strcmp(p.insns[29].role, "check") && !strcmp(p.insns[43].text, "jmp edx") &&
		      !strcmp(p.insns[43].role, "jump"),
	      "i386 hop walk: from the tail-call entry to jmp edx, the counter's two words "
	      "and their adc a counter");
	CHECK(p.mem.loads == 14 && p.mem.stores == 13 && !p.mem.stack_loads && !p.mem.stack_stores,
	      "i386 hop memory: 14 loads, 13 stores, none only the stack's (got %d, %d, %d, %d)",
	      p.mem.loads, p.mem.stores, p.mem.stack_loads, p.mem.stack_stores);
	hop_path_free(&p);

	n = hop_constants(HOP_I386, &img[0], &imms);
	CHECK(n == 2 && imms[0] == I386_BSS + 4 && imms[1] == I386_MAP,
	      "i386 constants: .bss and the map, not 33 (got %d)", n);
	free(imms);

	img[0] = (struct hop_image){ I386_BASE, i386_carry, sizeof(i386_carry), 0, true };
	w = (struct hop_walk){ .arch = HOP_I386, .images = img, .nimages = 1, .nprogs = 1,
			       .boundary = HOP_STORE, .bss = { I386_BSS, bss, sizeof(bss) } };
	err = hop_walk(&w, 1, 2, &p);
	CHECK(!err && p.count == 13, "i386 hop walk: adc and sbb add the carry (13 instructions, "
	      "got %d: %s)", p.count, p.note ? p.note : "ok");
	/* -1 is no kernel address, though above the 3 GiB split. */
	n = -1;
	for (int i = 0; i < p.count; i++)
		if (!strcmp(p.insns[i].text, "mov ecx, 0xffffffff"))
			n = strcmp(p.insns[i].role, "work") != 0;
	CHECK(n == 1, "i386 hop walk: a small negative constant is no map address (not work)");
	hop_path_free(&p);

	img[0] = (struct hop_image){ I386_BASE, i386_wide, sizeof(i386_wide), 0, true };
	err = hop_walk(&w, 1, 2, &p);
	CHECK(!err && p.count == 9, "i386 hop walk: an 8-byte store makes both its stack slots "
	      "unknown (9 instructions, got %d: %s)", p.count, p.note ? p.note : "ok");
	hop_path_free(&p);
}

/*
 * The riscv64 walker on real JIT code: program 1 of chain/tailcall/xdp/
 * static/n0/s0 as Debian's 6.12 kernel compiled it under qemu's rv64 CPU
 * (with Zba and Zbb), read back in the guest.  Its .bss's address and the
 * prog array's are built by c.li/c.slli/addi runs; the tail call is
 * zext.w, lwu max_entries, bgeu, the counter's c.addi and bltz, sh3add,
 * ld, beqz and jalr to bpf_func + 12.  That boot measured 31 instructions a
 * hop.
 */
#define RV_BASE 0xffffffff78001764ull
#define RV_BSS 0xff20000000126000ull

static const uint8_t rv_prog[] = {
	0x13, 0x00, 0x00, 0x00, 0x13, 0x00, 0x00, 0x00, 0x13, 0x08, 0x10, 0x02,
	0x7d, 0x71, 0x22, 0xe4, 0x00, 0x08, 0xe5, 0x55, 0xa2, 0x15, 0x93, 0x85,
	0x35, 0x09, 0xb6, 0x05, 0x91, 0x05, 0x03, 0xe6, 0x05, 0x00, 0x05, 0x06,
	0x90, 0xc1, 0xed, 0x55, 0xf6, 0x05, 0x8d, 0x05, 0xb2, 0x05, 0x93, 0x85,
	0xd5, 0xea, 0xb2, 0x05, 0x93, 0x85, 0x05, 0x80, 0x13, 0x06, 0x00, 0x02,
	0x3b, 0x06, 0x06, 0x08, 0x03, 0xe3, 0x45, 0x02, 0x63, 0x71, 0x66, 0x02,
	0x7d, 0x18, 0x63, 0x4e, 0x08, 0x00, 0xb3, 0x63, 0xb6, 0x20, 0x83, 0xb3,
	0x83, 0x10, 0x63, 0x88, 0x03, 0x00, 0x03, 0xbe, 0x03, 0x03, 0x22, 0x64,
	0x41, 0x61, 0x67, 0x00, 0xce, 0x00, 0xfd, 0x47, 0x22, 0x64, 0x41, 0x61,
	0x1b, 0x85, 0x07, 0x00, 0x82, 0x80,
};

/* The program as each of four on a chain: the last finds its slot empty. */
static void test_hop_walk_riscv64(void)
{
	uint8_t bss[8] = {};
	struct hop_image img[4];
	struct hop_walk w = { .arch = HOP_RISCV64, .images = img, .nimages = 4, .nprogs = 4,
			      .boundary = HOP_TAIL, .bss = { RV_BSS, bss, sizeof(bss) } };
	struct hop_path p;
	int err;

	for (int k = 0; k < 4; k++)
		img[k] = (struct hop_image){ RV_BASE + k * 0x100, rv_prog, sizeof(rv_prog), k, true };
	err = hop_walk(&w, 1, 2, &p);
#if CS_API_MAJOR >= 5
	CHECK(!err && !p.note && p.count == 31 && p.indirect == 1 && p.nchecked == 2 &&
		      p.checked[0] == 31 && p.checked[1] == 31,
	      "riscv64 hop walk: 31 instructions a hop as measured, 1 indirect, both steady hops "
	      "alike (got %d: %s)", p.count, p.note ? p.note : "ok");
	CHECK(p.count == 31 && !strcmp(p.insns[0].text, "c.addi16sp sp, -0x10") &&
		      !strcmp(p.insns[30].text, "jalr zero, t3, 0xc") &&
		      !strcmp(p.insns[30].role, "jump") && !strcmp(p.insns[19].text, "zext.w a2, a2") &&
		      !strcmp(p.insns[22].role, "counter") && !strcmp(p.insns[23].role, "check") &&
		      !strcmp(p.insns[3].role, "work") && !strcmp(p.insns[18].role, "other"),
	      "riscv64 hop walk: past the counter's start to jalr, zext.w decoded, the count's "
	      "c.addi a counter, .bss's build work, the key's li not");
#else
	printf("ok - riscv64 hop walk # SKIP capstone %d has no RISC-V (trixie's 5 has): "
	       "tests/vm/riscv64.test.sh walks it in the guest\n", CS_API_MAJOR);
	CHECK(err && p.note && strstr(p.note, "capstone cannot open riscv64"),
	      "riscv64 hop walk: without RISC-V in capstone, nothing is walked, and the note says so");
#endif
	hop_path_free(&p);
}

/*
 * The csr* instructions write an unknown value to rd, and nothing else.
 * Hop 1 (from one store into .bss to the next): t0 = 5, then csrr t0, time
 * makes it unknown, so the beq t0, t1 over the nop falls through; csrw
 * (rd x0) leaves its source a0, .bss's address, known, so the second store
 * still ends the hop.  No JIT image of the matrix has one.  (Assembled with
 * riscv64-linux-gnu-as, no compressed forms.)  It needs capstone 5: the
 * host's 4 skips it, and the guest runs no unit test; it was run by
 * cross-building this file for riscv64 and running it under qemu-riscv64.
 */
#define RV_CSR_BSS 0x2000ull

static const uint32_t rv_csr[] = {
	0x00002537,	/* lui a0, 0x2: RV_CSR_BSS */
	0x00100593,	/* li a1, 1 */
	0x00b52023,	/* sw a1, 0(a0): hop 1 begins */
	0x00500293,	/* li t0, 5 */
	0x00500313,	/* li t1, 5 */
	0xc01022f3,	/* csrr t0, time (csrrs t0, 0xc01, zero) */
	0x14051073,	/* csrw sscratch, a0 (csrrw zero, 0x140, a0) */
	0x00628463,	/* beq t0, t1, +8: over the nop */
	0x00000013,	/* nop */
	0x00200593,	/* li a1, 2 */
	0x00b52023,	/* sw a1, 0(a0): hop 1 ends */
	0x00008067,	/* ret */
};

static void test_hop_riscv64_csr(void)
{
	struct hop_path p;
	int err = walk_stores(HOP_RISCV64, RV_BASE, rv_csr, sizeof(rv_csr), RV_CSR_BSS, &p);

#if CS_API_MAJOR >= 5
	CHECK(!err && !p.note && p.count == 8,
	      "riscv64 hop walk: csrr writes an unknown rd, csrw nothing (the beq over the nop "
	      "falls through, the second store ends the hop: 8 instructions, got %d: %s)", p.count,
	      p.note ? p.note : "ok");
#else
	(void)err;
	printf("ok - riscv64 hop walk: csr* # SKIP capstone %d has no RISC-V (nothing else runs "
	       "this check)\n", CS_API_MAJOR);
#endif
	hop_path_free(&p);
}

static void test_hop_riscv64(void)
{
	struct hop_image one = { RV_BASE, rv_prog, sizeof(rv_prog), 0, true };
	uint64_t *imms;
	int n;

	n = hop_constants(HOP_RISCV64, &one, &imms);
	CHECK(n == 2 && imms[0] == RV_BSS + 4,
	      "riscv64 constants: .bss's address and the prog array's, in order (got %d)", n);
	free(imms);

	test_hop_walk_riscv64();
	test_hop_riscv64_csr();
}

/*
 * The ppc64el walker on a chain of four programs as Debian's 6.12 ppc64
 * JIT lays one out (its walked hop, with a branch on tb_sel added): the
 * kernel TOC from the paca and the counter's slot zeroed, skipped by a tail
 * call (bpf_func + 12); .bss's address and the map's built by lis, sldi,
 * oris, ori; the bounds check and the count's cmplwi 33, then mtctr and bctr
 * to the next program.  On the last program the load of array->ptrs[1]
 * finds the slot empty (beq out) and the program returns.  (Assembled with
 * powerpc64le-linux-gnu-as.)
 */
#define PPC_BASE 0xc008000000006000ull
#define PPC_BSS 0xc0080000002e0004ull
#define PPC_MAP 0xc0000000030c2400ull

static const uint32_t ppc_prog[] = {
	0xe84d0010, 0x39200000, 0xf921ffd0,	/* ld r2, 0x10(r13); li r9, 0; std r9, -0x30(r1) */
	0x3c80c008, 0x788407c6, 0x6484002e, 0x60840004,	/* r4 = PPC_BSS */
	0x80a40000, 0x38a50001, 0x90a40000,	/* lwz r5, 0(r4); addi; stw: the hop */
	0x80a40004, 0x2c050000, 0x41820008,	/* lwz r5, 4(r4); cmpwi r5, 0; beq +8 */
	0x60000000,				/* nop */
	0x3c80c000, 0x788407c6, 0x6484030c, 0x60842400,	/* r4 = PPC_MAP */
	0x38a00001, 0x81240024, 0x54a5003e,	/* li r5, 1; r9 = max_entries; rlwinm */
	0x7c054840, 0x4080003c,			/* cmplw r5, r9; bge out */
	0xe921ffd0, 0x28090021, 0x40800030,	/* ld r9, -0x30(r1); cmplwi r9, 33; bge out */
	0x39290001,				/* addi r9, r9, 1 */
	0x1d450008, 0x7d4a2214, 0xe94a0108,	/* r10 = ptrs[r5] */
	0x282a0000, 0x41820018,			/* cmpldi r10, 0; beq out */
	0xe94a0030, 0x394a000c, 0x7d4903a6,	/* r10 = bpf_func + 12; mtctr r10 */
	0xf921ffd0, 0x4e800420,			/* std r9, -0x30(r1); bctr */
	0x39000000, 0x7d034378, 0x4e800020,	/* out: li r8, 0; mr r3, r8; blr */
};

static void test_hop_walk_ppc64el(void)
{
	uint8_t bss[8] = {};
	struct hop_image img[4];
	struct hop_walk w = { .arch = HOP_PPC64EL, .bss = { PPC_BSS, bss, sizeof(bss) } };
	struct hop_image one = { PPC_BASE, (const uint8_t *)ppc_prog, sizeof(ppc_prog), 0, true };
	struct hop_path p;
	uint64_t *imms;
	int err, n;

	walk_chain("ppc64el", &w, img, PPC_BASE, ppc_prog, sizeof(ppc_prog), 33, &p);
	CHECK(p.count == 33 && !strcmp(p.insns[0].text, "lis r4, 0xc008") &&
		      !strcmp(p.insns[32].text, "bctr") && !strcmp(p.insns[32].role, "jump") &&
		      !strcmp(p.insns[19].role, "counter") && !strcmp(p.insns[20].role, "check") &&
		      !strcmp(p.insns[22].role, "counter") && !strcmp(p.insns[31].role, "counter") &&
		      !strcmp(p.insns[30].role, "jump"),
	      "ppc64el hop walk: from past the prologue to bctr, the count's load, add and store "
	      "counters");
	CHECK(p.count == 33 && !strcmp(p.insns[1].role, "work") && !strcmp(p.insns[3].role, "work") &&
		      !strcmp(p.insns[14].role, "other") && p.mem.loads == 6 && p.mem.stores == 2,
	      "ppc64el hop walk: the run that builds .bss's address is work, a small constant is "
	      "not; 6 loads, 2 stores (got %d, %d)", p.mem.loads, p.mem.stores);
	hop_path_free(&p);

	/* Without .bss, the branch on tb_sel is unknown and falls through. */
	w.bss.len = 0;
	err = hop_walk(&w, 2, 2, &p);
	CHECK(!err && p.count == 34, "ppc64el hop walk: an unknown branch falls through (got %d)",
	      p.count);
	hop_path_free(&p);

	/* .bss's address and the map's, built into r4 (a BPF register). */
	n = hop_constants(HOP_PPC64EL, &one, &imms);
	CHECK(n == 2 && imms[0] == PPC_BSS && imms[1] == PPC_MAP,
	      "ppc64el constants: the two kernel addresses built, in order (got %d)", n);
	free(imms);
}

/*
 * An instruction the ppc64el walker does not model makes what it writes
 * unknown, never the stack pointer: with capstone 4 (no register access
 * for PPC) that is its RT and RA fields, and mtcrf's RS field is r1 here.
 * Hop 1 (from one store into .bss to the next) reloads a stack slot it
 * stored before the mtcrf, and takes the beq over the nop only if the
 * slot's address, r1's, stayed known.  No JIT image of the matrix has one
 * (capstone 4 checked each word's text).
 */
static const uint32_t ppc_keep_sp[] = {
	0x3c80c008, 0x788407c6, 0x6484002e, 0x60840004,	/* r4 = PPC_BSS */
	0x38a00001, 0x90a40000,		/* li r5, 1; stw r5, 0(r4): hop 1 begins */
	0x39200007, 0xf921ffd0,		/* li r9, 7; std r9, -0x30(r1) */
	0x7c2ff120,			/* mtcrf 0xff, r1: not modelled */
	0xe921ffd0, 0x28290007, 0x41820008,	/* ld r9, -0x30(r1); cmpldi r9, 7; beq +8 */
	0x60000000,			/* nop */
	0x38a00002, 0x90a40000,		/* li r5, 2; stw r5, 0(r4): hop 1 ends */
	0x4e800020,			/* blr */
};

static void test_hop_ppc64el_keep_sp(void)
{
	struct hop_path p;
	int err = walk_stores(HOP_PPC64EL, PPC_BASE, ppc_keep_sp, sizeof(ppc_keep_sp), PPC_BSS, &p);

	CHECK(!err && p.count == 8 && !strcmp(p.insns[2].text, "mtcrf 0xff, r1"),
	      "ppc64el hop walk: an instruction not modelled leaves r1 known (the stack slot "
	      "reloaded, the beq over the nop taken: 8 instructions, got %d: %s)", p.count,
	      p.note ? p.note : "ok");
	hop_path_free(&p);
}

/*
 * The s390x walker on a made-up chain of four programs laid out as the s390
 * JIT of 6.12 does (bpf_jit_prologue, BPF_TAIL_CALL): brcl 0 and the xc
 * that zeroes the tail-call counter skipped by a tail call, stmg into the
 * caller's frame, .bss's address by lgrl from the literal pool, the hop
 * counter and tb_sel in .bss (tb_sel = 1, big-endian, takes a cije over a
 * nop), llgf and clrj of the bounds on unknown memory falling through,
 * laal and clij of the count, ltg and je of the slot, and bc to bpf_func +
 * 12.  The last program finds its slot empty and returns.  (Assembled with
 * s390x-linux-gnu-as -march=z196.)
 */
#define S390_BASE 0x000003ff80001000ull
#define S390_BSS 0x0000000001a2b000ull
#define S390_MAP 0x0000000001a2c000ull

static const uint8_t s390_prog[] = {
	0xc0, 0x04, 0x00, 0x00, 0x00, 0x4c,	/* brcl 0, plt: a nop */
	0xd7, 0x03, 0xf0, 0x40, 0xf0, 0x40,	/* xc 64(4,%r15),64(%r15) */
	0xeb, 0x6f, 0xf0, 0x48, 0x00, 0x24,	/* tail-call entry: stmg %r6,%r15,72(%r15) */
	0xb9, 0x04, 0x00, 0x1f, 0x41, 0xd0, 0xf0, 0x40,	/* lgr %r1,%r15; la %r13,64(%r15) */
	0xa7, 0xfb, 0xff, 0x60,			/* aghi %r15,-160 */
	0xe3, 0x10, 0xf0, 0x98, 0x00, 0x24,	/* stg %r1,152(%r15) */
	0xc4, 0x28, 0x00, 0x00, 0x00, 0x3e,	/* lgrl %r2,lit_bss */
	0x58, 0x30, 0x20, 0x00, 0xa7, 0x3a, 0x00, 0x01, 0x50, 0x30, 0x20, 0x00,	/* l; ahi; st */
	0x58, 0x40, 0x20, 0x04,			/* l %r4,4(%r2): tb_sel */
	0xec, 0x48, 0x00, 0x04, 0x01, 0x7e,	/* cije %r4,1,skip */
	0x07, 0x00,				/* nopr */
	0xc4, 0x38, 0x00, 0x00, 0x00, 0x33,	/* skip: lgrl %r3,lit_map */
	0xa7, 0x49, 0x00, 0x01,			/* lghi %r4,1: the key */
	0xe3, 0x10, 0x30, 0x24, 0x00, 0x16,	/* llgf %r1,36(%r3) */
	0xec, 0x41, 0x00, 0x1d, 0xa0, 0x77,	/* clrjnl %r4,%r1,out */
	0xa7, 0x08, 0x00, 0x01,			/* lhi %r0,1 */
	0xeb, 0x10, 0xf0, 0xe0, 0x00, 0xfa,	/* laal %r1,%r0,224(%r15) */
	0xec, 0x12, 0x00, 0x15, 0x20, 0x7f,	/* clijh %r1,32,out */
	0xb9, 0x16, 0x00, 0x14,			/* llgfr %r1,%r4 */
	0xeb, 0x11, 0x00, 0x03, 0x00, 0x0d,	/* sllg %r1,%r1,3 */
	0xe3, 0x13, 0x11, 0x10, 0x00, 0x02,	/* ltg %r1,272(%r3,%r1) */
	0xa7, 0x84, 0x00, 0x0a,			/* je out */
	0xeb, 0x6f, 0xf0, 0xe8, 0x00, 0x04,	/* lmg %r6,%r15,232(%r15) */
	0xe3, 0x10, 0x10, 0x30, 0x00, 0x04,	/* lg %r1,48(%r1): bpf_func */
	0x47, 0xf0, 0x10, 0x0c,			/* b 12(%r1) */
	0xb9, 0x04, 0x00, 0x2e,			/* out: lgr %r2,%r14 */
	0xeb, 0x6f, 0xf0, 0xe8, 0x00, 0x04,	/* lmg %r6,%r15,232(%r15) */
	0x07, 0xfe,				/* br %r14 */
	0, 0, 0, 0, 0, 0, 0, 0,			/* plt */
	0x00, 0x00, 0x00, 0x00, 0x01, 0xa2, 0xb0, 0x00,	/* lit_bss */
	0x00, 0x00, 0x00, 0x00, 0x01, 0xa2, 0xc0, 0x00,	/* lit_map */
};

static void test_hop_walk_s390x(void)
{
	uint8_t bss[8] = { 0, 0, 0, 0, 0, 0, 0, 1 };	/* tb_sel 1, big-endian */
	struct hop_image img[4];
	struct hop_walk w = { .arch = HOP_S390X, .images = img, .nimages = 4, .nprogs = 4,
			      .boundary = HOP_TAIL, .bss = { S390_BSS, bss, sizeof(bss) } };
	struct hop_image one = { S390_BASE, s390_prog, sizeof(s390_prog), 0, true };
	struct hop_path p;
	uint64_t *imms;
	int err, n;

	for (int k = 0; k < 4; k++)
		img[k] = (struct hop_image){ S390_BASE + k * 0x100, s390_prog, sizeof(s390_prog),
					     k, true };
	err = hop_walk(&w, 1, 2, &p);
	CHECK(!err && !p.note, "s390x hop walk: the chain walks to its end (%s)",
	      p.note ? p.note : "ok");
	CHECK(p.count == 25 && p.indirect == 1 && p.nchecked == 2 && p.checked[0] == 25 &&
		      p.checked[1] == 25,
	      "s390x hop walk: 25 instructions a hop, 1 indirect, both steady hops alike "
	      "(got %d, %d, %d)", p.count, p.indirect, p.nchecked ? p.checked[1] : -1);
	CHECK(p.count == 25 && !strcmp(p.insns[0].text, "stmg %r6, %r15, 0x48(%r15)") &&
		      !strcmp(p.insns[24].text, "bc 15, 0xc(%r1)") && !strcmp(p.insns[16].role, "counter") &&
		      !strcmp(p.insns[14].role, "check") && !strcmp(p.insns[17].role, "check") &&
		      !strcmp(p.insns[24].role, "jump") && !strcmp(p.insns[0].role, "frame"),
	      "s390x hop walk: from the tail-call entry to bc, laal a counter, clrj and clij checks "
	      "(got %s ... %s)", p.count ? p.insns[0].text : "", p.count ? p.insns[p.count - 1].text : "");
	CHECK(p.count == 25 && !strcmp(p.insns[5].role, "work") && !strcmp(p.insns[6].role, "work") &&
		      !strcmp(p.insns[12].role, "other"),
	      "s390x hop walk: the literal's load of .bss's address is work, a small constant is not");
	CHECK(p.mem.loads == 9 && p.mem.stores == 4,
	      "s390x hop walk: 9 loads (lgrl, l, llgf, ltg, lg, laal, lmg), 4 stores (stmg, stg, st, laal) "
	      "(got %d, %d)", p.mem.loads, p.mem.stores);
	hop_path_free(&p);

	/* Read little-endian, tb_sel would be 0x01000000: the nop would run. */
	bss[7] = 0;
	bss[4] = 1;
	err = hop_walk(&w, 1, 2, &p);
	CHECK(!err && p.count == 26, "s390x hop walk: .bss is read big-endian (got %d)", p.count);
	hop_path_free(&p);

	/* Without .bss, the branch on tb_sel is unknown and falls through. */
	w.bss.len = 0;
	err = hop_walk(&w, 2, 2, &p);
	CHECK(!err && p.count == 26, "s390x hop walk: an unknown branch falls through (got %d)",
	      p.count);
	hop_path_free(&p);

	/* Both ld_imm64 constants of the literal pool, in order. */
	n = hop_constants(HOP_S390X, &one, &imms);
	CHECK(n == 2 && imms[0] == S390_BSS && imms[1] == S390_MAP,
	      "s390x constants: the two literals lgrl loads, in order (got %d)", n);
	free(imms);
}

void unit_hop(void)
{
	test_hop_walk();
	test_hop_callback();
	test_hop_memory();
	test_hop_walk_arm64();
	test_hop_calls_returned();
	test_hop_walk_i386();
	test_hop_riscv64();
	test_hop_walk_ppc64el();
	test_hop_ppc64el_keep_sp();
	test_hop_walk_armhf();
	test_hop_armhf_cond();
	test_hop_walk_s390x();
}
