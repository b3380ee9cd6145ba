#![no_main]
//! Any bytes as the body of a ```ts block (interfaces, type aliases, enums).
use libfuzzer_sys::fuzz_target;
use schemata::ingest::raw::Origin;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = schemata::ingest::typescript::read(&text, Origin { file: "fuzz.ts", first_line: 1 });
});
