//! The bottom panel: open questions, validation messages, and the log of the Prisma run.

use super::pane;
use crate::diagnostics::Severity;
use crate::tui::app::{App, BottomTab, Focus, LogKind};
use crate::tui::update::bottom_len;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The first list row shown so that the selected one is visible in `height` rows.
pub fn first_visible(app: &App, height: usize) -> usize {
    let selected = app.ui.bottom_selected[app.ui.bottom_tab as usize];
    selected.saturating_sub(height.saturating_sub(1)).min(bottom_len(app).saturating_sub(1))
}

/// Draws the panel with its tabs in the top border.
pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let theme = &app.theme;
    let open = app.schema.open_questions().count();
    let errors = app.messages.iter().filter(|m| m.severity == Severity::Error).count();
    let tabs = [
        (BottomTab::Questions, format!("Questions ({open} open)")),
        (
            BottomTab::Validation,
            format!(
                "Validation ({}{})",
                app.messages.len(),
                if errors > 0 { format!(", {errors} errors") } else { String::new() }
            ),
        ),
        (BottomTab::Log, format!("Log ({})", app.log.len())),
        (BottomTab::Indexes, super::indexes::label(app)),
    ];
    let mut title = vec![Span::raw(" ")];
    for (tab, label) in tabs {
        let style =
            if tab == app.ui.bottom_tab { theme.title().add_modifier(Modifier::REVERSED) } else { theme.muted() };
        title.push(Span::styled(format!(" {label} "), style));
        title.push(Span::raw(" "));
    }
    let block = pane(app, Line::from(title), Focus::Bottom);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = inner.height as usize;
    let first = first_visible(app, height);
    let selected = app.ui.bottom_selected[app.ui.bottom_tab as usize];
    let rows = rows(app);
    let focused = app.ui.focus == Focus::Bottom;
    let lines: Vec<Line<'static>> = rows
        .into_iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, line)| {
            if i == selected && focused && app.ui.bottom_tab != BottomTab::Log {
                let pad = (inner.width as usize).saturating_sub(line.width());
                let mut line = line.patch_style(theme.selection());
                line.spans.push(Span::styled(" ".repeat(pad), theme.selection()));
                line
            } else {
                line
            }
        })
        .collect();
    if lines.is_empty() {
        let empty = match app.ui.bottom_tab {
            BottomTab::Questions => "No questions: the documents decide everything.",
            BottomTab::Validation => "No messages.",
            BottomTab::Log => "Nothing run yet. Press w to write the confirmed models and run Prisma.",
            BottomTab::Indexes => "No access paths: no foreign keys, tenant keys or stated query patterns.",
        };
        frame.render_widget(Paragraph::new(Span::styled(empty, theme.muted())), inner);
        return;
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn rows(app: &App) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let p = &theme.palette;
    match app.ui.bottom_tab {
        BottomTab::Questions => app
            .schema
            .questions
            .iter()
            .map(|q| {
                let (mark, color) = if q.answer.is_some() { ("✓", p.confirmed_fg) } else { ("?", p.question_fg) };
                let chosen = q.chosen();
                let how = if q.answer.is_some() { "answered" } else { "suggested" };
                Line::from(vec![
                    Span::styled(format!("{mark} "), Style::new().fg(color).add_modifier(Modifier::BOLD)),
                    Span::styled(format!("[{}] ", q.kind), theme.muted()),
                    Span::raw(q.prompt.clone()),
                    Span::styled(format!("  {how}: {}", chosen.label), Style::new().fg(color)),
                ])
            })
            .collect(),
        BottomTab::Validation => app
            .messages
            .iter()
            .map(|m| {
                let (mark, color) = match m.severity {
                    Severity::Error => ("✗", p.error_fg),
                    Severity::Warning => ("!", p.warning_fg),
                    Severity::Info => ("i", p.info_fg),
                };
                Line::from(vec![
                    Span::styled(format!("{mark} "), Style::new().fg(color).add_modifier(Modifier::BOLD)),
                    Span::raw(m.text.clone()),
                ])
            })
            .collect(),
        BottomTab::Log => app
            .log
            .iter()
            .map(|l| {
                let style = match l.kind {
                    LogKind::Info => theme.muted(),
                    LogKind::Command => theme.key(),
                    LogKind::Output => Style::new().fg(p.fg),
                    LogKind::Success => Style::new().fg(p.confirmed_fg),
                    LogKind::Failure => theme.error(),
                };
                Line::from(Span::styled(l.text.clone(), style))
            })
            .collect(),
        BottomTab::Indexes => super::indexes::rows(app),
    }
}
