//! Documents plus an existing schema: what the documents add to or change in the schema a
//! team already has, model by model, and the existing schema with the accepted changes
//! merged in. Pure: schemas in, a [`Change`], a merged [`Schema`] and file texts out.
//!
//! Four steps, one module each:
//! - [`diff`] matches the proposal (the documents after the profile) to the base schema —
//!   models, enums and composite types by name, falling back to the `@@map` name; fields by
//!   name, falling back to the `@map` column — and lists per model what is `Added`,
//!   `Changed` (with the concrete items), `Unchanged` or `Kept` (only in the base).
//! - [`apply`] merges the changes of the accepted models into a copy of the base schema.
//! - `splice` writes the merged schema back into the base files: only the blocks that
//!   changed are rewritten, new blocks are appended; every other byte stays.
//! - [`gate`] runs the verification gate on the merged schema, counting only what the
//!   change brings (the base's own findings are the team's business).
//!
//! What wins when both state something (documented in README, "Documents plus an existing
//! schema"):
//! - **The documents never delete.** Models, fields, enum values, indexes and attributes the
//!   documents do not mention stay. A property the documents leave unset (no default, no
//!   native type, no `@map`, not unique) keeps the base's value; one they set differently is
//!   proposed as a change.
//! - **The documents propose what they state; the base keeps its conventions.** On a model
//!   the base already has, fields the profile would add (ids, audit and soft-delete fields,
//!   a tenant key), the profile's indexes on existing keys, and the profile's `@@map`/`@map`
//!   naming are not proposed: the base shows the team's conventions. A field's type is
//!   proposed only when a document declared it, never when it was guessed from the name.
//!   The primary key always stays the base's; new foreign keys take the type of the key
//!   they reference in the base.
//! - **The person confirms per model.** An accepted model takes every item of its change; an
//!   unaccepted model stays exactly as it was. A new relation needs both of its models
//!   accepted (it puts a field on each); until then it is left out with its new foreign-key
//!   fields, and a note says which model to accept too. Enum and composite-type changes
//!   follow the accepted models that use them (or their own name).

mod apply;
mod diff;
mod gate;
mod splice;

pub use apply::{Merged, apply};
pub use diff::diff;
pub use gate::gate;
pub use splice::{FileText, Rendered, render};

use crate::model::{EnumId, ModelId, RelationId, Schema, TypeId};
use std::collections::BTreeSet;
use std::fmt;

/// What the documents do to one model, enum or composite type of the base schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Only in the documents: it is added.
    Added,
    /// In both, and the documents add or change something in it.
    Changed,
    /// In both, and the documents change nothing.
    Unchanged,
    /// Only in the base schema: it stays (documents never delete).
    Kept,
}

impl Kind {
    /// The mark printed before the name: `+`, `~`, `=`, `·`.
    pub fn sign(self) -> &'static str {
        match self {
            Kind::Added => "+",
            Kind::Changed => "~",
            Kind::Unchanged => "=",
            Kind::Kept => "·",
        }
    }

    /// One word for it, as the review's tree shows it.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Added => "new",
            Kind::Changed => "changed",
            Kind::Unchanged => "unchanged",
            Kind::Kept => "kept",
        }
    }
}

/// Which part of a field differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Aspect {
    Type,
    Optional,
    List,
    Default,
    Unique,
    /// The column name (`@map`).
    Map,
    /// The native type (`@db.*`).
    Native,
}

/// What one item of a change touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    Field,
    Relation,
    /// `@@index`, `@@unique`.
    Index,
    /// The table name (`@@map`).
    Table,
    /// An enum value.
    Value,
}

/// One concrete addition or change inside a changed model, enum or type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub what: What,
    /// Added (`+`) or changed (`~`).
    pub added: bool,
    /// The field, relation field or value name; the attribute for indexes and tables.
    pub name: String,
    /// For a change: the base's version, as Prisma writes it.
    pub before: Option<String>,
    /// The documents' version, as Prisma writes it (type and attributes for a field).
    pub after: String,
    /// For a field change: what differs.
    pub aspects: Vec<Aspect>,
    /// Where in the proposal (and the base) the item comes from, for [`apply`].
    pub(crate) at: At,
}

