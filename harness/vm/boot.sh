#!/usr/bin/env bash
# Boots one kernel under qemu, runs the payload, and writes its result.
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/lib.sh"

usage() {
	cat <<'USAGE'
usage: harness/vm/boot.sh --kernel IMAGE --initrd INITRD --out RESULT.json
                          [--label NAME] [--timeout SECONDS] [--settle SECONDS]
                          [--args "tailbench arguments"] [--status FILE]
                          [--arch ARCH] [--kconfig CONFIG] [--cmdline "OPTIONS"]

Boots IMAGE with INITRD (harness/vm/initramfs.sh), which runs
"tailbench <args>" and sends the result back framed on the second serial
port.  With KVM working the guest runs at native speed and times in ns;
without it (or with TB_VM_ACCEL=tcg), qemu's TCG with -icount shift=0 makes
the guest clock advance 1 ns per instruction: test_run then reports exact
instruction counts (meta.clock "insns"), and idle time (--settle) passes
at once.  The CPU model is qemu64.  ARGS may not hold double quotes: the
kernel command line that carries them cannot.

--arch ARCH: a kernel of another architecture of harness/vm/arch, on the
machine and CPU its file names (arm64: an Image on qemu's 'virt' machine
with a Cortex-A72, whose PMU then counts too), always under TCG with
-icount shift=0 (docs/architectures.md).  Default amd64.

The result is written to OUT, never replacing a file.  A kernel that panics,
hangs past the timeout (default 600 s), or whose transfer is truncated or
corrupted is reported on stderr and nothing is written; exit status 1
(2: bad input).  The guest's console (and after a failure what came on the
second serial port) is kept in .cache/vm/logs/.

--kconfig CONFIG: the kernel's packaged config (config-<release>), given
to the guest as /boot/config-<release>, where tailbench reads the options
that change a hop path into its result (meta.kconfig).

--cmdline "OPTIONS": boot options for the guest kernel (e.g.
"mitigations=off spectre_v2=off"), recorded in the result's
meta.vm.cmdline; letters, digits and . _ , = : + / - only, words
separated by spaces.

--status FILE: the outcome as KEY=VALUE lines, for scripts: outcome (ok,
panic, hung, qemu or transfer: no result came back, the payload's own
failure included; stopped: by SIGTERM, SIGINT or SIGHUP, which stop qemu
too, exit status 128 + the signal's number), why (a line, when not ok),
console (its log) and result (OUT, when ok).
USAGE
}

kernel="" initrd="" out="" label="" timeout=600 settle=0 status_file="" kconfig="" options=""
args="run --quick"
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) need_value "$@"; kernel=$2; shift 2 ;;
	--initrd) need_value "$@"; initrd=$2; shift 2 ;;
	--out) need_value "$@"; out=$2; shift 2 ;;
	--label) need_value "$@"; label=$2; shift 2 ;;
	--timeout) need_value "$@"; need_count "$@"; timeout=$2; shift 2 ;;
	--settle) need_value "$@"; [[ $2 =~ ^[0-9]+$ ]] || die "--settle $2: seconds, 0 or more" 2
		settle=$2; shift 2 ;;
	--args) need_value "$@"; args=$2; shift 2 ;;
	--status) need_value "$@"; status_file=$2; shift 2 ;;
	--arch) need_value "$@"; arch_use "$2"; shift 2 ;;
	--kconfig) need_value "$@"; kconfig=$2; shift 2 ;;
	--cmdline) need_value "$@"; vm_options_check "$2"; options=$2; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
[ -n "$kernel" ] && [ -n "$initrd" ] && [ -n "$out" ] || { usage >&2; exit 2; }
[ -r "$kernel" ] || die "$kernel: not readable" 2
[ -e "$out" ] && die "$out exists: results are never overwritten" 2
[ -z "$kconfig" ] || [[ $(basename "$kconfig") == config-?* && -r $kconfig ]] ||
	die "--kconfig $kconfig: a readable config-<release> file is needed" 2
