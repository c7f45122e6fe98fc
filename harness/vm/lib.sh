# Shared by the harness/vm scripts: paths, logging, the private apt state,
# and the framing of results on the guest's second serial port.
# shellcheck shell=bash

VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$VM_DIR/../.." && pwd)

# --- the guest's architecture: a small table of facts, arch/<name>.sh -------
#
# An architecture is one file there: the facts below that differ from these
# defaults, and the functions its image and ports need (docs/architectures.md
# lists them).  Shared code reads only ARCH_* and arch_*, never a name.

# The static libraries a cross-built payload links (mk/cross.mk), and its
# busybox: the sysroot harness/vm/sysroot.sh unpacks for every architecture
# that sets ARCH_SYSROOT_SUITE.
CROSS_SYSROOT_PACKAGES=(libbpf-dev libelf-dev zlib1g-dev libzstd-dev libjansson-dev
	libgsl-dev libgslcblas0 libcapstone-dev busybox-static)

# arch_defaults NAME: every fact and function as an architecture file finds
# it (one file may override any), so that nothing of the last one stays.
# shellcheck disable=SC2034,SC2317 # read and called by the scripts that source lib.sh
arch_defaults() {
	ARCH_DEB=$1				# Debian's name: apt lists, sysroot
	ARCH_FLAVOUR=$1				# the kernel packages' flavour: linux-image-*-<this>
	ARCH_QEMU=""
	ARCH_CPU=""				# also meta.vm.cpu_model
	ARCH_MACHINE=()
	ARCH_MEMORY=1024			# MiB of the guest
	ARCH_CONSOLE=ttyS0
	ARCH_RESULT_PORT=ttyS1			# the guest's device that carries the result
	ARCH_CMDLINE_MAX=2047			# the kernel cuts its command line there
	ARCH_CACHE_NAME=$1			# .cache/<this>: kernels, apt state, logs, sysroot
	ARCH_KVM=0				# KVM can run it (when the host's KVM works)
	ARCH_PMU=0				# the guest's PMU counts: tailbench check-pmu
	ARCH_SCENARIOS=""			# the matrix's default: every scenario
	ARCH_MATRIX=""				# the series arches.sh runs (none: skipped)
	ARCH_PAYLOAD_TARGET=$1-payload		# make's target for the guest's payload (mk/cross.mk)
	ARCH_PAYLOAD=build/$1/vm-payload	# and where it puts it
	ARCH_SYSROOT_SUITE=bookworm		# the release of the sysroot's packages; "": native
	ARCH_SYSROOT_PACKAGES=("${CROSS_SYSROOT_PACKAGES[@]}")
	# harness/kbuild/build.sh --arch: make's options, the C compiler, the
	# image it builds (under the build folder), the config fragment, and
	# the Debian packages the build needs; none: no kernel is built for it.
	ARCH_KBUILD=()
	ARCH_KBUILD_CC=""
	ARCH_KBUILD_IMAGE=""
	ARCH_KBUILD_FRAGMENT=""
	ARCH_KBUILD_PACKAGES=()
	# arch_ports CONSOLE CAPTURE: qemu options that put the console into
	# file CONSOLE and the result port into file CAPTURE.
	arch_ports() { printf '%s\n' -serial "file:$1" -serial "file:$2"; }
	# arch_is_image FILE: FILE is a kernel image of this architecture.
	arch_is_image() { die "harness/vm/arch/$ARCH_NAME.sh defines no arch_is_image"; }
	# arch_bootable IMAGE OUT: the packaged image as qemu -kernel boots it.
	arch_bootable() { cp "$1" "$2"; }
	# arch_busybox: the static busybox of the guest.
	arch_busybox() {
		local b="$CACHE/sysroot/bin/busybox"
		[ -x "$b" ] || die "$b missing: run 'harness/vm/sysroot.sh --arch $ARCH_NAME'"
		echo "$b"
	}
}

# pci_serial_ports CONSOLE CAPTURE: arch_ports of a machine whose one UART
# is the console's ('virt' on arm64, armhf, riscv64): the result goes over
# a PCI 16550, which the kernels' built-in 8250_pci driver takes.
pci_serial_ports() {
	printf '%s\n' -serial "file:$1" -chardev "file,id=tbresult,path=$2" \
		-device "pci-serial,chardev=tbresult"
}

