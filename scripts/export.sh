#!/usr/bin/env bash
# Write the tree's commits since the base back to patches/ as unedited
# git format-patch output, keep the cover letter's subject and text, and
# rewrite series.txt. Exporting an unchanged tree changes no file.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ -e "$TREE/.git" ] || die "no tree at $TREE; run 'make tree' first"
if [ -n "$(git -C "$TREE" status --porcelain --untracked-files=no)" ]; then
	die "$TREE has uncommitted changes; commit them first"
fi
base=$(base_commit)
n=$(git -C "$TREE" rev-list --count "$base..HEAD")
[ "$n" -gt 0 ] || die "the tree has no commits on its base"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Only the options given here shape the files, not anyone's git config.
GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 \
	git -C "$TREE" -c core.abbrev=12 format-patch -q --zero-commit \
	--no-signature --numbered --no-thread --cover-letter -o "$tmp" "$base..HEAD"

# The cover letter: the generated one supplies the shortlog and diffstat,
# the one in patches/ (if any) its headers, subject and text.
python3 - "$tmp/0000-cover-letter.patch" "$TOP/patches/0000-cover-letter.patch" <<'PY'
import re, sys
new_path, old_path = sys.argv[1], sys.argv[2]
new = open(new_path).read()
try:
    old = open(old_path).read()
except FileNotFoundError:
    print("warning: no cover letter yet; fill in the subject and text of "
          "patches/0000-cover-letter.patch", file=sys.stderr)
    sys.exit(0)

def split(text):
    head, _, body = text.partition("\n\n")
    return head, body

shortlog = re.compile(r"^\S.* \(\d+\):$", re.M)
new_head, new_body = split(new)
old_head, old_body = split(old)
m = shortlog.search(new_body)
tail = new_body[m.start():]
blurb = old_body
m_old = shortlog.search(old_body)
if m_old:
    blurb = old_body[:m_old.start()]
# "0/6", or "00/11" from ten patches on.
nr = re.search(r"^Subject: \[PATCH (0+/\d+)\]", new_head, re.M).group(1)
head = re.sub(r"^(Subject: \[PATCH )0+/\d+\]", r"\g<1>%s]" % nr, old_head,
              flags=re.M)
open(new_path, "w").write(head + "\n\n" + blurb + tail)
PY

find "$TOP/patches" -name '*.patch' ! -name '0000-cover-letter.patch' -delete
cp "$tmp"/*.patch "$TOP/patches/"
(cd "$tmp" && ls ./*.patch | sed 's|^\./||' | grep -v '^0000-cover-letter.patch$') > "$TOP/series.txt"
say "exported $n patches to patches/, series.txt rewritten"
git -C "$TOP" status --short -- patches series.txt >&2 || true
