//! The verification gate: proves a schema before anything is generated from it.
//!
//! Every foreign key points at a model that exists; both ends of every relation exist and
//! ambiguous relations are named; each model's fields match its documents exactly (missing
//! and extra fields listed; the profile's audit fields allowed); every `@@map` is the right
//! plural; tenant-scoped models carry the tenant key and its index. Pure: it reads a schema
//! (imported or generated), the reader's diagnostics, the documents' schema and a profile.

pub mod contract;

use crate::conventions::{self, Profile, TenantScope};
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{FieldSet, Model, Provenance, RelationKind, Schema};
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt;

/// The rule a finding breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// The schema does not read as Prisma (syntax, unknown types, bad attribute arguments).
    Schema,
    /// A foreign key (or relation field) points at a model that does not exist.
    DanglingForeignKey,
    /// A relation field with no opposite field on the other model.
    OneSidedRelation,
    /// Two relations join the same models and one has no name.
    UnnamedAmbiguousRelation,
    /// A model the documents describe is not in the schema.
    MissingModel,
    /// A field the documents state is not in the schema.
    MissingField,
    /// A field (or model) no document states, beyond the profile's own fields.
    ExtraField,
    /// `@@map` is not the table name the profile's naming asks for.
    TableName,
    /// A tenant-scoped model lacks the tenant key or its index.
    TenantKey,
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Rule::Schema => "schema",
            Rule::DanglingForeignKey => "dangling foreign key",
            Rule::OneSidedRelation => "one-sided relation",
            Rule::UnnamedAmbiguousRelation => "unnamed ambiguous relation",
            Rule::MissingModel => "missing model",
            Rule::MissingField => "missing field",
            Rule::ExtraField => "extra field",
            Rule::TableName => "table name",
            Rule::TenantKey => "tenant key",
        })
    }
}

/// One broken rule, pointing at the model and field it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: Rule,
    pub model: Option<String>,
    pub field: Option<String>,
    pub message: String,
    pub at: Option<Provenance>,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(at) = &self.at {
            write!(f, "{at}: ")?;
        }
        write!(f, "[{}] {}", self.rule, self.message)
    }
}

/// The gate's verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub models: usize,
    pub compared_with_documents: bool,
    pub findings: Vec<Finding>,
    /// What the database will enforce beyond the schema (PostgreSQL: RLS, CHECKs, search,
    /// partial indexes): not findings, but part of what is verified and written.
    pub database: Vec<crate::postgres::Extra>,
}

impl Report {
    pub fn passed(&self) -> bool {
        self.findings.is_empty()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let against = if self.compared_with_documents { ", fields compared with the documents" } else { "" };
        if self.passed() {
            write!(f, "verification passed: {} models{against}", self.models)?;
        } else {
            writeln!(f, "verification failed: {} finding(s) in {} models{against}", self.findings.len(), self.models)?;
            for finding in &self.findings {
                writeln!(f, "  {finding}")?;
            }
        }
        if !self.database.is_empty() {
            let newline = if self.passed() { "\n" } else { "" };
            write!(f, "{newline}database rules (SQL in the migration):")?;
            for e in &self.database {
                write!(f, "\n  {}: {} ({})", e.model, e.kind, e.why)?;
            }
        }
        Ok(())
    }
}

/// Runs every rule. `reader` holds the diagnostics of reading the schema (errors there are
/// findings); `documents` is the schema the documents describe, when there are documents.
pub fn verify(schema: &Schema, reader: &[Diagnostic], documents: Option<&Schema>, profile: &Profile) -> Report {
    let mut findings = Vec::new();
    // The tenant key: the profile's, else the one the documents (or the schema) carry.
    let tenant = profile
        .tenant
        .key
        .clone()
        .or_else(|| documents.and_then(|d| d.tenant_key.clone()))
        .or_else(|| schema.tenant_key.clone());
    let tenant = tenant.as_deref();
    reader_findings(reader, &mut findings);
    // A key whose relation field the reader already reported needs no second finding.
    let reported: BTreeSet<(String, String)> =
        findings.iter().filter_map(|f| Some((f.model.clone()?, f.field.clone()?))).collect();
    dangling_keys(schema, documents, tenant, &reported, &mut findings);
    ambiguous_relations(schema, &mut findings);
    if let Some(docs) = documents {
        compare_fields(schema, docs, profile, tenant, &mut findings);
    }
    table_names(schema, documents, profile, &mut findings);
    if let Some(key) = tenant {
        tenant_keys(schema, profile, key, &mut findings);
    }
    findings.sort_by(|a, b| (&a.model, &a.field, a.rule).cmp(&(&b.model, &b.field, b.rule)));
    findings.dedup();
    let database = crate::postgres::extras(schema, profile);
    Report { models: schema.models.len(), compared_with_documents: documents.is_some(), findings, database }
}

