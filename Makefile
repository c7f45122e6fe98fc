# tailbench build.  Quiet by default; V=1 shows the commands.
#
#   make              the harness (build/tailbench) and every BPF object
#   make static       build/tailbench-static, for the VM payload
#   make vm-payload   build/vm-payload/: static binary, objects, scenarios
#   make ARCH-payload the same for another guest architecture, cross-built
#                     (mk/cross.mk: arm64-payload, s390x-payload ...)
#   make unit         the unit-test binary (build/unit-tests, from tests/unit/)
#   make asan         harness and unit tests with ASan+UBSan (build/asan/)
#   make fuzz         libFuzzer targets of tests/fuzz/ (build/fuzz/, clang)
#   make install      the binary, its BPF objects and scenarios, the man page
#                     and bash completion under PREFIX (/usr/local), DESTDIR
#                     prepended; make uninstall removes them
#   make clean

BUILD ?= build
CC ?= gcc
CLANG ?= clang
CFLAGS ?= -O2 -g
WARNINGS := -Wall -Wextra -Wno-missing-field-initializers
DEFINES := -D_GNU_SOURCE -Iharness
# clang -target bpf has no multiarch search path of its own: asm/types.h
# lives in the host's (x86_64-linux-gnu, aarch64-linux-gnu, ...).
MULTIARCH := $(or $(shell $(CC) -print-multiarch 2>/dev/null),$(shell dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null))
BPF_CFLAGS := -target bpf -O2 -g -Wall $(if $(MULTIARCH),-I/usr/include/$(MULTIARCH)) -Iprogs

LIBS := -lbpf -lelf -lz -ljansson -lgsl -lgslcblas -lcapstone -lm
STATIC_LIBS := -lbpf -lelf -lz -lzstd -ljansson -lgsl -lgslcblas -lcapstone -lm

ifeq ($(V),1)
Q :=
msg :=
else
Q := @
msg = @printf '  %-8s %s\n' $(1) $(2);
endif

.DELETE_ON_ERROR:
# Keep the generated sources: they are worth reading.
.SECONDARY:
.PHONY: all progs static vm-payload unit asan fuzz install uninstall clean FORCE

all: $(BUILD)/tailbench progs

# --- BPF programs: gen writes the sources, clang compiles them -------------

