//! `sessionpool code execute -n POOL -g RG --identifier ID (--code C | --file F)`:
//! prints the execution as az's `session code-interpreter execute` does.

use super::pool_key;
use crate::cli::Context;
use crate::cli::args::CodeCommand;
use crate::cli::error::usage;
use anyhow::{Context as _, Result};
use std::io::Read;

pub async fn run(ctx: &mut Context, cmd: &CodeCommand) -> Result<()> {
    let CodeCommand::Execute(args) = cmd;
    let (rg, name) = pool_key(&args.pool.name, &args.pool.resource_group)?;
    crate::spec::SessionIdentifier::parse(&args.identifier)
        .map_err(|e| usage(format!("argument --identifier: {}", e.message)))?;
    let code = match (&args.code, &args.file) {
        (Some(c), _) => c.clone(),
        (None, Some(f)) if f.as_os_str() == "-" => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .context("failed to read the code from standard input")?;
            s
        }
        (None, Some(f)) => std::fs::read_to_string(f)
            .map_err(|e| usage(format!("argument --file: cannot read {}: {e}", f.display())))?,
        (None, None) => return Err(usage("argument --code: or --file is required")),
    };
    let result = ctx
        .client()?
        .execute_code(&rg, &name, &args.identifier, &code, args.timeout_in_seconds)
        .await?;
    ctx.print(&result)
}
