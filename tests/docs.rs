//! `schemata docs` outputs: golden files for two samples (regenerate with `UPDATE_GOLDEN=1
//! cargo test --test docs`; never written under CI=true), and the embedded Mermaid ERD read
//! back by schemata's own Mermaid reader to the same entities and relations.

mod common;

use schemata::conventions::{self, Layout, Profile};
use schemata::docs::{self, DocFile, DocsConfig};
use schemata::ingest::raw::{Origin, StatedCardinality};
use schemata::ingest::{self, Source};
use schemata::model::{Decisions, RelationKind, Schema};
use std::collections::BTreeSet;
use std::path::PathBuf;

const SAMPLES: [&str; 2] = ["prd.md", "architecture.md"];

/// The final schema of a sample (suggested answers, detected profile) and its docs config.
fn sample(name: &str) -> Option<(Schema, DocsConfig)> {
    let path = common::samples_dir()?.join(name);
    let text = std::fs::read_to_string(&path).expect("sample");
    let ingested = ingest::ingest(&[Source::new(name, text)]);
    let (profile, _) = conventions::detect(&ingested);
    let mut schema = schemata::infer::infer(&ingested, &Decisions::default(), &Default::default()).schema;
    conventions::apply(&mut schema, &profile);
    let schema_path = if profile.layout == Layout::Multi { "prisma/schema" } else { "prisma/schema.prisma" };
    Some((schema, DocsConfig { schema_path: schema_path.into(), profile }))
}

fn golden_dir(sample: &str) -> PathBuf {
    let stem = sample.trim_end_matches(".md");
    [env!("CARGO_MANIFEST_DIR"), "tests", "golden", "docs", stem].iter().collect()
}

fn check_golden(sample: &str, files: &[DocFile]) {
    let dir = golden_dir(sample);
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some() && !ci;
    for f in files {
        let path = dir.join(&f.path);
        if update {
            std::fs::create_dir_all(path.parent().expect("parent")).expect("golden folder");
            std::fs::write(&path, &f.text).expect("write golden");
            continue;
        }
        let golden = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("{} is missing: run UPDATE_GOLDEN=1 cargo test --test docs", path.display()));
        pretty_assertions::assert_eq!(golden, f.text, "{} differs (UPDATE_GOLDEN=1 to accept)", path.display());
    }
}

#[test]
fn generated_documents_match_the_golden_files() {
    for name in SAMPLES {
        let Some((schema, config)) = sample(name) else { return };
        check_golden(name, &docs::render(&schema, &config));
    }
}

/// The ```mermaid block embedded in DATABASE_SCHEMA.md.
fn embedded_mermaid(markdown: &str) -> &str {
    let start = markdown.find("```mermaid\n").expect("a mermaid block") + "```mermaid\n".len();
    let end = markdown[start..].find("```").expect("closed") + start;
    &markdown[start..end]
}

#[test]
fn the_embedded_mermaid_reads_back_to_the_same_entities_and_relations() {
    for name in SAMPLES {
        let Some((schema, config)) = sample(name) else { return };
        let markdown = docs::database_schema(&schema, &config);
        let text = embedded_mermaid(&markdown);
        assert_eq!(text, docs::erd::mermaid(&schema), "erd.mmd is the embedded diagram");
        let raw = ingest::mermaid::read(text, Origin { file: "erd.mmd", first_line: 1 });
        assert!(raw.diagnostics.is_empty(), "{name}: {:?}", raw.diagnostics);
        let entities: BTreeSet<&str> = raw.entities.iter().map(|e| e.name.as_str()).collect();
        let models: BTreeSet<&str> = schema.models.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(entities, models, "{name}: entities");
        for e in &raw.entities {
            let model = &schema.models[schema.model_by_name(&e.name).expect("model").index()];
            let fields: Vec<&str> = e.fields.iter().map(|f| f.name.as_str()).collect();
            let expected: Vec<&str> = model.fields.iter().map(|f| f.name.as_str()).collect();
            assert_eq!(fields, expected, "{name}: fields of {}", e.name);
        }
        let read: BTreeSet<(String, String, String)> = raw
            .relationships
            .iter()
            .map(|r| {
                let (one, many, kind) = match r.cardinality {
                    StatedCardinality::OneToMany => (&r.left, &r.right, "many-to-one"),
                    StatedCardinality::ManyToOne => (&r.right, &r.left, "many-to-one"),
                    StatedCardinality::OneToOne => (&r.left, &r.right, "one-to-one"),
                    StatedCardinality::ManyToMany => (&r.right, &r.left, "many-to-many"),
                };
                (many.clone(), one.clone(), format!("{kind}:{}", r.label.clone().unwrap_or_default()))
            })
            .collect();
        let expected: BTreeSet<(String, String, String)> = schema
            .relations
            .iter()
            .filter(|r| r.is_emitted())
            .map(|r| {
                let kind = match r.kind {
                    RelationKind::ManyToOne => "many-to-one",
                    RelationKind::OneToOne => "one-to-one",
                    RelationKind::ManyToMany => "many-to-many",
                };
                let (h, t) = (schema[r.holder].name.clone(), schema[r.target].name.clone());
                (h, t, format!("{kind}:{}", r.holder_field))
            })
            .collect();
        assert_eq!(read, expected, "{name}: relations");
        assert!(!expected.is_empty());
    }
}

