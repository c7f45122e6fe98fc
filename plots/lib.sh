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
		if ! has "$dat" "figures $TYPE"; then
			note "$f skipped: its dat file says nothing of figures (made by an older tailbench: export it again)"
			continue
		fi
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

# entries: each entry's records (fold_kernels: a result and those folded
# into it), a line of indices into RECORDS each.
entries() {
	local k line=""
	for k in "${!RECORDS[@]}"; do
		unpack "${RECORDS[$k]}"
		if [ -z "$R_FOLDED" ] && [ -n "$line" ]; then
			echo "$line"
			line=""
		fi
		line+="${line:+ }$k"
	done
	[ -z "$line" ] || echo "$line"
}

# fold_same FUNC K...: whether FUNC NAME prints the same for every record
# K, all named by the first's entry (R_LABEL).
fold_same() {
	local f=$1 k name=""
	shift
	for k in "$@"; do
		unpack "${RECORDS[$k]}"
		[ -n "$name" ] || name=$R_LABEL
		"$f" "$name" >|"$WORK/fold.$k"
		cmp -s "$WORK/fold.$k" "$WORK/fold.$1" || return 1
	done
}

# fold_rows FUNC: FUNC's rows of every entry.  FUNC NAME prints the rows of
# the record unpacked, its kernel named NAME: an entry whose results all
# print the same is printed once under its range, else each result under
# its own kernel.
fold_rows() {
	local k members
	while read -r -a members; do
		if fold_same "$1" "${members[@]}"; then
			cat "$WORK/fold.${members[0]}"
			continue
		fi
		for k in "${members[@]}"; do
			unpack "${RECORDS[$k]}"
			"$1" "$R_KERNEL"
		done
	done < <(entries)
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
	# The record's name (a variant of a kernel is named as such), and
	# its entry's, which names the kernels folded into it.
	KERNEL=$R_KERNEL KLABEL=$R_LABEL
	ENV=$(meta "$1" env)
	[ "$(meta "$1" quick)" = 1 ] && quick=", quick run"
	SOURCE="$(basename -- "$2"): $(meta "$1" run.trials_done) trials$quick"
}

# What tailbench says each figure of --type shows: its figures block (a
# line per figure, fields apart by US, as figure_fields names them) and its
# series block (a line per series: FIGURE BLOCK TITLE COLOR DASH SLOT FITS
# SEGS).  plots/README.md has the columns.
FIGURE_FIELDS=(F_NAME F_SCOPE F_BY F_WHAT F_SKIP F_SET F_MIN F_KIND F_TITLE F_XLABEL F_YLABEL
	F_XCOL F_YCOL F_LOCOL F_HICOL F_XMAX F_LOGX F_XRANGE F_XTICS F_DODGE F_NSLOTS F_FOOT F_CAPTION)
figure_rows() {
	rows "$1" "figures $TYPE" sep=$'\x1f'
}

# figure_fields LINE: the F_* variables of a line of figures.
figure_fields() {
	IFS=$'\x1f' read -r "${FIGURE_FIELDS[@]}" <<<"$1"
}

# series_of DAT FIGURE: its series' lines, fields apart by US.
series_of() {
	rows "$1" "series $TYPE" sep=$'\x1f' key=figure val="$2" cols="block title color dash slot fits segs"
}

# add_figure_series DAT FIGURE [X TITLE COLOR]: the series tailbench gives
# the figure in DAT; X, and the TITLE and COLOR ("" keeps its own) of a
# kernel of a group figure.
add_figure_series() {
	local block title color dash slot fits segs
	while IFS=$'\x1f' read -r block title color dash slot fits segs; do
		add_series "$1" "$block" "${4-$title}" "${5:-$color}" "$dash" "${3:-0}" "$slot"
		S_FITS[-1]=$fits S_SEGS[-1]=$segs
	done < <(series_of "$1" "$2")
}

# draw_figure NAME TITLE FOOT [-e COMMAND]...: the series as the figure
# described by the F_* variables.
declare -A CAPTION_OF=()
draw_figure() {
	local name=$1 title=$2 foot=$3
	shift 3
	draw "$F_KIND.gp" "$name" XCOL="$F_XCOL" YCOL="$F_YCOL" LOCOL="$F_LOCOL" HICOL="$F_HICOL" \
		XMAX="$F_XMAX" LOGX="$F_LOGX" XRANGE="$F_XRANGE" XTICS="$F_XTICS" DODGE="$F_DODGE" \
		NSLOTS="$F_NSLOTS" XLABEL="$F_XLABEL" YLABEL="$F_YLABEL" TITLE="$title" FOOT="$foot" "$@"
	CAPTION_OF[$DIR/$name.png]=$F_CAPTION
}

# --- one result --------------------------------------------------------------

