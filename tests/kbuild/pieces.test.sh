#!/usr/bin/env bash
# build-kernel and patch-compare without building a kernel: the config
# fragment and its overlays for other series, patches applied and refused,
# labels, command lines, and a whole build.sh run on a small fake tree whose
# Makefile stands in for kbuild.  Everything, the cache included, lies
# under a path with a space in it.
. "$(dirname "$0")/../lib.sh"
tmpdir
mkdir "$TMP/with space"
TMP="$TMP/with space"
KB="$TOP/harness/kbuild"
export TB_KBUILD_CACHE="$TMP/cache"
. "$KB/lib.sh"

# said STATUS TEXT CMD...: CMD exits with STATUS, saying TEXT on stderr.
said() {
	local want=$1 text=$2 rc=0
	shift 2
	"$@" >"$TMP/out" 2>"$TMP/err" || rc=$?
	[ "$rc" -eq "$want" ] && grep -qF -- "$text" "$TMP/err"
}

# --- the fragment ----------------------------------------------------------------

check "the fragment is well-formed: CONFIG_NAME=VALUE, each once" kb_fragment_lint "$KB_FRAGMENT"
# What the guest's /init and payload use (harness/vm/init): without any of
# these the guest cannot boot, run tailbench or send its result.
for sym in BLK_DEV_INITRD RD_GZIP BINFMT_ELF BINFMT_SCRIPT PROC_FS SYSFS DEVTMPFS TMPFS \
	SERIAL_8250 SERIAL_8250_CONSOLE ACPI PCI BPF_SYSCALL BPF_JIT NET PERF_EVENTS; do
	check "the fragment sets CONFIG_$sym=y" grep -qx "CONFIG_$sym=y" "$KB_FRAGMENT"
done
printf 'CONFIG_A=y\nCONFIG_B=maybe\n' >"$TMP/bad.config"
check "lint refuses a value that is not one" said 1 "CONFIG_B=maybe" kb_fragment_lint "$TMP/bad.config"
printf 'CONFIG_A=y\n# a comment\nCONFIG_A=n\n' >"$TMP/dup.config"
check "lint refuses a symbol set twice" said 1 "set more than once: CONFIG_A" kb_fragment_lint "$TMP/dup.config"
printf 'CONFIG_A=y\nCONFIG_B=n\nCONFIG_C=y\n' >"$TMP/frag"
printf 'CONFIG_A=y\n# CONFIG_B is not set\nCONFIG_C=y\n' >"$TMP/held"
check "a fragment that holds is accepted" kb_fragment_held "$TMP/frag" "$TMP/held"
printf 'CONFIG_A=y\nCONFIG_B=y\n' >"$TMP/dropped"
check "settings Kconfig dropped or changed are named" \
	said 1 "CONFIG_B=n CONFIG_C=y" kb_fragment_held "$TMP/frag" "$TMP/dropped"

# --- the overlays of other series ---------------------------------------------------

# for_series SERIES: the fragment build.sh uses for that series, in a file.
for_series() {
	local overlay out=$TMP/fragment-$1
	overlay=$(kb_fragment_overlay "$KB_FRAGMENT" "$1") || { echo "$KB_FRAGMENT"; return; }
	kb_fragment_merge "$KB_FRAGMENT" "$overlay" >"$out" && echo "$out"
}
check "6.12 has no overlay: the fragment as it is" [ "$(for_series 6.12)" = "$KB_FRAGMENT" ]
check "6.1 has an overlay" [ -n "$(kb_fragment_overlay "$KB_FRAGMENT" 6.1)" ]
check "the fragment for 6.1 is well-formed" kb_fragment_lint "$(for_series 6.1)"
# The .configs that allnoconfig with these fragments made (fixtures/kbuild,
# copied from .cache/kbuild/build/SERIES/.config).
F=$TOP/tests/fixtures/kbuild
check "the fragment holds in 6.12.117's .config" kb_fragment_held "$(for_series 6.12)" "$F/config-6.12.117"
check "the fragment alone does not hold in 6.1.192's (6.1 names the option RETPOLINE)" \
	said 1 "CONFIG_MITIGATION_RETPOLINE=y" kb_fragment_held "$KB_FRAGMENT" "$F/config-6.1.192"
