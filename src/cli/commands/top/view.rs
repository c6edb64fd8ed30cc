//! Drawing `top` and what its keys do.

use super::data::{PoolRow, SessionRow, Snapshot};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Row, Table, TableState};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    #[default]
    Identifier,
    Age,
    Idle,
    Cpu,
    Memory,
}

impl SortBy {
    pub fn next(self) -> Self {
        match self {
            SortBy::Identifier => SortBy::Age,
            SortBy::Age => SortBy::Idle,
            SortBy::Idle => SortBy::Cpu,
            SortBy::Cpu => SortBy::Memory,
            SortBy::Memory => SortBy::Identifier,
        }
    }

    fn name(self) -> &'static str {
        match self {
            SortBy::Identifier => "identifier",
            SortBy::Age => "age",
            SortBy::Idle => "idle",
            SortBy::Cpu => "cpu",
            SortBy::Memory => "memory",
        }
    }
}

/// What the screen shows besides the data.
#[derive(Debug, Default)]
pub struct ViewState {
    pub sort: SortBy,
    /// Only this pool (`rg/name`), or all.
    pub filter: Option<String>,
    pub selected: TableState,
    /// A stop waiting for y/n: (pool label, identifier).
    pub confirm: Option<(String, String)>,
    pub message: Option<String>,
}

pub fn human_duration(d: Option<Duration>) -> String {
    let Some(d) = d else { return "-".into() };
    let s = d.as_secs();
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m{:02}s", s / 60, s % 60),
        _ => format!("{}h{:02}m", s / 3600, (s % 3600) / 60),
    }
}

pub fn human_bytes(b: Option<u64>) -> String {
    let Some(b) = b else { return "-".into() };
    let mib = b as f64 / (1024.0 * 1024.0);
    if mib >= 1024.0 {
        format!("{:.1}Gi", mib / 1024.0)
    } else {
        format!("{mib:.1}Mi")
    }
}

pub fn cpu(s: &SessionRow) -> String {
    match (s.cpu_cores, s.cpu_seconds) {
        (Some(c), _) => format!("{:.0}%", c * 100.0),
        (None, Some(t)) => format!("{t:.1}s"),
        _ => "-".into(),
    }
}

pub fn rate(p: &PoolRow) -> String {
    p.rate.map_or("-".into(), |r| format!("{r:.1}"))
}

pub const POOL_HEADER: [&str; 6] = ["POOL", "READY", "PENDING", "ALLOCATED", "MAX", "REQ/S"];
pub const SESSION_HEADER: [&str; 6] = ["POOL", "IDENTIFIER", "AGE", "IDLE", "CPU", "MEMORY"];

pub fn pool_cells(p: &PoolRow) -> [String; 6] {
    [
        p.label(),
        format!("{}/{}", p.ready, p.ready_target),
        p.pending.to_string(),
        p.allocated.to_string(),
        p.max_sessions.to_string(),
        rate(p),
    ]
}

pub fn session_cells(s: &SessionRow) -> [String; 6] {
    [
        format!("{}/{}", s.rg.to_lowercase(), s.pool),
        s.identifier.clone(),
        human_duration(s.age),
        human_duration(s.idle),
        cpu(s),
        human_bytes(s.memory_bytes),
    ]
}

/// The sessions shown, filtered and sorted as the view says.
pub fn visible<'a>(snap: &'a Snapshot, view: &ViewState) -> Vec<&'a SessionRow> {
    let mut rows: Vec<&SessionRow> = snap
        .sessions
        .iter()
        .filter(|s| {
            view.filter
                .as_deref()
                .is_none_or(|f| format!("{}/{}", s.rg.to_lowercase(), s.pool) == f)
        })
        .collect();
    match view.sort {
        SortBy::Identifier => rows.sort_by(|a, b| a.identifier.cmp(&b.identifier)),
        SortBy::Age => rows.sort_by_key(|s| std::cmp::Reverse(s.age)),
        SortBy::Idle => rows.sort_by_key(|s| std::cmp::Reverse(s.idle)),
        SortBy::Cpu => rows.sort_by(|a, b| {
            b.cpu_cores
                .or(b.cpu_seconds)
                .partial_cmp(&a.cpu_cores.or(a.cpu_seconds))
                .unwrap_or(std::cmp::Ordering::Equal)
        }),
        SortBy::Memory => rows.sort_by_key(|s| std::cmp::Reverse(s.memory_bytes)),
    }
    rows
}

pub fn draw(frame: &mut Frame, snap: &Snapshot, view: &mut ViewState, title: &str) {
    let pools: Vec<&PoolRow> = snap
        .pools
        .iter()
        .filter(|p| view.filter.as_deref().is_none_or(|f| p.label() == f))
        .collect();
    let [head, pools_area, sessions_area, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(pools.len() as u16 + 3),
        Constraint::Min(4),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    frame.render_widget(
        Paragraph::new(format!(
            "{title} | sort: {} | pool: {}",
            view.sort.name(),
            view.filter.as_deref().unwrap_or("all")
        )),
        head,
    );
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let widths = [
        Constraint::Min(20),
        Constraint::Length(12),
        Constraint::Length(10),
        Constraint::Length(10),
        Constraint::Length(8),
        Constraint::Length(10),
    ];
    let pool_table = Table::new(pools.iter().map(|p| Row::new(pool_cells(p))), widths)
        .header(Row::new(POOL_HEADER).style(bold))
        .block(Block::bordered().title("Pools (ready/target)"));
    frame.render_widget(pool_table, pools_area);

    let rows = visible(snap, view);
    if rows.is_empty() {
        view.selected.select(None);
    } else if view.selected.selected().is_none_or(|i| i >= rows.len()) {
        view.selected.select(Some(0));
    }
    let session_table = Table::new(
        rows.iter().map(|s| Row::new(session_cells(s))),
        [
            Constraint::Min(20),
            Constraint::Min(16),
            Constraint::Length(8),
            Constraint::Length(8),
            Constraint::Length(8),
            Constraint::Length(10),
        ],
    )
    .header(Row::new(SESSION_HEADER).style(bold))
    .row_highlight_style(Style::new().add_modifier(Modifier::REVERSED))
    .block(Block::bordered().title(format!("Sessions ({})", rows.len())));
    frame.render_stateful_widget(session_table, sessions_area, &mut view.selected);

    let footer = if let Some((pool, id)) = &view.confirm {
        format!("Stop session '{id}' of {pool}? y/n")
    } else if let Some(m) = view.message.as_ref().or(snap.note.as_ref()) {
        m.clone()
    } else {
        "q quit  s sort  p pool filter  ↑/↓ select  x stop session".into()
    };
    frame.render_widget(Paragraph::new(Line::from(footer)), foot);
}
