#!/usr/bin/env bash
# Build the patched systemd of build/systemd with meson into
# build/systemd-build, with ccache: only what the tests need, PID 1 and
# the tools the guest test drives, and the unit tests of the series.
# Usage: systemd-build.sh [NINJA-TARGET...]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

src=$BUILD/systemd
out=$BUILD/systemd-build
[ -d "$src/.git" ] || die "no systemd tree at $src; run scripts/systemd-tree.sh first"
# The programs the guest runs, and the unit tests of the series (all three
# run in the guest, test-load-fragment and test-cgroup-util here too).
targets=(systemd systemd-executor systemctl systemd-run
	 test-load-fragment test-cgroup-mask test-cgroup-util)
[ $# -eq 0 ] || targets=("$@")

# Paths as Debian's package has them, so that the programs drop into a
# Debian root filesystem; features off that the guest does not use. The
# private library gets a tag of its own, so that it does not replace
# Debian's: the rest of the guest's systemd keeps using that.
opts=(--prefix=/usr --sysconfdir=/etc --localstatedir=/var
      -Dmode=release -Dauto_features=disabled -Dman=disabled -Dtests=true
      -Dshared-lib-tag=257-encids
      -Dbuildtype=debugoptimized)
if [ ! -f "$out/build.ninja" ] || [ "$(cat "$out/encids-opts" 2>/dev/null)" != "${opts[*]}" ]; then
	say "configuring systemd in $out"
	rm -rf "$out"
	CC="ccache gcc" meson setup "$out" "$src" "${opts[@]}" > "$BUILD/systemd-meson.log" ||
		{ tail -n 30 "$BUILD/systemd-meson.log"; die "meson setup failed"; }
	echo "${opts[*]}" > "$out/encids-opts"
fi
say "building systemd: ${targets[*]}"
ninja -C "$out" -j"$JOBS" "${targets[@]}" > "$BUILD/systemd-ninja.log" ||
	{ grep -A12 -m3 -e '^FAILED:' -e 'error:' "$BUILD/systemd-ninja.log" ||
		tail -n 30 "$BUILD/systemd-ninja.log"; die "systemd build failed"; }
