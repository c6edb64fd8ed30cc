//! The baselines' proxies: Debian's nginx-light and HAProxy 2.6, each started
//! inside the forwarding session's network namespace (`nsenter --net`) so that
//! they dial exactly what the daemon dials, 127.0.0.1:8080 there, and both
//! keep their upstream connections alive. Each gets what it would use on this
//! machine: nginx `worker_processes auto`, HAProxy its default thread count.

use crate::client::{Client, Target};
use crate::env::{Env, tool};
use std::fs::File;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub const NGINX_PORT: u16 = 18080;
pub const HAPROXY_PORT: u16 = 18081;

fn spawn_in_netns(netns: &Path, dir: &Path, program: &str, args: &[&str]) -> Command {
    let log = File::create(dir.join("stderr.log")).unwrap();
    let mut c = Command::new(tool("nsenter"));
    c.arg(format!("--net={}", netns.display()))
        .arg(tool(program))
        .args(args)
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log);
    c
}

/// nginx in `netns`, listening on 127.0.0.1:NGINX_PORT there; returns its master's PID.
pub fn start_nginx(env: &mut Env, netns: &Path) -> u32 {
    let dir = env.dir.join("nginx");
    std::fs::create_dir_all(&dir).unwrap();
    let d = dir.display();
    let conf = format!(
        "# worker_processes auto: one worker per core, as nginx would run on this machine.\n\
         worker_processes auto;\ndaemon off;\npid {d}/nginx.pid;\nerror_log {d}/error.log warn;\n\
         events {{ worker_connections 1024; }}\n\
         http {{\n  access_log off;\n  client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n\
         \x20 fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n\
         \x20 keepalive_requests 1000000;\n\
         \x20 upstream sandbox {{ server 127.0.0.1:8080; keepalive 32; keepalive_requests 1000000; }}\n\
         \x20 server {{\n    listen 127.0.0.1:{NGINX_PORT};\n    location / {{\n\
         \x20     proxy_pass http://sandbox;\n      proxy_http_version 1.1;\n\
         \x20     proxy_set_header Connection \"\";\n    }}\n  }}\n}}\n"
    );
    std::fs::write(dir.join("nginx.conf"), conf).unwrap();
    let conf = dir.join("nginx.conf");
    let error_log = dir.join("error.log");
    let child = spawn_in_netns(
        netns,
        &dir,
        "nginx",
        &[
            "-c",
            conf.to_str().unwrap(),
            "-p",
            dir.to_str().unwrap(),
            "-e",
            error_log.to_str().unwrap(),
        ],
    )
    .spawn()
    .expect("start nginx");
    // nsenter execs nginx: the child's PID is nginx's master.
    env.adopt("nginx", child)
}

/// HAProxy in `netns`, listening on 127.0.0.1:HAPROXY_PORT there; returns its PID.
pub fn start_haproxy(env: &mut Env, netns: &Path) -> u32 {
    let dir = env.dir.join("haproxy");
    std::fs::create_dir_all(&dir).unwrap();
    let conf = format!(
        "global\n    # no nbthread: HAProxy 2.6 starts one thread per CPU it may run on\n\
         \x20   maxconn 4096\n\
         defaults\n    mode http\n    option http-keep-alive\n    http-reuse always\n\
         \x20   timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n\
         frontend bench\n    bind 127.0.0.1:{HAPROXY_PORT}\n    default_backend sandbox\n\
         backend sandbox\n    server s1 127.0.0.1:8080\n"
    );
    let path = dir.join("haproxy.cfg");
    std::fs::write(&path, conf).unwrap();
    // -db: foreground, so the PID we hold is HAProxy's own.
    let child = spawn_in_netns(
        netns,
        &dir,
        "haproxy",
        &["-db", "-f", path.to_str().unwrap()],
    )
    .spawn()
    .expect("start haproxy");
    env.adopt("haproxy", child)
}

/// Wait until `t` answers `GET /` with 200; `helper` names the process that
/// serves it (its early exit ends the wait with its log).
pub fn wait_serving(env: &mut Env, t: &Target, helper: Option<&str>) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let t2 = t.clone();
        let ok = std::thread::spawn(move || {
            let mut c = Client::new(&t2);
            let req = t2.request("GET", "/", b"");
            matches!(c.call(&req), Ok((_, a)) if a.status == 200)
        })
        .join()
        .unwrap();
        if ok {
            return;
        }
        if let Some(h) = helper
            && !env.helper_running(h)
        {
            let log =
                std::fs::read_to_string(env.dir.join(h).join("stderr.log")).unwrap_or_default();
            panic!("{h} exited at start:\n{log}");
        }
        assert!(Instant::now() < deadline, "{} does not answer", t.name);
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// How many processes have `pid` as parent (nginx's workers).
pub fn children_of(pid: u32) -> usize {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return 0;
    };
    dir.filter_map(|e| e.ok())
        .filter_map(|e| std::fs::read_to_string(e.path().join("status")).ok())
        .filter(|s| {
            s.lines()
                .find(|l| l.starts_with("PPid:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u32>().ok())
                == Some(pid)
        })
        .count()
}

/// Threads of `pid` (HAProxy's: one per thread it runs).
pub fn threads_of(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/task")).map_or(0, |d| d.count())
}
