//! Every kind of open question: a small design document that raises it, the schema holding
//! the suggested choice, and the schema changing when a decision picks another option.

mod common;

use schemata::diagnostics::Severity;
use schemata::emit::{self, EmitConfig};
use schemata::infer::{self, Inferred, Settings};
use schemata::ingest::{self, Source};
use schemata::model::{
    Decisions, FieldType, Question, QuestionKind, ReferentialAction, Relation, RelationKind, Scalar, Schema,
};
use schemata::prisma::Step;
use std::path::PathBuf;

/// Every fixture set that raises at least one question, for the cross-cutting tests.
const FIXTURE_SETS: &[&[&str]] = &[
    &["relation_names.md"],
    &["one_to_one_owner.md"],
    &["one_to_one_mermaid.md"],
    &["one_to_one_or_many.md"],
    &["many_to_many.md"],
    &["junction.md"],
    &["undefined_entity.md"],
    &["belongs_to.md"],
    &["no_fields.md"],
    &["untyped_field.md"],
    &["conflict_data_model.md", "conflict_api.md"],
];

fn fixture(name: &str) -> Source {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "fixtures", name].iter().collect();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    Source::new(format!("tests/fixtures/{name}"), text)
}

fn run(names: &[&str], decisions: &Decisions) -> Inferred {
    let sources: Vec<Source> = names.iter().map(|n| fixture(n)).collect();
    infer::infer(&ingest::ingest(&sources), decisions, &Settings::default())
}

fn suggested(names: &[&str]) -> Inferred {
    run(names, &Decisions::default())
}

fn decide(names: &[&str], key: &str, value: &str) -> Inferred {
    let mut decisions = Decisions::default();
    decisions.set(key, value);
    run(names, &decisions)
}

/// The one question of `kind`, checked for the common shape: about `model` (and `field`),
/// at least two options, a suggestion among them, not yet answered.
fn the_question<'s>(schema: &'s Schema, kind: QuestionKind, model: &str, field: Option<&str>) -> &'s Question {
    let of_kind: Vec<&Question> = schema.questions.iter().filter(|q| q.kind == kind).collect();
    assert_eq!(of_kind.len(), 1, "expected one {kind:?} question, got {:#?}", schema.questions);
    let q = of_kind[0];
    assert_eq!(q.model.as_deref(), Some(model), "{q:#?}");
    assert_eq!(q.field.as_deref(), field, "{q:#?}");
    assert!(q.options.len() >= 2, "{q:#?}");
    assert!(q.suggested < q.options.len(), "{q:#?}");
    assert_eq!(q.answer, None, "{q:#?}");
    assert_eq!(q.chosen(), &q.options[q.suggested]);
    assert!(!q.key.is_empty());
    q
}

/// Where a question points: `file:line` of each provenance.
fn cited(q: &Question) -> Vec<String> {
    q.provenance.iter().map(|p| format!("{}:{}", p.file, p.line)).collect()
}

/// The value of an option other than the suggested one.
fn other_option(q: &Question, value: &str) -> String {
    assert!(q.options.iter().any(|o| o.value == value), "no option {value} in {q:#?}");
    assert_ne!(q.options[q.suggested].value, value, "{value} is the suggestion");
    value.to_string()
}

/// The question with `key` after a decision: answered with `value`, no longer open.
fn assert_answered(schema: &Schema, key: &str, value: &str) {
    let q = schema.questions.iter().find(|q| q.key == key).unwrap_or_else(|| panic!("no question {key}"));
    assert_eq!(q.chosen().value, value, "{q:#?}");
    assert!(q.answer.is_some());
    assert!(schema.open_questions().all(|o| o.key != key));
}

fn relation<'s>(schema: &'s Schema, holder: &str, target: &str) -> Vec<&'s Relation> {
    schema.relations.iter().filter(|r| schema[r.holder].name == holder && schema[r.target].name == target).collect()
}

fn has_model(schema: &Schema, name: &str) -> bool {
    schema.model_by_name(name).is_some()
}

