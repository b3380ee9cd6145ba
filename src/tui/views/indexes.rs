//! The bottom panel's Indexes tab: each access path the documents imply, what serves it,
//! and the composite index to add where nothing serves it fully.

use crate::indexes::Support;
use crate::tui::app::App;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

/// The tab's label: paths and how many are not fully covered.
pub fn label(app: &App) -> String {
    let gaps = app.coverage.gaps().count();
    if gaps == 0 {
        format!("Indexes ({})", app.coverage.paths.len())
    } else {
        format!("Indexes ({}, {gaps} to add)", app.coverage.paths.len())
    }
}

/// One line per access path.
pub fn rows(app: &App) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let p = &theme.palette;
    app.coverage
        .paths
        .iter()
        .map(|c| {
            let path = &c.path;
            let (mark, color, verdict) = match &c.support {
                Support::Covered { by } => ("✓", p.confirmed_fg, format!("covered by {by}")),
                Support::Partial { by } => ("~", p.warning_fg, format!("partly by {by}")),
                Support::Uncovered => ("✗", p.error_fg, "no index".to_string()),
            };
            let mut fields = path.equality.join(", ");
            if let Some(r) = &path.range {
                fields = if fields.is_empty() { format!("→ {r}") } else { format!("{fields} → {r}") };
            }
            let mut spans = vec![
                Span::styled(format!("{mark} "), Style::new().fg(color).add_modifier(Modifier::BOLD)),
                Span::styled(format!("[{}] ", path.source), theme.muted()),
                Span::raw(format!("{} ({fields})  ", path.model)),
                Span::styled(verdict, Style::new().fg(color)),
            ];
            if let Some(s) = &c.suggestion {
                spans.push(Span::styled(format!("  add {s}"), theme.key()));
            }
            Line::from(spans)
        })
        .collect()
}
