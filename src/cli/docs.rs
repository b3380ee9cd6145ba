//! `schemata docs DOC...`: `DATABASE_SCHEMA.md`, the agent skill, `erd.mmd` and `erd.dot`
//! from the final schema (the profile applied), written like `generate` writes: atomically,
//! never over a file the user changed (unless `--force`), refusing while questions are open.

use super::report::{self, format_question};
use super::{DocsArgs, exit};
use crate::conventions::{self, Choices, Layout, Profile};
use crate::docs::{self, DocsConfig};
use crate::ingest::Ingested;
use crate::model::Decisions;
use crate::write::{self, Plan, Planned, Policy};
use std::path::Path;

pub fn run(args: &DocsArgs) -> u8 {
    let analysis = match report::analyse(&args.documents, &Decisions::default()) {
        Ok(a) => a,
        Err(code) => return code,
    };
    report::print_diagnostics(&analysis);
    let (root, _) = write::root_of(&args.out);
    let profile = match profile(args.profile.as_deref(), &analysis.ingested, &root) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let mut schema = analysis.inferred.schema.clone();
    let open: Vec<_> = schema.open_questions().cloned().collect();
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
    for d in conventions::apply(&mut schema, &profile) {
        eprintln!("{d}");
    }
    let config = DocsConfig { schema_path: schema_path(&profile), profile };
    let files = docs::render(&schema, &config)
        .into_iter()
        .map(|f| Planned { path: args.out.join(&f.path), contents: f.text, policy: Policy::Replace })
        .collect();
    let plan = Plan { root, schema_path: args.out.clone(), files };
    match super::generate::write_guarded(&plan, args.force) {
        Ok(()) => exit::OK,
        Err(code) => code,
    }
}

/// Where the schema lives from the project root, as the skill's commands name it.
pub fn schema_path(profile: &Profile) -> String {
    match profile.layout {
        Layout::Single => "prisma/schema.prisma".into(),
        Layout::Multi => "prisma/schema".into(),
    }
}

/// `--profile`, else `schemata.toml`, else detected (said to the user); a bad `schemata.toml`
/// is refused with its line.
pub fn profile(name: Option<&str>, ingested: &Ingested, root: &Path) -> Result<Profile, u8> {
    let config_path = root.join("schemata.toml");
    let config = std::fs::read_to_string(&config_path).ok();
    let package = std::fs::read_to_string(root.join("package.json")).ok();
    let choices = Choices { profile: name.map(str::to_string), ..Choices::default() };
    match conventions::resolve(ingested, &choices, config.as_deref(), package.as_deref()) {
        Ok((profile, notes)) => {
            for note in notes {
                say!("{note}");
            }
            Ok(profile)
        }
        Err(e) => {
            let at = e.line.map_or_else(String::new, |l| format!(":{l}"));
            eprintln!("error: {}{at}: {}", config_path.display(), e.message);
            Err(exit::BAD_INPUT)
        }
    }
}