fn field_type(schema: &Schema, model: &str, field: &str) -> FieldType {
    let id = schema.model_by_name(model).unwrap_or_else(|| panic!("no model {model}"));
    schema[id].field(field).unwrap_or_else(|| panic!("no field {model}.{field}")).ty
}

fn render(schema: &Schema) -> String {
    emit::render(schema, &EmitConfig::default())
}

/// Checks the emitted schema with the real Prisma CLI, when it is installed.
fn prisma_validates(schema: &Schema) {
    let Some(cli) = common::prisma_cli() else { return };
    let text = render(schema);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("schema.prisma");
    std::fs::write(&path, &text).expect("write schema");
    let outcome = cli.run(Step::Validate, &path, dir.path()).expect("prisma validate runs");
    assert!(outcome.success, "prisma validate rejected:\n{text}\n{}", outcome.output());
}

#[test]
fn two_foreign_keys_to_one_model_ask_for_relation_names() {
    let files = &["relation_names.md"];
    let first = suggested(files).schema;
    let q = the_question(&first, QuestionKind::RelationNames, "WorkOrder", Some("createdById"));
    let key = q.key.clone();
    let other = other_option(q, "role-holders");

    let names = |s: &Schema| -> Vec<String> {
        relation(s, "WorkOrder", "Technician").iter().map(|r| r.name.clone().expect("named relation")).collect()
    };
    assert_eq!(names(&first), ["WorkOrderCreatedBy", "WorkOrderAssignedTo"]);
    prisma_validates(&first);

    let second = decide(files, &key, &other).schema;
    assert_answered(&second, &key, &other);
    assert_eq!(names(&second), ["CreatedByWorkOrders", "AssignedToWorkOrders"]);
    let text = render(&second);
    assert!(text.contains(r#"@relation("CreatedByWorkOrders", fields: [createdById]"#), "{text}");
    assert!(!text.contains("WorkOrderCreatedBy"), "{text}");
    prisma_validates(&second);
}

#[test]
fn a_stated_one_to_one_without_a_key_asks_which_side_holds_it() {
    let files = &["one_to_one_owner.md"];
    let first = suggested(files).schema;
    let q = the_question(&first, QuestionKind::OneToOneOwner, "User", None);
    let key = q.key.clone();
    let other = other_option(q, "User");
    assert_eq!(cited(q), ["tests/fixtures/one_to_one_owner.md:19"]);

    let r = relation(&first, "Profile", "User");
    assert_eq!(r.len(), 1, "{:#?}", first.relations);
    assert_eq!((r[0].kind, r[0].fk_fields.as_slice()), (RelationKind::OneToOne, &["userId".to_string()][..]));
    let profile = &first[first.model_by_name("Profile").unwrap()];
    assert!(profile.field("userId").is_some_and(|f| f.unique), "a 1:1 key is unique");
    prisma_validates(&first);

    let second = decide(files, &key, &other).schema;
    assert_answered(&second, &key, &other);
    assert!(relation(&second, "Profile", "User").is_empty());
    let r = relation(&second, "User", "Profile");
    assert_eq!(r.len(), 1, "{:#?}", second.relations);
    assert_eq!((r[0].kind, r[0].fk_fields.as_slice()), (RelationKind::OneToOne, &["profileId".to_string()][..]));
    let user = &second[second.model_by_name("User").unwrap()];
    assert!(user.field("profileId").is_some_and(|f| f.unique));
    let profile = &second[second.model_by_name("Profile").unwrap()];
    assert!(profile.field("userId").is_none(), "the key moved: {profile:#?}");
    prisma_validates(&second);
}

#[test]
fn a_mermaid_one_to_one_without_a_key_asks_which_side_holds_it() {
    let files = &["one_to_one_mermaid.md"];
    let first = suggested(files).schema;
    let q = the_question(&first, QuestionKind::OneToOneOwner, "User", None);
    assert_eq!(cited(q), ["tests/fixtures/one_to_one_mermaid.md:19"], "points at the diagram line");
    let key = q.key.clone();
    assert_eq!(relation(&first, "Profile", "User").len(), 1);

    let second = decide(files, &key, "User").schema;
    assert_eq!(relation(&second, "User", "Profile").len(), 1, "{:#?}", second.relations);
    assert!(relation(&second, "Profile", "User").is_empty());
}

#[test]
fn a_unique_key_with_a_stated_one_to_many_asks_which_it_is() {
    let files = &["one_to_one_or_many.md"];
    let first = suggested(files).schema;
    let q = the_question(&first, QuestionKind::OneToOneOrMany, "Wallet", Some("customerId"));
    assert_eq!(cited(q), ["tests/fixtures/one_to_one_or_many.md:20"]);
    let key = q.key.clone();
    let other = other_option(q, "one-to-many");

    let wallet = |s: &Schema| s[s.model_by_name("Wallet").unwrap()].clone();
    assert_eq!(relation(&first, "Wallet", "Customer")[0].kind, RelationKind::OneToOne);
    assert!(wallet(&first).field("customerId").unwrap().unique);
    assert!(render(&first).contains("wallet    Wallet?") || render(&first).contains("Wallet?"), "{}", render(&first));
    prisma_validates(&first);

    let second = decide(files, &key, &other).schema;
    assert_answered(&second, &key, &other);
    assert_eq!(relation(&second, "Wallet", "Customer")[0].kind, RelationKind::ManyToOne);
    assert!(!wallet(&second).field("customerId").unwrap().unique);
    let text = render(&second);
    assert!(text.contains("wallets Wallet[]"), "{text}");
    prisma_validates(&second);
}

#[test]
fn a_many_to_many_without_a_junction_asks_implicit_or_explicit() {
    let files = &["many_to_many.md"];
    let first = suggested(files).schema;
    let q = the_question(&first, QuestionKind::ManyToManyStyle, "Product", None);
    assert_eq!(cited(q), ["tests/fixtures/many_to_many.md:19"]);
    let key = q.key.clone();
    let other = other_option(q, "explicit");

    let m2n = relation(&first, "Product", "Tag");
    assert_eq!(m2n.len(), 1);
    assert_eq!((m2n[0].kind, m2n[0].via), (RelationKind::ManyToMany, None));
    assert!(!has_model(&first, "ProductTag"));
    let text = render(&first);
    assert!(text.contains("tags  Tag[]") || text.contains("tags Tag[]"), "{text}");
    prisma_validates(&first);

    let second = decide(files, &key, &other).schema;
    assert_answered(&second, &key, &other);
    let junction = second.model_by_name("ProductTag").expect("an explicit junction model");
    let m2n = relation(&second, "Product", "Tag");
    assert_eq!(m2n[0].via, Some(junction));
    let pk = second[junction].primary_key.as_ref().expect("composite key");
    assert_eq!(pk.fields, ["productId", "tagId"]);
    assert_eq!(relation(&second, "ProductTag", "Product").len(), 1);
    assert_eq!(relation(&second, "ProductTag", "Tag").len(), 1);
    let text = render(&second);
    assert!(text.contains("model ProductTag {"), "{text}");
    prisma_validates(&second);
}

#[test]
fn an_explicit_junction_asks_what_deleting_a_side_does() {
    let files = &["junction.md"];
    let first = suggested(files).schema;
    let asked: Vec<&Question> = first.questions.iter().filter(|q| q.kind == QuestionKind::ReferentialAction).collect();
    assert_eq!(asked.len(), 2, "one per side: {:#?}", first.questions);
    let q = asked.iter().find(|q| q.field.as_deref() == Some("agentId")).expect("asked about agentId");
    assert_eq!(cited(q), ["tests/fixtures/junction.md:21"]);
    assert_eq!(q.model.as_deref(), Some("AgentSkill"));
    assert!(q.options.len() >= 2 && q.suggested < q.options.len());
    let key = q.key.clone();
    let other = other_option(q, "Restrict");

    let on_delete = |s: &Schema, target: &str| relation(s, "AgentSkill", target)[0].on_delete;
    assert_eq!(on_delete(&first, "Agent"), Some(ReferentialAction::Cascade));
    assert_eq!(on_delete(&first, "Skill"), Some(ReferentialAction::Cascade));
    assert!(relation(&first, "Agent", "Skill")[0].via.is_some());
    prisma_validates(&first);

    let second = decide(files, &key, &other).schema;
    assert_answered(&second, &key, &other);
    assert_eq!(on_delete(&second, "Agent"), Some(ReferentialAction::Restrict));
    assert_eq!(on_delete(&second, "Skill"), Some(ReferentialAction::Cascade), "only the answered side changes");
    let text = render(&second);
    assert!(text.contains("references: [id], onDelete: Restrict)"), "{text}");
    prisma_validates(&second);
}

#[test]
fn a_key_to_an_undefined_entity_asks_whether_to_create_it() {
    let files = &["undefined_entity.md"];
    let first = suggested(files).schema;
    let q = the_question(&first, QuestionKind::UndefinedEntity, "Shipment", Some("carrierId"));
    assert_eq!(cited(q), ["tests/fixtures/undefined_entity.md:8"]);
    let key = q.key.clone();
    let other = other_option(q, "create");

    assert!(!has_model(&first, "Carrier"));
    assert!(first.relations.is_empty());
    assert_eq!(field_type(&first, "Shipment", "carrierId"), FieldType::Scalar(Scalar::String));

    let second = decide(files, &key, &other).schema;
    assert_answered(&second, &key, &other);
    let carrier = second.model_by_name("Carrier").expect("Carrier created");
    assert!(second[carrier].id_field().is_some());
    let r = relation(&second, "Shipment", "Carrier");
    assert_eq!(r.len(), 1);
    assert_eq!((r[0].kind, r[0].fk_fields.as_slice()), (RelationKind::ManyToOne, &["carrierId".to_string()][..]));
    assert!(render(&second).contains("model Carrier {"));
    prisma_validates(&second);
}

#[test]
fn a_belongs_to_without_a_key_asks_whether_to_add_it() {
    let files = &["belongs_to.md"];
    let first = suggested(files).schema;
    let q = the_question(&first, QuestionKind::UndefinedEntity, "Order", Some("customerId"));
    assert_eq!(cited(q), ["tests/fixtures/belongs_to.md:19"]);
    let key = q.key.clone();
    let other = other_option(q, "skip");

    assert_eq!(relation(&first, "Order", "Customer").len(), 1);
    assert!(first[first.model_by_name("Order").unwrap()].field("customerId").is_some());
    prisma_validates(&first);

    let second = decide(files, &key, &other).schema;
    assert_answered(&second, &key, &other);
    assert!(second.relations.is_empty(), "{:#?}", second.relations);
    assert!(second[second.model_by_name("Order").unwrap()].field("customerId").is_none());
}

#[test]
fn an_entity_only_named_in_a_diagram_asks_whether_to_keep_it() {
    let files = &["no_fields.md"];
    let first = suggested(files).schema;
    let q = the_question(&first, QuestionKind::NoFields, "Room", None);
    assert_eq!(cited(q), ["tests/fixtures/no_fields.md:12"]);
    let key = q.key.clone();
    let other = other_option(q, "skip");

    let room = first.model_by_name("Room").expect("Room kept");
    assert!(first[room].id_field().is_some(), "kept with an id");
    assert_eq!(relation(&first, "Room", "Clinic").len(), 1);
    prisma_validates(&first);

    let second = decide(files, &key, &other).schema;
    assert_answered(&second, &key, &other);
    assert!(!has_model(&second, "Room"));
    assert!(second.relations.is_empty(), "{:#?}", second.relations);
    assert!(!render(&second).contains("Room"), "{}", render(&second));
    prisma_validates(&second);
}

#[test]
fn a_field_with_no_type_asks_for_one() {
    let files = &["untyped_field.md"];
    let first = suggested(files).schema;
    let q = the_question(&first, QuestionKind::UntypedField, "Device", Some("frobnicator"));
    assert_eq!(cited(q), ["tests/fixtures/untyped_field.md:4"]);
    let key = q.key.clone();
    assert_eq!(q.options[q.suggested].value, "String");
    let other = other_option(q, "Int");

    assert_eq!(field_type(&first, "Device", "frobnicator"), FieldType::Scalar(Scalar::String));
    let second = decide(files, &key, &other).schema;
    assert_answered(&second, &key, &other);
    assert_eq!(field_type(&second, "Device", "frobnicator"), FieldType::Scalar(Scalar::Int));
    assert!(render(&second).contains("frobnicator Int"), "{}", render(&second));
    prisma_validates(&second);
}

#[test]
fn two_documents_typing_a_field_differently_ask_which_holds() {
    let files = &["conflict_data_model.md", "conflict_api.md"];
    let first = suggested(files).schema;
    let q = the_question(&first, QuestionKind::Conflict, "Invoice", Some("number"));
    assert_eq!(q.options.len(), 2, "{q:#?}");
    assert_eq!(cited(q), ["tests/fixtures/conflict_data_model.md:8", "tests/fixtures/conflict_api.md:8"]);
    assert!(q.options[1].label.contains("conflict_api.md"), "{q:#?}");
    let key = q.key.clone();
    let other = q.options[1 - q.suggested].value.clone();

    assert_eq!(field_type(&first, "Invoice", "number"), FieldType::Scalar(Scalar::Int));
    assert_eq!(first.models.len(), 1, "one entity, however many documents");
    prisma_validates(&first);

    let second = decide(files, &key, &other).schema;
    assert_answered(&second, &key, &other);
    assert_eq!(field_type(&second, "Invoice", "number"), FieldType::Scalar(Scalar::String));
    prisma_validates(&second);
}

#[test]
fn documents_that_agree_raise_no_conflict() {
    let same = |name: &str| {
        let mut s = fixture("conflict_data_model.md");
        s.name = name.to_string();
        s
    };
    let sources = [same("a.md"), same("b.md")];
    let inferred = infer::infer(&ingest::ingest(&sources), &Decisions::default(), &Settings::default());
    assert!(inferred.schema.questions.is_empty(), "{:#?}", inferred.schema.questions);
    assert_eq!(inferred.schema.models.len(), 1);
    prisma_validates(&inferred.schema);
}

#[test]
fn a_field_stated_by_two_documents_cites_both() {
    let same = |name: &str| {
        let mut s = fixture("conflict_data_model.md");
        s.name = name.to_string();
        s
    };
    let sources = [same("a.md"), same("b.md")];
    let schema = infer::infer(&ingest::ingest(&sources), &Decisions::default(), &Settings::default()).schema;
    assert!(schema.questions.is_empty(), "{:#?}", schema.questions);
    let invoice = &schema[schema.model_by_name("Invoice").unwrap()];
    assert_eq!(invoice.provenance.len(), 2, "the model cites both documents");
    let cited: Vec<String> = invoice.field("number").unwrap().provenance.iter().map(|p| p.to_string()).collect();
    assert_eq!(cited, ["a.md:8:2", "b.md:8:2"], "the field cites both documents");
}

#[test]
fn relation_names_question_points_at_the_foreign_keys() {
    let first = suggested(&["relation_names.md"]).schema;
    let q = the_question(&first, QuestionKind::RelationNames, "WorkOrder", Some("createdById"));
    assert_eq!(cited(q), ["tests/fixtures/relation_names.md:9", "tests/fixtures/relation_names.md:10"]);
}

#[test]
fn a_model_with_no_primary_key_asks_for_one() {
    let files = &["no_primary_key.md"];
    let first = suggested(files).schema;
    let q = the_question(&first, QuestionKind::NoPrimaryKey, "AuditEntry", None);
    let entry = &first[first.model_by_name("AuditEntry").unwrap()];
    assert!(
        entry.id_field().is_some() || entry.primary_key.is_some(),
        "the suggestion ({}) gives the model a key: {entry:#?}",
        q.chosen().label
    );
    prisma_validates(&first);
}

#[test]
fn question_keys_are_stable_across_runs() {
    for files in FIXTURE_SETS {
        let keys = |i: Inferred| i.schema.questions.iter().map(|q| q.key.clone()).collect::<Vec<_>>();
        let first = keys(suggested(files));
        assert!(!first.is_empty(), "{files:?} raises no question");
        assert_eq!(first, keys(suggested(files)), "{files:?}");
        let mut unique = first.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), first.len(), "keys are unique within a run: {first:?}");
    }
}

