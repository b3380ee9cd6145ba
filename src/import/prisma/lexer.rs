//! Tokens of the Prisma schema language, with 1-based line and column (in chars).
//!
//! Newlines are tokens because Prisma members are line-based; `///` doc comments and `//`
//! comments are tokens too (the parser places them). Positions are tracked while scanning, so lexing is linear even
//! on one very long line.

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Ident(String),
    /// A string literal: `raw` as written (quotes included), `value` unescaped.
    Str {
        raw: String,
        value: String,
    },
    Number(String),
    /// A `///` doc comment's text, trimmed.
    Doc(String),
    /// A `//` comment's text, trimmed.
    Comment(String),
    At,
    AtAt,
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    Comma,
    Colon,
    Equals,
    Question,
    Dot,
    Newline,
    /// Characters that start no token, as one run.
    Garbage(String),
}

#[derive(Debug, Clone)]
pub struct Token {
    pub tok: Tok,
    pub line: u32,
    pub col: u32,
}

/// A lexing problem: message, line, column.
pub type LexError = (String, u32, u32);

struct Cursor<'a> {
    text: &'a str,
    pos: usize,
    line: u32,
    col: u32,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.text[self.pos..].chars().nth(n)
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_ident_continue(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

fn starts_token(c: char) -> bool {
    is_ident_start(c) || c.is_ascii_digit() || c.is_whitespace() || "\"@()[]{},:=?./-".contains(c)
}

/// Splits `text` (BOM already removed) into tokens; never fails, errors are collected.
pub fn lex(text: &str) -> (Vec<Token>, Vec<LexError>) {
    let mut cur = Cursor { text, pos: 0, line: 1, col: 1 };
    let mut tokens = Vec::new();
    let mut errors = Vec::new();
    while let Some(c) = cur.peek() {
        let (start, line, col) = (cur.pos, cur.line, cur.col);
        let tok = match c {
            '\n' => {
                cur.bump();
                Tok::Newline
            }
            c if c.is_whitespace() => {
                cur.bump();
                continue;
            }
            '/' if cur.peek_at(1) == Some('/') => {
                let rest = &text[cur.pos..];
                let len = rest.find('\n').unwrap_or(rest.len());
                let comment = &rest[..len];
                for _ in comment.chars() {
                    cur.bump();
                }
                match comment.strip_prefix("///") {
                    Some(doc) => Tok::Doc(doc.trim().to_string()),
                    None => Tok::Comment(comment[2..].trim().to_string()),
                }
            }
            '"' => lex_string(&mut cur, &mut errors),
            '@' => {
                cur.bump();
                if cur.peek() == Some('@') {
                    cur.bump();
                    Tok::AtAt
                } else {
                    Tok::At
                }
            }
            c if c.is_ascii_digit() || (c == '-' && cur.peek_at(1).is_some_and(|d| d.is_ascii_digit())) => {
                cur.bump();
                while cur.peek().is_some_and(|d| d.is_ascii_alphanumeric() || d == '.' || d == '_') {
                    // An exponent sign: `1e-5`.
                    let e = cur.peek();
                    cur.bump();
                    if matches!(e, Some('e' | 'E')) && matches!(cur.peek(), Some('-' | '+')) {
                        cur.bump();
                    }
                }
                Tok::Number(text[start..cur.pos].to_string())
            }
            c if is_ident_start(c) => {
                cur.bump();
                while cur.peek().is_some_and(is_ident_continue) {
                    cur.bump();
                }
                Tok::Ident(text[start..cur.pos].to_string())
            }
            _ => {
                let single = match c {
                    '(' => Some(Tok::LParen),
                    ')' => Some(Tok::RParen),
                    '[' => Some(Tok::LBracket),
                    ']' => Some(Tok::RBracket),
                    '{' => Some(Tok::LBrace),
                    '}' => Some(Tok::RBrace),
                    ',' => Some(Tok::Comma),
                    ':' => Some(Tok::Colon),
                    '=' => Some(Tok::Equals),
                    '?' => Some(Tok::Question),
                    '.' => Some(Tok::Dot),
                    _ => None,
                };
                cur.bump();
                match single {
                    Some(t) => t,
                    None => {
                        while cur.peek().is_some_and(|d| !starts_token(d)) {
                            cur.bump();
                        }
                        let run = &text[start..cur.pos];
                        errors.push((format!("unexpected characters `{}`", shorten(run)), line, col));
                        Tok::Garbage(run.to_string())
                    }
                }
            }
        };
        tokens.push(Token { tok, line, col });
    }
    (tokens, errors)
}

fn lex_string(cur: &mut Cursor<'_>, errors: &mut Vec<LexError>) -> Tok {
    let (start, line, col) = (cur.pos, cur.line, cur.col);
    cur.bump();
    let mut value = String::new();
    loop {
        match cur.peek() {
            None | Some('\n') => {
                errors.push(("unterminated string".to_string(), line, col));
                break;
            }
            Some('"') => {
                cur.bump();
                break;
            }
            Some('\\') => {
                let (eline, ecol) = (cur.line, cur.col);
                cur.bump();
                match cur.peek() {
                    Some('n') => value.push('\n'),
                    Some('r') => value.push('\r'),
                    Some('t') => value.push('\t'),
                    Some('0') => value.push('\0'),
                    Some('u') => {
                        cur.bump();
                        let digits: String = (0..4).filter_map(|i| cur.peek_at(i)).collect();
                        match u32::from_str_radix(&digits, 16)
                            .ok()
                            .filter(|_| digits.len() == 4)
                            .and_then(char::from_u32)
                        {
                            Some(c) => {
                                value.push(c);
                                for _ in 0..3 {
                                    cur.bump();
                                }
                            }
                            None => {
                                errors.push(("invalid \\u escape in string".to_string(), eline, ecol));
                                value.push('u');
                                continue;
                            }
                        }
                    }
                    Some(c @ ('"' | '\\' | '\'')) => value.push(c),
                    Some('\n') | None => continue,
                    Some(c) => {
                        errors.push((format!("unknown escape `\\{c}` in string"), eline, ecol));
                        value.push(c);
                    }
                }
                cur.bump();
            }
            Some(c) => {
                value.push(c);
                cur.bump();
            }
        }
    }
    let raw = cur.text[start..cur.pos].to_string();
    Tok::Str { raw, value }
}

/// At most 40 chars of `s`, for messages.
pub fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().nth(40).is_some() {
        out.push('…');
    }
    out.escape_debug().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Tok> {
        lex(text).0.into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn lexes_members_comments_and_positions() {
        let (tokens, errors) = lex("model A {\r\n  /// doc\r\n  id Int @id // x\r\n  n Float @default(-1.5e-3)\n}");
        assert!(errors.is_empty());
        let docs: Vec<_> = tokens.iter().filter(|t| matches!(t.tok, Tok::Doc(_))).collect();
        assert_eq!(docs[0].tok, Tok::Doc("doc".into()));
        assert_eq!((docs[0].line, docs[0].col), (2, 3));
        assert!(tokens.iter().any(|t| t.tok == Tok::Number("-1.5e-3".into())));
        assert!(!tokens.iter().any(|t| matches!(&t.tok, Tok::Ident(s) if s == "x")));
        let comment = tokens.iter().find(|t| matches!(t.tok, Tok::Comment(_))).expect("comment");
        assert_eq!((&comment.tok, comment.line, comment.col), (&Tok::Comment("x".into()), 3, 14));
    }

    #[test]
    fn strings_unescape_and_keep_raw() {
        let toks = kinds(r#""a\"b\\c\u0041""#);
        assert_eq!(toks, vec![Tok::Str { raw: r#""a\"b\\c\u0041""#.into(), value: "a\"b\\cA".into() }]);
    }

    #[test]
    fn unterminated_string_and_garbage_are_errors() {
        let (tokens, errors) = lex("\"abc\n#$% x");
        assert_eq!(errors.len(), 2);
        assert_eq!((errors[1].1, errors[1].2), (2, 1));
        assert!(tokens.iter().any(|t| t.tok == Tok::Ident("x".into())));
    }
}
