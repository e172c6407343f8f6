#!/usr/bin/env bash
# Pack the guest's initramfs: busybox, /init, the demo and test scripts,
# the modules and the selftest binaries.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=$INITRAMFS
rm -rf "$GUEST"
mkdir -p "$GUEST"/{bin,sbin,dev,proc,sys,tmp,root,etc,lib,run,selftests}
cp /bin/busybox "$GUEST/bin/busybox"
cp "$TOP"/guest/init "$GUEST/init"
cp "$TOP"/guest/*.sh "$GUEST/bin/"
chmod +x "$GUEST/init" "$GUEST"/bin/*.sh
echo 'root:x:0:0:root:/root:/bin/sh' > "$GUEST/etc/passwd"
echo 'nobody:x:65534:65534:nobody:/:/bin/false' >> "$GUEST/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$GUEST/etc/group"
if [ -d "$KOUT/mods/lib/modules" ]; then
	cp -a "$KOUT/mods/lib/modules" "$GUEST/lib/"
fi
if [ -d "$SOUT" ]; then
	cp -a "$SOUT"/. "$GUEST/selftests/"
	for t in "$GUEST"/selftests/*/; do
		src=$TREE/tools/testing/selftests/$(basename "$t")
		find "$src" -maxdepth 1 -name '*.sh' -exec cp {} "$t" \;
	done
	# Only the programs of the KVM selftests, not their objects.
	find "$GUEST/selftests" -name '*.[oad]' -delete
	mkdir -p "$GUEST/selftests/kselftest"
	cp "$TREE/tools/testing/selftests/kselftest/ktap_helpers.sh" \
		"$GUEST/selftests/kselftest/"
fi
# libcgroup's tools (cgroup-tools) and the shared libraries they need, for
# the operator-facing tests.
for b in cgcreate cgset cgget cgdelete; do
	cp "/usr/bin/$b" "$GUEST/bin/"
	for l in $(ldd "/usr/bin/$b" | grep -o '/[^ ]*'); do
		mkdir -p "$GUEST$(dirname "$l")"
		cp -L "$l" "$GUEST$l"
	done
done
# Static glibc programs that cancel threads (upstream's test_core) load
# libgcc_s at run time.
l=$(gcc -print-file-name=libgcc_s.so.1)
mkdir -p "$GUEST/lib/x86_64-linux-gnu"
cp -L "$l" "$GUEST/lib/x86_64-linux-gnu/"
gcc -static -O2 -Wall -Werror -I"$TREE/lib" -o "$GUEST/bin/encid-hold" \
	"$TOP/guest/encid-hold.c"
say "packing $out"
(cd "$GUEST" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -1) > "$out"
