//! Helpers shared by the integration tests: a real daemon on a temp data dir,
//! a real registry with the example image, and busybox root filesystems.
#![allow(dead_code)]

pub mod daemon;
pub mod http;
pub mod oci_build;
pub mod pools;
pub mod registry;
pub mod rootfs;
pub mod tls;
