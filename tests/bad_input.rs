//! The bad-input corpus: documents that are empty, huge, deeply nested, absurdly wide,
//! unterminated, duplicated, oddly named, CRLF or BOM-prefixed. Each gets a clear error or a
//! sensible result (and never a panic); names can never steer a write outside the output folder.

mod common;

use schemata::conventions::{Layout, Profile};
use schemata::emit::{self, EmitConfig};
use schemata::infer::{self, Settings};
use schemata::ingest::{self, Source};
use schemata::model::{Decisions, Schema};
use schemata::prisma::Step;
use std::path::Path;
use std::process::Command;

fn schema_of(name: &str, text: &str) -> Schema {
    let ingested = ingest::ingest(&[Source::new(name, text)]);
    infer::infer(&ingested, &Decisions::default(), &Settings::default()).schema
}

fn table(entity: &str, fields: &[(&str, &str)]) -> String {
    let mut out = format!("### {entity}\n\n| Field | Type | Required |\n|---|---|---|\n");
    for (name, ty) in fields {
        out.push_str(&format!("| {name} | {ty} | yes |\n"));
    }
    out.push('\n');
    out
}

fn inspect(dir: &Path, file: &str, bytes: &[u8]) -> std::process::Output {
    let path = dir.join(file);
    std::fs::write(&path, bytes).expect("write fixture");
    Command::new(env!("CARGO_BIN_EXE_schemata")).arg("inspect").arg(&path).output().expect("binary runs")
}

#[test]
fn an_empty_file_is_refused_by_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = inspect(dir.path(), "empty.md", b"");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("empty.md:1: no data model found"), "{err}");
}

#[test]
fn a_50_mb_document_is_read_to_its_data_model() {
    let prose = "Gatehouse sells tickets for concerts. The data model below is the agreed one; everything else is prose that only makes the document long.\n\n";
    let mut text = String::with_capacity(50 * 1024 * 1024 + 1024);
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(prose);
    }
    text.push_str(&table("Venue", &[("id", "uuid"), ("name", "string"), ("capacity", "int")]));
    let schema = schema_of("big.md", &text);
    assert_eq!(schema.models.len(), 1);
    assert_eq!(schema.models[0].fields.len(), 3);
    let at = &schema.models[0].provenance[0];
    assert!(at.line > 300_000, "the heading's real line: {at}");
}

#[test]
fn ten_thousand_nested_list_levels_do_not_overflow() {
    // `- - - x` nests one list per dash, all on one line.
    let mut text = "- ".repeat(10_000);
    text.push_str("x\n\n");
    text.push_str(&table("Venue", &[("id", "uuid"), ("name", "string")]));
    let schema = schema_of("nested.md", &text);
    assert_eq!(schema.models.len(), 1, "the rest of the document is still read");
}

#[test]
fn a_table_with_5000_columns_is_read() {
    let mut header = String::from("| Field | Type |");
    let mut rule = String::from("|---|---|");
    for i in 0..4_998 {
        header.push_str(&format!(" extra{i} |"));
        rule.push_str("---|");
    }
    let mut text = format!("### Wide\n\n{header}\n{rule}\n");
    for f in 0..20 {
        text.push_str(&format!("| field{f} | string |{}\n", " x |".repeat(4_998)));
    }
    let schema = schema_of("wide.md", &text);
    assert_eq!(schema.models.len(), 1);
    assert_eq!(schema.models[0].fields.len(), 21, "20 fields and an added id");
}

#[test]
fn a_table_with_5000_fields_is_read() {
    let fields: Vec<(String, &str)> = (0..5_000).map(|i| (format!("field{i}"), "string")).collect();
    let refs: Vec<(&str, &str)> = fields.iter().map(|(n, t)| (n.as_str(), *t)).collect();
    let schema = schema_of("long.md", &table("Long", &refs));
    assert_eq!(schema.models[0].fields.len(), 5_001);
}

#[test]
fn an_unterminated_code_fence_is_still_read() {
    let text = "# API\n\n```ts\nexport interface Venue {\n  id: string;\n  name: string;\n";
    let schema = schema_of("open.md", text);
    assert_eq!(schema.models.len(), 1);
    assert_eq!(schema.models[0].fields.len(), 2);
}

#[test]
fn an_entity_described_twice_is_one_model() {
    let one = table("Venue", &[("id", "uuid"), ("name", "string")]);
    let schema = schema_of("twice.md", &format!("{one}{one}"));
    assert_eq!(schema.models.len(), 1);
    assert_eq!(schema.models[0].fields.len(), 2);
    assert!(schema.questions.is_empty(), "agreeing definitions raise no question: {:?}", schema.questions);
}

#[test]
fn names_that_are_not_identifiers_are_sanitised() {
    let mut text = String::new();
    for entity in ["order-line", "2fa_codes", "ユーザー", "../../etc/passwd", "enum", "String"] {
        text.push_str(&table(
            entity,
            &[("id", "uuid"), ("model", "string"), ("2nd-value", "int"), ("ユーザー名", "string")],
        ));
    }
    let schema = schema_of("names.md", &text);
    let names: Vec<&str> = schema.models.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["OrderLine", "N2faCode", "Unnamed", "EtcPasswd", "Enum_", "String_"]);
    for model in &schema.models {
        for f in &model.fields {
            assert!(schemata::naming::is_identifier(&f.name), "{}.{}", model.name, f.name);
        }
    }
    // One file per model: every path stays inside the schema folder.
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("prisma");
    let profile = Profile { layout: Layout::Multi, ..Profile::postgres() };
    let mut with_profile = schema.clone();
    schemata::conventions::apply(&mut with_profile, &profile);
    let plan = schemata::write::plan(&with_profile, &profile, &out, None);
    for file in &plan.files {
        let name = file.path.file_name().expect("a file name").to_string_lossy().into_owned();
        assert!(!name.contains('/') && !name.contains(".."), "{}", file.path.display());
        assert!(file.path.starts_with(dir.path()), "{} escapes {}", file.path.display(), dir.path().display());
    }
    if let Some(cli) = common::prisma_cli() {
        let path = dir.path().join("names.prisma");
        std::fs::write(&path, emit::render(&schema, &EmitConfig::default())).expect("write");
        let outcome = cli.run(Step::Validate, &path, dir.path()).expect("runs");
        assert!(outcome.success, "sanitised names are valid Prisma:\n{}", outcome.output());
    }
}

#[test]
fn crlf_and_a_bom_read_like_plain_lf() {
    let text = format!(
        "All data lives in PostgreSQL.\n\n{}- **Booking** - a slot\n  - id, venueId, startsAt\n\n- Booking belongs to Venue\n",
        table("Venue", &[("id", "uuid"), ("name", "string")])
    );
    let plain = schema_of("doc.md", &text);
    let windows = schema_of("doc.md", &format!("\u{feff}{}", text.replace('\n', "\r\n")));
    let render = |s: &Schema| emit::render(s, &EmitConfig::default());
    assert_eq!(render(&windows), render(&plain));
    assert_eq!(plain.relations.len(), 1);
    assert_eq!(windows.models[1].provenance, plain.models[1].provenance, "same lines and columns");
}
