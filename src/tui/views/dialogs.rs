//! Dialog views: a question with its options and the effect of the highlighted one, edit
//! forms with inline validation, a yes/no confirmation, and the write summary with diffs.

use super::{centered, highlight, hint_spans, status};
use crate::tui::app::App;
use crate::tui::dialog::{DiffLine, DiffTag, QuestionDialog};
use crate::tui::form::{Form, InputValue};
use crate::tui::writer::{FileState, WritePlan};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};

fn dialog_block<'a>(app: &App, title: String) -> Block<'a> {
    Block::bordered()
        .border_type(BorderType::Double)
        .border_style(app.theme.border(true))
        .title(Line::styled(format!(" {title} "), app.theme.title()))
        .title_bottom(Line::from(hint_spans(app, &status::hints(app))))
        .style(app.theme.dialog())
}

fn open(frame: &mut Frame<'_>, app: &App, width: u16, height: u16, title: String) -> Rect {
    let area = centered(frame.area(), width, height);
    frame.render_widget(Clear, area);
    let block = dialog_block(app, title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// A diff line styled by its tag, Prisma text highlighted when unchanged.
pub(super) fn diff_line(app: &App, line: &DiffLine) -> Line<'static> {
    let p = &app.theme.palette;
    match line.tag {
        DiffTag::Same => {
            let mut l = highlight::line(&app.theme, &line.text);
            l.spans.insert(0, Span::raw("  "));
            l
        }
        DiffTag::Added => {
            Line::styled(format!("+ {}", line.text), Style::new().fg(p.added_fg).add_modifier(Modifier::BOLD))
        }
        DiffTag::Removed => Line::styled(format!("- {}", line.text), Style::new().fg(p.removed_fg)),
        DiffTag::Header => Line::styled(line.text.clone(), Style::new().fg(p.info_fg)),
    }
}

/// The question dialog.
pub fn question(frame: &mut Frame<'_>, app: &App, d: &QuestionDialog) {
    let area = frame.area();
    let inner = open(
        frame,
        app,
        area.width.saturating_sub(8).min(110),
        area.height.saturating_sub(4),
        format!("Question · {}", d.question.kind),
    );
    let q = &d.question;
    let mut head = vec![Line::from(Span::styled(q.prompt.clone(), Style::new().add_modifier(Modifier::BOLD)))];
    if let Some(at) = q.provenance.first() {
        head.push(Line::styled(format!("stated at {at}"), app.theme.muted()));
    }
    head.push(Line::raw(""));
    for (i, option) in q.options.iter().enumerate() {
        let marker = if i == d.highlighted { "▶ " } else { "  " };
        let mut spans = vec![Span::raw(marker), Span::raw(format!("{}) {}", (b'a' + i as u8) as char, option.label))];
        if i == q.suggested {
            spans.push(Span::styled("  (suggested)", Style::new().fg(app.theme.palette.info_fg)));
        }
        if q.answer == Some(i) {
            spans.push(Span::styled("  (your answer)", Style::new().fg(app.theme.palette.confirmed_fg)));
        }
        let line = Line::from(spans);
        head.push(if i == d.highlighted { line.patch_style(app.theme.selection()) } else { line });
    }
    let head_height = head.len() as u16 + 1;
    let [top, bottom] = Layout::vertical([Constraint::Length(head_height), Constraint::Min(1)]).areas(inner);
    frame.render_widget(Paragraph::new(head).wrap(Wrap { trim: false }), top);
    let changed = d.preview.iter().any(|l| l.tag != DiffTag::Same);
    let title = if changed { " With this option " } else { " With this option (no change to the preview) " };
    let block = Block::bordered().border_style(app.theme.border(false)).title(Line::styled(title, app.theme.title()));
    let lines: Vec<Line<'static>> = d.preview.iter().map(|l| diff_line(app, l)).collect();
    frame.render_widget(Paragraph::new(lines).block(block), bottom);
}

/// An edit form: one row per input, its error underneath.
pub fn form(frame: &mut Frame<'_>, app: &App, form: &Form) {
    let rows: u16 = form.inputs.iter().map(|i| if i.error.is_some() { 2 } else { 1 }).sum();
    let inner = open(frame, app, 100, rows + 4, form.title.clone());
    let mut y = inner.y + 1;
    for (i, input) in form.inputs.iter().enumerate() {
        let focused = i == form.focused;
        let label_style = if focused { app.theme.key() } else { app.theme.muted() };
        let row = Rect::new(inner.x + 1, y, inner.width.saturating_sub(2), 1);
        let [label, value] = Layout::horizontal([Constraint::Length(11), Constraint::Min(1)]).areas(row);
        frame.render_widget(Paragraph::new(Span::styled(format!("{:>9} ", input.label), label_style)), label);
        match &input.value {
            InputValue::Text(area) => {
                let mut area = (**area).clone();
                area.set_cursor_line_style(Style::new());
                let cursor = if focused { Style::new().add_modifier(Modifier::REVERSED) } else { Style::new() };
                area.set_cursor_style(cursor);
                area.set_style(if focused { app.theme.selection() } else { app.theme.dialog() });
                frame.render_widget(&area, value);
            }
            InputValue::Toggle(on) => {
                let text = if *on { "[x] yes" } else { "[ ] no" };
                let style = if focused { app.theme.selection() } else { app.theme.dialog() };
                frame.render_widget(Paragraph::new(Span::styled(text, style)), value);
            }
        }
        y += 1;
        if let Some(error) = &input.error {
            let row = Rect::new(inner.x + 12, y, inner.width.saturating_sub(13), 1);
            frame.render_widget(Paragraph::new(Span::styled(format!("✗ {error}"), app.theme.error())), row);
            y += 1;
        }
    }
}

/// A yes/no confirmation.
pub fn confirm(frame: &mut Frame<'_>, app: &App, prompt: &str) {
    let inner = open(frame, app, 60, 6, "Confirm".into());
    let lines = vec![
        Line::raw(""),
        Line::from(Span::styled(prompt.to_string(), Style::new().add_modifier(Modifier::BOLD))).centered(),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
}

/// The write summary: files with their state and diff, what is left out, and why.
pub fn write(frame: &mut Frame<'_>, app: &App, plan: &WritePlan) {
    let area = frame.area();
    let inner = open(frame, app, area.width.saturating_sub(8).min(110), area.height.saturating_sub(4), "Write".into());
    let p = &app.theme.palette;
    let what = if plan.merge {
        "accepted change(s) will be merged into the base schema"
    } else {
        "confirmed model(s) will be written"
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{} {what}", plan.included.len()), Style::new().add_modifier(Modifier::BOLD)),
        Span::styled(format!(" ({})", plan.included.join(", ")), app.theme.muted()),
    ])];
    if !plan.left_out.is_empty() {
        let names: Vec<String> =
            plan.left_out.iter().map(|(n, s)| format!("{n} ({})", format!("{s:?}").to_lowercase())).collect();
        lines.push(Line::styled(format!("left out: {}", names.join(", ")), Style::new().fg(p.warning_fg)));
    }
    lines.extend(plan.notes.iter().map(|n| Line::styled(format!("note: {n}"), Style::new().fg(p.warning_fg))));
    lines.extend(plan.refused.iter().map(|n| Line::styled(format!("gate: {n}"), Style::new().fg(p.error_fg))));
    if !plan.refused.is_empty() {
        lines.push(Line::styled("The gate fails: nothing can be written.", Style::new().fg(p.error_fg)));
    }
    lines.push(Line::raw(""));
    for file in &plan.files {
        let (state, color) = match file.state {
            FileState::New => ("new file", p.added_fg),
            FileState::Changed => ("updated (the current version is schemata's own)", p.warning_fg),
            FileState::Theirs => ("CHANGED BY YOU: writing replaces it; yours is kept as .bak", p.error_fg),
            FileState::Base => ("base schema: the merge replaces it; the current one is kept as .bak", p.warning_fg),
            FileState::Unchanged => ("unchanged", p.muted_fg),
            FileState::Kept => ("exists: kept as it is", p.muted_fg),
        };
        lines.push(Line::from(vec![
            Span::styled(file.planned.path.display().to_string(), Style::new().add_modifier(Modifier::BOLD)),
            Span::styled(format!("  {state}"), Style::new().fg(color)),
        ]));
        lines.extend(file.diff.iter().map(|l| diff_line(app, l)));
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled("Then: prisma validate, prisma generate (output in the Log tab).", app.theme.muted()));
    frame.render_widget(Paragraph::new(lines).scroll((plan.scroll, 0)), inner);
}
