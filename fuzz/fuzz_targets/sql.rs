#![no_main]
//! Any bytes as a SQL DDL document (`CREATE TABLE`, `ALTER TABLE`, `CREATE INDEX`, ...).
use libfuzzer_sys::fuzz_target;
use schemata::ingest::raw::Origin;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = schemata::ingest::sql::read(&text, Origin { file: "fuzz.sql", first_line: 1 });
});
