//! The review's state. The domain part — documents, the person's work (decisions, edits,
//! statuses) and what is derived from it (schema, preview, graph) — lives apart from the UI
//! part (focus, selection, scroll, the open dialog). Views borrow both and change nothing.

use super::dialog::{Dialog, DiffLine, DiffTag};
use super::graph::{self, GraphMode, Layout};
use super::keymap::Keymap;
use super::messages::{self, Message};
use super::theme::Theme;
use super::tree::{Node, Tree, TreeSource};
use crate::change::{self, Change};
use crate::conventions::{self, Profile};
use crate::diagnostics::Diagnostic;
use crate::edit::{self, Edit};
use crate::emit::{self, EmitConfig};
use crate::infer::{self, Settings};
use crate::ingest::{self, Ingested, Source};
use crate::model::{Decisions, ModelId, Schema};
use crate::prisma::PrismaCli;
use crate::session::{ModelStatus, Session};
use ratatui::layout::{Constraint, Layout as Split, Rect};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::mpsc::Receiver;
use tui_textarea::TextArea;

/// What the person has produced: the inputs that, with the documents, give the schema.
/// One value of this is one undo step.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Work {
    pub decisions: Decisions,
    pub edits: Vec<Edit>,
    pub status: BTreeMap<String, ModelStatus>,
}

/// The pane with keyboard focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
    Tree,
    Graph,
    Preview,
    Bottom,
}

impl Focus {
    /// The panes in Tab order.
    pub const ORDER: [Focus; 4] = [Focus::Tree, Focus::Graph, Focus::Preview, Focus::Bottom];
}

/// The tabs of the bottom panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BottomTab {
    #[default]
    Questions,
    Validation,
    Log,
    /// Index coverage of the access paths the documents state.
    Indexes,
}

impl BottomTab {
    /// The tabs in order.
    pub const ALL: [BottomTab; 4] = [BottomTab::Questions, BottomTab::Validation, BottomTab::Log, BottomTab::Indexes];
}

/// One line of the log panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    pub kind: LogKind,
    pub text: String,
}

/// How a log line is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogKind {
    Info,
    Command,
    Output,
    Success,
    Failure,
}

/// The screen split into panes; a pure function of the terminal size, shared by the views
/// (to draw) and by `update` (to scroll and to map mouse clicks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub tree: Rect,
    pub graph: Rect,
    pub preview: Rect,
    pub bottom: Rect,
    pub status: Rect,
}

impl Areas {
    /// The panes of a terminal of `size`.
    pub fn new(size: Rect) -> Self {
        let bottom_height = (size.height / 4).clamp(6, 12);
        let [top, bottom, status] =
            Split::vertical([Constraint::Min(6), Constraint::Length(bottom_height), Constraint::Length(1)]).areas(size);
        let [tree, graph, preview] =
            Split::horizontal([Constraint::Percentage(24), Constraint::Percentage(34), Constraint::Percentage(42)])
                .areas(top);
        Self { tree, graph, preview, bottom, status }
    }

    /// The pane at a screen cell.
    pub fn pane_at(&self, x: u16, y: u16) -> Option<Focus> {
        let pos = ratatui::layout::Position { x, y };
        [
            (self.tree, Focus::Tree),
            (self.graph, Focus::Graph),
            (self.preview, Focus::Preview),
            (self.bottom, Focus::Bottom),
        ]
        .into_iter()
        .find(|(r, _)| r.contains(pos))
        .map(|(_, f)| f)
    }
}

/// Per-pane UI state: nothing here changes the schema.
#[derive(Debug, Default)]
pub struct Ui {
    pub focus: Focus,
    pub tree: Tree,
    /// The filter being typed (`/`), when the filter input is open.
    pub filter_input: Option<TextArea<'static>>,
    pub graph_mode: GraphMode,
    /// How far the person has panned the graph from its automatic position.
    pub graph_pan: (i32, i32),
    /// Whole file instead of the selected model.
    pub preview_whole: bool,
    /// The migration preview (PostgreSQL DDL) instead of the Prisma text.
    pub preview_sql: bool,
    pub preview_scroll: (u16, u16),
    pub bottom_tab: BottomTab,
    pub bottom_selected: [usize; 4],
    pub dialog: Option<Dialog>,
    pub areas: Areas,
    /// A one-off message for the status bar, cleared by the next key.
    pub flash: Option<String>,
}

