//! `--migrate`: the next Prisma migration folder, written and applied.
//!
//! Prisma's schema engine computes its SQL (see [`crate::prisma::engine`]);
//! [`crate::postgres::migration::compose`] appends what Prisma cannot express; the folder is
//! written like `prisma migrate dev --create-only` writes it; then the engine applies every
//! unapplied migration and records it in `_prisma_migrations`, so a later `prisma migrate deploy`
//! sees it as applied. Each migration runs as one script, which PostgreSQL runs in one
//! transaction: it applies completely or not at all.
//!
//! Without a database the folder is still written when it can be computed (a first migration
//! needs none), and the answer says why it was not applied.
//!
//! Where the project has Prisma's native engine and a database is named, [`native`] makes the
//! folder with the project's own `prisma migrate dev --create-only` instead, composes the extras
//! into it and applies it with `prisma migrate deploy` ([`native::route`] decides).

pub mod native;

use crate::conventions::Profile;
use crate::model::{Provider, Schema};
use crate::postgres::{self, Extra};
use crate::prisma::engine::{EngineError, History, MigrationDir, SchemaEngine, SchemaFile};
use crate::write::{Plan, write_atomic};
use std::path::{Path, PathBuf};

/// What a run asks for.
pub struct Request<'a> {
    pub root: &'a Path,
    /// Where `migrations/` lives: the folder of `schema.prisma` (or the `schema/` folder's parent).
    pub migrations_dir: PathBuf,
    pub schema_files: Vec<SchemaFile>,
    pub name: &'a str,
    pub extras: &'a [Extra],
    pub url: Option<String>,
    pub provider: &'a str,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The migration folder written, if the schema changed.
    pub created: Option<PathBuf>,
    /// Migrations applied by this run (including older pending ones).
    pub applied: Vec<String>,
    /// Why nothing was applied (no `DATABASE_URL`, server unreachable).
    pub not_applied: Option<String>,
}

/// Why the run stopped.
#[derive(Debug)]
pub enum Error {
    Engine(EngineError),
    Io(PathBuf, std::io::Error),
    /// The Prisma CLI (native path) failed or could not start.
    Prisma(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Engine(e) => write!(f, "{e}"),
            Error::Io(path, e) => write!(f, "{}: {e}", path.display()),
            Error::Prisma(message) => write!(f, "{message}"),
        }
    }
}

/// The migration history on disk, in name (= time) order.
pub fn history(dir: &Path) -> Result<History, Error> {
    let io = |e| Error::Io(dir.to_path_buf(), e);
    let mut dirs = Vec::new();
    if dir.is_dir() {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .map_err(io)?
            .filter_map(Result::ok)
            .filter(|e| e.path().join("migration.sql").is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for name in names {
            let path = dir.join(&name).join("migration.sql");
            let sql = std::fs::read_to_string(&path).map_err(|e| Error::Io(path.clone(), e))?;
            dirs.push(MigrationDir { name, sql });
        }
    }
    let lockfile = std::fs::read_to_string(dir.join("migration_lock.toml")).ok();
    Ok(History { base_dir: dir.display().to_string(), lockfile, dirs })
}

/// The UTC time as Prisma stamps migration folders: `20261123171538`.
pub fn timestamp() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let date = crate::cli::civil_date((secs / 86_400) as i64).replace('-', "");
    let s = secs % 86_400;
    format!("{date}{:02}{:02}{:02}", s / 3600, s % 3600 / 60, s % 60)
}

/// Computes, writes and applies the next migration.
pub fn run(engine: &SchemaEngine, req: &Request) -> Result<Outcome, Error> {
    let mut history = history(&req.migrations_dir)?;
    let prisma_sql = engine.diff(&req.schema_files, &history, req.url.as_deref()).map_err(Error::Engine)?;
    let past: Vec<String> = history.dirs.iter().map(|d| d.sql.clone()).collect();
    let mut created = None;
    if let Some(sql) = postgres::migration::compose(&prisma_sql, req.extras, &past) {
        let mut name = postgres::migration::folder_name(&timestamp(), req.name);
        // Two runs within a second: keep folder names unique and ordered.
        while history.dirs.iter().any(|d| d.name >= name) {
            let stamp: u64 = name[..14].parse().unwrap_or(0) + 1;
            name = format!("{stamp}{}", &name[14..]);
        }
        let folder = req.migrations_dir.join(&name);
        let file = folder.join("migration.sql");
        std::fs::create_dir_all(&folder).map_err(|e| Error::Io(folder.clone(), e))?;
        write_atomic(&file, sql.as_bytes()).map_err(|e| Error::Io(file.clone(), e))?;
        let lock = req.migrations_dir.join("migration_lock.toml");
        if !lock.exists() {
            let text = postgres::migration::lockfile(req.provider);
            write_atomic(&lock, text.as_bytes()).map_err(|e| Error::Io(lock.clone(), e))?;
            history.lockfile = Some(text);
        }
        history.dirs.push(MigrationDir { name, sql });
        created = Some(folder);
    }
    let Some(url) = req.url.as_deref() else {
        return Ok(Outcome {
            created,
            applied: Vec::new(),
            not_applied: Some("DATABASE_URL is not set; apply later with `prisma migrate deploy`".into()),
        });
    };
    match engine.apply(&history, url) {
        Ok(applied) => Ok(Outcome { created, applied, not_applied: None }),
        Err(e) if e.is_unreachable() => Ok(Outcome {
            created,
            applied: Vec::new(),
            not_applied: Some(format!(
                "the database is not reachable ({}); nothing was applied",
                first_line(&e.message)
            )),
        }),
        Err(e) => Err(Error::Engine(e)),
    }
}