check "the fragment with its 6.1 overlay holds in 6.1.192's .config" \
	kb_fragment_held "$(for_series 6.1)" "$F/config-6.1.192"
check "... retpolines included" grep -qx CONFIG_RETPOLINE=y "$(for_series 6.1)"
# s390x's fragment (build-kernel --arch s390x): z196, which the JIT needs,
# and the machine's SCLP consoles; 6.1's BPF_JIT needs MODULES there too.
S390=$KB/s390x.config
check "the s390x fragment is well-formed" kb_fragment_lint "$S390"
for sym in MARCH_Z196 BLK_DEV_INITRD RD_GZIP PROC_FS SYSFS DEVTMPFS TMPFS SCLP_CONSOLE \
	SCLP_VT220_TTY BPF_SYSCALL BPF_JIT NET PERF_EVENTS; do
	check "the s390x fragment sets CONFIG_$sym=y" grep -qx "CONFIG_$sym=y" "$S390"
done
check "the s390x fragment holds in 6.12.118's s390 .config" kb_fragment_held "$S390" "$F/config-6.12.118-s390x"
kb_fragment_merge "$S390" "$(kb_fragment_overlay "$S390" 6.1)" >"$TMP/s390x-6.1.config"
check "the s390x fragment with its 6.1 overlay holds in 6.1.192's s390 .config" \
	kb_fragment_held "$TMP/s390x-6.1.config" "$F/config-6.1.192-s390x"
check "... alone it does not (6.1's BPF_JIT depends on MODULES)" \
	said 1 "CONFIG_BPF_JIT=y" kb_fragment_held "$S390" <(grep -v '^CONFIG_MODULES=' "$F/config-6.1.192-s390x" | sed 's/^CONFIG_BPF_JIT.*//')
printf 'CONFIG_A=y\nCONFIG_AB=y\nCONFIG_C=n\n' >"$TMP/base.config"
printf '# c\ndrop CONFIG_A\nCONFIG_C=y\nCONFIG_D=y\n' >"$TMP/base-1.0.config"
check "an overlay drops, replaces and adds settings, names matched whole" \
	bash -c "$(declare -f kb_fragment_merge kb_fragment_lines say); kb_fragment_merge '$TMP/base.config' '$TMP/base-1.0.config' |
		diff - <(printf 'CONFIG_AB=y\nCONFIG_C=y\nCONFIG_D=y\n')"
printf 'drop CONFIG_Z\n' >"$TMP/base-1.1.config"
check "an overlay that drops what the base does not set is refused" \
	said 1 "drops CONFIG_Z, which $TMP/base.config does not set" kb_fragment_merge "$TMP/base.config" "$TMP/base-1.1.config"
printf 'remove CONFIG_A\n' >"$TMP/base-1.2.config"
check "an overlay line of neither kind is refused" \
	said 1 "neither CONFIG_NAME=VALUE nor drop CONFIG_NAME: remove CONFIG_A" \
	kb_fragment_merge "$TMP/base.config" "$TMP/base-1.2.config"

