//! The one Printer: `--query` (JMESPath), then `-o json|jsonc|yaml|yamlc|table|tsv|none`
//! as az prints them. A closed stdout (`| head`) counts as success.

use super::args::OutputFormat;
use comfy_table::{Table, presets::NOTHING};
use serde_json::Value;
use std::io::Write;

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("argument --query: invalid JMESPath query '{query}': {reason}")]
    Query { query: String, reason: String },
    #[error("write output: {0}")]
    Io(#[from] std::io::Error),
}

/// Picks a row's table columns (header, cell) out of a result.
pub type Columns = fn(&Value) -> Vec<(String, String)>;

pub struct Printer {
    pub format: OutputFormat,
    pub query: Option<String>,
    /// Columns for `-o table` when no query reshaped the result.
    pub table: Option<Columns>,
}

/// Apply a JMESPath expression the way az's `--query` does.
pub fn apply_query(query: &str, value: &Value) -> Result<Value, OutputError> {
    let err = |reason: String| OutputError::Query {
        query: query.to_string(),
        reason,
    };
    let expr = jmespath::compile(query).map_err(|e| err(e.to_string()))?;
    let result = expr.search(value).map_err(|e| err(e.to_string()))?;
    serde_json::to_value(&*result).map_err(|e| err(e.to_string()))
}

impl Printer {
    pub fn print(&self, value: &Value) -> Result<(), OutputError> {
        let (value, table) = match &self.query {
            Some(q) => (apply_query(q, value)?, None),
            None => (value.clone(), self.table),
        };
        let text = render(self.format, &value, table);
        let mut out = std::io::stdout().lock();
        match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => Ok(other?),
        }
    }
}

pub fn render(format: OutputFormat, value: &Value, table: Option<Columns>) -> String {
    match format {
        OutputFormat::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(value).expect("JSON values serialize")
        ),
        OutputFormat::Jsonc => format!("{}\n", color_json(value, 0)),
        OutputFormat::Yaml => yaml(value),
        OutputFormat::Yamlc => yaml(value)
            .lines()
            .map(color_yaml_line)
            .map(|l| l + "\n")
            .collect(),
        OutputFormat::Tsv => tsv(value),
        OutputFormat::Table => render_table(value, table),
        OutputFormat::None => String::new(),
    }
}

fn yaml(value: &Value) -> String {
    serde_yaml::to_string(value).expect("JSON values serialize as YAML")
}

const KEY: &str = "\x1b[94m";
const STRING: &str = "\x1b[32m";
const LITERAL: &str = "\x1b[36m";
const RESET: &str = "\x1b[0m";

fn color_json(v: &Value, indent: usize) -> String {
    let pad = "  ".repeat(indent + 1);
    let end = "  ".repeat(indent);
    match v {
        Value::Object(m) if !m.is_empty() => {
            let items: Vec<String> = m
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{pad}{KEY}{}{RESET}: {}",
                        Value::String(k.clone()),
                        color_json(v, indent + 1)
                    )
                })
                .collect();
            format!("{{\n{}\n{end}}}", items.join(",\n"))
        }
        Value::Array(a) if !a.is_empty() => {
            let items: Vec<String> = a
                .iter()
                .map(|v| format!("{pad}{}", color_json(v, indent + 1)))
                .collect();
            format!("[\n{}\n{end}]", items.join(",\n"))
        }
        Value::String(_) => format!("{STRING}{v}{RESET}"),
        other => format!("{LITERAL}{other}{RESET}"),
    }
}

fn color_yaml_line(line: &str) -> String {
    let body = line.trim_start_matches([' ', '-']);
    let lead = &line[..line.len() - body.len()];
    match body.split_once(": ") {
        Some((k, v)) => format!("{lead}{KEY}{k}{RESET}: {STRING}{v}{RESET}"),
        None if body.ends_with(':') => format!("{lead}{KEY}{body}{RESET}"),
        None => format!("{lead}{STRING}{body}{RESET}"),
    }
}

/// A scalar as az prints it in tsv and table cells (Python's str()).
fn scalar(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        // Nested values print as a count (lists) or nothing (objects), as az does,
        // so every row keeps the same number of columns.
        Value::Array(a) => a.len().to_string(),
        Value::Object(_) => String::new(),
    }
}