/// Where things go and which tools run; the test harness leaves out what touches the world.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Where the session is saved; `None` keeps it in memory only.
    pub session_path: Option<PathBuf>,
    /// The folder for `schema.prisma`; `prisma.config.ts` goes in its parent.
    pub out_dir: PathBuf,
    /// The Prisma CLI to run after writing; `None` skips the Prisma steps.
    pub prisma: Option<PrismaCli>,
    /// The conventions profile applied after inference (as `generate` does); `None` shows
    /// the inferred schema as it is.
    pub profile: Option<Profile>,
    /// An existing schema the documents extend (`--base`): the review shows the change model
    /// by model and writes the merged schema.
    pub base: Option<Base>,
    /// `--migrate NAME`: after Prisma's steps, write and apply the next migration (PostgreSQL).
    pub migrate: Option<String>,
    /// `--contract DOC`: the API contract's documents (TypeScript interfaces) the schema must
    /// serve; each model's compliance shows among the messages.
    pub contract: Vec<crate::ingest::raw::RawDocument>,
}

/// An existing schema, read: what `--base` named.
#[derive(Debug, Clone)]
pub struct Base {
    /// The schema file or folder, as given.
    pub path: PathBuf,
    pub sources: Vec<Source>,
    pub schema: Schema,
}

impl Base {
    /// The schema folder when the base is one (new models get their own files there).
    pub fn folder(&self) -> Option<String> {
        self.path.is_dir().then(|| self.path.display().to_string())
    }
}

/// The whole review.
pub struct App {
    pub sources: Vec<Source>,
    pub ingested: Ingested,
    pub settings: Settings,
    pub emit: EmitConfig,
    pub work: Work,
    pub undo: Vec<Work>,
    pub redo: Vec<Work>,
    /// Inference output for `work.decisions` (before edits), and the decisions it was made with.
    pub base: Schema,
    /// The documents' own schema (inference before the profile), for the verification gate.
    pub documents: Schema,
    base_decisions: Decisions,
    pub infer_diagnostics: Vec<Diagnostic>,
    /// The schema as it will be written: inference plus edits.
    pub schema: Schema,
    pub edit_diagnostics: Vec<Diagnostic>,
    /// What resuming a session had to drop or note.
    pub resume_notes: Vec<String>,
    /// Validation messages, derived: diagnostics, resume notes and mapped Prisma errors.
    pub messages: Vec<Message>,
    /// Prisma errors mapped back to models.
    pub prisma_errors: Vec<Message>,
    pub log: Vec<LogLine>,
    /// The schema text last written, to map Prisma's line numbers back to models.
    pub written: Option<String>,
    pub prisma_running: bool,
    /// Reads Prisma's output for errors to map back.
    pub prisma_reader: super::messages::PrismaErrorReader,
    pub prisma_rx: Option<Receiver<super::action::Action>>,
    /// The preview text of the selected model or the whole file.
    pub preview: String,
    /// With a base schema: the preview as a diff of the base's block against the merged one.
    pub preview_diff: Option<Vec<DiffLine>>,
    /// With a base schema: what the documents change in it, derived.
    pub change: Option<Change>,
    /// The query patterns the documents state, read once.
    pub patterns: Vec<crate::indexes::Pattern>,
    /// Index coverage of the schema, derived.
    pub coverage: crate::indexes::Report,
    pub graph: Layout,
    pub options: Options,
    pub theme: Theme,
    pub keymap: Keymap,
    pub ui: Ui,
    pub quit: bool,
}

