#!/usr/bin/env bash
# Every test of the series, in order; ends with "N passed, N failed" and
# exits non-zero if anything failed.
#   a. the series applies            d. KUnit (kunit.py, UML)
#   b. checkpatch --strict per patch e. kselftests in the QEMU guest
#   c. each patch builds (W=1, C=2)  f. a clean guest kernel log
set -uo pipefail
. "$(dirname "$0")/lib.sh"

pass=0 failed=0
failures=()
result() {	# result ok|fail NAME
	if [ "$1" = ok ]; then
		pass=$((pass + 1))
	else
		failed=$((failed + 1))
		failures+=("$2")
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
if "$TOP/scripts/deps.sh" && "$TOP/scripts/tree.sh"; then
	result ok "series applies"
else
	result fail "series applies"
	echo "$pass passed, $failed failed"
	exit 1
fi
stage_done a

stage "b: checkpatch"
while read -r status _ name; do
	[ "$status" = ok ] && result ok "checkpatch $name" || result fail "checkpatch $name"
done < <("$TOP/scripts/checkpatch.sh" | tee "$BUILD/checkpatch.log" | grep -E '^(ok|FAIL) ')
stage_done b

stage "c: every patch builds"
while read -r status rest; do
	[ "$status" = ok ] && result ok "$rest" || result fail "$rest"
done < <("$TOP/scripts/bisect.sh" 2>"$BUILD/bisect.err" | tee "$BUILD/bisect.log" | grep -E '^(ok|FAIL) ')
grep -q . "$BUILD/bisect.err" && tail -n 20 "$BUILD/bisect.err"
stage_done c

stage "d: KUnit"
"$TOP/scripts/kunit.sh" > "$BUILD/kunit.out" 2>&1
kunit_rc=$?
grep -E '\[(PASSED|FAILED|SKIPPED|CRASHED)\]' "$BUILD/kunit.out" | sed 's/^/  /'
# "Testing complete. Ran 36 tests: passed: 35, failed: 1"
summary=$(grep -E 'Testing complete\. Ran [0-9]+ tests' "$BUILD/kunit.out" | tail -n 1)
kp=$(sed -nE 's/.*passed: ([0-9]+).*/\1/p' <<<"$summary")
kf=$(sed -nE 's/.*(failed|crashed): ([0-9]+).*/\2/p' <<<"$summary")
for ((i = 0; i < ${kp:-0}; i++)); do result ok kunit; done
for ((i = 0; i < ${kf:-0}; i++)); do result fail kunit; done
if [ "$kunit_rc" -ne 0 ] || [ -z "$kp" ]; then
	tail -n 30 "$BUILD/kunit.out"
	result fail "kunit.py run"
fi
stage_done d

stage "e: build, boot and kselftests"
if "$TOP/scripts/build.sh" > "$BUILD/build.log" 2>&1 && "$TOP/scripts/initramfs.sh"; then
	LOG=$BUILD/check-guest.log "$TOP/scripts/run.sh" "$TOP/guest/check.sh" >/dev/null
	guest_rc=$?
	# KTAP/TAP result lines of the selftests, at any nesting depth.
	tap=$(sed -e 's/\r$//' "$BUILD/check-guest.log" |
	      grep -E '^ *(not )?ok [0-9]+ ' | grep -v '^ *ok [0-9]* .*# SKIP' || true)
	grep -E '^ *(not )?ok [0-9]+ ' "$BUILD/check-guest.log" | sed 's/^/  /'
	while read -r line; do
		[ -n "$line" ] || continue
		case "$line" in
		"not ok"*) result fail "kselftest: $line" ;;
		*) result ok kselftest ;;
		esac
	done <<<"$tap"
	[ "$guest_rc" -eq 0 ] || result fail "guest test script exited $guest_rc"
	stage_done e

	stage "f: guest kernel log"
	pattern='WARNING:|BUG:|KASAN|UBSAN|possible circular locking|inconsistent lock state|possible recursive locking|suspicious RCU usage|Kernel panic|Oops|general protection fault|lockdep: '
	if grep -E "$pattern" "$BUILD/check-guest.log" | grep -v 'encids-check:' > "$BUILD/dmesg-bad.log"; then
		cat "$BUILD/dmesg-bad.log"
		result fail "guest kernel log is clean"
	else
		result ok "guest kernel log is clean"
	fi
	stage_done f
else
	tail -n 40 "$BUILD/build.log"
	result fail "guest kernel builds"
fi

say "time: total $((SECONDS - total_start))s; ${times[*]}"
for f in "${failures[@]}"; do
	echo "failed: $f"
done
echo "$pass passed, $failed failed"
[ "$failed" -eq 0 ]
