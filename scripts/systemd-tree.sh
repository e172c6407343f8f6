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
# $src/pinned is the pin the source was fetched for: after a fallback to
# another version, the next run does not fetch again.
if [ "$(cat "$src/pinned" 2>/dev/null)" != "$SYSTEMD_SOURCE_VERSION" ] || [ ! -d "$src/tree" ]; then
	say "fetching $SYSTEMD_SOURCE_PACKAGE source from $SYSTEMD_SOURCE_SUITE (private apt state in $BUILD/apt)"
	papt_init "$SYSTEMD_SOURCE_SUITE" deb-src
	papt "$SYSTEMD_SOURCE_SUITE" update -qq
	v=$(papt_pick source "$SYSTEMD_SOURCE_SUITE" "$SYSTEMD_SOURCE_PACKAGE" "$SYSTEMD_SOURCE_VERSION")
	rm -rf "$src"
	mkdir -p "$src/dl"
	(cd "$src/dl" && papt "$SYSTEMD_SOURCE_SUITE" source -qq --download-only \
		"$SYSTEMD_SOURCE_PACKAGE=$v" >/dev/null)
	dpkg-source --no-check -x "$src"/dl/*.dsc "$src/tree" >/dev/null
	rm -rf "$src/dl"
	echo "$v" > "$src/version"
	echo "$SYSTEMD_SOURCE_VERSION" > "$src/pinned"
fi

out=$BUILD/systemd
series=$(grep -v -e "^[[:space:]]*$" -e "^[[:space:]]*#" "$TOP/systemd/series.txt" || true)
# Rebuild the tree only when the base or a patch changed; FORCE=1 always.
key=$( { cat "$src/version"; for p in $series; do cat "$TOP/systemd/patches/$p"; done; } | sha1sum)
if [ "${FORCE:-0}" != 1 ] && [ -d "$out/.git" ] && [ "$(cat "$out/.git/encids-key" 2>/dev/null)" = "$key" ]; then
	exit 0
fi
if [ -d "$out/.git" ] && [ "${FORCE:-0}" != 1 ]; then
	[ -z "$(git -C "$out" status --porcelain --untracked-files=no)" ] ||
		die "$out has uncommitted changes; commit and export them, or FORCE=1 to discard them"
	[ "$(git -C "$out" rev-parse HEAD)" = "$(cat "$out/.git/encids-head" 2>/dev/null)" ] ||
		die "$out has commits that are not in systemd/patches; export them, or FORCE=1 to discard them"
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
# changed. An old tree is moved to the new commits in place, so that only
# the files that differ get a new time: a fresh copy would have the source
# package's times, older than the objects of a file that was patched before.
if [ -d "$out/.git" ]; then
	git -C "$out" fetch -q --no-tags "$out.new" "+HEAD:refs/encids/new" \
		"+refs/tags/encids-base:refs/tags/encids-base"
	git -C "$out" -c advice.detachedHead=false checkout -q -f -B master refs/encids/new
	git -C "$out" update-ref -d refs/encids/new
	rm -rf "$out.new"
else
	mv "$out.new" "$out"
fi
git -C "$out" rev-parse HEAD > "$out/.git/encids-head"
echo "$key" > "$out/.git/encids-key"
