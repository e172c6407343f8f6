#!/usr/bin/env bash
# Run the series' KUnit suites with tools/testing/kunit/kunit.py on UML.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kunit_run
