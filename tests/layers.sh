#!/bin/sh
# The library's layers, checked on what the build produced (core/README.md).
#
# Usage: tests/layers.sh SOURCE_DIR CORE_BINARY_DIR
#
# The include paths of core/CMakeLists.txt already stop a layer from including a
# higher layer's header. This checks what they cannot:
#   1. no object file uses a symbol defined in a higher layer (a function declared
#      by hand in a .c file gets past the include paths, not past this);
#   2. the modules form no cycle (module A uses B when A's object needs a symbol
#      that B's object defines);
#   3. SQLite and libgit2 are included by the storage layer only, and by none of
#      its public headers; a private header (core/CMakeLists.txt,
#      CT_PRIVATE_HEADERS) only inside its own layer, never by cli/, and no
#      internal header (CT_INTERNAL_HEADERS) by cli/ either.
# Each failure is one line on stderr; the exit status is 1 when any was found.
set -eu
src=$1
bin=$2
layers="base text record store domain features render"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

rank=0
for layer in $layers; do
	rank=$((rank + 1))
	for o in "$bin"/CMakeFiles/ct_"$layer".dir/"$layer"/*.o "$bin"/CMakeFiles/ct_"$layer".dir/*.o; do
		[ -f "$o" ] || continue
		m=$(basename "$o" .c.o)
		echo "$m $layer $rank" >>"$tmp/modules"
		nm -g --defined-only "$o" | awk -v m="$m" 'NF == 3 { print $3, m }' >>"$tmp/defs"
		nm -u "$o" | awk -v m="$m" '{ print $NF, m }' >>"$tmp/uses"
	done
done
if [ ! -s "$tmp/modules" ]; then
	echo "layers: no object files under '$bin'" >&2
	exit 1
fi

status=0
# 1 and 2: the module graph, from symbols.
awk '
FILENAME == ARGV[1] { layer[$1] = $2; rank[$1] = $3; next }
FILENAME == ARGV[2] { def[$1] = $2; next }
{
	if (!($1 in def) || def[$1] == $2)
		next
	a = $2; b = def[$1]
	if (!((a, b) in edge)) {
		edge[a, b] = $1
		adj[a] = adj[a] " " b
	}
}
function visit(m,    n, i, nb, list) {
	state[m] = 1
	stack[++depth] = m
	n = split(adj[m], list, " ")
	for (i = 1; i <= n; i++) {
		nb = list[i]
		if (state[nb] == 1) {
			path = nb
			for (j = depth; j >= 1 && stack[j] != nb; j--)
				path = stack[j] " -> " path
			printf("layers: modules in a cycle: %s -> %s\n", nb, path) > "/dev/stderr"
			bad = 1
		} else if (!state[nb])
			visit(nb)
	}
	depth--
	state[m] = 2
}
END {
	for (k in edge) {
		split(k, ab, SUBSEP)
		if (rank[ab[2]] > rank[ab[1]]) {
			printf("layers: %s (%s) uses %s of %s (%s), a higher layer\n", ab[1], layer[ab[1]],
			       edge[k], ab[2], layer[ab[2]]) > "/dev/stderr"
			bad = 1
		}
	}
	for (m in layer)
		if (!state[m])
			visit(m)
	exit bad
}' "$tmp/modules" "$tmp/defs" "$tmp/uses" || status=1

# 3: includes of SQLite, libgit2 and the private headers.
private=$(sed -n 's/^set(CT_PRIVATE_HEADERS \(.*\))$/\1/p' "$src/core/CMakeLists.txt")
if [ -z "$private" ]; then
	echo "layers: no CT_PRIVATE_HEADERS in core/CMakeLists.txt" >&2
	exit 1
fi
internal=$(sed -n 's/^set(CT_INTERNAL_HEADERS \(.*\))$/\1/p' "$src/core/CMakeLists.txt")
cd "$src"
for f in cli/*.[ch]; do
	for p in $internal; do
		if grep -Eq "^#[[:space:]]*include[[:space:]]*\"${p##*/}\"" "$f"; then
			echo "layers: $f includes ${p##*/}, which is internal to the library" >&2
			status=1
		fi
	done
done
for f in core/*/*.[ch] cli/*.[ch]; do
	rel=${f#core/}
	dir=${rel%%/*}
	case $f in cli/*) dir=cli ;; esac
	if grep -Eq '^#[[:space:]]*include[[:space:]]*<(sqlite3|git2)' "$f"; then
		if [ "$dir" != store ]; then
			echo "layers: $f includes SQLite or libgit2, which only core/store may" >&2
			status=1
		fi
		# A public header of the store would hand them to the layers above.
		case "$f" in *.h)
			case " $private " in *" $rel "*) ;; *)
				echo "layers: $f includes SQLite or libgit2 in a public header" >&2
				status=1 ;;
			esac ;;
		esac
	fi
	for p in $private; do
		h=${p##*/}
		owner=${p%%/*}
		if [ "$dir" != "$owner" ] && grep -Eq "^#[[:space:]]*include[[:space:]]*\"$h\"" "$f"; then
			echo "layers: $f includes $h, which is private to core/$owner" >&2
			status=1
		fi
	done
done
exit $status
