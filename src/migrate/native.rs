//! `--migrate` through Prisma's native schema engine, where the project has it: the project's
//! Prisma CLI makes the folder (`prisma migrate dev --create-only`, which also applies older
//! pending migrations and stops on drift), schemata's extras are composed into its
//! `migration.sql`, and `prisma migrate deploy` applies it.
//!
//! Applying with `migrate deploy` rather than a second `migrate dev`: `migrate dev` diffs the
//! history against the schema again, and the history holds objects the schema cannot state
//! (the search column), so it would make one more migration dropping them.
//!
//! Which engine runs is decided by [`route`], a pure function of the request
//! (`SCHEMATA_MIGRATE_ENGINE`), what [`find_engine`] found and whether a database is named.

use super::{Error, Level, Outcome, Request, first_line};
use crate::postgres;
use crate::prisma::{PrismaCli, Step, Stream, engine};
use crate::write::write_atomic;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Environment variable choosing the engine: `auto` (the default), `native` or `wasm`.
pub const ENGINE_ENV: &str = "SCHEMATA_MIGRATE_ENGINE";

/// Where the Prisma CLI is told its native schema engine is (it wins over the installed one).
const BINARY_ENV: &str = "PRISMA_SCHEMA_ENGINE_BINARY";
/// The same, under its pre-5 name, which the CLI still reads.
const OLD_BINARY_ENV: &str = "PRISMA_MIGRATION_ENGINE_BINARY";

/// What the person asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// The native engine when it is there and a database is named, else WebAssembly.
    Auto,
    Native,
    Wasm,
}

impl Choice {
    /// Reads `SCHEMATA_MIGRATE_ENGINE`'s value; unset or empty is `auto`.
    pub fn parse(value: Option<&str>) -> Result<Self, String> {
        match value.map(str::trim).unwrap_or("") {
            "" | "auto" => Ok(Choice::Auto),
            "native" => Ok(Choice::Native),
            "wasm" => Ok(Choice::Wasm),
            other => Err(format!("{ENGINE_ENV}={other} is not one of auto, native, wasm")),
        }
    }
}

/// Where the Prisma CLI would find its native schema engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NativeEngine {
    /// `PRISMA_SCHEMA_ENGINE_BINARY` names this executable.
    Configured(PathBuf),
    /// Installed beside the CLI (`node_modules/@prisma/engines/schema-engine-<platform>`).
    Installed(PathBuf),
    /// `PRISMA_SCHEMA_ENGINE_BINARY` names a stand-in that cannot migrate (`/bin/false`, as
    /// set to keep `prisma validate` offline) or nothing runnable.
    Unusable(PathBuf),
    Absent,
}

impl NativeEngine {
    fn usable(&self) -> bool {
        matches!(self, NativeEngine::Configured(_) | NativeEngine::Installed(_))
    }

    fn why_not(&self) -> String {
        match self {
            NativeEngine::Unusable(path) => {
                format!("{BINARY_ENV}={} is not a schema engine that can migrate", path.display())
            }
            _ => format!(
                "Prisma's native schema engine is not installed (node_modules/@prisma/engines) and {BINARY_ENV} is not set"
            ),
        }
    }
}

/// Which engine a run uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// `@prisma/schema-engine-wasm` driven by schemata ([`super::run`]).
    Wasm,
    /// The project's Prisma CLI and its native engine ([`run`]).
    Native,
}

/// The engine for a run. `auto` takes the native engine only when it can do the whole job:
/// it is there and a database is named (`migrate dev` needs one); otherwise WebAssembly,
/// which also writes a first migration without a database.
pub fn route(choice: Choice, engine: &NativeEngine, has_url: bool) -> Result<Route, String> {
    match choice {
        Choice::Wasm => Ok(Route::Wasm),
        Choice::Auto if engine.usable() && has_url => Ok(Route::Native),
        Choice::Auto => Ok(Route::Wasm),
        Choice::Native if !engine.usable() => Err(format!("{ENGINE_ENV}=native: {}", engine.why_not())),
        Choice::Native if !has_url => {
            Err(format!("{ENGINE_ENV}=native needs DATABASE_URL: `prisma migrate dev` runs against a database"))
        }
        Choice::Native => Ok(Route::Native),
    }
}

