#!/usr/bin/env bash
# Build a kernel without the debug options (KASAN, lockdep, ... would
# distort the numbers), boot it and run the encids vs misc benchmark.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

export KOUT=$BUILD/kbench GUEST=$BUILD/guest-bench
export INITRAMFS=$BUILD/initramfs-bench.cpio.gz DEBUG=0
"$TOP/scripts/build.sh"
"$TOP/scripts/initramfs.sh"
LOG=$BUILD/bench.log "$TOP/scripts/run.sh" "$TOP/guest/bench.sh"
