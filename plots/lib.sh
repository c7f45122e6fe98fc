# shellcheck shell=bash
# Shared by plots/plot.sh and plots/report.sh.  Result files are read only by
# `tailbench export --format dat`; this reads its gnuplot data (blocks named
# "# cases SCEN/BENCH/TYPE/MODE/nN/sS", "# fits SCEN/BENCH/TYPE/MODE/sS"...).
# A script sets CMD (its ./run.sh command), defines usage(), sources this,
# then calls parse_args "$@", load_results and draw_all.
#
# A result file is data, never code or a path: every string of it reaches
# gnuplot as a single-quoted literal (gnuplot substitutes nothing there, no
# `backquotes`), and output paths are made only of values that pass
# safe_record's whitelist.

PLOTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(dirname "$PLOTS_DIR")
TB=$TOP/build/tailbench
PROG=$(basename "$0")

OUT=$PLOTS_DIR/out
TYPE=xdp
FILES=()
PAGE=""	# report.sh -o FILE; "": a new name under OUT
RECORDS=()	# "group<TAB>kernel<TAB>time<TAB>N" (N: FILES[N], WORK/N.dat), by group, then kernel version
declare -A LABEL_OF=()	# N: the name of its entry in figures and tables ("A … B": folded)
declare -A FOLDED=()	# N: 1 when its result is folded into the entry before it
DRAWN=()	# the PNG of every figure drawn
NOTES=()	# what was skipped or failed, and why
FAILED=0

# The order and colours (common.gp's linetypes) of key modes and benches,
# and the benches' legends: what the dat file says of the suite (domain).
MODES=() BASELINE=() DISPATCH=()
declare -A TITLE_OF=()

# printable STRING: STRING with control characters (a file name may hold
# newlines or terminal escapes) as spaces.
printable() {
	printf '%s' "${1//[[:cntrl:]]/ }"
}

note() {
	local s
	s=$(printable "$*")
	NOTES+=("$s")
	printf '%s: %s\n' "$PROG" "$s" >&2
}

die() {
	printf '%s: %s\n' "$PROG" "$(printable "$1")" >&2
	exit "${2:-1}"
}

parse_args() {
	local args=() a f
	while [ $# -gt 0 ]; do
		case "$1" in
		--out) [ $# -ge 2 ] || die "--out needs a folder" 2; OUT=$2; shift 2 ;;
		--type) [ $# -ge 2 ] || die "--type needs xdp or tc" 2; TYPE=$2; shift 2 ;;
		-o)
			[ "$CMD" = report ] || { usage >&2; exit 2; }
			[ $# -ge 2 ] || die "-o needs a file" 2
			PAGE=$2
			[ ! -e "$PAGE" ] || die "$PAGE exists: a report is never overwritten (remove it, or name another)" 2
			shift 2 ;;
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

# families DAT KIND: "SCEN<TAB>BENCH<TAB>MODE<TAB>NEST<TAB>STACK<TAB>BLOCK" of
# every family of KIND (cases, fits) of programs of --type, as the rows of its
# blocks say (index.awk, made once per dat file).
families() {
	[ -e "$1.idx" ] || awk -f "$PLOTS_DIR/index.awk" "$1" >"$1.idx"
	awk -F'\t' -v OFS='\t' -v k="$2" -v t="$TYPE" '$1 == k && $4 == t { print $2, $3, $5, $6, $7, $8 }' "$1.idx"
}

# The names of figures and folders come from these; a file whose values
# fall outside is refused (an env of "../..", a kernel named "`cmd`").
SAFE_KERNEL='^[A-Za-z0-9][A-Za-z0-9._+~=,:-]*$'

# safe_record FILE ENV CLOCK KERNEL: true when they may name output paths,
# else false after saying why.
safe_record() {
	local why=""
	case "$2" in native | vm) ;; *) why="meta.env '$2' is neither native nor vm" ;; esac
	[[ $3 =~ ^[a-z]+$ ]] || why="meta.clock '$3' is not a word of small letters"
	[[ $4 =~ $SAFE_KERNEL ]] || why="meta.kernel '$4' holds characters a kernel release does not"
	[ -z "$why" ] && return 0
	note "$1 refused: $why"
	return 1
}

