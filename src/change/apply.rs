//! The base schema with the accepted entries' changes merged in.

use super::diff::{Matching, base_name, base_relation, key_fields, match_field, merge_field, normalised, taken_names};
use super::{At, Block, Change, Entry, Id, Item, Kind};
use crate::infer::order::dependency_order;
use crate::model::{EnumId, Field, FieldSet, FieldType, ModelId, Relation, RelationId, Schema, TypeId};
use std::collections::BTreeSet;

/// The merged schema and what the person should know about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    pub schema: Schema,
    /// What was left out and why (a relation whose other model is not accepted, a name
    /// already taken), one line each.
    pub notes: Vec<String>,
}

/// The base schema with the changes of the `accepted` entries (by name) merged in. What is
/// not accepted stays exactly as the base has it; see the module documentation for what
/// wins when both state something.
pub fn apply(base: &Schema, change: &Change, accepted: &BTreeSet<String>) -> Merged {
    let proposed = &change.proposed;
    let matching = Matching::new(base, proposed);
    let mut schema = base.clone();
    // Every proposal type text is entered up front (a text the base has keeps its entry), so
    // that remapping a field needs no mutable access.
    let unsupported = proposed.unsupported.iter().map(|t| schema.unsupported_type(t)).collect();
    let mut m = Merger {
        base,
        proposed,
        change,
        matching: &matching,
        accepted,
        schema,
        notes: Vec::new(),
        models: matching.models.clone(),
        enums: matching.enums.clone(),
        types: matching.types.clone(),
        unsupported,
    };
    m.tenant_key();
    m.add_models();
    let relations = m.relations();
    let dropped = m.left_out_keys(&relations);
    m.enums_and_types();
    let taken: Vec<&Entry> = change.entries.iter().filter(|e| m.takes(e)).collect();
    for entry in taken {
        match (entry.block, entry.kind, entry.proposed) {
            (Block::Model, Kind::Added, Some(Id::Model(p))) => m.finish_added_model(p, &dropped),
            (Block::Model, Kind::Changed, Some(Id::Model(p))) => m.change_model(entry, p, &dropped),
            _ => {}
        }
    }
    m.merge_relations(&relations);
    let (order, cycles) = dependency_order(m.schema.models.len(), &m.schema.relations);
    m.schema.order = order;
    m.schema.cycles = cycles;
    Merged { schema: m.schema, notes: m.notes }
}

struct Merger<'a> {
    base: &'a Schema,
    proposed: &'a Schema,
    change: &'a Change,
    matching: &'a Matching,
    accepted: &'a BTreeSet<String>,
    schema: Schema,
    notes: Vec<String>,
    /// Proposal id → merged id, for what is in the merged schema.
    models: Vec<Option<ModelId>>,
    enums: Vec<Option<EnumId>>,
    types: Vec<Option<TypeId>>,
    /// Proposal `Unsupported` id → the merged schema's type.
    unsupported: Vec<FieldType>,
}

/// A proposal relation and what becomes of it.
struct Planned {
    id: RelationId,
    /// The base relation it is, when the base has it.
    base: Option<RelationId>,
    applied: bool,
}

