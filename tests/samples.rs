//! The team's sample documents (`../shared/samples/*.md`) against their expected answers
//! (`expected/<name>.json`): every entity, field, type, optionality, enum and relation is
//! found, nothing else is invented, the two-relations cases are asked and named, and the
//! emitted schema passes the real `prisma validate` and is left byte-identical by `prisma format`.

mod common;

use common::expected::{Strictness, check_against_expected, str_of};

use schemata::emit::{self, EmitConfig};
use schemata::infer::{self, Settings};
use schemata::ingest::{self, Source};
use schemata::model::{Decisions, Schema};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

fn analyse(samples: &Path, name: &str) -> (Schema, Value) {
    let path = samples.join(name);
    let text = std::fs::read_to_string(&path).expect("sample readable");
    let ingested = ingest::ingest(&[Source::new(path.display().to_string(), text)]);
    let schema = infer::infer(&ingested, &Decisions::default(), &Settings::default()).schema;
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(samples.join("expected").join(format!("{stem}.json"))).expect("expected answer"),
    )
    .expect("expected answer is JSON");
    (schema, expected)
}

fn sample(name: &str) {
    let Some(samples) = common::samples_dir() else { return };
    let (schema, expected) = analyse(&samples, name);
    check_against_expected(&schema, &expected, Strictness::default());
    let text = emit::render(&schema, &EmitConfig::default());
    // Emission is deterministic.
    assert_eq!(text, emit::render(&schema, &EmitConfig::default()));
    common::check_with_prisma(name, &text);
}

#[test]
fn architecture_md() {
    sample("architecture.md");
}

#[test]
fn prd_md() {
    sample("prd.md");
}

#[test]
fn api_contract_md() {
    sample("api-contract.md");
}

#[test]
fn erd_md() {
    sample("erd.md");
}

/// `inspect` lists only what the documents describe: no transport type, endpoint table or persona.
#[test]
fn inspect_lists_no_non_entities() {
    let Some(samples) = common::samples_dir() else { return };
    for name in ["architecture.md", "prd.md", "api-contract.md", "erd.md"] {
        let json: Value = common::inspect_json(&samples.join(name));
        let found: BTreeSet<String> = json["documents"][0]["entities"]
            .as_array()
            .expect("entities")
            .iter()
            .map(|e| schemata::naming::model_name_as_written(str_of(e, "name")))
            .collect();
        let (_, expected) = analyse(&samples, name);
        let wanted: BTreeSet<String> =
            expected["entities"].as_array().expect("entities").iter().map(|e| str_of(e, "name").to_string()).collect();
        assert_eq!(found, wanted, "{name}: entities listed by inspect");
        for non_entity in ["Page", "Persona", "Method", "Component", "Endpoint"] {
            assert!(!found.contains(non_entity), "{name}: {non_entity} is not an entity");
        }
    }
}

/// `generate --yes` through the binary writes the schema the library renders.
#[test]
fn generate_yes_writes_the_rendered_schema() {
    let Some(samples) = common::samples_dir() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("prisma");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_schemata"))
        .args(["generate", "--yes", "--no-prisma", "--out"])
        .arg(&out)
        .arg(samples.join("prd.md"))
        .output()
        .expect("binary runs");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("decided: Booking and Clinician are joined by 2 relations"), "{stdout}");
    let written = std::fs::read_to_string(out.join("schema.prisma")).expect("schema written");
    assert!(written.contains("@relation(\"BookingReferrer\""), "{written}");
    assert!(dir.path().join("prisma.config.ts").is_file());
}
