//! Prisma's schema engine as WebAssembly (`@prisma/schema-engine-wasm`), run by Node with the
//! script in `engine.mjs`: the migration SQL, the migration history, introspection. The native
//! engine that `prisma migrate` downloads is not reachable on offline machines; this one comes
//! from npm with the project's other packages, so every SQL statement is still Prisma's.
//!
//! One request per process: JSON in on stdin, JSON out on stdout, with a hard timeout.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

const SCRIPT: &str = include_str!("engine.mjs");

/// Environment variable naming the folder whose `node_modules` holds the engine packages.
pub const MODULES_ENV: &str = "SCHEMATA_NODE_MODULES";

/// The packages the engine script loads.
pub const PACKAGES: [&str; 4] =
    ["@prisma/schema-engine-wasm", "@prisma/adapter-pg", "@prisma/driver-adapter-utils", "pg"];

/// How long one engine request may run.
pub const TIMEOUT: Duration = Duration::from_secs(180);

/// A schema file as the engine reads it.
#[derive(Debug, Clone, Serialize)]
pub struct SchemaFile {
    pub path: String,
    pub content: String,
}

/// One migration folder of the history.
#[derive(Debug, Clone, Serialize)]
pub struct MigrationDir {
    pub name: String,
    pub sql: String,
}

/// The migration history, as the engine wants it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct History {
    pub base_dir: String,
    pub lockfile: Option<String>,
    pub dirs: Vec<MigrationDir>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Request<'a> {
    op: &'a str,
    modules: String,
    root: String,
    url: Option<&'a str>,
    schema_files: &'a [SchemaFile],
    migrations: &'a History,
}

#[derive(Deserialize)]
struct Answer {
    ok: bool,
    kind: Option<String>,
    message: Option<String>,
    sql: Option<String>,
    applied: Option<Vec<String>>,
    schema: Option<String>,
}

/// Why a request failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngineError {
    /// `connect` (server down or refused), `needs-database`, `missing-module`, `shadow`,
    /// `engine` (Prisma's own error), `panic`, `node` (Node missing or crashed), `timeout`.
    pub kind: String,
    pub message: String,
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message.trim_end())
    }
}

impl EngineError {
    fn new(kind: &str, message: impl Into<String>) -> Self {
        Self { kind: kind.into(), message: message.into() }
    }

    /// The database could not be reached (as opposed to a migration that failed).
    pub fn is_unreachable(&self) -> bool {
        self.kind == "connect"
            || (self.kind == "engine"
                && (self.message.contains("Can't reach database server") || self.message.contains("ECONNREFUSED")))
    }
}

/// The engine, found for one project.
#[derive(Debug, Clone)]
pub struct SchemaEngine {
    node: PathBuf,
    /// The folder whose `node_modules` has the packages.
    modules: PathBuf,
    root: PathBuf,
}

impl SchemaEngine {
    /// Finds the packages: `$SCHEMATA_NODE_MODULES`, else the nearest folder at or above the
    /// project root with `node_modules/@prisma/schema-engine-wasm`.
    pub fn locate(root: &Path) -> Result<Self, EngineError> {
        let modules = match std::env::var_os(MODULES_ENV) {
            Some(dir) => std::fs::canonicalize(&dir).unwrap_or_else(|_| PathBuf::from(dir)),
            None => root
                .canonicalize()
                .unwrap_or_else(|_| root.to_path_buf())
                .ancestors()
                .find(|d| d.join("node_modules").join(PACKAGES[0]).is_dir())
                .map(Path::to_path_buf)
                .ok_or_else(|| missing(root))?,
        };
        if let Some(absent) = PACKAGES.iter().find(|p| !modules.join("node_modules").join(p).is_dir()) {
            return Err(EngineError::new(
                "missing-module",
                format!("{absent} is not installed in {}; {}", modules.display(), install_hint()),
            ));
        }
        Ok(Self { node: PathBuf::from("node"), modules, root: root.to_path_buf() })
    }

    /// The next migration's SQL from Prisma: the history replayed into a scratch database and
    /// diffed with the schema; without a history, from nothing (no database needed).
    pub fn diff(&self, files: &[SchemaFile], history: &History, url: Option<&str>) -> Result<String, EngineError> {
        let answer = self.request("diff", files, history, url)?;
        Ok(answer.sql.unwrap_or_default())
    }

    /// Applies the unapplied migrations of the history, recording them in `_prisma_migrations`.
    pub fn apply(&self, history: &History, url: &str) -> Result<Vec<String>, EngineError> {
        Ok(self.request("apply", &[], history, Some(url))?.applied.unwrap_or_default())
    }

    /// The database read back as a Prisma schema (`files` gives the datasource).
    pub fn introspect(&self, files: &[SchemaFile], url: &str) -> Result<String, EngineError> {
        let history = History { base_dir: String::new(), lockfile: None, dirs: Vec::new() };
        Ok(self.request("introspect", files, &history, Some(url))?.schema.unwrap_or_default())
    }

    fn request(
        &self,
        op: &str,
        files: &[SchemaFile],
        history: &History,
        url: Option<&str>,
    ) -> Result<Answer, EngineError> {
        let request = Request {
            op,
            modules: self.modules.display().to_string(),
            root: self.root.display().to_string(),
            url,
            schema_files: files,
            migrations: history,
        };
        let input = serde_json::to_vec(&request).map_err(|e| EngineError::new("node", e.to_string()))?;
        let (stdout, stderr) = run_node(&self.node, &input, &self.root)?;
        let answer: Answer = serde_json::from_slice(&stdout).map_err(|_| {
            EngineError::new(
                "node",
                format!("the schema engine gave no answer: {}", String::from_utf8_lossy(&stderr).trim()),
            )
        })?;
        if answer.ok {
            Ok(answer)
        } else {
            Err(EngineError::new(
                answer.kind.as_deref().unwrap_or("engine"),
                answer.message.unwrap_or_else(|| "the schema engine failed".into()),
            ))
        }
    }
}

fn install_hint() -> String {
    format!("install them with `npm i -D {}`", PACKAGES.join(" "))
}

fn missing(root: &Path) -> EngineError {
    EngineError::new(
        "missing-module",
        format!(
            "Prisma's schema engine (@prisma/schema-engine-wasm) is not installed for {}; {}",
            root.display(),
            install_hint()
        ),
    )
}

fn run_node(node: &Path, input: &[u8], cwd: &Path) -> Result<(Vec<u8>, Vec<u8>), EngineError> {
    let mut child = Command::new(node)
        .args(["--input-type=module", "-e", SCRIPT])
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| EngineError::new("node", format!("cannot start node: {e}")))?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let input = input.to_vec();
    let writer = thread::spawn(move || stdin.write_all(&input));
    let read = |mut pipe: Box<dyn Read + Send>| {
        thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = pipe.read_to_end(&mut buf);
            buf
        })
    };
    let out = read(Box::new(child.stdout.take().expect("piped stdout")));
    let err = read(Box::new(child.stderr.take().expect("piped stderr")));
    let deadline = Instant::now() + TIMEOUT;
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(EngineError::new("timeout", format!("the schema engine ran over {}s", TIMEOUT.as_secs())));
            }
            Ok(None) => thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(EngineError::new("node", e.to_string())),
        }
    }
    let _ = writer.join();
    Ok((out.join().unwrap_or_default(), err.join().unwrap_or_default()))
}
