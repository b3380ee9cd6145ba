//! The real binary driven in tmux, as a person would: open the bundled example document,
//! answer its relation-names question by hand (the option that is not suggested), confirm
//! every model, write, let Prisma validate and generate, quit; then check the written schema
//! and that `prisma validate` accepts it.
//!
//! Skips with a note when tmux or the pinned Prisma CLI is missing, unless CI=true.

mod common;

use common::tmux::{self, Tmux};
use schemata::prisma::Step;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Waits for `expect` after a key, as long as the review takes to redraw at most.
const KEY_WAIT: Duration = Duration::from_secs(10);

/// Sends a key to the review and waits for its effect.
fn press(tmux: &Tmux, key: &str, expect: &str) -> String {
    tmux.send(SESSION, key);
    wait(tmux, expect, KEY_WAIT)
}

fn wait(tmux: &Tmux, text: &str, timeout: Duration) -> String {
    tmux.wait_until(SESSION, &format!("{text:?}"), timeout, |screen| screen.contains(text))
}

const SESSION: &str = "review";

#[test]
fn review_answer_confirm_write_and_generate_in_tmux() {
    if !tmux::available() {
        return;
    }
    let Some(prisma) = common::prisma_cli() else { return };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("docs")).expect("docs folder");
    std::fs::copy(root.join("examples/ticketing/docs/design.md"), dir.path().join("docs/design.md")).expect("copy");
    // A project with Prisma installed, as the review expects: prisma.config.ts imports
    // "prisma/config", and the CLI is found in node_modules/.bin.
    let modules: PathBuf = root.join("tests/prisma/node_modules");
    std::os::unix::fs::symlink(&modules, dir.path().join("node_modules")).expect("link node_modules");

    let tmux = Tmux::new("e2e");
    let command = format!(
        "env -u SCHEMATA_PRISMA PRISMA_SCHEMA_ENGINE_BINARY=/bin/false NO_COLOR=1 {} docs/design.md; echo EXIT=$?; sleep 60",
        env!("CARGO_BIN_EXE_schemata")
    );
    tmux.start_sized(SESSION, dir.path(), &command, (140, 45));

    wait(&tmux, "0/7 confirmed", Duration::from_secs(20));
    press(&tmux, "c", "1/7 confirmed");
    press(&tmux, "c", "2/7 confirmed");
    // Event has the open question: confirming it asks first.
    let dialog = press(&tmux, "c", "Question · relation names");
    assert!(dialog.contains("▶ a) name by role on Event: EventPromoter, EventHost  (suggested)"), "{dialog}");
    let moved = press(&tmux, "Down", "▶ b) name by role, then Event: PromoterEvents, HostEvents");
    assert!(
        moved.contains("+   promoter    Promoter     @relation(\"PromoterEvents\""),
        "the option's effect is previewed:\n{moved}"
    );
    press(&tmux, "Enter", "3/7 confirmed");
    for n in 4..=7 {
        press(&tmux, "c", &format!("{n}/7 confirmed"));
    }
    let summary = press(&tmux, "w", "7 confirmed model(s) will be written");
    assert!(summary.contains("prisma/schema.prisma  new file"), "{summary}");
    press(&tmux, "y", "prisma validate: ok");
    wait(&tmux, "prisma generate: ok", Duration::from_secs(60));
    press(&tmux, "q", "EXIT=0");

    let schema_path = dir.path().join("prisma/schema.prisma");
    let written = std::fs::read_to_string(&schema_path).expect("the schema is written");
    assert!(written.contains("@relation(\"PromoterEvents\""), "{written}");
    assert!(written.contains("@relation(\"HostEvents\""), "{written}");
    assert!(!written.contains("EventPromoter"), "the suggestion was not taken:\n{written}");
    assert_eq!(written.matches("\nmodel ").count(), 7);
    let session = std::fs::read_to_string(dir.path().join(".schemata/session.json")).expect("the session is saved");
    assert!(session.contains("\"role-holders\""), "{session}");
    assert_eq!(session.matches("\"confirmed\"").count(), 7, "{session}");

    let outcome = prisma.run(Step::Validate, Path::new("prisma/schema.prisma"), dir.path()).expect("prisma runs");
    assert!(outcome.success, "prisma validate rejects the written schema:\n{}\n{}", outcome.stdout, outcome.stderr);
}

#[test]
fn review_with_migrate_writes_and_applies_the_migration_in_tmux() {
    if !tmux::available() {
        return;
    }
    let Some(server) = common::pg::server() else { return };
    if common::prisma_cli().is_none() {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("tempdir");
    for file in ["helpdesk.md", "schemata.toml"] {
        std::fs::copy(root.join("tests/fixtures/postgres").join(file), dir.path().join(file)).expect("copy");
    }
    std::os::unix::fs::symlink(root.join("tests/prisma/node_modules"), dir.path().join("node_modules")).expect("link");
    let db = common::pg::TempDb::new(&server);

    let tmux = Tmux::new("e2e-migrate");
    let command = format!(
        "env -u SCHEMATA_PRISMA PRISMA_SCHEMA_ENGINE_BINARY=/bin/false NO_COLOR=1 DATABASE_URL='{}' {} helpdesk.md --migrate --name first; echo EXIT=$?; sleep 60",
        db.url,
        env!("CARGO_BIN_EXE_schemata")
    );
    tmux.start_sized(SESSION, dir.path(), &command, (140, 45));

    wait(&tmux, "0/4 confirmed", Duration::from_secs(20));
    for n in 1..=4 {
        press(&tmux, "c", &format!("{n}/4 confirmed"));
    }
    press(&tmux, "w", "4 confirmed model(s) will be written");
    press(&tmux, "y", "prisma validate: ok");
    wait(&tmux, "migration: done", Duration::from_secs(90));
    press(&tmux, "q", "EXIT=0");

    let migrations = dir.path().join("prisma/migrations");
    let folders: Vec<String> = std::fs::read_dir(&migrations)
        .expect("migrations written")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(folders.len(), 1, "{folders:?}");
    assert!(folders[0].ends_with("_first"), "{folders:?}");
    let applied = common::pg::psql(&db.url, "SELECT migration_name FROM _prisma_migrations").unwrap();
    assert_eq!(applied, folders[0]);
    let forced = common::pg::psql(&db.url, "SELECT count(*) FROM pg_class WHERE relforcerowsecurity").unwrap();
    assert_eq!(forced, "3");
    // The same rules as `generate --migrate`: the checks and the search index.
    let checks = common::pg::psql(
        &db.url,
        "SELECT conname FROM pg_constraint WHERE contype = 'c' AND connamespace = 'public'::regnamespace ORDER BY 1",
    )
    .unwrap();
    assert_eq!(
        checks,
        "agents_hourlyRate_check\ntickets_channel_allowed\ntickets_openedAt_before_dueAt\ntime_entries_minutes_check\ntime_entries_startedAt_before_endedAt"
    );
    let search = common::pg::psql(&db.url, "SELECT count(*) FROM pg_indexes WHERE indexname = 'tickets_search_idx'");
    assert_eq!(search.unwrap(), "1");
}
