//! The binary's entry: the CLI's commands plus `sessionpool daemon`, composed
//! here so the CLI never imports the daemon and the daemon never imports the CLI.

use clap::{Args, CommandFactory, FromArgMatches};

/// The whole command tree (completions and man pages are generated from it).
pub fn command() -> clap::Command {
    crate::cli::args::Cli::command().subcommand(
        crate::daemon::DaemonArgs::augment_args(clap::Command::new("daemon"))
            .about("Run the pool daemon in the foreground"),
    )
}

/// Parse arguments and run; returns the process exit code.
pub fn main() -> i32 {
    let matches = match command().try_get_matches() {
        Ok(m) => m,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    if let Some(("daemon", sub)) = matches.subcommand() {
        let args = match crate::daemon::DaemonArgs::from_arg_matches(sub) {
            Ok(a) => a,
            Err(e) => {
                let _ = e.print();
                return 2;
            }
        };
        return run_daemon(args);
    }
    match crate::cli::args::Cli::from_arg_matches(&matches) {
        Ok(cli) => crate::cli::run(cli, command()),
        Err(e) => {
            let _ = e.print();
            2
        }
    }
}

fn run_daemon(args: crate::daemon::DaemonArgs) -> i32 {
    let filter = tracing_subscriber::EnvFilter::try_from_env("SESSIONPOOL_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("sessionpool=info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
    raise_open_file_limit();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime starts");
    let result = runtime.block_on(crate::daemon::run(args));
    // Dropping the runtime would wait for every blocking task (a runtime call
    // past the shutdown timeout); the next start cleans up after those.
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("ERROR: failed to {e}");
            1
        }
    }
}

/// Raise the soft open-file limit to the hard one: the daemon holds a few
/// files per live sandbox (its network namespace, a pre-opened connection,
/// the log pipe) besides client connections, so 1,000 sessions need more
/// than the usual soft limit of 1,024. A sandbox's limit is set in its
/// config.json (the OCI default, 1,024), not inherited from this one.
fn raise_open_file_limit() {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: plain syscalls on a valid struct.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) == 0 && lim.rlim_cur < lim.rlim_max {
            lim.rlim_cur = lim.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &lim);
        }
    }
}
