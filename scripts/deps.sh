#!/usr/bin/env bash
# Install what the harness needs, with apt-get, only when it is missing.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

pkgs=(build-essential bc bison flex libelf-dev libssl-dev cpio python3
      xz-utils rsync kmod qemu-system-x86 busybox-static ccache sparse
      python3-ply python3-git cgroup-tools git)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done

want=$LINUX_SOURCE_VERSION
have=$(dpkg-query -W -f='${Status} ${Version}' "$LINUX_SOURCE_PACKAGE" 2>/dev/null |
	sed -n 's/^install ok installed //p' || true)

if [ ${#missing[@]} -eq 0 ] && [ "$have" = "$want" ]; then
	exit 0
fi

[ "$(id -u)" -eq 0 ] || die "missing packages (${missing[*]} $LINUX_SOURCE_PACKAGE=$want); run as root"
export DEBIAN_FRONTEND=noninteractive
say "apt-get update"
apt-get -o DPkg::Lock::Timeout=600 update -qq
if [ ${#missing[@]} -gt 0 ]; then
	say "apt-get install ${missing[*]}"
	apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ "$have" != "$want" ]; then
	if apt-cache madison "$LINUX_SOURCE_PACKAGE" | awk '{print $3}' | grep -qxF "$want"; then
		say "apt-get install $LINUX_SOURCE_PACKAGE=$want"
		apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends --allow-downgrades \
			"$LINUX_SOURCE_PACKAGE=$want" >/dev/null
	else
		cat >&2 <<WARN
########################################################################
# WARNING: $LINUX_SOURCE_PACKAGE $want, the base pinned in BASE, is no
# longer offered. Falling back to the newest 6.12 the registry has.
# The series may not apply; update BASE once it does.
########################################################################
WARN
		apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "$LINUX_SOURCE_PACKAGE" >/dev/null
	fi
fi
