#!/bin/sh
# Run inside the guest by "make check": the encid kselftests. Their TAP is
# shown as it comes and printed again at the end between markers, away
# from kernel messages, for the host to count. Exits non-zero if any
# test failed.
rc=0
st=/selftests/encid
ko=$(find /lib/modules -name test_encid.ko | head -n 1)
pools=sev:16,sev_es:8,tdx:4
tap=/tmp/tap.log
: > $tap

echo "encids-check: module tests"
(cd $st && ./test_encid_module.sh "$ko") > /tmp/out 2>&1 || rc=1
cat /tmp/out; cat /tmp/out >> $tap

echo "encids-check: controller tests with pools=$pools"
if insmod "$ko" pools=$pools; then
	(cd $st && ./test_encids) > /tmp/out 2>&1 || rc=1
	cat /tmp/out; cat /tmp/out >> $tap
	echo "encids-check: libcgroup's tools"
	test_libcgroup.sh > /tmp/out 2>&1 || rc=1
	cat /tmp/out; cat /tmp/out >> $tap
	rmmod test_encid || rc=1
else
	echo "1..1" >> $tap
	echo "not ok 1 insmod test_encid pools=$pools" >> $tap
	rc=1
fi

echo "encids-check: plain KVM VMs under kvm_amd"
if modprobe kvm_amd; then
	(cd $st && ./test_encids_kvm) > /tmp/out 2>&1 || rc=1
	cat /tmp/out; cat /tmp/out >> $tap
else
	echo "1..1" >> $tap
	echo "not ok 1 modprobe kvm_amd" >> $tap
	rc=1
fi

sleep 1
echo "encids-tap-begin"
cat $tap
echo "encids-tap-end"
exit $rc
