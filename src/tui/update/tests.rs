//! `update` driven by actions alone: no terminal, no drawing.

use super::update;
use crate::edit::Edit;
use crate::ingest::Source;
use crate::prisma::Step;
use crate::session::{ModelStatus, Session};
use crate::tui::action::Action;
use crate::tui::app::{App, BottomTab, Focus, Options};
use crate::tui::dialog::Dialog;
use crate::tui::keymap::Keymap;
use crate::tui::theme::Theme;
use crate::tui::tree::Node;
use crate::tui::{dispatch, input};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const DOC: &str = include_str!("../../../examples/ticketing/docs/design.md");

fn app_with(options: Options, session: Option<Session>) -> App {
    let mut app =
        App::new(vec![Source::new("design.md", DOC)], session, options, Theme::default(), Keymap::default_keys());
    dispatch(&mut app, Action::Resize(120, 40));
    app
}

fn app() -> App {
    app_with(Options::default(), None)
}

fn run(app: &mut App, actions: impl IntoIterator<Item = Action>) {
    actions.into_iter().for_each(|a| dispatch(app, a));
}

fn selected(app: &App) -> String {
    app.selected_model().map(|id| app.schema[id].name.clone()).unwrap_or_default()
}

fn text(s: &str) -> Vec<Action> {
    s.chars().map(|c| Action::Text(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE).into())).collect()
}

#[test]
fn stepping_follows_dependency_order() {
    let mut app = app();
    assert_eq!(selected(&app), "Venue");
    run(&mut app, [Action::NextModel, Action::NextModel]);
    assert_eq!(selected(&app), "Event");
    assert!(app.preview.starts_with("/// One performance"), "{}", app.preview);
    run(&mut app, [Action::PrevModel]);
    assert_eq!(selected(&app), "Promoter");
    run(&mut app, [Action::PrevModel, Action::PrevModel]);
    assert_eq!(selected(&app), "Venue");
}

#[test]
fn confirm_asks_the_models_questions_first_then_confirms_and_moves_on() {
    let mut app = app();
    run(&mut app, [Action::Confirm, Action::Confirm]);
    assert_eq!(app.confirmed_count(), 2);
    assert_eq!(selected(&app), "Event");
    run(&mut app, [Action::Confirm]);
    let Some(Dialog::Question(q)) = &app.ui.dialog else { panic!("a question dialog opens") };
    assert_eq!(q.highlighted, q.question.suggested);
    // The highlighted option's effect is previewed before choosing.
    run(&mut app, [Action::Down]);
    let Some(Dialog::Question(q)) = &app.ui.dialog else { panic!("still open") };
    assert!(q.preview.iter().any(|l| l.text.contains("\"PromoterEvents\"")));
    let key = q.question.key.clone();
    run(&mut app, [Action::Accept]);
    assert!(app.ui.dialog.is_none());
    assert_eq!(app.work.decisions.get(&key), Some("role-holders"));
    assert_eq!(app.status_of("Event"), ModelStatus::Confirmed);
    assert_eq!(selected(&app), "Buyer");
    assert_eq!(app.schema.open_questions().count(), 0);
    assert!(crate::emit::render(&app.schema, &app.emit).contains("@relation(\"HostEvents\""));
}

#[test]
fn cancelling_a_question_changes_nothing() {
    let mut app = app();
    run(&mut app, [Action::OpenQuestion, Action::Down, Action::Cancel]);
    assert!(app.ui.dialog.is_none());
    assert!(app.work.decisions.is_empty());
    assert!(app.undo.is_empty());
}

#[test]
fn undo_and_redo_walk_decisions_edits_and_statuses() {
    let mut app = app();
    run(&mut app, [Action::Confirm, Action::Skip]);
    assert_eq!(app.status_of("Promoter"), ModelStatus::Skipped);
    run(&mut app, [Action::Undo]);
    assert_eq!(app.status_of("Promoter"), ModelStatus::Pending);
    assert_eq!(app.status_of("Venue"), ModelStatus::Confirmed);
    run(&mut app, [Action::Undo, Action::Undo]);
    assert_eq!(app.confirmed_count(), 0);
    assert_eq!(app.ui.flash.as_deref(), Some("nothing to undo"));
    run(&mut app, [Action::Redo, Action::Redo]);
    assert_eq!(app.status_of("Promoter"), ModelStatus::Skipped);
}

