//! `update(&mut App, Action) -> Option<Action>`: every change to the review goes through
//! here, as plain code that tests drive without a terminal. The returned action, if any,
//! is fed back in at once (a confirm that first needs a question answered, for instance).

mod dialogs;

use super::action::Action;
use super::app::{App, Areas, BottomTab, Focus, LogKind, LogLine};
use super::dialog::{Dialog, PreviewInputs, QuestionDialog};
use super::form::{self, Form};
use super::graph::GraphMode;
use super::tree::{Node, model_of};
use super::writer::WritePlan;
use crate::model::ModelId;
use crate::session::ModelStatus;
use ratatui::layout::Rect;

/// Applies one action to the app.
pub fn update(app: &mut App, action: Action) -> Option<Action> {
    match action {
        Action::Resize(w, h) => {
            app.ui.areas = Areas::new(Rect::new(0, 0, w, h));
            app.ui.tree.scroll_into_view(tree_height(app));
            return None;
        }
        Action::PrismaLine(step, line) => {
            dialogs::prisma_line(app, step, &line);
            return None;
        }
        Action::PrismaDone(step, ok, why) => {
            dialogs::prisma_done(app, step, ok, why);
            return None;
        }
        Action::MigrateLine(level, line) => {
            dialogs::migrate_line(app, level, line);
            return None;
        }
        Action::MigrateDone(ok) => {
            dialogs::migrate_done(app, ok);
            return None;
        }
        _ => app.ui.flash = None,
    }
    if app.ui.dialog.is_some() {
        return dialogs::update(app, action);
    }
    if app.ui.filter_input.is_some() {
        return dialogs::filter(app, action);
    }
    main(app, action)
}

