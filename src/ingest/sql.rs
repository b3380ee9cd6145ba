//! Reader for SQL DDL: hand-written PostgreSQL or MySQL schemas and `pg_dump --schema-only`
//! (or `mysqldump --no-data`) output.
//!
//! The text is split into statements here, by a scanner that knows quotes (`'...'`, `"..."`,
//! `` `...` ``), PostgreSQL dollar quoting (`$$...$$`, `$body$...$body$`), comments (`--`,
//! `/* */` nested as PostgreSQL nests them, MySQL's `#`), psql meta-commands (`\restrict`,
//! `\connect`), MySQL's `DELIMITER` and the data lines of `COPY ... FROM stdin`. Each statement
//! that can say something about the data model is then parsed on its own by the `sqlparser`
//! crate (PostgreSQL dialect, or MySQL when the text looks like MySQL, with the generic dialect
//! as a fallback), so one statement it rejects costs that statement only: it becomes a warning
//! with its line and column, and a [`Skipped`] entry. The scan and the work per statement are
//! linear; nothing recurses on the input (the parser's own recursion is capped by it).
//!
//! What is read: `CREATE TABLE` (columns with their types as written, `NOT NULL`, `DEFAULT`,
//! `PRIMARY KEY`, `UNIQUE`, `REFERENCES`, identity and `AUTO_INCREMENT`; table constraints),
//! `ALTER TABLE ... ADD CONSTRAINT` / `ADD COLUMN` / `ALTER COLUMN ... SET DEFAULT` and the like,
//! `CREATE [UNIQUE] INDEX` on columns, `CREATE TYPE ... AS ENUM` and `ALTER TYPE ... ADD VALUE`,
//! MySQL's inline `ENUM(...)`, and `COMMENT ON TABLE/COLUMN` as descriptions.
//!
//! Tables are `physical` entities named as the database names them (schema prefix dropped;
//! PostgreSQL folds unquoted names to lower case, so does this reader): the model keeps the
//! table name with `@@map` and columns keep theirs with `@map`. Each foreign key marks its
//! column (`foreign`, `references`) and becomes a [`RawRelationship`] with its actions, as the
//! DBML reader does. Prisma's own `_prisma_migrations` table is set aside, and an implicit
//! many-to-many join table (`_AToB` with columns `A` and `B`) becomes a many-to-many
//! relationship between the tables it joins.
//!
//! Statements that hold no data model (session `SET`s, `set_config`, ownership, grants,
//! sequences, extensions, schemas, data rows) are counted and listed once per kind in
//! `skipped`; views, functions, triggers, policies and `CHECK` constraints are listed one by one
//! with the reason Prisma cannot hold them.

use super::raw::{
    ConstraintKind, FactKind, Origin, RawConstraint, RawDocument, RawEntity, RawEnum, RawFact, RawField, RawForm,
    RawRelationship, Skipped, StatedCardinality,
};
use crate::diagnostics::Diagnostic;
use crate::model::Provenance;
use sqlparser::ast::{
    AlterColumnOperation, AlterTableOperation, AlterTypeOperation, ArrayElemTypeDef, ColumnDef, ColumnOption,
    CommentObject, CreateIndex, CreateTable, DataType, EnumMember, Expr, ForeignKeyConstraint, GeneratedAs, Ident,
    IndexColumn, IndexType, ObjectName, ObjectNamePart, Statement, TableConstraint, UnaryOperator,
    UserDefinedTypeRepresentation, Value,
};
use sqlparser::dialect::{Dialect, GenericDialect, MySqlDialect, PostgreSqlDialect};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Location;
use std::collections::HashMap;

/// Reads one SQL document.
pub fn read(text: &str, origin: Origin<'_>) -> RawDocument {
    let mysql = looks_like_mysql(text);
    let split = split(text, mysql);
    let mut reader = Reader::new(origin, mysql);
    for problem in &split.problems {
        reader.warn(problem.message.clone(), (problem.line, problem.column));
    }
    for meta in &split.meta {
        reader.aside(Aside::Session, (meta.line, meta.column));
    }
    if mysql {
        reader.doc.facts.push(RawFact { kind: FactKind::MySql, at: origin.at(1, 1) });
    } else if text.contains("PostgreSQL database dump") {
        reader.pg_fact((1, 1));
    }
    for statement in &split.statements {
        reader.statement(statement);
    }
    reader.finish()
}

// ---------------------------------------------------------------------------------------
// Statement splitter
// ---------------------------------------------------------------------------------------

/// One statement of the text, without its terminator; `line` and `column` are those of its
/// first character (1-based, columns in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stmt<'a> {
    text: &'a str,
    line: u32,
    column: u32,
    /// A quote, dollar quote or comment opened in it runs to the end of the text.
    unclosed: bool,
}

/// A psql meta-command (`\restrict ...`) or a MySQL `DELIMITER` line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Meta<'a> {
    text: &'a str,
    line: u32,
    column: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Problem {
    message: String,
    line: u32,
    column: u32,
}

#[derive(Debug, Default)]
struct Split<'a> {
    statements: Vec<Stmt<'a>>,
    meta: Vec<Meta<'a>>,
    problems: Vec<Problem>,
}

/// MySQL when the text quotes names with backticks or states `ENGINE=` / `AUTO_INCREMENT`,
/// unless it says it is a PostgreSQL dump.
fn looks_like_mysql(text: &str) -> bool {
    if text.contains("PostgreSQL database dump") {
        return false;
    }
    let bytes = text.as_bytes();
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle));
    bytes.contains(&b'`') || has(b"engine=") || has(b"engine =") || has(b"auto_increment")
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    line: u32,
    column: u32,
    mysql: bool,
    out: Split<'a>,
}

impl<'a> Scanner<'a> {
    fn bump(&mut self) {
        let Some(&b) = self.bytes.get(self.pos) else { return };
        self.pos += 1;
        if b == b'\n' {
            self.line = self.line.saturating_add(1);
            self.column = 1;
        } else if b & 0xC0 != 0x80 {
            self.column = self.column.saturating_add(1);
        }
    }

    /// Moves to `end` (a byte offset at a character boundary or the end of the text).
    fn bump_to(&mut self, end: usize) {
        let end = end.min(self.bytes.len());
        while self.pos < end {
            self.bump();
        }
    }

    fn at(&self, s: &str) -> bool {
        self.bytes[self.pos..].starts_with(s.as_bytes())
    }

    /// The end of the current line (the offset of its `\n`, or the end of the text).
    fn line_end(&self) -> usize {
        self.text[self.pos..].find('\n').map_or(self.bytes.len(), |i| self.pos + i)
    }

    fn problem(&mut self, message: String, line: u32, column: u32) {
        self.out.problems.push(Problem { message, line, column });
    }

    /// `-- ...` (or MySQL `# ...`) up to the line end, which is left for the caller.
    fn line_comment(&mut self) {
        let end = self.line_end();
        self.bump_to(end);
    }

    /// `/* ... */`, nested as PostgreSQL nests them. Returns whether it was closed.
    fn block_comment(&mut self) -> bool {
        let (line, column) = (self.line, self.column);
        self.bump_to(self.pos + 2);
        let mut depth = 1usize;
        while self.pos < self.bytes.len() {
            if self.at("*/") {
                self.bump_to(self.pos + 2);
                depth -= 1;
                if depth == 0 {
                    return true;
                }
            } else if !self.mysql && self.at("/*") {
                self.bump_to(self.pos + 2);
                depth += 1;
            } else {
                self.bump();
            }
        }
        self.problem("comment `/*` is not closed".into(), line, column);
        false
    }

    /// A quoted string or name; a doubled quote stands for itself, and a backslash escapes
    /// the next character when `backslash`. Returns whether it was closed.
    fn quoted(&mut self, quote: u8, backslash: bool) -> bool {
        let (line, column) = (self.line, self.column);
        self.bump();
        while let Some(&b) = self.bytes.get(self.pos) {
            if backslash && b == b'\\' {
                self.bump();
                self.bump();
            } else if b == quote {
                self.bump();
                if self.bytes.get(self.pos) == Some(&quote) {
                    self.bump();
                } else {
                    return true;
                }
            } else {
                self.bump();
            }
        }
        let what = match quote {
            b'\'' => "string `'`",
            b'"' => "quoted name `\"`",
            _ => "quoted name `` ` ``",
        };
        self.problem(format!("{what} is not closed"), line, column);
        false
    }

    /// The length of a dollar-quote tag (`$$`, `$body$`) starting at the current `$`.
    fn dollar_tag(&self) -> Option<usize> {
        if self.mysql || (self.pos > 0 && is_ident_byte(self.bytes[self.pos - 1])) {
            return None;
        }
        let mut j = self.pos + 1;
        while let Some(&b) = self.bytes.get(j) {
            if b == b'$' {
                return Some(j + 1 - self.pos);
            }
            let ok = b.is_ascii_alphabetic() || b == b'_' || b >= 0x80 || (j > self.pos + 1 && b.is_ascii_digit());
            if !ok {
                return None;
            }
            j += 1;
        }
        None
    }

    /// A dollar-quoted string. Returns whether it was closed.
    fn dollar_quoted(&mut self, tag_len: usize) -> bool {
        let (line, column) = (self.line, self.column);
        let tag = &self.text[self.pos..self.pos + tag_len];
        let body = self.pos + tag_len;
        match self.text[body..].find(tag) {
            Some(i) => {
                self.bump_to(body + i + tag_len);
                true
            }
            None => {
                self.problem(format!("dollar-quoted string `{tag}` is not closed"), line, column);
                self.bump_to(self.bytes.len());
                false
            }
        }
    }

    /// Whether a `DELIMITER x` line starts here (MySQL clients).
    fn delimiter_line(&self) -> bool {
        const WORD: &[u8] = b"delimiter";
        self.mysql
            && self.bytes.get(self.pos..self.pos + WORD.len()).is_some_and(|w| w.eq_ignore_ascii_case(WORD))
            && self.bytes.get(self.pos + WORD.len()).is_some_and(|b| *b == b' ' || *b == b'\t')
    }

    /// Skips the data lines after `COPY ... FROM stdin;`, up to the `\.` line.
    fn copy_data(&mut self) {
        let end = self.line_end();
        self.bump_to(end);
        self.bump();
        while self.pos < self.bytes.len() {
            let end = self.line_end();
            let last = self.text[self.pos..end].trim_end_matches('\r') == "\\.";
            self.bump_to(end);
            self.bump();
            if last {
                return;
            }
        }
    }

    fn run(mut self) -> Split<'a> {
        let mut delimiter = String::from(";");
        // Offset, line and column of the current statement's first character.
        let mut start: Option<(usize, u32, u32)> = None;
        let mut unclosed = false;
        while let Some(&b) = self.bytes.get(self.pos) {
            if start.is_none() {
                if b.is_ascii_whitespace() {
                    self.bump();
                    continue;
                }
                if b == b'\\' || self.delimiter_line() {
                    let (from, line, column) = (self.pos, self.line, self.column);
                    let end = self.line_end();
                    let text = self.text[from..end].trim_end();
                    if b != b'\\'
                        && let Some(d) = text.split_whitespace().nth(1)
                    {
                        delimiter = d.to_string();
                    }
                    self.out.meta.push(Meta { text, line, column });
                    self.bump_to(end);
                    continue;
                }
            }
            if self.at("--") || (self.mysql && b == b'#') {
                self.line_comment();
                continue;
            }
            if self.at("/*") {
                if !self.block_comment() && start.is_some() {
                    unclosed = true;
                }
                continue;
            }
            if self.at(&delimiter) {
                if let Some((from, line, column)) = start.take() {
                    let text = self.text[from..self.pos].trim_end();
                    self.out.statements.push(Stmt { text, line, column, unclosed: false });
                    self.bump_to(self.pos + delimiter.len());
                    if is_copy_from_stdin(text) {
                        self.copy_data();
                    }
                } else {
                    self.bump_to(self.pos + delimiter.len());
                }
                continue;
            }
            if start.is_none() {
                start = Some((self.pos, self.line, self.column));
            }
            let closed = match b {
                b'\'' => {
                    let e_string = self.pos > 0
                        && matches!(self.bytes[self.pos - 1], b'e' | b'E')
                        && (self.pos < 2 || !is_ident_byte(self.bytes[self.pos - 2]));
                    self.quoted(b'\'', self.mysql || e_string)
                }
                b'"' => self.quoted(b'"', self.mysql),
                b'`' => self.quoted(b'`', false),
                b'$' => match self.dollar_tag() {
                    Some(len) => self.dollar_quoted(len),
                    None => {
                        self.bump();
                        true
                    }
                },
                _ => {
                    self.bump();
                    true
                }
            };
            unclosed |= !closed;
        }
        if let Some((from, line, column)) = start {
            let text = self.text[from..].trim_end();
            self.out.statements.push(Stmt { text, line, column, unclosed });
        }
        self.out
    }
}

