//! `schemata generate`: documents → schema.prisma (+ prisma.config.ts) → prisma validate/generate.

use super::report::{self, format_question};
use super::{GenerateArgs, exit};
use crate::emit::{self, EmitConfig};
use crate::model::{Decisions, Schema};
use crate::prisma::{PrismaCli, Step};
use crate::write::{self, Planned, Policy};
use std::path::{Path, PathBuf};

pub fn run(args: &GenerateArgs) -> u8 {
    let analysis = match report::analyse(&args.documents, &Decisions::default()) {
        Ok(a) => a,
        Err(code) => return code,
    };
    report::print_diagnostics(&analysis);
    let schema = &analysis.inferred.schema;
    let open: Vec<_> = schema.open_questions().collect();
    if !open.is_empty() && !args.yes {
        eprintln!("{} open question(s); nothing was written.\n", open.len());
        for (i, q) in open.iter().enumerate() {
            eprint!("{}", format_question(i + 1, q));
        }
        eprintln!("\nAnswer them in `schemata review`, or accept every suggestion with --yes.");
        return exit::NOT_DONE;
    }
    for q in &open {
        say!("decided: {} → {}", q.prompt, q.chosen().label);
    }

    let config = EmitConfig::default();
    let (root, plan) = plan(schema, &config, &args.out);
    match write::apply(&plan) {
        Ok(written) => written.iter().for_each(|w| say!("{w}")),
        Err(e) => {
            eprintln!("error: writing {}: {e}", args.out.display());
            return exit::NOT_DONE;
        }
    }
    say!(
        "{} models, {} enums, {} relations",
        schema.models.len(),
        schema.enums.len(),
        schema.relations.iter().filter(|r| r.is_emitted()).count()
    );
    if args.no_prisma {
        return exit::OK;
    }
    run_prisma(&root, &plan[0].path)
}

/// The files to write: the schema in `out`, and `prisma.config.ts` (Prisma 7) in its parent.
fn plan(schema: &Schema, config: &EmitConfig, out: &Path) -> (PathBuf, Vec<Planned>) {
    let schema_path = out.join("schema.prisma");
    // prisma.config.ts sits in the project root: the parent of the schema folder, or the
    // folder itself when the schema is written straight into `.` or `..`.
    let (root, schema_from_root) = match (out.parent(), out.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => {
            (parent.to_path_buf(), format!("{}/schema.prisma", name.to_string_lossy()))
        }
        (_, Some(name)) => (PathBuf::from("."), format!("{}/schema.prisma", name.to_string_lossy())),
        (_, None) => (out.to_path_buf(), "schema.prisma".to_string()),
    };
    let mut plan = vec![Planned { path: schema_path, contents: emit::render(schema, config), policy: Policy::Replace }];
    if config.prisma_major >= 7 {
        plan.push(Planned {
            path: root.join("prisma.config.ts"),
            contents: write::prisma_config(&schema_from_root),
            policy: Policy::KeepExisting,
        });
    }
    (root, plan)
}

/// `prisma validate` then `prisma generate`, their output streamed; the written files stay
/// whatever happens.
fn run_prisma(root: &Path, schema: &Path) -> u8 {
    let cli = PrismaCli::locate(root);
    let schema = schema.strip_prefix(root).unwrap_or(schema);
    for step in [Step::Validate, Step::Generate] {
        say!("$ prisma {step}");
        let outcome = cli.run_streaming(step, schema, root, |_, line| {
            if !line.trim().is_empty() {
                say!("  {line}");
            }
        });
        match outcome {
            Ok(o) if o.success => {}
            Ok(o) => {
                let why = if o.timed_out { "timed out" } else { "failed" };
                eprintln!("error: prisma {step} {why}; the schema is written, fix it and run `prisma {step}` again");
                return exit::NOT_DONE;
            }
            Err(e) => {
                eprintln!("error: {e}");
                eprintln!("the schema is written; run again with --no-prisma to skip the Prisma steps");
                return exit::NOT_DONE;
            }
        }
    }
    exit::OK
}
