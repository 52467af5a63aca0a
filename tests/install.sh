#!/bin/sh
# The installed library: only the public headers, and a program built against it with
# pkg-config alone.
# Usage: tests/install.sh BUILD_DIR   (CT_USER_CFLAGS: extra flags, e.g. the sanitizers)
set -eu
build=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
inc="$tmp/prefix/include/claimtrack"
for h in gitapi.h index.h migrations.h anchoring.h; do
	if [ -e "$inc/$h" ]; then
		echo "install: private header $h is installed" >&2
		exit 1
	fi
done
pc=$(find "$tmp/prefix" -name claimtrack.pc)
if [ -z "$pc" ]; then
	echo "install: no claimtrack.pc installed" >&2
	exit 1
fi
cat >"$tmp/user.c" <<'C'
#include <claimtrack.h>
#include <stdio.h>

int main(void)
{
	ct_value v;
	ct_buf b = CT_BUF_INIT;
	int error;

	ct_value_init(&v);
	if ((error = ct_value_parse(&v, "at least 20,000 victims")) == 0)
		error = ct_value_format(&b, &v);
	puts(error < 0 ? ct_error_last() : b.ptr);
	ct_value_release(&v);
	ct_buf_release(&b);
	return error < 0;
}
C
export PKG_CONFIG_PATH="$(dirname "$pc")"
${CC:-cc} -std=c11 -Wall -Werror ${CT_USER_CFLAGS:-} -o "$tmp/user" "$tmp/user.c" $(pkg-config --cflags --libs claimtrack)
out=$("$tmp/user")
if [ "$out" != "at least 20,000 victims (>= 20000)" ]; then
	echo "install: the program printed '$out'" >&2
	exit 1
fi
