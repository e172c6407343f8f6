#!/usr/bin/env bash
# Boot the built kernel in QEMU (software emulation, -cpu max so kvm_amd
# loads and runs nested VMs; serial console; no network, no disk).
#   run.sh            on a terminal: the demo, then a shell; else the demo
#   run.sh SCRIPT     run SCRIPT in the guest and exit with its status
# The serial log goes to $LOG (default build/guest.log). With RESULTS=FILE
# the guest's second serial port (ttyS1), which only the test writes to,
# goes to FILE.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kernel=$KOUT/arch/x86/boot/bzImage
initrd=$INITRAMFS
log=${LOG:-$BUILD/guest.log}
[ -f "$kernel" ] && [ -f "$initrd" ] || die "build first: make build initramfs"

script=${1:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/root/run"
if [ -n "$script" ]; then
	[ -f "$script" ] || die "no such script: $script"
	mode=script
	cp "$script" "$tmp/root/run/script"
	chmod +x "$tmp/root/run/script"
elif [ -t 0 ] && [ -t 1 ]; then
	mode=shell
else
	mode=demo
fi
# A second cpio archive appended to the first adds /run/script.
(cd "$tmp/root" && find . | cpio -o -H newc --quiet | gzip -1) > "$tmp/run.cpio.gz"
cat "$initrd" "$tmp/run.cpio.gz" > "$tmp/initrd.gz"

ports=()
[ -z "${RESULTS:-}" ] || ports=(-serial mon:stdio -serial "file:$RESULTS")
qemu=(qemu-system-x86_64 -machine q35 -accel tcg -cpu max -smp 2 -m "${MEM:-2G}"
      -nographic "${ports[@]}" -no-reboot -nic none -kernel "$kernel" -initrd "$tmp/initrd.gz"
      -append "console=ttyS0 panic=-1 oops=panic loglevel=5 ENCIDS_MODE=$mode ${APPEND:-}")
say "booting ($mode) with $(basename "$kernel"); serial log in $log"
if [ "$mode" = shell ]; then
	"${qemu[@]}"
	exit 0
fi
set +e
timeout "${TIMEOUT:-1800}" "${qemu[@]}" </dev/null 2>&1 | tee "$log"
st=${PIPESTATUS[0]}
set -e
# A guest that gave its results and then hung is a failure all the same.
if [ "$st" -eq 124 ]; then
	echo "error: the guest was still running after ${TIMEOUT:-1800} s; see $log" >&2
	exit 1
fi
rc=$(cat "$log" ${RESULTS:+"$RESULTS"} | sed -n 's/.*encids-guest-exit: \([0-9]*\).*/\1/p' | tail -n 1)
if [ -z "$rc" ]; then
	echo "error: the guest did not finish (crash or timeout); see $log" >&2
	exit 1
fi
exit "$rc"
