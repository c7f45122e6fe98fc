#!/usr/bin/env bash
# A measurement is never lost to its output: -o is claimed before measuring
# (a second run of one -o is refused at once), a device or FIFO takes the
# result as it is, and a write that fails (disk full, ulimit -f) keeps the
# result in $TMPDIR, named.  --noise is read and matched before measuring.
. "$(dirname "$0")/../lib.sh"
need_root "output and --noise of a run"
tmpdir
mkdir "$TMP/t"
export TMPDIR=$TMP/t
cat >"$TMP/tiny.json" <<'J'
{"description": "tiny", "benches": ["tailcall"], "key_modes": ["static"], "depths": [0, 2], "trials": 2, "repeat": 10}
J
RUN=("$TB" -q run -s "$TMP/tiny.json" --warmup 0)

# Two runs of one -o: the second is refused before it measures anything.
"${RUN[@]}" --trials 300 -o "$TMP/same.json" >/dev/null 2>"$TMP/err1" &
first=$!
for _ in $(seq 100); do [ -e "$TMP/same.json" ] && break; sleep 0.1; done
"${RUN[@]}" -o "$TMP/same.json" >/dev/null 2>"$TMP/err2"
rc=$?
kill -0 "$first" 2>/dev/null && measuring=yes
check "a second run of one -o while the first measures: exit 2, saying the name is taken" \
	bash -c "[ $rc -eq 2 ] && [ '$measuring' = yes ] && grep -q 'same.json exists' '$TMP/err2' &&
		! grep -q 'cases' '$TMP/err2'"
wait "$first"
check "the first run's result is whole: exit 0, a result of 2 cases" \
	bash -c "[ $? -eq 0 ] && '$TB' show '$TMP/same.json' | grep -q '^2 cases: 2 measured'"

"${RUN[@]}" -o /dev/null >/dev/null 2>"$TMP/err"
check "-o /dev/null: exit 0 (a device is written into, not refused as existing)" [ $? -eq 0 ]
mkfifo "$TMP/fifo"
cat "$TMP/fifo" >"$TMP/from-fifo" &
"${RUN[@]}" -o "$TMP/fifo" >/dev/null 2>&1
check "-o FIFO: exit 0, the result comes out of it" \
	bash -c "[ $? -eq 0 ] && wait && python3 -c 'import json; json.load(open(\"$TMP/from-fifo\"))'"

# Disk full: the result is kept in $TMPDIR and the message says where.
"${RUN[@]}" -o /dev/full >/dev/null 2>"$TMP/err"
rc=$? kept=$(sed -n 's/.*the result is kept in \([^ ]*\/result\.json\)$/\1/p' "$TMP/err")
check "-o /dev/full: exit 1, 'No space left', the result kept in \$TMPDIR" \
	bash -c "[ $rc -eq 1 ] && grep -q 'cannot write /dev/full: No space left on device' '$TMP/err' &&
		[ '${kept%/*/*}' = '$TMP/t' ] && '$TB' show '$kept' | grep -q '^2 cases: 2 measured'"

# ulimit -f: SIGXFSZ no longer kills the run; the result is kept in parts.
(ulimit -f 4 && exec "${RUN[@]}" -o "$TMP/big.json") >/dev/null 2>"$TMP/err"
rc=$?
dir=$(sed -n 's/.*the result is kept in \([^ ]*\) as [0-9]* parts.*/\1/p' "$TMP/err")
check "ulimit -f 4: exit 1 (not 153, SIGXFSZ), saying 'File too large'" \
	bash -c "[ $rc -eq 1 ] && grep -q 'cannot write $TMP/big.json: File too large' '$TMP/err'"
check "... no temporary and no empty claim left beside the target" \
	bash -c "[ -z \"\$(find '$TMP' -maxdepth 1 -name 'big.json*')\" ]"
