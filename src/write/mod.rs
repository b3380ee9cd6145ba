//! Write: the files a run produces, planned as data first (pure), then written atomically.
//!
//! A file is replaced by writing a temporary file in the same folder and renaming it over
//! the old one, so a crash leaves the old file or the new one, never a torn one. An
//! existing file with other contents is copied to `<name>.bak` before it is replaced.

mod ledger;
mod plan;

pub use ledger::{LEDGER, Ledger};
pub use plan::{Plan, plan, root_of};

use std::io::Write;
use std::path::{Path, PathBuf};

/// Whether an existing file may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// Replace it (keeping a `.bak` of what was there).
    Replace,
    /// Leave an existing file alone: it is the user's (e.g. `prisma.config.ts`).
    KeepExisting,
}

/// One file to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub path: PathBuf,
    pub contents: String,
    pub policy: Policy,
}

/// What happened to a planned file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    Created(PathBuf),
    /// Replaced a file schemata itself had written (no backup needed).
    Updated(PathBuf),
    Replaced {
        path: PathBuf,
        backup: PathBuf,
    },
    Unchanged(PathBuf),
    KeptExisting(PathBuf),
}

impl std::fmt::Display for Written {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Written::Created(p) | Written::Updated(p) => write!(f, "wrote {}", p.display()),
            Written::Replaced { path, backup } => {
                write!(f, "wrote {} (the previous version is in {})", path.display(), backup.display())
            }
            Written::Unchanged(p) => write!(f, "{} is already up to date", p.display()),
            Written::KeptExisting(p) => write!(f, "kept your {} as it is", p.display()),
        }
    }
}

/// `prisma.config.ts` for Prisma 7, placed in the project root with the schema path relative to it.
pub fn prisma_config(schema_path_from_root: &str) -> String {
    prisma_config_with_url(schema_path_from_root, "process.env.DATABASE_URL")
}

/// `prisma.config.ts` whose datasource URL is the TypeScript expression `url`
/// (`process.env.DIRECT_URL`, a string literal).
pub fn prisma_config_with_url(schema_path_from_root: &str, url: &str) -> String {
    config_text(schema_path_from_root, url, None)
}

/// `prisma.config.ts` with `migrations.seed` set to `command` (what `prisma db seed` and
/// `prisma migrate reset` run).
pub fn prisma_config_seeded(schema_path_from_root: &str, command: &str) -> String {
    config_text(schema_path_from_root, "process.env.DATABASE_URL", Some(command))
}

fn config_text(schema_path_from_root: &str, url: &str, seed: Option<&str>) -> String {
    format!(
        r#"import {{ defineConfig }} from "prisma/config";

// Written by schemata. DATABASE_URL is read when a command needs the database
// (migrate, db push); format, validate and generate work without it.
export default defineConfig({{
  schema: "{schema_path_from_root}",
  migrations: {{
    path: "{migrations}",{seed}
  }},
  datasource: {{
    url: {url},
  }},
}});
"#,
        migrations = schema_path_from_root
            .rsplit_once('/')
            .map_or("migrations".to_string(), |(dir, _)| format!("{dir}/migrations")),
        seed = seed.map(|c| format!("\n    seed: \"{c}\",")).unwrap_or_default(),
    )
}

/// Writes every planned file, stopping at the first failure (files already written stay).
pub fn apply(plan: &[Planned]) -> std::io::Result<Vec<Written>> {
    plan.iter().map(|f| write_one(f, None)).collect()
}

/// A planned file that would replace something the user owns: the file exists, differs from
/// the plan, and is not what schemata last wrote there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub path: PathBuf,
    /// What is there now.
    pub current: String,
    /// What schemata would write.
    pub planned: String,
}

/// The files of `plan` that would overwrite the user's work. Checked before anything is
/// written, so a refused run writes nothing at all.
pub fn conflicts(plan: &[Planned], ledger: &Ledger) -> Vec<Conflict> {
    plan.iter()
        .filter(|f| f.policy == Policy::Replace)
        .filter_map(|f| {
            let current = std::fs::read(&f.path).ok()?;
            let ours = current == f.contents.as_bytes() || ledger.wrote(&f.path, &current);
            (!ours).then(|| Conflict {
                path: f.path.clone(),
                current: String::from_utf8_lossy(&current).into_owned(),
                planned: f.contents.clone(),
            })
        })
        .collect()
}

