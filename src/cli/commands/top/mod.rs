//! `sessionpool top`: a live view of pools and sessions (ratatui). Keys sort,
//! filter by pool and stop a session after a y/n. Not on a terminal it
//! prints one look as plain tables and exits.

mod data;
mod view;

use crate::cli::Context;
use crate::cli::args::TopArgs;
use crate::cli::error::usage;
use crate::client::Client;
use crate::spec::{PoolName, ResourceGroup};
use anyhow::Result;
use data::Snapshot;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind};
use std::io::IsTerminal;
use std::time::{Duration, Instant};
use view::ViewState;

pub async fn run(ctx: &mut Context, args: &TopArgs) -> Result<()> {
    if !(0.2..=3600.0).contains(&args.interval) {
        return Err(usage(format!(
            "argument --interval: {} is not between 0.2 and 3600 seconds",
            args.interval
        )));
    }
    let rg = match &args.resource_group {
        Some(rg) => Some(
            ResourceGroup::parse(rg)
                .map_err(|e| usage(format!("argument --resource-group/-g: {}", e.message)))?,
        ),
        None => None,
    };
    let client = ctx.client()?;
    let first = data::fetch(client, rg.as_ref(), &Snapshot::default()).await?;
    if !std::io::stdout().is_terminal() {
        return plain(&first);
    }
    let interval = Duration::from_secs_f64(args.interval);
    let mut terminal = ratatui::init();
    let result = live(&mut terminal, client, rg.as_ref(), first, interval).await;
    ratatui::restore();
    result
}

fn plain(snap: &Snapshot) -> Result<()> {
    let table = |header: [&str; 6], rows: Vec<[String; 6]>| {
        let mut t = comfy_table::Table::new();
        t.load_style(comfy_table::presets::NOTHING)
            .set_header(header)
            .add_rows(rows);
        t.to_string()
    };
    println!(
        "{}\n",
        table(
            view::POOL_HEADER,
            snap.pools.iter().map(view::pool_cells).collect()
        )
    );
    println!(
        "{}",
        table(
            view::SESSION_HEADER,
            view::visible(snap, &ViewState::default())
                .into_iter()
                .map(view::session_cells)
                .collect()
        )
    );
    if let Some(note) = &snap.note {
        eprintln!("Note: {note}");
    }
    Ok(())
}

async fn live(
    terminal: &mut ratatui::DefaultTerminal,
    client: &Client,
    rg: Option<&ResourceGroup>,
    mut snap: Snapshot,
    interval: Duration,
) -> Result<()> {
    let title = format!(
        "sessionpool top | {} | every {}s",
        client.endpoint(),
        interval.as_secs_f64()
    );
    let mut view = ViewState::default();
    let mut next = Instant::now() + interval;
    loop {
        if Instant::now() >= next {
            match data::fetch(client, rg, &snap).await {
                Ok(s) => {
                    snap = s;
                    if view
                        .message
                        .as_deref()
                        .is_some_and(|m| m.starts_with("refresh"))
                    {
                        view.message = None;
                    }
                }
                Err(e) => view.message = Some(format!("refresh failed: {e}")),
            }
            next = Instant::now() + interval;
        }
        terminal.draw(|f| view::draw(f, &snap, &mut view, &title))?;
        // Wait for a key at most until the next refresh.
        let wait = next.saturating_duration_since(Instant::now());
        if !event::poll(wait.min(Duration::from_millis(250)))? {
            continue;
        }
        let Event::Key(key) = event::read()? else {
            continue;
        };
        if key.kind != KeyEventKind::Press {
            continue;
        }
        if let Some((pool, id)) = view.confirm.take() {
            if matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
                view.message = Some(stop(client, &pool, &id).await);
                next = Instant::now();
            } else {
                view.message = Some("not stopped".into());
            }
            continue;
        }
        match key.code {
            KeyCode::Char('q') | KeyCode::Esc => return Ok(()),
            KeyCode::Char('s') => view.sort = view.sort.next(),
            KeyCode::Char('p') => {
                let labels: Vec<String> = snap.pools.iter().map(|p| p.label()).collect();
                view.filter = match &view.filter {
                    None => labels.first().cloned(),
                    Some(f) => labels
                        .iter()
                        .position(|l| l == f)
                        .and_then(|i| labels.get(i + 1).cloned()),
                };
                view.selected.select(None);
            }
            KeyCode::Down | KeyCode::Char('j') => view.selected.select_next(),
            KeyCode::Up | KeyCode::Char('k') => view.selected.select_previous(),
            KeyCode::Char('x') => {
                let rows = view::visible(&snap, &view);
                if let Some(s) = view.selected.selected().and_then(|i| rows.get(i)) {
                    view.confirm = Some((
                        format!("{}/{}", s.rg.to_lowercase(), s.pool),
                        s.identifier.clone(),
                    ));
                }
            }
            _ => {}
        }
    }
}

async fn stop(client: &Client, pool: &str, id: &str) -> String {
    let Some((rg, name)) = pool.split_once('/') else {
        return format!("cannot stop: bad pool {pool}");
    };
    let (Ok(rg), Ok(name)) = (ResourceGroup::parse(rg), PoolName::parse(name)) else {
        return format!("cannot stop: bad pool {pool}");
    };
    match client.stop_session(&rg, &name, id).await {
        Ok(()) => format!("stopped session '{id}' of {pool}"),
        Err(e) => format!("stop failed: {e}"),
    }
}