fn is_copy_from_stdin(statement: &str) -> bool {
    let words: Vec<&str> = statement.split_whitespace().collect();
    words.first().is_some_and(|w| w.eq_ignore_ascii_case("copy"))
        && words.last().is_some_and(|w| w.eq_ignore_ascii_case("stdin"))
}

/// How deep brackets may nest in one statement, and how many tokens one list item may hold at
/// one level: the SQL parser builds (and drops) expression and type trees recursively, and
/// a chain such as `1::int::int...`, `a AND a AND ...` or `int[][]...` tens of thousands long
/// overflows the stack. Real DDL stays far below both.
const MAX_NESTING: usize = 24;
const MAX_RUN: usize = 1_000;

/// Where and why a statement is too deep to hand to the parser.
fn too_deep(text: &str) -> Option<(usize, &'static str)> {
    let b = text.as_bytes();
    // Tokens since the last comma, per open bracket.
    let mut runs: Vec<usize> = vec![0];
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let start = i;
        match c {
            _ if c.is_ascii_whitespace() => {
                i += 1;
                continue;
            }
            b'-' if b.get(i + 1) == Some(&b'-') => {
                i = text[i..].find('\n').map_or(b.len(), |n| i + n);
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..].find("*/").map_or(b.len(), |n| i + 2 + n + 2);
                continue;
            }
            b'\'' | b'"' | b'`' => {
                i += 1;
                while i < b.len() {
                    if b[i] == b'\\' {
                        i += 2;
                    } else if b[i] == c {
                        i += 1;
                        if b.get(i) != Some(&c) {
                            break;
                        }
                        i += 1;
                    } else {
                        i += 1;
                    }
                }
            }
            b'(' | b'[' => {
                i += 1;
                if let Some(run) = runs.last_mut() {
                    *run += 1;
                    if *run > MAX_RUN {
                        return Some((start, "holds an expression or type longer than schemata reads"));
                    }
                }
                runs.push(0);
                if runs.len() > MAX_NESTING + 1 {
                    return Some((start, "nests brackets deeper than schemata reads"));
                }
                continue;
            }
            b')' | b']' => {
                i += 1;
                if runs.len() > 1 {
                    runs.pop();
                }
                continue;
            }
            b',' | b';' => {
                i += 1;
                if let Some(run) = runs.last_mut() {
                    *run = 0;
                }
                continue;
            }
            _ if is_ident_byte(c) => {
                while i < b.len() && is_ident_byte(b[i]) {
                    i += 1;
                }
            }
            _ => i += 1,
        }
        if let Some(run) = runs.last_mut() {
            *run += 1;
            if *run > MAX_RUN {
                return Some((start, "holds an expression or type longer than schemata reads"));
            }
        }
    }
    None
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
fn offset_position(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() as u64 + 1;
    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
    (line, before[line_start..].chars().count() as u64 + 1)
}

/// Splits `text` into statements (see the module documentation).
fn split(text: &str, mysql: bool) -> Split<'_> {
    Scanner { text, bytes: text.as_bytes(), pos: 0, line: 1, column: 1, mysql, out: Split::default() }.run()
}

// ---------------------------------------------------------------------------------------
// What a statement is
// ---------------------------------------------------------------------------------------

/// Statements that hold no data model, counted and listed once per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Aside {
    Session,
    Ownership,
    Sequences,
    Setup,
    Data,
    Comments,
}

impl Aside {
    fn what(self) -> &'static str {
        match self {
            Aside::Session => "session settings and client commands (`SET`, `set_config`, `\\restrict`)",
            Aside::Ownership => "ownership and permission statements (`OWNER TO`, `GRANT`, `REVOKE`)",
            Aside::Sequences => "sequence statements (`CREATE SEQUENCE`, `ALTER SEQUENCE`, `setval`)",
            Aside::Setup => "schema, extension and database statements (`CREATE SCHEMA`, `CREATE EXTENSION`, `DROP`)",
            Aside::Data => "data statements (`INSERT`, `COPY`)",
            Aside::Comments => "comments on objects other than tables and columns",
        }
    }

    fn why(self) -> &'static str {
        match self {
            Aside::Sequences => "an autoincrement column is read from its `nextval` default",
            Aside::Data => "rows are data, not the data model",
            _ => "they hold no data model",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Aside(Aside),
    /// Read with the parser.
    Table,
    Type,
    AlterType,
    /// `CREATE DOMAIN`: its columns take its data type.
    Domain,
    Index,
    AlterTable,
    Comment,
    /// Listed in `skipped` with a reason: Prisma cannot hold it.
    Unmodelled(&'static str, &'static str),
    /// Anything else: parsed to tell SQL from garbage.
    Other,
}

/// pg_dump's `ALTER COLUMN c ADD GENERATED ... AS IDENTITY (SEQUENCE NAME ...)` without the
/// sequence options, which the parser does not take and Prisma does not keep.
fn without_identity_options(text: &str) -> &str {
    let upper = text.to_ascii_uppercase();
    match (upper.find("ADD GENERATED"), upper.find("AS IDENTITY")) {
        (Some(add), Some(identity)) if add < identity => {
            let end = identity + "AS IDENTITY".len();
            if text[end..].trim_start().starts_with('(') { &text[..end] } else { text }
        }
        _ => text,
    }
}

/// What a statement is, from its first words.
fn kind_of(text: &str) -> Kind {
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == '(' || c == ';')
        .filter(|w| !w.is_empty())
        .take(8)
        .map(str::to_ascii_uppercase)
        .collect();
    let w = |i: usize| words.get(i).map_or("", String::as_str);
    // `CREATE [OR REPLACE] [TEMP | UNLOGGED | ...] X`
    let mut i = 1;
    if w(1) == "OR" && w(2) == "REPLACE" {
        i = 3;
    }
    while matches!(w(i), "TEMP" | "TEMPORARY" | "UNLOGGED" | "GLOBAL" | "LOCAL" | "UNIQUE" | "MATERIALIZED") {
        i += 1;
    }
    let owner_to = w(0) == "ALTER" && {
        let tail: Vec<&str> = text.split_whitespace().rev().take(3).collect();
        tail.len() == 3 && tail[1].eq_ignore_ascii_case("to") && tail[2].eq_ignore_ascii_case("owner")
    };
    if owner_to {
        return Kind::Aside(Aside::Ownership);
    }
    match w(0) {
        "SET" | "RESET" | "BEGIN" | "COMMIT" | "START" | "END" | "USE" | "LOCK" | "UNLOCK" | "SAVEPOINT"
        | "ROLLBACK" | "\\" => return Kind::Aside(Aside::Session),
        "SELECT" if text.to_ascii_lowercase().contains("setval") => return Kind::Aside(Aside::Sequences),
        "SELECT" => return Kind::Aside(Aside::Session),
        "GRANT" | "REVOKE" => return Kind::Aside(Aside::Ownership),
        "INSERT" | "COPY" | "UPDATE" | "DELETE" | "REPLACE" => return Kind::Aside(Aside::Data),
        "DROP" | "TRUNCATE" | "ANALYZE" | "VACUUM" => return Kind::Aside(Aside::Setup),
        "COMMENT" if w(1) == "ON" => {
            return match w(2) {
                "TABLE" | "COLUMN" => Kind::Comment,
                _ => Kind::Aside(Aside::Comments),
            };
        }
        "CREATE" => {}
        "ALTER" => {
            return match w(1) {
                "TABLE" => Kind::AlterTable,
                "TYPE" => Kind::AlterType,
                "SEQUENCE" => Kind::Aside(Aside::Sequences),
                "SCHEMA" | "DATABASE" | "EXTENSION" => Kind::Aside(Aside::Setup),
                "DEFAULT" | "ROLE" | "USER" => Kind::Aside(Aside::Ownership),
                "FUNCTION" | "PROCEDURE" | "TRIGGER" | "POLICY" | "VIEW" | "MATERIALIZED" | "DOMAIN" => {
                    Kind::Unmodelled("change to an object Prisma does not model", "Prisma cannot express it")
                }
                _ => Kind::Other,
            };
        }
        _ => return Kind::Other,
    }
    match w(i) {
        "TABLE" => Kind::Table,
        "TYPE" => Kind::Type,
        "INDEX" => Kind::Index,
        "SEQUENCE" => Kind::Aside(Aside::Sequences),
        "SCHEMA" | "EXTENSION" | "DATABASE" | "ROLE" | "USER" | "PUBLICATION" | "SUBSCRIPTION" | "SERVER" => {
            Kind::Aside(Aside::Setup)
        }
        "VIEW" => {
            Kind::Unmodelled("view", "views are not read; add them to the schema as Prisma `view` blocks by hand")
        }
        "FUNCTION" | "PROCEDURE" | "AGGREGATE" | "OPERATOR" | "CAST" => {
            Kind::Unmodelled("function", "Prisma cannot express database functions; keep them in a SQL migration")
        }
        "TRIGGER" | "EVENT" | "RULE" => {
            Kind::Unmodelled("trigger", "Prisma cannot express triggers or rules; keep them in a SQL migration")
        }
        "POLICY" => Kind::Unmodelled(
            "row-level security policy",
            "Prisma cannot express row-level security; keep it in a SQL migration",
        ),
        "DOMAIN" => Kind::Domain,
        "COLLATION" | "STATISTICS" | "CONVERSION" | "TEXT" | "FOREIGN" | "ACCESS" | "LANGUAGE" | "TRANSFORM" => {
            Kind::Unmodelled("database object", "Prisma cannot express it")
        }
        _ => Kind::Other,
    }
}

// ---------------------------------------------------------------------------------------
// Reader
// ---------------------------------------------------------------------------------------

/// Where a statement starts: parser locations inside it are relative to this.
#[derive(Debug, Clone, Copy)]
struct Base {
    line: u32,
    column: u32,
}

/// What the reader knows of a table beyond its entity.
struct Table {
    /// Index in `doc.entities`.
    entity: usize,
    /// Column name → index in the entity's fields.
    columns: HashMap<String, usize>,
}

/// An implicit many-to-many join table (`_AToB`): the tables its columns `A` and `B` reference.
struct Join {
    name: String,
    a: Option<String>,
    b: Option<String>,
    at: (u32, u32),
}

/// A foreign key read, resolved once every table is known.
struct PendingFk {
    table: String,
    columns: Vec<String>,
    target: String,
    target_columns: Vec<String>,
    on_delete: Option<String>,
    on_update: Option<String>,
    at: (u32, u32),
}

/// A table that is not read as a model: Prisma's own, or an implicit join table.
enum Special {
    Migrations,
    Join(usize),
}

