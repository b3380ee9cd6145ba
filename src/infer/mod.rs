//! Infer: raw findings (plus the user's earlier decisions) → a complete [`Schema`] with
//! its open questions. Types from declarations and names, relations from foreign keys and
//! stated relationships, enums, dependency order. Everything concluded rather than read is
//! marked [`Origin::Inferred`](crate::model::Origin).

mod ask;
mod defaults;
mod entities;
pub mod order;
mod relations;
pub mod sql_types;
pub mod types;

use crate::diagnostics::Diagnostic;
use crate::ingest::Ingested;
use crate::ingest::raw::FactKind;
use crate::model::{Choice, Decisions, Provider, Question, QuestionKind, Schema};
use ask::Asker;

/// Settings that change inference; the documents decide what is left unset.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The database; by default the one the documents state, else PostgreSQL.
    pub provider: Option<Provider>,
}

/// The inferred schema and what inference had to say about the documents.
#[derive(Debug, Clone)]
pub struct Inferred {
    pub schema: Schema,
    pub diagnostics: Vec<Diagnostic>,
}

/// Runs inference. Deterministic: the same findings and decisions give the same schema.
pub fn infer(ingested: &Ingested, decisions: &Decisions, settings: &Settings) -> Inferred {
    let mut asker = Asker::new(decisions);
    let mut draft = entities::build(ingested, &mut asker);
    settle_empty_models(&mut draft, &mut asker);
    let stated: Vec<_> = ingested.documents.iter().flat_map(|d| d.relationships.iter().cloned()).collect();
    let tenant_key = ingested.documents.iter().find_map(|d| d.tenant_key.clone());
    let mut relations = relations::infer(&mut draft, &stated, tenant_key.as_deref(), &mut asker);
    settle_primary_keys(&mut draft, &mut relations, &mut asker);
    let (order, cycles) = order::dependency_order(draft.models.len(), &relations);

    let mut diagnostics = std::mem::take(&mut draft.diagnostics);
    for cycle in &cycles {
        let names: Vec<&str> = cycle.iter().map(|id| draft.models[id.index()].name.as_str()).collect();
        diagnostics.push(Diagnostic::info(format!("dependency cycle: {}", names.join(" → ")), None));
    }
    diagnostics.extend(asker.diagnostics);
    let provider = settings.provider.unwrap_or_else(|| stated_provider(ingested));
    let schema = Schema {
        provider,
        models: draft.models,
        enums: draft.enums,
        types: Vec::new(),
        relations,
        order,
        cycles,
        questions: asker.questions,
        tenant_key,
        comments: Vec::new(),
        unsupported: draft.unsupported,
    };
    Inferred { schema, diagnostics }
}

/// The database the documents name; MongoDB waits for the mongodb profile.
fn stated_provider(ingested: &Ingested) -> Provider {
    let facts = ingested.documents.iter().flat_map(|d| &d.facts);
    for fact in facts {
        match fact.kind {
            FactKind::PostgreSql => return Provider::Postgresql,
            FactKind::MySql => return Provider::Mysql,
            FactKind::Sqlite => return Provider::Sqlite,
            _ => {}
        }
    }
    Provider::Postgresql
}

/// An entity only ever mentioned (a diagram line), or described without fields: keep it
/// with an id to be filled in, or leave it out.
fn settle_empty_models(draft: &mut entities::Draft, asker: &mut Asker<'_>) {
    let mut skipped = Vec::new();
    for (i, model) in draft.models.iter_mut().enumerate() {
        if !model.fields.is_empty() {
            continue;
        }
        let chosen = asker.ask(Question {
            key: format!("no-fields:{}", model.name),
            kind: QuestionKind::NoFields,
            model: Some(model.name.clone()),
            field: None,
            prompt: format!("{} is named but no document lists its fields", model.name),
            options: vec![
                Choice::new("keep", "keep it with an id only, to be filled in"),
                Choice::new("skip", "skip the model"),
            ],
            suggested: 0,
            answer: None,
            provenance: model.provenance.clone(),
        });
        if chosen == "skip" {
            skipped.push(i);
        } else {
            model.fields.push(entities::id_field(model.provenance.first().cloned()));
        }
    }
    for i in skipped.into_iter().rev() {
        draft.remove_model(i);
    }
}

/// Prisma needs every model to be identifiable: a model with no id, no composite id and no
/// required unique field gets a question (add an `id`, or make one of its fields the id).
fn settle_primary_keys(draft: &mut entities::Draft, relations: &mut [crate::model::Relation], asker: &mut Asker<'_>) {
    // A model that relations point at needs a single id for them to reference.
    let referenced: std::collections::HashSet<usize> = relations
        .iter()
        .filter(|r| r.kind != crate::model::RelationKind::ManyToMany)
        .map(|r| r.target.index())
        .collect();
    for (m, model) in draft.models.iter_mut().enumerate() {
        let identified = model.id_field().is_some()
            || (!referenced.contains(&m)
                && (model.primary_key.is_some()
                    || model.fields.iter().any(|f| f.unique && !f.optional)
                    || !model.uniques.is_empty()));
        if identified {
            continue;
        }
        let mut candidates: Vec<String> = model
            .fields
            .iter()
            .filter(|f| !f.optional && !f.list && f.ty != crate::model::FieldType::Scalar(crate::model::Scalar::Json))
            .map(|f| f.name.clone())
            .collect();
        // `id` first: with no `add-id` option it is the suggestion.
        candidates.sort_by_key(|f| f != "id");
        // A field already named `id` (one half of a composite key) is the id to suggest.
        let mut options = Vec::new();
        if model.field("id").is_none() {
            options.push(Choice::new("add-id", "add `id String @id @default(uuid())`"));
        }
        options.extend(candidates.iter().map(|f| Choice::new(format!("id:{f}"), format!("make `{f}` the id"))));
        if options.is_empty() {
            options.push(Choice::new("id:id", "make `id` the id"));
        }
        let why = if referenced.contains(&m) {
            "other models point at it but it has no id"
        } else {
            "it has no id and no unique field"
        };
        let chosen = asker.ask(Question {
            key: format!("no-key:{}", model.name),
            kind: QuestionKind::NoPrimaryKey,
            model: Some(model.name.clone()),
            field: None,
            prompt: format!("{}: {why}: how are its rows identified?", model.name),
            options,
            suggested: 0,
            answer: None,
            provenance: model.provenance.clone(),
        });
        match chosen.strip_prefix("id:").and_then(|f| model.field_mut(f)) {
            Some(field) => {
                field.id = true;
                field.unique = false;
                field.optional = false;
                field.list = false;
            }
            None => model.fields.insert(0, entities::id_field(model.provenance.first().cloned())),
        }
        // A composite key and a single id cannot both be the primary key: the pair stays unique.
        if let Some(pk) = model.primary_key.take() {
            model.uniques.insert(0, pk);
        }
    }
    // Relations reference the id their target ended up with, and their keys take its type.
    for r in relations.iter_mut().filter(|r| r.kind != crate::model::RelationKind::ManyToMany) {
        let Some(id) = draft.models[r.target.index()].id_field() else { continue };
        let (name, ty, native) = (id.name.clone(), id.ty, id.native.clone());
        if r.references != [name.clone()] {
            r.references = vec![name];
            if let Some(fk) = r.fk_fields.first().and_then(|f| draft.models[r.holder.index()].field_mut(f)) {
                fk.ty = ty;
                fk.native = native;
            }
        }
    }
}
