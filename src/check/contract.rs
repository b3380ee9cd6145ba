//! API-contract compliance: a schema against the request/response types of an API contract
//! (TypeScript interfaces). Per model: the contract fields the schema lacks, the schema
//! fields no contract type exposes, and the fields whose types or optionality disagree.

use crate::infer::types::{self, Declared};
use crate::ingest::raw::{RawDocument, RawEntity, RawField};
use crate::model::{FieldType, Model, Provenance, Scalar, Schema};
use crate::naming;
use serde::Serialize;
use std::fmt;

/// A field a contract type declares and the schema lacks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Missing {
    pub field: String,
    pub contract_type: String,
    pub at: Provenance,
}

/// A field whose contract type and schema type disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mismatch {
    pub field: String,
    /// What the contract says (`number?`, `string[]`).
    pub contract: String,
    /// What the schema says (`String`, `DateTime?`).
    pub schema: String,
    pub at: Provenance,
}

/// One model against the contract type of the same name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModelCompliance {
    pub model: String,
    pub contract_type: String,
    pub missing: Vec<Missing>,
    /// Scalar fields of the model that the contract type does not expose.
    pub unexposed: Vec<String>,
    pub mismatches: Vec<Mismatch>,
}

/// The whole comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct ContractReport {
    pub models: Vec<ModelCompliance>,
    /// Models no contract type names.
    pub uncovered_models: Vec<String>,
    /// Contract types that name no model (transport types, views).
    pub unmatched_types: Vec<String>,
}

impl ContractReport {
    /// Compliance fails on missing fields and type mismatches; unexposed fields are information.
    pub fn passed(&self) -> bool {
        self.models.iter().all(|m| m.missing.is_empty() && m.mismatches.is_empty())
    }
}

impl fmt::Display for ContractReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verdict = if self.passed() { "matches" } else { "does not match" };
        writeln!(f, "API contract: the schema {verdict} the contract ({} models compared)", self.models.len())?;
        for m in &self.models {
            for x in &m.missing {
                writeln!(
                    f,
                    "  {}: [missing] {}.{} is in contract type {} but not in the schema",
                    x.at, m.model, x.field, x.contract_type
                )?;
            }
            for x in &m.mismatches {
                writeln!(
                    f,
                    "  {}: [type] {}.{} is `{}` in the contract but {} in the schema",
                    x.at, m.model, x.field, x.contract, x.schema
                )?;
            }
            if !m.unexposed.is_empty() {
                writeln!(f, "  [unexposed] {}: {} (no contract type exposes them)", m.model, m.unexposed.join(", "))?;
            }
        }
        if !self.uncovered_models.is_empty() {
            writeln!(f, "  models no contract type describes: {}", self.uncovered_models.join(", "))?;
        }
        if !self.unmatched_types.is_empty() {
            writeln!(f, "  contract types with no model: {}", self.unmatched_types.join(", "))?;
        }
        Ok(())
    }
}

/// Compares `schema` with every entity-shaped type of the contract documents.
pub fn comply(schema: &Schema, contract: &[RawDocument]) -> ContractReport {
    let mut report = ContractReport::default();
    let types: Vec<&RawEntity> = contract.iter().flat_map(|d| &d.entities).collect();
    let enum_names: Vec<&str> = contract.iter().flat_map(|d| d.enums.iter().map(|e| e.name.as_str())).collect();
    let mut covered = vec![false; schema.models.len()];
    for ty in types {
        let Some(id) = schema.model_by_name(&naming::model_name_as_written(&ty.name)) else {
            report.unmatched_types.push(ty.name.clone());
            continue;
        };
        covered[id.index()] = true;
        report.models.push(compare(schema, &schema[id], ty, &enum_names));
    }
    report.uncovered_models =
        schema.models.iter().zip(&covered).filter(|(_, c)| !**c).map(|(m, _)| m.name.clone()).collect();
    report
}

fn compare(schema: &Schema, model: &Model, ty: &RawEntity, enum_names: &[&str]) -> ModelCompliance {
    let relation_fields: Vec<&str> = schema
        .relations
        .iter()
        .filter(|r| r.is_emitted())
        .flat_map(|r| {
            let mut names = Vec::new();
            if schema[r.holder].name == model.name {
                names.push(r.holder_field.as_str());
            }
            if schema[r.target].name == model.name {
                names.push(r.target_field.as_str());
            }
            names
        })
        .collect();
    let mut out = ModelCompliance {
        model: model.name.clone(),
        contract_type: ty.name.clone(),
        missing: Vec::new(),
        unexposed: Vec::new(),
        mismatches: Vec::new(),
    };
    for raw in &ty.fields {
        let name = naming::field_name(&raw.name);
        match model.field(&name) {
            Some(field) => {
                if let Some(contract) = disagreement(schema, field, raw, enum_names) {
                    out.mismatches.push(Mismatch {
                        field: name,
                        contract,
                        schema: schema.field_type(field),
                        at: raw.at.clone(),
                    });
                }
            }
            None if relation_fields.contains(&name.as_str()) => {}
            None => out.missing.push(Missing { field: name, contract_type: ty.name.clone(), at: raw.at.clone() }),
        }
    }
    let exposed: Vec<String> = ty.fields.iter().map(|f| naming::field_name(&f.name)).collect();
    out.unexposed = model.fields.iter().filter(|f| !exposed.contains(&f.name)).map(|f| f.name.clone()).collect();
    out
}

