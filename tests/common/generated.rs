//! Generated design documents for the scale tests and the `check` benchmark: `n` entities
//! laid out as `benches/pipeline.rs` lays them out (one `### EntityN` section with a field
//! table, foreign keys to earlier entities), so a test can make a schema of any size.
//!
//! Shared by `tests/` (through `common`) and `benches/check.rs` (through `#[path]`), so the
//! benchmark and the test that checks its verdict run on the same schema.

use std::fmt::Write as _;

/// A design document with `n` entities. `flavour` changes one field's name in every entity
/// (`notes` → `notes{flavour}` when non-zero), so two flavours of the same size give outputs
/// of the same shape and almost the same length that still differ throughout.
pub fn document(n: usize, flavour: u32) -> String {
    let mut out = String::with_capacity(n * 700);
    out.push_str("# Synthetic platform\n\n## Data model\n\nAll ids are UUIDs.\n\n");
    let notes = if flavour == 0 { "notes".to_string() } else { format!("notes{flavour}") };
    for i in 0..n {
        let _ = writeln!(out, "### Entity{i}\nA record of kind {i}.\n");
        out.push_str("| Field | Type | Required | Default | Description |\n|---|---|---|---|---|\n");
        out.push_str("| id | uuid | yes | uuid | Primary key |\n| name | string | yes | | Display name |\n");
        let _ = writeln!(out, "| {notes} | string | no | | Free text |");
        out.push_str("| position | int | yes | 0 | Sort order |\n| amount | decimal | no | | Amount |\n");
        out.push_str("| active | boolean | yes | true | Listed |\n| createdAt | datetime | yes | now | Created |\n");
        out.push_str("| status | enum: draft, active, archived | yes | draft | Lifecycle |\n");
        // A near parent (a chain, so the dependency order is deep) and, every third entity,
        // a far one (a fan-in), as in the pipeline benchmark.
        if i > 0 {
            let parent = i - 1 - (i * 7) % i.min(5);
            let _ = writeln!(out, "| entity{parent}Id | uuid | yes | | The parent Entity{parent} |");
        }
        if i > 1 && i.is_multiple_of(3) {
            let far = if i < 6 { 0 } else { (i * 31) % (i - 5) };
            let _ = writeln!(out, "| entity{far}Id | uuid | no | | A related Entity{far} |");
        }
        out.push('\n');
    }
    out
}

/// The Prisma schema `schemata generate` writes for [`document`]`(n, 0)` under the default
/// PostgreSQL profile: ingest → infer → conventions → emit, the way the CLI does it.
pub fn schema_text(n: usize) -> String {
    use schemata::conventions::{self, Profile};
    use schemata::infer::{Settings, infer};
    use schemata::ingest::{Source, ingest};
    use schemata::model::Decisions;

    let sources = [Source::new("platform.md", document(n, 0))];
    let mut schema = infer(&ingest(&sources), &Decisions::default(), &Settings::default()).schema;
    let profile = Profile::postgres();
    conventions::apply(&mut schema, &profile);
    schemata::emit::render(&schema, &profile.emit_config())
}

/// `text` with one back-relation list field removed (the first `EntityN[]` line), so one
/// relation has no opposite field: a schema both `schemata check` and Prisma must reject.
pub fn one_sided(text: &str) -> String {
    let mut removed = false;
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if !removed && line.trim_end().ends_with("[]") && line.contains(" Entity") {
            removed = true;
            continue;
        }
        out.push_str(line);
    }
    assert!(removed, "the schema has a back-relation list field to remove");
    out
}
