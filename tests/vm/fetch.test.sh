#!/usr/bin/env bash
# kernels.sh fetch when the mirror lists a release its pool does not hold
# (as it listed 6.12.117+deb13 for s390x and ppc64el while serving only
# 6.12.107+deb13): a series falls back to its next older release, saying so;
# a release named exactly does not.  Offline: apt is a stub here, and the
# scripts run from a copy so that nothing lands in the shared .cache.
. "$(dirname "$0")/../lib.sh"
tmpdir
mkdir -p "$TMP/tree/harness" "$TMP/bin" "$TMP/deb/boot"
cp -r "$TOP/harness/vm" "$TMP/tree/harness/"
VM="$TMP/tree/harness/vm"

# A package that holds an s390x-looking image (S390EP at 0x10008).
head -c 65544 /dev/zero >"$TMP/deb/boot/vmlinuz-6.12.107+deb13-s390x"
printf S390EP >>"$TMP/deb/boot/vmlinuz-6.12.107+deb13-s390x"
mkdir -p "$TMP/deb/DEBIAN"
printf 'Package: linux-image-6.12.107+deb13-s390x\nVersion: 6.12.107-1\nArchitecture: s390x\nMaintainer: t <t@t>\nDescription: t\n' \
	>"$TMP/deb/DEBIAN/control"
dpkg-deb -b "$TMP/deb" "$TMP/good.deb" >/dev/null
cat >"$TMP/bin/apt-get" <<STUB
#!/bin/sh
case "\$*" in
*' update') exit 0 ;;
*'download linux-image-6.12.107+deb13-s390x') cp '$TMP/good.deb' ./linux-image-6.12.107+deb13-s390x_6.12.107-1_s390x.deb ;;
*download*) echo 'E: Failed to fetch .../linux-image-6.12.117+deb13-s390x.deb  404  Not Found'; exit 100 ;;
esac
STUB
cat >"$TMP/bin/apt-cache" <<'STUB'
#!/bin/sh
case "$*" in
*pkgnames*) printf '%s\n' linux-image-6.12.107+deb13-s390x linux-image-6.12.117+deb13-s390x ;;
*policy*) for p in "$@"; do case "$p" in linux-image-*) printf '%s:\n  500 http://mirror trixie/main s390x Packages\n' "$p" ;; esac; done ;;
esac
STUB
chmod +x "$TMP/bin/apt-get" "$TMP/bin/apt-cache"

PATH="$TMP/bin:$PATH" TB_DEBIAN_MIRROR=http://mirror.invalid/debian \
	"$VM/kernels.sh" --arch s390x fetch 6.12 >"$TMP/out" 2>"$TMP/err"
check "a series whose newest release the pool lacks falls back to the next older one" \
	bash -c "[ $? -eq 0 ] && grep -qx '6.12.107+deb13-s390x .*/kernels/6.12.107+deb13-s390x/vmlinuz' '$TMP/out' &&
		[ -s '$TMP/tree/.cache/s390x/kernels/6.12.107+deb13-s390x/vmlinuz' ]"
check "... and says so" \
	grep -q "6.12.117+deb13-s390x cannot be had from the mirror: trying the next older release of '6.12'" "$TMP/err"
PATH="$TMP/bin:$PATH" TB_DEBIAN_MIRROR=http://mirror.invalid/debian \
	"$VM/kernels.sh" --arch s390x fetch 6.12.117+deb13 >"$TMP/out2" 2>"$TMP/err2"
check "a release named exactly does not fall back: exit 1, saying why" \
	bash -c "[ $? -eq 1 ] && [ ! -s '$TMP/out2' ] && grep -q \"no release of '6.12.117+deb13' could be downloaded\" '$TMP/err2'"

# Two fetches of one release at once (two matrices side by side): the cache
# is held by one, and the other finds the kernel there. A download that
# takes a second leaves room for both to start it, without the lock.
rm -rf "$TMP/tree/.cache/s390x/kernels"
sed -i 's/^\(\*.download linux-image-6.12.107+deb13-s390x.) \)/\1sleep 1; /' "$TMP/bin/apt-get"
for i in 1 2; do
	PATH="$TMP/bin:$PATH" TB_DEBIAN_MIRROR=http://mirror.invalid/debian \
		"$VM/kernels.sh" --arch s390x fetch 6.12.107+deb13 >"$TMP/both$i" 2>"$TMP/botherr$i" &
done
wait
check "two fetches at once: both give the kernel, one downloads it" \
	bash -c "grep -qx '6.12.107+deb13-s390x .*/vmlinuz' '$TMP/both1' && grep -qx '6.12.107+deb13-s390x .*/vmlinuz' '$TMP/both2' &&
		[ \"\$(cat '$TMP'/botherr1 '$TMP'/botherr2 | grep -c 'fetching linux-image')\" = 1 ]"
finish
