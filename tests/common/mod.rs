//! Helpers shared by the integration tests: a real daemon on a temp data dir.
#![allow(dead_code)]

pub mod daemon;
pub mod registry;
