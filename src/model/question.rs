//! Open questions: what schemata cannot decide from the documents alone.
//!
//! A question carries its options and a suggested default. The schema always holds
//! the state of the chosen option (the user's answer, else the suggestion), so it can
//! be previewed and emitted at any time; batch mode refuses to write while any
//! question is unanswered unless `--yes` accepts the suggestions.

use super::provenance::Provenance;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// What a question is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuestionKind {
    /// Two or more relations join the same pair of models: they need names.
    RelationNames,
    /// A one-to-one relation with no foreign key stated: which side holds it.
    OneToOneOwner,
    /// The documents disagree, or leave open, whether a relation is 1:1 or 1:N.
    OneToOneOrMany,
    /// A many-to-many relation: Prisma's implicit join table or an explicit junction model.
    ManyToManyStyle,
    /// What happens to dependent rows when the referenced row is deleted.
    ReferentialAction,
    /// A field or relationship names an entity no document defines.
    UndefinedEntity,
    /// An entity is named but no document lists its fields.
    NoFields,
    /// A field whose type no document states and no name rule decides.
    UntypedField,
    /// Two documents define the same item differently.
    Conflict,
    /// A model with no primary key.
    NoPrimaryKey,
}

impl fmt::Display for QuestionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            QuestionKind::RelationNames => "relation names",
            QuestionKind::OneToOneOwner => "1:1 owner side",
            QuestionKind::OneToOneOrMany => "1:1 or 1:N",
            QuestionKind::ManyToManyStyle => "implicit or explicit M:N",
            QuestionKind::ReferentialAction => "referential action",
            QuestionKind::UndefinedEntity => "undefined entity",
            QuestionKind::NoFields => "model without fields",
            QuestionKind::UntypedField => "field without type",
            QuestionKind::Conflict => "conflicting definitions",
            QuestionKind::NoPrimaryKey => "no primary key",
        })
    }
}

/// One possible answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    /// Stable machine value, stored in decisions (`"implicit"`, `"Cascade"`, ...).
    pub value: String,
    /// What the user reads.
    pub label: String,
}

impl Choice {
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Self {
        Self { value: value.into(), label: label.into() }
    }
}

/// An open (or answered) question about the schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// Stable across runs on the same documents: decisions are stored under it.
    pub key: String,
    pub kind: QuestionKind,
    /// The model the question concerns, by name (for jumping to it).
    pub model: Option<String>,
    /// The field the question concerns, if any.
    pub field: Option<String>,
    pub prompt: String,
    pub options: Vec<Choice>,
    /// Index of the suggested option.
    pub suggested: usize,
    /// Index of the option the user chose, if answered.
    pub answer: Option<usize>,
    pub provenance: Vec<Provenance>,
}

impl Question {
    /// The option in force: the answer, else the suggestion.
    pub fn chosen(&self) -> &Choice {
        &self.options[self.answer.unwrap_or(self.suggested)]
    }
}

/// Answers keyed by question key, holding the chosen option's `value`.
///
/// Values rather than indexes, so an answer survives options being reordered
/// when the documents change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decisions(pub BTreeMap<String, String>);

impl Decisions {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    pub fn set(&mut self, key: impl Into<String>, value: impl Into<String>) {
        self.0.insert(key.into(), value.into());
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
