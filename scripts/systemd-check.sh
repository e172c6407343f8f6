#!/usr/bin/env bash
# The systemd part of make check: the systemd series applies, builds and
# passes its unit tests here; then the Debian trixie guest with the
# patched systemd as PID 1 boots on the series' kernel and runs
# guest/systemd/check.sh, whose results are printed as they come. One
# "ok NAME" / "FAIL NAME" line per result (details indented below a FAIL).
# With --plan, prints only the number of results it gives.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

guest_checks=$(grep -cE '^\s*(check|expect|refuse|unittest) ' "$TOP/guest/systemd/check.sh")
if [ "${1:-}" = --plan ]; then
	echo $((7 + guest_checks))
	exit 0
fi

# step NAME COMMAND...: one result; stop at the first failure.
step() {
	local name=$1 log
	shift
	log=$(mktemp)
	if "$@" > "$log" 2>&1; then
		echo "ok $name"
	else
		echo "FAIL $name"
		tail -n 30 "$log" | sed 's/^/  /'
		rm -f "$log"
		exit 1
	fi
	rm -f "$log"
}

step "systemd series applies" "$TOP/scripts/systemd-tree.sh"
step "systemd builds" "$TOP/scripts/systemd-build.sh"
# On this machine (not booted with systemd) the tests that need systemd as
# PID 1 skip; the guest runs them all.
for t in test-load-fragment test-cgroup-util; do
	step "$t (here)" timeout 600 "$BUILD/systemd-build/$t"
done
step "systemd root filesystem" "$TOP/scripts/rootfs.sh"

log=$BUILD/systemd-guest.log
res=$BUILD/systemd-guest.results
err=$BUILD/systemd-run.err
rm -f "$log" "$res" "$err"
INITRAMFS=$BUILD/rootfs/initramfs.cpio MEM=3G TIMEOUT=${TIMEOUT:-1200} LOG=$log RESULTS=$res \
	APPEND="rdinit=/lib/systemd/systemd kunit.enable=0 systemd.show_status=0" \
	"$TOP/scripts/run.sh" > /dev/null 2> "$err"
rc=$?
touch "$log" "$res"
# The results come on their own serial port; the console log, without
# carriage returns and the terminal control sequences systemd writes to
# the console, is for the kernel's messages.
text=$BUILD/systemd-guest.txt
sed -E -e 's/\r$//' -e 's/\x1b\[[0-9;:?!]*[@-~]//g' -e 's/\x1b\][^\x07]*\x07//g' \
	-e 's/\x1b.//g' "$log" > "$text"
sed -i 's/\r$//' "$res"
sed -n '/^encids-systemd-begin$/,/^encids-systemd-end$/p' "$res" | grep -E '^(ok|FAIL) |^  '
if grep -q '^encids-systemd-end$' "$res"; then
	echo "ok systemd guest finished"
else
	echo "FAIL systemd guest finished (exit $rc)"
	sed 's/^/  run.sh: /' "$err"
	tail -n 10 "$res" | sed 's/^/  results: /'
	tail -n 30 "$text" | sed 's/^/  console: /'
fi
pattern='WARNING:|BUG:|kernel BUG at|KASAN|UBSAN|possible circular locking|inconsistent lock state|possible recursive locking|suspicious RCU usage|detected stalls|Kernel panic|Oops|general protection fault|Call Trace:|lockdep: '
# At loglevel=5 a clean boot prints a few lines, the last one the power
# down; none at all means the kernel never ran.
if ! grep -qE '^\[ *[0-9]+\.[0-9]+\]' "$text"; then
	echo "FAIL systemd guest kernel log is clean"
	echo "  no kernel log in $log"
elif grep -E '^\[ *[0-9]+\.[0-9]+\]' "$text" | grep -E "$pattern" > "$BUILD/systemd-dmesg-bad.log"; then
	echo "FAIL systemd guest kernel log is clean"
	sed 's/^/  /' "$BUILD/systemd-dmesg-bad.log"
else
	echo "ok systemd guest kernel log is clean"
fi
[ "$rc" -eq 0 ]
