//! Query patterns as the documents state them: sentences that read like an access path
//! ("list a tenant's open orders by date") and `GET` endpoints (`/orders?status=&from=`).
//! Textual only; [`super::resolve`] matches them against a schema.
//!
//! `ingest::ingest` consumes the documents' prose (relationship sentences), so the patterns
//! are read again here from the sources with the Markdown block splitter.

use crate::ingest::markdown::blocks::{self, Block, Item, Text};
use crate::ingest::{Format, Source};
use crate::model::{LineIndex, Provenance};
use serde::Serialize;

/// Verbs that start a query pattern.
const VERBS: &[&str] =
    &["list", "find", "search", "show", "get", "fetch", "lookup", "look", "query", "filter", "count", "browse", "load"];

/// What kind of statement a pattern is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PatternKind {
    /// A sentence: "list a tenant's open orders by date".
    Sentence,
    /// A `GET` endpoint path with its query string: `/clinics/:id/bookings?from=&to=`.
    Endpoint,
}

/// One stated query pattern, not yet matched to a model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pattern {
    pub kind: PatternKind,
    pub text: String,
    pub at: Provenance,
}

/// Every query pattern in the Markdown sources, in document order.
pub fn read(sources: &[Source]) -> Vec<Pattern> {
    let mut out = Vec::new();
    for source in sources.iter().filter(|s| Format::of(&s.name) == Format::Markdown) {
        let lines = LineIndex::new(&source.text);
        let at = |offset: usize| {
            let (line, column) = lines.position(&source.text, offset);
            Provenance::new(source.name.as_str(), line, column)
        };
        let mut query_section = false;
        for block in blocks::blocks(&source.text) {
            match block {
                Block::Heading { text, level } => query_section = level >= 2 && is_query_heading(&text.text),
                Block::Paragraph(text) => prose(&text, query_section, &at, &mut out),
                Block::List { items, .. } => list(&items, query_section, &at, &mut out),
                Block::Table { rows, .. } => {
                    for row in &rows {
                        if let Some(p) = endpoint_row(row, &at) {
                            out.push(p);
                        }
                    }
                }
                Block::Code { .. } => {}
            }
        }
    }
    out
}

/// "Query patterns", "Access patterns", "Queries", "Reads".
fn is_query_heading(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    t.contains("quer") || t.contains("access pattern") || t.contains("read pattern")
}

fn list(items: &[Item], query_section: bool, at: &impl Fn(usize) -> Provenance, out: &mut Vec<Pattern>) {
    for item in items {
        prose(&item.text, query_section, at, out);
        list(&item.children, query_section, at, out);
    }
}

/// Sentences of a paragraph or list item; `GET /path` anywhere in them.
fn prose(text: &Text, query_section: bool, at: &impl Fn(usize) -> Provenance, out: &mut Vec<Pattern>) {
    let clean = text.text.replace(['`', '*'], "");
    let mut endpoint = false;
    for (i, _) in clean.match_indices("GET ") {
        if let Some(path) = clean[i + 4..].split_whitespace().next().filter(|p| p.starts_with('/')) {
            out.push(Pattern { kind: PatternKind::Endpoint, text: path.to_string(), at: at(text.offset) });
            endpoint = true;
        }
    }
    if endpoint {
        return;
    }
    for sentence in clean.split(['.', ';', '\n']).map(str::trim).filter(|s| !s.is_empty()) {
        if query_section || starts_with_verb(sentence) {
            out.push(Pattern { kind: PatternKind::Sentence, text: sentence.to_string(), at: at(text.offset) });
        }
    }
}

fn starts_with_verb(sentence: &str) -> bool {
    let first = sentence.split_whitespace().next().unwrap_or("").to_ascii_lowercase();
    let first = first.trim_matches(|c: char| !c.is_ascii_alphabetic());
    VERBS.contains(&first) && sentence.split_whitespace().count() >= 3
}

/// A table row with a `GET` cell and a path cell.
fn endpoint_row(row: &[Text], at: &impl Fn(usize) -> Provenance) -> Option<Pattern> {
    let clean = |t: &Text| t.text.replace('`', "").trim().to_string();
    row.iter().find(|c| clean(c).eq_ignore_ascii_case("get"))?;
    let path = row.iter().find(|c| clean(c).starts_with('/'))?;
    Some(Pattern { kind: PatternKind::Endpoint, text: clean(path), at: at(path.offset) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_and_endpoints() {
        let doc = "# API\n\nList a tenant's open orders by date. The rest is prose.\n\n\
                   | Method | Path |\n|---|---|\n| GET | `/orders?status=&from=` |\n| POST | /orders |\n\n\
                   ## Query patterns\n- orders of a customer\n- see `GET /customers/:id/orders`\n";
        let found = read(&[Source::new("d.md", doc)]);
        let texts: Vec<(&str, PatternKind)> = found.iter().map(|p| (p.text.as_str(), p.kind)).collect();
        assert_eq!(
            texts,
            [
                ("List a tenant's open orders by date", PatternKind::Sentence),
                ("/orders?status=&from=", PatternKind::Endpoint),
                ("orders of a customer", PatternKind::Sentence),
                ("/customers/:id/orders", PatternKind::Endpoint),
            ]
        );
        assert_eq!(found[0].at.line, 3);
        assert_eq!(found[1].at.line, 7);
    }
}
