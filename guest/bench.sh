#!/bin/sh
# Run inside the guest by "make bench": encids against misc, charge and
# uncharge at cgroup depths 1, 4 and 16, in one run of one kernel.
ko=$(find /lib/modules -name test_encid.ko | head -n 1)
insmod "$ko" pools=sev:16,sev_es:8,tdx:4 || exit 1
/selftests/encid/encid_bench "$@"
rc=$?
rmmod test_encid
exit $rc
