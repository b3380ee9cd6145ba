//! The bundled example (`examples/ticketing`): its committed schema is the golden output of
//! its design document, so any change in what schemata emits shows up here as a diff.

use schemata::emit::{self, EmitConfig};
use schemata::infer::{self, Settings};
use schemata::ingest::{self, Source};
use schemata::model::Decisions;
use std::path::Path;

#[test]
fn example_document_renders_the_committed_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ticketing");
    let doc = "examples/ticketing/docs/design.md";
    let text = std::fs::read_to_string(root.join("docs/design.md")).expect("example document");
    let ingested = ingest::ingest(&[Source::new(doc, text)]);
    let inferred = infer::infer(&ingested, &Decisions::default(), &Settings::default());
    let rendered = emit::render(&inferred.schema, &EmitConfig::default());
    let committed = std::fs::read_to_string(root.join("prisma/schema.prisma")).expect("committed schema");
    pretty_assertions::assert_eq!(rendered, committed);
}