# Export every file; keep one result per kernel, variant and group, the
# newest (an older one is a rerun).  Variants of one kernel (the dat's
# meta.variant: a build label, the scenarios run, quick or full; boot
# options are in the kernel's name already) are drawn side by side, as
# KERNEL~VARIANT.
load_results() {
	local i f dat env clock kernel variant prev="" group time
	declare -A variants=()
	for i in "${!FILES[@]}"; do
		f=${FILES[$i]}
		dat=$WORK/$i.dat
		case "$f" in
		*.dat)
			# Already exported: taken as it is, when it is a dat file.
			if ! head -n 1 -- "$f" | grep -q '^# tailbench dat:' || ! cp -- "$f" "$dat"; then
				note "$f skipped: not the output of tailbench export --format dat"
				continue
			fi
			;;
		*)
			if ! "$TB" export --format dat -- "$f" >"$dat"; then
				note "$f skipped: not a result file (see above)"
				continue
			fi
			;;
		esac
		env=$(meta "$dat" env) clock=$(meta "$dat" clock) kernel=$(meta "$dat" kernel)
		safe_record "$f" "$env" "$clock" "$kernel" || continue
		# Different clocks, or native against VM, never share an axis;
		# kernels of one architecture sit together on it.
		# Fields apart by US, not a tab: read collapses empty tab-separated
		# fields (an export older than 'variant' has none).
		printf '%s-%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\n' "$env" "$clock" "$(meta "$dat" arch)" "$kernel" \
			"$(meta "$dat" variant)" "$(meta "$dat" time)" "$i" >>"$WORK/list"
	done
	[ -s "$WORK/list" ] || die "none of ${FILES[*]} is a result file that can be drawn" 2
	sort -t $'\x1f' -k1,1 -k2,2r -k3,3V -k4,4 -k5,5r "$WORK/list" >"$WORK/sorted"
	while IFS=$'\x1f' read -r group _ kernel variant _ _; do
		[[ ${variants["$group $kernel"]-} == *" $variant "* ]] ||
			variants["$group $kernel"]+=" $variant "
	done <"$WORK/sorted"
	while IFS=$'\x1f' read -r group _ kernel variant time i; do
		if [ "$group $kernel $variant" = "$prev" ]; then
			note "${FILES[$i]} left out: a newer result of kernel $kernel ($group) is plotted (same scenarios, quick or full, and build: a rerun)"
			continue
		fi
		prev="$group $kernel $variant"
		# Two variants of a kernel: each named by its own.
		if [ "$(wc -w <<<"${variants["$group $kernel"]}")" -gt 1 ]; then
			kernel+="~$variant"
			safe_record "${FILES[$i]}" "${group%%-*}" "${group#*-}" "$kernel" || continue
		fi
		RECORDS+=("$group"$'\t'"$kernel"$'\t'"$time"$'\t'"$i")
	done <"$WORK/sorted"
	fold_kernels
	unpack "${RECORDS[0]}"
	domain "$R_DAT"
}

# domain DAT: MODES, the benches by unit (hops: BASELINE, dispatch targets:
# DISPATCH) and their legends, from the dat's benches and key_modes blocks.
domain() {
	local name title unit
	has "$1" benches || die "$1 lacks the benches block: export it again with this build" 2
	while IFS=$'\t' read -r name title unit; do
		TITLE_OF[$name]=$title
		case "$unit" in
		hops) BASELINE+=("$name") ;;
		targets) DISPATCH+=("$name") ;;
		esac
	done < <(rows "$1" benches)
	mapfile -t MODES < <(rows "$1" key_modes)
}

# unpack RECORD: R_GROUP, R_KERNEL, R_DAT, R_FILE, R_I (its N), R_LABEL
# (its entry's name) and R_FOLDED of a record.
unpack() {
	IFS=$'\t' read -r R_GROUP R_KERNEL _ R_I <<<"$1"
	R_DAT=$WORK/$R_I.dat R_FILE=${FILES[$R_I]}
	R_LABEL=${LABEL_OF[$R_I]-$R_KERNEL} R_FOLDED=${FOLDED[$R_I]-}
}

# short_first FIRST LAST: FIRST without the end it shares with LAST from a
# "-" or "+" on ("-cloud-amd64", "+deb13-cloud-amd64").
short_first() {
	local a=$1 tail=""
	while [[ $a =~ ^(.+)([-+][^-+]*)$ ]] && [[ $2 == *"${BASH_REMATCH[2]}$tail" ]] &&
		[[ ${BASH_REMATCH[2]} == *[A-Za-z]* ]]; do
		tail=${BASH_REMATCH[2]}$tail
		a=${BASH_REMATCH[1]}
	done
	printf '%s' "$a"
}

