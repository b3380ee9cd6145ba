//! What the readers find in a document, as the document says it: names as written,
//! types as text. Nothing here is resolved; `infer` turns it into a `Schema`.

use crate::diagnostics::Diagnostic;
use crate::model::Provenance;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The form an entity was described in (shown in `inspect`, used to weigh conflicts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RawForm {
    /// A Markdown table of fields under a heading.
    Table,
    /// A Markdown bullet `**Name** - ...` with field lists.
    Bullets,
    /// A TypeScript `interface` in a ```ts block.
    TypeScript,
    /// A Mermaid `erDiagram` entity block.
    Mermaid,
    /// A Mermaid relationship line naming an entity that has no attribute block.
    MermaidMention,
    /// A DBML `Table` block.
    Dbml,
    /// A SQL `CREATE TABLE` statement.
    Sql,
    /// A SQLAlchemy mapped class or `Table(...)`.
    #[serde(rename = "sqlalchemy")]
    SqlAlchemy,
}

/// A field as a document states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct RawField {
    /// The name as written (`opens_at_hour`, `createdAt`).
    pub name: String,
    /// The declared type as written (`ObjectId`, `varchar(40)`, `string`, `CourseLevel`,
    /// `{ iban: string }`), without list or optional markers.
    pub ty: Option<String>,
    /// `Some(true)` when stated optional/nullable, `Some(false)` when stated required.
    pub optional: Option<bool>,
    /// Stated as a list/array (`string[]`, `Tag[]`).
    pub list: bool,
    /// The default as written (`auto`, `free`, `true`, `now()`).
    pub default: Option<String>,
    pub unique: bool,
    pub primary: bool,
    /// Marked as a foreign key (Mermaid `FK`, a "Key" column saying FK).
    pub foreign: bool,
    pub description: Option<String>,
    /// Enum values stated inline (`enum: a, b`, `status: "a" | "b"`).
    pub values: Option<Vec<String>>,
    /// An entity the document says this field points to ("guardianId points to another Patient").
    pub references: Option<String>,
    /// The column's name when the document names the field otherwise (SQLAlchemy's
    /// `nick = Column("real_name", ...)`): kept with `@map`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub db_name: Option<String>,
    /// Set to the current time on every update (SQLAlchemy's `onupdate=func.now()`): `@updatedAt`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub updated_at: bool,
    pub at: Provenance,
}

/// A compound constraint stated in prose or a table ("name is unique per tenant").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawConstraint {
    pub kind: ConstraintKind,
    /// Field names as written; a scope word such as "tenant" or "org" is kept as written
    /// and resolved to the tenant key by `infer`.
    pub fields: Vec<String>,
    pub at: Provenance,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConstraintKind {
    Unique,
    Index,
    PrimaryKey,
}

/// An entity (future model) as a document describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawEntity {
    /// The name as written (`LIBRARY_CARD`, `Clinic`, `order_items`).
    pub name: String,
    pub description: Option<String>,
    pub fields: Vec<RawField>,
    pub constraints: Vec<RawConstraint>,
    pub form: RawForm,
    pub at: Provenance,
    /// Names are the database's own (a DBML or SQL table): the model keeps them with
    /// `@@map` / `@map`.
    #[serde(default)]
    pub physical: bool,
}

/// A named list of values (`type CourseLevel = 'a' | 'b'`, `Enum order_status { ... }`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawEnum {
    pub name: String,
    pub values: Vec<String>,
    pub at: Provenance,
    /// The name is the database's own type name (a DBML or SQL enum): the Prisma enum keeps
    /// it with `@@map` when its name differs (`order_status` → `OrderStatus`).
    #[serde(default)]
    pub physical: bool,
}

/// Cardinality of a stated relationship, read left to right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StatedCardinality {
    /// Many `left` per one `right`: `left` holds the foreign key.
    ManyToOne,
    /// One `left` has many `right`: `right` holds the foreign key.
    OneToMany,
    OneToOne,
    ManyToMany,
}

/// A relationship a document states between two entities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawRelationship {
    /// Entity names as written in the statement.
    pub left: String,
    pub right: String,
    pub cardinality: StatedCardinality,
    /// Whether the "one" side may be absent (Mermaid `|o`, "optional" in the text):
    /// the foreign key is nullable. `None` when not stated.
    pub optional: Option<bool>,
    /// A qualifier naming the role ("created by", "as the referrer", a Mermaid label).
    pub label: Option<String>,
    /// The junction entity of a many-to-many ("via PatientTag").
    pub via: Option<String>,
    /// Referential actions when stated (DBML `[delete: cascade]`).
    pub on_delete: Option<String>,
    pub on_update: Option<String>,
    pub at: Provenance,
}

/// The database or id style a document states ("All tables live in PostgreSQL").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawFact {
    pub kind: FactKind,
    pub at: Provenance,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FactKind {
    PostgreSql,
    MySql,
    Sqlite,
    MongoDb,
    UuidIds,
    ObjectIdIds,
    /// Tenant-scoped entities carry this field (`tenantId`, `orgId`): value in `RawDocument::tenant_key`.
    TenantKey,
}

/// A part of the document that was looked at and set aside, said so in `inspect`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    pub what: String,
    pub why: String,
    pub at: Provenance,
}

/// A line of prose that may state a relationship, resolved once every document's
/// entity names are known (a document may relate entities another one defines).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    pub text: String,
    pub at: Provenance,
}

/// Everything one reader found in one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct RawDocument {
    pub file: String,
    pub entities: Vec<RawEntity>,
    pub enums: Vec<RawEnum>,
    pub relationships: Vec<RawRelationship>,
    pub facts: Vec<RawFact>,
    pub tenant_key: Option<String>,
    pub sentences: Vec<Sentence>,
    pub skipped: Vec<Skipped>,
    pub diagnostics: Vec<Diagnostic>,
    /// The names the document gives physical tables, by table name, where the model is named
    /// otherwise (a SQLAlchemy class `LineItem` mapping `order_items`): the model takes this
    /// name and keeps the table's with `@@map`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub model_names: BTreeMap<String, String>,
    /// The same for physical enum types (class `OrderStatus` creating type `orderstatus`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub enum_names: BTreeMap<String, String>,
}

impl RawDocument {
    pub fn new(file: impl Into<String>) -> Self {
        Self { file: file.into(), ..Self::default() }
    }

    /// Appends everything `other` found (a code block read by a sub-reader).
    pub fn absorb(&mut self, other: RawDocument) {
        self.entities.extend(other.entities);
        self.enums.extend(other.enums);
        self.relationships.extend(other.relationships);
        self.facts.extend(other.facts);
        if self.tenant_key.is_none() {
            self.tenant_key = other.tenant_key;
        }
        self.sentences.extend(other.sentences);
        self.skipped.extend(other.skipped);
        self.diagnostics.extend(other.diagnostics);
        self.model_names.extend(other.model_names);
        self.enum_names.extend(other.enum_names);
    }

    /// Whether the reader found any part of a data model.
    pub fn has_data_model(&self) -> bool {
        !self.entities.is_empty() || !self.enums.is_empty()
    }
}

/// Where a code block's text sits in its document, so sub-readers report real positions.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    pub file: &'a str,
    /// 1-based line of the block's first line in the document.
    pub first_line: u32,
}

impl Origin<'_> {
    /// Provenance of 1-based `line` and `column` within the block.
    pub fn at(&self, line: u32, column: u32) -> Provenance {
        Provenance::new(self.file, self.first_line + line - 1, column)
    }
}
