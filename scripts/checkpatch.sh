#!/usr/bin/env bash
# checkpatch --strict on every patch of the series; findings listed in
# checkpatch.exceptions are reported but accepted. Prints one
# "ok"/"FAIL" line per patch and exits non-zero on any failure.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# spdxcheck.py needs the python3 that has python3-ply and python3-git.
export PATH=/usr/bin:$PATH

fail=0
while read -r p; do
	rc=0
	out=$(cd "$TREE" && ./scripts/checkpatch.pl --strict --show-types \
		--no-summary --terse -q "$TOP/patches/$p" 2>"$BUILD/checkpatch.err") || rc=$?
	bad=""
	# Findings make it exit 1; anything else, or noise on stderr, is a crash.
	if [ -s "$BUILD/checkpatch.err" ] || { [ "$rc" -ne 0 ] && [ -z "$out" ]; }; then
		bad="checkpatch.pl failed (exit $rc): $(head -c 500 "$BUILD/checkpatch.err")"$'\n'
	fi
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		type=$(sed -n 's/.*: \(ERROR\|WARNING\|CHECK\):\([A-Z_0-9]*\):.*/\2/p' <<<"$line")
		accepted=0
		while read -r glob etype reason; do
			case "$glob" in ''|'#'*) continue ;; esac
			# shellcheck disable=SC2254
			case "$p" in $glob) [ "$etype" = "$type" ] && accepted=1 ;; esac
		done < "$TOP/checkpatch.exceptions"
		if [ "$accepted" -eq 1 ]; then
			echo "  accepted: $line"
		else
			bad+="$line"$'\n'
		fi
	done <<<"$out"
	if [ -n "$bad" ]; then
		echo "FAIL checkpatch $p"
		printf '%s' "$bad" | sed 's/^/  /'
		fail=1
	else
		echo "ok checkpatch $p"
	fi
done < <(series)
exit "$fail"
