//! The live preview pane: the selected model's Prisma text (or the whole file) exactly as
//! it will be written, highlighted. With a base schema it shows the change instead: the
//! base's block against the merged one, as a diff.

use super::{dialogs, highlight, pane, sql};
use crate::tui::app::{App, Focus};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// Draws the preview with its scroll.
pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App) {
    if let Some(diff) = &app.preview_diff {
        let name = app.ui.tree.selected_row().map(|r| r.label.clone()).unwrap_or_default();
        let title =
            if app.ui.preview_whole { " Change · merged schema ".to_string() } else { format!(" Change · {name} ") };
        let (top, left) = app.ui.preview_scroll;
        let lines: Vec<Line<'static>> =
            diff.iter().skip(top as usize).take(area.height as usize).map(|l| dialogs::diff_line(app, l)).collect();
        frame.render_widget(Paragraph::new(lines).block(pane(app, title, Focus::Preview)).scroll((0, left)), area);
        return;
    }
    let title = match (app.ui.preview_sql, app.ui.preview_whole, app.selected_model()) {
        (false, true, _) => " Preview · schema.prisma ".to_string(),
        (false, false, Some(id)) => format!(" Preview · {} ", app.schema[id].name),
        (true, true, _) => " Migration preview · SQL ".to_string(),
        (true, false, Some(id)) => format!(" Migration preview · {} · SQL ", app.schema[id].name),
        (_, false, None) => " Preview ".to_string(),
    };
    let block = pane(app, title, Focus::Preview);
    let (top, left) = app.ui.preview_scroll;
    // Only the visible lines are highlighted: the whole file of a large schema is long.
    let height = area.height as usize;
    let style = |l: &str| if app.ui.preview_sql { sql::line(&app.theme, l) } else { highlight::line(&app.theme, l) };
    let lines: Vec<Line<'static>> = app.preview.lines().skip(top as usize).take(height).map(style).collect();
    frame.render_widget(Paragraph::new(lines).block(block).scroll((0, left)), area);
}
