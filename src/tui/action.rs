//! Every thing that can happen in the review, as one enum: keys (through the keymap), mouse,
//! resize, and messages from the Prisma thread all become an [`Action`] for `update`.

use crate::prisma::Step;
use serde::Deserialize;
use tui_textarea::Input;

/// One thing to do; the data-free variants are what `run` names in `keys.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// Leave the review; the session is already saved.
    Quit,
    /// Focus the next pane (tree → graph → preview → bottom).
    FocusNext,
    /// Focus the previous pane.
    FocusPrev,
    /// Move the selection up, or scroll up, in the focused pane or dialog.
    Up,
    /// Move the selection down, or scroll down.
    Down,
    /// Move or scroll a page up.
    PageUp,
    /// Move or scroll a page down.
    PageDown,
    /// Go to the first row.
    Top,
    /// Go to the last row.
    Bottom,
    /// Collapse the selected tree node, or scroll left.
    Left,
    /// Expand the selected tree node, or scroll right.
    Right,
    /// Expand or collapse the selected tree node.
    ToggleExpand,
    /// Enter: confirm the model, edit the field, open the question, jump to the message.
    Activate,
    /// Select the next model in dependency order.
    NextModel,
    /// Select the previous model in dependency order.
    PrevModel,
    /// Confirm the selected model (its open questions are asked first).
    Confirm,
    /// Skip the selected model: it is left out of what is written.
    Skip,
    /// Undo the last decision, edit or status change.
    Undo,
    /// Redo what was undone.
    Redo,
    /// Edit the selected field, or the model when the model row is selected.
    Edit,
    /// Add a field to the selected model.
    AddField,
    /// Add a new model.
    AddModel,
    /// Remove the selected field or model (asks first).
    Remove,
    /// Rename the selected field or model.
    Rename,
    /// Switch the graph between the selected model's neighbours and the whole schema.
    ToggleGraph,
    /// Switch the preview between the selected model and the whole file.
    TogglePreview,
    /// Switch the preview between Prisma and the migration's SQL (PostgreSQL DDL).
    TogglePreviewSql,
    /// Write DATABASE_SCHEMA.md, the agent skill and the ERD into the project's docs/ folder.
    WriteDocs,
    /// Start typing a fuzzy filter for the tree.
    Filter,
    /// Open the first open question (of the selected model, else of any).
    OpenQuestion,
    /// Show the summary of what would be written, to confirm.
    Write,
    /// Show or hide the help overlay.
    Help,
    /// Next tab of the bottom panel.
    NextTab,
    /// Previous tab of the bottom panel.
    PrevTab,
    /// In a dialog: choose the highlighted option, save the form, confirm.
    Accept,
    /// In a dialog: close it without doing anything.
    Cancel,
    /// In a form: move to the next input.
    NextInput,
    /// In a form: move to the previous input.
    PrevInput,
    /// In a form: flip a yes/no input (types a space in a text input).
    ToggleOption,
    /// A key typed into the text input that has focus.
    #[serde(skip)]
    Text(Input),
    /// The terminal is now this many columns and rows.
    #[serde(skip)]
    Resize(u16, u16),
    /// A left click at this column and row.
    #[serde(skip)]
    Click(u16, u16),
    /// The mouse wheel at this column and row; `true` scrolls down.
    #[serde(skip)]
    Scroll(u16, u16, bool),
    /// A line of output from a running Prisma step.
    #[serde(skip)]
    PrismaLine(Step, String),
    /// A Prisma step ended: whether it succeeded, and why not when it could not run.
    #[serde(skip)]
    PrismaDone(Step, bool, Option<String>),
    /// A line from the migration step (after Prisma's steps, with `--migrate`).
    #[serde(skip)]
    MigrateLine(crate::migrate::Level, String),
    /// The migration step ended: whether it did what was asked.
    #[serde(skip)]
    MigrateDone(bool),
}
