//! Runs one Prisma CLI step as a child process: no shell, bounded output, a hard timeout.
//!
//! Both pipes are read on their own threads so a child that fills one of them never blocks
//! while we wait on the other; lines reach the caller's thread over a channel, which is what
//! lets [`PrismaCli::run_streaming`] take a plain `FnMut` (the TUI's callback need not be `Send`).

use std::ffi::OsString;
use std::fmt;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

/// Environment variable naming the Prisma executable to use instead of searching for one.
pub const PRISMA_ENV: &str = "SCHEMATA_PRISMA";

/// How long one step may run before it is killed.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// How many bytes of stdout, and separately of stderr, are kept.
pub const DEFAULT_OUTPUT_LIMIT: usize = 1 << 20;

/// How often the child is polled while its pipes are quiet.
const POLL: Duration = Duration::from_millis(20);

/// How long to keep reading after the child is gone: a grandchild it left behind may hold the
/// pipes open indefinitely, and we do not wait for it.
const DRAIN_GRACE: Duration = Duration::from_millis(500);

/// One Prisma CLI command that schemata runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    /// `prisma format`: rewrites the schema file in place in the canonical layout.
    Format,
    /// `prisma validate`: checks the schema without touching anything.
    Validate,
    /// `prisma generate`: writes the client to the generator's `output`.
    Generate,
    /// `prisma migrate dev --create-only`: the next migration's folder, not applied (needs the
    /// native schema engine and a database).
    MigrateCreate,
    /// `prisma migrate deploy`: applies the pending migrations.
    MigrateDeploy,
}

impl Step {
    /// The CLI arguments that select this step, before `--schema`.
    pub fn args(self) -> &'static [&'static str] {
        match self {
            Step::Format => &["format"],
            Step::Validate => &["validate"],
            Step::Generate => &["generate"],
            Step::MigrateCreate => &["migrate", "dev", "--create-only"],
            Step::MigrateDeploy => &["migrate", "deploy"],
        }
    }
}

impl Step {
    /// The engines the step never starts but the CLI still downloads at start-up when they are
    /// absent (which fails offline): for these a stub is named instead, unless the user has
    /// chosen one. `generate` keeps the query engine: Prisma 6's client ships it to runtime.
    fn stubbed_engines(self) -> &'static [&'static str] {
        match self {
            Step::Format | Step::Validate => &[SCHEMA_ENGINE_ENV, QUERY_ENGINE_ENV],
            Step::Generate => &[SCHEMA_ENGINE_ENV],
            // Migrations run the schema engine, which is only chosen when it is there.
            Step::MigrateCreate | Step::MigrateDeploy => &[QUERY_ENGINE_ENV],
        }
    }
}

/// Where the Prisma CLI finds its native schema engine (migrations, introspection).
const SCHEMA_ENGINE_ENV: &str = "PRISMA_SCHEMA_ENGINE_BINARY";
/// Where Prisma 6 finds its query engine library.
const QUERY_ENGINE_ENV: &str = "PRISMA_QUERY_ENGINE_LIBRARY";

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.args().join(" ").as_str())
    }
}

/// Which pipe a line came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// How to start the Prisma CLI: an executable, fixed leading arguments, extra environment.
#[derive(Debug, Clone)]
pub struct PrismaCli {
    program: PathBuf,
    prefix_args: Vec<OsString>,
    env: Vec<(OsString, OsString)>,
    timeout: Duration,
    output_limit: usize,
}

impl PrismaCli {
    /// Finds the CLI: `$SCHEMATA_PRISMA`, else `node_modules/.bin/prisma` in `project_dir` or
    /// an ancestor, else `npx --no-install prisma`.
    pub fn locate(project_dir: &Path) -> Self {
        Self::locate_with(project_dir, std::env::var_os(PRISMA_ENV))
    }

