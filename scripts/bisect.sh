#!/usr/bin/env bash
# Build every patch of the series on its own, in order, in a separate
# worktree so the main build stays warm: the objects of the C files each
# patch touches with W=1 and sparse (C=2), kernel-doc on the C files and
# headers it touches, and the selftests it touches. Prints one
# "ok"/"FAIL" line per patch.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

src=$BUILD/bisect-src
base=$(base_commit)
if ! git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
	rm -rf "$src"
	git -C "$TREE" worktree prune
	say "creating worktree $src"
	git -C "$TREE" worktree add -q --detach "$src" "$base"
fi

fail=0
for c in $(git -C "$TREE" rev-list --reverse "$base..HEAD"); do
	subject=$(git -C "$TREE" log -1 --format=%s "$c")
	git -C "$src" checkout -q --detach "$c"
	TREE=$src "$TOP/scripts/config.sh" "$BOUT" "$TOP/configs/guest.config" \
		"$TOP/configs/tests.config" "$TOP/configs/kunit.config" \
		>/dev/null 2>"$BOUT.config.log" ||
		{ cat "$BOUT.config.log"; fail=1; echo "FAIL build: $subject"; continue; }
	mapfile -t files < <(git -C "$src" diff --name-only --diff-filter=AM "$c^" "$c")
	objs=() docs=() tests=()
	for f in "${files[@]}"; do
		case "$f" in
		tools/testing/selftests/*)
			d=${f#tools/testing/selftests/}; tests+=("${d%%/*}") ;;
		tools/*|Documentation/*|scripts/*) ;;
		*.c) objs+=("${f%.c}.o"); docs+=("$f") ;;
		*.h) docs+=("$f") ;;
		esac
	done
	log=$BOUT/patch.log
	: > "$log"
	ok=1
	# Objects the configuration does not build are skipped by name.
	for o in "${objs[@]}"; do
		if ! grep -qs "$(basename "$o")" "$src/$(dirname "$o")/Makefile"; then
			continue
		fi
		TREE=$src kmake O="$BOUT" W=1 C=2 "$o" >>"$log" 2>&1 || ok=0
	done
	for d in "${docs[@]}"; do
		"$src/scripts/kernel-doc" -none -Wall "$src/$d" >>"$log" 2>&1 || ok=0
	done
	if [ ${#tests[@]} -gt 0 ]; then
		TREE=$src kmake O="$BOUT" headers >/dev/null 2>&1
		for t in $(printf '%s\n' "${tests[@]}" | sort -u); do
			make -C "$src/tools/testing/selftests/$t" -s -j"$JOBS" \
				OUTPUT="$BOUT/selftests/$t" EXTRA_CFLAGS=-static \
				KHDR_INCLUDES="-isystem $BOUT/usr/include" >>"$log" 2>&1 || ok=0
		done
	fi
	if grep -E 'warning:|error:' "$log" | grep -v '^make' >/dev/null; then
		ok=0
	fi
	if [ "$ok" -eq 1 ]; then
		echo "ok build: $subject"
	else
		echo "FAIL build: $subject"
		sed 's/^/  /' "$log" | head -n 40
		fail=1
	fi
done
exit "$fail"