vm_args_check "$args"
name=${label:-$(basename "$(dirname "$kernel")")}

accel=$(vm_accel)
command -v "$ARCH_QEMU" >/dev/null || die "$ARCH_QEMU not found (run.sh installs it)"
qemu_version=$("$ARCH_QEMU" --version | sed -n 's/^QEMU emulator version \([^ ]*\).*/\1/p')
meta="--meta qemu=$qemu_version --meta accel=$accel --meta cpu_model=$ARCH_CPU"
[ -n "$label" ] && meta="$meta --meta label=$label"
if [ "$accel" = tcg-icount ]; then
	# sleep=off: an idle guest's clock jumps to its next timer instead of
	# waiting for the host's, so --settle and the guest's own waits cost no
	# time; the instructions it runs, and so the counts, are the same.
	accel_opts=(-accel tcg -icount "shift=0,sleep=off")
	args="$args --clock insns"
else
	accel_opts=(-accel kvm)
fi

mkdir -p "$CACHE/logs"
if [ -n "$kconfig" ]; then
	# A second archive after the first: the kernel unpacks both.
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
	mkdir -p "$work/root/boot"
	cp "$kconfig" "$work/root/boot/"
	{ cat "$initrd"; (cd "$work/root" && find . | cpio -o -H newc --quiet | gzip -1); } >"$work/initrd.gz"
	initrd=$work/initrd.gz
fi
console="$CACHE/logs/$(basename "$out" .json).console.log"
capture="${console%.console.log}.serial.log"
rm -f "$capture"
cmdline="console=$ARCH_CONSOLE panic=-1 loglevel=4 ${options:+$options }tb.port=$ARCH_RESULT_PORT tb.settle=$settle"
# The options once more, quoted, for the guest to record (harness/vm/init).
cmdline="$cmdline tb.cmdline=\"$options\""
cmdline="$cmdline tb.args=\"$args --env vm $meta\""
# Kernels cut the command line (x86 at 2047 bytes), and with it tb.args' quote.
[ ${#cmdline} -le "$ARCH_CMDLINE_MAX" ] ||
	die "--args too long: the kernel command line would be ${#cmdline} bytes, over $ARCH_CMDLINE_MAX" 2
mapfile -t ports < <(arch_ports "$console" "$capture")
# A stop signal is passed on to timeout, which passes it on to qemu (and
# kills it 10 s later if it is still there).
status=0
run_stoppable timeout --kill-after=10 "$timeout" "$ARCH_QEMU" "${ARCH_MACHINE[@]}" "${accel_opts[@]}" \
	-cpu "$ARCH_CPU" -smp 1 -m "$ARCH_MEMORY" -no-reboot -display none -monitor none "${ports[@]}" \
	-kernel "$kernel" -initrd "$initrd" -append "$cmdline" || status=$?

# report OUTCOME [WHY]: the outcome, on stderr and in the status file; exits.
report() {
	local lines=("outcome=$1" "console=$console")
	if [ "$1" = ok ]; then
		say "$name: ok -> $out"
		lines+=("result=$out")
	else
		say "$name: FAILED: $2 (console: $console)"
		lines+=("why=${2//$'\n'/ }")
	fi
	[ -z "$status_file" ] || status_write "$status_file" "${lines[@]}"
	[ "$1" = ok ] && exit 0
	[ "$1" = stopped ] && exit "$(stopped_status "$STOPPED_BY")"
	exit 1
}
[ -z "$STOPPED_BY" ] || report stopped "stopped by SIG$STOPPED_BY before the guest was done"
grep -aq 'Kernel panic' "$console" 2>/dev/null &&
	report panic "kernel panic: $(grep -a -m1 'Kernel panic' "$console" | tr -d '\r')"
[ "$status" -eq 124 ] || [ "$status" -eq 137 ] && report hung "hung: no power-off within $timeout s"
[ "$status" -eq 0 ] || report qemu "qemu exited with status $status"
why=$(frame_decode "$capture" "$out" 2>&1) || report transfer "$why"
rm -f "$capture"
report ok
