//! Shared steps of the batch commands: load and analyse documents, print what the user
//! must know (diagnostics, questions, decisions).

use super::exit;
use super::load;
use crate::diagnostics::{Diagnostic, Severity};
use crate::infer::{self, Inferred, Settings};
use crate::ingest::{self, Ingested, Source};
use crate::model::{Decisions, Question};
use std::path::PathBuf;

/// Documents read and analysed.
pub struct Analysis {
    pub ingested: Ingested,
    pub inferred: Inferred,
}

/// Reads and analyses the documents; on unreadable input prints why and returns the exit code.
pub fn analyse(paths: &[PathBuf], decisions: &Decisions) -> Result<Analysis, u8> {
    let mut sources: Vec<Source> = Vec::new();
    for path in paths {
        match load::load(path) {
            Ok(source) => sources.push(source),
            Err(e) => {
                eprintln!("error: {e}");
                return Err(exit::BAD_INPUT);
            }
        }
    }
    let ingested = ingest::ingest(&sources);
    let mut empty = false;
    for doc in &ingested.documents {
        if !doc.has_data_model() && doc.relationships.is_empty() {
            eprintln!(
                "error: {}:1: no data model found (looked for tables of fields, **Entity** bullets, \
                 ```ts interfaces and ```mermaid erDiagram blocks)",
                doc.file
            );
            for s in &doc.skipped {
                eprintln!("  skipped {} at {}: {}", s.what, s.at, s.why);
            }
            empty = true;
        }
    }
    if empty {
        return Err(exit::BAD_INPUT);
    }
    let inferred = infer::infer(&ingested, decisions, &Settings::default());
    Ok(Analysis { ingested, inferred })
}

/// Every diagnostic from reading and inference, warnings first.
pub fn diagnostics(analysis: &Analysis) -> Vec<&Diagnostic> {
    let mut all: Vec<&Diagnostic> =
        analysis.ingested.documents.iter().flat_map(|d| &d.diagnostics).chain(&analysis.inferred.diagnostics).collect();
    all.sort_by_key(|d| std::cmp::Reverse(d.severity));
    all
}

pub fn print_diagnostics(analysis: &Analysis) {
    for d in diagnostics(analysis) {
        if d.severity >= Severity::Warning {
            eprintln!("{d}");
        }
    }
}

/// A question with its options, the suggestion marked.
pub fn format_question(n: usize, q: &Question) -> String {
    let mut out = format!("{n}. [{}] {}\n", q.kind, q.prompt);
    if let Some(at) = q.provenance.first() {
        out.push_str(&format!("   at {at}\n"));
    }
    for (i, option) in q.options.iter().enumerate() {
        let mark = if i == q.suggested { " (suggested)" } else { "" };
        out.push_str(&format!("   {}) {}{mark}\n", option_letter(i), option.label));
    }
    out
}

fn option_letter(i: usize) -> char {
    (b'a' + (i % 26) as u8) as char
}

/// The profile in force (`choices`, else `schemata.toml`, else detected), said to the user;
/// a bad `schemata.toml` is refused with its file and line.
pub fn resolve_profile(
    choices: &crate::conventions::Choices,
    ingested: &Ingested,
    root: &std::path::Path,
) -> Result<crate::conventions::Profile, u8> {
    let config_path = root.join("schemata.toml");
    let config = std::fs::read_to_string(&config_path).ok();
    let package = std::fs::read_to_string(root.join("package.json")).ok();
    match crate::conventions::resolve(ingested, choices, config.as_deref(), package.as_deref()) {
        Ok((profile, notes)) => {
            for note in notes {
                note!("{note}");
            }
            Ok(profile)
        }
        Err(e) => {
            let at = match (config.is_some(), e.line) {
                (true, Some(line)) => format!("{}:{line}: ", config_path.display()),
                (true, None) => format!("{}: ", config_path.display()),
                (false, _) => String::new(),
            };
            eprintln!("error: {at}{}", e.message);
            Err(exit::BAD_INPUT)
        }
    }
}

/// Open questions stop a batch command unless `--yes` takes the suggestions (each decision
/// is printed); with questions open and no `--yes`, they are listed and nothing is written.
pub fn settle_questions(schema: &crate::model::Schema, yes: bool) -> Result<(), u8> {
    let open: Vec<&Question> = schema.open_questions().collect();
    if !open.is_empty() && !yes {
        eprintln!("{} open question(s); nothing was written.\n", open.len());
        for (i, q) in open.iter().enumerate() {
            eprint!("{}", format_question(i + 1, q));
        }
        eprintln!("\nAnswer them in `schemata review`, or accept every suggestion with --yes.");
        return Err(exit::NOT_DONE);
    }
    for q in &open {
        note!("decided: {} → {}", q.prompt, q.chosen().label);
    }
    Ok(())
}

/// The schema a writing command works on: the documents analysed, the profile resolved, the
/// open questions settled (`--yes`), the conventions applied. Returns the analysis too (the
/// gate compares with the documents' own schema) and the profile.
pub fn final_schema(
    documents: &[PathBuf],
    choices: &crate::conventions::Choices,
    root: &std::path::Path,
    yes: bool,
) -> Result<(Analysis, crate::conventions::Profile, crate::model::Schema), u8> {
    let (analysis, profile, schema) = proposal(documents, choices, root)?;
    settle_questions(&schema, yes)?;
    Ok((analysis, profile, schema))
}

/// Like [`final_schema`], with the open questions left open (their suggestions in force):
/// what the documents propose, to be shown before anything is settled.
pub fn proposal(
    documents: &[PathBuf],
    choices: &crate::conventions::Choices,
    root: &std::path::Path,
) -> Result<(Analysis, crate::conventions::Profile, crate::model::Schema), u8> {
    let analysis = analyse(documents, &Decisions::default())?;
    print_diagnostics(&analysis);
    let profile = resolve_profile(choices, &analysis.ingested, root)?;
    let mut schema = analysis.inferred.schema.clone();
    for d in crate::conventions::apply(&mut schema, &profile) {
        eprintln!("{d}");
    }
    Ok((analysis, profile, schema))
}
