//! Raising questions during inference.
//!
//! Inference never stops at a question: it records it and carries on with the chosen
//! option — the user's earlier answer when there is one, else the suggestion — so the
//! schema is always complete and previewable.

use crate::diagnostics::Diagnostic;
use crate::model::{Choice, Decisions, Provenance, Question, QuestionKind};
use std::collections::HashSet;

/// A question before it is asked.
pub struct Ask {
    pub key: String,
    pub kind: QuestionKind,
    pub model: Option<String>,
    pub field: Option<String>,
    pub prompt: String,
    pub options: Vec<Choice>,
    pub suggested: usize,
    pub provenance: Vec<Provenance>,
}

pub struct Asker<'d> {
    decisions: &'d Decisions,
    pub questions: Vec<Question>,
    pub diagnostics: Vec<Diagnostic>,
    /// Keys already asked, so asking stays linear in the number of questions.
    asked: HashSet<String>,
}

impl<'d> Asker<'d> {
    pub fn new(decisions: &'d Decisions) -> Self {
        Self { decisions, questions: Vec::new(), diagnostics: Vec::new(), asked: HashSet::new() }
    }

    /// Records the question and returns the value of the option in force.
    pub fn ask(&mut self, ask: Ask) -> String {
        let answer = self.decisions.get(&ask.key).and_then(|value| {
            let found = ask.options.iter().position(|o| o.value == value);
            if found.is_none() {
                self.diagnostics.push(Diagnostic::warning(
                    format!(
                        "an earlier answer ({value}) to \"{}\" no longer fits the documents; using the suggestion",
                        ask.prompt
                    ),
                    ask.provenance.first().cloned(),
                ));
            }
            found
        });
        let question = Question {
            key: ask.key,
            kind: ask.kind,
            model: ask.model,
            field: ask.field,
            prompt: ask.prompt,
            options: ask.options,
            suggested: ask.suggested,
            answer,
            provenance: ask.provenance,
        };
        let value = question.chosen().value.clone();
        // The same question can come up twice (one per side of a pair): keep one.
        if self.asked.insert(question.key.clone()) {
            self.questions.push(question);
        }
        value
    }
}
