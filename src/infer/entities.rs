//! Entities to models: merge what several documents say about one entity, resolve each
//! field's type, optionality, default and enum, and ask where the documents disagree
//! or say too little.

use super::ask::Asker;
use super::defaults;
use super::sql_types::{self, Column};
use super::types::{self, Declared};
use crate::diagnostics::Diagnostic;
use crate::ingest::Ingested;
use crate::ingest::raw::{ConstraintKind, FactKind, RawDocument, RawEntity, RawEnum, RawField, RawForm};
use crate::model::{
    Choice, DefaultValue, Enum, EnumId, EnumValue, Field, FieldSet, FieldType, Model, NativeType, Origin, Provenance,
    Provider, Question, QuestionKind, Scalar, UnsupportedId,
};
use crate::naming;
use std::collections::{BTreeMap, HashMap};

/// What relation inference needs to know about a field beyond the model.
#[derive(Debug, Clone, Default)]
pub struct FieldHint {
    /// Marked FK by the document.
    pub foreign: bool,
    /// The entity the document says the field points to, as written.
    pub references: Option<String>,
}

/// Models and enums before relations are added.
#[derive(Debug, Default)]
pub struct Draft {
    pub models: Vec<Model>,
    pub enums: Vec<Enum>,
    /// Every spelling each model was written with (`LIBRARY_CARD`, `LibraryCard`).
    pub written: Vec<Vec<String>>,
    /// Keyed by (model index, field name).
    pub hints: BTreeMap<(usize, String), FieldHint>,
    pub diagnostics: Vec<Diagnostic>,
    /// Model index by model name and by every written spelling (lookups are hot: once per key).
    names: HashMap<String, usize>,
    /// Enum by name.
    enum_names: HashMap<String, EnumId>,
    /// The database type texts of `Unsupported` fields, as `Schema::unsupported` holds them.
    pub unsupported: Vec<String>,
}

impl Draft {
    /// Removes a model before relations exist (nothing refers to it by index yet but hints).
    pub fn remove_model(&mut self, index: usize) {
        self.models.remove(index);
        self.written.remove(index);
        self.names.clear();
        for (i, (model, written)) in self.models.iter().zip(&self.written).enumerate() {
            self.names.entry(model.name.clone()).or_insert(i);
            for w in written {
                self.names.entry(w.clone()).or_insert(i);
            }
        }
        let hints = std::mem::take(&mut self.hints);
        self.hints = hints
            .into_iter()
            .filter(|((m, _), _)| *m != index)
            .map(|((m, f), h)| ((if m > index { m - 1 } else { m }, f), h))
            .collect();
    }

    /// The index of the model an entity name (as written, or as a model name) refers to.
    pub fn model_index(&self, written: &str) -> Option<usize> {
        self.names.get(&model_key(written)).or_else(|| self.names.get(written)).copied()
    }

    /// Adds a model with the spellings it was written with; returns its index.
    pub fn push_model(&mut self, model: Model, written: Vec<String>) -> usize {
        let index = self.models.len();
        self.names.entry(model.name.clone()).or_insert(index);
        for w in &written {
            self.names.entry(w.clone()).or_insert(index);
        }
        self.models.push(model);
        self.written.push(written);
        index
    }

    /// The enum of that name.
    pub fn enum_named(&self, name: &str) -> Option<EnumId> {
        self.enum_names.get(name).copied()
    }

    /// `Unsupported("circle")`, its text kept once however many fields have it.
    fn unsupported_type(&mut self, db_type: &str) -> FieldType {
        let index = self.unsupported.iter().position(|t| t == db_type).unwrap_or_else(|| {
            self.unsupported.push(db_type.to_string());
            self.unsupported.len() - 1
        });
        FieldType::Unsupported(UnsupportedId(index as u32))
    }
}

/// The model name an entity name becomes.
pub fn model_key(written: &str) -> String {
    naming::model_name_as_written(written)
}