/// az's tsv: a list is one row per item; an object is one row of its values.
fn tsv(value: &Value) -> String {
    let rows: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = match row {
            // az sorts a plain object's keys to keep columns stable.
            Value::Object(m) => {
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort();
                keys.into_iter().map(|k| scalar(&m[k])).collect()
            }
            Value::Array(a) => a.iter().map(scalar).collect(),
            other => vec![scalar(other)],
        };
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    out
}

/// az's generic table: one column per scalar key, headers capitalised.
fn generic_columns(v: &Value) -> Vec<(String, String)> {
    match v {
        Value::Object(m) => m
            .iter()
            .filter(|(_, v)| !v.is_object() && !v.is_array())
            .map(|(k, v)| (header(k), scalar(v)))
            .collect(),
        other => vec![("Result".into(), scalar(other))],
    }
}

fn header(key: &str) -> String {
    let mut out = String::new();
    for (i, c) in key.chars().enumerate() {
        if i == 0 {
            out.extend(c.to_uppercase());
        } else if c.is_uppercase() {
            out.push(' ');
            out.push(c);
        } else {
            out.push(c);
        }
    }
    out
}

fn render_table(value: &Value, columns: Option<Columns>) -> String {
    let columns: Columns = columns.unwrap_or(generic_columns);
    let rows: Vec<Vec<(String, String)>> = match value {
        Value::Array(items) => items.iter().map(columns).collect(),
        Value::Null => vec![],
        other => vec![columns(other)],
    };
    // Rows may lack keys (null fields are left out): align on every header seen.
    let mut headers: Vec<String> = Vec::new();
    for row in &rows {
        for (h, _) in row {
            if !headers.contains(h) {
                headers.push(h.clone());
            }
        }
    }
    if headers.is_empty() {
        return String::new();
    }
    let mut table = Table::new();
    table.load_style(NOTHING);
    table.set_header(headers.clone());
    table.add_row(headers.iter().map(|h| "-".repeat(h.len().max(4))));
    for row in &rows {
        table.add_row(headers.iter().map(|h| {
            row.iter()
                .find(|(k, _)| k == h)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        }));
    }
    let text = table.to_string();
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l).trim_end())
        .collect();
    format!("{}\n", lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn tsv_of_a_scalar_is_the_bare_value() {
        assert_eq!(
            render(OutputFormat::Tsv, &json!("http://x/pools/a"), None),
            "http://x/pools/a\n"
        );
        assert_eq!(render(OutputFormat::Tsv, &json!(true), None), "True\n");
        assert_eq!(render(OutputFormat::Tsv, &json!(null), None), "\n");
    }

    #[test]
    fn tsv_rows_and_columns() {
        let v = json!([{"name": "a", "n": 1, "nested": {"x": 1}, "list": [1, 2]}, {"name": "b", "n": 2, "nested": {}, "list": []}]);
        // Keys sorted, as az does: list, n, name, nested.
        assert_eq!(
            render(OutputFormat::Tsv, &v, None),
            "2\t1\ta\t\n0\t2\tb\t\n"
        );
    }

    #[test]
    fn query_then_format() {
        let v = json!({"properties": {"poolManagementEndpoint": "http://h/pools/rg/p"}});
        let q = apply_query("properties.poolManagementEndpoint", &v).unwrap();
        assert_eq!(render(OutputFormat::Tsv, &q, None), "http://h/pools/rg/p\n");
        assert!(apply_query("properties.[", &v).is_err());
    }

    #[test]
    fn generic_table_has_capitalised_headers() {
        let t = render(
            OutputFormat::Table,
            &json!([{"name": "a", "maxSessions": 3}]),
            None,
        );
        let lines: Vec<&str> = t.lines().collect();
        assert!(
            lines[0].contains("Name") && lines[0].contains("Max Sessions"),
            "{t}"
        );
        assert!(lines[2].contains('a') && lines[2].contains('3'), "{t}");
    }

    #[test]
    fn none_prints_nothing() {
        assert_eq!(render(OutputFormat::None, &json!({"a": 1}), None), "");
    }
}
