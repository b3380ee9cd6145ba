//! `schemata docs DOC...`: `DATABASE_SCHEMA.md`, the agent skill, `erd.mmd` and `erd.dot`
//! from the final schema (the profile applied), written like `generate` writes: atomically,
//! never over a file the user changed (unless `--force`), refusing while questions are open.

use super::report;
use super::{DocsArgs, exit};
use crate::conventions::{Choices, Layout, Profile};
use crate::docs::{self, DocsConfig};
use crate::write::{self, Plan, Planned, Policy};

pub fn run(args: &DocsArgs) -> u8 {
    let (root, _) = write::root_of(&args.out);
    let choices = Choices { profile: args.profile.clone(), ..Choices::default() };
    let (_, profile, schema) = match report::final_schema(&args.documents, &choices, &root, args.yes) {
        Ok(done) => done,
        Err(code) => return code,
    };
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
