//! `prisma/seed.ts` against the real generated client: it type-checks (`tsc --noEmit`, strict
//! and then some) and, run with tsx, gets as far as connecting to the database. Running it
//! against a migrated database is the database tests' part.

mod common;

use common::seed::{SeedProject, bin, seed_project};
use schemata::conventions::{self, Profile};
use schemata::infer::{Settings, infer};
use schemata::ingest::{Source, ingest};
use schemata::model::{Decisions, Schema};
use schemata::seed::SeedHints;
use std::io::Write as _;
use std::path::Path;

/// Stricter than most projects, so the seed compiles under theirs too.
const TSCONFIG: &str = r#"{
  "compilerOptions": {
    "target": "ES2022",
    "module": "ESNext",
    "moduleResolution": "bundler",
    "allowImportingTsExtensions": true,
    "noEmit": true,
    "strict": true,
    "noUncheckedIndexedAccess": true,
    "exactOptionalPropertyTypes": true,
    "noUnusedLocals": true,
    "noUnusedParameters": true,
    "skipLibCheck": true,
    "types": ["node"]
  },
  "files": ["prisma/seed.ts"]
}
"#;

/// Nothing listens on port 1: the seed must fail there, and only there.
const UNREACHABLE: &str = "postgresql://seed:seed@127.0.0.1:1/seed";

fn schema_of(path: &Path, profile: &Profile) -> Schema {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let sources = [Source::new(path.display().to_string(), text)];
    let mut schema = infer(&ingest(&sources), &Decisions::default(), &Settings::default()).schema;
    conventions::apply(&mut schema, profile);
    schema
}

fn manifest(rel: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn text(output: &std::process::Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// Type-checks the seed with tsc when tests/prisma has TypeScript (else says so), then runs
/// it with tsx against a port where nothing listens: it must compile, load the generated
/// client and fail on the connection, not before.
fn check_seed(project: &SeedProject, what: &str) {
    let seed = std::fs::read_to_string(&project.seed_path).expect("seed readable");
    if bin("tsc").is_file() {
        std::fs::write(project.root().join("tsconfig.json"), TSCONFIG).expect("tsconfig written");
        let tsc = project.run("tsc", &["-p", "tsconfig.json"], &[]);
        assert!(tsc.status.success(), "{what}: seed.ts does not type-check:\n{}\n{seed}", text(&tsc));
    } else {
        let _ = writeln!(
            std::io::stderr(),
            "note: no type check, TypeScript is missing: npm ci --prefix tests/prisma installs it"
        );
    }
    let run = project.run("tsx", &["prisma/seed.ts"], &[("DATABASE_URL", UNREACHABLE)]);
    let output = text(&run);
    assert_eq!(run.status.code(), Some(1), "{what}: the seed should stop at the connection:\n{output}");
    assert!(
        output.contains("Can't reach database server at 127.0.0.1:1"),
        "{what}: the seed failed before connecting:\n{output}\n{seed}"
    );
    assert!(!output.contains("seeded "), "{what}: nothing is seeded without a database:\n{output}");
}

#[test]
fn the_example_seed_compiles_against_its_generated_client() {
    let profile = Profile::postgres();
    let schema = schema_of(&manifest("examples/ticketing/docs/design.md"), &profile);
    let Some(project) = seed_project(&schema, &profile, &SeedHints::default()) else { return };
    // The import path the generator really writes.
    assert!(project.root().join("prisma/generated/client.ts").is_file(), "prisma-client writes generated/client.ts");
    let seed = std::fs::read_to_string(&project.seed_path).expect("seed");
    assert!(seed.contains("import { Prisma, PrismaClient } from \"./generated/client\";"), "{seed}");
    check_seed(&project, "ticketing");
}

#[test]
fn a_multi_tenant_seed_compiles_with_its_transactions() {
    let profile = Profile::postgres();
    let schema = schema_of(&manifest("tests/fixtures/seed/workspace.md"), &profile);
    let mut hints = SeedHints::default();
    hints.allowed.insert(("Project".into(), "channel".into()), vec!["email".into(), "sms".into()]);
    let Some(project) = seed_project(&schema, &profile, &hints) else { return };
    let seed = std::fs::read_to_string(&project.seed_path).expect("seed");
    assert!(seed.contains("await prisma.$transaction("), "{seed}");
    check_seed(&project, "workspace");
}

#[test]
fn the_team_samples_seeds_compile() {
    let Some(samples) = common::samples_dir() else { return };
    let profile = Profile::postgres();
    // Each sample is its own project; tsc and tsx take seconds, so they run side by side.
    std::thread::scope(|scope| {
        for sample in ["architecture.md", "prd.md", "api-contract.md", "erd.md"] {
            let (samples, profile) = (&samples, &profile);
            scope.spawn(move || {
                let schema = schema_of(&samples.join(sample), profile);
                if let Some(project) = seed_project(&schema, profile, &SeedHints::default()) {
                    check_seed(&project, sample);
                }
            });
        }
    });
}