impl App {
    /// A review of `sources`, resuming `session` when it was made for the same documents.
    pub fn new(sources: Vec<Source>, session: Option<Session>, options: Options, theme: Theme, keymap: Keymap) -> Self {
        let ingested = ingest::ingest(&sources);
        let patterns = crate::indexes::read_patterns(&sources);
        let settings = Settings::default();
        let mut resume_notes = Vec::new();
        let work = match session.filter(|s| s.same_documents(&sources)) {
            Some(s) => {
                let resumed = s.resume(&sources, &ingested, &settings);
                for doc in &resumed.changed {
                    resume_notes.push(format!("{doc} changed since the last session"));
                }
                resume_notes.extend(resumed.dropped.iter().map(|d| format!("dropped {d}")));
                Work { decisions: resumed.decisions, edits: resumed.edits, status: resumed.status }
            }
            None => Work::default(),
        };
        let (base, documents, infer_diagnostics) =
            derive(&ingested, &work.decisions, &settings, options.profile.as_ref());
        let emit = options.profile.as_ref().map_or_else(EmitConfig::default, Profile::emit_config);
        let mut app = App {
            sources,
            ingested,
            settings,
            emit,
            base_decisions: work.decisions.clone(),
            work,
            undo: Vec::new(),
            redo: Vec::new(),
            base,
            documents,
            infer_diagnostics,
            schema: Schema::default(),
            edit_diagnostics: Vec::new(),
            resume_notes,
            messages: Vec::new(),
            prisma_errors: Vec::new(),
            log: Vec::new(),
            written: None,
            prisma_running: false,
            prisma_reader: Default::default(),
            prisma_rx: None,
            preview: String::new(),
            preview_diff: None,
            change: None,
            patterns,
            coverage: Default::default(),
            graph: Layout::default(),
            options,
            theme,
            keymap,
            ui: Ui::default(),
            quit: false,
        };
        app.ui.areas = Areas::new(Rect::new(0, 0, 120, 40));
        app.apply_edits();
        if !app.resume_notes.is_empty() || !app.work.status.is_empty() || !app.work.edits.is_empty() {
            app.info(format!(
                "resumed the session: {} confirmed, {} decisions, {} edits",
                app.confirmed_count(),
                app.work.decisions.0.len(),
                app.work.edits.len()
            ));
        }
        app
    }

    /// Re-derives the schema after `work` changed: re-infers only when decisions changed
    /// (edits alone replay on the cached inference, which keeps an edit under a frame).
    pub fn rederive(&mut self) {
        if self.work.decisions != self.base_decisions {
            let profile = self.options.profile.as_ref();
            (self.base, self.documents, self.infer_diagnostics) =
                derive(&self.ingested, &self.work.decisions, &self.settings, profile);
            self.base_decisions = self.work.decisions.clone();
        }
        self.apply_edits();
    }

    fn apply_edits(&mut self) {
        self.schema = self.base.clone();
        self.edit_diagnostics = edit::apply(&mut self.schema, &self.work.edits);
        self.refresh();
    }

    /// Rebuilds what the views show from the schema and the UI state.
    pub fn refresh(&mut self) {
        let errors: BTreeSet<String> = self.prisma_errors.iter().filter_map(|m| m.model.clone()).collect();
        let profile = self.options.profile.as_ref();
        self.change = self.options.base.as_ref().map(|b| change::diff(&b.schema, &self.schema, profile));
        self.ui.tree.rebuild(&TreeSource {
            schema: &self.schema,
            status: &self.work.status,
            errors: &errors,
            change: self.change.as_ref(),
        });
        self.ui.tree.scroll_into_view(self.ui.areas.tree.height.saturating_sub(2) as usize);
        self.messages = messages::collect(self);
        self.coverage = crate::indexes::coverage(&self.schema, &self.patterns);
        self.refresh_view();
    }

    /// Recomputes the preview and the graph for the current selection.
    pub fn refresh_view(&mut self) {
        let model = self.selected_model();
        self.preview_diff = match (&self.options.base, &self.change) {
            (Some(base), Some(change)) if !self.ui.preview_sql => Some(self.change_preview(base, change)),
            _ => None,
        };
        if let Some(diff) = &self.preview_diff {
            self.preview = diff.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n");
            self.graph = graph::layout(&self.schema, self.ui.graph_mode, model);
            return;
        }
        self.preview = match (self.ui.preview_sql, self.ui.preview_whole, model) {
            (true, true, _) => crate::ddl::render_schema(&self.schema),
            (true, false, Some(id)) => crate::ddl::render_model(&self.schema, id),
            (false, true, _) => emit::render(&self.schema, &self.emit),
            (false, false, Some(id)) => emit::render_model(&self.schema, id, &self.emit),
            (_, false, None) => String::new(),
        };
        self.graph = graph::layout(&self.schema, self.ui.graph_mode, model);
    }

