//! Drawing: one function or widget per pane. Views borrow the app and change nothing;
//! everything they need (preview text, graph layout, pane areas) is already in the state.

pub mod bottom;
pub mod dialogs;
pub mod graph;
pub mod help;
pub mod highlight;
pub mod indexes;
pub mod preview;
pub mod sql;
pub mod status;
pub mod tree;

use super::app::{App, Areas, Focus};
use super::dialog::Dialog;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType};

/// Draws the whole screen.
pub fn draw(frame: &mut Frame<'_>, app: &App) {
    let areas = Areas::new(frame.area());
    let full = frame.area();
    frame.buffer_mut().set_style(full, app.theme.text());
    tree::draw(frame, areas.tree, app);
    graph::draw(frame, areas.graph, app);
    preview::draw(frame, areas.preview, app);
    bottom::draw(frame, areas.bottom, app);
    status::draw(frame, areas.status, app);
    match &app.ui.dialog {
        Some(Dialog::Help { scroll }) => help::draw(frame, app, *scroll),
        Some(Dialog::Question(q)) => dialogs::question(frame, app, q),
        Some(Dialog::Form(f)) => dialogs::form(frame, app, f),
        Some(Dialog::Confirm { prompt, .. }) => dialogs::confirm(frame, app, prompt),
        Some(Dialog::Write(plan)) => dialogs::write(frame, app, plan),
        None => {}
    }
}

/// A pane's frame: rounded border, brighter when focused, title in the theme's title style.
pub fn pane<'a>(app: &App, title: impl Into<Line<'a>>, focus: Focus) -> Block<'a> {
    let focused = app.ui.focus == focus && app.ui.dialog.is_none();
    Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(app.theme.border(focused))
        .title(title.into().style(app.theme.title()))
}

/// A rectangle of `width`×`height` centred in `area`, clamped to it.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let (w, h) = (width.min(area.width), height.min(area.height));
    Rect::new(area.x + (area.width - w) / 2, area.y + (area.height - h) / 2, w, h)
}

/// `key desc` pairs as spans, for hints.
pub fn hint_spans(app: &App, hints: &[(String, String)]) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    for (key, desc) in hints {
        spans.push(Span::styled(format!(" {key}"), app.theme.key()));
        spans.push(Span::styled(format!(" {desc} "), Style::new()));
    }
    spans
}
