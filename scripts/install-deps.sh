#!/usr/bin/env bash
# Install what sessionpool's tests and quickstart need on Debian 12 (as root).
# Idempotent: packages already present are left alone.
set -euo pipefail
PKGS="file openssl python3-prometheus-client tmux mmdebstrap python3-venv runc runsc docker-registry skopeo umoci apache2-utils busybox-static iproute2 nftables util-linux curl libcap2-bin"
missing=()
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
