//! The entity tree pane: models in dependency order with their status markers.

use super::pane;
use crate::change;
use crate::tui::app::{App, Focus};
use crate::tui::tree::{Marker, Node};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Draws the tree, with the filter being typed (or in force) in the title.
pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let tree = &app.ui.tree;
    let title = match (&app.ui.filter_input, tree.filter.is_empty()) {
        (Some(_), _) => format!(" Models /{}▏", tree.filter),
        (None, false) => format!(" Models /{} ", tree.filter),
        (None, true) => " Models ".to_string(),
    };
    let block = pane(app, title, Focus::Tree);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = inner.height as usize;
    let focused = app.ui.focus == Focus::Tree;
    let lines: Vec<Line<'static>> = tree
        .rows
        .iter()
        .enumerate()
        .skip(tree.offset)
        .take(height)
        .map(|(i, row)| {
            let p = &app.theme.palette;
            let mut spans = vec![Span::raw("  ".repeat(row.depth as usize))];
            spans.push(Span::raw(match row.expanded {
                Some(true) => "▾ ",
                Some(false) => "▸ ",
                None => "  ",
            }));
            if let Some(m) = row.marker {
                let color = match m {
                    Marker::Pending => p.pending_fg,
                    Marker::Confirmed => p.confirmed_fg,
                    Marker::Skipped => p.skipped_fg,
                    Marker::Question => p.question_fg,
                    Marker::Error => p.error_fg,
                };
                spans
                    .push(Span::styled(format!("{} ", m.glyph()), Style::new().fg(color).add_modifier(Modifier::BOLD)));
            }
            if let Some(kind) = row.change {
                let color = match kind {
                    change::Kind::Added => p.added_fg,
                    change::Kind::Changed => p.warning_fg,
                    change::Kind::Unchanged | change::Kind::Kept => p.muted_fg,
                };
                spans.push(Span::styled(
                    format!("{} ", kind.sign()),
                    Style::new().fg(color).add_modifier(Modifier::BOLD),
                ));
            }
            let label_style = match row.node {
                Node::Model(_) | Node::Enums => Style::new().fg(p.fg).add_modifier(Modifier::BOLD),
                Node::Relation(..) => Style::new().fg(p.attribute_fg),
                Node::Kept(_) => Style::new().fg(p.muted_fg),
                _ => Style::new().fg(p.fg),
            };
            spans.push(Span::styled(row.label.clone(), label_style));
            spans.push(Span::styled(format!(" {}", row.detail), app.theme.muted()));
            let line = Line::from(spans);
            if i == tree.selected {
                let style = if focused { app.theme.selection() } else { Style::new().add_modifier(Modifier::REVERSED) };
                // The selection spans the whole row, not just the text.
                let width = inner.width as usize;
                let used: usize = line.width();
                let mut line = line.patch_style(style);
                line.spans.push(Span::styled(" ".repeat(width.saturating_sub(used)), style));
                line
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
