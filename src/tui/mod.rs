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
use std::path::{Path, PathBuf};
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
    // color-eyre first: ratatui::init wraps the installed panic hook so the terminal is
    // restored before the report is printed.
    let _ = color_eyre::install();
    let mut terminal = ratatui::init();
    let _ = crossterm::execute!(std::io::stdout(), EnableMouseCapture);
    let result = event_loop(&mut terminal, &mut app);
    let _ = crossterm::execute!(std::io::stdout(), DisableMouseCapture);
    ratatui::restore();
    match result {
        Ok(()) => {
            let (done, total) = (app.confirmed_count(), app.schema.models.len());
            println!("{done}/{total} models confirmed; the session is saved in {}", session::SESSION_FILE);
            exit::OK
        }
        Err(e) => {
            eprintln!("error: the terminal failed: {e}; the session is saved in {}", session::SESSION_FILE);
            exit::NOT_DONE
        }
    }
}

fn event_loop(terminal: &mut ratatui::DefaultTerminal, app: &mut App) -> std::io::Result<()> {
    let size = terminal.size()?;
    dispatch(app, Action::Resize(size.width, size.height));
    loop {
        terminal.draw(|frame| views::draw(frame, app))?;
        if app.quit {
            return Ok(());
        }
        // Poll faster while Prisma streams, so its lines show as they come.
        let wait = if app.prisma_running { Duration::from_millis(30) } else { Duration::from_millis(250) };
        if event::poll(wait)? {
            if let Some(action) = input::map_event(app, event::read()?) {
                dispatch(app, action);
            }
            // Handle everything already queued before drawing again (fast typing, pastes).
            while event::poll(Duration::ZERO)? {
                if let Some(action) = input::map_event(app, event::read()?) {
                    dispatch(app, action);
                }
            }
        }
        let messages: Vec<Action> = app.prisma_rx.as_ref().map(|rx| rx.try_iter().collect()).unwrap_or_default();
        for action in messages {
            dispatch(app, action);
        }
    }
}
