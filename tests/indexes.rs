//! Index coverage: a document stating query patterns gets the expected covered and
//! uncovered access paths and composite index suggestions; and `schemata indexes` prints them.

use schemata::conventions::{self, Profile};
use schemata::indexes::{self, PathSource, Support};
use schemata::ingest::{self, Source};
use schemata::model::Decisions;

const DOC: &str = "tests/fixtures/indexes/orders.md";

fn report() -> indexes::Report {
    let text = std::fs::read_to_string(DOC).expect("fixture");
    let sources = [Source::new("orders.md", text)];
    let ingested = ingest::ingest(&sources);
    let mut schema = schemata::infer::infer(&ingested, &Decisions::default(), &Default::default()).schema;
    conventions::apply(&mut schema, &Profile::postgres());
    indexes::analyse(&schema, &sources)
}

/// (model, equality, range, status, suggestion) of every path, for one readable comparison.
fn summary(report: &indexes::Report) -> Vec<(String, String, String, String, String)> {
    report
        .paths
        .iter()
        .filter(|c| matches!(c.path.source, PathSource::Query | PathSource::Endpoint))
        .map(|c| {
            let status = match &c.support {
                Support::Covered { by } => format!("covered by {by}"),
                Support::Partial { by } => format!("partial: {by}"),
                Support::Uncovered => "uncovered".into(),
            };
            (
                c.path.model.clone(),
                c.path.equality.join(","),
                c.path.range.clone().unwrap_or_default(),
                status,
                c.suggestion.clone().unwrap_or_default(),
            )
        })
        .collect()
}

fn row(m: &str, eq: &str, range: &str, status: &str, suggestion: &str) -> (String, String, String, String, String) {
    (m.into(), eq.into(), range.into(), status.into(), suggestion.into())
}

#[test]
fn stated_patterns_are_covered_or_get_a_composite_index() {
    let report = report();
    pretty_assertions::assert_eq!(
        summary(&report),
        vec![
            row(
                "Order",
                "tenantId,status",
                "placedAt",
                "partial: @@index([tenantId])",
                "@@index([tenantId, status, placedAt])"
            ),
            row("Customer", "tenantId,email", "", "covered by @unique email", ""),
            row(
                "Order",
                "tenantId,customerId",
                "placedAt",
                "partial: @@index([tenantId])",
                "@@index([tenantId, customerId, placedAt])"
            ),
            row("Order", "tenantId,customerId", "", "partial: @@index([tenantId])", "@@index([tenantId, customerId])"),
        ]
    );
    // `GET /orders?status=&from=` is the first pattern again (`from` ranges over placedAt),
    // listed once. `/invoices` names no model; `/orders/:id` is a primary-key lookup and not listed.
    let unmatched: Vec<&str> = report.unmatched.iter().map(|u| u.text.as_str()).collect();
    assert_eq!(unmatched, ["/invoices?due="]);
    assert_eq!(report.unmatched[0].at.line, 34);
}

#[test]
fn foreign_keys_and_tenant_keys_are_paths_too() {
    let report = report();
    let keys: Vec<(&str, &str, bool)> = report
        .paths
        .iter()
        .filter(|c| matches!(c.path.source, PathSource::ForeignKey | PathSource::TenantKey))
        .map(|c| (c.path.model.as_str(), c.path.text.as_str(), matches!(c.support, Support::Covered { .. })))
        .collect();
    assert_eq!(
        keys,
        [
            ("Customer", "Customer.tenantId", true),
            ("Order", "Order.tenantId", true),
            ("Order", "Order.customerId → Customer", true),
        ]
    );
}

#[test]
fn the_command_prints_the_report_and_json() {
    let bin = env!("CARGO_BIN_EXE_schemata");
    let out = std::process::Command::new(bin).args(["indexes", DOC, "--profile", "postgres"]).output().expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("~ Order [tenantId, status] then placedAt — query \"List a tenant's open orders by date\""));
    assert!(text.contains("add @@index([tenantId, status, placedAt])"), "{text}");
    let out = std::process::Command::new(bin)
        .args(["indexes", DOC, "--profile", "postgres", "--json"])
        .output()
        .expect("run");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["paths"][0]["support"]["status"], "partial");
}
