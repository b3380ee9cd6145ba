//! A kill mid-write never leaves a torn schema: the real binary runs `generate` on a large
//! document, alternating between two documents whose schemas differ, and is killed with
//! SIGKILL at points spread over its run. After every kill `prisma/schema.prisma` is exactly
//! one of the two complete schemas, and the ledger (`.schemata/written.json`) parses.
//!
//! A temporary file (`.schemata-*.tmp`) may be left behind when the kill lands between its
//! creation and the rename: the test allows that (it is never read as the schema — Prisma
//! reads `*.prisma` only) and reports how often it happened.

mod common;

use common::generated::document;
use schemata::write::Ledger;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Entities per document: enough that the schema is about a megabyte and a run takes a
/// second or two in a debug build.
const ENTITIES: usize = 2_000;
/// Kills at delays spread evenly from 0 to a little past the run's duration.
const SPREAD: u32 = 20;
/// Kills aimed at the write itself: as soon as the temporary file appears, after a random
/// delay of up to 3 ms (a kill by delay alone rarely lands in a window of milliseconds).
const IN_WRITE: u32 = 10;

/// xorshift64*: a seeded, reproducible jitter without a new crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A fraction in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn generate(dir: &Path, doc: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_schemata"));
    cmd.args(["generate", "--yes", "--no-prisma", "--no-progress", "--force", doc])
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// Runs generate to the end; returns the schema it wrote and how long it took.
fn complete_run(dir: &Path, doc: &str) -> (String, Duration) {
    let start = Instant::now();
    let status = generate(dir, doc).status().expect("schemata runs");
    let took = start.elapsed();
    assert!(status.success(), "generate {doc} failed: {status}");
    (std::fs::read_to_string(dir.join("prisma/schema.prisma")).expect("the schema is written"), took)
}

fn leftovers(dir: &Path) -> Vec<PathBuf> {
    [dir.join("prisma"), dir.join(".schemata")]
        .iter()
        .filter_map(|d| std::fs::read_dir(d).ok())
        .flat_map(|entries| entries.filter_map(Result::ok))
        .map(|e| e.path())
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(".schemata-")))
        .collect()
}

#[test]
fn killed_generate_leaves_the_old_or_the_new_schema() {
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = ["a.md", "b.md"];
    for (flavour, name) in (0u32..).zip(docs) {
        std::fs::write(dir.path().join(name), document(ENTITIES, flavour)).expect("write a document");
    }
    // The two complete schemas, each from a run of its own in a fresh folder.
    let mut outputs = Vec::new();
    let mut longest = Duration::ZERO;
    for name in docs {
        let fresh = tempfile::tempdir().expect("tempdir");
        std::fs::copy(dir.path().join(name), fresh.path().join(name)).expect("copy the document");
        let (schema, took) = complete_run(fresh.path(), name);
        longest = longest.max(took);
        outputs.push(schema);
    }
    assert_ne!(outputs[0], outputs[1], "the two documents must give different schemas");
    assert!(outputs[0].matches("\nmodel ").count() == ENTITIES, "every entity is a model");
    // The folder under test starts with a complete schema from the first document; the run's
    // duration is taken from complete runs here (updates with a ledger, as the killed ones).
    let mut took = Vec::new();
    for i in 0..3 {
        let (schema, t) = complete_run(dir.path(), docs[i % 2]);
        assert_eq!(schema, outputs[i % 2]);
        took.push(t);
    }
    let run = took.iter().min().copied().unwrap_or(longest);

    let schema_path = dir.path().join("prisma/schema.prisma");
    let ledger_path = dir.path().join(".schemata/written.json");
    let mut rng = Rng(0x5c4e_3a7a_2026_1123);
    let (mut old, mut new, mut lagging_ledger, mut max_leftovers, mut caught_writing) = (0, 0, 0, 0, 0);
    for i in 0..SPREAD + IN_WRITE {
        let before = std::fs::read_to_string(&schema_path).expect("the schema exists");
        // The other document than the one whose schema is there, so every run is a change.
        let doc = if before == outputs[0] { docs[1] } else { docs[0] };
        let mut child = generate(dir.path(), doc).spawn().expect("schemata starts");
        let at = if i < SPREAD {
            // Evenly over [0, 1.1 × the run], with jitter.
            let at = (f64::from(i) + rng.unit()) / f64::from(SPREAD) * 1.1;
            std::thread::sleep(run.mul_f64(at));
            format!("{at:.2} of the run")
        } else {
            let known = leftovers(dir.path()).len();
            let start = Instant::now();
            while leftovers(dir.path()).len() == known && start.elapsed() < run * 3 {
                if child.try_wait().ok().flatten().is_some() {
                    break;
                }
                std::thread::yield_now();
            }
            let seen = leftovers(dir.path()).len() > known;
            caught_writing += usize::from(seen);
            std::thread::sleep(Duration::from_micros(rng.next() % 3_000));
            format!("the write (temporary file seen: {seen})")
        };
        let _ = child.kill(); // SIGKILL; it may have finished already
        let _ = child.wait();

        let after = std::fs::read_to_string(&schema_path).expect("the schema is never missing");
        let which = outputs.iter().position(|o| *o == after);
        assert!(
            which.is_some(),
            "kill {i} at {at} left a torn schema ({} bytes; whole ones are {} and {})",
            after.len(),
            outputs[0].len(),
            outputs[1].len()
        );
        if after == before {
            old += 1
        } else {
            new += 1
        }
        let ledger_text = std::fs::read_to_string(&ledger_path).expect("the ledger exists");
        let ledger: serde_json::Value = serde_json::from_str(&ledger_text)
            .unwrap_or_else(|e| panic!("kill {i} left a ledger that does not parse: {e}\n{ledger_text}"));
        // The ledger knows the schema now there as schemata's own (the planned hashes are
        // saved as pending before any rename), so a later run never takes it for the user's.
        assert!(ledger["files"].is_object(), "kill {i}: the ledger lost its files:\n{ledger_text}");
        if !Ledger::parse(Some(&ledger_text)).wrote(Path::new("prisma/schema.prisma"), after.as_bytes()) {
            lagging_ledger += 1;
        }
        assert_eq!(lagging_ledger, 0, "kill {i}: the ledger does not know the schema on disk:\n{ledger_text}");
        max_leftovers = max_leftovers.max(leftovers(dir.path()).len());
    }
    let left = leftovers(dir.path());
    let _ = writeln!(
        std::io::stderr(),
        "{} kills (a run takes ≈ {run:?}; {caught_writing} of {IN_WRITE} caught with the temporary file written): \
         {old} left the old schema, {new} the new one; after {lagging_ledger} kill(s) the ledger did not know the schema on disk; \
         temporary files left behind: {} (most at once: {max_leftovers}) {left:?}",
        SPREAD + IN_WRITE,
        left.len()
    );
}
