#!/usr/bin/env bash
# Make build/linux: the pinned source as the base commit, then every patch
# of series.txt applied with git am, stopping at the first that fails.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tarball=$BASE_TARBALL
[ -f "$tarball" ] || die "$tarball is missing; run scripts/deps.sh"
version=$(cat "$tarball.version")
stamp="$LINUX_SOURCE_PACKAGE $version"

# What a series of commits holds: each commit's files, author and message.
series_sig() {
	git -C "$TREE" log --reverse --format='%T %an <%ae> %ad%n%B' \
		"$(base_commit)..$1" | sha1sum
}

# Work in the tree that never reached patches/ is not thrown away: the
# tree must be clean, and its head must be what the last run of this
# script made (or hold the same commits as the series), unless FORCE=1.
guard() {
	[ -d "$TREE/.git" ] && [ "${FORCE:-0}" != 1 ] || return 0
	if [ -n "$(git -C "$TREE" status --porcelain --untracked-files=no)" ]; then
		die "$TREE has uncommitted changes; commit and 'make export', or run with FORCE=1 to discard them"
	fi
	if [ "$(git -C "$TREE" rev-parse HEAD)" != "$(cat "$BUILD/series.head" 2>/dev/null)" ] &&
	   [ "$(series_sig HEAD)" != "$(series_sig "${1:-HEAD^0}")" ]; then
		die "$TREE has commits that are not in patches/; run 'make export', or run with FORCE=1 to discard them"
	fi
}

fresh=0
if [ -d "$TREE/.git" ] && [ "$(cat "$BUILD/base.stamp" 2>/dev/null)" = "$stamp" ]; then
	:
else
	guard
	say "unpacking $tarball ($stamp)"
	rm -rf "$TREE" "$BUILD/base.stamp"
	mkdir -p "$BUILD/unpack"
	tar -C "$BUILD/unpack" -xf "$tarball"
	mv "$BUILD/unpack/$LINUX_SOURCE_PACKAGE" "$TREE"
	rmdir "$BUILD/unpack"
	# Debian's top-level .gitignore ignores the whole tree; drop its block
	# so the kernel's own ignore rules apply to the work done on top.
	sed -i '/^\/\*$/,$d' "$TREE/.gitignore"
	say "committing the base"
	git -C "$TREE" init -q -b master
	git -C "$TREE" config core.abbrev 12
	git -C "$TREE" config user.name "$TREE_IDENT_NAME"
	git -C "$TREE" config user.email "$TREE_IDENT_EMAIL"
	git -C "$TREE" add -A -f .
	GIT_AUTHOR_DATE="2026-01-01T00:00:00Z" GIT_COMMITTER_DATE="2026-01-01T00:00:00Z" \
		git -C "$TREE" commit -q -m "Linux $stamp"
	echo "$stamp" > "$BUILD/base.stamp"
	fresh=1
fi

# Apply the series as "git am" would, but into a private index, so that
# the work tree is then moved to the result with one checkout that only
# rewrites the files that differ: unchanged files keep their times and
# the build directories stay warm.
base=$(base_commit)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export GIT_INDEX_FILE=$tmp/index
git -C "$TREE" read-tree "$base"
head=$base
n=0
while read -r p; do
	f=$TOP/patches/$p
	[ -f "$f" ] || die "series.txt names $p, which is not in patches/"
	git -C "$TREE" mailinfo -b "$tmp/msg" "$tmp/diff" < "$f" > "$tmp/info"
	if ! git -C "$TREE" apply --cached --whitespace=nowarn "$tmp/diff"; then
		die "patch $p does not apply"
	fi
	field() { sed -n "s/^$1: //p" "$tmp/info"; }
	{ field Subject; echo; cat "$tmp/msg"; } | git stripspace > "$tmp/log"
	tree=$(git -C "$TREE" write-tree)
	head=$(GIT_AUTHOR_NAME=$(field Author) GIT_AUTHOR_EMAIL=$(field Email) \
		GIT_AUTHOR_DATE=$(field Date) GIT_COMMITTER_DATE=$(field Date) \
		GIT_COMMITTER_NAME=$TREE_IDENT_NAME GIT_COMMITTER_EMAIL=$TREE_IDENT_EMAIL \
		git -C "$TREE" commit-tree "$tree" -p "$head" -F "$tmp/log")
	say "applied $p"
	n=$((n + 1))
done < <(series)
unset GIT_INDEX_FILE
[ "$fresh" -eq 1 ] || guard "$head"

if [ "$(git -C "$TREE" rev-parse HEAD^{tree})" = "$(git -C "$TREE" rev-parse "$head^{tree}")" ] &&
   [ "$fresh" -eq 0 ]; then
	git -C "$TREE" update-ref refs/heads/master "$head"
	git -C "$TREE" symbolic-ref HEAD refs/heads/master
else
	git -C "$TREE" checkout -q -f -B master "$head"
fi
git -C "$TREE" rev-parse HEAD > "$BUILD/series.head"
say "$n patches applied on $stamp in $TREE"
