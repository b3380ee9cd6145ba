//! Reader for SQLAlchemy model files (`models.py`): declarative classes in the classic
//! `Column(...)` style and the 2.0 `Mapped[...] = mapped_column(...)` style, `Table(...)`
//! objects (association tables), and module-level `Index(...)`.
//!
//! The file is parsed by Ruff's Python parser (`ruff_python_parser`), which recovers from
//! syntax errors: each is a warning with its line and column, and what still parses is read.
//! A depth guard runs first (`parse.rs`). Nothing here recurses on the input beyond small
//! fixed bounds.
//!
//! The reading is in passes. `module.rs` finds what the module defines: classes (mapped
//! classes, mixins and `__abstract__` classes, declarative bases, `enum.Enum` classes,
//! `TypeDecorator`s), `Table(...)` objects, `Annotated` aliases. `tables.rs` gathers each mapped
//! class's columns (its own, then its mixins', as SQLAlchemy does; a single-table-inheritance
//! subclass adds its columns to its parent's table), its relationships and its
//! `__table_args__`; `columns.rs` reads one column, `types.rs` its type. `relations.rs` then
//! resolves foreign keys and `relationship()`s, and `entities.rs` writes the raw entities.
//!
//! Tables are `physical` entities named as the database names them, as the SQL reader's are:
//! the model keeps the `__tablename__` with `@@map` and each column its name with `@map`, and
//! types are the PostgreSQL types SQLAlchemy creates (`String(50)` → `varchar(50)`), which the
//! inference maps as Prisma's introspection would. Each foreign key becomes a relationship with
//! its actions; `relationship(..., uselist=False)` or a scalar `Mapped["Profile"]` on the side
//! without the key makes it one-to-one; `secondary=` makes a many-to-many through the
//! association table. Whatever is not part of the data model, or is not read, is an info
//! diagnostic and a [`Skipped`] entry with its place.

mod columns;
mod entities;
mod expr;
mod module;
mod parse;
mod relations;
mod tables;
#[cfg(test)]
mod tests;
mod types;

use super::raw::{FactKind, Origin, RawDocument, RawFact, Skipped};
use crate::diagnostics::Diagnostic;
use crate::model::{LineIndex, Provenance};
use ruff_text_size::TextRange;
use std::collections::HashMap;

/// At most this many syntax errors are reported one by one.
const MAX_SYNTAX_ERRORS: usize = 20;

/// Reads one SQLAlchemy models file.
pub fn read(text: &str, origin: Origin<'_>) -> RawDocument {
    let mut reader = Reader::new(text, origin);
    match parse::parse(text) {
        parse::Parsed::TooDeep(offset) => {
            let range = TextRange::empty(ruff_text_size::TextSize::try_from(offset).unwrap_or_default());
            reader.warn(
                format!(
                    "the file nests expressions deeper than schemata reads ({} levels); it is not read",
                    parse::MAX_DEPTH
                ),
                range,
            );
            reader.skip("the whole file".into(), "it nests deeper than Python itself accepts", range);
            reader.doc
        }
        parse::Parsed::Failed => {
            reader.warn("the Python parser failed on this file; it is not read", TextRange::default());
            reader.doc
        }
        parse::Parsed::Module(body, errors) => {
            for e in errors.iter().take(MAX_SYNTAX_ERRORS) {
                let range = TextRange::empty(ruff_text_size::TextSize::try_from(e.offset).unwrap_or_default());
                reader.warn(format!("Python syntax error: {}; the rest is read as far as it parses", e.message), range);
            }
            if errors.len() > MAX_SYNTAX_ERRORS {
                let first = errors[MAX_SYNTAX_ERRORS].offset;
                let range = TextRange::empty(ruff_text_size::TextSize::try_from(first).unwrap_or_default());
                reader.warn(format!("{} more syntax errors", errors.len() - MAX_SYNTAX_ERRORS), range);
            }
            reader.run(&body);
            reader.doc
        }
    }
}

/// The reader's state: the document it fills and what the module defines.
pub(super) struct Reader<'m> {
    text: &'m str,
    origin: Origin<'m>,
    lines: LineIndex,
    doc: RawDocument,
    scope: types::Scope<'m>,
    /// Where each enum class is defined.
    enum_at: HashMap<String, TextRange>,
    fact: bool,
}

impl<'m> Reader<'m> {
    fn new(text: &'m str, origin: Origin<'m>) -> Self {
        Self {
            text,
            origin,
            lines: LineIndex::new(text),
            doc: RawDocument::new(origin.file),
            scope: types::Scope { text, ..types::Scope::default() },
            enum_at: HashMap::new(),
            fact: false,
        }
    }

    fn run(&mut self, body: &'m [ruff_python_ast::Stmt]) {
        let module = self.collect(body);
        let mut tables = self.tables(&module);
        self.lend_key_types(&mut tables);
        self.implicit_joins(&mut tables);
        let ids = self.entities(&mut tables);
        self.relations(&tables, &ids);
        // In document order, whichever pass found them.
        let place = |at: &Provenance| (at.line, at.column);
        self.doc.diagnostics.sort_by_key(|d| d.at.as_ref().map(place));
        self.doc.skipped.sort_by_key(|s| place(&s.at));
    }

    fn at(&self, range: TextRange) -> Provenance {
        let (line, column) = self.lines.position(self.text, range.start().to_usize());
        self.origin.at(line, column)
    }

    fn warn(&mut self, message: impl Into<String>, range: TextRange) {
        let at = self.at(range);
        self.doc.diagnostics.push(Diagnostic::warning(message, Some(at)));
    }

    fn info(&mut self, message: impl Into<String>, range: TextRange) {
        let at = self.at(range);
        self.doc.diagnostics.push(Diagnostic::info(message, Some(at)));
    }

    fn skip(&mut self, what: String, why: impl Into<String>, range: TextRange) {
        let at = self.at(range);
        self.doc.skipped.push(Skipped { what, why: why.into(), at });
    }

    /// Something looked at and not read: an info diagnostic and a [`Skipped`] entry.
    fn aside(&mut self, what: String, why: impl Into<String>, range: TextRange) {
        let why = why.into();
        self.info(format!("{what} is skipped: {why}"), range);
        self.skip(what, why, range);
    }

    /// The file uses PostgreSQL's dialect (an import, `JSONB`, `ARRAY`).
    fn postgres(&mut self, range: TextRange) {
        if !self.fact {
            self.fact = true;
            let at = self.at(range);
            self.doc.facts.push(RawFact { kind: FactKind::PostgreSql, at });
        }
    }

    fn mysql(&mut self, range: TextRange) {
        if !self.fact {
            self.fact = true;
            let at = self.at(range);
            self.doc.facts.push(RawFact { kind: FactKind::MySql, at });
        }
    }
}