fn main(app: &mut App, action: Action) -> Option<Action> {
    match action {
        Action::Quit => app.quit = true,
        Action::FocusNext | Action::FocusPrev => {
            let i = Focus::ORDER.iter().position(|f| *f == app.ui.focus).unwrap_or(0);
            let step = if action == Action::FocusNext { 1 } else { Focus::ORDER.len() - 1 };
            app.ui.focus = Focus::ORDER[(i + step) % Focus::ORDER.len()];
        }
        Action::Up => move_in_pane(app, -1),
        Action::Down => move_in_pane(app, 1),
        Action::PageUp => move_in_pane(app, -page(app)),
        Action::PageDown => move_in_pane(app, page(app)),
        Action::Top => move_in_pane(app, isize::MIN / 2),
        Action::Bottom => move_in_pane(app, isize::MAX / 2),
        Action::Left | Action::Right => {
            let dir: i32 = if action == Action::Left { -1 } else { 1 };
            match app.ui.focus {
                Focus::Tree => {
                    if app.ui.tree.set_expanded(Some(dir > 0), &app.schema) {
                        app.refresh();
                    } else {
                        app.refresh_view();
                    }
                }
                Focus::Graph => app.ui.graph_pan.0 += dir * 4,
                Focus::Preview => {
                    app.ui.preview_scroll.1 = app.ui.preview_scroll.1.saturating_add_signed(dir as i16 * 4)
                }
                Focus::Bottom => switch_tab(app, dir as isize),
            }
        }
        Action::ToggleExpand => {
            if app.ui.tree.set_expanded(None, &app.schema) {
                app.refresh();
            }
        }
        Action::Activate => return activate(app),
        Action::NextModel => step_model(app, 1),
        Action::PrevModel => step_model(app, -1),
        Action::Confirm => return confirm(app),
        Action::Skip => {
            let id = app.selected_model()?;
            let name = app.schema[id].name.clone();
            app.commit(|w| {
                w.status.insert(name, ModelStatus::Skipped);
            });
            step_model(app, 1);
        }
        Action::Undo | Action::Redo => {
            let (from, to) =
                if action == Action::Undo { (&mut app.undo, &mut app.redo) } else { (&mut app.redo, &mut app.undo) };
            match from.pop() {
                Some(work) => {
                    to.push(app.work.clone());
                    app.restore(work);
                }
                None => {
                    app.ui.flash = Some(format!("nothing to {}", if action == Action::Undo { "undo" } else { "redo" }))
                }
            }
        }
        Action::Edit | Action::Rename => open_edit(app),
        Action::AddField => {
            let id = app.selected_model()?;
            let mut form = Form::field(&app.schema, id, None);
            form.validate(&app.schema);
            app.ui.dialog = Some(Dialog::Form(form));
        }
        Action::AddModel => {
            let mut form = Form::model(&app.schema, None);
            form.validate(&app.schema);
            app.ui.dialog = Some(Dialog::Form(form));
        }
        Action::Remove => {
            let row = app.ui.tree.selected_row()?.clone();
            let member = match row.node {
                Node::Field(..) | Node::Relation(..) => Some(row.label.as_str()),
                Node::Model(_) => None,
                Node::Enums | Node::Enum(_) => return flash(app, "enums come from the documents"),
                Node::Kept(_) => return flash(app, "a kept model is the base schema's: change it there"),
            };
            let (prompt, edit) = form::removal(&app.schema, model_of(row.node)?, member);
            app.ui.dialog = Some(Dialog::Confirm { prompt, edits: vec![edit] });
        }
        Action::ToggleGraph => {
            app.ui.graph_mode = match app.ui.graph_mode {
                GraphMode::Neighbours => GraphMode::Whole,
                GraphMode::Whole => GraphMode::Neighbours,
            };
            app.ui.graph_pan = (0, 0);
            app.refresh_view();
        }
        Action::TogglePreview => {
            app.ui.preview_whole = !app.ui.preview_whole;
            app.ui.preview_scroll = (0, 0);
            app.refresh_view();
        }
        Action::TogglePreviewSql => {
            app.ui.preview_sql = !app.ui.preview_sql;
            app.ui.preview_scroll = (0, 0);
            app.refresh_view();
        }
        Action::WriteDocs => super::docs::write(app),
        Action::Filter => {
            let mut input = tui_textarea::TextArea::new(vec![app.ui.tree.filter.clone()]);
            input.move_cursor(tui_textarea::CursorMove::End);
            app.ui.filter_input = Some(input);
            app.ui.focus = Focus::Tree;
        }
        Action::OpenQuestion => {
            let model = app.selected_model().map(|id| app.schema[id].name.clone());
            let open: Vec<_> = app.schema.open_questions().collect();
            let q = open.iter().find(|q| q.model.is_some() && q.model == model).or(open.first()).map(|q| (*q).clone());
            match q {
                Some(q) => open_question(app, q, None),
                None => return flash(app, "no open questions"),
            }
        }
        Action::Write => {
            if app.prisma_running {
                return flash(app, "Prisma is still running; wait for it to finish");
            }
            if let (Some(base), Some(change)) = (&app.options.base, &app.change) {
                let (emit, profile) = (&app.emit, app.options.profile.as_ref());
                let plan = WritePlan::merged(base, change, &app.work.status, &app.documents, emit, profile);
                if plan.files.is_empty() {
                    return flash(app, "no change is accepted yet: confirm new or changed models (c) before writing");
                }
                app.ui.dialog = Some(Dialog::Write(plan));
                return None;
            }
            if app.confirmed_count() == 0 {
                return flash(app, "nothing is confirmed yet: confirm models (c) before writing");
            }
            let plan = WritePlan::new(
                &app.schema,
                &app.work.status,
                &app.emit,
                app.options.profile.as_ref(),
                &app.options.out_dir,
            );
            app.ui.dialog = Some(Dialog::Write(plan));
        }
        Action::Help => app.ui.dialog = Some(Dialog::Help { scroll: 0 }),
        Action::NextTab => switch_tab(app, 1),
        Action::PrevTab => switch_tab(app, -1),
        Action::Click(x, y) => click(app, x, y),
        Action::Scroll(x, y, down) => {
            if let Some(pane) = app.ui.areas.pane_at(x, y) {
                app.ui.focus = pane;
                move_in_pane(app, if down { 3 } else { -3 });
            }
        }
        // Dialog-only actions do nothing on the main screen.
        Action::Accept
        | Action::Cancel
        | Action::NextInput
        | Action::PrevInput
        | Action::ToggleOption
        | Action::Text(_)
        | Action::Resize(..)
        | Action::PrismaLine(..)
        | Action::PrismaDone(..)
        | Action::MigrateLine(..)
        | Action::MigrateDone(..) => {}
    }
    None
}

fn flash(app: &mut App, text: &str) -> Option<Action> {
    app.ui.flash = Some(text.to_string());
    None
}

fn tree_height(app: &App) -> usize {
    app.ui.areas.tree.height.saturating_sub(2) as usize
}

