//! Applies a profile to an inferred schema: ids, key types, audit and soft-delete fields,
//! tenant keys, indexes, names. Everything added is marked inferred; what the documents
//! stated is kept unless the database cannot hold it (then a diagnostic says so). Views are
//! left as they are (no id, audit field, tenant key, index or name is added to a view: its
//! columns and name are the database view's), except for types the database cannot hold.

use super::profile::{IdStrategy, Profile, SoftDelete, TableNaming, TenantScope};
use crate::diagnostics::Diagnostic;
use crate::model::{
    DefaultValue, Field, FieldSet, FieldType, Model, NativeType, Origin, Provider, ReferentialAction, RelationKind,
    Scalar, Schema,
};
use crate::naming;

/// Applies `profile` to `schema` in place; returns what the user should know.
pub fn apply(schema: &mut Schema, profile: &Profile) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    schema.provider = profile.provider;
    let mongo = profile.provider == Provider::Mongodb;
    if mongo {
        mongo_types(schema, &mut diagnostics);
        composite_ids_to_unique(schema);
    }
    set_ids(schema, profile, &mut diagnostics);
    align_foreign_keys(schema);
    if mongo {
        mongo_many_to_many(schema);
        mongo_referential_actions(schema);
    }
    add_audit_fields(schema, profile);
    let tenant_key = profile.tenant.key.clone().or_else(|| schema.tenant_key.clone());
    if let Some(key) = &tenant_key {
        scope_tenants(schema, profile, key);
    }
    if profile.index_foreign_keys {
        index_foreign_keys(schema);
    }
    name_things(schema, profile);
    // After naming: the partial indexes' predicates use the final column names.
    crate::postgres::shape(schema, profile);
    diagnostics
}

fn id_field(strategy: IdStrategy) -> Field {
    let (ty, default, native, db_name) = match strategy {
        IdStrategy::Uuid => (Scalar::String, DefaultValue::Uuid, Some(native("Uuid")), None),
        IdStrategy::Cuid => (Scalar::String, DefaultValue::Cuid, None, None),
        IdStrategy::ObjectId => (Scalar::String, DefaultValue::Auto, Some(native("ObjectId")), Some("_id".to_string())),
        IdStrategy::Autoincrement => (Scalar::Int, DefaultValue::Autoincrement, None, None),
    };
    Field {
        id: true,
        default: Some(default),
        native,
        db_name,
        origin: Origin::Inferred,
        type_origin: Origin::Inferred,
        ..Field::new("id", FieldType::Scalar(ty))
    }
}

fn native(name: &str) -> NativeType {
    NativeType { name: name.into(), args: Vec::new() }
}

/// Ids follow the profile, except an id a document typed otherwise on SQL (a stated
/// `integer` id stays an Int). MongoDB ids are always ObjectIds mapped to `_id`.
fn set_ids(schema: &mut Schema, profile: &Profile, diagnostics: &mut Vec<Diagnostic>) {
    let mongo = profile.provider == Provider::Mongodb;
    // A key that is also a foreign key (a one-to-one sharing its parent's id) takes the
    // parent's id, never a generated one.
    let foreign: std::collections::HashSet<(usize, String)> =
        schema.relations.iter().flat_map(|r| r.fk_fields.iter().map(move |f| (r.holder.index(), f.clone()))).collect();
    for (m, model) in schema.models.iter_mut().enumerate().filter(|(_, m)| !m.is_view()) {
        let Some(id) = model.fields.iter_mut().find(|f| f.id) else { continue };
        if foreign.contains(&(m, id.name.clone())) {
            continue;
        }
        let stated_other = id.type_origin == Origin::Stated
            && id.ty != FieldType::Scalar(Scalar::String)
            && profile.id != IdStrategy::Autoincrement;
        if stated_other && !mongo {
            continue;
        }
        if stated_other {
            diagnostics.push(Diagnostic::warning(
                format!("{}.{} becomes an ObjectId: MongoDB ids are ObjectIds", model.name, id.name),
                id.provenance.first().cloned(),
            ));
        }
        let convention = id_field(if mongo { IdStrategy::ObjectId } else { profile.id });
        id.ty = convention.ty;
        id.default = convention.default;
        id.native = convention.native;
        if convention.db_name.is_some() {
            id.db_name = convention.db_name;
        }
    }
}

/// MongoDB has no Decimal: money becomes Float, said so.
fn mongo_types(schema: &mut Schema, diagnostics: &mut Vec<Diagnostic>) {
    let owners = schema.models.iter_mut().map(|m| (&m.name, &mut m.fields));
    let owners = owners.chain(schema.types.iter_mut().map(|t| (&t.name, &mut t.fields)));
    for (owner, fields) in owners {
        for f in fields {
            if f.ty == FieldType::Scalar(Scalar::Decimal) {
                f.ty = FieldType::Scalar(Scalar::Float);
                diagnostics.push(Diagnostic::warning(
                    format!("{owner}.{} is Decimal, which MongoDB does not support; it becomes Float", f.name),
                    f.provenance.first().cloned(),
                ));
            }
        }
    }
}