/// One entity's definitions, in document order.
struct Gathered<'a> {
    name: String,
    defs: Vec<&'a RawEntity>,
}

/// Builds models and enums from every document.
pub fn build(ingested: &Ingested, asker: &mut Asker<'_>) -> Draft {
    let mut draft = Draft::default();
    let named_enums = gather_enums(&ingested.documents, &mut draft);
    for gathered in gather(&ingested.documents) {
        build_model(&gathered, &ingested.documents, &named_enums, &mut draft, asker);
    }
    draft
}

fn gather(documents: &[RawDocument]) -> Vec<Gathered<'_>> {
    let mut out: Vec<Gathered<'_>> = Vec::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    let named = documents.iter().flat_map(|d| d.entities.iter().map(move |e| (e, d.model_names.get(&e.name))));
    for (entity, given) in named {
        let name = model_key(given.unwrap_or(&entity.name));
        match by_name.get(&name) {
            Some(&i) => out[i].defs.push(entity),
            None => {
                by_name.insert(name.clone(), out.len());
                out.push(Gathered { name, defs: vec![entity] });
            }
        }
    }
    out
}

/// Enums the documents name (`type CourseLevel = ...`), created up front so fields can use them.
fn gather_enums(documents: &[RawDocument], draft: &mut Draft) -> BTreeMap<String, EnumId> {
    let mut by_name = BTreeMap::new();
    let named = documents.iter().flat_map(|d| d.enums.iter().map(move |e| (e, d.enum_names.get(&e.name))));
    for (raw, given) in named {
        let name = naming::model_name_as_written(given.unwrap_or(&raw.name));
        if let Some(&id) = by_name.get(&name) {
            let existing: &mut Enum = &mut draft.enums[EnumId::index(id)];
            existing.provenance.push(raw.at.clone());
            if enum_values(&raw.values) != existing.values {
                draft.diagnostics.push(Diagnostic::warning(
                    format!("enum {name} is defined twice with different values; keeping the first"),
                    Some(raw.at.clone()),
                ));
            }
            continue;
        }
        let id = push_enum(draft, named_enum(raw, &name));
        by_name.insert(raw.name.clone(), id);
        by_name.insert(name, id);
    }
    by_name
}

fn named_enum(raw: &RawEnum, name: &str) -> Enum {
    Enum {
        name: name.to_string(),
        db_name: (raw.physical && raw.name != name).then(|| raw.name.clone()),
        values: enum_values(&raw.values),
        description: None,
        origin: Origin::Stated,
        provenance: vec![raw.at.clone()],
        extra_attributes: Vec::new(),
    }
}

fn push_enum(draft: &mut Draft, e: Enum) -> EnumId {
    let id = EnumId(draft.enums.len() as u32);
    draft.enum_names.entry(e.name.clone()).or_insert(id);
    draft.enums.push(e);
    id
}

fn enum_values(values: &[String]) -> Vec<EnumValue> {
    let mut out: Vec<EnumValue> = Vec::new();
    for raw in values {
        let name = naming::enum_value(raw);
        if out.iter().any(|v| v.name == name) {
            continue;
        }
        let db_name = (name != *raw).then(|| raw.clone());
        out.push(EnumValue { name, db_name, description: None });
    }
    out
}

