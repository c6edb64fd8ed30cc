//! clap definitions of every command and flag (handlers live in `commands/`).

use crate::api::TokenRole;
use clap::{Args, Parser, Subcommand, ValueEnum};

pub const EXIT_CODES: &str = "Exit codes: 0 success, 1 server or operation failure, 2 usage or validation error, 3 not found, 4 authentication or authorization failure.";

/// Self-hosted Azure Container Apps dynamic sessions: pools of warm, sandboxed containers.
#[derive(Debug, Parser)]
#[command(name = "sessionpool", version, after_help = EXIT_CODES, after_long_help = EXIT_CODES)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum OutputFormat {
    #[default]
    Json,
    Jsonc,
    Yaml,
    Yamlc,
    Table,
    Tsv,
    None,
}

/// az's global arguments, plus how to reach the daemon.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Output format.
    #[arg(short = 'o', long, global = true, value_enum, default_value_t = OutputFormat::Json)]
    pub output: OutputFormat,
    /// JMESPath query string applied to the result. See http://jmespath.org/.
    #[arg(long, global = true, value_name = "JMESPATH")]
    pub query: Option<String>,
    /// Only show errors, suppressing warnings.
    #[arg(long, global = true)]
    pub only_show_errors: bool,
    /// Increase logging verbosity.
    #[arg(long, global = true)]
    pub verbose: bool,
    /// Increase logging verbosity to show all debug logs.
    #[arg(long, global = true)]
    pub debug: bool,
    /// Saved daemon context to use (`local` is the default socket); on create it is also the pool's environment.
    #[arg(
        long,
        global = true,
        value_name = "NAME",
        env = "SESSIONPOOL_ENVIRONMENT"
    )]
    pub environment: Option<String>,
    /// Seconds one request to the daemon may take, answer included (0: no limit). Default: 60, and 240 for `invoke`; `logs --follow` and waits on operations are not limited.
    #[arg(
        long,
        global = true,
        value_name = "SECONDS",
        env = "SESSIONPOOL_TIMEOUT"
    )]
    pub timeout: Option<u64>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a session pool.
    Create(CreateArgs),
    /// Show a session pool.
    Show(PoolRef),
    /// Update a session pool.
    Update(UpdateArgs),
    /// Delete a session pool.
    Delete(DeleteArgs),
    /// List session pools.
    List(ListArgs),
    /// Send one HTTP request to a session (by identifier) and print the response body.
    Invoke(InvokeArgs),
    /// List, show and stop sessions of a pool.
    #[command(subcommand)]
    Session(SessionCommand),
    /// Run code in a code interpreter (PythonLTS) session.
    #[command(subcommand)]
    Code(CodeCommand),
    /// Upload, list, download and delete files in a code interpreter session's /mnt/data.
    #[command(subcommand)]
    Files(FilesCommand),
    /// Print the console output (stdout/stderr) of a pool's sessions.
    Logs(LogsArgs),
    /// Watch pools and sessions live: counts against targets, sessions' age, idle time, CPU and memory, request rates (q quits).
    Top(TopArgs),
    /// Mint, list and revoke API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Save, list, show and remove daemon contexts (endpoint + token).
    #[command(subcommand)]
    Environment(EnvironmentCommand),
    /// Service principals that log in to the daemon's authority (az login,
    /// azure-identity), as `az ad sp create-for-rbac`.
    #[command(subcommand)]
    Principal(PrincipalCommand),
    /// The authority's token signing keys: list, rotate.
    #[command(subcommand)]
    SigningKey(SigningKeyCommand),
    /// The daemons serving these pools: nodes, leases, capacity, sessions per node.
    #[command(subcommand)]
    Cluster(ClusterCommand),
    /// Print a shell completion script.
    Completion {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Clone, Args)]
pub struct PoolRef {
    /// The session pool name.
    #[arg(short = 'n', long)]
    pub name: String,
    /// Name of resource group.
    #[arg(short = 'g', long)]
    pub resource_group: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "verbatim")]
pub enum ContainerTypeArg {
    CustomContainer,
    PythonLTS,
    NodeLTS,
    Shell,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "verbatim")]
