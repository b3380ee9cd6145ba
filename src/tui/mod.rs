//! The review designer: a full-screen terminal front on the same core as the batch CLI.
//!
//! The Elm-style loop of the ratatui templates: draw the [`App`] (views borrow it), read an
//! event, map it through the keymap to an [`Action`], `update`, repeat. Nothing is written
//! until the person asks (`w`); every decision, edit and confirmation is saved to the session
//! file as it is made, so quitting never loses work.

pub mod action;
pub mod app;
pub mod dialog;
pub mod docs;
pub mod form;
pub mod graph;
pub mod input;
pub mod keymap;
pub mod messages;
pub mod svg;
pub mod theme;
pub mod tree;
pub mod update;
pub mod views;
pub mod writer;

pub use action::Action;
pub use app::{App, Options};
pub use update::update;

use crate::cli::{exit, load};
use crate::conventions::{self, Choices, Profile};
use crate::ingest::Source;
use crate::prisma::PrismaCli;
use crate::session::{self, Session};
use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use keymap::Keymap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;
use theme::Theme;

/// What `schemata review` was asked to do.
#[derive(Debug, Clone)]
pub struct ReviewConfig {
    pub documents: Vec<PathBuf>,
    /// The folder for `schema.prisma`.
    pub out_dir: PathBuf,
    /// A built-in theme name or a theme file.
    pub theme: Option<String>,
    /// `--profile`: postgres or mongodb (else `schemata.toml`, else detected).
    pub profile: Option<String>,
    /// `--base`: an existing schema file or folder to extend (else the session's).
    pub base: Option<PathBuf>,
    /// `--migrate`: the migration's name; after writing, the migration is made and applied.
    pub migrate: Option<String>,
    /// `--contract`: API-contract documents to check the schema against, live.
    pub contracts: Vec<PathBuf>,
}

/// Feeds an action and whatever it leads to through `update`.
pub fn dispatch(app: &mut App, action: Action) {
    let mut next = Some(action);
    while let Some(a) = next {
        next = update(app, a);
    }
}

/// The theme: `--theme` (or `$SCHEMATA_THEME`), the user's partial `theme.toml` on top,
/// and no colour at all when `NO_COLOR` is set.
pub fn resolve_theme(spec: Option<&str>) -> Result<Theme, String> {
    let env = std::env::var("SCHEMATA_THEME").ok();
    let mut theme = Theme::load(spec.or(env.as_deref()).unwrap_or("dark"))?;
    if let Some(text) = config_dir().map(|d| d.join("theme.toml")).and_then(|p| std::fs::read_to_string(p).ok()) {
        theme = theme.with_overrides(&text).map_err(|e| format!("theme.toml: {e}"))?;
    }
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        theme = theme.without_color();
    }
    Ok(theme)
}

/// The keymap: the embedded one with the user's `keys.toml` (or `$SCHEMATA_KEYS`) first.
pub fn resolve_keymap() -> Result<Keymap, String> {
    let path =
        std::env::var_os("SCHEMATA_KEYS").map(PathBuf::from).or_else(|| config_dir().map(|d| d.join("keys.toml")));
    let user = match path.and_then(|p| std::fs::read_to_string(p).ok()) {
        Some(text) => Some(Keymap::parse(&text).map_err(|e| format!("keys.toml: {e}"))?),
        None => None,
    };
    let keys = Keymap::parse(keymap::DEFAULT)?;
    Ok(match user {
        Some(user) => keys.with_user(user),
        None => keys,
    })
}

/// The conventions profile, as `generate` resolves it: `--profile`, `schemata.toml` in the
/// project root, the Prisma version from `package.json`, else what the documents point to.
fn resolve_profile(sources: &[Source], profile: Option<String>, root: &Path) -> Result<Profile, String> {
    let config = std::fs::read_to_string(root.join("schemata.toml")).ok();
    let package = std::fs::read_to_string(root.join("package.json")).ok();
    let choices = Choices { profile, prisma_major: None, layout: None };
    let ingested = crate::ingest::ingest(sources);
    conventions::resolve(&ingested, &choices, config.as_deref(), package.as_deref())
        .map(|(profile, _notes)| profile)
        .map_err(|e| match e.line {
            Some(line) => format!("schemata.toml:{line}: {}", e.message),
            None => e.message,
        })
}

fn config_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("schemata"))
}