fn build_model(
    g: &Gathered<'_>,
    documents: &[RawDocument],
    named_enums: &BTreeMap<String, EnumId>,
    draft: &mut Draft,
    asker: &mut Asker<'_>,
) {
    let index = draft.models.len();
    let described: Vec<&RawEntity> = g.defs.iter().copied().filter(|d| d.form != RawForm::MermaidMention).collect();
    let mut model = Model {
        description: g.defs.iter().find_map(|d| d.description.clone()),
        provenance: g.defs.iter().map(|d| d.at.clone()).collect(),
        ..Model::new(g.name.clone())
    };
    let mut written: Vec<String> = g.defs.iter().map(|d| d.name.clone()).collect();
    written.dedup();
    // A table name the database already uses (DBML, SQL) stays the table's name.
    if let Some(def) = g.defs.iter().find(|d| d.physical && d.name != model.name) {
        model.db_name = Some(def.name.clone());
    }

    // Fields in the order of their first mention; every definition of a field kept.
    let mut variants: Vec<(String, Vec<&RawField>)> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for def in &described {
        for raw in &def.fields {
            let name = naming::field_name(&raw.name);
            match seen.get(&name) {
                Some(&i) => variants[i].1.push(raw),
                None => {
                    seen.insert(name.clone(), variants.len());
                    variants.push((name, vec![raw]));
                }
            }
        }
    }
    let database = g.defs.iter().find_map(|def| database_of(def, documents));
    for (name, defs) in &variants {
        let raw = choose_definition(&model.name, name, defs, asker);
        let mut field = build_field(&model.name, name, &raw, database, named_enums, draft, asker);
        // A physical column (DBML, SQL) keeps its own name, whatever its spelling; and a
        // database that states no default for its key has none (it may also be a foreign key).
        if described.iter().any(|d| d.physical) {
            let column = raw.db_name.as_ref().unwrap_or(&raw.name);
            if field.db_name.is_none() && column != name {
                field.db_name = Some(column.clone());
            }
            if raw.default.is_none() {
                field.default = None;
            }
        }
        // Every place that states the field, agreeing or not, is where it came from.
        field.provenance = defs.iter().map(|d| d.at.clone()).collect();
        field.provenance.dedup();
        let hint = FieldHint {
            foreign: defs.iter().any(|d| d.foreign),
            references: defs.iter().find_map(|d| d.references.clone()),
        };
        draft.hints.insert((index, name.clone()), hint);
        model.fields.push(field);
    }
    settle_primary_key(&mut model);
    for def in &described {
        for c in &def.constraints {
            add_constraint(&mut model, c.kind, &c.fields, &c.at, &mut draft.diagnostics);
        }
    }
    draft.push_model(model, written);
}

/// The database whose column types a SQL or DBML table (or the table a SQLAlchemy class
/// creates, its types written as PostgreSQL's) states: the one its document names, else
/// PostgreSQL. A model one of them defines reads every declared type of its fields as
/// that database's column type, which maps as Prisma's introspection maps it.
fn database_of(def: &RawEntity, documents: &[RawDocument]) -> Option<Provider> {
    if !matches!(def.form, RawForm::Sql | RawForm::Dbml | RawForm::SqlAlchemy) {
        return None;
    }
    let facts = documents.iter().filter(|d| d.file == def.at.file).flat_map(|d| &d.facts);
    let stated = facts.map(|f| f.kind).find_map(|kind| match kind {
        FactKind::PostgreSql => Some(Provider::Postgresql),
        FactKind::MySql => Some(Provider::Mysql),
        FactKind::Sqlite => Some(Provider::Sqlite),
        FactKind::MongoDb => Some(Provider::Mongodb),
        _ => None,
    });
    Some(stated.unwrap_or(Provider::Postgresql))
}

