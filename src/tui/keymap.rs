//! The keymap as data: `keys.toml` (embedded) with `{ on, run, desc }` entries per section,
//! and a user file read first so its bindings win. The help overlay and the status-bar hints
//! are built from it, so they always show the keys actually bound.

use super::action::Action;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;

/// The keymap shipped with schemata.
pub const DEFAULT: &str = include_str!("../../keys.toml");

/// Where a set of bindings applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Section {
    Global,
    Tree,
    Graph,
    Preview,
    Bottom,
    Dialog,
    Form,
    Filter,
}

impl Section {
    /// Every section, in the order the help overlay lists them.
    pub const ALL: [Section; 8] = [
        Section::Global,
        Section::Tree,
        Section::Graph,
        Section::Preview,
        Section::Bottom,
        Section::Dialog,
        Section::Form,
        Section::Filter,
    ];

    /// The heading in the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Section::Global => "Everywhere",
            Section::Tree => "Entity tree",
            Section::Graph => "Relation graph",
            Section::Preview => "Preview",
            Section::Bottom => "Bottom panel",
            Section::Dialog => "Dialogs",
            Section::Form => "Edit forms",
            Section::Filter => "Filter",
        }
    }
}

/// A key with the modifiers that matter (Ctrl, Alt; Shift is in the character itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    /// Reads `n`, `?`, `<Enter>`, `<C-r>`, `<S-Tab>`.
    pub fn parse(spec: &str) -> Result<Self, String> {
        let bad = || format!("{spec:?} is not a key");
        let Some(inner) = spec.strip_prefix('<').and_then(|s| s.strip_suffix('>')) else {
            let mut chars = spec.chars();
            return match (chars.next(), chars.next()) {
                (Some(c), None) => Ok(Key { code: KeyCode::Char(c), ctrl: false, alt: false }),
                _ => Err(bad()),
            };
        };
        let (mut ctrl, mut alt, mut shift) = (false, false, false);
        let mut name = inner;
        while let Some((prefix, rest)) = name.split_once('-').filter(|(p, r)| p.len() == 1 && !r.is_empty()) {
            match prefix {
                "C" => ctrl = true,
                "A" | "M" => alt = true,
                "S" => shift = true,
                _ => return Err(bad()),
            }
            name = rest;
        }
        let code = match name {
            "Enter" => KeyCode::Enter,
            "Esc" => KeyCode::Esc,
            "Tab" if shift => KeyCode::BackTab,
            "Tab" => KeyCode::Tab,
            "BackTab" => KeyCode::BackTab,
            "Space" => KeyCode::Char(' '),
            "Up" => KeyCode::Up,
            "Down" => KeyCode::Down,
            "Left" => KeyCode::Left,
            "Right" => KeyCode::Right,
            "PageUp" => KeyCode::PageUp,
            "PageDown" => KeyCode::PageDown,
            "Home" => KeyCode::Home,
            "End" => KeyCode::End,
            "Backspace" => KeyCode::Backspace,
            "Delete" => KeyCode::Delete,
            single if single.chars().count() == 1 => {
                let c = single.chars().next().ok_or_else(bad)?;
                KeyCode::Char(if shift { c.to_ascii_uppercase() } else { c })
            }
            _ => return Err(bad()),
        };
        Ok(Key { code, ctrl, alt })
    }

    /// The key of a terminal event.
    pub fn of(event: &KeyEvent) -> Self {
        Key {
            code: event.code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("C-")?;
        }
        if self.alt {
            f.write_str("A-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::BackTab => f.write_str("S-Tab"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            other => write!(f, "{other}"),
        }
    }
}

/// One binding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub key: Key,
    pub action: Action,
    pub desc: String,
}

#[derive(Deserialize)]
struct RawBinding {
    on: String,
    run: Action,
    desc: String,
}

/// Bindings per section; within a section the first binding of a key wins.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Keymap {
    pub sections: BTreeMap<Section, Vec<Binding>>,
}

impl Keymap {
    /// The embedded default keymap.
    pub fn default_keys() -> Self {
        Self::parse(DEFAULT).unwrap_or_default()
    }

    /// Reads a keymap file.
    pub fn parse(text: &str) -> Result<Self, String> {
        let raw: BTreeMap<Section, Vec<RawBinding>> = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut sections = BTreeMap::new();
        for (section, entries) in raw {
            let bindings = entries
                .into_iter()
                .map(|b| Ok(Binding { key: Key::parse(&b.on)?, action: b.run, desc: b.desc }))
                .collect::<Result<Vec<_>, String>>()?;
            sections.insert(section, bindings);
        }
        Ok(Keymap { sections })
    }

    /// This keymap with a user's bindings put first in each section, so they win.
    pub fn with_user(mut self, user: Keymap) -> Self {
        for (section, mut bindings) in user.sections {
            let mine = self.sections.remove(&section).unwrap_or_default();
            // A user rebinding an action drops its default keys, so the old key is free again
            // and the help lists only the new one.
            let rebound: Vec<Action> = bindings.iter().map(|b| b.action.clone()).collect();
            bindings.extend(mine.into_iter().filter(|b| !rebound.contains(&b.action)));
            self.sections.insert(section, bindings);
        }
        self
    }

    /// The action bound to `key` in the first of `sections` that binds it.
    pub fn lookup(&self, sections: &[Section], key: Key) -> Option<Action> {
        sections
            .iter()
            .filter_map(|s| self.sections.get(s))
            .find_map(|bindings| bindings.iter().find(|b| b.key == key).map(|b| b.action.clone()))
    }

    /// The bindings of one section.
    pub fn bindings(&self, section: Section) -> &[Binding] {
        self.sections.get(&section).map_or(&[], Vec::as_slice)
    }

    /// The first key bound to `action` in `sections`, for hints ("press c to confirm").
    pub fn key_for(&self, sections: &[Section], action: &Action) -> Option<Key> {
        sections.iter().flat_map(|s| self.bindings(*s)).find(|b| &b.action == action).map(|b| b.key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_keymap_parses_and_binds_the_documented_keys() {
        let keys = Keymap::parse(DEFAULT).expect("keys.toml parses");
        let global = [Section::Global];
        let k = |s: &str| Key::parse(s).expect("key");
        assert_eq!(keys.lookup(&global, k("n")), Some(Action::NextModel));
        assert_eq!(keys.lookup(&global, k("<C-r>")), Some(Action::Redo));
        assert_eq!(keys.lookup(&global, k("P")), Some(Action::TogglePreview));
        assert_eq!(keys.lookup(&[Section::Tree, Section::Global], k("<Space>")), Some(Action::ToggleExpand));
        assert_eq!(keys.lookup(&[Section::Dialog], k("<Esc>")), Some(Action::Cancel));
        assert_eq!(k("<S-Tab>").code, KeyCode::BackTab);
        assert_eq!(k("<C-r>").to_string(), "C-r");
        assert!(Key::parse("<Nope>").is_err());
    }

    #[test]
    fn user_bindings_win_and_free_the_old_key() {
        let user = Keymap::parse("[[global]]\non = \"x\"\nrun = \"confirm\"\ndesc = \"confirm it\"\n").expect("user");
        let keys = Keymap::default_keys().with_user(user);
        let global = [Section::Global];
        assert_eq!(keys.lookup(&global, Key::parse("x").expect("key")), Some(Action::Confirm));
        assert_eq!(keys.lookup(&global, Key::parse("c").expect("key")), None);
        assert_eq!(keys.key_for(&global, &Action::Confirm).map(|k| k.to_string()), Some("x".into()));
    }
}