# fold_kernels: neighbours of one group, architecture and series (6.1,
# 6.12...) whose per-hop counts are the same in every fit (the dat's
# meta.counts, made in C; exact clocks only) become one entry, named
# "FIRST … LAST" (FIRST without the flavour it shares with LAST, e.g.
# "6.1.0-30 … 6.1.0-50-cloud-amd64"): point releases that share their
# counts are one line.
fold_kernels() {
	local rec key prev="" lead="" first="" n=0 counts series
	for rec in "${RECORDS[@]}" end; do
		key=end
		if [ "$rec" != end ]; then
			unpack "$rec"
			counts=$(meta "$R_DAT" counts)
			series=$(grep -Eo '^[0-9]+\.[0-9]+' <<<"$R_KERNEL" || true)
			key="$R_GROUP $(meta "$R_DAT" arch) $series $counts"
		fi
		if [ -n "$counts" ] && [ "$key" = "$prev" ] && [ "$rec" != end ]; then
			FOLDED[$R_I]=1
			LABEL_OF[$lead]="$(short_first "$first" "$R_KERNEL") … $R_KERNEL"
			n=$((n + 1))
			continue
		fi
		[ $n -lt 2 ] || note "$n kernels folded into '${LABEL_OF[$lead]}': the same per-hop counts in every fit, their figures drawn once"
		[ "$rec" != end ] || break
		prev=$key lead=$R_I first=$R_KERNEL n=1
	done
}

# gs STRING: a gnuplot string literal.  Single-quoted, so that gnuplot
# substitutes nothing in it; a quote in it is doubled.
gs() {
	local s
	s=$(printable "$1")
	printf "'%s'" "${s//\'/\'\'}"
}

# A figure's series: parallel arrays, gnuplot arrays of the same names in
# the scripts.  FITS and SEGS: the fits and segments blocks whose lines a
# depth figure draws ('' for none).
reset_series() {
	S_DATS=() S_BLOCKS=() S_TITLES=() S_COLORS=() S_DASHES=() S_XS=() S_SLOTS=()
	S_FITS=() S_SEGS=()
	S_N=0
}

# add_series DAT BLOCK TITLE COLOR [DASH [X SLOT]]
add_series() {
	S_DATS+=("$1") S_BLOCKS+=("$2") S_TITLES+=("$3") S_COLORS+=("$4")
	S_DASHES+=("${5:-1}") S_XS+=("${6:-0}") S_SLOTS+=("${7:-0}")
	S_FITS+=("") S_SEGS+=("")
	S_N=$((S_N + 1))
}

