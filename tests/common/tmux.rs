//! The real binary in a real terminal: a tmux server of the test's own (its own socket,
//! killed when the test ends), one window per session name, keys sent and screens read as a
//! person would see them.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

pub struct Tmux {
    socket: String,
}

impl Tmux {
    /// A server of its own for this test (`tag` tells tests apart within one process).
    pub fn new(tag: &str) -> Self {
        Self { socket: format!("schemata-{tag}-{}", std::process::id()) }
    }

    pub fn cmd(&self, args: &[&str]) -> Output {
        Command::new("tmux").arg("-L").arg(&self.socket).args(args).output().expect("tmux runs")
    }

    /// Starts `command` (run by the shell) in a new detached 120×40 session `name` in `dir`.
    pub fn start(&self, name: &str, dir: &Path, command: &str) {
        self.start_sized(name, dir, command, (120, 40));
    }

    /// [`Tmux::start`] in a terminal of `(columns, rows)`.
    pub fn start_sized(&self, name: &str, dir: &Path, command: &str, (columns, rows): (u16, u16)) {
        let dir = dir.to_str().expect("utf-8 temp path");
        let (x, y) = (columns.to_string(), rows.to_string());
        let o = self.cmd(&["new-session", "-d", "-s", name, "-x", &x, "-y", &y, "-c", dir, command]);
        assert!(o.status.success(), "tmux new-session: {}", String::from_utf8_lossy(&o.stderr));
    }

    pub fn send(&self, name: &str, key: &str) {
        let o = self.cmd(&["send-keys", "-t", name, key]);
        assert!(o.status.success(), "send-keys {key}: {}", String::from_utf8_lossy(&o.stderr));
    }

    pub fn screen(&self, name: &str) -> String {
        String::from_utf8_lossy(&self.cmd(&["capture-pane", "-p", "-t", name]).stdout).into_owned()
    }

    /// A tmux format evaluated for the session's pane (`#{alternate_on}`, `#{cursor_flag}`).
    pub fn display(&self, name: &str, format: &str) -> String {
        String::from_utf8_lossy(&self.cmd(&["display-message", "-p", "-t", name, format]).stdout).trim().to_string()
    }

    /// Waits until the screen satisfies `done`; panics with the screen after `timeout`.
    pub fn wait_until(&self, name: &str, what: &str, timeout: Duration, done: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen(name);
            if done(&screen) {
                return screen;
            }
            if start.elapsed() > timeout {
                panic!("waited {timeout:?} for {what}; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits until the screen shows `text`.
    pub fn wait_for(&self, name: &str, text: &str) -> String {
        self.wait_until(name, &format!("{text:?}"), Duration::from_secs(20), |s| s.contains(text))
    }

    /// Sends a key and waits for its effect.
    pub fn press(&self, name: &str, key: &str, expect: &str) -> String {
        self.send(name, key);
        self.wait_for(name, expect)
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]);
    }
}

/// Whether tmux is here; a skip (with a note) outside CI, a failure under CI=true.
pub fn available() -> bool {
    let found = Command::new("tmux").arg("-V").output().is_ok_and(|o| o.status.success());
    if !found {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("tmux is missing: CI runs the terminal tests");
        }
        let _ = writeln!(std::io::stderr(), "note: skipping, tmux is not installed");
    }
    found
}

/// Whether process `pid` is still running (a zombie, which a container's init may never
/// reap, has exited).
pub fn running(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| stat.rsplit_once(") ").map(|(_, rest)| !rest.starts_with('Z')))
        .unwrap_or(false)
}

/// Reads a pid the wrapper script wrote, waiting for it to appear.
pub fn read_pid(path: &Path) -> u32 {
    let start = Instant::now();
    loop {
        if let Some(pid) = std::fs::read_to_string(path).ok().and_then(|t| t.trim().parse().ok()) {
            return pid;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "no pid in {}", path.display());
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Sends `signal` (a `kill` name: TERM, INT, KILL) to `pid`.
pub fn kill(signal: &str, pid: u32) {
    let o = Command::new("kill").arg(format!("-{signal}")).arg(pid.to_string()).output().expect("kill runs");
    assert!(o.status.success(), "kill -{signal} {pid}: {}", String::from_utf8_lossy(&o.stderr));
}
