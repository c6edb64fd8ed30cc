//! `sessionpool completion SHELL`

use anyhow::Result;

pub fn run(shell: clap_complete::Shell, mut command: clap::Command) -> Result<()> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "sessionpool", &mut out);
    use std::io::Write;
    match std::io::stdout().lock().write_all(&out) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