draw_result() {
	local line
	while IFS= read -r line; do
		figure_fields "$line"
		[ "$F_SCOPE" = result ] || continue
		reset_series
		add_figure_series "$1" "$F_NAME"
		if [ "$S_N" -eq 0 ]; then
			note "$F_WHAT of $KERNEL skipped: $F_SKIP ($TYPE)"
			continue
		fi
		draw_figure "$F_NAME-$KERNEL" "$F_TITLE: kernel $KLABEL ($ENV, $TYPE)" "$SOURCE. $F_FOOT"
	done < <(figure_rows "$1")
}

# --- the kernels of one group --------------------------------------------------

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

# draw_group G: the figures across the group's kernels, each kernel's
# series as its dat gives them, at its x (its entry's place); titled by the
# entry that has most series, with every entry's footer said once.
draw_group() {
	local g=$1 line rec k n most title foot kernels=() said=" " seen
	local firsts=() lasts=() tail="" i t
	for rec in "${GROUP[@]}"; do
		unpack "$rec"
		[ -z "$R_FOLDED" ] || continue
		firsts+=("${R_LABEL%% … *}") lasts+=("${R_LABEL#* … }")
	done
	# The end every entry's last kernel shares ("-cloud-amd64") is said once,
	# beneath: the shortest of those the first shares with each other.
	if [ ${#lasts[@]} -gt 1 ]; then
		tail=${lasts[0]}
		for i in "${lasts[@]:1}"; do
			t=${lasts[0]#"$(short_first "${lasts[0]}" "$i")"}
			[ ${#t} -ge ${#tail} ] || tail=$t
		done
	fi
	# One line a tick, so that slanted ticks side by side stay apart: a
	# folded entry's range as "FIRST … LAST", LAST short of what it shares
	# with FIRST up to a '.' or '-' ("6.12.43+deb12 … 117+deb13").
	for i in "${!lasts[@]}"; do
		t=${lasts[i]%"$tail"}
		if [ "${firsts[i]}" = "${lasts[i]}" ]; then
			kernels+=("$t")
			continue
		fi
		k=0
		while [ "${t:k:1}" = "${firsts[i]:k:1}" ] && [ $k -lt ${#t} ]; do k=$((k + 1)); done
		while [ $k -gt 0 ] && [[ ${t:k-1:1} != [.-] ]]; do k=$((k - 1)); done
		kernels+=("${firsts[i]} … ${t:k}")
	done
	unpack "${GROUP[0]}"
	while IFS= read -r line; do
		figure_fields "$line"
		[ "$F_SCOPE" = group ] || continue
		if [ ${#GROUP[@]} -lt "$F_MIN" ]; then
			[[ $said == *" $F_SET "* ]] ||
				note "$F_SET ($g) skipped: results of $([ ${#GROUP[@]} -eq 1 ] && echo "one kernel" || echo "${#GROUP[@]} kernels") only"
			said+="$F_SET "
			continue
		fi
		reset_series
		k=0 n=0 most=0 title="" foot="" seen=" "
		for rec in "${GROUP[@]}"; do
			unpack "$rec"
			[ -z "$R_FOLDED" ] || continue
			k=$((k + 1))
			local before=$S_N entry
			entry=$(figure_rows "$R_DAT" | awk -F'\x1f' -v f="$F_NAME" '$1 == f')
			if [ "$F_BY" = kernel ]; then
				add_figure_series "$R_DAT" "$F_NAME" "$k" "$R_LABEL" "$k"
			else
				add_figure_series "$R_DAT" "$F_NAME" "$k"
			fi
			[ "$S_N" -gt "$before" ] || continue
			n=$((n + 1))
			# (reads the entry's row into F_*; the figure's own fields are alike)
			figure_fields "$entry"
			[ $((S_N - before)) -le "$most" ] || { most=$((S_N - before)); title=$F_TITLE; }
			# A footer that says more than another (the fits' knees)
			# stands for it.
			if [[ $F_FOOT == "$foot"* ]]; then foot=$F_FOOT
			elif [[ $foot != *"$F_FOOT"* ]]; then foot+=" $F_FOOT"; fi
		done
		figure_fields "$line"
		# One legend entry per title.
		if [ "$F_BY" != kernel ]; then
			for i in "${!S_TITLES[@]}"; do
				if [[ $seen == *" ${S_TITLES[i]} "* ]]; then S_TITLES[i]=""
				else seen+="${S_TITLES[i]} "; fi
			done
		fi
		if [ "$n" -lt "$F_MIN" ] || [ "$S_N" -eq 0 ]; then
			note "$F_WHAT ($g) skipped: $F_SKIP ($TYPE)"
			continue
		fi
		draw_figure "$F_NAME" "${title:-$F_TITLE} (${g/-/, } clock, $TYPE)" "$(group_sources). $foot" \
			-e "$(gp_array KERNELS "${kernels[@]}"); XTAIL = $(gs "$tail")"
	done < <(figure_rows "$R_DAT")
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
			draw_result "$R_DAT"
		done
		draw_group "$g"
	done
}