/// MongoDB has no composite primary keys: the model gets an ObjectId id and the pair stays unique.
fn composite_ids_to_unique(schema: &mut Schema) {
    for model in schema.models.iter_mut().filter(|m| !m.is_view()) {
        if let Some(pk) = model.primary_key.take() {
            model.uniques.insert(0, FieldSet { origin: Origin::Inferred, ..pk });
            if model.id_field().is_none() {
                model.fields.insert(0, id_field(IdStrategy::ObjectId));
            }
        }
    }
}

/// Foreign keys take the type (and native type) of the id they reference.
pub fn align_foreign_keys(schema: &mut Schema) {
    for r in 0..schema.relations.len() {
        let rel = &schema.relations[r];
        if rel.kind == RelationKind::ManyToMany {
            continue;
        }
        let target = &schema[rel.target];
        let pairs: Vec<(String, FieldType, Option<NativeType>)> = rel
            .fk_fields
            .iter()
            .zip(&rel.references)
            .filter_map(|(fk, reference)| target.field(reference).map(|t| (fk.clone(), t.ty, t.native.clone())))
            .collect();
        let holder = rel.holder;
        for (fk, ty, native) in pairs {
            if let Some(f) = schema[holder].field_mut(&fk) {
                f.ty = ty;
                f.native = native;
            }
        }
    }
}

/// MongoDB many-to-many: each side holds a list of the other side's ids.
fn mongo_many_to_many(schema: &mut Schema) {
    for r in 0..schema.relations.len() {
        let rel = &schema.relations[r];
        if rel.kind != RelationKind::ManyToMany || !rel.is_emitted() || !rel.fk_fields.is_empty() {
            continue;
        }
        let (holder, target) = (rel.holder, rel.target);
        let holder_list = format!("{}Ids", naming::lower_first(&schema[target].name));
        let target_list = format!("{}Ids", naming::lower_first(&schema[holder].name));
        for (model, name) in [(holder, &holder_list), (target, &target_list)] {
            if schema[model].field(name).is_none() {
                schema[model].fields.push(Field {
                    list: true,
                    native: Some(native("ObjectId")),
                    origin: Origin::Inferred,
                    type_origin: Origin::Inferred,
                    ..Field::new(name.clone(), FieldType::Scalar(Scalar::String))
                });
            }
        }
        let rel = &mut schema.relations[r];
        rel.fk_fields = vec![holder_list];
        rel.target_fk_fields = vec![target_list];
        rel.references = vec!["id".into()];
    }
}

/// Prisma on MongoDB emulates referential actions and refuses cascading cycles: a
/// self-relation must say `NoAction` for both.
fn mongo_referential_actions(schema: &mut Schema) {
    for rel in &mut schema.relations {
        if rel.holder == rel.target && rel.kind != RelationKind::ManyToMany {
            rel.on_delete = Some(ReferentialAction::NoAction);
            rel.on_update = Some(ReferentialAction::NoAction);
        }
    }
}

fn add_audit_fields(schema: &mut Schema, profile: &Profile) {
    let mongo = profile.provider == Provider::Mongodb;
    let audit = &profile.audit;
    // A relation field already named like an audit field (`createdBy` from `createdById`)
    // says the same thing: the audit field is left out rather than clash with it.
    let mut relation_fields: Vec<Vec<String>> = vec![Vec::new(); schema.models.len()];
    for r in &schema.relations {
        relation_fields[r.holder.index()].push(r.holder_field.clone());
        relation_fields[r.target.index()].push(r.target_field.clone());
    }
    // Order as the profiles list them: soft delete, then who, then when.
    for (model, taken) in schema.models.iter_mut().zip(&relation_fields).filter(|(m, _)| !m.is_view()) {
        let ensure = |model: &'_ mut Model, name: &str, ty: Scalar, optional: bool| -> Option<usize> {
            (!taken.iter().any(|t| t == name)).then(|| ensure_index(model, name, ty, optional))
        };
        match &profile.soft_delete {
            SoftDelete::None => {}
            SoftDelete::Flag { field } => {
                if let Some(i) = ensure(model, field, Scalar::Boolean, false) {
                    model.fields[i].default.get_or_insert(DefaultValue::Bool(false));
                }
            }
            SoftDelete::Timestamp { deleted_at, deleted_by, reason } => {
                ensure(model, deleted_at, Scalar::DateTime, true);
                if let Some(i) = deleted_by.as_deref().and_then(|by| ensure(model, by, Scalar::String, true))
                    && mongo
                {
                    model.fields[i].native.get_or_insert_with(|| native("ObjectId"));
                }
                if let Some(reason) = reason {
                    ensure(model, reason, Scalar::String, true);
                }
            }
        }
        for name in [&audit.created_by, &audit.updated_by].into_iter().flatten() {
            if let Some(i) = ensure(model, name, Scalar::String, true)
                && mongo
            {
                model.fields[i].native.get_or_insert_with(|| native("ObjectId"));
            }
        }
        if let Some(i) = audit.created_at.as_deref().and_then(|n| ensure(model, n, Scalar::DateTime, false)) {
            model.fields[i].default.get_or_insert(DefaultValue::Now);
        }
        if let Some(i) = audit.updated_at.as_deref().and_then(|n| ensure(model, n, Scalar::DateTime, false)) {
            let f = &mut model.fields[i];
            if f.default.is_none() && !f.extra_attributes.iter().any(|a| a == "@updatedAt") {
                f.extra_attributes.push("@updatedAt".into());
            }
        }
    }
}

