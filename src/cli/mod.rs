//! The `sessionpool` command line: clap definitions, settings, one file per
//! command, one Printer. Never imports the daemon's internals.

pub mod args;
mod commands;
mod credentials;
mod environments;
pub mod error;
pub mod output;
pub mod pool_flags;
mod settings;

use anyhow::Result;
use args::{Cli, Command, GlobalArgs};
use output::{Columns, Printer};
use serde_json::Value;
use std::io::IsTerminal;

/// What a command needs: the global flags, the printer, a lazy connection.
pub struct Context {
    pub global: GlobalArgs,
    connection: Option<settings::Connection>,
}

impl Context {
    pub fn client(&mut self) -> Result<&crate::client::Client> {
        if self.connection.is_none() {
            self.connection = Some(settings::connect(&self.global)?);
        }
        Ok(&self.connection.as_ref().expect("set above").client)
    }

    /// The client, with `default` as the request limit unless `--timeout` was given.
    pub fn client_with_default_timeout(
        &mut self,
        default: std::time::Duration,
    ) -> Result<&crate::client::Client> {
        self.client()?;
        let flag_given = self.global.timeout.is_some();
        let conn = self.connection.as_mut().expect("set above");
        if !flag_given {
            conn.client.set_timeout(Some(default));
        }
        Ok(&conn.client)
    }

    pub fn print(&self, value: &Value) -> Result<()> {
        self.printer(None).print(value).map_err(Into::into)
    }

    pub fn print_with_table(&self, value: &Value, table: Columns) -> Result<()> {
        self.printer(Some(table)).print(value).map_err(Into::into)
    }

    fn printer(&self, table: Option<Columns>) -> Printer {
        Printer {
            format: self.global.output,
            query: self.global.query.clone(),
            table,
        }
    }
}

fn init_logging(g: &GlobalArgs) {
    let level = if g.debug {
        "debug"
    } else if g.verbose {
        "info"
    } else if g.only_show_errors {
        "error"
    } else {
        "warn"
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("SESSIONPOOL_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(format!("sessionpool={level}")));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .without_time()
        .with_target(false)
        .try_init();
}

/// Run a parsed CLI command; `full` is the whole command tree (with `daemon`) for completions.
pub fn run(cli: Cli, full: clap::Command) -> i32 {
    init_logging(&cli.global);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime starts");
    let mut ctx = Context {
        global: cli.global,
        connection: None,
    };
    let result: Result<()> = runtime.block_on(async {
        match &cli.command {
            Command::Create(a) => commands::create::run(&mut ctx, a).await,
            Command::Show(a) => commands::show::run(&mut ctx, a).await,
            Command::Update(a) => commands::update::run(&mut ctx, a).await,
            Command::Delete(a) => commands::delete::run(&mut ctx, a).await,
            Command::List(a) => commands::list::run(&mut ctx, a).await,
            Command::Invoke(a) => commands::invoke::run(&mut ctx, a).await,
            Command::Session(c) => commands::session::run(&mut ctx, c).await,
            Command::Code(c) => commands::code::run(&mut ctx, c).await,
            Command::Files(c) => commands::files::run(&mut ctx, c).await,
            Command::Logs(a) => commands::logs::run(&mut ctx, a).await,
            Command::Top(a) => commands::top::run(&mut ctx, a).await,
            Command::Token(c) => commands::token::run(&mut ctx, c).await,
            Command::Environment(c) => commands::environment::run(&mut ctx, c).await,
            Command::Principal(c) => commands::principal::run(&mut ctx, c).await,
            Command::SigningKey(c) => commands::principal::run_keys(&mut ctx, c).await,
            Command::Cluster(c) => commands::cluster::run(&mut ctx, c).await,
            Command::Completion { shell } => commands::completion::run(*shell, full),
        }
    });
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("ERROR: {e:#}");
            error::exit_code(&e)
        }
    }
}
