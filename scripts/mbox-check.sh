#!/usr/bin/env bash
# Check the postings as a maintainer receives them: write them with
# mbox.sh, check each mbox's mails (a Message-Id on every one, the
# patches threaded under the cover letter, "[PATCH vN m/n]" subjects in
# order, base-commit: and one prerequisite-patch-id: per patch of the
# postings it needs), apply each with Debian's b4 am on the base and the
# postings it needs, in a scratch worktree, and compare the tree with the
# one the posting was written from; then apply them all in order and
# compare the tree, file for file, with the one make tree built. Prints
# one "ok"/"FAIL" line per posting and one for all of them.
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

# am MBOX: apply MBOX with b4 am and git am in the worktree; prints what
# went wrong, if anything.
am() {
	rm -rf "$tmp/am"
	if ! b4 am -m "$1" -o "$tmp/am" > "$tmp/b4.log" 2>&1; then
		echo "b4 am failed: $(tail -n 5 "$tmp/b4.log")"
	elif ! git -C "$wt" -c user.name=b4 -c user.email=b4@b4.invalid am -q "$tmp/am"/*.mbx \
			> "$tmp/am.log" 2>&1; then
		echo "git am of b4's output failed: $(tail -n 5 "$tmp/am.log")"
		git -C "$wt" am --abort 2>/dev/null || true
	fi
}

# same TREE WHAT: prints how the worktree's HEAD differs from TREE.
same() {
	if [ "$(git -C "$wt" rev-parse 'HEAD^{tree}')" != "$1" ]; then
		echo "the tree differs from $2:"
		git -C "$wt" diff --stat HEAD "$1" | tail -n 20
	fi
}

fail=0
report() {	# report PROBLEMS OK-TEXT FAIL-TEXT
	local problems
	problems=$(sed '/^$/d' <<<"$1")
	if [ -n "$problems" ]; then
		echo "FAIL b4 am: $3"
		sed 's/^/  /' <<<"$problems"
		fail=1
	else
		echo "ok b4 am: $2"
	fi
}

# Each posting alone, on the base and the postings it needs.
n=0
mboxes=() ends=()
i=0
for s in "${sections[@]}"; do
	section_split "$s"
	i=$((i + count))
	case "$comment" in "# Posting"*) ;; *) continue ;; esac
	n=$((n + 1))
	mboxes[$n]=$BUILD/mbox/$dir.mbox
	ends[$n]=${commits[$((i - 1))]}
	mapfile -t needs < <(section_needs "$comment")
	before=0
	git -C "$wt" checkout -q --detach -f "$base"
	problems=""
	for k in "${needs[@]}"; do
		problems+=$'\n'$(am "${mboxes[$k]}")
	done
	before=$(git -C "$wt" rev-list --count "$base..HEAD")
	problems+=$'\n'$(python3 "$TOP/scripts/mbox-lint.py" "${mboxes[$n]}" "$count" "$base" "$before" 2>&1)
	problems+=$'\n'$(am "${mboxes[$n]}")
	got=$(git -C "$wt" rev-list --count "$base..HEAD")
	[ "$got" -eq $((before + count)) ] || problems+=$'\n'"b4 am gave $((got - before)) patches, not $count"
	problems+=$'\n'$(same "$(cat "$BUILD/mbox/$dir.tree")" "the posting's own")
	report "$problems" "$dir on the base and posting(s) ${needs[*]:-none} ($count patches, tree as written)" "$dir"
done

# All postings in order, as make tree applies them.
git -C "$wt" checkout -q --detach -f "$base"
problems=""
for ((k = 1; k <= n; k++)); do
	problems+=$'\n'$(am "${mboxes[$k]}")
done
problems+=$'\n'$(same "$(git -C "$TREE" rev-parse "${ends[$n]}^{tree}")" "make tree's")
report "$problems" "postings 1 to $n in order: tree identical to make tree's" "postings 1 to $n in order"
exit "$fail"
