# shellcheck shell=bash
# Common settings for the harness scripts. Sourced, not run.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
TREE=${TREE:-$BUILD/linux}
KOUT=${KOUT:-$BUILD/kout}   # the guest/test kernel (tinyconfig + fragments + debug)
BOUT=$BUILD/bisect        # per-patch W=1 C=2 object builds
KUOUT=$BUILD/kunit        # kunit.py --arch=um build
SOUT=$BUILD/selftests     # statically linked selftests
GUEST=${GUEST:-$BUILD/guest}  # initramfs staging
INITRAMFS=${INITRAMFS:-$BUILD/initramfs.cpio.gz}
JOBS=${JOBS:-$(nproc)}

# Who commits in the throwaway tree: the base commit and the committer of
# the applied patches (their authors come from the patches themselves).
TREE_IDENT_NAME="Encids Developers"
TREE_IDENT_EMAIL="encids@encids.invalid"

export CCACHE_DIR=${CCACHE_DIR:-${HOME:-/root}/.cache/ccache}
export CCACHE_BASEDIR=$BUILD
export CCACHE_SLOPPINESS=time_macros,include_file_mtime,include_file_ctime
export KBUILD_BUILD_TIMESTAMP="Thu Jan  1 00:00:00 UTC 2026"
export KBUILD_BUILD_USER=encids
export KBUILD_BUILD_HOST=encids

# shellcheck source=../BASE
. "$TOP/BASE"
BASE_TARBALL=$BUILD/$LINUX_SOURCE_PACKAGE.tar.xz  # fetched by deps.sh
SPARSE=$BUILD/tools/bin/sparse                     # built by deps.sh
B4=$BUILD/tools/b4                                 # unpacked by deps.sh

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The patches named by series.txt, in order, comments and blanks dropped.
series() {
	grep -v -e '^[[:space:]]*$' -e '^[[:space:]]*#' "$TOP/series.txt"
}

# The sections of series.txt, in order, one "COMMENT|DIR|COUNT" line each:
# a comment line and the COUNT patch lines under it, all in patches/DIR.
# "# Posting ..." sections are postings; the others are local.
sections() {
	awk '
		/^[[:space:]]*$/ { next }
		/^[[:space:]]*#/ { if (n) print c "|" d "|" n; c = $0; d = ""; n = 0; next }
		{ if (d == "") { d = $0; sub(/\/[^\/]*$/, "", d) } n++ }
		END { if (n) print c "|" d "|" n }' "$TOP/series.txt"
}

# section_split LINE: set comment, dir and count from a line of sections().
section_split() {
	comment=${1%%|*}
	local rest=${1#*|}
	dir=${rest%%|*}
	count=${rest##*|}
}

# section_needs COMMENT: the numbers of the postings that a posting's
# comment says it needs ("needs posting 1", "needs postings 1 and 2"); none
# for a posting based on the base alone.
section_needs() {
	sed -nE 's/.*needs postings? ([0-9]+((, | and )[0-9]+)*).*/\1/p' <<<"$1" |
		grep -oE '[0-9]+' || true
}

base_commit() {
	git -C "$TREE" rev-list --max-parents=0 HEAD | tail -n 1
}

kmake() {
	make -C "$TREE" -s CC="ccache gcc" HOSTCC="ccache gcc" CHECK="$SPARSE" \
		-j"$JOBS" "$@"
}

# tools/testing/kunit/kunit.py on UML with the series' KUnit configuration;
# the same options everywhere, so that one build serves make kunit and the
# benchmarks. Extra arguments (a suite filter, --raw_output) follow.
kunit_run() {
	(cd "$TREE" && ./tools/testing/kunit/kunit.py run --arch=um \
		--kunitconfig=kernel/cgroup \
		--kunitconfig="$TOP/configs/kunit-range-set.config" \
		--build_dir="$KUOUT" --jobs="$JOBS" \
		--make_options CC="ccache gcc" --make_options HOSTCC="ccache gcc" \
		"$@")
}