    fn locate_with(project_dir: &Path, configured: Option<OsString>) -> Self {
        if let Some(program) = configured.filter(|p| !p.is_empty()) {
            return Self::with_program(program, Vec::<OsString>::new());
        }
        // Relative paths have no useful ancestors ("." stops at ""), so search from the absolute one.
        let start = std::path::absolute(project_dir).unwrap_or_else(|_| project_dir.to_path_buf());
        let local = start
            .ancestors()
            .map(|dir| dir.join("node_modules").join(".bin").join("prisma"))
            .find(|candidate| candidate.is_file());
        match local {
            Some(program) => Self::with_program(program, Vec::<OsString>::new()),
            // `--no-install` so a missing CLI fails fast instead of downloading one unasked.
            None => Self::with_program("npx", ["--no-install", "prisma"]),
        }
    }

    /// Runs `program` with `prefix_args` before each step's own arguments.
    pub fn with_program<I, A>(program: impl Into<PathBuf>, prefix_args: I) -> Self
    where
        I: IntoIterator<Item = A>,
        A: Into<OsString>,
    {
        Self {
            program: program.into(),
            prefix_args: prefix_args.into_iter().map(Into::into).collect(),
            // Output is captured and later parsed, never shown raw on a terminal, so no ANSI colour.
            env: vec![("NO_COLOR".into(), "1".into())],
            timeout: DEFAULT_TIMEOUT,
            output_limit: DEFAULT_OUTPUT_LIMIT,
        }
    }

    /// Sets an environment variable for the child, on top of the inherited environment.
    pub fn with_env(mut self, key: impl Into<OsString>, value: impl Into<OsString>) -> Self {
        self.env.push((key.into(), value.into()));
        self
    }

    /// Kills the child when a step takes longer than `timeout`.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Keeps at most `bytes` of stdout and of stderr each; the rest is read and dropped.
    pub fn with_output_limit(mut self, bytes: usize) -> Self {
        self.output_limit = bytes;
        self
    }

    /// The executable that [`run`](Self::run) starts.
    pub fn program(&self) -> &Path {
        &self.program
    }

    /// The full argument list for `step` on `schema`, after the program.
    pub fn args(&self, step: Step, schema: &Path) -> Vec<OsString> {
        self.args_with(step, &[], schema)
    }

    /// Like [`args`](Self::args), with `extra` after the step's own arguments.
    pub fn args_with(&self, step: Step, extra: &[&str], schema: &Path) -> Vec<OsString> {
        let mut args = self.prefix_args.clone();
        args.extend(step.args().iter().map(OsString::from));
        args.extend(extra.iter().map(OsString::from));
        args.push("--schema".into());
        args.push(schema.as_os_str().to_owned());
        args
    }

    /// Runs one step on the schema file or folder `schema`, in `cwd`.
    pub fn run(&self, step: Step, schema: &Path, cwd: &Path) -> Result<Outcome, RunError> {
        self.run_streaming(step, schema, cwd, |_, _| {})
    }

    /// Like [`run`](Self::run), and hands each kept line (without its newline) to `on_line` as
    /// it arrives.
    pub fn run_streaming(
        &self,
        step: Step,
        schema: &Path,
        cwd: &Path,
        on_line: impl FnMut(Stream, &str),
    ) -> Result<Outcome, RunError> {
        self.run_streaming_with(step, &[], schema, cwd, on_line)
    }

