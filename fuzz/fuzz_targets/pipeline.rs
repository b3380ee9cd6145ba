#![no_main]
//! Any bytes as a Markdown document → ingest → infer → emit → import the emitted text.
//!
//! Round-trip property: the emitted schema re-imports with no error diagnostics, and the
//! imported schema has the same model names, the same field names per model and the same
//! number of (emitted) relations as the inferred one. An explicit many-to-many (`via` a
//! junction) is printed through the junction's own relations, so only relations with
//! `is_emitted()` are counted on the inferred side.
use libfuzzer_sys::fuzz_target;
use schemata::diagnostics::Severity;
use schemata::emit::{self, EmitConfig};
use schemata::import;
use schemata::infer::{self, Settings};
use schemata::ingest::{self, Source};
use schemata::model::{Decisions, Schema};

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

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let ingested = ingest::ingest(&[Source::new("fuzz.md", text.into_owned())]);
    let inferred = infer::infer(&ingested, &Decisions::default(), &Settings::default());
    let emitted = emit::render(&inferred.schema, &EmitConfig::default());
    let imported = import::prisma::read(&[Source::new("schema.prisma", emitted.clone())]);
    let errors: Vec<_> = imported.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "emitted schema does not re-import: {errors:#?}\n{emitted}");
    assert_eq!(shape(&inferred.schema), shape(&imported.schema), "round trip changed the model\n{emitted}");
});