/// The definition in force for a field stated by several documents. Agreeing or
/// complementary definitions merge; a real disagreement becomes a question.
fn choose_definition(model: &str, field: &str, defs: &[&RawField], asker: &mut Asker<'_>) -> RawField {
    let mut merged = defs[0].clone();
    let mut conflicting: Vec<&RawField> = vec![defs[0]];
    for d in &defs[1..] {
        let type_clash = matches!((&merged.ty, &d.ty), (Some(a), Some(b)) if !same_type(a, b, field));
        let opt_clash = matches!((merged.optional, d.optional), (Some(a), Some(b)) if a != b);
        if type_clash || opt_clash {
            conflicting.push(d);
            continue;
        }
        merged.ty = merged.ty.or_else(|| d.ty.clone());
        merged.optional = merged.optional.or(d.optional);
        merged.default = merged.default.or_else(|| d.default.clone());
        merged.description = merged.description.or_else(|| d.description.clone());
        merged.values = merged.values.or_else(|| d.values.clone());
        merged.unique |= d.unique;
        merged.primary |= d.primary;
        merged.foreign |= d.foreign;
        merged.list |= d.list;
        merged.references = merged.references.or_else(|| d.references.clone());
        merged.db_name = merged.db_name.or_else(|| d.db_name.clone());
        merged.updated_at |= d.updated_at;
    }
    if conflicting.len() == 1 {
        return merged;
    }
    let options: Vec<Choice> = conflicting
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let ty = d.ty.clone().unwrap_or_else(|| "untyped".into());
            let opt = match d.optional {
                Some(true) => " optional",
                Some(false) => " required",
                None => "",
            };
            Choice::new(format!("def{i}"), format!("{ty}{opt}, as {} says", d.at))
        })
        .collect();
    let chosen = asker.ask(Question {
        key: format!("conflict:{model}.{field}"),
        kind: QuestionKind::Conflict,
        model: Some(model.to_string()),
        field: Some(field.to_string()),
        prompt: format!("The documents define {model}.{field} differently: which definition holds?"),
        options,
        suggested: 0,
        answer: None,
        provenance: conflicting.iter().map(|d| d.at.clone()).collect(),
    });
    let i: usize = chosen.trim_start_matches("def").parse().unwrap_or(0);
    let mut pick = conflicting.get(i).map_or(merged.clone(), |d| (*d).clone());
    pick.description = pick.description.or(merged.description);
    pick
}

/// Two declared types agree when they resolve to the same Prisma type.
fn same_type(a: &str, b: &str, field: &str) -> bool {
    let resolve = |t: &str| match types::declared(t) {
        Declared::Scalar(s, _) => format!("{s}"),
        Declared::Wire(w) => format!("{}", types::refine_wire(w, field)),
        Declared::Named(n) => n.to_ascii_lowercase(),
    };
    resolve(a) == resolve(b)
}

fn build_field(
    model: &str,
    name: &str,
    raw: &RawField,
    database: Option<Provider>,
    named_enums: &BTreeMap<String, EnumId>,
    draft: &mut Draft,
    asker: &mut Asker<'_>,
) -> Field {
    let db_name = match &raw.db_name {
        Some(column) => (column != name).then(|| column.clone()),
        None => {
            (raw.name != name && naming::is_identifier(&raw.name) && raw.name.contains('_')).then(|| raw.name.clone())
        }
    };
    let is_id = raw.primary || name == "id";
    let (ty, native, type_origin) = resolve_type(model, name, raw, database, named_enums, draft, asker);
    let mut field = Field {
        db_name,
        optional: raw.optional.unwrap_or(false) && !is_id,
        list: raw.list,
        unique: raw.unique && !is_id,
        id: is_id,
        native,
        description: raw.description.clone().filter(|d| !only_flag_words(d)),
        type_origin,
        provenance: vec![raw.at.clone()],
        ..Field::new(name, ty)
    };
    if field.list && field.optional {
        // Prisma has no optional lists; an absent list is an empty one.
        field.optional = false;
    }
    let enum_values: Vec<String> = match field.ty {
        FieldType::Enum(id) => draft.enums[id.index()].values.iter().map(|v| v.name.clone()).collect(),
        FieldType::Scalar(_) | FieldType::Composite(_) | FieldType::Unsupported(_) => Vec::new(),
    };
    if let Some(text) = &raw.default {
        match defaults::parse(text, field.ty, &enum_values, field.id) {
            Some(d) => field.default = Some(d),
            None => draft.diagnostics.push(Diagnostic::warning(
                format!(
                    "default `{text}` of {model}.{name} does not fit its type {}; left out",
                    type_label(field.ty, draft)
                ),
                Some(raw.at.clone()),
            )),
        }
    }
    if raw.updated_at && field.ty == FieldType::Scalar(Scalar::DateTime) {
        field.extra_attributes.push("@updatedAt".into());
    }
    if field.id && field.default.is_none() {
        field.default = match field.ty {
            FieldType::Scalar(Scalar::String) => Some(DefaultValue::Uuid),
            FieldType::Scalar(Scalar::Int | Scalar::BigInt) => Some(DefaultValue::Autoincrement),
            _ => None,
        };
    }
    field
}

