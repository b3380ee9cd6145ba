//! Reader for TypeScript `interface`, object `type`, union `type` and `enum` declarations
//! in ```ts blocks.
//!
//! A focused hand-written reader, not a TypeScript parser: a tokenizer, a statement loop
//! that recognises the few declaration forms that describe data, and a small recursive
//! type-expression parser with a depth limit. Everything else is stepped over with a
//! bracket-aware skip, so the reader runs in linear time and never gives up on a block.

use super::raw::{
    Origin, RawDocument, RawEntity, RawEnum, RawField, RawForm, RawRelationship, Skipped, StatedCardinality,
};
use crate::diagnostics::Diagnostic;
use crate::model::Provenance;
use std::collections::{HashMap, HashSet};

/// Nesting depth of type expressions parsed recursively; deeper groups are skipped whole.
const MAX_DEPTH: usize = 32;
/// How many `extends` levels are followed when copying inherited properties.
const MAX_HERITAGE_DEPTH: usize = 8;
/// Cap on inherited properties copied per block, so wide `extends` fans stay linear.
const MAX_INHERITED: usize = 10_000;

/// Interface-name endings that mark request/response shapes rather than stored data.
const TRANSPORT_SUFFIXES: &[&str] = &["Request", "Response", "Dto", "Input", "Params", "Props", "Payload"];

/// PascalCase names that are library or scalar types, never another entity.
const NOT_ENTITIES: &str = "Array ArrayBuffer Awaited BigInt Blob Boolean Buffer Bytes Cuid Date \
    DateTime Decimal Double Email Error Exclude Extract File Float Function Id Int Iterable Json \
    JsonArray JsonObject JsonValue Map NonNullable Number Object ObjectId Omit Partial Pick \
    Promise Readonly ReadonlyArray ReadonlySet Record RegExp Required ReturnType Set String \
    Symbol Timestamp Uint8Array Url Uuid WeakMap WeakSet";

/// Keywords that start a new top-level statement when they open a line.
const DECLARATION_STARTS: &str = "abstract async class const declare enum export function \
    import interface let module namespace type var";

/// Whether `word` is one of the space-separated words of `list`.
fn listed(list: &str, word: &str) -> bool {
    list.split_whitespace().any(|w| w == word)
}

/// Reads one TypeScript block (the text inside a ```ts / ```typescript fence).
pub fn read(text: &str, origin: Origin<'_>) -> RawDocument {
    let lexed = lex(text);
    let mut parser = Parser::new(text, lexed.tokens, lexed.end, origin);
    for ((line, column), message) in lexed.problems {
        let at = origin.at(line, column);
        parser.out.diagnostics.push(Diagnostic::warning(message, Some(at)));
    }
    parser.parse_block();
    parser.resolve()
}

// ---------------------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident,
    /// A string or template literal, with its content unescaped.
    Str(String),
    Num,
    Punct(char),
    /// `=>`, kept whole so `>` always closes a generic argument list.
    Arrow,
}

#[derive(Debug)]
struct Token {
    tok: Tok,
    start: usize,
    end: usize,
    /// First token on its line: ends a property or statement written without `;`.
    line_start: bool,
    line: u32,
    column: u32,
    /// Comments directly above this token (no blank line between).
    doc: Option<String>,
    /// A comment following this token on the same line.
    trailing: Option<String>,
}

/// 1-based line and column (in chars).
type Position = (u32, u32);

