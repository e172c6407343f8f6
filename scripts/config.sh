#!/usr/bin/env bash
# Configure an out-of-tree build directory: tinyconfig with the fragments
# named on the command line merged by scripts/kconfig/merge_config.sh.
# Usage: config.sh OUTDIR FRAGMENT...
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=$1
shift
mkdir -p "$out"
frags=()
for f in "$@"; do
	frags+=("$(realpath "$f")")
done
set -- "${frags[@]}"
# Skip the work when neither the fragments nor any Kconfig file changed
# since the last run for this directory.
key=$( { cat "$@"; git -C "$TREE" ls-files -s -- ":(glob)**/Kconfig*";
	 git -C "$TREE" diff HEAD -- ':(glob)**/Kconfig*'; } | sha1sum)
if [ -f "$out/.config" ] && [ "$(cat "$out/.config-key" 2>/dev/null)" = "$key" ]; then
	exit 0
fi
rm -f "$out/.config-key"
say "configuring $out: tinyconfig + $*"
kmake O="$out" tinyconfig >/dev/null
(cd "$TREE" && KCONFIG_CONFIG="$out/.config" \
	./scripts/kconfig/merge_config.sh -m -O "$out" "$out/.config" "$@" >"$out/merge.log")
kmake O="$out" olddefconfig >/dev/null

# A fragment line that did not survive means a missing dependency.
bad=0
for f in "$@"; do
	while read -r line; do
		case "$line" in
		CONFIG_*=*) sym=${line%%=*} ;;
		"# CONFIG_"*" is not set") sym=${line#\# }; sym=${sym%% *}; line="" ;;
		*) continue ;;
		esac
		got=$(grep -E "^$sym=|^# $sym is not set" "$out/.config" || true)
		want=${line:-"# $sym is not set"}
		if [ "$got" != "$want" ] && ! { [ -z "$got" ] && [ "$want" = "# $sym is not set" ]; }; then
			# Symbols the tree does not know yet (a later patch adds them)
			# are fine; anything else is an error in a fragment.
			if grep -rqsE "^(menu)?config ${sym#CONFIG_}\$" "$TREE" --include='Kconfig*'; then
				echo "config: $f: wanted '$want', got '${got:-unset}'" >&2
				bad=1
			fi
		fi
	done < "$f"
done
[ "$bad" -eq 0 ] || die "a config fragment did not apply"
echo "$key" > "$out/.config-key"
