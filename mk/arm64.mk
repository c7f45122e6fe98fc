# The arm64 guest's payload, cross-built (included by the Makefile):
#
#   make arm64-payload   build/arm64/vm-payload/: static aarch64 tailbench,
#                        its BPF objects and the scenarios
#
# Against the static libraries of Debian's arm64 packages, unpacked by
# harness/vm/sysroot.sh into .cache/arm64/sysroot (the machine's dpkg
# architectures stay as they are), with Debian's cross toolchain
# (crossbuild-essential-arm64).

ARM64_TRIPLET := aarch64-linux-gnu
ARM64_CC ?= $(ARM64_TRIPLET)-gcc
ARM64_SYSROOT ?= .cache/arm64/sysroot
ARM64 := $(BUILD)/arm64
ARM64_CPPFLAGS := -isystem $(ARM64_SYSROOT)/usr/include \
	-isystem $(ARM64_SYSROOT)/usr/include/$(ARM64_TRIPLET)
ARM64_OBJS := $(patsubst harness/%.c,$(ARM64)/obj/%.o,$(HARNESS_SRCS)) $(ARM64)/obj/version.o
# BPF objects for the target: arm64 Linux is little-endian (bpfel), and
# asm/types.h comes from the cross toolchain's kernel headers, libbpf's
# helpers from the sysroot.
ARM64_BPF_CFLAGS := -target bpfel -O2 -g -Wall -I/usr/$(ARM64_TRIPLET)/include \
	-I$(ARM64_SYSROOT)/usr/include -Iprogs
ARM64_PROG_OBJS := $(addprefix $(ARM64)/progs/,$(TB_OBJS))

.PHONY: arm64-payload

$(ARM64_SYSROOT)/.packages:
	$(error $(ARM64_SYSROOT) missing: run 'harness/vm/sysroot.sh --arch arm64')

$(ARM64)/obj/%.o: harness/%.c | $(ARM64_SYSROOT)/.packages
	$(call msg,CC-arm64,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(ARM64_CC) $(CFLAGS) $(WARNINGS) $(DEFINES) $(ARM64_CPPFLAGS) -MMD -MP -c $< -o $@

$(ARM64)/obj/version.o: $(BUILD)/obj/version.c
	$(call msg,CC-arm64,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(ARM64_CC) $(CFLAGS) -c $< -o $@

-include $(ARM64_OBJS:.o=.d)

$(ARM64)/tailbench-static: $(ARM64_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(ARM64_CC) $(CFLAGS) -static -o $@ $^ -L$(ARM64_SYSROOT)/usr/lib/$(ARM64_TRIPLET) \
		$(STATIC_LIBS)

$(ARM64)/progs/%.bpf.o: $(BUILD)/progs/%.bpf.c progs/tb.bpf.h | $(ARM64_SYSROOT)/.packages
	$(call msg,CLANG,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(ARM64_BPF_CFLAGS) -c $< -o $@

$(ARM64)/vm-payload/tailbench: $(ARM64)/tailbench-static $(ARM64_PROG_OBJS) $(wildcard scenarios/*.json)
	$(call payload,$(ARM64)/vm-payload,$(ARM64_PROG_OBJS),$(ARM64_TRIPLET)-strip)

arm64-payload: $(ARM64)/vm-payload/tailbench
