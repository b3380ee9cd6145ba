//! Themes: flat semantic colour keys from `themes/*.toml`, embedded at build time, which a
//! user file may partly override. Widgets ask the theme for a style; none names a colour.

use ratatui::style::{Color, Modifier, Style};
use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

/// The built-in themes, by name.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("dark", include_str!("../../themes/dark.toml")),
    ("light", include_str!("../../themes/light.toml")),
    ("high-contrast", include_str!("../../themes/high-contrast.toml")),
];

macro_rules! palette {
    ($($key:ident),* $(,)?) => {
        /// Every colour a view may ask for, by its meaning.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct Palette { $(pub $key: Color,)* }

        impl Palette {
            const KEYS: &'static [&'static str] = &[$(stringify!($key)),*];

            fn set(&mut self, key: &str, color: Color) -> bool {
                match key {
                    $(stringify!($key) => self.$key = color,)*
                    _ => return false,
                }
                true
            }

            fn map(self, f: impl Fn(Color) -> Color) -> Self {
                Self { $($key: f(self.$key),)* }
            }
        }

        impl Default for Palette {
            fn default() -> Self {
                Self { $($key: Color::Reset,)* }
            }
        }
    };
}

palette!(
    bg,
    fg,
    muted_fg,
    border_fg,
    border_focused_fg,
    title_fg,
    selection_bg,
    selection_fg,
    dialog_bg,
    status_bg,
    status_fg,
    key_fg,
    pending_fg,
    confirmed_fg,
    skipped_fg,
    question_fg,
    error_fg,
    warning_fg,
    info_fg,
    keyword_fg,
    type_fg,
    attribute_fg,
    string_fg,
    comment_fg,
    added_fg,
    removed_fg,
    node_fg,
    node_focused_fg,
    edge_fg,
    edge_ambiguous_fg,
);

/// A resolved theme: its name, its palette, and whether colour is off (`NO_COLOR`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub name: String,
    pub palette: Palette,
    /// With colour off, emphasis comes from modifiers (reverse, bold) alone.
    pub monochrome: bool,
}

impl Default for Theme {
    fn default() -> Self {
        Self::built_in("dark").unwrap_or_else(|_| Self {
            name: "dark".into(),
            palette: Palette::default(),
            monochrome: false,
        })
    }
}

