# install_packages PACKAGE...: installs those of the Debian packages that
# are not installed yet (as root), waiting for apt's lock while another apt
# runs.  Sourced by run.sh and harness/kbuild; the caller defines say and die.
# shellcheck shell=bash

install_packages() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "$(id -u)" -eq 0 ] || die "missing packages (${missing[*]}): run as root so apt-get can install them"
	say "installing ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq >&2 ||
		die "apt-get update failed"
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
		--no-install-recommends "${missing[@]}" >&2 || die "apt-get install ${missing[*]} failed"
}
