//! Inputs the fuzz targets in `fuzz/` found crashing, minimised (`cargo fuzz tmin`), replayed
//! through the same function as their target. Each input lives under `tests/fixtures/fuzz/<target>/`.
//! Every input here once failed; all are fixed (a known unfixed failure would be `#[ignore]`d with its reason).

use schemata::diagnostics::Severity;
use schemata::emit::{self, EmitConfig};
use schemata::import;
use schemata::infer::{self, Settings};
use schemata::ingest::raw::Origin;
use schemata::ingest::{self, Source};
use schemata::model::{Decisions, Schema};

fn input(target: &str, name: &str) -> String {
    let path = format!("{}/tests/fixtures/fuzz/{target}/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    String::from_utf8_lossy(&bytes).into_owned()
}

// The functions below are the bodies of the fuzz targets (fuzz/fuzz_targets/*.rs).

#[allow(dead_code)]
fn markdown(text: &str) {
    let _ = ingest::markdown::read("fuzz.md", text);
}

#[allow(dead_code)]
fn typescript(text: &str) {
    let _ = ingest::typescript::read(text, Origin { file: "fuzz.ts", first_line: 1 });
}

#[allow(dead_code)]
fn mermaid(text: &str) {
    let _ = ingest::mermaid::read(text, Origin { file: "fuzz.mmd", first_line: 1 });
}

#[allow(dead_code)]
fn dbml(text: &str) {
    let _ = ingest::dbml::read(text, Origin { file: "fuzz.dbml", first_line: 1 });
}

fn prisma_import(text: &str) {
    let _ = import::prisma::read(&[Source::new("fuzz.prisma", text)]);
}

/// Model names, each model's field names (sorted) and the number of emitted relations.
fn shape(schema: &Schema) -> (Vec<(String, Vec<String>)>, usize) {
    let mut models: Vec<(String, Vec<String>)> = schema
        .models
        .iter()
        .map(|m| {
            let mut fields: Vec<String> = m.fields.iter().map(|f| f.name.clone()).collect();
            fields.sort();
            (m.name.clone(), fields)
        })
        .collect();
    models.sort();
    (models, schema.relations.iter().filter(|r| r.is_emitted()).count())
}

/// Markdown → ingest → infer → emit → import: no error diagnostics, same models, fields and
/// relation count.
fn pipeline(text: &str) {
    let ingested = ingest::ingest(&[Source::new("fuzz.md", text)]);
    let inferred = infer::infer(&ingested, &Decisions::default(), &Settings::default());
    let emitted = emit::render(&inferred.schema, &EmitConfig::default());
    let imported = import::prisma::read(&[Source::new("schema.prisma", emitted.clone())]);
    let errors: Vec<_> = imported.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "emitted schema does not re-import: {errors:#?}\n{emitted}");
    assert_eq!(shape(&inferred.schema), shape(&imported.schema), "round trip changed the model\n{emitted}");
}

/// `6. **Tag**PTagId,tagId`: both keys point back at Tag, so `junction_keys` gives Tag the
/// composite id `@@id([pTagId, tagId])`; the relations were made with `references: [id]`
/// (the id `settle_primary_keys` would have added), and no `id` field ever appears.
#[test]
fn pipeline_self_fk_composite_key() {
    pipeline(&input("pipeline", "self_fk_composite_key.md"));
}

/// The same shape written by hand: a junction (two required keys, no id) that another entity
/// points at (`Note.patientTagId`). `junction_keys` makes `@@id([patientId, tagId])`, the
/// relation from Note still says `references: [id]`.
#[test]
fn pipeline_junction_referenced() {
    pipeline(&input("pipeline", "junction_referenced.md"));
}

/// Mermaid `COPY{g e UK` and `COPY||--o{N`: Copy's only field is unique and required, so
/// `settle_primary_keys` adds no id, yet `relation_for` already chose `references: [id]`.
#[test]
fn pipeline_unique_target_without_id() {
    pipeline(&input("pipeline", "unique_target_without_id.md"));
}

/// `BOOK}o--o{AUTHOR` twice: two implicit many-to-many relations, both named `BookAuthors`,
/// which Prisma rejects as ambiguous.
#[test]
fn pipeline_mermaid_many_to_many_twice() {
    pipeline(&input("pipeline", "mermaid_many_to_many_twice.md"));
}

/// The realistic form of the one above: `Book ↔ Author (many-to-many)` in the prose and
/// `BOOK }o--o{ AUTHOR` in the document's Mermaid diagram.
#[test]
fn pipeline_many_to_many_in_prose_and_mermaid() {
    pipeline(&input("pipeline", "many_to_many_in_prose_and_mermaid.md"));
}

/// A Mermaid entity named `s`: `naming::model_name("s")` singularises `S` to the empty string
/// (`pluralizer::pluralize("s", 1)` is `""`), and the emitter writes `model  {`.
#[test]
fn pipeline_mermaid_entity_s() {
    pipeline(&input("pipeline", "mermaid_entity_s.md"));
}

/// A model with a composite key whose first half is named `id`, which relations point at: it
/// was given a second field named `id` instead of making the existing one the id.
#[test]
fn pipeline_id_half_of_composite_key_referenced() {
    pipeline(&input("pipeline", "id_half_of_composite_key_referenced.md"));
}

/// Two keys with the same role (`memberId` and `memberID`) to one model: both relations were
/// named `LoanMember`.
#[test]
fn pipeline_two_keys_same_role() {
    pipeline(&input("pipeline", "two_keys_same_role.md"));
}

/// A composite type naming a model: the message looked the model up before models were read.
#[test]
fn prisma_import_relation_in_composite_type() {
    prisma_import(&input("prisma_import", "relation_in_composite_type.prisma"));
}