    /// Like [`run_streaming`](Self::run_streaming), with `extra` arguments after the step's
    /// own (`--name add_tickets`).
    pub fn run_streaming_with(
        &self,
        step: Step,
        extra: &[&str],
        schema: &Path,
        cwd: &Path,
        mut on_line: impl FnMut(Stream, &str),
    ) -> Result<Outcome, RunError> {
        let io_error = |source| RunError::Io { program: self.program_name(), source };
        // Checked here because a missing cwd makes spawn fail with NotFound, which would
        // otherwise be reported as a missing Prisma CLI.
        if !cwd.is_dir() {
            return Err(io_error(io::Error::new(
                io::ErrorKind::NotFound,
                format!("working directory {} does not exist", cwd.display()),
            )));
        }

        let started = Instant::now();
        let mut command = Command::new(&self.program);
        for engine in step.stubbed_engines() {
            let chosen = std::env::var_os(engine).is_some() || self.env.iter().any(|(k, _)| k == engine);
            if !chosen {
                command.env(engine, "/bin/false");
            }
        }
        let mut child = command
            .args(self.args_with(step, extra, schema))
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .current_dir(cwd)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|source| match source.kind() {
                io::ErrorKind::NotFound => RunError::NotFound { program: self.program_name() },
                _ => io_error(source),
            })?;

        let (tx, rx) = mpsc::channel();
        if let Err(source) = self.start_readers(&mut child, &tx) {
            // Without readers the child could block on a full pipe forever; stop it.
            let _ = child.kill();
            let _ = child.wait();
            return Err(io_error(source));
        }
        drop(tx);

        let collected = self.collect(&mut child, &rx, started, &mut on_line).map_err(|source| {
            // Do not leave a child running behind an error; it may already be gone.
            let _ = child.kill();
            let _ = child.wait();
            io_error(source)
        })?;
        Ok(Outcome {
            step,
            success: !collected.timed_out && collected.status.success(),
            code: collected.status.code(),
            stdout: collected.stdout,
            stderr: collected.stderr,
            timed_out: collected.timed_out,
            truncated: collected.truncated,
            elapsed: started.elapsed(),
        })
    }

    fn program_name(&self) -> String {
        self.program.display().to_string()
    }

    fn start_readers(&self, child: &mut Child, tx: &Sender<Event>) -> io::Result<()> {
        let pipes: [(Stream, Option<Box<dyn Read + Send>>); 2] = [
            (Stream::Stdout, child.stdout.take().map(|p| Box::new(p) as Box<dyn Read + Send>)),
            (Stream::Stderr, child.stderr.take().map(|p| Box::new(p) as Box<dyn Read + Send>)),
        ];
        for (stream, pipe) in pipes {
            let pipe = pipe.ok_or_else(|| io::Error::other("child pipe was not captured"))?;
            let tx = tx.clone();
            let limit = self.output_limit;
            thread::Builder::new()
                .name(format!("prisma-{stream:?}").to_lowercase())
                .spawn(move || pump(pipe, stream, limit, &tx))?;
        }
        Ok(())
    }

    /// Gathers lines until the child has exited and both pipes are closed (or given up on).
    fn collect(
        &self,
        child: &mut Child,
        rx: &Receiver<Event>,
        started: Instant,
        on_line: &mut impl FnMut(Stream, &str),
    ) -> io::Result<Collected> {
        let deadline = started + self.timeout;
        let mut stdout = String::new();
        let mut stderr = String::new();
        let mut open_pipes = 2;
        let mut truncated = false;
        let mut timed_out = false;
        let mut status: Option<ExitStatus> = None;
        let mut drain_until: Option<Instant> = None;
        let mut read_error: Option<io::Error> = None;

        while open_pipes > 0 || status.is_none() {
            let now = Instant::now();
            if status.is_none() {
                if let Some(exited) = child.try_wait()? {
                    status = Some(exited);
                } else if now >= deadline {
                    // An error here means the child exited on its own just now; wait() tells.
                    let _ = child.kill();
                    timed_out = true;
                    status = Some(child.wait()?);
                }
                if status.is_some() {
                    drain_until = Some(now + DRAIN_GRACE);
                }
            }
            if drain_until.is_some_and(|until| now >= until) {
                break;
            }
            let wake = drain_until.unwrap_or(deadline).min(now + POLL);
            let wait = wake.saturating_duration_since(now);
            if open_pipes == 0 {
                thread::sleep(wait);
                continue;
            }
            match rx.recv_timeout(wait) {
                Ok(Event::Line(stream, bytes)) => {
                    let text = String::from_utf8_lossy(&bytes);
                    on_line(stream, text.trim_end_matches('\n').trim_end_matches('\r'));
                    match stream {
                        Stream::Stdout => stdout.push_str(&text),
                        Stream::Stderr => stderr.push_str(&text),
                    }
                }
                Ok(Event::Truncated) => truncated = true,
                Ok(Event::Closed(result)) => {
                    open_pipes -= 1;
                    if let Err(err) = result {
                        read_error.get_or_insert(err);
                    }
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => open_pipes = 0,
            }
        }

        if let Some(err) = read_error {
            return Err(err);
        }
        // The loop only ends once a status is known; this is for the type, not a real case.
        let status = status.ok_or_else(|| io::Error::other("child status unknown"))?;
        Ok(Collected { status, stdout, stderr, truncated, timed_out })
    }
}

