#!/bin/sh
# The demo: two tenants with different limits share simulated SEV ASID
# pools. Tenant A is refused by its limit, tenant B by an empty pool.
set -e
cg=/sys/fs/cgroup
holders=""
ko=$(find /lib/modules -name test_encid.ko | head -n 1)

step() { printf '\n### %s\n' "$*"; }
show() { for f in "$@"; do printf '$ cat %s\n' "$f"; sed 's/^/    /' "$cg/$f"; done; }

# Start encid-hold in cgroup $1 asking for $3 IDs of class $2; wait until
# it holds what it could get.
hold() {
	out=/tmp/hold.$1
	rm -f "$out"
	sh -c "echo \$\$ > $cg/$1/cgroup.procs; exec encid-hold --wait $2 $3" > "$out" &
	holders="$holders $!"
	i=0
	until grep -q '^holding' "$out" 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 200 ] || { echo "encid-hold did not start"; exit 1; }
		sleep 0.1
	done
	sed 's/^/    /' "$out"
}

step "A simulated host: 8 SEV ASIDs, 4 SEV-ES ASIDs, 2 TDX KeyIDs"
echo "# insmod test_encid.ko pools=sev:8,sev_es:4,tdx:2"
insmod "$ko" pools=sev:8,sev_es:4,tdx:2
show encids.capacity

step "Two tenants: A may hold 3 SEV ASIDs, B may hold 6"
echo "+encids" > $cg/cgroup.subtree_control
mkdir -p $cg/tenant-a $cg/tenant-b
echo "sev 3" > $cg/tenant-a/encids.max
echo "sev 6" > $cg/tenant-b/encids.max
echo '# echo "sev 3" > tenant-a/encids.max'
echo '# echo "sev 6" > tenant-b/encids.max'
show tenant-a/encids.max

step "Tenant A asks for 4 SEV ASIDs: its limit refuses the 4th"
hold tenant-a sev 4
show tenant-a/encids.current tenant-a/encids.events

step "Tenant B asks for 6: its limit allows 6, but only 5 are left"
hold tenant-b sev 6
show tenant-b/encids.current tenant-b/encids.events encids.current

step "A bad write is refused and changes nothing"
echo '# echo "sev lots" > tenant-a/encids.max'
if echo "sev lots" > $cg/tenant-a/encids.max; then exit 1; fi
show tenant-a/encids.max

step "The tenants stop; their IDs go back to the pool"
kill $holders
wait || true
show encids.current tenant-a/encids.peak tenant-b/encids.peak
rmdir $cg/tenant-a $cg/tenant-b
rmmod test_encid
echo
echo "demo done"
