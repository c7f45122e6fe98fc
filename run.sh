#!/usr/bin/env bash
# tailbench: set up (packages, build) and run.  './run.sh help' lists the commands.
set -euo pipefail

cd "$(dirname "$(readlink -f "$0")")"

# Debian packages the suite needs, by what it needs them for.
PACKAGES=(
	build-essential clang                           # the harness, and BPF objects (clang -target bpf)
	libbpf-dev libelf-dev zlib1g-dev libzstd-dev    # loading BPF (static libs too, for the VM)
	libjansson-dev libgsl-dev libcapstone-dev       # JSON, statistics, disassembly
	gnuplot-nox                                     # plots
	help2man                                        # the man page (make install)
	qemu-system-x86 busybox-static cpio file        # other kernels in VMs
	qemu-system-arm crossbuild-essential-arm64      # arm64 kernels in VMs: qemu-system-aarch64, and the
	                                                # cross compiler of the arm64 payload (its libraries
	                                                # come from a private sysroot, harness/vm/sysroot.sh)
	qemu-system-misc gcc-riscv64-linux-gnu          # riscv64 kernels in VMs, and its payload's compiler
	crossbuild-essential-armhf crossbuild-essential-i386  # the armhf and i386 payloads' compilers
	python3 python3-yaml                            # JSON checks in the tests; the CI files (tests/ci)
	libclang-rt-dev                                 # libFuzzer and sanitizer runtimes (tests/fuzz)
	ca-certificates                                 # apt over https, when configured so
)

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'run.sh: %s\n' "$1" >&2; exit "${2:-1}"; }

# shellcheck source=harness/packages.sh
. harness/packages.sh
install_deps() {
	install_packages "${PACKAGES[@]}"
}

build() {
	say "building"
	make -j"$(nproc)" >&2
}

setup() {
	install_deps
	build
}

usage() {
	cat <<'EOF'
usage: ./run.sh [COMMAND [ARGS]]

Every command first installs missing Debian packages (as root) and builds.

  (none)              the default suite on the running kernel, then its plots,
                      then its headline (tables on stdout, progress on stderr)
  quick               the quick suite (about a minute)
  test                all tests: unit, integration (needs root), VM
  run ARGS            build/tailbench run ARGS
  show FILE           a result file as tables
  headline FILE...    the first answer: cost per hop of each mechanism, a row
                      per result when several
  compare BASE NEW    compare two result files (exit 1 on a regression)
  list, export, disasm, explain, refit, same, series, summary, reproduce, check-pmu, version,
  completion ARGS
                      build/tailbench with that command (--help on each)
  gate BASELINE       run the quick suite and compare it with BASELINE
  baseline update|check VERSION|FILE...
                      committed baselines of a matrix of kernels: store
                      results as baselines/<arch>/<kernel>.json, or gate
                      results against them in one Markdown summary (docs/ci.md)
  aa [OPTIONS]        the A/A experiment: rerun coverage and gate verdicts here
  noise [RUNS]        measure this machine's rerun noise: RUNS quick runs (default
                      10, 10 s apart) into one result, then a noise profile that
                      later runs and compare use (results/noise/)
  plot [FILE...]      plots of result files (default: all in results/)
  report [FILE...]    one HTML page of plots and tables
  kernels VERSION...  run the suite on other kernels in VMs (see --help;
                      --arch ARCH: another architecture, docs/architectures.md)
  arches              the quick suite on every Debian series of every
                      architecture, then their figures side by side (see --help)
  build-kernel ARGS   build a small bootable kernel, patched if asked (see --help)
  patch-compare SERIES PATCH...
                      build a kernel without and with PATCHes, run both in the
                      instruction-counting VM, compare (exit 1 on a regression)
  patch-series SERIES PATCH...
                      the same for each prefix of a series: one table of the
                      per-hop change each patch brings (docs/kernel-dev.md)
  bisect --source GIT_TREE GOOD BAD
                      the first commit whose per-hop counts differ from GOOD's
                      (docs/kernel-dev.md)
  help                this text
EOF
}

# Newest result file written by the last run, for the plots after it.
newest_result() {
	ls -t results/*.json 2>/dev/null | head -n 1
}

cmd=${1:-default}
[ $# -gt 0 ] && shift

case "$cmd" in
help | -h | --help)
	usage
	;;
default)
	setup
	say "running the default suite (every scenario in scenarios/)"
	./build/tailbench run "$@"
	result=$(newest_result)
	if [ -x plots/plot.sh ]; then
		./plots/plot.sh "$result"
	fi
	# The answer last, after the plots' words.
	echo
	./build/tailbench headline "$result"
	;;
quick)
	setup
	./build/tailbench run --quick "$@"
	;;
test)
	setup
	# The CI files' validators (npm, about 30 s once); without them their
	# test says it skipped.
	./tests/ci/validators.sh >/dev/null || say "no validators for the CI files: tests/ci/validate.test.sh skips"
	./tests/run-all.sh "$@"
	;;
run | show | headline | compare | export | list | disasm | explain | refit | same | series | summary | reproduce | check-pmu | version | completion)
	setup
	./build/tailbench "$cmd" "$@"
	;;
gate)
	setup
	./harness/gate.sh "$@"
	;;
baseline)
	setup
	./harness/baseline.sh "$@"
	;;
aa)
	setup
	./harness/aa.sh "$@"
	;;
noise)
	setup
	runs=${1:-10}
	[[ $runs =~ ^[0-9]+$ ]] && [ "$runs" -ge 3 ] || die "noise: RUNS must be a number of runs, 3 or more (got '$runs')" 2
	mkdir -p results/noise
	aa=results/noise/aa-$(date -u +%Y%m%dT%H%M%SZ).json
	say "A/A: $runs quick runs of this build, 10 s apart, into $aa"
	./build/tailbench run --quick --runs "$runs" --gap 10 --noise none -o "$aa"
	./build/tailbench noise "$aa"
	;;
plot)
	setup
	./plots/plot.sh "$@"
	;;
report)
	setup
	./plots/report.sh "$@"
	;;
# exec: a stop signal sent to run.sh reaches the script, which stops what
# it started (a VM, make).
kernels)
	setup
	exec ./harness/vm/matrix.sh "$@"
	;;
arches)
	setup
	exec ./harness/vm/arches.sh "$@"
	;;
build-kernel)
	setup
	exec ./harness/kbuild/build.sh "$@"
	;;
patch-compare)
	setup
	exec ./harness/kbuild/patch-compare.sh "$@"
	;;
patch-series)
	setup
	./harness/kbuild/series.sh "$@"
	;;
bisect)
	setup
	./harness/kbuild/bisect.sh "$@"
	;;
*)
	usage >&2
	die "unknown command '$cmd'" 2
	;;
esac
