//! Raising questions during inference.
//!
//! Inference never stops at a question: it records it and carries on with the chosen
//! option — the user's earlier answer when there is one, else the suggestion — so the
//! schema is always complete and previewable.

use crate::diagnostics::Diagnostic;
use crate::model::{Decisions, Question};
use std::collections::HashSet;

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

    /// Records the question (its `answer` filled from the decisions) and returns the value of
    /// the option in force.
    pub fn ask(&mut self, mut question: Question) -> String {
        question.answer = self.decisions.get(&question.key).and_then(|value| {
            let found = question.options.iter().position(|o| o.value == value);
            if found.is_none() {
                self.diagnostics.push(Diagnostic::warning(
                    format!(
                        "an earlier answer ({value}) to \"{}\" no longer fits the documents; using the suggestion",
                        question.prompt
                    ),
                    question.provenance.first().cloned(),
                ));
            }
            found
        });
        let value = question.chosen().value.clone();
        // The same question can come up twice (one per side of a pair): keep one.
        if self.asked.insert(question.key.clone()) {
            self.questions.push(question);
        }
        value
    }
}
