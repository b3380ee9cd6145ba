//! Prisma syntax highlighting for the preview: keywords, names, types, attributes,
//! strings and comments, each styled from the theme.

use crate::tui::theme::Theme;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

const BLOCKS: &[&str] = &["model", "enum", "generator", "datasource", "view", "type"];

/// One line of Prisma text as styled spans.
pub fn line(theme: &Theme, text: &str) -> Line<'static> {
    let p = &theme.palette;
    let trimmed = text.trim_start();
    let indent = &text[..text.len() - trimmed.len()];
    if trimmed.starts_with("//") {
        return Line::from(Span::styled(text.to_string(), Style::new().fg(p.comment_fg)));
    }
    let mut spans = vec![Span::raw(indent.to_string())];
    if let Some((word, rest)) = trimmed.split_once(' ')
        && BLOCKS.contains(&word)
        && indent.is_empty()
    {
        spans.push(Span::styled(word.to_string(), Style::new().fg(p.keyword_fg).add_modifier(Modifier::BOLD)));
        spans.push(Span::raw(" "));
        let (name, tail) = rest.split_once(' ').unwrap_or((rest, ""));
        spans.push(Span::styled(name.to_string(), Style::new().fg(p.type_fg).add_modifier(Modifier::BOLD)));
        if !tail.is_empty() {
            spans.push(Span::raw(format!(" {tail}")));
        }
        return Line::from(spans);
    }
    // Member lines: name, type, then attributes; strings anywhere.
    let mut column = 0;
    for token in split_keep_spaces(trimmed) {
        if token.trim().is_empty() {
            spans.push(Span::raw(token.to_string()));
            continue;
        }
        let style = if token.starts_with('@') {
            attribute_spans(theme, token, &mut spans);
            column += 1;
            continue;
        } else if token.starts_with('"') {
            Style::new().fg(p.string_fg)
        } else if column == 1 && token != "=" {
            Style::new().fg(p.type_fg)
        } else {
            Style::new().fg(p.fg)
        };
        spans.push(Span::styled(token.to_string(), style));
        column += 1;
    }
    Line::from(spans)
}

/// `@relation("Name", fields: [a])`: the attribute name coloured, strings inside too.
fn attribute_spans(theme: &Theme, token: &str, spans: &mut Vec<Span<'static>>) {
    let p = &theme.palette;
    let (name, args) = token.find('(').map_or((token, ""), |i| token.split_at(i));
    spans.push(Span::styled(name.to_string(), Style::new().fg(p.attribute_fg)));
    let mut rest = args;
    while let Some(start) = rest.find('"') {
        let end = rest[start + 1..].find('"').map_or(rest.len(), |e| start + e + 2);
        spans.push(Span::styled(rest[..start].to_string(), Style::new().fg(p.fg)));
        spans.push(Span::styled(rest[start..end].to_string(), Style::new().fg(p.string_fg)));
        rest = &rest[end..];
    }
    if !rest.is_empty() {
        spans.push(Span::styled(rest.to_string(), Style::new().fg(p.fg)));
    }
}

/// Splits on runs of spaces, keeping them, but never inside parentheses or quotes
/// (`@relation(fields: [a], references: [b])` stays one token).
fn split_keep_spaces(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut quoted, mut start) = (0i32, false, 0usize);
    let mut in_space = false;
    for (i, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '(' | '[' if !quoted => depth += 1,
            ')' | ']' if !quoted => depth -= 1,
            _ => {}
        }
        let space = c == ' ' && depth <= 0 && !quoted;
        if i > start && space != in_space {
            out.push(&text[start..i]);
            start = i;
        }
        in_space = space;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_attribute_arguments_together() {
        let toks = split_keep_spaces("promoter Promoter @relation(\"A B\", fields: [x]) @map(\"y\")");
        assert_eq!(toks, ["promoter", " ", "Promoter", " ", "@relation(\"A B\", fields: [x])", " ", "@map(\"y\")"]);
        let theme = Theme::default();
        let l = line(&theme, "  name String @unique");
        let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, "  name String @unique");
        assert_eq!(l.spans[3].style.fg, Some(theme.palette.type_fg));
    }
}