#[test]
fn a_field_form_renames_through_the_relation_and_previews_it() {
    let mut app = app();
    run(&mut app, [Action::NextModel, Action::NextModel, Action::Right, Action::Down, Action::Down]);
    assert_eq!(app.ui.tree.selected_row().map(|r| r.label.as_str()), Some("venueId"));
    run(&mut app, [Action::Edit]);
    assert!(matches!(app.ui.dialog, Some(Dialog::Form(_))));
    run(&mut app, text("X"));
    run(&mut app, [Action::Accept]);
    assert!(app.ui.dialog.is_none());
    assert_eq!(
        app.work.edits,
        vec![Edit::RenameField { model: "Event".into(), field: "venueId".into(), to: "venueIdX".into() }]
    );
    assert!(app.preview.contains("@relation(fields: [venueIdX], references: [id])"), "{}", app.preview);
    assert_eq!(app.ui.tree.selected_row().map(|r| r.label.as_str()), Some("venueIdX"));
    run(&mut app, [Action::Undo]);
    assert!(app.preview.contains("fields: [venueId]"));
}

#[test]
fn an_invalid_form_is_not_saved() {
    let mut app = app();
    run(&mut app, [Action::AddField]);
    run(&mut app, text("9lives"));
    run(&mut app, [Action::Accept]);
    assert!(matches!(app.ui.dialog, Some(Dialog::Form(_))), "the form stays open");
    assert!(app.work.edits.is_empty());
    run(&mut app, [Action::Cancel]);
    assert!(app.ui.dialog.is_none());
}

#[test]
fn removing_asks_first() {
    let mut app = app();
    run(&mut app, [Action::Remove]);
    assert!(matches!(app.ui.dialog, Some(Dialog::Confirm { .. })));
    run(&mut app, [Action::Accept]);
    assert!(app.schema.model_by_name("Venue").is_none());
    assert_eq!(app.schema.models.len(), 6);
    run(&mut app, [Action::Undo]);
    assert_eq!(app.schema.models.len(), 7);
}

#[test]
fn filter_narrows_the_tree_as_you_type() {
    let mut app = app();
    run(&mut app, [Action::Filter]);
    run(&mut app, text("tckt"));
    let labels: Vec<&str> = app.ui.tree.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["Event", "ticketTypes", "Order", "tickets", "TicketType", "Ticket", "enums", "TicketState"]);
    run(&mut app, [Action::Accept]);
    assert!(app.ui.filter_input.is_none());
    assert_eq!(app.ui.tree.filter, "tckt");
    run(&mut app, [Action::Filter, Action::Cancel]);
    assert_eq!(app.ui.tree.rows.len(), 8);
}

#[test]
fn every_change_is_saved_and_reopening_resumes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(".schemata/session.json");
    let options = Options { session_path: Some(path.clone()), ..Options::default() };
    let mut app = app_with(options.clone(), None);
    run(&mut app, [Action::Confirm, Action::NextModel, Action::OpenQuestion, Action::Down, Action::Accept]);
    let saved = Session::load(&path).expect("readable").expect("saved");
    assert_eq!(saved.status.get("Venue"), Some(&ModelStatus::Confirmed));
    assert_eq!(saved.decisions.0.len(), 1);

    let reopened = app_with(options, Some(saved));
    assert_eq!(reopened.work, app.work);
    assert_eq!(reopened.status_of("Venue"), ModelStatus::Confirmed);
    assert!(reopened.log.iter().any(|l| l.text.starts_with("resumed the session")));
}

#[test]
fn writing_needs_a_confirmed_model_and_writes_only_those() {
    let dir = tempfile::tempdir().expect("tempdir");
    let options = Options { out_dir: dir.path().join("prisma"), ..Options::default() };
    let mut app = app_with(options, None);
    run(&mut app, [Action::Write]);
    assert!(app.ui.dialog.is_none());
    assert!(app.ui.flash.as_deref().is_some_and(|f| f.contains("nothing is confirmed")));
    run(&mut app, [Action::Confirm, Action::Write]);
    assert!(matches!(app.ui.dialog, Some(Dialog::Write(_))));
    assert!(!dir.path().join("prisma/schema.prisma").exists(), "nothing is written before confirming");
    run(&mut app, [Action::Accept]);
    let written = std::fs::read_to_string(dir.path().join("prisma/schema.prisma")).expect("written");
    assert!(written.contains("model Venue") && !written.contains("model Event"));
    assert!(dir.path().join("prisma.config.ts").exists());
    assert_eq!(app.ui.bottom_tab, BottomTab::Log);
}

