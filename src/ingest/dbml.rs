//! Reader for DBML (the dbdiagram.io notation): `Project`, `Table` (columns with their
//! settings, `indexes`, notes), `Enum`, `Ref` in its short, long and inline forms, and
//! `TableGroup` (set aside, it only arranges the diagram).
//!
//! Hand-written: a lexer that tracks line and column as it goes, then a reader over the
//! tokens that never recurses (nesting is a counter) and never goes back, so the time is
//! linear in the text. Every problem becomes a [`Diagnostic`] with its line and column and
//! the reader carries on at the next line it understands.
//!
//! DBML names are the database's own: tables are `physical` entities (the model keeps the
//! table name with `@@map`), and a `Ref` marks its foreign-key column on the table that
//! holds it, so relation inference reads the key from the column, not from its name.

use super::raw::{
    ConstraintKind, FactKind, Origin, RawConstraint, RawDocument, RawEntity, RawEnum, RawFact, RawField, RawForm,
    RawRelationship, Skipped, StatedCardinality,
};
use crate::diagnostics::Diagnostic;
use crate::model::Provenance;
use std::collections::HashMap;
use std::ops::Range;

/// Reads one DBML document.
pub fn read(text: &str, origin: Origin<'_>) -> RawDocument {
    let mut lexer = Lexer::new(text);
    lexer.run();
    let mut reader = Reader {
        text,
        origin,
        toks: lexer.tokens,
        i: 0,
        doc: RawDocument::new(origin.file),
        tables: Vec::new(),
        by_name: HashMap::new(),
        by_lower: HashMap::new(),
        refs: Vec::new(),
    };
    for (message, line, column) in lexer.problems {
        let at = reader.origin.at(line, column);
        reader.doc.diagnostics.push(Diagnostic::warning(message, Some(at)));
    }
    reader.document();
    reader.finish()
}

// ---------------------------------------------------------------------------------------
// Lexer
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A bare word: a name, a keyword, a number, a colour (`#3498DB`).
    Word,
    /// `'text'` or `'''text'''`; `value` holds the text without quotes or escapes.
    Str,
    /// `"quoted name"`; `value` holds the name.
    Quoted,
    /// `` `expression` ``; `value` holds the expression.
    Expr,
    Punct(char),
    Newline,
}

#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    value: String,
    /// Byte range in the text, quotes included.
    span: Range<usize>,
    line: u32,
    column: u32,
}

impl Token {
    fn is(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }

    fn is_word(&self, word: &str) -> bool {
        self.kind == Kind::Word && self.value.eq_ignore_ascii_case(word)
    }

    /// A name: a bare word or a double-quoted name.
    fn is_name(&self) -> bool {
        matches!(self.kind, Kind::Word | Kind::Quoted)
    }
}

struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    line: u32,
    column: u32,
    tokens: Vec<Token>,
    problems: Vec<(String, u32, u32)>,
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str) -> Self {
        Self { text, pos: 0, line: 1, column: 1, tokens: Vec::new(), problems: Vec::new() }
    }

    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn starts_with(&self, s: &str) -> bool {
        self.text[self.pos..].starts_with(s)
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        if c == '\n' {
            self.line = self.line.saturating_add(1);
            self.column = 1;
        } else {
            self.column = self.column.saturating_add(1);
        }
        Some(c)
    }

    fn push(&mut self, kind: Kind, value: String, start: usize, line: u32, column: u32) {
        self.tokens.push(Token { kind, value, span: start..self.pos, line, column });
    }

    fn run(&mut self) {
        while let Some(c) = self.peek() {
            let (start, line, column) = (self.pos, self.line, self.column);
            match c {
                '\n' => {
                    self.bump();
                    self.push(Kind::Newline, String::new(), start, line, column);
                }
                _ if c.is_whitespace() => {
                    self.bump();
                }
                '/' if self.starts_with("//") => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                '/' if self.starts_with("/*") => self.block_comment(line, column),
                '\'' if self.starts_with("'''") => self.triple_string(line, column),
                '\'' | '"' | '`' => self.quoted(c, line, column),
                _ if is_word_char(c) || c == '#' => {
                    self.bump();
                    while self.peek().is_some_and(is_word_char) {
                        self.bump();
                    }
                    let value = self.text[start..self.pos].to_string();
                    self.push(Kind::Word, value, start, line, column);
                }
                _ => {
                    self.bump();
                    self.push(Kind::Punct(c), c.to_string(), start, line, column);
                }
            }
        }
    }

    fn block_comment(&mut self, line: u32, column: u32) {
        let start = self.pos;
        self.bump();
        self.bump();
        let mut newline: Option<(usize, u32, u32)> = None;
        loop {
            if self.starts_with("*/") {
                self.bump();
                self.bump();
                break;
            }
            let (at, l, c) = (self.pos, self.line, self.column);
            match self.bump() {
                Some('\n') => {
                    newline.get_or_insert((at, l, c));
                }
                Some(_) => {}
                None => {
                    self.problems.push(("comment `/*` is not closed".into(), line, column));
                    break;
                }
            }
        }
        // A comment across lines still ends the line it started on.
        if let Some((_, l, c)) = newline {
            self.tokens.push(Token {
                kind: Kind::Newline,
                value: String::new(),
                span: start..self.pos,
                line: l,
                column: c,
            });
        }
    }

    /// `'text'`, `"name"` or `` `expr` ``: one line at most, `\` escapes the next character.
    fn quoted(&mut self, quote: char, line: u32, column: u32) {
        let start = self.pos;
        self.bump();
        let mut value = String::new();
        loop {
            match self.peek() {
                Some(c) if c == quote => {
                    self.bump();
                    break;
                }
                Some('\\') => {
                    self.bump();
                    match self.peek() {
                        Some('\n') | None => {}
                        Some(c) => {
                            self.bump();
                            value.push(c);
                        }
                    }
                }
                Some('\n') | None => {
                    let what = match quote {
                        '\'' => "string",
                        '"' => "quoted name",
                        _ => "expression",
                    };
                    self.problems.push((
                        format!("{what} is not closed: `{quote}` missing before the line ends"),
                        line,
                        column,
                    ));
                    break;
                }
                Some(c) => {
                    self.bump();
                    value.push(c);
                }
            }
        }
        let kind = match quote {
            '\'' => Kind::Str,
            '"' => Kind::Quoted,
            _ => Kind::Expr,
        };
        self.push(kind, value, start, line, column);
    }

    /// `'''multi-line text'''`, with the common indentation removed as DBML does.
    fn triple_string(&mut self, line: u32, column: u32) {
        let start = self.pos;
        for _ in 0..3 {
            self.bump();
        }
        let mut raw = String::new();
        loop {
            if self.starts_with("'''") {
                for _ in 0..3 {
                    self.bump();
                }
                break;
            }
            match self.peek() {
                Some('\\') => {
                    self.bump();
                    match self.bump() {
                        // A backslash at the end of a line joins the lines.
                        Some('\n') => {}
                        Some(c) => raw.push(c),
                        None => {}
                    }
                }
                Some(c) => {
                    self.bump();
                    raw.push(c);
                }
                None => {
                    self.problems.push(("multi-line string `'''` is not closed".into(), line, column));
                    break;
                }
            }
        }
        self.push(Kind::Str, dedent(&raw), start, line, column);
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Removes the first and last line when blank, and the indentation all other lines share.
fn dedent(raw: &str) -> String {
    let mut lines: Vec<&str> = raw.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    if lines.first().is_some_and(|l| l.trim().is_empty()) {
        lines.remove(0);
    }
    if lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    let indent =
        lines.iter().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min().unwrap_or(0);
    lines.iter().map(|l| l.get(indent..).unwrap_or_else(|| l.trim_start())).collect::<Vec<_>>().join("\n")
}

// ---------------------------------------------------------------------------------------
// Reader
// ---------------------------------------------------------------------------------------

/// Keywords that open a top-level element; seen inside a block, they mean it was not closed.
const TOP_KEYWORDS: [&str; 7] = ["table", "enum", "ref", "project", "tablegroup", "tablepartial", "records"];

/// One `key: value` or flag inside `[...]`.
#[derive(Debug, Clone)]
struct Setting {
    /// Lower-case words of the key, joined by one space (`not null`, `default`).
    key: String,
    at: (u32, u32),
    value: Option<Value>,
    /// Tokens of the value (after the colon).
    value_toks: Range<usize>,
}

#[derive(Debug, Clone)]
struct Value {
    kind: ValueKind,
    /// For strings and expressions the text inside the quotes; else the value as written.
    text: String,
    /// The value as written, quotes included.
    raw: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ValueKind {
    Str,
    Expr,
    Other,
}

/// `table.column`, `schema.table.column` or `table.(a, b)` as a `Ref` writes it.
#[derive(Debug, Clone)]
struct Endpoint {
    table: String,
    columns: Vec<String>,
    at: (u32, u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    /// `>`: many left to one right.
    ManyToOne,
    /// `<`: one left to many right.
    OneToMany,
    /// `-`
    OneToOne,
    /// `<>`
    ManyToMany,
}

impl Op {
    fn symbol(self) -> &'static str {
        match self {
            Op::ManyToOne => ">",
            Op::OneToMany => "<",
            Op::OneToOne => "-",
            Op::ManyToMany => "<>",
        }
    }
}

/// A reference read, resolved against the tables once the whole document is read.
#[derive(Debug, Clone)]
struct PendingRef {
    left: Endpoint,
    op: Op,
    right: Endpoint,
    on_delete: Option<String>,
    on_update: Option<String>,
    at: (u32, u32),
}

/// What the reader knows of a table beyond its entity.
struct Table {
    /// Index in `doc.entities`.
    entity: usize,
    /// Column name → index in the entity's fields.
    columns: HashMap<String, usize>,
}

struct Reader<'a> {
    text: &'a str,
    origin: Origin<'a>,
    toks: Vec<Token>,
    i: usize,
    doc: RawDocument,
    tables: Vec<Table>,
    /// Table name (and alias) → index in `tables`.
    by_name: HashMap<String, usize>,
    /// The same, lower-cased, for references that spell a name in another case.
    by_lower: HashMap<String, usize>,
    refs: Vec<PendingRef>,
}

impl<'a> Reader<'a> {
    // --- token helpers -----------------------------------------------------------------

    fn tok(&self, i: usize) -> Option<&Token> {
        self.toks.get(i)
    }

    fn cur(&self) -> Option<&Token> {
        self.toks.get(self.i)
    }

    fn cur_is(&self, c: char) -> bool {
        self.cur().is_some_and(|t| t.is(c))
    }

    /// At a line end (a newline or the end of the text).
    fn at_line_end(&self) -> bool {
        self.cur().is_none_or(|t| t.kind == Kind::Newline)
    }

    fn skip_newlines(&mut self) {
        while self.cur().is_some_and(|t| t.kind == Kind::Newline) {
            self.i += 1;
        }
    }

    /// The next token that is not a newline, from `i` on.
    fn next_significant(&self, mut i: usize) -> Option<usize> {
        while self.tok(i)?.kind == Kind::Newline {
            i += 1;
        }
        Some(i)
    }

    fn pos_of(&self, i: usize) -> (u32, u32) {
        match self.tok(i).or_else(|| self.toks.last()) {
            Some(t) => (t.line, t.column),
            None => (1, 1),
        }
    }

    fn at(&self, (line, column): (u32, u32)) -> Provenance {
        self.origin.at(line, column)
    }

    /// Moves to the next item of a `{ ... }` block: true when one starts at the cursor; false
    /// when the block ended (its `}` consumed) or runs into the next top-level element or the
    /// end of the text unclosed (then a warning at the block's start says so).
    fn next_in_block(&mut self, what: &str, pos: (u32, u32)) -> bool {
        self.skip_newlines();
        match self.cur() {
            Some(t) if t.is('}') => {
                self.i += 1;
                false
            }
            Some(_) if !self.starts_element(self.i) => true,
            _ => {
                self.warn(format!("`{what}` block is not closed: `}}` missing"), pos);
                false
            }
        }
    }

    fn warn(&mut self, message: impl Into<String>, pos: (u32, u32)) {
        let at = self.at(pos);
        self.doc.diagnostics.push(Diagnostic::warning(message, Some(at)));
    }

    fn info(&mut self, message: impl Into<String>, pos: (u32, u32)) {
        let at = self.at(pos);
        self.doc.diagnostics.push(Diagnostic::info(message, Some(at)));
    }

    fn shown(&self, i: usize) -> String {
        match self.tok(i) {
            None => "the end of the text".into(),
            Some(t) if t.kind == Kind::Newline => "the end of the line".into(),
            Some(t) => format!("`{}`", shorten(self.text.get(t.span.clone()).unwrap_or(&t.value))),
        }
    }

    /// Skips a `{ ... }` block starting at the current `{`, nested blocks included.
    /// Returns whether it was closed.
    fn skip_block(&mut self) -> bool {
        let mut depth = 0usize;
        while let Some(t) = self.cur() {
            if t.is('{') {
                depth += 1;
            } else if t.is('}') {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    self.i += 1;
                    return true;
                }
            }
            self.i += 1;
        }
        false
    }

    /// Skips to the end of the line, past any block that opens on it.
    fn skip_line(&mut self) {
        while let Some(t) = self.cur() {
            if t.kind == Kind::Newline {
                return;
            }
            if t.is('{') {
                self.skip_block();
            } else {
                self.i += 1;
            }
        }
    }

    /// Skips to the end of the line or to a `}` that closes the enclosing block.
    fn skip_in_block(&mut self) {
        while let Some(t) = self.cur() {
            if t.kind == Kind::Newline || t.is('}') {
                return;
            }
            self.i += 1;
        }
    }

    /// Whether the line at `i` opens a top-level element (`Table x {`, `Ref: ...`).
    fn starts_element(&self, i: usize) -> bool {
        let Some(t) = self.tok(i) else { return false };
        if t.kind != Kind::Word || !TOP_KEYWORDS.iter().any(|k| t.value.eq_ignore_ascii_case(k)) {
            return false;
        }
        if t.value.eq_ignore_ascii_case("ref") {
            let next = self.tok(i + 1);
            let after = self.tok(i + 2);
            return next.is_some_and(|n| n.is(':') || n.is('{'))
                || (next.is_some_and(Token::is_name) && after.is_some_and(|a| a.is(':') || a.is('{')));
        }
        let mut j = i + 1;
        while let Some(t) = self.tok(j) {
            if t.kind == Kind::Newline {
                return false;
            }
            if t.is('{') {
                return true;
            }
            j += 1;
        }
        false
    }

    // --- document ----------------------------------------------------------------------

    fn document(&mut self) {
        loop {
            self.skip_newlines();
            let Some(t) = self.cur() else { break };
            let keyword = if t.kind == Kind::Word { t.value.to_ascii_lowercase() } else { String::new() };
            match keyword.as_str() {
                "project" => self.project(),
                "table" => self.table(),
                "enum" => self.enumeration(),
                "ref" => self.reference(),
                "tablegroup" => {
                    self.set_aside("table group", "table groups arrange the diagram; they hold no data model")
                }
                "note" => self.set_aside("sticky note", "a sticky note on the diagram holds no data model"),
                "tablepartial" => {
                    let pos = self.pos_of(self.i);
                    self.warn(
                        "table partials (`TablePartial`) are not read; tables that use them lack those columns",
                        pos,
                    );
                    self.set_aside("table partial", "table partials are not read yet");
                }
                "records" => self.set_aside("records", "sample rows hold no data model"),
                _ if t.is('}') => {
                    let pos = (t.line, t.column);
                    self.warn("`}` closes no block", pos);
                    self.i += 1;
                }
                _ => self.unreadable(),
            }
        }
    }

    /// Text that is not DBML: one warning for the whole run of such lines.
    fn unreadable(&mut self) {
        let first = self.i;
        let pos = self.pos_of(first);
        let mut lines = 0usize;
        loop {
            self.skip_newlines();
            if self.cur().is_none() || (self.i != first && (self.starts_element(self.i) || self.cur_is('}'))) {
                break;
            }
            self.skip_line();
            lines += 1;
        }
        let what = if lines == 1 { "line".to_string() } else { format!("{lines} lines") };
        self.warn(format!("unreadable DBML at {}: {what} skipped", self.shown(first)), pos);
    }

    /// A named block that says nothing about the data model, listed as skipped.
    fn set_aside(&mut self, what: &str, why: &str) {
        let start = self.i;
        let pos = self.pos_of(start);
        self.i += 1;
        let mut name = String::new();
        while let Some(t) = self.cur() {
            if t.kind == Kind::Newline || t.is('{') || t.is('[') || t.is(':') {
                break;
            }
            name.push_str(&t.value);
            self.i += 1;
        }
        self.skip_newlines();
        let closed = if self.cur_is('{') {
            self.skip_block()
        } else {
            self.skip_line();
            true
        };
        if !closed {
            self.warn(format!("{what} block is not closed: `}}` missing"), pos);
        }
        let what = if name.is_empty() { what.to_string() } else { format!("{what} {name}") };
        let at = self.at(pos);
        self.doc.skipped.push(Skipped { what, why: why.to_string(), at });
    }

    /// A possibly schema-qualified name (`users`, `public.users`, `"order items"`):
    /// returns the last part, and moves past it.
    fn qualified_name(&mut self) -> Option<(String, (u32, u32))> {
        let first = self.cur().filter(|t| t.is_name())?;
        let mut name = (first.value.clone(), (first.line, first.column));
        self.i += 1;
        while self.cur_is('.') && self.tok(self.i + 1).is_some_and(Token::is_name) {
            let t = &self.toks[self.i + 1];
            name = (t.value.clone(), (t.line, t.column));
            self.i += 2;
        }
        Some(name)
    }

    /// Expects `{`, possibly on a following line.
    fn open_brace(&mut self) -> bool {
        match self.next_significant(self.i) {
            Some(j) if self.toks[j].is('{') => {
                self.i = j + 1;
                true
            }
            _ => false,
        }
    }

    // --- Project -------------------------------------------------------------------

    fn project(&mut self) {
        let pos = self.pos_of(self.i);
        self.i += 1;
        while !self.at_line_end() && !self.cur_is('{') {
            self.i += 1;
        }
        if !self.open_brace() {
            self.warn("`Project` without `{`", pos);
            self.skip_line();
            return;
        }
        loop {
            if !self.next_in_block("Project", pos) {
                return;
            }
            let Some(t) = self.cur() else { return };
            let key = t.value.to_ascii_lowercase();
            let key_pos = (t.line, t.column);
            if t.kind == Kind::Word && self.tok(self.i + 1).is_some_and(|n| n.is('{')) {
                // `Note { ... }`
                self.i += 1;
                self.skip_block();
                continue;
            }
            if t.kind == Kind::Word && self.tok(self.i + 1).is_some_and(|n| n.is(':')) {
                self.i += 2;
                let start = self.i;
                self.skip_in_block();
                if key == "database_type" {
                    let value = self.value_of(start..self.i);
                    self.database_type(value, key_pos);
                }
                continue;
            }
            self.warn(format!("unreadable line in `Project` at {}", self.shown(self.i)), key_pos);
            self.skip_in_block();
        }
    }

    fn database_type(&mut self, value: Option<Value>, pos: (u32, u32)) {
        let Some(value) = value else { return };
        let key: String =
            value.text.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
        let kind = match key.as_str() {
            "postgresql" | "postgres" | "pg" => Some(FactKind::PostgreSql),
            "mysql" | "mariadb" => Some(FactKind::MySql),
            "sqlite" => Some(FactKind::Sqlite),
            "mongodb" | "mongo" => Some(FactKind::MongoDb),
            _ => None,
        };
        match kind {
            Some(kind) => {
                let at = self.at(pos);
                self.doc.facts.push(RawFact { kind, at });
            }
            None => self.info(format!("database type `{}` is not one schemata targets", shorten(&value.text)), pos),
        }
    }

    // --- Table ---------------------------------------------------------------------

    fn table(&mut self) {
        let keyword = self.pos_of(self.i);
        self.i += 1;
        let Some((name, pos)) = self.qualified_name() else {
            self.warn(format!("`Table` needs a name, found {}", self.shown(self.i)), keyword);
            self.skip_line();
            return;
        };
        let mut alias = None;
        if self.cur().is_some_and(|t| t.is_word("as")) {
            self.i += 1;
            match self.cur().filter(|t| t.is_name()) {
                Some(t) => {
                    alias = Some(t.value.clone());
                    self.i += 1;
                }
                None => self.warn(format!("`as` needs an alias, found {}", self.shown(self.i)), pos),
            }
        }
        let mut description = None;
        if self.cur_is('[') {
            for s in self.settings() {
                match s.key.as_str() {
                    "note" => description = s.value.map(|v| v.text),
                    "headercolor" | "color" => {}
                    other => self.warn(format!("unknown table setting `{}`", shorten(other)), s.at),
                }
            }
        }
        if !self.open_brace() {
            self.warn(format!("table `{name}` has no `{{` to open its columns; left out"), pos);
            self.skip_line();
            return;
        }
        let entity = self.doc.entities.len();
        self.doc.entities.push(RawEntity {
            name: name.clone(),
            description,
            fields: Vec::new(),
            constraints: Vec::new(),
            form: RawForm::Dbml,
            at: self.at(pos),
            physical: true,
        });
        let table = self.tables.len();
        self.tables.push(Table { entity, columns: HashMap::new() });
        for key in std::iter::once(name.clone()).chain(alias) {
            match self.by_name.entry(key) {
                std::collections::hash_map::Entry::Occupied(taken) => {
                    let message =
                        format!("table or alias `{}` is defined twice; references go to the first", taken.key());
                    self.warn(message, pos);
                }
                std::collections::hash_map::Entry::Vacant(free) => {
                    free.insert(table);
                }
            }
        }
        self.table_body(table, &name, pos);
    }

    fn table_body(&mut self, table: usize, name: &str, pos: (u32, u32)) {
        loop {
            self.skip_newlines();
            let Some(t) = self.cur() else {
                self.warn(format!("table `{name}` is not closed: `}}` missing"), pos);
                return;
            };
            if t.is('}') {
                self.i += 1;
                return;
            }
            if self.starts_element(self.i) {
                self.warn(format!("table `{name}` is not closed: `}}` missing before {}", self.shown(self.i)), pos);
                return;
            }
            let next = self.tok(self.i + 1);
            let next_opens = next.is_some_and(|n| n.is('{'));
            if t.is_word("indexes") && (next_opens || next.is_some_and(|n| n.kind == Kind::Newline)) {
                self.i += 1;
                self.indexes(table);
            } else if t.is_word("note") && (next_opens || next.is_some_and(|n| n.is(':'))) {
                let note = self.note();
                let entity = self.tables[table].entity;
                if let Some(note) = note {
                    self.doc.entities[entity].description = Some(note);
                }
            } else if t.is('~') {
                let at = (t.line, t.column);
                self.warn("table partials (`~name`) are not read; their columns are missing", at);
                self.skip_in_block();
            } else if t.is_name() {
                self.column(table);
            } else {
                let at = (t.line, t.column);
                self.warn(format!("unreadable line in table `{name}` at {}", self.shown(self.i)), at);
                self.skip_in_block();
            }
        }
    }

    /// `Note: '...'` or `Note { '...' }`; returns the text.
    fn note(&mut self) -> Option<String> {
        let pos = self.pos_of(self.i);
        self.i += 1;
        if self.cur_is(':') {
            self.i += 1;
            let start = self.i;
            self.skip_in_block();
            return self.value_of(start..self.i).map(|v| v.text);
        }
        // `Note { ... }`: the first string inside is the note.
        let mut text = None;
        let mut depth = 0usize;
        while let Some(t) = self.cur() {
            if t.is('{') {
                depth += 1;
            } else if t.is('}') {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    self.i += 1;
                    return text;
                }
            } else if t.kind == Kind::Str && text.is_none() {
                text = Some(t.value.clone());
            }
            self.i += 1;
        }
        self.warn("`Note` block is not closed: `}` missing", pos);
        text
    }

    fn column(&mut self, table: usize) {
        let name_tok = &self.toks[self.i];
        let (name, pos) = (name_tok.value.clone(), (name_tok.line, name_tok.column));
        self.i += 1;
        let mut field = RawField { name: name.clone(), at: self.at(pos), ..RawField::default() };
        if self.at_line_end() || self.cur_is('[') || self.cur_is('}') {
            self.warn(format!("column `{name}` has no type"), pos);
        } else if let Some((ty, list)) = self.column_type(&name) {
            field.ty = Some(ty);
            field.list = list;
        }
        if self.cur_is('[') {
            let settings = self.settings();
            self.column_settings(table, &mut field, settings);
        }
        if field.optional.is_none() {
            // In SQL a column without `not null` accepts nulls.
            field.optional = Some(true);
        }
        if !self.at_line_end() && !self.cur_is('}') {
            self.warn(format!("unexpected {} after column `{name}`", self.shown(self.i)), self.pos_of(self.i));
            self.skip_in_block();
        }
        let entity = self.tables[table].entity;
        if self.tables[table].columns.contains_key(&name) {
            self.warn(format!("column `{name}` is defined twice; the first one is kept"), pos);
            return;
        }
        let fields = &mut self.doc.entities[entity].fields;
        self.tables[table].columns.insert(name, fields.len());
        fields.push(field);
    }

    /// `varchar(255)`, `decimal(10, 2)`, `int[]`, `"double precision"`, `public.order_status`:
    /// the type as written (an enum's schema dropped) and whether it is an array.
    fn column_type(&mut self, column: &str) -> Option<(String, bool)> {
        let Some(t) = self.cur().filter(|t| t.is_name()) else {
            self.warn(format!("column `{column}` needs a type, found {}", self.shown(self.i)), self.pos_of(self.i));
            return None;
        };
        let mut start = t.span.start;
        let mut quoted = (t.kind == Kind::Quoted).then(|| t.value.clone());
        let mut end = t.span.end;
        self.i += 1;
        while self.cur_is('.') && self.tok(self.i + 1).is_some_and(Token::is_name) {
            let t = &self.toks[self.i + 1];
            (start, end) = (t.span.start, t.span.end);
            quoted = (t.kind == Kind::Quoted).then(|| t.value.clone());
            self.i += 2;
        }
        let mut args = None;
        if self.cur_is('(') {
            let open = self.i;
            let mut depth = 0usize;
            while let Some(t) = self.cur() {
                if t.kind == Kind::Newline {
                    break;
                }
                if t.is('(') {
                    depth += 1;
                } else if t.is(')') {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        end = t.span.end;
                        self.i += 1;
                        break;
                    }
                }
                self.i += 1;
            }
            if depth != 0 {
                self.warn(format!("type of column `{column}`: `(` is not closed"), self.pos_of(open));
                end = self.toks[self.i - 1].span.end;
            }
            args = Some(self.toks[open].span.start..end);
        }
        let mut list = false;
        if self.cur_is('[') && self.tok(self.i + 1).is_some_and(|t| t.is(']')) {
            list = true;
            self.i += 2;
        }
        let ty = match quoted {
            // `"double precision"` is the type `double precision`.
            Some(name) => match args {
                Some(args) => format!("{name}{}", &self.text[args]),
                None => name,
            },
            None => self.text[start..end].to_string(),
        };
        Some((ty, list))
    }

    fn column_settings(&mut self, table: usize, field: &mut RawField, settings: Vec<Setting>) {
        let mut not_null = false;
        let mut null = false;
        let mut increment = false;
        for s in settings {
            match s.key.as_str() {
                "pk" | "primary key" => field.primary = true,
                "not null" => not_null = true,
                "null" => null = true,
                "unique" => field.unique = true,
                "increment" => increment = true,
                "default" => match s.value {
                    Some(v) if v.kind == ValueKind::Other && v.text.eq_ignore_ascii_case("null") => {}
                    Some(v) => field.default = Some(if v.kind == ValueKind::Str { v.raw } else { v.text }),
                    None => self.warn("`default` needs a value", s.at),
                },
                "note" => field.description = s.value.map(|v| v.text),
                "ref" => self.inline_ref(table, field, &s),
                "check" => {
                    let what = format!("check on column `{}`", field.name);
                    let why = "Prisma cannot express CHECK constraints".to_string();
                    let at = self.at(s.at);
                    self.doc.skipped.push(Skipped { what, why, at });
                }
                other => self.warn(format!("unknown column setting `{}`", shorten(other)), s.at),
            }
        }
        if not_null && null {
            self.warn(
                format!("column `{}` is both `null` and `not null`; `not null` holds", field.name),
                self.pos_of(self.i.saturating_sub(1)),
            );
        }
        field.optional = if field.primary || not_null {
            Some(false)
        } else if null {
            Some(true)
        } else {
            None
        };
        if increment && field.default.is_none() {
            field.default = Some("autoincrement()".into());
        }
    }

    /// `ref: > users.id` on a column of `table`.
    fn inline_ref(&mut self, table: usize, field: &RawField, s: &Setting) {
        let saved = self.i;
        self.i = s.value_toks.start;
        let end = s.value_toks.end;
        let parsed = self.op().and_then(|op| Ok((op, self.endpoint()?)));
        let trailing = self.i < end;
        self.i = saved;
        let (op, right) = match parsed {
            Ok(found) => found,
            Err((message, pos)) => {
                self.warn(format!("inline ref of column `{}`: {message}", field.name), pos);
                return;
            }
        };
        if trailing {
            self.warn(format!("inline ref of column `{}`: unexpected text after the reference", field.name), s.at);
        }
        let entity = self.tables[table].entity;
        let left =
            Endpoint { table: self.doc.entities[entity].name.clone(), columns: vec![field.name.clone()], at: s.at };
        self.refs.push(PendingRef { left, op, right, on_delete: None, on_update: None, at: s.at });
    }

    // --- settings ------------------------------------------------------------------

    /// `[a, b: c, ...]` starting at the current `[`. A list may run over several lines
    /// when a line ends after `[` or `,`, or the next one starts with `]` or `,`.
    fn settings(&mut self) -> Vec<Setting> {
        let open = self.pos_of(self.i);
        self.i += 1;
        let mut items = Vec::new();
        let mut start = self.i;
        let mut depth = 0usize;
        loop {
            let Some(t) = self.cur() else {
                self.warn("settings `[` are not closed: `]` missing", open);
                self.push_setting(&mut items, start..self.i);
                return items;
            };
            match t.kind {
                Kind::Punct('(') => depth += 1,
                Kind::Punct(')') => depth = depth.saturating_sub(1),
                Kind::Punct(',') if depth == 0 => {
                    self.push_setting(&mut items, start..self.i);
                    start = self.i + 1;
                }
                Kind::Punct(']') if depth == 0 => {
                    self.push_setting(&mut items, start..self.i);
                    self.i += 1;
                    return items;
                }
                Kind::Punct('{' | '}' | '[') => {
                    self.warn("settings `[` are not closed: `]` missing", open);
                    self.push_setting(&mut items, start..self.i);
                    return items;
                }
                Kind::Newline => {
                    // A run of line ends is taken at once: the token before it is not one.
                    let after_separator =
                        self.i.checked_sub(1).and_then(|p| self.tok(p)).is_some_and(|p| p.is('[') || p.is(','));
                    let next = self.next_significant(self.i);
                    let before_separator = next.and_then(|j| self.tok(j)).is_some_and(|n| n.is(']') || n.is(','));
                    if !(after_separator || before_separator) {
                        self.warn("settings `[` are not closed: `]` missing", open);
                        self.push_setting(&mut items, start..self.i);
                        return items;
                    }
                    self.i = next.unwrap_or(self.toks.len());
                    continue;
                }
                _ => {}
            }
            self.i += 1;
        }
    }

    fn push_setting(&mut self, items: &mut Vec<Setting>, range: Range<usize>) {
        let toks: Vec<usize> = range.clone().filter(|&j| self.toks[j].kind != Kind::Newline).collect();
        let Some(&first) = toks.first() else { return };
        let colon = toks.iter().position(|&j| self.toks[j].is(':'));
        let key_toks = &toks[..colon.unwrap_or(toks.len())];
        let key = key_toks.iter().map(|&j| self.toks[j].value.to_ascii_lowercase()).collect::<Vec<_>>().join(" ");
        let at = self.pos_of(first);
        let (value, value_toks) = match colon {
            Some(c) => {
                let from = toks.get(c + 1).copied().unwrap_or(range.end);
                (self.value_of(from..range.end), from..range.end)
            }
            None => (None, range.end..range.end),
        };
        if key.is_empty() {
            self.warn("setting without a name", at);
            return;
        }
        items.push(Setting { key, at, value, value_toks });
    }

    /// A value as written over the tokens of `range` (newlines aside).
    fn value_of(&self, range: Range<usize>) -> Option<Value> {
        let toks: Vec<&Token> = self.toks.get(range)?.iter().filter(|t| t.kind != Kind::Newline).collect();
        let (first, last) = (toks.first()?, toks.last()?);
        let raw = self.text.get(first.span.start..last.span.end)?.to_string();
        let (kind, text) = match (toks.len(), first.kind) {
            (1, Kind::Str | Kind::Quoted) => (ValueKind::Str, first.value.clone()),
            (1, Kind::Expr) => (ValueKind::Expr, first.value.clone()),
            _ => (ValueKind::Other, raw.clone()),
        };
        Some(Value { kind, text, raw })
    }

    // --- indexes -------------------------------------------------------------------

    fn indexes(&mut self, table: usize) {
        let pos = self.pos_of(self.i.saturating_sub(1));
        if !self.open_brace() {
            self.warn("`indexes` without `{`", pos);
            self.skip_in_block();
            return;
        }
        loop {
            if !self.next_in_block("indexes", pos) {
                return;
            }
            self.index_line(table);
        }
    }

    fn index_line(&mut self, table: usize) {
        let pos = self.pos_of(self.i);
        let mut columns: Vec<String> = Vec::new();
        let mut expression = false;
        let t = &self.toks[self.i];
        match t.kind {
            Kind::Word | Kind::Quoted => {
                columns.push(t.value.clone());
                self.i += 1;
            }
            Kind::Expr => {
                expression = true;
                self.i += 1;
            }
            Kind::Punct('(') => {
                self.i += 1;
                while let Some(t) = self.cur() {
                    match t.kind {
                        Kind::Word | Kind::Quoted => columns.push(t.value.clone()),
                        Kind::Expr => expression = true,
                        Kind::Punct(',') => {}
                        Kind::Punct(')') => {
                            self.i += 1;
                            break;
                        }
                        _ => {
                            self.warn(format!("unexpected {} in an index's columns", self.shown(self.i)), pos);
                            break;
                        }
                    }
                    self.i += 1;
                }
            }
            _ => {
                self.warn(format!("unreadable index at {}", self.shown(self.i)), pos);
                self.skip_in_block();
                return;
            }
        }
        let mut kind = ConstraintKind::Index;
        if self.cur_is('[') {
            for s in self.settings() {
                match s.key.as_str() {
                    "pk" | "primary key" => kind = ConstraintKind::PrimaryKey,
                    "unique" => {
                        if kind != ConstraintKind::PrimaryKey {
                            kind = ConstraintKind::Unique;
                        }
                    }
                    "name" | "type" | "note" => {}
                    other => self.warn(format!("unknown index setting `{}`", shorten(other)), s.at),
                }
            }
        }
        if !self.at_line_end() && !self.cur_is('}') {
            self.warn(format!("unexpected {} after an index", self.shown(self.i)), self.pos_of(self.i));
            self.skip_in_block();
        }
        if expression {
            let entity = self.tables[table].entity;
            let what = format!("index on an expression in table `{}`", self.doc.entities[entity].name);
            let why = "Prisma cannot express indexes on expressions".to_string();
            let at = self.at(pos);
            self.doc.skipped.push(Skipped { what, why, at });
            return;
        }
        if columns.is_empty() {
            self.warn("an index with no columns", pos);
            return;
        }
        let entity = self.tables[table].entity;
        // A single column's key or uniqueness belongs on the column (`@id`, `@unique`).
        if let [column] = columns.as_slice()
            && kind != ConstraintKind::Index
            && let Some(&f) = self.tables[table].columns.get(column)
        {
            let field = &mut self.doc.entities[entity].fields[f];
            match kind {
                ConstraintKind::PrimaryKey => {
                    field.primary = true;
                    field.optional = Some(false);
                }
                _ => field.unique = true,
            }
            return;
        }
        let at = self.at(pos);
        self.doc.entities[entity].constraints.push(RawConstraint { kind, fields: columns, at });
    }

    // --- Enum ----------------------------------------------------------------------

    fn enumeration(&mut self) {
        let keyword = self.pos_of(self.i);
        self.i += 1;
        let Some((name, pos)) = self.qualified_name() else {
            self.warn(format!("`Enum` needs a name, found {}", self.shown(self.i)), keyword);
            self.skip_line();
            return;
        };
        if !self.open_brace() {
            self.warn(format!("enum `{name}` has no `{{` to open its values; left out"), pos);
            self.skip_line();
            return;
        }
        let mut values: Vec<String> = Vec::new();
        loop {
            self.skip_newlines();
            let Some(t) = self.cur() else {
                self.warn(format!("enum `{name}` is not closed: `}}` missing"), pos);
                break;
            };
            if t.is('}') {
                self.i += 1;
                break;
            }
            if self.starts_element(self.i) {
                self.warn(format!("enum `{name}` is not closed: `}}` missing before {}", self.shown(self.i)), pos);
                break;
            }
            if t.is_name() || t.kind == Kind::Str {
                let (value, at) = (t.value.clone(), (t.line, t.column));
                self.i += 1;
                if self.cur_is('[') {
                    // Value settings (`note`) say nothing Prisma keeps.
                    self.settings();
                }
                if values.contains(&value) {
                    self.warn(format!("enum `{name}` lists `{value}` twice"), at);
                } else {
                    values.push(value);
                }
                if !self.at_line_end() && !self.cur_is('}') {
                    self.warn(format!("unexpected {} after an enum value", self.shown(self.i)), self.pos_of(self.i));
                    self.skip_in_block();
                }
            } else {
                let at = (t.line, t.column);
                self.warn(format!("unreadable enum value at {}", self.shown(self.i)), at);
                self.skip_in_block();
            }
        }
        if values.is_empty() {
            self.warn(format!("enum `{name}` has no values"), pos);
        }
        let at = self.at(pos);
        self.doc.enums.push(RawEnum { name, values, at, physical: true });
    }

    // --- Ref -----------------------------------------------------------------------

    fn reference(&mut self) {
        let pos = self.pos_of(self.i);
        self.i += 1;
        // An optional name: `Ref fk_orders_user: ...`.
        while self.cur().is_some_and(|t| t.is_name() || t.is('.')) {
            self.i += 1;
        }
        if self.cur_is(':') {
            self.i += 1;
            self.ref_line();
            return;
        }
        if !self.open_brace() {
            self.warn(format!("`Ref` needs `:` or `{{`, found {}", self.shown(self.i)), pos);
            self.skip_line();
            return;
        }
        loop {
            if !self.next_in_block("Ref", pos) {
                return;
            }
            self.ref_line();
        }
    }

    /// `a.x > b.y [delete: cascade]` to the end of its line.
    fn ref_line(&mut self) {
        let start = self.pos_of(self.i);
        let parsed = self.endpoint().and_then(|left| Ok((left, self.op()?, self.endpoint()?)));
        let (left, op, right) = match parsed {
            Ok(found) => found,
            Err((message, pos)) => {
                self.warn(format!("unreadable `Ref`: {message}"), pos);
                self.skip_in_block();
                return;
            }
        };
        let (mut on_delete, mut on_update) = (None, None);
        if self.cur_is('[') {
            for s in self.settings() {
                match s.key.as_str() {
                    "delete" => on_delete = s.value.map(|v| v.text),
                    "update" => on_update = s.value.map(|v| v.text),
                    "color" => {}
                    other => self.warn(format!("unknown `Ref` setting `{}`", shorten(other)), s.at),
                }
            }
        }
        if !self.at_line_end() && !self.cur_is('}') {
            self.warn(format!("unexpected {} after a `Ref`", self.shown(self.i)), self.pos_of(self.i));
            self.skip_in_block();
        }
        self.refs.push(PendingRef { left, op, right, on_delete, on_update, at: start });
    }

    fn op(&mut self) -> Result<Op, (String, (u32, u32))> {
        let pos = self.pos_of(self.i);
        let op = match self.cur().map(|t| t.kind) {
            Some(Kind::Punct('<')) if self.tok(self.i + 1).is_some_and(|t| t.is('>')) => {
                self.i += 1;
                Op::ManyToMany
            }
            Some(Kind::Punct('<')) => Op::OneToMany,
            Some(Kind::Punct('>')) => Op::ManyToOne,
            Some(Kind::Punct('-')) => Op::OneToOne,
            _ => return Err((format!("expected `>`, `<`, `-` or `<>`, found {}", self.shown(self.i)), pos)),
        };
        self.i += 1;
        Ok(op)
    }

    /// `table.column`, `schema.table.column`, `table.(a, b)`.
    fn endpoint(&mut self) -> Result<Endpoint, (String, (u32, u32))> {
        let pos = self.pos_of(self.i);
        let mut parts: Vec<String> = Vec::new();
        let mut columns: Option<Vec<String>> = None;
        match self.cur() {
            Some(t) if t.is_name() => parts.push(t.value.clone()),
            _ => return Err((format!("expected `table.column`, found {}", self.shown(self.i)), pos)),
        }
        self.i += 1;
        while self.cur_is('.') {
            self.i += 1;
            match self.cur() {
                Some(t) if t.is_name() => {
                    parts.push(t.value.clone());
                    self.i += 1;
                }
                Some(t) if t.is('(') => {
                    self.i += 1;
                    let mut list = Vec::new();
                    loop {
                        match self.cur() {
                            Some(t) if t.is_name() => list.push(t.value.clone()),
                            Some(t) if t.is(',') => {}
                            Some(t) if t.is(')') => {
                                self.i += 1;
                                break;
                            }
                            _ => {
                                return Err((
                                    format!("a column list `(` is not closed at {}", self.shown(self.i)),
                                    self.pos_of(self.i),
                                ));
                            }
                        }
                        self.i += 1;
                    }
                    columns = Some(list);
                    break;
                }
                _ => {
                    return Err((
                        format!("expected a name after `.`, found {}", self.shown(self.i)),
                        self.pos_of(self.i),
                    ));
                }
            }
        }
        let (table, columns) = match columns {
            Some(list) if !list.is_empty() => (parts.pop(), list),
            Some(_) => return Err(("an empty column list".into(), pos)),
            None if parts.len() >= 2 => {
                let column = parts.pop().unwrap_or_default();
                (parts.pop(), vec![column])
            }
            None => return Err((format!("`{}` names no column: write `table.column`", parts.join(".")), pos)),
        };
        match table {
            Some(table) => Ok(Endpoint { table, columns, at: pos }),
            None => Err(("a column list needs its table: write `table.(a, b)`".into(), pos)),
        }
    }

    // --- second pass ---------------------------------------------------------------

    /// Resolves references against the tables, marks their foreign keys, and makes the
    /// columns of composite primary keys required.
    fn finish(mut self) -> RawDocument {
        for (name, &table) in &self.by_name {
            let slot = self.by_lower.entry(name.to_lowercase()).or_insert(table);
            *slot = (*slot).min(table);
        }
        let refs = std::mem::take(&mut self.refs);
        for r in refs {
            self.relate(r);
        }
        for table in &self.tables {
            let entity = &mut self.doc.entities[table.entity];
            let keys: Vec<String> = entity
                .constraints
                .iter()
                .filter(|c| c.kind == ConstraintKind::PrimaryKey)
                .flat_map(|c| c.fields.iter().cloned())
                .collect();
            for key in keys {
                if let Some(&f) = table.columns.get(&key) {
                    entity.fields[f].optional = Some(false);
                }
            }
        }
        self.doc
    }

    /// The table an endpoint names: by name or alias, else case-insensitively.
    fn find_table(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).or_else(|| self.by_lower.get(&name.to_lowercase())).copied()
    }

    /// The fields an endpoint names, or a warning.
    fn resolve(&mut self, e: &Endpoint) -> Option<(usize, Vec<usize>)> {
        let Some(table) = self.find_table(&e.table) else {
            self.warn(format!("`Ref` names table `{}`, which this document does not define; left out", e.table), e.at);
            return None;
        };
        let mut fields = Vec::new();
        for c in &e.columns {
            match self.tables[table].columns.get(c) {
                Some(&f) => fields.push(f),
                None => {
                    let name = self.doc.entities[self.tables[table].entity].name.clone();
                    self.warn(format!("`Ref` names column `{c}`, which table `{name}` does not have; left out"), e.at);
                    return None;
                }
            }
        }
        Some((table, fields))
    }

    fn relate(&mut self, r: PendingRef) {
        let (Some(left), Some(right)) = (self.resolve(&r.left), self.resolve(&r.right)) else { return };
        let name_of = |s: &Self, t: usize| s.doc.entities[s.tables[t].entity].name.clone();
        let (a, b) = (name_of(self, left.0), name_of(self, right.0));
        let written =
            format!("{a}.{} {} {b}.{}", columns_text(&r.left.columns), r.op.symbol(), columns_text(&r.right.columns));
        if left.1.len() != right.1.len() {
            self.warn(format!("`{written}` pairs {} columns with {}; left out", left.1.len(), right.1.len()), r.at);
            return;
        }
        let at = self.at(r.at);
        if r.op == Op::ManyToMany {
            self.doc.relationships.push(RawRelationship {
                left: a,
                right: b,
                cardinality: StatedCardinality::ManyToMany,
                optional: None,
                label: None,
                via: None,
                on_delete: r.on_delete,
                on_update: r.on_update,
                at,
            });
            return;
        }
        if left.1.len() > 1 {
            self.info(
                format!("`{written}` joins several columns; relations over several columns are not inferred yet"),
                r.at,
            );
            let why = "relations over several columns are not inferred yet; the columns stay plain".to_string();
            self.doc.skipped.push(Skipped { what: format!("composite reference {written}"), why, at });
            return;
        }
        // Which side holds the foreign key.
        let is_key = |s: &Self, (t, f): &(usize, Vec<usize>)| {
            let field = &s.doc.entities[s.tables[*t].entity].fields[f[0]];
            field.primary || field.name == "id"
        };
        let (holder, target, cardinality) = match r.op {
            Op::ManyToOne => (left, right, StatedCardinality::ManyToOne),
            Op::OneToMany => (right, left, StatedCardinality::ManyToOne),
            // DBML exports `a.x - b.y` with the key on `b.y`, unless only `b.y` is a primary key.
            _ if is_key(self, &right) && !is_key(self, &left) => (left, right, StatedCardinality::OneToOne),
            _ => (right, left, StatedCardinality::OneToOne),
        };
        let target_name = name_of(self, target.0);
        let holder_name = name_of(self, holder.0);
        let entity = self.tables[holder.0].entity;
        let field = &mut self.doc.entities[entity].fields[holder.1[0]];
        let column = field.name.clone();
        field.foreign = true;
        let previous = field.references.replace(target_name.clone());
        if let Some(previous) = previous.filter(|p| *p != target_name) {
            self.warn(
                format!("column `{holder_name}.{column}` references both `{previous}` and `{target_name}`; `{target_name}` is kept"),
                r.at,
            );
        }
        self.doc.relationships.push(RawRelationship {
            left: holder_name,
            right: target_name,
            cardinality,
            optional: None,
            // The key column names the role, which ties the statement to its key.
            label: Some(column),
            via: None,
            on_delete: r.on_delete,
            on_update: r.on_update,
            at,
        });
    }
}