check "... the parts in \$TMPDIR make the whole result" \
	bash -c "[ -n '$dir' ] && cat '$dir'/result.json.* >'$TMP/joined.json' &&
		'$TB' show '$TMP/joined.json' | grep -q '^2 cases: 2 measured'"

# A run that fails after its claim (out of descriptors) leaves no empty file.
(ulimit -n 100 && exec "${RUN[@]}" -s nesting -o "$TMP/fail.json") >/dev/null 2>&1
check "a run that fails after claiming -o: exit 1, the claim removed" \
	bash -c "[ $? -eq 1 ] && [ ! -e '$TMP/fail.json' ]"

# --noise: checked in full and matched to this machine before measuring.
python3 - "$TMP/same.json" "$TOP/tests/fixtures/native-6.18.44.json" "$TMP/here.json" <<'PY'
import json, sys
meta = json.load(open(sys.argv[1]))["meta"]
key = "chain/tailcall/xdp/static/n0/s0"
p = {"schema": "tailbench-noise/1",
     "meta": {"runs": 4, "time": "2026-01-01T00:00:00Z", "files": [], "quick": False},
     "fits": {key: {"runs": 4, "mean": 10, "sd": 0.5, "sd_log": 0.05, "values": [9, 10, 10, 11]}},
     "cases": {}}
for k in ("kernel", "env", "clock", "cpu"):
    p["meta"][k] = meta[k]
json.dump(p, open(sys.argv[3], "w"))
PY
mutate() { python3 "$TOP/tests/compare/mutate.py" "$@"; }
mutate "$TMP/here.json" "$TMP/other.json" 'd["meta"]["kernel"] = "5.10.0-other"; d["meta"]["cpu"] = "another"'
mutate "$TMP/here.json" "$TMP/broken.json" 'd["meta"]["runs"] = -3'
echo '{"schema": "tailbench-noise/1", "meta": ' >"$TMP/cut.json"
# noise_run NAME WANT FILE ARGS...: run --noise FILE exits WANT within 20 s.
noise_run() {
	local name=$1 want=$2 file=$3
	shift 3
	rm -f "$TMP/n.json"
	timeout 20 "${RUN[@]}" --noise "$file" "$@" -o "$TMP/n.json" >/dev/null 2>"$TMP/err"
	local rc=$?
	if [ "$rc" -eq "$want" ] && { [ "$want" -eq 0 ] || ! grep -q cases "$TMP/err"; }; then
		ok "$name"
	else
		not_ok "$name (exit $rc: $(head -c 300 "$TMP/err"))"
	fi
}
noise_run "--noise FIFO: exit 2 before measuring, not waited on" 2 "$TMP/fifo"
noise_run "--noise of a file cut short: exit 2 before measuring" 2 "$TMP/cut.json"
noise_run "--noise of a result, not a profile: exit 2 before measuring" 2 "$TMP/same.json"
noise_run "--noise of a profile with runs -3: exit 2 before measuring" 2 "$TMP/broken.json"
noise_run "--noise of another kernel and CPU: exit 2 before measuring" 2 "$TMP/other.json"
check "... saying in what it differs, and how to use it anyway" \
	grep -q 'describes another machine: its meta.kernel is 5.10.0-other.*--force-noise' "$TMP/err"
check "... nothing written, no claim left" [ ! -e "$TMP/n.json" ]
noise_run "--noise of this machine's profile: exit 0" 0 "$TMP/here.json"
check "... recorded, not marked forced" \
	pyjson "$TMP/n.json" "d['meta']['noise_profile']['file'] == '$TMP/here.json' and 'forced' not in d['meta']['noise_profile']"
noise_run "--noise of another machine with --force-noise: exit 0" 0 "$TMP/other.json" --force-noise
check "... meta.noise_profile.forced names what differs" \
	pyjson "$TMP/n.json" "d['meta']['noise_profile']['forced'] == ['kernel', 'cpu']"
finish