impl Merger<'_> {
    /// Whether an entry with a change is accepted.
    fn takes(&self, e: &Entry) -> bool {
        e.is_change() && self.accepted.contains(&e.name)
    }

    fn model_taken(&self, p: ModelId) -> bool {
        self.change.of_proposed_model(p).is_some_and(|e| self.takes(e))
    }

    fn tenant_key(&mut self) {
        if self.schema.tenant_key.is_none() {
            self.schema.tenant_key = self.proposed.tenant_key.clone();
        }
    }

    /// Accepted new models go in as the documents have them; their fields are fixed up once
    /// the enums, types and relations in force are known.
    fn add_models(&mut self) {
        for e in self.change.entries.iter().filter(|e| e.kind == Kind::Added && self.accepted.contains(&e.name)) {
            if let Some(Id::Model(p)) = e.proposed {
                self.schema.models.push(self.proposed[p].clone());
                self.models[p.index()] = Some(ModelId(self.schema.models.len() as u32 - 1));
            }
        }
        self.models = self
            .models
            .iter()
            .enumerate()
            .map(|(p, id)| id.filter(|_| self.matching.models[p].is_some() || self.model_taken(ModelId(p as u32))))
            .collect();
    }

    /// Which proposal relations are applied: a new one when both of its models are accepted,
    /// a changed one when the model holding it is; the rest are noted.
    fn relations(&mut self) -> Vec<Planned> {
        let mut out = Vec::new();
        for (i, r) in self.proposed.relations.iter().enumerate() {
            let id = RelationId(i as u32);
            let base = base_relation(self.base, self.proposed, self.matching, r);
            let present = self.models[r.holder.index()].is_some()
                && self.models[r.target.index()].is_some()
                && r.via.is_none_or(|v| self.models[v.index()].is_some());
            let applied = match base {
                Some(_) => present && self.model_taken(r.holder),
                None => present && self.model_taken(r.holder) && self.model_taken(r.target),
            };
            if base.is_none() && !applied && r.is_emitted() {
                let (h, t) = (self.name(r.holder), self.name(r.target));
                let holder_in = self.model_taken(r.holder);
                if holder_in || self.model_taken(r.target) {
                    let missing = if holder_in { &t } else { &h };
                    self.notes.push(format!(
                        "relation {h}.{} → {t} is left out: accept {missing} too to add it",
                        r.holder_field
                    ));
                }
            }
            out.push(Planned { id, base, applied });
        }
        out
    }

    fn name(&self, p: ModelId) -> String {
        self.matching.model_name(self.base, self.proposed, p).to_string()
    }

    /// Keys of new relations that are left out, by proposal model: they go with their relation.
    fn left_out_keys(&self, relations: &[Planned]) -> Vec<BTreeSet<String>> {
        let mut dropped = vec![BTreeSet::new(); self.proposed.models.len()];
        for plan in relations.iter().filter(|p| p.base.is_none() && !p.applied) {
            let r = &self.proposed[plan.id];
            dropped[r.holder.index()].extend(r.fk_fields.iter().cloned());
            dropped[r.target.index()].extend(r.target_fk_fields.iter().cloned());
        }
        // A key another applied relation also uses stays.
        for plan in relations.iter().filter(|p| p.applied) {
            let r = &self.proposed[plan.id];
            r.fk_fields.iter().for_each(|f| {
                dropped[r.holder.index()].remove(f);
            });
            r.target_fk_fields.iter().for_each(|f| {
                dropped[r.target.index()].remove(f);
            });
        }
        dropped
    }

    /// Enum and composite-type changes in force: accepted by name, or used by an accepted
    /// model (changed or not: confirming a model takes the values its enums gain).
    fn enums_and_types(&mut self) {
        let (mut enums, mut types) = (BTreeSet::new(), BTreeSet::new());
        let mut fields: Vec<&Field> = Vec::new();
        for e in self.change.entries.iter().filter(|e| self.accepted.contains(&e.name)) {
            match e.proposed {
                Some(Id::Model(p)) => fields.extend(&self.proposed[p].fields),
                Some(Id::Type(t)) => {
                    types.insert(t);
                    fields.extend(&self.proposed[t].fields);
                }
                Some(Id::Enum(id)) => {
                    enums.insert(id);
                }
                None => {}
            }
        }
        // Composite types pull in what their own fields use.
        while let Some(f) = fields.pop() {
            match f.ty {
                FieldType::Enum(e) => {
                    enums.insert(e);
                }
                FieldType::Composite(t) if types.insert(t) => fields.extend(&self.proposed[t].fields),
                _ => {}
            }
        }
        for id in enums {
            let e = &self.proposed[id];
            match self.matching.enums[id.index()] {
                Some(b) => {
                    let have: BTreeSet<String> = self.schema[b].values.iter().map(|v| v.name.clone()).collect();
                    let entry = self.change.entries.iter().find(|x| x.proposed == Some(Id::Enum(id)));
                    for item in entry.map(|x| x.items.as_slice()).unwrap_or_default() {
                        if let At::Value(i) = item.at
                            && !have.contains(&e.values[i].name)
                        {
                            self.schema.enums[b.index()].values.push(e.values[i].clone());
                        }
                    }
                }
                None => {
                    self.schema.enums.push(e.clone());
                    self.enums[id.index()] = Some(EnumId(self.schema.enums.len() as u32 - 1));
                }
            }
        }
        // Types first get their ids, then their fields (which may name each other).
        let mut added = Vec::new();
        for &id in &types {
            if self.matching.types[id.index()].is_none() {
                self.schema.types.push(self.proposed[id].clone());
                let merged = TypeId(self.schema.types.len() as u32 - 1);
                self.types[id.index()] = Some(merged);
                added.push(merged);
            }
        }
        for merged in added {
            let fields = std::mem::take(&mut self.schema.types[merged.index()].fields);
            self.schema.types[merged.index()].fields = fields.into_iter().filter_map(|f| self.remap(f)).collect();
        }
        for id in types {
            if let (Some(b), Some(entry)) =
                (self.matching.types[id.index()], self.change.entries.iter().find(|x| x.proposed == Some(Id::Type(id))))
            {
                let fields = self.merge_fields(&self.base[b].fields.clone(), &self.proposed[id].fields, entry, None);
                self.schema.types[b.index()].fields = fields;
            }
        }
    }

    /// A proposal field with its types as merged ids; `None` when its enum or type is not there.
    fn remap(&self, mut f: Field) -> Option<Field> {
        f.ty = match f.ty {
            FieldType::Enum(e) => FieldType::Enum(self.enums[e.index()]?),
            FieldType::Composite(t) => FieldType::Composite(self.types[t.index()]?),
            FieldType::Unsupported(u) => self.unsupported[u.index()],
            scalar => scalar,
        };
        Some(f)
    }

    fn finish_added_model(&mut self, p: ModelId, dropped: &[BTreeSet<String>]) {
        let Some(id) = self.models[p.index()] else { return };
        let model = &mut self.schema.models[id.index()];
        let fields = std::mem::take(&mut model.fields);
        let drop = &dropped[p.index()];
        let kept: Vec<Field> =
            fields.into_iter().filter(|f| !drop.contains(&f.name)).filter_map(|f| self.remap(f)).collect();
        let model = &mut self.schema.models[id.index()];
        model.fields = kept;
        let has = |set: &FieldSet, m: &crate::model::Model| set.fields.iter().all(|f| m.field(f).is_some());
        let snapshot = model.clone();
        model.indexes.retain(|s| has(s, &snapshot));
        model.uniques.retain(|s| has(s, &snapshot));
        if model.primary_key.as_ref().is_some_and(|pk| !has(pk, &snapshot)) {
            model.primary_key = None;
        }
    }

    /// Merges the field items (additions in the proposal's order, changes in place) into
    /// `base` fields; `model` names the model for notes about names already taken.
    fn merge_fields(
        &mut self,
        base: &[Field],
        proposed: &[Field],
        entry: &Entry,
        model: Option<ModelId>,
    ) -> Vec<Field> {
        let mut fields = base.to_vec();
        let mut taken = match model {
            Some(id) => taken_names(&self.schema, id),
            None => fields.iter().map(|f| f.name.clone()).collect(),
        };
        let mut cursor = 0;
        for (i, pf) in proposed.iter().enumerate() {
            if let Some(j) = match_field(&fields, pf) {
                cursor = j + 1;
                let changed =
                    entry.items.iter().find(|it| matches!(it.at, At::FieldChange { proposed, .. } if proposed == i));
                if let Some(item) = changed {
                    let Some(remapped) = self.remap(pf.clone()) else { continue };
                    fields[j] = merge_field(&fields[j], &remapped, &item.aspects);
                }
                continue;
            }
            if !entry.items.iter().any(|it| it.at == At::Field(i) && it.what == super::What::Field) {
                continue;
            }
            if taken.contains(&pf.name) {
                self.notes
                    .push(format!("{}.{} is not added: the name is taken by a relation field", entry.name, pf.name));
                continue;
            }
            let Some(field) = self.remap(pf.clone()) else { continue };
            taken.insert(field.name.clone());
            fields.insert(cursor, field);
            cursor += 1;
        }
        fields
    }

    fn change_model(&mut self, entry: &Entry, p: ModelId, dropped: &[BTreeSet<String>]) {
        let Some(Id::Model(b)) = entry.base else { return };
        let pm = &self.proposed[p];
        // New keys of relations left out are not added.
        let keys = key_fields(self.proposed, p);
        let drop = &dropped[p.index()];
        let items: Vec<Item> = entry
            .items
            .iter()
            .filter(|it| match it.at {
                At::Field(i) => !(keys.contains(&pm.fields[i].name) && drop.contains(&pm.fields[i].name)),
                _ => true,
            })
            .cloned()
            .collect();
        let entry = Entry { items, ..entry.clone() };
        let fields = self.merge_fields(&self.schema[b].fields.clone(), &pm.fields, &entry, Some(b));
        let model = &mut self.schema[b];
        model.fields = fields;
        for item in &entry.items {
            let set = |s: &FieldSet| {
                let fields = s.fields.iter().map(|f| base_name(&model.fields, pm.field(f), f)).collect();
                normalised(&FieldSet { fields, ..s.clone() })
            };
            match item.at {
                At::Index(i) => {
                    let s = set(&pm.indexes[i]);
                    if s.fields.iter().all(|f| model.field(f).is_some()) {
                        model.indexes.push(s);
                    }
                }
                At::Unique(i) => {
                    let s = set(&pm.uniques[i]);
                    if s.fields.iter().all(|f| model.field(f).is_some()) {
                        model.uniques.push(s);
                    }
                }
                At::Table => model.db_name = pm.db_name.clone(),
                _ => {}
            }
        }
    }

    /// New relations between accepted models, and changes to the base's own.
    fn merge_relations(&mut self, relations: &[Planned]) {
        for plan in relations.iter().filter(|p| p.applied) {
            let r = &self.proposed[plan.id];
            if let Some(b) = plan.base {
                let holder = self.change.of_proposed_model(r.holder);
                let changed = holder.is_some_and(|e| {
                    e.items.iter().any(|i| matches!(i.at, At::RelationChange { base, .. } if base == b))
                });
                if changed {
                    let merged = &mut self.schema.relations[b.index()];
                    merged.kind = r.kind;
                    merged.on_delete = r.on_delete.or(merged.on_delete);
                    merged.on_update = r.on_update.or(merged.on_update);
                }
                continue;
            }
            let (Some(holder), Some(target)) = (self.models[r.holder.index()], self.models[r.target.index()]) else {
                continue;
            };
            let via = match r.via {
                Some(v) => match self.models[v.index()] {
                    Some(v) => Some(v),
                    None => continue,
                },
                None => None,
            };
            let rename = |schema: &Schema, model: ModelId, proposal: ModelId, names: &[String]| -> Vec<String> {
                names.iter().map(|f| base_name(&schema[model].fields, self.proposed[proposal].field(f), f)).collect()
            };
            let fk_fields = rename(&self.schema, holder, r.holder, &r.fk_fields);
            let target_fk_fields = rename(&self.schema, target, r.target, &r.target_fk_fields);
            if r.is_emitted() {
                let clash = |model: ModelId, field: &str| taken_names(&self.schema, model).contains(field);
                if clash(holder, &r.holder_field) || clash(target, &r.target_field) {
                    self.notes.push(format!(
                        "relation {}.{} → {} is left out: a field of that name is already there",
                        self.schema[holder].name, r.holder_field, self.schema[target].name
                    ));
                    continue;
                }
            }
            self.schema.relations.push(Relation { holder, target, via, fk_fields, target_fk_fields, ..r.clone() });
        }
    }
}
