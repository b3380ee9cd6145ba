//! Shared helpers for integration tests that run the real Prisma CLI.

use schemata::prisma::PrismaCli;
use std::io::Write;
use std::path::PathBuf;

/// The Prisma CLI installed by `npm ci --prefix tests/prisma`, or `None` (after a note) when it
/// is missing outside CI; under `CI=true` a missing CLI fails the test instead of skipping it.
#[allow(dead_code)]
pub fn prisma_cli() -> Option<PrismaCli> {
    let program: PathBuf =
        [env!("CARGO_MANIFEST_DIR"), "tests", "prisma", "node_modules", ".bin", "prisma"].iter().collect();
    if !program.is_file() {
        let hint = "run `npm ci --prefix tests/prisma` to install the pinned Prisma CLI";
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("the Prisma CLI is missing at {}: {hint}", program.display());
        }
        // Straight to stderr: libtest captures eprintln! of passing tests, and a skip should show.
        let _ =
            writeln!(std::io::stderr(), "note: skipping, the Prisma CLI is missing at {}: {hint}", program.display());
        return None;
    }
    // validate, format and generate never start Prisma's native schema engine, but the CLI
    // tries to download it unless this points at some executable; offline that download fails.
    let engine = std::env::var_os("PRISMA_SCHEMA_ENGINE_BINARY").unwrap_or_else(|| "/bin/false".into());
    Some(PrismaCli::with_program(program, Vec::<String>::new()).with_env("PRISMA_SCHEMA_ENGINE_BINARY", engine))
}

/// `../shared/samples` beside the repository: the team's sample documents with expected
/// answers. `None` (after a note) when absent; under `CI=true` its absence fails the test.
#[allow(dead_code)]
pub fn samples_dir() -> Option<PathBuf> {
    let dir: PathBuf = [env!("CARGO_MANIFEST_DIR"), "..", "shared", "samples"].iter().collect();
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{} is missing: CI runs with shared/ beside the clone", dir.display());
    }
    let _ = writeln!(std::io::stderr(), "note: skipping, {} is missing", dir.display());
    None
}
