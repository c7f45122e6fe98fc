# Payloads of other guest architectures, cross-built (included by the
# Makefile):
#
#   make ARCH-payload    build/ARCH/vm-payload/: static tailbench of ARCH,
#                        its BPF objects and the scenarios
#
# Against the static libraries of Debian's ARCH packages, unpacked by
# harness/vm/sysroot.sh into .cache/ARCH/sysroot (the machine's dpkg
# architectures stay as they are), with Debian's cross toolchain
# (crossbuild-essential-ARCH).  An architecture is one line, mk/arch/ARCH.mk:
#
#   $(eval $(call cross_payload,ARCH,GNU-TRIPLET,BPF-TARGET[,TOOLS]))
#
# BPF-TARGET is bpfel or bpfeb, the target's byte order; TOOLS the cross
# toolchain's prefix where it is not the triplet's (i386: i686-linux-gnu).
# ARCH_CC and ARCH_SYSROOT may be overridden (e.g. s390x_CC=...); so may
# ARCH_LDFLAGS (default -static) with ARCH_LIBS, shared libraries of the
# sysroot that the payload then carries in its lib/ (mk/arch/riscv64.mk).

# $(call cross_payload,ARCH,TRIPLET,BPF-TARGET[,TOOLS]): the rules of one architecture.
define cross_payload
$(1)_CC ?= $(or $(4),$(2))-gcc
$(1)_LDFLAGS ?= -static
$(1)_SYSROOT ?= .cache/$(1)/sysroot
$(1)_DIR := $(BUILD)/$(1)
$(1)_CPPFLAGS := -isystem $$($(1)_SYSROOT)/usr/include -isystem $$($(1)_SYSROOT)/usr/include/$(2)
$(1)_OBJS := $$(patsubst harness/%.c,$$($(1)_DIR)/obj/%.o,$$(HARNESS_SRCS)) $$($(1)_DIR)/obj/version.o
# asm/types.h comes from the cross toolchain's kernel headers, libbpf's
# helpers from the sysroot.
$(1)_BPF_CFLAGS := -target $(3) -O2 -g -Wall -I/usr/$(or $(4),$(2))/include -I$$($(1)_SYSROOT)/usr/include -Iprogs
$(1)_PROG_OBJS := $$(addprefix $$($(1)_DIR)/progs/,$$(TB_OBJS))

.PHONY: $(1)-payload

$$($(1)_SYSROOT)/.packages:
	$$(error $$($(1)_SYSROOT) missing: run 'harness/vm/sysroot.sh --arch $(1)')

$$($(1)_DIR)/obj/%.o: harness/%.c | $$($(1)_SYSROOT)/.packages
	$$(call msg,CC-$(1),$$@)
	$$(Q)mkdir -p $$(@D)
	$$(Q)$$($(1)_CC) $$(CFLAGS) $$(WARNINGS) $$(DEFINES) $$($(1)_CPPFLAGS) -MMD -MP -c $$< -o $$@

$$($(1)_DIR)/obj/version.o: $$(BUILD)/obj/version.c
	$$(call msg,CC-$(1),$$@)
	$$(Q)mkdir -p $$(@D)
	$$(Q)$$($(1)_CC) $$(CFLAGS) -c $$< -o $$@

-include $$($(1)_OBJS:.o=.d)

$$($(1)_DIR)/tailbench-static: $$($(1)_OBJS)
	$$(call msg,LINK,$$@)
	$$(Q)$$($(1)_CC) $$(CFLAGS) $$($(1)_LDFLAGS) -o $$@ $$^ -L$$($(1)_SYSROOT)/usr/lib/$(2) $$(STATIC_LIBS)

$$($(1)_DIR)/progs/%.bpf.o: $$(BUILD)/progs/%.bpf.c progs/tb.bpf.h | $$($(1)_SYSROOT)/.packages
	$$(call msg,CLANG,$$@)
	$$(Q)mkdir -p $$(@D)
	$$(Q)$$(CLANG) $$($(1)_BPF_CFLAGS) -c $$< -o $$@

$$($(1)_DIR)/vm-payload/tailbench: $$($(1)_DIR)/tailbench-static $$($(1)_PROG_OBJS) $$(wildcard scenarios/*.json)
	$$(call payload,$$($(1)_DIR)/vm-payload,$$($(1)_PROG_OBJS),$(or $(4),$(2))-strip)
	$$(Q)$$(if $$($(1)_LIBS),mkdir -p $$(@D)/lib && cp -L $$(addprefix $$($(1)_SYSROOT)/usr/lib/$(2)/,$$($(1)_LIBS)) $$(@D)/lib/)

$(1)-payload: $$($(1)_DIR)/vm-payload/tailbench
endef

include $(wildcard mk/arch/*.mk)