#[test]
fn inference_is_deterministic() {
    for files in FIXTURE_SETS {
        let a = suggested(files);
        let b = suggested(files);
        assert_eq!(a.schema, b.schema, "{files:?}");
        assert_eq!(render(&a.schema), render(&b.schema), "{files:?}");
    }
}

#[test]
fn answering_every_question_with_its_suggestion_closes_them_and_changes_nothing_else() {
    for files in FIXTURE_SETS {
        let open = suggested(files);
        let mut decisions = Decisions::default();
        for q in &open.schema.questions {
            decisions.set(q.key.clone(), q.options[q.suggested].value.clone());
        }
        let answered = run(files, &decisions);
        assert_eq!(answered.schema.open_questions().count(), 0, "{files:?}: {:#?}", answered.schema.questions);
        assert_eq!(answered.schema.questions.len(), open.schema.questions.len(), "{files:?}");
        assert_eq!(render(&answered.schema), render(&open.schema), "{files:?}");
        assert!(
            !answered.diagnostics.iter().any(|d| d.message.contains("no longer fits")),
            "{files:?}: {:#?}",
            answered.diagnostics
        );
    }
}

#[test]
fn answering_every_question_with_another_option_closes_them() {
    for files in FIXTURE_SETS {
        // Answers can raise new questions (a created model, a moved key): answer until none is open.
        let mut decisions = Decisions::default();
        let mut rounds = 0;
        let last = loop {
            let inferred = run(files, &decisions);
            let open: Vec<Question> = inferred.schema.open_questions().cloned().collect();
            if open.is_empty() {
                break inferred;
            }
            rounds += 1;
            assert!(rounds <= 3, "{files:?}: questions keep coming: {open:#?}");
            for q in open {
                let pick = (q.suggested + 1) % q.options.len();
                decisions.set(q.key.clone(), q.options[pick].value.clone());
            }
        };
        assert_eq!(last.schema.open_questions().count(), 0);
        for q in &last.schema.questions {
            assert_eq!(Some(q.chosen().value.as_str()), decisions.get(&q.key), "{files:?}: {q:#?}");
        }
        prisma_validates(&last.schema);
    }
}