$(BUILD)/gen: progs/gen.c progs/layout.h
	$(call msg,HOSTCC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(WARNINGS) -o $@ $<

# The object list comes from gen itself, so layout.h is its only source.
$(BUILD)/progs/objects.mk: $(BUILD)/gen
	$(call msg,GEN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(BUILD)/gen --makefile > $@

ifeq ($(filter clean,$(MAKECMDGOALS)),)
-include $(BUILD)/progs/objects.mk
endif
PROG_OBJS := $(addprefix $(BUILD)/progs/,$(TB_OBJS))

$(BUILD)/progs/%.bpf.c: $(BUILD)/gen
	$(call msg,GEN,$@)
	$(Q)$(BUILD)/gen $@

$(BUILD)/progs/%.bpf.o: $(BUILD)/progs/%.bpf.c progs/tb.bpf.h
	$(call msg,CLANG,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

progs: $(PROG_OBJS)

# --- the harness ------------------------------------------------------------

# The revision (with --dirty, so it changes on every edit) and the compiler
# go into one small generated object, rewritten only when they change: an
# edit recompiles its own file and this one, then relinks.
REV := $(shell git describe --always --dirty 2>/dev/null || echo unknown)
CLANG_VERSION := $(shell $(CLANG) --version 2>/dev/null | head -n 1)

# A temporary of its own per make: tests build payloads of several
# architectures at once (tests/run-all.sh), each make rewriting this.
$(BUILD)/obj/version.c: FORCE
	$(Q)mkdir -p $(@D)
	$(Q)printf 'const char tb_rev[] = "%s";\nconst char tb_clang[] = "%s";\n' \
		'$(REV)' '$(CLANG_VERSION)' > $@.$$$$.new; \
	cmp -s $@.$$$$.new $@ && rm $@.$$$$.new || mv $@.$$$$.new $@

$(BUILD)/obj/version.o: $(BUILD)/obj/version.c
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

# One folder per stage (docs/layout.md); includes name the folder.
HARNESS_SRCS := $(wildcard harness/*/*.c)
HARNESS_OBJS := $(patsubst harness/%.c,$(BUILD)/obj/%.o,$(HARNESS_SRCS)) $(BUILD)/obj/version.o

$(BUILD)/obj/%.o: harness/%.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(WARNINGS) $(DEFINES) -MMD -MP -c $< -o $@

-include $(HARNESS_OBJS:.o=.d)

$(BUILD)/tailbench: $(HARNESS_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tailbench-static: $(HARNESS_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) -static -o $@ $^ $(STATIC_LIBS)

static: $(BUILD)/tailbench-static

# The guest's /tailbench: laid out like the tree, so tailbench's defaults hold.
# $(call payload,DIR,OBJECTS,STRIP) from the static binary, the first prerequisite.
define payload
	$(call msg,PAYLOAD,$(1))
	$(Q)rm -rf $(1)
	$(Q)mkdir -p $(1)/build/progs $(1)/scenarios
	$(Q)cp $(2) $(1)/build/progs/
	$(Q)cp scenarios/*.json $(1)/scenarios/
	$(Q)$(3) -o $@ $<
endef

$(BUILD)/vm-payload/tailbench: $(BUILD)/tailbench-static $(PROG_OBJS) $(wildcard scenarios/*.json)
	$(call payload,$(BUILD)/vm-payload,$(PROG_OBJS),strip)

vm-payload: $(BUILD)/vm-payload/tailbench

include mk/cross.mk

# --- install ----------------------------------------------------------------

# Only PREFIX: the binary finds its data at ../share/tailbench from its own
# directory (harness/base/util.c), wherever the tree is moved (DESTDIR too).
PREFIX ?= /usr/local
DATADIR = $(DESTDIR)$(PREFIX)/share/tailbench
MAN1DIR = $(DESTDIR)$(PREFIX)/share/man/man1
COMPDIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions

# The man page is the --help of the binary and of every command, its
# directories said as installed: made again when PREFIX changes.
$(BUILD)/prefix: FORCE
	$(Q)mkdir -p $(@D)
	$(Q)echo '$(PREFIX)' > $@.new
	$(Q)cmp -s $@.new $@ && rm $@.new || mv $@.new $@

$(BUILD)/tailbench.1: $(BUILD)/tailbench $(BUILD)/prefix
	$(call msg,MAN,$@)
	$(Q)command -v help2man >/dev/null || { echo "help2man not found: apt-get install help2man (./run.sh installs it)" >&2; exit 1; }
	$(Q)TB_OBJECTS='$(PREFIX)/share/tailbench/progs' TB_SCENARIOS='$(PREFIX)/share/tailbench/scenarios' \
		help2man --no-info --no-discard-stderr --section=1 --help-option='help --all' \
		--name='what an eBPF tail call costs' --output=$@ $(abspath $<)

$(BUILD)/tailbench.bash: $(BUILD)/tailbench $(wildcard scenarios/*.json)
	$(call msg,GEN,$@)
	$(Q)TB_SCENARIOS=scenarios $< completion bash > $@

install: all $(BUILD)/tailbench.1 $(BUILD)/tailbench.bash
	$(call msg,INSTALL,'$(DESTDIR)$(PREFIX)')
	$(Q)rm -rf '$(DATADIR)'
	$(Q)install -d '$(DESTDIR)$(PREFIX)/bin' '$(DATADIR)/progs' '$(DATADIR)/scenarios' '$(MAN1DIR)' '$(COMPDIR)'
	$(Q)install -m 755 $(BUILD)/tailbench '$(DESTDIR)$(PREFIX)/bin/tailbench'
	$(Q)install -m 644 $(PROG_OBJS) '$(DATADIR)/progs/'
	$(Q)install -m 644 scenarios/*.json '$(DATADIR)/scenarios/'
	$(Q)install -m 644 $(BUILD)/tailbench.1 '$(MAN1DIR)/tailbench.1'
	$(Q)install -m 644 $(BUILD)/tailbench.bash '$(COMPDIR)/tailbench'

uninstall:
	$(call msg,UNINSTALL,'$(DESTDIR)$(PREFIX)')
	$(Q)rm -rf '$(DATADIR)'
	$(Q)rm -f '$(DESTDIR)$(PREFIX)/bin/tailbench' '$(MAN1DIR)/tailbench.1' '$(COMPDIR)/tailbench'

# --- unit tests: the harness's modules without its main() -------------------

UNIT_OBJS := $(filter-out $(BUILD)/obj/cmd/main.o,$(HARNESS_OBJS))

# One file a stage (tests/unit/<stage>.c), one binary.
UNIT_SRCS := $(wildcard tests/unit/*.c)

$(BUILD)/unit-tests: $(UNIT_SRCS) tests/unit/unit.h $(UNIT_OBJS) $(BUILD)/gen
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) $(WARNINGS) $(DEFINES) -o $@ \
		$(UNIT_SRCS) $(UNIT_OBJS) $(LIBS)

unit: $(BUILD)/unit-tests

# --- sanitizers and fuzzing: each in a tree of its own ----------------------

SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# The harness and the unit tests under ASan and UBSan (LeakSanitizer too).
asan:
	$(Q)$(MAKE) --no-print-directory BUILD=$(BUILD)/asan CFLAGS="-O1 -g $(SAN)" \
		$(BUILD)/asan/tailbench $(BUILD)/asan/unit-tests

# libFuzzer targets (tests/fuzz/*.c) over the harness built by clang with
# coverage; tests/fuzz/fuzz.test.sh runs them.
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/*.c))

$(BUILD)/fuzz-%: tests/fuzz/%.c tests/fuzz/fuzz.h $(UNIT_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) $(WARNINGS) $(DEFINES) -fsanitize=fuzzer -o $@ \
		$< $(UNIT_OBJS) $(LIBS)

fuzz:
	$(Q)$(MAKE) --no-print-directory BUILD=$(BUILD)/fuzz CC=$(CLANG) \
		CFLAGS="-O1 -g -fsanitize=fuzzer-no-link $(SAN)" \
		$(addprefix $(BUILD)/fuzz/fuzz-,$(FUZZ_TARGETS))

clean:
	$(call msg,CLEAN,$(BUILD))
	$(Q)rm -rf $(BUILD)
