//! A project folder with a generated Prisma client and `prisma/seed.ts`, for the seed tests:
//! `tests/seed.rs` type-checks and starts the seed; a database test can migrate the same
//! folder and run it for real.

use schemata::conventions::Profile;
use schemata::model::Schema;
use schemata::prisma::Step;
use schemata::seed::{self, SeedHints};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary project: `prisma/schema.prisma`, `prisma.config.ts`, the generated client,
/// `prisma/seed.ts`, and `node_modules` linked to tests/prisma's.
pub struct SeedProject {
    pub dir: tempfile::TempDir,
    pub schema_path: PathBuf,
    pub seed_path: PathBuf,
}

impl SeedProject {
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Runs a tool from tests/prisma/node_modules/.bin in the project folder.
    pub fn run(&self, tool: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
        Command::new(bin(tool))
            .current_dir(self.root())
            .args(args)
            .envs(env.iter().copied())
            .env("NO_COLOR", "1")
            .output()
            .unwrap_or_else(|e| panic!("{tool} runs: {e}"))
    }
}

/// `node_modules/.bin/<tool>` of the pinned Prisma 7 install (tests/prisma).
pub fn bin(tool: &str) -> PathBuf {
    [env!("CARGO_MANIFEST_DIR"), "tests", "prisma", "node_modules", ".bin", tool].iter().collect()
}

/// Writes the schema the way `schemata generate` does, runs the real `prisma generate`, and
/// writes `prisma/seed.ts` beside the schema. `None` (after a note) when the Prisma CLI is not
/// installed outside CI.
pub fn seed_project(schema: &Schema, profile: &Profile, hints: &SeedHints) -> Option<SeedProject> {
    let cli = super::prisma_cli()?;
    let dir = tempfile::tempdir().expect("tempdir");
    let modules: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "prisma", "node_modules"].iter().collect();
    std::os::unix::fs::symlink(&modules, dir.path().join("node_modules")).expect("link node_modules");
    let plan = schemata::write::plan(schema, profile, &dir.path().join("prisma"), None);
    schemata::write::apply(&plan.files).expect("schema written");
    let generate = cli.run(Step::Generate, &plan.schema_path, dir.path()).expect("prisma runs");
    assert!(generate.success, "prisma generate failed:\n{}", generate.output());
    let seed_path = dir.path().join("prisma").join("seed.ts");
    std::fs::write(&seed_path, seed::render_with(schema, profile, hints)).expect("seed written");
    Some(SeedProject { schema_path: plan.schema_path, seed_path, dir })
}
