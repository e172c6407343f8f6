# shellcheck shell=bash
# A private apt state under build/apt: fetches packages of other Debian
# suites without touching the machine's apt configuration. Sourced.
#
#   papt_init SUITE [deb|deb-src]...   write build/apt/SUITE/sources.list
#   papt SUITE apt-get-args...         run apt-get on that state
#   papt_fetch SUITE PKG PINNED        download PKG and unpack it
#
# The mirror is the one the machine's own Debian sources use (its deb822
# .sources files or sources.list), never a host name written here.

papt_mirror() {
	local uri f files=()
	if [ -n "${MIRROR:-}" ]; then
		printf '%s\n' "${MIRROR%/}"
		return 0
	fi
	# deb822 stanzas, debian.sources first: the first one for Debian's
	# archive (signed by its keyring, or not said) that is not security's.
	for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] && files+=("$f")
	done
	uri=$(awk '
		function flush() {
			if (u != "" && s != "" && s !~ /security/ && (k == "" || k ~ /debian-archive-keyring/)) {
				print u
				found = 1
				exit
			}
			u = s = k = ""
		}
		FNR == 1 { flush() }
		/^[[:space:]]*$/ { flush(); next }
		/^URIs:/ { u = $2 }
		/^Suites:/ { s = $0 }
		/^Signed-By:/ { k = $0 }
		END { if (!found) flush() }
	' "${files[@]}" /dev/null 2>/dev/null || true)
	if [ -z "$uri" ]; then
		files=()
		for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
			[ -f "$f" ] && files+=("$f")
		done
		uri=$(awk '$1 == "deb" && $0 !~ /security/ {
			for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' \
			"${files[@]}" /dev/null 2>/dev/null || true)
	fi
	[ -n "$uri" ] || die "no Debian mirror found in the machine's apt sources; set MIRROR=URL"
	printf '%s\n' "${uri%/}"
}

papt_dir() { printf '%s\n' "$BUILD/apt/$1"; }

papt_init() {
	local suite=$1 d mirror t
	shift
	d=$(papt_dir "$suite")
	mirror=$(papt_mirror)
	mkdir -p "$d/state/lists/partial" "$d/cache/archives/partial" "$d/etc"
	: > "$d/sources.list.new"
	for t in "${@:-deb}"; do
		echo "$t [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite main" \
			>> "$d/sources.list.new"
	done
	mv "$d/sources.list.new" "$d/sources.list"
	touch "$d/state/status"
}

papt() {
	papt_tool apt-get "$@"
}

papt_tool() {
	local tool=$1 suite=$2 d
	shift 2
	d=$(papt_dir "$suite")
	"$tool" -q -o Dir::State="$d/state" -o Dir::State::status="$d/state/status" \
		-o Dir::Cache="$d/cache" -o Dir::Etc::sourcelist="$d/sources.list" \
		-o Dir::Etc::sourceparts="$d/etc" -o Dir::Etc::Preferences="$d/etc/preferences" \
		-o Dir::Etc::PreferencesParts="$d/etc" -o APT::Get::List-Cleanup=0 \
		-o Debug::NoLocking=1 -o APT::Sandbox::User=root "$@"
}

# The versions of PKG that SUITE offers, newest first.
papt_versions() {
	papt_tool apt-cache "$1" madison "$2" 2>/dev/null | awk -F'|' '{gsub(/ /, "", $2); print $2}'
}

# The versions of source package PKG that SUITE offers, newest first.
papt_source_versions() {
	papt_tool apt-cache "$1" showsrc "$2" 2>/dev/null |
		sed -n 's/^Version: //p' | sort -rV -u
}

# papt_pick binary|source SUITE PKG PINNED: print the version of PKG to
# fetch from SUITE, PINNED when the suite still offers it, else the newest
# it has, after a loud warning on stderr; fail if it offers none.
papt_pick() {
	local kind=$1 suite=$2 pkg=$3 pinned=$4 lister=papt_versions v
	[ "$kind" = source ] && lister=papt_source_versions
	local all
	all=$("$lister" "$suite" "$pkg")
	if grep -qxF -- "$pinned" <<<"$all"; then
		printf '%s\n' "$pinned"
		return 0
	fi
	v=$(head -n 1 <<<"$all")
	[ -n "$v" ] || die "$suite offers no $pkg ($kind package)"
	cat >&2 <<WARN
########################################################################
# WARNING: $pkg $pinned, pinned in BASE, is no longer offered by
# $suite. Falling back to $v, the newest it has. Check the result and
# update BASE.
########################################################################
WARN
	printf '%s\n' "$v"
}

# papt_fetch SUITE PKG PINNED: download the binary package PKG of SUITE
# (PINNED, or the newest with papt_pick's warning) and unpack it, without
# installing it, into build/apt/SUITE/x; prints the version fetched.
papt_fetch() {
	local suite=$1 pkg=$2 pinned=$3 d v
	papt_init "$suite" deb
	papt "$suite" update -qq >&2
	v=$(papt_pick binary "$suite" "$pkg" "$pinned")
	d=$(papt_dir "$suite")
	rm -rf "$d"/*.deb "$d/x"
	(cd "$d" && papt "$suite" download -qq "$pkg=$v") >&2
	dpkg-deb -x "$d"/"$pkg"_*.deb "$d/x"
	rm -f "$d"/*.deb
	printf '%s\n' "$v"
}