struct Reader<'a> {
    origin: Origin<'a>,
    mysql: bool,
    doc: RawDocument,
    tables: Vec<Table>,
    by_name: HashMap<String, usize>,
    by_lower: HashMap<String, usize>,
    special: HashMap<String, Special>,
    joins: Vec<Join>,
    enums: HashMap<String, usize>,
    /// `CREATE DOMAIN` name → its data type: a column of the domain has the domain's type,
    /// as Prisma's introspection reads it.
    domains: HashMap<String, DataType>,
    fks: Vec<PendingFk>,
    /// Count and first position of each kind of statement set aside.
    aside: Vec<(Aside, usize, (u32, u32))>,
    pg_fact: bool,
}

/// The part of a name after its schema (`public.users` → `users`).
fn last_ident(name: &ObjectName) -> Option<&Ident> {
    name.0.iter().rev().find_map(ObjectNamePart::as_ident)
}

/// At most 60 characters of the first line of `text`, for messages.
fn shorten(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default().trim();
    let mut out: String = line.chars().take(60).collect();
    if line.chars().count() > 60 || text.trim().lines().nth(1).is_some() {
        out.push('…');
    }
    out
}

/// Splits a parser message `... at Line: 3, Column: 7` into the message and the position.
fn error_position(message: &str) -> (String, Option<(u64, u64)>) {
    let Some(i) = message.rfind(" at Line: ") else { return (message.to_string(), None) };
    let rest = &message[i + " at Line: ".len()..];
    let mut parts = rest.split(", Column: ");
    let line = parts.next().and_then(|l| l.trim().parse::<u64>().ok());
    let column = parts.next().and_then(|c| c.trim().parse::<u64>().ok());
    match (line, column) {
        (Some(l), Some(c)) => (message[..i].to_string(), Some((l, c))),
        _ => (message.to_string(), None),
    }
}

/// The text of a default as the inference reads it: casts and parentheses dropped
/// (`'pending'::order_status` → `'pending'`), `nextval(...)` as `autoincrement()`, `NULL` as none.
fn default_text(expr: &Expr) -> Option<String> {
    let mut e = expr;
    while let Expr::Cast { expr, .. } | Expr::Nested(expr) = e {
        e = expr;
    }
    match e {
        Expr::Value(v) => match &v.value {
            Value::Null => None,
            Value::SingleQuotedString(s) | Value::EscapedStringLiteral(s) | Value::DoubleQuotedString(s) => {
                Some(format!("'{s}'"))
            }
            Value::Number(n, _) => Some(n.to_string()),
            Value::Boolean(b) => Some(b.to_string()),
            other => Some(other.to_string()),
        },
        Expr::Function(f) => {
            let name = last_ident(&f.name).map(|i| i.value.to_ascii_lowercase()).unwrap_or_default();
            match name.as_str() {
                "nextval" => Some("autoincrement()".into()),
                // MySQL's `CURRENT_TIMESTAMP(3)`, PostgreSQL's `LOCALTIMESTAMP`: the time of the insert.
                "current_timestamp" | "localtimestamp" => Some("CURRENT_TIMESTAMP".into()),
                _ => Some(f.to_string()),
            }
        }
        Expr::UnaryOp { op: UnaryOperator::Minus, expr } => default_text(expr).map(|t| format!("-{t}")),
        other => Some(other.to_string()),
    }
}

/// A column type: the type as written (lower-cased keywords, an enum's schema dropped),
/// whether it is an array, MySQL's inline enum values, and whether it is a `serial`.
struct ColumnType {
    ty: Option<String>,
    list: bool,
    values: Option<Vec<String>>,
    serial: bool,
}

fn referential(action: Option<sqlparser::ast::ReferentialAction>) -> Option<String> {
    action.map(|a| a.to_string().to_ascii_lowercase())
}

/// The plain column an index entry names, or `None` for an expression.
fn index_column(c: &IndexColumn) -> Option<&Ident> {
    match &c.column.expr {
        Expr::Identifier(i) => Some(i),
        Expr::CompoundIdentifier(parts) => parts.last(),
        _ => None,
    }
}

impl<'a> Reader<'a> {
    fn new(origin: Origin<'a>, mysql: bool) -> Self {
        Self {
            origin,
            mysql,
            doc: RawDocument::new(origin.file),
            tables: Vec::new(),
            by_name: HashMap::new(),
            by_lower: HashMap::new(),
            special: HashMap::new(),
            joins: Vec::new(),
            enums: HashMap::new(),
            domains: HashMap::new(),
            fks: Vec::new(),
            aside: Vec::new(),
            pg_fact: false,
        }
    }

    fn at(&self, (line, column): (u32, u32)) -> Provenance {
        self.origin.at(line, column)
    }

    fn warn(&mut self, message: impl Into<String>, pos: (u32, u32)) {
        let at = self.at(pos);
        self.doc.diagnostics.push(Diagnostic::warning(message, Some(at)));
    }

    fn info(&mut self, message: impl Into<String>, pos: (u32, u32)) {
        let at = self.at(pos);
        self.doc.diagnostics.push(Diagnostic::info(message, Some(at)));
    }

    fn skip(&mut self, what: String, why: impl Into<String>, pos: (u32, u32)) {
        let at = self.at(pos);
        self.doc.skipped.push(Skipped { what, why: why.into(), at });
    }

    fn aside(&mut self, kind: Aside, pos: (u32, u32)) {
        match self.aside.iter_mut().find(|(k, _, _)| *k == kind) {
            Some(entry) => entry.1 += 1,
            None => self.aside.push((kind, 1, pos)),
        }
    }

    /// A CHECK constraint: the rules schemata's migrations write are read back as what a
    /// document says about the column; any other is skipped, said so.
    fn check_rules(&mut self, table: usize, name: Option<&Ident>, expr: &Expr, pos: (u32, u32)) {
        let rules = super::sql_rules::check(expr);
        if rules.is_empty() {
            let table_name = self.doc.entities[self.tables[table].entity].name.clone();
            let what = name.map_or_else(|| format!("`{}`", shorten(&expr.to_string())), |n| format!("`{}`", n.value));
            self.skip(
                format!("check constraint {what} on table `{table_name}`"),
                "Prisma cannot express CHECK constraints, and this one is not a rule schemata writes; keep it in a SQL migration",
                pos,
            );
        }
        for (column, words) in rules {
            self.describe(table, &column, &words);
        }
    }

    /// Adds words to a column's description (the column must be read already).
    fn describe(&mut self, table: usize, column: &str, words: &str) {
        let Some(&index) = self.tables[table].columns.get(column) else { return };
        add_words(&mut self.doc.entities[self.tables[table].entity].fields[index].description, words);
    }

