//! deploy/ stays true to the binary: every Kubernetes manifest parses, the
//! DaemonSet and the systemd units pass only flags `sessionpool daemon --help`
//! lists, and every name they refer to (env vars, volumes, Secrets, ConfigMap
//! keys, the Service's selector) is defined. No cluster is contacted.

use serde::Deserialize;
use serde_yaml::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn deploy() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy")
}

/// `--flag` names `sessionpool daemon --help` documents.
fn daemon_flags() -> BTreeSet<String> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sessionpool"))
        .args(["daemon", "--help"])
        .output()
        .unwrap();
    assert!(out.status.success(), "daemon --help failed");
    flags_in(&String::from_utf8(out.stdout).unwrap())
}

/// Every `--name` token in `text` (a `=value` or other tail cut off).
fn flags_in(text: &str) -> BTreeSet<String> {
    text.split(|c: char| c.is_whitespace() || c == '[' || c == ',' || c == '"')
        .filter_map(|w| w.strip_prefix("--"))
        .map(|w| {
            w.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

fn assert_known(flags: &BTreeSet<String>, known: &BTreeSet<String>, file: &str) {
    let unknown: Vec<&String> = flags.difference(known).collect();
    assert!(
        unknown.is_empty(),
        "{file} passes flags `sessionpool daemon --help` does not list: {unknown:?}"
    );
}

fn manifests() -> Vec<(String, Value)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(deploy().join("kubernetes"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no manifests in deploy/kubernetes");
    let mut docs = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        for doc in serde_yaml::Deserializer::from_str(&text) {
            let v =
                Value::deserialize(doc).unwrap_or_else(|e| panic!("{name} is not valid YAML: {e}"));
            if !v.is_null() {
                docs.push((name.clone(), v));
            }
        }
    }
    docs
}

fn s<'a>(v: &'a Value, path: &[&str]) -> &'a Value {
    let mut cur = v;
    for p in path {
        cur = &cur[*p];
    }
    cur
}

fn string(v: &Value, path: &[&str]) -> String {
    s(v, path)
        .as_str()
        .unwrap_or_else(|| panic!("{} is not a string in {v:?}", path.join(".")))
        .to_string()
}

fn of_kind<'a>(docs: &'a [(String, Value)], kind: &str) -> Vec<&'a Value> {
    docs.iter()
        .filter(|(_, v)| v["kind"].as_str() == Some(kind))
        .map(|(_, v)| v)
        .collect()
}

/// `$(NAME)` references in a Kubernetes arg.
fn k8s_refs(arg: &str) -> Vec<String> {
    arg.split("$(")
        .skip(1)
        .filter_map(|r| r.split_once(')').map(|(n, _)| n.to_string()))
        .collect()
}

