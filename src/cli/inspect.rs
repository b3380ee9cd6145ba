//! `schemata inspect`: what the documents hold, where each item came from, what was
//! skipped, and what is still open.

use super::report::{self, Analysis, format_question};
use super::{InspectArgs, exit};
use crate::diagnostics::Diagnostic;
use crate::ingest::raw::RawDocument;
use crate::model::{Decisions, Field, Origin, RelationKind, Schema};
use serde::Serialize;
use std::fmt::Write as _;

#[derive(Serialize)]
struct Report<'a> {
    documents: &'a [RawDocument],
    schema: &'a Schema,
    diagnostics: Vec<&'a Diagnostic>,
}

pub fn run(args: &InspectArgs) -> u8 {
    let analysis = match report::analyse(&args.documents, &Decisions::default()) {
        Ok(a) => a,
        Err(code) => return code,
    };
    if args.json {
        let report = Report {
            documents: &analysis.ingested.documents,
            schema: &analysis.inferred.schema,
            diagnostics: report::diagnostics(&analysis),
        };
        match serde_json::to_string_pretty(&report) {
            Ok(json) => say!("{json}"),
            Err(e) => {
                eprintln!("error: {e}");
                return exit::NOT_DONE;
            }
        }
    } else {
        say!("{}", render(&analysis).trim_end());
    }
    exit::OK
}

/// The human report.
pub fn render(analysis: &Analysis) -> String {
    let schema = &analysis.inferred.schema;
    let mut out = String::new();
    let _ = writeln!(out, "Models ({}), in dependency order:", schema.models.len());
    for &id in &schema.order {
        let m = &schema[id];
        let at = m.provenance.first().map(|p| format!(" at {p}")).unwrap_or_default();
        let _ = writeln!(out, "  {} ({}){at}", m.name, m.origin);
        let width = m.fields.iter().map(|f| f.name.len()).max().unwrap_or(0);
        for f in &m.fields {
            let _ = writeln!(out, "    {:width$}  {}", f.name, field_summary(schema, f));
        }
    }
    if !schema.enums.is_empty() {
        let _ = writeln!(out, "\nEnums:");
        for e in &schema.enums {
            let values: Vec<&str> = e.values.iter().map(|v| v.name.as_str()).collect();
            let at = e.provenance.first().map(|p| format!(" at {p}")).unwrap_or_default();
            let _ = writeln!(out, "  {} = {} ({}){at}", e.name, values.join(" | "), e.origin);
        }
    }
    if !schema.relations.is_empty() {
        let _ = writeln!(out, "\nRelations:");
        for r in &schema.relations {
            let holder = &schema[r.holder].name;
            let target = &schema[r.target].name;
            let via = r.via.map(|j| format!(" via {}", schema[j].name)).unwrap_or_default();
            let keys = if r.fk_fields.is_empty() { String::new() } else { format!(".{}", r.fk_fields.join(",")) };
            let name = r.name.as_ref().map(|n| format!(" \"{n}\"")).unwrap_or_default();
            let at = r.provenance.first().map(|p| format!(" at {p}")).unwrap_or_default();
            let arrow = if r.kind == RelationKind::ManyToMany { "↔" } else { "→" };
            let _ = writeln!(out, "  {holder}{keys} {arrow} {target} ({}{via}, {}){name}{at}", r.kind, r.origin);
        }
    }
    let skipped: Vec<_> = analysis.ingested.documents.iter().flat_map(|d| &d.skipped).collect();
    if !skipped.is_empty() {
        let _ = writeln!(out, "\nSkipped:");
        for s in skipped {
            let _ = writeln!(out, "  {} at {}: {}", s.what, s.at, s.why);
        }
    }
    let diagnostics = report::diagnostics(analysis);
    if !diagnostics.is_empty() {
        let _ = writeln!(out, "\nDiagnostics:");
        for d in diagnostics {
            let _ = writeln!(out, "  {d}");
        }
    }
    let open: Vec<_> = schema.open_questions().collect();
    let _ = writeln!(out, "\nOpen questions ({}):", open.len());
    for (i, q) in open.iter().enumerate() {
        for line in format_question(i + 1, q).lines() {
            let _ = writeln!(out, "  {line}");
        }
    }
    out
}

fn field_summary(schema: &Schema, f: &Field) -> String {
    let ty = schema.field_type(f);
    let mut flags = Vec::new();
    if f.id {
        flags.push("id");
    }
    if f.unique {
        flags.push("unique");
    }
    let flags = if flags.is_empty() { String::new() } else { format!(" {}", flags.join(" ")) };
    let origin = match (f.origin, f.type_origin) {
        (Origin::Inferred, _) => "inferred field",
        (Origin::Stated, Origin::Inferred) => "stated, type inferred",
        (Origin::Stated, Origin::Stated) => "stated",
    };
    let at = f.provenance.first().map(|p| format!(" at {p}")).unwrap_or_default();
    format!("{ty}{flags} ({origin}){at}")
}
