#!/usr/bin/env bash
# Check the postings as a maintainer receives them: write them with
# mbox.sh, check each mbox's mails (a Message-Id on every one, the
# patches threaded under the cover letter, "[PATCH vN m/n]" subjects in
# order, base-commit: and one prerequisite-patch-id: per patch of the
# earlier postings), then apply each with Debian's b4 am, in order, on
# the base in a scratch worktree, and compare the tree after each posting
# with the one make tree built at the same point, file for file. Prints
# one "ok"/"FAIL" line per posting.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ -e "$TREE/.git" ] || die "no tree at $TREE; run 'make tree' first"
[ -f "$B4/b4/command.py" ] || die "no b4 in $B4; run scripts/deps.sh"
IDENTITY="" "$TOP/scripts/mbox.sh"

base=$(base_commit)
mapfile -t commits < <(git -C "$TREE" rev-list --reverse "$base..HEAD")
mapfile -t sections < <(sections)
wt=$BUILD/b4-tree
tmp=$(mktemp -d)
cleanup() {
	rm -rf "$tmp"
	git -C "$TREE" worktree remove --force "$wt" 2>/dev/null || rm -rf "$wt"
}
trap cleanup EXIT
cleanup
mkdir -p "$tmp"
# Only the files the postings touch are checked out: git am needs no
# others, and the trees are compared as git objects, whole.
git -C "$TREE" worktree add -q --detach --no-checkout "$wt" "$base"
git -C "$TREE" diff --name-only "$base" HEAD | sed 's|^|/|' > "$tmp/paths"
git -C "$wt" sparse-checkout set --no-cone --stdin < "$tmp/paths"
git -C "$wt" checkout -q --detach "$base"

b4() {	# Debian's b4, with the system's python3 and b4's Debian dependencies
	(cd "$wt" && PYTHONPATH=$B4 XDG_DATA_HOME=$tmp/xdg XDG_CACHE_HOME=$tmp/xdg \
		/usr/bin/python3 -m b4.command --offline-mode "$@")
}

fail=0
i=0
for s in "${sections[@]}"; do
	comment=${s%%|*}
	rest=${s#*|}
	dir=${rest%%|*}
	count=${rest##*|}
	before=$i
	i=$((i + count))
	case "$comment" in "# Posting"*) ;; *) continue ;; esac
	mbox=$BUILD/mbox/$dir.mbox
	problems=$(python3 "$TOP/scripts/mbox-lint.py" "$mbox" "$count" "$base" "$before" 2>&1) || true
	rm -rf "$tmp/am"
	if ! b4 am -m "$mbox" -o "$tmp/am" > "$tmp/b4.log" 2>&1; then
		problems+=$'\n'"b4 am failed: $(tail -n 5 "$tmp/b4.log")"
	elif ! git -C "$wt" -c user.name=b4 -c user.email=b4@b4.invalid am -q "$tmp/am"/*.mbx \
			> "$tmp/am.log" 2>&1; then
		problems+=$'\n'"git am of b4's output failed: $(tail -n 5 "$tmp/am.log")"
		git -C "$wt" am --abort 2>/dev/null || true
	else
		got=$(git -C "$wt" rev-list --count "$base..HEAD")
		want=$(git -C "$TREE" rev-parse "${commits[$((i - 1))]}^{tree}")
		[ "$got" -eq "$i" ] || problems+=$'\n'"b4 am gave $((got - before)) patches, not $count"
		if [ "$(git -C "$wt" rev-parse 'HEAD^{tree}')" != "$want" ]; then
			problems+=$'\n'"the tree differs from make tree's after this posting:"
			problems+=$'\n'"$(git -C "$wt" diff --stat HEAD "$want" | tail -n 20)"
		fi
	fi
	problems=$(sed '/^$/d' <<<"$problems")
	if [ -n "$problems" ]; then
		echo "FAIL b4 am: $dir"
		sed 's/^/  /' <<<"$problems"
		fail=1
	else
		echo "ok b4 am: $dir ($count patches, tree identical to make tree's)"
	fi
done
exit "$fail"
