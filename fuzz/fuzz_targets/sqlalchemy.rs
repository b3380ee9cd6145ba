#![no_main]
//! Any bytes as a SQLAlchemy models file (classes, `Column`/`mapped_column`, `Table(...)`).
use libfuzzer_sys::fuzz_target;
use schemata::ingest::raw::Origin;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = schemata::ingest::sqlalchemy::read(&text, Origin { file: "fuzz.py", first_line: 1 });
});
