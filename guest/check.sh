#!/bin/sh
# Run inside the guest by "make check": the encid kselftests (TAP).
# Exits non-zero if any of them failed.
rc=0
st=/selftests/encid
ko=$(find /lib/modules -name test_encid.ko | head -n 1)
pools=sev:16,sev_es:8,tdx:4

echo "encids-check: module tests"
(cd $st && ./test_encid_module.sh "$ko") || rc=1

echo "encids-check: controller tests with pools=$pools"
if insmod "$ko" pools=$pools; then
	(cd $st && ./test_encids) || rc=1
	rmmod test_encid || rc=1
else
	echo "not ok 1 insmod test_encid pools=$pools"
	rc=1
fi
exit $rc
