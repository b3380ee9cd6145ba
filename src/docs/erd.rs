//! The entity-relationship diagram as Mermaid `erDiagram` (which schemata's own Mermaid
//! reader reads back to the same entities and relations) and as Graphviz DOT.

use crate::model::{Field, FieldType, Relation, RelationKind, Schema};
use std::fmt::Write as _;

/// Relations drawn in the diagram: each emitted relation once (an explicit many-to-many is
/// drawn through its junction's two relations).
pub fn drawn(schema: &Schema) -> impl Iterator<Item = &Relation> {
    schema.relations.iter().filter(|r| r.is_emitted())
}

/// Whether the holder's foreign key may be null (the "one" side is `|o`).
fn optional(schema: &Schema, r: &Relation) -> bool {
    let holder = &schema[r.holder];
    r.fk_fields.iter().any(|f| holder.field(f).is_some_and(|f| f.optional))
}

/// `Target ||--o{ Holder : "field"`, read left to right as the Mermaid reader reads it.
fn mermaid_line(schema: &Schema, r: &Relation) -> String {
    let (holder, target) = (&schema[r.holder].name, &schema[r.target].name);
    let one = if optional(schema, r) { "|o" } else { "||" };
    let op = match r.kind {
        RelationKind::ManyToOne => format!("{one}--o{{"),
        RelationKind::OneToOne => format!("{one}--o|"),
        RelationKind::ManyToMany => "}o--o{".to_string(),
    };
    let (left, right) = if r.kind == RelationKind::ManyToMany { (holder, target) } else { (target, holder) };
    format!("    {left} {op} {right} : \"{}\"", r.holder_field)
}

fn mermaid_attribute(schema: &Schema, f: &Field) -> String {
    let mut ty = match f.ty {
        FieldType::Unsupported(id) => mermaid_word(&schema[id]),
        _ => schema.type_name(f.ty).to_string(),
    };
    if f.list {
        ty.push_str("[]");
    }
    let mut keys = Vec::new();
    if f.id {
        keys.push("PK");
    }
    if is_foreign(schema, f) {
        keys.push("FK");
    }
    if f.unique && !f.id {
        keys.push("UK");
    }
    let mut line = format!("        {ty} {}", f.name);
    if !keys.is_empty() {
        let _ = write!(line, " {}", keys.join(","));
    }
    if f.optional {
        line.push_str(" \"nullable\"");
    }
    line
}

/// A database type as a Mermaid attribute type, which is one word of letters, digits, `_`, `-`,
/// brackets and parentheses: `geometry(Point, 4326)` → `geometry(Point_4326)`. Written as the
/// database's type, so the Mermaid reader maps it back as it maps SQL.
fn mermaid_word(db_type: &str) -> String {
    let word: String = db_type
        .chars()
        .filter_map(|c| match c {
            ',' => Some('_'),
            c if c.is_ascii_alphanumeric() || "_-()[]".contains(c) => Some(c),
            _ => None,
        })
        .collect();
    if word.starts_with(|c: char| c.is_ascii_alphabetic()) { word } else { "Unsupported".into() }
}

/// Whether a field is a foreign key of some relation.
fn is_foreign(schema: &Schema, f: &Field) -> bool {
    schema.relations.iter().any(|r| r.fk_fields.contains(&f.name))
}

/// The Mermaid `erDiagram` text (without a code fence): every model with its scalar fields,
/// then every relation, models in dependency order.
pub fn mermaid(schema: &Schema) -> String {
    let mut out = String::from("erDiagram\n");
    for &id in &schema.order {
        let m = &schema[id];
        let _ = writeln!(out, "    {} {{", m.name);
        for f in &m.fields {
            let _ = writeln!(out, "{}", mermaid_attribute(schema, f));
        }
        out.push_str("    }\n");
    }
    for r in drawn(schema) {
        let _ = writeln!(out, "{}", mermaid_line(schema, r));
    }
    out
}

/// The Graphviz DOT diagram: one record node per model (fields listed), one edge per
/// relation from the holder to the target, labelled with the relation field.
pub fn dot(schema: &Schema) -> String {
    let mut out = String::from(
        "digraph schema {\n  rankdir=LR;\n  node [shape=record, fontname=\"Helvetica\", fontsize=10];\n  \
         edge [fontname=\"Helvetica\", fontsize=9];\n",
    );
    for &id in &schema.order {
        let m = &schema[id];
        let fields: Vec<String> = m
            .fields
            .iter()
            .map(|f| {
                let ty = schema.field_type(f);
                let key = if f.id {
                    " (PK)"
                } else if is_foreign(schema, f) {
                    " (FK)"
                } else {
                    ""
                };
                record_escape(&format!("{}: {ty}{key}", f.name)) + "\\l"
            })
            .collect();
        let _ = writeln!(out, "  {} [label=\"{{{}|{}}}\"];", m.name, m.name, fields.join(""));
    }
    for r in drawn(schema) {
        let (head, tail) = match r.kind {
            RelationKind::ManyToOne => ("tee", "crow"),
            RelationKind::OneToOne => ("tee", "tee"),
            RelationKind::ManyToMany => ("crow", "crow"),
        };
        let style = if optional(schema, r) { ", style=dashed" } else { "" };
        let _ = writeln!(
            out,
            "  {} -> {} [label=\"{}\", arrowhead={head}, arrowtail={tail}, dir=both{style}];",
            schema[r.holder].name,
            schema[r.target].name,
            record_escape(&r.holder_field)
        );
    }
    out.push_str("}\n");
    out
}

/// Escapes what a DOT record label treats as structure.
fn record_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '{' | '}' | '|' | '<' | '>' | '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
