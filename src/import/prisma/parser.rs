//! Tokens → a syntax tree of top-level blocks, their member lines and attributes.
//!
//! Members are line-based: a bad line is reported and skipped, the rest of the block is
//! still read. A block left open ends where the next `keyword Name {` line starts (or at the
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
    /// `Unsupported("...")`, with the string as written.
    Unsupported(String),
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
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumValueDecl {
    pub name: String,
    pub pos: Pos,
    pub attributes: Vec<Attribute>,
    pub doc: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub value: Expr,
    pub pos: Pos,
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
}

/// A parse problem: message and position.
pub type ParseError = (String, Pos);

struct Parser<'a> {
    tokens: &'a [Token],
    i: usize,
    errors: Vec<ParseError>,
}

/// Parses every block it can; errors are collected, never fatal.
pub fn parse(tokens: &[Token]) -> (Vec<Item>, Vec<ParseError>) {
    let mut p = Parser { tokens, i: 0, errors: Vec::new() };
    let mut items = Vec::new();
    let mut doc: Vec<String> = Vec::new();
    while let Some(t) = p.peek() {
        match &t.tok {
            Tok::Newline => {
                p.i += 1;
            }
            Tok::Doc(text) => {
                doc.push(text.clone());
                p.i += 1;
            }
            _ => {
                let doc = std::mem::take(&mut doc);
                if p.at_header() {
                    let (keyword, name, pos) = p.header();
                    items.push(p.block(keyword, name, pos, doc));
                } else {
                    p.bad_top_level();
                }
            }
        }
    }
    (items, p.errors)
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
        };
        let mut doc: Vec<String> = Vec::new();
        let mut line_start = true;
        loop {
            let Some(t) = self.peek() else {
                self.error(format!("{} {}: block is not closed with `}}`", keyword.as_str(), item.name), pos);
                return item;
            };
            let tpos = pos_of(t);
            match &t.tok {
                Tok::RBrace => {
                    self.i += 1;
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
                        }
                    } else {
                        doc.push(text);
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
            let ok = self.member(keyword, &mut item, std::mem::take(&mut doc));
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
                None | Some(Tok::Newline | Tok::RBrace | Tok::Doc(_)) => {}
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

    /// One member line; `false` after an error (the caller skips the rest of the line).
    fn member(&mut self, keyword: Keyword, item: &mut Item, doc: Vec<String>) -> bool {
        if self.eat(&Tok::AtAt) {
            let pos = self.prev_pos();
            return match self.attribute(true, pos) {
                Some(a) => {
                    item.attributes.push(a);
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
                        item.entries.push(Entry { key: name, value, pos });
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
                item.values.push(EnumValueDecl { name, pos, attributes, doc });
                true
            }
            Keyword::Model | Keyword::View | Keyword::Type => {
                let ty_pos = self.here();
                let ty = match self.ident() {
                    Some((t, _)) if t == "Unsupported" => {
                        let raw = if self.eat(&Tok::LParen)
                            && let Some(Tok::Str { raw, .. }) = self.peek_tok().cloned()
                        {
                            self.i += 1;
                            if !self.eat(&Tok::RParen) {
                                return false;
                            }
                            raw
                        } else {
                            self.error(format!("{}.{name}: expected `Unsupported(\"...\")`", item.name), ty_pos);
                            return false;
                        };
                        TypeRef::Unsupported(raw)
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
                item.fields.push(FieldDecl { name, pos, ty, ty_pos, optional, list, attributes, doc });
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
