//! Writing from the review: only confirmed models go into the schema. The plan (files,
//! their diffs against what is on disk, what is left out and why) is shown before anything
//! is written; after confirmation the files are written atomically and the Prisma steps run
//! on a background thread that streams their output back as actions.

use super::action::Action;
use super::app::Base;
use super::dialog::{DiffLine, DiffTag, unified_diff};
use crate::change::{self, Change};
use crate::conventions::Profile;
use crate::edit;
use crate::emit::{self, EmitConfig};
use crate::model::Schema;
use crate::prisma::{PrismaCli, Step};
use crate::session::ModelStatus;
use crate::write::{self, Planned, Policy};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;

/// One file of the plan with its diff against the file on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedFile {
    pub planned: Planned,
    pub state: FileState,
    pub diff: Vec<DiffLine>,
}

/// How a planned file relates to what is on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileState {
    New,
    /// A file schemata wrote before: replaced without a backup.
    Changed,
    /// A file the person changed since schemata wrote it (or never written by schemata):
    /// confirming replaces it and keeps theirs as `.bak`.
    Theirs,
    Unchanged,
    /// The person's own file, left alone (`prisma.config.ts`).
    Kept,
    /// A file of the base schema (`--base`): the merged schema replaces it, keeping a `.bak`.
    Base,
}

/// What `w` would write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WritePlan {
    pub files: Vec<PlannedFile>,
    /// The project root (where `prisma.config.ts` goes and Prisma runs).
    pub root: PathBuf,
    /// The schema file, or the folder of a multi-file layout, as Prisma's `--schema` takes it.
    pub schema_path: PathBuf,
    pub included: Vec<String>,
    /// Models left out, with their status.
    pub left_out: Vec<(String, ModelStatus)>,
    /// Relations dropped because one end is left out, and other notes.
    pub notes: Vec<String>,
    /// The schema text written, to map Prisma's errors back.
    pub text: String,
    /// Scroll of the dialog.
    pub scroll: u16,
    /// The accepted changes merged into a base schema: written without claiming the files
    /// in the ledger (they stay the team's).
    pub merge: bool,
    /// Gate findings that stop the write, one line each.
    pub refused: Vec<String>,
}

impl WritePlan {
    /// Plans the files for the confirmed models of `schema` in `out_dir`: with a profile
    /// exactly as `generate` lays them out (one file or a file per model), else one file.
    pub fn new(
        schema: &Schema,
        status: &BTreeMap<String, ModelStatus>,
        emit: &EmitConfig,
        profile: Option<&Profile>,
        out_dir: &Path,
    ) -> Self {
        let status_of = |name: &str| status.get(name).copied().unwrap_or_default();
        let mut written = schema.clone();
        let mut left_out = Vec::new();
        let mut notes = Vec::new();
        for r in schema.relations.iter().filter(|r| r.is_emitted()) {
            let (h, t) = (&schema[r.holder].name, &schema[r.target].name);
            let (hc, tc) = (status_of(h) == ModelStatus::Confirmed, status_of(t) == ModelStatus::Confirmed);
            if hc != tc {
                let missing = if hc { t } else { h };
                notes.push(format!("relation {h}.{} → {t} is left out: {missing} is not confirmed", r.holder_field));
            }
        }
        for (i, model) in schema.models.iter().enumerate().rev() {
            let s = status_of(&model.name);
            if s != ModelStatus::Confirmed {
                left_out.push((model.name.clone(), s));
                edit::remove_model(&mut written, crate::model::ModelId(i as u32));
            }
        }
        left_out.reverse();
        let included = written.order.iter().map(|&id| written[id].name.clone()).collect();
        let text = emit::render(&written, emit);
        let (root, schema_path, planned) = match profile {
            Some(profile) => {
                let plan = write::plan(&written, profile, out_dir, None);
                (plan.root, plan.schema_path, plan.files)
            }
            None => {
                let (root, schema_from_root) = project_root(out_dir);
                let mut planned = vec![Planned {
                    path: out_dir.join("schema.prisma"),
                    contents: text.clone(),
                    policy: Policy::Replace,
                }];
                if emit.prisma_major >= 7 {
                    planned.push(Planned {
                        path: root.join("prisma.config.ts"),
                        contents: write::prisma_config(&schema_from_root),
                        policy: Policy::KeepExisting,
                    });
                }
                (root, out_dir.join("schema.prisma"), planned)
            }
        };
        let ledger = load_ledger(&root);
        let theirs: Vec<PathBuf> = write::conflicts(&planned, &ledger).into_iter().map(|c| c.path).collect();
        let files = planned
            .into_iter()
            .map(|p| {
                let mut file = diff_against_disk(p);
                if file.state == FileState::Changed && theirs.contains(&file.planned.path) {
                    file.state = FileState::Theirs;
                }
                file
            })
            .collect();
        if theirs.iter().any(|p| p.starts_with(&schema_path)) {
            notes.push(format!(
                "{} is a schema schemata did not write: `schemata review --base {}` adds the documents to it instead",
                schema_path.display(),
                schema_path.display()
            ));
        }
        Self { files, root, schema_path, included, left_out, notes, text, scroll: 0, merge: false, refused: Vec::new() }
    }

