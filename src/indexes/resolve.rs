//! Matching stated query patterns to a model and its fields: the subject entity, equality
//! filters (enum values, scoping entities, `?status=`), and one range or order field.

use super::patterns::{Pattern, PatternKind};
use crate::model::{FieldType, Model, ModelId, RelationKind, Scalar, Schema};
use crate::naming;

/// A pattern matched to a model: fields compared with `=`, then one range or order field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matched {
    pub model: ModelId,
    pub equality: Vec<String>,
    pub range: Option<String>,
}

/// Words that scope what follows them to another entity ("orders *for* a customer").
const SCOPE: &[&str] = &["for", "of", "per", "in", "within", "at", "from", "under", "belonging"];
/// Words asking for a date range or a date order.
const DATE_WORDS: &[&str] = &["date", "time", "newest", "latest", "recent", "oldest", "chronologically"];
/// Query parameters that page or sort rather than filter.
const PAGING: &[&str] = &["page", "limit", "offset", "cursor", "sort", "order", "orderby", "per_page", "pagesize", "q"];
/// Query parameters that bound a date range.
const RANGE_PARAMS: &[&str] = &["from", "to", "since", "until", "after", "before", "start", "end", "date"];

/// The model and fields a pattern reads, when it names a model.
pub fn resolve(schema: &Schema, tenant_key: Option<&str>, pattern: &Pattern) -> Option<Matched> {
    let mut m = match pattern.kind {
        PatternKind::Sentence => sentence(schema, &pattern.text)?,
        PatternKind::Endpoint => endpoint(schema, &pattern.text)?,
    };
    // Every read of a tenant-scoped model filters by the tenant key first.
    if let Some(key) = tenant_key.filter(|k| schema[m.model].field(k).is_some()) {
        m.equality.retain(|f| f != key);
        m.equality.insert(0, key.to_string());
    }
    Some(m)
}

/// The model a word names (`orders`, `Order`, `work-orders`), if any.
pub fn model_named(schema: &Schema, word: &str) -> Option<ModelId> {
    let pascal = naming::pascal(&naming::singular(word));
    let lower = word.to_ascii_lowercase();
    schema.model_ids().find(|&id| {
        let name = &schema[id].name;
        name.eq_ignore_ascii_case(&pascal) || name.eq_ignore_ascii_case(&lower)
    })
}

fn words(text: &str) -> Vec<(String, bool)> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '_' || c == '-'))
        .filter(|w| !w.is_empty())
        .map(|w| {
            let possessive = w.ends_with("'s") || w.ends_with("’s") || w.ends_with("s'");
            let bare = w.trim_end_matches("'s").trim_end_matches("’s").trim_end_matches('\'');
            (bare.to_ascii_lowercase(), possessive)
        })
        .collect()
}

fn sentence(schema: &Schema, text: &str) -> Option<Matched> {
    let ws = words(text);
    // The subject: the first entity word that is neither possessive nor after a scope word.
    let mut subject = None;
    let mut scopes = Vec::new();
    for (i, (w, possessive)) in ws.iter().enumerate() {
        let Some(id) = model_named(schema, w).or_else(|| two_word_model(schema, &ws, i)) else { continue };
        let scoped = *possessive || ws[..i].iter().rev().take(2).any(|(p, _)| SCOPE.contains(&p.as_str()));
        if scoped || subject.is_some() {
            scopes.push(id);
        } else {
            subject = Some(id);
        }
    }
    let model_id = subject?;
    let model = &schema[model_id];
    let mut m = Matched { model: model_id, equality: Vec::new(), range: None };
    for scope in scopes.into_iter().filter(|s| *s != model_id) {
        if let Some(fk) = foreign_key(schema, model_id, scope) {
            push(&mut m.equality, fk);
        }
    }
    for (i, (w, _)) in ws.iter().enumerate() {
        if let Some(field) = enum_field_with_value(schema, model, w) {
            push(&mut m.equality, field);
        }
        let after_by = i > 0 && ws[i - 1].0 == "by";
        if let Some(field) = field_named(model, w).or_else(|| after_by.then(|| field_starting(model, w)).flatten()) {
            if after_by && is_orderable(model, &field) {
                m.range.get_or_insert(field);
            } else if !is_key(model, &field) || after_by {
                push(&mut m.equality, field);
            }
        } else if DATE_WORDS.contains(&w.as_str()) && m.range.is_none() {
            m.range = date_field(model, &[]);
        }
    }
    Some(m)
}

/// `work orders` → `WorkOrder`.
fn two_word_model(schema: &Schema, ws: &[(String, bool)], i: usize) -> Option<ModelId> {
    let prev = ws.get(i.checked_sub(1)?)?;
    model_named(schema, &format!("{}-{}", prev.0, ws[i].0))
}

