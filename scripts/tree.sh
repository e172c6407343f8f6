#!/usr/bin/env bash
# Make build/linux: the pinned source as the base commit, then every patch
# of series.txt applied with git am, stopping at the first that fails.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tarball=/usr/src/$LINUX_SOURCE_PACKAGE.tar.xz
[ -f "$tarball" ] || die "$tarball is missing; run scripts/deps.sh"
version=$(dpkg-query -W -f='${Version}' "$LINUX_SOURCE_PACKAGE")
stamp="$LINUX_SOURCE_PACKAGE $version"

if [ -d "$TREE/.git" ] && [ "$(cat "$BUILD/base.stamp" 2>/dev/null)" = "$stamp" ]; then
	if [ -n "$(git -C "$TREE" status --porcelain --untracked-files=no)" ]; then
		die "$TREE has uncommitted changes; commit and 'make export', or discard them"
	fi
	say "resetting $TREE to its base"
	git -C "$TREE" am --abort >/dev/null 2>&1 || true
	git -C "$TREE" checkout -q -B master "$(base_commit)"
else
	say "unpacking $tarball ($stamp)"
	rm -rf "$TREE" "$BUILD/base.stamp"
	mkdir -p "$BUILD/unpack"
	tar -C "$BUILD/unpack" -xf "$tarball"
	mv "$BUILD/unpack/$LINUX_SOURCE_PACKAGE" "$TREE"
	rmdir "$BUILD/unpack"
	# Debian's top-level .gitignore ignores the whole tree; drop its block
	# so the kernel's own ignore rules apply to the work done on top.
	sed -i '/^# Debian/,$d' "$TREE/.gitignore" 2>/dev/null || true
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
fi

n=0
while read -r p; do
	say "applying $p"
	if ! git -C "$TREE" am -q --committer-date-is-author-date "$TOP/patches/$p"; then
		git -C "$TREE" am --abort >/dev/null 2>&1 || true
		die "patch $p does not apply"
	fi
	n=$((n + 1))
done < <(series)
say "$n patches applied on $stamp in $TREE"
