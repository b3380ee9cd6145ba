//! The `--migrate` step of `generate`: after the schema is written (and Prisma has validated
//! it), the next migration is written and applied. The schema files stay written whatever
//! happens here; a migration that fails is rolled back by PostgreSQL as a whole.

use crate::conventions::Profile;
use crate::migrate::{self, Request};
use crate::model::{Provider, Schema};
use crate::postgres;
use crate::prisma::engine::{SchemaEngine, SchemaFile};
use crate::write::Plan;
use std::path::Path;

/// Runs the step, printing what it did. Returns whether the migration is written and, when a
/// database was named, applied.
pub fn run(plan: &Plan, out: &Path, schema: &Schema, profile: &Profile, name: &str) -> bool {
    if schema.provider != Provider::Postgresql {
        eprintln!("error: --migrate writes PostgreSQL migrations; this schema is for {}", schema.provider.as_str());
        return false;
    }
    let engine = match SchemaEngine::locate(&plan.root) {
        Ok(engine) => engine,
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("the schema is written; no migration was made");
            return false;
        }
    };
    let extras = postgres::extras(schema, profile);
    for extra in &extras {
        say!("database: {} on {} ({})", extra.kind, extra.model, extra.why);
    }
    let schema_files: Vec<SchemaFile> = plan
        .files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "prisma"))
        .map(|f| SchemaFile { path: f.path.display().to_string(), content: f.contents.clone() })
        .collect();
    let request = Request {
        root: &plan.root,
        migrations_dir: out.join("migrations"),
        schema_files,
        name,
        extras: &extras,
        url: migrate::database_url(&plan.root),
        provider: schema.provider.as_str(),
    };
    match migrate::run(&engine, &request) {
        Ok(outcome) => {
            match &outcome.created {
                Some(folder) => say!("wrote {}", folder.join("migration.sql").display()),
                None => say!("migrations: no changes; the history already matches the schema"),
            }
            match (&outcome.not_applied, outcome.applied.is_empty()) {
                // No database named: the migration is for later (`prisma migrate deploy`).
                // A database named but unreachable: the run did not do what was asked.
                (Some(why), _) => {
                    eprintln!("warning: not applied: {why}");
                    why.starts_with("DATABASE_URL")
                }
                (None, true) => {
                    say!("database is up to date");
                    true
                }
                (None, false) => {
                    say!("applied {}", outcome.applied.join(", "));
                    true
                }
            }
        }
        Err(e) => {
            eprintln!("error: migration: {e}");
            eprintln!("the schema is written; the database was left as it was");
            false
        }
    }
}