/// What one step did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub step: Step,
    /// Exited with status 0 and was not killed.
    pub success: bool,
    /// The exit code; `None` when a signal ended the child (as on timeout).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    /// The child ran past the timeout and was killed.
    pub timed_out: bool,
    /// Some output went past the limit and was dropped.
    pub truncated: bool,
    pub elapsed: Duration,
}

impl Outcome {
    /// Stdout then stderr, for messages and searches that do not care which pipe said it.
    pub fn output(&self) -> String {
        let mut all = self.stdout.clone();
        if !all.is_empty() && !all.ends_with('\n') && !self.stderr.is_empty() {
            all.push('\n');
        }
        all.push_str(&self.stderr);
        all
    }
}

/// Why a step could not be run at all (a step that ran and failed is an [`Outcome`]).
#[derive(Debug)]
pub enum RunError {
    /// The executable does not exist, or is not on `PATH`.
    NotFound { program: String },
    /// Starting the child or reading from it failed.
    Io { program: String, source: io::Error },
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::NotFound { program } => write!(
                f,
                "the Prisma CLI could not be started: `{program}` was not found. Install it in \
                 your project with `npm i -D prisma@7`, or set {PRISMA_ENV} to the path of a \
                 prisma executable"
            ),
            RunError::Io { program, source } => write!(f, "running `{program}` failed: {source}"),
        }
    }
}

impl std::error::Error for RunError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RunError::NotFound { .. } => None,
            RunError::Io { source, .. } => Some(source),
        }
    }
}

/// What the reader threads send to the collecting thread.
enum Event {
    /// One line with its newline, or the last bytes before EOF or the limit.
    Line(Stream, Vec<u8>),
    /// Bytes of this pipe were dropped because of the limit.
    Truncated,
    /// The pipe reached EOF, or reading it failed.
    Closed(io::Result<()>),
}

struct Collected {
    status: ExitStatus,
    stdout: String,
    stderr: String,
    truncated: bool,
    timed_out: bool,
}

