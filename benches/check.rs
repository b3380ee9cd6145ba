//! `schemata check` on a 1,000-model schema: reading the `.prisma` text back
//! (`import::prisma::read`) and the gate (`check::verify`), the work the command does between
//! loading the file and printing the verdict. `tests/check_vs_prisma.rs` checks that `prisma
//! validate` gives the same verdict on the same schema; the README compares the two times.
//!
//! Run with `cargo bench --bench check`; `cargo test --bench check` runs each once.

#[allow(dead_code)] // `one_sided` is for the verdict test, not timed here.
#[path = "../tests/common/generated.rs"]
mod generated;

use divan::{Bencher, black_box};
use schemata::check;
use schemata::conventions::Profile;
use schemata::import;
use schemata::ingest::Source;

fn main() {
    divan::main();
}

/// The schema's size in models, as the target states it.
const MODELS: usize = 1_000;

/// Read and verify, as `schemata check schema.prisma` does (no documents: `prisma validate`
/// has none either).
#[divan::bench(sample_count = 50)]
fn read_and_verify_1000_models(bencher: Bencher) {
    let sources = [Source::new("schema.prisma", generated::schema_text(MODELS))];
    let profile = Profile::postgres();
    // Setup proves the benchmark measures a passing check of the whole schema.
    let imported = import::prisma::read(&sources);
    let report = check::verify(&imported.schema, &imported.diagnostics, None, &profile);
    assert!(report.passed(), "{report}");
    assert_eq!(report.models, MODELS);
    bencher.bench(|| {
        let imported = import::prisma::read(black_box(&sources));
        check::verify(&imported.schema, &imported.diagnostics, None, black_box(&profile))
    });
}

/// The two steps apart, to see where the time goes.
#[divan::bench(sample_count = 50)]
fn read_only_1000_models(bencher: Bencher) {
    let sources = [Source::new("schema.prisma", generated::schema_text(MODELS))];
    bencher.bench(|| import::prisma::read(black_box(&sources)));
}

#[divan::bench(sample_count = 50)]
fn verify_only_1000_models(bencher: Bencher) {
    let sources = [Source::new("schema.prisma", generated::schema_text(MODELS))];
    let imported = import::prisma::read(&sources);
    let profile = Profile::postgres();
    bencher.bench(|| check::verify(black_box(&imported.schema), &imported.diagnostics, None, black_box(&profile)));
}
