#!/usr/bin/env bash
# Install what the harness needs, with apt-get, only when it is missing.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

pkgs=(build-essential bc bison flex libelf-dev libssl-dev cpio python3
      xz-utils rsync kmod qemu-system-x86 busybox-static ccache
      python3-ply python3-git cgroup-tools git
      python3-requests python3-dkim python3-dnspython python3-patatt
      git-filter-repo
      meson gperf libcap-dev libmount-dev pkgconf python3-jinja2 debootstrap
      patchelf)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
	[ "$(id -u)" -eq 0 ] || die "missing packages (${missing[*]}); run as root"
	export DEBIAN_FRONTEND=noninteractive
	say "apt-get update"
	apt-get -o DPkg::Lock::Timeout=600 update -qq
	say "apt-get install ${missing[*]}"
	apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

. "$TOP/scripts/papt.sh"

# sparse, built from the source package pinned in BASE (the machine's own
# is too old for 7.3), into build/tools/bin.
if [ "$(cat "$SPARSE.version" 2>/dev/null)" != "$SPARSE_SOURCE_VERSION" ] || [ ! -x "$SPARSE" ]; then
	say "fetching $SPARSE_SOURCE_PACKAGE source from $SPARSE_SOURCE_SUITE (private apt state in $BUILD/apt)"
	papt_init "$SPARSE_SOURCE_SUITE" deb-src
	papt "$SPARSE_SOURCE_SUITE" update -qq
	sv=$(papt_pick source "$SPARSE_SOURCE_SUITE" "$SPARSE_SOURCE_PACKAGE" "$SPARSE_SOURCE_VERSION")
	d=$BUILD/tools/src
	rm -rf "$d"
	mkdir -p "$d" "$(dirname "$SPARSE")"
	(cd "$d" && papt "$SPARSE_SOURCE_SUITE" source -qq --download-only \
		"$SPARSE_SOURCE_PACKAGE=$sv" >/dev/null)
	tar -C "$d" -xf "$d"/"$SPARSE_SOURCE_PACKAGE"_*.orig.tar.*
	say "building sparse $sv"
	make -C "$d"/sparse-*/ -s -j"$JOBS" sparse HAVE_LLVM=no HAVE_SQLITE=no \
		HAVE_GTK=no HAVE_LIBXML=no >/dev/null
	cp "$d"/sparse-*/sparse "$SPARSE"
	rm -rf "$d"
	echo "$SPARSE_SOURCE_VERSION" > "$SPARSE.version"
fi

# b4 from the suite pinned in BASE, unpacked into build/tools/b4 (its
# Python modules; the dependencies are installed above).
if [ "$(cat "$B4.version" 2>/dev/null)" != "$B4_VERSION" ] || [ ! -f "$B4/b4/command.py" ]; then
	say "fetching $B4_PACKAGE from $B4_SUITE (private apt state in $BUILD/apt)"
	papt_fetch "$B4_SUITE" "$B4_PACKAGE" "$B4_VERSION" >/dev/null
	d=$(papt_dir "$B4_SUITE")
	rm -rf "$B4"
	mkdir -p "$(dirname "$B4")"
	mv "$d/x/usr/lib/python3/dist-packages" "$B4"
	rm -rf "$d/x"
	echo "$B4_VERSION" > "$B4.version"
fi

# The kernel source comes from another suite than the machine's, so it is
# fetched with a private apt state and unpacked, never installed.
[ -f "$BASE_TARBALL" ] && [ "$(cat "$BASE_TARBALL.version" 2>/dev/null)" = "$LINUX_SOURCE_VERSION" ] &&
	exit 0
say "fetching $LINUX_SOURCE_PACKAGE from $LINUX_SOURCE_SUITE (private apt state in $BUILD/apt)"
want=$(papt_fetch "$LINUX_SOURCE_SUITE" "$LINUX_SOURCE_PACKAGE" "$LINUX_SOURCE_VERSION")
d=$(papt_dir "$LINUX_SOURCE_SUITE")
mv "$d/x/usr/src/$LINUX_SOURCE_PACKAGE.tar.xz" "$BASE_TARBALL"
rm -rf "$d/x" "$d"/*.deb
echo "$want" > "$BASE_TARBALL.version"
say "$LINUX_SOURCE_PACKAGE $want in $BASE_TARBALL"
