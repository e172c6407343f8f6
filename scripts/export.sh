#!/usr/bin/env bash
# Write the tree's commits since the base back to patches/ as unedited
# git format-patch output, one directory per section of series.txt, and
# rewrite series.txt. A section is a comment line and the patch lines
# under it: "# Posting ..." sections are postings and get a cover letter
# (the one in patches/DIR keeps its headers, subject and text; the
# shortlog and diffstat are regenerated), other sections (the local
# part) get none. Commits are dealt out to the sections in order, as
# many to each as it names now; a patch added to or dropped from the
# tree needs a line added to or dropped from its section first (the
# name is rewritten). Exporting an unchanged tree changes no file.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ -e "$TREE/.git" ] || die "no tree at $TREE; run 'make tree' first"
if [ -n "$(git -C "$TREE" status --porcelain --untracked-files=no)" ]; then
	die "$TREE has uncommitted changes; commit them first"
fi
base=$(base_commit)
mapfile -t commits < <(git -C "$TREE" rev-list --reverse "$base..HEAD")
[ ${#commits[@]} -gt 0 ] || die "the tree has no commits on its base"

mapfile -t sections < <(sections)
total=0
for s in "${sections[@]}"; do
	total=$((total + ${s##*|}))
done
[ "$total" -eq ${#commits[@]} ] ||
	die "series.txt names $total patches, the tree has ${#commits[@]} commits; add or drop lines in the right section of series.txt first"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: > "$tmp/series.txt"
i=0
for s in "${sections[@]}"; do
	section_split "$s"
	first=${commits[$i]}
	last=${commits[$((i + count - 1))]}
	i=$((i + count))
	cover=()
	case "$comment" in "# Posting"*) cover=(--cover-letter) ;; esac
	mkdir -p "$tmp/$dir"
	# Only the options given here shape the files, not anyone's git config.
	GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 \
		git -C "$TREE" -c core.abbrev=12 format-patch -q --zero-commit \
		--no-signature --numbered --no-thread "${cover[@]}" -o "$tmp/$dir" \
		"$first^..$last"
	if [ ${#cover[@]} -gt 0 ]; then
		python3 "$TOP/scripts/cover.py" "$tmp/$dir/0000-cover-letter.patch" \
			"$TOP/patches/$dir/0000-cover-letter.patch"
	fi
	{ echo "$comment"; (cd "$tmp" && ls "$dir"/*.patch) | grep -v '/0000-cover-letter.patch$'; } >> "$tmp/series.txt"
done

for s in "${sections[@]}"; do
	section_split "$s"
	mkdir -p "$TOP/patches/$dir"
	find "$TOP/patches/$dir" -name '*.patch' ! -name '0000-cover-letter.patch' -delete
	cp "$tmp/$dir"/*.patch "$TOP/patches/$dir/"
done
cp "$tmp/series.txt" "$TOP/series.txt"
say "exported ${#commits[@]} patches to patches/, series.txt rewritten"
git -C "$TOP" status --short -- patches series.txt >&2 || true
