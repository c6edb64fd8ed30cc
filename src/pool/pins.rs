//! Image pins: every image something still needs (a provisioning that pulled
//! it but has not applied it yet, a sandbox starting, ready or in a session)
//! holds a pin, and image garbage collection keeps every pinned digest.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Pinned manifest digests with their pin counts.
#[derive(Default)]
pub struct ImagePins(Mutex<HashMap<String, usize>>);

impl ImagePins {
    pub fn pin(self: &Arc<Self>, digest: &str) -> ImagePin {
        *self
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(digest.to_string())
            .or_default() += 1;
        ImagePin {
            pins: self.clone(),
            digest: digest.to_string(),
        }
    }

    pub fn digests(&self) -> Vec<String> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .keys()
            .cloned()
            .collect()
    }
}

/// Keeps one image from garbage collection until dropped.
#[derive(Debug)]
pub struct ImagePin {
    pins: Arc<ImagePins>,
    digest: String,
}

impl std::fmt::Debug for ImagePins {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("ImagePins").field(&self.digests()).finish()
    }
}

impl Drop for ImagePin {
    fn drop(&mut self) {
        let mut map = self.pins.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = map.get_mut(&self.digest) {
            *n -= 1;
            if *n == 0 {
                map.remove(&self.digest);
            }
        }
    }
}

/// Counts a pull whose digest is not pinned yet: garbage collection cannot
/// tell what it needs until the count is back to zero, so it waits its turn.
pub struct Unpinned(Arc<AtomicUsize>);

impl Unpinned {
    pub fn new(count: &Arc<AtomicUsize>) -> Self {
        count.fetch_add(1, Ordering::SeqCst);
        Self(count.clone())
    }
}

impl Drop for Unpinned {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_digest_stays_pinned_until_its_last_pin_drops() {
        let pins = Arc::new(ImagePins::default());
        let a = pins.pin("sha256:a");
        let b = pins.pin("sha256:a");
        drop(a);
        assert_eq!(pins.digests(), vec!["sha256:a".to_string()]);
        drop(b);
        assert!(pins.digests().is_empty());
    }
}
