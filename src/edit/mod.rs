//! Edits: what a person changes by hand in the review, as data applied after inference.
//!
//! The flow stays one-way: (documents, decisions, edits) → schema. An [`Edit`] names its
//! model and field by name (ids shift when documents change), so a saved edit can be
//! re-applied to a fresh inference; one that no longer fits is reported, never forced.
//! Renames carry through every place a name is used: relations' foreign-key and
//! referenced fields, relation field names, `@@id`/`@@unique`/`@@index` sets, questions.

mod value;

pub use value::{check_name, default_text, parse_default, parse_type, split_modifiers};

use crate::diagnostics::Diagnostic;
use crate::model::{DefaultValue, Field, FieldType, Model, ModelId, Origin, Scalar, Schema};
use serde::{Deserialize, Serialize};
use std::fmt;

/// One change a person made to the inferred schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "kebab-case")]
pub enum Edit {
    /// A new model with an `id String @id @default(uuid())`.
    AddModel { model: String },
    /// Drops a model and every relation that touches it.
    RemoveModel { model: String },
    /// Renames a model; relations follow it by id.
    RenameModel { model: String, to: String },
    /// Sets or clears the `@@map` table name.
    SetModelMap { model: String, table: Option<String> },
    /// Sets or clears the model's `///` doc comment.
    SetModelDoc { model: String, doc: Option<String> },
    /// A new scalar field; `ty` is a scalar or enum name.
    AddField { model: String, field: String, ty: String },
    /// Drops a scalar field (and relations it is a key of) or a relation field (its relation).
    RemoveField { model: String, field: String },
    /// Renames a scalar field or a relation field.
    RenameField { model: String, field: String, to: String },
    /// Changes a scalar field's type (a scalar or enum name).
    SetType { model: String, field: String, ty: String },
    /// Makes a field optional (`?`) or required.
    SetOptional { model: String, field: String, optional: bool },
    /// Makes a field a list (`[]`) or a single value.
    SetList { model: String, field: String, list: bool },
    /// Sets or clears `@default(...)`, written as inside the parentheses.
    SetDefault { model: String, field: String, default: Option<String> },
    /// Adds or removes `@unique`.
    SetUnique { model: String, field: String, unique: bool },
    /// Sets or clears the `@map` column name.
    SetMap { model: String, field: String, column: Option<String> },
    /// Sets or clears the field's `///` doc comment.
    SetDoc { model: String, field: String, doc: Option<String> },
}

/// Why an edit could not be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditError(pub String);

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for Edit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let opt = |o: &Option<String>| o.clone().unwrap_or_else(|| "(none)".into());
        match self {
            Edit::AddModel { model } => write!(f, "add model {model}"),
            Edit::RemoveModel { model } => write!(f, "remove model {model}"),
            Edit::RenameModel { model, to } => write!(f, "rename model {model} → {to}"),
            Edit::SetModelMap { model, table } => write!(f, "{model} @@map {}", opt(table)),
            Edit::SetModelDoc { model, .. } => write!(f, "{model} doc comment"),
            Edit::AddField { model, field, ty } => write!(f, "add {model}.{field} {ty}"),
            Edit::RemoveField { model, field } => write!(f, "remove {model}.{field}"),
            Edit::RenameField { model, field, to } => write!(f, "rename {model}.{field} → {to}"),
            Edit::SetType { model, field, ty } => write!(f, "{model}.{field} type {ty}"),
            Edit::SetOptional { model, field, optional } => write!(f, "{model}.{field} optional {optional}"),
            Edit::SetList { model, field, list } => write!(f, "{model}.{field} list {list}"),
            Edit::SetDefault { model, field, default } => write!(f, "{model}.{field} @default {}", opt(default)),
            Edit::SetUnique { model, field, unique } => write!(f, "{model}.{field} unique {unique}"),
            Edit::SetMap { model, field, column } => write!(f, "{model}.{field} @map {}", opt(column)),
            Edit::SetDoc { model, field, .. } => write!(f, "{model}.{field} doc comment"),
        }
    }
}

/// Applies the edits in order; each one that no longer fits is skipped with a warning.
pub fn apply(schema: &mut Schema, edits: &[Edit]) -> Vec<Diagnostic> {
    edits
        .iter()
        .filter_map(|edit| {
            edit.apply(schema)
                .err()
                .map(|e| Diagnostic::warning(format!("edit \"{edit}\" no longer applies: {e}"), None))
        })
        .collect()
}

impl Edit {
    /// The model the edit concerns (its name before the edit).
    pub fn model(&self) -> &str {
        match self {
            Edit::AddModel { model }
            | Edit::RemoveModel { model }
            | Edit::RenameModel { model, .. }
            | Edit::SetModelMap { model, .. }
            | Edit::SetModelDoc { model, .. }
            | Edit::AddField { model, .. }
            | Edit::RemoveField { model, .. }
            | Edit::RenameField { model, .. }
            | Edit::SetType { model, .. }
            | Edit::SetOptional { model, .. }
            | Edit::SetList { model, .. }
            | Edit::SetDefault { model, .. }
            | Edit::SetUnique { model, .. }
            | Edit::SetMap { model, .. }
            | Edit::SetDoc { model, .. } => model,
        }
    }

