//! `schemata generate`: documents → profile → schema file(s) (+ prisma.config.ts) →
//! `prisma validate` / `prisma generate` → a row in `docs/progress.md`.

use super::report;
use super::{GenerateArgs, exit};
use crate::change;
use crate::check;
use crate::conventions::{Choices, Layout, Profile};
use crate::model::Schema;
use crate::prisma::{PrismaCli, Step};
use crate::progress;
use crate::write::{self, Plan};
use std::collections::BTreeSet;
use std::path::Path;

pub fn run(args: &GenerateArgs) -> u8 {
    if let Some(base) = &args.base {
        return run_with_base(args, base);
    }
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
    let mut plan = write::plan(&schema, &profile, &args.out, only.as_deref());
    super::outputs::add(&mut plan, &schema, &profile, args);
    if let Err(code) = write_guarded(&plan, args.force) {
        suggest_base(&plan);
        return code;
    }
    super::outputs::finish(&plan);
    warn_about_strays(&plan);
    say!(
        "{} models, {} enums, {} relations",
        schema.models.len(),
        schema.enums.len(),
        schema.relations.iter().filter(|r| r.is_emitted()).count()
    );
    let mut generated = if args.no_prisma { None } else { Some(run_prisma(&plan, &profile)) };
    if args.migrate && generated != Some(false) {
        let migrated = super::migrate::run(&plan, &args.out, &schema, &profile, &args.name);
        generated = Some(generated.unwrap_or(true) && migrated);
    }
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

/// `--base PATH`: the change the documents make to an existing schema, printed model by
/// model; with `--yes` (`--model NAME` for one model) merged into it and written back, the
/// old version kept as `.bak`. Not recorded in the ledger: the merged file stays the team's,
/// so a later `generate` without `--base` will not replace it unasked.
fn run_with_base(args: &GenerateArgs, base_path: &Path) -> u8 {
    let sources = match super::load::schema_sources(base_path) {
        Ok(sources) => sources,
        Err(code) => return code,
    };
    let imported = crate::import::prisma::read(&sources);
    let errors: Vec<_> =
        imported.diagnostics.iter().filter(|d| d.severity == crate::diagnostics::Severity::Error).collect();
    if !errors.is_empty() {
        errors.iter().for_each(|d| eprintln!("{d}"));
        eprintln!("error: the base schema {} does not read cleanly; fix it first", base_path.display());
        return exit::BAD_INPUT;
    }
    let folder = base_path.is_dir();
    let (root, _) = write::root_of(base_path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")));
    let layout = Some(if folder { Layout::Multi } else { Layout::Single });
    let choices = Choices { profile: args.profile.clone(), prisma_major: args.prisma, layout };
    let (analysis, profile, proposed) = match report::proposal(&args.documents, &choices, &root) {
        Ok(done) => done,
        Err(code) => return code,
    };
    let base = &imported.schema;
    if profile.provider != base.provider {
        eprintln!(
            "warning: the documents' profile targets {}, the base schema {}; the base's provider stays",
            profile.provider.as_str(),
            base.provider.as_str()
        );
    }
    let change = change::diff(base, &proposed, Some(&profile));
    say!("The documents against {}:", base_path.display());
    change.lines().iter().for_each(|l| say!("{l}"));
    let all = change.all_names();
    if all.is_empty() {
        say!("the documents change nothing in {}", base_path.display());
        return exit::OK;
    }
    let accepted = match accepted_by_model(&change, args.model.as_deref()) {
        Ok(accepted) => accepted.unwrap_or(all),
        Err(message) => {
            eprintln!("error: {message}");
            return exit::BAD_INPUT;
        }
    };
    if !args.yes {
        // Lists the open questions too, if there are any.
        let _ = report::settle_questions(&proposed, false);
        eprintln!(
            "nothing was written: accept the change with --yes (--model NAME for one model), or review it \
             model by model with `schemata review --base {}`",
            base_path.display()
        );
        return exit::NOT_DONE;
    }
    if let Err(code) = report::settle_questions(&proposed, true) {
        return code;
    }
    let merged = change::apply(base, &change, &accepted);
    merged.notes.iter().for_each(|n| say!("note: {n}"));
    let gate = change::gate(base, &merged.schema, &analysis.inferred.schema, &profile);
    if !gate.passed() {
        eprintln!("{}", gate.to_string().trim_end());
        eprintln!("nothing was written.");
        return exit::NOT_DONE;
    }
    let folder_name = folder.then(|| base_path.display().to_string());
    let rendered = change::render(&sources, base, &merged.schema, &profile.emit_config(), folder_name.as_deref());
    rendered.notes.iter().for_each(|n| say!("note: {n}"));
    let files: Vec<write::Planned> = rendered
        .files
        .iter()
        .map(|f| write::Planned {
            path: f.name.clone().into(),
            contents: f.after.clone(),
            policy: write::Policy::Replace,
        })
        .collect();
    match write::apply(&files) {
        Ok(written) => written.iter().for_each(|w| say!("{w}")),
        Err(e) => {
            eprintln!("error: writing {}: {e}", base_path.display());
            return exit::NOT_DONE;
        }
    }
    let plan = Plan { root: root.clone(), schema_path: base_path.to_path_buf(), files };
    let mut generated = if args.no_prisma { None } else { Some(run_prisma(&plan, &profile)) };
    if args.migrate && generated != Some(false) {
        let migrated = super::migrate::run(&plan, &args.out, &merged.schema, &profile, &args.name);
        generated = Some(generated.unwrap_or(true) && migrated);
    }
    if !args.no_progress {
        log_progress(&root, args.model.as_deref(), merged.schema.models.len(), generated);
    }
    match generated {
        Some(false) => exit::NOT_DONE,
        _ => exit::OK,
    }
}

/// `--model NAME` with `--base`: only that model's (or enum's) change is accepted.
fn accepted_by_model(change: &change::Change, model: Option<&str>) -> Result<Option<BTreeSet<String>>, String> {
    let Some(name) = model else { return Ok(None) };
    match change.entry(name) {
        Some(e) if e.is_change() => Ok(Some(BTreeSet::from([name.to_string()]))),
        Some(e) => {
            Err(format!("--model {name}: {} {name} is {}; there is nothing to accept", e.keyword, e.kind.word()))
        }
        None => {
            let names: Vec<&str> = change.changes().map(|e| e.name.as_str()).collect();
            Err(format!("--model {name}: not in the change (changes: {})", names.join(", ")))
        }
    }
}

/// After a refused write: when the schema there is the team's own, `--base` adds the
/// documents to it instead of replacing it.
fn suggest_base(plan: &Plan) {
    let ledger = write::Ledger::parse(std::fs::read_to_string(plan.root.join(write::LEDGER)).ok().as_deref());
    let foreign = write::conflicts(&plan.files, &ledger).into_iter().any(|c| c.path.starts_with(&plan.schema_path));
    if foreign {
        eprintln!(
            "hint: to add the documents to the schema at {} instead of replacing it, run again with --base {}",
            plan.schema_path.display(),
            plan.schema_path.display()
        );
    }
}
