//! Checking a schema against a sample's expected answer (`../shared/samples/expected/*.json`).

use schemata::model::{FieldType, ModelId, QuestionKind, Relation, RelationKind, Schema};
use serde_json::Value;
use std::collections::BTreeSet;

pub fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("`{key}` in {v}"))
}

/// How strictly an answer is read.
#[derive(Debug, Clone, Copy, Default)]
pub struct Strictness {
    /// A field without `"optional"` must be required (every column of a DBML or SQL table
    /// states its nullability); otherwise an absent `"optional"` is not checked.
    pub absent_optional_is_required: bool,
    /// No relation may join models the answer does not relate (the Markdown samples leave
    /// some relations unscored, e.g. `orgId` → Organization).
    pub no_unlisted_relations: bool,
}

/// Checks models, fields, types, optionality, enums and relations against the expected answer.
pub fn check_against_expected(schema: &Schema, expected: &Value, strict: Strictness) {
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
            match f["optional"].as_bool() {
                Some(optional) => assert_eq!(field.optional, optional, "optionality of {at}"),
                None if strict.absent_optional_is_required => assert!(!field.optional, "{at} is required"),
                None => {}
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
    if !strict.no_unlisted_relations {
        return;
    }
    // No relation between models the answer does not relate.
    let pairs: BTreeSet<(&str, &str)> = expected["relations"]
        .as_array()
        .expect("relations")
        .iter()
        .flat_map(|r| [(str_of(r, "from"), str_of(r, "to")), (str_of(r, "to"), str_of(r, "from"))])
        .collect();
    for rel in &schema.relations {
        let pair = (schema[rel.holder].name.as_str(), schema[rel.target].name.as_str());
        assert!(pairs.contains(&pair), "invented relation {pair:?}");
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
        assert!(found, "{what}: a many-to-many not found");
        return;
    }
    let fk = str_of(r, "fk");
    let relation = find_relation(schema, from, to, fk).unwrap_or_else(|| panic!("{what} on {fk} not found"));
    let want_kind = if kind == "one-to-one" { RelationKind::OneToOne } else { RelationKind::ManyToOne };
    assert_eq!(relation.kind, want_kind, "{what}");
    if r["ambiguous"].as_bool() == Some(true) {
        let name = relation.name.as_deref().unwrap_or_else(|| panic!("{what}: an ambiguous relation needs a name"));
        let pair = |x: &Relation| (x.holder.min(x.target), x.holder.max(x.target));
        let siblings: Vec<&Relation> =
            schema.relations.iter().filter(|o| pair(o) == pair(relation) && o.is_emitted()).collect();
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

pub fn find_relation<'s>(schema: &'s Schema, from: ModelId, to: ModelId, fk: &str) -> Option<&'s Relation> {
    schema.relations.iter().find(|rel| rel.holder == from && rel.target == to && rel.fk_fields == [fk])
}
