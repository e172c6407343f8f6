#!/bin/bash
# The systemd guest's test, run by encids-systemd-check.service with the
# series' systemd as PID 1: encids limits on slices through systemctl only,
# then systemd's unit tests and its TEST-19 subtest of the series. One
# "ok NAME" or "FAIL NAME" line per check (details indented below a FAIL)
# between encids-systemd-begin and encids-systemd-end; then
# "encids-guest-exit: 0" if all passed, 1 if not.
set -u
export PATH=/usr/local/bin:/usr/bin:/usr/sbin
export SYSTEMD_PAGER= SYSTEMD_COLORS=0 LC_ALL=C.UTF-8
cg=/sys/fs/cgroup
slice=tenant-a.slice
# A dash in a slice's name nests it: tenant-a.slice is in tenant.slice.
pcg=$cg/tenant.slice
scg=$pcg/$slice
dropin=/etc/systemd/system.control/$slice.d/50-EncryptionIDsMax.conf
failed=0

ok() { echo "ok $*"; }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }
# expect NAME EXPECTED ACTUAL
expect() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		fail "$1"
		printf '  expected: %s\n' "$2" | sed -n '1p;2,$s/^/  /p'
		printf '  got:      %s\n' "$3" | sed -n '1p;2,$s/^/  /p'
		return 1
	fi
}
# check NAME COMMAND...: the command succeeds
check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then ok "$name"; else fail "$name"; printf '%s\n' "$out" | sed 's/^/  /'; fi
}
# refuse NAME MESSAGE COMMAND...: the command fails, saying MESSAGE
refuse() {
	local name=$1 msg=$2 out
	shift 2
	if ! out=$("$@" 2>&1) && grep -qF -- "$msg" <<<"$out"; then
		ok "$name"
	else
		fail "$name"
		printf '  expected a failure saying: %s\n' "$msg"
		printf '%s\n' "$out" | sed 's/^/  /'
	fi
}
show() { systemctl show -P "$2" "$1" | paste -sd, -; }
line() { grep -x "$2" "$1" 2>/dev/null || echo "(no line '$2' in $1: $(paste -sd, "$1" 2>/dev/null))"; }
# settle FILE WANT: up to 30 s for FILE (lines joined by ",") to read WANT,
# as PID 1 applies cgroup settings from its event loop; prints what FILE
# reads at the end
settle() {
	local end=$((SECONDS + 30))
	while [ "$(paste -sd, "$1" 2>/dev/null)" != "$2" ] && [ $SECONDS -lt $end ]; do
		sleep 0.5
	done
	paste -sd, "$1" 2>/dev/null
}
# wait_for FILE PATTERN: up to 60 s for PATTERN to show up in FILE
wait_for() {
	local i
	for ((i = 0; i < 600; i++)); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

echo encids-systemd-begin
echo "systemd: $(systemctl --version | head -n 1)"

# The test provider: 8 simulated sev IDs charged to the caller's cgroup.
check "test provider loads" modprobe test_encid pools=sev:8,sev_es:4
check "the kernel has encids" grep -qw encids $cg/cgroup.controllers

# The operator's line; it persists as a drop-in.
check "set-property EncryptionIDsMax=\"sev 2\"" systemctl set-property $slice EncryptionIDsMax="sev 2"
expect "drop-in in /etc" "EncryptionIDsMax=,EncryptionIDsMax=sev 2" \
	"$(grep '^EncryptionIDsMax' "$dropin" | paste -sd, -)"
expect "show -p EncryptionIDsMax" "EncryptionIDsMax=sev 2" \
	"$(systemctl show -p EncryptionIDsMax $slice)"

# A service in the slice asks for three IDs and gets two.
rm -f /run/vm-a.out
check "a service starts in the slice" systemd-run --unit=vm-a --slice=$slice \
	-p StandardOutput=file:/run/vm-a.out encid-hold --wait sev 3
wait_for /run/vm-a.out '^holding' || true
expect "service: first two IDs granted, third refused" \
	"request 1: sev ID,request 2: sev ID,request 3: Device or resource busy,holding 2" \
	"$(sed -E 's/(ID) [0-9]+$/\1/' /run/vm-a.out 2>/dev/null | paste -sd, -)"
expect "slice encids.events: sev.max 1" "sev.max 1" "$(line $scg/encids.events 'sev.max.*')"
expect "slice encids.max: sev 2" "sev 2" "$(line $scg/encids.max 'sev .*')"
expect "slice encids.max: sev_es max" "sev_es max" "$(line $scg/encids.max 'sev_es .*')"
expect "slice encids.current: sev 2" "sev 2" "$(line $scg/encids.current 'sev .*')"
expect "root subtree_control has encids" "encids" \
	"$(tr ' ' '\n' < $cg/cgroup.subtree_control | grep -x encids)"
expect "parent slice subtree_control has encids" "encids" \
	"$(tr ' ' '\n' < $pcg/cgroup.subtree_control | grep -x encids)"
# Down to the unit that asked, not below: the service's IDs count in the
# slice all the same.
expect "slice subtree_control has no encids" "" \
	"$(tr ' ' '\n' < $scg/cgroup.subtree_control | grep -x encids)"
expect "show -p EncryptionIDsCurrent" "EncryptionIDsCurrent=sev 2,EncryptionIDsCurrent=sev_es 0,EncryptionIDsCurrent=tdx 0" \
	"$(systemctl show -p EncryptionIDsCurrent $slice | paste -sd, -)"
status=$(systemctl status --no-pager $slice 2>&1)
echo "  systemctl status $slice:"
printf '%s\n' "$status" | sed 's/^/    /'
expect "status shows the IDs in use with the limit" "     EncIDs: sev 2 (limit: 2), sev_es 0, tdx 0" \
	"$(printf '%s\n' "$status" | grep 'EncIDs:')"
check "the service stops" systemctl stop vm-a.service

# The limit survives a reload and a restart of the slice.
echo "sev 5" > $scg/encids.max
check "daemon-reload" systemctl daemon-reload
check "restart of the slice" systemctl restart $slice
expect "encids.max after reload and restart: sev 2" "sev 2" "$(line $scg/encids.max 'sev .*')"
expect "show -p after reload" "EncryptionIDsMax=sev 2" "$(systemctl show -p EncryptionIDsMax $slice)"

# Bad values: refused by systemctl (or over the bus by PID 1), nothing changes.
before=$(sha256sum "$dropin")
limit_msg="Invalid encryption ID limit in EncryptionIDsMax=:"
refuse "refused: sev -1" "$limit_msg -1" systemctl set-property $slice EncryptionIDsMax="sev -1"
refuse "refused: sev lots" "$limit_msg lots" systemctl set-property $slice EncryptionIDsMax="sev lots"
refuse "refused: SEV 1 (not a lowercase class)" "Invalid encryption ID class in EncryptionIDsMax=: SEV" \
	systemctl set-property $slice EncryptionIDsMax="SEV 1"
refuse "refused: sev (no limit)" "Expected a class and a limit in EncryptionIDsMax=, got: sev" \
	systemctl set-property $slice EncryptionIDsMax="sev"
refuse "refused: sev 18446744073709551615 (infinity is spelled out)" "$limit_msg 18446744073709551615" \
	systemctl set-property $slice EncryptionIDsMax="sev 18446744073709551615"
refuse "refused over D-Bus: class SEV" "Invalid encryption ID class 'SEV' in EncryptionIDsMax=." \
	busctl call org.freedesktop.systemd1 /org/freedesktop/systemd1 \
	org.freedesktop.systemd1.Manager SetUnitProperties "sba(sv)" $slice true 1 \
	EncryptionIDsMax "a(st)" 2 sev_es 1 SEV 1
expect "after refused values: drop-in unchanged" "$before" "$(sha256sum "$dropin")"
expect "after refused values: show unchanged" "EncryptionIDsMax=sev 2" "$(systemctl show -p EncryptionIDsMax $slice)"
expect "after refused values: encids.max unchanged" "sev 2,sev_es max,tdx max" "$(paste -sd, $scg/encids.max)"

# A class the kernel refuses: PID 1 logs the kernel's error, the others are set.
check "set-property --runtime a class the kernel does not know" \
	systemctl set-property --runtime $slice EncryptionIDsMax="bogus 5" EncryptionIDsMax="sev_es 1"
expect "the kernel's refusal is logged" \
	"Failed to set 'encids.max' attribute on '/tenant.slice/$slice' to 'bogus 5': Invalid argument" \
	"$(journalctl -b -o cat -u $slice --no-pager | grep -o "Failed to set 'encids.max'.*bogus 5.*" | tail -n 1)"
expect "the other classes are set" "sev 2,sev_es 1,tdx max" "$(paste -sd, $scg/encids.max)"
expect "--runtime leaves /etc alone" "$before" "$(sha256sum "$dropin")"
check "--runtime writes /run" test -f /run/systemd/system.control/$slice.d/50-EncryptionIDsMax.conf
# For comparison, the same with TasksMax= on another slice (not a result).
systemctl set-property --runtime tenant-c.slice TasksMax=5 && systemctl start tenant-c.slice
rm -rf /run/systemd/system.control/$slice.d /run/systemd/system.control/tenant-c.slice.d
check "daemon-reload drops the runtime values" systemctl daemon-reload
expect "after reload: the runtime values are gone" "EncryptionIDsMax=sev 2" \
	"$(systemctl show -p EncryptionIDsMax $slice)"
echo "  note: after daemon-reload, encids.max reads $(paste -sd, $scg/encids.max)," \
	"and pids.max of tenant-c.slice, whose TasksMax=5 went the same way, $(cat $pcg/tenant-c.slice/pids.max)"
check "restart of the slice after the runtime values went" systemctl restart $slice
expect "back to the persistent limit" "sev 2,sev_es max,tdx max" "$(settle $scg/encids.max "sev 2,sev_es max,tdx max")" ||
	journalctl -b -o cat --no-pager -u $slice | tail -n 8 | sed 's/^/  /'

# The empty assignment resets the list: sev back to max. The slice keeps
# the controller while a sibling has it on.
check "a sibling slice with EncryptionIDsAccounting=yes" \
	systemctl set-property --runtime tenant-b.slice EncryptionIDsAccounting=yes
check "the sibling starts" systemctl start tenant-b.slice
check "set-property EncryptionIDsMax=" systemctl set-property $slice EncryptionIDsMax=
expect "encids.max after reset: sev max" "sev max,sev_es max,tdx max" "$(paste -sd, $scg/encids.max)"
expect "show -p after reset" "EncryptionIDsMax=" "$(systemctl show -p EncryptionIDsMax $slice)"
expect "drop-in after reset" "EncryptionIDsMax=" "$(grep '^EncryptionIDsMax' "$dropin" | paste -sd, -)"
check "the sibling stops" systemctl stop tenant-b.slice

# EncryptionIDsAccounting= and a transient unit's limit.
check "systemd-run -p EncryptionIDsAccounting=yes" systemd-run --unit=acct -p EncryptionIDsAccounting=yes sleep infinity
expect "accounting on: the service has encids.current" "sev 0" "$(line $cg/system.slice/acct.service/encids.current 'sev .*')"
expect "accounting on: no limits" "sev max,sev_es max,tdx max" "$(paste -sd, $cg/system.slice/acct.service/encids.max)"
# A sibling that did not ask has the attribute, as the slice turned the
# controller on for all its children, but does not show it.
check "a sibling in system.slice has encids.current" test -e $cg/system.slice/encids-systemd-check.service/encids.current
expect "the sibling shows no EncryptionIDsCurrent" "" "$(show encids-systemd-check.service EncryptionIDsCurrent)"
# (Its status lists its own processes: only the line systemctl writes counts.)
status=$(systemctl status --no-pager encids-systemd-check.service 2>&1)
expect "the sibling's status has no EncIDs line" "" "$(grep -E '^ +EncIDs: ' <<<"$status")"
systemctl stop acct.service
rm -f /run/vm-b.out
check "systemd-run -p EncryptionIDsMax=\"sev 1\"" systemd-run --wait --unit=vm-b \
	-p EncryptionIDsMax="sev 1" -p StandardOutput=file:/run/vm-b.out encid-hold sev 2
expect "transient limit: second ID refused" "request 1: sev ID,request 2: Device or resource busy,holding 1" \
	"$(sed -E 's/(ID) [0-9]+$/\1/' /run/vm-b.out 2>/dev/null | paste -sd, -)"
refuse "systemd-run refuses sev lots" "$limit_msg lots" \
	systemd-run --wait --unit=vm-c -p EncryptionIDsMax="sev lots" true

# systemd's own unit tests of the series that need systemd as PID 1
# (test-load-fragment runs on the build machine), and its TEST-19 subtest.
export SYSTEMD_TEST_DATA=/usr/local/lib/encids/test
# unittest [--no-skip] PROGRAM: passes if PROGRAM exits 0 (and, with
# --no-skip, skips none of its tests)
unittest() {
	local noskip=0 out rc
	if [ "$1" = --no-skip ]; then
		noskip=1
		shift
	fi
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc -eq 0 ] && { [ $noskip -eq 0 ] || ! grep -qi 'skipping' <<<"$out"; }; then
		ok "$(basename "$1")"
	else
		fail "$(basename "$1") (exit $rc)"
		grep -iE 'skipping|assert|fail|error' <<<"$out" | tail -n 20 | sed 's/^/  /'
	fi
}
unittest --no-skip /usr/local/lib/encids/test-cgroup-mask
unittest /usr/local/lib/encids/test-cgroup-util
unittest --no-skip /usr/local/lib/encids/test/units/TEST-19-CGROUP.encids.sh

echo encids-systemd-end
echo "encids-guest-exit: $((failed > 0))"
