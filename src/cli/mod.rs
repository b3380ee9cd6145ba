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

mod generate;
mod inspect;
pub mod load;
mod report;

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
#[command(name = "schemata", version, about = "Design documents in, the authoritative Prisma schema out")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write schema.prisma from the documents, then run `prisma validate` and `prisma generate`.
    Generate(GenerateArgs),
    /// Show what the documents hold: entities with provenance, what was skipped, open questions.
    Inspect(InspectArgs),
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
        Command::Generate(args) => generate::run(&args),
        Command::Inspect(args) => inspect::run(&args),
    };
    ExitCode::from(code)
}
