//! The bundled example (`examples/ticketing`): its committed schema is the golden output of
//! `schemata generate --yes` on its design document (the detected postgres profile, single
//! file), so any change in what schemata emits shows up here as a diff.

use schemata::conventions::{self, Choices};
use schemata::infer::{self, Settings};
use schemata::ingest::{self, Source};
use schemata::model::Decisions;
use schemata::write;
use std::path::Path;

#[test]
fn example_document_renders_the_committed_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ticketing");
    let doc = "examples/ticketing/docs/design.md";
    let text = std::fs::read_to_string(root.join("docs/design.md")).expect("example document");
    let ingested = ingest::ingest(&[Source::new(doc, text)]);
    let mut schema = infer::infer(&ingested, &Decisions::default(), &Settings::default()).schema;
    let package = std::fs::read_to_string(root.join("package.json")).expect("package.json");
    let (profile, _) =
        conventions::resolve(&ingested, &Choices::default(), None, Some(&package)).expect("profile resolves");
    assert_eq!(profile.name, "postgres");
    conventions::apply(&mut schema, &profile);
    let plan = write::plan(&schema, &profile, Path::new("examples/ticketing/prisma"), None);
    let rendered = &plan.files[0].contents;
    let committed = std::fs::read_to_string(root.join("prisma/schema.prisma")).expect("committed schema");
    pretty_assertions::assert_eq!(rendered, &committed);
}
