#!/usr/bin/env bash
# Print the shared-range benchmark (the KUnit suite range_set_bench, UML):
# memory held and ns per conversion of a range set, a per-page bitmap and
# a per-page XArray on three patterns of conversions, in one run.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=$(kunit_run --raw_output=kunit 'range_set_bench') || { echo "$out"; exit 1; }
echo "$out" | sed -n 's/^ *# bench_[a-z]*: //p'
echo "$out" | grep -q '^ok 1 range_set_bench' || die "the benchmark failed"