    /// The names whose change the person has accepted: the confirmed models (an unchanged
    /// one still takes the values its enums gain).
    pub fn accepted(&self) -> BTreeSet<String> {
        let Some(change) = &self.change else { return BTreeSet::new() };
        let confirmed = |e: &&change::Entry| self.status_of(&e.name) == ModelStatus::Confirmed;
        change.entries.iter().filter(confirmed).map(|e| e.name.clone()).collect()
    }

    /// The selected model's change (its lines, then the base's block against the merged
    /// one), or with the whole-file preview the base files against what `w` writes.
    fn change_preview(&self, base: &Base, change: &Change) -> Vec<DiffLine> {
        let header = |text: String| DiffLine { tag: DiffTag::Header, text };
        if self.ui.preview_whole {
            let merged = change::apply(&base.schema, change, &self.accepted());
            let folder = base.folder();
            let rendered = change::render(&base.sources, &base.schema, &merged.schema, &self.emit, folder.as_deref());
            let mut lines = Vec::new();
            for file in &rendered.files {
                lines.push(header(format!(
                    "{} ({})",
                    file.name,
                    if file.before.is_some() { "changed" } else { "new" }
                )));
                lines.extend(block_diff(file.before.as_deref().unwrap_or_default(), &file.after));
            }
            if rendered.files.is_empty() {
                lines.push(header("nothing accepted yet: the base schema stays as it is".into()));
            }
            return lines;
        }
        let entry = match self.ui.tree.selected_row().map(|r| r.node) {
            Some(Node::Kept(id)) => change.of_base_model(id),
            _ => self.selected_model().and_then(|id| change.of_proposed_model(id)),
        };
        let Some(entry) = entry else { return Vec::new() };
        let mut lines: Vec<DiffLine> = entry.lines().into_iter().map(header).collect();
        if !entry.needs.is_empty() {
            lines.push(header(format!("its new relations need {} accepted too", entry.needs.join(", "))));
        }
        lines.push(DiffLine { tag: DiffTag::Same, text: String::new() });
        let before = entry.base_model().map(|id| emit::render_model(&base.schema, id, &self.emit)).unwrap_or_default();
        let after = if entry.kind == change::Kind::Kept {
            before.clone()
        } else {
            // Everything accepted, so that both ends of new relations show.
            let merged = change::apply(&base.schema, change, &change.all_names());
            let id = entry.base_model().or_else(|| merged.schema.model_by_name(&entry.name));
            id.map(|id| emit::render_model(&merged.schema, id, &self.emit)).unwrap_or_default()
        };
        lines.extend(block_diff(&before, &after));
        lines
    }

    /// Changes the person's work as one undo step, re-derives, and saves the session.
    pub fn commit(&mut self, change: impl FnOnce(&mut Work)) {
        let before = self.work.clone();
        change(&mut self.work);
        if self.work == before {
            return;
        }
        self.undo.push(before);
        self.redo.clear();
        self.rederive();
        self.save();
    }

    /// Puts back a saved state (undo or redo), re-derives and saves.
    pub fn restore(&mut self, work: Work) {
        self.work = work;
        self.rederive();
        self.save();
    }

    /// Writes the session file, if there is one; a failure is shown, never fatal.
    pub fn save(&mut self) {
        let Some(path) = self.options.session_path.clone() else { return };
        let session = Session {
            decisions: self.work.decisions.clone(),
            edits: self.work.edits.clone(),
            status: self.work.status.clone(),
            base: self.options.base.as_ref().map(|b| b.path.display().to_string()),
            ..Session::new(&self.sources)
        };
        if let Err(e) = session.save(&path) {
            self.ui.flash = Some(format!("could not save the session to {}: {e}", path.display()));
        }
    }

