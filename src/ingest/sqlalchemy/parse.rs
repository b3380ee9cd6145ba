//! Parsing a Python file with Ruff's parser, behind a depth guard.
//!
//! Ruff's parser grows its own stack for deep input, but the syntax tree it returns is
//! dropped recursively, and a chain such as `1+1+...` or `((((...` tens of thousands long
//! overflows the stack when it is. So the file is first run through Ruff's lexer (which
//! does not recurse), with a bound on how deep a tree its tokens can make; a file over the
//! bound is not parsed. CPython itself refuses such files ("too many nested parentheses",
//! a recursion error while compiling), so no real models file is turned away.

use ruff_python_ast::PySourceType;
use ruff_python_ast::Suite;
use ruff_python_ast::token::TokenKind;
use ruff_python_parser::{Mode, lexer::lex, parse_unchecked_source};

/// How deep a tree the tokens of one statement may make: tokens since the last comma,
/// summed over the open brackets, plus the open blocks. Real models stay far below it; a
/// tree this deep is still dropped well within a 2 MiB thread stack.
pub(super) const MAX_DEPTH: usize = 4_000;

/// A syntax error: Ruff's message and the byte offset it points at.
pub(super) struct SyntaxError {
    pub message: String,
    pub offset: usize,
}

pub(super) enum Parsed {
    /// The module's statements (read with error recovery) and the syntax errors found.
    Module(Suite, Vec<SyntaxError>),
    /// The file nests deeper than [`MAX_DEPTH`] at this byte offset; it was not parsed.
    TooDeep(usize),
    /// Ruff's parser panicked (it should not); nothing was read.
    Failed,
}

/// Parses `text` as a Python module.
pub(super) fn parse(text: &str) -> Parsed {
    if depth(text) > MAX_DEPTH {
        return Parsed::TooDeep(too_deep_at(text));
    }
    let parsed = std::panic::catch_unwind(|| parse_unchecked_source(text, PySourceType::Python));
    let Ok(parsed) = parsed else { return Parsed::Failed };
    let errors = parsed
        .errors()
        .iter()
        .map(|e| SyntaxError { message: e.error.to_string(), offset: e.location.start().to_usize() })
        .collect();
    Parsed::Module(parsed.into_suite(), errors)
}

fn opens(kind: TokenKind) -> bool {
    matches!(
        kind,
        TokenKind::Lpar | TokenKind::Lsqb | TokenKind::Lbrace | TokenKind::FStringStart | TokenKind::TStringStart
    )
}

fn closes(kind: TokenKind) -> bool {
    matches!(
        kind,
        TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace | TokenKind::FStringEnd | TokenKind::TStringEnd
    )
}

/// An upper bound on the depth of the tree Ruff builds from `text` (see [`MAX_DEPTH`]).
/// Every node on a path from a statement down takes at least one token of it, and items
/// after a comma are siblings, so the tokens since the last comma at each open bracket
/// bound the path.
pub(super) fn depth(text: &str) -> usize {
    let mut lexer = lex(text, Mode::Module);
    let mut runs: Vec<usize> = vec![0];
    let (mut sum, mut blocks, mut max) = (0usize, 0usize, 0usize);
    loop {
        let kind = lexer.next_token();
        match kind {
            TokenKind::EndOfFile => break,
            TokenKind::Comment | TokenKind::NonLogicalNewline => continue,
            TokenKind::Newline | TokenKind::Semi => {
                runs.clear();
                runs.push(0);
                sum = 0;
                continue;
            }
            TokenKind::Comma => {
                if let Some(run) = runs.last_mut() {
                    sum -= *run;
                    *run = 0;
                }
                continue;
            }
            TokenKind::Dedent => {
                blocks = blocks.saturating_sub(1);
                continue;
            }
            TokenKind::Indent => blocks += 1,
            _ if closes(kind) => {
                if runs.len() > 1 {
                    sum -= runs.pop().unwrap_or(0);
                }
                continue;
            }
            _ => {
                if let Some(run) = runs.last_mut() {
                    *run += 1;
                    sum += 1;
                }
                if opens(kind) {
                    runs.push(0);
                }
            }
        }
        max = max.max(sum + blocks);
    }
    max
}

/// Where a file over the bound first goes over it: the shortest prefix that does, found by
/// bisection (the lexer reports kinds, not places). Only files that are refused pay for it.
fn too_deep_at(text: &str) -> usize {
    let (mut lo, mut hi) = (0, text.len());
    while hi - lo > 1 {
        let mut mid = lo + (hi - lo) / 2;
        while !text.is_char_boundary(mid) {
            mid -= 1;
        }
        if mid <= lo {
            break;
        }
        if depth(&text[..mid]) > MAX_DEPTH {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    // The offset of the last character of that prefix.
    text[..hi].char_indices().next_back().map_or(0, |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_counts_the_deepest_path() {
        assert_eq!(depth(""), 0);
        assert_eq!(depth("x = 1\n"), 3);
        // Items after a comma are siblings.
        assert_eq!(depth("x = [1, 2, 3, 4, 5]\n"), 4);
        assert!(depth(&format!("x = {}1{}\n", "(".repeat(50), ")".repeat(50))) > 50);
        assert!(depth(&format!("x = 1{}\n", "+1".repeat(100))) > 200);
        // Blocks add to it.
        assert!(depth("class A:\n    class B:\n        x = 1\n") >= 5);
        // A new statement starts from nothing.
        assert_eq!(depth(&format!("{}x = 1\n", "y = 1 + 1\n".repeat(1_000))), 5);
        // f-strings nest like brackets.
        assert!(depth(&format!("x = {}1{}\n", "f'{".repeat(30), "}'".repeat(30))) > 60);
    }

    #[test]
    fn too_deep_files_are_refused_where_they_go_over() {
        let text = format!("x = 1\ny = {}1{}\n", "(".repeat(MAX_DEPTH + 10), ")".repeat(MAX_DEPTH + 10));
        let Parsed::TooDeep(at) = parse(&text) else { panic!("refused") };
        assert_eq!(&text[..at].matches('\n').count(), &1, "on the second line");
        assert!(at > 6 + MAX_DEPTH - 10 && at < 6 + MAX_DEPTH + 10, "{at}");
    }

    #[test]
    fn syntax_errors_are_offsets() {
        let Parsed::Module(body, errors) = parse("class A:\n    x = (\n\nclass B:\n    pass\n") else {
            panic!("parsed")
        };
        assert!(!errors.is_empty());
        assert!(!body.is_empty());
    }
}
