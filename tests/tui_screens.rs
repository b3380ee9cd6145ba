//! Whole-screen snapshots of the review on ratatui's TestBackend (120×40), on the bundled
//! example document: the main screen, the help overlay, each dialog and the write summary.
//! The `.snap` files are committed; CI (CI=true) fails on any difference instead of writing.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use schemata::conventions::Profile;
use schemata::ingest::Source;
use schemata::tui::keymap::Keymap;
use schemata::tui::theme::Theme;
use schemata::tui::{Action, App, Options, dispatch, views};

const DOC: &str = "examples/ticketing/docs/design.md";

fn app(out_dir: &std::path::Path) -> App {
    let text = std::fs::read_to_string(DOC).expect("the example document");
    // The postgres profile, as the review resolves it for this document: what is shown is
    // what `w` writes.
    let options = Options {
        session_path: None,
        out_dir: out_dir.to_path_buf(),
        prisma: None,
        profile: Some(Profile::postgres()),
        base: None,
        migrate: None,
        contract: Vec::new(),
    };
    let mut app = App::new(vec![Source::new(DOC, text)], None, options, Theme::default(), Keymap::default_keys());
    dispatch(&mut app, Action::Resize(120, 40));
    app
}

fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    terminal.draw(|f| views::draw(f, app)).expect("draw");
    terminal.backend().to_string()
}

fn run(app: &mut App, actions: impl IntoIterator<Item = Action>) {
    for a in actions {
        dispatch(app, a);
    }
}

/// A fresh output folder with the same relative path on every machine, so the paths in
/// the write summary and the log are the same in every snapshot.
fn out_dir(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new("target/tui-screens").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir.join("prisma")
}

#[test]
fn main_screen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(dir.path());
    run(&mut app, [Action::NextModel, Action::NextModel, Action::Right]);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn main_screen_whole_schema_graph_and_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(dir.path());
    run(&mut app, [Action::Confirm, Action::ToggleGraph, Action::TogglePreview, Action::NextTab]);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn help_overlay() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(dir.path());
    run(&mut app, [Action::Help]);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn question_dialog() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(dir.path());
    run(&mut app, [Action::NextModel, Action::NextModel, Action::Confirm, Action::Down]);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn field_form_with_an_inline_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(dir.path());
    run(&mut app, [Action::NextModel, Action::NextModel, Action::Right, Action::Down, Action::Down, Action::Edit]);
    run(&mut app, [Action::NextInput, key('x')]);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn add_model_form() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(dir.path());
    run(&mut app, [Action::AddModel]);
    run(&mut app, "Refund".chars().map(key));
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn remove_confirmation() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(dir.path());
    run(&mut app, [Action::Remove]);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn write_summary() {
    let mut app = app(&out_dir("write-summary"));
    run(&mut app, [Action::Confirm, Action::Confirm, Action::Confirm, Action::Accept, Action::Write]);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn log_after_writing() {
    let mut app = app(&out_dir("log"));
    run(&mut app, [Action::Confirm, Action::Confirm, Action::Skip, Action::Write, Action::Accept]);
    insta::assert_snapshot!(screen(&app));
}

fn key(c: char) -> Action {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    Action::Text(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE).into())
}

/// `screenshots/*.svg`: the real rendering exported with the theme's colours. Regenerate
/// with `UPDATE_SCREENSHOTS=1 cargo test --test tui_screens screenshots`; otherwise the
/// committed pictures must match what the code draws now.
#[test]
fn screenshots_are_current() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("screenshots");
    let update = std::env::var_os("UPDATE_SCREENSHOTS").is_some();
    let mut shots: Vec<(String, String)> = Vec::new();
    for theme in ["dark", "light", "high-contrast"] {
        let mut app = app(&out_dir("shots"));
        app.theme = Theme::built_in(theme).expect("built-in theme");
        run(&mut app, [Action::Confirm, Action::Confirm, Action::Right]);
        shots.push((format!("main-{theme}.svg"), svg(&app)));
    }
    let mut app = app(&out_dir("shots"));
    run(&mut app, [Action::Confirm, Action::Confirm, Action::Confirm, Action::Down]);
    shots.push(("question-dialog.svg".into(), svg(&app)));
    run(&mut app, [Action::Accept, Action::Confirm, Action::Confirm, Action::Write]);
    shots.push(("write-summary.svg".into(), svg(&app)));
    for (name, picture) in shots {
        let path = dir.join(&name);
        if update {
            std::fs::create_dir_all(&dir).expect("screenshots folder");
            std::fs::write(&path, &picture).expect("write screenshot");
            continue;
        }
        let committed = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("{name} is missing: run UPDATE_SCREENSHOTS=1 cargo test --test tui_screens"));
        assert!(committed == picture, "{name} is out of date: run UPDATE_SCREENSHOTS=1 cargo test --test tui_screens");
    }
}

fn svg(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    terminal.draw(|f| views::draw(f, app)).expect("draw");
    schemata::tui::svg::render(terminal.backend().buffer(), &app.theme)
}

#[test]
fn index_coverage_tab() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(dir.path());
    run(&mut app, [Action::NextTab, Action::NextTab, Action::NextTab, Action::FocusPrev]);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn ddl_preview_of_a_model() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(dir.path());
    run(&mut app, [Action::NextModel, Action::NextModel, Action::TogglePreviewSql]);
    insta::assert_snapshot!(screen(&app));
}
