#!/usr/bin/env bash
# Print the cache write-back simulation of a 128-CPU SEV host (the KUnit
# suite encid_pool_flush_sim, UML): CPUs written back per ASID recycle,
# as Linux 7.3 does it (every CPU) and as the series does, in one run.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=$(kunit_run --raw_output=kunit 'encid_pool_flush_sim') || { echo "$out"; exit 1; }
echo "$out" | sed -n 's/^ *# encid_pool_flush_sim_test: //p'
echo "$out" | grep -q '^ok 1 encid_pool_flush_sim' || die "the simulation failed"