    /// Applies one edit, or says why it does not fit the schema (which is then unchanged).
    pub fn apply(&self, schema: &mut Schema) -> Result<(), EditError> {
        match self {
            Edit::AddModel { model } => add_model(schema, model),
            Edit::RemoveModel { model } => {
                let id = find_model(schema, model)?;
                remove_model(schema, id);
                Ok(())
            }
            Edit::RenameModel { model, to } => rename_model(schema, model, to),
            Edit::SetModelMap { model, table } => {
                let id = find_model(schema, model)?;
                schema[id].db_name = non_empty(table);
                Ok(())
            }
            Edit::SetModelDoc { model, doc } => {
                let id = find_model(schema, model)?;
                schema[id].description = non_empty(doc);
                Ok(())
            }
            Edit::AddField { model, field, ty } => add_field(schema, model, field, ty),
            Edit::RemoveField { model, field } => remove_field(schema, model, field),
            Edit::RenameField { model, field, to } => rename_field(schema, model, field, to),
            Edit::SetType { model, field, ty } => {
                let ty = parse_type(schema, ty).map_err(EditError)?;
                let f = scalar_mut(schema, model, field)?;
                if f.ty != ty {
                    f.ty = ty;
                    // A native type or default written for the old type rarely fits the new one.
                    f.native = None;
                    f.default = None;
                    f.type_origin = Origin::Stated;
                }
                Ok(())
            }
            Edit::SetOptional { model, field, optional } => {
                let f = scalar_mut(schema, model, field)?;
                if *optional && f.id {
                    return Err(EditError(format!("{field} is the id and cannot be optional")));
                }
                f.optional = *optional;
                if *optional {
                    f.list = false;
                }
                Ok(())
            }
            Edit::SetList { model, field, list } => {
                let f = scalar_mut(schema, model, field)?;
                if *list && f.id {
                    return Err(EditError(format!("{field} is the id and cannot be a list")));
                }
                f.list = *list;
                if *list {
                    f.optional = false;
                }
                Ok(())
            }
            Edit::SetDefault { model, field, default } => {
                let value = match non_empty(default) {
                    Some(text) => {
                        let ty = scalar_mut(schema, model, field)?.ty;
                        Some(parse_default(schema, ty, &text).map_err(EditError)?)
                    }
                    None => None,
                };
                scalar_mut(schema, model, field)?.default = value;
                Ok(())
            }
            Edit::SetUnique { model, field, unique } => {
                scalar_mut(schema, model, field)?.unique = *unique;
                Ok(())
            }
            Edit::SetMap { model, field, column } => {
                scalar_mut(schema, model, field)?.db_name = non_empty(column);
                Ok(())
            }
            Edit::SetDoc { model, field, doc } => {
                scalar_mut(schema, model, field)?.description = non_empty(doc);
                Ok(())
            }
        }
    }
}

fn non_empty(text: &Option<String>) -> Option<String> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string)
}

fn find_model(schema: &Schema, name: &str) -> Result<ModelId, EditError> {
    schema.model_by_name(name).ok_or_else(|| EditError(format!("there is no model {name}")))
}

fn scalar_mut<'s>(schema: &'s mut Schema, model: &str, field: &str) -> Result<&'s mut Field, EditError> {
    let id = find_model(schema, model)?;
    schema[id].field_mut(field).ok_or_else(|| EditError(format!("{model} has no scalar field {field}")))
}

/// Every name a model's block uses: scalar fields and the relation fields on it.
pub fn member_names(schema: &Schema, id: ModelId) -> Vec<String> {
    let mut names: Vec<String> = schema[id].fields.iter().map(|f| f.name.clone()).collect();
    for r in schema.relations.iter().filter(|r| r.is_emitted()) {
        if r.holder == id {
            names.push(r.holder_field.clone());
        }
        if r.target == id {
            names.push(r.target_field.clone());
        }
    }
    names
}

fn add_model(schema: &mut Schema, name: &str) -> Result<(), EditError> {
    check_name(name, true).map_err(EditError)?;
    if schema.model_by_name(name).is_some() || schema.enum_by_name(name).is_some() {
        return Err(EditError(format!("{name} already exists")));
    }
    let mut model = Model::new(name);
    model.fields.push(Field {
        id: true,
        default: Some(DefaultValue::Uuid),
        ..Field::new("id", FieldType::Scalar(Scalar::String))
    });
    schema.models.push(model);
    schema.order.push(ModelId(schema.models.len() as u32 - 1));
    Ok(())
}