/// A description that only repeats flags already applied ("nullable", "PK, unique") says nothing more.
fn only_flag_words(description: &str) -> bool {
    description.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).all(|w| {
        matches!(
            w.to_ascii_lowercase().as_str(),
            "nullable" | "optional" | "required" | "not" | "null" | "unique" | "pk" | "fk" | "uk" | "primary" | "key"
        )
    })
}

fn type_label(ty: FieldType, draft: &Draft) -> String {
    match ty {
        FieldType::Scalar(s) => s.to_string(),
        FieldType::Enum(id) => draft.enums[id.index()].name.clone(),
        // Documents never yield composite types; only an imported schema has them.
        FieldType::Composite(_) => "a composite type".into(),
        FieldType::Unsupported(_) => "a database type Prisma does not support".into(),
    }
}

type Resolved = (FieldType, Option<NativeType>, Origin);

fn resolve_type(
    model: &str,
    name: &str,
    raw: &RawField,
    database: Option<Provider>,
    named_enums: &BTreeMap<String, EnumId>,
    draft: &mut Draft,
    asker: &mut Asker<'_>,
) -> Resolved {
    if let Some(values) = &raw.values {
        let enum_name = format!("{model}{}", naming::upper_first(name));
        let id = match draft.enum_named(&enum_name) {
            Some(id) => id,
            None => push_enum(
                draft,
                Enum {
                    name: enum_name,
                    db_name: None,
                    values: enum_values(values),
                    description: None,
                    origin: Origin::Inferred,
                    provenance: vec![raw.at.clone()],
                    extra_attributes: Vec::new(),
                },
            ),
        };
        return (FieldType::Enum(id), None, Origin::Stated);
    }
    let by_name = || types::from_name(name);
    let declared = |t: &str| match database {
        Some(provider) => sql_types::column(t, provider, raw.list),
        None => Column::Other(types::declared(t)),
    };
    match raw.ty.as_deref().map(declared) {
        Some(Column::Scalar(s, native) | Column::Other(Declared::Scalar(s, native))) => {
            (FieldType::Scalar(s), native, Origin::Stated)
        }
        Some(Column::Unsupported(db_type)) => (draft.unsupported_type(&db_type), None, Origin::Stated),
        Some(Column::Other(Declared::Wire(w))) => {
            let refined = types::refine_wire(w, name);
            let origin = if refined == w { Origin::Stated } else { Origin::Inferred };
            (FieldType::Scalar(refined), None, origin)
        }
        Some(Column::Other(Declared::Named(n))) => {
            match named_enums.get(&n).or_else(|| named_enums.get(&naming::model_name_as_written(&n))) {
                Some(&id) => (FieldType::Enum(id), None, Origin::Stated),
                // A database's own type that is no enum is one Prisma cannot hold, as its
                // introspection says: composite and range types, extensions' types.
                None => match database {
                    Some(provider) => {
                        let db_type = sql_types::unsupported_name(&n, provider, raw.list);
                        (draft.unsupported_type(&db_type), None, Origin::Stated)
                    }
                    None => ask_type(model, name, raw, Some(&n), by_name(), asker),
                },
            }
        }
        None => match by_name() {
            Some(s) => (FieldType::Scalar(s), None, Origin::Inferred),
            None => ask_type(model, name, raw, None, None, asker),
        },
    }
}

