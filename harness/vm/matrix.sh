#!/usr/bin/env bash
# Runs the suite on several kernels in VMs, in parallel, a result file each.
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/lib.sh"

usage() {
	cat <<'USAGE'
usage: ./run.sh kernels [options] VERSION... [--image PATH --label NAME]...

Boots each kernel under qemu and runs tailbench in it, as many at once as
there are cores, writing results/vm-<kernel>-<time>.json for each.
VERSION is a Debian kernel series (5.10, 6.1, 6.12 ... 7.3: see
'harness/vm/kernels.sh [--arch ARCH] list'), fetched once into .cache/vm
(.cache/ARCH).

  --image PATH --label NAME  also boot a local kernel image (a bzImage; the
                             architecture's image with --arch), e.g. a
                             patched build; NAME goes into the file name
  --full                     the full scenarios instead of their quick settings
  --args "..."               tailbench arguments instead of the defaults
  --add-args "..."           tailbench run options added to the defaults
                             (or to --args), e.g. "-s chain"
  --settle SECONDS           idle time after boot before measuring (default:
                             30 for 7.x and later kernels, whose boot-time
                             work goes on for a while; 0 otherwise)
  --timeout SECONDS          per kernel (default 900)
  --results DIR              where result files go (default results)
  --jobs N                   kernels at once (default: the number of cores)
  --cmdline "OPTIONS"        boot every kernel with these boot options
                             (repeatable: once per set, "" for none), e.g.
                             --cmdline "" --cmdline "mitigations=off"; the
                             label gains them (6.12.94+deb13-cloud-amd64+
                             mitigations=off), the result records them in
                             meta.vm.cmdline, and plots, report and explain
                             show each set as a kernel of its own
  --mitigations LIST         the same for mitigations=VALUE, each VALUE of the
                             comma-separated LIST (e.g. auto,off)
  --shard I/N                run only the I-th of N shares of the kernels
                             named (every N-th, from the I-th), so that N
                             CI jobs or machines split one list; the gate
                             takes the union (tailbench summary, docs/ci.md)
  --arch ARCH                amd64 (default), or another architecture of
                             harness/vm/arch (arm64, s390x, ppc64el ...):
                             its Debian kernels under qemu's TCG, a payload
                             cross-built against its sysroot fetched into
                             .cache/ARCH, and the guest's PMU counting beside
                             test_run where it has one
                             (docs/architectures.md)

Without KVM (or with TB_VM_ACCEL=tcg) the guest counts instructions: every
figure is an exact guest instruction count, and the same kernel gives the
same counts run after run.  Where the guest's PMU counts instructions
too (arm64's), each result is cross-checked against test_run's count
(tailbench check-pmu): a disagreement fails that kernel.

SIGTERM, SIGINT or SIGHUP stops the boots under way, qemu included; the
results that came back stay, the summary marks the kernels stopped, and
the exit status is 128 + the signal's number (143 for SIGTERM).
USAGE
}

# Deterministic counts need few trials; the warm-up keeps the first,
# colder runs out of the samples.
args="run --quick --trials 3 --repeat 1000 --warmup 100"
args_given=0 add_args="" arch=amd64 timeout=900 settle="" jobs=$(nproc) results="$TOP/results" shard=""
versions=() images=() labels=() option_sets=()
while [ $# -gt 0 ]; do
	case "$1" in
	--image) need_value "$@"; images+=("$2"); shift 2 ;;
	--label) need_value "$@"; labels+=("$2"); shift 2 ;;
	--full) args="run --trials 3 --repeat 1000 --warmup 100"; shift ;;
	--args) need_value "$@"; vm_args_check "$2"; args=$2; args_given=1; shift 2 ;;
	--add-args) need_value "$@"; vm_args_check "$2"; add_args="$add_args $2"; shift 2 ;;
	--settle) need_value "$@"; [[ $2 =~ ^[0-9]+$ ]] || die "--settle $2: seconds, 0 or more" 2
		settle=$2; shift 2 ;;
	--timeout) need_value "$@"; need_count "$@"; timeout=$2; shift 2 ;;
	--jobs) need_value "$@"; need_count "$@"; jobs=$2; shift 2 ;;
	--results) need_value "$@"; results=$2; shift 2 ;;
	--arch) need_value "$@"; arch_use "$2"; arch=$2; shift 2 ;;
	--cmdline) need_value "$@"; vm_options_check "$2"; option_sets+=("$2"); shift 2 ;;
	--mitigations) need_value "$@"; [[ $2 =~ ^[a-z0-9,]+$ ]] || die "--mitigations $2: values like auto,off" 2
		IFS=, read -ra values <<<"$2"
		for v in "${values[@]}"; do option_sets+=("mitigations=$v"); done
		shift 2 ;;
	--shard) need_value "$@"; shard=$2; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	-*) usage >&2; exit 2 ;;
	*) versions+=("$1"); shift ;;
	esac