/// The native engine the CLI would start for a project at `root`.
pub fn find_engine(root: &Path) -> NativeEngine {
    let configured = std::env::var_os(BINARY_ENV).or_else(|| std::env::var_os(OLD_BINARY_ENV));
    find_engine_with(root, configured)
}

fn find_engine_with(root: &Path, configured: Option<OsString>) -> NativeEngine {
    if let Some(value) = configured.filter(|v| !v.is_empty()) {
        // The CLI resolves it from its working directory, which is the project root.
        let path = root.join(&value);
        return if is_engine(&path) { NativeEngine::Configured(path) } else { NativeEngine::Unusable(path) };
    }
    let start = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    start
        .ancestors()
        .flat_map(|dir| [dir.join("node_modules/@prisma/engines"), dir.join("node_modules/prisma")])
        .find_map(|dir| installed_engine(&dir))
        .map_or(NativeEngine::Absent, NativeEngine::Installed)
}

/// An executable file that is not `true` or `false` (the stand-ins that keep the CLI offline).
fn is_engine(path: &Path) -> bool {
    let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let stub = real.file_name().is_some_and(|n| n == "false" || n == "true");
    !stub && std::fs::metadata(&real).is_ok_and(|m| m.is_file() && executable(&m))
}

#[cfg(unix)]
fn executable(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o111 != 0
}

#[cfg(not(unix))]
fn executable(_: &std::fs::Metadata) -> bool {
    true
}

/// `schema-engine-<platform>` as the CLI names the engine it downloads (not its `.gz` or
/// checksum files).
fn installed_engine(dir: &Path) -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            name.starts_with("schema-engine-")
                && ![".gz", ".sha256", ".sig", ".tmp"].iter().any(|s| name.ends_with(s))
                && p.is_file()
        })
        .collect();
    found.sort();
    found.into_iter().next()
}

/// Makes the migration with `prisma migrate dev --create-only`, composes schemata's extras into
/// it, and applies it with `prisma migrate deploy`. Prisma's output goes to `say` as it comes.
pub fn run(
    cli: &PrismaCli,
    req: &Request,
    schema_path: &Path,
    say: &mut dyn FnMut(Level, String),
) -> Result<Outcome, Error> {
    let url = req.url.as_deref().unwrap_or_default();
    let before = super::history(&req.migrations_dir)?;
    let create = prisma(cli, req, Step::MigrateCreate, &["--name", req.name], schema_path, url, say)?;
    if !create.success {
        if let Some(why) = unreachable(&create.output()) {
            return Ok(Outcome { created: None, applied: Vec::new(), not_applied: Some(why) });
        }
        return Err(Error::Prisma(failure(Step::MigrateCreate, &create)));
    }
    let after = super::history(&req.migrations_dir)?;
    let new: Vec<_> = after.dirs.iter().filter(|d| !before.dirs.iter().any(|b| b.name == d.name)).collect();
    let created = match new.as_slice() {
        [] if create.output().contains("created the following migration") => {
            return Err(Error::Prisma(format!(
                "Prisma wrote its migration outside {}; make `migrations.path` in prisma.config.ts name that folder",
                req.migrations_dir.display()
            )));
        }
        [] => None,
        [made] => {
            let folder = req.migrations_dir.join(&made.name);
            let past: Vec<String> = before.dirs.iter().map(|d| d.sql.clone()).collect();
            match postgres::migration::compose(&made.sql, req.extras, &past) {
                Some(sql) => {
                    let file = folder.join("migration.sql");
                    write_atomic(&file, sql.as_bytes()).map_err(|e| Error::Io(file.clone(), e))?;
                    Some(folder)
                }
                // `--create-only` always writes a folder; an empty one would be an empty migration.
                None => {
                    std::fs::remove_dir_all(&folder).map_err(|e| Error::Io(folder.clone(), e))?;
                    say(Level::Info, format!("removed {}: Prisma's draft, with nothing schemata adds", made.name));
                    None
                }
            }
        }
        more => {
            let names: Vec<&str> = more.iter().map(|d| d.name.as_str()).collect();
            return Err(Error::Prisma(format!("Prisma made {} migrations at once: {}", names.len(), names.join(", "))));
        }
    };
    let deploy = prisma(cli, req, Step::MigrateDeploy, &[], schema_path, url, say)?;
    if !deploy.success {
        return Err(Error::Prisma(failure(Step::MigrateDeploy, &deploy)));
    }
    let folders = super::history(&req.migrations_dir)?;
    Ok(Outcome { created, applied: applied(&deploy.stdout, &folders.dirs), not_applied: None })
}

