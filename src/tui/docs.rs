//! The review's "write docs" action: `DATABASE_SCHEMA.md`, the agent skill and the ERD of
//! the schema as it stands, into the project's `docs/` folder, guarded by the ledger like
//! every write (a file the user changed is never replaced from here: `schemata docs --force`).

use super::app::{App, LogKind};
use super::update::log;
use crate::conventions::{self, Layout};
use crate::docs::{self, DocsConfig};
use crate::write::{self, Planned, Policy};

/// Plans and writes the documents, reporting in the log and the status bar.
pub fn write(app: &mut App) {
    let (root, out_rel) = write::root_of(&app.options.out_dir);
    let profile = app.options.profile.clone().unwrap_or_else(|| conventions::detect(&app.ingested).0);
    let file = if profile.layout == Layout::Multi { "schema" } else { "schema.prisma" };
    let schema_path = if out_rel.is_empty() { file.to_string() } else { format!("{out_rel}/{file}") };
    let config = DocsConfig { profile, schema_path };
    let dir = root.join("docs");
    let files: Vec<Planned> = docs::render(&app.schema, &config)
        .into_iter()
        .map(|f| Planned { path: dir.join(&f.path), contents: f.text, policy: Policy::Replace })
        .collect();
    let ledger_path = root.join(write::LEDGER);
    let mut ledger = write::Ledger::parse(std::fs::read_to_string(&ledger_path).ok().as_deref());
    let conflicts = write::conflicts(&files, &ledger);
    if !conflicts.is_empty() {
        let names: Vec<String> = conflicts.iter().map(|c| c.path.display().to_string()).collect();
        let text =
            format!("{} changed since schemata wrote it; docs not written (schemata docs --force)", names.join(", "));
        log(app, LogKind::Failure, text.clone());
        app.ui.flash = Some(text);
        return;
    }
    match write::apply_recorded(&files, &mut ledger, &ledger_path) {
        Ok(written) => {
            for w in &written {
                log(app, LogKind::Success, w.to_string());
            }
            app.ui.flash = Some(format!("wrote the docs into {}", dir.display()));
        }
        Err(e) => {
            log(app, LogKind::Failure, format!("writing the docs: {e}"));
            app.ui.flash = Some(format!("could not write the docs: {e}"));
        }
    }
}
