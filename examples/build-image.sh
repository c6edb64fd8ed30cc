#!/bin/sh
# Builds the example session image and pushes it to a registry.
#
#   build-image.sh [--creds USER:PASS] [--out DIR] [--binary PATH] [--port N] [--no-push] [DEST]
#
# DEST defaults to 127.0.0.1:5000/session-server:1.0. The image holds the static
# session server (examples/session-server/, its own small package) at /usr/local/bin/session-server
# and busybox-static with its applets linked into /bin (so /bin/sh exists). It is
# packed with umoci into an OCI layout, printed on the last line as
# `oci:PATH:TAG` (usable as an image reference on air-gapped hosts), then pushed
# with skopeo over plain HTTP (--dest-tls-verify=false: meant for loopback).
# --binary skips the cargo build and uses a prebuilt static server. --port sets
# the port the server listens on (its PORT env and ExposedPorts; default 8080).
set -eu

die() {
    echo "build-image.sh: $*" >&2
    exit 1
}
need() {
    command -v "$1" >/dev/null 2>&1 || die "$1 is required (apt-get install $2)"
}

creds="" out="" binary="" port=8080 push=1 dest=127.0.0.1:5000/session-server:1.0
while [ $# -gt 0 ]; do
    case $1 in
    --creds) creds=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --binary) binary=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --no-push) push=0; shift ;;
    -*) die "unknown option $1" ;;
    *) dest=$1; shift ;;
    esac
done
case $port in
'' | *[!0-9]*) die "--port must be a port number, got $port" ;;
esac
case $dest in
*/*:*) tag=${dest##*:} ;;
*) die "DEST must be host[:port]/repository:tag, got $dest" ;;
esac

need umoci umoci
need file file
[ $push -eq 0 ] || need skopeo skopeo
[ -x /bin/busybox ] || die "/bin/busybox is required (apt-get install busybox-static)"
file -L /bin/busybox | grep -q 'statically linked' ||
    die "/bin/busybox is not static: install busybox-static, not busybox"

repo=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "$binary" ]; then
    need cargo cargo
    target=x86_64-unknown-linux-gnu
    # crt-static links glibc statically: the image has no libc of its own.
    (cd "$repo/examples/session-server" && RUSTFLAGS='-C target-feature=+crt-static' \
        cargo build --quiet --release --target $target --target-dir "$repo/target/session-server")
    binary=$repo/target/session-server/$target/release/session-server
fi
[ -x "$binary" ] || die "no session server binary at $binary"
# `file` says "statically linked" or, for static PIE, "static-pie linked".
file -L "$binary" | grep -Eq 'statically linked|static-pie linked' ||
    die "$binary is not statically linked: $(file -L "$binary")"

[ -n "$out" ] || out=$(mktemp -d /tmp/sessionpool-image.XXXXXX)
mkdir -p "$out"
out=$(cd "$out" && pwd)
rootfs=$out/rootfs layout=$out/oci bundle=$out/bundle
rm -rf "$rootfs" "$layout" "$bundle"

mkdir -p "$rootfs/bin" "$rootfs/usr/local/bin" "$rootfs/tmp" "$rootfs/etc"
chmod 1777 "$rootfs/tmp"
cp /bin/busybox "$rootfs/bin/busybox"
# What `busybox --install -s` does, but into our rootfs rather than the host's.
for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$rootfs/bin/$applet"
done
cp "$binary" "$rootfs/usr/local/bin/session-server"
chmod 0755 "$rootfs/usr/local/bin/session-server"
echo "root:x:0:0:root:/root:/bin/sh" >"$rootfs/etc/passwd"
echo "root:x:0:" >"$rootfs/etc/group"

rootless=""
[ "$(id -u)" -eq 0 ] || rootless=--rootless
umoci init --layout "$layout"
umoci new --image "$layout:$tag"
umoci unpack $rootless --image "$layout:$tag" "$bundle" >/dev/null
cp -a "$rootfs/." "$bundle/rootfs/"
umoci repack --image "$layout:$tag" "$bundle" >/dev/null
umoci config --image "$layout:$tag" \
    --config.entrypoint /usr/local/bin/session-server \
    --config.env PATH=/usr/local/bin:/bin \
    --config.env PORT="$port" \
    --config.exposedports "$port/tcp" \
    --config.workingdir /
umoci gc --layout "$layout"
rm -rf "$bundle"

if [ $push -eq 1 ]; then
    # --insecure-policy: no signature policy applies to an image we just built.
    if [ -n "$creds" ]; then
        skopeo --insecure-policy copy --quiet --dest-tls-verify=false --dest-creds "$creds" \
            "oci:$layout:$tag" "docker://$dest"
    else
        skopeo --insecure-policy copy --quiet --dest-tls-verify=false \
            "oci:$layout:$tag" "docker://$dest"
    fi
    echo "pushed docker://$dest" >&2
fi
echo "oci:$layout:$tag"