    /// Plans the base schema with the confirmed models' changes merged in (`--base`): the
    /// base files rewritten where blocks change, new models appended (or in files of their
    /// own in a schema folder), checked by the gate against the documents' own `documents`.
    pub fn merged(
        base: &Base,
        change: &Change,
        status: &BTreeMap<String, ModelStatus>,
        documents: &Schema,
        emit: &EmitConfig,
        profile: Option<&Profile>,
    ) -> Self {
        let status_of = |name: &str| status.get(name).copied().unwrap_or_default();
        let accepted: BTreeSet<String> = change
            .entries
            .iter()
            .filter(|e| status_of(&e.name) == ModelStatus::Confirmed)
            .map(|e| e.name.clone())
            .collect();
        let accepted = &accepted;
        let merged = change::apply(&base.schema, change, accepted);
        let folder = base.folder();
        let rendered = change::render(&base.sources, &base.schema, &merged.schema, emit, folder.as_deref());
        let refused = match profile {
            Some(p) => change::gate(&base.schema, &merged.schema, documents, p)
                .findings
                .iter()
                .map(|f| f.to_string())
                .collect(),
            None => Vec::new(),
        };
        let files = rendered
            .files
            .iter()
            .map(|f| {
                let planned =
                    Planned { path: f.name.clone().into(), contents: f.after.clone(), policy: Policy::Replace };
                match &f.before {
                    Some(before) => {
                        PlannedFile { diff: unified_diff(before, &f.after, 2), planned, state: FileState::Base }
                    }
                    None => diff_against_disk(planned),
                }
            })
            .collect();
        let schema_dir = base.path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let (root, _) = write::root_of(schema_dir);
        let left_out = change
            .changes()
            // Enums and types follow the models that use them.
            .filter(|e| e.block == change::Block::Model && !accepted.contains(&e.name))
            .map(|e| (e.name.clone(), status_of(&e.name)))
            .collect();
        let mut notes = merged.notes;
        notes.extend(rendered.notes.iter().cloned());
        Self {
            files,
            root,
            schema_path: base.path.clone(),
            included: change.changes().filter(|e| accepted.contains(&e.name)).map(|e| e.name.clone()).collect(),
            left_out,
            notes,
            text: rendered.files.first().map(|f| f.after.clone()).unwrap_or_default(),
            scroll: 0,
            merge: true,
            refused,
        }
    }

    /// The schema file (or folder) Prisma is run on.
    pub fn schema_path(&self) -> &Path {
        &self.schema_path
    }
}

/// The record of what schemata last wrote under `root` (empty when there is none).
pub fn load_ledger(root: &Path) -> write::Ledger {
    write::Ledger::parse(std::fs::read_to_string(root.join(write::LEDGER)).ok().as_deref())
}

/// The project root for a schema folder and the schema's path from it (as `generate` does).
fn project_root(out: &Path) -> (PathBuf, String) {
    match (out.parent(), out.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => {
            (parent.to_path_buf(), format!("{}/schema.prisma", name.to_string_lossy()))
        }
        (_, Some(name)) => (PathBuf::from("."), format!("{}/schema.prisma", name.to_string_lossy())),
        (_, None) => (out.to_path_buf(), "schema.prisma".to_string()),
    }
}

