#!/usr/bin/env bash
# The root filesystem of the systemd guest: Debian trixie made with
# debootstrap (cached as build/rootfs/base.cpio.gz), with the patched
# systemd of build/systemd-build, the series' modules, the test provider's
# client and the test units laid over it (build/rootfs/overlay.cpio.gz).
# Both archives, concatenated, are build/rootfs/initramfs.cpio.gz; PID 1 is
# systemd (rdinit=/lib/systemd/systemd).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$TOP/scripts/papt.sh"
# shellcheck source=../systemd/BASE
. "$TOP/systemd/BASE"

out=$BUILD/rootfs
suite=$SYSTEMD_SOURCE_SUITE
include=systemd-sysv,udev,dbus,kmod
mkdir -p "$out"
key="$suite $include"
if [ ! -f "$out/base.cpio.gz" ] || [ "$(cat "$out/base.key" 2>/dev/null)" != "$key" ]; then
	say "debootstrap $suite into $out/base"
	rm -rf "$out/base" "$out/base.cpio.gz" "$out/base.key"
	debootstrap --variant=minbase --include="$include" "$suite" "$out/base" \
		"$(papt_mirror)" > "$out/debootstrap.log" 2>&1 ||
		{ tail -n 20 "$out/debootstrap.log"; die "debootstrap failed"; }
	# A guest with no network and no disk: no getty to wait for, the
	# root password empty for a shell on the console when debugging.
	chroot "$out/base" passwd -d root >/dev/null
	echo encids > "$out/base/etc/hostname"
	rm -rf "$out/base/var/cache/apt"/*.bin "$out/base/var/lib/apt/lists"/*_Packages
	(cd "$out/base" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -1) \
		> "$out/base.cpio.gz"
	rm -rf "$out/base"
	echo "$key" > "$out/base.key"
fi

b=$BUILD/systemd-build
o=$out/overlay
rm -rf "$o"
libdir=usr/lib/x86_64-linux-gnu/systemd
mkdir -p "$o/$libdir" "$o/usr/lib/systemd" "$o/usr/bin" "$o/usr/local/bin" \
	"$o/etc/systemd/system/multi-user.target.wants" "$o/usr/local/lib/encids"
# The patched programs replace Debian's; their private libraries have a
# tag of their own and go beside Debian's, where the programs' RUNPATH
# (set here, as meson's install would) finds them.
cp "$b"/src/shared/libsystemd-shared-257-encids.so "$b"/src/core/libsystemd-core-257-encids.so \
	"$o/$libdir/"
cp "$b/systemd" "$b/systemd-executor" "$o/usr/lib/systemd/"
cp "$b/systemctl" "$b/systemd-run" "$o/usr/bin/"
# systemd's unit tests of the series and their data, with the TEST-19
# subtest and its helpers, run in the guest where systemd is PID 1.
cp "$b/test-cgroup-mask" "$b/test-load-fragment" "$b/test-cgroup-util" "$o/usr/local/lib/encids/"
mkdir -p "$o/usr/local/lib/encids/test"
cp -a "$BUILD/systemd/test/units" "$o/usr/local/lib/encids/test/"
for f in "$o/usr/lib/systemd/systemd" "$o/usr/lib/systemd/systemd-executor" \
	 "$o/usr/bin/systemctl" "$o/usr/bin/systemd-run" "$o"/usr/local/lib/encids/test-* \
	 "$o/$libdir"/*-257-encids.so; do
	patchelf --set-rpath "/$libdir" "$f"
done
cp -a "$KOUT/mods/lib" "$o/usr/"
gcc -static -O2 -Wall -Werror -I"$TREE/lib" -o "$o/usr/local/bin/encid-hold" \
	"$TOP/guest/encid-hold.c"
cp "$TOP/guest/systemd/check.sh" "$o/usr/local/bin/encids-systemd-check"
cp "$TOP/guest/systemd/encids-systemd-check.service" "$o/etc/systemd/system/"
ln -s ../encids-systemd-check.service \
	"$o/etc/systemd/system/multi-user.target.wants/encids-systemd-check.service"
say "packing $out/initramfs.cpio.gz"
(cd "$o" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -1) > "$out/overlay.cpio.gz"
cat "$out/base.cpio.gz" "$out/overlay.cpio.gz" > "$out/initramfs.cpio.gz"