impl Theme {
    /// One of [`BUILT_IN`] by name.
    pub fn built_in(name: &str) -> Result<Self, String> {
        let text = BUILT_IN
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| *t)
            .ok_or_else(|| format!("no theme {name:?}; built in: {}", names()))?;
        let mut palette = Palette::default();
        apply(&mut palette, text)?;
        Ok(Self { name: name.into(), palette, monochrome: false })
    }

    /// `--theme NAME|FILE`: a built-in name, or a TOML file whose keys override the theme its
    /// `inherits` key names (dark by default).
    pub fn load(spec: &str) -> Result<Self, String> {
        if BUILT_IN.iter().any(|(n, _)| *n == spec) {
            return Self::built_in(spec);
        }
        let path = Path::new(spec);
        let text = std::fs::read_to_string(path).map_err(|e| format!("theme {spec}: {e}"))?;
        let mut theme = Self::built_in(inherits(&text)?.as_deref().unwrap_or("dark"))?;
        apply(&mut theme.palette, &text).map_err(|e| format!("{spec}: {e}"))?;
        theme.name = path.file_stem().map_or_else(|| spec.to_string(), |s| s.to_string_lossy().into_owned());
        Ok(theme)
    }

    /// Applies a partial override (the user's `theme.toml`) on top of this theme.
    pub fn with_overrides(mut self, text: &str) -> Result<Self, String> {
        apply(&mut self.palette, text)?;
        Ok(self)
    }

    /// The same theme with every colour removed, as `NO_COLOR` asks.
    pub fn without_color(self) -> Self {
        Self { palette: self.palette.map(|_| Color::Reset), monochrome: true, ..self }
    }

    /// Plain text.
    pub fn text(&self) -> Style {
        Style::new().fg(self.palette.fg).bg(self.palette.bg)
    }

    /// Foreground only, on whatever background is under it.
    pub fn fg(&self, color: Color) -> Style {
        Style::new().fg(color)
    }

    /// The selected row of a list or tree.
    pub fn selection(&self) -> Style {
        let style = Style::new().fg(self.palette.selection_fg).bg(self.palette.selection_bg);
        if self.monochrome { style.add_modifier(Modifier::REVERSED) } else { style.add_modifier(Modifier::BOLD) }
    }

    /// A pane border, brighter when the pane has focus.
    pub fn border(&self, focused: bool) -> Style {
        let color = if focused { self.palette.border_focused_fg } else { self.palette.border_fg };
        let style = Style::new().fg(color);
        if focused && self.monochrome { style.add_modifier(Modifier::BOLD) } else { style }
    }

    /// A pane or dialog title.
    pub fn title(&self) -> Style {
        Style::new().fg(self.palette.title_fg).add_modifier(Modifier::BOLD)
    }

    /// Secondary text: provenance, hints.
    pub fn muted(&self) -> Style {
        Style::new().fg(self.palette.muted_fg)
    }

    /// A key name in hints and help.
    pub fn key(&self) -> Style {
        Style::new().fg(self.palette.key_fg).add_modifier(Modifier::BOLD)
    }

    /// The status bar.
    pub fn status(&self) -> Style {
        let style = Style::new().fg(self.palette.status_fg).bg(self.palette.status_bg);
        if self.monochrome { style.add_modifier(Modifier::REVERSED) } else { style }
    }

    /// A dialog's body.
    pub fn dialog(&self) -> Style {
        Style::new().fg(self.palette.fg).bg(self.palette.dialog_bg)
    }

    /// Something wrong.
    pub fn error(&self) -> Style {
        Style::new().fg(self.palette.error_fg).add_modifier(Modifier::BOLD)
    }
}

/// The names of the built-in themes, for messages.
pub fn names() -> String {
    BUILT_IN.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
}

fn inherits(text: &str) -> Result<Option<String>, String> {
    let table: BTreeMap<String, toml::Value> = toml::from_str(text).map_err(|e| e.to_string())?;
    Ok(table.get("inherits").and_then(|v| v.as_str()).map(str::to_string))
}

/// Sets each `key = "colour"` of `text` in `palette`; an unknown key or colour is an error
/// (a typo in a theme should say so, not silently do nothing).
fn apply(palette: &mut Palette, text: &str) -> Result<(), String> {
    let table: BTreeMap<String, toml::Value> = toml::from_str(text).map_err(|e| e.to_string())?;
    for (key, value) in table {
        if key == "inherits" {
            continue;
        }
        let Some(spec) = value.as_str() else { return Err(format!("{key}: a colour is a string")) };
        let color = Color::from_str(spec).map_err(|_| format!("{key}: {spec:?} is not a colour"))?;
        if !palette.set(&key, color) {
            return Err(format!("unknown theme key {key}; known: {}", Palette::KEYS.join(", ")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_ins_set_every_key() {
        for (name, text) in BUILT_IN {
            let table: BTreeMap<String, toml::Value> = toml::from_str(text).expect("valid toml");
            for key in Palette::KEYS {
                assert!(table.contains_key(*key), "{name} lacks {key}");
            }
            assert!(Theme::built_in(name).is_ok());
        }
    }

    #[test]
    fn overrides_are_partial_and_checked() {
        let base = Theme::built_in("light").expect("light");
        let theme = base.clone().with_overrides("error_fg = \"red\"").expect("override");
        assert_eq!(theme.palette.error_fg, Color::Red);
        assert_eq!(theme.palette.fg, base.palette.fg);
        assert!(base.clone().with_overrides("eror_fg = \"red\"").is_err());
        assert!(base.with_overrides("error_fg = \"nope\"").is_err());
    }

    #[test]
    fn no_color_keeps_emphasis_by_modifiers() {
        let theme = Theme::default().without_color();
        assert_eq!(theme.palette.selection_bg, Color::Reset);
        assert!(theme.selection().add_modifier.contains(Modifier::REVERSED));
    }
}
