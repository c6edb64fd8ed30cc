//! When to send a request again: idempotent methods on 429 and 503, after
//! the server's `Retry-After` (seconds or an HTTP date) or a growing backoff,
//! as az does. Every wait is capped.

use reqwest::{Method, StatusCode, header::HeaderMap};
use std::time::{Duration, SystemTime};

/// How many times a request is sent again at most.
pub const MAX_RETRIES: u32 = 3;
/// The longest single wait, whatever `Retry-After` asks for.
pub const MAX_DELAY: Duration = Duration::from_secs(30);

/// Methods the server may see twice without harm (RFC 9110 §9.2.2).
pub fn idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE
    )
}

pub fn retryable(status: StatusCode) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS || status == StatusCode::SERVICE_UNAVAILABLE
}

/// The wait before retry number `attempt` (0-based).
pub fn delay(headers: &HeaderMap, attempt: u32) -> Duration {
    let asked = headers
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| retry_after(v.trim(), SystemTime::now()));
    asked
        .unwrap_or_else(|| Duration::from_millis(500) * 2u32.pow(attempt))
        .min(MAX_DELAY)
}

fn retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        assert_eq!(retry_after("7", now), Some(Duration::from_secs(7)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(12));
        assert_eq!(retry_after(&later, now), Some(Duration::from_secs(12)));
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(12));
        assert_eq!(retry_after(&earlier, now), Some(Duration::ZERO));
        assert_eq!(retry_after("soon", now), None);
    }

    #[test]
    fn caps_the_wait() {
        let mut h = HeaderMap::new();
        h.insert(reqwest::header::RETRY_AFTER, "86400".parse().unwrap());
        assert_eq!(delay(&h, 0), MAX_DELAY);
        assert_eq!(delay(&HeaderMap::new(), 1), Duration::from_secs(1));
    }

    #[test]
    fn only_idempotent_methods() {
        assert!(idempotent(&Method::GET));
        assert!(idempotent(&Method::DELETE));
        assert!(!idempotent(&Method::POST));
        assert!(!idempotent(&Method::PATCH));
    }
}
