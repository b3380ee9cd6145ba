//! A real PostgreSQL for the database tests: `.ci/run` starts one and sets
//! `SCHEMATA_TEST_DATABASE_URL` (a superuser URL); each test gets its own database, dropped
//! when it ends. Without the variable the tests skip, except under `CI=true`, where they fail.

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

pub const URL_ENV: &str = "SCHEMATA_TEST_DATABASE_URL";

/// The server's superuser URL, or `None` (after a note) outside CI.
pub fn server() -> Option<String> {
    match std::env::var(URL_ENV) {
        Ok(url) if !url.is_empty() => {
            // A URL with stray text around it makes psql fall back to the local socket as the
            // OS user, which fails far from the cause; say so here instead.
            assert!(
                url.starts_with("postgres://") || url.starts_with("postgresql://"),
                "{URL_ENV} is not a postgresql:// URL: {url:?}"
            );
            Some(url)
        }
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("{URL_ENV} is not set: .ci/run starts PostgreSQL (.ci/postgres) and sets it")
        }
        _ => {
            let _ = writeln!(std::io::stderr(), "note: skipping, {URL_ENV} is not set (see .ci/postgres)");
            None
        }
    }
}

/// `url` with another database (or user and password) in it.
pub fn with_database(url: &str, database: &str) -> String {
    let (base, _) = url.rsplit_once('/').expect("a URL with a database");
    format!("{base}/{database}")
}

pub fn with_user(url: &str, user: &str, password: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("scheme");
    let host = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
    format!("{scheme}://{user}:{password}@{host}")
}

/// Runs SQL through psql; the rows as `|`-separated lines, or psql's error text.
pub fn psql(url: &str, sql: &str) -> Result<String, String> {
    let out = Command::new("psql")
        .args(["-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql])
        .output()
        .expect("psql runs");
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim_end().to_string())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// A database of its own for one test.
pub struct TempDb {
    pub url: String,
    pub name: String,
    admin: String,
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

impl TempDb {
    pub fn new(server: &str) -> Self {
        let name = format!("schemata_t{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::SeqCst));
        let admin = with_database(server, "postgres");
        psql(&admin, &format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).expect("drop");
        psql(&admin, &format!("CREATE DATABASE \"{name}\"")).expect("create database");
        Self { url: with_database(server, &name), name, admin }
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        let _ = psql(&self.admin, &format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name));
    }
}

/// The node_modules folder holding Prisma's engine packages (tests/prisma).
pub fn node_modules() -> PathBuf {
    [env!("CARGO_MANIFEST_DIR"), "tests", "prisma"].iter().collect()
}