    /// A row-level security policy that compares a column with a session setting
    /// (`"tenantId" = current_setting('app.tenant_id')`, as schemata's migrations write them)
    /// names the tenant key: the database says which rows belong to whom.
    fn policy_tenant_key(&mut self, text: &str, pos: (u32, u32)) {
        if self.doc.tenant_key.is_some() {
            return;
        }
        let Some(at) = text.find("current_setting(") else { return };
        // `"tenantId" = NULLIF(current_setting(...` as written, or with pg_dump's parentheses
        // and casts: `("tenantId" = (NULLIF(current_setting(...`.
        let before = text[..at].trim_end().trim_end_matches('(').trim_end();
        let before = before.strip_suffix("NULLIF").unwrap_or(before).trim_end().trim_end_matches('(').trim_end();
        let Some(before) = before.strip_suffix('=').map(str::trim_end) else { return };
        let column = if let Some(quoted) = before.strip_suffix('"') {
            quoted.rsplit_once('"').map(|(_, c)| c.to_string())
        } else {
            let start = before
                .char_indices()
                .rev()
                .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '_'))
                .map_or(0, |(i, c)| i + c.len_utf8());
            Some(before[start..].to_string())
        };
        let Some(column) = column.filter(|c| !c.is_empty()) else { return };
        self.doc.tenant_key = Some(crate::naming::field_name(&column));
        let at = self.at(pos);
        self.doc.facts.push(RawFact { kind: FactKind::TenantKey, at });
    }

    /// The document states PostgreSQL (a dump header, an enum type, an index method...).
    fn pg_fact(&mut self, pos: (u32, u32)) {
        if self.mysql || self.pg_fact {
            return;
        }
        self.pg_fact = true;
        let at = self.at(pos);
        self.doc.facts.push(RawFact { kind: FactKind::PostgreSql, at });
    }

    /// A position inside the statement at `base`.
    fn pos(&self, base: Base, loc: Location) -> (u32, u32) {
        if loc.line == 0 {
            return (base.line, base.column);
        }
        let line = u32::try_from(loc.line - 1).unwrap_or(u32::MAX);
        let column = u32::try_from(loc.column).unwrap_or(u32::MAX).max(1);
        if line == 0 {
            (base.line, base.column.saturating_add(column - 1))
        } else {
            (base.line.saturating_add(line), column)
        }
    }

    fn ident_pos(&self, base: Base, ident: &Ident) -> (u32, u32) {
        self.pos(base, ident.span.start)
    }

    /// A name as the database holds it: PostgreSQL folds unquoted names to lower case.
    fn name(&self, ident: &Ident) -> String {
        if !self.mysql && ident.quote_style.is_none() { ident.value.to_lowercase() } else { ident.value.clone() }
    }

    fn object_name(&self, name: &ObjectName) -> String {
        match last_ident(name) {
            Some(i) => self.name(i),
            None => name.to_string(),
        }
    }

    fn find_table(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).or_else(|| self.by_lower.get(&name.to_lowercase())).copied()
    }

    // --- statements ------------------------------------------------------------------

    fn statement(&mut self, s: &Stmt<'_>) {
        let start = (s.line, s.column);
        if s.unclosed {
            let what = format!("unfinished statement `{}`", shorten(s.text));
            self.skip(what, "a quote or comment opened in it is never closed", start);
            return;
        }
        let kind = kind_of(s.text);
        match kind {
            Kind::Aside(a) => {
                if a == Aside::Sequences {
                    self.pg_fact(start);
                }
                self.aside(a, start);
                return;
            }
            Kind::Unmodelled(what, why) => {
                if what == "row-level security policy" {
                    self.policy_tenant_key(s.text, start);
                }
                let what = format!("{what} `{}`", shorten(s.text));
                self.skip(what, why, start);
                return;
            }
            _ => {}
        }
        let base = Base { line: s.line, column: s.column };
        if let Some((offset, why)) = too_deep(s.text) {
            let (line, column) = offset_position(s.text, offset);
            let pos = self.pos(base, Location { line, column });
            let what = shorten(s.text);
            self.warn(format!("`{what}` {why}; the statement is skipped"), pos);
            self.skip(format!("statement `{what}`"), format!("it {why}"), pos);
            return;
        }
        let text = if kind == Kind::AlterTable { without_identity_options(s.text) } else { s.text };
        let Some(statements) = self.parse(text, base, kind) else { return };
        for statement in statements {
            self.parsed(statement, base, s.text);
        }
    }

    /// Parses one statement with the document's dialect, then the others; on failure
    /// reports the first dialect's error at its place in the document.
    fn parse(&mut self, text: &str, base: Base, kind: Kind) -> Option<Vec<Statement>> {
        let dialects: [&dyn Dialect; 3] = if self.mysql {
            [&MySqlDialect {}, &GenericDialect {}, &PostgreSqlDialect {}]
        } else {
            [&PostgreSqlDialect {}, &GenericDialect {}, &MySqlDialect {}]
        };
        let mut first_error = None;
        for dialect in dialects {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| Parser::parse_sql(dialect, text)));
            match result {
                Ok(Ok(statements)) => return Some(statements),
                Ok(Err(e)) => {
                    first_error.get_or_insert_with(|| e.to_string());
                }
                Err(_) => {
                    first_error.get_or_insert_with(|| "the SQL parser failed on this statement".to_string());
                }
            }
        }
        let (message, at) = error_position(&first_error.unwrap_or_default());
        let message = message.trim_start_matches("sql parser error: ").to_string();
        let pos = match at {
            Some((line, column)) => self.pos(base, Location { line, column }),
            None => (base.line, base.column),
        };
        let what = shorten(text);
        if kind == Kind::Other {
            self.warn(format!("not SQL that schemata reads: `{what}` ({message}); skipped"), pos);
            self.skip(format!("unreadable text `{what}`"), "it is not a SQL statement the parser accepts", pos);
        } else {
            self.warn(format!("the SQL parser rejects `{what}`: {message}; the statement is skipped"), pos);
            self.skip(format!("statement `{what}`"), format!("the SQL parser rejects it: {message}"), pos);
        }
        None
    }

    fn parsed(&mut self, statement: Statement, base: Base, text: &str) {
        let start = (base.line, base.column);
        match statement {
            Statement::CreateTable(ct) => self.create_table(&ct, base),
            Statement::CreateIndex(ci) => self.create_index(&ci, base, text),
            Statement::AlterTable(at) => {
                let name = self.object_name(&at.name);
                let pos = last_ident(&at.name).map_or(start, |i| self.ident_pos(base, i));
                for op in &at.operations {
                    self.alter_table(&name, op, base, pos);
                }
            }
            Statement::CreateType { name, representation } => {
                let type_name = self.object_name(&name);
                let pos = last_ident(&name).map_or(start, |i| self.ident_pos(base, i));
                match representation {
                    Some(UserDefinedTypeRepresentation::Enum { labels }) => {
                        self.pg_fact(start);
                        let values: Vec<String> = labels.iter().map(|l| l.value.clone()).collect();
                        self.create_enum(type_name, values, pos);
                    }
                    _ => self.skip(
                        format!("type `{type_name}`"),
                        "only enum types are read; Prisma cannot express composite, range or base types",
                        pos,
                    ),
                }
            }
            Statement::CreateDomain(cd) => {
                let name = self.object_name(&cd.name);
                let pos = last_ident(&cd.name).map_or(start, |i| self.ident_pos(base, i));
                self.skip(
                    format!("domain `{name}`"),
                    format!(
                        "Prisma cannot express domains or their rules; columns of `{name}` are read as `{}`",
                        cd.data_type.to_string().to_ascii_lowercase()
                    ),
                    pos,
                );
                self.domains.entry(name).or_insert(cd.data_type);
            }
            Statement::AlterType(at) => {
                let type_name = self.object_name(&at.name);
                let pos = last_ident(&at.name).map_or(start, |i| self.ident_pos(base, i));
                let Some(&e) = self.enums.get(&type_name) else {
                    self.warn(
                        format!("`ALTER TYPE` names `{type_name}`, which is not an enum this document defines"),
                        pos,
                    );
                    return;
                };
                match at.operation {
                    AlterTypeOperation::AddValue(add) => {
                        let values = &mut self.doc.enums[e].values;
                        if !values.contains(&add.value.value) {
                            values.push(add.value.value);
                        }
                    }
                    AlterTypeOperation::RenameValue(r) => {
                        for v in &mut self.doc.enums[e].values {
                            if *v == r.from.value {
                                v.clone_from(&r.to.value);
                            }
                        }
                    }
                    AlterTypeOperation::Rename(_) => {
                        self.skip(format!("rename of type `{type_name}`"), "renames are not applied", pos)
                    }
                }
            }
            Statement::Comment { object_type, object_name, comment, .. } => {
                self.comment(object_type, &object_name, comment, base);
            }
            _ => {
                let what = format!("statement `{}`", shorten(text));
                self.skip(what, "it holds no data model", start);
            }
        }
    }

    fn create_enum(&mut self, name: String, values: Vec<String>, pos: (u32, u32)) {
        if self.enums.contains_key(&name) {
            self.warn(format!("enum type `{name}` is defined twice; the first is kept"), pos);
            return;
        }
        if values.is_empty() {
            self.warn(format!("enum type `{name}` has no values"), pos);
        }
        self.enums.insert(name.clone(), self.doc.enums.len());
        let at = self.at(pos);
        self.doc.enums.push(RawEnum { name, values, at, physical: true });
    }

    fn comment(&mut self, object: CommentObject, name: &ObjectName, comment: Option<String>, base: Base) {
        let idents: Vec<&Ident> = name.0.iter().filter_map(ObjectNamePart::as_ident).collect();
        let Some(last) = idents.last() else { return };
        let pos = self.ident_pos(base, last);
        let (table, column) = match object {
            CommentObject::Column if idents.len() >= 2 => {
                (self.name(idents[idents.len() - 2]), Some(self.name(idents[idents.len() - 1])))
            }
            CommentObject::Table => (self.name(last), None),
            _ => return,
        };
        if self.special.contains_key(&table) {
            return;
        }
        let Some(t) = self.find_table(&table) else {
            self.warn(format!("`COMMENT ON` names table `{table}`, which this document does not define"), pos);
            return;
        };
        let entity = self.tables[t].entity;
        match column {
            None => self.doc.entities[entity].description = comment,
            Some(c) => match self.tables[t].columns.get(&c) {
                Some(&f) => self.doc.entities[entity].fields[f].description = comment,
                None => self.warn(format!("`COMMENT ON` names column `{c}`, which table `{table}` does not have"), pos),
            },
        }
    }

    // --- CREATE TABLE ------------------------------------------------------------------

    fn create_table(&mut self, ct: &CreateTable, base: Base) {
        let name = self.object_name(&ct.name);
        let pos = last_ident(&ct.name).map_or((base.line, base.column), |i| self.ident_pos(base, i));
        if name == "_prisma_migrations" {
            self.special.insert(name, Special::Migrations);
            self.skip(
                "table `_prisma_migrations`".into(),
                "Prisma Migrate's own bookkeeping table, not part of the data model",
                pos,
            );
            return;
        }
        let column_names: Vec<String> = ct.columns.iter().map(|c| self.name(&c.name)).collect();
        let ab = column_names.len() == 2
            && column_names[0].eq_ignore_ascii_case("a")
            && column_names[1].eq_ignore_ascii_case("b");
        if name.len() > 1 && name.starts_with('_') && ab {
            self.special.insert(name.clone(), Special::Join(self.joins.len()));
            self.joins.push(Join { name, a: None, b: None, at: pos });
            for c in &ct.constraints {
                if let TableConstraint::ForeignKey(fk) = c {
                    self.foreign_key(&self.joins[self.joins.len() - 1].name.clone(), fk, base, pos);
                }
            }
            for (column, def) in column_names.iter().zip(&ct.columns) {
                for option in &def.options {
                    if let ColumnOption::ForeignKey(fk) = &option.option {
                        let mut fk = fk.clone();
                        fk.columns = vec![Ident::new(column.clone())];
                        let join = self.joins[self.joins.len() - 1].name.clone();
                        self.foreign_key(&join, &fk, base, pos);
                    }
                }
            }
            return;
        }
        if self.find_table(&name).is_some_and(|t| self.doc.entities[self.tables[t].entity].name == name) {
            self.warn(format!("table `{name}` is defined twice; the first definition is kept"), pos);
            return;
        }
        if ct.query.is_some() {
            self.skip(
                format!("table `{name}` created from a query"),
                "`CREATE TABLE ... AS SELECT` states no columns",
                pos,
            );
            return;
        }
        let entity = self.doc.entities.len();
        let at = self.at(pos);
        self.doc.entities.push(RawEntity {
            name: name.clone(),
            description: None,
            fields: Vec::new(),
            constraints: Vec::new(),
            form: RawForm::Sql,
            at,
            physical: true,
        });
        let table = self.tables.len();
        self.tables.push(Table { entity, columns: HashMap::new() });
        self.by_name.entry(name.clone()).or_insert(table);
        self.by_lower.entry(name.to_lowercase()).or_insert(table);
        for column in &ct.columns {
            self.column(table, column, base);
        }
        for constraint in &ct.constraints {
            self.table_constraint(table, constraint, base, pos);
        }
    }

    fn column_type(&mut self, dt: &DataType, pos: (u32, u32)) -> ColumnType {
        let domains = std::mem::take(&mut self.domains);
        let ct = self.column_type_of(dt, &domains, pos);
        self.domains = domains;
        ct
    }

    fn column_type_of(&mut self, dt: &DataType, domains: &HashMap<String, DataType>, pos: (u32, u32)) -> ColumnType {
        let mut dt = dt;
        let mut list = false;
        // A domain over a domain: as deep as the document defines them, each once.
        let mut seen = 0;
        loop {
            if let DataType::Custom(name, _) = dt
                && seen < domains.len()
                && let Some(base) = domains.get(&self.object_name(name))
            {
                seen += 1;
                dt = base;
                continue;
            }
            match dt {
                DataType::Array(
                    ArrayElemTypeDef::SquareBracket(inner, _)
                    | ArrayElemTypeDef::AngleBracket(inner)
                    | ArrayElemTypeDef::Parenthesis(inner)
                    | ArrayElemTypeDef::Qualified(inner, _),
                ) => {
                    list = true;
                    dt = inner;
                }
                DataType::Array(ArrayElemTypeDef::None) => {
                    return ColumnType { ty: None, list: true, values: None, serial: false };
                }
                _ => break,
            }
        }
        let mut serial = false;
        let mut values = None;
        let ty = match dt {
            DataType::Custom(name, modifiers) => {
                let base = self.object_name(name);
                serial = matches!(
                    base.to_ascii_lowercase().as_str(),
                    "serial" | "bigserial" | "smallserial" | "serial2" | "serial4" | "serial8"
                );
                let lower = base.to_ascii_lowercase();
                if serial || matches!(lower.as_str(), "jsonb" | "citext" | "inet" | "tsvector") {
                    self.pg_fact(pos);
                }
                if modifiers.is_empty() { Some(base) } else { Some(format!("{base}({})", modifiers.join(","))) }
            }
            DataType::Enum(members, _) => {
                values = Some(
                    members
                        .iter()
                        .map(|m| match m {
                            EnumMember::Name(n) | EnumMember::NamedValue(n, _) => n.clone(),
                        })
                        .collect(),
                );
                None
            }
            DataType::Unspecified => None,
            DataType::Uuid | DataType::JSONB | DataType::Bytea => {
                self.pg_fact(pos);
                Some(dt.to_string().to_ascii_lowercase())
            }
            other => Some(other.to_string().to_ascii_lowercase()),
        };
        ColumnType { ty, list, values, serial }
    }

    fn column(&mut self, table: usize, column: &ColumnDef, base: Base) {
        let name = self.name(&column.name);
        let pos = self.ident_pos(base, &column.name);
        let ct = self.column_type(&column.data_type, pos);
        let mut field = RawField {
            name: name.clone(),
            ty: ct.ty,
            list: ct.list,
            values: ct.values,
            at: self.at(pos),
            ..RawField::default()
        };
        let mut not_null = false;
        let mut search_sources = None;
        for option in &column.options {
            match &option.option {
                ColumnOption::NotNull => not_null = true,
                ColumnOption::Null => {}
                ColumnOption::Default(e) => field.default = default_text(e),
                ColumnOption::PrimaryKey(_) => field.primary = true,
                ColumnOption::Unique(_) => field.unique = true,
                ColumnOption::ForeignKey(fk) => {
                    let table_name = self.doc.entities[self.tables[table].entity].name.clone();
                    let mut fk = fk.clone();
                    fk.columns = vec![column.name.clone()];
                    self.foreign_key(&table_name, &fk, base, pos);
                }
                // The column is not registered yet: its own rules go straight on the field.
                ColumnOption::Check(c) => {
                    let rules = super::sql_rules::check(&c.expr);
                    let own: Vec<&String> = rules.iter().filter(|(col, _)| *col == name).map(|(_, w)| w).collect();
                    if own.is_empty() {
                        self.check_rules(table, c.name.as_ref(), &c.expr, pos);
                    }
                    for words in own {
                        add_words(&mut field.description, words);
                    }
                }
                ColumnOption::DialectSpecific(tokens) => {
                    let text = tokens.iter().map(ToString::to_string).collect::<String>().to_ascii_uppercase();
                    if text.contains("AUTO_INCREMENT") || text.contains("AUTOINCREMENT") {
                        field.default = Some("autoincrement()".into());
                    }
                }
                ColumnOption::Identity(_) => {
                    field.default = Some("autoincrement()".into());
                    not_null = true;
                }
                ColumnOption::Generated { generated_as, generation_expr, .. } => match generation_expr {
                    // An identity column is implicitly `NOT NULL`, as a `serial` is.
                    None if matches!(generated_as, GeneratedAs::Always | GeneratedAs::ByDefault) => {
                        field.default = Some("autoincrement()".into());
                        not_null = true;
                    }
                    Some(expr) if super::sql_rules::search_sources(expr).is_some() => {
                        search_sources = super::sql_rules::search_sources(expr);
                    }
                    _ => self.skip(
                        format!("generated expression of column `{name}`"),
                        "Prisma cannot express generated columns; the column is read as a plain one",
                        pos,
                    ),
                },
                ColumnOption::Comment(c) => field.description = Some(c.clone()),
                _ => {}
            }
        }
        field.optional = Some(!(not_null || field.primary || ct.serial));
        if ct.serial && field.default.is_none() {
            field.default = Some("autoincrement()".into());
        }
        if field.list && field.default.take().is_some() {
            self.skip(
                format!("default of array column `{name}`"),
                "defaults of list fields are not read yet; an absent list is empty",
                pos,
            );
        }
        if let Some(sources) = search_sources {
            // schemata's full-text search column: the fields it covers are what a document
            // would mark searchable, and the migration makes the column again.
            for source in &sources {
                self.describe(table, source, "searchable");
            }
            self.skip(
                format!("generated search column `{name}`"),
                format!("full-text search over {}: those fields are read as searchable", sources.join(", ")),
                pos,
            );
            return;
        }
        let entity = self.tables[table].entity;
        if self.tables[table].columns.contains_key(&name) {
            self.warn(format!("column `{name}` is defined twice; the first is kept"), pos);
            return;
        }
        let fields = &mut self.doc.entities[entity].fields;
        self.tables[table].columns.insert(name, fields.len());
        fields.push(field);
    }

    /// Column names of a key or index, or `None` (with a reason) when one is an expression.
    fn key_columns(&self, columns: &[IndexColumn]) -> Option<Vec<String>> {
        columns.iter().map(|c| index_column(c).map(|i| self.name(i))).collect()
    }

    fn table_constraint(&mut self, table: usize, constraint: &TableConstraint, base: Base, pos: (u32, u32)) {
        let table_name = self.doc.entities[self.tables[table].entity].name.clone();
        let (kind, columns, name) = match constraint {
            TableConstraint::PrimaryKey(pk) => (ConstraintKind::PrimaryKey, &pk.columns, &pk.name),
            TableConstraint::Unique(u) => (ConstraintKind::Unique, &u.columns, &u.name),
            TableConstraint::Index(ix) => (ConstraintKind::Index, &ix.columns, &ix.name),
            TableConstraint::ForeignKey(fk) => {
                let pos = fk.name.as_ref().map_or(pos, |n| self.ident_pos(base, n));
                self.foreign_key(&table_name, fk, base, pos);
                return;
            }
            TableConstraint::Check(c) => {
                let pos = c.name.as_ref().map_or(pos, |n| self.ident_pos(base, n));
                self.check_rules(table, c.name.as_ref(), &c.expr, pos);
                return;
            }
            other => {
                self.skip(
                    format!("constraint `{}` on table `{table_name}`", shorten(&other.to_string())),
                    "Prisma cannot express it",
                    pos,
                );
                return;
            }
        };
        let pos = name.as_ref().map_or(pos, |n| self.ident_pos(base, n));
        let Some(columns) = self.key_columns(columns) else {
            self.skip(
                format!("key on an expression in table `{table_name}`"),
                "Prisma cannot express keys or indexes on expressions",
                pos,
            );
            return;
        };
        self.constrain(table, kind, columns, pos);
    }

    /// A primary key, unique constraint or index over `columns` of `table`: on the column
    /// when there is one (`@id`, `@unique`), else a compound constraint.
    fn constrain(&mut self, table: usize, kind: ConstraintKind, columns: Vec<String>, pos: (u32, u32)) {
        let entity = self.tables[table].entity;
        let mut indices = Vec::with_capacity(columns.len());
        for c in &columns {
            match self.tables[table].columns.get(c) {
                Some(&f) => indices.push(f),
                None => {
                    let name = self.doc.entities[entity].name.clone();
                    self.warn(format!("a key or index names column `{c}`, which table `{name}` does not have"), pos);
                    return;
                }
            }
        }
        if indices.is_empty() {
            self.warn("a key or index with no columns", pos);
            return;
        }
        if kind == ConstraintKind::PrimaryKey {
            for &f in &indices {
                self.doc.entities[entity].fields[f].optional = Some(false);
            }
        }
        if let [f] = indices.as_slice()
            && kind != ConstraintKind::Index
        {
            let field = &mut self.doc.entities[entity].fields[*f];
            match kind {
                ConstraintKind::PrimaryKey => field.primary = true,
                _ => field.unique = true,
            }
            return;
        }
        let constraints = &mut self.doc.entities[entity].constraints;
        if constraints.iter().any(|c| c.kind == kind && c.fields == columns) {
            return;
        }
        let at = self.origin.at(pos.0, pos.1);
        constraints.push(RawConstraint { kind, fields: columns, at });
    }

    fn foreign_key(&mut self, table: &str, fk: &ForeignKeyConstraint, base: Base, pos: (u32, u32)) {
        let target = self.object_name(&fk.foreign_table);
        let pos = last_ident(&fk.foreign_table).map_or(pos, |i| self.ident_pos(base, i));
        self.fks.push(PendingFk {
            table: table.to_string(),
            columns: fk.columns.iter().map(|c| self.name(c)).collect(),
            target,
            target_columns: fk.referred_columns.iter().map(|c| self.name(c)).collect(),
            on_delete: referential(fk.on_delete),
            on_update: referential(fk.on_update),
            at: pos,
        });
    }

    // --- CREATE INDEX ------------------------------------------------------------------

    fn create_index(&mut self, ci: &CreateIndex, base: Base, text: &str) {
        let table_name = self.object_name(&ci.table_name);
        let start = (base.line, base.column);
        let pos = ci.name.as_ref().and_then(last_ident).map_or(start, |i| self.ident_pos(base, i));
        let index_name = ci.name.as_ref().map(|n| self.object_name(n)).unwrap_or_default();
        if self.special.contains_key(&table_name) {
            return;
        }
        let Some(table) = self.find_table(&table_name) else {
            self.warn(
                format!(
                    "index `{index_name}` is on table `{table_name}`, which this document does not define; left out"
                ),
                pos,
            );
            return;
        };
        let what =
            if index_name.is_empty() { format!("index on `{table_name}`") } else { format!("index `{index_name}`") };
        if ci.predicate.is_some() {
            self.skip(
                format!("partial {what}"),
                "Prisma cannot express partial indexes (`WHERE`); keep it in a SQL migration",
                pos,
            );
            return;
        }
        let Some(columns) = self.key_columns(&ci.columns) else {
            self.skip(
                format!("{what} on an expression (`{}`)", shorten(text)),
                "Prisma cannot express indexes on expressions; keep it in a SQL migration",
                pos,
            );
            return;
        };
        if let Some(method) = &ci.using {
            self.pg_fact(start);
            // `USING gin (col jsonb_path_ops)` is what a searched Json field gets: read it as
            // that statement about the column, so the schema asks for the same index.
            if matches!(method, IndexType::GIN) && columns.len() == 1 && text.contains("jsonb_path_ops") {
                self.describe(table, &columns[0], "searched by key (GIN)");
                return;
            }
            if !matches!(method, IndexType::BTree) {
                // A plain `@@index` would be a B-tree: a different index from the one stated.
                self.skip(
                    format!("{what} using {}", method.to_string().to_ascii_lowercase()),
                    "index methods other than B-tree are not read yet; write it as `@@index([...], type: ...)` \
                     or keep it in a SQL migration",
                    pos,
                );
                return;
            }
        }
        let kind = if ci.unique { ConstraintKind::Unique } else { ConstraintKind::Index };
        self.constrain(table, kind, columns, pos);
    }

    // --- ALTER TABLE -------------------------------------------------------------------

    fn alter_table(&mut self, name: &str, op: &AlterTableOperation, base: Base, pos: (u32, u32)) {
        if let Some(special) = self.special.get(name) {
            if let (
                Special::Join(_),
                AlterTableOperation::AddConstraint { constraint: TableConstraint::ForeignKey(fk), .. },
            ) = (special, op)
            {
                self.foreign_key(name, fk, base, pos);
            }
            return;
        }
        if matches!(op, AlterTableOperation::OwnerTo { .. }) {
            self.aside(Aside::Ownership, pos);
            return;
        }
        let Some(table) = self.find_table(name) else {
            self.warn(
                format!("`ALTER TABLE` names table `{name}`, which this document does not define; left out"),
                pos,
            );
            return;
        };
        let entity = self.tables[table].entity;
        match op {
            AlterTableOperation::AddConstraint { constraint, .. } => {
                self.table_constraint(table, constraint, base, pos)
            }
            AlterTableOperation::AddColumn { column_def, .. } => self.column(table, column_def, base),
            AlterTableOperation::AlterColumn { column_name, op } => {
                let column = self.name(column_name);
                let cpos = self.ident_pos(base, column_name);
                let Some(&f) = self.tables[table].columns.get(&column) else {
                    self.warn(
                        format!("`ALTER TABLE` names column `{column}`, which table `{name}` does not have"),
                        cpos,
                    );
                    return;
                };
                match op {
                    AlterColumnOperation::SetDefault { value } => {
                        let text = default_text(value);
                        if text.as_deref() == Some("autoincrement()") {
                            self.pg_fact(cpos);
                        }
                        let field = &mut self.doc.entities[entity].fields[f];
                        if field.list {
                            return;
                        }
                        field.default = text;
                    }
                    AlterColumnOperation::DropDefault => self.doc.entities[entity].fields[f].default = None,
                    AlterColumnOperation::SetNotNull => self.doc.entities[entity].fields[f].optional = Some(false),
                    AlterColumnOperation::DropNotNull => {
                        let field = &mut self.doc.entities[entity].fields[f];
                        if !field.primary {
                            field.optional = Some(true);
                        }
                    }
                    AlterColumnOperation::SetDataType { data_type, .. } => {
                        let ct = self.column_type(data_type, cpos);
                        let field = &mut self.doc.entities[entity].fields[f];
                        field.ty = ct.ty;
                        field.list = ct.list;
                        field.values = ct.values;
                    }
                    AlterColumnOperation::AddGenerated { .. } => {
                        self.doc.entities[entity].fields[f].default = Some("autoincrement()".into());
                    }
                }
            }
            AlterTableOperation::EnableRowLevelSecurity | AlterTableOperation::ForceRowLevelSecurity => self.skip(
                format!("row-level security on table `{name}`"),
                "Prisma cannot express row-level security; keep it in a SQL migration",
                pos,
            ),
            other => self.skip(
                format!("`ALTER TABLE {name} {}`", shorten(&other.to_string())),
                "only added columns, constraints, defaults and nullability are applied",
                pos,
            ),
        }
    }

    // --- second pass -----------------------------------------------------------------

    /// Resolves foreign keys and join tables, and lists what was set aside.
    fn finish(mut self) -> RawDocument {
        let fks = std::mem::take(&mut self.fks);
        for fk in fks {
            self.relate(fk);
        }
        for j in 0..self.joins.len() {
            self.join(j);
        }
        for (kind, count, pos) in std::mem::take(&mut self.aside) {
            let what = format!("{count} {}", kind.what());
            self.skip(what, kind.why(), pos);
        }
        // In document order, whichever pass found them.
        let place = |at: &Provenance| (at.line, at.column);
        self.doc.diagnostics.sort_by_key(|d| d.at.as_ref().map(place));
        self.doc.skipped.sort_by_key(|s| place(&s.at));
        self.doc
    }

    fn relate(&mut self, fk: PendingFk) {
        if fk.columns.is_empty() {
            return;
        }
        if let Some(special) = self.special.get(&fk.table) {
            if let Special::Join(j) = *special {
                let join = &mut self.joins[j];
                match fk.columns[0].to_ascii_lowercase().as_str() {
                    "a" => join.a = Some(fk.target),
                    "b" => join.b = Some(fk.target),
                    _ => {}
                }
            }
            return;
        }
        let Some(holder) = self.find_table(&fk.table) else { return };
        let Some(target) = self.find_table(&fk.target) else {
            self.warn(
                format!(
                    "foreign key of `{}` references table `{}`, which this document does not define; left out",
                    fk.table, fk.target
                ),
                fk.at,
            );
            return;
        };
        let holder_name = self.doc.entities[self.tables[holder].entity].name.clone();
        let target_name = self.doc.entities[self.tables[target].entity].name.clone();
        let written =
            format!("{holder_name}({}) → {target_name}({})", fk.columns.join(", "), fk.target_columns.join(", "));
        let mut fields = Vec::new();
        for c in &fk.columns {
            match self.tables[holder].columns.get(c) {
                Some(&f) => fields.push(f),
                None => {
                    self.warn(
                        format!("foreign key names column `{c}`, which table `{holder_name}` does not have; left out"),
                        fk.at,
                    );
                    return;
                }
            }
        }
        for c in &fk.target_columns {
            if !self.tables[target].columns.contains_key(c) {
                self.warn(
                    format!("foreign key names column `{c}`, which table `{target_name}` does not have; left out"),
                    fk.at,
                );
                return;
            }
        }
        if !fk.target_columns.is_empty() && fk.target_columns.len() != fields.len() {
            self.warn(
                format!(
                    "foreign key `{written}` pairs {} columns with {}; left out",
                    fields.len(),
                    fk.target_columns.len()
                ),
                fk.at,
            );
            return;
        }
        let at = self.at(fk.at);
        if fields.len() > 1 {
            self.info(
                format!(
                    "foreign key `{written}` joins several columns; relations over several columns are not inferred yet"
                ),
                fk.at,
            );
            let why = "relations over several columns are not inferred yet; the columns stay plain".to_string();
            self.doc.skipped.push(Skipped { what: format!("composite foreign key {written}"), why, at });
            return;
        }
        let target_entity = &self.doc.entities[self.tables[target].entity];
        if let Some(column) = fk.target_columns.first()
            && let Some(&tf) = self.tables[target].columns.get(column)
            && !target_entity.fields[tf].primary
        {
            self.info(
                format!(
                    "foreign key `{written}` references `{column}`, which is not the primary key of `{target_name}`; the relation is inferred to its primary key"
                ),
                fk.at,
            );
        }
        let entity = self.tables[holder].entity;
        let field = &mut self.doc.entities[entity].fields[fields[0]];
        let column = field.name.clone();
        let one = field.unique || field.primary;
        field.foreign = true;
        let previous = field.references.replace(target_name.clone());
        if let Some(previous) = previous.filter(|p| *p != target_name) {
            self.warn(
                format!("column `{holder_name}.{column}` references both `{previous}` and `{target_name}`; `{target_name}` is kept"),
                fk.at,
            );
        }
        self.doc.relationships.push(RawRelationship {
            left: holder_name,
            right: target_name,
            cardinality: if one { StatedCardinality::OneToOne } else { StatedCardinality::ManyToOne },
            optional: None,
            // The key column names the role, which ties the statement to its key.
            label: Some(column),
            via: None,
            on_delete: fk.on_delete,
            on_update: fk.on_update,
            at,
        });
    }

    /// An implicit many-to-many join table becomes a many-to-many relationship between
    /// the tables its `A` and `B` columns reference (else the ones its name joins).
    fn join(&mut self, j: usize) {
        let (name, pos) = (self.joins[j].name.clone(), self.joins[j].at);
        let from_name = || -> Option<(usize, usize)> {
            let body = &name[1..];
            body.match_indices("To").find_map(|(i, _)| {
                let (a, b) = (&body[..i], &body[i + 2..]);
                let find = |model: &str| {
                    self.tables.iter().position(|t| {
                        let table = &self.doc.entities[t.entity].name;
                        table == model || crate::naming::model_name(table) == model
                    })
                };
                Some((find(a)?, find(b)?))
            })
        };
        let by_keys = match (&self.joins[j].a, &self.joins[j].b) {
            (Some(a), Some(b)) => self.find_table(a).zip(self.find_table(b)),
            _ => None,
        };
        let Some((a, b)) = by_keys.or_else(from_name) else {
            self.warn(
                format!("`{name}` looks like Prisma's implicit many-to-many table, but which tables it joins is unclear; left out"),
                pos,
            );
            self.skip(format!("join table `{name}`"), "the tables it joins are not defined here", pos);
            return;
        };
        let left = self.doc.entities[self.tables[a].entity].name.clone();
        let right = self.doc.entities[self.tables[b].entity].name.clone();
        let at = self.at(pos);
        self.doc.relationships.push(RawRelationship {
            left,
            right,
            cardinality: StatedCardinality::ManyToMany,
            optional: None,
            label: None,
            via: None,
            on_delete: None,
            on_update: None,
            at,
        });
    }
}

