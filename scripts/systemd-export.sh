#!/usr/bin/env bash
# Write build/systemd's commits since its base back to systemd/patches/ as
# git format-patch output, with the cover letter that systemd/patches
# has (its subject and text kept, the shortlog and diffstat regenerated,
# as scripts/export.sh does for the kernel's postings), and rewrite
# systemd/series.txt.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

src=$BUILD/systemd
[ -d "$src/.git" ] || die "no systemd tree at $src; run scripts/systemd-tree.sh first"
[ -z "$(git -C "$src" status --porcelain --untracked-files=no)" ] ||
	die "$src has uncommitted changes; commit them first"
gitdir=$(git -C "$src" rev-parse --absolute-git-dir)
if [ -d "$gitdir/rebase-merge" ] || [ -d "$gitdir/rebase-apply" ]; then
	die "$src is in the middle of a rebase or git am; finish it first"
fi
[ -n "$(git -C "$src" rev-list encids-base..HEAD)" ] || die "$src has no commits on its base"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 \
	git -C "$src" -c core.abbrev=12 -c user.name="$TREE_IDENT_NAME" -c user.email="$TREE_IDENT_EMAIL" format-patch -q --zero-commit --no-signature \
	--numbered --no-thread --cover-letter -o "$tmp" encids-base..HEAD
python3 "$TOP/scripts/cover.py" "$tmp/0000-cover-letter.patch" \
	"$TOP/systemd/patches/0000-cover-letter.patch"
mkdir -p "$TOP/systemd/patches"
find "$TOP/systemd/patches" -name '*.patch' ! -name '0000-cover-letter.patch' -delete
cp "$tmp"/*.patch "$TOP/systemd/patches/"
{
	echo "# The systemd series, on the Debian source package pinned in systemd/BASE;"
	echo "# scripts/systemd-tree.sh applies it in this order."
	(cd "$tmp" && ls ./*.patch) | sed 's|^\./||' | grep -v '^0000-cover-letter.patch$'
} > "$TOP/systemd/series.txt"
# The tree is what the exported series makes: scripts/systemd-tree.sh
# need not make it again.
git -C "$src" rev-parse HEAD > "$src/.git/encids-head"
series=$(grep -v -e "^[[:space:]]*$" -e "^[[:space:]]*#" "$TOP/systemd/series.txt")
{ cat "$BUILD/systemd-src/version"; for p in $series; do cat "$TOP/systemd/patches/$p"; done; } |
	sha1sum > "$src/.git/encids-key"
say "exported $(grep -vc '^#' "$TOP/systemd/series.txt") patches to systemd/patches/"
