//! SQL highlighting for the migration preview: keywords, quoted identifiers, string literals
//! and `--` comments, each styled from the theme.

use crate::tui::theme::Theme;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

const KEYWORDS: &[&str] = &[
    "CREATE",
    "TABLE",
    "TYPE",
    "AS",
    "ENUM",
    "UNIQUE",
    "INDEX",
    "ON",
    "ALTER",
    "ADD",
    "CONSTRAINT",
    "PRIMARY",
    "KEY",
    "FOREIGN",
    "REFERENCES",
    "DELETE",
    "UPDATE",
    "CASCADE",
    "RESTRICT",
    "SET",
    "NULL",
    "NOT",
    "DEFAULT",
    "NO",
    "ACTION",
];

/// One line of SQL as styled spans.
pub fn line(theme: &Theme, text: &str) -> Line<'static> {
    let p = &theme.palette;
    if text.trim_start().starts_with("--") {
        return Line::from(Span::styled(text.to_string(), Style::new().fg(p.comment_fg)));
    }
    let mut spans = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let (token, style, len) = if let Some(q) = rest.strip_prefix('"') {
            let end = q.find('"').map_or(rest.len(), |e| e + 2);
            (&rest[..end], Style::new().fg(p.type_fg), end)
        } else if let Some(q) = rest.strip_prefix('\'') {
            let end = q.find('\'').map_or(rest.len(), |e| e + 2);
            (&rest[..end], Style::new().fg(p.string_fg), end)
        } else {
            let end = rest.find(['"', '\'', ' ', '(', ')', ',', ';']).map_or(rest.len(), |e| e.max(1));
            let word = &rest[..end];
            let style = if KEYWORDS.contains(&word) {
                Style::new().fg(p.keyword_fg).add_modifier(Modifier::BOLD)
            } else if word.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
                Style::new().fg(p.attribute_fg)
            } else {
                Style::new().fg(p.fg)
            };
            (word, style, end)
        };
        spans.push(Span::styled(token.to_string(), style));
        rest = &rest[len..];
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_kept_and_identifiers_are_coloured() {
        let theme = Theme::default();
        let text = "ALTER TABLE \"orders\" ADD CONSTRAINT 'x' (\"a\");";
        let l = line(&theme, text);
        assert_eq!(l.spans.iter().map(|s| s.content.as_ref()).collect::<String>(), text);
        assert!(l.spans.iter().any(|s| s.content == "\"orders\"" && s.style.fg == Some(theme.palette.type_fg)));
    }
}
