//! Resolving a sandbox's process from the image config (Entrypoint, Cmd, Env,
//! WorkingDir, User) with the pool's command, args and env on top, following
//! Docker/OCI semantics.

use std::path::Path;

use crate::runtime::error::RuntimeError;
use crate::runtime::sandbox::ProcessSpec;

/// Docker's PATH when the image sets none (busybox-style images often don't).
const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// The process-related part of an OCI image config.
#[derive(Debug, Clone, Default)]
pub struct ImageProcess {
    pub entrypoint: Vec<String>,
    pub cmd: Vec<String>,
    /// `K=V` entries.
    pub env: Vec<String>,
    pub working_dir: String,
    /// `""`, `uid`, `uid:gid`, `name`, `name:group` (names need the rootfs files).
    pub user: String,
}

/// What a pool sets on top of the image.
#[derive(Debug, Clone, Default)]
pub struct PoolProcess {
    /// Replaces the image Entrypoint and drops its Cmd (like `docker run --entrypoint`).
    pub command: Option<Vec<String>>,
    /// Replaces the image Cmd.
    pub args: Option<Vec<String>>,
    /// Merged over the image env; the pool wins.
    pub env: Vec<(String, String)>,
}

impl ProcessSpec {
    /// Resolve the process; `rootfs` is read for `/etc/passwd` and `/etc/group`
    /// when the user is given by name or without a group.
    pub fn from_image(
        image: &ImageProcess,
        pool: &PoolProcess,
        rootfs: &Path,
    ) -> Result<ProcessSpec, RuntimeError> {
        let (entrypoint, cmd) = match (&pool.command, &pool.args) {
            (Some(command), args) => (command.clone(), args.clone().unwrap_or_default()),
            (None, Some(args)) => (image.entrypoint.clone(), args.clone()),
            (None, None) => (image.entrypoint.clone(), image.cmd.clone()),
        };
        let args: Vec<String> = entrypoint.into_iter().chain(cmd).collect();
        if args.is_empty() {
            return Err(RuntimeError::Config {
                id: String::new(),
                message: "neither the image nor the pool gives a command to run".into(),
            });
        }

        let mut env: Vec<(String, String)> = Vec::new();
        let image_env = image.env.iter().map(|kv| match kv.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (kv.clone(), String::new()),
        });
        for (k, v) in image_env.chain(pool.env.iter().cloned()) {
            match env.iter_mut().find(|(ek, _)| *ek == k) {
                Some(slot) => slot.1 = v,
                None => env.push((k, v)),
            }
        }
        let user = resolve_user(&image.user, rootfs)?;
        if !env.iter().any(|(k, _)| k == "PATH") {
            env.insert(0, ("PATH".into(), DEFAULT_PATH.into()));
        }
        if !env.iter().any(|(k, _)| k == "HOME") {
            env.push(("HOME".into(), user.home));
        }
        let cwd = if image.working_dir.is_empty() {
            "/".to_string()
        } else {
            image.working_dir.clone()
        };
        Ok(ProcessSpec {
            args,
            env: env.into_iter().map(|(k, v)| format!("{k}={v}")).collect(),
            cwd,
            uid: user.uid,
            gid: user.gid,
            additional_gids: user.groups,
        })
    }
}

struct User {
    uid: u32,
    gid: u32,
    groups: Vec<u32>,
    home: String,
}

/// One `/etc/passwd` line: name, uid, gid, home.
fn passwd_entries(rootfs: &Path) -> Vec<(String, u32, u32, String)> {
    let text = std::fs::read_to_string(rootfs.join("etc/passwd")).unwrap_or_default();
    text.lines()
        .filter_map(|line| {
            let f: Vec<&str> = line.split(':').collect();
            if f.len() < 6 {
                return None;
            }
            Some((
                f[0].to_string(),
                f[2].parse().ok()?,
                f[3].parse().ok()?,
                f[5].to_string(),
            ))
        })
        .collect()
}