/// Reads `pipe` to its end, sending at most `limit` bytes as lines; the rest is still read so
/// that the child never blocks writing to a pipe nobody empties.
fn pump(mut pipe: impl Read, stream: Stream, limit: usize, tx: &Sender<Event>) {
    let mut buf = [0u8; 8192];
    let mut line = Vec::new();
    let mut left = limit;
    let mut cut = false;
    let result = loop {
        let n = match pipe.read(&mut buf) {
            Ok(0) => break Ok(()),
            Ok(n) => n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => break Err(err),
        };
        for chunk in buf[..n].split_inclusive(|&b| b == b'\n') {
            let take = chunk.len().min(left);
            line.extend_from_slice(&chunk[..take]);
            left -= take;
            let complete = take == chunk.len() && chunk.ends_with(b"\n");
            if (complete || take < chunk.len()) && !line.is_empty() {
                // The receiver only goes away when nobody wants the output any more.
                if tx.send(Event::Line(stream, std::mem::take(&mut line))).is_err() {
                    return;
                }
            }
            if take < chunk.len() && !cut {
                cut = true;
                if tx.send(Event::Truncated).is_err() {
                    return;
                }
            }
        }
    };
    if !line.is_empty() {
        let _ = tx.send(Event::Line(stream, line));
    }
    let _ = tx.send(Event::Closed(result));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp() -> tempfile::TempDir {
        tempfile::tempdir().expect("tempdir")
    }

    #[test]
    fn step_args_and_schema_flag() {
        let cli = PrismaCli::with_program("npx", ["--no-install", "prisma"]);
        let args = cli.args(Step::Validate, Path::new("prisma/schema.prisma"));
        assert_eq!(args, ["--no-install", "prisma", "validate", "--schema", "prisma/schema.prisma"]);
        assert_eq!(Step::Generate.to_string(), "generate");
        let create = cli.args_with(Step::MigrateCreate, &["--name", "add tickets"], Path::new("prisma"));
        assert_eq!(
            create,
            [
                "--no-install",
                "prisma",
                "migrate",
                "dev",
                "--create-only",
                "--name",
                "add tickets",
                "--schema",
                "prisma"
            ]
        );
    }

    #[test]
    fn captures_both_pipes_and_exit_code() {
        let dir = tmp();
        // `sh -c` here only stands in for a child that writes to both pipes; the runner
        // itself never goes through a shell.
        let cli = PrismaCli::with_program("sh", ["-c", "echo out; echo err >&2; exit 3", "sh"]);
        let mut lines = Vec::new();
        let outcome = cli
            .run_streaming(Step::Validate, Path::new("x.prisma"), dir.path(), |s, l| lines.push((s, l.to_owned())))
            .expect("runs");
        assert!(!outcome.success);
        assert_eq!(outcome.code, Some(3));
        assert_eq!(outcome.stdout, "out\n");
        assert_eq!(outcome.stderr, "err\n");
        assert!(!outcome.timed_out && !outcome.truncated);
        assert!(lines.contains(&(Stream::Stdout, "out".to_owned())));
        assert!(lines.contains(&(Stream::Stderr, "err".to_owned())));
    }

    #[test]
    fn passes_schema_and_env() {
        let dir = tmp();
        let cli = PrismaCli::with_program("sh", ["-c", "echo \"$SCHEMATA_TEST_VAR $@\"", "sh"])
            .with_env("SCHEMATA_TEST_VAR", "hello");
        let outcome = cli.run(Step::Format, Path::new("a b.prisma"), dir.path()).expect("runs");
        assert!(outcome.success, "{outcome:?}");
        assert_eq!(outcome.stdout, "hello format --schema a b.prisma\n");
    }

    #[test]
    fn kills_on_timeout() {
        let dir = tmp();
        // Through `sh` because `sleep` would reject the step arguments appended after `5`.
        let cli = PrismaCli::with_program("sh", ["-c", "sleep 5", "sh"]).with_timeout(Duration::from_millis(200));
        let outcome = cli.run(Step::Validate, Path::new("x.prisma"), dir.path()).expect("runs");
        assert!(outcome.timed_out);
        assert!(!outcome.success);
        assert_eq!(outcome.code, None, "killed by a signal");
        assert!(outcome.elapsed < Duration::from_secs(3), "took {:?}", outcome.elapsed);
    }

    #[test]
    fn a_grandchild_holding_the_pipes_does_not_hang_the_run() {
        let dir = tmp();
        // The shell exits at once; its background `sleep` keeps stdout open.
        let cli =
            PrismaCli::with_program("sh", ["-c", "sleep 5 & echo started", "sh"]).with_timeout(Duration::from_secs(10));
        let outcome = cli.run(Step::Validate, Path::new("x.prisma"), dir.path()).expect("runs");
        assert!(outcome.success, "{outcome:?}");
        assert!(!outcome.timed_out);
        assert_eq!(outcome.stdout, "started\n");
        assert!(outcome.elapsed < Duration::from_secs(3), "took {:?}", outcome.elapsed);
    }

    #[test]
    fn bounds_output_and_drains_the_rest() {
        let dir = tmp();
        // ~6.9 MB on stdout, far past the pipe buffer: the child must not block on it.
        let cli = PrismaCli::with_program("sh", ["-c", "seq 1 1000000; echo done >&2", "sh"]).with_output_limit(1000);
        let mut seen = 0usize;
        let outcome = cli
            .run_streaming(Step::Validate, Path::new("x.prisma"), dir.path(), |_, l| seen += l.len() + 1)
            .expect("runs");
        assert!(outcome.success, "{outcome:?}");
        assert!(outcome.truncated);
        assert_eq!(outcome.stdout.len(), 1000);
        assert!(outcome.stdout.starts_with("1\n2\n3\n"));
        assert_eq!(outcome.stderr, "done\n", "stderr has its own budget");
        assert!(seen <= 1000 + "done\n".len() + 1);
    }

    #[test]
    fn output_exactly_at_the_limit_is_not_truncated() {
        let dir = tmp();
        let cli = PrismaCli::with_program("sh", ["-c", "printf 'abcd\\n'", "sh"]).with_output_limit(5);
        let outcome = cli.run(Step::Validate, Path::new("x.prisma"), dir.path()).expect("runs");
        assert_eq!(outcome.stdout, "abcd\n");
        assert!(!outcome.truncated);
    }

    #[test]
    fn missing_executable_is_not_found() {
        let dir = tmp();
        let cli = PrismaCli::with_program(dir.path().join("no-such-prisma"), Vec::<OsString>::new());
        let err = cli.run(Step::Validate, Path::new("x.prisma"), dir.path()).expect_err("fails");
        assert!(matches!(err, RunError::NotFound { .. }), "{err:?}");
        let message = err.to_string();
        assert!(message.contains("no-such-prisma"), "{message}");
        assert!(message.contains("npm i -D prisma@7"), "{message}");
    }

    #[test]
    fn missing_cwd_is_not_reported_as_missing_cli() {
        let dir = tmp();
        let cli = PrismaCli::with_program("true", Vec::<OsString>::new());
        let err = cli.run(Step::Validate, Path::new("x.prisma"), &dir.path().join("gone")).expect_err("fails");
        assert!(matches!(err, RunError::Io { .. }), "{err:?}");
        assert!(err.to_string().contains("gone"), "{err}");
    }

    #[test]
    fn locate_prefers_override_then_ancestor_node_modules_then_npx() {
        let root = tmp();
        let nested = root.path().join("app").join("prisma");
        std::fs::create_dir_all(&nested).expect("mkdir");

        let fallback = PrismaCli::locate_with(&nested, None);
        // A prisma installed above the tempdir (say in /tmp) would be found instead; that is
        // the intended search, so only check the fallback when nothing is there.
        if !root.path().ancestors().any(|d| d.join("node_modules/.bin/prisma").is_file()) {
            assert_eq!(fallback.program(), Path::new("npx"));
            assert_eq!(fallback.prefix_args, ["--no-install", "prisma"]);
        }

        let bin = root.path().join("node_modules").join(".bin");
        std::fs::create_dir_all(&bin).expect("mkdir");
        std::fs::write(bin.join("prisma"), "").expect("write");
        let found = PrismaCli::locate_with(&nested, None);
        assert_eq!(found.program(), bin.join("prisma"));
        assert!(found.prefix_args.is_empty());

        let chosen = PrismaCli::locate_with(&nested, Some("/opt/prisma".into()));
        assert_eq!(chosen.program(), Path::new("/opt/prisma"));
        let empty = PrismaCli::locate_with(&nested, Some("".into()));
        assert_eq!(empty.program(), bin.join("prisma"), "an empty override is ignored");
    }
}
