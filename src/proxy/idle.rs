//! `IdleTimeout`: a stream that fails once no byte has moved in either
//! direction for a while. It bounds every wait on a connection (a request
//! stalled in flight, a client that stops reading, a WebSocket tunnel nobody
//! uses) without cutting long transfers that keep moving.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

pub struct IdleTimeout<S> {
    inner: S,
    timeout: Duration,
    /// Whether a read waiting too long fails too, or only a stalled write.
    bound_reads: bool,
    /// When a read or write last made progress.
    last: Instant,
    /// Fires at the earliest moment the stream could be idle too long; it is
    /// moved on only when it fires (to `last + timeout`), not on every read
    /// and write: the proxy's hottest path stays off the timer wheel.
    timer: Pin<Box<Sleep>>,
}

impl<S> IdleTimeout<S> {
    pub fn new(inner: S, timeout: Duration) -> Self {
        IdleTimeout {
            inner,
            timeout,
            bound_reads: true,
            last: Instant::now(),
            timer: Box::pin(tokio::time::sleep(timeout)),
        }
    }

    /// Fails only when a write has waited `timeout` with nothing moving (a
    /// peer that stopped reading). For the server's side of client
    /// connections: hyper keeps a read pending while it streams a response,
    /// and a quiet stream (`logs --follow`) must not be cut; stalled request
    /// headers and bodies have their own timeouts there.
    pub fn writes_only(inner: S, timeout: Duration) -> Self {
        IdleTimeout {
            bound_reads: false,
            ..IdleTimeout::new(inner, timeout)
        }
    }

    fn touch(&mut self) {
        self.last = Instant::now();
    }

    /// Called while the inner stream is not ready: an error once idle too long.
    fn check(&mut self, cx: &mut Context<'_>) -> Poll<io::Error> {
        loop {
            ready!(self.timer.as_mut().poll(cx));
            let due = self.last + self.timeout;
            if due <= Instant::now() {
                break;
            }
            // Something moved since the timer was set: wait for the rest.
            self.timer.as_mut().reset(due);
        }
        Poll::Ready(io::Error::new(
            io::ErrorKind::TimedOut,
            format!(
                "no data in either direction for {}s",
                self.timeout.as_secs_f64()
            ),
        ))
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for IdleTimeout<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_read(cx, buf) {
            Poll::Ready(result) => {
                this.touch();
                Poll::Ready(result)
            }
            Poll::Pending if this.bound_reads => this.check(cx).map(Err),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for IdleTimeout<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_write(cx, buf) {
            Poll::Ready(result) => {
                this.touch();
                Poll::Ready(result)
            }
            Poll::Pending => this.check(cx).map(Err),
        }
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_flush(cx) {
            Poll::Pending => this.check(cx).map(Err),
            ready => ready,
        }
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_shutdown(cx) {
            Poll::Pending => this.check(cx).map(Err),
            ready => ready,
        }
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_write_vectored(cx, bufs) {
            Poll::Ready(result) => {
                this.touch();
                Poll::Ready(result)
            }
            Poll::Pending => this.check(cx).map(Err),
        }
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[tokio::test]
    async fn an_idle_stream_fails_and_a_busy_one_does_not() {
        let (a, mut b) = tokio::io::duplex(64);
        let mut a = IdleTimeout::new(a, Duration::from_millis(200));
        // Bytes every 100 ms keep it alive past several timeouts.
        let writer = tokio::spawn(async move {
            for _ in 0..6 {
                tokio::time::sleep(Duration::from_millis(100)).await;
                b.write_all(b"x").await.unwrap();
            }
            b
        });
        let mut got = [0u8; 6];
        a.read_exact(&mut got).await.unwrap();
        let _b = writer.await.unwrap();
        let started = std::time::Instant::now();
        let err = a.read(&mut [0u8; 1]).await.unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
        assert!(started.elapsed() < Duration::from_secs(2));
    }

    #[tokio::test]
    async fn writes_only_lets_a_read_wait_but_not_a_stalled_write() {
        let (a, _b) = tokio::io::duplex(4);
        let mut a = IdleTimeout::writes_only(a, Duration::from_millis(100));
        let read = tokio::time::timeout(Duration::from_millis(500), a.read(&mut [0u8; 1])).await;
        assert!(read.is_err(), "the read still waits: {read:?}");
        // Nobody reads `_b`: the 4-byte pipe fills and the write stalls.
        let err = a.write_all(&[0u8; 64]).await.unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
    }
}
