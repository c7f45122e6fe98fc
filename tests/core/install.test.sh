#!/usr/bin/env bash
# make install into a DESTDIR: the installed binary finds its own BPF objects
# and scenarios (not the tree's, not the current directory's), its man page
# renders, its bash completion offers the commands and their options, and
# make uninstall takes it all away again.
. "$(dirname "$0")/../lib.sh"
tmpdir
if ! command -v help2man >/dev/null; then
	skip "make install" "help2man is missing (./run.sh installs it)"
	exit 0
fi
root=$TMP/root prefix=/opt/tailbench
bin=$root$prefix/bin/tailbench
make -s -C "$TOP" install DESTDIR="$root" PREFIX="$prefix" >"$TMP/make" 2>&1
check "make install DESTDIR=... PREFIX=$prefix: exit 0" [ $? -eq 0 ]
check "it installs the binary, the objects, the scenarios, the man page and the completion" \
	test -x "$bin" -a -s "$root$prefix/share/tailbench/progs/chain_n0_s0.bpf.o" \
	-a -s "$root$prefix/share/tailbench/scenarios/chain.json" \
	-a -s "$root$prefix/share/man/man1/tailbench.1" \
	-a -s "$root$prefix/share/bash-completion/completions/tailbench"

# Away from the tree, with none of the test's own directories set.
installed() { (cd "$TMP" && env -u TB_OBJECTS -u TB_SCENARIOS "$bin" "$@"); }
check "the installed --version is the build's" \
	bash -c "[ \"\$(cd '$TMP' && '$bin' --version)\" = \"\$('$TB' --version)\" ]"
installed --help >"$TMP/out"
check "the installed --help: exit 0, the usage" bash -c "[ $? -eq 0 ] && grep -q '^usage: tailbench' '$TMP/out'"
installed run --check -s chain >"$TMP/out" 2>&1
check "the installed run --check -s chain: valid, from the installed scenarios" \
	bash -c "[ $? -eq 0 ] && grep -q 'cases: valid' '$TMP/out'"
installed list >"$TMP/out"
check "list names the installed scenarios' directory" \
	grep -qF "scenarios ($root$prefix/share/tailbench/scenarios):" "$TMP/out"

if command -v man >/dev/null; then
	MANWIDTH=80 man -l "$root$prefix/share/man/man1/tailbench.1" >"$TMP/man" 2>"$TMP/man.err"
	check "man -l renders the man page: its name, every command's usage" \
		bash -c "[ $? -eq 0 ] && grep -q '^NAME' '$TMP/man' && grep -q 'usage: tailbench compare' '$TMP/man' && grep -q 'usage: tailbench run' '$TMP/man'"
	check "the man page says the installed directories" grep -q "$prefix/share/tailbench/scenarios" "$TMP/man"
else
	skip "man -l renders the man page" "no man here"
fi

# complete WORDS...: what the installed completion offers for the last word.
complete_words() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _tailbench; echo "${COMPREPLY[*]}"' \
		_ "$root$prefix/share/bash-completion/completions/tailbench" "$@"
}
words=" $(complete_words tailbench '') "
check "completion: the commands, run and compare among them" \
	bash -c "[[ '$words' == *' run '* && '$words' == *' compare '* ]]"
check "completion: a command's options" [ "$(complete_words tailbench run --sc)" = --scenario ]
check "completion: a scenario's name after -s, past a global option" \
	[ "$(complete_words tailbench -v run -s nes)" = nesting ]
check "completion: no words where a file goes (bash completes files)" \
	[ -z "$(complete_words tailbench compare r)" ]

make -s -C "$TOP" uninstall DESTDIR="$root" PREFIX="$prefix" >"$TMP/make" 2>&1
check "make uninstall: exit 0, no file left" bash -c "[ $? -eq 0 ] && [ -z \"\$(find '$root' -type f)\" ]"
finish
