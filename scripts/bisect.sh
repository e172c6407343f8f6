#!/usr/bin/env bash
# Build every patch of the series on its own, in order, in a separate
# worktree so the main build stays warm: the objects of the C files each
# patch touches with W=1 and sparse (C=1: sparse runs on every object
# that the patch's changed sources and headers make rebuild), kernel-doc
# on the C files and headers it touches, and the selftests it touches. A warning fails the
# patch only if it is new: for a file that exists before the patch, the
# same checks on the parent commit give the warnings it already had
# (compared without line numbers). The SEV and TDX host objects are built
# for every patch. Prints one "ok"/"FAIL" line per patch.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

src=$BUILD/bisect-src
base=$(base_commit)
if [ ! -f "$src/.git" ] ||
   [ "$(git -C "$src" rev-parse --show-toplevel 2>/dev/null)" != "$src" ]; then
	rm -rf "$src"
	git -C "$TREE" worktree prune
	say "creating worktree $src"
	git -C "$TREE" worktree add -q --detach "$src" "$base"
fi
frags=("$TOP/configs/guest.config" "$TOP/configs/tests.config"
       "$TOP/configs/kunit.config" "$TOP/configs/werror.config")

# named OBJ: whether the Makefile or Kbuild file of OBJ's directory, or of
# an ancestor (arch/x86/kvm/Makefile builds svm/sev.o), names it.
named() {
	local d rel mk
	d=$(dirname "$1")
	rel=$(basename "$1")
	while [ "$d" != . ]; do
		for mk in "$src/$d/Makefile" "$src/$d/Kbuild"; do
			grep -qswF -- "$rel" "$mk" && return 0
		done
		rel=$(basename "$d")/$rel
		d=$(dirname "$d")
	done
	return 1
}

# check FILE...: W=1/sparse on the C files' objects, in one make run,
# and kernel-doc on each C file and header; prints the compiler's and
# tools' output.
check() {
	local f o objs=()
	for f in "$@"; do
		case "$f" in
		*.c)
			o=${f%.c}.o
			# Objects no Makefile names (a file the config cannot
			# build) are skipped.
			named "$o" && objs+=("$o")
			;;
		esac
	done
	if [ ${#objs[@]} -gt 0 ]; then
		TREE=$src kmake -k O="$BOUT" W=1 C=1 "${objs[@]}" 2>&1 ||
			echo "error: building ${objs[*]} failed"
	fi
	for f in "$@"; do
		case "$f" in
		*.c|*.h) "$src/scripts/kernel-doc" -none -Wall "$src/$f" 2>&1 || true ;;
		esac
	done
}

# The warnings of a check's output, without paths' worktree prefix and
# without line and column numbers, sorted.
warnings() {
	grep -E '(warning|error):' | grep -v '^make' |
		sed -E "s|$src/||; s/:[0-9]+(:[0-9]+)?:/:/" | sort
}

always=(arch/x86/kvm/svm/sev.c arch/x86/kvm/vmx/tdx.c arch/x86/virt/vmx/tdx/tdx.c)
fail=0
for c in $(git -C "$TREE" rev-list --reverse "$base..HEAD"); do
	subject=$(git -C "$TREE" log -1 --format=%s "$c")
	git -C "$src" checkout -q --detach "$c"
	if ! TREE=$src "$TOP/scripts/config.sh" "$BOUT" "${frags[@]}" >"$BOUT.config.log" 2>&1; then
		echo "FAIL build: $subject"
		sed 's/^/  /' "$BOUT.config.log"
		fail=1
		continue
	fi
	mapfile -t added < <(git -C "$src" diff --name-only --diff-filter=A "$c^" "$c")
	mapfile -t changed < <(git -C "$src" diff --name-only --diff-filter=M "$c^" "$c")
	# The SEV and TDX host code is built by every patch, whatever it
	# touches, so that a change to a header they use cannot break them
	# unseen (nothing runs them here).
	for f in "${always[@]}"; do
		printf '%s\n' "${changed[@]}" "${added[@]}" | grep -qxF "$f" || changed+=("$f")
	done
	tests=()
	for f in "${added[@]}" "${changed[@]}"; do
		case "$f" in
		tools/testing/selftests/*/*)
			d=${f#tools/testing/selftests/}
			tests+=("${d%%/*}") ;;
		esac
	done

	log=$BOUT/patch.log
	check "${added[@]}" "${changed[@]}" > "$log"
	if [ ${#tests[@]} -gt 0 ]; then
		TREE=$src kmake O="$BOUT" headers >>"$log" 2>&1 ||
			echo "error: make headers failed" >>"$log"
		for t in $(printf '%s\n' "${tests[@]}" | sort -u); do
			make -C "$src/tools/testing/selftests/$t" -s -j"$JOBS" \
				OUTPUT="$BOUT/selftests/$t" CC="ccache gcc" EXTRA_CFLAGS=-static \
				KHDR_INCLUDES="-isystem $BOUT/usr/include" >>"$log" 2>&1 ||
				echo "error: building selftests/$t failed" >>"$log"
		done
	fi
	warnings < "$log" > "$BOUT/new.txt" || true
	if [ -s "$BOUT/new.txt" ] && [ ${#changed[@]} -gt 0 ]; then
		# What the files the patch changes already had before it.
		git -C "$src" checkout -q --detach "$c^"
		check "${changed[@]}" | warnings > "$BOUT/old.txt" || true
		git -C "$src" checkout -q --detach "$c"
		rm -f "$BOUT/.config-key"	# the parent may have changed .config
		comm -23 "$BOUT/new.txt" "$BOUT/old.txt" > "$BOUT/added.txt"
		mv "$BOUT/added.txt" "$BOUT/new.txt"
	fi
	if [ -s "$BOUT/new.txt" ]; then
		echo "FAIL build: $subject"
		sed 's/^/  /' "$BOUT/new.txt" | head -n 40
		fail=1
	else
		echo "ok build: $subject"
	fi
done
exit "$fail"
