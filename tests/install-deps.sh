#!/bin/sh
# Install what claimtrack needs to build and test, when it is missing (Debian, as root).
# Usage: tests/install-deps.sh [PACKAGE...]   (extra packages on top of the build's)
set -e
need="build-essential cmake pkg-config git libgit2-dev libsqlite3-dev libjansson-dev libutf8proc-dev libcmocka-dev libmbedtls-dev sqlite3 $*"
missing=
for p in $need; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "claimtrack needs:$missing" >&2
	echo "install them with: sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends $missing >/dev/null
