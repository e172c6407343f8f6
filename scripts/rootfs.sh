#!/usr/bin/env bash
# The root filesystem of the systemd guest: Debian trixie made with
# debootstrap (cached as build/rootfs/base.cpio), with the patched
# systemd of build/systemd-build, the series' modules, the test provider's
# client and the test units laid over it (build/rootfs/overlay.cpio).
# Both archives, concatenated, are build/rootfs/initramfs.cpio; PID 1 is
# systemd (rdinit=/lib/systemd/systemd).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$TOP/scripts/papt.sh"
# shellcheck source=../systemd/BASE
. "$TOP/systemd/BASE"

out=$BUILD/rootfs
suite=$SYSTEMD_SOURCE_SUITE
include=systemd-sysv,udev,dbus,kmod

# trim DIR: what the test guest does not use. Under software emulation and
# the debug kernel every program started costs seconds: no generators, no
# udev (devtmpfs makes the device nodes), no gettys, timers or first-boot
# jobs; journald and D-Bus stay.
trim() {
	local d=$1 u
	rm -rf "$d"/usr/share/{doc,man,info,locale} "$d"/var/cache/apt/* "$d"/var/lib/apt/lists/*
	rm -f "$d"/usr/lib/systemd/system-generators/*
	for u in systemd-udevd.service systemd-udevd-control.socket systemd-udevd-kernel.socket \
		 systemd-udev-trigger.service systemd-udev-settle.service systemd-hwdb-update.service \
		 getty@.service serial-getty@.service getty.target systemd-logind.service \
		 apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer fstrim.timer \
		 e2scrub_all.timer systemd-tmpfiles-clean.timer modprobe@.service ldconfig.service \
		 systemd-journal-catalog-update.service systemd-update-done.service \
		 systemd-random-seed.service systemd-journal-flush.service systemd-update-utmp.service \
		 systemd-pstore.service systemd-binfmt.service sys-kernel-config.mount \
		 sys-fs-fuse-connections.mount systemd-firstboot.service systemd-machine-id-commit.service; do
		ln -sf /dev/null "$d/etc/systemd/system/$u"
	done
	# A guest with no network and no disk: the root password empty for a
	# shell on the console when debugging.
	chroot "$d" passwd -d root >/dev/null
	echo encids > "$d/etc/hostname"
}

mkdir -p "$out"
# The cached base is remade when the suite, the packages or trim() change.
key=$( { echo "$suite $include"; declare -f trim; } | sha1sum)
if [ ! -f "$out/base.cpio" ] || [ "$(cat "$out/base.key" 2>/dev/null)" != "$key" ]; then
	say "debootstrap $suite into $out/base"
	rm -rf "$out/base" "$out/base.cpio" "$out/base.key"
	debootstrap --variant=minbase --include="$include" "$suite" "$out/base" \
		"$(papt_mirror)" > "$out/debootstrap.log" 2>&1 ||
		{ tail -n 20 "$out/debootstrap.log"; die "debootstrap failed"; }
	chroot "$out/base" dpkg-query -W -f='${Version}\n' systemd > "$out/base.systemd"
	trim "$out/base"
	# Not compressed: the debug kernel inflates a gzip archive of this
	# size under emulation in about 95 s, and reads a plain one at once.
	(cd "$out/base" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) > "$out/base.cpio"
	rm -rf "$out/base"
	echo "$key" > "$out/base.key"
fi
# The guest's other systemd programs (journald, busctl, ...) are Debian's
# of the suite; say so when they are not of the version the series is on.
if [ "$(cat "$out/base.systemd" 2>/dev/null)" != "$SYSTEMD_SOURCE_VERSION" ]; then
	say "warning: the root filesystem has Debian's systemd $(cat "$out/base.systemd" 2>/dev/null ||
		echo "(unknown)"), the series is on $SYSTEMD_SOURCE_VERSION"
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
cp "$b/test-cgroup-mask" "$b/test-cgroup-util" "$o/usr/local/lib/encids/"
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
say "packing $out/initramfs.cpio"
(cd "$o" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) > "$out/overlay.cpio"
cat "$out/base.cpio" "$out/overlay.cpio" > "$out/initramfs.cpio"
