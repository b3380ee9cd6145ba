//! Runs the real Prisma CLI as a child process.

pub mod engine;
pub mod runner;

pub use runner::{Outcome, PrismaCli, RunError, Step, Stream};
