//! The status bar: progress ("7/15 confirmed"), open questions, and the keys that work
//! where the keyboard is — taken from the keymap, so hints follow remapped keys.

use super::hint_spans;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::input::sections;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The actions worth a hint on the main screen, in order.
const MAIN_HINTS: &[Action] = &[
    Action::Confirm,
    Action::Skip,
    Action::NextModel,
    Action::PrevModel,
    Action::Edit,
    Action::AddField,
    Action::Undo,
    Action::Write,
    Action::Help,
    Action::Quit,
];

/// The hints for the current context: its own section's bindings, then the main ones.
pub fn hints(app: &App) -> Vec<(String, String)> {
    let sections = sections(app);
    let mut out: Vec<(String, String)> = Vec::new();
    let mut seen: Vec<Action> = Vec::new();
    let mut add = |key: String, action: &Action, desc: &str| {
        if !seen.contains(action) {
            seen.push(action.clone());
            out.push((key, desc.to_string()));
        }
    };
    let own = sections.first().copied();
    if let Some(section) = own.filter(|_| sections.len() == 1 || app.ui.dialog.is_none()) {
        let bindings = app.keymap.bindings(section);
        // Pane sections hint everything they bind; global hints come from the short list.
        if section != crate::tui::keymap::Section::Global {
            for b in bindings {
                add(b.key.to_string(), &b.action, &b.desc);
            }
        }
    }
    if app.ui.dialog.is_none() && app.ui.filter_input.is_none() {
        for action in MAIN_HINTS {
            if let Some(b) = sections.iter().flat_map(|s| app.keymap.bindings(*s)).find(|b| &b.action == action) {
                add(b.key.to_string(), &b.action, &b.desc);
            }
        }
    }
    out
}

/// Draws the status bar.
pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let theme = &app.theme;
    let total = app.schema.models.len();
    let open = app.schema.open_questions().count();
    let mut spans = vec![Span::styled(
        format!(" {}/{total} confirmed ", app.confirmed_count()),
        theme.status().add_modifier(Modifier::BOLD),
    )];
    if open > 0 {
        let s = if open == 1 { "" } else { "s" };
        spans.push(Span::styled(format!("· {open} open question{s} "), theme.status().fg(theme.palette.question_fg)));
    }
    if app.prisma_running {
        spans.push(Span::styled("· prisma running… ", theme.status().fg(theme.palette.info_fg)));
    }
    spans.push(Span::styled("│", theme.status()));
    match &app.ui.flash {
        Some(message) => spans.push(Span::styled(format!(" {message}"), theme.status().fg(theme.palette.warning_fg))),
        None => spans.extend(hint_spans(app, &hints(app)).into_iter().map(|s| {
            let style = theme.status().patch(s.style);
            s.style(style)
        })),
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).style(theme.status()), area);
}
