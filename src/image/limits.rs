//! Bounds on registry reads: a stall (progress) timeout per read, an overall
//! deadline per pull, and retries with exponential backoff for transient
//! failures, so a slow or hung registry ends a pull with a reason instead of
//! leaving it waiting forever.

use std::future::Future;
use std::time::Duration;

use super::error::ImageError;

/// How long registry reads may take. `Default` holds the daemon's defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PullLimits {
    /// Longest wait for the next bytes of any one response (headers or body).
    pub stall_timeout: Duration,
    /// Longest time the network part of one pull (manifest and every blob,
    /// retries included) may take.
    pub deadline: Duration,
    /// Extra attempts for a request that failed transiently.
    pub retries: u32,
    /// Wait before the first retry; doubled for each further one.
    pub backoff: Duration,
}

impl Default for PullLimits {
    fn default() -> Self {
        PullLimits {
            stall_timeout: Duration::from_secs(30),
            deadline: Duration::from_secs(600),
            retries: 3,
            backoff: Duration::from_millis(500),
        }
    }
}

/// Longest single backoff, however many retries are allowed.
const MAX_BACKOFF: Duration = Duration::from_secs(8);

impl PullLimits {
    /// Runs `attempt` until it succeeds, fails for good, or the retries are
    /// spent; the last error is returned as is.
    pub(crate) async fn retry<T, F, Fut>(&self, what: &str, mut attempt: F) -> Result<T, ImageError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, ImageError>>,
    {
        let mut wait = self.backoff;
        let mut tries = 0;
        loop {
            match attempt().await {
                Err(e) if e.is_transient() && tries < self.retries => {
                    tries += 1;
                    tracing::warn!(error = %e, attempt = tries, retry_in = ?wait, "{what} failed; retrying");
                    tokio::time::sleep(wait).await;
                    wait = (wait * 2).min(MAX_BACKOFF);
                }
                other => return other,
            }
        }
    }
}

impl ImageError {
    /// Worth another try: the registry was unreachable, stalled, or said it
    /// is overloaded or failing (HTTP 429, 5xx).
    pub(crate) fn is_transient(&self) -> bool {
        matches!(
            self,
            ImageError::Unreachable { .. } | ImageError::Unavailable { .. }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    fn limits(retries: u32) -> PullLimits {
        PullLimits {
            retries,
            backoff: Duration::from_millis(1),
            ..PullLimits::default()
        }
    }

    fn unreachable() -> ImageError {
        ImageError::Unreachable {
            host: "r".into(),
            reason: "refused".into(),
        }
    }

    #[tokio::test]
    async fn transient_errors_are_retried_until_success() {
        let calls = AtomicU32::new(0);
        let got = limits(3)
            .retry("fetch", || async {
                match calls.fetch_add(1, Ordering::SeqCst) {
                    0 | 1 => Err(unreachable()),
                    _ => Ok(7),
                }
            })
            .await
            .unwrap();
        assert_eq!((got, calls.load(Ordering::SeqCst)), (7, 3));
    }

    #[tokio::test]
    async fn retries_are_bounded_and_permanent_errors_are_not_retried() {
        let calls = AtomicU32::new(0);
        let err = limits(2)
            .retry("fetch", || async {
                calls.fetch_add(1, Ordering::SeqCst);
                Err::<(), _>(unreachable())
            })
            .await
            .unwrap_err();
        assert!(matches!(err, ImageError::Unreachable { .. }));
        assert_eq!(calls.load(Ordering::SeqCst), 3);

        let calls = AtomicU32::new(0);
        let err = limits(2)
            .retry("fetch", || async {
                calls.fetch_add(1, Ordering::SeqCst);
                Err::<(), _>(ImageError::Unauthorized {
                    registry: "r".into(),
                })
            })
            .await
            .unwrap_err();
        assert!(matches!(err, ImageError::Unauthorized { .. }));
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }
}
