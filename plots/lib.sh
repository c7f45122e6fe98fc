# Shared by plots/plot.sh and plots/report.sh: options, result files turned
# into gnuplot data by `tailbench export --format dat` (the only reader of the
# JSON), grouping by clock, and drawing.  Source it, define usage(), then
# call parse_args "$@", load_results and draw_all.

PLOTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(dirname "$PLOTS_DIR")
TB=$TOP/build/tailbench
PROG=$(basename "$0")

OUT=$PLOTS_DIR/out
TYPE=xdp
ARGS=()
FILES=()
RECORDS=()	# "group<TAB>kernel<TAB>time<TAB>dat<TAB>file", by group, then kernel version
DRAWN=()	# PNG paths
NOTES=()	# what was skipped, and why
FAILED=0

# Key modes, benches and frame sizes in the order plots list them, with their
# colours (linetypes of common.gp).
MODES=(static dynamic poisoned)
BASELINE=(tailcall tailcall_percpu bpf2bpf bpf2bpf_args inline)
declare -A BENCH_TITLE=(
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
	while [ $# -gt 0 ]; do
		case "$1" in
		--out) [ $# -ge 2 ] || die "--out needs a folder" 2; OUT=$2; shift 2 ;;
		--type) [ $# -ge 2 ] || die "--type needs xdp or tc" 2; TYPE=$2; shift 2 ;;
		-h | --help) usage; exit 0 ;;
		-*) usage >&2; exit 2 ;;
		*) ARGS+=("$1"); shift ;;
		esac
	done
	case "$TYPE" in xdp | tc) ;; *) die "--type $TYPE: xdp or tc" 2 ;; esac
	[ ${#ARGS[@]} -gt 0 ] || ARGS=("$TOP/results")
	local a f
	for a in "${ARGS[@]}"; do
		if [ -d "$a" ]; then
			for f in "$a"/*.json; do [ -e "$f" ] && FILES+=("$f"); done
		else
			FILES+=("$a")
		fi
	done
	[ ${#FILES[@]} -gt 0 ] ||
		die "no result files in ${ARGS[*]}: make some with ./run.sh (the whole suite) or build/tailbench run" 2
	[ -x "$TB" ] || die "$TB missing: build it with make (or ./run.sh $PROG_CMD)"
	command -v gnuplot >/dev/null ||
		die "gnuplot not found: ./run.sh $PROG_CMD installs it (Debian package gnuplot-nox)"
	WORK=$(mktemp -d)
	trap 'rm -rf "$WORK"' EXIT
}

# meta DAT KEY: one value of the dat file's meta block, unquoted.
meta() {
	awk -v k="$2" '$0 == "# meta" { m = 1; next }
		m && $0 == "" { exit }
		m && $1 == k { sub(/^[^ ]+ /, ""); gsub(/^"|"$/, ""); print; exit }' "$1"
}

# has DAT BLOCK: the dat file has that block.
has() {
	grep -qxF "# $2" "$1"
}

# blocks DAT REGEX: names of the blocks matching an extended regex.
blocks() {
	sed -n 's/^# //p' "$1" | grep -E "^($2)\$" || true
}

# Export every file; keep one result per kernel and clock group, the newest.
load_results() {
	local i=0 f dat list prev="" line group kernel
	for f in "${FILES[@]}"; do
		i=$((i + 1))
		dat=$WORK/$i.dat
		if ! "$TB" export --format dat "$f" >"$dat"; then
			note "$f skipped: not a result file this can read (see above)"
			continue
		fi
		# Figures of different clocks, or native against VM, never share an axis.
		printf '%s-%s\t%s\t%s\t%s\t%s\n' "$(meta "$dat" env)" "$(meta "$dat" clock)" \
			"$(meta "$dat" kernel)" "$(meta "$dat" time)" "$dat" "$f" >>"$WORK/list"
	done
	[ -s "$WORK/list" ] || die "no readable result file among ${FILES[*]}" 2
	list=$(sort -t $'\t' -k1,1 -k2,2V -k3,3r "$WORK/list")
	while IFS= read -r line; do
		IFS=$'\t' read -r group kernel _ _ f <<<"$line"
		if [ "$group $kernel" = "$prev" ]; then
			note "$f left out: a newer result of kernel $kernel ($group) is plotted"
			continue
		fi
		prev="$group $kernel"
		RECORDS+=("$line")
	done <<<"$list"
}

# gq STRING: a gnuplot string literal.
gq() {
	local s=${1//\\/\\\\}
	printf '"%s"' "${s//\"/\\\"}"
}

# Series of a plot: parallel word lists handed to the gnuplot scripts.
reset_series() {
	S_DATS="" S_BLOCKS="" S_TITLES="" S_COLORS="" S_DASHES="" S_XS="" S_SLOTS="" S_N=0
}

# add_series DAT BLOCK TITLE COLOR [DASH [X SLOT]]
add_series() {
	S_DATS+=" \"$1\"" S_BLOCKS+=" \"$2\"" S_TITLES+=" \"$3\"" S_COLORS+=" $4"
	S_DASHES+=" ${5:-1}" S_XS+=" ${6:-0}" S_SLOTS+=" ${7:-0}"
	S_N=$((S_N + 1))
}

# draw SCRIPT NAME VAR=VALUE...: one figure, NAME.png and NAME.svg in $DIR.
draw() {
	local script=$1 name=$2 kv
	shift 2
	local gpargs=(-e "PLOTS=$(gq "$PLOTS_DIR/")" -e "OUT=$(gq "$DIR/$name")"
		-e "DATS=$(gq "$S_DATS")" -e "BLOCKS=$(gq "$S_BLOCKS")" -e "TITLES=$(gq "$S_TITLES")"
		-e "COLORS=$(gq "$S_COLORS")" -e "DASHES=$(gq "$S_DASHES")" -e "XS=$(gq "$S_XS")"
		-e "SLOTS=$(gq "$S_SLOTS")")
	for kv in "$@"; do
		gpargs+=(-e "${kv%%=*}=$(gq "${kv#*=}")")
	done
	if gnuplot "${gpargs[@]}" "$PLOTS_DIR/$script" 2>"$WORK/gnuplot.err" &&
		[ -s "$DIR/$name.png" ] && [ -s "$DIR/$name.svg" ]; then
		DRAWN+=("$DIR/$name.png")
	else
		note "$name FAILED: gnuplot said: $(tr '\n' ' ' <"$WORK/gnuplot.err")"
		FAILED=1
	fi
	[ -s "$WORK/gnuplot.err" ] && sed "s/^/$PROG: $name: /" "$WORK/gnuplot.err" >&2
	return 0
}

# The words every figure of one result shows: its axis, source and kernel.
describe() {
	local dat=$1 file=$2 quick
	AXIS=$(meta "$dat" axis)
	KERNEL=$(meta "$dat" kernel)
	ENV=$(meta "$dat" env)
	[ "$(meta "$dat" quick)" = 1 ] && quick=", quick" || quick=""
	SOURCE="$(basename "$file"): $(meta "$dat" run.trials_done) trials$quick"
}

draw_depth() {
	local dat=$1 m c=0
	reset_series
	for m in "${MODES[@]}"; do
		c=$((c + 1))
		has "$dat" "cases chain/tailcall/$TYPE/$m/n0/s0" &&
			add_series "$dat" "cases chain/tailcall/$TYPE/$m/n0/s0" "$m key" "$c"
	done
	if [ "$S_N" -eq 0 ]; then
		note "depth plot for $KERNEL skipped: no chain scenario cases ($TYPE, nest 0, no frame stack)"
		return
	fi
	draw lines.gp "depth-$KERNEL" XCOL=depth YCOL=median LOCOL=q1 HICOL=q3 \
		XMAX=33 XRANGE="[-1:34]" XTICS="0,3,33" LOGX=0 DODGE=0.2 \
		TITLE="Cost against chain depth, by key mode: kernel $KERNEL ($ENV, $TYPE)" \
		XLABEL="tail calls in the chain (depth)" YLABEL="cost of one run, $AXIS" \
		FOOT="$SOURCE. Points: median of the trials; bars: first to third quartile."
}

draw_nesting() {
	local dat=$1 scen fam m s c=0 stacks=() nm
	scen=$(blocks "$dat" "cases [^/]+/tailcall/$TYPE/[^/]+/n[1-9]/s[0-9]+" | cut -d' ' -f2 |
		cut -d/ -f1 | sort -u)
	if [ -z "$scen" ]; then
		note "nesting plot for $KERNEL skipped: no case with nest > 0 ($TYPE)"
		return
	fi
	reset_series
	mapfile -t stacks < <(blocks "$dat" "fits ($(echo $scen | tr ' ' '|'))/tailcall/$TYPE/[^/]+/s[0-9]+" |
		sed 's/.*\/s//' | sort -nu)
	nm=$(blocks "$dat" "fits ($(echo $scen | tr ' ' '|'))/tailcall/$TYPE/[^/]+/s[0-9]+" |
		cut -d/ -f4 | sort -u | wc -l)
	for s in "${stacks[@]}"; do
		c=$((c + 1))
		for m in "${MODES[@]}"; do
			for fam in $(blocks "$dat" "fits ($(echo $scen | tr ' ' '|'))/tailcall/$TYPE/$m/s$s"); do
				:
			done
		done
	done
}

# One figure per result file, then those across the kernels of a group.
draw_all() {
	local g groups rec dat file kernel
	groups=$(printf '%s\n' "${RECORDS[@]}" | cut -f1 | uniq)
	for g in $groups; do
		DIR=$OUT/$g
		mkdir -p "$DIR"
		rm -f "$DIR"/*.png "$DIR"/*.svg
		for rec in "${RECORDS[@]}"; do
			[ "${rec%%$'\t'*}" = "$g" ] || continue
			IFS=$'\t' read -r _ kernel _ dat file <<<"$rec"
			describe "$dat" "$file"
			draw_depth "$dat"
		done
	done
}