done
[ ${#images[@]} -eq ${#labels[@]} ] || die "every --image needs a --label" 2
# The architecture's default scenarios (harness/vm/arch/).
[ "$args_given" = 1 ] || [ -z "$ARCH_SCENARIOS" ] || [[ " $add_args " =~ \ (-s|--scenario)[\ =] ]] ||
	args="$args $ARCH_SCENARIOS"
args="$args$add_args"
[ ${#versions[@]} -gt 0 ] || [ ${#images[@]} -gt 0 ] || { usage >&2; exit 2; }

# --shard I/N: the kernels named (versions, then images) at positions I,
# I+N, I+2N ...  The same list gives every job the same split.
if [ -n "$shard" ]; then
	[[ $shard =~ ^([1-9][0-9]*)/([1-9][0-9]*)$ ]] && [ "${BASH_REMATCH[1]}" -le "${BASH_REMATCH[2]}" ] ||
		die "--shard $shard: I/N, with 1 <= I <= N" 2
	share=${BASH_REMATCH[1]} shares=${BASH_REMATCH[2]} all=$((${#versions[@]} + ${#images[@]}))
	kept_versions=() kept_images=() kept_labels=()
	for k in "${!versions[@]}"; do
		[ $((k % shares)) -ne $((share - 1)) ] || kept_versions+=("${versions[$k]}")
	done
	for k in "${!images[@]}"; do
		[ $(((k + ${#versions[@]}) % shares)) -ne $((share - 1)) ] ||
			{ kept_images+=("${images[$k]}"); kept_labels+=("${labels[$k]}"); }
	done
	versions=("${kept_versions[@]}") images=("${kept_images[@]}") labels=("${kept_labels[@]}")
	say "shard $shard: $((${#versions[@]} + ${#images[@]})) of the $all kernels named:" \
		"${versions[*]} ${labels[*]}"
	[ $((${#versions[@]} + ${#images[@]})) -gt 0 ] || { say "shard $shard: nothing to run"; exit 0; }
fi

# Each kernel's outcome, "NAME<tab>ok|FAILED (why)<tab>SECONDS<tab>RESULT",
# goes to a file of its own there, numbered in the order the kernels were
# named.
status_dir=$(mktemp -d)
trap 'rm -rf "$status_dir"' EXIT
n=0
next_status() {
	printf -v status '%s/%04d' "$status_dir" "$n"
	n=$((n + 1))
}

# The kernels to boot: "NAME IMAGE" lines.  A version that cannot be
# downloaded fails alone; one that does not exist stops everything.
targets=()
for v in "${versions[@]}"; do
	rc=0
	line=$("$VM_DIR/kernels.sh" --arch "$arch" fetch "$v") || rc=$?
	case $rc in
	0) targets+=("$line") ;;
	2) exit 2 ;;
	*)
		next_status
		printf '%s\tFAILED (download)\t0\n' "$v" >"$status"
		;;
	esac
done
for i in "${!images[@]}"; do
	[[ ${labels[$i]} =~ ^[A-Za-z0-9._+-]+$ ]] || die "label '${labels[$i]}': letters, digits, . _ + - only" 2
	targets+=("${labels[$i]} ${images[$i]}")
done

say "building the guest payload"
payload=$TOP/$ARCH_PAYLOAD
# A cross-built payload needs its libraries first.
[ -z "${ARCH_SYSROOT_SUITE:-}" ] || "$VM_DIR/sysroot.sh" --arch "$arch" >/dev/null
# One make at a time in this tree: tests run matrices side by side.
mkdir -p "$TOP/build"
flock "$TOP/build/.make.lock" make -s -j"$(nproc)" -C "$TOP" "$ARCH_PAYLOAD_TARGET" >&2
mkdir -p "$CACHE" "$results"
# This run's own: a cache shared by several checkouts must not hand one
# matrix the payload another built meanwhile.
initrd="$status_dir/initrd.gz"
"$VM_DIR/initramfs.sh" --arch "$arch" "$initrd" "$payload"

# Without --cmdline, one boot of each kernel with no options added.
[ ${#option_sets[@]} -gt 0 ] || option_sets=("")

# run_one NAME IMAGE OPTIONS STATUS: boots one kernel, and writes its
# outcome to STATUS.
run_one() {
	local name=$1 image=$2 options=$3 status=$4 out settle_s=${settle:-$(vm_settle "$1")} kconfig
	local start=$SECONDS r=ok rc=0 why
	# The matrix's traps (shown, not set, in this background subshell)
	# are not this boot's.
	trap - TERM INT HUP
	out=$(vm_result_file "$results" "$name")
	# Anything but the architecture's kernel image is not worth a boot.
	if ! arch_is_image "$image"; then
		r="FAILED (not a kernel image: no $ARCH_DEB kernel header)"
		say "$name: $r"
	else
		# A fetched kernel's packaged config lies beside its image.
		case $image in
		"$CACHE/kernels/"*) kconfig=$(find "$(dirname "$image")" -maxdepth 1 -name 'config-*' \
			! -name '*.tmp' -type f | head -n 1) ;;
		*) kconfig="" ;;
		esac
		# The matrix stops a boot with TERM, passed on to boot.sh.
		run_stoppable "$VM_DIR/boot.sh" --arch "$arch" --kernel "$image" --initrd "$initrd" --out "$out" \
			--label "$name" --timeout "$timeout" --settle "$settle_s" --args "$args" \
			--cmdline "$options" ${kconfig:+--kconfig "$kconfig"} \
			--status "$status.boot" 2>"$status.log" || rc=$?
		# Its outcome is written, whatever comes now.
		trap '' TERM
		if [ "$rc" -ne 0 ]; then
			# boot.sh says what happened in its status file; without one
			# (bad input) its words on stderr are all there is.
			why=$(status_get "$status.boot" why 2>/dev/null) || why="boot.sh exit $rc, see above"
			r="FAILED ($why)"
		elif [ "$ARCH_PMU" = 1 ] && ! "$TOP/build/tailbench" check-pmu "$out" >>"$status.log" 2>&1; then
			r="FAILED (the PMU's instructions disagree with test_run's, see above)"
		fi
	fi
	# A boot's words together, not interleaved with the others'.
	[ ! -e "$status.log" ] || cat "$status.log" >&2
	printf '%s\t%s\t%s\t%s\n' "$name" "$r" "$((SECONDS - start))" "$out" >"$status"
}

# summary: each kernel's outcome, in order; fails if one is not ok.
summary() {
	local f name r secs out failed=0
	say ""
	for f in "$status_dir"/[0-9][0-9][0-9][0-9]; do
		IFS=$'\t' read -r name r secs out <"$f"
		printf '%-32s %4d s  %s\n' "$name" "$secs" "$r" >&2
		[ "$r" = ok ] || failed=1
	done
	return "$failed"
}

# headline: the first answer of the kernels that came back, a row each, on
# stdout: the last thing the matrix prints (tailbench headline draws it).
headline() {
	local f name r secs out results=()
	for f in "$status_dir"/[0-9][0-9][0-9][0-9]; do
		IFS=$'\t' read -r name r secs out <"$f"
		[ "$r" != ok ] || results+=("$out")
	done
	[ ${#results[@]} -gt 0 ] || return 0
	if [ -x "$TOP/build/tailbench" ]; then
		echo
		"$TOP/build/tailbench" headline "${results[@]}" || true
	else
		say "no build/tailbench to print the headline with: make, then tailbench headline ${results[*]}"
	fi
}

# stop SIGNAL: stops the boots under way (each passes TERM down to its
# qemu), waits for them, says the summary and exits 128 + the signal's
# number.  The results of the kernels done stay.
stop() {
	trap '' TERM INT HUP
	say "matrix: stopped by SIG$1: stopping the boots under way; the results of those done stay"
	# shellcheck disable=SC2046 # a pid a word
	kill -TERM $(jobs -rp) 2>/dev/null || true
	wait || true
	summary || true
	exit "$(stopped_status "$1")"
}
for sig in TERM INT HUP; do
	# shellcheck disable=SC2064 # the signal's name, now
	trap "stop $sig" "$sig"
done

# Each kernel's outcome until its boot writes its own: what a stop leaves.
first=$n
for t in "${targets[@]}"; do
	for options in "${option_sets[@]}"; do
		next_status
		printf '%s\tFAILED (not done: the matrix was stopped)\t0\n' \
			"$(vm_options_label "${t%% *}" "$options")" >"$status"
	done
done
n=$first

# Progress on stderr: on a terminal one line, redrawn every second, of the
# boots under way with their seconds; in a log a line as each boot begins.
# The ETA: the kernels left times the time the matrix took a kernel so far.
total=$((${#targets[@]} * ${#option_sets[@]})) begun=0 finished=0 matrix_start=$SECONDS
boot_pids=() boot_names=() boot_starts=()
seconds() { if [ "$1" -lt 60 ]; then echo "$1 s"; else printf '%d min %02d s\n' $(($1 / 60)) $(($1 % 60)); fi; }
eta() {
	[ "$finished" -gt 0 ] || { echo "ETA after the first kernel"; return; }
	echo "ETA $(seconds $(((SECONDS - matrix_start) * (total - finished) / finished)))"
}
# poll: forgets the boots that ended; on a terminal, redraws the line.
poll() {
	local k line=""
	for k in "${!boot_pids[@]}"; do
		if kill -0 "${boot_pids[$k]}" 2>/dev/null; then
			line="$line, ${boot_names[$k]} $(seconds $((SECONDS - boot_starts[k])))"
		else
			unset "boot_pids[$k]" "boot_names[$k]" "boot_starts[$k]"
			finished=$((finished + 1))
		fi
	done
	[ -t 2 ] && [ -n "$line" ] &&
		printf '\r\033[K%d of %d done; booting %s; %s, %s' "$finished" "$total" "${line#, }" \
			"$(seconds $((SECONDS - matrix_start)))" "$(eta)" >&2
	return 0
}
# wait_below N: polls each second until fewer than N boots run.
wait_below() {
	poll
	while [ "${#boot_pids[@]}" -ge "$1" ]; do
		sleep 1
		poll
	done
	[ ! -t 2 ] || printf '\r\033[K' >&2
}

# Once, before the boots that would each try it.
say "accelerator: $(vm_accel)"
say "booting ${#targets[@]} kernel(s) with ${#option_sets[@]} set(s) of options, $jobs at a time"
for t in "${targets[@]}"; do
	read -r name image <<<"$t"
	for options in "${option_sets[@]}"; do
		next_status
		label=$(vm_options_label "$name" "$options")
		begun=$((begun + 1))
		[ -t 2 ] || say "booting $label ($begun of $total); $(seconds $((SECONDS - matrix_start))), $(eta)"
		run_one "$label" "$image" "$options" "$status" &
		boot_pids+=($!) boot_names+=("$label") boot_starts+=("$SECONDS")
		wait_below "$jobs"
	done
done
wait_below 1
wait
say "$finished of $total kernels done in $(seconds $((SECONDS - matrix_start)))"
rc=0
summary || rc=$?
headline
exit "$rc"