pub enum LifecycleArg {
    Timed,
    OnContainerExit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "verbatim")]
pub enum NetworkArg {
    EgressEnabled,
    EgressDisabled,
}

/// Flags create and update share.
#[derive(Debug, Clone, Args)]
pub struct TemplateArgs {
    /// Container image, e.g. 127.0.0.1:5000/session-server:1.0.
    #[arg(short = 'i', long)]
    pub image: Option<String>,
    /// Name of the session container (default: the pool name, lowercased).
    #[arg(long)]
    pub container_name: Option<String>,
    /// CPU cores per session, 0.25-2.0 (default 0.25).
    #[arg(long)]
    pub cpu: Option<f64>,
    /// Memory per session, 0.5Gi-4Gi, written like 1.5Gi (default 0.5Gi).
    #[arg(long)]
    pub memory: Option<String>,
    /// Port the session container listens on, 1-65535.
    #[arg(long)]
    pub target_port: Option<i64>,
    /// Command of the container (replaces the image's entrypoint); "" clears.
    #[arg(long, num_args = 1..)]
    pub command: Option<Vec<String>>,
    /// Arguments of the command (replace the image's cmd); "" clears.
    #[arg(long, num_args = 1..)]
    pub args: Option<Vec<String>>,
    /// Environment variables "key=value"; a value "secretref:NAME" takes secret NAME. "" clears.
    #[arg(long, num_args = 1..)]
    pub env_vars: Option<Vec<String>>,
    /// Secrets "name=value" (on update: replaces the whole list). Values are never shown back.
    #[arg(short = 's', long, num_args = 1..)]
    pub secrets: Option<Vec<String>>,
    /// Registry server of the image.
    #[arg(long)]
    pub registry_server: Option<String>,
    /// Registry username.
    #[arg(long)]
    pub registry_username: Option<String>,
    /// Registry password, or "secretref:NAME". Prompted on a TTY when a username is given without it.
    #[arg(long)]
    pub registry_password: Option<String>,
    /// Managed identity for pulls (accepted for compatibility; no local analog).
    #[arg(long)]
    pub registry_identity: Option<String>,
    /// Seconds a Timed session may idle before it ends, 300-3600 (default 300).
    #[arg(long)]
    pub cooldown_period: Option<i64>,
    /// Seconds an OnContainerExit session may live (default 3600).
    #[arg(long)]
    pub max_alive_period: Option<i64>,
    /// EgressEnabled or EgressDisabled (default).
    #[arg(long, value_enum)]
    pub network_status: Option<NetworkArg>,
    /// Most sessions allocated at once (default 10).
    #[arg(long)]
    pub max_sessions: Option<i64>,
    /// Sessions kept warm and ready (default 5).
    #[arg(long)]
    pub ready_sessions: Option<i64>,
    /// YAML file with a top-level `probes:` list.
    #[arg(long, value_name = "FILE")]
    pub probe_yaml: Option<std::path::PathBuf>,
    /// Do not wait for the long-running operation to finish.
    #[arg(long)]
    pub no_wait: bool,
}

#[derive(Debug, Clone, Args)]
pub struct CreateArgs {
    #[command(flatten)]
    pub pool: PoolRef,
    /// Location (a label on this daemon; default "local").
    #[arg(short = 'l', long)]
    pub location: Option<String>,
    /// Type of the session containers (create only). Default: PythonLTS (a code interpreter, as in az), or CustomContainer when --image, --target-port or another container flag is given.
    #[arg(long, value_enum)]
    pub container_type: Option<ContainerTypeArg>,
    /// Timed (default) or OnContainerExit (create only).
    #[arg(long, value_enum)]
    pub lifecycle_type: Option<LifecycleArg>,
    /// Space-separated tags "key=value".
    #[arg(long, num_args = 1..)]
    pub tags: Option<Vec<String>>,
    /// Give the pool a system-assigned identity; its sessions get tokens
    /// for it from $IDENTITY_ENDPOINT with $IDENTITY_HEADER (lifecycle Main).
    #[arg(long)]
    pub mi_system_assigned: bool,
    /// User-assigned identities (accepted for compatibility; sessions get
    /// no tokens for them).
    #[arg(long, num_args = 1..)]
    pub mi_user_assigned: Option<Vec<String>>,
    #[command(flatten)]
    pub template: TemplateArgs,
}