fn page(app: &App) -> isize {
    let area = match app.ui.focus {
        Focus::Tree => app.ui.areas.tree,
        Focus::Graph => app.ui.areas.graph,
        Focus::Preview => app.ui.areas.preview,
        Focus::Bottom => app.ui.areas.bottom,
    };
    (area.height.saturating_sub(3) as isize).max(1)
}

/// The length of the list in the current bottom tab.
pub fn bottom_len(app: &App) -> usize {
    match app.ui.bottom_tab {
        BottomTab::Questions => app.schema.questions.len(),
        BottomTab::Validation => app.messages.len(),
        BottomTab::Log => app.log.len(),
        BottomTab::Indexes => app.coverage.paths.len(),
    }
}

fn move_in_pane(app: &mut App, delta: isize) {
    match app.ui.focus {
        Focus::Tree => {
            let before = app.ui.tree.selected;
            app.ui.tree.move_by(delta);
            app.ui.tree.scroll_into_view(tree_height(app));
            if app.ui.tree.selected != before {
                selection_changed(app);
            }
        }
        Focus::Graph => app.ui.graph_pan.1 = app.ui.graph_pan.1.saturating_add(delta.clamp(-1000, 1000) as i32),
        Focus::Preview => {
            let max = app.preview.lines().count().saturating_sub(1) as isize;
            let y = (app.ui.preview_scroll.0 as isize).saturating_add(delta).clamp(0, max.max(0));
            app.ui.preview_scroll.0 = y as u16;
        }
        Focus::Bottom => {
            let tab = app.ui.bottom_tab as usize;
            let last = bottom_len(app).saturating_sub(1);
            app.ui.bottom_selected[tab] = app.ui.bottom_selected[tab].saturating_add_signed(delta).min(last);
        }
    }
}

fn switch_tab(app: &mut App, delta: isize) {
    let i = BottomTab::ALL.iter().position(|t| *t == app.ui.bottom_tab).unwrap_or(0) as isize;
    app.ui.bottom_tab = BottomTab::ALL[(i + delta).rem_euclid(BottomTab::ALL.len() as isize) as usize];
}

/// After the selected model changes: new preview and graph, scroll and pan reset.
fn selection_changed(app: &mut App) {
    app.ui.graph_pan = (0, 0);
    if !app.ui.preview_whole {
        app.ui.preview_scroll = (0, 0);
    }
    app.refresh_view();
}

/// Selects a model (and one of its members), clearing a filter that hides it.
pub fn select(app: &mut App, model: ModelId, member: Option<&str>) {
    if !app.ui.tree.select_model(model) {
        app.ui.tree.filter.clear();
        app.refresh();
        app.ui.tree.select_model(model);
    }
    if let Some(member) = member {
        app.ui.tree.expanded.insert(app.schema[model].name.clone());
        app.refresh();
        app.ui.tree.select_model(model);
        if let Some(i) = app.ui.tree.rows.iter().position(|r| model_of(r.node) == Some(model) && r.label == member) {
            app.ui.tree.selected = i;
        }
    }
    app.ui.tree.scroll_into_view(tree_height(app));
    selection_changed(app);
}

fn step_model(app: &mut App, delta: isize) {
    let order = &app.schema.order;
    if order.is_empty() {
        return;
    }
    let next = match app.selected_model().and_then(|id| order.iter().position(|o| *o == id)) {
        Some(i) => (i as isize + delta).clamp(0, order.len() as isize - 1) as usize,
        None => 0,
    };
    let id = order[next];
    select(app, id, None);
}

fn confirm(app: &mut App) -> Option<Action> {
    let id = app.selected_model()?;
    let name = app.schema[id].name.clone();
    let open = app.schema.open_questions().find(|q| q.model.as_deref() == Some(name.as_str())).cloned();
    if let Some(q) = open {
        // The gate: a model is confirmed only with its questions answered by the person.
        open_question(app, q, Some(name));
        return None;
    }
    app.commit(|w| {
        w.status.insert(name.clone(), ModelStatus::Confirmed);
    });
    let last = app.schema.order.last() == app.schema.model_by_name(&name).as_ref();
    if last {
        let (done, total) = (app.confirmed_count(), app.schema.models.len());
        app.ui.flash = Some(format!("{done}/{total} confirmed — press w to write"));
    } else {
        step_model(app, 1);
    }
    None
}

/// Opens the dialog for one question.
pub fn open_question(app: &mut App, question: crate::model::Question, then_confirm: Option<String>) {
    let inputs = preview_inputs(app);
    let dialog = QuestionDialog::new(question, then_confirm, &inputs);
    app.ui.dialog = Some(Dialog::Question(dialog));
}

