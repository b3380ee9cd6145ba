//! Outputs people read, generated from the final schema: `DATABASE_SCHEMA.md` (summary,
//! models with provenance, enums, relations, indexes, dependency order, embedded Mermaid),
//! the coding-agent skill `.claude/skills/prisma-data-model/SKILL.md`, and the ERD alone as
//! Mermaid (`erd.mmd`) and Graphviz DOT (`erd.dot`).
//!
//! Pure: files are returned as text with paths relative to the docs folder; the shells
//! (`schemata docs`, the TUI) write them.

pub mod erd;
mod schema_md;
mod skill;

use crate::conventions::Profile;
use crate::model::{Field, Provenance, Relation, RelationKind, Schema};

pub use schema_md::database_schema;
pub use skill::skill;

/// Where the skill document goes inside the docs folder.
pub const SKILL_PATH: &str = ".claude/skills/prisma-data-model/SKILL.md";

/// What the documents need beyond the schema.
#[derive(Debug, Clone)]
pub struct DocsConfig {
    /// The conventions profile the schema follows (audit, soft-delete and tenant rules).
    pub profile: Profile,
    /// The schema as Prisma's `--schema` takes it, from the project root (`prisma/schema.prisma`).
    pub schema_path: String,
}

impl DocsConfig {
    /// The profile's tenant key, else the one the documents state.
    pub fn tenant_key<'a>(&'a self, schema: &'a Schema) -> Option<&'a str> {
        self.profile.tenant.key.as_deref().or(schema.tenant_key.as_deref())
    }
}

/// One generated file, its path relative to the docs folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocFile {
    pub path: String,
    pub text: String,
}

/// Every document: `DATABASE_SCHEMA.md`, the skill, `erd.mmd`, `erd.dot`.
pub fn render(schema: &Schema, config: &DocsConfig) -> Vec<DocFile> {
    vec![
        DocFile { path: "DATABASE_SCHEMA.md".into(), text: database_schema(schema, config) },
        DocFile { path: SKILL_PATH.into(), text: skill(schema, config) },
        DocFile { path: "erd.mmd".into(), text: erd::mermaid(schema) },
        DocFile { path: "erd.dot".into(), text: erd::dot(schema) },
    ]
}

/// `prd.md:31, api.md:12`, or `inferred` when no document stated it.
fn places(provenance: &[Provenance]) -> String {
    if provenance.is_empty() {
        return "inferred".into();
    }
    let list: Vec<String> = provenance.iter().map(|p| format!("{}:{}", p.file, p.line)).collect();
    list.join(", ")
}

/// A field's type as Prisma writes it, with its native type: `String? @db.Uuid`.
fn type_text(schema: &Schema, f: &Field) -> String {
    let mut ty = schema.field_type(f);
    if let Some(n) = f.native.as_ref().filter(|n| crate::emit::native_supported(schema.provider, f.ty, n)) {
        ty.push_str(&format!(" @db.{}", n.name));
        if !n.args.is_empty() {
            ty.push_str(&format!("({})", n.args.join(", ")));
        }
    }
    ty
}

/// A Markdown table cell: one line, pipes escaped.
fn cell(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").replace('|', "\\|")
}

/// "A Clinic has many Clinicians" and the like, for summaries.
fn relation_sentence(schema: &Schema, r: &Relation) -> String {
    let (holder, target) = (&schema[r.holder].name, &schema[r.target].name);
    let fk = if r.fk_fields.is_empty() { String::new() } else { format!(" (`{holder}.{}`)", r.fk_fields.join(", ")) };
    let role = if r.holder_field != crate::naming::lower_first(target) {
        format!(" as `{}`", r.holder_field)
    } else {
        String::new()
    };
    let article = crate::naming::upper_first(crate::naming::article(target));
    match r.kind {
        RelationKind::ManyToOne => format!("{article} {target} has many {}{role}{fk}", crate::naming::plural(holder)),
        RelationKind::OneToOne => format!("{article} {target} has at most one {holder}{role}{fk}"),
        RelationKind::ManyToMany => format!("{holder} ↔ {target} (many-to-many)"),
    }
}

/// Whether the holder's foreign key is required.
fn required(schema: &Schema, r: &Relation) -> bool {
    let holder = &schema[r.holder];
    !r.fk_fields.is_empty() && r.fk_fields.iter().all(|f| holder.field(f).is_some_and(|f| !f.optional))
}
