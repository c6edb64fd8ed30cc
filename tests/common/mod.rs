//! Helpers shared by the integration tests: a real daemon on a temp data dir,
//! a real registry with the example image, busybox root filesystems, and
//! images packed with umoci, from busybox or from Debian packages.
#![allow(dead_code)]

pub mod ca;
pub mod cluster;
pub mod cluster_etcd;
pub mod cluster_net;
pub mod daemon;
pub mod debian_image;
pub mod fake_http;
pub mod follow_logs;
pub mod http;
pub mod identity;
pub mod oci_build;
pub mod oci_pack;
pub mod pools;
pub mod pyvenv;
pub mod registry;
pub mod rootfs;
pub mod tls;
pub mod tmux;
