#!/usr/bin/env bash
# One self-contained HTML page: the plots and tables of result files.
set -euo pipefail

CMD=report
usage() {
	cat <<'USAGE'
usage: plots/report.sh [--out DIR] [-o FILE] [--type xdp|tc] [FILE|FOLDER...]

Draws the plots of result files (as plots/plot.sh does, default: every
results/*.json) and writes DIR/report-<UTC time>.html (default DIR:
plots/out), or FILE with -o; a report is never overwritten (-o refuses a
FILE that exists).  One page with the figures embedded: the inputs, the per-hop cost of a tail call
by kernel and key mode, the table of tail calls against bpf2bpf calls
(every cell a measured figure and the kernel it came from), what a
tail-call hop's instructions gained or lost from one kernel to the next
(tailbench explain), and by role from one architecture to another, the
figures, and what was skipped.  Prints the page's path.  Files are taken and
refused as plots/plot.sh does (--help).
Exit status: 0 written, 1 a figure failed, 2 no result file.
USAGE
}

# shellcheck source=plots/lib.sh
. "$(dirname "$(readlink -f "$0")")/lib.sh"

html_escape() {
	sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g'
}

# The rows for tables.awk, which escapes every cell: tab-separated fields
# (the dat file has no tab or newline in a value; a file name may).
# inputs_line NAME: a result's row but its file and time, its kernel NAME.
inputs_line() {
	local run
	run="$(meta "$R_DAT" run.trials_done) trials"
	[ "$(meta "$R_DAT" quick)" = 1 ] && run+=", quick"
	[ "$(meta "$R_DAT" complete)" = 0 ] && run+=", INCOMPLETE (interrupted)"
	printf '%s\t%s\t%s %s\t%s\t%s\t%s\n' "$1" "$(meta "$R_DAT" arch)" "$(meta "$R_DAT" env)" \
		"$(meta "$R_DAT" vm.accel)" "$(meta "$R_DAT" clock_label)" "$(meta "$R_DAT" cpu)" "$run"
}

# One row a result, or one an entry (fold_kernels) whose results differ
# only in file and time: its files and times as ranges.
inputs_rows() {
	local k first last n
	printf 'file\tkernel\tarchitecture\tenv\tclock\tCPU\ttrials\ttaken\n'
	while read -r -a members; do
		n=${#members[@]}
		if [ "$n" -gt 1 ] && fold_same inputs_line "${members[@]}"; then
			unpack "${RECORDS[${members[-1]}]}"
			last=$(printable "$(basename -- "$R_FILE")") k=$(meta "$R_DAT" time)
			unpack "${RECORDS[${members[0]}]}"
			first=$(printable "$(basename -- "$R_FILE")")
			[ "$k" = "$(meta "$R_DAT" time)" ] || k="$(meta "$R_DAT" time) … $k"
			printf '%s … %s (%d files)\t%s\t%s\n' "$first" "$last" "$n" \
				"$(inputs_line "$R_LABEL")" "$k"
			continue
		fi
		for k in "${members[@]}"; do
			unpack "${RECORDS[$k]}"
			printf '%s\t%s\t%s\n' "$(printable "$(basename -- "$R_FILE")")" \
				"$(inputs_line "$R_KERNEL")" "$(meta "$R_DAT" time)"
		done
	done < <(entries)
}

# The per-hop table's cells of each entry (the dat's perhop block):
# group axis kernel slot heading per_hop ci_low ci_high exact interval
# depths detail.
perhop_rows() {
	local rec
	for rec in "${RECORDS[@]}"; do
		unpack "$rec"
		# Kernels of the same counts: one row naming them (fold_kernels).
		[ -z "$R_FOLDED" ] || continue
		# Several architectures: a table each (records sort by it).
		rows "$R_DAT" "perhop $TYPE" \
			pre="${R_GROUP/-/, } clock${MANY_ARCHES:+, $(meta "$R_DAT" arch)}	$(meta "$R_DAT" axis)	$R_LABEL"
	done
}

# The table of tail calls against bpf2bpf calls: its layout, from the
# first result ("column N TITLE", "cell ROW LABEL COL PROPERTY MECHANISM"),
# then each result's figures ("value KERNEL ENV UNIT" and the classic
# block's fields).
classic_rows() {
	local rec
	unpack "${RECORDS[0]}"
	rows "$R_DAT" classic_columns pre=column
	rows "$R_DAT" classic_cells pre=cell
	fold_rows classic_line
}

# classic_line NAME: a result's classic block, its kernel named NAME.
# shellcheck disable=SC2317 # called through fold_rows
classic_line() {
	rows "$R_DAT" "classic $TYPE" pre="value	$1	$(meta "$R_DAT" env)	$(meta "$R_DAT" clock)"
}

# The mitigations on a hop path of each result, as the dat's mitigations
# block gives them (C reads them from the recorded facts).
mitigation_rows() {
	printf 'result\tmitigation\ton\twhat it does to a hop\tthe fact\n'
	fold_rows mitigation_lines
}

# mitigation_lines NAME: a result's rows of the table, its kernel NAME.
# shellcheck disable=SC2317 # called through fold_rows
mitigation_lines() {
	local who="$1, $(meta "$R_DAT" env)"
	if [ "$(meta "$R_DAT" mitigations_recorded)" != 1 ]; then
		printf '%s\tnot all recorded (a result made before they were kept)\t\t\t%s\n' \
			"$who" "spectre_v2: $(meta "$R_DAT" spectre_v2)"
		return
	fi
	rows "$R_DAT" mitigations cols="name touches does fact" pre="$who" |
		grep . || printf '%s\tnone\t\t\t\n' "$who"
}

# hop_paths: for the results of each clock that recorded hop paths, what
# a tail call's path gained or lost from each kernel to the next (tailbench
# explain --html), oldest to newest; a path is compared with the same
# architecture's only, since x86-64 and arm64 code do not align.
hop_paths() {
	local rec key cur="" group="" arch="" files=()
	for rec in "${RECORDS[@]}" end; do
		key=end
		if [ "$rec" != end ]; then
			unpack "$rec"
			key="$R_GROUP $(meta "$R_DAT" arch)"
		fi
		if [ "$key" != "$cur" ]; then
			if [ ${#files[@]} -ge 2 ]; then
				printf '<h3>%s clock%s</h3>\n' "$(html_escape <<<"${group/-/, }")" \
					"$(html_escape <<<"${arch:+, $arch}")"
				"$TB" explain --html --family "$(rows "$R_DAT" "explain $TYPE")" -- "${files[@]}" ||
					note "the hop paths of ${files[*]} could not be compared (see above)"
			fi
			[ "$rec" = end ] || group=$R_GROUP arch=$(meta "$R_DAT" arch)
			cur=$key files=()
		fi
		# Only result files carry hops[], and only newer ones.
		[ "$rec" = end ] || [[ $R_FILE == *.dat ]] || ! "$TB" explain -- "$R_FILE" >/dev/null 2>&1 ||
			files+=("$R_FILE")
	done
}

# arch_paths: for the results of each clock that recorded hop paths, a
# tail call's hop on each architecture against the first one's, role by
# role (tailbench explain --html --roles picks the pairs; one architecture
# gives nothing).
arch_paths() {
	local rec cur="" family="" out files=()
	for rec in "${RECORDS[@]}" end; do
		[ "$rec" = end ] || unpack "$rec"
		if [ "$rec" = end ] || [ "$R_GROUP" != "$cur" ]; then
			if [ ${#files[@]} -ge 2 ]; then
				out=$("$TB" explain --html --roles --family "$family" -- "${files[@]}") ||
					note "the hop paths of ${files[*]} could not be compared by role (see above)"
				[ -z "$out" ] || printf '<h3>%s clock</h3>\n%s\n' "$(html_escape <<<"${cur/-/, }")" "$out"
			fi
			[ "$rec" != end ] || break
			cur=$R_GROUP files=()
		fi
		[[ $R_FILE == *.dat ]] || ! "$TB" explain -- "$R_FILE" >/dev/null 2>&1 || {
			files+=("$R_FILE")
			family=$(rows "$R_DAT" "explain $TYPE")
		}
	done
}

# The cases each result could not measure, grouped by reason (the dat's
# skipped_reasons block: C counts them).
skipped_rows() {
	local rec
	printf 'result\treason\tcases\tfirst case\n'
	for rec in "${RECORDS[@]}"; do
		unpack "$rec"
		rows "$R_DAT" skipped_reasons pre="$R_KERNEL, $(meta "$R_DAT" env)"
	done
}

# The first answer, a row per result (tailbench headline computes it).
headline() {
	local rec files=()
	for rec in "${RECORDS[@]}"; do
		unpack "$rec"
		[[ $R_FILE == *.dat ]] || files+=("$R_FILE")
	done
	[ ${#files[@]} -eq 0 ] || "$TB" headline --html -- "${files[@]}" ||
		note "the headline of ${files[*]} could not be made (see above)"
}

figures() {
	local png name group=""
	for png in "${DRAWN[@]}"; do
		name=$(basename "$png" .png)
		if [ "$(basename "$(dirname "$png")")" != "$group" ]; then
			group=$(basename "$(dirname "$png")")
			printf '<h3>%s clock</h3>\n' "$(html_escape <<<"${group/-/, }")"
		fi
		printf '<figure><img alt="%s" src="data:image/png;base64,' "$(html_escape <<<"$name")"
		base64 -w0 "$png"
		printf '"><figcaption>%s</figcaption></figure>\n' "$(html_escape <<<"${CAPTION_OF[$png]-}")"
	done
}

# Chaignon 2021 reproduced (plots/chaignon.sh: his table beside ours, his
# layout's figures), when a result holds the chaignon2021 scenario.
chaignon_block() {
	local rec png files=()
	for rec in "${RECORDS[@]}"; do
		unpack "$rec"
		[[ $R_FILE == *.dat ]] || ! "$TB" reproduce -- "$R_FILE" >/dev/null 2>&1 ||
			files+=("$R_FILE")
	done
	[ ${#files[@]} -gt 0 ] || return 0
	if ! TB=$TB "$PLOTS_DIR/chaignon.sh" --out "$OUT/chaignon" -- "${files[@]}" \
		>/dev/null 2>"$WORK/chaignon.err"; then
		note "Chaignon 2021's section FAILED: $(printable "$(head -n 1 "$WORK/chaignon.err")")"
		return 0
	fi
	echo "<h2>Chaignon 2021 reproduced</h2>"
	echo "<p>\"The Cost of BPF Tail Calls\" (2021) beside the results that reproduce it: compare ratios and directions, never his nanoseconds on an Atom with our instructions (docs/reproducing.md).</p><pre>"
	html_escape <"$OUT/chaignon/chaignon.md"
	echo "</pre>"
	for png in "$OUT"/chaignon/chaignon-*.png; do
		printf '<figure><img alt="%s" src="data:image/png;base64,' "$(basename "$png" .png)"
		base64 -w0 "$png"
		printf '"></figure>\n'
	done
}

page() {
	local paths skipped
	cat <<HEAD
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>tailbench report</title>
<style>
body { font-family: sans-serif; max-width: 1560px; margin: 1em auto; padding: 0 1em; color: #222; }
table { border-collapse: collapse; margin: 0.8em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
th.row { font-weight: normal; max-width: 26em; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: bold; padding: 0.3em 0; }
.k { color: #555; }
.d { color: #777; font-size: 85%; }
figure { margin: 1em 0 2em; }
figure img { max-width: 100%; border: 1px solid #eee; }
figcaption { color: #444; }
.banner { background: #fff3cd; padding: 0.4em 0.6em; }
</style></head><body>
<h1>tailbench: tail calls against bpf2bpf calls</h1>
<p>$TYPE programs; made $(date -u +%Y-%m-%dT%H:%MZ) by plots/report.sh from the result files below.
Figures of different clocks (or native against VM runs) are never compared on one axis.</p>
HEAD
	headline
	echo "<h2>Results</h2>"
	inputs_rows | awk -v table=plain -f "$PLOTS_DIR/tables.awk"
	echo "<h2>Per-hop cost of a tail call, by kernel and key mode, and of an indirect jump</h2>"
	echo "<p>A row named &ldquo;A &hellip; B&rdquo; stands for the kernels from A to B of one series, whose per-hop counts are the same in every fit (exact clocks only): a new row starts where a count changes. The figures fold them alike.</p>"
	echo "<p>The per-hop fits of the headline's tail-call and indirect-jump columns. An exact count is printed as the integer it is; every other interval is of the kind the caption names.</p>"
	perhop_rows | awk -v table=perhop -f "$PLOTS_DIR/tables.awk"
	echo "<h2>Tail calls against bpf2bpf calls</h2>"
	echo "<p>Each cell: what a result measured, and the kernel (and env) it came from; the grey line is the evidence (a case, or the verifier's words). The scenario that measured most mechanisms (the grey line names it): the headline's bpf2bpf, inline and indirect-jump columns are its per-hop fits. An exact count is printed as the integer it is; an interval says its kind.</p>"
	classic_rows | awk -v table=classic -f "$PLOTS_DIR/tables.awk"
	echo "<h2>Mitigations on the hop paths</h2>"
	echo "<p>What each machine's kernel emits around a hop for its CPU's vulnerabilities and its config, from the facts each result recorded: a figure above whose path passes one (a bpf2bpf call's ret through a return thunk, a dynamic tail call's jump through a retpoline) includes its cost; a static tail call passes none but IBT's endbr64.</p>"
	mitigation_rows | awk -v table=plain -f "$PLOTS_DIR/tables.awk"
	echo "<h2>What one hop executes, kernel to kernel</h2>"
	paths=$(hop_paths)
	if [ -n "$paths" ]; then
		echo "<p>The instructions of one tail-call hop, walked in the JIT's code of the loaded programs; + added, - removed, ~ the same instruction with other constants, against the kernel before. Each difference is the change of the per-hop count measured.</p>"
		printf '%s\n' "$paths"
	else
		echo "<p>Nothing to compare: this needs two results of one clock and architecture that recorded hop paths (tailbench explain), and these results hold fewer.</p>"
	fi
	paths=$(arch_paths)
	if [ -n "$paths" ]; then
		echo "<h2>What one hop executes, architecture to architecture</h2>"
		echo "<p>Two architectures' instructions do not align one by one: one tail-call hop of each architecture's newest result against the first architecture's of the same series (else its newest), counted by role. A count marked &ge; is of an incomplete path (its note beneath); a family one side did not walk is named.</p>"
		printf '%s\n' "$paths"
	fi
	chaignon_block
	echo "<h2>Figures</h2>"
	figures
	echo "<h2>Skipped</h2>"
	skipped=$(skipped_rows)
	if [ "$(wc -l <<<"$skipped")" -gt 1 ]; then
		echo "<p>Cases the results could not measure, by reason (the kernel's or the verifier's words), with the first such case:</p>"
		awk -v table=plain -f "$PLOTS_DIR/tables.awk" <<<"$skipped"
	else
		echo "<p>Every case of these results was measured.</p>"
	fi
	if [ ${#NOTES[@]} -gt 0 ]; then
		echo "<p>Figures and files left out:</p><ul>"
		printf '%s\n' "${NOTES[@]}" | html_escape | sed 's|.*|<li>&</li>|'
		echo "</ul>"
	fi
	echo "</body></html>"
}

parse_args "$@"
load_results
# Results of several architectures: the per-hop tables name theirs.
MANY_ARCHES=$(for rec in "${RECORDS[@]}"; do unpack "$rec"; meta "$R_DAT" arch; echo; done |
	sort -u | awk 'NF { n++ } END { if (n > 1) print 1 }')
draw_all
# A new page under a new name, like a result file: written aside, then
# linked into place, since ln refuses a name that exists (a page written
# meanwhile under the same name is kept).
named=$PAGE
if [ -z "$PAGE" ]; then
	mkdir -p "$OUT" || die "cannot create $OUT"
	PAGE=$OUT/report-$(date -u +%Y%m%dT%H%M%SZ).html
fi
tmp=$(dirname -- "$PAGE")/.report.$$.tmp
trap 'rm -rf "$WORK"; rm -f -- "$tmp"' EXIT
(set -o noclobber; page >"$tmp") || die "cannot write $tmp"
base=${PAGE%.html} k=1
until ln -- "$tmp" "$PAGE" 2>/dev/null; do
	[ -z "$named" ] && [ -e "$PAGE" ] || die "cannot write $PAGE${named:+: it exists now}"
	k=$((k + 1))
	PAGE=$base-$k.html
done
echo "report: $PAGE"
exit "$FAILED"