#[test]
fn kubernetes_manifests_parse_and_hold_together() {
    let docs = manifests();
    for (file, v) in &docs {
        for key in ["apiVersion", "kind"] {
            assert!(v[key].is_string(), "{file}: a document without {key}");
        }
        assert!(
            v["metadata"]["name"].is_string(),
            "{file}: a document without metadata.name"
        );
    }
    let ds = of_kind(&docs, "DaemonSet");
    assert_eq!(ds.len(), 1, "one DaemonSet");
    let ds = ds[0];
    let pod = s(ds, &["spec", "template", "spec"]);
    assert_eq!(pod["hostNetwork"].as_bool(), Some(true), "hostNetwork");
    assert_eq!(
        s(ds, &["spec", "selector", "matchLabels"]),
        s(ds, &["spec", "template", "metadata", "labels"]),
        "the selector matches the pod's labels"
    );
    let containers = pod["containers"].as_sequence().unwrap();
    assert_eq!(containers.len(), 1);
    let c = &containers[0];
    assert_eq!(
        s(c, &["securityContext", "privileged"]).as_bool(),
        Some(true)
    );

    // Its args: `daemon` and flags the binary has.
    let args: Vec<String> = c["args"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect();
    assert_eq!(args[0], "daemon");
    let flags = flags_in(&args[1..].join(" "));
    for needed in [
        "cluster",
        "cluster-secret-file",
        "node-name",
        "node-url",
        "listen",
    ] {
        assert!(flags.contains(needed), "the DaemonSet passes --{needed}");
    }
    assert_known(&flags, &daemon_flags(), "deploy/kubernetes DaemonSet");
    for a in &args[1..] {
        assert!(
            a.starts_with("--"),
            "one flag per arg, as --name=value: {a}"
        );
    }

    // Every $(VAR) is an env var of the container; the node name comes from
    // the downward API.
    let env = c["env"].as_sequence().unwrap();
    let env_names: BTreeSet<String> = env.iter().map(|e| string(e, &["name"])).collect();
    for a in &args {
        for r in k8s_refs(a) {
            assert!(env_names.contains(&r), "arg {a} uses $({r}), not in env");
        }
    }
    let field = |name: &str| {
        env.iter()
            .find(|e| e["name"].as_str() == Some(name))
            .map(|e| string(e, &["valueFrom", "fieldRef", "fieldPath"]))
    };
    let node_arg = args.iter().find(|a| a.starts_with("--node-name=")).unwrap();
    let node_var = &k8s_refs(node_arg)[0];
    assert_eq!(field(node_var).as_deref(), Some("spec.nodeName"));

    // ConfigMap keys and Secrets referred to exist.
    let config_maps = of_kind(&docs, "ConfigMap");
    for e in env {
        if let Value::Mapping(_) = s(e, &["valueFrom", "configMapKeyRef"]) {
            let name = string(e, &["valueFrom", "configMapKeyRef", "name"]);
            let key = string(e, &["valueFrom", "configMapKeyRef", "key"]);
            let cm = config_maps
                .iter()
                .find(|m| m["metadata"]["name"].as_str() == Some(&name))
                .unwrap_or_else(|| panic!("no ConfigMap {name}"));
            assert!(
                cm["data"][key.as_str()].is_string(),
                "ConfigMap {name} has no {key}"
            );
        }
    }
    let secrets: BTreeSet<String> = of_kind(&docs, "Secret")
        .iter()
        .map(|v| string(v, &["metadata", "name"]))
        .collect();
    let volumes = pod["volumes"].as_sequence().unwrap();
    let volume_names: BTreeSet<String> = volumes.iter().map(|v| string(v, &["name"])).collect();
    for v in volumes {
        if v["secret"].is_mapping() {
            let name = string(v, &["secret", "secretName"]);
            assert!(secrets.contains(&name), "no Secret {name}");
        }
    }
    for m in c["volumeMounts"].as_sequence().unwrap() {
        let name = string(m, &["name"]);
        assert!(volume_names.contains(&name), "no volume {name}");
    }
    let host_paths: BTreeSet<String> = volumes
        .iter()
        .filter(|v| v["hostPath"].is_mapping())
        .map(|v| string(v, &["hostPath", "path"]))
        .collect();
    for p in ["/var/lib/sessionpool", "/sys/fs/cgroup"] {
        assert!(host_paths.contains(p), "a hostPath volume for {p}");
    }

    // The Service selects the DaemonSet's pods, on the port it listens on.
    let svc = of_kind(&docs, "Service");
    assert_eq!(svc.len(), 1, "one Service");
    let selector = s(svc[0], &["spec", "selector"]).as_mapping().unwrap();
    let labels = s(ds, &["spec", "template", "metadata", "labels"]);
    for (k, v) in selector {
        assert_eq!(&labels[k.as_str().unwrap()], v, "Service selector {k:?}");
    }
    let listen = args.iter().find(|a| a.starts_with("--listen=")).unwrap();
    let port = listen.rsplit(':').next().unwrap();
    let target = s(svc[0], &["spec", "ports"])[0]["targetPort"].clone();
    assert_eq!(
        serde_yaml::to_string(&target).unwrap().trim(),
        port,
        "the Service's targetPort is the --listen port"
    );
    let probe = s(c, &["readinessProbe", "tcpSocket", "port"]).clone();
    assert_eq!(serde_yaml::to_string(&probe).unwrap().trim(), port);
}

/// `ExecStart=` lines of a unit, continuations joined; an empty one (which
/// resets the list in a drop-in) is left out.
fn exec_starts(unit: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in unit.lines() {
        let line = line.trim();
        if let Some(c) = current.as_mut() {
            let (part, more) = match line.strip_suffix('\\') {
                Some(p) => (p, true),
                None => (line, false),
            };
            c.push(' ');
            c.push_str(part.trim());
            if !more {
                out.push(current.take().unwrap());
            }
            continue;
        }
        if let Some(rest) = line.strip_prefix("ExecStart=") {
            match rest.strip_suffix('\\') {
                Some(p) => current = Some(p.trim().to_string()),
                None if rest.trim().is_empty() => {}
                None => out.push(rest.trim().to_string()),
            }
        }
    }
    assert!(current.is_none(), "an ExecStart= ends in a continuation");
    out
}

/// `${NAME}` and `$NAME` references in a systemd command line.
fn systemd_refs(cmd: &str) -> BTreeSet<String> {
    let mut refs = BTreeSet::new();
    for part in cmd.split('$').skip(1) {
        let name: String = match part.strip_prefix('{') {
            Some(p) => p.split('}').next().unwrap().to_string(),
            None => part
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect(),
        };
        refs.insert(name);
    }
    refs
}

#[test]
fn systemd_units_pass_flags_the_daemon_has() {
    let known = daemon_flags();
    let dir = deploy().join("systemd");
    let unit = std::fs::read_to_string(dir.join("sessionpool.service")).unwrap();
    let starts = exec_starts(&unit);
    assert_eq!(starts.len(), 1, "{starts:?}");
    let words: Vec<&str> = starts[0].split_whitespace().collect();
    assert_eq!(words[..2], ["/usr/local/bin/sessionpool", "daemon"]);
    assert!(
        !starts[0].contains("--cluster"),
        "the single-host unit has no cluster flags"
    );
    assert_known(&flags_in(&starts[0]), &known, "sessionpool.service");
    for (key, value) in [("KillMode", "mixed"), ("Type", "exec")] {
        assert!(
            unit.lines().any(|l| l.trim() == format!("{key}={value}")),
            "{key}={value}"
        );
    }

    let dropin =
        std::fs::read_to_string(dir.join("sessionpool.service.d").join("cluster.conf")).unwrap();
    assert!(
        dropin.lines().any(|l| l.trim() == "ExecStart="),
        "the drop-in clears the unit's ExecStart first"
    );
    let starts = exec_starts(&dropin);
    assert_eq!(starts.len(), 1, "{starts:?}");
    let flags = flags_in(&starts[0]);
    for needed in [
        "cluster",
        "cluster-secret-file",
        "cluster-peer-ca",
        "node-name",
        "node-url",
        "tls-cert",
        "tls-key",
    ] {
        assert!(
            flags.contains(needed),
            "the cluster drop-in passes --{needed}"
        );
    }
    assert_known(&flags, &known, "sessionpool.service.d/cluster.conf");

    // Every variable it uses is set in the example environment file, and the
    // extra flags there (the commented example too) are the daemon's.
    let env = std::fs::read_to_string(dir.join("cluster.env")).unwrap();
    let mut set = BTreeSet::new();
    for line in env.lines() {
        let line = line.trim();
        let (commented, line) = match line.strip_prefix('#') {
            Some(l) => (true, l),
            None => (false, line),
        };
        let Some((name, value)) = line.split_once('=') else {
            continue;
        };
        if !name.chars().all(|c| c.is_ascii_uppercase() || c == '_') || name.is_empty() {
            continue;
        }
        if !commented {
            set.insert(name.to_string());
        }
        assert_known(&flags_in(value), &known, &format!("cluster.env {name}"));
    }
    for r in systemd_refs(&starts[0]) {
        assert!(
            set.contains(&r),
            "the drop-in uses ${r}, which cluster.env does not set"
        );
    }
}

#[test]
fn flag_scanning_finds_what_it_should() {
    assert_eq!(
        flags_in("daemon --listen=$(POD_IP):8443 --cluster etcd://a,b [--node-name <NAME>]"),
        ["cluster", "listen", "node-name"]
            .into_iter()
            .map(String::from)
            .collect()
    );
    assert_eq!(
        systemd_refs("--a ${X_Y} $Z --b"),
        ["X_Y", "Z"].into_iter().map(String::from).collect()
    );
    assert_eq!(
        exec_starts("ExecStart=\nExecStart=/bin/x \\\n    --a 1 \\\n    --b\nKillMode=mixed\n"),
        ["/bin/x --a 1 --b"]
    );
}

#[test]
fn readme_cluster_commands_pass_flags_the_daemon_has() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme
        .find("\n## Run a cluster\n")
        .expect("README has \"Run a cluster\"");
    let section = &readme[start + 1..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
    // The daemon command lines, and the shell variable holding their shared flags.
    let mut text = String::new();
    let mut in_var = false;
    for line in section.lines() {
        if let Some(rest) = line.strip_prefix("C=\"") {
            in_var = !rest.contains('"');
            text.push_str(line);
            text.push('\n');
        } else if in_var {
            in_var = !line.contains('"');
            text.push_str(line);
            text.push('\n');
        } else if line.contains("sessionpool daemon") && !line.contains('`') {
            text.push_str(line);
            text.push('\n');
        }
    }
    assert_eq!(
        text.matches("sessionpool daemon $C").count(),
        3,
        "three daemons, one per host:\n{text}"
    );
    let flags = flags_in(&text);
    for needed in ["cluster", "cluster-secret-file", "node-name", "listen"] {
        assert!(flags.contains(needed), "README's daemons pass --{needed}");
    }
    assert_known(&flags, &daemon_flags(), "README \"Run a cluster\"");
}