# Every symbol is one of the packaged kernel's, where one is unpacked.
for tree in "$TOP"/.cache/kbuild/src/linux-source-*; do
	[ -d "$tree/arch/x86" ] || continue
	grep -rhoE --include='Kconfig*' '^[[:space:]]*(menu)?config [A-Z0-9_]+' "$tree" |
		awk '{ print $2 }' | sort -u >"$TMP/symbols"
	unknown=$(kb_fragment_lines "$(for_series "${tree##*-}")" | sed 's/^CONFIG_\([A-Z0-9_]*\)=.*/\1/' | sort |
		comm -23 - "$TMP/symbols" | tr '\n' ' ')
	check "every symbol of the fragment is a Kconfig symbol of $(basename "$tree")${unknown:+ (unknown: $unknown)}" \
		[ -z "$unknown" ]
	# The example patch, or its version for this series, applies to it
	# (unless a patched build has the tree now).
	series=${tree##*-}
	example=$KB/patches/tailcall-direct-nop.patch
	[ -f "$KB/patches/$series/tailcall-direct-nop.patch" ] && example=$KB/patches/$series/tailcall-direct-nop.patch
	if [ -d "$TOP/.cache/kbuild/build/$series/.tailbench-patches" ]; then
		skip "the example patch on $(basename "$tree")" "a patched build has the tree now"
	else
		check "${example#"$KB"/} applies to $(basename "$tree") without fuzz" \
			bash -c "patch -p1 --dry-run -s -f -F0 -d '$tree' <'$example'"
	fi
	checked=1
done
[ -n "${checked:-}" ] || skip "the fragment's symbols against a kernel's Kconfig" \
	"no linux-source unpacked in .cache/kbuild/src (./run.sh build-kernel --series 6.12 does it)"

# --- patches on a small tree -------------------------------------------------------

tree=$TMP/tree
mkdir -p "$tree/arch/x86/boot" "$tree/arch/s390"
printf 'one\ntwo\nthree\n' >"$tree/a.c"
printf 'alpha\nbeta\n' >"$tree/b.c"
cp -r "$tree" "$TMP/orig"
# mkpatch NAME FILE NEW-CONTENT: a -p1 patch of FILE in the tree to NEW-CONTENT.
mkpatch() {
	mkdir -p "$TMP/p/a/$(dirname "$2")" "$TMP/p/b/$(dirname "$2")"
	cp "$tree/$2" "$TMP/p/a/$2"
	printf '%b' "$3" >"$TMP/p/b/$2"
	(cd "$TMP/p" && diff -u "a/$2" "b/$2") >"$TMP/$1"
	rm -rf "$TMP/p"
}
mkpatch one.patch a.c 'one\ntwo and a half\nthree\n'
mkpatch two.patch b.c 'alpha\nbeta\ngamma\n'
# Refers to a line no tree has.
printf -- '--- a/b.c\n+++ b/b.c\n@@ -1,2 +1,2 @@\n-delta\n+epsilon\n beta\n' >"$TMP/stale.patch"
same_as_orig() { diff -r "$TMP/orig" "$tree" >/dev/null; }

state=$TMP/state
check "two patches apply in order" kb_apply "$tree" "$state" "$TMP/one.patch" "$TMP/two.patch"
check "... and change the tree" bash -c "grep -q 'two and a half' '$tree/a.c' && grep -q gamma '$tree/b.c'"
check "... and the files they name are recorded" bash -c "[ \"\$(cut -f2 '$state/paths')\" = \"\$(printf 'a.c\nb.c')\" ]"
kb_revert "$tree" "$state"
check "reverting them leaves the tree as it was, and no record" bash -c "diff -r '$TMP/orig' '$tree' && [ ! -e '$state' ]"

# Paths in folders, as a kernel's are, one of them a new file: reverting
# once removed the whole tree (a path read as empty).
mkdir -p "$tree/kernel/bpf" && printf 'core\n' >"$tree/kernel/bpf/core.c"
rm -rf "$TMP/orig" && cp -r "$tree" "$TMP/orig"
mkpatch deep.patch kernel/bpf/core.c 'core\nand more\n'
printf -- '--- /dev/null\n+++ b/include/linux/new.h\n@@ -0,0 +1 @@\n+new\n' >"$TMP/new.patch"
check "patches of files in folders, one new, apply" kb_apply "$tree" "$state" "$TMP/deep.patch" "$TMP/new.patch"
check "... and change the tree" bash -c "grep -q 'and more' '$tree/kernel/bpf/core.c' && [ -f '$tree/include/linux/new.h' ]"
check "reverting them leaves the tree as it was (the new file gone, the rest there), and no record" \
	bash -c ". '$KB/lib.sh' && kb_revert '$tree' '$state' && diff -r '$TMP/orig' '$tree' && [ ! -e '$state' ]"

check "a patch that does not apply: status 1, named, the tree as it was" \
	said 1 "$TMP/stale.patch does not apply" kb_apply "$tree" "$state" "$TMP/one.patch" "$TMP/stale.patch"
check "... patch's own words come with it" grep -q 'FAILED' "$TMP/err"
check "... the patch before it is reverted" same_as_orig
check "... no record of applied patches is left" [ ! -e "$state" ]
check "... and no .rej or .orig file" bash -c "[ -z \"\$(find '$tree' -name '*.rej' -o -name '*.orig')\" ]"

# A build killed with patches on: the next application reverts them first.
kb_apply "$tree" "$state" "$TMP/one.patch"
check "patches of an interrupted build come off before the next ones go on" \
	bash -c ". '$KB/lib.sh' && kb_apply '$tree' '$state' '$TMP/two.patch' &&
		! grep -q 'two and a half' '$tree/a.c' && grep -q gamma '$tree/b.c'"
kb_revert "$tree" "$state"
check "... and those come off too" same_as_orig

# Patches that pass patch's --dry-run but fail for real, half-way: the tree
# is put back byte for byte.  Two sections on one file, the second written
# against the file before the first (a dry run sees it so):
mkpatch twice-1.patch b.c 'alpha\nBETA\n'
mkpatch twice-2.patch b.c 'alpha\nbeta 2\n'
cat "$TMP/twice-1.patch" "$TMP/twice-2.patch" >"$TMP/twice.patch"
check "patch --dry-run takes the section twice (the case below is real)" \
	bash -c "patch -p1 --dry-run -s -f -d '$tree' <'$TMP/twice.patch' >/dev/null"
check "a patch that fails half-way: status 1, named" \
	said 1 "$TMP/twice.patch does not apply" kb_apply "$tree" "$state" "$TMP/one.patch" "$TMP/twice.patch"
check "... the tree byte for byte as it was: its first section and the patch before undone" same_as_orig
check "... no .rej or .orig file, and no record" \
	bash -c "[ -z \"\$(find '$tree' -name '*.rej' -o -name '*.orig')\" ] && [ ! -e '$state' ]"
# A git patch whose link is made, then refused as a folder of the next file:
mkdir -p "$TMP/outside"
cat >"$TMP/link.patch" <<'EOF'
diff --git a/b.c b/b.c
--- a/b.c
+++ b/b.c
@@ -1,2 +1,3 @@
 alpha
 beta
+gamma
diff --git a/lnk b/lnk
new file mode 120000
--- /dev/null
+++ b/lnk
@@ -0,0 +1 @@
+../outside
\ No newline at end of file
diff --git a/lnk/new/evil b/lnk/new/evil
new file mode 100644
--- /dev/null
+++ b/lnk/new/evil
@@ -0,0 +1 @@
+pwned
EOF
check "patch --dry-run takes the link patch (the case below is real)" \
	bash -c "patch -p1 --dry-run -s -f -d '$tree' <'$TMP/link.patch' >/dev/null"
check "a patch that makes a link and fails on a file beneath it: status 1, named" \
	said 1 "$TMP/link.patch does not apply" kb_apply "$tree" "$state" "$TMP/link.patch"
check "... the link is gone, b.c as it was: the tree byte for byte as it was" \
	bash -c "[ ! -L '$tree/lnk' ] && diff -r '$TMP/orig' '$tree'"
check "... and nothing was written outside the tree" bash -c "[ -z \"\$(ls -A '$TMP/outside')\" ]"
# The tree has a link, and a patch writes through it: refused before
# anything is applied.
ln -s ../outside "$tree/lnk"
printf -- '--- /dev/null\n+++ b/lnk/evil\n@@ -0,0 +1 @@\n+pwned\n' >"$TMP/through.patch"
check "a patch naming a path through a link of the tree: status 1, named" \
	said 1 "names lnk/evil, through the symbolic link lnk" kb_apply "$tree" "$state" "$TMP/one.patch" "$TMP/through.patch"
check "... nothing applied, nothing outside" \
	bash -c "! grep -q 'two and a half' '$tree/a.c' && [ -z \"\$(ls -A '$TMP/outside')\" ] && [ ! -e '$state' ]"
rm "$tree/lnk"
# A tree that is not as it was once the patches came off is said.
kb_apply "$tree" "$state" "$TMP/one.patch"
echo stray >"$tree/stray.c"
check "a tree not as before the patches once they came off: status 1, named" \
	said 1 "is not as it was before the patches" bash -c ". '$KB/lib.sh'; kb_revert '$tree' '$state'"
check "... the difference shown" grep -q 'stray.c' "$TMP/err"
rm "$tree/stray.c"
kb_revert "$tree" "$state"
check "... once it is, the record goes" bash -c "[ ! -e '$state' ]"
check "... and the tree is as it was" same_as_orig

# --- labels --------------------------------------------------------------------------

base=$(kb_label 6.12.117 "$KB_FRAGMENT")
one=$(kb_label 6.12.117 "$KB_FRAGMENT" "$TMP/one.patch")
both=$(kb_label 6.12.117 "$KB_FRAGMENT" "$TMP/one.patch" "$TMP/two.patch")
check "a label names the version, base and the fragment's hash ($base)" \
	bash -c "[[ '$base' =~ ^6\.12\.117-base-c[0-9a-f]{8}$ ]]"
check "a patched label names the patch and its hash ($one)" \
	bash -c "[[ '$one' =~ ^6\.12\.117-one-[0-9a-f]{8}-c[0-9a-f]{8}$ ]]"
check "two patches: the first's name, +1 ($both)" bash -c "[[ '$both' =~ ^6\.12\.117-one\+1-[0-9a-f]{8}-c[0-9a-f]{8}$ ]]"
cp "$TMP/one.patch" "$TMP/edited.patch"
echo "# edited" >>"$TMP/edited.patch"
check "an edited patch gets another label" \
	[ "$(kb_label 6.12.117 "$KB_FRAGMENT" "$TMP/one.patch")" != "$(kb_label 6.12.117 "$KB_FRAGMENT" "$TMP/edited.patch")" ]
check "labels are what the matrix accepts" bash -c "[[ '$both' =~ ^[A-Za-z0-9._+-]+$ ]]"

# --- command lines ---------------------------------------------------------------------

for s in build.sh patch-compare.sh; do
	check "$s --help" bash -c "'$KB/$s' --help | grep -q '^usage:'"
done
check "build.sh without a tree: exit 2" said 2 "--series or --source is needed" "$KB/build.sh"
check "build.sh --series and --source: exit 2" \
	said 2 "exclude each other" "$KB/build.sh" --series 6.12 --source "$tree"
check "build.sh --series 6: exit 2" said 2 "MAJOR.MINOR" "$KB/build.sh" --series 6
check "build.sh --jobs 0: exit 2" said 2 "--jobs 0: a positive integer" "$KB/build.sh" --series 6.12 --jobs 0
check "build.sh --patch of no file: exit 2" \
	said 2 "--patch $TMP/none: not a readable file" "$KB/build.sh" --series 6.12 --patch "$TMP/none"
check "build.sh --config malformed: exit 2" said 2 "malformed" "$KB/build.sh" --series 6.12 --config "$TMP/bad.config"
check "build.sh --source of no kernel tree: exit 2" said 2 "not a kernel tree" "$KB/build.sh" --source "$TMP"
for opt in --series --source --patch --jobs --config; do
	check "build.sh $opt without its value: exit 2" said 2 "$opt needs a value" "$KB/build.sh" "$opt"
done
check "patch-compare.sh without a patch: exit 2" said 2 "at least one PATCH" "$KB/patch-compare.sh" 6.12
check "patch-compare.sh without a series: exit 2" said 2 "SERIES" "$KB/patch-compare.sh"
check "patch-compare.sh with a patch that is no file: exit 2" \
	said 2 "$TMP/none: not a readable patch file" "$KB/patch-compare.sh" 6.12 "$TMP/none"
check "patch-compare.sh --bogus: exit 2" said 2 "unknown option '--bogus'" "$KB/patch-compare.sh" --bogus 6.12 x
for opt in --source --config --jobs --args --timeout --results --compare; do
	check "patch-compare.sh $opt without its value: exit 2" said 2 "$opt needs a value" "$KB/patch-compare.sh" "$opt"
done

# --- build.sh through, on a fake tree ---------------------------------------------------
#
# Its Makefile answers what build.sh asks of kbuild: the version, allnoconfig
# with the fragment (dropping FAKE_DROPPED as Kconfig drops an option whose
# dependencies are off), and a bzImage, which is a.c as it was when built; a
# line "broken" in a.c fails the build.  Packages count as installed.
cat >"$tree/Makefile" <<'EOF'
kernelversion:
	@echo 9.9.0
allnoconfig:
	grep '^CONFIG' '$(KCONFIG_ALLCONFIG)' | grep -v FAKE_DROPPED >'$(O)/.config'
bzImage:
	@if grep -q broken a.c; then echo 'a.c:2: error: broken'; exit 1; fi
	@echo 'make: ARCH=$(ARCH) CROSS_COMPILE=$(CROSS_COMPILE) CC=$(CC)'
	d='$(O)/arch/$(if $(filter s390,$(ARCH)),s390,x86)/boot' && mkdir -p "$$d" && cp a.c "$$d/bzImage"
EOF
mkdir -p "$TMP/bin"
printf '#!/bin/sh\necho "install ok installed"\n' >"$TMP/bin/dpkg-query"
chmod +x "$TMP/bin/dpkg-query"
cp "$tree/Makefile" "$TMP/orig/Makefile"
mkpatch broken.patch a.c 'one\nbroken\nthree\n'
fake_build() { PATH="$TMP/bin:$PATH" "$KB/build.sh" --source "$tree" "$@"; }

check "a tree of your own builds: image= and label= on stdout" \
	bash -c "$(declare -f fake_build); TMP='$TMP' KB='$KB' tree='$tree'
		fake_build --patch '$TMP/one.patch' >'$TMP/built' 2>'$TMP/err' &&
		grep -Eq '^label=9\.9\.0-one-[0-9a-f]{8}-c[0-9a-f]{8}$' '$TMP/built' && grep -q '^image=/' '$TMP/built'"
image=$(sed -n 's/^image=//p' "$TMP/built")
check "... the image was built from the patched tree" grep -q 'two and a half' "$image"
check "... under the cache, by its label" bash -c "[[ '$image' == '$TB_KBUILD_CACHE'/images/9.9.0-one-*/bzImage ]]"
check "... and the patch came off after it" same_as_orig
check "... with progress and the label said on stderr" grep -q '^label: 9.9.0-one' "$TMP/err"

check "a build that fails: exit 1, with the log's tail" \
	said 1 "a.c:2: error: broken" fake_build --patch "$TMP/broken.patch"
check "... saying it failed and where the log is" grep -q "failed (make exit .*; log: $TB_KBUILD_CACHE/logs/" "$TMP/err"
check "... and the tree is left as it was" same_as_orig
check "... and the next build works" bash -c "$(declare -f fake_build); TMP='$TMP' KB='$KB' tree='$tree'
	fake_build >/dev/null 2>&1"

check "a patch that does not apply stops the build: exit 1, named" \
	said 1 "$TMP/stale.patch does not apply" fake_build --patch "$TMP/one.patch" --patch "$TMP/stale.patch"
check "... nothing was built" bash -c "! grep -q 'make exit' '$TMP/err'"
check "... the tree as it was" same_as_orig

printf 'CONFIG_BPF_SYSCALL=y\nCONFIG_FAKE_DROPPED=y\n' >"$TMP/dropping.config"
check "a fragment setting that does not hold stops the build: exit 1, named" \
	said 1 "CONFIG_FAKE_DROPPED=y" fake_build --config "$TMP/dropping.config"
check "... before compiling" bash -c "! grep -q 'building 9.9.0' '$TMP/err'"
printf 'drop CONFIG_FAKE_DROPPED\nCONFIG_FAKE_RENAMED=y\n' >"$TMP/dropping-9.9.config"
check "with an overlay for the tree's series that drops it, the build goes on" \
	bash -c "$(declare -f fake_build); TMP='$TMP' KB='$KB' tree='$tree'
		fake_build --config '$TMP/dropping.config' >'$TMP/built' 2>'$TMP/err'"
check "... said, and the overlay's settings in the .config" bash -c "grep -q 'dropping-9.9.config over it' '$TMP/err' &&
	grep -qx CONFIG_FAKE_RENAMED=y '$TB_KBUILD_CACHE'/images/9.9.0-base-*/config"

# Another architecture: its facts (harness/vm/arch/s390x.sh) name make's
# options, the image and the fragment; amd64's label and build stay as
# they were.
check "build.sh --arch s390x: cross-built, the label names the architecture" \
	bash -c "$(declare -f fake_build); TMP='$TMP' KB='$KB' tree='$tree'
		fake_build --arch s390x >'$TMP/built' 2>'$TMP/err' &&
		grep -Eq '^label=9\.9\.0-s390x-base-c$(kb_hash "$S390")$' '$TMP/built' &&
		grep -q '^image=.*/images/9.9.0-s390x-base-c[0-9a-f]*/bzImage$' '$TMP/built'"
check "... with Debian's cross compiler, ARCH=s390" \
	bash -c "grep -q 'make: ARCH=s390 CROSS_COMPILE=s390x-linux-gnu- CC=.*s390x-linux-gnu-gcc' '$TB_KBUILD_CACHE'/logs/9.9.0-s390x-base-*.log"
check "... in a build folder of its own" bash -c "ls -d '$TB_KBUILD_CACHE'/build/src-*.s390x >/dev/null"
check "... and amd64's label is the fragment's as before, without the architecture" \
	bash -c "$(declare -f fake_build); TMP='$TMP' KB='$KB' tree='$tree'
		fake_build >'$TMP/built' 2>/dev/null && grep -Eq '^label=9\.9\.0-base-c$(kb_hash "$KB_FRAGMENT")$' '$TMP/built'"
check "build.sh --arch ppc64el (no build facts): exit 2, said" \
	said 2 "--arch ppc64el: no kernel build for it" fake_build --arch ppc64el
check "build.sh --arch nosuch: exit 2, said" said 2 "--arch nosuch: not an architecture" fake_build --arch nosuch

# A tree whose version is a path would put its image, config and log there.
cp -r "$tree" "$TMP/crafted"
sed -i 's|@echo 9.9.0|@echo ../../escaped|' "$TMP/crafted/Makefile"
check "a tree whose make kernelversion is no version: exit 2, said" \
	said 2 "make kernelversion gave '../../escaped', not a version" \
	env PATH="$TMP/bin:$PATH" "$KB/build.sh" --source "$TMP/crafted"
check "... and nothing written outside the cache" bash -c "[ -z \"\$(ls -d '$TMP'/escaped* 2>/dev/null)\" ]"

check "build.sh --jobs past its bound: exit 2, before anything" \
	said 2 "--jobs 99999999999999999999: at most 1024" fake_build --jobs 99999999999999999999
check "build.sh --jobs 1025: exit 2" said 2 "--jobs 1025: at most 1024" fake_build --jobs 1025

# patch-compare checks what goes to the matrix before it builds anything.
for bad in "--args|run \"x\"|--args: no double quotes" "--timeout|0|--timeout 0: a positive integer" \
	"--timeout|99999999999999999999|--timeout 99999999999999999999: at most 86400" \
	"--jobs|2000|--jobs 2000: at most 1024"; do
	IFS='|' read -r opt value text <<<"$bad"
	check "patch-compare.sh $opt '$value': exit 2, before building" \
		said 2 "$text" env PATH="$TMP/bin:$PATH" \
		"$KB/patch-compare.sh" "$opt" "$value" --source "$tree" "$TMP/one.patch"
	check "... nothing built" bash -c "! grep -q 'the patched kernel' '$TMP/err'"
done

finish
