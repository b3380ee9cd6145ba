//! `schemata indexes DOC...`: index coverage of the access paths the documents imply (stated
//! query patterns, `GET` endpoints, foreign keys, tenant keys) on the final schema.

use super::report;
use super::{IndexesArgs, exit, load};
use crate::conventions;
use crate::indexes::{self, Report, Support};
use crate::ingest::Source;
use crate::model::Decisions;
use std::fmt::Write as _;

pub fn run(args: &IndexesArgs) -> u8 {
    let analysis = match report::analyse(&args.documents, &Decisions::default()) {
        Ok(a) => a,
        Err(code) => return code,
    };
    // `analyse` keeps only the findings; the query patterns are read from the text again.
    let sources: Vec<Source> = args.documents.iter().filter_map(|p| load::load(p).ok()).collect();
    let profile = match super::report::resolve_profile(
        &crate::conventions::Choices { profile: args.profile.clone(), ..Default::default() },
        &analysis.ingested,
        std::path::Path::new("."),
    ) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let mut schema = analysis.inferred.schema.clone();
    conventions::apply(&mut schema, &profile);
    schema.tenant_key = profile.tenant.key.clone().or(schema.tenant_key.take());
    let result = indexes::analyse(&schema, &sources);
    if args.json {
        match serde_json::to_string_pretty(&result) {
            Ok(json) => say!("{json}"),
            Err(e) => {
                eprintln!("error: {e}");
                return exit::NOT_DONE;
            }
        }
    } else {
        say!("{}", render(&result).trim_end());
    }
    exit::OK
}

/// The human report: each path with what serves it, or the index to add.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let gaps = report.gaps().count();
    let _ = writeln!(out, "Access paths ({}, {gaps} not fully covered):", report.paths.len());
    for c in &report.paths {
        let p = &c.path;
        let range = p.range.as_ref().map(|r| format!(" then {r}")).unwrap_or_default();
        let at = p.at.as_ref().map(|a| format!(" at {}:{}", a.file, a.line)).unwrap_or_default();
        let (mark, verdict) = match &c.support {
            Support::Covered { by } => ("✓", format!("covered by {by}")),
            Support::Partial { by } => ("~", format!("partly served by {by}")),
            Support::Uncovered => ("✗", "no index serves it".to_string()),
        };
        let _ =
            writeln!(out, "  {mark} {} [{}]{range} — {} \"{}\"{at}", p.model, p.equality.join(", "), p.source, p.text);
        let add = c.suggestion.as_ref().map(|s| format!("; add {s}")).unwrap_or_default();
        let _ = writeln!(out, "      {verdict}{add}");
    }
    if !report.unmatched.is_empty() {
        let _ = writeln!(out, "\nQuery patterns that name no model or field:");
        for u in &report.unmatched {
            let _ = writeln!(out, "  \"{}\" at {}:{}", u.text, u.at.file, u.at.line);
        }
    }
    out
}
