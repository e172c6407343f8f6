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
	mkdir -p "$GUEST/selftests/kselftest"
	cp "$TREE/tools/testing/selftests/kselftest/ktap_helpers.sh" \
		"$GUEST/selftests/kselftest/"
fi
gcc -static -O2 -Wall -Werror -I"$TREE/lib" -o "$GUEST/bin/encid-hold" \
	"$TOP/guest/encid-hold.c"
say "packing $out"
(cd "$GUEST" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -1) > "$out"