fn finding(rule: Rule, model: &str, field: Option<&str>, message: String, at: Option<Provenance>) -> Finding {
    Finding { rule, model: Some(model.to_string()), field: field.map(str::to_string), message, at }
}

/// Errors of the schema reader, classified; they name `Model.field` first.
fn reader_findings(reader: &[Diagnostic], findings: &mut Vec<Finding>) {
    for d in reader.iter().filter(|d| d.severity == Severity::Error) {
        let (model, field) = match d.message.split_once(": ").map(|(place, _)| place) {
            Some(place) if !place.contains(' ') => match place.split_once('.') {
                Some((m, f)) => (Some(m.to_string()), Some(f.to_string())),
                None => (Some(place.to_string()), None),
            },
            _ => (None, None),
        };
        let rule = if d.message.contains("no opposite field") {
            Rule::OneSidedRelation
        } else if d.message.contains("is ambiguous") {
            Rule::UnnamedAmbiguousRelation
        } else if d.message.contains("neither a scalar type, an enum nor a model")
            || d.message.contains("names no scalar field")
        {
            Rule::DanglingForeignKey
        } else {
            Rule::Schema
        };
        findings.push(Finding { rule, model, field, message: d.message.clone(), at: d.at.clone() });
    }
}

/// A scalar `xxxId` in no relation, where the documents relate it or no model `Xxx` exists.
fn dangling_keys(
    schema: &Schema,
    documents: Option<&Schema>,
    tenant: Option<&str>,
    reported: &BTreeSet<(String, String)>,
    findings: &mut Vec<Finding>,
) {
    for (m, model) in schema.models.iter().enumerate() {
        for field in &model.fields {
            let Some(stem) = field.name.strip_suffix("Id").filter(|s| s.ends_with(|c: char| c.is_ascii_lowercase()))
            else {
                continue;
            };
            let in_relation = schema.relations.iter().any(|r| {
                (r.holder.index() == m && r.fk_fields.contains(&field.name))
                    || (r.target.index() == m && r.target_fk_fields.contains(&field.name))
            });
            let already = reported.contains(&(model.name.clone(), stem.to_string()));
            if in_relation || already || tenant == Some(field.name.as_str()) {
                continue;
            }
            let documented_target = documents.and_then(|docs| {
                let dm = docs.model_by_name(&model.name)?;
                docs.relations
                    .iter()
                    .find(|r| r.holder == dm && r.fk_fields.contains(&field.name))
                    .map(|r| docs[r.target].name.clone())
            });
            let target = documented_target.unwrap_or_else(|| crate::naming::upper_first(stem));
            let exists = schema.model_by_name(&target).is_some();
            let message = if exists {
                format!("{}.{} points at {target}, but no relation field joins them", model.name, field.name)
            } else {
                format!("{}.{} points at {target}, which is not a model of the schema", model.name, field.name)
            };
            let documented = documents.is_some_and(|d| d.model_by_name(&target).is_some());
            if exists || documented || documents.is_none() {
                let at = field.provenance.first().cloned();
                findings.push(finding(Rule::DanglingForeignKey, &model.name, Some(&field.name), message, at));
            }
        }
    }
}

/// Two or more relations between the same models need names on every one of them.
fn ambiguous_relations(schema: &Schema, findings: &mut Vec<Finding>) {
    let emitted: Vec<_> = schema.relations.iter().filter(|r| r.is_emitted()).collect();
    for r in &emitted {
        let pair = |x: &crate::model::Relation| (x.holder.min(x.target), x.holder.max(x.target));
        let siblings = emitted.iter().filter(|o| pair(o) == pair(r)).count();
        if siblings > 1 && r.name.is_none() {
            let holder = &schema[r.holder].name;
            let message = format!(
                "{holder}.{} joins {} like another relation does, and has no @relation name",
                r.holder_field, schema[r.target].name
            );
            findings.push(finding(
                Rule::UnnamedAmbiguousRelation,
                holder,
                Some(&r.holder_field),
                message,
                r.provenance.first().cloned(),
            ));
        }
    }
}