/// What a question dialog previews its options with.
pub fn preview_inputs(app: &App) -> PreviewInputs<'_> {
    PreviewInputs {
        ingested: &app.ingested,
        decisions: &app.work.decisions,
        edits: &app.work.edits,
        settings: &app.settings,
        emit: &app.emit,
        profile: app.options.profile.as_ref(),
    }
}

fn activate(app: &mut App) -> Option<Action> {
    match app.ui.focus {
        Focus::Bottom => {
            let i = app.ui.bottom_selected[app.ui.bottom_tab as usize];
            match app.ui.bottom_tab {
                BottomTab::Questions => {
                    let q = app.schema.questions.get(i)?.clone();
                    open_question(app, q, None);
                }
                BottomTab::Validation => {
                    let m = app.messages.get(i)?.clone();
                    let id = m.model.as_deref().and_then(|n| app.schema.model_by_name(n))?;
                    select(app, id, m.field.as_deref());
                    app.ui.focus = Focus::Tree;
                }
                BottomTab::Log => {}
                BottomTab::Indexes => {
                    let model = &app.coverage.paths.get(i)?.path.model;
                    let id = app.schema.model_by_name(model)?;
                    select(app, id, None);
                    app.ui.focus = Focus::Tree;
                }
            }
            None
        }
        _ => match app.ui.tree.selected_row()?.node {
            Node::Model(_) => Some(Action::Confirm),
            Node::Field(..) | Node::Relation(..) => Some(Action::Edit),
            Node::Enums => Some(Action::ToggleExpand),
            Node::Enum(_) | Node::Kept(_) => None,
        },
    }
}

fn open_edit(app: &mut App) {
    let Some(row) = app.ui.tree.selected_row().cloned() else { return };
    let mut form = match row.node {
        Node::Model(id) => Form::model(&app.schema, Some(id)),
        Node::Field(id, _) => Form::field(&app.schema, id, Some(&row.label)),
        Node::Relation(id, _) => Form::relation_field(&app.schema[id].name, &row.label),
        Node::Enums | Node::Enum(_) => {
            app.ui.flash = Some("enums come from the documents; edit the field that uses one".into());
            return;
        }
        Node::Kept(_) => {
            app.ui.flash = Some("a kept model is the base schema's: change it there".into());
            return;
        }
    };
    form.validate(&app.schema);
    app.ui.dialog = Some(Dialog::Form(form));
}

fn click(app: &mut App, x: u16, y: u16) {
    let Some(pane) = app.ui.areas.pane_at(x, y) else { return };
    app.ui.focus = pane;
    match pane {
        Focus::Tree => {
            let area = app.ui.areas.tree;
            let row = app.ui.tree.offset + y.saturating_sub(area.y + 1) as usize;
            if y > area.y && row < app.ui.tree.rows.len() && app.ui.tree.selected != row {
                app.ui.tree.selected = row;
                selection_changed(app);
            }
        }
        Focus::Graph => {
            let origin = super::views::graph::origin(app);
            let area = app.ui.areas.graph;
            let (gx, gy) = (x as i32 - area.x as i32 - 1 + origin.0, y as i32 - area.y as i32 - 1 + origin.1);
            if let Some(id) = (gx >= 0 && gy >= 0).then(|| app.graph.hit(gx as u16, gy as u16)).flatten() {
                select(app, id, None);
            }
        }
        Focus::Bottom => {
            let area = app.ui.areas.bottom;
            // Row 0 is the border with the tabs; the list starts below it.
            let first = super::views::bottom::first_visible(app, area.height.saturating_sub(2) as usize);
            let i = first + y.saturating_sub(area.y + 1) as usize;
            let tab = app.ui.bottom_tab as usize;
            if y > area.y && i < bottom_len(app) {
                app.ui.bottom_selected[tab] = i;
            }
        }
        Focus::Preview => {}
    }
}

/// Appends a log line, keeping the log's selection at the end when it was there.
pub fn log(app: &mut App, kind: LogKind, text: impl Into<String>) {
    let tab = BottomTab::Log as usize;
    let following = app.ui.bottom_selected[tab] + 1 >= app.log.len();
    app.log.push(LogLine { kind, text: text.into() });
    if following {
        app.ui.bottom_selected[tab] = app.log.len() - 1;
    }
}

#[cfg(test)]
mod tests;
