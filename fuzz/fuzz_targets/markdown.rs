#![no_main]
//! Any bytes as a Markdown design document: the reader must not panic, hang or blow up.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = schemata::ingest::markdown::read("fuzz.md", &text);
});
