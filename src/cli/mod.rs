//! The batch front: `schemata generate` and `schemata inspect`. A thin shell that reads
//! files, calls the pure core, prints, writes and runs Prisma.

/// Prints a line to stdout. A closed stdout (`schemata inspect | head`) drops the rest of
/// the output quietly instead of panicking the way `println!` does.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// What a command decided along the way (profile, answers taken with `--yes`): on stdout,
/// unless the command's stdout is data (`schemata sql`), then on stderr.
macro_rules! note {
    ($($arg:tt)*) => {{
        if $crate::cli::NOTES_TO_STDERR.load(std::sync::atomic::Ordering::Relaxed) {
            eprintln!($($arg)*);
        } else {
            say!($($arg)*);
        }
    }};
}

/// Set by commands whose stdout is data, so that [`note!`] keeps it clean.
pub static NOTES_TO_STDERR: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

mod check;
mod docs;
mod generate;
mod indexes;
mod inspect;
pub mod load;
mod migrate;
mod outputs;
mod report;
mod sql;
mod upgrade;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit codes: 0 done, 1 not done (open questions, Prisma failed), 2 unreadable input.
pub mod exit {
    pub const OK: u8 = 0;
    pub const NOT_DONE: u8 = 1;
    pub const BAD_INPUT: u8 = 2;
}

#[derive(Debug, Parser)]
#[command(
    name = "schemata",
    version,
    about = "Design documents in, the authoritative Prisma schema out",
    // `schemata DOC...` with no subcommand opens the review.
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub review: ReviewArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Review the documents in the full-screen designer: answer questions, edit, confirm, write.
    Review(ReviewArgs),
    /// Write schema.prisma from the documents, then run `prisma validate` and `prisma generate`.
    Generate(GenerateArgs),
    /// Show what the documents hold: entities with provenance, what was skipped, open questions.
    Inspect(InspectArgs),
    /// The verification gate on a schema file or folder, optionally against the documents.
    Check(CheckArgs),
    /// Make a Prisma 6 schema ready for Prisma 7 (URL into prisma.config.ts, prisma-client generator).
    Upgrade(UpgradeArgs),
    /// Write DATABASE_SCHEMA.md, the agent skill and the ERD (Mermaid, DOT) from the documents.
    Docs(DocsArgs),
    /// Index coverage of the access paths the documents state (queries, endpoints, keys).
    Indexes(IndexesArgs),
    /// Print the whole migration SQL for the documents: Prisma's, then row-level security,
    /// CHECK constraints, full-text search and partial indexes (PostgreSQL).
    Sql(SqlArgs),
}

#[derive(Debug, clap::Args)]
pub struct SqlArgs {
    /// Design documents.
    #[arg(required = true)]
    pub documents: Vec<PathBuf>,
    /// Conventions profile: postgres or mongodb (default: detected from the documents).
    #[arg(long)]
    pub profile: Option<String>,
    /// Accept every suggested answer to the open questions.
    #[arg(long)]
    pub yes: bool,
    /// Only what Prisma cannot express (no Prisma engine needed).
    #[arg(long)]
    pub extras_only: bool,
}

