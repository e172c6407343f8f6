#!/usr/bin/env bash
# Make build/systemd: Debian's systemd source pinned in systemd/BASE (with
# Debian's own patches, as dpkg-source unpacks it) as the base commit, and
# the patches of systemd/series.txt applied on top with git am.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$TOP/scripts/papt.sh"
# shellcheck source=../systemd/BASE
. "$TOP/systemd/BASE"

src=$BUILD/systemd-src
if [ "$(cat "$src/version" 2>/dev/null)" != "$SYSTEMD_SOURCE_VERSION" ] || [ ! -d "$src/tree" ]; then
	say "fetching $SYSTEMD_SOURCE_PACKAGE source from $SYSTEMD_SOURCE_SUITE (private apt state in $BUILD/apt)"
	papt_init "$SYSTEMD_SOURCE_SUITE" deb-src
	papt "$SYSTEMD_SOURCE_SUITE" update -qq
	v=$(papt_pick source "$SYSTEMD_SOURCE_SUITE" "$SYSTEMD_SOURCE_PACKAGE" "$SYSTEMD_SOURCE_VERSION")
	rm -rf "$src"
	mkdir -p "$src/dl"
	(cd "$src/dl" && papt "$SYSTEMD_SOURCE_SUITE" source -qq --download-only \
		"$SYSTEMD_SOURCE_PACKAGE=$v" >/dev/null)
	dpkg-source --no-check -x "$src"/dl/*.dsc "$src/tree" >/dev/null
	rm -rf "$src/dl" "$src"/*.orig.tar.*
	echo "$v" > "$src/version"
fi

out=$BUILD/systemd
series=$(grep -v -e "^[[:space:]]*$" -e "^[[:space:]]*#" "$TOP/systemd/series.txt" || true)
# Rebuild the tree only when the base or a patch changed; FORCE=1 always.
key=$( { cat "$src/version"; for p in $series; do cat "$TOP/systemd/patches/$p"; done; } | sha1sum)
if [ "${FORCE:-0}" != 1 ] && [ -d "$out/.git" ] && [ "$(cat "$out/.git/encids-key" 2>/dev/null)" = "$key" ]; then
	exit 0
fi
if [ -d "$out/.git" ] && [ "${FORCE:-0}" != 1 ] &&
   [ -n "$(git -C "$out" log --oneline "encids-base..HEAD" 2>/dev/null | head -1)" ] &&
   [ "$(git -C "$out" rev-parse HEAD)" != "$(cat "$out/.git/encids-head" 2>/dev/null)" ]; then
	die "$out has commits that are not in systemd/patches; export them or FORCE=1"
fi
say "making $out from systemd $(cat "$src/version") and systemd/series.txt"
rm -rf "$out.new"
cp -a "$src/tree" "$out.new"
git -C "$out.new" init -q
git -C "$out.new" -c user.name="$TREE_IDENT_NAME" -c user.email="$TREE_IDENT_EMAIL" \
	add -A -f .
GIT_COMMITTER_DATE="$KBUILD_BUILD_TIMESTAMP" GIT_AUTHOR_DATE="$KBUILD_BUILD_TIMESTAMP" \
git -C "$out.new" -c user.name="$TREE_IDENT_NAME" -c user.email="$TREE_IDENT_EMAIL" \
	commit -q -m "systemd $(cat "$src/version") (Debian source package)"
git -C "$out.new" tag encids-base
for p in $series; do
	git -C "$out.new" -c user.name="$TREE_IDENT_NAME" -c user.email="$TREE_IDENT_EMAIL" \
		am -q --keep-cr "$TOP/systemd/patches/$p" ||
		die "systemd/patches/$p does not apply"
	say "applied $p"
done
# The build directory survives a new tree: meson and ccache rebuild what
# changed.
rm -rf "$out"
mv "$out.new" "$out"
git -C "$out" rev-parse HEAD > "$out/.git/encids-head"
echo "$key" > "$out/.git/encids-key"
