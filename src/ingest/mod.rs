//! Ingest: read documents into raw findings (entities, fields, enums, relationships),
//! each with its provenance. Ingest never fails: it returns what it found and its diagnostics.

pub mod mermaid;
pub mod raw;
pub mod typescript;