# add_fit: the last series' fits block and, when its fit has segments,
# their block (contract: "segments SCEN/BENCH/TYPE/MODE/nN/sS").
add_fit() {
	local i=$((S_N - 1)) dat=${S_DATS[$((S_N - 1))]} block=${S_BLOCKS[$((S_N - 1))]}
	local family=${block#cases }
	local fits="fits ${family%/n*/*}/${family##*/}"
	has "$dat" "$fits" && S_FITS[i]=$fits
	has "$dat" "segments $family" && S_SEGS[i]="segments $family"
	return 0
}

# gp_array NAME VALUE...: a gnuplot command making the array.
gp_array() {
	local name=$1 v sep="" s
	shift
	s="array ${name}[$#] = ["
	for v in "$@"; do
		s+="$sep$(gs "$v")"
		sep=", "
	done
	printf '%s]' "$s"
}

# gs_lines STRING: a gnuplot string of STRING wrapped at spaces into lines
# that fit the narrowest figure's width at the footer's font (a footer
# naming several result files ran off the right edge).
FOOT_CHARS=140
gs_lines() {
	local line expr=""
	while IFS= read -r line || [ -n "$line" ]; do
		expr+="${expr:+.\"\\n\".}$(gs "${line% }")"
	done < <(printable "$1" | fold -s -w "$FOOT_CHARS")
	[ -n "$expr" ] || expr="''"
	printf '%s' "$expr"
}

# draw SCRIPT NAME [VAR=VALUE | -e COMMAND]...: the series as $DIR/NAME.png
# and .svg; a VALUE becomes a gnuplot string (FOOT one wrapped into lines),
# a COMMAND goes as it is.
draw() {
	local script=$1 name=$2 kv
	shift 2
	local gpargs=(-e "PLOTS=$(gs "$PLOTS_DIR/"); OUT=$(gs "$DIR/$name"); n=$S_N"
		-e "$(gp_array DATS "${S_DATS[@]}"); $(gp_array BLOCKS "${S_BLOCKS[@]}")"
		-e "$(gp_array TITLES "${S_TITLES[@]}"); $(gp_array FITS "${S_FITS[@]}")"
		-e "$(gp_array SEGS "${S_SEGS[@]}")"
		-e "array COLORS[$S_N] = [$(IFS=,; echo "${S_COLORS[*]}")]"
		-e "array DASHES[$S_N] = [$(IFS=,; echo "${S_DASHES[*]}")]"
		-e "array XS[$S_N] = [$(IFS=,; echo "${S_XS[*]}")]"
		-e "array SLOTS[$S_N] = [$(IFS=,; echo "${S_SLOTS[*]}")]")
	while [ $# -gt 0 ]; do
		if [ "$1" = -e ]; then
			gpargs+=(-e "$2")
			shift 2
		elif [ "${1%%=*}" = FOOT ]; then
			gpargs+=(-e "FOOT=$(gs_lines "${1#*=}")")
			shift
		else
			gpargs+=(-e "${1%%=*}=$(gs "${1#*=}")")
			shift
		fi
	done
	local status=0
	gnuplot "${gpargs[@]}" "$PLOTS_DIR/$script" 2>"$WORK/gnuplot.err" || status=$?
	while IFS= read -r kv; do
		[ -z "$kv" ] || printf '%s: %s: %s\n' "$PROG" "$name" "$(printable "$kv")" >&2
	done <"$WORK/gnuplot.err"
	if [ $status -eq 0 ] && [ -s "$DIR/$name.png" ] && [ -s "$DIR/$name.svg" ]; then
		DRAWN+=("$DIR/$name.png")
	else
		note "$name FAILED: gnuplot could not draw it (its words above)"
		FAILED=1
	fi
}

# describe DAT FILE: what every figure of one result states (after unpack).
describe() {
	local quick=""
	AXIS=$(meta "$1" axis)
	# What a point of a run's cost is: see cmd/export_dat.c's "figure".
	if [ "$(meta "$1" clock)" = insns ]; then
		POINTS="Points: the count the trials agreed on; bars: first to third quartile."
	else
		POINTS="Points: median of the trials; bars: first to third quartile."
	fi
	# The record's name (a variant of a kernel is named as such), and
	# its entry's, which names the kernels folded into it.
	KERNEL=$R_KERNEL KLABEL=$R_LABEL
	ENV=$(meta "$1" env)
	[ "$(meta "$1" quick)" = 1 ] && quick=", quick run"
	SOURCE="$(basename -- "$2"): $(meta "$1" run.trials_done) trials$quick"
	INTERVAL=$(meta "$1" interval)
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
		block=$(families "$dat" cases | awk -F'\t' -v s="$scen" -v b="$b" \
			'$1 == s && $2 == b && $4 == 0 && $5 == 0 { print $6; exit }')
		[ -n "$block" ] && add_series "$dat" "$block" "${TITLE_OF[$b]}" "$(index_of "$b" "$@")"
	done
	return 0
}

# draw_cost NAME TITLE XLABEL SOURCE AXIS-SETTINGS...: the cost of one run
# (its figure), with quartile bars, against depth.
draw_cost() {
	local name=$1 title=$2 xlabel=$3 foot="$4. $POINTS"
	shift 4
	[ -n "$(printf %s "${S_FITS[@]}")" ] && foot+=" Lines: per-hop fits."
	[ -n "$(printf %s "${S_SEGS[@]}")" ] && foot+=" Circles: knees."
	draw lines.gp "$name" XCOL=depth YCOL=figure LOCOL=q1 HICOL=q3 "$@" TITLE="$title" \
		XLABEL="$xlabel" YLABEL="cost of one run, $AXIS" FOOT="$foot"
}

# The axis of chains: 0..33 tail calls (34 is the limit case, not a chain).
CHAIN_AXIS=(XMAX=33 LOGX=0 "XRANGE=[-1:34]" "XTICS=0,3,33" DODGE=0.2)

# chain_block DAT MODE: the chain's cases block of that key mode, if measured.
chain_block() {
	families "$1" cases | awk -F'\t' -v m="$2" \
		'$1 == "chain" && $2 == "tailcall" && $3 == m && $4 == 0 && $5 == 0 { print $6; exit }'
}

draw_depth() {
	local dat=$1 m block
	reset_series
	for m in "${MODES[@]}"; do
		block=$(chain_block "$dat" "$m")
		[ -n "$block" ] || continue
		add_series "$dat" "$block" "$m key" "$(index_of "$m" "${MODES[@]}")"
		add_fit
	done
	skipped "depth plot" "no chain scenario case" && return
	draw_cost "depth-$KERNEL" "Cost against chain depth: kernel $KLABEL ($ENV, $TYPE)" \
		"tail calls in the chain (depth)" "$SOURCE" "${CHAIN_AXIS[@]}"
}

draw_nesting() {
	local dat=$1 rows stacks=() nmodes scen mode s block title
	reset_series
	# The tail-call fits of scenarios that fitted at a nest > 0, every frame
	# size of them (a size the verifier refused beyond nest 0 still shows),
	# by frame size, then key mode in MODES order.
	rows=$(families "$dat" fits | awk -F'\t' -v modes=" ${MODES[*]} " '
		$2 == "tailcall" { fit[$6] = $1 "\t" $3 "\t" $5 "\t" index(modes, " " $3 " ") }
		$2 == "tailcall" && $4 > 0 { nested[$1] = 1 }
		END { for (b in fit) { split(fit[b], f, "\t"); if (f[1] in nested) print fit[b] "\t" b } }' |
		sort -t $'\t' -k3,3n -k4,4n)
	mapfile -t stacks < <(cut -f3 <<<"$rows" | uniq)
	nmodes=$(cut -f2 <<<"$rows" | sort -u | wc -l)
	while IFS=$'\t' read -r scen mode s _ block; do
		[ -n "$scen" ] || continue
		title="$s bytes per frame"
		[ "$nmodes" -gt 1 ] && title+=", $mode key"
		add_series "$dat" "$block" "$title" \
			"$(index_of "$s" "${stacks[@]}")" "$(index_of "$mode" "${MODES[@]}")"
	done <<<"$rows"
	skipped "nesting plot" "no case with nest > 0" && return
	draw lines.gp "nesting-$KERNEL" XCOL=nest YCOL=per_hop LOCOL=ci_low HICOL=ci_high XMAX=7 \
		LOGX=0 XRANGE="[-0.5:7.5]" XTICS="0,1,7" DODGE=0.06 \
		TITLE="Per-hop cost against bpf2bpf nesting: kernel $KLABEL ($ENV, $TYPE)" \
		XLABEL="nesting depth of the subprogram issuing the tail calls" \
		YLABEL="cost per tail call, $AXIS" \
		FOOT="$SOURCE. Slope over depths 0..33, bars: ${INTERVAL:-95% CI, kind not recorded}; no point: the verifier refused it."
}

draw_baseline() {
	bench_series "$1" baseline "${BASELINE[@]}"
	skipped "baseline plot" "no baseline scenario case" && return
	draw baseline.gp "baseline-$KERNEL" UNIT="$AXIS" \
		TITLE="Tail calls against bpf2bpf calls and inlined code: kernel $KLABEL ($ENV, $TYPE)" \
		FOOT="$SOURCE. Run cost: ${POINTS#Points: } Sizes as the kernel reports them."
}

draw_dispatch() {
	bench_series "$1" dispatch "${DISPATCH[@]}"
	skipped "dispatch plot" "no dispatch scenario case" && return
	draw_cost "dispatch-$KERNEL" "Dispatch to the last of M targets: kernel $KLABEL ($ENV, $TYPE)" \
		"targets M" "$SOURCE" XMAX=64 LOGX=1 "XRANGE=[0.7:90]" "XTICS=1,2,64" DODGE=0.03
}

# --- the kernels of one group --------------------------------------------------

# group_sources: what the figures of a group came from, for a footer.
# group_intervals: the kinds of the group's intervals (the dat's meta
# interval), each once.
group_intervals() {
	local rec kind kinds=""
	for rec in "${GROUP[@]}"; do
		unpack "$rec"
		kind=$(meta "$R_DAT" interval)
		kind=${kind:-95% CI, kind not recorded}
		[[ "; $kinds; " == *"; $kind; "* ]] || kinds+="${kinds:+; }$kind"
	done
	echo "$kinds"
}

group_sources() {
	local rec names=""
	for rec in "${GROUP[@]}"; do
		unpack "$rec"
		names+="${names:+, }$(basename -- "$R_FILE")"
	done
	# Two footer lines at most; the report lists them all.
	[ ${#names} -le $((2 * FOOT_CHARS - 60)) ] || names="${#GROUP[@]} result files"
	echo "$names"
}

draw_depth_kernels() {
	local g=$1 m rec block k
	if [ ${#GROUP[@]} -lt 2 ]; then
		note "depth plots across kernels ($g) skipped: results of one kernel only"
		return
	fi
	for m in "${MODES[@]}"; do
		reset_series
		k=0
		for rec in "${GROUP[@]}"; do
			unpack "$rec"
			[ -z "$R_FOLDED" ] || continue
			k=$((k + 1))
			block=$(chain_block "$R_DAT" "$m")
			[ -n "$block" ] || continue
			add_series "$R_DAT" "$block" "$R_LABEL" "$k"
			add_fit
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

# The per-hop fit of a slot of the per-hop plot: a key mode, or gotox (the
# same hops joined by indirect jumps, of the baseline scenario).
perhop_block() {
	[ "$1" = gotox ] && echo "fits baseline/gotox_chain/$TYPE/static/s0" ||
		echo "fits chain/tailcall/$TYPE/$1/s0"
}

draw_perhop() {
	local g=$1 rec m i k=0 kernels=() lasts=() block title what seen=" " slots=("${MODES[@]}" gotox)
	reset_series
	for rec in "${GROUP[@]}"; do
		unpack "$rec"
		[ -z "$R_FOLDED" ] || continue
		k=$((k + 1))
		# A folded entry's tick: "FIRST …" over "LAST", so that ranges
		# side by side do not run into each other.
		kernels+=("${R_LABEL%% … *}") lasts+=("")
		[ "$R_LABEL" = "${kernels[-1]}" ] || { kernels[-1]+=" …"; lasts[-1]=${R_LABEL#* … }; }
		for m in "${slots[@]}"; do
			block=$(perhop_block "$m")
			has "$R_DAT" "$block" || continue
			# One legend entry per slot.
			if [[ $seen == *" $m "* ]]; then title=""
			elif [ "$m" = gotox ]; then title="indirect jump (gotox)"
			else title="$m key"; fi
			seen+="$m "
			i=$(index_of "$m" "${slots[@]}")
			add_series "$R_DAT" "$block" "$title" "$i" 1 "$k" "$i"
		done
	done
	if [ "$S_N" -eq 0 ]; then
		note "per-hop plot by kernel ($g) skipped: no fit of the chain scenario ($TYPE)"
		return
	fi
	# The title promises indirect jumps only where a kernel ran them.
	what="Per-hop cost of a tail call"
	[[ $seen == *" gotox "* ]] && what+=", and of an indirect jump,"
	draw perhop.gp perhop-kernels NSLOTS=${#slots[@]} \
		TITLE="$what by kernel (${g/-/, } clock, $TYPE)" \
		YLABEL="cost per hop, $AXIS" \
		FOOT="$(group_sources). Points: slope over depths 0..33; bars: $(group_intervals)." \
		-e "$(gp_array KERNELS "${kernels[@]}"); $(gp_array LASTS "${lasts[@]}")"
}

# Every figure of every group: $OUT/<env>-<clock>/NAME.png and .svg.
draw_all() {
	local g rec groups
	mapfile -t groups < <(printf '%s\n' "${RECORDS[@]}" | cut -f1 | uniq)
	for g in "${groups[@]}"; do
		DIR=$OUT/$g
		mkdir -p "$DIR" || die "cannot create $DIR"
		# The folder holds this run's figures only.
		rm -f "$DIR"/*.png "$DIR"/*.svg
		GROUP=()
		for rec in "${RECORDS[@]}"; do
			[ "${rec%%$'\t'*}" = "$g" ] && GROUP+=("$rec")
		done
		for rec in "${GROUP[@]}"; do
			unpack "$rec"
			[ -z "$R_FOLDED" ] || continue
			describe "$R_DAT" "$R_FILE"
			draw_depth "$R_DAT"
			draw_nesting "$R_DAT"
			draw_baseline "$R_DAT"
			draw_dispatch "$R_DAT"
		done
		# AXIS, from describe, holds for the whole group: one clock.
		draw_depth_kernels "$g"
		draw_perhop "$g"
	done
}
