//! The relation graph pane: draws a [`Layout`](crate::tui::graph::Layout) of boxes and
//! edges into the buffer, scrolled so the selected model is in view.

use super::pane;
use crate::tui::app::{App, Focus};
use crate::tui::graph::{GraphMode, Layout};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use std::collections::HashMap;

const UP: u8 = 1;
const DOWN: u8 = 2;
const LEFT: u8 = 4;
const RIGHT: u8 = 8;

/// The layout cell at the pane's top-left: centred on the selected model, then panned.
pub fn origin(app: &App) -> (i32, i32) {
    let inner = app.ui.areas.graph.inner(ratatui::layout::Margin::new(1, 1));
    origin_in(
        &app.graph,
        inner,
        app.selected_model().and_then(|m| app.graph.node(m)).map(|n| (n.x + n.w / 2, n.y + n.h / 2)),
        app.ui.graph_pan,
    )
}

fn origin_in(layout: &Layout, inner: Rect, focus: Option<(u16, u16)>, pan: (i32, i32)) -> (i32, i32) {
    let (w, h) = (inner.width as i32, inner.height as i32);
    let (fx, fy) = focus.map_or((0, 0), |(x, y)| (x as i32 - w / 2, y as i32 - h / 2));
    let clamp = |v: i32, size: i32, view: i32| v.clamp(0, (size - view).max(0));
    (clamp(fx + pan.0, layout.width as i32, w), clamp(fy + pan.1, layout.height as i32, h))
}

/// Draws the graph pane.
pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let title = match app.ui.graph_mode {
        GraphMode::Neighbours => " Relations · neighbours ",
        GraphMode::Whole => " Relations · whole schema ",
    };
    let block = pane(app, title, Focus::Graph);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if app.graph.nodes.is_empty() {
        return;
    }
    let focus = app.selected_model().and_then(|m| app.graph.node(m)).map(|n| (n.x + n.w / 2, n.y + n.h / 2));
    let origin = origin_in(&app.graph, inner, focus, app.ui.graph_pan);
    render(frame.buffer_mut(), inner, &app.graph, origin, app);
}

/// Draws `layout` into `area` with layout cell `origin` at the top-left.
pub fn render(buf: &mut Buffer, area: Rect, layout: &Layout, origin: (i32, i32), app: &App) {
    let p = &app.theme.palette;
    let to_screen = |x: u16, y: u16| -> Option<(u16, u16)> {
        let (sx, sy) = (x as i32 - origin.0, y as i32 - origin.1);
        (sx >= 0 && sy >= 0 && sx < area.width as i32 && sy < area.height as i32)
            .then(|| (area.x + sx as u16, area.y + sy as u16))
    };
    // Lines first, merged per cell so crossings and corners get the right glyph.
    let mut cells: HashMap<(u16, u16), (u8, bool)> = HashMap::new();
    for edge in &layout.edges {
        for pair in edge.points.windows(2) {
            let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
            if x0 == x1 {
                let (lo, hi) = (y0.min(y1), y0.max(y1));
                for y in lo..=hi {
                    let e = cells.entry((x0, y)).or_default();
                    e.0 |= if y > lo { UP } else { 0 } | if y < hi { DOWN } else { 0 };
                    e.1 |= edge.ambiguous;
                }
            } else {
                let (lo, hi) = (x0.min(x1), x0.max(x1));
                for x in lo..=hi {
                    let e = cells.entry((x, y0)).or_default();
                    e.0 |= if x > lo { LEFT } else { 0 } | if x < hi { RIGHT } else { 0 };
                    e.1 |= edge.ambiguous;
                }
            }
        }
    }
    for (&(x, y), &(dirs, ambiguous)) in &cells {
        if let Some(pos) = to_screen(x, y) {
            let style = Style::new().fg(if ambiguous { p.edge_ambiguous_fg } else { p.edge_fg });
            buf[pos].set_symbol(glyph(dirs)).set_style(style);
        }
    }
    for edge in &layout.edges {
        let style = if edge.ambiguous {
            Style::new().fg(p.edge_ambiguous_fg).add_modifier(Modifier::BOLD)
        } else {
            Style::new().fg(p.edge_fg)
        };
        let before_last = edge.points.len().wrapping_sub(2);
        if let (Some(&(x, y)), Some(&(_, prev_y))) = (edge.points.last(), edge.points.get(before_last))
            && let Some(pos) = to_screen(x, y)
        {
            buf[pos].set_symbol(if prev_y > y { "▲" } else { "▼" }).set_style(style);
        }
        for (i, ch) in edge.label.chars().enumerate() {
            if let Some(pos) = to_screen(edge.label_at.0 + i as u16, edge.label_at.1) {
                buf[pos].set_char(ch).set_style(style);
            }
        }
    }
    for node in &layout.nodes {
        let style = if node.focus {
            Style::new().fg(p.node_focused_fg).add_modifier(Modifier::BOLD)
        } else {
            Style::new().fg(p.node_fg)
        };
        let (tl, tr, bl, br, hz, vt) = if node.focus {
            ("╔", "╗", "╚", "╝", "═", "║")
        } else {
            ("┌", "┐", "└", "┘", "─", "│")
        };
        for dy in 0..node.h {
            for dx in 0..node.w {
                let last_x = dx + 1 == node.w;
                let last_y = dy + 1 == node.h;
                let symbol = match (dx, dy) {
                    (0, 0) => tl,
                    (_, 0) if last_x => tr,
                    (0, _) if last_y => bl,
                    (_, _) if last_x && last_y => br,
                    (_, 0) => hz,
                    (_, _) if last_y => hz,
                    (0, _) => vt,
                    (_, _) if last_x => vt,
                    _ => " ",
                };
                if let Some(pos) = to_screen(node.x + dx, node.y + dy) {
                    buf[pos].set_symbol(symbol).set_style(style);
                }
            }
        }
        for (i, ch) in node.label.chars().enumerate() {
            if let Some(pos) = to_screen(node.x + 2 + i as u16, node.y + 1) {
                buf[pos].set_char(ch).set_style(style);
            }
        }
    }
}

/// The box-drawing glyph joining the given directions.
fn glyph(dirs: u8) -> &'static str {
    match dirs {
        d if d == UP | DOWN || d == UP || d == DOWN => "│",
        d if d == LEFT | RIGHT || d == LEFT || d == RIGHT => "─",
        d if d == DOWN | RIGHT => "┌",
        d if d == DOWN | LEFT => "┐",
        d if d == UP | RIGHT => "└",
        d if d == UP | LEFT => "┘",
        d if d == UP | DOWN | RIGHT => "├",
        d if d == UP | DOWN | LEFT => "┤",
        d if d == LEFT | RIGHT | DOWN => "┬",
        d if d == LEFT | RIGHT | UP => "┴",
        0 => "·",
        _ => "┼",
    }
}
