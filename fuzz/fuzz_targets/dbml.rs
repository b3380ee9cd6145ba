#![no_main]
//! Any bytes as a DBML document.
use libfuzzer_sys::fuzz_target;
use schemata::ingest::raw::Origin;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = schemata::ingest::dbml::read(&text, Origin { file: "fuzz.dbml", first_line: 1 });
});