/// Runs one Prisma step in the project root with the database URL, its lines indented under
/// a `$ prisma ...` line.
fn prisma(
    cli: &PrismaCli,
    req: &Request,
    step: Step,
    extra: &[&str],
    schema_path: &Path,
    url: &str,
    say: &mut dyn FnMut(Level, String),
) -> Result<crate::prisma::Outcome, Error> {
    let schema = schema_path.strip_prefix(req.root).unwrap_or(schema_path);
    say(Level::Info, format!("$ prisma {step} {}", extra.join(" ")).trim_end().to_string());
    // `.env` is not read by Prisma 7's config; what schemata found is handed on.
    let cli = cli.clone().with_env("DATABASE_URL", url).with_timeout(engine::TIMEOUT);
    cli.run_streaming_with(step, extra, schema, req.root, |stream, line| {
        if !line.trim().is_empty() {
            let level = if stream == Stream::Stderr && line.contains("Error") { Level::Warning } else { Level::Info };
            say(level, format!("  {line}"));
        }
    })
    .map_err(|e| Error::Prisma(e.to_string()))
}

/// The names `prisma migrate deploy` lists as applied (`└─ <folder>/`), kept to real folders.
fn applied(stdout: &str, folders: &[engine::MigrationDir]) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|l| l.trim().strip_prefix("└─ ")?.strip_suffix('/'))
        .filter(|name| folders.iter().any(|d| d.name == *name))
        .map(str::to_string)
        .collect()
}

/// Prisma's P1001 (server not reachable), as the WebAssembly path reports it.
fn unreachable(output: &str) -> Option<String> {
    let line = output.lines().find(|l| l.contains("P1001") || l.contains("Can't reach database server"))?;
    Some(format!("the database is not reachable ({}); nothing was applied", first_line(line)))
}