/// Appends words to a description (`non-negative`; `searchable`), after what it already says.
fn add_words(description: &mut Option<String>, words: &str) {
    *description = Some(match description.take() {
        Some(d) if !d.is_empty() => format!("{d}; {words}"),
        _ => words.to_string(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> Origin<'static> {
        Origin { file: "schema.sql", first_line: 1 }
    }

    fn doc(text: &str) -> RawDocument {
        read(text, origin())
    }

    fn clean(text: &str) -> RawDocument {
        let d = doc(text);
        assert!(d.diagnostics.is_empty(), "{:#?}", messages(&d));
        d
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

    fn texts<'a>(s: &'a Split<'a>) -> Vec<&'a str> {
        s.statements.iter().map(|s| s.text).collect()
    }

    // --- splitter ----------------------------------------------------------------------

    #[test]
    fn splits_on_semicolons_with_positions() {
        let s = split("CREATE TABLE a (id int);\n  CREATE TABLE b (id int)  ;\n\nSELECT 1", false);
        assert_eq!(texts(&s), ["CREATE TABLE a (id int)", "CREATE TABLE b (id int)", "SELECT 1"]);
        let pos: Vec<(u32, u32)> = s.statements.iter().map(|s| (s.line, s.column)).collect();
        assert_eq!(pos, [(1, 1), (2, 3), (4, 1)]);
        assert!(s.problems.is_empty());
    }

    #[test]
    fn quotes_and_comments_hide_semicolons() {
        let s = split(
            "-- a; comment\nINSERT INTO t VALUES ('a;b', 'it''s;');\n/* x; /* nested; */ y; */ SELECT \"a;b\";\nSELECT E'\\';';",
            false,
        );
        assert_eq!(texts(&s), ["INSERT INTO t VALUES ('a;b', 'it''s;')", "SELECT \"a;b\"", "SELECT E'\\';'"], "{s:#?}");
        assert_eq!((s.statements[1].line, s.statements[1].column), (3, 27));
        assert!(s.problems.is_empty());
    }

    #[test]
    fn dollar_quotes_hide_semicolons() {
        let s = split(
            "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n\
             CREATE FUNCTION g() RETURNS int AS $body$ BEGIN; $$; END $body$;\nSELECT $1, a$b;",
            false,
        );
        assert_eq!(s.statements.len(), 3, "{s:#?}");
        assert!(s.statements[1].text.ends_with("END $body$"));
        assert_eq!(s.statements[2].text, "SELECT $1, a$b");
    }

    #[test]
    fn psql_meta_commands_and_copy_data_are_set_apart() {
        let s = split(
            "\\restrict abc\nSET x = 1;\nCOPY public.t (a, b) FROM stdin;\n1\t;x\n2\t'y\n\\.\nSELECT 2;\n\\unrestrict abc\n",
            false,
        );
        assert_eq!(texts(&s), ["SET x = 1", "COPY public.t (a, b) FROM stdin", "SELECT 2"]);
        assert_eq!(
            s.meta.iter().map(|m| (m.text, m.line)).collect::<Vec<_>>(),
            [("\\restrict abc", 1), ("\\unrestrict abc", 8)]
        );
        assert!(s.problems.is_empty());
    }

    #[test]
    fn mysql_comments_backslashes_and_delimiters() {
        let s = split(
            "# hash comment;\nINSERT INTO t VALUES ('a\\';b');\nDELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; END//\nDELIMITER ;\nSELECT `a;b`;",
            true,
        );
        assert_eq!(
            texts(&s),
            ["INSERT INTO t VALUES ('a\\';b')", "CREATE PROCEDURE p() BEGIN SELECT 1; END", "SELECT `a;b`"],
            "{s:#?}"
        );
        assert_eq!(s.meta.len(), 2);
    }

    #[test]
    fn unclosed_quotes_and_comments_are_problems() {
        for (text, message, at) in [
            ("SELECT 'abc;\nSELECT 1;", "string `'` is not closed", (1, 8)),
            ("SELECT 1;\nSELECT $$ body;", "dollar-quoted string `$$` is not closed", (2, 8)),
            ("SELECT \"x;", "quoted name `\"` is not closed", (1, 8)),
            ("SELECT 1; /* never", "comment `/*` is not closed", (1, 11)),
            ("CREATE /* a /* b */ TABLE", "comment `/*` is not closed", (1, 8)),
        ] {
            let s = split(text, false);
            assert_eq!(s.problems.len(), 1, "{text:?}: {s:#?}");
            assert_eq!(s.problems[0].message, message, "{text:?}");
            assert_eq!((s.problems[0].line, s.problems[0].column), at, "{text:?}");
        }
        let s = split("SELECT 'abc;\nSELECT 1;", false);
        assert_eq!(s.statements.len(), 1);
        assert!(s.statements[0].unclosed);
    }

    #[test]
    fn columns_count_characters_and_crlf() {
        let s = split("SELECT 'é';\r\n  SELECT 'ü'; SELECT 3;", false);
        let pos: Vec<(u32, u32)> = s.statements.iter().map(|s| (s.line, s.column)).collect();
        assert_eq!(pos, [(1, 1), (2, 3), (2, 15)]);
    }

    #[test]
    fn mysql_is_detected() {
        assert!(looks_like_mysql("CREATE TABLE `a` (id int)"));
        assert!(looks_like_mysql("CREATE TABLE a (id int) ENGINE=InnoDB"));
        assert!(!looks_like_mysql("CREATE TABLE a (id serial)"));
        assert!(!looks_like_mysql("-- PostgreSQL database dump\nCOMMENT ON TABLE a IS '`x`';"));
    }

    #[test]
    fn statements_are_classified_by_their_first_words() {
        assert_eq!(kind_of("CREATE UNLOGGED TABLE x (a int)"), Kind::Table);
        assert_eq!(kind_of("create unique index i on t (a)"), Kind::Index);
        assert_eq!(kind_of("ALTER TABLE public.t OWNER TO shop"), Kind::Aside(Aside::Ownership));
        assert_eq!(kind_of("ALTER TABLE ONLY public.t\n    ADD CONSTRAINT t_pkey PRIMARY KEY (id)"), Kind::AlterTable);
        assert_eq!(kind_of("SELECT pg_catalog.setval('public.t_id_seq', 1, false)"), Kind::Aside(Aside::Sequences));
        assert_eq!(kind_of("CREATE OR REPLACE VIEW v AS SELECT 1"), Kind::Unmodelled("view", kind_why("view")));
        assert_eq!(kind_of("COMMENT ON COLUMN t.a IS 'x'"), Kind::Comment);
        assert_eq!(kind_of("hello world"), Kind::Other);
    }

    fn kind_why(what: &str) -> &'static str {
        match kind_of(&format!("CREATE {what} x")) {
            Kind::Unmodelled(_, why) => why,
            _ => "",
        }
    }

    // --- reader ------------------------------------------------------------------------

    #[test]
    fn columns_types_nullability_and_defaults() {
        let d = clean(
            "CREATE TYPE status AS ENUM ('active', 'gone');\n\
             CREATE TABLE public.users (\n  id serial PRIMARY KEY,\n  email varchar(255) NOT NULL UNIQUE,\n  \
             tags text[] DEFAULT '{}'::text[] NOT NULL,\n  status public.status DEFAULT 'active'::public.status NOT NULL,\n  \
             meta jsonb DEFAULT '{}'::jsonb,\n  created_at timestamp(3) without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,\n  \
             price numeric(10,2) DEFAULT -1.5,\n  note text DEFAULT NULL\n);\n",
        );
        let users = entity(&d, "users");
        assert!(users.physical);
        assert_eq!((users.at.line, users.at.column), (2, 21));
        let id = field(&d, "users", "id");
        assert!(id.primary);
        assert_eq!(
            (id.ty.as_deref(), id.default.as_deref(), id.optional),
            (Some("serial"), Some("autoincrement()"), Some(false))
        );
        let email = field(&d, "users", "email");
        assert_eq!((email.ty.as_deref(), email.unique, email.optional), (Some("varchar(255)"), true, Some(false)));
        assert_eq!((email.at.line, email.at.column), (4, 3));
        let tags = field(&d, "users", "tags");
        assert_eq!((tags.ty.as_deref(), tags.list, tags.default.as_deref()), (Some("text"), true, None));
        let status = field(&d, "users", "status");
        assert_eq!((status.ty.as_deref(), status.default.as_deref()), (Some("status"), Some("'active'")));
        assert_eq!(field(&d, "users", "meta").default.as_deref(), Some("'{}'"));
        assert_eq!(field(&d, "users", "meta").optional, Some(true));
        let created = field(&d, "users", "created_at");
        assert_eq!(created.ty.as_deref(), Some("timestamp(3) without time zone"));
        assert_eq!(created.default.as_deref(), Some("CURRENT_TIMESTAMP"));
        assert_eq!(field(&d, "users", "price").default.as_deref(), Some("-1.5"));
        assert_eq!(field(&d, "users", "note").default, None);
        assert_eq!(d.enums[0].name, "status");
        assert_eq!(d.enums[0].values, ["active", "gone"]);
        assert_eq!(d.facts.len(), 1);
        assert_eq!(d.facts[0].kind, FactKind::PostgreSql);
    }

    #[test]
    fn keys_and_references() {
        let d = clean(
            "CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (\n  x int NOT NULL,\n  y int NOT NULL,\n  \
             a_id int REFERENCES a(id) ON DELETE CASCADE,\n  solo int UNIQUE REFERENCES a,\n  PRIMARY KEY (x, y),\n  \
             UNIQUE (a_id, solo),\n  CONSTRAINT b_y FOREIGN KEY (y) REFERENCES a (id) ON UPDATE CASCADE ON DELETE SET NULL\n);\n\
             CREATE INDEX b_a_idx ON b USING btree (a_id);\nCREATE UNIQUE INDEX b_xs ON b (x, solo);\n",
        );
        let b = entity(&d, "b");
        let kinds: Vec<(ConstraintKind, Vec<&str>)> =
            b.constraints.iter().map(|c| (c.kind, c.fields.iter().map(String::as_str).collect())).collect();
        assert_eq!(
            kinds,
            [
                (ConstraintKind::PrimaryKey, vec!["x", "y"]),
                (ConstraintKind::Unique, vec!["a_id", "solo"]),
                (ConstraintKind::Index, vec!["a_id"]),
                (ConstraintKind::Unique, vec!["x", "solo"]),
            ]
        );
        let rels: Vec<String> = d
            .relationships
            .iter()
            .map(|r| {
                let label = r.label.as_deref().unwrap_or_default();
                let (delete, update) = (r.on_delete.as_deref(), r.on_update.as_deref());
                format!("{}.{label} {:?} {} {delete:?}/{update:?}", r.left, r.cardinality, r.right)
            })
            .collect();
        assert_eq!(
            rels,
            [
                "b.a_id ManyToOne a Some(\"cascade\")/None",
                "b.solo OneToOne a None/None",
                "b.y ManyToOne a Some(\"set null\")/Some(\"cascade\")",
            ]
        );
        assert!(field(&d, "b", "a_id").foreign);
        assert_eq!(field(&d, "b", "a_id").references.as_deref(), Some("a"));
        assert!(!field(&d, "b", "x").foreign);
    }

    #[test]
    fn pg_dump_style_alters_apply_to_their_tables() {
        let d = clean(
            "CREATE TABLE public.t (\n    id integer NOT NULL,\n    u_id integer\n);\nALTER TABLE public.t OWNER TO me;\n\
             CREATE SEQUENCE public.t_id_seq\n    AS integer\n    START WITH 1\n    INCREMENT BY 1\n    NO MINVALUE\n    NO MAXVALUE\n    CACHE 1;\n\
             ALTER SEQUENCE public.t_id_seq OWNED BY public.t.id;\n\
             ALTER TABLE ONLY public.t ALTER COLUMN id SET DEFAULT nextval('public.t_id_seq'::regclass);\n\
             CREATE TABLE public.u (id integer NOT NULL);\n\
             ALTER TABLE ONLY public.t\n    ADD CONSTRAINT t_pkey PRIMARY KEY (id);\n\
             ALTER TABLE ONLY public.u\n    ADD CONSTRAINT u_pkey PRIMARY KEY (id);\n\
             ALTER TABLE ONLY public.t\n    ADD CONSTRAINT t_u_fkey FOREIGN KEY (u_id) REFERENCES public.u(id) ON UPDATE CASCADE ON DELETE RESTRICT;\n\
             COMMENT ON TABLE public.t IS 'Things.';\nCOMMENT ON COLUMN public.t.u_id IS 'Owner.';\n",
        );
        let id = field(&d, "t", "id");
        assert!(id.primary);
        assert_eq!(id.default.as_deref(), Some("autoincrement()"));
        assert_eq!(entity(&d, "t").description.as_deref(), Some("Things."));
        assert_eq!(field(&d, "t", "u_id").description.as_deref(), Some("Owner."));
        let r = &d.relationships[0];
        assert_eq!((r.on_delete.as_deref(), r.on_update.as_deref()), (Some("restrict"), Some("cascade")));
        assert_eq!((r.at.line, r.at.column), (21, 66));
        let skipped: Vec<&str> = d.skipped.iter().map(|s| s.what.as_str()).collect();
        assert_eq!(
            skipped,
            [
                "1 ownership and permission statements (`OWNER TO`, `GRANT`, `REVOKE`)",
                "2 sequence statements (`CREATE SEQUENCE`, `ALTER SEQUENCE`, `setval`)"
            ]
        );
    }

    #[test]
    fn domains_identities_and_serials_read_as_postgresql_defines_them() {
        let d = clean(
            "CREATE DOMAIN public.posint AS integer\n\tCONSTRAINT posint_check CHECK ((VALUE > 0));\n\
             CREATE DOMAIN small_pos AS posint;\n\
             CREATE TABLE t (a posint, b small_pos[], c serial, d integer GENERATED BY DEFAULT AS IDENTITY, e integer NOT NULL);\n\
             ALTER TABLE public.t ALTER COLUMN e ADD GENERATED BY DEFAULT AS IDENTITY (\n    SEQUENCE NAME public.t_e_seq\n    START WITH 1\n    CACHE 1\n);\n",
        );
        assert_eq!(field(&d, "t", "a").ty.as_deref(), Some("integer"));
        let b = field(&d, "t", "b");
        assert_eq!((b.ty.as_deref(), b.list), (Some("integer"), true));
        // `serial` and identity columns are implicitly `NOT NULL`.
        for column in ["c", "d", "e"] {
            let f = field(&d, "t", column);
            assert_eq!((f.optional, f.default.as_deref()), (Some(false), Some("autoincrement()")), "{column}");
        }
        let skipped: Vec<&str> = d.skipped.iter().map(|s| s.why.as_str()).collect();
        assert!(skipped.iter().any(|w| w.contains("columns of `posint` are read as `integer`")), "{skipped:#?}");
    }

    #[test]
    fn prisma_tables_are_set_aside_or_joined() {
        let d = clean(
            "CREATE TABLE \"_prisma_migrations\" (id varchar(36) PRIMARY KEY);\n\
             CREATE TABLE \"Post\" (id serial PRIMARY KEY);\nCREATE TABLE \"Tag\" (id serial PRIMARY KEY);\n\
             CREATE TABLE \"_PostToTag\" (\"A\" integer NOT NULL, \"B\" integer NOT NULL, CONSTRAINT \"_PostToTag_AB_pkey\" PRIMARY KEY (\"A\",\"B\"));\n\
             CREATE INDEX \"_PostToTag_B_index\" ON \"_PostToTag\"(\"B\");\n\
             ALTER TABLE \"_PostToTag\" ADD CONSTRAINT \"_PostToTag_A_fkey\" FOREIGN KEY (\"A\") REFERENCES \"Post\"(\"id\") ON DELETE CASCADE;\n\
             ALTER TABLE \"_PostToTag\" ADD CONSTRAINT \"_PostToTag_B_fkey\" FOREIGN KEY (\"B\") REFERENCES \"Tag\"(\"id\") ON DELETE CASCADE;\n\
             ALTER TABLE \"_prisma_migrations\" ADD CONSTRAINT x UNIQUE (id);\n",
        );
        assert_eq!(d.entities.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(), ["Post", "Tag"]);
        assert_eq!(d.relationships.len(), 1);
        let r = &d.relationships[0];
        assert_eq!((r.left.as_str(), r.right.as_str(), r.cardinality), ("Post", "Tag", StatedCardinality::ManyToMany));
        assert_eq!(d.skipped[0].what, "table `_prisma_migrations`");
        // Without foreign keys the name tells which tables are joined.
        let d = clean(
            "CREATE TABLE posts (id int PRIMARY KEY);\nCREATE TABLE tags (id int PRIMARY KEY);\nCREATE TABLE \"_PostToTag\" (\"A\" int, \"B\" int);\n",
        );
        assert_eq!((d.relationships[0].left.as_str(), d.relationships[0].right.as_str()), ("posts", "tags"));
    }

    #[test]
    fn mysql_tables() {
        let d = clean(
            "CREATE TABLE `users` (\n  `id` int unsigned NOT NULL AUTO_INCREMENT,\n  `Email` varchar(191) NOT NULL,\n  \
             `role` enum('admin','member') NOT NULL DEFAULT 'member',\n  `bio` text COMMENT 'About',\n  \
             PRIMARY KEY (`id`),\n  UNIQUE KEY `users_email` (`Email`),\n  KEY `users_role` (`role`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n",
        );
        assert_eq!(d.facts[0].kind, FactKind::MySql);
        let id = field(&d, "users", "id");
        assert_eq!((id.primary, id.default.as_deref(), id.optional), (true, Some("autoincrement()"), Some(false)));
        assert_eq!(id.ty.as_deref(), Some("int unsigned"));
        assert!(field(&d, "users", "Email").unique);
        let role = field(&d, "users", "role");
        assert_eq!((role.values.as_ref().map(Vec::len), role.default.as_deref()), (Some(2), Some("'member'")));
        assert_eq!(field(&d, "users", "bio").description.as_deref(), Some("About"));
        assert_eq!(entity(&d, "users").constraints.len(), 1);
    }

    #[test]
    fn a_policy_on_a_session_setting_names_the_tenant_key() {
        let table = "CREATE TABLE t (id int PRIMARY KEY, tenant_id uuid NOT NULL);\n";
        for policy in [
            "CREATE POLICY p ON t FOR SELECT USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);",
            "CREATE POLICY p ON public.t FOR SELECT USING ((\"tenant_id\" = (NULLIF(current_setting('app.tenant_id'::text, true), ''::text))::uuid));",
            "CREATE POLICY p ON t USING (tenant_id = current_setting('app.tenant'));",
        ] {
            let d = clean(&format!("{table}{policy}\n"));
            assert_eq!(d.tenant_key.as_deref(), Some("tenantId"), "{policy}");
        }
        // Anything else names nothing, and odd text does not trip the reader.
        for policy in [
            "CREATE POLICY p ON t USING (true);",
            "CREATE POLICY p ON t USING (é = current_setting('x'));",
            "CREATE POLICY p ON t USING (current_setting('x') = 'a');",
        ] {
            let d = clean(&format!("{table}{policy}\n"));
            assert!(d.tenant_key.is_none() || d.tenant_key.as_deref() == Some("é"), "{policy}: {:?}", d.tenant_key);
        }
    }

    #[test]
    fn unmodelled_statements_are_listed() {
        let d = clean(
            "CREATE VIEW v AS SELECT 1;\nCREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n\
             CREATE TABLE t (id int PRIMARY KEY, n int CHECK (n > 0), CONSTRAINT pos CHECK (n < 10));\n\
             CREATE INDEX t_expr ON t (lower(n::text));\nCREATE INDEX t_part ON t (n) WHERE n > 1;\nALTER TABLE t ENABLE ROW LEVEL SECURITY;\n",
        );
        let skipped: Vec<&str> = d.skipped.iter().map(|s| s.what.as_str()).collect();
        // `CHECK (n > 0)` is read as "positive"; `n < 10` is no rule schemata writes.
        assert_eq!(skipped.len(), 6, "{skipped:#?}");
        assert!(skipped[0].starts_with("view `CREATE VIEW v"));
        assert!(skipped[1].starts_with("function"));
        assert_eq!(skipped[2], "check constraint `pos` on table `t`");
        assert!(skipped[3].starts_with("index `t_expr` on an expression"));
        assert_eq!(skipped[4], "partial index `t_part`");
        assert_eq!(skipped[5], "row-level security on table `t`");
        assert!(entity(&d, "t").constraints.is_empty());
    }

    #[test]
    fn bad_statements_are_reported_where_they_fail() {
        let d = doc(
            "CREATE TABLE ok (id int);\nCREATE TABLE bad (\n  id int,,\n);\nthis is not sql;\nCREATE TABLE after (id int);\n",
        );
        assert_eq!(d.entities.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(), ["ok", "after"]);
        let m = messages(&d);
        assert_eq!(m.len(), 2, "{m:#?}");
        assert!(m[0].starts_with("schema.sql:3:10: warning: the SQL parser rejects `CREATE TABLE bad ("), "{m:#?}");
        assert!(m[1].starts_with("schema.sql:5:1: warning: not SQL that schemata reads: `this is not sql`"), "{m:#?}");
        assert_eq!(d.skipped.len(), 2);
        assert_eq!(d.skipped[0].at.line, 3);
    }

    #[test]
    fn unknown_names_are_warned() {
        let d = doc(
            "CREATE TABLE t (id int, u int REFERENCES ghosts(id));\nALTER TABLE nope ADD CONSTRAINT x PRIMARY KEY (id);\n\
             CREATE INDEX i ON t (missing);\nCREATE TABLE t (id int);\n",
        );
        let m = messages(&d);
        assert_eq!(m.len(), 4, "{m:#?}");
        assert!(m.iter().any(|x| x.starts_with("schema.sql:2:13: warning: `ALTER TABLE` names table `nope`")));
        assert!(m.iter().any(|x| x.contains("names column `missing`")));
        assert!(m.iter().any(|x| x.contains("table `t` is defined twice")));
        assert!(m.iter().any(|x| x.contains("references table `ghosts`")));
        assert!(d.relationships.is_empty());
    }

    #[test]
    fn positions_follow_the_origin() {
        let d = read("\n\nCREATE TABLE t (\n  id int,,\n);", Origin { file: "doc.md", first_line: 10 });
        assert!(messages(&d)[0].starts_with("doc.md:13:10: warning:"), "{:?}", messages(&d));
    }

    #[test]
    fn postgres_folds_unquoted_names() {
        let d = clean("CREATE TABLE Users (Id int PRIMARY KEY, \"FullName\" text);");
        assert_eq!(entity(&d, "users").fields.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["id", "FullName"]);
    }

    #[test]
    fn deep_nesting_and_odd_input_do_not_panic() {
        for text in [
            format!("SELECT {}1{};", "(".repeat(10_000), ")".repeat(10_000)),
            format!("CREATE TABLE t (a int DEFAULT {}1);", "(".repeat(10_000)),
            format!("CREATE TABLE t (a int{});", "[]".repeat(5_000)),
            format!("VALUES {}1{};", "(".repeat(10_000), ")".repeat(10_000)),
            format!("CREATE TABLE t (a int CHECK ({}1));", "NOT ".repeat(10_000)),
            format!("CREATE TABLE t (a int DEFAULT {}1);", "-".repeat(10_000)),
            format!("CREATE TABLE t (a int DEFAULT 1{});", "::int".repeat(10_000)),
            format!("CREATE TABLE t (a {}int{});", "array<".repeat(5_000), ">".repeat(5_000)),
            format!("CREATE INDEX i ON t ({}a{});", "(".repeat(10_000), ")".repeat(10_000)),
            format!("CREATE TABLE `t` (a int DEFAULT {}1);", "(".repeat(10_000)),
            format!("WITH a AS ({}) SELECT 1;", "SELECT 1 UNION ".repeat(10_000)),
            "CREATE TABLE".to_string(),
            ";;;;".to_string(),
            "$$".to_string(),
            "'".to_string(),
            "\\".to_string(),
            "CREATE TABLE t (a int REFERENCES);".to_string(),
            "ALTER TABLE;".to_string(),
            "CREATE INDEX ON;".to_string(),
            "CREATE TYPE x AS ENUM ();".to_string(),
            "é'é\"é`é$é$é".to_string(),
        ] {
            let d = doc(&text);
            for diag in &d.diagnostics {
                let at = diag.at.as_ref().expect("positioned");
                assert!(at.line >= 1 && at.column >= 1, "{diag}");
            }
        }
    }

    /// Chains and nestings just under the limits are read on a 2 MiB stack (the default for
    /// threads); longer ones are refused with a warning instead of overflowing it.
    #[test]
    fn long_chains_stay_within_the_stack() {
        let mut binops = String::from("1");
        let mut casts = String::from("1");
        let mut ands = String::from("a");
        let mut subscripts = String::from("x");
        for _ in 0..(MAX_NESTING - 1) {
            binops = format!("1{} + ({binops})", " + 1".repeat(MAX_RUN / 2 - 10));
            casts = format!("({casts}){}", "::int".repeat(MAX_RUN / 3 - 10));
            ands = format!("a{} AND ({ands})", " AND a".repeat(MAX_RUN / 2 - 10));
            subscripts = format!("({subscripts}){}", "[1]".repeat(MAX_RUN - 10));
        }
        let near: Vec<String> = vec![
            format!("CREATE TABLE t (a int DEFAULT {binops});"),
            format!("CREATE TABLE t (a int DEFAULT {casts});"),
            format!("CREATE TABLE t (a boolean DEFAULT {ands});"),
            format!("CREATE TABLE t (a int DEFAULT {subscripts});"),
            format!("CREATE TABLE t (a int{});", "[]".repeat(MAX_RUN - 10)),
            format!("VALUES ({binops});"),
        ];
        let over: Vec<String> = vec![
            format!("CREATE TABLE t (a int DEFAULT 1{});", "::int".repeat(100_000)),
            format!("CREATE TABLE t (a int{});", "[]".repeat(100_000)),
            format!("CREATE TABLE t (a int, CHECK (a{}));", " AND a".repeat(100_000)),
            format!("CREATE TABLE t (a int DEFAULT x{});", "[1]".repeat(100_000)),
            format!("WITH a AS (SELECT 1) SELECT 1{};", " UNION SELECT 1".repeat(100_000)),
            format!("CREATE TABLE t (a int DEFAULT {}1{});", "(".repeat(100), ")".repeat(100)),
        ];
        let outcome = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || {
                let near: Vec<(usize, Vec<String>)> = near
                    .iter()
                    .map(|t| {
                        let d = doc(t);
                        (d.entities.len(), messages(&d))
                    })
                    .collect();
                let over: Vec<Vec<String>> = over.iter().map(|t| messages(&doc(t))).collect();
                (near, over)
            })
            .expect("thread")
            .join()
            .expect("no overflow");
        let tables: Vec<usize> = outcome.0.iter().map(|(n, _)| *n).collect();
        assert_eq!(tables, [1, 1, 1, 1, 1, 0], "{:#?}", outcome.0);
        for m in &outcome.1 {
            assert_eq!(m.len(), 1, "{m:?}");
            assert!(m[0].contains("than schemata reads; the statement is skipped"), "{m:?}");
        }
        assert!(
            outcome.1[1][0].starts_with("schema.sql:1:2018: warning: `CREATE TABLE t (a int[][][]"),
            "{:?}",
            outcome.1
        );
    }

    /// A small deterministic fuzz: random mixes of SQL fragments never panic, and every
    /// diagnostic has a position inside the text.
    #[test]
    fn random_fragments_never_panic() {
        const PARTS: [&str; 30] = [
            "CREATE TABLE ",
            "t",
            " (",
            ")",
            ", ",
            "id int",
            " PRIMARY KEY",
            " NOT NULL",
            " DEFAULT ",
            "'s",
            "$$",
            "$a$",
            ";",
            "\n",
            "--",
            "/*",
            "*/",
            "\"q",
            "`",
            "ALTER TABLE ",
            "ADD CONSTRAINT c ",
            "FOREIGN KEY (a) ",
            "REFERENCES t(id)",
            "CREATE INDEX i ON t ",
            "CREATE TYPE e AS ENUM ('a')",
            "é",
            "\\x",
            "::",
            "UNIQUE",
            "[]",
        ];
        let mut seed: u64 = 0x5eed;
        let mut next = || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize
        };
        for _ in 0..2_000 {
            let n = next() % 30;
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
