#![no_main]
//! Any bytes as a `schema.prisma`: the importer (lexer, parser, lower) must not panic or hang.
use libfuzzer_sys::fuzz_target;
use schemata::ingest::Source;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = schemata::import::prisma::read(&[Source::new("fuzz.prisma", text.into_owned())]);
});
