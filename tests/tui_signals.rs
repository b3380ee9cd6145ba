//! The review stopped from outside leaves a usable terminal: after `kill -TERM`, `kill -INT`
//! and Ctrl-C (also from inside a dialog) the pane is back at the shell, out of the alternate
//! screen, with the cursor shown and the line discipline cooked (`stty -a` shows `icanon` and
//! `echo`), and the exit code is the conventional one; a closed pty (SIGHUP) ends the process
//! within seconds. The binary runs under a wrapper script in a tmux pane, so the checks run in
//! the very terminal the review had.
//!
//! Skips with a note when tmux is missing, unless CI=true.

mod common;

use common::tmux::{self, Tmux};
use std::path::Path;
use std::time::{Duration, Instant};

/// A project folder with the bundled example document and the wrapper script: it starts the
/// review (recording its pid), then records the exit code and the terminal's settings, and
/// stays at a shell prompt so the screen can be read.
fn project() -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(root.join("examples/ticketing/docs/design.md"), dir.path().join("design.md")).expect("copy");
    let script = format!(
        "#!/bin/sh\n\
         sh -c 'echo $$ > app.pid; exec \"$0\" review design.md' '{bin}'\n\
         echo $? > exit.txt\n\
         stty -a > stty.txt\n\
         echo done > done.txt\n\
         echo BACK-AT-THE-SHELL\n\
         exec sleep 120\n",
        bin = env!("CARGO_BIN_EXE_schemata")
    );
    std::fs::write(dir.path().join("run.sh"), script).expect("write the wrapper");
    dir
}

/// Starts the review in `tmux` session `name` and waits for its first frame; returns its pid.
fn start(tmux: &Tmux, name: &str, dir: &Path) -> u32 {
    tmux.start(name, dir, "env NO_COLOR=1 sh run.sh");
    tmux.wait_for(name, "0/7 confirmed");
    tmux::read_pid(&dir.join("app.pid"))
}

/// Waits for the wrapper to get past the review, and checks the terminal it left.
fn assert_restored(tmux: &Tmux, name: &str, dir: &Path, expected_exit: &str) {
    let screen = tmux.wait_for(name, "BACK-AT-THE-SHELL");
    let exit = std::fs::read_to_string(dir.join("exit.txt")).expect("exit code recorded");
    assert_eq!(exit.trim(), expected_exit, "exit code\n{screen}");
    assert!(!screen.contains("confirmed ·"), "the review's screen is still shown:\n{screen}");
    assert_eq!(tmux.display(name, "#{alternate_on}"), "0", "still in the alternate screen:\n{screen}");
    assert_eq!(tmux.display(name, "#{cursor_flag}"), "1", "the cursor is still hidden");
    let stty = std::fs::read_to_string(dir.join("stty.txt")).expect("stty recorded");
    let flags: Vec<&str> = stty.split_whitespace().collect();
    for flag in ["icanon", "echo", "isig", "icrnl", "opost"] {
        assert!(flags.contains(&flag), "the terminal is left without {flag} (raw mode):\n{stty}");
    }
    let session = std::fs::read_to_string(dir.join(".schemata/session.json")).expect("the session is saved");
    assert!(session.contains("\"confirmed\""), "the confirmation survives:\n{session}");
}

/// Runs one case: start, confirm a model (so there is work to keep), stop it with `stop`.
fn case(tag: &str, stop: impl FnOnce(&Tmux, u32), expected_exit: &str) {
    if !tmux::available() {
        return;
    }
    let dir = project();
    let tmux = Tmux::new(tag);
    let pid = start(&tmux, "review", dir.path());
    tmux.press("review", "c", "1/7 confirmed");
    stop(&tmux, pid);
    assert_restored(&tmux, "review", dir.path(), expected_exit);
}

#[test]
fn sigterm_restores_the_terminal_and_exits_143() {
    case("sigterm", |_, pid| tmux::kill("TERM", pid), "143");
}

#[test]
fn sigint_from_kill_restores_the_terminal_and_exits_130() {
    case("sigint", |_, pid| tmux::kill("INT", pid), "130");
}

#[test]
fn ctrl_c_quits_cleanly() {
    case("ctrl-c", |tmux, _| tmux.send("review", "C-c"), "0");
}

#[test]
fn ctrl_c_quits_from_inside_a_dialog() {
    case(
        "ctrl-c-dialog",
        |tmux, _| {
            tmux.press("review", "o", "Question · relation names");
            tmux.send("review", "C-c");
        },
        "0",
    );
}

#[test]
fn a_closed_pty_ends_the_review_within_seconds() {
    if !tmux::available() {
        return;
    }
    let dir = project();
    let tmux = Tmux::new("sighup");
    let pid = start(&tmux, "review", dir.path());
    tmux.press("review", "c", "1/7 confirmed");
    // Killing the session closes the pane's pty: the kernel hangs it up (SIGHUP).
    let o = tmux.cmd(&["kill-session", "-t", "review"]);
    assert!(o.status.success(), "kill-session: {}", String::from_utf8_lossy(&o.stderr));
    let start = Instant::now();
    while tmux::running(pid) {
        assert!(start.elapsed() < Duration::from_secs(5), "the review still runs 5 s after its terminal closed");
        std::thread::sleep(Duration::from_millis(50));
    }
    let session = std::fs::read_to_string(dir.path().join(".schemata/session.json")).expect("the session is saved");
    assert!(session.contains("\"confirmed\""), "the confirmation survives:\n{session}");
}
