//! Tokens → a syntax tree of top-level blocks, their member lines and attributes.
//!
//! Members are line-based: a bad line is reported and skipped, the rest of the block is
//! still read. Comments are placed as `prisma format` treats them: the lines above a block or
//! member belong to it, a comment at the end of a member's line to that member, the lines
//! after a block's last member to the block's end, the lines after the last block to the file. A block left open ends where the next `keyword Name {` line starts (or at the
//! end of the file) and is reported. Argument nesting is capped at [`MAX_DEPTH`].

use super::lexer::{Tok, Token, shorten};
use std::fmt;

/// Deepest nesting of calls and arrays inside an attribute argument.
pub const MAX_DEPTH: usize = 32;

/// A 1-based position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

/// An argument value.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Str {
        raw: String,
        value: String,
    },
    Number(String),
    /// An identifier or a dotted path (`Cascade`, `true`, `db.Gin`).
    Ident(String),
    Call {
        name: String,
        args: Vec<Arg>,
    },
    Array(Vec<Expr>),
}

/// `value` or `name: value`.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    pub name: Option<String>,
    pub value: Expr,
}

/// `@name(args)` or `@@name(args)`; `name` may be dotted (`db.VarChar`).
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    pub block: bool,
    pub name: String,
    /// `None` when written without parentheses.
    pub args: Option<Vec<Arg>>,
    pub pos: Pos,
}

/// The type of a field as written.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    Named(String),
    /// `Unsupported("...")`: the database type, its string unescaped.
    Unsupported(String),
}

/// The comments on a member: the lines above it and the one ending its line, each printed
/// with its slashes (`// text`; a `///` above a block attribute is kept here too).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Notes {
    pub above: Vec<String>,
    pub after: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldDecl {
    pub name: String,
    pub pos: Pos,
    pub ty: TypeRef,
    pub ty_pos: Pos,
    pub optional: bool,
    pub list: bool,
    pub attributes: Vec<Attribute>,
    pub doc: Vec<String>,
    pub notes: Notes,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumValueDecl {
    pub name: String,
    pub pos: Pos,
    pub attributes: Vec<Attribute>,
    pub doc: Vec<String>,
    pub notes: Notes,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub value: Expr,
    pub pos: Pos,
    pub notes: Notes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keyword {
    Model,
    Enum,
    View,
    Type,
    Datasource,
    Generator,
}

impl Keyword {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "model" => Self::Model,
            "enum" => Self::Enum,
            "view" => Self::View,
            "type" => Self::Type,
            "datasource" => Self::Datasource,
            "generator" => Self::Generator,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Model => "model",
            Self::Enum => "enum",
            Self::View => "view",
            Self::Type => "type",
            Self::Datasource => "datasource",
            Self::Generator => "generator",
        }
    }
}

/// One top-level block.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub keyword: Keyword,
    pub name: String,
    pub pos: Pos,
    pub doc: Vec<String>,
    pub fields: Vec<FieldDecl>,
    pub values: Vec<EnumValueDecl>,
    pub entries: Vec<Entry>,
    /// `@@...` attributes of the block.
    pub attributes: Vec<Attribute>,
    /// The comments of each block attribute, by index in `attributes`.
    pub attribute_notes: Vec<Notes>,
    /// `//` lines above the block.
    pub comments: Vec<String>,
    /// Comment lines after the last member (and one after the closing `}`).
    pub end_comments: Vec<String>,
}

/// A comment as printed: `// text`.
fn comment_line(text: &str) -> String {
    if text.is_empty() { "//".into() } else { format!("// {text}") }
}

/// A parse problem: message and position.
pub type ParseError = (String, Pos);

struct Parser<'a> {
    tokens: &'a [Token],
    i: usize,
    errors: Vec<ParseError>,
}

/// What a file holds: its blocks, and the comment lines after the last one.
#[derive(Debug, Default)]
pub struct Parsed {
    pub items: Vec<Item>,
    pub end_comments: Vec<String>,
}

