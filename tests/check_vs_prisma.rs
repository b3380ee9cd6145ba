//! `schemata check` and `prisma validate` agree on the 1,000-model schema the `check`
//! benchmark times (`benches/check.rs`): both accept it, and both reject it with one
//! back-relation field removed (a one-sided relation). Times are compared in the README,
//! not asserted here.
//!
//! Set `SCHEMATA_CHECK_SCHEMA_OUT=path` to keep a copy of the schema (to time `prisma
//! validate` on it with hyperfine, as the README does).
//!
//! Skips with a note when the pinned Prisma CLI is missing, unless CI=true.

mod common;

use common::generated::{one_sided, schema_text};
use schemata::check;
use schemata::conventions::Profile;
use schemata::import;
use schemata::ingest::Source;
use schemata::prisma::Step;
use std::process::Command;

const MODELS: usize = 1_000;

/// Our verdict, the way `schemata check` reaches it.
fn ours(text: &str) -> check::Report {
    let imported = import::prisma::read(&[Source::new("schema.prisma", text)]);
    check::verify(&imported.schema, &imported.diagnostics, None, &Profile::postgres())
}

/// Prisma's verdict and what it said.
fn prismas(cli: &schemata::prisma::PrismaCli, text: &str) -> (bool, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("schema.prisma");
    std::fs::write(&path, text).expect("write the schema");
    let outcome = cli.run(Step::Validate, &path, dir.path()).expect("prisma runs");
    assert!(!outcome.timed_out, "prisma validate timed out");
    (outcome.success, format!("{}\n{}", outcome.stdout, outcome.stderr))
}

#[test]
fn check_and_prisma_validate_agree_on_1000_models() {
    let text = schema_text(MODELS);
    assert_eq!(text.matches("\nmodel ").count(), MODELS);
    if let Some(out) = std::env::var_os("SCHEMATA_CHECK_SCHEMA_OUT") {
        std::fs::write(&out, &text).expect("keep a copy of the schema");
    }
    let broken = one_sided(&text);

    let report = ours(&text);
    assert!(report.passed(), "schemata check rejects the generated schema:\n{report}");
    let report = ours(&broken);
    assert!(!report.passed(), "schemata check accepts a one-sided relation");
    assert!(
        report.findings.iter().all(|f| f.rule == check::Rule::OneSidedRelation),
        "only the one-sided relation is found:\n{report}"
    );

    // The binary gives the same verdict as its library parts (exit 0, then not 0).
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, schema, ok) in [("good.prisma", &text, true), ("broken.prisma", &broken, false)] {
        std::fs::write(dir.path().join(name), schema).expect("write the schema");
        let status = Command::new(env!("CARGO_BIN_EXE_schemata"))
            .args(["check", name])
            .current_dir(dir.path())
            .output()
            .expect("schemata runs");
        assert_eq!(status.status.success(), ok, "schemata check {name}: {}", String::from_utf8_lossy(&status.stdout));
    }

    let Some(cli) = common::prisma_cli() else { return };
    let (ok, said) = prismas(&cli, &text);
    assert!(ok, "prisma validate rejects the schema schemata accepts:\n{said}");
    let (ok, said) = prismas(&cli, &broken);
    assert!(!ok, "prisma validate accepts the one-sided relation schemata rejects");
    assert!(said.contains("opposite relation field"), "Prisma rejects it for another reason:\n{said}");
}