/// The session saved in `dir` for these documents; a session for other documents (or an
/// unreadable one) is kept aside as `session.json.bak` rather than overwritten unseen.
fn load_session(dir: &Path, sources: &[Source]) -> Option<Session> {
    let path = session::path_in(dir);
    let keep_aside = |why: &str| {
        let backup = path.with_extension("json.bak");
        if let Ok(bytes) = std::fs::read(&path) {
            let _ = crate::write::write_atomic(&backup, &bytes);
            eprintln!("note: {why}; the previous session is kept in {}", backup.display());
        }
    };
    match Session::load(&path) {
        Ok(Some(s)) if s.same_documents(sources) => Some(s),
        Ok(Some(_)) => {
            keep_aside("the session in .schemata/ was for other documents");
            None
        }
        Ok(None) => None,
        Err(e) => {
            keep_aside(&format!("could not read the session: {e}"));
            None
        }
    }
}

/// The base schema: `--base`, else the one the session was extending (said so). A base that
/// does not read cleanly is refused with its errors.
fn load_base(given: Option<PathBuf>, session: Option<&Session>) -> Result<Option<app::Base>, u8> {
    let remembered = session.and_then(|s| s.base.clone()).map(PathBuf::from);
    let path = match (given, remembered) {
        (Some(path), _) => path,
        (None, Some(path)) => {
            eprintln!("note: extending {} as the session did (--base to choose another)", path.display());
            path
        }
        (None, None) => return Ok(None),
    };
    let sources = load::schema_sources(&path)?;
    let imported = crate::import::prisma::read(&sources);
    let errors: Vec<_> =
        imported.diagnostics.iter().filter(|d| d.severity == crate::diagnostics::Severity::Error).collect();
    if !errors.is_empty() {
        errors.iter().for_each(|d| eprintln!("{d}"));
        eprintln!("error: the base schema {} does not read cleanly; fix it first", path.display());
        return Err(exit::BAD_INPUT);
    }
    Ok(Some(app::Base { path, sources, schema: imported.schema }))
}

/// Runs the review; returns the exit code.
pub fn run(config: &ReviewConfig) -> u8 {
    let mut sources = Vec::new();
    for path in &config.documents {
        match load::load(path) {
            Ok(s) => sources.push(s),
            Err(e) => {
                eprintln!("error: {e}");
                return exit::BAD_INPUT;
            }
        }
    }
    let (theme, keymap) = match (resolve_theme(config.theme.as_deref()), resolve_keymap()) {
        (Ok(t), Ok(k)) => (t, k),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: {e}");
            return exit::BAD_INPUT;
        }
    };
    let cwd = PathBuf::from(".");
    let session = load_session(&cwd, &sources);
    let base = match load_base(config.base.clone(), session.as_ref()) {
        Ok(base) => base,
        Err(code) => return code,
    };
    let mut contract_sources = Vec::new();
    for path in &config.contracts {
        match load::load(path) {
            Ok(s) => contract_sources.push(s),
            Err(e) => {
                eprintln!("error: {e}");
                return exit::BAD_INPUT;
            }
        }
    }
    let contract =
        if contract_sources.is_empty() { Vec::new() } else { crate::ingest::ingest(&contract_sources).documents };
    let (root, _) = crate::write::root_of(&config.out_dir);
    let profile = match resolve_profile(&sources, config.profile.clone(), &root) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return exit::BAD_INPUT;
        }
    };
    let options = Options {
        session_path: Some(session::path_in(&cwd)),
        out_dir: config.out_dir.clone(),
        prisma: Some(PrismaCli::locate(&root)),
        profile: Some(profile),
        base,
        migrate: config.migrate.clone(),
        contract,
    };
    let mut app = App::new(sources, session, options, theme, keymap);
    if app.schema.models.is_empty() {
        eprintln!(
            "error: no data model found in {} (looked for tables of fields, **Entity** bullets, ```ts interfaces \
             and ```mermaid erDiagram blocks)",
            config.documents.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join(", ")
        );
        return exit::BAD_INPUT;
    }
    app.save();
    // Before the terminal changes mode: a signal from here on is a request to stop that the
    // loop honours, so the terminal is restored instead of left raw in the alternate screen.
    let signals = match Signals::register() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: could not install the signal handlers: {e}");
            return exit::NOT_DONE;
        }
    };
    // color-eyre first: ratatui::init wraps the installed panic hook so the terminal is
    // restored before the report is printed.
    let _ = color_eyre::install();
    let mut terminal = ratatui::init();
    let _ = crossterm::execute!(std::io::stdout(), EnableMouseCapture);
    let result = event_loop(&mut terminal, &mut app, &signals);
    signals.finish();
    restore_terminal();
    let caught = signals.caught();
    signals.unregister();
    // The terminal may be gone (SIGHUP, a failed write): a failed report must not panic the
    // way println! would, so these go through writeln! with the result ignored.
    let say = |text: String| {
        let _ = writeln!(std::io::stderr(), "{text}");
    };
    match (caught, result) {
        // A signal wins over the error it may have caused (EIO on a hung-up terminal).
        (Some(signal), _) => {
            say(format!("stopped by signal {signal}; the session is saved in {}", session::SESSION_FILE));
            // The shell convention for a process ended by a signal: 128 + its number.
            u8::try_from(exit_code(signal)).unwrap_or(exit::NOT_DONE)
        }
        (None, Ok(())) => {
            let (done, total) = (app.confirmed_count(), app.schema.models.len());
            let summary = format!("{done}/{total} models confirmed; the session is saved in {}", session::SESSION_FILE);
            let _ = writeln!(std::io::stdout(), "{summary}");
            exit::OK
        }
        (None, Err(e)) => {
            say(format!("error: the terminal failed: {e}; the session is saved in {}", session::SESSION_FILE));
            exit::NOT_DONE
        }
    }
}

