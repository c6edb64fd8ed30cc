//! `sessionpool cluster status`

use crate::cli::Context;
use crate::cli::args::{ClusterCommand, OutputFormat};
use anyhow::Result;
use serde_json::Value;

pub async fn run(ctx: &mut Context, cmd: &ClusterCommand) -> Result<()> {
    match cmd {
        ClusterCommand::Status => {
            let status = serde_json::to_value(ctx.client()?.cluster_status().await?)?;
            // A table is of nodes; every other format (and any --query) gets
            // the whole answer, as the daemon gave it.
            if ctx.global.output == OutputFormat::Table && ctx.global.query.is_none() {
                ctx.print_with_table(&table_rows(&status), node_columns)
            } else {
                ctx.print(&status)
            }
        }
    }
}

/// The nodes, each with the cluster's lease TTL copied in (one row per node).
fn table_rows(status: &Value) -> Value {
    let ttl = status
        .get("leaseTtlSeconds")
        .cloned()
        .unwrap_or(Value::Null);
    let nodes = status
        .get("nodes")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    Value::Array(
        nodes
            .into_iter()
            .map(|mut n| {
                if let Value::Object(m) = &mut n {
                    m.insert("leaseTtlSeconds".into(), ttl.clone());
                }
                n
            })
            .collect(),
    )
}

/// NAME URL ALIVE SESSIONS READY LEASE TTL CPUS MEMORY; the node that
/// answered has `*` after its name.
fn node_columns(n: &Value) -> Vec<(String, String)> {
    let text = |p: &str| match n.pointer(p) {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    let is_self = n.get("self").and_then(Value::as_bool).unwrap_or(false);
    let alive = match n.get("alive").and_then(Value::as_bool) {
        Some(true) => "True",
        Some(false) => "False",
        None => "",
    };
    // Blank rather than "0s" where there is no lease (single-host mode).
    let with_unit = |p: &str, unit: &str| match text(p) {
        t if t.is_empty() || t == "0" => String::new(),
        t => format!("{t}{unit}"),
    };
    vec![
        (
            "NAME".into(),
            format!("{}{}", text("/name"), if is_self { "*" } else { "" }),
        ),
        ("URL".into(), text("/url")),
        ("ALIVE".into(), alive.into()),
        ("SESSIONS".into(), text("/sessions")),
        ("READY".into(), text("/ready")),
        ("LEASE".into(), text("/lease")),
        ("TTL".into(), with_unit("/leaseTtlSeconds", "s")),
        ("CPUS".into(), text("/capacity/cpus")),
        ("MEMORY".into(), with_unit("/capacity/memoryMiB", "Mi")),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ClusterStatus;
    use crate::cli::output::render;

    fn table(text: &str) -> String {
        // Through the typed answer, as `run` does.
        let status: ClusterStatus = serde_json::from_str(text).unwrap();
        let v = serde_json::to_value(status).unwrap();
        render(OutputFormat::Table, &table_rows(&v), Some(node_columns))
    }

    #[test]
    fn table_of_three_nodes_marks_self() {
        let t = table(
            r#"{"mode":"etcd","self":"node-b","endpoints":["etcd://10.0.0.1:2379"],
            "leaseTtlSeconds":10,"nodes":[
             {"name":"node-a","url":"https://10.77.0.1:8443","lease":"758792a1c4f2d90b",
              "self":false,"alive":true,"capacity":{"cpus":2,"memoryMiB":24000},
              "sessions":12,"ready":3,"pools":[]},
             {"name":"node-b","url":"https://10.77.0.2:8443","lease":"758792a1c4f2d91c",
              "self":true,"alive":true,"capacity":{"cpus":4,"memoryMiB":16000},
              "sessions":7,"ready":2,"pools":[]},
             {"name":"node-c","url":"https://10.77.0.3:8443","lease":"758792a1c4f2d92d",
              "self":false,"alive":false,"capacity":{"cpus":2,"memoryMiB":8000},
              "sessions":0,"ready":0,"pools":[]}]}"#,
        );
        let lines: Vec<Vec<&str>> = t.lines().map(|l| l.split_whitespace().collect()).collect();
        assert_eq!(
            lines[0],
            [
                "NAME", "URL", "ALIVE", "SESSIONS", "READY", "LEASE", "TTL", "CPUS", "MEMORY"
            ],
            "{t}"
        );
        assert!(lines[1].iter().all(|c| c.chars().all(|x| x == '-')), "{t}");
        assert_eq!(
            lines[2],
            [
                "node-a",
                "https://10.77.0.1:8443",
                "True",
                "12",
                "3",
                "758792a1c4f2d90b",
                "10s",
                "2",
                "24000Mi"
            ],
            "{t}"
        );
        assert_eq!(lines[3][0], "node-b*", "{t}");
        assert_eq!(lines[3][3], "7", "{t}");
        assert_eq!(lines[4][0], "node-c", "{t}");
        assert_eq!(lines[4][2], "False", "{t}");
        assert_eq!(lines.len(), 5, "{t}");
    }

    #[test]
    fn single_host_table_leaves_lease_and_ttl_blank() {
        // Without lease fields, or with them empty and zero.
        for t in [
            table(
                r#"{"mode":"single","self":"host1","nodes":[{"name":"host1",
               "url":"https://127.0.0.1:8443","self":true,"alive":true,
               "capacity":{"cpus":8,"memoryMiB":32000},"sessions":1,"ready":5}]}"#,
            ),
            table(
                r#"{"mode":"single","self":"host1","endpoints":[],"leaseTtlSeconds":0,
               "nodes":[{"name":"host1","url":"https://127.0.0.1:8443","lease":"",
               "self":true,"alive":true,"capacity":{"cpus":8,"memoryMiB":32000},
               "sessions":1,"ready":5,"pools":[]}]}"#,
            ),
        ] {
            single_host_row(&t);
        }
    }

    fn single_host_row(t: &str) {
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 3, "{t}");
        let row: Vec<&str> = lines[2].split_whitespace().collect();
        // Blank LEASE and TTL cells: seven values in nine columns.
        assert_eq!(
            row,
            [
                "host1*",
                "https://127.0.0.1:8443",
                "True",
                "1",
                "5",
                "8",
                "32000Mi"
            ],
            "{t}"
        );
        // The blank cells sit under their headers: CPUS starts where it does.
        let cpus = lines[0].find("CPUS").unwrap();
        assert_eq!(&lines[2][cpus..cpus + 1], "8", "{t}");
    }
}