#[derive(Debug, Clone, Args)]
pub struct UpdateArgs {
    #[command(flatten)]
    pub pool: PoolRef,
    /// Location cannot change; accepted for az compatibility and checked.
    #[arg(short = 'l', long)]
    pub location: Option<String>,
    /// Space-separated tags "key=value" (replaces the tags).
    #[arg(long, num_args = 1..)]
    pub tags: Option<Vec<String>>,
    #[command(flatten)]
    pub template: TemplateArgs,
}

#[derive(Debug, Clone, Args)]
pub struct DeleteArgs {
    #[command(flatten)]
    pub pool: PoolRef,
    /// Do not prompt for confirmation.
    #[arg(short = 'y', long)]
    pub yes: bool,
    /// Do not wait for the long-running operation to finish.
    #[arg(long)]
    pub no_wait: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ListArgs {
    /// Name of resource group (default: every pool).
    #[arg(short = 'g', long)]
    pub resource_group: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Mint a token; it is printed once and stored only as a hash.
    Create {
        #[arg(long, value_enum)]
        role: TokenRole,
        /// Pool of an executor token.
        #[arg(short = 'n', long)]
        name: Option<String>,
        /// Resource group of an executor token's pool.
        #[arg(short = 'g', long)]
        resource_group: Option<String>,
        /// Lifetime, e.g. 1h, 30d (default: no expiry).
        #[arg(long, value_name = "DURATION")]
        expires_in: Option<humantime::Duration>,
        /// A label to recognise the token by.
        #[arg(long)]
        label: Option<String>,
    },
    /// List tokens (never their secrets).
    List,
    /// Revoke a token by id.
    Revoke { id: String },
}

#[derive(Debug, Subcommand)]
pub enum PrincipalCommand {
    /// Create a service principal; its secret is printed once.
    Create {
        /// Display name.
        #[arg(short = 'n', long)]
        name: String,
        /// A PEM certificate (public part) to log in with instead of a secret
        /// (`@file` or a path).
        #[arg(long, value_name = "FILE")]
        cert: Option<String>,
        /// Also make a secret when --cert is given.
        #[arg(long)]
        with_secret: bool,
        /// Assign this role (e.g. Contributor, "Azure ContainerApps Session
        /// Executor") on every --scopes.
        #[arg(long, requires = "scopes")]
        role: Option<String>,
        /// Scopes of the role: a subscription, resource group or pool id.
        #[arg(long, num_args = 1.., requires = "role")]
        scopes: Vec<String>,
    },
    /// List service principals (never their secrets).
    List,
    /// Delete a service principal (by app or object id) and its role assignments.
    Delete {
        #[arg(long)]
        id: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum SigningKeyCommand {
    /// List the keys whose tokens are accepted; one of them signs.
    List,
    /// Make a new signing key; tokens signed by the old one stay valid until
    /// they expire.
    Rotate,
}

#[derive(Debug, Subcommand)]
pub enum ClusterCommand {
    /// Show the nodes: URL, lease, sessions, ready sandboxes, capacity.
    ///
    /// As the daemon reached sees the cluster: each node's URL, whether its
    /// lease is alive, its sessions and ready sandboxes (per pool in JSON), and
    /// its capacity; in `-o table` the node that answered is marked `*`. A
    /// daemon without `--cluster` answers as a cluster of one (mode "single").
    Status,
}

#[derive(Debug, Subcommand)]
pub enum EnvironmentCommand {
    /// Save a daemon context: endpoint, and a token kept in the OS keyring.
    Add {
        name: String,
        /// unix:///path.sock, http://host:port or https://host:port.
        #[arg(long)]
        endpoint: String,
        /// Token for TCP endpoints; `-` reads it from standard input. Not given: asked for without echo on a terminal (Enter for none). Kept in the OS keyring, or where there is none in a file only you can read (tokens.json in the config dir).
        #[arg(long, value_name = "TOKEN")]
        token: Option<String>,
    },
    /// List saved contexts.
    List,
    /// Show one saved context (never its token).
    Show { name: String },
    /// Remove a saved context and its token.
    Remove { name: String },
}

#[derive(Debug, Clone, Args)]
pub struct InvokeArgs {
    #[command(flatten)]
    pub pool: PoolRef,
    /// The session identifier (4-128 characters).
    #[arg(long)]
    pub identifier: String,
    /// HTTP method (default: POST with --data, else GET).
    #[arg(long, short = 'X')]
    pub method: Option<String>,
    /// Path inside the container, e.g. /api/execute (default /).
    #[arg(long, default_value = "/")]
    pub path: String,
    /// Request body: JSON text, @FILE, or - for standard input.
    #[arg(long, short = 'd')]
    pub data: Option<String>,
    /// Extra header 'Name: value' (repeatable).
    #[arg(long = "header", short = 'H', value_name = "NAME: VALUE")]
    pub headers: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum SessionCommand {
    /// List the sessions of a pool.
    List(PoolRef),
    /// Show one session.
    Show {
        #[command(flatten)]
        pool: PoolRef,
        #[arg(long)]
        identifier: String,
    },
    /// End a session now; its identifier starts afresh on its next request.
    Stop {
        #[command(flatten)]
        pool: PoolRef,
        #[arg(long)]
        identifier: String,
    },
}

#[derive(Debug, Clone, Args)]
pub struct TopArgs {
    /// Only pools of this resource group (default: every pool).
    #[arg(short = 'g', long)]
    pub resource_group: Option<String>,
    /// Seconds between refreshes.
    #[arg(long, value_name = "SECONDS", default_value_t = 2.0)]
    pub interval: f64,
}

#[derive(Debug, Clone, Args)]
pub struct LogsArgs {
    #[command(flatten)]
    pub pool: PoolRef,
    /// Only this session's output.
    #[arg(long)]
    pub identifier: Option<String>,
    /// Keep printing new output as it comes.
    #[arg(long, short = 'f')]
    pub follow: bool,
    /// Only the last N lines (per session).
    #[arg(long, value_name = "N")]
    pub tail: Option<usize>,
}

#[derive(Debug, Subcommand)]
pub enum CodeCommand {
    /// Execute code in the identifier's session (state persists between calls).
    Execute(CodeExecuteArgs),
}

#[derive(Debug, Clone, Args)]
pub struct CodeExecuteArgs {
    #[command(flatten)]
    pub pool: PoolRef,
    /// The session identifier (4-128 characters).
    #[arg(long)]
    pub identifier: String,
    /// The code to run.
    #[arg(long, conflicts_with = "file", required_unless_present = "file")]
    pub code: Option<String>,
    /// A file holding the code to run (- for standard input).
    #[arg(long, value_name = "FILE")]
    pub file: Option<std::path::PathBuf>,
    /// Seconds the code may run before it is interrupted (1-220; default 220).
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=220))]
    pub timeout_in_seconds: Option<u64>,
}

#[derive(Debug, Subcommand)]
pub enum FilesCommand {
    /// Upload a local file into /mnt/data.
    Upload {
        #[command(flatten)]
        pool: PoolRef,
        #[arg(long)]
        identifier: String,
        /// The local file to upload.
        #[arg(long, value_name = "FILE")]
        filepath: std::path::PathBuf,
        /// Its name in /mnt/data (default: the local file's name).
        #[arg(long)]
        filename: Option<String>,
    },
    /// List the files in /mnt/data.
    List {
        #[command(flatten)]
        pool: PoolRef,
        #[arg(long)]
        identifier: String,
    },
    /// Download a file from /mnt/data.
    Download {
        #[command(flatten)]
        pool: PoolRef,
        #[arg(long)]
        identifier: String,
        /// The file's name in /mnt/data.
        #[arg(long)]
        filename: String,
        /// Where to write it (default: standard output).
        #[arg(long, value_name = "FILE")]
        output_file: Option<std::path::PathBuf>,
    },
    /// Delete a file from /mnt/data.
    Delete {
        #[command(flatten)]
        pool: PoolRef,
        #[arg(long)]
        identifier: String,
        /// The file's name in /mnt/data.
        #[arg(long)]
        filename: String,
    },
}
