#!/bin/sh
# The encids controller through libcgroup's tools (cgroup-tools), as an
# operator uses it: cgcreate, cgset and cgget on encids files, a limit set
# with cgset that the test provider's charges then meet, and a bad value
# that cgset reports and that changes nothing. Needs test_encid loaded
# with a sev pool of at least 5 IDs. Prints TAP.
cg=encids_cgtools
root=/sys/fs/cgroup
n=0
fails=0

ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2"
		fails=$((fails + 1))
	fi
}

# expect WHAT GOT WANT
expect() {
	if [ "$2" = "$3" ]; then
		ok 0 "$1"
	else
		echo "# $1: got '$2', wanted '$3'" | sed 's/\t/\\t/g'
		ok 1 "$1"
	fi
}

echo "TAP version 13"
echo "1..8"
echo "+encids" > $root/cgroup.subtree_control

cgcreate -g encids:/$cg
[ -f $root/$cg/encids.max ]
ok $? "cgcreate -g encids:/$cg makes a cgroup with encids files"

cgset -r encids.max="sev 3" $cg
ok $? "cgset -r encids.max=\"sev 3\" succeeds"
expect "encids.max after cgset" "$(cat $root/$cg/encids.max)" \
	"$(printf 'sev 3\nsev_es max\ntdx max')"
expect "cgget -n -v -r encids.max" "$(cgget -n -v -r encids.max $cg)" \
	"$(printf 'sev 3\n\tsev_es max\n\ttdx max')"

! cgset -r encids.max="sev -1" $cg 2>/dev/null
ok $? "cgset -r encids.max=\"sev -1\" fails"
expect "encids.max after the failed cgset" "$(cat $root/$cg/encids.max)" \
	"$(printf 'sev 3\nsev_es max\ntdx max')"

# Five requests in the cgroup: the limit set by cgset lets three through.
out=$(sh -c "echo \$\$ > $root/$cg/cgroup.procs; exec encid-hold sev 5" | tail -n 1)
expect "a task in the cgroup gets 3 of 5 sev IDs" "$out" "holding 3"
expect "cgget -n -v -r encids.events.local shows 2 refusals" \
	"$(cgget -n -v -r encids.events.local $cg | head -n 1)" "sev.max 2"

cgdelete -g encids:/$cg
exit $((fails > 0))