#[test]
fn the_skill_has_front_matter_and_the_rules() {
    let Some((schema, config)) = sample("architecture.md") else { return };
    let skill = docs::skill(&schema, &config);
    assert!(skill.starts_with("---\nname: prisma-data-model\ndescription: \""), "{skill}");
    assert!(skill.contains("filters by `orgId`"), "{skill}");
    assert!(skill.contains("Every read filters `isDeleted: false`"), "{skill}");
    assert!(skill.contains("npx prisma db push"), "{skill}");
    let postgres = DocsConfig { profile: Profile::postgres(), ..config };
    assert!(docs::skill(&schema, &postgres).contains("Deletes"));
}

#[test]
fn the_command_refuses_open_questions_then_writes_with_yes_and_guards_edits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let doc = dir.path().join("design.md");
    std::fs::copy("examples/ticketing/docs/design.md", &doc).expect("copy");
    let bin = env!("CARGO_BIN_EXE_schemata");
    let run = |extra: &[&str]| {
        let mut args = vec!["docs", "design.md"];
        args.extend_from_slice(extra);
        std::process::Command::new(bin).args(&args).current_dir(dir.path()).output().expect("run")
    };
    let refused = run(&[]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(!dir.path().join("docs").exists());
    let written = run(&["--yes"]);
    assert!(written.status.success(), "{}", String::from_utf8_lossy(&written.stderr));
    for f in ["DATABASE_SCHEMA.md", docs::SKILL_PATH, "erd.mmd", "erd.dot"] {
        assert!(dir.path().join("docs").join(f).is_file(), "{f}");
    }
    // A file the user edited is not replaced without --force.
    std::fs::write(dir.path().join("docs/erd.mmd"), "mine").expect("edit");
    assert_eq!(run(&["--yes"]).status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(dir.path().join("docs/erd.mmd")).expect("read"), "mine");
    assert!(run(&["--yes", "--force"]).status.success());
    assert!(dir.path().join("docs/erd.mmd.bak").is_file());
}

#[test]
fn the_review_writes_the_docs_beside_the_schema_folder() {
    use schemata::tui::keymap::Keymap;
    use schemata::tui::theme::Theme;
    use schemata::tui::{Action, App, Options, dispatch};
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string("examples/ticketing/docs/design.md").expect("doc");
    let options =
        Options { out_dir: dir.path().join("prisma"), profile: Some(Profile::postgres()), ..Options::default() };
    let mut app =
        App::new(vec![Source::new("design.md", text)], None, options, Theme::default(), Keymap::default_keys());
    dispatch(&mut app, Action::WriteDocs);
    let written = std::fs::read_to_string(dir.path().join("docs/DATABASE_SCHEMA.md")).expect("written");
    assert!(written.contains("### Event"));
    assert!(dir.path().join(".schemata/written.json").is_file());
    // The SQL preview toggles and shows the selected model's table.
    dispatch(&mut app, Action::NextModel);
    dispatch(&mut app, Action::TogglePreviewSql);
    assert!(app.preview.contains("CREATE TABLE \"promoters\""), "{}", app.preview);
}