/// The contract's spelling of the field when it disagrees with the schema, else `None`.
fn disagreement(schema: &Schema, field: &crate::model::Field, raw: &RawField, enum_names: &[&str]) -> Option<String> {
    let contract_text = || {
        let mut t = raw.ty.clone().unwrap_or_else(|| raw.values.as_ref().map_or("?".into(), |v| v.join(" | ")));
        if raw.list {
            t.push_str("[]");
        } else if raw.optional == Some(true) {
            t.push('?');
        }
        t
    };
    let type_ok = match (&raw.ty, field.ty) {
        (None, FieldType::Enum(_)) => raw.values.is_some(),
        (None, FieldType::Scalar(Scalar::String)) => raw.values.is_some(),
        (None, _) => true,
        (Some(t), FieldType::Enum(id)) => {
            let name = &schema[id].name;
            t == name || enum_names.contains(&t.as_str()) || t.eq_ignore_ascii_case("string")
        }
        (Some(t), FieldType::Scalar(s)) => scalar_fits(t, s, &field.name, enum_names),
        // An embedded document is served by the contract's type of the same name, or any object.
        (Some(t), FieldType::Composite(id)) => t == &schema[id].name || t.eq_ignore_ascii_case("object"),
        // The generated client never reads the column: no contract type is served by it.
        (Some(_), FieldType::Unsupported(_)) => false,
    };
    // An optional contract field served by a required column is fine (responses may omit);
    // a required contract field over a nullable column is not.
    let optional_ok = !(raw.optional == Some(false) && field.optional);
    let list_ok = raw.list == field.list || field.ty == FieldType::Scalar(Scalar::Json);
    (!(type_ok && optional_ok && list_ok)).then(contract_text)
}

/// Whether a contract (wire) type can carry a column of scalar `s`.
fn scalar_fits(t: &str, s: Scalar, name: &str, enum_names: &[&str]) -> bool {
    if enum_names.contains(&t) {
        return s == Scalar::String;
    }
    match types::declared(t) {
        // Strings carry text, ISO timestamps, decimals (as strings) and big integers.
        Declared::Wire(Scalar::String) => {
            matches!(s, Scalar::String | Scalar::DateTime | Scalar::Decimal | Scalar::BigInt | Scalar::Bytes)
        }
        Declared::Wire(_) => matches!(s, Scalar::Int | Scalar::BigInt | Scalar::Float | Scalar::Decimal),
        Declared::Scalar(declared, _) => declared == s || (declared == Scalar::Json && s == Scalar::Json),
        Declared::Named(_) => {
            let _ = name;
            s == Scalar::Json
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::infer::{self, Settings};
    use crate::ingest::{self, Source};
    use crate::model::Decisions;

    const DOC: &str = "### Course\n\n| Field | Type | Required |\n|---|---|---|\n| id | uuid | yes |\n| title | string | yes |\n| priceCents | int | yes |\n| publishedAt | datetime | no |\n| internalNote | string | no |\n";
    const CONTRACT: &str = "```ts\nexport interface Course {\n  id: string;\n  title: string;\n  priceCents: string;\n  publishedAt?: string;\n  slug: string;\n}\nexport interface Page<T> { items: T[] }\n```\n";

    #[test]
    fn reports_missing_unexposed_and_mismatched_fields() {
        let ingested = ingest::ingest(&[Source::new("doc.md", DOC)]);
        let schema = infer::infer(&ingested, &Decisions::default(), &Settings::default()).schema;
        let contract = ingest::ingest(&[Source::new("api.md", CONTRACT)]);
        let report = comply(&schema, &contract.documents);
        assert!(!report.passed());
        let course = &report.models[0];
        assert_eq!(course.missing.iter().map(|m| m.field.as_str()).collect::<Vec<_>>(), ["slug"]);
        assert_eq!(course.missing[0].at.line, 7);
        assert_eq!(course.unexposed, ["internalNote"]);
        assert_eq!(course.mismatches.len(), 1, "{:?}", course.mismatches);
        assert_eq!(
            (course.mismatches[0].field.as_str(), course.mismatches[0].contract.as_str()),
            ("priceCents", "string")
        );
        assert!(
            report.unmatched_types.is_empty(),
            "Page<T> is a transport type, skipped: {:?}",
            report.unmatched_types
        );
        assert!(report.to_string().contains("[missing] Course.slug"));
    }
}
