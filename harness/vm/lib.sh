# Shared by the harness/vm scripts: paths, logging, the private apt state,
# and the framing of results on the guest's second serial port.
# shellcheck shell=bash

VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$VM_DIR/../.." && pwd)
CACHE="$TOP/.cache/vm"

say() { printf '%s\n' "$*" >&2; }
die() {
	printf '%s: %s\n' "$(basename "$0")" "$1" >&2
	exit "${2:-1}"
}

# --- apt: a private state so the system's own lists are left alone ----------

APT_STATE="$CACHE/apt"
APT_SUITES="bullseye bookworm bookworm-backports trixie trixie-backports sid"
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

# The Debian mirror this machine is configured with (deb822 or one-line
# format), so that no host is written down here.
apt_mirror() {
	local f uri=""
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
	[ -n "$uri" ] || die "no Debian mirror in this machine's apt configuration"
	printf '%s\n' "${uri%/}"
}

APT_OPTS=(
	-o "Dir::State::Lists=$APT_STATE/lists"
	-o "Dir::Cache=$APT_STATE/cache"
	-o "Dir::Etc::SourceList=$APT_STATE/sources.list"
	-o "Dir::Etc::SourceParts=$APT_STATE/sources.list.d"
	-o "Acquire::Languages=none"
	-o "APT::Get::List-Cleanup=0"
)

# Lists are refreshed when missing or older than a day.
apt_update() {
	local mirror suite stamp="$APT_STATE/updated"
	mkdir -p "$APT_STATE/lists/partial" "$APT_STATE/cache/archives/partial" \
		"$APT_STATE/sources.list.d"
	if [ -e "$stamp" ] && [ -z "$(find "$stamp" -mmin +1440)" ]; then
		return 0
	fi
	mirror=$(apt_mirror)
	: >"$APT_STATE/sources.list"
	for suite in $APT_SUITES; do
		echo "deb [signed-by=$KEYRING] $mirror $suite main" >>"$APT_STATE/sources.list"
	done
	say "updating the kernel package lists (private apt state in .cache/vm/apt)"
	local log="$APT_STATE/update.log"
	if ! apt-get "${APT_OPTS[@]}" update >"$log" 2>&1; then
		grep -E '^(E|W):' "$log" >&2 || tail -n 5 "$log" >&2
		die "apt-get update failed"
	fi
	touch "$stamp"
}

apt_cache() { apt-cache "${APT_OPTS[@]}" "$@" 2>/dev/null; }

# --- framing -----------------------------------------------------------------
#
# The guest sends its result on ttyS1 as
#     TAILBENCH-RESULT v1 <bytes> <sha256>
#     <base64 of the file>
#     TAILBENCH-END
# or, when the payload failed, one line
#     TAILBENCH-ERROR v1 <exit status>
# The size and digest catch a transfer that was cut short or damaged.

# frame_decode CAPTURE OUT: writes OUT (atomically, never replacing it) or
# prints why not and fails.
frame_decode() {
	local capture=$1 out=$2 header size sum clean tmp why=""
	# Once, whole: UARTs add CRs, and grep -m1 at the end of a pipe would
	# break it (pipefail) on a capture larger than a pipe buffer.
	clean=$(mktemp)
	tr -d '\r' <"$capture" >"$clean"
	tmp=$(mktemp "$out.XXXXXX")
	header=$(grep -a -m1 '^TAILBENCH-\(RESULT\|ERROR\) ' "$clean") || header=""
	read -r _ _ size sum <<<"$header"
	if [ -z "$header" ]; then
		why="no result frame on the serial port"
	elif [[ $header == TAILBENCH-ERROR* ]]; then
		why="the payload failed with status $size"
	elif ! grep -aq '^TAILBENCH-END$' "$clean"; then
		why="the result transfer was truncated (no end marker)"
	elif ! sed -n '/^TAILBENCH-RESULT /,/^TAILBENCH-END$/{//!p}' "$clean" |
		base64 -d >"$tmp" 2>/dev/null; then
		why="the result transfer was corrupted (not base64)"
	elif [ "$(stat -c %s "$tmp")" != "$size" ] ||
		[ "$(sha256sum "$tmp" | cut -d' ' -f1)" != "$sum" ]; then
		why="the result transfer was corrupted (size or sha256 differ)"
	else
		chmod 0644 "$tmp"
		# ln, unlike mv, refuses to replace an existing result.
		ln "$tmp" "$out" 2>/dev/null || why="$out exists: results are never overwritten"
	fi
	rm -f "$clean" "$tmp"
	[ -z "$why" ] || { echo "$why" >&2; return 1; }
}

# --- accelerator -------------------------------------------------------------
#
# KVM when it boots a guest; on some hosts /dev/kvm opens but a nested guest
# hangs at boot, so the answer comes from a short trial boot of a guest that
# powers off at once, remembered for this host boot.  TB_VM_ACCEL=tcg or
# =kvm skips the trial.
vm_accel() {
	local probe="$CACHE/kvm-probe.$(cat /proc/sys/kernel/random/boot_id 2>/dev/null)"
	case "${TB_VM_ACCEL:-}" in
	tcg) echo tcg-icount; return ;;
	kvm) echo kvm; return ;;
	esac
	if [ ! -e "$probe" ]; then
		mkdir -p "$CACHE"
		if kvm_boots; then echo kvm >"$probe"; else echo tcg-icount >"$probe"; fi
	fi
	cat "$probe"
}

# A guest kernel that runs a one-line /init powering off must exit in time.
kvm_boots() {
	local kernel dir rc
	[ -w /dev/kvm ] || return 1
	kernel=$(ls "$CACHE"/kernels/*/vmlinuz 2>/dev/null | head -n 1)
	[ -n "$kernel" ] || return 1
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
