//! The database rules as the documents and `schemata.toml` drive them, without a database:
//! what goes into the schema (GIN and partial `@@index`, checked by the real `prisma validate`
//! and `prisma format`), what becomes SQL, and how the Prisma version moves partial indexes
//! between the two. The database itself is exercised in `tests/postgres.rs`.

mod common;

use schemata::conventions::{self, Choices};
use schemata::emit;
use schemata::infer::{self, Settings};
use schemata::ingest::{self, Source};
use schemata::model::{Decisions, Schema};
use schemata::postgres::{self, ExtraKind};
use std::path::PathBuf;

fn fixture(name: &str) -> String {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "fixtures", "postgres", name].iter().collect();
    std::fs::read_to_string(path).expect("fixture")
}

/// The helpdesk with its `schemata.toml` (soft delete), targeting the Prisma of `package_json`.
fn helpdesk(config_extra: &str, package_json: Option<&str>) -> (Schema, conventions::Profile) {
    let ingested = ingest::ingest(&[Source::new("helpdesk.md", fixture("helpdesk.md"))]);
    let config = format!("{}{config_extra}", fixture("schemata.toml"));
    let (profile, _) =
        conventions::resolve(&ingested, &Choices::default(), Some(&config), package_json).expect("config");
    let mut schema = infer::infer(&ingested, &Decisions::default(), &Settings::default()).schema;
    conventions::apply(&mut schema, &profile);
    (schema, profile)
}

fn kinds(extras: &[postgres::Extra], model: &str) -> Vec<ExtraKind> {
    extras.iter().filter(|e| e.model == model).map(|e| e.kind).collect()
}

#[test]
fn prisma_expresses_gin_and_partial_indexes_from_7_4() {
    let (schema, profile) = helpdesk("", Some(r#"{"devDependencies":{"prisma":"7.10.1"}}"#));
    let text = emit::render(&schema, &profile.emit_config());
    for line in [
        "previewFeatures = [\"partialIndexes\"]",
        "@@index([metadata(ops: JsonbPathOps)], type: Gin)",
        "@@index([tenantId], map: \"tickets_live_idx\", where: raw(\"\\\"deletedAt\\\" IS NULL\"))",
    ] {
        assert!(text.contains(line), "`{line}` in\n{text}");
    }
    let extras = postgres::extras(&schema, &profile);
    assert_eq!(
        kinds(&extras, "Ticket"),
        [ExtraKind::RowLevelSecurity, ExtraKind::Check, ExtraKind::Check, ExtraKind::FullTextSearch]
    );
    assert_eq!(kinds(&extras, "Tenant"), [], "the tenant table itself is not tenant-scoped");
    common::check_with_prisma("helpdesk.prisma", &text);
}

#[test]
fn before_7_4_partial_indexes_are_sql() {
    let (schema, profile) = helpdesk("", Some(r#"{"devDependencies":{"prisma":"~7.3.0"}}"#));
    let text = emit::render(&schema, &profile.emit_config());
    assert!(!text.contains("partialIndexes") && !text.contains("where:"), "{text}");
    let extras = postgres::extras(&schema, &profile);
    let partial: Vec<&postgres::Extra> = extras.iter().filter(|e| e.kind == ExtraKind::PartialIndex).collect();
    assert_eq!(partial.len(), 3, "agents, tickets, time entries");
    assert!(partial.iter().any(|e| e.statements.contains(
        &"CREATE INDEX \"tickets_live_idx\" ON \"tickets\" (\"tenantId\") WHERE \"deletedAt\" IS NULL;".to_string()
    )));
    common::check_with_prisma("helpdesk-7.3.prisma", &text);
}

#[test]
fn schemata_toml_adds_and_removes_rules() {
    let extra = r#"
[database]
rls = false
search = ["Agent.name"]
json_index = ["Tenant.settings"]
search_language = "english"

[[database.check]]
model = "Agent"
name = "agents_email_lower"
sql = 'email = lower(email)'
"#;
    let (schema, profile) = helpdesk(extra, None);
    let extras = postgres::extras(&schema, &profile);
    assert!(extras.iter().all(|e| e.kind != ExtraKind::RowLevelSecurity), "rls = false");
    let agent = kinds(&extras, "Agent");
    assert!(agent.contains(&ExtraKind::FullTextSearch), "{agent:?}");
    let sql = postgres::render(&extras);
    assert!(sql.contains("CHECK (email = lower(email))"), "{sql}");
    assert!(sql.contains("to_tsvector('english'::regconfig, coalesce(\"name\", ''))"), "{sql}");
}

#[test]
fn bad_database_settings_are_refused_with_the_key() {
    let ingested = ingest::ingest(&[Source::new("helpdesk.md", fixture("helpdesk.md"))]);
    for (config, key) in [
        ("[database]\ntenant_setting = \"x'; DROP TABLE t; --\"\n", "database.tenant_setting"),
        ("[database]\nsearch = [\"nodot\"]\n", "database.search"),
        ("[database]\nsearch_language = \"english; --\"\n", "database.search_language"),
    ] {
        let err = conventions::resolve(&ingested, &Choices::default(), Some(config), None).expect_err(config);
        assert!(err.message.contains(key), "{}", err.message);
    }
}

#[test]
fn the_verification_report_lists_the_database_rules() {
    let (schema, profile) = helpdesk("", None);
    let report = schemata::check::verify(&schema, &[], None, &profile);
    assert!(report.passed(), "{report}");
    let text = report.to_string();
    assert!(text.starts_with("verification passed: 4 models\ndatabase rules (SQL in the migration):\n"), "{text}");
    for line in [
        "  Agent: row-level security (rows belong to the tenant in app.tenant_id)",
        "  Agent: check constraint (Agent.hourlyRate is non-negative)",
        "  Ticket: full-text search (search subject, body by words)",
        "  TimeEntry: check constraint (TimeEntry.startedAt comes before endedAt)",
    ] {
        assert!(text.contains(line), "`{line}` in\n{text}");
    }
}
