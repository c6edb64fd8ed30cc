//! The image's `StopSignal` as a number: `SIGQUIT`, `QUIT`, `3` or
//! `SIGRTMIN+3`, as Docker accepts it.

use std::str::FromStr;

use nix::sys::signal::Signal;

/// Parses a stop signal; None when it names no signal.
pub fn parse_signal(text: &str) -> Option<i32> {
    let text = text.trim();
    if let Ok(n) = text.parse::<i32>() {
        return (1..=libc::SIGRTMAX()).contains(&n).then_some(n);
    }
    let upper = text.to_ascii_uppercase();
    let name = if upper.starts_with("SIG") {
        upper
    } else {
        format!("SIG{upper}")
    };
    if let Some(offset) = name.strip_prefix("SIGRTMIN+") {
        let n = libc::SIGRTMIN() + offset.parse::<i32>().ok()?;
        return (n <= libc::SIGRTMAX()).then_some(n);
    }
    Signal::from_str(&name).ok().map(|s| s as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_numbers_and_realtime_signals() {
        assert_eq!(parse_signal("SIGQUIT"), Some(libc::SIGQUIT));
        assert_eq!(parse_signal("quit"), Some(libc::SIGQUIT));
        assert_eq!(parse_signal("SIGWINCH"), Some(libc::SIGWINCH));
        assert_eq!(parse_signal("15"), Some(libc::SIGTERM));
        assert_eq!(parse_signal("SIGRTMIN+3"), Some(libc::SIGRTMIN() + 3));
        for bad in ["", "SIGNOPE", "0", "999", "SIGRTMIN+999"] {
            assert_eq!(parse_signal(bad), None, "{bad}");
        }
    }
}
