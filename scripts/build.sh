#!/usr/bin/env bash
# Build the guest kernel (tinyconfig + guest, tests and debug fragments)
# out of tree with ccache, its modules and uapi headers, and the
# statically linked selftests.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ -e "$TREE/.git" ] || die "no tree at $TREE; run 'make tree' first"
# DEBUG=0 (for benchmarks) leaves out configs/debug.config and the KUnit
# suites of configs/kunit.config, which the test kernel runs at boot.
frags=("$TOP/configs/guest.config" "$TOP/configs/systemd.config"
	"$TOP/configs/tests.config")
[ "${DEBUG:-1}" = 0 ] || frags+=("$TOP/configs/debug.config" "$TOP/configs/kunit.config")
"$TOP/scripts/config.sh" "$KOUT" "${frags[@]}"

say "building bzImage and modules in $KOUT"
kmake O="$KOUT" bzImage modules
say "installing headers and modules"
kmake O="$KOUT" headers >/dev/null
rm -rf "$KOUT/mods"
kmake O="$KOUT" INSTALL_MOD_PATH="$KOUT/mods" modules_install >/dev/null

say "building the selftests in $SOUT"
selftest() {	# selftest DIR [TARGET...]
	local t=$1
	shift
	make -C "$TREE/tools/testing/selftests/$t" -s -j"$JOBS" \
		OUTPUT="$SOUT/$t" CC="ccache gcc" EXTRA_CFLAGS=-static \
		KHDR_INCLUDES="-isystem $KOUT/usr/include" "$@"
}
[ ! -d "$TREE/tools/testing/selftests/encid" ] || selftest encid
# Upstream's cgroup selftests that the guest kernel can run (the series
# changes cgroup core); guest/check.sh lists what it runs and why.
cgroup_tests=(test_core test_freezer test_kill test_pids)
selftest cgroup "${cgroup_tests[@]/#/$SOUT/cgroup/}"
# The KVM selftests of the series, and private_mem_conversions_test to show
# the KVM_HC_MAP_GPA_RANGE exit works as before.
kvm_tests=(x86/shared_ranges_test x86/private_mem_conversions_test)
if [ -f "$TREE/tools/testing/selftests/kvm/${kvm_tests[0]}.c" ]; then
	selftest kvm "${kvm_tests[@]/#/$SOUT/kvm/}"
fi