# arch_names: the architectures of the table, one a line.
arch_names() {
	local f
	for f in "$VM_DIR"/arch/*.sh; do basename "$f" .sh; done
}

# arch_use NAME: amd64 (the default) or another file of harness/vm/arch;
# sets ARCH_* and the cache paths (each architecture has its kernels, apt
# state and logs).
arch_use() {
	# Only a name of the table, never a path: the file is sourced as root.
	# (A loop, not grep -q: with pipefail an early exit fails the pipe.)
	local n ours=""
	for n in $(arch_names); do [ "$n" != "$1" ] || ours=1; done
	[ -n "$ours" ] ||
		die "--arch $1: not an architecture of harness/vm/arch (one of: $(arch_names | tr '\n' ' ' | sed 's/ $//'))" 2
	ARCH_NAME=$1
	arch_defaults "$1"
	# shellcheck source=harness/vm/arch/amd64.sh
	. "$VM_DIR/arch/$1.sh"
	CACHE="$TOP/.cache/$ARCH_CACHE_NAME"
	APT_STATE="$CACHE/apt"
	APT_OPTS=("${APT_BASE_OPTS[@]}" -o "Dir::State::Lists=$APT_STATE/lists"
		-o "Dir::Cache=$APT_STATE/cache" -o "Dir::Etc::SourceList=$APT_STATE/sources.list"
		-o "Dir::Etc::SourceParts=$APT_STATE/sources.list.d"
		-o "APT::Architecture=$ARCH_DEB" -o "APT::Architectures=$ARCH_DEB")
}

say() { printf '%s\n' "$*" >&2; }
die() {
	printf '%s: %s\n' "$(basename "$0")" "$1" >&2
	exit "${2:-1}"
}

# need_value "$@": in an option loop, before reading $2: an option given
# last, without its value, is a usage error.
need_value() {
	[ $# -ge 2 ] || die "$1 needs a value (see --help)" 2
}

# need_count OPTION VALUE: VALUE must be a positive integer, at most the
# bound of OPTION: --jobs (parallel jobs, make's or the matrix's) 1024,
# --timeout (seconds) a day, any other 2^31 - 1.  Compared as text first,
# as bash's integers wrap past 2^63.
need_count() {
	local max=2147483647
	case "$1" in
	--jobs) max=1024 ;;
	--timeout) max=86400 ;;
	esac
	[[ $2 =~ ^[1-9][0-9]*$ ]] || die "$1 $2: a positive integer is needed" 2
	[ ${#2} -lt ${#max} ] || { [ ${#2} -eq ${#max} ] && [ "$2" -le "$max" ]; } ||
		die "$1 $2: at most $max" 2
}

# run_stoppable CMD...: runs CMD and returns its status; TERM, INT or HUP
# meanwhile is passed on to CMD as TERM and named in STOPPED_BY (the traps
# before are restored after).  Bash runs
# a trap only once a foreground child has ended, so CMD runs in the
# background while this waits.
STOPPED_BY=""
run_stoppable() {
	local sig rc saved
	saved=$(trap -p TERM INT HUP)
	_stoppable_pid=""
	for sig in TERM INT HUP; do
		# shellcheck disable=SC2064 # the signal's name, now
		trap "STOPPED_BY=$sig; [ -z \"\$_stoppable_pid\" ] || kill -TERM \"\$_stoppable_pid\" 2>/dev/null" "$sig"
	done
	"$@" &
	_stoppable_pid=$!
	[ -z "$STOPPED_BY" ] || kill -TERM "$_stoppable_pid" 2>/dev/null
	# A trap ends the wait early; CMD's own status comes with the wait
	# after which it is gone.
	while :; do
		rc=0
		wait "$_stoppable_pid" || rc=$?
		kill -0 "$_stoppable_pid" 2>/dev/null || break
	done
	trap - TERM INT HUP
	eval "$saved"
	return "$rc"
}

# stopped_status SIGNAL: the exit status for a stop by SIGNAL (TERM: 143).
stopped_status() {
	echo $((128 + $(kill -l "$1")))
}

# vm_args_check ARGS: the guest's /init takes tb.args up to the next double
# quote, so ARGS may hold none (boot.sh checks the command line's length).
vm_args_check() {
	[[ $1 != *'"'* ]] || die "--args: no double quotes (they cannot pass the kernel command line)" 2
}

# --- one kernel's run: where its result goes, how long it settles -------------

# vm_result_file DIR NAME: the result file of kernel NAME (a release or a
# --label), named by the time it starts.
vm_result_file() {
	printf '%s/vm-%s-%s.json\n' "$1" "$2" "$(date -u +%Y%m%dT%H%M%SZ)"
}

# vm_settle NAME: the idle seconds after boot before measuring.  7.x and
# later kernels go on with boot-time work for a while (docs/kernels.md).
vm_settle() {
	case "$1" in 7.* | [89].* | [1-9][0-9].*) echo 30 ;; *) echo 0 ;; esac
}

# --- boot options: an axis of the matrix --------------------------------------

# vm_options_check OPTIONS: boot options fit to pass the kernel command line
# and name a result file; bad ones are a usage error.
vm_options_check() {
	[[ $1 =~ ^([A-Za-z0-9._,=:+/-]+( [A-Za-z0-9._,=:+/-]+)*)?$ ]] ||
		die "--cmdline '$1': boot options are words of letters, digits and . _ , = : + / -, one space apart" 2
	[[ " $1" != *" tb."* ]] || die "--cmdline '$1': tb.* options are the harness's own" 2
}

# vm_options_label NAME OPTIONS: the label of kernel NAME booted with
# OPTIONS: NAME, then each option after a "+" (6.12.94+deb13-cloud-amd64+mitigations=off).
vm_options_label() {
	local label=$1 o
	for o in $2; do label="$label+$o"; done
	printf '%s\n' "$label"
}

# --- boot.sh's outcome: KEY=VALUE lines, read as data ------------------------

# status_write FILE KEY=VALUE...: the lines, atomically.
status_write() {
	local file=$1
	shift
	printf '%s\n' "$@" >"$file.tmp" && mv "$file.tmp" "$file"
}

# status_get FILE KEY: the value of KEY in a status file (no code is run).
status_get() {
	local k v
	while IFS='=' read -r k v; do
		[ "$k" = "$2" ] && { printf '%s\n' "$v"; return 0; }
	done <"$1"
	return 1
}

# --- apt: a private state so the system's own lists are left alone ----------

APT_SUITES="bullseye bookworm bookworm-backports trixie trixie-backports sid"
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

# The Debian mirror: TB_DEBIAN_MIRROR when set (for hosts whose apt has
# none, such as Ubuntu's CI runners), else the one this machine's apt is
# configured with (deb822 or one-line format), so that no host is written
# down here.
apt_mirror() {
	local f uri=""
	if [ -n "${TB_DEBIAN_MIRROR:-}" ]; then
		[[ $TB_DEBIAN_MIRROR =~ ^(https?|file)://[^[:space:]]+$ ]] ||
			die "TB_DEBIAN_MIRROR '$TB_DEBIAN_MIRROR': not a mirror's URL (http://, https:// or file://)" 2
		printf '%s\n' "${TB_DEBIAN_MIRROR%/}"
		return
	fi
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -e "$f" ] || continue
		# The Debian archive's stanza (not the security archive's).
		uri=$(awk 'BEGIN { RS = ""; FS = "\n" }
			!/-security/ && /debian-archive-keyring|URIs:[^\n]*\/debian\/?(\n|$)/ {
				for (i = 1; i <= NF; i++)
					if ($i ~ /^URIs:/) { split($i, a, " "); print a[2]; exit }
			}' "$f")
		[ -n "$uri" ] && break
	done
	if [ -z "$uri" ] && [ -e /etc/apt/sources.list ]; then
		uri=$(awk '$1 == "deb" && $0 !~ /-security/ && $0 ~ /\/debian\/? / {
			for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' \
			/etc/apt/sources.list)
	fi
	[ -n "$uri" ] || die "no Debian mirror in this machine's apt configuration: set TB_DEBIAN_MIRROR to one, or run in a debian:12 container (docs/ci.md)"
	printf '%s\n' "${uri%/}"
}

# arch_use adds the paths of the state and the architecture.
APT_BASE_OPTS=(
	# Keep apt's binary cache (about 110 MB) even where the system's apt
	# configuration turns it off: without it every apt-cache call parses all
	# the lists again, seconds each.
	-o "Dir::Cache::pkgcache=pkgcache.bin"
	-o "Acquire::Languages=none"
	-o "APT::Get::List-Cleanup=0"
)

# cache_lock: this process holds the cache of its architecture until it
# ends, so that two matrices (tests run side by side, or a user's two runs)
# never update its package lists or unpack a kernel at once.
cache_lock() {
	mkdir -p "$CACHE"
	exec 9>"$CACHE/.lock"
	flock -n 9 || { say "waiting for another run's use of ${CACHE#"$TOP"/}"; flock 9; }
}

# Lists are refreshed when missing or older than a day; lists that cannot be
# refreshed still serve, with a warning, so cached kernels boot offline.
apt_update() {
	local mirror suite stamp="$APT_STATE/updated"
	mkdir -p "$APT_STATE/lists/partial" "$APT_STATE/cache/archives/partial" \
		"$APT_STATE/sources.list.d"
	# Fresh lists serve, unless TB_DEBIAN_MIRROR names another mirror.
	if [ -e "$stamp" ] && [ -z "$(find "$stamp" -mmin +1440)" ] && { [ -z "${TB_DEBIAN_MIRROR:-}" ] ||
		grep -qF " ${TB_DEBIAN_MIRROR%/} " "$APT_STATE/sources.list" 2>/dev/null; }; then
		return 0
	fi
	mirror=$(apt_mirror)
	# The lists that served so far are kept until the new ones come: a
	# mirror that fails must not stay behind them.
	[ ! -e "$APT_STATE/sources.list" ] || cp "$APT_STATE/sources.list" "$APT_STATE/sources.list.old"
	: >"$APT_STATE/sources.list"
	for suite in $APT_SUITES; do
		echo "deb [signed-by=$KEYRING] $mirror $suite main" >>"$APT_STATE/sources.list"
	done
	say "updating the $ARCH_DEB package lists (private apt state in ${APT_STATE#"$TOP"/})"
	local log="$APT_STATE/update.log"
	# Without --error-on=any, lists that fail to download are only a warning.
	if ! apt-get "${APT_OPTS[@]}" --error-on=any update >"$log" 2>&1; then
		grep -E '^(E|W):' "$log" >&2 || tail -n 5 "$log" >&2
		[ ! -e "$APT_STATE/sources.list.old" ] || mv "$APT_STATE/sources.list.old" "$APT_STATE/sources.list"
		[ -e "$stamp" ] || die "apt-get update failed"
		say "apt-get update failed: going on with the lists of $(date -r "$stamp" +%F)"
		return 0
	fi
	touch "$stamp"
}

apt_cache() { apt-cache "${APT_OPTS[@]}" "$@" 2>/dev/null; }

# --- framing: frame.sh, shared with the guest's /init ------------------------

# shellcheck source=harness/vm/frame.sh
. "$VM_DIR/frame.sh"

# --- accelerator -------------------------------------------------------------
#
# KVM when it boots a guest; on some hosts /dev/kvm opens but a nested guest
# hangs at boot, so the answer comes from a short trial boot of a guest that
# powers off at once, remembered for this host boot.  TB_VM_ACCEL=tcg or
# =kvm skips the trial.
vm_accel() {
	local probe rc
	probe="$CACHE/kvm-probe.$(cat /proc/sys/kernel/random/boot_id 2>/dev/null)"
	[ "$ARCH_KVM" = 1 ] || { echo tcg-icount; return; }
	case "${TB_VM_ACCEL:-}" in
	tcg) echo tcg-icount; return ;;
	kvm) echo kvm; return ;;
	esac
	[ -w /dev/kvm ] || { echo tcg-icount; return; }
	if [ ! -e "$probe" ]; then
		rc=0
		kvm_boots || rc=$?
		# 2: no kernel to try yet; ask again next time rather than remember.
		[ "$rc" -eq 2 ] && { echo tcg-icount; return; }
		mkdir -p "$CACHE"
		if [ "$rc" -eq 0 ]; then echo kvm >"$probe"; else echo tcg-icount >"$probe"; fi
	fi
	cat "$probe"
}

# A guest kernel that runs a one-line /init powering off must exit in time.
# Fails with 2 when there is no fetched kernel to try.
kvm_boots() {
	local kernel dir rc
	kernel=$(find "$CACHE/kernels" -name vmlinuz -print -quit 2>/dev/null)
	[ -n "$kernel" ] || return 2
	dir=$(mktemp -d)
	mkdir -p "$dir/root/bin"
	cp "$(command -v busybox)" "$dir/root/bin/busybox"
	printf '#!/bin/busybox sh\n/bin/busybox poweroff -f\n' >"$dir/root/init"
	chmod +x "$dir/root/init"
	(cd "$dir/root" && find . | cpio -o -H newc --quiet) | gzip -1 >"$dir/initrd"
	say "probing KVM (a trial boot of at most 30 s)"
	timeout --kill-after=5 30 qemu-system-x86_64 -accel kvm -cpu qemu64 -m 256 -no-reboot \
		-display none -monitor none -serial none -kernel "$kernel" -initrd "$dir/initrd" \
		-append "panic=-1" >/dev/null 2>&1
	rc=$?
	rm -rf "$dir"
	[ "$rc" -eq 0 ]
}

arch_use amd64