/// SIGINT, SIGTERM and SIGHUP turned into a flag the event loop checks. In raw mode Ctrl-C
/// is a key, not a signal, but `kill`, a closing terminal (SIGHUP) or a supervisor can still
/// send these, and their default action would end the process with the terminal left raw.
///
/// A watcher thread receives them. The loop sees the flag within one poll timeout and leaves
/// the usual way; if it has not within [`Signals::GRACE`] (crossterm's reader spins without
/// returning on a hung-up terminal, which reads as end-of-file forever), the watcher restores
/// the terminal itself and exits. Either way nothing is lost: the session is saved after
/// every change, atomically.
struct Signals {
    /// The number of the signal caught, 0 for none.
    caught: Arc<AtomicUsize>,
    /// Set once the loop has returned, so the watcher leaves the exit to it.
    finished: Arc<AtomicBool>,
    handle: signal_hook::iterator::Handle,
    watcher: Option<std::thread::JoinHandle<()>>,
}

impl Signals {
    const HANDLED: [i32; 3] = [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP];
    const GRACE: Duration = Duration::from_millis(1_000);

    fn register() -> std::io::Result<Self> {
        let mut iterator = signal_hook::iterator::Signals::new(Self::HANDLED)?;
        let handle = iterator.handle();
        let caught = Arc::new(AtomicUsize::new(0));
        let finished = Arc::new(AtomicBool::new(false));
        let (flag, done) = (Arc::clone(&caught), Arc::clone(&finished));
        let watcher = std::thread::Builder::new().name("signals".into()).spawn(move || {
            // Only the first signal matters; the iterator ends when `handle` is closed.
            let Some(signal) = iterator.forever().next() else { return };
            flag.store(usize::try_from(signal).unwrap_or(0), Ordering::SeqCst);
            std::thread::sleep(Self::GRACE);
            if !done.load(Ordering::SeqCst) {
                restore_terminal();
                let _ = writeln!(
                    std::io::stderr(),
                    "stopped by signal {signal}; the session is saved in {}",
                    session::SESSION_FILE
                );
                std::process::exit(exit_code(signal));
            }
        })?;
        Ok(Self { caught, finished, handle, watcher: Some(watcher) })
    }

    /// The signal caught, if any.
    fn caught(&self) -> Option<i32> {
        match self.caught.load(Ordering::SeqCst) {
            0 => None,
            n => i32::try_from(n).ok(),
        }
    }

    /// The loop has returned: the exit is the main thread's from here on.
    fn finish(&self) {
        self.finished.store(true, Ordering::SeqCst);
    }

    /// Stops the watcher and puts back the default actions.
    fn unregister(mut self) {
        self.finish();
        self.handle.close();
        if let Some(watcher) = self.watcher.take() {
            let _ = watcher.join();
        }
    }
}

/// Leaves mouse capture, shows the cursor, leaves raw mode and the alternate screen. Each step
/// is best effort: on a closed terminal they fail, and there is nothing left to restore.
fn restore_terminal() {
    let _ = crossterm::execute!(std::io::stdout(), DisableMouseCapture, crossterm::cursor::Show);
    ratatui::restore();
}

