//! The help overlay: every binding of the keymap by section, from the same data that
//! dispatches keys, so it lists remapped keys as they are.

use super::centered;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::Section;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

/// The help text of some sections: a heading per section, then `keys  desc` per action.
pub fn lines(app: &App, sections: &[Section]) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for &section in sections {
        let bindings = app.keymap.bindings(section);
        if bindings.is_empty() {
            continue;
        }
        out.push(Line::from(Span::styled(section.title().to_string(), app.theme.title())));
        let mut grouped: Vec<(Action, String, Vec<String>)> = Vec::new();
        for b in bindings {
            match grouped.iter_mut().find(|(a, d, _)| *a == b.action && *d == b.desc) {
                Some((_, _, keys)) => keys.push(b.key.to_string()),
                None => grouped.push((b.action.clone(), b.desc.clone(), vec![b.key.to_string()])),
            }
        }
        for (_, desc, keys) in grouped {
            out.push(Line::from(vec![
                Span::styled(format!("  {:<14}", keys.join(" / ")), app.theme.key()),
                Span::raw(desc),
            ]));
        }
        out.push(Line::raw(""));
    }
    out
}

/// Draws the overlay.
pub fn draw(frame: &mut Frame<'_>, app: &App, scroll: u16) {
    let area = centered(frame.area(), 104, frame.area().height.saturating_sub(4));
    frame.render_widget(Clear, area);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(app.theme.border(true))
        .title(Line::styled(" Keys — ? or Esc to close ", app.theme.title()))
        .title_bottom(Line::styled(
            " · pending  ✓ confirmed  – skipped  ? open question  ! validation error ",
            app.theme.muted(),
        ))
        .style(app.theme.dialog());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // Two columns: what works everywhere, and what works in panes, dialogs and forms.
    let [left, right] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(inner);
    let (global, rest) = Section::ALL.split_at(1);
    frame.render_widget(Paragraph::new(lines(app, global)).scroll((scroll, 0)), left);
    frame.render_widget(Paragraph::new(lines(app, rest)).scroll((scroll, 0)), right);
}