/// One `/etc/group` line: name, gid, member names.
fn group_entries(rootfs: &Path) -> Vec<(String, u32, Vec<String>)> {
    let text = std::fs::read_to_string(rootfs.join("etc/group")).unwrap_or_default();
    text.lines()
        .filter_map(|line| {
            let f: Vec<&str> = line.split(':').collect();
            if f.len() < 3 {
                return None;
            }
            let members = f
                .get(3)
                .map(|m| {
                    m.split(',')
                        .filter(|n| !n.is_empty())
                        .map(String::from)
                        .collect()
                })
                .unwrap_or_default();
            Some((f[0].to_string(), f[2].parse().ok()?, members))
        })
        .collect()
}

/// Supplementary groups as Docker/runc compute them: every group that lists
/// the user's name as a member, plus the primary group, without duplicates.
fn supplementary_groups(groups: &[(String, u32, Vec<String>)], name: &str, gid: u32) -> Vec<u32> {
    let mut out = vec![gid];
    for (_, g, members) in groups {
        if members.iter().any(|m| m == name) && !out.contains(g) {
            out.push(*g);
        }
    }
    out
}

fn resolve_user(spec: &str, rootfs: &Path) -> Result<User, RuntimeError> {
    let err = |why: &str| RuntimeError::User(spec.to_string(), why.to_string());
    let (user_part, group_part) = match spec.split_once(':') {
        Some((u, g)) => (u, Some(g)),
        None => (spec, None),
    };
    let passwd = passwd_entries(rootfs);
    let (uid, entry) = if user_part.is_empty() {
        (0, passwd.iter().find(|e| e.1 == 0))
    } else if let Ok(uid) = user_part.parse::<u32>() {
        (uid, passwd.iter().find(|e| e.1 == uid))
    } else {
        let entry = passwd
            .iter()
            .find(|e| e.0 == user_part)
            .ok_or_else(|| err("no such user in the image's /etc/passwd"))?;
        (entry.1, Some(entry))
    };
    let groups = group_entries(rootfs);
    let gid = match group_part {
        None | Some("") => entry.map(|e| e.2).unwrap_or(0),
        Some(g) => match g.parse::<u32>() {
            Ok(gid) => gid,
            Err(_) => groups
                .iter()
                .find(|e| e.0 == g)
                .map(|e| e.1)
                .ok_or_else(|| err("no such group in the image's /etc/group"))?,
        },
    };
    let groups = match entry {
        Some(e) => supplementary_groups(&groups, &e.0, gid),
        None => vec![gid],
    };
    let home = entry
        .map(|e| e.3.clone())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "/".into());
    Ok(User {
        uid,
        gid,
        groups,
        home,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    fn image() -> ImageProcess {
        ImageProcess {
            entrypoint: s(&["/entry"]),
            cmd: s(&["serve", "--port=1"]),
            env: s(&["PATH=/bin", "A=image", "B=image"]),
            working_dir: "/app".into(),
            user: String::new(),
        }
    }

    fn rootfs_with_users() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("etc")).unwrap();
        std::fs::write(
            dir.path().join("etc/passwd"),
            "root:x:0:0:root:/root:/bin/sh\nweb:x:1000:1001:web:/home/web:/bin/sh\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("etc/group"),
            "root:x:0:\nstaff:x:50:\nweb:x:1001:\ndocker:x:60:ops,web\n",
        )
        .unwrap();
        dir
    }

    #[test]
    fn image_alone_is_entrypoint_then_cmd() {
        let p =
            ProcessSpec::from_image(&image(), &PoolProcess::default(), Path::new("/nonexistent"))
                .unwrap();
        assert_eq!(p.args, s(&["/entry", "serve", "--port=1"]));
        assert_eq!(p.cwd, "/app");
        assert_eq!((p.uid, p.gid), (0, 0));
        assert!(p.env.contains(&"HOME=/".to_string()));
    }

    #[test]
    fn pool_command_replaces_entrypoint_and_drops_cmd() {
        let pool = PoolProcess {
            command: Some(s(&["/other"])),
            ..Default::default()
        };
        let p = ProcessSpec::from_image(&image(), &pool, Path::new("/x")).unwrap();
        assert_eq!(p.args, s(&["/other"]));
    }

    #[test]
    fn pool_command_and_args() {
        let pool = PoolProcess {
            command: Some(s(&["/other"])),
            args: Some(s(&["-v"])),
            ..Default::default()
        };
        let p = ProcessSpec::from_image(&image(), &pool, Path::new("/x")).unwrap();
        assert_eq!(p.args, s(&["/other", "-v"]));
    }

    #[test]
    fn pool_args_replace_cmd_only() {
        let pool = PoolProcess {
            args: Some(s(&["x"])),
            ..Default::default()
        };
        let p = ProcessSpec::from_image(&image(), &pool, Path::new("/x")).unwrap();
        assert_eq!(p.args, s(&["/entry", "x"]));
    }

    #[test]
    fn env_merges_with_pool_winning_and_order_kept() {
        let pool = PoolProcess {
            env: vec![("B".into(), "pool".into()), ("C".into(), "pool".into())],
            ..Default::default()
        };
        let p = ProcessSpec::from_image(&image(), &pool, Path::new("/x")).unwrap();
        assert_eq!(
            p.env,
            s(&["PATH=/bin", "A=image", "B=pool", "C=pool", "HOME=/"])
        );
    }

    #[test]
    fn default_path_added_when_missing() {
        let img = ImageProcess {
            cmd: s(&["sh"]),
            ..Default::default()
        };
        let p = ProcessSpec::from_image(&img, &PoolProcess::default(), Path::new("/x")).unwrap();
        assert_eq!(p.env[0], format!("PATH={DEFAULT_PATH}"));
        assert_eq!(p.cwd, "/");
    }

    #[test]
    fn no_command_is_an_error() {
        let img = ImageProcess::default();
        assert!(ProcessSpec::from_image(&img, &PoolProcess::default(), Path::new("/x")).is_err());
    }

    #[test]
    fn users_resolve_numeric_and_by_name() {
        let root = rootfs_with_users();
        let mut img = image();
        let cases = [
            ("1000", 1000, 1001),
            ("1000:7", 1000, 7),
            ("web", 1000, 1001),
            ("web:staff", 1000, 50),
            ("4242", 4242, 0),
            ("4242:4243", 4242, 4243),
        ];
        for (user, uid, gid) in cases {
            img.user = user.into();
            let p = ProcessSpec::from_image(&img, &PoolProcess::default(), root.path()).unwrap();
            assert_eq!((p.uid, p.gid), (uid, gid), "{user}");
        }
        img.user = "web".into();
        let p = ProcessSpec::from_image(&img, &PoolProcess::default(), root.path()).unwrap();
        assert!(p.env.contains(&"HOME=/home/web".to_string()));
        assert_eq!(
            p.additional_gids,
            [1001, 60],
            "primary, then groups listing web"
        );
        img.user = "1000:staff".into();
        let p = ProcessSpec::from_image(&img, &PoolProcess::default(), root.path()).unwrap();
        assert_eq!(
            p.additional_gids,
            [50, 60],
            "a named uid also gets its groups"
        );
        img.user = "4242".into();
        let p = ProcessSpec::from_image(&img, &PoolProcess::default(), root.path()).unwrap();
        assert_eq!(
            p.additional_gids,
            [0],
            "no passwd entry: only the primary group"
        );
    }

    #[test]
    fn unknown_names_are_errors() {
        let root = rootfs_with_users();
        for user in ["nobody", "web:nogroup"] {
            let img = ImageProcess {
                user: user.into(),
                ..image()
            };
            let err = ProcessSpec::from_image(&img, &PoolProcess::default(), root.path())
                .unwrap_err()
                .to_string();
            assert!(err.contains(user), "{err}");
        }
    }
}