/// Parses every block it can; errors are collected, never fatal.
pub fn parse(tokens: &[Token]) -> (Parsed, Vec<ParseError>) {
    let mut p = Parser { tokens, i: 0, errors: Vec::new() };
    let mut parsed = Parsed::default();
    let mut doc: Vec<String> = Vec::new();
    let mut comments: Vec<String> = Vec::new();
    while let Some(t) = p.peek() {
        match &t.tok {
            Tok::Newline => {
                p.i += 1;
            }
            Tok::Doc(text) => {
                doc.push(text.clone());
                p.i += 1;
            }
            Tok::Comment(text) => {
                comments.push(comment_line(text));
                p.i += 1;
            }
            _ => {
                let doc = std::mem::take(&mut doc);
                if p.at_header() {
                    let (keyword, name, pos) = p.header();
                    let mut item = p.block(keyword, name, pos, doc);
                    item.comments = std::mem::take(&mut comments);
                    parsed.items.push(item);
                } else {
                    p.bad_top_level();
                }
            }
        }
    }
    // A doc comment documenting nothing is still a comment line.
    comments.extend(doc.iter().map(|d| format!("/// {d}").trim_end().to_string()));
    parsed.end_comments = comments;
    (parsed, p.errors)
}

fn pos_of(t: &Token) -> Pos {
    Pos { line: t.line, col: t.col }
}

fn describe(tok: &Tok) -> String {
    match tok {
        Tok::Ident(s) => format!("`{}`", shorten(s)),
        Tok::Str { raw, .. } => format!("string {}", shorten(raw)),
        Tok::Number(n) => format!("number {n}"),
        Tok::Doc(_) => "a doc comment".into(),
        Tok::Comment(_) => "a comment".into(),
        Tok::Garbage(g) => format!("`{}`", shorten(g)),
        Tok::Newline => "end of line".into(),
        other => format!("`{}`", punct(other)),
    }
}

