//! The `--migrate` step of `generate`, printed: see [`crate::migrate::step`].

use crate::conventions::Profile;
use crate::migrate::{self, Level};
use crate::model::Schema;
use crate::write::Plan;
use std::path::Path;

pub fn run(plan: &Plan, out: &Path, schema: &Schema, profile: &Profile, name: &str) -> bool {
    migrate::step(plan, out, schema, profile, name, &mut |level, line| match level {
        Level::Info => say!("{line}"),
        Level::Warning => eprintln!("warning: {line}"),
        Level::Error => eprintln!("error: {line}"),
    })
}
