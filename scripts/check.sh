#!/usr/bin/env bash
# Every test of the series, in order; ends with "N passed, N failed" and
# exits non-zero if anything failed.
#   a. the series applies             e. the guest kernel and selftests build
#   b. checkpatch --strict per patch  f. the guest boots: KUnit at boot,
#   c. the postings: mbox, b4 am         then the kselftests
#   d. each patch builds (W=1, C=1)   g. a clean guest kernel log
#                                     h. the systemd series: builds, unit
#                                        tests, a systemd-booted guest
set -uo pipefail
. "$(dirname "$0")/lib.sh"

pass=0 failed=0 skipped=0
failures=()
result() {	# result ok|fail|skip NAME
	case "$1" in
	ok) pass=$((pass + 1)) ;;
	skip) skipped=$((skipped + 1)) ;;
	*) failed=$((failed + 1)); failures+=("$2") ;;
	esac
}
npatches=$(series | wc -l)

# results NAME SCRIPT COUNT WHAT: run a script that prints one
# "ok ..."/"FAIL ..." line per item (details indented below a FAIL); count
# its results, and fail once more if it stopped early or did not give
# COUNT results, one for each of WHAT.
results() {
	local name=$1 script=$2 count=$3 what=$4 rc=0 n=0 status rest
	"$script" > "$BUILD/$name.log" 2>&1 || rc=$?
	grep -v '^  accepted:' "$BUILD/$name.log" | grep -E '^(FAIL|  )' || true
	while read -r status rest; do
		n=$((n + 1))
		if [ "$status" = ok ]; then result ok "$rest"; else result fail "$rest"; fi
	done < <(grep -E '^(ok|FAIL) ' "$BUILD/$name.log")
	if [ "$n" -ne "$count" ] || { [ "$rc" -ne 0 ] && ! grep -q '^FAIL ' "$BUILD/$name.log"; }; then
		tail -n 20 "$BUILD/$name.log"
		result fail "$name: $n results for $count $what, exit $rc"
	fi
}
stage() {
	say "stage $1 ($(date +%T))"
	stage_start=$SECONDS
}
stage_done() {
	say "stage $1 took $((SECONDS - stage_start)) s"
	times+=("$1 $((SECONDS - stage_start))s")
}
times=()
total_start=$SECONDS

stage "a: deps and tree"
if ! "$TOP/scripts/deps.sh"; then
	result fail "packages install"
	echo "$pass passed, $failed failed, $skipped skipped"
	exit 1
fi
if "$TOP/scripts/tree.sh"; then
	result ok "series applies"
else
	result fail "series applies"
	echo "$pass passed, $failed failed, $skipped skipped"
	exit 1
fi
stage_done a

stage "b: checkpatch"
results checkpatch "$TOP/scripts/checkpatch.sh" "$npatches" patches
stage_done b

stage "c: the postings as mail, applied with b4 am"
results mbox-check "$TOP/scripts/mbox-check.sh" "$(($(sections | grep -c '^# Posting') + 1))" \
	"checks (each posting, then all in order)"
stage_done c

stage "d: every patch builds"
results bisect "$TOP/scripts/bisect.sh" "$npatches" patches
stage_done d