#[derive(Debug, clap::Args)]
pub struct DocsArgs {
    /// Design documents (Markdown with tables, bullets, ```ts and ```mermaid blocks).
    #[arg(required = true)]
    pub documents: Vec<PathBuf>,
    /// Folder for DATABASE_SCHEMA.md, .claude/skills/prisma-data-model/SKILL.md, erd.mmd, erd.dot.
    #[arg(long, default_value = "docs")]
    pub out: PathBuf,
    /// Conventions profile: postgres or mongodb (default: schemata.toml, else detected).
    #[arg(long)]
    pub profile: Option<String>,
    /// Accept every suggested answer to the open questions (each decision is printed).
    #[arg(long)]
    pub yes: bool,
    /// Replace files changed since schemata last wrote them (the old version is kept as .bak).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct IndexesArgs {
    /// Design documents stating query patterns and endpoints.
    #[arg(required = true)]
    pub documents: Vec<PathBuf>,
    /// Conventions profile: postgres or mongodb (default: schemata.toml, else detected).
    #[arg(long)]
    pub profile: Option<String>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// Design documents (Markdown with tables, bullets, ```ts and ```mermaid blocks).
    #[arg(required = true)]
    pub documents: Vec<PathBuf>,
    /// Folder for schema.prisma; prisma.config.ts goes in its parent folder.
    #[arg(long, default_value = "prisma")]
    pub out: PathBuf,
    /// Accept every suggested answer to the open questions (each decision is printed).
    #[arg(long)]
    pub yes: bool,
    /// Write the files but do not run the Prisma CLI.
    #[arg(long)]
    pub no_prisma: bool,
    /// Conventions profile: postgres or mongodb (default: detected from the documents).
    #[arg(long)]
    pub profile: Option<String>,
    /// Target Prisma major version (default: the project's package.json, else the profile's).
    #[arg(long, value_parser = clap::value_parser!(u32).range(5..=7))]
    pub prisma: Option<u32>,
    /// One schema.prisma, or a schema/ folder with one file per model.
    #[arg(long, value_parser = ["single", "multi"])]
    pub layout: Option<String>,
    /// Regenerate only this model's file (and the models its relations touch); needs --layout multi.
    #[arg(long)]
    pub model: Option<String>,
    /// Do not append a row to docs/progress.md.
    #[arg(long)]
    pub no_progress: bool,
    /// Replace files changed since schemata last wrote them (the old version is kept as .bak).
    #[arg(long)]
    pub force: bool,
    /// An existing schema file or folder to extend: the change the documents make to it is
    /// shown model by model, and written into it with --yes (the old version kept as .bak).
    #[arg(long, value_name = "PATH")]
    pub base: Option<PathBuf>,
    /// Write the next migration (prisma/migrations/<timestamp>_<name>/) with Prisma's SQL plus
    /// row-level security, CHECKs and search, and apply it to DATABASE_URL (PostgreSQL).
    #[arg(long)]
    pub migrate: bool,
    /// The migration's name (with --migrate).
    #[arg(long, default_value = "schemata", requires = "migrate")]
    pub name: String,
    /// Also write prisma/seed.ts (sample rows per model, every enum value, per tenant under
    /// row-level security) and wire it into prisma.config.ts.
    #[arg(long)]
    pub seed: bool,
    /// Also write scripts/db-setup.sh: the local roles and database, and the DATABASE_URL.
    #[arg(long)]
    pub db_setup: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// A schema.prisma file or a prisma/schema/ folder.
    pub schema: PathBuf,
    /// The design documents the schema should match, field for field.
    pub documents: Vec<PathBuf>,
    /// Conventions profile to check against: postgres or mongodb (default: detected).
    #[arg(long)]
    pub profile: Option<String>,
    /// API contract documents (TypeScript interfaces) the schema must serve, field for field.
    #[arg(long = "contract", value_name = "DOC")]
    pub contracts: Vec<PathBuf>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct ReviewArgs {
    /// Design documents (Markdown with tables, bullets, ```ts and ```mermaid blocks).
    #[arg(required = true)]
    pub documents: Vec<PathBuf>,
    /// Folder for schema.prisma; prisma.config.ts goes in its parent folder.
    #[arg(long, default_value = "prisma")]
    pub out: PathBuf,
    /// Colour theme: dark, light, high-contrast, or a theme file (NO_COLOR turns colour off).
    #[arg(long)]
    pub theme: Option<String>,
    /// Conventions profile: postgres or mongodb (default: schemata.toml, else detected).
    #[arg(long)]
    pub profile: Option<String>,
    /// An existing schema file or folder to extend: each model shows what the documents add
    /// or change, confirming a model accepts its change, and `w` writes the merged schema.
    #[arg(long, value_name = "PATH")]
    pub base: Option<PathBuf>,
    /// After writing and Prisma's steps, write and apply the next migration (PostgreSQL;
    /// DATABASE_URL names the database).
    #[arg(long)]
    pub migrate: bool,
    /// The migration's name (with --migrate).
    #[arg(long = "name", default_value = "schemata", requires = "migrate")]
    pub migration_name: String,
    /// An API contract (TypeScript interfaces) the schema must serve: each model's missing
    /// fields and type mismatches show among the messages as you review.
    #[arg(long = "contract", value_name = "DOC")]
    pub contracts: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct UpgradeArgs {
    /// A schema.prisma file or a prisma/schema/ folder.
    pub schema: PathBuf,
    /// Write the change (without it, the diff is shown and nothing is written).
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, clap::Args)]
pub struct InspectArgs {
    #[arg(required = true)]
    pub documents: Vec<PathBuf>,
    /// Print JSON (findings, schema, questions, diagnostics) instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Runs the command line; the binary's `main` is only this.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Some(Command::Generate(args)) => generate::run(&args),
        Some(Command::Inspect(args)) => inspect::run(&args),
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Upgrade(args)) => upgrade::run(&args),
        Some(Command::Docs(args)) => docs::run(&args),
        Some(Command::Indexes(args)) => indexes::run(&args),
        Some(Command::Sql(args)) => sql::run(&args),
        Some(Command::Review(args)) => review(&args),
        None => review(&cli.review),
    };
    ExitCode::from(code)
}

fn review(args: &ReviewArgs) -> u8 {
    crate::tui::run(&crate::tui::ReviewConfig {
        documents: args.documents.clone(),
        out_dir: args.out.clone(),
        theme: args.theme.clone(),
        profile: args.profile.clone(),
        base: args.base.clone(),
        migrate: args.migrate.then(|| args.migration_name.clone()),
        contracts: args.contracts.clone(),
    })
}

/// Today's date as `YYYY-MM-DD` (UTC), from the system clock.
pub fn today() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    civil_date((secs / 86_400) as i64)
}

/// The calendar date of a day count since 1970-01-01 (proleptic Gregorian).
pub(crate) fn civil_date(days: i64) -> String {
    // Shift the epoch to 0000-03-01 so leap days fall at the end of a 400-year era.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn civil_dates() {
        assert_eq!(super::civil_date(0), "1970-01-01");
        assert_eq!(super::civil_date(11_016), "2000-02-29");
        assert_eq!(super::civil_date(20_415), "2025-11-23");
    }
}