#[test]
fn an_answer_that_no_longer_fits_warns_and_falls_back_to_the_suggestion() {
    let files = &["untyped_field.md"];
    let key = suggested(files).schema.questions[0].key.clone();
    let stale = decide(files, &key, "Quaternion");

    let q = stale.schema.questions.iter().find(|q| q.key == key).expect("still asked");
    assert_eq!(q.answer, None, "the stale answer is dropped");
    assert_eq!(q.chosen().value, q.options[q.suggested].value);
    assert_eq!(stale.schema.open_questions().count(), 1, "the question is open again");
    assert_eq!(field_type(&stale.schema, "Device", "frobnicator"), FieldType::Scalar(Scalar::String));
    let warning = stale
        .diagnostics
        .iter()
        .find(|d| d.message.contains("Quaternion"))
        .unwrap_or_else(|| panic!("no diagnostic about the stale answer: {:#?}", stale.diagnostics));
    assert_eq!(warning.severity, Severity::Warning);
    assert!(warning.message.contains("no longer fits"), "{warning}");
    assert!(warning.at.as_ref().is_some_and(|at| at.file == "tests/fixtures/untyped_field.md"), "{warning:#?}");
}

#[test]
fn an_answer_to_a_question_no_longer_asked_is_ignored() {
    let files = &["many_to_many.md"];
    let plain = suggested(files);
    let answered = decide(files, "m2n:Gone<->Away", "explicit");
    assert_eq!(render(&answered.schema), render(&plain.schema));
    assert_eq!(answered.schema.questions, plain.schema.questions);
}
