//! Updates while a dialog or the filter input is open, and the Prisma run's messages.

use super::{log, open_question, preview_inputs, select};
use crate::prisma::Step;
use crate::tui::action::Action;
use crate::tui::app::{App, BottomTab, LogKind};
use crate::tui::dialog::Dialog;
use crate::tui::form::FormKind;
use crate::tui::writer::{WritePlan, load_ledger, spawn_prisma};
use crate::write;

/// An action while a dialog is open.
pub fn update(app: &mut App, action: Action) -> Option<Action> {
    let mut dialog = app.ui.dialog.take()?;
    let keep = match &mut dialog {
        Dialog::Help { scroll } => match action {
            Action::Up => scroll_by(scroll, -1),
            Action::Down => scroll_by(scroll, 1),
            Action::PageUp => scroll_by(scroll, -10),
            Action::PageDown => scroll_by(scroll, 10),
            Action::Cancel | Action::Accept | Action::Help | Action::Quit => false,
            _ => true,
        },
        Dialog::Question(q) => match action {
            Action::Up | Action::Down => {
                q.highlight(if action == Action::Up { -1 } else { 1 }, &preview_inputs(app));
                true
            }
            Action::Accept => {
                let (key, value) = (q.question.key.clone(), q.value().map(str::to_string));
                let then_confirm = q.then_confirm.clone();
                if let Some(value) = value {
                    app.commit(|w| w.decisions.set(key, value));
                }
                if let Some(model) = then_confirm {
                    return confirm_after_questions(app, model);
                }
                false
            }
            Action::Cancel | Action::Quit => false,
            _ => true,
        },
        Dialog::Confirm { edits, .. } => match action {
            Action::Accept => {
                let edits = std::mem::take(edits);
                app.edit(edits);
                false
            }
            Action::Cancel | Action::Quit => false,
            _ => true,
        },
        Dialog::Write(plan) => match action {
            Action::Up => scroll_by(&mut plan.scroll, -1),
            Action::Down => scroll_by(&mut plan.scroll, 1),
            Action::PageUp => scroll_by(&mut plan.scroll, -10),
            Action::PageDown => scroll_by(&mut plan.scroll, 10),
            Action::Accept => {
                let plan = plan.clone();
                write_files(app, plan);
                false
            }
            Action::Cancel | Action::Quit => false,
            _ => true,
        },
        Dialog::Form(form) => match action {
            Action::Text(input) => {
                form.input(input, &app.schema);
                true
            }
            Action::ToggleOption => {
                form.toggle(&app.schema);
                true
            }
            Action::NextInput | Action::Down => {
                form.move_focus(1);
                true
            }
            Action::PrevInput | Action::Up => {
                form.move_focus(-1);
                true
            }
            Action::Accept => {
                if !form.validate(&app.schema) {
                    app.ui.flash = Some("fix the marked input first".into());
                    true
                } else {
                    let changes = form.changes(&app.schema);
                    let name = form.inputs[0].content();
                    let kind = form.kind.clone();
                    app.edit(changes);
                    // Follow the edited item under its (possibly new) name.
                    match kind {
                        FormKind::Field { model, .. } | FormKind::RelationField { model, .. } => {
                            if let Some(id) = app.schema.model_by_name(&model) {
                                select(app, id, Some(&name));
                            }
                        }
                        FormKind::Model { .. } => {
                            if let Some(id) = app.schema.model_by_name(&name) {
                                select(app, id, None);
                            }
                        }
                    }
                    false
                }
            }
            Action::Cancel => false,
            _ => true,
        },
    };
    if keep && app.ui.dialog.is_none() {
        app.ui.dialog = Some(dialog);
    }
    None
}

fn scroll_by(scroll: &mut u16, delta: i16) -> bool {
    *scroll = scroll.saturating_add_signed(delta);
    true
}

/// After a question opened by confirm is answered: the next open question of the model,
/// or the confirmation itself.
fn confirm_after_questions(app: &mut App, model: String) -> Option<Action> {
    let next = app.schema.open_questions().find(|q| q.model.as_deref() == Some(model.as_str())).cloned();
    if let Some(q) = next {
        open_question(app, q, Some(model));
        return None;
    }
    if let Some(id) = app.schema.model_by_name(&model) {
        select(app, id, None);
        Some(Action::Confirm)
    } else {
        None
    }
}

/// An action while the filter input is open: typing filters the tree as it goes.
pub fn filter(app: &mut App, action: Action) -> Option<Action> {
    let input = app.ui.filter_input.as_mut()?;
    match action {
        Action::Text(key) => {
            input.input_without_shortcuts(key);
        }
        Action::ToggleOption => input.insert_char(' '),
        Action::Accept => {
            app.ui.filter_input = None;
            return None;
        }
        Action::Cancel => {
            app.ui.filter_input = None;
            app.ui.tree.filter.clear();
            app.refresh();
            return None;
        }
        Action::Up | Action::Down => {
            app.ui.tree.move_by(if action == Action::Up { -1 } else { 1 });
            app.refresh_view();
            return None;
        }
        _ => return None,
    }
    let text = input.lines().join("");
    if text != app.ui.tree.filter {
        app.ui.tree.filter = text;
        app.refresh();
    }
    None
}