/// Writes the plan and records what was written in the ledger at `ledger_path` (a replaced
/// file of the user's is kept as `.bak`; the caller has checked [`conflicts`] and asked). The
/// planned hashes are saved as pending before any file is replaced, so a kill at any point
/// leaves every written file known to the ledger.
pub fn apply_recorded(plan: &[Planned], ledger: &mut Ledger, ledger_path: &Path) -> std::io::Result<Vec<Written>> {
    for file in plan.iter().filter(|f| f.policy == Policy::Replace) {
        ledger.settle(&file.path, std::fs::read(&file.path).ok().as_deref());
        ledger.expect(&file.path, file.contents.as_bytes());
    }
    write_atomic(ledger_path, ledger.to_json().as_bytes())?;
    let mut written = Vec::with_capacity(plan.len());
    for file in plan {
        let result = write_one(file, Some(ledger))?;
        if !matches!(result, Written::KeptExisting(_)) {
            ledger.record(&file.path, file.contents.as_bytes());
        }
        written.push(result);
    }
    ledger.pending.clear();
    write_atomic(ledger_path, ledger.to_json().as_bytes())?;
    Ok(written)
}

/// Writes one file. Replaced contents go to `.bak` unless the ledger says schemata wrote them.
fn write_one(file: &Planned, ledger: Option<&Ledger>) -> std::io::Result<Written> {
    let path = &file.path;
    match std::fs::read(path) {
        Ok(existing) if existing == file.contents.as_bytes() => Ok(Written::Unchanged(path.clone())),
        Ok(_) if file.policy == Policy::KeepExisting => Ok(Written::KeptExisting(path.clone())),
        Ok(existing) if ledger.is_some_and(|l| l.wrote(path, &existing)) => {
            write_atomic(path, file.contents.as_bytes())?;
            Ok(Written::Updated(path.clone()))
        }
        Ok(existing) => {
            let backup = backup_path(path);
            write_atomic(&backup, &existing)?;
            write_atomic(path, file.contents.as_bytes())?;
            Ok(Written::Replaced { path: path.clone(), backup })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            write_atomic(path, file.contents.as_bytes())?;
            Ok(Written::Created(path.clone()))
        }
        Err(e) => Err(e),
    }
}

fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".bak");
    path.with_file_name(name)
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)?;
    sweep_stale_temporaries(&dir);
    let mut tmp = tempfile::Builder::new().prefix(TEMP_PREFIX).suffix(".tmp").tempfile_in(&dir)?;
    // tempfile creates owner-only files; a replaced file keeps its mode, a new one is rw-r--r--.
    let permissions = std::fs::metadata(path).ok().map(|m| m.permissions()).or_else(default_permissions);
    if let Some(permissions) = permissions {
        tmp.as_file().set_permissions(permissions)?;
    }
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

const TEMP_PREFIX: &str = ".schemata-";

/// Removes temporary files a killed run left in `dir`. Only ones older than a minute: a
/// younger one may belong to a run still writing.
fn sweep_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let minute = std::time::Duration::from_secs(60);
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(TEMP_PREFIX) && name.ends_with(".tmp")) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > minute);
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

/// Elsewhere a temporary file already has a new file's usual permissions.
#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_replaces_with_backup_and_keeps_user_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let schema = dir.path().join("prisma/schema.prisma");
        let config = dir.path().join("prisma.config.ts");
        let plan = |text: &str| {
            vec![
                Planned { path: schema.clone(), contents: text.into(), policy: Policy::Replace },
                Planned { path: config.clone(), contents: "new".into(), policy: Policy::KeepExisting },
            ]
        };
        let first = apply(&plan("one")).expect("first write");
        assert_eq!(first, vec![Written::Created(schema.clone()), Written::Created(config.clone())]);
        assert_eq!(apply(&plan("one")).expect("again")[0], Written::Unchanged(schema.clone()));

        std::fs::write(&config, "the user's own").expect("edit");
        let third = apply(&plan("two")).expect("third write");
        let backup = dir.path().join("prisma/schema.prisma.bak");
        assert_eq!(
            third,
            vec![
                Written::Replaced { path: schema.clone(), backup: backup.clone() },
                Written::KeptExisting(config.clone())
            ]
        );
        assert_eq!(std::fs::read_to_string(&schema).expect("read"), "two");
        assert_eq!(std::fs::read_to_string(&backup).expect("read"), "one");
        assert_eq!(std::fs::read_to_string(&config).expect("read"), "the user's own");
        // No temporary files are left behind.
        let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("prisma"))
            .expect("list")
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with(".schemata-"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_world_readable_and_replaced_files_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("schema.prisma");
        write_atomic(&path, b"one").expect("write");
        let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o644);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        write_atomic(&path, b"two").expect("write");
        assert_eq!(mode(&path), 0o600);
    }

    #[test]
    fn config_points_at_the_schema() {
        let c = prisma_config("prisma/schema.prisma");
        assert!(c.contains("schema: \"prisma/schema.prisma\""));
        assert!(c.contains("path: \"prisma/migrations\""));
    }
}
