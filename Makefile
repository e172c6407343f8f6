# encids: apply, build, boot and test the series. See README.md.
SHELL := /bin/bash
S := scripts

.PHONY: help deps tree export config build initramfs run check checkpatch \
	bisect kunit kselftest bench bench-flush bench-ranges mbox mbox-check clean \
	systemd-tree systemd-build systemd-export systemd-check

help:
	@sed -n '/^## Targets/,/^## What it costs/p' README.md | sed '$$d'

deps:
	@$(S)/deps.sh

tree: deps
	@$(S)/tree.sh

export:
	@$(S)/export.sh

build: tree
	@$(S)/build.sh

initramfs: build
	@$(S)/initramfs.sh

# make run [SCRIPT=path]: the demo (and a shell on a terminal), or SCRIPT.
run: initramfs
	@$(S)/run.sh "$(SCRIPT)"

checkpatch: tree
	@$(S)/checkpatch.sh

bisect: tree
	@$(S)/bisect.sh

kunit: tree
	@$(S)/kunit.sh

kselftest: initramfs
	@$(S)/run.sh guest/check.sh

bench: tree
	@$(S)/bench-flush.sh
	@$(S)/bench.sh

bench-flush: tree
	@$(S)/bench-flush.sh

bench-ranges: tree
	@$(S)/bench-ranges.sh

# make mbox [IDENTITY="Name <address>"]: the postings as mail, build/mbox/.
mbox: tree
	@$(S)/mbox.sh

mbox-check: deps tree
	@$(S)/mbox-check.sh

check:
	@$(S)/check.sh

# The systemd series of systemd/: its tree, its build, its export, and its
# test in a guest with it as PID 1 (stage h of make check).
systemd-tree: deps
	@$(S)/systemd-tree.sh

systemd-build: systemd-tree
	@$(S)/systemd-build.sh

systemd-export:
	@$(S)/systemd-export.sh

systemd-check: build
	@$(S)/systemd-check.sh

clean:
	rm -rf build
