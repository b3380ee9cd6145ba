//! Markdown documents: finds the data-model parts of a noisy document (field tables,
//! entity bullets, ```ts and ```mermaid blocks, relationship lists) and says what it skipped.

pub(crate) mod blocks;
mod bullets;
mod tables;
mod text;

use super::raw::{FactKind, RawDocument, RawEntity, RawFact, RawForm, Sentence, Skipped};
use super::{mermaid, typescript};
use crate::diagnostics::Diagnostic;
use crate::model::{LineIndex, Provenance};
use blocks::{Block, Item, Text};
use text::{clean_inline, is_field_token, strip_code};

/// Positions for one document.
pub struct Ctx<'a> {
    file: &'a str,
    text: &'a str,
    lines: LineIndex,
}

impl<'a> Ctx<'a> {
    fn new(file: &'a str, text: &'a str) -> Self {
        Self { file, text, lines: LineIndex::new(text) }
    }

    /// Provenance of a byte offset.
    pub fn at(&self, offset: usize) -> Provenance {
        let (line, column) = self.lines.position(self.text, offset);
        Provenance::new(self.file, line, column)
    }
}

/// The heading and prose seen since the last heading, for naming and describing tables.
#[derive(Default)]
struct Section {
    heading: Option<Text>,
    description: Option<String>,
    caption: Option<String>,
}

/// Reads a whole Markdown document.
pub fn read(file: &str, source: &str) -> RawDocument {
    let ctx = Ctx::new(file, source);
    let mut doc = RawDocument::new(file);
    let mut section = Section::default();
    for block in blocks::blocks(source) {
        match block {
            Block::Heading { text, .. } => {
                section = Section { heading: Some(text), ..Section::default() };
            }
            Block::Paragraph(text) => read_paragraph(&ctx, &mut doc, &mut section, &text),
            Block::Table { header, rows, offset } => read_table(&ctx, &mut doc, &mut section, &header, &rows, offset),
            Block::List { items, .. } => read_list(&ctx, &mut doc, &items),
            Block::Code { lang, text } => read_code(&ctx, &mut doc, &lang, &text),
        }
    }
    doc
}

fn read_paragraph(ctx: &Ctx<'_>, doc: &mut RawDocument, section: &mut Section, text: &Text) {
    read_facts(ctx, doc, text);
    let cleaned = clean_inline(&text.text);
    if let Some(name) = caption_name(&cleaned) {
        section.caption = Some(name);
        return;
    }
    if section.description.is_none() {
        section.description = Some(cleaned.clone());
    }
    for sentence in cleaned.split(". ") {
        doc.sentences.push(Sentence { text: sentence.trim().to_string(), at: ctx.at(text.offset) });
    }
}

fn read_table(
    ctx: &Ctx<'_>,
    doc: &mut RawDocument,
    section: &mut Section,
    header: &[Text],
    rows: &[Vec<Text>],
    offset: usize,
) {
    match tables::read_fields(ctx, header, rows, offset) {
        Ok((fields, constraints)) => {
            let name = section.caption.take().or_else(|| section.heading.as_ref().and_then(|h| entity_name(&h.text)));
            let Some(name) = name else {
                doc.diagnostics.push(Diagnostic::warning(
                    "a table of fields with no entity name: put the entity's name in the heading above it",
                    Some(ctx.at(offset)),
                ));
                doc.skipped.push(Skipped {
                    what: "table of fields".into(),
                    why: "no entity name in the heading or caption above it".into(),
                    at: ctx.at(offset),
                });
                return;
            };
            let at = section.heading.as_ref().map_or(offset, |h| h.offset);
            doc.entities.push(RawEntity {
                name,
                description: section.description.take(),
                fields,
                constraints,
                form: RawForm::Table,
                at: ctx.at(at),
                physical: false,
            });
        }
        Err(skipped) => doc.skipped.push(skipped),
    }
}

fn read_list(ctx: &Ctx<'_>, doc: &mut RawDocument, items: &[Item]) {
    let mut entities = Vec::new();
    let mut sentences = Vec::new();
    for item in items {
        read_facts(ctx, doc, &item.text);
        match bullets::read_entity(ctx, item, &mut sentences) {
            Some(entity) => entities.push(entity),
            None => collect_sentences(ctx, item, &mut sentences),
        }
    }
    // A bold label with no fields is an entity only beside entities that have fields
    // ("**Goal:** ..." in a list of goals is prose).
    let any_with_fields = entities.iter().any(|e| !e.fields.is_empty());
    for entity in entities {
        if !entity.fields.is_empty() || (any_with_fields && crate::naming::is_pascal(&entity.name)) {
            doc.entities.push(entity);
        } else {
            sentences.push(Sentence {
                text: format!("{} {}", entity.name, entity.description.unwrap_or_default()),
                at: entity.at,
            });
        }
    }
    doc.sentences.extend(sentences);
}

/// Every list item's text, iteratively (lists are depth-capped, but a flat walk costs nothing).
fn collect_sentences(ctx: &Ctx<'_>, item: &Item, out: &mut Vec<Sentence>) {
    let mut stack = vec![item];
    while let Some(it) = stack.pop() {
        out.push(Sentence { text: clean_inline(&it.text.text), at: ctx.at(it.text.offset) });
        stack.extend(it.children.iter().rev());
    }
}

fn read_code(ctx: &Ctx<'_>, doc: &mut RawDocument, lang: &str, text: &Text) {
    let at = ctx.at(text.offset);
    let origin = super::raw::Origin { file: ctx.file, first_line: at.line };
    match lang {
        "ts" | "typescript" | "tsx" => doc.absorb(typescript::read(&text.text, origin)),
        "mermaid" => doc.absorb(mermaid::read(&text.text, origin)),
        _ => {
            let what = if lang.is_empty() { "code block".to_string() } else { format!("```{lang} block") };
            doc.skipped.push(Skipped { what, why: "not a data-model notation schemata reads in Markdown".into(), at });
        }
    }
}

