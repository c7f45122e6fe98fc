#!/usr/bin/env bash
# The framing of results on the guest's serial port, without a guest.
. "$(dirname "$0")/../lib.sh"
. "$TOP/harness/vm/lib.sh"
tmpdir

printf '{"schema": "tailbench/1", "x": [1, 2, 3]}\n' >"$TMP/r.json"
frame() {
	echo "TAILBENCH-RESULT v1 $(wc -c <"$TMP/r.json") $(sha256sum "$TMP/r.json" | cut -d' ' -f1)"
	base64 "$TMP/r.json"
	echo "TAILBENCH-END"
}
# What a UART in its default mode makes of it: CRLF line ends, console noise before.
{ echo "[    9.1] boot noise"; frame; } | sed 's/$/\r/' >"$TMP/good"
check "a frame decodes to the file it carried" \
	bash -c ". '$TOP/harness/vm/lib.sh'; frame_decode '$TMP/good' '$TMP/out.json' && cmp -s '$TMP/out.json' '$TMP/r.json'"
check "the decoded result is not replaced by a second decode" \
	bash -c ". '$TOP/harness/vm/lib.sh'; ! frame_decode '$TMP/good' '$TMP/out.json' 2>/dev/null"

head -n 2 "$TMP/good" >"$TMP/truncated"
msg=$(frame_decode "$TMP/truncated" "$TMP/t.json" 2>&1)
check "a truncated transfer is detected" contains "$msg" truncated
check "a truncated transfer writes nothing" [ ! -e "$TMP/t.json" ]

frame | sed '2s/^./A/' >"$TMP/corrupt"
msg=$(frame_decode "$TMP/corrupt" "$TMP/c.json" 2>&1)
check "a corrupted transfer is detected" contains "$msg" corrupted
check "a corrupted transfer writes nothing" [ ! -e "$TMP/c.json" ]

echo "TAILBENCH-ERROR v1 2" >"$TMP/error"
msg=$(frame_decode "$TMP/error" "$TMP/e.json" 2>&1)
check "a failed payload is told from a lost transfer" contains "$msg" "failed with status 2"

msg=$(frame_decode /dev/null "$TMP/n.json" 2>&1)
check "no frame at all is reported" contains "$msg" "no result frame"
finish