/// Fields a convention may add: audit and soft-delete fields, the tenant key, MongoDB's
/// lists of ids for many-to-many, and an id the profile adds to a keyless model.
fn convention_fields(schema: &Schema, model: &Model, profile: &Profile, tenant: Option<&str>) -> BTreeSet<String> {
    let mut allowed: BTreeSet<String> = profile.added_field_names().into_iter().map(str::to_string).collect();
    allowed.extend(tenant.map(str::to_string));
    allowed.insert("id".into());
    for r in &schema.relations {
        if r.kind == RelationKind::ManyToMany {
            allowed.extend(r.fk_fields.iter().chain(&r.target_fk_fields).filter(|f| model.field(f).is_some()).cloned());
        }
    }
    allowed
}

fn compare_fields(
    schema: &Schema,
    docs: &Schema,
    profile: &Profile,
    tenant: Option<&str>,
    findings: &mut Vec<Finding>,
) {
    for doc_model in &docs.models {
        let at = doc_model.provenance.first().cloned();
        let Some(id) = schema.model_by_name(&doc_model.name) else {
            let message = format!("{} is described by the documents but is not in the schema", doc_model.name);
            findings.push(finding(Rule::MissingModel, &doc_model.name, None, message, at));
            continue;
        };
        let model = &schema[id];
        for f in &doc_model.fields {
            if model.field(&f.name).is_none() {
                let message =
                    format!("{}.{} is stated by the documents but missing from the schema", model.name, f.name);
                findings.push(finding(
                    Rule::MissingField,
                    &model.name,
                    Some(&f.name),
                    message,
                    f.provenance.first().cloned(),
                ));
            }
        }
        let allowed = convention_fields(schema, model, profile, tenant);
        for f in &model.fields {
            if doc_model.field(&f.name).is_none() && !allowed.contains(&f.name) {
                let message = format!("{}.{} is in the schema but no document states it", model.name, f.name);
                findings.push(finding(
                    Rule::ExtraField,
                    &model.name,
                    Some(&f.name),
                    message,
                    f.provenance.first().cloned(),
                ));
            }
        }
    }
    for model in &schema.models {
        if docs.model_by_name(&model.name).is_none() {
            let message =
                format!("{} {} is in the schema but no document describes it", model.kind.keyword(), model.name);
            findings.push(finding(Rule::ExtraField, &model.name, None, message, model.provenance.first().cloned()));
        }
    }
}

/// Views are named after the database view, which the profile's table naming does not govern;
/// nor is a table the documents name themselves (a SQLAlchemy class `LineItem` on `order_items`).
fn table_names(schema: &Schema, documents: Option<&Schema>, profile: &Profile, findings: &mut Vec<Finding>) {
    for model in schema.models.iter().filter(|m| !m.is_view()) {
        let Some(expected) = conventions::expected_table(profile, &model.name) else { continue };
        let stated = documents.and_then(|d| Some(&d[d.model_by_name(&model.name)?])).and_then(|m| m.db_name.as_ref());
        if stated.is_some() && stated == model.db_name.as_ref() {
            continue;
        }
        let message = match &model.db_name {
            Some(actual) if *actual == expected => continue,
            Some(actual) => format!("{} maps to \"{actual}\"; the profile's naming gives \"{expected}\"", model.name),
            None => format!("{} has no @@map; the profile's naming gives @@map(\"{expected}\")", model.name),
        };
        findings.push(finding(Rule::TableName, &model.name, None, message, model.provenance.first().cloned()));
    }
}

fn tenant_keys(schema: &Schema, profile: &Profile, key: &str, findings: &mut Vec<Finding>) {
    let key = key.to_string();
    let tenant_model = schema.relations.iter().find(|r| r.fk_fields == [key.clone()]).map(|r| r.target);
    // A view cannot be indexed, and its columns are the view's: tenant rules are the tables'.
    for (i, model) in schema.models.iter().enumerate().filter(|(_, m)| !m.is_view()) {
        let scoped = match &profile.tenant.scope {
            TenantScope::Carriers => model.field(&key).is_some(),
            TenantScope::All => Some(crate::model::ModelId(i as u32)) != tenant_model,
            TenantScope::Models(names) => names.contains(&model.name),
        };
        if !scoped {
            continue;
        }
        let at = model.provenance.first().cloned();
        if model.field(&key).is_none() {
            let message = format!("{} is tenant-scoped but has no {key}", model.name);
            findings.push(finding(Rule::TenantKey, &model.name, Some(&key), message, at));
            continue;
        }
        let leads = |set: &FieldSet| set.fields.first() == Some(&key);
        let indexed = model.indexes.iter().any(leads)
            || model.uniques.iter().any(leads)
            || model.primary_key.as_ref().is_some_and(leads);
        if profile.tenant.index && !indexed {
            let message = format!("{}.{key} is the tenant key but has no index", model.name);
            findings.push(finding(Rule::TenantKey, &model.name, Some(&key), message, at));
        }
    }
}