/// A paragraph that only names the table below it: `**Customer**`, `Table: customers`.
fn caption_name(text: &str) -> Option<String> {
    let t = strip_code(&clean_inline(text));
    let t = t.trim().trim_end_matches(':');
    let lower = t.to_ascii_lowercase();
    for prefix in ["table:", "entity:", "model:", "collection:", "table", "entity", "model"] {
        if let Some(rest) = lower.strip_prefix(prefix) {
            let rest = &t[t.len() - rest.len()..];
            if let Some(name) = single_name(rest) {
                return Some(name);
            }
        }
    }
    // A bare identifier alone in a paragraph.
    (is_field_token(t) && t.starts_with(|c: char| c.is_ascii_uppercase())).then(|| t.to_string())
}

fn single_name(s: &str) -> Option<String> {
    let s = s.trim().trim_matches(|c| matches!(c, ':' | '-' | '–' | '—')).trim();
    is_field_token(s).then(|| s.to_string())
}

/// Words that make a heading a section title rather than an entity's name.
const GENERIC_HEADINGS: &[&str] = &[
    "data",
    "model",
    "models",
    "schema",
    "schemas",
    "entities",
    "entity",
    "tables",
    "fields",
    "overview",
    "relationships",
    "relations",
    "database",
    "collections",
    "types",
    "global",
    "notes",
    "appendix",
    "erd",
    "diagram",
    "domain",
    "glossary",
    "api",
    "endpoints",
    "summary",
    "introduction",
    "conventions",
    "the",
];

/// The entity a heading names: `### Organization`, `### 3.2 WorkOrder`, `` ### `users` table ``.
/// A single odd token (`order-line`, `2fa_codes`) is a name too: `naming` sanitises it later.
fn entity_name(heading: &str) -> Option<String> {
    let t = strip_code(&clean_inline(heading));
    let t = strip_numbering(t.trim());
    let mut words: Vec<&str> = t.split_whitespace().collect();
    let kind_word =
        |w: &&str| matches!(w.to_ascii_lowercase().trim_end_matches(':'), "table" | "entity" | "model" | "collection");
    if words.len() > 1 && words.first().is_some_and(kind_word) {
        words.remove(0);
    }
    if words.len() > 1 && words.last().is_some_and(kind_word) {
        words.pop();
    }
    if words.is_empty() || words.len() > 3 {
        return None;
    }
    if words.iter().all(|w| GENERIC_HEADINGS.contains(&w.to_ascii_lowercase().as_str())) {
        return None;
    }
    let single_token = words.len() == 1 && words[0].chars().any(char::is_alphanumeric);
    if !single_token && !words.iter().all(|w| is_field_token(w)) {
        return None;
    }
    Some(words.join(" "))
}

/// `3.2 WorkOrder` → `WorkOrder`, `4) Orders` → `Orders`; `2fa_codes` keeps its digit.
fn strip_numbering(t: &str) -> &str {
    let digits = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    if digits == 0 {
        return t;
    }
    let rest = t[digits..].strip_prefix(')').unwrap_or(&t[digits..]);
    if rest.starts_with(char::is_whitespace) { rest.trim_start() } else { t }
}

/// "All tables live in PostgreSQL", "All ids are MongoDB ObjectIds", "carry `tenantId`".
fn read_facts(ctx: &Ctx<'_>, doc: &mut RawDocument, text: &Text) {
    let lower = text.text.to_ascii_lowercase();
    let mut fact = |kind: FactKind| {
        if !doc.facts.iter().any(|f| f.kind == kind) {
            doc.facts.push(RawFact { kind, at: ctx.at(text.offset) });
        }
    };
    if lower.contains("postgres") {
        fact(FactKind::PostgreSql);
    }
    if lower.contains("mongodb") || lower.contains("mongo ") {
        fact(FactKind::MongoDb);
    }
    if lower.contains("mysql") {
        fact(FactKind::MySql);
    }
    if lower.contains("sqlite") {
        fact(FactKind::Sqlite);
    }
    if lower.contains("objectid") {
        fact(FactKind::ObjectIdIds);
    }
    if lower.contains("uuid") && lower.contains("id") {
        fact(FactKind::UuidIds);
    }
    if doc.tenant_key.is_none() && lower.contains("tenant") {
        let key = text.text.split('`').skip(1).step_by(2).find(|code| is_field_token(code) && code.ends_with("Id"));
        if let Some(key) = key {
            doc.tenant_key = Some(key.to_string());
            fact(FactKind::TenantKey);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_name_entities_unless_generic() {
        assert_eq!(entity_name("Organization").as_deref(), Some("Organization"));
        assert_eq!(entity_name("3.2 WorkOrder").as_deref(), Some("WorkOrder"));
        assert_eq!(entity_name("`users` table").as_deref(), Some("users"));
        assert_eq!(entity_name("3. Data Models"), None);
        assert_eq!(entity_name("5. Deployment and operations notes"), None);
        assert_eq!(entity_name("2fa_codes").as_deref(), Some("2fa_codes"));
        assert_eq!(entity_name("4) order-line").as_deref(), Some("order-line"));
    }

    #[test]
    fn captions_name_tables() {
        assert_eq!(caption_name("**Customer**").as_deref(), Some("Customer"));
        assert_eq!(caption_name("Table: `customers`").as_deref(), Some("customers"));
        assert_eq!(caption_name("The tenant: one customer company using FieldOps."), None);
    }
}
