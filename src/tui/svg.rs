//! A ratatui [`Buffer`] as an SVG picture, for the screenshots in `screenshots/`: one
//! background rectangle per run of same-coloured cells and one `<text>` per run of
//! same-styled characters, in the theme's colours (`Reset` becomes the theme's fg/bg).

use super::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use std::fmt::Write as _;

const CELL_W: f32 = 8.4;
const CELL_H: f32 = 17.0;

/// Renders `buffer` as a standalone SVG document.
pub fn render(buffer: &Buffer, theme: &Theme) -> String {
    let area = buffer.area;
    let (width, height) = (area.width as f32 * CELL_W, area.height as f32 * CELL_H);
    let default_bg = hex(theme.palette.bg, "#1e2127");
    let default_fg = hex(theme.palette.fg, "#c8ccd4");
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" \
         font-family=\"'DejaVu Sans Mono', 'Menlo', 'Consolas', monospace\" font-size=\"14\">"
    );
    let _ = writeln!(out, "<rect width=\"100%\" height=\"100%\" fill=\"{default_bg}\"/>");
    for y in 0..area.height {
        // Backgrounds, merged into runs.
        let mut x = 0;
        while x < area.width {
            let cell = &buffer[(area.x + x, area.y + y)];
            let (_, bg) = colors(cell.fg, cell.bg, cell.modifier, &default_fg, &default_bg);
            let start = x;
            while x < area.width {
                let c = &buffer[(area.x + x, area.y + y)];
                if colors(c.fg, c.bg, c.modifier, &default_fg, &default_bg).1 != bg {
                    break;
                }
                x += 1;
            }
            if bg != default_bg {
                let _ = writeln!(
                    out,
                    "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{CELL_H}\" fill=\"{bg}\"/>",
                    start as f32 * CELL_W,
                    y as f32 * CELL_H,
                    (x - start) as f32 * CELL_W
                );
            }
        }
        // Text, one element per run of cells with the same style; each glyph is placed by
        // its own x so wide fonts cannot drift off the grid.
        let mut x = 0;
        while x < area.width {
            let cell = &buffer[(area.x + x, area.y + y)];
            let style = (colors(cell.fg, cell.bg, cell.modifier, &default_fg, &default_bg).0, cell.modifier);
            let mut text = String::new();
            let mut xs = Vec::new();
            while x < area.width {
                let c = &buffer[(area.x + x, area.y + y)];
                if (colors(c.fg, c.bg, c.modifier, &default_fg, &default_bg).0, c.modifier) != style {
                    break;
                }
                text.push_str(c.symbol());
                xs.push(format!("{:.1}", x as f32 * CELL_W));
                x += 1;
            }
            if text.trim().is_empty() {
                continue;
            }
            let weight = if style.1.contains(Modifier::BOLD) { " font-weight=\"bold\"" } else { "" };
            let _ = writeln!(
                out,
                "<text x=\"{}\" y=\"{:.1}\" fill=\"{}\"{weight} xml:space=\"preserve\">{}</text>",
                xs.join(" "),
                y as f32 * CELL_H + CELL_H * 0.78,
                style.0,
                escape(&text)
            );
        }
    }
    out.push_str("</svg>\n");
    out
}

/// The (fg, bg) hex colours of a cell, with reverse video applied.
fn colors(fg: Color, bg: Color, modifier: Modifier, default_fg: &str, default_bg: &str) -> (String, String) {
    let (fg, bg) = (hex(fg, default_fg), hex(bg, default_bg));
    if modifier.contains(Modifier::REVERSED) { (bg, fg) } else { (fg, bg) }
}

fn hex(color: Color, default: &str) -> String {
    let rgb = match color {
        Color::Reset => return default.to_string(),
        Color::Rgb(r, g, b) => (r, g, b),
        Color::Black => (0, 0, 0),
        Color::Red => (205, 49, 49),
        Color::Green => (13, 188, 121),
        Color::Yellow => (229, 229, 16),
        Color::Blue => (36, 114, 200),
        Color::Magenta => (188, 63, 188),
        Color::Cyan => (17, 168, 205),
        Color::Gray => (204, 204, 204),
        Color::DarkGray => (118, 118, 118),
        Color::LightRed => (241, 76, 76),
        Color::LightGreen => (35, 209, 139),
        Color::LightYellow => (245, 245, 67),
        Color::LightBlue => (59, 142, 234),
        Color::LightMagenta => (214, 112, 214),
        Color::LightCyan => (41, 184, 219),
        Color::White => (242, 242, 242),
        Color::Indexed(i) => (i, i, i),
    };
    format!("#{:02x}{:02x}{:02x}", rgb.0, rgb.1, rgb.2)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    #[test]
    fn cells_become_rects_and_text_in_theme_colours() {
        let theme = Theme::default();
        let mut buf = Buffer::empty(Rect::new(0, 0, 6, 1));
        buf.set_string(0, 0, "a<b", Style::new().fg(Color::Rgb(255, 0, 0)).bg(Color::Rgb(0, 0, 255)));
        let svg = render(&buf, &theme);
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("fill=\"#0000ff\""), "{svg}");
        assert!(svg.contains(">a&lt;b</text>"), "{svg}");
        assert!(svg.contains("fill=\"#ff0000\""));
    }
}