/// 128 + the signal's number, as a shell reports a process a signal ended.
fn exit_code(signal: i32) -> i32 {
    128 + signal
}

/// The key event, if it is Ctrl-C.
fn ctrl_c(event: &event::Event) -> Option<&event::KeyEvent> {
    use event::{KeyCode, KeyEventKind, KeyModifiers};
    match event {
        event::Event::Key(k)
            if k.kind != KeyEventKind::Release
                && k.code == KeyCode::Char('c')
                && k.modifiers.contains(KeyModifiers::CONTROL) =>
        {
            Some(k)
        }
        _ => None,
    }
}

/// Maps and applies one terminal event. Ctrl-C quits from anywhere — a dialog, a form, the
/// filter — unless the keys in force bind it to something else: in raw mode it is the only
/// interrupt a person has, and every change is already in the session file.
fn handle(app: &mut App, event: event::Event) {
    if let Some(key) = ctrl_c(&event) {
        let bound = app.keymap.lookup(&input::sections(app), keymap::Key::of(key));
        if bound.is_none() || bound == Some(Action::Quit) {
            app.quit = true;
            return;
        }
    }
    if let Some(action) = input::map_event(app, event) {
        dispatch(app, action);
    }
}

fn event_loop(terminal: &mut ratatui::DefaultTerminal, app: &mut App, signals: &Signals) -> std::io::Result<()> {
    let size = terminal.size()?;
    dispatch(app, Action::Resize(size.width, size.height));
    loop {
        if signals.caught().is_some() {
            return Ok(());
        }
        terminal.draw(|frame| views::draw(frame, app))?;
        if app.quit {
            return Ok(());
        }
        // Poll faster while Prisma streams, so its lines show as they come. The timeout also
        // bounds how long a caught signal waits to be seen.
        let wait = if app.prisma_running { Duration::from_millis(30) } else { Duration::from_millis(250) };
        if event::poll(wait)? {
            handle(app, event::read()?);
            // Handle everything already queued before drawing again (fast typing, pastes).
            while !app.quit && signals.caught().is_none() && event::poll(Duration::ZERO)? {
                handle(app, event::read()?);
            }
        }
        let messages: Vec<Action> = app.prisma_rx.as_ref().map(|rx| rx.try_iter().collect()).unwrap_or_default();
        for action in messages {
            dispatch(app, action);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

    fn key(code: KeyCode, modifiers: KeyModifiers) -> Event {
        Event::Key(KeyEvent::new(code, modifiers))
    }

    #[test]
    fn the_base_is_the_given_one_else_the_sessions_and_must_read_cleanly() {
        let dir = tempfile::tempdir().expect("tempdir");
        let good = dir.path().join("schema.prisma");
        std::fs::write(&good, "datasource db {\n  provider = \"postgresql\"\n}\n\nmodel A {\n  id Int @id\n}\n")
            .expect("write");
        let bad = dir.path().join("bad.prisma");
        std::fs::write(&bad, "model A {\n  id Nope @id\n}\n").expect("write");
        let session = Session { base: Some(good.display().to_string()), ..Session::default() };
        let base = |given: Option<&Path>, session| load_base(given.map(Path::to_path_buf), session);
        let resumed = base(None, Some(&session)).expect("reads").expect("the session's base");
        assert_eq!((resumed.path.clone(), resumed.schema.models.len()), (good.clone(), 1));
        assert!(base(None, None).expect("no base").is_none());
        assert_eq!(base(Some(&bad), Some(&session)).err(), Some(exit::BAD_INPUT), "--base wins, and must read cleanly");
    }

    #[test]
    fn ctrl_c_quits_from_the_panes_a_dialog_a_form_and_the_filter() {
        let doc = "### Customer\n| Field | Type |\n|---|---|\n| id | uuid |\n| email | string |\n";
        for opener in [None, Some('?'), Some('A'), Some('/')] {
            let sources = vec![Source::new("doc.md", doc)];
            let mut app = App::new(sources, None, Options::default(), Theme::default(), Keymap::default_keys());
            dispatch(&mut app, Action::Resize(120, 40));
            if let Some(c) = opener {
                handle(&mut app, key(KeyCode::Char(c), KeyModifiers::NONE));
                assert!(app.ui.dialog.is_some() || app.ui.filter_input.is_some(), "{c} opens something");
            }
            handle(&mut app, key(KeyCode::Char('c'), KeyModifiers::CONTROL));
            assert!(app.quit, "Ctrl-C after {opener:?} quits");
        }
    }
}
