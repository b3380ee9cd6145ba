//! `schemata generate` options of the conventions issue: profiles and layouts, `--model`
//! scope, `schemata.toml`, Prisma version from `package.json`, and the progress log.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn generate(dir: &Path, doc: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_schemata"))
        .current_dir(dir)
        .args(["generate", "--yes", "--no-prisma"])
        .args(extra)
        .arg(doc)
        .output()
        .expect("binary runs")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

#[test]
fn mongodb_multi_file_layout_and_progress_log() {
    let Some(samples) = common::samples_dir() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let doc = samples.join("architecture.md");
    let run = generate(dir.path(), &doc, &["--layout", "multi"]);
    assert!(run.status.success(), "{}", text(&run));
    let out = text(&run);
    assert!(out.contains("profile mongodb (detected: the documents say MongoDB"), "{out}");
    assert!(out.contains("verification passed: 7 models"), "{out}");
    let folder = dir.path().join("prisma/schema");
    let mut files: Vec<String> = std::fs::read_dir(&folder)
        .expect("schema folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "customer.prisma",
            "organization.prisma",
            "part.prisma",
            "schema.prisma",
            "site.prisma",
            "technician.prisma",
            "work_order.prisma",
            "work_order_part.prisma"
        ]
    );
    let header = std::fs::read_to_string(folder.join("schema.prisma")).expect("header");
    assert!(header.contains("provider = \"mongodb\"") && header.contains("env(\"DATABASE_URL\")"), "{header}");
    assert!(!dir.path().join("prisma.config.ts").exists(), "Prisma 6 keeps the URL in the schema");
    // The enum lives with the first model that uses it.
    assert!(
        std::fs::read_to_string(folder.join("organization.prisma"))
            .expect("file")
            .starts_with("enum OrganizationPlan {")
    );

    let log = std::fs::read_to_string(dir.path().join("docs/progress.md")).expect("progress log");
    assert!(log.contains("| 4a | DB Schema | all models | ✅ Complete |"), "{log}");
    assert!(log.contains("| 7 models, prisma generate not run |"), "{log}");
    let again = generate(dir.path(), &doc, &["--layout", "multi"]);
    assert!(again.status.success());
    let log = std::fs::read_to_string(dir.path().join("docs/progress.md")).expect("progress log");
    assert_eq!(log.matches("| 4a |").count(), 2, "{log}");
    let quiet = generate(dir.path(), &doc, &["--layout", "multi", "--no-progress"]);
    assert!(quiet.status.success());
    assert_eq!(std::fs::read_to_string(dir.path().join("docs/progress.md")).expect("log").matches("| 4a |").count(), 2);
}

#[test]
fn model_scope_writes_one_model_and_its_neighbours() {
    let Some(samples) = common::samples_dir() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let doc = samples.join("prd.md");
    let run = generate(dir.path(), &doc, &["--layout", "multi", "--model", "Room", "--no-progress"]);
    assert!(run.status.success(), "{}", text(&run));
    let mut files: Vec<String> = std::fs::read_dir(dir.path().join("prisma/schema"))
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, ["booking.prisma", "clinic.prisma", "room.prisma"]);
    let single = generate(dir.path(), &doc, &["--model", "Room"]);
    assert_eq!(single.status.code(), Some(2));
    assert!(text(&single).contains("--model regenerates one model's file: it needs --layout multi"));
    let unknown = generate(dir.path(), &doc, &["--layout", "multi", "--model", "Nope"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown).contains("--model Nope: no such model"));
}

#[test]
fn schemata_toml_and_package_json_are_honoured() {
    let Some(samples) = common::samples_dir() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("schemata.toml"), "[ids]\nstrategy = \"cuid\"\n[naming]\ntables = \"as-is\"\n")
        .expect("toml");
    std::fs::write(dir.path().join("package.json"), r#"{"devDependencies":{"prisma":"6.19.3"}}"#).expect("package");
    let run = generate(dir.path(), &samples.join("prd.md"), &["--no-progress"]);
    assert!(run.status.success(), "{}", text(&run));
    assert!(text(&run).contains("Prisma 6 (package.json)"));
    let schema = std::fs::read_to_string(dir.path().join("prisma/schema.prisma")).expect("schema");
    assert!(schema.contains("id          String        @id @default(cuid())"), "{schema}");
    assert!(!schema.contains("@@map"), "{schema}");
    assert!(schema.contains("provider = \"prisma-client-js\"") && schema.contains("env(\"DATABASE_URL\")"), "{schema}");

    std::fs::write(dir.path().join("schemata.toml"), "[ids]\nstrategy = \"ulid\"\n").expect("toml");
    let bad = generate(dir.path(), &samples.join("prd.md"), &["--no-progress"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad).contains("ids.strategy = \"ulid\" is not one of"), "{}", text(&bad));
    std::fs::write(dir.path().join("schemata.toml"), "[ids]\nstrategy = \n").expect("toml");
    let broken = generate(dir.path(), &samples.join("prd.md"), &["--no-progress"]);
    assert_eq!(broken.status.code(), Some(2));
    assert!(text(&broken).contains("schemata.toml:2:"), "{}", text(&broken));
}
