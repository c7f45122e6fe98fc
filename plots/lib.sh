# shellcheck shell=bash
# Shared by plots/plot.sh and plots/report.sh.  Result files are read only by
# `tailbench export --format dat`; this reads its gnuplot data (blocks named
# "# cases SCEN/BENCH/TYPE/MODE/nN/sS", "# fits SCEN/BENCH/TYPE/MODE/sS"...).
# A script sets CMD (its ./run.sh command), defines usage(), sources this,
# then calls parse_args "$@", load_results and draw_all.

PLOTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(dirname "$PLOTS_DIR")
TB=$TOP/build/tailbench
PROG=$(basename "$0")

OUT=$PLOTS_DIR/out
TYPE=xdp
FILES=()
RECORDS=()	# "group<TAB>kernel<TAB>time<TAB>dat<TAB>file": by group, then kernel version
DRAWN=()	# the PNG of every figure drawn
NOTES=()	# what was skipped or failed, and why
FAILED=0

# The order and colours (common.gp's linetypes) of key modes and benches.
MODES=(static dynamic poisoned)
BASELINE=(tailcall tailcall_percpu bpf2bpf bpf2bpf_args inline)
DISPATCH=(dispatch_table dispatch_switch)
declare -A TITLE_OF=(
	[tailcall]="tail calls (static key)"
	[tailcall_percpu]="tail calls, context in a per-CPU map"
	[bpf2bpf]="bpf2bpf calls"
	[bpf2bpf_args]="bpf2bpf calls, context in arguments"
	[inline]="inlined"
	[dispatch_table]="tail call through a prog array"
	[dispatch_switch]="switch over bpf2bpf calls"
)

note() {
	NOTES+=("$*")
	printf '%s: %s\n' "$PROG" "$*" >&2
}

die() {
	printf '%s: %s\n' "$PROG" "$1" >&2
	exit "${2:-1}"
}