fn punct(tok: &Tok) -> &'static str {
    match tok {
        Tok::At => "@",
        Tok::AtAt => "@@",
        Tok::LParen => "(",
        Tok::RParen => ")",
        Tok::LBracket => "[",
        Tok::RBracket => "]",
        Tok::LBrace => "{",
        Tok::RBrace => "}",
        Tok::Comma => ",",
        Tok::Colon => ":",
        Tok::Equals => "=",
        Tok::Question => "?",
        Tok::Dot => ".",
        _ => "?",
    }
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.i)
    }

    fn peek_tok(&self) -> Option<&Tok> {
        self.tokens.get(self.i).map(|t| &t.tok)
    }

    fn nth_tok(&self, n: usize) -> Option<&Tok> {
        self.tokens.get(self.i + n).map(|t| &t.tok)
    }

    /// Position of the current token, or just past the last one.
    fn here(&self) -> Pos {
        match self.peek().or(self.tokens.last()) {
            Some(t) => pos_of(t),
            None => Pos { line: 1, col: 1 },
        }
    }

    fn error(&mut self, message: String, pos: Pos) {
        self.errors.push((message, pos));
    }

    fn eat(&mut self, tok: &Tok) -> bool {
        if self.peek_tok() == Some(tok) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn ident(&mut self) -> Option<(String, Pos)> {
        let t = self.peek()?;
        if let Tok::Ident(s) = &t.tok {
            let out = (s.clone(), pos_of(t));
            self.i += 1;
            Some(out)
        } else {
            None
        }
    }

    /// Skips to just past the next newline (a `}` at this level stops the skip, unconsumed).
    fn skip_line(&mut self) {
        let mut depth = 0usize;
        while let Some(tok) = self.peek_tok() {
            match tok {
                Tok::Newline => {
                    self.i += 1;
                    return;
                }
                Tok::RBrace if depth == 0 => return,
                Tok::LParen | Tok::LBracket => depth += 1,
                Tok::RParen | Tok::RBracket => depth = depth.saturating_sub(1),
                _ => {}
            }
            self.i += 1;
        }
    }

    /// Whether a `keyword Name {` header starts here.
    fn at_header(&self) -> bool {
        matches!(self.peek_tok(), Some(Tok::Ident(k)) if Keyword::parse(k).is_some())
            && matches!(self.nth_tok(1), Some(Tok::Ident(_)))
            && matches!(self.nth_tok(2), Some(Tok::LBrace))
    }

    /// `keyword Name {`, known to be here ([`Self::at_header`]).
    fn header(&mut self) -> (Keyword, String, Pos) {
        let keyword = match self.ident() {
            Some((k, _)) => Keyword::parse(&k).unwrap_or(Keyword::Model),
            None => Keyword::Model,
        };
        let (name, pos) = self.ident().unwrap_or_default();
        self.i += 1; // `{`
        (keyword, name, pos)
    }

    /// Reports a top-level line that starts no block, and skips it (a malformed block header
    /// also skips the block's body, whose members would read as more top-level errors).
    fn bad_top_level(&mut self) {
        let Some(t) = self.peek() else { return };
        let (tok, pos) = (t.tok.clone(), pos_of(t));
        if let Tok::Ident(k) = &tok
            && let Some(keyword) = Keyword::parse(k)
        {
            let message = match self.nth_tok(1) {
                Some(Tok::Ident(name)) => format!("`{} {name}`: expected `{{` after the name", keyword.as_str()),
                _ => format!("`{}`: expected a name and `{{`", keyword.as_str()),
            };
            self.error(message, pos);
            self.skip_line();
            self.skip_block_body();
            return;
        }
        if !matches!(tok, Tok::Garbage(_)) {
            let what = describe(&tok);
            self.error(
                format!("expected a `model`, `enum`, `view`, `type`, `datasource` or `generator` block, found {what}"),
                pos,
            );
        }
        let before = self.i;
        self.skip_line();
        if self.i == before {
            self.i += 1; // a stray `}`
        }
    }

    /// Skips lines until a line holding only `}` or a new header.
    fn skip_block_body(&mut self) {
        while self.peek().is_some() && !self.at_header() {
            if self.eat(&Tok::RBrace) {
                self.skip_line();
                return;
            }
            self.skip_line();
        }
    }

    fn block(&mut self, keyword: Keyword, name: String, pos: Pos, doc: Vec<String>) -> Item {
        let mut item = Item {
            keyword,
            name,
            pos,
            doc,
            fields: Vec::new(),
            values: Vec::new(),
            entries: Vec::new(),
            attributes: Vec::new(),
            attribute_notes: Vec::new(),
            comments: Vec::new(),
            end_comments: Vec::new(),
        };
        let mut doc: Vec<String> = Vec::new();
        let mut comments: Vec<String> = Vec::new();
        // Comment lines a blank line separates from what follows.
        let mut loose: Vec<String> = Vec::new();
        // Nothing read since the last line break.
        let mut empty_line = false;
        let mut line_start = true;
        loop {
            let Some(t) = self.peek() else {
                self.error(format!("{} {}: block is not closed with `}}`", keyword.as_str(), item.name), pos);
                return item;
            };
            let tpos = pos_of(t);
            empty_line &= t.tok == Tok::Newline;
            match &t.tok {
                Tok::RBrace => {
                    self.i += 1;
                    comments.extend(doc.iter().map(|d| format!("/// {d}").trim_end().to_string()));
                    if let Some(Tok::Comment(text)) = self.peek_tok() {
                        comments.push(comment_line(text));
                        self.i += 1;
                    }
                    loose.append(&mut comments);
                    item.end_comments.append(&mut loose);
                    let trailing = self.peek().filter(|t| !matches!(t.tok, Tok::Newline));
                    if let Some(t) = trailing {
                        let what = describe(&t.tok);
                        self.error(format!("unexpected {what} after the closing `}}`"), pos_of(t));
                        self.skip_line();
                    }
                    return item;
                }
                Tok::Newline => {
                    self.i += 1;
                    if empty_line {
                        loose.append(&mut comments);
                    }
                    empty_line = true;
                    line_start = true;
                    continue;
                }
                Tok::Doc(text) => {
                    let text = text.clone();
                    self.i += 1;
                    if !line_start {
                        // A trailing `///` documents the member on its line.
                        if let Some(f) = item.fields.last_mut().filter(|f| f.pos.line == tpos.line) {
                            f.doc.push(text);
                        } else if let Some(v) = item.values.last_mut().filter(|v| v.pos.line == tpos.line) {
                            v.doc.push(text);
                        } else if let Some(e) = item.entries.last_mut().filter(|e| e.pos.line == tpos.line) {
                            e.notes.after.get_or_insert_with(|| format!("/// {text}").trim_end().to_string());
                        }
                    } else {
                        doc.push(text);
                    }
                    continue;
                }
                Tok::Comment(text) => {
                    let line = comment_line(text);
                    self.i += 1;
                    if line_start || !self.trailing_note(&mut item, tpos.line, &line) {
                        comments.push(line);
                    }
                    continue;
                }
                _ if line_start && self.at_header() => {
                    self.error(
                        format!(
                            "{} {}: block is not closed with `}}` before the next block",
                            keyword.as_str(),
                            item.name
                        ),
                        pos,
                    );
                    return item;
                }
                _ => {}
            }
            line_start = false;
            let before = self.errors.len();
            // Comments set apart above the block attributes close the members, as `prisma
            // format` keeps them; set apart above a member, they go with it.
            if self.peek_tok() == Some(&Tok::AtAt) {
                item.end_comments.append(&mut loose);
            } else {
                loose.append(&mut comments);
                comments = std::mem::take(&mut loose);
            }
            let notes = Notes { above: std::mem::take(&mut comments), after: None };
            let ok = self.member(keyword, &mut item, std::mem::take(&mut doc), notes);
            if !ok {
                let garbage = matches!(self.peek_tok(), Some(Tok::Garbage(_)));
                if self.errors.len() == before && !garbage {
                    let t = self.peek().map(|t| (describe(&t.tok), pos_of(t)));
                    let (what, at) = t.unwrap_or_else(|| ("end of file".into(), self.here()));
                    self.error(format!("{} {}: unexpected {what}", keyword.as_str(), item.name), at);
                }
                self.skip_line();
                line_start = true;
                continue;
            }
            // The member must end the line (a trailing doc comment may follow).
            match self.peek_tok() {
                None | Some(Tok::Newline | Tok::RBrace | Tok::Doc(_) | Tok::Comment(_)) => {}
                Some(Tok::Garbage(_)) => {
                    self.skip_line();
                    line_start = true;
                }
                Some(tok) => {
                    let what = describe(tok);
                    let at = self.here();
                    self.error(format!("{} {}: unexpected {what}", keyword.as_str(), item.name), at);
                    self.skip_line();
                    line_start = true;
                }
            }
        }
    }

    /// A comment ending the line of the member read last: that member's; `false` when no
    /// member is on that line.
    fn trailing_note(&mut self, item: &mut Item, line: u32, text: &str) -> bool {
        let notes = if let Some(f) = item.fields.last_mut().filter(|f| f.pos.line == line) {
            &mut f.notes
        } else if let Some(v) = item.values.last_mut().filter(|v| v.pos.line == line) {
            &mut v.notes
        } else if let Some(e) = item.entries.last_mut().filter(|e| e.pos.line == line) {
            &mut e.notes
        } else if item.attributes.last().is_some_and(|a| a.pos.line == line)
            && let Some(n) = item.attribute_notes.last_mut()
        {
            n
        } else {
            return false;
        };
        notes.after = Some(text.to_string());
        true
    }

    /// One member line; `false` after an error (the caller skips the rest of the line).
    fn member(&mut self, keyword: Keyword, item: &mut Item, doc: Vec<String>, mut notes: Notes) -> bool {
        if self.eat(&Tok::AtAt) {
            let pos = self.prev_pos();
            return match self.attribute(true, pos) {
                Some(a) => {
                    // Prisma documents no block attribute: a `///` above one is a comment line.
                    notes.above.extend(doc.iter().map(|d| format!("/// {d}").trim_end().to_string()));
                    item.attributes.push(a);
                    item.attribute_notes.push(notes);
                    true
                }
                None => false,
            };
        }
        let Some((name, pos)) = self.ident() else { return false };
        match keyword {
            Keyword::Datasource | Keyword::Generator => {
                if !self.eat(&Tok::Equals) {
                    let at = self.here();
                    self.error(format!("{} {}: expected `=` after `{name}`", keyword.as_str(), item.name), at);
                    return false;
                }
                match self.expr(0) {
                    Some(value) => {
                        // An entry has no documentation: a `///` above one is a comment line.
                        notes.above.extend(doc.iter().map(|d| format!("/// {d}").trim_end().to_string()));
                        item.entries.push(Entry { key: name, value, pos, notes });
                        true
                    }
                    None => false,
                }
            }
            Keyword::Enum => {
                let attributes = match self.field_attributes() {
                    Some(a) => a,
                    None => return false,
                };
                item.values.push(EnumValueDecl { name, pos, attributes, doc, notes });
                true
            }
            Keyword::Model | Keyword::View | Keyword::Type => {
                let ty_pos = self.here();
                let ty = match self.ident() {
                    Some((t, _)) if t == "Unsupported" => {
                        let db_type = if self.eat(&Tok::LParen)
                            && let Some(Tok::Str { value, .. }) = self.peek_tok().cloned()
                        {
                            self.i += 1;
                            if !self.eat(&Tok::RParen) {
                                return false;
                            }
                            value
                        } else {
                            self.error(format!("{}.{name}: expected `Unsupported(\"...\")`", item.name), ty_pos);
                            return false;
                        };
                        TypeRef::Unsupported(db_type)
                    }
                    Some((t, _)) => TypeRef::Named(t),
                    None => {
                        let what = self.peek_tok().map_or("end of file".into(), describe);
                        self.error(format!("{}.{name}: expected a type, found {what}", item.name), ty_pos);
                        return false;
                    }
                };
                let mut optional = false;
                let mut list = false;
                if self.eat(&Tok::LBracket) {
                    if !self.eat(&Tok::RBracket) {
                        let at = self.here();
                        self.error(format!("{}.{name}: expected `]` after `[`", item.name), at);
                        return false;
                    }
                    list = true;
                }
                if self.eat(&Tok::Question) {
                    if list {
                        self.error(
                            format!("{}.{name}: a list cannot be optional (`[]?`); read as a list", item.name),
                            ty_pos,
                        );
                    }
                    optional = !list;
                }
                let attributes = match self.field_attributes() {
                    Some(a) => a,
                    None => return false,
                };
                item.fields.push(FieldDecl { name, pos, ty, ty_pos, optional, list, attributes, doc, notes });
                true
            }
        }
    }

    fn prev_pos(&self) -> Pos {
        self.tokens.get(self.i.wrapping_sub(1)).map_or(Pos { line: 1, col: 1 }, pos_of)
    }

    fn field_attributes(&mut self) -> Option<Vec<Attribute>> {
        let mut out = Vec::new();
        loop {
            match self.peek_tok() {
                Some(Tok::At) => {
                    let pos = self.here();
                    self.i += 1;
                    out.push(self.attribute(false, pos)?);
                }
                Some(Tok::AtAt) => {
                    let at = self.here();
                    self.error("a block attribute `@@` must stand on its own line".into(), at);
                    return None;
                }
                _ => return Some(out),
            }
        }
    }

    /// After `@` / `@@`: a dotted name and optional arguments.
    fn attribute(&mut self, block: bool, pos: Pos) -> Option<Attribute> {
        let Some((mut name, _)) = self.ident() else {
            let at = self.here();
            self.error(format!("expected an attribute name after `{}`", if block { "@@" } else { "@" }), at);
            return None;
        };
        while self.peek_tok() == Some(&Tok::Dot) {
            self.i += 1;
            let (part, _) = self.ident()?;
            name.push('.');
            name.push_str(&part);
        }
        let args = if self.peek_tok() == Some(&Tok::LParen) { Some(self.args(0)?) } else { None };
        Some(Attribute { block, name, args, pos })
    }

    /// `( arg, ... )` on one line (Prisma allows no line break inside).
    fn args(&mut self, depth: usize) -> Option<Vec<Arg>> {
        self.i += 1; // `(`
        let mut args = Vec::new();
        loop {
            if self.eat(&Tok::RParen) {
                return Some(args);
            }
            let name = match (self.peek_tok(), self.nth_tok(1)) {
                (Some(Tok::Ident(n)), Some(Tok::Colon)) => {
                    let n = n.clone();
                    self.i += 2;
                    Some(n)
                }
                _ => None,
            };
            let value = self.expr(depth + 1)?;
            args.push(Arg { name, value });
            if self.eat(&Tok::Comma) {
                continue;
            }
            if self.eat(&Tok::RParen) {
                return Some(args);
            }
            let what = self.peek_tok().map_or("end of file".into(), describe);
            let at = self.here();
            self.error(format!("expected `,` or `)` in arguments, found {what}"), at);
            return None;
        }
    }

    fn expr(&mut self, depth: usize) -> Option<Expr> {
        if depth > MAX_DEPTH {
            let at = self.here();
            self.error(format!("arguments nested deeper than {MAX_DEPTH} levels"), at);
            return None;
        }
        let t = self.peek()?.clone();
        let pos = pos_of(&t);
        self.i += 1;
        match t.tok {
            Tok::Str { raw, value } => Some(Expr::Str { raw, value }),
            Tok::Number(n) => Some(Expr::Number(n)),
            Tok::Ident(mut name) => {
                while self.peek_tok() == Some(&Tok::Dot) {
                    self.i += 1;
                    let (part, _) = self.ident()?;
                    name.push('.');
                    name.push_str(&part);
                }
                if self.peek_tok() == Some(&Tok::LParen) {
                    let args = self.args(depth)?;
                    Some(Expr::Call { name, args })
                } else {
                    Some(Expr::Ident(name))
                }
            }
            Tok::LBracket => {
                let mut items = Vec::new();
                loop {
                    if self.eat(&Tok::RBracket) {
                        return Some(Expr::Array(items));
                    }
                    items.push(self.expr(depth + 1)?);
                    if self.eat(&Tok::Comma) {
                        continue;
                    }
                    if self.eat(&Tok::RBracket) {
                        return Some(Expr::Array(items));
                    }
                    let what = self.peek_tok().map_or("end of file".into(), describe);
                    let at = self.here();
                    self.error(format!("expected `,` or `]` in a list, found {what}"), at);
                    return None;
                }
            }
            other => {
                // Leave a line end or brace for the caller's recovery.
                self.i -= 1;
                let what = describe(&other);
                self.error(format!("expected a value, found {what}"), pos);
                None
            }
        }
    }
}

/// Prints a value the way `prisma format` does: `name: value`, `, ` between items.
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Str { raw, .. } => f.write_str(raw),
            Expr::Number(n) | Expr::Ident(n) => f.write_str(n),
            Expr::Call { name, args } => write!(f, "{name}({})", ArgList(args)),
            Expr::Array(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
        }
    }
}

/// Comma-separated arguments.
pub struct ArgList<'a>(pub &'a [Arg]);

impl fmt::Display for ArgList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, arg) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            if let Some(n) = &arg.name {
                write!(f, "{n}: ")?;
            }
            write!(f, "{}", arg.value)?;
        }
        Ok(())
    }
}

impl fmt::Display for Attribute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.block { "@@" } else { "@" })?;
        f.write_str(&self.name)?;
        if let Some(args) = &self.args {
            write!(f, "({})", ArgList(args))?;
        }
        Ok(())
    }
}
