#!/usr/bin/env bash
# Install what sessionpool's tests and quickstart need on Debian 12 (as root).
# Idempotent: packages already present are left alone.
# etcd-server and etcd-client: the cluster tests' 3-member etcd (and etcdctl);
# protobuf-compiler and libprotobuf-dev: protoc and the well-known .proto files
# (google/protobuf/*.proto), which the etcd-client crate's build needs.
set -euo pipefail
PKGS="file openssl python3-prometheus-client tmux mmdebstrap python3-venv runc runsc docker-registry skopeo umoci apache2-utils busybox-static iproute2 nftables util-linux curl libcap2-bin etcd-server etcd-client protobuf-compiler libprotobuf-dev"
missing=()
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Debian's etcd-server starts and enables a system etcd (etcd.service, or
# /etc/init.d/etcd without systemd) on the default ports 2379/2380. The tests
# start their own members and want nothing else running, so when THIS script
# has just installed the package it stops and disables that service; an etcd
# that was installed before (maybe on purpose) is left as it is.
if [[ " ${missing[*]} " == *" etcd-server "* ]]; then
  echo "etcd-server was installed just now: stopping and disabling its system service"
  if [ -d /run/systemd/system ]; then
    systemctl disable --now etcd.service >/dev/null 2>&1 || true
  else
    service etcd stop >/dev/null 2>&1 || true
    update-rc.d etcd disable >/dev/null 2>&1 || true
  fi
fi
