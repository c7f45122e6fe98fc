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
#   $(eval $(call cross_payload,ARCH,GNU-TRIPLET,BPF-TARGET))
#
# BPF-TARGET is bpfel or bpfeb, the target's byte order; ARCH_CC and
# ARCH_SYSROOT may be overridden (e.g. s390x_CC=...).

# $(call cross_payload,ARCH,TRIPLET,BPF-TARGET): the rules of one architecture.
define cross_payload
$(1)_CC ?= $(2)-gcc
$(1)_SYSROOT ?= .cache/$(1)/sysroot
$(1)_DIR := $(BUILD)/$(1)
$(1)_CPPFLAGS := -isystem $$($(1)_SYSROOT)/usr/include -isystem $$($(1)_SYSROOT)/usr/include/$(2)
$(1)_OBJS := $$(patsubst harness/%.c,$$($(1)_DIR)/obj/%.o,$$(HARNESS_SRCS)) $$($(1)_DIR)/obj/version.o
# asm/types.h comes from the cross toolchain's kernel headers, libbpf's
# helpers from the sysroot.
$(1)_BPF_CFLAGS := -target $(3) -O2 -g -Wall -I/usr/$(2)/include -I$$($(1)_SYSROOT)/usr/include -Iprogs
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
	$$(Q)$$($(1)_CC) $$(CFLAGS) -static -o $$@ $$^ -L$$($(1)_SYSROOT)/usr/lib/$(2) $$(STATIC_LIBS)

$$($(1)_DIR)/progs/%.bpf.o: $$(BUILD)/progs/%.bpf.c progs/tb.bpf.h | $$($(1)_SYSROOT)/.packages
	$$(call msg,CLANG,$$@)
	$$(Q)mkdir -p $$(@D)
	$$(Q)$$(CLANG) $$($(1)_BPF_CFLAGS) -c $$< -o $$@

$$($(1)_DIR)/vm-payload/tailbench: $$($(1)_DIR)/tailbench-static $$($(1)_PROG_OBJS) $$(wildcard scenarios/*.json)
	$$(call payload,$$($(1)_DIR)/vm-payload,$$($(1)_PROG_OBJS),$(2)-strip)

$(1)-payload: $$($(1)_DIR)/vm-payload/tailbench
endef

include $(wildcard mk/arch/*.mk)
