//! Reader for existing Prisma schemas: one `schema.prisma`, or the several files of a
//! `prisma/schema/` folder, read back into the [`Schema`] model.
//!
//! Three steps, all pure: [`lexer`] (text → tokens with line and column), [`parser`]
//! (tokens → blocks, member lines and attributes; a bad line is reported and skipped),
//! `lower` (blocks → [`Schema`]: types resolved once every enum and model is known, relation
//! fields paired into [`Relation`](crate::model::Relation)s, dependency order). It never
//! panics, recursion is bounded, and every problem becomes a [`Diagnostic`] with its place.
//!
//! Every block kind is modelled: `model` and `view` (a [`Model`](crate::model::Model) with its
//! [`ModelKind`](crate::model::ModelKind)), `enum`, `type` (a
//! [`CompositeType`](crate::model::CompositeType)), and `generator`/`datasource` kept as
//! written in [`Imported`] ([`Imported::render`] prints them back). What the model cannot hold
//! is kept rather than dropped where possible: unmodelled field and block attributes go
//! verbatim into `extra_attributes` (those of relation fields onto the relation), comments
//! into [`Schema::comments`] by place, those inside `generator`/`datasource` blocks too. What
//! is still dropped is reported (warning or info) with its position: see `lower` for the list.

mod comments;
mod lexer;
mod lower;
mod parser;

use crate::diagnostics::Diagnostic;
use crate::emit::{self, EmitConfig};
use crate::ingest::Source;
use crate::model::{Provenance, Schema};

/// At most this many syntax errors are reported per file; the rest are counted.
const MAX_SYNTAX_ERRORS: usize = 100;

/// A `generator` or `datasource` block as written: its name and its `key = value` entries in
/// order, each value printed the way `prisma format` prints it (`"postgresql"`,
/// `env("DATABASE_URL")`, `["a", "b"]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub name: String,
    pub entries: Vec<(String, String)>,
    pub at: Provenance,
}

impl Block {
    /// The value text of `key`, if the block sets it.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// What reading a Prisma schema produced.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// Models and views, enums, composite types, relations and comments; `provider` from the
    /// datasource; every item `Stated`.
    pub schema: Schema,
    pub generators: Vec<Block>,
    pub datasources: Vec<Block>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Imported {
    /// The schema printed back with its own generator and datasource blocks, as read (preview
    /// features, `schemas`, `url` and all), instead of the ones an [`EmitConfig`] would write.
    pub fn render(&self, config: &EmitConfig) -> String {
        let mut out = String::new();
        let blocks =
            self.generators.iter().map(|b| ("generator", b)).chain(self.datasources.iter().map(|b| ("datasource", b)));
        for (keyword, block) in blocks {
            if !out.is_empty() {
                out.push('\n');
            }
            let header = format!("{keyword} {}", block.name);
            out.push_str(&emit::render_noted_key_values(&self.schema, &header, &block.entries));
        }
        let body = emit::render_body(&self.schema, config);
        if !out.is_empty() && !body.is_empty() {
            out.push('\n');
        }
        out.push_str(&body);
        out
    }
}

/// Reads one or more `.prisma` files (a multi-file `prisma/schema/` folder is several sources)
/// as one schema. Never fails: what cannot be read is reported in `diagnostics`.
pub fn read(sources: &[Source]) -> Imported {
    let mut diagnostics = Vec::new();
    let mut files = Vec::with_capacity(sources.len());
    for source in sources {
        let text = source.text.strip_prefix('\u{feff}').unwrap_or(&source.text);
        let (tokens, lex_errors) = lexer::lex(text);
        let (parsed, parse_errors) = parser::parse(&tokens);
        let mut errors: Vec<(String, u32, u32)> = lex_errors;
        errors.extend(parse_errors.into_iter().map(|(m, p)| (m, p.line, p.col)));
        errors.sort_by_key(|&(_, line, col)| (line, col));
        let omitted = errors.len().saturating_sub(MAX_SYNTAX_ERRORS);
        for (message, line, col) in errors.into_iter().take(MAX_SYNTAX_ERRORS) {
            diagnostics.push(Diagnostic::error(message, Some(Provenance::new(&source.name, line, col))));
        }
        if omitted > 0 {
            diagnostics.push(Diagnostic::error(
                format!("{omitted} more syntax errors in this file not shown"),
                Some(Provenance::new(&source.name, 1, 1)),
            ));
        }
        files.push(lower::ParsedFile { name: &source.name, items: parsed.items, end_comments: parsed.end_comments });
    }
    let mut imported = lower::lower(&files, &mut diagnostics);
    imported.diagnostics = diagnostics;
    imported
}
