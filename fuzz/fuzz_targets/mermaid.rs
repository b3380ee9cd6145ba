#![no_main]
//! Any bytes as the body of a ```mermaid block (erDiagram).
use libfuzzer_sys::fuzz_target;
use schemata::ingest::raw::Origin;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = schemata::ingest::mermaid::read(&text, Origin { file: "fuzz.mmd", first_line: 1 });
});
