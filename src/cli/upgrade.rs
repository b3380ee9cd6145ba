//! `schemata upgrade PATH [--yes]`: a Prisma 6 schema made ready for Prisma 7, shown as a
//! diff to review; written (with `.bak` copies) only with `--yes`.

use super::{UpgradeArgs, exit, load};
use crate::import;
use crate::upgrade::{self, NoUpgrade};
use crate::write::{self, Planned, Policy};
use similar::TextDiff;
use std::path::{Path, PathBuf};

pub fn run(args: &UpgradeArgs) -> u8 {
    let sources = match load::schema_sources(&args.schema) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let imported = import::prisma::read(&sources);
    let (root, schema_from_root) = locate(&args.schema);
    let plan = match upgrade::to_prisma7(&sources, &imported, &schema_from_root) {
        Ok(plan) => plan,
        Err(NoUpgrade::AlreadyCurrent) => {
            say!("{} is already set up for Prisma 7: nothing to upgrade", args.schema.display());
            return exit::OK;
        }
        Err(NoUpgrade::Refused(why)) => {
            eprintln!("error: {}: {why}", args.schema.display());
            return exit::NOT_DONE;
        }
    };
    for changed in &plan.files {
        let diff = TextDiff::from_lines(&changed.before, &changed.after);
        say!("{}", diff.unified_diff().context_radius(2).header(&changed.name, &changed.name));
    }
    let config_path = root.join("prisma.config.ts");
    if config_path.exists() {
        say!("{} exists and is kept: make sure it sets the datasource URL", config_path.display());
    } else {
        say!("--- /dev/null\n+++ {}", config_path.display());
        for line in plan.config.lines() {
            say!("+{line}");
        }
    }
    for note in &plan.notes {
        say!("note: {note}");
    }
    if !args.yes {
        eprintln!("nothing was written: review the change above, then run again with --yes");
        return exit::NOT_DONE;
    }
    let mut files: Vec<Planned> = plan
        .files
        .iter()
        .map(|c| Planned { path: PathBuf::from(&c.name), contents: c.after.clone(), policy: Policy::Replace })
        .collect();
    files.push(Planned { path: config_path, contents: plan.config, policy: Policy::KeepExisting });
    match write::apply(&files) {
        Ok(written) => {
            written.iter().for_each(|w| say!("{w}"));
            exit::OK
        }
        Err(e) => {
            eprintln!("error: writing the upgrade: {e}");
            exit::NOT_DONE
        }
    }
}

/// The project root of a schema file (`prisma/schema.prisma`) or folder (`prisma/schema`),
/// and the schema's path relative to it.
fn locate(schema: &Path) -> (PathBuf, String) {
    let name = schema.file_name().map_or_else(|| "schema.prisma".into(), |n| n.to_string_lossy().into_owned());
    let out = schema.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let (root, rel) = write::root_of(out);
    let from_root = if rel.is_empty() { name } else { format!("{rel}/{name}") };
    (root, from_root)
}
