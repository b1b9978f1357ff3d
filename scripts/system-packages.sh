#!/usr/bin/env bash
# Installs the named Debian packages that are missing; does nothing when all are present.
set -euo pipefail
missing=()
for package in "$@"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
sudo=(env DEBIAN_FRONTEND=noninteractive)
[ "$(id -u)" -ne 0 ] && sudo=(sudo "${sudo[@]}")
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