/// Writes the planned files, then starts the Prisma steps (when a CLI is configured).
fn write_files(app: &mut App, plan: WritePlan) {
    if !plan.refused.is_empty() {
        app.ui.flash = Some("the gate fails on the merged schema: nothing was written (see the write summary)".into());
        return;
    }
    app.ui.bottom_tab = BottomTab::Log;
    let files: Vec<_> = plan.files.iter().map(|f| f.planned.clone()).collect();
    // The ledger tells the next write which files are still schemata's own; a merged base
    // schema stays the team's, so it is written without a claim.
    let mut ledger = load_ledger(&plan.root);
    let written = match plan.merge {
        true => write::apply(&files),
        false => write::apply_recorded(&files, &mut ledger, &plan.root.join(write::LEDGER)),
    };
    match written {
        Ok(done) => done.iter().for_each(|w| log(app, LogKind::Success, w.to_string())),
        Err(e) => {
            log(app, LogKind::Failure, format!("writing failed: {e}"));
            app.ui.flash = Some(format!("writing failed: {e}"));
            return;
        }
    }
    let what = if plan.merge { "changes merged" } else { "models written" };
    log(app, LogKind::Info, format!("{} {what}; left out: {}", plan.included.len(), plan.left_out.len()));
    app.written = Some(plan.text.clone());
    app.prisma_errors.clear();
    app.prisma_reader = Default::default();
    app.refresh();
    match app.options.prisma.clone() {
        Some(cli) => {
            let (tx, rx) = std::sync::mpsc::channel();
            app.prisma_rx = Some(rx);
            app.prisma_running = true;
            log(app, LogKind::Command, "$ prisma validate");
            let job = migrate_job(app, &plan);
            spawn_prisma(cli, plan.root.clone(), plan.schema_path().to_path_buf(), job, tx);
        }
        None => log(app, LogKind::Info, "Prisma steps skipped (no Prisma CLI configured)"),
    }
}

/// The migration to make after Prisma's steps, when the review was started with `--migrate`:
/// the schema as written (read back from the written text), the profile, the planned files.
fn migrate_job(app: &mut App, plan: &crate::tui::writer::WritePlan) -> Option<crate::tui::writer::MigrateJob> {
    let name = app.options.migrate.clone()?;
    let Some(profile) = app.options.profile.clone() else {
        log(app, LogKind::Failure, "--migrate needs a conventions profile; no migration is made");
        return None;
    };
    let mut written = crate::import::prisma::read(&[crate::ingest::Source::new("schema.prisma", plan.text.clone())]);
    // The schema language has no tenant key; the documents named it.
    written.schema.tenant_key = app.schema.tenant_key.clone();
    let files = plan.files.iter().map(|f| f.planned.clone()).collect();
    Some(crate::tui::writer::MigrateJob {
        plan: write::Plan { root: plan.root.clone(), schema_path: plan.schema_path().to_path_buf(), files },
        out_dir: app.options.out_dir.clone(),
        schema: written.schema,
        profile,
        name,
    })
}

/// A line of the migration step, logged.
pub fn migrate_line(app: &mut App, level: crate::migrate::Level, line: String) {
    let kind = match level {
        crate::migrate::Level::Info => LogKind::Output,
        crate::migrate::Level::Warning | crate::migrate::Level::Error => LogKind::Failure,
    };
    log(app, kind, line);
}

/// The migration step ended.
pub fn migrate_done(app: &mut App, ok: bool) {
    if ok {
        log(app, LogKind::Success, "migration: done");
        app.ui.flash = Some("written, generated and migrated".into());
    } else {
        log(app, LogKind::Failure, "migration: not done; the files stay written");
        app.ui.flash = Some("migration failed: see the log".into());
    }
}

/// One line of Prisma output: logged, and mapped to a model when it locates an error.
pub fn prisma_line(app: &mut App, _step: Step, line: &str) {
    if line.trim().is_empty() {
        return;
    }
    log(app, LogKind::Output, format!("  {line}"));
    let written = app.written.clone();
    if let Some(message) = app.prisma_reader.line(line, written.as_deref()) {
        app.prisma_errors.push(message);
        app.refresh();
    }
}

/// A Prisma step ended.
pub fn prisma_done(app: &mut App, step: Step, ok: bool, why: Option<String>) {
    if ok {
        log(app, LogKind::Success, format!("prisma {step}: ok"));
        if step == Step::Validate {
            log(app, LogKind::Command, "$ prisma generate");
            return;
        }
        app.ui.flash = Some("written, validated and generated".into());
    } else {
        let why = why.unwrap_or_else(|| "failed".into());
        log(app, LogKind::Failure, format!("prisma {step} {why}; the files stay written"));
        if !app.prisma_errors.is_empty() {
            app.ui.bottom_tab = BottomTab::Validation;
        }
        app.ui.flash = Some(format!("prisma {step} failed: see the log"));
    }
    app.prisma_running = false;
}
