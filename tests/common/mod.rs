//! Shared helpers for integration tests: the real Prisma CLIs and the shared samples.

#[allow(dead_code)]
pub mod expected;
#[allow(dead_code)]
pub mod generated;
#[allow(dead_code)]
pub mod pg;
#[allow(dead_code)]
pub mod seed;
#[allow(dead_code)]
pub mod tmux;

use schemata::prisma::PrismaCli;
use std::io::Write;
use std::path::PathBuf;

/// The Prisma 7 CLI installed by `npm ci --prefix tests/prisma`, or `None` (after a note) when it
/// is missing outside CI; under `CI=true` a missing CLI fails the test instead of skipping it.
#[allow(dead_code)]
pub fn prisma_cli() -> Option<PrismaCli> {
    cli_in("prisma")
}

/// The Prisma 6 CLI (`npm ci --prefix tests/prisma6`), for Prisma 6 and MongoDB output. It
/// reads `DATABASE_URL` even to validate, so a placeholder is set.
#[allow(dead_code)]
pub fn prisma6_cli() -> Option<PrismaCli> {
    Some(cli_in("prisma6")?.with_env("DATABASE_URL", "mongodb://localhost:27017/schemata-tests"))
}

fn cli_in(folder: &str) -> Option<PrismaCli> {
    let program: PathBuf =
        [env!("CARGO_MANIFEST_DIR"), "tests", folder, "node_modules", ".bin", "prisma"].iter().collect();
    if !program.is_file() {
        let hint = format!("run `npm ci --prefix tests/{folder}` to install the pinned Prisma CLI");
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("the Prisma CLI is missing at {}: {hint}", program.display());
        }
        // Straight to stderr: libtest captures eprintln! of passing tests, and a skip should show.
        let _ =
            writeln!(std::io::stderr(), "note: skipping, the Prisma CLI is missing at {}: {hint}", program.display());
        return None;
    }
    // The runner points the engines Prisma would download at a stub for format/validate/generate.
    Some(PrismaCli::with_program(program, Vec::<String>::new()))
}

/// `schemata inspect --json FILE`, which must succeed, as JSON.
#[allow(dead_code)]
pub fn inspect_json(path: &std::path::Path) -> serde_json::Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_schemata"))
        .args(["inspect", "--json"])
        .arg(path)
        .output()
        .expect("binary runs");
    assert!(out.status.success(), "inspect {}: {}", path.display(), String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("inspect --json is JSON")
}

/// An empty folder to run Prisma in, away from the project's `prisma.config.ts` (which imports
/// `prisma/config`) and from any stray config in a shared temporary folder.
#[allow(dead_code)]
pub fn empty_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
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

/// Validates `text` with the real Prisma CLI and checks that `prisma format` leaves it
/// byte-identical (skipped, after a note, when the CLI is not installed outside CI).
#[allow(dead_code)]
pub fn check_with_prisma(name: &str, text: &str) {
    let Some(cli) = prisma_cli() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("schema.prisma");
    std::fs::write(&path, text).expect("write schema");
    let validate = cli.run(schemata::prisma::Step::Validate, &path, dir.path()).expect("prisma runs");
    assert!(validate.success, "prisma validate rejected the schema of {name}:\n{}\n{text}", validate.output());
    let format = cli.run(schemata::prisma::Step::Format, &path, dir.path()).expect("prisma runs");
    assert!(format.success, "prisma format failed on {name}:\n{}", format.output());
    let formatted = std::fs::read_to_string(&path).expect("read back");
    assert_eq!(formatted, text, "prisma format changed the schema of {name}");
}
