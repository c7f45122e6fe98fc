#!/usr/bin/env bash
# The framing of results on the guest's serial port, without a guest: the
# guest's encoder (harness/vm/frame.sh under busybox sh, as in /init) and
# the host's decoder.
. "$(dirname "$0")/../lib.sh"
. "$TOP/harness/vm/lib.sh"
tmpdir

# guest CMD: runs CMD with frame.sh sourced, in the guest's shell where
# there is one.
guest() {
	local sh=(sh)
	command -v busybox >/dev/null && sh=(busybox sh)
	"${sh[@]}" -c ". '$TOP/harness/vm/frame.sh'; $1"
}

# Larger than a pipe buffer, as real results are.
printf '{"schema": "tailbench/1", "x": [%s]}\n' "$(seq -s ', ' 30000)" >"$TMP/r.json"
# What a UART in its default mode makes of it: CRLF line ends, console noise before.
guest "echo '[    9.1] boot noise'; frame_result '$TMP/r.json'" | sed 's/$/\r/' >"$TMP/good"
check "a frame decodes to the file it carried" \
	bash -c ". '$TOP/harness/vm/lib.sh'; frame_decode '$TMP/good' '$TMP/out.json' && cmp -s '$TMP/out.json' '$TMP/r.json'"
check "the decoded result is not replaced by a second decode" \
	bash -c ". '$TOP/harness/vm/lib.sh'; ! frame_decode '$TMP/good' '$TMP/out.json' 2>/dev/null"

head -n 100 "$TMP/good" >"$TMP/truncated"
msg=$(frame_decode "$TMP/truncated" "$TMP/t.json" 2>&1)
check "a truncated transfer is detected" contains "$msg" truncated
check "a truncated transfer writes nothing" [ ! -e "$TMP/t.json" ]

# The line after the header begins with the base64 of '{"', "eyJ": now "AyJ".
sed '3s/^./A/' "$TMP/good" >"$TMP/corrupt"
msg=$(frame_decode "$TMP/corrupt" "$TMP/c.json" 2>&1)
check "a corrupted transfer is detected" contains "$msg" corrupted
check "a corrupted transfer writes nothing" [ ! -e "$TMP/c.json" ]

guest "frame_error 2" >"$TMP/error"
msg=$(frame_decode "$TMP/error" "$TMP/e.json" 2>&1)
check "a failed payload is told from a lost transfer" contains "$msg" "failed with status 2"
guest "frame_error 0 'no result file'" >"$TMP/error"
msg=$(frame_decode "$TMP/error" "$TMP/e.json" 2>&1)
check "a payload that wrote nothing says so" contains "$msg" "status 0 (no result file)"

msg=$(frame_decode /dev/null "$TMP/n.json" 2>&1)
check "no frame at all is reported" contains "$msg" "no result frame"
finish