/// Removes a model, every relation touching it, and shifts the ids above it down by one.
pub fn remove_model(schema: &mut Schema, id: ModelId) {
    schema.models.remove(id.index());
    schema.relations.retain(|r| r.holder != id && r.target != id && r.via != Some(id));
    let shift = |m: ModelId| if m > id { ModelId(m.0 - 1) } else { m };
    for r in &mut schema.relations {
        r.holder = shift(r.holder);
        r.target = shift(r.target);
        r.via = r.via.map(shift);
    }
    schema.order.retain(|&m| m != id);
    schema.order.iter_mut().for_each(|m| *m = shift(*m));
    for cycle in &mut schema.cycles {
        cycle.retain(|&m| m != id);
        cycle.iter_mut().for_each(|m| *m = shift(*m));
    }
    schema.cycles.retain(|c| c.len() > 1);
}

fn rename_model(schema: &mut Schema, from: &str, to: &str) -> Result<(), EditError> {
    let id = find_model(schema, from)?;
    if from == to {
        return Ok(());
    }
    check_name(to, true).map_err(EditError)?;
    if schema.model_by_name(to).is_some() || schema.enum_by_name(to).is_some() {
        return Err(EditError(format!("{to} already exists")));
    }
    schema[id].name = to.to_string();
    for q in schema.questions.iter_mut().filter(|q| q.model.as_deref() == Some(from)) {
        q.model = Some(to.to_string());
    }
    Ok(())
}

fn add_field(schema: &mut Schema, model: &str, field: &str, ty: &str) -> Result<(), EditError> {
    let id = find_model(schema, model)?;
    check_name(field, false).map_err(EditError)?;
    if member_names(schema, id).iter().any(|n| n == field) {
        return Err(EditError(format!("{model} already has a field {field}")));
    }
    let (base, optional, list) = value::split_modifiers(ty);
    let ty = parse_type(schema, base).map_err(EditError)?;
    schema[id].fields.push(Field { optional, list, ..Field::new(field, ty) });
    Ok(())
}

fn remove_field(schema: &mut Schema, model: &str, field: &str) -> Result<(), EditError> {
    let id = find_model(schema, model)?;
    if let Some(pos) = schema[id].fields.iter().position(|f| f.name == field) {
        schema[id].fields.remove(pos);
        // A relation keyed by the removed field has no key left: it goes too.
        schema.relations.retain(|r| {
            !((r.holder == id && r.fk_fields.iter().any(|f| f == field))
                || (r.target == id && r.references.iter().any(|f| f == field)))
        });
        let m = &mut schema[id];
        for set in m.uniques.iter_mut().chain(m.indexes.iter_mut()).chain(m.primary_key.iter_mut()) {
            set.fields.retain(|f| f != field);
        }
        m.uniques.retain(|s| !s.fields.is_empty());
        m.indexes.retain(|s| !s.fields.is_empty());
        if m.primary_key.as_ref().is_some_and(|pk| pk.fields.is_empty()) {
            m.primary_key = None;
        }
        return Ok(());
    }
    // A relation field: removing either end removes the relation (both ends come from it).
    let before = schema.relations.len();
    schema.relations.retain(|r| {
        !(r.is_emitted()
            && ((r.holder == id && r.holder_field == field) || (r.target == id && r.target_field == field)))
    });
    if schema.relations.len() == before {
        return Err(EditError(format!("{model} has no field {field}")));
    }
    Ok(())
}

fn rename_field(schema: &mut Schema, model: &str, from: &str, to: &str) -> Result<(), EditError> {
    let id = find_model(schema, model)?;
    if from == to {
        return Ok(());
    }
    check_name(to, false).map_err(EditError)?;
    let names = member_names(schema, id);
    if !names.iter().any(|n| n == from) {
        return Err(EditError(format!("{model} has no field {from}")));
    }
    if names.iter().any(|n| n == to) {
        return Err(EditError(format!("{model} already has a field {to}")));
    }
    let rename = |name: &mut String| {
        if name == from {
            *name = to.to_string();
        }
    };
    if let Some(f) = schema[id].field_mut(from) {
        f.name = to.to_string();
        for r in &mut schema.relations {
            if r.holder == id {
                r.fk_fields.iter_mut().for_each(rename);
            }
            if r.target == id {
                r.references.iter_mut().for_each(rename);
            }
        }
        let m = &mut schema[id];
        for set in m.uniques.iter_mut().chain(m.indexes.iter_mut()).chain(m.primary_key.iter_mut()) {
            set.fields.iter_mut().for_each(rename);
        }
    } else {
        for r in schema.relations.iter_mut().filter(|r| r.is_emitted()) {
            if r.holder == id {
                rename(&mut r.holder_field);
            }
            if r.target == id {
                rename(&mut r.target_field);
            }
        }
    }
    for q in schema.questions.iter_mut().filter(|q| q.model.as_deref() == Some(model)) {
        if q.field.as_deref() == Some(from) {
            q.field = Some(to.to_string());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
