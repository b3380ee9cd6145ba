//! The team's sample documents (`../shared/samples/*.md`) against their expected answers
//! (`expected/<name>.json`): every entity, field, type, optionality, enum and relation is
//! found, nothing else is invented, the two-relations cases are asked and named, and the
//! emitted schema passes the real `prisma validate` and is left byte-identical by `prisma format`.

mod common;

use schemata::emit::{self, EmitConfig};
use schemata::infer::{self, Settings};
use schemata::ingest::{self, Source};
use schemata::model::{Decisions, FieldType, QuestionKind, RelationKind, Schema};
use schemata::prisma::Step;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

fn analyse(samples: &Path, name: &str) -> (Schema, Value) {
    let path = samples.join(name);
    let text = std::fs::read_to_string(&path).expect("sample readable");
    let ingested = ingest::ingest(&[Source::new(path.display().to_string(), text)]);
    let schema = infer::infer(&ingested, &Decisions::default(), &Settings::default()).schema;
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(samples.join("expected").join(format!("{stem}.json"))).expect("expected answer"),
    )
    .expect("expected answer is JSON");
    (schema, expected)
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("`{key}` in {v}"))
}

/// Checks models, fields, enums and relations against the expected answer.
fn check_against_expected(schema: &Schema, expected: &Value) {
    let models: BTreeSet<&str> = schema.models.iter().map(|m| m.name.as_str()).collect();
    let wanted: BTreeSet<&str> =
        expected["entities"].as_array().expect("entities").iter().map(|e| str_of(e, "name")).collect();
    assert_eq!(models, wanted, "models found vs expected entities");

    for entity in expected["entities"].as_array().expect("entities") {
        let model_name = str_of(entity, "name");
        let id = schema.model_by_name(model_name).expect("model exists");
        let model = &schema[id];
        let fields: BTreeSet<&str> = model.fields.iter().map(|f| f.name.as_str()).collect();
        let wanted: BTreeSet<&str> =
            entity["fields"].as_array().expect("fields").iter().map(|f| str_of(f, "name")).collect();
        assert_eq!(fields, wanted, "scalar fields of {model_name}: none missing, none invented");
        for f in entity["fields"].as_array().expect("fields") {
            let name = str_of(f, "name");
            let field = model.field(name).expect("field exists");
            let at = format!("{model_name}.{name}");
            match f["type"].as_str() {
                Some("enum") => assert!(matches!(field.ty, FieldType::Enum(_)), "{at} is an enum, got {:?}", field.ty),
                Some(ty) => assert_eq!(schema.type_name(field.ty), ty, "type of {at}"),
                None => {}
            }
            if let Some(optional) = f["optional"].as_bool() {
                assert_eq!(field.optional, optional, "optionality of {at}");
            }
            if let Some(list) = f["list"].as_bool() {
                assert_eq!(field.list, list, "list-ness of {at}");
            }
        }
    }

    for e in expected["enums"].as_array().expect("enums") {
        let name = str_of(e, "name");
        let id = schema.enum_by_name(name).unwrap_or_else(|| panic!("enum {name}"));
        let values: Vec<&str> = schema[id].values.iter().map(|v| v.db_name.as_deref().unwrap_or(&v.name)).collect();
        let wanted: Vec<&str> = e["values"].as_array().expect("values").iter().filter_map(Value::as_str).collect();
        assert_eq!(values, wanted, "values of enum {name}");
        let (model, field) = str_of(e, "field").split_once('.').expect("Model.field");
        let m = schema.model_by_name(model).expect("enum's model");
        assert_eq!(schema[m].field(field).map(|f| f.ty), Some(FieldType::Enum(id)), "{model}.{field} uses {name}");
    }

    for r in expected["relations"].as_array().expect("relations") {
        check_relation(schema, r);
    }
}