struct Lexed {
    tokens: Vec<Token>,
    problems: Vec<(Position, &'static str)>,
    /// Position just past the last character, for problems found at the end.
    end: Position,
}

/// Line and column of offsets visited in increasing order, in linear total time
/// (a per-offset search would be quadratic on one very long line).
struct Cursor {
    offset: usize,
    line: u32,
    column: u32,
}

impl Cursor {
    fn advance_to(&mut self, src: &str, offset: usize) -> Position {
        if let Some(passed) = src.get(self.offset..offset) {
            for c in passed.chars() {
                if c == '\n' {
                    self.line = self.line.saturating_add(1);
                    self.column = 1;
                } else {
                    self.column = self.column.saturating_add(1);
                }
            }
            self.offset = offset;
        }
        (self.line, self.column)
    }
}

struct Lexer<'s> {
    src: &'s str,
    pos: usize,
    tokens: Vec<Token>,
    pending: Vec<String>,
    /// Newlines since the last token or comment; two mean a blank line.
    newlines: u32,
    line_start: bool,
    problems: Vec<(Position, &'static str)>,
    cursor: Cursor,
}

fn lex(src: &str) -> Lexed {
    let mut lexer = Lexer {
        src,
        pos: 0,
        tokens: Vec::new(),
        pending: Vec::new(),
        newlines: 0,
        line_start: true,
        problems: Vec::new(),
        cursor: Cursor { offset: 0, line: 1, column: 1 },
    };
    lexer.run();
    let end = lexer.cursor.advance_to(src, src.len());
    Lexed { tokens: lexer.tokens, problems: lexer.problems, end }
}

impl Lexer<'_> {
    fn rest(&self) -> &str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn peek_char(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn run(&mut self) {
        while let Some(c) = self.peek_char() {
            if c == '\n' {
                self.newline();
                self.pos += 1;
            } else if c.is_whitespace() {
                self.pos += c.len_utf8();
            } else if self.rest().starts_with("//") {
                self.line_comment();
            } else if self.rest().starts_with("/*") {
                self.block_comment();
            } else {
                self.token(c);
            }
        }
    }

    fn newline(&mut self) {
        self.newlines += 1;
        self.line_start = true;
        // A comment separated by a blank line is a section note, not a description.
        if self.newlines >= 2 {
            self.pending.clear();
        }
    }

    fn line_comment(&mut self) {
        let len = self.rest().find('\n').unwrap_or(self.rest().len());
        let raw = &self.src[self.pos..self.pos + len];
        self.pos += len;
        self.comment(clean_comment(raw), false);
    }

    fn block_comment(&mut self) {
        let start = self.pos;
        let len = match self.rest()[2..].find("*/") {
            Some(i) => i + 4,
            None => {
                let at = self.cursor.advance_to(self.src, start);
                self.problems.push((at, "unterminated block comment"));
                self.rest().len()
            }
        };
        let raw = &self.src[start..start + len];
        self.pos += len;
        self.comment(clean_comment(raw), raw.contains('\n'));
    }

    /// Files a comment as the trailing note of the previous token or the doc of the next.
    fn comment(&mut self, text: Option<String>, spans_lines: bool) {
        self.newlines = 0;
        let trailing = !self.line_start;
        if spans_lines {
            self.line_start = true;
        }
        let Some(text) = text else { return };
        if trailing && let Some(last) = self.tokens.last_mut() {
            match &mut last.trailing {
                Some(existing) => {
                    existing.push(' ');
                    existing.push_str(&text);
                }
                None => last.trailing = Some(text),
            }
            return;
        }
        self.pending.push(text);
    }

    fn token(&mut self, c: char) {
        let start = self.pos;
        let (line, column) = self.cursor.advance_to(self.src, start);
        let tok = if matches!(c, '\'' | '"' | '`') {
            self.string(c, (line, column))
        } else if c.is_ascii_digit() {
            self.eat_while(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
            Tok::Num
        } else if is_ident_start(c) {
            self.eat_while(is_ident_continue);
            Tok::Ident
        } else if self.rest().starts_with("=>") {
            self.pos += 2;
            Tok::Arrow
        } else {
            self.pos += c.len_utf8();
            Tok::Punct(c)
        };
        let doc = (!self.pending.is_empty()).then(|| self.pending.join(" "));
        self.pending.clear();
        self.tokens.push(Token {
            tok,
            start,
            end: self.pos,
            line_start: self.line_start,
            line,
            column,
            doc,
            trailing: None,
        });
        self.line_start = false;
        self.newlines = 0;
    }

    fn eat_while(&mut self, keep: impl Fn(char) -> bool) {
        while let Some(c) = self.peek_char().filter(|&c| keep(c)) {
            self.pos += c.len_utf8();
        }
    }

    fn string(&mut self, quote: char, at: Position) -> Tok {
        self.pos += quote.len_utf8();
        let mut value = String::new();
        loop {
            match self.peek_char() {
                None => {
                    self.problems.push((at, "unterminated string literal"));
                    break;
                }
                Some(c) if c == quote => {
                    self.pos += c.len_utf8();
                    break;
                }
                // Only template literals may span lines; stop so the next line still reads.
                Some('\n') if quote != '`' => {
                    self.problems.push((at, "unterminated string literal"));
                    break;
                }
                Some('\\') => {
                    self.pos += 1;
                    if let Some(escaped) = self.peek_char() {
                        value.push(escaped);
                        self.pos += escaped.len_utf8();
                    }
                }
                Some(c) => {
                    value.push(c);
                    self.pos += c.len_utf8();
                }
            }
        }
        Tok::Str(value)
    }
}

fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_' || c == '$'
}

fn is_ident_continue(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

/// Comment text without its markers, on one line; `None` for rulers like `// -----`.
fn clean_comment(raw: &str) -> Option<String> {
    let body = match raw.strip_prefix("/*") {
        Some(inner) => inner.strip_suffix("*/").unwrap_or(inner),
        None => raw.trim_start_matches('/'),
    };
    let lines: Vec<&str> =
        body.lines().map(|line| line.trim().trim_start_matches('*').trim()).filter(|line| !line.is_empty()).collect();
    let text = lines.join(" ");
    text.chars().any(char::is_alphanumeric).then_some(text)
}

// ---------------------------------------------------------------------------------------
// Bracket tracking shared by every skip

/// Open brackets while stepping over text the reader does not interpret.
struct Brackets {
    stack: Vec<char>,
    /// Open count per kind (`(`, `[`, `{`, `<`), so an unmatched closer is found in O(1).
    counts: [usize; 4],
    /// Whether `<`/`>` are brackets (in types) or operators (in expressions).
    angles: bool,
}

enum Feed {
    Opened,
    Closed,
    /// A closer for a group opened before the skip started.
    Unmatched,
    Other,
}

fn bracket_kind(c: char) -> Option<(usize, bool)> {
    match c {
        '(' => Some((0, true)),
        ')' => Some((0, false)),
        '[' => Some((1, true)),
        ']' => Some((1, false)),
        '{' => Some((2, true)),
        '}' => Some((2, false)),
        '<' => Some((3, true)),
        '>' => Some((3, false)),
        _ => None,
    }
}

impl Brackets {
    fn new(angles: bool) -> Self {
        Self { stack: Vec::new(), counts: [0; 4], angles }
    }

    fn is_empty(&self) -> bool {
        self.stack.is_empty()
    }

    fn has_brace(&self) -> bool {
        self.counts[2] > 0
    }

    fn feed(&mut self, c: char) -> Feed {
        let Some((kind, opens)) = bracket_kind(c) else {
            return Feed::Other;
        };
        if kind == 3 && !self.angles {
            return Feed::Other;
        }
        if opens {
            self.stack.push(c);
            self.counts[kind] += 1;
            return Feed::Opened;
        }
        if self.counts[kind] == 0 {
            return Feed::Unmatched;
        }
        // Pop up to the matching opener: groups left open inside it were malformed.
        while let Some(open) = self.stack.pop() {
            if let Some((popped, _)) = bracket_kind(open) {
                self.counts[popped] -= 1;
                if popped == kind {
                    break;
                }
            }
        }
        Feed::Closed
    }
}

// ---------------------------------------------------------------------------------------
// Types

#[derive(Debug)]
struct Ty {
    kind: TyKind,
    /// Token range (inclusive) the type was read from.
    first: usize,
    last: usize,
}

#[derive(Debug)]
enum TyKind {
    Named { name: String, args: Vec<Ty> },
    Literal(String),
    Object,
    Array(Box<Ty>),
    Union(Vec<Ty>),
    Paren(Box<Ty>),
    Func,
    Other,
}

/// What a property's type means for the schema.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    /// A single plain name: a scalar, an enum, an alias or another entity.
    Named(String),
    /// Any other type, as text.
    Text(String),
    /// A free-form object (becomes Json).
    Object,
    Literals(Vec<String>),
    Func,
}

#[derive(Debug, Clone, PartialEq)]
struct PropType {
    kind: Kind,
    list: bool,
    nullable: bool,
}

impl PropType {
    fn plain(kind: Kind) -> Self {
        Self { kind, list: false, nullable: false }
    }
}

#[derive(Debug, Clone)]
struct Member {
    name: String,
    optional: bool,
    ty: PropType,
    description: Option<String>,
    at: Provenance,
}

/// The part of an interface or object alias read before its body.
struct Header<'s> {
    name: &'s str,
    name_at: usize,
    /// Type parameters as written (`<T>`), which make it a generic transport type.
    params: Option<String>,
    doc: Option<String>,
    extends: Vec<String>,
}

/// An interface or object type alias, held until every name in the block is known.
#[derive(Debug)]
struct Shape {
    name: String,
    description: Option<String>,
    members: Vec<Member>,
    extends: Vec<String>,
    at: Provenance,
}

// ---------------------------------------------------------------------------------------
// Parser

struct Parser<'s, 'o> {
    src: &'s str,
    tokens: Vec<Token>,
    pos: usize,
    end: Position,
    origin: Origin<'o>,
    out: RawDocument,
    shapes: Vec<Shape>,
    enum_names: HashSet<String>,
    /// Declared names that are neither entities nor enums (aliases, transport types).
    alias_names: HashSet<String>,
}

impl<'s, 'o> Parser<'s, 'o> {
    fn new(src: &'s str, tokens: Vec<Token>, end: Position, origin: Origin<'o>) -> Self {
        Self {
            src,
            tokens,
            pos: 0,
            end,
            origin,
            out: RawDocument::new(origin.file),
            shapes: Vec::new(),
            enum_names: HashSet::new(),
            alias_names: HashSet::new(),
        }
    }

    // -- token access --------------------------------------------------------------------

    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn bump(&mut self) {
        if self.pos < self.tokens.len() {
            self.pos += 1;
        }
    }

