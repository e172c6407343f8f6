#!/usr/bin/env bash
# Write each posting of series.txt as one mbox in build/mbox/, as git
# send-email would send it: git format-patch with a Message-Id on every
# mail, the patches threaded under the cover letter, "[PATCH vN m/n]"
# subjects (the prefix and version come from the subject of the
# posting's cover letter in patches/), To: and Cc: from
# scripts/get_maintainer.pl, and base-commit: and prerequisite-patch-id:
# lines (the patches of the earlier postings) at the end of the cover
# letter. The local part is not written.
#
# A posting is based on the base and the postings its comment in
# series.txt says it needs, not on every posting before it: where those
# are not all the earlier ones, its commits are picked onto them in a
# scratch worktree, and written from there. build/mbox/DIR.tree names
# the tree that applying the posting on those gives.
#
# IDENTITY="Name <address>" puts the sender's identity in place of the
# repository's placeholder author, in the From: headers, in the
# Signed-off-by: lines and in the Message-Ids; the patches' contents do
# not change.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ -e "$TREE/.git" ] || die "no tree at $TREE; run 'make tree' first"
placeholder="$TREE_IDENT_NAME <$TREE_IDENT_EMAIL>"
identity=${IDENTITY:-$placeholder}
case "$identity" in
*" <"*@*">") ;;
*) die "IDENTITY must look like 'Name <address>', not '$identity'" ;;
esac
id_name=${identity% <*}
id_email=${identity##*<}
id_email=${id_email%>}

base=$(base_commit)
mapfile -t commits < <(git -C "$TREE" rev-list --reverse "$base..HEAD")
mapfile -t sections < <(sections)
out=$BUILD/mbox
rm -rf "$out"
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

wt=$BUILD/mbox-tree
scratch() {	# the scratch worktree, on the base, with the series' files
	if [ ! -e "$wt/.git" ]; then
		git -C "$TREE" worktree prune
		git -C "$TREE" worktree add -q --detach --no-checkout "$wt" "$base"
		git -C "$TREE" diff --name-only "$base" HEAD | sed 's|^|/|' |
			git -C "$wt" sparse-checkout set --no-cone --stdin
	fi
	git -C "$wt" checkout -q --detach -f "$base"
}

i=0
n=0
starts=() ends=()
for s in "${sections[@]}"; do
	section_split "$s"
	first=${commits[$i]:-}
	last=${commits[$((i + count - 1))]:-}
	i=$((i + count))
	[ -n "$last" ] || die "the tree has fewer commits than series.txt names; run 'make tree'"
	case "$comment" in "# Posting"*) ;; *) continue ;; esac
	n=$((n + 1))
	starts[$n]=$first
	ends[$n]=$last
	mapfile -t needs < <(section_needs "$comment")
	repo=$TREE
	if [ "${needs[*]}" != "$(seq -s ' ' 1 $((n - 1)))" ]; then
		# Pick the needed postings and this one onto the base.
		scratch
		for k in "${needs[@]}" "$n"; do
			[ -n "${ends[$k]:-}" ] && [ "$k" -le "$n" ] ||
				die "$dir: needs posting $k, which does not come before it"
			git -C "$wt" -c user.name="$TREE_IDENT_NAME" -c user.email="$TREE_IDENT_EMAIL" \
				cherry-pick --allow-empty-message "${starts[$k]}^..${ends[$k]}" >/dev/null ||
				die "$dir does not apply on the base and posting(s) ${needs[*]:-none}"
		done
		repo=$wt
		last=$(git -C "$wt" rev-parse HEAD)
		first=$(git -C "$wt" rev-list --reverse "$base..HEAD" | tail -n "$count" | head -n 1)
	fi
	git -C "$repo" rev-parse "$last^{tree}" > "$out/$dir.tree"

	cover=$TOP/patches/$dir/0000-cover-letter.patch
	[ -f "$cover" ] || die "posting $dir has no cover letter"
	# "Subject: [PATCH v2 00/10] ..." gives "PATCH" and "2".
	prefix=$(sed -n 's/^Subject: \[\(.*\) 0*\/[0-9]*\].*/\1/p' "$cover" | head -n 1)
	[ -n "$prefix" ] || die "$cover: no [PATCH ... 0/n] subject"
	version=()
	if [[ "$prefix" =~ ^(.*)\ v([0-9]+)$ ]]; then
		prefix=${BASH_REMATCH[1]}
		version=(-v "${BASH_REMATCH[2]}")
	fi

	# The maintainers and reviewers of what the posting touches, and
	# its lists.
	git -C "$repo" diff "$first^" "$last" > "$tmp/gm-$dir.diff"
	# One run: "Name <address> (role:...)" per line; lists go to Cc:.
	(cd "$TREE" && perl scripts/get_maintainer.pl --no-git --no-git-fallback \
		--no-fixes --no-multiline --separator $'\n' "$tmp/gm-$dir.diff") \
		> "$tmp/gm-$dir.txt"
	mapfile -t to < <(grep -v ' (.*list[:)]' "$tmp/gm-$dir.txt" |
		sed 's/ (.*)$//' | grep -vxF "$placeholder")
	mapfile -t cc < <(grep ' (.*list[:)]' "$tmp/gm-$dir.txt" | sed 's/ (.*)$//' |
		grep -vxF -f <(printf '%s\n' "${to[@]}" "$placeholder"))
	addr=()
	for a in "${to[@]}"; do addr+=(--to="$a"); done
	for a in "${cc[@]}"; do addr+=(--cc="$a"); done

	d=$tmp/$dir
	GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 \
	GIT_COMMITTER_NAME=$id_name GIT_COMMITTER_EMAIL=$id_email \
		git -C "$repo" -c core.abbrev=12 format-patch -q --thread=shallow \
		--cover-letter --no-signature --subject-prefix="$prefix" "${version[@]}" \
		--base="$base" "${addr[@]}" -o "$d" "$first^..$last"
	python3 "$TOP/scripts/cover.py" --mail "$d"/*0000-cover-letter.patch "$cover"
	for f in "$d"/*.patch; do
		python3 "$TOP/scripts/identity.py" "$placeholder" "$identity" "$f"
	done
	cat "$d"/*.patch > "$out/$dir.mbox"
	say "wrote $out/$dir.mbox, on the base and posting(s) ${needs[*]:-none}: $(grep -ci '^Message-Id: ' "$out/$dir.mbox") mails"
done
[ ! -e "$wt/.git" ] || git -C "$TREE" worktree remove --force "$wt"