fn check_relation(schema: &Schema, r: &Value) {
    let from = schema.model_by_name(str_of(r, "from")).expect("from model");
    let to = schema.model_by_name(str_of(r, "to")).expect("to model");
    let kind = str_of(r, "kind");
    let what = format!("{} → {} ({kind})", str_of(r, "from"), str_of(r, "to"));
    if kind == "many-to-many" {
        let found = schema.relations.iter().any(|rel| {
            rel.kind == RelationKind::ManyToMany
                && ((rel.holder == from && rel.target == to) || (rel.holder == to && rel.target == from))
        });
        assert!(found, "{what} not found");
        return;
    }
    let fk = str_of(r, "fk");
    let relation = schema
        .relations
        .iter()
        .find(|rel| rel.holder == from && rel.target == to && rel.fk_fields == [fk])
        .unwrap_or_else(|| panic!("{what} on {fk} not found"));
    let want_kind = if kind == "one-to-one" { RelationKind::OneToOne } else { RelationKind::ManyToOne };
    assert_eq!(relation.kind, want_kind, "{what}");
    if r["ambiguous"].as_bool() == Some(true) {
        let name = relation.name.as_deref().unwrap_or_else(|| panic!("{what}: an ambiguous relation needs a name"));
        let siblings: Vec<_> = schema
            .relations
            .iter()
            .filter(|o| {
                let pair = |x: &schemata::model::Relation| {
                    let (a, b) = (x.holder.min(x.target), x.holder.max(x.target));
                    (a, b)
                };
                pair(o) == pair(relation) && o.is_emitted()
            })
            .collect();
        assert!(siblings.len() >= 2, "{what} is ambiguous: another relation joins the same models");
        let names: BTreeSet<_> = siblings.iter().map(|o| o.name.as_deref()).collect();
        assert_eq!(names.len(), siblings.len(), "{what}: distinct relation names, got {names:?}");
        assert!(!name.is_empty());
        let asked = schema.questions.iter().any(|q| {
            q.kind == QuestionKind::RelationNames
                && q.model.as_deref().is_some_and(|m| m == str_of(r, "from") || m == str_of(r, "to"))
        });
        assert!(asked, "{what}: the ambiguity must surface as a question");
    }
}

/// Validates with the real CLI and checks `prisma format` changes nothing.
fn check_with_prisma(name: &str, text: &str) {
    let Some(cli) = common::prisma_cli() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("schema.prisma");
    std::fs::write(&path, text).expect("write schema");
    let validate = cli.run(Step::Validate, &path, dir.path()).expect("prisma runs");
    assert!(validate.success, "prisma validate rejected the schema of {name}:\n{}\n{text}", validate.output());
    let format = cli.run(Step::Format, &path, dir.path()).expect("prisma runs");
    assert!(format.success, "prisma format failed on {name}:\n{}", format.output());
    let formatted = std::fs::read_to_string(&path).expect("read back");
    assert_eq!(formatted, text, "prisma format changed the schema of {name}");
}

fn sample(name: &str) {
    let Some(samples) = common::samples_dir() else { return };
    let (schema, expected) = analyse(&samples, name);
    check_against_expected(&schema, &expected);
    let text = emit::render(&schema, &EmitConfig::default());
    // Emission is deterministic.
    assert_eq!(text, emit::render(&schema, &EmitConfig::default()));
    check_with_prisma(name, &text);
}

#[test]
fn architecture_md() {
    sample("architecture.md");
}

#[test]
fn prd_md() {
    sample("prd.md");
}

#[test]
fn api_contract_md() {
    sample("api-contract.md");
}

#[test]
fn erd_md() {
    sample("erd.md");
}

/// `inspect` lists only what the documents describe: no transport type, endpoint table or persona.
#[test]
fn inspect_lists_no_non_entities() {
    let Some(samples) = common::samples_dir() else { return };
    for name in ["architecture.md", "prd.md", "api-contract.md", "erd.md"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_schemata"))
            .args(["inspect", "--json"])
            .arg(samples.join(name))
            .output()
            .expect("binary runs");
        assert!(out.status.success(), "inspect {name}: {}", String::from_utf8_lossy(&out.stderr));
        let json: Value = serde_json::from_slice(&out.stdout).expect("inspect --json is JSON");
        let found: BTreeSet<String> = json["documents"][0]["entities"]
            .as_array()
            .expect("entities")
            .iter()
            .map(|e| schemata::naming::model_name_as_written(str_of(e, "name")))
            .collect();
        let (_, expected) = analyse(&samples, name);
        let wanted: BTreeSet<String> =
            expected["entities"].as_array().expect("entities").iter().map(|e| str_of(e, "name").to_string()).collect();
        assert_eq!(found, wanted, "{name}: entities listed by inspect");
        for non_entity in ["Page", "Persona", "Method", "Component", "Endpoint"] {
            assert!(!found.contains(non_entity), "{name}: {non_entity} is not an entity");
        }
    }
}

/// `generate --yes` through the binary writes the schema the library renders.
#[test]
fn generate_yes_writes_the_rendered_schema() {
    let Some(samples) = common::samples_dir() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("prisma");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_schemata"))
        .args(["generate", "--yes", "--no-prisma", "--out"])
        .arg(&out)
        .arg(samples.join("prd.md"))
        .output()
        .expect("binary runs");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("decided: Booking and Clinician are joined by 2 relations"), "{stdout}");
    let written = std::fs::read_to_string(out.join("schema.prisma")).expect("schema written");
    assert!(written.contains("@relation(\"BookingReferrer\""), "{written}");
    assert!(dir.path().join("prisma.config.ts").is_file());
}
