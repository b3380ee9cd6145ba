//! The verification gate: a schema generated from a document passes; each way of breaking
//! it (dangling key, one-sided relation, missing field, extra field, wrong plural, unnamed
//! double relation, missing tenant index) is reported with its model and field.

use schemata::check::{self, Report, Rule};
use schemata::conventions::{self, Profile};
use schemata::infer::{self, Settings};
use schemata::ingest::{self, Source};
use schemata::model::{Decisions, Schema};
use schemata::{emit, import};
use std::path::Path;

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gate").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The documents' schema and the postgres-profile schema generated from it, as text.
fn generated() -> (Schema, String) {
    let ingested = ingest::ingest(&[Source::new("orders.md", fixture("orders.md"))]);
    let documents = infer::infer(&ingested, &Decisions::default(), &Settings::default()).schema;
    let mut schema = documents.clone();
    conventions::apply(&mut schema, &Profile::postgres());
    let text = emit::render(&schema, &Profile::postgres().emit_config());
    (documents, text)
}

fn gate(documents: &Schema, text: &str) -> Report {
    let imported = import::prisma::read(&[Source::new("schema.prisma", text)]);
    check::verify(&imported.schema, &imported.diagnostics, Some(documents), &Profile::postgres())
}

/// Replaces exactly one occurrence, so a fixture drifting makes the test fail loudly.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "`{from}` must occur once in:\n{text}");
    text.replacen(from, to, 1)
}

fn assert_finding(report: &Report, rule: Rule, model: &str, field: Option<&str>) {
    let found = report
        .findings
        .iter()
        .any(|f| f.rule == rule && f.model.as_deref() == Some(model) && f.field.as_deref() == field);
    assert!(found, "expected [{rule}] on {model}.{field:?}; got:\n{report}");
    assert!(!report.passed());
}

#[test]
fn the_generated_schema_passes() {
    let (documents, text) = generated();
    let report = gate(&documents, &text);
    assert!(report.passed(), "{report}");
    assert_eq!(report.models, 3);
}

#[test]
fn a_dangling_foreign_key() {
    let (documents, text) = generated();
    // The relation's target model is gone: Address no longer exists for Order to point at.
    let text = edit(&text, "  shippingAddress   Address  @relation(", "  shippingAddress   Adress   @relation(");
    let report = gate(&documents, &text);
    assert_finding(&report, Rule::DanglingForeignKey, "Order", Some("shippingAddress"));
}

#[test]
fn a_foreign_key_with_no_relation() {
    let (documents, text) = generated();
    let text =
        edit(&text, "  customer                Customer @relation(fields: [customerId], references: [id])\n", "");
    let text = edit(&text, "  addresses Address[]\n", "");
    let report = gate(&documents, &text);
    assert_finding(&report, Rule::DanglingForeignKey, "Address", Some("customerId"));
}

#[test]
fn a_one_sided_relation() {
    let (documents, text) = generated();
    let text = edit(&text, "  orders    Order[]\n", "");
    let report = gate(&documents, &text);
    assert_finding(&report, Rule::OneSidedRelation, "Order", Some("customer"));
}

#[test]
fn a_missing_field() {
    let (documents, text) = generated();
    let text = edit(&text, "  email     String?\n", "");
    let report = gate(&documents, &text);
    assert_finding(&report, Rule::MissingField, "Customer", Some("email"));
}

#[test]
fn an_extra_field() {
    let (documents, text) = generated();
    let text = edit(&text, "  line1                   String\n", "  line1                   String\n  line2 String?\n");
    let report = gate(&documents, &text);
    assert_finding(&report, Rule::ExtraField, "Address", Some("line2"));
    // The profile's own audit fields are not extra.
    assert!(!report.findings.iter().any(|f| f.field.as_deref() == Some("createdAt")), "{report}");
}

#[test]
fn a_wrong_plural() {
    let (documents, text) = generated();
    let text = edit(&text, "@@map(\"addresses\")", "@@map(\"addresss\")");
    let report = gate(&documents, &text);
    assert_finding(&report, Rule::TableName, "Address", None);
}

#[test]
fn an_unnamed_double_relation() {
    let (documents, text) = generated();
    let text = edit(&text, "@relation(\"OrderShippingAddress\", fields", "@relation(fields");
    let text = edit(&text, "Order[]  @relation(\"OrderShippingAddress\")", "Order[]");
    let report = gate(&documents, &text);
    assert_finding(&report, Rule::UnnamedAmbiguousRelation, "Order", Some("shippingAddress"));
}

#[test]
fn a_tenant_scoped_model_without_its_index() {
    let doc = "# Notes\n\nAll data lives in PostgreSQL. Tenant-scoped entities carry `tenantId`.\n\n### Note\n\n| Field | Type | Required |\n|---|---|---|\n| id | uuid | yes |\n| tenantId | uuid | yes |\n| body | string | yes |\n";
    let ingested = ingest::ingest(&[Source::new("notes.md", doc)]);
    let documents = infer::infer(&ingested, &Decisions::default(), &Settings::default()).schema;
    let mut schema = documents.clone();
    conventions::apply(&mut schema, &Profile::postgres());
    let text = emit::render(&schema, &Profile::postgres().emit_config());
    assert!(gate(&documents, &text).passed());
    let text = edit(&text, "  @@index([tenantId])\n", "");
    let report = gate(&documents, &text);
    assert_finding(&report, Rule::TenantKey, "Note", Some("tenantId"));
}

/// The CLI: exit 0 on a good schema, 1 with the report (and valid JSON) on a bad one.
#[test]
fn check_command_exit_codes_and_json() {
    let (_, text) = generated();
    let dir = tempfile::tempdir().expect("tempdir");
    let good = dir.path().join("good.prisma");
    std::fs::write(&good, &text).expect("write");
    let bad = dir.path().join("bad.prisma");
    std::fs::write(&bad, edit(&text, "  email     String?\n", "")).expect("write");
    let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gate/orders.md");
    let run = |schema: &Path, json: bool| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_schemata"));
        cmd.arg("check").arg(schema).arg(&doc);
        if json {
            cmd.arg("--json");
        }
        cmd.output().expect("binary runs")
    };
    let ok = run(&good, false);
    assert_eq!(ok.status.code(), Some(0), "{}", String::from_utf8_lossy(&ok.stdout));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("verification passed"));
    let failed = run(&bad, false);
    assert_eq!(failed.status.code(), Some(1));
    let out = String::from_utf8_lossy(&failed.stdout);
    assert!(out.contains("[missing field] Customer.email"), "{out}");
    let json = run(&bad, true);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON report");
    assert_eq!(value["findings"][0]["rule"], "missing-field");
    assert_eq!(value["findings"][0]["field"], "email");
}