/// The ids an item refers to: proposal ids for what is new, base ids for what is changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum At {
    /// A field of the proposal's model or type, by index.
    Field(usize),
    /// A base field (by index) changed to the proposal's field (by index).
    FieldChange {
        base: usize,
        proposed: usize,
    },
    Relation(RelationId),
    /// A base relation changed to the proposal's relation.
    RelationChange {
        base: RelationId,
        proposed: RelationId,
    },
    /// The proposal model's `@@index` (by index).
    Index(usize),
    /// The proposal model's `@@unique` (by index).
    Unique(usize),
    Table,
    /// The proposal enum's value, by index.
    Value(usize),
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.added { "+" } else { "~" };
        let before = self.before.as_deref().unwrap_or("none");
        match (self.what, self.added) {
            (What::Field, true) => write!(f, "+ field {} {}", self.name, self.after),
            (What::Relation, true) => write!(f, "+ relation {} {}", self.name, self.after),
            (What::Field, false) => write!(f, "~ field {}: {before} → {}", self.name, self.after),
            (What::Relation, false) => write!(f, "~ relation {}: {before} → {}", self.name, self.after),
            (What::Table, _) => write!(f, "{sign} table: {before} → {}", self.after),
            (What::Index, _) => write!(f, "{sign} {}", self.after),
            (What::Value, _) => write!(f, "{sign} value {}", self.after),
        }
    }
}

/// Which block an entry of the change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Block {
    Model,
    Enum,
    /// A MongoDB composite type.
    Type,
}

/// The change to one model, enum or composite type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub block: Block,
    /// The Prisma keyword that opens it (`model`, `view`, `enum`, `type`).
    pub keyword: &'static str,
    /// Its name in the merged schema: the base's when both have it.
    pub name: String,
    pub kind: Kind,
    /// For `Changed`: what is added or changed, in the proposal's order.
    pub items: Vec<Item>,
    /// Other entries whose change must be accepted too for all of this one to apply (the
    /// other end of a new relation).
    pub needs: Vec<String>,
    pub(crate) base: Option<Id>,
    pub(crate) proposed: Option<Id>,
}

/// A typed id into one of the two schemas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Id {
    Model(ModelId),
    Enum(EnumId),
    Type(TypeId),
}

impl Entry {
    /// The entry's lines as `schemata generate --base` prints them.
    pub fn lines(&self) -> Vec<String> {
        let head = format!("{} {}", self.keyword, self.name);
        match self.kind {
            Kind::Added => vec![format!("+ {head} (new)")],
            Kind::Unchanged => vec![format!("= {head} (unchanged)")],
            Kind::Kept => vec![format!("· {head} (kept, not in the documents)")],
            Kind::Changed => self.items.iter().map(|i| format!("~ {head}: {i}")).collect(),
        }
    }

    /// The base model, when the base has this entry and it is a model.
    pub fn base_model(&self) -> Option<ModelId> {
        match self.base {
            Some(Id::Model(id)) => Some(id),
            _ => None,
        }
    }

    /// The proposal's model, when the documents have this entry and it is a model.
    pub fn proposed_model(&self) -> Option<ModelId> {
        match self.proposed {
            Some(Id::Model(id)) => Some(id),
            _ => None,
        }
    }

    /// Whether accepting it changes anything.
    pub fn is_change(&self) -> bool {
        matches!(self.kind, Kind::Added | Kind::Changed)
    }
}

/// What the documents add to or change in a base schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The proposal the entries point into: the documents' schema, its foreign keys typed
    /// like the base keys they reference.
    pub proposed: Schema,
    /// Models and views (in the proposal's dependency order, then the kept ones), then enums,
    /// then composite types.
    pub entries: Vec<Entry>,
}

impl Change {
    /// The entry of a model, enum or type by its merged name.
    pub fn entry(&self, name: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.name == name)
    }

    /// The entries that change something (added or changed).
    pub fn changes(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| e.is_change())
    }

    /// Every name that has a change: accepting all of them is `--yes`.
    pub fn all_names(&self) -> BTreeSet<String> {
        self.changes().map(|e| e.name.clone()).collect()
    }

    /// Every line, as `schemata generate --base` prints the change.
    pub fn lines(&self) -> Vec<String> {
        self.entries.iter().flat_map(Entry::lines).collect()
    }

    /// The entry for a base model.
    pub fn of_base_model(&self, id: ModelId) -> Option<&Entry> {
        self.entries.iter().find(|e| e.base == Some(Id::Model(id)))
    }

    /// The entry for a proposal model.
    pub fn of_proposed_model(&self, id: ModelId) -> Option<&Entry> {
        self.entries.iter().find(|e| e.proposed == Some(Id::Model(id)))
    }
}
