//! Throughput and peak memory of the pure pipeline on generated design documents.
//!
//! Each benchmark runs at 100, 1,000 and 10,000 entities: `ingest` alone, `infer` alone
//! (on pre-ingested input), `emit` alone (on a pre-inferred schema) and the whole pipeline.
//! The allocation profiler reports allocation counts and `max alloc`, the peak of live heap
//! bytes during one run, which is the peak-memory figure in `benches/BENCHMARKS.md`.
//!
//! Run with `cargo bench --bench pipeline`; `cargo test --bench pipeline` runs each once, at
//! 100 and 1,000 entities only.

use std::fmt::Write as _;

use divan::{Bencher, black_box};
use schemata::emit::{EmitConfig, render};
use schemata::infer::{Settings, infer};
use schemata::ingest::{Ingested, Source, ingest};
use schemata::model::{Decisions, Schema};

#[global_allocator]
static ALLOC: divan::AllocProfiler = divan::AllocProfiler::system();

fn main() {
    divan::main();
}

/// The document sizes, in entities. In test mode (`cargo test`, which runs each benchmark
/// once in an unoptimised build) the largest size is left out: it proves nothing the smaller
/// ones do not, and would take most of a minute.
fn sizes() -> &'static [usize] {
    // divan's own rule: it benchmarks only when given `--bench` (as `cargo bench` does).
    let args: Vec<String> = std::env::args().collect();
    let benchmarking = args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test");
    if benchmarking { &[100, 1_000, 10_000] } else { &[100, 1_000] }
}

/// Samples per benchmark: enough for a stable median, few enough that the 10,000-entity
/// runs keep `cargo bench` within a few minutes on two cores.
const SAMPLES: u32 = 10;

/// A design document with `n` entities, laid out like a real architecture document:
/// prose, a components table, one `### EntityN` section per entity (description and a
/// field table with foreign keys to earlier entities), an endpoint table and a shell
/// block every few entities, and a closing section.
fn document(n: usize) -> String {
    let mut out = String::with_capacity(n * 1_600);
    out.push_str("# Synthetic Platform — Architecture\n\n");
    out.push_str("## 1. Overview\n");
    out.push_str(
        "The platform is a modular service over PostgreSQL. Every record carries an id and a creation \
         time; records refer to earlier records by their ids.\n\n",
    );
    out.push_str("## 2. Components\n| Component | Responsibility |\n|---|---|\n");
    out.push_str("| api | REST API for the web app |\n| worker | Background jobs, retried with backoff |\n\n");
    out.push_str("## 3. Data Models\n\nAll ids are UUIDs. Amounts are decimals with two places.\n\n");
    for i in 0..n {
        entity(&mut out, i);
    }
    out.push_str("## 4. Deployment\nTwo containers behind a load balancer. See `ops/README.md`.\n");
    out
}

/// One entity section; `i` is zero-based, the entity is `Entity{i}`.
fn entity(out: &mut String, i: usize) {
    let name = format!("Entity{i}");
    let w = |out: &mut String, args: std::fmt::Arguments<'_>| out.write_fmt(args).expect("writing to a String");
    w(out, format_args!("### {name}\n"));
    w(out, format_args!("A record of kind {i} kept by the platform, owned by one account.\n\n"));
    out.push_str("| Field | Type | Required | Default | Description |\n|---|---|---|---|---|\n");
    out.push_str("| id | uuid | yes | uuid | Primary key |\n");
    out.push_str("| name | string | yes | | Display name |\n");
    out.push_str("| slug | string | yes | | URL-safe, unique |\n");
    out.push_str("| notes | string | no | | Free text |\n");
    out.push_str("| position | int | yes | 0 | Sort order |\n");
    out.push_str("| amount | decimal | no | | Amount in the account currency |\n");
    out.push_str("| active | boolean | yes | true | Shown in listings |\n");
    out.push_str("| createdAt | datetime | yes | now | Creation time |\n");
    out.push_str("| status | enum: draft, active, archived | yes | draft | Lifecycle |\n");
    out.push_str("| metadata | JSON | no | | Feature flags and preferences |\n");
    // One or two foreign keys to earlier entities: a near parent (a chain, so dependency
    // order is deep) and, for every third entity, a far one (a fan-in).
    if i > 0 {
        let parent = i - 1 - (i * 7) % i.min(5);
        w(out, format_args!("| entity{parent}Id | uuid | yes | | The parent Entity{parent} |\n"));
    }
    if i > 1 && i.is_multiple_of(3) {
        // Always before the near parent's window, so the two keys never coincide.
        let far = if i < 6 { 0 } else { (i * 31) % (i - 5) };
        w(out, format_args!("| entity{far}Id | uuid | no | | A related Entity{far} |\n"));
    }
    out.push('\n');
    if i.is_multiple_of(5) {
        w(
            out,
            format_args!(
                "Entities of this kind are created by the api and archived by the worker after ninety \
                 days; reads go through the cache and writes are audited.\n\n"
            ),
        );
    }
    if i.is_multiple_of(10) {
        let path = format!("/entity{i}s");
        w(out, format_args!("| Method | Path | Notes |\n|---|---|---|\n"));
        w(out, format_args!("| GET | {path}/:id | One record |\n| POST | {path} | Create |\n"));
        w(out, format_args!("| PATCH | {path}/:id | Update, archive |\n\n"));
    }
    if i.is_multiple_of(25) {
        w(
            out,
            format_args!("```bash\ncurl -X POST https://api.example.com/entity{i}s -d '{{\"name\": \"x\"}}'\n```\n\n"),
        );
    }
}

fn sources(n: usize) -> Vec<Source> {
    vec![Source::new("architecture.md", document(n))]
}

/// The schema of an `n`-entity document, checked so the benchmarks measure real work:
/// every entity a model, every foreign key a relation.
fn inferred(n: usize) -> Schema {
    let schema = infer(&ingest(&sources(n)), &Decisions::default(), &Settings::default()).schema;
    assert_eq!(schema.models.len(), n, "every entity becomes a model");
    let keys = n.saturating_sub(1) + (2..n).filter(|i| i % 3 == 0).count();
    assert_eq!(schema.relations.len(), keys, "every foreign key becomes a relation");
    schema
}

#[divan::bench(args = sizes(), sample_count = SAMPLES, sample_size = 1)]
fn ingest_only(bencher: Bencher, n: usize) {
    let sources = sources(n);
    bencher.bench(|| ingest(black_box(&sources)));
}

#[divan::bench(args = sizes(), sample_count = SAMPLES, sample_size = 1)]
fn infer_only(bencher: Bencher, n: usize) {
    let ingested: Ingested = ingest(&sources(n));
    let decisions = Decisions::default();
    let settings = Settings::default();
    bencher.bench(|| infer(black_box(&ingested), black_box(&decisions), black_box(&settings)));
}

#[divan::bench(args = sizes(), sample_count = SAMPLES, sample_size = 1)]
fn emit_only(bencher: Bencher, n: usize) {
    let schema = inferred(n);
    let config = EmitConfig::default();
    bencher.bench(|| render(black_box(&schema), black_box(&config)));
}

#[divan::bench(args = sizes(), sample_count = SAMPLES, sample_size = 1)]
fn pipeline(bencher: Bencher, n: usize) {
    let sources = sources(n);
    let decisions = Decisions::default();
    let settings = Settings::default();
    let config = EmitConfig::default();
    bencher.bench(|| {
        let ingested = ingest(black_box(&sources));
        let inferred = infer(&ingested, black_box(&decisions), black_box(&settings));
        render(&inferred.schema, black_box(&config))
    });
}