fn endpoint(schema: &Schema, path: &str) -> Option<Matched> {
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let last = *segments.last()?;
    if is_param(last) {
        return None; // `/orders/:id`: a lookup by primary key, always covered.
    }
    let model_id = model_named(schema, last)?;
    let model = &schema[model_id];
    let mut m = Matched { model: model_id, equality: Vec::new(), range: None };
    for pair in segments.windows(2) {
        if is_param(pair[1])
            && let Some(parent) = model_named(schema, pair[0])
            && let Some(fk) = foreign_key(schema, model_id, parent)
        {
            push(&mut m.equality, fk);
        }
    }
    for param in query.split('&').filter_map(|p| p.split('=').next()).filter(|p| !p.is_empty()) {
        let key = param.to_ascii_lowercase().replace('-', "_");
        if PAGING.contains(&key.as_str()) {
            continue;
        }
        if let Some(field) = field_named(model, param) {
            if is_orderable(model, &field) && field_is_date(model, &field) {
                m.range.get_or_insert(field);
            } else {
                push(&mut m.equality, field);
            }
        } else if let Some(fk) = model_named(schema, param.trim_end_matches("Id").trim_end_matches("_id"))
            .and_then(|p| foreign_key(schema, model_id, p))
        {
            push(&mut m.equality, fk);
        } else if RANGE_PARAMS.contains(&key.as_str()) && m.range.is_none() {
            m.range = date_field(model, &["start", "date"]);
        }
    }
    Some(m)
}

/// `/orders/:id`: a lookup by primary key, which the key always serves.
pub fn is_key_lookup(path: &str) -> bool {
    let path = path.split('?').next().unwrap_or(path);
    path.split('/').rfind(|s| !s.is_empty()).is_some_and(is_param)
}

fn is_param(segment: &str) -> bool {
    segment.starts_with(':') || segment.starts_with('{')
}

fn push(list: &mut Vec<String>, field: String) {
    if !list.contains(&field) {
        list.push(field);
    }
}

/// The foreign key on `holder` that points at `target` (the first, when several do).
fn foreign_key(schema: &Schema, holder: ModelId, target: ModelId) -> Option<String> {
    schema
        .relations
        .iter()
        .find(|r| {
            r.holder == holder && r.target == target && r.kind != RelationKind::ManyToMany && r.fk_fields.len() == 1
        })
        .map(|r| r.fk_fields[0].clone())
}

/// A field whose name is the word (`status`, `due_at` → `dueAt`).
fn field_named(model: &Model, word: &str) -> Option<String> {
    let key: String = word.chars().filter(|c| *c != '_' && *c != '-').collect::<String>().to_ascii_lowercase();
    model.fields.iter().find(|f| f.name.to_ascii_lowercase() == key).map(|f| f.name.clone())
}

/// "by due" → `dueAt`.
fn field_starting(model: &Model, word: &str) -> Option<String> {
    (word.len() >= 3)
        .then(|| model.fields.iter().find(|f| f.name.to_ascii_lowercase().starts_with(word)).map(|f| f.name.clone()))
        .flatten()
}

/// The enum field of `model` that has `word` as a value ("open" → `status`).
fn enum_field_with_value(schema: &Schema, model: &Model, word: &str) -> Option<String> {
    model
        .fields
        .iter()
        .find(|f| match f.ty {
            FieldType::Enum(e) => schema[e].values.iter().any(|v| {
                v.name.eq_ignore_ascii_case(word) || v.db_name.as_deref().is_some_and(|d| d.eq_ignore_ascii_case(word))
            }),
            FieldType::Scalar(_) | FieldType::Composite(_) | FieldType::Unsupported(_) => false,
        })
        .map(|f| f.name.clone())
}

fn is_key(model: &Model, field: &str) -> bool {
    model.field(field).is_some_and(|f| f.id)
}

fn is_orderable(model: &Model, field: &str) -> bool {
    model.field(field).is_some_and(|f| {
        matches!(
            f.ty,
            FieldType::Scalar(Scalar::DateTime | Scalar::Int | Scalar::BigInt | Scalar::Float | Scalar::Decimal)
        )
    })
}

fn field_is_date(model: &Model, field: &str) -> bool {
    model.field(field).is_some_and(|f| f.ty == FieldType::Scalar(Scalar::DateTime))
}

/// The date field a range or "by date" means: one starting with a preferred word, else
/// the first date field a document stated, else `createdAt`, else the first date field.
fn date_field(model: &Model, prefer: &[&str]) -> Option<String> {
    let dates: Vec<&crate::model::Field> =
        model.fields.iter().filter(|f| f.ty == FieldType::Scalar(Scalar::DateTime) && !f.list).collect();
    let preferred = prefer.iter().find_map(|p| dates.iter().find(|d| d.name.to_ascii_lowercase().starts_with(p)));
    preferred
        .or_else(|| dates.iter().find(|d| d.origin == crate::model::Origin::Stated))
        .or_else(|| dates.iter().find(|d| d.name == "createdAt"))
        .or_else(|| dates.first())
        .map(|d| d.name.clone())
}
