//! `schemata generate`: documents → profile → schema file(s) (+ prisma.config.ts) →
//! `prisma validate` / `prisma generate` → a row in `docs/progress.md`.

use super::report;
use super::{GenerateArgs, exit};
use crate::check;
use crate::conventions::{Choices, Layout, Profile};
use crate::model::Schema;
use crate::prisma::{PrismaCli, Step};
use crate::progress;
use crate::write::{self, Plan};
use std::path::Path;

pub fn run(args: &GenerateArgs) -> u8 {
    let (root, _) = write::root_of(&args.out);
    let layout = args.layout.as_deref().map(|l| if l == "multi" { Layout::Multi } else { Layout::Single });
    let choices = Choices { profile: args.profile.clone(), prisma_major: args.prisma, layout };
    let (analysis, profile, schema) = match report::final_schema(&args.documents, &choices, &root, args.yes) {
        Ok(done) => done,
        Err(code) => return code,
    };
    // The gate: the schema about to be written must match the documents and the profile.
    let report = check::verify(&schema, &[], Some(&analysis.inferred.schema), &profile);
    if !report.passed() {
        eprintln!("{}", report.to_string().trim_end());
        eprintln!("nothing was written.");
        return exit::NOT_DONE;
    }
    say!("{report}");
    let only = match scope(&schema, &profile, args.model.as_deref()) {
        Ok(only) => only,
        Err(message) => {
            eprintln!("error: {message}");
            return exit::BAD_INPUT;
        }
    };
    let plan = write::plan(&schema, &profile, &args.out, only.as_deref());
    if let Err(code) = write_guarded(&plan, args.force) {
        return code;
    }
    warn_about_strays(&plan);
    say!(
        "{} models, {} enums, {} relations",
        schema.models.len(),
        schema.enums.len(),
        schema.relations.iter().filter(|r| r.is_emitted()).count()
    );
    let generated = if args.no_prisma { None } else { Some(run_prisma(&plan, &profile)) };
    if !args.no_progress {
        log_progress(&plan.root, args.model.as_deref(), schema.models.len(), generated);
    }
    match generated {
        Some(false) => exit::NOT_DONE,
        _ => exit::OK,
    }
}

/// Writes the plan unless it would overwrite a file the user changed since schemata last
/// wrote it (or one schemata never wrote): then it shows the diff and refuses, unless `force`
/// (the user's version is kept as `.bak`). Nothing is written when anything is refused.
pub(super) fn write_guarded(plan: &Plan, force: bool) -> Result<(), u8> {
    let ledger_path = plan.root.join(write::LEDGER);
    let mut ledger = write::Ledger::parse(std::fs::read_to_string(&ledger_path).ok().as_deref());
    let conflicts = write::conflicts(&plan.files, &ledger);
    if !conflicts.is_empty() && !force {
        for c in &conflicts {
            let name = c.path.display().to_string();
            let diff = similar::TextDiff::from_lines(&c.current, &c.planned);
            eprintln!(
                "{}",
                diff.unified_diff().context_radius(2).header(&format!("{name} (yours)"), &format!("{name} (schemata)"))
            );
        }
        let names: Vec<String> = conflicts.iter().map(|c| c.path.display().to_string()).collect();
        eprintln!(
            "error: {} changed since schemata last wrote it; nothing was written. Keep your edits in the documents, \
             or run again with --force to replace it (your version is kept as .bak).",
            names.join(", ")
        );
        return Err(exit::NOT_DONE);
    }
    let written = write::apply_recorded(&plan.files, &mut ledger, &ledger_path).map_err(|e| {
        eprintln!("error: writing {}: {e}", plan.schema_path.display());
        exit::NOT_DONE
    })?;
    written.iter().for_each(|w| say!("{w}"));
    Ok(())
}

/// `--model NAME`: that model's file and the files of the models its relations touch.
fn scope(schema: &Schema, profile: &Profile, model: Option<&str>) -> Result<Option<Vec<String>>, String> {
    let Some(name) = model else { return Ok(None) };
    let Some(id) = schema.model_by_name(name) else {
        return Err(format!("--model {name}: no such model (models: {})", model_names(schema)));
    };
    if profile.layout != Layout::Multi {
        return Err("--model regenerates one model's file: it needs --layout multi".into());
    }
    let mut names = vec![name.to_string()];
    for (_, r) in schema.relations_of(id) {
        for other in [r.holder, r.target] {
            let n = &schema[other].name;
            if !names.contains(n) {
                names.push(n.clone());
            }
        }
    }
    Ok(Some(names))
}

fn model_names(schema: &Schema) -> String {
    schema.models.iter().map(|m| m.name.as_str()).collect::<Vec<_>>().join(", ")
}

/// A `.prisma` file in the schema folder that this run did not plan would still be read by
/// Prisma: say so (never delete a file the user may own).
fn warn_about_strays(plan: &Plan) {
    if !plan.schema_path.is_dir() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(&plan.schema_path) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let planned = plan.files.iter().any(|f| f.path == path);
        if !planned && path.extension().is_some_and(|e| e == "prisma") {
            eprintln!("warning: {} is not part of this schema; Prisma will still read it", path.display());
        }
    }
}

/// `prisma validate` then `prisma generate`, their output streamed; the written files stay
/// whatever happens. Returns whether both succeeded.
fn run_prisma(plan: &Plan, profile: &Profile) -> bool {
    let cli = PrismaCli::locate(&plan.root);
    let schema = plan.schema_path.strip_prefix(&plan.root).unwrap_or(&plan.schema_path);
    for step in [Step::Validate, Step::Generate] {
        say!("$ prisma {step}");
        let outcome = cli.run_streaming(step, schema, &plan.root, |_, line| {
            if !line.trim().is_empty() {
                say!("  {line}");
            }
        });
        match outcome {
            Ok(o) if o.success => {}
            Ok(o) => {
                let why = if o.timed_out { "timed out" } else { "failed" };
                eprintln!("error: prisma {step} {why}; the schema is written, fix it and run `prisma {step}` again");
                if profile.prisma_major < 7 && o.output().contains("DATABASE_URL") {
                    eprintln!("hint: Prisma {} reads DATABASE_URL even to validate; set it", profile.prisma_major);
                }
                return false;
            }
            Err(e) => {
                eprintln!("error: {e}");
                eprintln!("the schema is written; run again with --no-prisma to skip the Prisma steps");
                return false;
            }
        }
    }
    true
}

fn log_progress(root: &Path, model: Option<&str>, models: usize, generated: Option<bool>) {
    let path = root.join("docs").join("progress.md");
    let existing = std::fs::read_to_string(&path).ok();
    let date = super::today();
    let scope = model.map_or_else(|| "all models".to_string(), |m| format!("model {m}"));
    let run = progress::Run { scope: &scope, models, generate_ok: generated, date: &date };
    let text = progress::record(existing.as_deref(), &run);
    match write::write_atomic(&path, text.as_bytes()) {
        Ok(()) => say!("logged the run in {}", path.display()),
        Err(e) => eprintln!("warning: could not update {}: {e}", path.display()),
    }
}
