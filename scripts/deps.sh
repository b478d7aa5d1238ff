#!/bin/sh
# Check the Debian packages kmm needs; install the missing ones when run as
# root, otherwise print the exact apt-get line and fail.
set -u
need=""
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
for p in ${KMM_DEPS:-cmake make gcc pkg-config libcriterion-dev liburcu-dev clang libclang-rt-14-dev}; do
	have_pkg "$p" || need="$need $p"
done
[ -z "$need" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	echo "kmm: installing Debian packages:$need"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq || true
	# shellcheck disable=SC2086
	apt-get install -y -qq $need >/dev/null || {
		echo "kmm: apt-get install failed for:$need" >&2; exit 1; }
	exit 0
fi
echo "kmm: missing Debian packages. Run as root:" >&2
echo "  apt-get install -y$need" >&2
exit 1