#[test]
fn prisma_errors_are_mapped_to_the_model_and_marked_in_the_tree() {
    let mut app = app();
    app.written = Some("model Venue {\n  id String @id\n  name Nope\n}\n".into());
    app.prisma_running = true;
    let lines = ["error: Type \"Nope\" is neither a built-in type", "  -->  prisma/schema.prisma:3"];
    for l in lines {
        update(&mut app, Action::PrismaLine(Step::Validate, l.into()));
    }
    update(&mut app, Action::PrismaDone(Step::Validate, false, Some("exited with 1".into())));
    assert!(!app.prisma_running);
    assert_eq!(app.ui.bottom_tab, BottomTab::Validation);
    assert_eq!(app.messages[0].model.as_deref(), Some("Venue"));
    assert_eq!(app.ui.tree.rows[0].marker, Some(crate::tui::tree::Marker::Error));
    // Enter on the message jumps to the model and field.
    run(&mut app, [Action::NextModel, Action::Activate]);
    app.ui.focus = Focus::Bottom;
    run(&mut app, [Action::Activate]);
    assert_eq!(selected(&app), "Venue");
    assert_eq!(app.ui.tree.selected_row().map(|r| r.label.as_str()), Some("name"));
}

#[test]
fn mouse_clicks_select_and_focus_panes() {
    let mut app = app();
    let tree = app.ui.areas.tree;
    run(&mut app, [Action::Click(tree.x + 3, tree.y + 3)]);
    assert_eq!(selected(&app), "Event");
    let bottom = app.ui.areas.bottom;
    run(&mut app, [Action::Click(bottom.x + 3, bottom.y + 1)]);
    assert_eq!(app.ui.focus, Focus::Bottom);
    run(&mut app, [Action::Resize(80, 24)]);
    assert_eq!(app.ui.areas.status.y, 23);
}

#[test]
fn keys_map_through_the_keymap_by_context() {
    let mut app = app();
    let key = |c: char| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    assert_eq!(input::map_key(&app, key('c')), Some(Action::Confirm));
    assert_eq!(input::map_key(&app, KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL)), Some(Action::Redo));
    app.ui.focus = Focus::Tree;
    assert_eq!(input::map_key(&app, key(' ')), Some(Action::ToggleExpand));
    run(&mut app, [Action::AddField]);
    assert_eq!(input::map_key(&app, key('c')), Some(Action::Text(key('c').into())));
    assert_eq!(input::map_key(&app, KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)), Some(Action::Cancel));
}

#[test]
fn enter_on_a_model_confirms_and_on_a_field_edits() {
    let mut app = app();
    run(&mut app, [Action::Activate]);
    assert_eq!(app.status_of("Venue"), ModelStatus::Confirmed);
    run(&mut app, [Action::Right, Action::Down, Action::Activate]);
    assert!(matches!(app.ui.dialog, Some(Dialog::Form(_))));
    assert!(matches!(app.ui.tree.selected_row().map(|r| r.node), Some(Node::Field(..))));
}

#[test]
fn the_migration_step_is_logged_and_flashed() {
    let mut app = app();
    let lines = [
        (crate::migrate::Level::Info, "wrote prisma/migrations/20261123120000_schemata/migration.sql"),
        (crate::migrate::Level::Warning, "not applied: DATABASE_URL is not set"),
    ];
    for (level, line) in lines {
        update(&mut app, Action::MigrateLine(level, line.into()));
    }
    update(&mut app, Action::MigrateDone(false));
    let logged: Vec<&str> = app.log.iter().map(|l| l.text.as_str()).collect();
    assert!(logged.ends_with(&[
        "wrote prisma/migrations/20261123120000_schemata/migration.sql",
        "not applied: DATABASE_URL is not set",
        "migration: not done; the files stay written",
    ]));
    assert_eq!(app.ui.flash.as_deref(), Some("migration failed: see the log"));
}