fn first_line(text: &str) -> &str {
    text.lines().find(|l| !l.trim().is_empty()).unwrap_or(text).trim()
}

/// `DATABASE_URL`: the environment, else the project's `.env` (`DATABASE_URL=...`, quotes allowed).
pub fn database_url(root: &Path) -> Option<String> {
    if let Some(url) = std::env::var("DATABASE_URL").ok().filter(|u| !u.trim().is_empty()) {
        return Some(url);
    }
    let text = std::fs::read_to_string(root.join(".env")).ok()?;
    text.lines().find_map(|line| {
        let line = line.trim().strip_prefix("export ").unwrap_or(line.trim());
        let value = line.strip_prefix("DATABASE_URL")?.trim_start().strip_prefix('=')?.trim();
        let value = value.trim_matches(|c| c == '"' || c == '\'');
        (!value.is_empty()).then(|| value.to_string())
    })
}

/// How a line of the step's report reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warning,
    Error,
}

/// The whole `--migrate` step after a write, shared by `generate` and the review: the extras
/// listed, the migration written and applied, each line reported through `say`. Returns
/// whether it did what was asked (no database named counts as done: the migration waits for
/// `prisma migrate deploy`; a database named but unreachable does not).
pub fn step(
    plan: &Plan,
    out: &Path,
    schema: &Schema,
    profile: &Profile,
    name: &str,
    say: &mut dyn FnMut(Level, String),
) -> bool {
    if schema.provider != Provider::Postgresql {
        say(
            Level::Error,
            format!("--migrate writes PostgreSQL migrations; this schema is for {}", schema.provider.as_str()),
        );
        return false;
    }
    let url = database_url(&plan.root);
    let chosen = native::Choice::parse(std::env::var(native::ENGINE_ENV).ok().as_deref())
        .and_then(|choice| native::route(choice, &native::find_engine(&plan.root), url.is_some()));
    let route = match chosen {
        Ok(route) => route,
        Err(e) => {
            say(Level::Error, format!("{e}; the schema is written, no migration was made"));
            return false;
        }
    };
    // Listed by the gate's report already (`check::Report::database`).
    let extras = postgres::extras(schema, profile);
    let schema_files: Vec<SchemaFile> = plan
        .files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "prisma"))
        .map(|f| SchemaFile { path: f.path.display().to_string(), content: f.contents.clone() })
        .collect();
    let request = Request {
        root: &plan.root,
        migrations_dir: out.join("migrations"),
        schema_files,
        name,
        extras: &extras,
        url,
        provider: schema.provider.as_str(),
    };
    let result = match route {
        native::Route::Native => {
            native::run(&crate::prisma::PrismaCli::locate(&plan.root), &request, &plan.schema_path, say)
        }
        native::Route::Wasm => match SchemaEngine::locate(&plan.root) {
            Ok(engine) => run(&engine, &request),
            Err(e) => {
                say(Level::Error, format!("{e}; the schema is written, no migration was made"));
                return false;
            }
        },
    };
    match result {
        Ok(outcome) => {
            match &outcome.created {
                Some(folder) => say(Level::Info, format!("wrote {}", folder.join("migration.sql").display())),
                None => say(Level::Info, "migrations: no changes; the history already matches the schema".into()),
            }
            match (&outcome.not_applied, outcome.applied.is_empty()) {
                (Some(why), _) => {
                    say(Level::Warning, format!("not applied: {why}"));
                    why.starts_with("DATABASE_URL")
                }
                (None, true) => {
                    say(Level::Info, "database is up to date".into());
                    true
                }
                (None, false) => {
                    say(Level::Info, format!("applied {}", outcome.applied.join(", ")));
                    true
                }
            }
        }
        Err(e) => {
            say(Level::Error, format!("migration: {e}"));
            say(Level::Error, "the schema is written; the database was left as it was".into());
            false
        }
    }
}