/// A field whose type nothing decides: ask, suggesting what the name hints or String.
fn ask_type(
    model: &str,
    name: &str,
    raw: &RawField,
    declared: Option<&str>,
    hint: Option<Scalar>,
    asker: &mut Asker<'_>,
) -> Resolved {
    let suggestion = hint.unwrap_or(Scalar::String);
    let mut scalars = vec![suggestion];
    for s in [Scalar::String, Scalar::Int, Scalar::Decimal, Scalar::Boolean, Scalar::DateTime, Scalar::Json] {
        if !scalars.contains(&s) {
            scalars.push(s);
        }
    }
    let prompt = match declared {
        Some(t) => {
            format!("{model}.{name} is declared as `{t}`, which is not a type schemata knows: which Prisma type?")
        }
        None => format!("No document states the type of {model}.{name}: which Prisma type?"),
    };
    let chosen = asker.ask(Question {
        key: format!("type:{model}.{name}"),
        kind: QuestionKind::UntypedField,
        model: Some(model.to_string()),
        field: Some(name.to_string()),
        prompt,
        options: scalars.iter().map(|s| Choice::new(s.as_str(), s.as_str())).collect(),
        suggested: 0,
        answer: None,
        provenance: vec![raw.at.clone()],
    });
    let scalar = scalars.into_iter().find(|s| s.as_str() == chosen).unwrap_or(Scalar::String);
    (FieldType::Scalar(scalar), None, Origin::Inferred)
}

/// `id String @id @default(uuid())`, added where a model needs an id no document gave.
pub fn id_field(at: Option<Provenance>) -> Field {
    Field {
        default: Some(DefaultValue::Uuid),
        id: true,
        origin: Origin::Inferred,
        type_origin: Origin::Inferred,
        provenance: at.into_iter().collect(),
        ..Field::new("id", FieldType::Scalar(Scalar::String))
    }
}

/// Several fields marked primary make a composite key.
fn settle_primary_key(model: &mut Model) {
    let ids: Vec<String> = model.fields.iter().filter(|f| f.id).map(|f| f.name.clone()).collect();
    if ids.len() > 1 {
        for f in model.fields.iter_mut().filter(|f| f.id) {
            f.id = false;
            if matches!(f.default, Some(DefaultValue::Uuid | DefaultValue::Autoincrement)) {
                f.default = None;
            }
        }
        let at = model.provenance.first().cloned();
        model.primary_key = Some(FieldSet::new(ids, Origin::Stated, at));
    }
}

/// Adds `@@unique` / `@@index` / `@@id` over fields named as written; a scope word
/// such as "tenant" or "org" means the model's `tenantId` / `orgId`.
pub fn add_constraint(
    model: &mut Model,
    kind: ConstraintKind,
    names: &[String],
    at: &Provenance,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut fields = Vec::new();
    for written in names {
        let name = naming::field_name(written);
        let found = model.field(&name).map(|f| f.name.clone()).or_else(|| {
            let scope = written.to_ascii_lowercase();
            model
                .fields
                .iter()
                .find(|f| {
                    let lower = f.name.to_ascii_lowercase();
                    lower.ends_with("id")
                        && lower.len() > 2
                        && (scope.starts_with(&lower[..lower.len() - 2]) || lower.starts_with(&scope))
                })
                .map(|f| f.name.clone())
        });
        match found {
            Some(f) => fields.push(f),
            None => {
                diagnostics.push(Diagnostic::warning(
                    format!(
                        "{} names `{written}`, which is not a field of {}; constraint left out",
                        kind_label(kind),
                        model.name
                    ),
                    Some(at.clone()),
                ));
                return;
            }
        }
    }
    let set = FieldSet::new(fields, Origin::Stated, Some(at.clone()));
    match kind {
        ConstraintKind::Unique if !model.uniques.contains(&set) => model.uniques.push(set),
        ConstraintKind::Index if !model.indexes.contains(&set) => model.indexes.push(set),
        ConstraintKind::PrimaryKey => model.primary_key = Some(set),
        _ => {}
    }
}

fn kind_label(kind: ConstraintKind) -> &'static str {
    match kind {
        ConstraintKind::Unique => "a unique constraint",
        ConstraintKind::Index => "an index",
        ConstraintKind::PrimaryKey => "a primary key",
    }
}
