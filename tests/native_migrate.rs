//! `--migrate` and the real Prisma CLI's migration commands, against a real PostgreSQL. The
//! native schema engine cannot be downloaded here, so `tests/support/schema-engine` stands in
//! for it (Prisma's engine as WebAssembly behind the native engine's JSON-RPC): the pinned CLI
//! runs `migrate dev`, `migrate deploy` and `migrate status` unchanged.
//!
//! The WebAssembly path's migrations are what `prisma migrate status`/`deploy` expect; the
//! native path (`prisma migrate dev --create-only`, schemata's extras composed in, `prisma
//! migrate deploy`) makes the same database as the WebAssembly path.

mod common;

use common::pg::{self, TempDb, psql};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_schemata");

fn fixture(name: &str) -> PathBuf {
    [env!("CARGO_MANIFEST_DIR"), "tests", "fixtures", "postgres", name].iter().collect()
}

fn shim() -> PathBuf {
    [env!("CARGO_MANIFEST_DIR"), "tests", "support", "schema-engine"].iter().collect()
}

fn prisma_bin() -> PathBuf {
    pg::node_modules().join("node_modules/.bin/prisma")
}

/// A project with the document (and the fixture's schemata.toml when `with_config`), and the
/// pinned packages linked in, since the written `prisma.config.ts` imports `prisma/config`.
fn project(doc: &Path, with_config: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(doc, dir.path().join(doc.file_name().unwrap())).expect("copy document");
    if with_config {
        std::fs::copy(fixture("schemata.toml"), dir.path().join("schemata.toml")).expect("copy config");
    }
    std::os::unix::fs::symlink(pg::node_modules().join("node_modules"), dir.path().join("node_modules")).unwrap();
    dir
}

#[derive(Clone, Copy)]
enum Engine {
    Wasm,
    Native,
}

/// `schemata generate DOC --migrate` in `dir` through `engine`, with the database `url` (or none).
fn migrate(dir: &Path, doc: &str, url: Option<&str>, engine: Engine, extra: &[&str]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(dir)
        .args(["generate", doc, "--yes", "--no-prisma", "--no-progress", "--out", "prisma", "--migrate"])
        .args(extra)
        .env("SCHEMATA_NODE_MODULES", pg::node_modules())
        .env("SCHEMATA_PRISMA", prisma_bin())
        .env_remove("DATABASE_URL");
    match engine {
        Engine::Wasm => cmd.env("SCHEMATA_MIGRATE_ENGINE", "wasm").env("PRISMA_SCHEMA_ENGINE_BINARY", "/bin/false"),
        Engine::Native => cmd.env("SCHEMATA_MIGRATE_ENGINE", "native").env("PRISMA_SCHEMA_ENGINE_BINARY", shim()),
    };
    if let Some(url) = url {
        cmd.env("DATABASE_URL", url);
    }
    cmd.output().expect("schemata runs")
}

