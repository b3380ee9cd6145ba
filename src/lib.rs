//! schemata: design documents in, the authoritative Prisma schema out.
//!
//! The pure core runs as a pipeline, one module per step, data flowing one way:
//! [`ingest`] (documents → raw findings) → [`infer`] (findings + decisions → [`model::Schema`]
//! with its open questions) → [`emit`] (schema → Prisma text). None of these touch a
//! terminal, the file system or a process; [`prisma`] (the CLI runner) and [`cli`] are the
//! thin shells that do.

pub mod change;
pub mod check;
pub mod cli;
pub mod conventions;
pub mod ddl;
pub mod diagnostics;
pub mod docs;
pub mod edit;
pub mod emit;
pub mod import;
pub mod indexes;
pub mod infer;
pub mod ingest;
pub mod migrate;
pub mod model;
pub mod naming;
pub mod postgres;
pub mod prisma;
pub mod progress;
pub mod seed;
pub mod session;
pub mod setup;
pub mod tui;
pub mod upgrade;
pub mod write;
