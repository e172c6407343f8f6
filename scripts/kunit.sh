#!/usr/bin/env bash
# Run the series' KUnit suites with tools/testing/kunit/kunit.py on UML.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

cd "$TREE"
./tools/testing/kunit/kunit.py run --arch=um --kunitconfig=kernel/cgroup \
	--build_dir="$KUOUT" --jobs="$JOBS" \
	--make_options CC="ccache gcc" --make_options HOSTCC="ccache gcc" \
	--raw_output=all | tee "$BUILD/kunit.log" | ./tools/testing/kunit/kunit.py parse