/// The real Prisma CLI in `dir` with the stand-in engine.
fn prisma(dir: &Path, url: &str, args: &[&str]) -> Output {
    Command::new(prisma_bin())
        .current_dir(dir)
        .args(args)
        .env("DATABASE_URL", url)
        .env("PRISMA_SCHEMA_ENGINE_BINARY", shim())
        .env("SCHEMATA_NODE_MODULES", pg::node_modules())
        .env("NO_COLOR", "1")
        .output()
        .expect("prisma runs")
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

fn migrations(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.join("prisma/migrations"))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn migration_sql(dir: &Path, folder: &str) -> String {
    std::fs::read_to_string(dir.join("prisma/migrations").join(folder).join("migration.sql")).expect("migration.sql")
}

fn applied(url: &str) -> Vec<String> {
    psql(url, "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1")
        .expect("_prisma_migrations")
        .lines()
        .map(str::to_string)
        .collect()
}

/// `pg_dump --schema-only` without the migration history and what varies between dumps.
fn schema_dump(url: &str) -> String {
    let out = Command::new("pg_dump")
        .args(["--schema-only", "--no-owner", "--no-privileges", "--exclude-table=_prisma_migrations", url])
        .output()
        .expect("pg_dump runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.starts_with("\\restrict") && !l.starts_with("\\unrestrict"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A postgres document and whether it takes the fixture's schemata.toml.
fn documents() -> Vec<(PathBuf, bool)> {
    let mut docs = vec![(fixture("helpdesk.md"), true)];
    if let Some(samples) = common::samples_dir() {
        docs.push((samples.join("prd.md"), false));
    }
    docs
}

/// Migrates `doc` through `engine` into a fresh database; the run must succeed.
fn migrated(server: &str, doc: &Path, with_config: bool, engine: Engine) -> (tempfile::TempDir, TempDb) {
    let db = TempDb::new(server);
    let dir = project(doc, with_config);
    let name = doc.file_name().unwrap().to_str().unwrap();
    let out = migrate(dir.path(), name, Some(&db.url), engine, &["--profile", "postgres"]);
    assert!(out.status.success(), "{name}: {}", text(&out));
    let by_cli = text(&out).contains("$ prisma migrate dev --create-only --name schemata");
    assert_eq!(by_cli, matches!(engine, Engine::Native), "{name}: the other path ran\n{}", text(&out));
    (dir, db)
}

#[test]
fn prisma_migrate_status_and_deploy_see_the_wasm_migration_as_applied() {
    let Some(server) = pg::server() else { return };
    if common::prisma_cli().is_none() {
        return;
    }
    for (doc, with_config) in documents() {
        let name = doc.file_name().unwrap().to_string_lossy().into_owned();
        let (dir, db) = migrated(&server, &doc, with_config, Engine::Wasm);
        let folders = migrations(dir.path());
        assert_eq!(folders.len(), 1, "{name}: {folders:?}");
        let status = prisma(dir.path(), &db.url, &["migrate", "status"]);
        assert!(status.status.success(), "{name}: {}", text(&status));
        assert!(text(&status).contains("Database schema is up to date!"), "{name}: {}", text(&status));
        let deploy = prisma(dir.path(), &db.url, &["migrate", "deploy"]);
        assert!(deploy.status.success(), "{name}: {}", text(&deploy));
        assert!(text(&deploy).contains("No pending migrations to apply."), "{name}: {}", text(&deploy));
        assert_eq!(applied(&db.url), folders, "{name}: deploy applied nothing again");
    }
}

#[test]
fn a_migration_written_without_a_database_is_pending_for_prisma_until_deploy_applies_it() {
    let Some(server) = pg::server() else { return };
    if common::prisma_cli().is_none() {
        return;
    }
    let db = TempDb::new(&server);
    let dir = project(&fixture("helpdesk.md"), true);
    // No database: the folder is written, nothing applied.
    let out = migrate(dir.path(), "helpdesk.md", None, Engine::Wasm, &[]);
    assert!(out.status.success(), "{}", text(&out));
    let folders = migrations(dir.path());
    assert_eq!(folders.len(), 1, "{folders:?}");
    let status = prisma(dir.path(), &db.url, &["migrate", "status"]);
    assert!(!status.status.success(), "status must report the pending migration: {}", text(&status));
    assert!(text(&status).contains(&folders[0]), "{}", text(&status));
    let deploy = prisma(dir.path(), &db.url, &["migrate", "deploy"]);
    assert!(deploy.status.success(), "{}", text(&deploy));
    assert!(text(&deploy).contains(&format!("└─ {}/", folders[0])), "{}", text(&deploy));
    assert_eq!(applied(&db.url), folders);
    let policies = psql(&db.url, "SELECT count(*) FROM pg_policies WHERE tablename = 'tickets'").unwrap();
    assert_eq!(policies, "4", "Prisma applied schemata's extras too");
    // schemata, on either path, finds nothing left to do.
    for engine in [Engine::Wasm, Engine::Native] {
        let again = migrate(dir.path(), "helpdesk.md", Some(&db.url), engine, &[]);
        assert!(again.status.success() && text(&again).contains("no changes"), "{}", text(&again));
        assert_eq!(migrations(dir.path()), folders);
    }
}

#[test]
fn the_native_path_makes_prismas_migration_with_the_extras_and_applies_it_once() {
    let Some(server) = pg::server() else { return };
    if common::prisma_cli().is_none() {
        return;
    }
    let (dir, db) = migrated(&server, &fixture("helpdesk.md"), true, Engine::Native);
    let folders = migrations(dir.path());
    assert_eq!(folders.len(), 1, "{folders:?}");
    assert!(folders[0].ends_with("_schemata"), "{folders:?}");
    assert!(dir.path().join("prisma/migrations/migration_lock.toml").is_file());
    let sql = migration_sql(dir.path(), &folders[0]);
    // Prisma's DDL, then schemata's part.
    assert!(sql.contains("CREATE TABLE \"tickets\""), "{sql}");
    let ours = sql.find("-- schemata: what Prisma's schema cannot express").expect("schemata's section");
    assert!(sql[ours..].contains("CREATE POLICY") && sql[ours..].contains("FORCE ROW LEVEL SECURITY"), "{sql}");
    assert_eq!(applied(&db.url), folders);
    let rls =
        psql(&db.url, "SELECT relname FROM pg_class WHERE relrowsecurity AND relforcerowsecurity ORDER BY 1").unwrap();
    assert_eq!(rls, "agents\ntickets\ntime_entries");
    let status = prisma(dir.path(), &db.url, &["migrate", "status"]);
    assert!(text(&status).contains("Database schema is up to date!"), "{}", text(&status));

    // Prisma's draft holds only drops of what schemata owns: nothing new is kept or applied.
    let again = migrate(dir.path(), "helpdesk.md", Some(&db.url), Engine::Native, &["--profile", "postgres"]);
    assert!(again.status.success(), "{}", text(&again));
    assert!(text(&again).contains("no changes"), "{}", text(&again));
    assert_eq!(migrations(dir.path()), folders, "a second run made a migration");
    assert_eq!(applied(&db.url), folders);
}

#[test]
fn a_second_native_migration_adds_the_change_and_keeps_what_schemata_owns() {
    let Some(server) = pg::server() else { return };
    if common::prisma_cli().is_none() {
        return;
    }
    let (dir, db) = migrated(&server, &fixture("helpdesk.md"), true, Engine::Native);
    let doc = dir.path().join("helpdesk.md");
    let v2 = std::fs::read_to_string(&doc).unwrap().replace(
        "| name | string | yes | | Full name |",
        "| name | string | yes | | Full name |\n| title | string | no | | Job title |",
    );
    assert!(v2.contains("Job title"), "the fixture changed; update this edit");
    std::fs::write(&doc, v2).unwrap();
    let out = migrate(dir.path(), "helpdesk.md", Some(&db.url), Engine::Native, &["--name", "agent titles"]);
    assert!(out.status.success(), "{}", text(&out));
    let folders = migrations(dir.path());
    assert_eq!(folders.len(), 2, "{folders:?}");
    assert!(folders[1].ends_with("_agent_titles"), "{folders:?}");
    let sql = migration_sql(dir.path(), &folders[1]);
    assert!(sql.contains("ADD COLUMN     \"title\" TEXT"), "{sql}");
    // Prisma's draft drops the search column its schema does not state; schemata takes that out
    // and repeats none of its rules.
    assert!(
        !sql.contains("DROP COLUMN \"search_vector\"") && !sql.contains("DROP INDEX \"tickets_search_idx\""),
        "{sql}"
    );
    assert!(!sql.contains("ROW LEVEL SECURITY"), "{sql}");
    assert_eq!(applied(&db.url), folders);
    assert_eq!(psql(&db.url, "SELECT count(*) FROM pg_indexes WHERE indexname = 'tickets_search_idx'").unwrap(), "1");
}

#[test]
fn the_native_and_the_wasm_path_make_the_same_database() {
    let Some(server) = pg::server() else { return };
    if common::prisma_cli().is_none() {
        return;
    }
    for (doc, with_config) in documents() {
        let name = doc.file_name().unwrap().to_string_lossy().into_owned();
        let (wasm_dir, wasm) = migrated(&server, &doc, with_config, Engine::Wasm);
        let (native_dir, native) = migrated(&server, &doc, with_config, Engine::Native);
        let (w, n) = (migrations(wasm_dir.path()), migrations(native_dir.path()));
        assert_eq!((w.len(), n.len()), (1, 1), "{name}: {w:?} {n:?}");
        assert_eq!(
            migration_sql(wasm_dir.path(), &w[0]),
            migration_sql(native_dir.path(), &n[0]),
            "{name}: the two paths wrote different SQL"
        );
        assert_eq!(schema_dump(&wasm.url), schema_dump(&native.url), "{name}: the databases differ");
    }
}

#[test]
fn native_without_an_engine_or_a_database_says_why_and_migrates_nothing() {
    let dir = project(&fixture("helpdesk.md"), true);
    let out = Command::new(BIN)
        .current_dir(dir.path())
        .args(["generate", "helpdesk.md", "--yes", "--no-prisma", "--no-progress", "--out", "prisma", "--migrate"])
        .env("SCHEMATA_MIGRATE_ENGINE", "native")
        .env("PRISMA_SCHEMA_ENGINE_BINARY", "/bin/false")
        .env("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(text(&out).contains("PRISMA_SCHEMA_ENGINE_BINARY=/bin/false"), "{}", text(&out));
    assert!(migrations(dir.path()).is_empty());
    let out = Command::new(BIN)
        .current_dir(dir.path())
        .args(["generate", "helpdesk.md", "--yes", "--no-prisma", "--no-progress", "--out", "prisma", "--migrate"])
        .env("SCHEMATA_MIGRATE_ENGINE", "native")
        .env("PRISMA_SCHEMA_ENGINE_BINARY", shim())
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(text(&out).contains("needs DATABASE_URL"), "{}", text(&out));
    assert!(migrations(dir.path()).is_empty());
}
