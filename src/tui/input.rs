//! Terminal events → actions, through the keymap. Which section of the keymap applies
//! depends on what has the keyboard: a form, a dialog, the filter input, or a pane.

use super::action::Action;
use super::app::{App, Focus};
use super::dialog::Dialog;
use super::keymap::{Key, Section};
use crossterm::event::{Event, KeyEvent, KeyEventKind, MouseButton, MouseEventKind};
use tui_textarea::Input;

/// The action for a terminal event, if any.
pub fn map_event(app: &App, event: Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => map_key(app, key),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(m.column, m.row)),
            MouseEventKind::ScrollDown => Some(Action::Scroll(m.column, m.row, true)),
            MouseEventKind::ScrollUp => Some(Action::Scroll(m.column, m.row, false)),
            _ => None,
        },
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        _ => None,
    }
}

/// The keymap sections in force, most specific first.
pub fn sections(app: &App) -> Vec<Section> {
    match &app.ui.dialog {
        Some(Dialog::Form(_)) => vec![Section::Form],
        Some(_) => vec![Section::Dialog],
        None if app.ui.filter_input.is_some() => vec![Section::Filter],
        None => vec![pane_section(app.ui.focus), Section::Global],
    }
}

/// The keymap section of a pane.
pub fn pane_section(focus: Focus) -> Section {
    match focus {
        Focus::Tree => Section::Tree,
        Focus::Graph => Section::Graph,
        Focus::Preview => Section::Preview,
        Focus::Bottom => Section::Bottom,
    }
}

/// The action for a key; in text inputs an unbound key is typed.
pub fn map_key(app: &App, key: KeyEvent) -> Option<Action> {
    let k = Key::of(&key);
    let sections = sections(app);
    let bound = app.keymap.lookup(&sections, k);
    let typing =
        matches!(app.ui.dialog, Some(Dialog::Form(_))) || (app.ui.dialog.is_none() && app.ui.filter_input.is_some());
    match bound {
        Some(action) => Some(action),
        None if typing => Some(Action::Text(Input::from(key))),
        // `?` closes the help it opened, whatever the dialog keys say.
        None if matches!(app.ui.dialog, Some(Dialog::Help { .. })) => {
            app.keymap.lookup(&[Section::Global], k).filter(|a| *a == Action::Help)
        }
        None => None,
    }
}