parse_args() {
	local args=() a f
	while [ $# -gt 0 ]; do
		case "$1" in
		--out) [ $# -ge 2 ] || die "--out needs a folder" 2; OUT=$2; shift 2 ;;
		--type) [ $# -ge 2 ] || die "--type needs xdp or tc" 2; TYPE=$2; shift 2 ;;
		-h | --help) usage; exit 0 ;;
		-*) usage >&2; exit 2 ;;
		*) args+=("$1"); shift ;;
		esac
	done
	case "$TYPE" in xdp | tc) ;; *) die "--type $TYPE: xdp or tc" 2 ;; esac
	[ ${#args[@]} -gt 0 ] || args=("$TOP/results")
	for a in "${args[@]}"; do
		if [ -d "$a" ]; then
			for f in "$a"/*.json; do [ -e "$f" ] && FILES+=("$f"); done
		else
			FILES+=("$a")
		fi
	done
	[ ${#FILES[@]} -gt 0 ] ||
		die "no result files in ${args[*]}: make some with ./run.sh (the suite on this kernel) or build/tailbench run" 2
	[ -x "$TB" ] || die "$TB is missing: build it with make, or use ./run.sh $CMD"
	command -v gnuplot >/dev/null ||
		die "gnuplot not found: ./run.sh $CMD installs it (Debian package gnuplot-nox)"
	WORK=$(mktemp -d)
	trap 'rm -rf "$WORK"' EXIT
}

# rows DAT BLOCK [AWK-VARIABLES...]: a data set as tab-separated fields (rows.awk).
rows() {
	local dat=$1 block=$2 v args=()
	shift 2
	for v in "$@"; do args+=(-v "$v"); done
	awk -v block="$block" "${args[@]}" -f "$PLOTS_DIR/rows.awk" "$dat"
}

# meta DAT KEY: a value of the meta block.
meta() {
	rows "$1" meta cols=value key=key val="$2"
}

# has DAT BLOCK: whether the dat file has that block.
has() {
	grep -qxF "# $2" "$1"
}

# first DAT REGEX: the first block whose name matches the extended regex.
first() {
	sed -n 's/^# //p' "$1" | grep -E -m1 "^($2)\$" || true
}

# fits DAT: "SCEN BENCH TYPE MODE STACK" for every fits block.
fits() {
	sed -n 's|^# fits \(.*\)/s\([0-9]*\)$|\1/\2|p' "$1" | tr / ' '
}

# nested_scenarios DAT: scenarios with tail calls issued at nest > 0.
nested_scenarios() {
	sed -n "s|^# cases \([^/]*\)/tailcall/$TYPE/[^/]*/n[1-9][0-9]*/s[0-9]*\$|\1|p" "$1" | sort -u
}

# Export every file; keep one result per kernel and group, the newest.
load_results() {
	local i=0 f dat line group kernel prev=""
	for f in "${FILES[@]}"; do
		i=$((i + 1))
		dat=$WORK/$i.dat
		if ! "$TB" export --format dat "$f" >"$dat"; then
			note "$f skipped: not a result file (see above)"
			continue
		fi
		# Different clocks, or native against VM, never share an axis.
		printf '%s-%s\t%s\t%s\t%s\t%s\n' "$(meta "$dat" env)" "$(meta "$dat" clock)" \
			"$(meta "$dat" kernel)" "$(meta "$dat" time)" "$dat" "$f" >>"$WORK/list"
	done
	[ -s "$WORK/list" ] || die "none of ${FILES[*]} is a result file" 2
	while IFS= read -r line; do
		IFS=$'\t' read -r group kernel _ _ f <<<"$line"
		if [ "$group $kernel" = "$prev" ]; then
			note "$f left out: a newer result of kernel $kernel ($group) is plotted"
			continue
		fi
		prev="$group $kernel"
		RECORDS+=("$line")
	done < <(sort -t $'\t' -k1,1 -k2,2V -k3,3r "$WORK/list")
}

# gq STRING: a gnuplot string literal.
gq() {
	local s=${1//\\/\\\\}
	printf '"%s"' "${s//\"/\\\"}"
}

# A figure's series: parallel word lists for the gnuplot scripts.
reset_series() {
	S_DATS="" S_BLOCKS="" S_TITLES="" S_COLORS="" S_DASHES="" S_XS="" S_SLOTS="" S_N=0
}

# add_series DAT BLOCK TITLE COLOR [DASH [X SLOT]]
add_series() {
	S_DATS+=" \"$1\"" S_BLOCKS+=" \"$2\"" S_TITLES+=" \"$3\"" S_COLORS+=" $4"
	S_DASHES+=" ${5:-1}" S_XS+=" ${6:-0}" S_SLOTS+=" ${7:-0}"
	S_N=$((S_N + 1))
}

# draw SCRIPT NAME VAR=VALUE...: the series as $DIR/NAME.png and .svg.
draw() {
	local script=$1 name=$2 kv
	shift 2
	local gpargs=(-e "PLOTS=$(gq "$PLOTS_DIR/")" -e "OUT=$(gq "$DIR/$name")"
		-e "DATS=$(gq "$S_DATS")" -e "BLOCKS=$(gq "$S_BLOCKS")"
		-e "TITLES=$(gq "$S_TITLES")" -e "COLORS=$(gq "$S_COLORS")"
		-e "DASHES=$(gq "$S_DASHES")" -e "XS=$(gq "$S_XS")" -e "SLOTS=$(gq "$S_SLOTS")")
	for kv in "$@"; do
		gpargs+=(-e "${kv%%=*}=$(gq "${kv#*=}")")
	done
	local status=0
	gnuplot "${gpargs[@]}" "$PLOTS_DIR/$script" 2>"$WORK/gnuplot.err" || status=$?
	sed -n "/./s|^|$PROG: $name: |p" "$WORK/gnuplot.err" >&2
	if [ $status -eq 0 ] && [ -s "$DIR/$name.png" ] && [ -s "$DIR/$name.svg" ]; then
		DRAWN+=("$DIR/$name.png")
	else
		note "$name FAILED: gnuplot could not draw it (its words above)"
		FAILED=1
	fi
}

# describe DAT FILE: what every figure of one result states.
describe() {
	local quick=""
	AXIS=$(meta "$1" axis)
	# What a point of a run's cost is: see export_dat.c's "figure".
	if [ "$(meta "$1" clock)" = insns ]; then
		POINTS="Points: the count the trials agreed on; bars: first to third quartile."
	else
		POINTS="Points: median of the trials; bars: first to third quartile."
	fi
	KERNEL=$(meta "$1" kernel)
	ENV=$(meta "$1" env)
	[ "$(meta "$1" quick)" = 1 ] && quick=", quick run"
	SOURCE="$(basename "$2"): $(meta "$1" run.trials_done) trials$quick"
}

# index_of WORD LIST...: its 1-based position in the list.
index_of() {
	local w=$1 i=0 x
	shift
	for x in "$@"; do
		i=$((i + 1))
		[ "$x" = "$w" ] && break
	done
	echo "$i"
}

# --- one result --------------------------------------------------------------

# skipped WHAT WHY: true, after saying so, when the figure has no series.
skipped() {
	[ "$S_N" -eq 0 ] || return 1
	note "$1 of $KERNEL skipped: $2 ($TYPE)"
}

# bench_series DAT SCENARIO BENCH...: a series per bench the scenario measured.
bench_series() {
	local dat=$1 scen=$2 b block
	shift 2
	reset_series
	for b in "$@"; do
		block=$(first "$dat" "cases $scen/$b/$TYPE/[^/]+/n0/s0")
		[ -n "$block" ] && add_series "$dat" "$block" "${TITLE_OF[$b]}" "$(index_of "$b" "$@")"
	done
	return 0
}

# draw_cost NAME TITLE XLABEL SOURCE AXIS-SETTINGS...: the cost of one run
# (its figure), with quartile bars, against depth.
draw_cost() {
	local name=$1 title=$2 xlabel=$3 source=$4
	shift 4
	draw lines.gp "$name" XCOL=depth YCOL=figure LOCOL=q1 HICOL=q3 "$@" TITLE="$title" \
		XLABEL="$xlabel" YLABEL="cost of one run, $AXIS" FOOT="$source. $POINTS"
}

# The axis of chains: 0..33 tail calls (34 is the limit case, not a chain).
CHAIN_AXIS=(XMAX=33 LOGX=0 "XRANGE=[-1:34]" "XTICS=0,3,33" DODGE=0.2)

draw_depth() {
	local dat=$1 m block
	reset_series
	for m in "${MODES[@]}"; do
		block="cases chain/tailcall/$TYPE/$m/n0/s0"
		has "$dat" "$block" && add_series "$dat" "$block" "$m key" "$(index_of "$m" "${MODES[@]}")"
	done
	skipped "depth plot" "no chain scenario case" && return
	draw_cost "depth-$KERNEL" "Cost against chain depth: kernel $KERNEL ($ENV, $TYPE)" \
		"tail calls in the chain (depth)" "$SOURCE" "${CHAIN_AXIS[@]}"
}

draw_nesting() {
	local dat=$1 scens rows="" stacks=() nmodes scen mode s title
	reset_series
	scens=$(nested_scenarios "$dat")
	# By frame size, then key mode in MODES order.
	[ -n "$scens" ] && rows=$(fits "$dat" | awk -v t="$TYPE" -v s=" ${scens//$'\n'/ } " \
		-v modes=" ${MODES[*]} " '$2 == "tailcall" && $3 == t && index(s, " " $1 " ") {
			print $0, index(modes, " " $4 " ") }' | sort -k5,5n -k6,6n)
	mapfile -t stacks < <(cut -d' ' -f5 <<<"$rows" | uniq)
	nmodes=$(cut -d' ' -f4 <<<"$rows" | sort -u | wc -l)
	while read -r scen _ _ mode s _; do
		[ -n "$scen" ] || continue
		title="$s bytes per frame"
		[ "$nmodes" -gt 1 ] && title+=", $mode key"
		add_series "$dat" "fits $scen/tailcall/$TYPE/$mode/s$s" "$title" \
			"$(index_of "$s" "${stacks[@]}")" "$(index_of "$mode" "${MODES[@]}")"
	done <<<"$rows"
	skipped "nesting plot" "no case with nest > 0" && return
	draw lines.gp "nesting-$KERNEL" XCOL=nest YCOL=per_hop LOCOL=ci_low HICOL=ci_high XMAX=7 \
		LOGX=0 XRANGE="[-0.5:7.5]" XTICS="0,1,7" DODGE=0.06 \
		TITLE="Per-hop cost against bpf2bpf nesting: kernel $KERNEL ($ENV, $TYPE)" \
		XLABEL="nesting depth of the subprogram issuing the tail calls" \
		YLABEL="cost per tail call, $AXIS" \
		FOOT="$SOURCE. Slope over depths 0..33, bars: 95% bootstrap CI; no point: the verifier refused it."
}

draw_baseline() {
	bench_series "$1" baseline "${BASELINE[@]}"
	skipped "baseline plot" "no baseline scenario case" && return
	draw baseline.gp "baseline-$KERNEL" UNIT="$AXIS" \
		TITLE="Tail calls against bpf2bpf calls and inlined code: kernel $KERNEL ($ENV, $TYPE)" \
		FOOT="$SOURCE. Run cost: ${POINTS#Points: } Sizes as the kernel reports them."
}

draw_dispatch() {
	bench_series "$1" dispatch "${DISPATCH[@]}"
	skipped "dispatch plot" "no dispatch scenario case" && return
	draw_cost "dispatch-$KERNEL" "Dispatch to the last of M targets: kernel $KERNEL ($ENV, $TYPE)" \
		"targets M" "$SOURCE" XMAX=64 LOGX=1 "XRANGE=[0.7:90]" "XTICS=1,2,64" DODGE=0.03
}

# --- the kernels of one group --------------------------------------------------

# group_sources: what the figures of a group came from, for a footer.
group_sources() {
	local rec f names=""
	for rec in "${GROUP[@]}"; do
		f=${rec##*$'\t'}
		names+="${names:+, }$(basename "$f")"
	done
	[ ${#names} -le 110 ] || names="${#GROUP[@]} result files"
	echo "$names"
}

draw_depth_kernels() {
	local g=$1 m rec dat kernel block k
	if [ ${#GROUP[@]} -lt 2 ]; then
		note "depth plots across kernels ($g) skipped: results of one kernel only"
		return
	fi
	for m in "${MODES[@]}"; do
		reset_series
		k=0
		for rec in "${GROUP[@]}"; do
			IFS=$'\t' read -r _ kernel _ dat _ <<<"$rec"
			k=$((k + 1))
			block="cases chain/tailcall/$TYPE/$m/n0/s0"
			has "$dat" "$block" && add_series "$dat" "$block" "$kernel" "$k"
		done
		if [ "$S_N" -lt 2 ]; then
			note "depth plot across kernels, $m key ($g) skipped: fewer than two kernels have it"
			continue
		fi
		draw_cost "depth-kernels-$m" \
			"Cost against chain depth by kernel: $m key (${g/-/, } clock, $TYPE)" \
			"tail calls in the chain (depth)" "$(group_sources)" "${CHAIN_AXIS[@]}"
	done
}

draw_perhop() {
	local g=$1 rec dat kernel m i k=0 kernels="" block title seen=" "
	reset_series
	for rec in "${GROUP[@]}"; do
		IFS=$'\t' read -r _ kernel _ dat _ <<<"$rec"
		k=$((k + 1))
		kernels+=" \"$kernel\""
		for m in "${MODES[@]}"; do
			block="fits chain/tailcall/$TYPE/$m/s0"
			has "$dat" "$block" || continue
			# One legend entry per key mode.
			if [[ $seen == *" $m "* ]]; then title=""; else title="$m key"; fi
			seen+="$m "
			i=$(index_of "$m" "${MODES[@]}")
			add_series "$dat" "$block" "$title" "$i" 1 "$k" "$i"
		done
	done
	if [ "$S_N" -eq 0 ]; then
		note "per-hop plot by kernel ($g) skipped: no fit of the chain scenario ($TYPE)"
		return
	fi
	draw perhop.gp perhop-kernels KERNELS="$kernels" NSLOTS=${#MODES[@]} \
		TITLE="Per-hop cost of a tail call by kernel (${g/-/, } clock, $TYPE)" \
		YLABEL="cost per tail call, $AXIS" \
		FOOT="$(group_sources). Points: slope over depths 0..33; bars: 95% bootstrap CI."
}

# Every figure of every group: $OUT/<env>-<clock>/NAME.png and .svg.
draw_all() {
	local g rec dat file
	for g in $(printf '%s\n' "${RECORDS[@]}" | cut -f1 | uniq); do
		DIR=$OUT/$g
		mkdir -p "$DIR" || die "cannot create $DIR"
		# The folder holds this run's figures only.
		rm -f "$DIR"/*.png "$DIR"/*.svg
		GROUP=()
		for rec in "${RECORDS[@]}"; do
			[ "${rec%%$'\t'*}" = "$g" ] && GROUP+=("$rec")
		done
		for rec in "${GROUP[@]}"; do
			IFS=$'\t' read -r _ _ _ dat file <<<"$rec"
			describe "$dat" "$file"
			draw_depth "$dat"
			draw_nesting "$dat"
			draw_baseline "$dat"
			draw_dispatch "$dat"
		done
		# AXIS, from describe, holds for the whole group: one clock.
		draw_depth_kernels "$g"
		draw_perhop "$g"
	done
}