    fn text(&self, i: usize) -> &'s str {
        self.tokens.get(i).and_then(|t| self.src.get(t.start..t.end)).unwrap_or("")
    }

    fn punct_at(&self, i: usize, c: char) -> bool {
        self.tokens.get(i).is_some_and(|t| t.tok == Tok::Punct(c))
    }

    fn is_punct(&self, c: char) -> bool {
        self.punct_at(self.pos, c)
    }

    fn is_arrow(&self) -> bool {
        self.peek().is_some_and(|t| t.tok == Tok::Arrow)
    }

    fn ident_at(&self, i: usize) -> Option<&'s str> {
        let token = self.tokens.get(i)?;
        (token.tok == Tok::Ident).then(|| self.text(i))
    }

    fn keyword(&self) -> Option<&'s str> {
        self.ident_at(self.pos)
    }

    fn line_start(&self) -> bool {
        self.peek().is_some_and(|t| t.line_start)
    }

    /// Source text of tokens `first..=last`, with any gap between tokens shown as one space.
    fn span_text(&self, first: usize, last: usize) -> String {
        let mut text = String::new();
        let mut previous_end = None;
        for token in self.tokens.get(first..=last).unwrap_or(&[]) {
            if previous_end.is_some_and(|end| end < token.start) {
                text.push(' ');
            }
            text.push_str(self.src.get(token.start..token.end).unwrap_or(""));
            previous_end = Some(token.end);
        }
        text
    }

    fn provenance(&self, i: usize) -> Provenance {
        let (line, column) = self.tokens.get(i).map_or(self.end, |t| (t.line, t.column));
        self.origin.at(line, column)
    }

    fn warn(&mut self, message: String, at_token: usize) {
        let at = self.provenance(at_token);
        self.out.diagnostics.push(Diagnostic::warning(message, Some(at)));
    }

    fn skip(&mut self, what: String, why: String, at_token: usize) {
        let at = self.provenance(at_token);
        self.out.skipped.push(Skipped { what, why, at });
    }

    // -- skipping ------------------------------------------------------------------------

    /// Steps past the group whose opener was just consumed; false if it never closes.
    fn skip_to_close(&mut self, opener: char, angles: bool) -> bool {
        let mut brackets = Brackets::new(angles);
        brackets.feed(opener);
        while let Some(token) = self.peek() {
            let Tok::Punct(c) = token.tok else {
                self.bump();
                continue;
            };
            match brackets.feed(c) {
                Feed::Closed if brackets.is_empty() => {
                    self.bump();
                    return true;
                }
                // A closer of an enclosing group: this one was never closed.
                Feed::Unmatched if c != '>' => return false,
                // A `;` outside any braces ends the property or statement the group sits in.
                Feed::Other if c == ';' && !brackets.has_brace() => return false,
                _ => self.bump(),
            }
        }
        false
    }

    /// Steps to the end of the current statement: a `;`, or a declaration keyword opening a line.
    fn skip_statement(&mut self) {
        let start = self.pos;
        let mut brackets = Brackets::new(false);
        while let Some(token) = self.peek() {
            let starts_declaration =
                token.line_start && self.keyword().is_some_and(|word| listed(DECLARATION_STARTS, word));
            if self.pos > start && brackets.is_empty() && starts_declaration {
                return;
            }
            if let Tok::Punct(c) = token.tok {
                brackets.feed(c);
                if c == ';' && brackets.is_empty() {
                    self.bump();
                    return;
                }
            }
            self.bump();
        }
    }

    /// Steps to the end of one property or enum member, leaving a closing `}` in place.
    fn skip_item(&mut self) {
        let start = self.pos;
        let mut brackets = Brackets::new(true);
        while let Some(token) = self.peek() {
            let next_item = token.line_start && matches!(token.tok, Tok::Ident | Tok::Str(_));
            if self.pos > start && brackets.is_empty() && next_item {
                return;
            }
            if let Tok::Punct(c) = token.tok {
                match brackets.feed(c) {
                    Feed::Unmatched if c != '>' => return,
                    Feed::Other if matches!(c, ';' | ',') && brackets.is_empty() => {
                        self.bump();
                        return;
                    }
                    _ => {}
                }
            }
            self.bump();
        }
    }

    // -- statements ----------------------------------------------------------------------

    fn parse_block(&mut self) {
        while self.pos < self.tokens.len() {
            let before = self.pos;
            self.statement();
            if self.pos == before {
                self.bump();
            }
        }
    }

    fn statement(&mut self) {
        if self.is_punct(';') {
            self.bump();
            return;
        }
        let first = self.pos;
        let doc = self.tokens.get(first).and_then(|t| t.doc.clone());
        while matches!(self.keyword(), Some("export" | "declare" | "default")) {
            self.bump();
        }
        let next_is_ident = self.ident_at(self.pos + 1).is_some();
        match self.keyword() {
            Some("interface") => self.interface(doc),
            Some("type") if next_is_ident => self.type_alias(doc),
            Some("enum") => self.ts_enum(),
            Some("const") if self.ident_at(self.pos + 1) == Some("enum") => {
                self.bump();
                self.ts_enum();
            }
            word => self.other_statement(first, word.unwrap_or("")),
        }
    }

    /// Records and steps over a statement that does not describe data.
    fn other_statement(&mut self, first: usize, word: &str) {
        let why = match word {
            "import" => "import (not a data declaration)",
            "function" | "async" => "function (not a data declaration)",
            "const" | "let" | "var" => "variable (not a data declaration)",
            "class" | "abstract" => "class (only interfaces, type aliases and enums are read)",
            "namespace" | "module" => "namespace (declarations inside are not read)",
            _ => "not a declaration schemata reads",
        };
        let what = match (word, self.ident_at(self.pos + 1)) {
            ("" | "import", _) | (_, None) => {
                let last = (first + 3).min(self.tokens.len().saturating_sub(1));
                let shown = self.span_text(first, last);
                shown.chars().take(40).collect()
            }
            (word, Some(name)) => format!("{word} {name}"),
        };
        self.skip(what, why.to_string(), first);
        self.skip_statement();
    }

    /// Why a declaration named `name` is not an entity, if it is a transport shape.
    fn transport_reason(name: &str, generic: Option<&str>) -> Option<String> {
        if generic.is_some() {
            return Some("generic transport type".to_string());
        }
        transport_suffix(name).map(|suffix| format!("transport type (name ends in {suffix})"))
    }

    /// Reads `<T, U>` after a declared name, returning its text.
    fn type_parameters(&mut self) -> Option<String> {
        if !self.is_punct('<') {
            return None;
        }
        let first = self.pos;
        self.bump();
        self.skip_to_close('<', true);
        Some(self.span_text(first, self.pos.saturating_sub(1)))
    }

    fn interface(&mut self, doc: Option<String>) {
        let keyword = self.pos;
        self.bump();
        let Some(name) = self.keyword() else {
            self.warn("expected a name after `interface`".into(), keyword);
            self.skip_statement();
            return;
        };
        let name_at = self.pos;
        self.bump();
        let params = self.type_parameters();
        let extends = if self.keyword() == Some("extends") {
            self.bump();
            self.heritage(name)
        } else {
            Vec::new()
        };
        if !self.is_punct('{') {
            self.warn(format!("expected `{{` after `interface {name}`"), name_at);
            self.skip_statement();
            return;
        }
        self.shape_body(Header { name, name_at, params, doc, extends });
    }

    /// Reads `{ ... }` of an interface or object alias (the current token is `{`).
    fn shape_body(&mut self, header: Header<'s>) {
        let Header { name, name_at, params, doc, extends } = header;
        let open = self.pos;
        self.bump();
        let reason = Self::transport_reason(name, params.as_deref());
        let (members, closed) = match reason {
            Some(why) => {
                self.alias_names.insert(name.to_string());
                let what = format!("{name}{}", params.unwrap_or_default());
                self.skip(what, why, name_at);
                (None, self.skip_to_close('{', true))
            }
            None => {
                let (members, closed) = self.members(name);
                (Some(members), closed)
            }
        };
        if !closed {
            let message = format!("`{name}` has no closing `}}`; read to the end of the block");
            self.warn(message, open);
        }
        if let Some(members) = members {
            let at = self.provenance(name_at);
            let name = name.to_string();
            self.shapes.push(Shape { name, description: doc, members, extends, at });
        }
    }

    /// Reads the `extends A, B` list of an interface; returns the plain base names.
    fn heritage(&mut self, owner: &str) -> Vec<String> {
        let mut bases = Vec::new();
        loop {
            let first = self.pos;
            match self.parse_type(0) {
                Some(Ty { kind: TyKind::Named { name, args }, .. }) if args.is_empty() => {
                    bases.push(name);
                }
                Some(ty) => {
                    let text = self.span_text(ty.first, ty.last);
                    let at = self.provenance(first);
                    let message = format!("`{owner}` extends `{text}`: its fields are not copied");
                    self.out.diagnostics.push(Diagnostic::info(message, Some(at)));
                }
                None => break,
            }
            if !self.is_punct(',') {
                break;
            }
            self.bump();
        }
        bases
    }

    fn type_alias(&mut self, doc: Option<String>) {
        self.bump();
        let name_at = self.pos;
        let name = self.text(name_at);
        self.bump();
        let params = self.type_parameters();
        if !self.is_punct('=') {
            self.warn(format!("expected `=` after `type {name}`"), name_at);
            self.skip_statement();
            return;
        }
        self.bump();
        if let Some(params) = params {
            self.alias_names.insert(name.to_string());
            self.skip(format!("{name}{params}"), "generic transport type".into(), name_at);
            self.skip_statement();
        } else if self.is_punct('{') {
            self.object_alias(name, name_at, doc);
        } else {
            self.other_alias(name, name_at);
        }
    }

    /// `type Name = { ... }`: an entity, unless combined with other types.
    fn object_alias(&mut self, name: &'s str, name_at: usize, doc: Option<String>) {
        let shapes_before = self.shapes.len();
        let extends = Vec::new();
        self.shape_body(Header { name, name_at, params: None, doc, extends });
        if self.statement_ends() {
            return;
        }
        // `{ ... } & Other` or `{ ... } | { ... }`: not one shape.
        self.shapes.truncate(shapes_before);
        if self.alias_names.insert(name.to_string()) {
            let why = "type alias combining an object type with other types".to_string();
            self.skip(name.to_string(), why, name_at);
        }
        self.skip_statement();
    }

    /// `type Name = <type>`: an enum for a literal union, otherwise set aside.
    fn other_alias(&mut self, name: &str, name_at: usize) {
        let Some(ty) = self.parse_type(0) else {
            self.warn(format!("`type {name}` has no type after `=`"), name_at);
            self.skip_statement();
            return;
        };
        let prop = self.classify(&ty);
        match prop.kind {
            Kind::Literals(values) if !prop.list => {
                self.enum_names.insert(name.to_string());
                let at = self.provenance(name_at);
                self.out.enums.push(RawEnum { name: name.to_string(), values, at, physical: false });
            }
            _ => {
                self.alias_names.insert(name.to_string());
                let text: String = self.span_text(ty.first, ty.last).chars().take(60).collect();
                let why = format!("type alias of `{text}` (not an entity or enum)");
                self.skip(name.to_string(), why, name_at);
            }
        }
        if self.is_punct(';') {
            self.bump();
        } else if !self.statement_ends() {
            self.skip_statement();
        }
    }

    fn statement_ends(&self) -> bool {
        self.peek().is_none_or(|t| t.line_start || t.tok == Tok::Punct(';'))
    }

    fn ts_enum(&mut self) {
        let keyword = self.pos;
        self.bump();
        let Some(name) = self.keyword() else {
            self.warn("expected a name after `enum`".into(), keyword);
            self.skip_statement();
            return;
        };
        let name_at = self.pos;
        self.bump();
        if !self.is_punct('{') {
            self.warn(format!("expected `{{` after `enum {name}`"), name_at);
            self.skip_statement();
            return;
        }
        let open = self.pos;
        self.bump();
        let (values, closed) = self.enum_members();
        if !closed {
            self.warn(format!("`{name}` has no closing `}}`; read to the end of the block"), open);
        }
        self.enum_names.insert(name.to_string());
        let at = self.provenance(name_at);
        self.out.enums.push(RawEnum { name: name.to_string(), values, at, physical: false });
    }

    /// Members of `enum X { A = 'a', B }`: the string initialiser, else the member name.
    fn enum_members(&mut self) -> (Vec<String>, bool) {
        let mut values = Vec::new();
        while let Some(token) = self.peek() {
            let member = match &token.tok {
                Tok::Punct('}') => {
                    self.bump();
                    return (values, true);
                }
                Tok::Punct(',' | ';') => {
                    self.bump();
                    continue;
                }
                Tok::Str(s) => s.clone(),
                Tok::Ident | Tok::Num => self.text(self.pos).to_string(),
                _ => {
                    // Stray closers are not stepped over by `skip_item`: always move on.
                    let before = self.pos;
                    self.skip_item();
                    if self.pos == before {
                        self.bump();
                    }
                    continue;
                }
            };
            self.bump();
            let value = if self.is_punct('=') {
                self.bump();
                self.enum_initialiser().unwrap_or(member)
            } else {
                member
            };
            values.push(value);
            // Step over whatever follows up to the next member, stopping before a new line's name.
            if !self.is_punct('}') && !self.line_start() {
                self.skip_item();
            }
        }
        (values, false)
    }

    /// A plain string initialiser; expressions (`'a' + b`, `1 << 2`) give `None`.
    fn enum_initialiser(&mut self) -> Option<String> {
        let Some(Tok::Str(value)) = self.peek().map(|t| t.tok.clone()) else {
            return None;
        };
        let single =
            self.tokens.get(self.pos + 1).is_none_or(|t| t.line_start || matches!(t.tok, Tok::Punct(',' | '}' | ';')));
        if single {
            self.bump();
        }
        single.then_some(value)
    }

    // -- interface members ---------------------------------------------------------------

    /// Reads properties up to the closing `}`; the bool says whether it was found.
    fn members(&mut self, owner: &str) -> (Vec<Member>, bool) {
        let mut members = Vec::new();
        while let Some(token) = self.peek() {
            match token.tok {
                Tok::Punct('}') => {
                    self.bump();
                    return (members, true);
                }
                Tok::Punct(';' | ',') => self.bump(),
                _ => {
                    let before = self.pos;
                    if let Some(member) = self.member(owner) {
                        members.push(member);
                    }
                    if self.pos == before {
                        self.bump();
                    }
                }
            }
        }
        (members, false)
    }

    /// Steps over `readonly`-style modifiers that precede a property name.
    fn member_modifiers(&mut self) {
        const MODIFIERS: &[&str] = &["readonly", "public", "private", "protected", "static", "declare", "override"];
        while self.keyword().is_some_and(|word| MODIFIERS.contains(&word)) {
            // `readonly: boolean` is a property called readonly.
            let next_is_name = self
                .tokens
                .get(self.pos + 1)
                .is_some_and(|t| matches!(t.tok, Tok::Ident | Tok::Str(_) | Tok::Num | Tok::Punct('[')));
            if !next_is_name {
                return;
            }
            self.bump();
        }
    }

    fn member(&mut self, owner: &str) -> Option<Member> {
        let first = self.pos;
        let doc = self.tokens.get(first).and_then(|t| t.doc.clone());
        self.member_modifiers();
        let name_at = self.pos;
        let name = match &self.peek()?.tok {
            Tok::Ident | Tok::Num => self.text(name_at).to_string(),
            Tok::Str(s) => s.clone(),
            Tok::Punct('[') => {
                self.skip(format!("{owner}[...]"), "index signature (not a field)".into(), first);
                self.skip_item();
                return None;
            }
            Tok::Punct('(' | '<') => {
                self.skip(format!("{owner}(...)"), "call signature (not data)".into(), first);
                self.skip_item();
                return None;
            }
            _ => {
                let found = self.text(name_at);
                self.warn(format!("unexpected `{found}` in `{owner}`"), name_at);
                self.skip_item();
                return None;
            }
        };
        self.bump();
        let optional = self.is_punct('?');
        if optional || self.is_punct('!') {
            self.bump();
        }
        if self.is_punct('(') || self.is_punct('<') {
            let why = "method signature (not data)".to_string();
            self.skip(format!("{owner}.{name}()"), why, name_at);
            self.skip_item();
            return None;
        }
        self.property(owner, name, name_at, optional, doc)
    }

    /// Reads `: Type` and the separator after a property name.
    fn property(
        &mut self,
        owner: &str,
        name: String,
        name_at: usize,
        optional: bool,
        doc: Option<String>,
    ) -> Option<Member> {
        if !self.is_punct(':') {
            self.warn(format!("`{owner}.{name}` has no `: type`"), name_at);
            self.skip_item();
            return None;
        }
        self.bump();
        let Some(ty) = self.parse_type(0) else {
            self.warn(format!("`{owner}.{name}` has no type after `:`"), name_at);
            self.skip_item();
            return None;
        };
        let ty = self.classify(&ty);
        if !self.member_ends() {
            let found = self.text(self.pos);
            self.warn(format!("unexpected `{found}` after the type of `{owner}.{name}`"), self.pos);
            self.skip_item();
        } else if self.is_punct(';') || self.is_punct(',') {
            self.bump();
        }
        if ty.kind == Kind::Func {
            let why = "function-typed property (not data)".to_string();
            self.skip(format!("{owner}.{name}"), why, name_at);
            return None;
        }
        let trailing = self.pos.checked_sub(1).and_then(|i| self.tokens.get(i)?.trailing.clone());
        let at = self.provenance(name_at);
        Some(Member { name, optional, ty, description: doc.or(trailing), at })
    }

    fn member_ends(&self) -> bool {
        self.peek().is_none_or(|t| t.line_start || matches!(t.tok, Tok::Punct(';' | ',' | '}')))
    }

    // -- type expressions ----------------------------------------------------------------

    fn ty(&self, kind: TyKind, first: usize) -> Ty {
        Ty { kind, first, last: self.pos.saturating_sub(1).max(first) }
    }

    fn parse_type(&mut self, depth: usize) -> Option<Ty> {
        let first = self.pos;
        if self.is_punct('|') || self.is_punct('&') {
            self.bump();
        }
        let mut members = Vec::new();
        while let Some(member) = self.intersection(depth) {
            members.push(member);
            if !self.is_punct('|') {
                break;
            }
            self.bump();
        }
        match members.len() {
            0 => None,
            1 => members.pop(),
            _ => Some(self.ty(TyKind::Union(members), first)),
        }
    }

    fn intersection(&mut self, depth: usize) -> Option<Ty> {
        let first = self.pos;
        let ty = self.postfix(depth)?;
        if !self.is_punct('&') {
            return Some(ty);
        }
        while self.is_punct('&') {
            self.bump();
            if self.postfix(depth).is_none() {
                break;
            }
        }
        Some(self.ty(TyKind::Other, first))
    }

    fn postfix(&mut self, depth: usize) -> Option<Ty> {
        let first = self.pos;
        let mut ty = self.primary(depth)?;
        // A `[` opening a line is the next member (an index signature), not `T[]`.
        while self.is_punct('[') && !self.line_start() {
            self.bump();
            let kind = if self.is_punct(']') && !matches!(ty.kind, TyKind::Array(_)) {
                self.bump();
                TyKind::Array(Box::new(ty))
            } else {
                // Indexed access `T['k']`, or a list of lists (kept flat to bound nesting).
                self.skip_to_close('[', true);
                TyKind::Other
            };
            ty = self.ty(kind, first);
        }
        Some(ty)
    }

    fn primary(&mut self, depth: usize) -> Option<Ty> {
        let first = self.pos;
        let token = self.peek()?;
        if depth > MAX_DEPTH {
            return self.opaque(first);
        }
        let kind = match &token.tok {
            Tok::Punct('{') => {
                self.bump();
                self.skip_to_close('{', true);
                TyKind::Object
            }
            Tok::Punct('(') => return Some(self.paren(depth)),
            Tok::Punct('[') => {
                self.bump();
                self.skip_to_close('[', true);
                TyKind::Other
            }
            Tok::Punct('<') => {
                // A generic function type `<T>(x: T) => T`.
                self.bump();
                self.skip_to_close('<', true);
                return Some(self.function_tail(first, depth));
            }
            Tok::Str(value) => {
                let value = value.clone();
                self.bump();
                TyKind::Literal(value)
            }
            Tok::Num => {
                self.bump();
                TyKind::Literal(self.text(first).to_string())
            }
            Tok::Punct('-') if self.tokens.get(first + 1).is_some_and(|t| t.tok == Tok::Num) => {
                self.bump();
                self.bump();
                TyKind::Literal(format!("-{}", self.text(first + 1)))
            }
            Tok::Ident => return self.named(depth),
            _ => return None,
        };
        Some(self.ty(kind, first))
    }

    /// Past the depth limit: takes one token, or one whole bracketed group, uninterpreted.
    fn opaque(&mut self, first: usize) -> Option<Ty> {
        let opener = self.peek().and_then(|t| match t.tok {
            Tok::Punct(c @ ('(' | '[' | '{' | '<')) => Some(c),
            _ => None,
        });
        self.bump();
        if let Some(opener) = opener {
            self.skip_to_close(opener, true);
        }
        Some(self.ty(TyKind::Other, first))
    }

    /// After a parameter list: `=> Return` makes a function type.
    fn function_tail(&mut self, first: usize, depth: usize) -> Ty {
        if self.is_punct('(') {
            self.bump();
            self.skip_to_close('(', true);
        }
        if self.is_arrow() {
            self.bump();
            self.parse_type(depth + 1);
            return self.ty(TyKind::Func, first);
        }
        self.ty(TyKind::Other, first)
    }

    /// `( ... )`: a parenthesised type or a function type's parameter list.
    fn paren(&mut self, depth: usize) -> Ty {
        let first = self.pos;
        self.bump();
        let params = self.is_punct(')')
            || self.is_punct('.')
            || (self.keyword().is_some() && [':', '?', ','].iter().any(|&c| self.punct_at(self.pos + 1, c)));
        if params {
            self.skip_to_close('(', true);
            return self.function_tail(first, depth);
        }
        let inner = self.parse_type(depth + 1);
        if !self.is_punct(')') {
            self.skip_to_close('(', true);
            return self.function_tail(first, depth);
        }
        self.bump();
        match inner {
            _ if self.is_arrow() => self.function_tail(first, depth),
            Some(inner) => self.ty(TyKind::Paren(Box::new(inner)), first),
            None => self.ty(TyKind::Other, first),
        }
    }

    /// A type name (`Date`, `Prisma.Decimal`, `Array<T>`) or a prefixed type (`keyof T`).
    fn named(&mut self, depth: usize) -> Option<Ty> {
        let first = self.pos;
        let word = self.text(first);
        let next_is_type = self
            .tokens
            .get(first + 1)
            .is_some_and(|t| !t.line_start && matches!(t.tok, Tok::Ident | Tok::Punct('[' | '(' | '{')));
        match word {
            "readonly" if next_is_type => {
                self.bump();
                return self.postfix(depth + 1);
            }
            "typeof" | "keyof" | "unique" | "infer" if next_is_type => {
                self.bump();
                self.postfix(depth + 1);
                return Some(self.ty(TyKind::Other, first));
            }
            "new" if self.punct_at(first + 1, '(') || self.punct_at(first + 1, '<') => {
                self.bump();
                self.bump();
                let opener = if self.punct_at(first + 1, '(') { '(' } else { '<' };
                self.skip_to_close(opener, true);
                return Some(self.function_tail(first, depth));
            }
            _ => {}
        }
        self.bump();
        let mut name = word.to_string();
        while self.is_punct('.') && self.ident_at(self.pos + 1).is_some() {
            name.push('.');
            name.push_str(self.text(self.pos + 1));
            self.bump();
            self.bump();
        }
        if self.is_punct('<') && !self.line_start() {
            self.bump();
            return Some(match self.type_arguments(depth) {
                Some(args) => self.ty(TyKind::Named { name, args }, first),
                None => self.ty(TyKind::Other, first),
            });
        }
        Some(self.ty(TyKind::Named { name, args: Vec::new() }, first))
    }

    /// `<A, B>` after a type name (the `<` is consumed); `None` when malformed.
    fn type_arguments(&mut self, depth: usize) -> Option<Vec<Ty>> {
        let mut args = Vec::new();
        loop {
            if self.is_punct('>') {
                self.bump();
                return Some(args);
            }
            let Some(arg) = self.parse_type(depth + 1) else {
                break;
            };
            args.push(arg);
            if self.is_punct(',') {
                self.bump();
            } else if !self.is_punct('>') {
                break;
            }
        }
        self.skip_to_close('<', true);
        None
    }

    // -- meaning of a type ---------------------------------------------------------------

    fn classify(&self, ty: &Ty) -> PropType {
        match &ty.kind {
            TyKind::Named { name, args } => self.classify_named(ty, name, args),
            TyKind::Literal(value) => PropType::plain(Kind::Literals(vec![value.clone()])),
            TyKind::Object => PropType::plain(Kind::Object),
            TyKind::Array(inner) => self.list_of(inner),
            TyKind::Union(members) => self.classify_union(ty, members),
            TyKind::Paren(inner) => self.classify(inner),
            TyKind::Func => PropType::plain(Kind::Func),
            TyKind::Other => PropType::plain(Kind::Text(self.span_text(ty.first, ty.last))),
        }
    }

    fn list_of(&self, element: &Ty) -> PropType {
        let element = self.classify(element);
        if element.list {
            // A list of lists has no column type: keep it as one Json value.
            return PropType::plain(Kind::Object);
        }
        // Nullable elements (`(string | null)[]`) do not make the list itself optional.
        PropType { kind: element.kind, list: true, nullable: false }
    }

    fn classify_named(&self, ty: &Ty, name: &str, args: &[Ty]) -> PropType {
        match (name, args) {
            ("Array" | "ReadonlyArray" | "Set" | "ReadonlySet", [element]) => self.list_of(element),
            ("Partial" | "Readonly" | "Required" | "NonNullable" | "Promise", [inner]) => self.classify(inner),
            ("Record" | "Map" | "Pick" | "Omit" | "Object" | "object" | "unknown" | "any", _) => {
                PropType::plain(Kind::Object)
            }
            ("null" | "undefined" | "void", []) => {
                PropType { kind: Kind::Text(name.to_string()), list: false, nullable: true }
            }
            (_, []) if !name.contains('.') => PropType::plain(Kind::Named(name.to_string())),
            _ => PropType::plain(Kind::Text(self.span_text(ty.first, ty.last))),
        }
    }

    fn classify_union(&self, ty: &Ty, members: &[Ty]) -> PropType {
        let (nulls, rest): (Vec<&Ty>, Vec<&Ty>) = members.iter().partition(|m| is_nullish(m));
        let nullable = !nulls.is_empty();
        if let [single] = rest.as_slice() {
            let mut prop = self.classify(single);
            prop.nullable |= nullable;
            return prop;
        }
        let literals: Option<Vec<String>> = rest
            .iter()
            .map(|m| match &m.kind {
                TyKind::Literal(value) => Some(value.clone()),
                _ => None,
            })
            .collect();
        let kind = match literals {
            Some(values) if !values.is_empty() => Kind::Literals(values),
            _ if !rest.is_empty() && rest.iter().all(|m| is_boolean_literal(m)) => Kind::Named("boolean".into()),
            _ if rest.is_empty() => Kind::Text(self.span_text(ty.first, ty.last)),
            _ => {
                let texts: Vec<String> = rest.iter().map(|m| self.span_text(m.first, m.last)).collect();
                Kind::Text(texts.join(" | "))
            }
        };
        PropType { kind, list: false, nullable }
    }

    // -- output --------------------------------------------------------------------------

    /// Turns the collected shapes into entities and relationships, now that every name
    /// declared in the block is known.
    fn resolve(mut self) -> RawDocument {
        let shapes = std::mem::take(&mut self.shapes);
        let index: HashMap<&str, &Shape> = shapes.iter().map(|s| (s.name.as_str(), s)).collect();
        let mut budget = MAX_INHERITED;
        for shape in &shapes {
            let inherited = self.inherited(shape, &index, &mut budget);
            let mut entity = RawEntity {
                name: shape.name.clone(),
                description: shape.description.clone(),
                fields: Vec::new(),
                constraints: Vec::new(),
                form: RawForm::TypeScript,
                at: shape.at.clone(),
                physical: false,
            };
            for member in inherited.iter().chain(&shape.members) {
                self.place_member(&mut entity, member, &index);
            }
            self.out.entities.push(entity);
        }
        self.out
    }

    /// Properties `shape` inherits through `extends` from shapes in this block.
    fn inherited(&mut self, shape: &Shape, index: &HashMap<&str, &Shape>, budget: &mut usize) -> Vec<Member> {
        let mut seen: HashSet<&str> = shape.members.iter().map(|m| m.name.as_str()).collect();
        let mut visited: HashSet<&str> = HashSet::from([shape.name.as_str()]);
        let mut pending: Vec<(&str, usize)> = shape.extends.iter().map(|b| (b.as_str(), 1)).collect();
        let mut members = Vec::new();
        while let Some((base, depth)) = pending.pop() {
            if depth > MAX_HERITAGE_DEPTH || !visited.insert(base) {
                continue;
            }
            let Some(base_shape) = index.get(base) else {
                let message = format!(
                    "`{}` extends `{base}`, which this block does not declare: its fields are not copied",
                    shape.name
                );
                let at = Some(shape.at.clone());
                self.out.diagnostics.push(Diagnostic::info(message, at));
                continue;
            };
            for member in &base_shape.members {
                if *budget > 0 && seen.insert(member.name.as_str()) {
                    *budget -= 1;
                    members.push(member.clone());
                }
            }
            pending.extend(base_shape.extends.iter().map(|b| (b.as_str(), depth + 1)));
        }
        members
    }

    /// Adds a property to `entity` as a field, or to the document as a relationship.
    fn place_member(&mut self, entity: &mut RawEntity, member: &Member, shapes: &HashMap<&str, &Shape>) {
        let optional = member.optional || member.ty.nullable;
        let mut field = RawField {
            name: member.name.clone(),
            optional: Some(optional),
            list: member.ty.list,
            description: member.description.clone(),
            at: member.at.clone(),
            ..RawField::default()
        };
        match &member.ty.kind {
            Kind::Named(target) if self.is_entity_reference(target, shapes) => {
                let cardinality =
                    if member.ty.list { StatedCardinality::OneToMany } else { StatedCardinality::ManyToOne };
                self.out.relationships.push(RawRelationship {
                    left: entity.name.clone(),
                    right: target.clone(),
                    cardinality,
                    optional: Some(optional),
                    label: Some(member.name.clone()),
                    via: None,
                    on_delete: None,
                    on_update: None,
                    at: member.at.clone(),
                });
                return;
            }
            Kind::Named(name) | Kind::Text(name) => field.ty = Some(name.clone()),
            Kind::Object => field.ty = Some("object".into()),
            Kind::Literals(values) => field.values = Some(values.clone()),
            Kind::Func => return,
        }
        entity.fields.push(field);
    }

    /// Whether a property typed `name` points at another entity.
    fn is_entity_reference(&self, name: &str, shapes: &HashMap<&str, &Shape>) -> bool {
        if shapes.contains_key(name) {
            return true;
        }
        // Interfaces may be declared in another block: guess from the name's shape.
        !self.enum_names.contains(name)
            && !self.alias_names.contains(name)
            && is_pascal_case(name)
            && !listed(NOT_ENTITIES, name)
    }
}

