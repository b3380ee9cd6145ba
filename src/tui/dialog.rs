//! The dialogs over the main screen, as state. A question dialog carries the preview of
//! what its highlighted option would do, computed when the highlight moves.

use super::form::Form;
use super::writer::WritePlan;
use crate::edit::{self, Edit};
use crate::emit::{self, EmitConfig};
use crate::infer::Settings;
use crate::ingest::Ingested;
use crate::model::{Decisions, Question};
use similar::{ChangeTag, TextDiff};

/// The open dialog.
#[derive(Debug, Clone)]
pub enum Dialog {
    Question(QuestionDialog),
    Form(Form),
    /// A yes/no question before a destructive edit.
    Confirm {
        prompt: String,
        edits: Vec<Edit>,
    },
    Write(WritePlan),
    Help {
        scroll: u16,
    },
}

/// A line of a diff, tagged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffLine {
    pub tag: DiffTag,
    pub text: String,
}

/// Whether a diff line was kept, added or removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffTag {
    Same,
    Added,
    Removed,
    /// A `@@ … @@` hunk header or a note.
    Header,
}

/// Lines of `new` against `old`, the unchanged ones kept (for a whole-block preview).
pub fn full_diff(old: &str, new: &str) -> Vec<DiffLine> {
    TextDiff::from_lines(old, new)
        .iter_all_changes()
        .map(|c| DiffLine {
            tag: match c.tag() {
                ChangeTag::Equal => DiffTag::Same,
                ChangeTag::Insert => DiffTag::Added,
                ChangeTag::Delete => DiffTag::Removed,
            },
            text: c.value().trim_end_matches('\n').to_string(),
        })
        .collect()
}

/// A unified diff of `new` against `old`, with `context` unchanged lines around each change.
pub fn unified_diff(old: &str, new: &str, context: usize) -> Vec<DiffLine> {
    let diff = TextDiff::from_lines(old, new);
    let mut out = Vec::new();
    for group in diff.grouped_ops(context) {
        if let (Some(first), Some(last)) = (group.first(), group.last()) {
            let (o, n) = (first.old_range().start + 1, first.new_range().start + 1);
            let (ol, nl) = (last.old_range().end + 1 - o, last.new_range().end + 1 - n);
            out.push(DiffLine { tag: DiffTag::Header, text: format!("@@ -{o},{ol} +{n},{nl} @@") });
        }
        for op in &group {
            for c in diff.iter_changes(op) {
                let tag = match c.tag() {
                    ChangeTag::Equal => DiffTag::Same,
                    ChangeTag::Insert => DiffTag::Added,
                    ChangeTag::Delete => DiffTag::Removed,
                };
                out.push(DiffLine { tag, text: c.value().trim_end_matches('\n').to_string() });
            }
        }
    }
    out
}

/// Answering one question.
#[derive(Debug, Clone)]
pub struct QuestionDialog {
    pub question: Question,
    /// The option under the cursor.
    pub highlighted: usize,
    /// The question's model as it would be with the highlighted option, against now.
    pub preview: Vec<DiffLine>,
    /// The model to confirm once its questions are answered (when opened by confirm).
    pub then_confirm: Option<String>,
}

/// What the preview of an option is computed from.
pub struct PreviewInputs<'a> {
    pub ingested: &'a Ingested,
    pub decisions: &'a Decisions,
    pub edits: &'a [Edit],
    pub settings: &'a Settings,
    pub emit: &'a EmitConfig,
    pub profile: Option<&'a crate::conventions::Profile>,
}

impl QuestionDialog {
    /// Opens on the option in force (the answer, else the suggestion).
    pub fn new(question: Question, then_confirm: Option<String>, inputs: &PreviewInputs<'_>) -> Self {
        let highlighted = question.answer.unwrap_or(question.suggested);
        let mut dialog = Self { question, highlighted, preview: Vec::new(), then_confirm };
        dialog.update_preview(inputs);
        dialog
    }

    /// Moves the highlight and recomputes the preview.
    pub fn highlight(&mut self, delta: isize, inputs: &PreviewInputs<'_>) {
        let n = self.question.options.len() as isize;
        if n == 0 {
            return;
        }
        self.highlighted = (self.highlighted as isize + delta).clamp(0, n - 1) as usize;
        self.update_preview(inputs);
    }

    /// The value of the highlighted option.
    pub fn value(&self) -> Option<&str> {
        self.question.options.get(self.highlighted).map(|c| c.value.as_str())
    }

    fn update_preview(&mut self, inputs: &PreviewInputs<'_>) {
        let render = |decisions: &Decisions| {
            let (mut schema, _) =
                crate::tui::app::derive_base(inputs.ingested, decisions, inputs.settings, inputs.profile);
            edit::apply(&mut schema, inputs.edits);
            let model = self.question.model.as_deref().and_then(|m| schema.model_by_name(m));
            match model {
                Some(id) => emit::render_model(&schema, id, inputs.emit),
                None => emit::render(&schema, inputs.emit),
            }
        };
        let now = render(inputs.decisions);
        let mut with = inputs.decisions.clone();
        if let Some(v) = self.value() {
            with.set(self.question.key.clone(), v);
        }
        self.preview = full_diff(&now, &render(&with));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unified_diff_has_hunks_with_context() {
        let old = "a\nb\nc\nd\ne\nf\n";
        let new = "a\nb\nC\nd\ne\nf\n";
        let lines = unified_diff(old, new, 1);
        let text: Vec<String> = lines.iter().map(|l| format!("{:?} {}", l.tag, l.text)).collect();
        assert_eq!(text, ["Header @@ -2,3 +2,3 @@", "Same b", "Removed c", "Added C", "Same d"]);
        assert!(full_diff(old, old).iter().all(|l| l.tag == DiffTag::Same));
    }
}