stage "e: the guest kernel and the selftests build"
if "$TOP/scripts/build.sh" > "$BUILD/build.log" 2>&1 && "$TOP/scripts/initramfs.sh"; then
	stage_done e

	stage "f: the guest boots: KUnit at boot, then the kselftests"
	rm -f "$BUILD/check-guest.log"
	LOG=$BUILD/check-guest.log "$TOP/scripts/run.sh" "$TOP/guest/check.sh" >/dev/null
	guest_rc=$?
	# The KUnit suites built into the kernel ran at boot; kunit.py reads
	# their results from the kernel log that guest/check.sh prints.
	sed -e 's/\r$//' "$BUILD/check-guest.log" |
		sed -n '/^encids-kunit-begin$/,/^encids-kunit-end$/p' |
		(cd "$TREE" && ./tools/testing/kunit/kunit.py parse) > "$BUILD/kunit.out" 2>&1
	kunit_rc=$?
	grep -E '\[(PASSED|FAILED|SKIPPED|CRASHED)\]' "$BUILD/kunit.out" | sed 's/^/  /'
	# "Testing complete. Ran 36 tests: passed: 35, failed: 1"
	summary=$(grep -E 'Testing complete\. Ran [0-9]+ tests' "$BUILD/kunit.out" | tail -n 1)
	kp=$(sed -nE 's/.*passed: ([0-9]+).*/\1/p' <<<"$summary")
	kf=0
	for k in failed crashed errors; do
		v=$(sed -nE "s/.*$k: ([0-9]+).*/\1/p" <<<"$summary")
		kf=$((kf + ${v:-0}))
	done
	ks=$(sed -nE 's/.*skipped: ([0-9]+).*/\1/p' <<<"$summary")
	for ((i = 0; i < ${ks:-0}; i++)); do result skip kunit; done
	for ((i = 0; i < ${kp:-0}; i++)); do result ok kunit; done
	for ((i = 0; i < kf; i++)); do result fail kunit; done
	if [ "$kunit_rc" -ne 0 ] || [ -z "$kp" ] || [ "$kp" -eq 0 ]; then
		tail -n 30 "$BUILD/kunit.out"
		result fail "KUnit at boot"
	fi
	# The top-level TAP results of each selftest program, and its plan.
	sed -e 's/\r$//' "$BUILD/check-guest.log" |
		sed -n '/^encids-tap-begin$/,/^encids-tap-end$/p' > "$BUILD/check-guest.tap"
	grep -E '^(not )?ok [0-9]+ |^1\.\.[0-9]+' "$BUILD/check-guest.tap" | sed 's/^/  /'
	planned=0 ran=0
	while read -r line; do
		case "$line" in
		1..*) planned=$((planned + ${line#1..})); continue ;;
		"not ok"*) result fail "kselftest: $line" ;;
		*"# SKIP"*) result skip "$line" ;;
		*) result ok kselftest ;;
		esac
		ran=$((ran + 1))
	done < <(grep -E '^(not )?ok [0-9]+ |^1\.\.[0-9]+' "$BUILD/check-guest.tap")
	[ "$ran" -eq "$planned" ] && [ "$ran" -gt 0 ] ||
		result fail "kselftests: $ran results for a plan of $planned"
	[ "$guest_rc" -eq 0 ] || result fail "guest test script exited $guest_rc"
	stage_done f

	stage "g: guest kernel log"
	pattern='WARNING:|BUG:|kernel BUG at|KASAN|UBSAN|possible circular locking|inconsistent lock state|possible recursive locking|suspicious RCU usage|detected stalls|Kernel panic|Oops|general protection fault|Call Trace:|lockdep: '
	# Kernel messages only: they carry the printk time stamp.
	if grep -E '^\[ *[0-9]+\.[0-9]+\]' "$BUILD/check-guest.log" |
	   grep -E "$pattern" > "$BUILD/dmesg-bad.log"; then
		cat "$BUILD/dmesg-bad.log"
		result fail "guest kernel log is clean"
	else
		result ok "guest kernel log is clean"
	fi
	stage_done g

	stage "h: systemd: the slice settings, in a guest with systemd as PID 1"
	results systemd "$TOP/scripts/systemd-check.sh" \
		"$(( $("$TOP/scripts/systemd-check.sh" --plan) ))" "systemd results"
	stage_done h
else
	tail -n 40 "$BUILD/build.log"
	result fail "guest kernel builds"
	stage_done e
fi

say "time: total $((SECONDS - total_start))s; ${times[*]}"
for f in "${failures[@]}"; do
	echo "failed: $f"
done
echo "$pass passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
