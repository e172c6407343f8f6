#!/usr/bin/env bash
# Run the series' KUnit suites with tools/testing/kunit/kunit.py on UML.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

cd "$TREE"
exec ./tools/testing/kunit/kunit.py run --arch=um --kunitconfig=kernel/cgroup \
	--kunitconfig="$TOP/configs/kunit-range-set.config" \
	--build_dir="$KUOUT" --jobs="$JOBS" \
	--make_options CC="ccache gcc" --make_options HOSTCC="ccache gcc"