/// The index of the field named `name`, added (inferred) when the model lacks it.
fn ensure_index(model: &mut Model, name: &str, ty: Scalar, optional: bool) -> usize {
    match model.fields.iter().position(|f| f.name == name) {
        Some(i) => i,
        None => {
            model.fields.push(Field {
                optional,
                origin: Origin::Inferred,
                type_origin: Origin::Inferred,
                ..Field::new(name, FieldType::Scalar(ty))
            });
            model.fields.len() - 1
        }
    }
}

/// Scoped models carry the tenant key (added when a profile lists a model that lacks it)
/// and, when the profile says so, an index on it.
fn scope_tenants(schema: &mut Schema, profile: &Profile, key: &str) {
    let tenant_model =
        schema.relations.iter().find(|r| r.fk_fields.len() == 1 && r.fk_fields[0] == key).map(|r| r.target);
    for i in 0..schema.models.len() {
        let id = crate::model::ModelId(i as u32);
        let model = &mut schema.models[i];
        if model.is_view() {
            continue;
        }
        let scoped = match &profile.tenant.scope {
            TenantScope::Carriers => model.field(key).is_some(),
            TenantScope::All => Some(id) != tenant_model,
            TenantScope::Models(names) => names.contains(&model.name),
        };
        if !scoped {
            continue;
        }
        if model.field(key).is_none() {
            ensure_index(model, key, Scalar::String, false);
        }
        if profile.tenant.index {
            add_index(model, vec![key.to_string()]);
        }
    }
}

/// `@@index` on every foreign key not already leading an index, unique or primary key.
fn index_foreign_keys(schema: &mut Schema) {
    let keys: Vec<(usize, Vec<String>)> = schema
        .relations
        .iter()
        .filter(|r| r.kind != RelationKind::ManyToMany && !r.fk_fields.is_empty())
        .map(|r| (r.holder.index(), r.fk_fields.clone()))
        .collect();
    for (m, fields) in keys {
        let model = &mut schema.models[m];
        if model.is_view() {
            continue;
        }
        let unique = fields.len() == 1 && model.field(&fields[0]).is_some_and(|f| f.unique || f.id);
        if !unique {
            add_index(model, fields);
        }
    }
}

/// Adds an index unless an existing index, unique or primary key already starts with these fields.
fn add_index(model: &mut Model, fields: Vec<String>) {
    let leads = |set: &FieldSet| set.fields.starts_with(&fields);
    let covered = model.indexes.iter().any(leads)
        || model.uniques.iter().any(leads)
        || model.primary_key.as_ref().is_some_and(leads)
        || (fields.len() == 1 && model.field(&fields[0]).is_some_and(|f| f.id || f.unique));
    if !covered {
        model.indexes.push(FieldSet::new(fields, Origin::Inferred, None));
    }
}

fn name_things(schema: &mut Schema, profile: &Profile) {
    for model in schema.models.iter_mut().filter(|m| !m.is_view()) {
        if model.db_name.is_none() {
            model.db_name = match profile.naming.tables {
                TableNaming::AsModel => None,
                TableNaming::PluralSnake => Some(naming::table_name(&model.name)),
                TableNaming::PluralLower => Some(naming::plural(&model.name).to_ascii_lowercase()),
            };
        }
        if profile.naming.snake_columns {
            for f in &mut model.fields {
                let snake = naming::snake(&f.name);
                if f.db_name.is_none() && snake != f.name {
                    f.db_name = Some(snake);
                }
            }
        }
    }
}

/// The table name a profile expects for a model (for the verification gate).
pub fn expected_table(profile: &Profile, model: &str) -> Option<String> {
    match profile.naming.tables {
        TableNaming::AsModel => None,
        TableNaming::PluralSnake => Some(naming::table_name(model)),
        TableNaming::PluralLower => Some(naming::plural(model).to_ascii_lowercase()),
    }
}
