//! The review's responsiveness on a large schema: one edit → re-derived schema, updated
//! preview and a redrawn frame (target: under 16 ms, one frame at 60 Hz), and the time to
//! the first frame after start (target: under 100 ms). Frames are drawn on ratatui's
//! TestBackend at 120×40, so the figures are the app's own work without terminal I/O.
//!
//! Run with `cargo bench --bench tui`; `cargo test --bench tui` runs each once.

use std::fmt::Write as _;

use divan::{Bencher, black_box};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use schemata::edit::Edit;
use schemata::ingest::Source;
use schemata::tui::keymap::Keymap;
use schemata::tui::theme::Theme;
use schemata::tui::{Action, App, Options, dispatch, views};

fn main() {
    divan::main();
}

/// A design document with `n` entities, each with a field table and a foreign key to an
/// earlier entity (so the dependency order is deep and the graph has edges).
fn document(n: usize) -> String {
    let mut out = String::with_capacity(n * 600);
    out.push_str("# Synthetic platform\n\n## Data model\n\n");
    for i in 0..n {
        let _ = writeln!(out, "### Entity{i}\nA record of kind {i}.\n");
        out.push_str("| Field | Type | Required | Default | Description |\n|---|---|---|---|---|\n");
        out.push_str("| id | uuid | yes | uuid | Primary key |\n| name | string | yes | | Display name |\n");
        out.push_str("| position | int | yes | 0 | Sort order |\n| active | boolean | yes | true | Listed |\n");
        out.push_str("| createdAt | datetime | yes | now | Creation time |\n| metadata | JSON | no | | Flags |\n");
        if i > 0 {
            let parent = i - 1 - (i * 7) % i.min(5);
            let _ = writeln!(out, "| entity{parent}Id | uuid | yes | | The parent Entity{parent} |");
        }
        out.push('\n');
    }
    out
}

fn sources(n: usize) -> Vec<Source> {
    vec![Source::new("platform.md", document(n))]
}

fn app(sources: Vec<Source>) -> App {
    let mut app = App::new(sources, None, Options::default(), Theme::default(), Keymap::default_keys());
    dispatch(&mut app, Action::Resize(120, 40));
    app
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(120, 40)).expect("a test terminal")
}

/// One field edit on a model in the middle of a 1,000-model schema, then a full redraw.
#[divan::bench(args = [false, true], sample_count = 50)]
fn edit_to_frame_1000_models(bencher: Bencher, whole_graph: bool) {
    let mut app = app(sources(1_000));
    assert_eq!(app.schema.models.len(), 1_000);
    for _ in 0..500 {
        dispatch(&mut app, Action::NextModel);
    }
    if whole_graph {
        dispatch(&mut app, Action::ToggleGraph);
    }
    let model = app.selected_model().map(|id| app.schema[id].name.clone()).expect("a selected model");
    let mut terminal = terminal();
    let mut optional = false;
    bencher.bench_local(|| {
        optional = !optional;
        // One edit in force at a time, so every sample does the same work.
        app.work.edits.clear();
        app.edit(vec![Edit::SetOptional { model: model.clone(), field: "name".into(), optional }]);
        terminal.draw(|f| views::draw(f, black_box(&app))).expect("draw");
    });
}

/// From the documents' text to the first frame: ingest, infer, build the tree, draw.
#[divan::bench(args = [7, 1_000], sample_count = 20)]
fn first_frame(bencher: Bencher, n: usize) {
    let docs = if n == 7 {
        let text = include_str!("../examples/ticketing/docs/design.md");
        vec![Source::new("examples/ticketing/docs/design.md", text)]
    } else {
        sources(n)
    };
    bencher.bench_local(|| {
        let app = app(black_box(docs.clone()));
        let mut terminal = terminal();
        terminal.draw(|f| views::draw(f, &app)).expect("draw");
    });
}