fn columns_text(columns: &[String]) -> String {
    match columns {
        [one] => one.clone(),
        many => format!("({})", many.join(", ")),
    }
}

/// At most 40 characters of `text`, for messages.
fn shorten(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;

    fn origin() -> Origin<'static> {
        Origin { file: "schema.dbml", first_line: 1 }
    }

    fn doc(text: &str) -> RawDocument {
        read(text, origin())
    }

    fn entity<'d>(doc: &'d RawDocument, name: &str) -> &'d RawEntity {
        doc.entities.iter().find(|e| e.name == name).unwrap_or_else(|| panic!("no table {name}: {doc:#?}"))
    }

    fn field<'d>(doc: &'d RawDocument, table: &str, name: &str) -> &'d RawField {
        entity(doc, table).fields.iter().find(|f| f.name == name).unwrap_or_else(|| panic!("no column {table}.{name}"))
    }

    fn messages(doc: &RawDocument) -> Vec<String> {
        doc.diagnostics.iter().map(ToString::to_string).collect()
    }

    fn clean(text: &str) -> RawDocument {
        let d = doc(text);
        assert!(d.diagnostics.is_empty(), "{:#?}", messages(&d));
        d
    }

    #[test]
    fn project_states_the_database() {
        let d = clean("Project shop {\n  database_type: 'PostgreSQL'\n  Note: 'x'\n}\n");
        assert_eq!(d.facts.len(), 1);
        assert_eq!(d.facts[0].kind, FactKind::PostgreSql);
        assert_eq!((d.facts[0].at.line, d.facts[0].at.column), (2, 3));
        let d = clean("Project { database_type: \"MySQL\" }");
        assert_eq!(d.facts[0].kind, FactKind::MySql);
        let d = clean("Project p {\n  Note {\n    'long'\n  }\n  database_type: 'SQLite'\n}");
        assert_eq!(d.facts[0].kind, FactKind::Sqlite);
        let d = doc("Project p {\n  database_type: 'Oracle'\n}");
        assert!(d.facts.is_empty());
        assert_eq!(d.diagnostics[0].severity, Severity::Info);
    }

    #[test]
    fn tables_with_columns_and_settings() {
        let d = clean(
            "Table users [note: 'People'] {\n  id uuid [pk]\n  email varchar(255) [not null, unique]\n  bio text\n  \
             nick text [null]\n  age int [not null, default: 0, note: 'years']\n}\n",
        );
        let users = entity(&d, "users");
        assert!(users.physical);
        assert_eq!(users.form, RawForm::Dbml);
        assert_eq!(users.description.as_deref(), Some("People"));
        assert_eq!((users.at.line, users.at.column), (1, 7));
        let id = field(&d, "users", "id");
        assert!(id.primary);
        assert_eq!((id.ty.as_deref(), id.optional), (Some("uuid"), Some(false)));
        let email = field(&d, "users", "email");
        assert!(email.unique && !email.primary);
        assert_eq!((email.ty.as_deref(), email.optional), (Some("varchar(255)"), Some(false)));
        assert_eq!((email.at.line, email.at.column), (3, 3));
        assert_eq!(field(&d, "users", "bio").optional, Some(true));
        assert_eq!(field(&d, "users", "nick").optional, Some(true));
        let age = field(&d, "users", "age");
        assert_eq!((age.default.as_deref(), age.description.as_deref()), (Some("0"), Some("years")));
    }

    #[test]
    fn column_types_as_written() {
        let d = clean(
            "Table t {\n  a decimal(10, 2)\n  b int[]\n  c \"double precision\"\n  d \"character varying\"(40)\n  \
             e public.status\n  f timestamptz [not null]\n  g varchar (8)\n}\n",
        );
        assert_eq!(field(&d, "t", "a").ty.as_deref(), Some("decimal(10, 2)"));
        let b = field(&d, "t", "b");
        assert_eq!((b.ty.as_deref(), b.list), (Some("int"), true));
        assert_eq!(field(&d, "t", "c").ty.as_deref(), Some("double precision"));
        assert_eq!(field(&d, "t", "d").ty.as_deref(), Some("character varying(40)"));
        assert_eq!(field(&d, "t", "e").ty.as_deref(), Some("status"));
        assert_eq!(field(&d, "t", "f").ty.as_deref(), Some("timestamptz"));
        assert_eq!(field(&d, "t", "g").ty.as_deref(), Some("varchar (8)"));
    }

    #[test]
    fn defaults_as_written() {
        let d = clean(
            "Table t {\n  a int [default: -1]\n  b text [default: 'it\\'s']\n  c timestamp [default: `now()`]\n  \
             d bool [default: true]\n  e text [default: null]\n  f int [pk, increment]\n  g float [default: 1.5]\n}\n",
        );
        assert_eq!(field(&d, "t", "a").default.as_deref(), Some("-1"));
        assert_eq!(field(&d, "t", "b").default.as_deref(), Some("'it\\'s'"));
        assert_eq!(field(&d, "t", "c").default.as_deref(), Some("now()"));
        assert_eq!(field(&d, "t", "d").default.as_deref(), Some("true"));
        assert_eq!(field(&d, "t", "e").default, None);
        assert_eq!(field(&d, "t", "f").default.as_deref(), Some("autoincrement()"));
        assert_eq!(field(&d, "t", "g").default.as_deref(), Some("1.5"));
    }

    #[test]
    fn quoted_qualified_and_aliased_names() {
        let d = clean(
            "Table public.\"order items\" as OI {\n  \"line no\" int [primary key]\n}\nTable auth.users as U {\n  id int \
             [pk]\n}\nRef: OI.\"line no\" > U.id\n",
        );
        assert_eq!(d.entities[0].name, "order items");
        assert_eq!(d.entities[1].name, "users");
        assert!(field(&d, "order items", "line no").primary);
        let r = &d.relationships[0];
        assert_eq!((r.left.as_str(), r.right.as_str()), ("order items", "users"));
    }

    #[test]
    fn table_notes_in_every_form() {
        let d = clean(
            "Table a {\n  id int\n  Note: 'short'\n}\nTable b {\n  id int\n  Note {\n    'in a block'\n  }\n}\nTable c \
             {\n  id int\n  note: '''\n    first\n      second\n  '''\n}\n",
        );
        assert_eq!(entity(&d, "a").description.as_deref(), Some("short"));
        assert_eq!(entity(&d, "b").description.as_deref(), Some("in a block"));
        assert_eq!(entity(&d, "c").description.as_deref(), Some("first\n  second"));
        // A column called `note` is a column.
        let d = clean("Table a {\n  note text\n}\n");
        assert_eq!(field(&d, "a", "note").ty.as_deref(), Some("text"));
    }

    #[test]
    fn enums_with_notes_and_quoted_values() {
        let d = clean(
            "Enum public.order_status {\n  pending\n  \"in stock\" [note: 'ready']\n  cancelled [note: 'x']\n}\nTable o {\n  \
             status order_status [not null, default: 'pending']\n}\n",
        );
        assert_eq!(d.enums.len(), 1);
        assert_eq!(d.enums[0].name, "order_status");
        assert_eq!(d.enums[0].values, ["pending", "in stock", "cancelled"]);
        assert_eq!((d.enums[0].at.line, d.enums[0].at.column), (1, 13));
        let status = field(&d, "o", "status");
        assert_eq!(status.ty.as_deref(), Some("order_status"));
        assert_eq!(status.default.as_deref(), Some("'pending'"));
    }

    #[test]
    fn indexes_become_constraints() {
        let d = clean(
            "Table t {\n  id int\n  a int\n  b int\n  c jsonb\n  indexes {\n    a\n    (a, b) [unique, name: 'ab']\n    \
             (a, b) [pk]\n    c [type: gin]\n    id [pk]\n    b [unique]\n    `lower(a)` [name: 'expr']\n  }\n}\n",
        );
        let t = entity(&d, "t");
        let kinds: Vec<(ConstraintKind, Vec<&str>)> =
            t.constraints.iter().map(|c| (c.kind, c.fields.iter().map(String::as_str).collect())).collect();
        assert_eq!(
            kinds,
            [
                (ConstraintKind::Index, vec!["a"]),
                (ConstraintKind::Unique, vec!["a", "b"]),
                (ConstraintKind::PrimaryKey, vec!["a", "b"]),
                (ConstraintKind::Index, vec!["c"]),
            ]
        );
        assert_eq!((t.constraints[1].at.line, t.constraints[1].at.column), (8, 5));
        assert!(field(&d, "t", "id").primary);
        assert!(field(&d, "t", "b").unique);
        // Composite key columns are required.
        assert_eq!(field(&d, "t", "a").optional, Some(false));
        assert_eq!(d.skipped.len(), 1);
        assert!(d.skipped[0].what.contains("expression"));
    }

    fn two_tables(rest: &str) -> RawDocument {
        clean(&format!("Table a {{\n  id int [pk]\n  b_id int\n}}\nTable b {{\n  id int [pk]\n  a_id int\n}}\n{rest}"))
    }

    #[test]
    fn short_refs_in_each_direction() {
        let d = two_tables("Ref: a.b_id > b.id [delete: cascade, update: no action]\n");
        let r = &d.relationships[0];
        assert_eq!((r.left.as_str(), r.right.as_str(), r.cardinality), ("a", "b", StatedCardinality::ManyToOne));
        assert_eq!((r.on_delete.as_deref(), r.on_update.as_deref()), (Some("cascade"), Some("no action")));
        assert_eq!(r.label.as_deref(), Some("b_id"));
        assert_eq!((r.at.line, r.at.column), (9, 6));
        let fk = field(&d, "a", "b_id");
        assert!(fk.foreign);
        assert_eq!(fk.references.as_deref(), Some("b"));
        assert!(!field(&d, "b", "id").foreign);

        // `<` is the reverse: the right side holds the key.
        let d = two_tables("Ref: a.id < b.a_id [delete: set null]\n");
        let r = &d.relationships[0];
        assert_eq!((r.left.as_str(), r.right.as_str(), r.cardinality), ("b", "a", StatedCardinality::ManyToOne));
        assert_eq!(r.on_delete.as_deref(), Some("set null"));
        assert_eq!(field(&d, "b", "a_id").references.as_deref(), Some("a"));
    }

    #[test]
    fn one_to_one_puts_the_key_on_the_non_key_column() {
        let d = two_tables("Ref: a.id - b.a_id\n");
        let r = &d.relationships[0];
        assert_eq!((r.left.as_str(), r.right.as_str(), r.cardinality), ("b", "a", StatedCardinality::OneToOne));
        assert!(field(&d, "b", "a_id").foreign);
        let d = two_tables("Ref: a.b_id - b.id\n");
        let r = &d.relationships[0];
        assert_eq!((r.left.as_str(), r.right.as_str()), ("a", "b"));
        assert!(field(&d, "a", "b_id").foreign);
    }

    #[test]
    fn many_to_many_marks_no_key() {
        let d = two_tables("Ref: a.id <> b.id\n");
        let r = &d.relationships[0];
        assert_eq!((r.left.as_str(), r.right.as_str(), r.cardinality), ("a", "b", StatedCardinality::ManyToMany));
        assert!(d.entities.iter().flat_map(|e| &e.fields).all(|f| !f.foreign));
    }

    #[test]
    fn long_and_named_refs() {
        let d = two_tables(
            "Ref fk_a_b {\n  a.b_id > b.id [delete: restrict]\n  b.a_id > a.id\n}\nRef named: a.b_id > b.id\n",
        );
        assert_eq!(d.relationships.len(), 3);
        assert_eq!(d.relationships[0].on_delete.as_deref(), Some("restrict"));
        assert_eq!((d.relationships[1].left.as_str(), d.relationships[1].right.as_str()), ("b", "a"));
        let d = two_tables("Ref\n{\n  a.b_id > b.id\n}\n");
        assert_eq!(d.relationships.len(), 1);
    }

    #[test]
    fn inline_refs() {
        let d = clean(
            "Table users {\n  id int [pk]\n}\nTable posts {\n  id int [pk]\n  user_id int [not null, ref: > users.id]\n  \
             editor_id int [ref: > public.users.id]\n}\n",
        );
        assert_eq!(d.relationships.len(), 2);
        let r = &d.relationships[0];
        assert_eq!(
            (r.left.as_str(), r.right.as_str(), r.cardinality),
            ("posts", "users", StatedCardinality::ManyToOne)
        );
        assert_eq!((r.at.line, r.at.column), (6, 26));
        assert_eq!(field(&d, "posts", "user_id").references.as_deref(), Some("users"));
        assert_eq!(field(&d, "posts", "editor_id").references.as_deref(), Some("users"));
        // An inline `<` puts the key on the other table.
        let d = clean("Table a {\n  id int [pk, ref: < b.a_id]\n}\nTable b {\n  a_id int\n}\n");
        assert_eq!(field(&d, "b", "a_id").references.as_deref(), Some("a"));
        assert!(!field(&d, "a", "id").foreign);
    }

    #[test]
    fn composite_refs_are_read_and_set_aside() {
        let d = doc(
            "Table a {\n  x int\n  y int\n}\nTable b {\n  x int\n  y int\n}\nRef: a.(x, y) > b.(x, y) [delete: cascade]\n",
        );
        assert_eq!(
            messages(&d),
            ["schema.dbml:9:6: info: `a.(x, y) > b.(x, y)` joins several columns; relations over several columns are \
             not inferred yet"]
        );
        assert!(d.relationships.is_empty());
        assert!(d.entities.iter().flat_map(|e| &e.fields).all(|f| !f.foreign));
        assert_eq!(d.skipped.len(), 1);
        assert_eq!(d.skipped[0].what, "composite reference a.(x, y) > b.(x, y)");
        let d = doc("Table a {\n  x int\n}\nTable b {\n  x int\n  y int\n}\nRef: a.(x) > b.(x, y)\n");
        assert!(messages(&d).iter().any(|m| m.contains("pairs 1 columns with 2")), "{:?}", messages(&d));
    }

    #[test]
    fn table_groups_notes_and_comments_are_set_aside() {
        let d = clean(
            "// a comment\nTableGroup core [color: #fff] {\n  users\n  /* inside */ posts\n}\nNote sticky {\n  'hello'\n}\n\
             /* a\n   block */ Table t { // trailing\n  id int /* mid */ [pk]\n}\n",
        );
        assert_eq!(d.skipped.len(), 2);
        assert_eq!(d.skipped[0].what, "table group core");
        assert_eq!((d.skipped[0].at.line, d.skipped[0].at.column), (2, 1));
        assert_eq!(d.skipped[1].what, "sticky note sticky");
        assert!(field(&d, "t", "id").primary);
        assert_eq!(entity(&d, "t").at.line, 10);
    }

    #[test]
    fn settings_may_span_lines() {
        let d = clean("Table t {\n  id int [\n    pk,\n    note: 'key'\n  ]\n  name text\n}\n");
        let id = field(&d, "t", "id");
        assert!(id.primary);
        assert_eq!(id.description.as_deref(), Some("key"));
        assert_eq!(entity(&d, "t").fields.len(), 2);
    }

    #[test]
    fn positions_follow_the_origin() {
        let d = read("Table t {\n  id int [bogus]\n}\n", Origin { file: "doc.md", first_line: 10 });
        assert_eq!(messages(&d), ["doc.md:11:11: warning: unknown column setting `bogus`"]);
        assert_eq!(entity(&d, "t").at.line, 10);
    }

    // --- bad input -------------------------------------------------------------------

    #[test]
    fn unterminated_table_keeps_its_columns() {
        let d = doc("Table a {\n  id int [pk]\n  name text\n");
        assert_eq!(entity(&d, "a").fields.len(), 2);
        assert_eq!(messages(&d), ["schema.dbml:1:7: warning: table `a` is not closed: `}` missing"]);
        let d = doc("Table a {\n  id int\nTable b {\n  id int\n}\n");
        assert_eq!(d.entities.len(), 2);
        assert_eq!(entity(&d, "a").fields.len(), 1);
        assert!(messages(&d)[0].starts_with("schema.dbml:1:7: warning: table `a` is not closed"));
    }

    #[test]
    fn unterminated_strings_and_comments() {
        let d = doc("Table a {\n  id int [note: 'open\n  name text\n}\n");
        assert_eq!(entity(&d, "a").fields.len(), 2);
        assert!(messages(&d).iter().any(|m| m.starts_with("schema.dbml:2:17: warning: string is not closed")));
        let d = doc("Table a {\n  id int\n}\n/* open");
        assert_eq!(messages(&d), ["schema.dbml:4:1: warning: comment `/*` is not closed"]);
        let d = doc("Table a [note: '''never closed\n");
        assert!(!d.diagnostics.is_empty());
        assert!(d.entities.is_empty());
    }

    #[test]
    fn garbage_is_one_warning_per_run() {
        let d = doc("# A markdown heading\n\nSome prose about the shop.\nMore prose.\n\nTable t {\n  id int\n}\n");
        assert_eq!(messages(&d), ["schema.dbml:1:1: warning: unreadable DBML at `#`: 3 lines skipped"]);
        assert_eq!(entity(&d, "t").fields.len(), 1);
        for text in
            ["}}}}", "[[[[", "Table", "Table {", "Ref:", "Ref: a.", "Ref: a.b >", "Enum", "Table t { id }", ":::", "'"]
        {
            let d = doc(text);
            assert!(!d.diagnostics.is_empty(), "{text:?} gives a diagnostic");
            assert!(d.diagnostics.iter().all(|x| x.at.as_ref().is_some_and(|a| a.line >= 1 && a.column >= 1)));
        }
    }

    #[test]
    fn refs_to_unknown_tables_and_columns() {
        let d = doc("Table a {\n  id int\n  b_id int\n}\nRef: a.b_id > ghosts.id\nRef: a.nope > a.id\n");
        assert!(d.relationships.is_empty());
        assert_eq!(
            messages(&d),
            [
                "schema.dbml:5:15: warning: `Ref` names table `ghosts`, which this document does not define; left out",
                "schema.dbml:6:6: warning: `Ref` names column `nope`, which table `a` does not have; left out",
            ]
        );
        assert!(!field(&d, "a", "b_id").foreign);
    }

    #[test]
    fn unknown_settings_and_duplicates_are_reported() {
        let d = doc("Table a {\n  id int [pk, sparkly]\n  id text\n}\nTable a {\n  x int\n}\n");
        let m = messages(&d);
        assert!(m.contains(&"schema.dbml:2:15: warning: unknown column setting `sparkly`".to_string()), "{m:?}");
        assert!(m.iter().any(|x| x.starts_with("schema.dbml:3:3: warning: column `id` is defined twice")), "{m:?}");
        assert!(m.iter().any(|x| x.starts_with("schema.dbml:5:7: warning: table or alias `a` is defined twice")));
        assert_eq!(field(&d, "a", "id").ty.as_deref(), Some("int"));
    }

    #[test]
    fn deep_nesting_does_not_recurse() {
        let deep = format!("{}{}", "{".repeat(100_000), "}".repeat(100_000));
        let d = doc(&deep);
        assert!(!d.diagnostics.is_empty());
        let d = doc(&format!("Table t {{\n  a varchar{}\n}}\n", "(".repeat(100_000)));
        assert!(!d.diagnostics.is_empty());
        let d = doc(&format!("Table t [{}] {{\n  a int\n}}\n", "(".repeat(100_000)));
        assert!(!d.diagnostics.is_empty());
        let d = doc(&format!("Ref: a.{}", "(".repeat(100_000)));
        assert!(!d.diagnostics.is_empty());
        let d = doc(&format!("TableGroup g {}", "{".repeat(100_000)));
        assert_eq!(d.skipped.len(), 1);
    }

    #[test]
    fn five_thousand_columns() {
        let mut text = String::from("Table wide {\n");
        for i in 0..5_000 {
            text.push_str(&format!("  col_{i} varchar({i}) [not null, note: 'column {i}', default: 'x']\n"));
        }
        text.push_str("}\n");
        for i in 0..5_000 {
            text.push_str(&format!("Ref: wide.col_{i} > wide.col_0\n"));
        }
        let start = std::time::Instant::now();
        let d = doc(&text);
        assert!(start.elapsed().as_secs() < 10, "linear time");
        assert_eq!(entity(&d, "wide").fields.len(), 5_000);
        assert_eq!(d.relationships.len(), 5_000);
        assert_eq!(field(&d, "wide", "col_4999").at.line, 5_001);
    }

    #[test]
    fn many_blank_lines_in_settings_are_linear() {
        let text = format!("Table t {{\n  id int [{}pk]\n}}\n", "\n".repeat(200_000));
        let start = std::time::Instant::now();
        let d = doc(&text);
        assert!(start.elapsed().as_secs() < 10);
        assert!(field(&d, "t", "id").primary);
    }

    #[test]
    fn windows_line_ends_and_case() {
        let d = clean(
            "Table Users {\r\n  id int [pk]\r\n  team_id int\r\n}\r\nTable teams {\r\n  id int [pk]\r\n}\r\nRef: users.team_id > TEAMS.id\r\n",
        );
        assert_eq!(d.relationships.len(), 1);
        assert_eq!(field(&d, "Users", "team_id").references.as_deref(), Some("teams"));
        assert_eq!((d.relationships[0].at.line, d.relationships[0].at.column), (8, 6));
    }

    #[test]
    fn one_long_line_is_linear() {
        let text = "Table t { }".repeat(20_000);
        let start = std::time::Instant::now();
        let d = doc(&text);
        assert!(start.elapsed().as_secs() < 10);
        assert_eq!(d.entities.len(), 20_000);
    }

    /// A small deterministic fuzz: random mixes of DBML fragments never panic, and every
    /// diagnostic has a position inside the text.
    #[test]
    fn random_fragments_never_panic() {
        const PARTS: [&str; 32] = [
            "Table ",
            "t",
            " as x",
            " {",
            "}",
            "\n",
            "[",
            "]",
            "pk",
            ", ",
            "not null",
            "default: ",
            "'s",
            "'''",
            "`now()`",
            "Ref",
            ": ",
            "a.b",
            " > ",
            " <> ",
            " - ",
            "(",
            ")",
            "Enum e",
            "indexes {",
            "note: ",
            "\"q",
            "/*",
            "*/",
            "//",
            "é",
            "TableGroup g",
        ];
        let mut seed: u64 = 0x5eed;
        let mut next = || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize
        };
        for _ in 0..3_000 {
            let n = next() % 40;
            let text: String = (0..n).map(|_| PARTS[next() % PARTS.len()]).collect();
            let lines = u32::try_from(text.split('\n').count()).unwrap_or(u32::MAX);
            let d = doc(&text);
            for diag in &d.diagnostics {
                let at = diag.at.as_ref().expect("positioned");
                assert!(at.line >= 1 && at.line <= lines && at.column >= 1, "{diag} in {text:?}");
            }
        }
    }
}
