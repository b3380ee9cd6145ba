//! Ingest: read documents into raw findings (entities, fields, enums, relationships),
//! each with its provenance. Ingest never fails: it returns what it found and its diagnostics.

pub mod dbml;
pub mod markdown;
pub mod mermaid;
pub mod raw;
pub mod relationships;
pub mod sql;
mod sql_rules;
pub mod sqlalchemy;
pub mod typescript;

use raw::{Origin, RawDocument};
use relationships::EntityNames;
use serde::Serialize;

/// One input document, already decoded as UTF-8 (the shell reports files that are not).
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as the user gave it; used in every provenance.
    pub name: String,
    pub text: String,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self { name: name.into(), text: text.into() }
    }
}

/// The notations schemata reads, chosen by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Markdown,
    TypeScript,
    Mermaid,
    Dbml,
    Sql,
    SqlAlchemy,
}

impl Format {
    /// The format of a file name; Markdown for anything unrecognised (design docs are
    /// often `.txt` or extension-less).
    pub fn of(name: &str) -> Format {
        let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
        match ext.as_str() {
            "ts" | "tsx" | "d.ts" => Format::TypeScript,
            "mmd" | "mermaid" => Format::Mermaid,
            "dbml" => Format::Dbml,
            "sql" => Format::Sql,
            "py" | "pyi" => Format::SqlAlchemy,
            _ => Format::Markdown,
        }
    }
}

/// Everything found in all documents, with relationship sentences resolved against
/// the entity names of every document.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Ingested {
    pub documents: Vec<RawDocument>,
}

impl Ingested {
    pub fn has_data_model(&self) -> bool {
        self.documents.iter().any(RawDocument::has_data_model)
    }
}

/// Reads one document on its own (relationship sentences stay unresolved).
pub fn read(source: &Source) -> RawDocument {
    let text = source.text.strip_prefix('\u{feff}').unwrap_or(&source.text);
    let origin = Origin { file: &source.name, first_line: 1 };
    match Format::of(&source.name) {
        Format::Markdown => markdown::read(&source.name, text),
        Format::TypeScript => typescript::read(text, origin),
        Format::Mermaid => mermaid::read(text, origin),
        Format::Dbml => dbml::read(text, origin),
        Format::Sql => sql::read(text, origin),
        Format::SqlAlchemy => sqlalchemy::read(text, origin),
    }
}

/// Reads every document, then resolves relationship sentences against all entity names.
pub fn ingest(sources: &[Source]) -> Ingested {
    let mut documents: Vec<RawDocument> = sources.iter().map(read).collect();
    let names = EntityNames::new(documents.iter().flat_map(|d| d.entities.iter().map(|e| e.name.as_str())));
    for doc in &mut documents {
        let sentences = std::mem::take(&mut doc.sentences);
        for sentence in &sentences {
            if let Some(rel) = relationships::read(sentence, &names) {
                doc.relationships.push(rel);
            }
        }
    }
    Ingested { documents }
}
