#!/usr/bin/env bash
# Result files are data: a command in backquotes (in meta.kernel, meta.cpu or
# the file's name) is never run, "../" in meta.env or meta.clock never names
# a path, and HTML in any of them reaches report.html escaped.
. "$(dirname "$0")/../lib.sh"
tmpdir
FX=$TOP/tests/fixtures

if ! command -v gnuplot >/dev/null; then
	skip "hostile result files" "gnuplot is not installed (./run.sh installs it)"
	finish
fi

# hostile OUT.json KEY=VALUE...: the 6.1 fixture with those meta values.
hostile() {
	python3 - "$FX/vm-6.1.0-50.json" "$@" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for kv in sys.argv[3:]:
    k, v = kv.split("=", 1)
    d["meta"][k] = v
json.dump(d, open(sys.argv[2], "w"))
PY
}

# Commands run (as gnuplot or a shell would) in the scripts' working folder.
mkdir -p "$TMP/cwd" "$TMP/in" "$TMP/out/keep"
cd "$TMP/cwd" || exit 1
touch "$TMP/canary.png" "$TMP/out/keep/canary.svg"

# Drawn: the name and CPU reach the figures and the page, as text.
# (A file name cannot hold "/".)
name="r\`touch PWNED-name\`'s <i>x.json"
hostile "$TMP/in/$name" 'cpu=c`touch PWNED-cpu` <script>alert(1)</script>'
# Refused: values that would name paths or hold a command.
hostile "$TMP/in/kernel.json" 'kernel=k`touch PWNED-kernel`'
hostile "$TMP/in/html.json" 'kernel=<b>6.1</b>'
hostile "$TMP/in/env.json" 'env=../..'
hostile "$TMP/in/clock.json" 'clock=../../keep'

"$TOP/plots/report.sh" --out "$TMP/out" -o "$TMP/out/report.html" "$TMP/in" >"$TMP/stdout" 2>"$TMP/stderr"
check "report.sh on hostile files exits 0, drawing the one it may" \
	bash -c "[ $? -eq 0 ] && [ -s '$TMP/out/vm-insns/depth-6.1.0-50-cloud-amd64.png' ]"
check "no backquoted command ran (kernel, CPU, file name)" \
	bash -c "[ -z \"\$(find '$TMP' -name 'PWNED*')\" ]"
check "the file name stands in the footer as it is" \
	grep -qF "r\`touch PWNED-name\`'s &lt;i>x.json: 3 trials" \
	"$TMP/out/vm-insns/depth-6.1.0-50-cloud-amd64.svg"
for f in kernel:kernel html:kernel env:env clock:clock; do
	check "${f%:*}.json is refused, with a note" \
		grep -q "${f%:*}.json refused: meta\.${f#*:} '" "$TMP/stderr"
done
check "nothing was written outside --out, nor deleted" \
	bash -c "[ -e '$TMP/canary.png' ] && [ -e '$TMP/out/keep/canary.svg' ] &&
		[ -z \"\$(find '$TMP' -newer '$TMP/canary.png' -type f ! -path '$TMP/out/*' \
			! -path '$TMP/in/*' ! -name 'std*')\" ]"
check "--out holds only the figures' folder, the page and what was there" \
	bash -c "[ \"\$(ls '$TMP/out' | tr '\n' ' ')\" = 'keep report.html vm-insns ' ]"

page=$TMP/out/report.html
check "report.html: no markup from a result file" \
	bash -c "! grep -Eq '<script|<b>6.1|<i>x' '$page'"
check "report.html: the CPU and file name are there, escaped" \
	bash -c "grep -qF 'c\`touch PWNED-cpu\` &lt;script&gt;alert(1)&lt;/script&gt;' '$page' &&
		grep -qF \"r\\\`touch PWNED-name\\\`'s &lt;i&gt;x.json\" '$page'"
check "report.html: the refused kernel's name is escaped in the notes" \
	grep -qF "meta.kernel '&lt;b&gt;6.1&lt;/b&gt;' holds characters" "$page"

# plot.sh alone, on a file of a backquoted kernel only: refused, nothing run.
"$TOP/plots/plot.sh" --out "$TMP/o2" "$TMP/in/kernel.json" >/dev/null 2>"$TMP/stderr"
check "plot.sh: only refused files: exit 2, nothing run" \
	bash -c "[ $? -eq 2 ] && [ -z \"\$(find '$TMP' -name 'PWNED*')\" ]"
finish