    /// The model of the selected tree row.
    pub fn selected_model(&self) -> Option<ModelId> {
        self.ui.tree.selected_model().filter(|id| id.index() < self.schema.models.len())
    }

    /// A model's status by name.
    pub fn status_of(&self, model: &str) -> ModelStatus {
        self.work.status.get(model).copied().unwrap_or_default()
    }

    /// How many models are confirmed.
    pub fn confirmed_count(&self) -> usize {
        self.schema.models.iter().filter(|m| self.status_of(&m.name) == ModelStatus::Confirmed).count()
    }

    /// Adds an info line to the log.
    pub fn info(&mut self, text: impl Into<String>) {
        self.log.push(LogLine { kind: LogKind::Info, text: text.into() });
    }

    /// Applies a set of edits as one undo step.
    pub fn edit(&mut self, edits: Vec<Edit>) {
        if edits.is_empty() {
            return;
        }
        // A renamed model keeps its status under its new name.
        let renames: Vec<(String, String)> = edits
            .iter()
            .filter_map(|e| match e {
                Edit::RenameModel { model, to } => Some((model.clone(), to.clone())),
                _ => None,
            })
            .collect();
        self.commit(|work| {
            for (from, to) in renames {
                if let Some(s) = work.status.remove(&from) {
                    work.status.insert(to, s);
                }
            }
            work.edits.extend(edits);
        });
    }
}

/// Lines of `new` against `old`, compared with their spacing collapsed: a column that moves
/// because a longer type joined the block is not a change, and an unchanged line shows as it
/// will be written.
fn block_diff(old: &str, new: &str) -> Vec<DiffLine> {
    let collapse = |t: &str| t.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect::<Vec<_>>();
    let (old_keys, new_keys) = (collapse(old), collapse(new));
    let (old_keys, new_keys): (Vec<&str>, Vec<&str>) =
        (old_keys.iter().map(String::as_str).collect(), new_keys.iter().map(String::as_str).collect());
    let (old_lines, new_lines): (Vec<&str>, Vec<&str>) = (old.lines().collect(), new.lines().collect());
    let line = |tag: DiffTag, text: &str| DiffLine { tag, text: text.to_string() };
    let mut out = Vec::new();
    for op in similar::TextDiff::from_slices(&old_keys, &new_keys).ops() {
        let (tag, before, after) = op.as_tag_tuple();
        match tag {
            similar::DiffTag::Equal => out.extend(new_lines[after].iter().map(|l| line(DiffTag::Same, l))),
            similar::DiffTag::Delete => out.extend(old_lines[before].iter().map(|l| line(DiffTag::Removed, l))),
            similar::DiffTag::Insert => out.extend(new_lines[after].iter().map(|l| line(DiffTag::Added, l))),
            similar::DiffTag::Replace => {
                out.extend(old_lines[before].iter().map(|l| line(DiffTag::Removed, l)));
                out.extend(new_lines[after].iter().map(|l| line(DiffTag::Added, l)));
            }
        }
    }
    out
}

/// Inference, then the profile's conventions: the schema that edits are applied to.
pub fn derive_base(
    ingested: &Ingested,
    decisions: &Decisions,
    settings: &Settings,
    profile: Option<&Profile>,
) -> (Schema, Vec<Diagnostic>) {
    let (schema, _, diagnostics) = derive(ingested, decisions, settings, profile);
    (schema, diagnostics)
}

/// Like [`derive_base`], also returning the documents' own schema (before the profile), which
/// the verification gate compares the schema with.
pub fn derive(
    ingested: &Ingested,
    decisions: &Decisions,
    settings: &Settings,
    profile: Option<&Profile>,
) -> (Schema, Schema, Vec<Diagnostic>) {
    let inferred = infer::infer(ingested, decisions, settings);
    let (mut schema, mut diagnostics) = (inferred.schema.clone(), inferred.diagnostics);
    if let Some(profile) = profile {
        diagnostics.extend(conventions::apply(&mut schema, profile));
    }
    (schema, inferred.schema, diagnostics)
}