fn is_nullish(ty: &Ty) -> bool {
    matches!(&ty.kind, TyKind::Named { name, args } if args.is_empty()
        && matches!(name.as_str(), "null" | "undefined" | "void"))
}

fn is_boolean_literal(ty: &Ty) -> bool {
    matches!(&ty.kind, TyKind::Named { name, args } if args.is_empty()
        && matches!(name.as_str(), "true" | "false"))
}

/// `Instructor`, `LessonProgress`: an uppercase start and some lowercase (not `UUID`).
fn is_pascal_case(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().any(|c| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The transport suffix `name` ends in, at a word boundary (`UserDTO`, `create_user_input`).
fn transport_suffix(name: &str) -> Option<&'static str> {
    TRANSPORT_SUFFIXES.iter().copied().find(|suffix| {
        let Some(split) = name.len().checked_sub(suffix.len()) else {
            return false;
        };
        let (head, tail) = match (name.get(..split), name.get(split..)) {
            (Some(head), Some(tail)) => (head, tail),
            _ => return false,
        };
        tail.eq_ignore_ascii_case(suffix)
            && (head.is_empty() || head.ends_with('_') || tail.starts_with(|c: char| c.is_ascii_uppercase()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;

    const SAMPLE: &str = r#"export type CourseLevel = 'beginner' | 'intermediate' | 'advanced';
export type EnrollmentStatus = 'active' | 'completed' | 'refunded';

export interface Instructor {
  id: string;
  displayName: string;
  bio?: string;
  email: string;
  payoutAccount?: { iban: string; holder: string };
  createdAt: string;
}

export interface Course {
  id: string;
  slug: string;
  title: string;
  summary?: string;
  level: CourseLevel;
  priceCents: number;
  published: boolean;
  instructorId: string;
  coInstructorId?: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
}

export interface Lesson {
  id: string;
  courseId: string;
  position: number;
  title: string;
  videoUrl?: string;
  durationSeconds: number;
  resources: { label: string; url: string }[];
}
"#;

    /// The rest of the sample document's model, as its later block declares it.
    const SAMPLE_REST: &str = r#"
export interface Learner {
  id: string;
  email: string;
  displayName: string;
  createdAt: string;
}

export interface Enrollment {
  id: string;
  learnerId: string;
  courseId: string;
  status: EnrollmentStatus;
  enrolledAt: string;
  completedAt?: string | null;
}

export interface LessonProgress {
  enrollmentId: string;
  lessonId: string;
  completed: boolean;
  secondsWatched: number;
  updatedAt: string;
}
"#;

    fn origin(first_line: u32) -> Origin<'static> {
        Origin { file: "design.md", first_line }
    }

    fn read_at_1(text: &str) -> RawDocument {
        read(text, origin(1))
    }

    fn entity<'d>(doc: &'d RawDocument, name: &str) -> &'d RawEntity {
        doc.entities.iter().find(|e| e.name == name).unwrap_or_else(|| panic!("no entity {name} in {:?}", doc.entities))
    }

    fn field<'d>(entity: &'d RawEntity, name: &str) -> &'d RawField {
        entity.fields.iter().find(|f| f.name == name).unwrap_or_else(|| panic!("no field {name} in {}", entity.name))
    }

    fn names(doc: &RawDocument) -> Vec<&str> {
        doc.entities.iter().map(|e| e.name.as_str()).collect()
    }

    #[test]
    fn reads_the_sample_block() {
        let doc = read(SAMPLE, origin(20));
        assert_eq!(names(&doc), ["Instructor", "Course", "Lesson"]);
        assert!(doc.entities.iter().all(|e| e.form == RawForm::TypeScript));
        assert_eq!(doc.enums.len(), 2);
        assert_eq!(doc.enums[0].name, "CourseLevel");
        assert_eq!(doc.enums[0].values, ["beginner", "intermediate", "advanced"]);
        assert_eq!(doc.enums[1].name, "EnrollmentStatus");
        assert_eq!(doc.enums[1].values, ["active", "completed", "refunded"]);
        assert_eq!(doc.enums[0].at, Provenance::new("design.md", 20, 13));

        let course = entity(&doc, "Course");
        // `export interface Course {` is line 13 of the block: document line 20 + 12.
        assert_eq!(course.at, Provenance::new("design.md", 32, 18));
        assert_eq!(course.fields.len(), 12);
        let tags = field(course, "tags");
        assert_eq!((tags.ty.as_deref(), tags.list), (Some("string"), true));
        assert_eq!(field(course, "level").ty.as_deref(), Some("CourseLevel"));
        assert_eq!(field(course, "level").values, None);
        assert_eq!(field(course, "summary").optional, Some(true));
        assert_eq!(field(course, "published").ty.as_deref(), Some("boolean"));
        assert_eq!(field(course, "priceCents").optional, Some(false));

        let id = field(course, "id");
        assert_eq!((id.ty.as_deref(), id.primary, id.list), (Some("string"), false, false));
        assert_eq!(id.at, Provenance::new("design.md", 33, 3));

        let instructor = entity(&doc, "Instructor");
        assert_eq!(field(instructor, "bio").optional, Some(true));
        assert_eq!(field(instructor, "email").optional, Some(false));
        let payout = field(instructor, "payoutAccount");
        assert_eq!(payout.ty.as_deref(), Some("object"));
        assert_eq!((payout.optional, payout.list), (Some(true), false));

        let resources = field(entity(&doc, "Lesson"), "resources");
        assert_eq!((resources.ty.as_deref(), resources.list), (Some("object"), true));

        assert!(doc.relationships.is_empty());
        assert!(doc.skipped.is_empty(), "{:?}", doc.skipped);
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
    }

    #[test]
    fn reads_the_whole_sample_model() {
        let doc = read(&format!("{SAMPLE}{SAMPLE_REST}"), origin(20));
        assert_eq!(names(&doc), ["Instructor", "Course", "Lesson", "Learner", "Enrollment", "LessonProgress"]);
        let enrollment = entity(&doc, "Enrollment");
        assert_eq!(field(enrollment, "status").ty.as_deref(), Some("EnrollmentStatus"));
        let completed = field(enrollment, "completedAt");
        assert_eq!((completed.ty.as_deref(), completed.optional), (Some("string"), Some(true)));
        assert!(doc.relationships.is_empty());
    }

    #[test]
    fn generic_interface_is_a_skipped_transport_type() {
        let doc = read_at_1("interface Page<T> { items: T[]; nextCursor?: string; }");
        assert!(doc.entities.is_empty());
        assert_eq!(doc.skipped.len(), 1);
        assert_eq!(doc.skipped[0].what, "Page<T>");
        assert_eq!(doc.skipped[0].why, "generic transport type");
        assert_eq!(doc.skipped[0].at, Provenance::new("design.md", 1, 11));
    }

    #[test]
    fn transport_names_are_skipped() {
        let doc = read_at_1(
            "interface CreateCourseRequest { title: string }\n\
             interface CourseDTO { id: string }\n\
             type UserProps = { name: string };\n\
             interface Photo { url: string }",
        );
        assert_eq!(names(&doc), ["Photo"]);
        let whys: Vec<&str> = doc.skipped.iter().map(|s| s.why.as_str()).collect();
        assert_eq!(
            whys,
            [
                "transport type (name ends in Request)",
                "transport type (name ends in Dto)",
                "transport type (name ends in Props)",
            ]
        );
    }

    #[test]
    fn null_and_undefined_unions_are_optional() {
        let doc = read_at_1("interface A {\n  name: string | null;\n  nick: undefined | string\n  age: number\n}");
        let a = entity(&doc, "A");
        let name = field(a, "name");
        assert_eq!((name.ty.as_deref(), name.optional), (Some("string"), Some(true)));
        let nick = field(a, "nick");
        assert_eq!((nick.ty.as_deref(), nick.optional), (Some("string"), Some(true)));
        assert_eq!(field(a, "age").optional, Some(false));
        assert_eq!(field(a, "age").ty.as_deref(), Some("number"));
    }

    #[test]
    fn generic_array_is_a_list() {
        let doc =
            read_at_1("interface A { names: Array<string>; ids: ReadonlyArray<number>, raw: Record<string, number> }");
        let a = entity(&doc, "A");
        let names = field(a, "names");
        assert_eq!((names.ty.as_deref(), names.list), (Some("string"), true));
        assert_eq!(field(a, "ids").ty.as_deref(), Some("number"));
        assert!(field(a, "ids").list);
        assert_eq!(field(a, "raw").ty.as_deref(), Some("object"));
    }

    #[test]
    fn comments_become_descriptions() {
        let text = "// Catalogue\n\n\
            /** A course someone teaches. */\n\
            export interface Course {\n\
              /**\n   * Shown in URLs.\n   * Unique.\n   */\n\
              slug: string;\n\
              // Plain title\n\
              title: string;\n\
              price: number; // in cents\n\
              draft: boolean;\n\
            }";
        let doc = read_at_1(text);
        let course = entity(&doc, "Course");
        assert_eq!(course.description.as_deref(), Some("A course someone teaches."));
        assert_eq!(field(course, "slug").description.as_deref(), Some("Shown in URLs. Unique."));
        assert_eq!(field(course, "title").description.as_deref(), Some("Plain title"));
        assert_eq!(field(course, "price").description.as_deref(), Some("in cents"));
        assert_eq!(field(course, "draft").description, None);
    }

    #[test]
    fn references_to_interfaces_are_relationships() {
        let text = "interface Lesson { id: string; course: Course }\n\
            interface Course {\n  instructor?: Instructor;\n  lessons: Lesson[];\n  at: Date;\n}";
        let doc = read_at_1(text);
        let course = entity(&doc, "Course");
        assert_eq!(course.fields.len(), 1);
        assert_eq!(field(course, "at").ty.as_deref(), Some("Date"));
        let rels: Vec<_> = doc
            .relationships
            .iter()
            .map(|r| (r.left.as_str(), r.right.as_str(), r.cardinality, r.optional, r.label.as_deref()))
            .collect();
        assert_eq!(
            rels,
            [
                ("Lesson", "Course", StatedCardinality::ManyToOne, Some(false), Some("course")),
                // Instructor is not declared here: PascalCase makes it a reference anyway.
                ("Course", "Instructor", StatedCardinality::ManyToOne, Some(true), Some("instructor")),
                ("Course", "Lesson", StatedCardinality::OneToMany, Some(false), Some("lessons")),
            ]
        );
        assert_eq!(doc.relationships[1].at, Provenance::new("design.md", 3, 3));
    }

    #[test]
    fn inline_literal_unions_are_values() {
        let doc = read_at_1(
            "interface A {\n  status: 'a' | \"b\";\n  mode?:\n    | 'x'\n    | 'y'\n  roles: ('admin' | 'user')[];\n}",
        );
        let a = entity(&doc, "A");
        let status = field(a, "status");
        assert_eq!((status.ty.clone(), status.values.clone()), (None, Some(vec!["a".into(), "b".into()])));
        assert_eq!(field(a, "mode").values, Some(vec!["x".into(), "y".into()]));
        assert_eq!(field(a, "mode").optional, Some(true));
        assert!(field(a, "roles").list);
        assert_eq!(field(a, "roles").values, Some(vec!["admin".into(), "user".into()]));
    }

    #[test]
    fn ts_enums_and_numeric_unions_are_enums() {
        let doc = read_at_1(
            "export enum Role { Admin = 'admin', Member = \"member\", Guest }\n\
             const enum Level { Low = 1, High = 2 }\n\
             type Stars = 1 | 2 | 3;",
        );
        let enums: Vec<(&str, Vec<&str>)> =
            doc.enums.iter().map(|e| (e.name.as_str(), e.values.iter().map(String::as_str).collect())).collect();
        assert_eq!(
            enums,
            [
                ("Role", vec!["admin", "member", "Guest"]),
                ("Level", vec!["Low", "High"]),
                ("Stars", vec!["1", "2", "3"]),
            ]
        );
    }

    #[test]
    fn enum_typed_property_is_a_field_not_a_relation() {
        let doc = read_at_1("enum Role { Admin }\ntype Id = string;\ninterface U { role: Role; key: Id }");
        let u = entity(&doc, "U");
        assert_eq!(field(u, "role").ty.as_deref(), Some("Role"));
        assert_eq!(field(u, "key").ty.as_deref(), Some("Id"));
        assert!(doc.relationships.is_empty());
        assert_eq!(doc.skipped.len(), 1);
        assert_eq!(doc.skipped[0].what, "Id");
    }

    #[test]
    fn object_type_alias_is_an_entity() {
        let doc = read_at_1("type Address = {\n  street: string,\n  zip?: string,\n};");
        let address = entity(&doc, "Address");
        assert_eq!(address.fields.len(), 2);
        assert_eq!(field(address, "zip").optional, Some(true));
    }

    #[test]
    fn non_data_statements_are_skipped_with_a_reason() {
        let doc = read_at_1(
            "import { z } from 'zod';\n\
             export function total(a: number): number { return a; }\n\
             const LIMIT = 10;\n\
             type Result<T> = { ok: true; value: T } | { ok: false };\n\
             interface A { readonly id: string; 'full-name': string; save(): void; onClick: () => void; [key: string]: unknown }",
        );
        let whats: Vec<&str> = doc.skipped.iter().map(|s| s.what.as_str()).collect();
        assert_eq!(
            whats,
            ["import { z }", "function total", "const LIMIT", "Result<T>", "A.save()", "A.onClick", "A[...]"]
        );
        let a = entity(&doc, "A");
        let fields: Vec<&str> = a.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(fields, ["id", "full-name"]);
    }

    #[test]
    fn extends_copies_fields_declared_in_the_block() {
        let doc = read_at_1(
            "interface Base { id: string; createdAt: Date }\n\
             interface User extends Base, Remote { email: string; id: number }",
        );
        let user = entity(&doc, "User");
        let fields: Vec<(&str, Option<&str>)> =
            user.fields.iter().map(|f| (f.name.as_str(), f.ty.as_deref())).collect();
        assert_eq!(fields, [("createdAt", Some("Date")), ("email", Some("string")), ("id", Some("number"))]);
        assert!(doc.diagnostics.iter().any(|d| d.message.contains("`Remote`")));
    }

    #[test]
    fn unterminated_interface_keeps_what_it_read_and_warns() {
        let doc = read("interface A { x: string", origin(5));
        let a = entity(&doc, "A");
        assert_eq!(field(a, "x").ty.as_deref(), Some("string"));
        let warning = doc.diagnostics.iter().find(|d| d.severity == Severity::Warning).expect("a warning");
        assert_eq!(warning.at, Some(Provenance::new("design.md", 5, 13)));
    }

    #[test]
    fn unterminated_string_and_comment_warn() {
        let doc = read_at_1("type A = 'x;\ninterface B { c: string }\n/* open");
        assert_eq!(names(&doc), ["B"]);
        assert_eq!(doc.diagnostics.len(), 2);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let deep = "{".repeat(10_000);
        let doc = read_at_1(&deep);
        assert!(doc.entities.is_empty());

        let text = format!(
            "interface A {{ x: {}; y: {}; z: {} }}\ninterface B {{ ok: string }}",
            "{".repeat(10_000),
            "Array<".repeat(10_000),
            "(".repeat(10_000)
        );
        let doc = read_at_1(&text);
        assert!(doc.entities.iter().any(|e| e.name == "A"));

        let closed = format!(
            "interface A {{ x: {}string{}; y: {}string{}; z: string[]{} }}\ninterface B {{ ok: string }}",
            "Array<".repeat(10_000),
            ">".repeat(10_000),
            "(".repeat(10_000),
            ")".repeat(10_000),
            "[]".repeat(10_000),
        );
        let doc = read_at_1(&closed);
        assert_eq!(names(&doc), ["A", "B"]);
        assert_eq!(entity(&doc, "A").fields.len(), 3);
    }

    #[test]
    fn garbage_never_panics() {
        let inputs = [
            "",
            "interface",
            "interface {",
            "type",
            "type X",
            "type X =",
            "enum",
            "enum E {",
            "interface A extends",
            "interface A { x?: ",
            "interface A { x: Array<string; y: number }",
            "}}}}))))>>>>]]]",
            "\u{0}\u{1}ÿ€\u{fffd} interface Ü { é: 'ñ' }",
            "'`\"/*//",
            "interface A { x: (a: string) => void; y: new () => A; z: typeof q; w: keyof A }",
            "type X = <T>(a: T) => T",
            "type X = -1 | -2",
            "enum E { ) ] A, B\n C }",
            "interface A { ) ]; x: string }",
        ];
        for input in inputs {
            let _ = read_at_1(input);
        }
        let doc = read_at_1("enum E { ) ] A, B\n C }");
        assert_eq!(doc.enums[0].values, ["A", "B", "C"]);
        let doc = read_at_1("interface A { x: Array<string; y: number }");
        assert_eq!(entity(&doc, "A").fields.len(), 2);
    }
}
