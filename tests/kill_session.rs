//! No lost work: the real review in tmux, a question answered by hand (the option that is not
//! suggested) and two models confirmed, then `kill -9` — no handler runs, nothing is flushed on
//! the way out. Reopened in a new terminal on the same documents in the same folder, the
//! review shows the answer and both confirmations, and the session file holds them.
//!
//! Skips with a note when tmux is missing, unless CI=true.

mod common;

use common::tmux::{self, Tmux};
use std::path::Path;
use std::time::Duration;

/// The review of `design.md` in `dir`, its pid written to `app.pid` (the wrapper shell
/// `exec`s the binary, so the pid is the review's own).
fn review_command() -> String {
    format!(
        "env NO_COLOR=1 sh -c 'echo $$ > app.pid; exec \"$0\" review design.md; ' '{}'; sleep 120",
        env!("CARGO_BIN_EXE_schemata")
    )
}

#[test]
fn every_decision_survives_kill_9() {
    if !tmux::available() {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(root.join("examples/ticketing/docs/design.md"), dir.path().join("design.md")).expect("copy");
    let tmux = Tmux::new("kill-session");

    tmux.start("first", dir.path(), &review_command());
    tmux.wait_for("first", "0/7 confirmed · 1 open question");
    let pid = tmux::read_pid(&dir.path().join("app.pid"));
    let dialog = tmux.press("first", "o", "Question · relation names");
    assert!(dialog.contains("(suggested)"), "{dialog}");
    tmux.press("first", "Down", "▶ b) name by role, then Event: PromoterEvents, HostEvents");
    tmux.send("first", "Enter");
    tmux.wait_until("first", "the answer to close the question", Duration::from_secs(10), |s| {
        s.contains("0/7 confirmed") && !s.contains("open question") && !s.contains("Question ·")
    });
    tmux.press("first", "c", "1/7 confirmed");
    tmux.press("first", "c", "2/7 confirmed");
    // The screen shows a change only after the session holding it is saved, so the kill
    // comes at the latest moment a person could have seen the work as done.
    tmux::kill("KILL", pid);
    let start = std::time::Instant::now();
    while tmux::running(pid) {
        assert!(start.elapsed() < Duration::from_secs(5), "kill -9 did not end the review");
        std::thread::sleep(Duration::from_millis(20));
    }

    let saved = std::fs::read_to_string(dir.path().join(".schemata/session.json")).expect("the session is saved");
    assert!(saved.contains("\"role-holders\""), "the hand-picked answer is saved:\n{saved}");
    assert_eq!(saved.matches("\"confirmed\"").count(), 2, "both confirmations are saved:\n{saved}");

    // A new terminal, the same folder and documents: the review resumes.
    std::fs::remove_file(dir.path().join("app.pid")).expect("remove the old pid");
    tmux.start("second", dir.path(), &review_command());
    let screen = tmux.wait_for("second", "2/7 confirmed");
    assert!(!screen.contains("open question"), "the answer was lost:\n{screen}");
    tmux.press("second", "q", "2/7 models confirmed; the session is saved");
    let _ = tmux.cmd(&["kill-session", "-t", "second"]);
    let resumed = std::fs::read_to_string(dir.path().join(".schemata/session.json")).expect("the session is kept");
    assert_eq!(resumed, saved, "reopening and quitting changed nothing");
}