fn diff_against_disk(planned: Planned) -> PlannedFile {
    let existing = std::fs::read_to_string(&planned.path).ok();
    let (state, diff) = match existing {
        None => {
            let lines = planned.contents.lines().map(|l| DiffLine { tag: DiffTag::Added, text: l.to_string() });
            (FileState::New, lines.collect())
        }
        Some(old) if old == planned.contents => (FileState::Unchanged, Vec::new()),
        Some(_) if planned.policy == Policy::KeepExisting => (FileState::Kept, Vec::new()),
        Some(old) => (FileState::Changed, unified_diff(&old, &planned.contents, 2)),
    };
    PlannedFile { planned, state, diff }
}

/// The migration step after Prisma's (`--migrate`): what was written, read back as a schema so
/// the database rules follow exactly the models written.
pub struct MigrateJob {
    pub plan: write::Plan,
    pub out_dir: PathBuf,
    pub schema: Schema,
    pub profile: Profile,
    pub name: String,
}

/// Runs `prisma validate` then `prisma generate` on a thread, sending each output line and
/// each step's end as actions; stops at the first failing step. Then the migration, if asked.
pub fn spawn_prisma(cli: PrismaCli, root: PathBuf, schema: PathBuf, migrate: Option<MigrateJob>, tx: Sender<Action>) {
    std::thread::spawn(move || {
        let schema = schema.strip_prefix(&root).map(Path::to_path_buf).unwrap_or(schema);
        for step in [Step::Validate, Step::Generate] {
            let result = cli.run_streaming(step, &schema, &root, |_, line| {
                // The receiver is gone only when the review has quit: nothing to tell.
                let _ = tx.send(Action::PrismaLine(step, line.to_string()));
            });
            let (ok, why) = match result {
                Ok(o) if o.success => (true, None),
                Ok(o) if o.timed_out => (false, Some("timed out".to_string())),
                Ok(o) => (false, Some(format!("exited with {}", o.code.map_or("a signal".into(), |c| c.to_string())))),
                Err(e) => (false, Some(e.to_string())),
            };
            let _ = tx.send(Action::PrismaDone(step, ok, why));
            if !ok {
                return;
            }
        }
        if let Some(job) = migrate {
            let ok = crate::migrate::step(
                &job.plan,
                &job.out_dir,
                &job.schema,
                &job.profile,
                &job.name,
                &mut |level, line| {
                    let _ = tx.send(Action::MigrateLine(level, line));
                },
            );
            let _ = tx.send(Action::MigrateDone(ok));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::infer::{Settings, infer};
    use crate::ingest::{Source, ingest};
    use crate::model::Decisions;

    #[test]
    fn only_confirmed_models_are_planned_and_dangling_relations_noted() {
        let doc = "### Customer\n| Field | Type |\n|---|---|\n| id | uuid |\n\n\
                   ### Order\n| Field | Type |\n|---|---|\n| id | uuid |\n| customerId | uuid |\n";
        let schema = infer(&ingest(&[Source::new("d.md", doc)]), &Decisions::default(), &Settings::default()).schema;
        let status = BTreeMap::from([("Order".to_string(), ModelStatus::Confirmed)]);
        let dir = tempfile::tempdir().expect("tempdir");
        let plan = WritePlan::new(&schema, &status, &EmitConfig::default(), None, &dir.path().join("prisma"));
        assert_eq!(plan.included, ["Order"]);
        assert_eq!(plan.left_out, [("Customer".to_string(), ModelStatus::Pending)]);
        assert_eq!(plan.notes.len(), 1);
        assert!(plan.text.contains("customerId String") && !plan.text.contains("model Customer"));
        assert_eq!(plan.files.len(), 2);
        assert_eq!(plan.files[0].state, FileState::New);
        assert_eq!(plan.root, dir.path());
        std::fs::create_dir_all(dir.path().join("prisma")).expect("mkdir");
        std::fs::write(plan.schema_path(), plan.text.replace("Order", "Orders")).expect("write");
        let again = WritePlan::new(&schema, &status, &EmitConfig::default(), None, &dir.path().join("prisma"));
        assert_eq!(again.files[0].state, FileState::Theirs, "written by hand, not by schemata");
        assert!(again.notes.iter().any(|n| n.contains("--base")), "{:?}", again.notes);
        assert!(again.files[0].diff.iter().any(|l| l.tag == DiffTag::Header));
    }
}
