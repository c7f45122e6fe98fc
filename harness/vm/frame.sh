# The framing of a result on the guest's result port (the second serial
# port: harness/vm/arch/; the console has the first).  Sourced by the guest's /init (busybox sh), which
# encodes, and by lib.sh on the host, which decodes: POSIX sh for both.
#
# A result travels as
#     TAILBENCH-RESULT v1 <bytes> <sha256>
#     <the file in base64>
#     TAILBENCH-END
# and a payload that failed sends one line instead:
#     TAILBENCH-ERROR v1 <exit status> [<why>]
# The end marker tells a transfer cut short from one damaged on the way,
# which the byte count and digest catch.
# shellcheck shell=dash

# frame_result FILE: the frame carrying FILE, on stdout.
frame_result() {
	echo "TAILBENCH-RESULT v1 $(wc -c <"$1") $(sha256sum "$1" | cut -d' ' -f1)"
	base64 "$1"
	echo "TAILBENCH-END"
}

# frame_error STATUS [WHY]
frame_error() {
	echo "TAILBENCH-ERROR v1 $*"
}

# frame_decode CAPTURE OUT: writes the file a frame in CAPTURE carried to OUT
# (atomically, never replacing OUT), or says on stderr why not and fails.
frame_decode() {
	local capture="$1" out="$2" header size sum clean tmp why=""
	# Once, whole: UARTs add CRs, and grep -m1 at the end of a pipe would
	# break it (pipefail) on a capture larger than a pipe buffer.
	clean=$(mktemp)
	tr -d '\r' <"$capture" >"$clean"
	tmp=$(mktemp "$out.XXXXXX")
	header=$(grep -a -m1 '^TAILBENCH-\(RESULT\|ERROR\) ' "$clean") || header=""
	read -r _ _ size sum <<EOF
$header
EOF
	case "$header" in
	"")
		why="no result frame on the serial port" ;;
	TAILBENCH-ERROR*)
		why="the payload failed with status $size${sum:+ ($sum)}" ;;
	*)
		if ! grep -aq '^TAILBENCH-END$' "$clean"; then
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
		;;
	esac
	rm -f "$clean" "$tmp"
	[ -z "$why" ] || { echo "$why" >&2; return 1; }
}
