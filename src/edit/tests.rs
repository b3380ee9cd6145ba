use super::*;
use crate::emit::{EmitConfig, render_model};
use crate::infer::{Settings, infer};
use crate::ingest::{Source, ingest};
use crate::model::Decisions;

const DOC: &str = "\
### Customer
| Field | Type | Required |
|---|---|---|
| id | uuid | yes |
| email | string | yes |

### Order
| Field | Type | Required |
|---|---|---|
| id | uuid | yes |
| customerId | uuid | yes |
| total | decimal | yes |
| status | enum: open, paid | yes |
";

fn schema() -> Schema {
    infer(&ingest(&[Source::new("doc.md", DOC)]), &Decisions::default(), &Settings::default()).schema
}

fn model_text(schema: &Schema, name: &str) -> String {
    let id = schema.model_by_name(name).expect("model exists");
    render_model(schema, id, &EmitConfig { doc_comments: false, ..EmitConfig::default() })
}

#[test]
fn renaming_a_foreign_key_carries_through_its_relation() {
    let mut s = schema();
    let diags =
        apply(&mut s, &[Edit::RenameField { model: "Order".into(), field: "customerId".into(), to: "buyerId".into() }]);
    assert!(diags.is_empty(), "{diags:?}");
    let text = model_text(&s, "Order");
    assert!(text.contains("buyerId "), "{text}");
    assert!(text.contains("@relation(fields: [buyerId], references: [id])"), "{text}");
}

#[test]
fn renaming_relation_fields_and_models_keeps_both_ends() {
    let mut s = schema();
    let edits = [
        Edit::RenameField { model: "Customer".into(), field: "orders".into(), to: "purchases".into() },
        Edit::RenameField { model: "Order".into(), field: "customer".into(), to: "buyer".into() },
        Edit::RenameModel { model: "Customer".into(), to: "Client".into() },
    ];
    assert!(apply(&mut s, &edits).is_empty());
    assert!(model_text(&s, "Client").contains("purchases Order[]"));
    let order = model_text(&s, "Order");
    assert!(order.contains("buyer      Client      @relation(fields: [customerId]"), "{order}");
}

#[test]
fn field_properties_change_the_emitted_line() {
    let mut s = schema();
    let m = || "Order".to_string();
    let f = || "total".to_string();
    let edits = [
        Edit::SetOptional { model: m(), field: f(), optional: true },
        Edit::SetDefault { model: m(), field: f(), default: Some("0".into()) },
        Edit::SetMap { model: m(), field: f(), column: Some("total_amount".into()) },
        Edit::SetUnique { model: m(), field: "status".into(), unique: true },
        Edit::SetModelMap { model: m(), table: Some("orders".into()) },
        Edit::AddField { model: m(), field: "notes".into(), ty: "String?".into() },
        Edit::SetType { model: m(), field: "notes".into(), ty: "Json".into() },
    ];
    assert!(apply(&mut s, &edits).is_empty());
    let text = model_text(&s, "Order");
    assert!(text.contains("total      Decimal?    @default(0) @map(\"total_amount\")"), "{text}");
    assert!(text.contains("status     OrderStatus @unique"), "{text}");
    assert!(text.contains("notes      Json?"), "{text}");
    assert!(text.contains("@@map(\"orders\")"), "{text}");
}

#[test]
fn removing_a_key_or_a_model_drops_its_relations() {
    let mut s = schema();
    assert!(apply(&mut s, &[Edit::RemoveField { model: "Order".into(), field: "customerId".into() }]).is_empty());
    assert!(s.relations.is_empty());
    assert!(!model_text(&s, "Customer").contains("orders"));

    let mut s = schema();
    assert!(apply(&mut s, &[Edit::RemoveModel { model: "Customer".into() }]).is_empty());
    assert_eq!(s.models.len(), 1);
    assert!(s.relations.is_empty());
    assert_eq!(s.order, vec![ModelId(0)]);
    assert_eq!(s[ModelId(0)].name, "Order");
}

#[test]
fn edits_that_do_not_fit_are_reported_and_change_nothing() {
    let mut s = schema();
    let before = s.clone();
    let diags = apply(
        &mut s,
        &[
            Edit::RenameField { model: "Nope".into(), field: "a".into(), to: "b".into() },
            Edit::RenameField { model: "Order".into(), field: "total".into(), to: "status".into() },
            Edit::SetDefault { model: "Order".into(), field: "status".into(), default: Some("closed".into()) },
            Edit::SetType { model: "Order".into(), field: "total".into(), ty: "Money".into() },
            Edit::AddModel { model: "model".into() },
        ],
    );
    assert_eq!(diags.len(), 5, "{diags:?}");
    assert_eq!(s, before);
    assert!(diags[2].message.contains("not a value of OrderStatus"), "{}", diags[2].message);
}

#[test]
fn added_models_are_valid_and_serialise() {
    let mut s = schema();
    let edit = Edit::AddModel { model: "Invoice".into() };
    assert!(apply(&mut s, std::slice::from_ref(&edit)).is_empty());
    assert!(model_text(&s, "Invoice").contains("id String @id @default(uuid())"));
    let json = serde_json::to_string(&edit).expect("serialise");
    assert_eq!(json, r#"{"op":"add-model","model":"Invoice"}"#);
    assert_eq!(serde_json::from_str::<Edit>(&json).expect("parse"), edit);
}

#[test]
fn defaults_are_read_for_their_type() {
    let s = schema();
    let text = FieldType::Scalar(Scalar::String);
    assert_eq!(parse_default(&s, text, "\"EUR\""), Ok(DefaultValue::Text("EUR".into())));
    assert_eq!(parse_default(&s, FieldType::Scalar(Scalar::DateTime), "now()"), Ok(DefaultValue::Now));
    assert!(parse_default(&s, FieldType::Scalar(Scalar::Int), "x").is_err());
    assert!(parse_default(&s, FieldType::Scalar(Scalar::Boolean), "now()").is_err());
    assert_eq!(default_text(&DefaultValue::Text("EUR".into())), "\"EUR\"");
}