fn failure(step: Step, outcome: &crate::prisma::Outcome) -> String {
    let output = outcome.output();
    let why = if outcome.timed_out {
        format!("prisma {step} ran over {}s", engine::TIMEOUT.as_secs())
    } else {
        let lines = || output.lines().map(str::trim).filter(|l| !l.is_empty());
        let said = lines().find(|l| l.starts_with("Error")).or_else(|| lines().next_back()).unwrap_or("no output");
        format!("prisma {step} failed: {said}")
    };
    // Prisma asks before a migration that would lose data, and cannot ask without a terminal.
    if output.contains("non-interactive") {
        return format!(
            "{why}\nhint: Prisma wants to confirm data loss; run `prisma migrate dev --create-only` in a terminal, or {ENGINE_ENV}=wasm"
        );
    }
    why
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine() -> NativeEngine {
        NativeEngine::Installed(PathBuf::from("node_modules/@prisma/engines/schema-engine-debian-openssl-3.0.x"))
    }

    #[test]
    fn auto_takes_the_native_engine_only_with_a_database() {
        assert_eq!(route(Choice::Auto, &engine(), true), Ok(Route::Native));
        assert_eq!(route(Choice::Auto, &engine(), false), Ok(Route::Wasm));
        assert_eq!(route(Choice::Auto, &NativeEngine::Absent, true), Ok(Route::Wasm));
        let stub = NativeEngine::Unusable(PathBuf::from("/bin/false"));
        assert_eq!(route(Choice::Auto, &stub, true), Ok(Route::Wasm));
        let configured = NativeEngine::Configured(PathBuf::from("/opt/schema-engine"));
        assert_eq!(route(Choice::Auto, &configured, true), Ok(Route::Native));
    }

    #[test]
    fn a_forced_engine_is_used_or_refused_with_the_reason() {
        assert_eq!(route(Choice::Wasm, &engine(), true), Ok(Route::Wasm));
        assert_eq!(route(Choice::Native, &engine(), true), Ok(Route::Native));
        let no_url = route(Choice::Native, &engine(), false).unwrap_err();
        assert!(no_url.contains("DATABASE_URL"), "{no_url}");
        let stub = route(Choice::Native, &NativeEngine::Unusable(PathBuf::from("/bin/false")), true).unwrap_err();
        assert!(stub.contains("/bin/false"), "{stub}");
        let absent = route(Choice::Native, &NativeEngine::Absent, true).unwrap_err();
        assert!(absent.contains("not installed"), "{absent}");
    }

    #[test]
    fn the_choice_reads_the_environment_value() {
        assert_eq!(Choice::parse(None), Ok(Choice::Auto));
        assert_eq!(Choice::parse(Some(" ")), Ok(Choice::Auto));
        assert_eq!(Choice::parse(Some("native")), Ok(Choice::Native));
        assert_eq!(Choice::parse(Some("wasm")), Ok(Choice::Wasm));
        assert!(Choice::parse(Some("binary")).unwrap_err().contains("auto, native, wasm"));
    }

    #[cfg(unix)]
    #[test]
    fn engines_are_found_as_the_cli_finds_them() {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().unwrap();
        let project = root.path().join("app");
        std::fs::create_dir_all(&project).unwrap();
        // Nothing installed above a fresh temporary folder is expected; skip the check if so.
        if root.path().ancestors().skip(1).all(|d| !d.join("node_modules").exists()) {
            assert_eq!(find_engine_with(&project, None), NativeEngine::Absent);
        }
        let engines = root.path().join("node_modules/@prisma/engines");
        std::fs::create_dir_all(&engines).unwrap();
        std::fs::write(engines.join("schema-engine-debian-openssl-3.0.x.gz"), "").unwrap();
        std::fs::write(engines.join("schema-engine-debian-openssl-3.0.x.sha256"), "").unwrap();
        assert_eq!(find_engine_with(&project, None), NativeEngine::Absent, "only the download's leftovers");
        let binary = engines.join("schema-engine-debian-openssl-3.0.x");
        std::fs::write(&binary, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(&binary, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert_eq!(find_engine_with(&project, None), NativeEngine::Installed(binary.clone()));

        assert_eq!(
            find_engine_with(&project, Some("/bin/false".into())),
            NativeEngine::Unusable(PathBuf::from("/bin/false"))
        );
        let relative = find_engine_with(
            root.path(),
            Some("node_modules/@prisma/engines/schema-engine-debian-openssl-3.0.x".into()),
        );
        assert_eq!(relative, NativeEngine::Configured(binary.clone()), "relative to the project root");
        let not_executable = root.path().join("engine.txt");
        std::fs::write(&not_executable, "").unwrap();
        assert!(matches!(find_engine_with(&project, Some(not_executable.into())), NativeEngine::Unusable(_)));
        assert_eq!(find_engine_with(&project, Some("".into())), NativeEngine::Installed(binary), "empty is unset");
    }

    #[test]
    fn deploy_output_names_the_applied_folders() {
        let stdout = "1 migration found in prisma/migrations\n\nApplying migration `20261123120000_schemata`\n\n\
                      The following migration(s) have been applied:\n\nmigrations/\n  └─ 20261123120000_schemata/\n    └─ migration.sql\n";
        let dirs = [engine::MigrationDir { name: "20261123120000_schemata".into(), sql: String::new() }];
        assert_eq!(applied(stdout, &dirs), ["20261123120000_schemata"]);
        assert!(applied("No pending migrations to apply.\n", &dirs).is_empty());
    }

    #[test]
    fn failures_say_what_prisma_said_and_how_to_go_on() {
        let outcome = |stdout: &str| crate::prisma::Outcome {
            step: Step::MigrateCreate,
            success: false,
            code: Some(1),
            stdout: stdout.into(),
            stderr: String::new(),
            timed_out: false,
            truncated: false,
            elapsed: std::time::Duration::ZERO,
        };
        let asked = failure(
            Step::MigrateCreate,
            &outcome(
                "Error: Prisma Migrate has detected that the environment is non-interactive, which is not supported.\n",
            ),
        );
        assert!(asked.contains("non-interactive") && asked.contains("=wasm"), "{asked}");
        let down = unreachable("Error: P1001: Can't reach database server at `127.0.0.1:1`\n").unwrap();
        assert!(down.contains("not reachable") && down.contains("P1001"), "{down}");
        assert_eq!(unreachable("Error: P3006"), None);
    }
}
