//! Matching the proposal to the base schema, and listing what the proposal adds or changes.

use super::{Aspect, At, Block, Change, Entry, Id, Item, Kind, What};
use crate::conventions::{self, Profile};
use crate::emit;
use crate::model::{
    EnumId, Field, FieldSet, FieldType, Model, ModelId, Origin, Relation, RelationId, RelationKind, Schema, TypeId,
};
use std::borrow::Cow;
use std::collections::BTreeSet;

/// Which base item each proposal item is, by id.
#[derive(Debug, Clone, Default)]
pub(crate) struct Matching {
    pub models: Vec<Option<ModelId>>,
    pub enums: Vec<Option<EnumId>>,
    pub types: Vec<Option<TypeId>>,
}

impl Matching {
    /// By name first; then, among the base items no name claimed, by `@@map` name (a base
    /// `model users` is the documents' `User` mapped to `users`).
    pub fn new(base: &Schema, proposed: &Schema) -> Self {
        let models = pair(&base.models, &proposed.models, |m| &m.name, |m| table(m));
        let enums = pair(&base.enums, &proposed.enums, |e| &e.name, |e| e.db_name.as_deref().unwrap_or(&e.name));
        let types = pair(&base.types, &proposed.types, |t| &t.name, |t| &t.name);
        Self {
            models: models.into_iter().map(|i| i.map(|i| ModelId(i as u32))).collect(),
            enums: enums.into_iter().map(|i| i.map(|i| EnumId(i as u32))).collect(),
            types: types.into_iter().map(|i| i.map(|i| TypeId(i as u32))).collect(),
        }
    }

    /// The merged name of a proposal model: the base's when both have it.
    pub fn model_name<'a>(&self, base: &'a Schema, proposed: &'a Schema, id: ModelId) -> &'a str {
        match self.models[id.index()] {
            Some(b) => &base[b].name,
            None => &proposed[id].name,
        }
    }

    /// The merged name of a field's type: base names for matched enums and types.
    pub fn type_name<'a>(&self, base: &'a Schema, proposed: &'a Schema, ty: FieldType) -> Cow<'a, str> {
        match ty {
            FieldType::Enum(e) => Cow::Borrowed(self.enums[e.index()].map_or(&proposed[e].name, |b| &base[b].name)),
            FieldType::Composite(t) => {
                Cow::Borrowed(self.types[t.index()].map_or(&proposed[t].name, |b| &base[b].name))
            }
            FieldType::Scalar(_) | FieldType::Unsupported(_) => proposed.type_name(ty),
        }
    }
}

/// For each proposal item, the index of its base item: by name, then by the other key among
/// the base items not yet claimed.
fn pair<T>(base: &[T], proposed: &[T], name: impl Fn(&T) -> &str, other: impl Fn(&T) -> &str) -> Vec<Option<usize>> {
    let mut claimed = vec![false; base.len()];
    let mut out: Vec<Option<usize>> = proposed
        .iter()
        .map(|p| {
            let i = base.iter().position(|b| name(b) == name(p))?;
            claimed[i] = true;
            Some(i)
        })
        .collect();
    for (p, slot) in proposed.iter().zip(out.iter_mut()).filter(|(_, s)| s.is_none()) {
        if let Some(i) = (0..base.len()).find(|&i| !claimed[i] && other(&base[i]) == other(p)) {
            claimed[i] = true;
            *slot = Some(i);
        }
    }
    out
}

/// The table (collection) name of a model.
pub(crate) fn table(m: &Model) -> &str {
    m.db_name.as_deref().unwrap_or(&m.name)
}

/// The column name of a field.
pub(crate) fn column(f: &Field) -> &str {
    f.db_name.as_deref().unwrap_or(&f.name)
}

/// The base field a proposal field is: by name, then by column.
pub(crate) fn match_field(base: &[Field], field: &Field) -> Option<usize> {
    base.iter().position(|b| b.name == field.name).or_else(|| base.iter().position(|b| column(b) == column(field)))
}

/// The names a model's fields of either kind already use: scalar fields and relation fields.
pub(crate) fn taken_names(schema: &Schema, id: ModelId) -> BTreeSet<String> {
    let mut names: BTreeSet<String> = schema[id].fields.iter().map(|f| f.name.clone()).collect();
    for (_, r) in schema.relations_of(id).filter(|(_, r)| r.is_emitted()) {
        if r.holder == id {
            names.insert(r.holder_field.clone());
        }
        if r.target == id {
            names.insert(r.target_field.clone());
        }
    }
    names
}

/// The fields of a model that are keys of a relation (foreign keys, MongoDB lists of ids).
pub(crate) fn key_fields(schema: &Schema, id: ModelId) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for r in &schema.relations {
        if r.holder == id {
            keys.extend(r.fk_fields.iter().cloned());
        }
        if r.target == id {
            keys.extend(r.target_fk_fields.iter().cloned());
        }
    }
    keys
}

/// What the documents add to or change in `base`. `profile` is the one the proposal was made
/// with: what it alone would add to a model the base has is the base's business, not a change.
pub fn diff(base: &Schema, proposed: &Schema, profile: Option<&Profile>) -> Change {
    let matching = Matching::new(base, proposed);
    let proposed = rebase(base, proposed, &matching);
    let ctx = Ctx { base, proposed: &proposed, matching: &matching, profile };
    let mut entries = Vec::new();
    let mut order: Vec<ModelId> = proposed.order.clone();
    // Every model once, even if the order left one out.
    order.extend(proposed.model_ids().filter(|id| !proposed.order.contains(id)));
    for p in order {
        entries.push(ctx.model_entry(p));
    }
    let matched: BTreeSet<ModelId> = matching.models.iter().flatten().copied().collect();
    for b in base.model_ids().filter(|b| !matched.contains(b)) {
        entries.push(kept(Block::Model, base[b].kind.keyword(), &base[b].name, Id::Model(b)));
    }
    for (i, e) in proposed.enums.iter().enumerate() {
        let p = EnumId(i as u32);
        entries.push(match matching.enums[i] {
            Some(b) => {
                let items = values_added(&base[b].values, &e.values);
                entry(Block::Enum, "enum", &base[b].name, items, Some(Id::Enum(b)), Some(Id::Enum(p)))
            }
            None => added(Block::Enum, "enum", &e.name, Id::Enum(p)),
        });
    }
    let matched: BTreeSet<EnumId> = matching.enums.iter().flatten().copied().collect();
    for (i, e) in base.enums.iter().enumerate().filter(|(i, _)| !matched.contains(&EnumId(*i as u32))) {
        entries.push(kept(Block::Enum, "enum", &e.name, Id::Enum(EnumId(i as u32))));
    }
    for (i, t) in proposed.types.iter().enumerate() {
        let p = TypeId(i as u32);
        entries.push(match matching.types[i] {
            Some(b) => {
                let (items, _) = ctx.field_items(&base[b].fields, &t.fields, &BTreeSet::new(), false);
                entry(Block::Type, "type", &base[b].name, items, Some(Id::Type(b)), Some(Id::Type(p)))
            }
            None => added(Block::Type, "type", &t.name, Id::Type(p)),
        });
    }
    let matched: BTreeSet<TypeId> = matching.types.iter().flatten().copied().collect();
    for (i, t) in base.types.iter().enumerate().filter(|(i, _)| !matched.contains(&TypeId(*i as u32))) {
        entries.push(kept(Block::Type, "type", &t.name, Id::Type(TypeId(i as u32))));
    }
    ctx.note_needs(&mut entries);
    Change { proposed, entries }
}

fn entry(
    block: Block,
    keyword: &'static str,
    name: &str,
    items: Vec<Item>,
    base: Option<Id>,
    proposed: Option<Id>,
) -> Entry {
    let kind = if items.is_empty() { Kind::Unchanged } else { Kind::Changed };
    Entry { block, keyword, name: name.to_string(), kind, items, needs: Vec::new(), base, proposed }
}

fn added(block: Block, keyword: &'static str, name: &str, id: Id) -> Entry {
    Entry {
        block,
        keyword,
        name: name.to_string(),
        kind: Kind::Added,
        items: Vec::new(),
        needs: Vec::new(),
        base: None,
        proposed: Some(id),
    }
}

fn kept(block: Block, keyword: &'static str, name: &str, id: Id) -> Entry {
    Entry {
        block,
        keyword,
        name: name.to_string(),
        kind: Kind::Kept,
        items: Vec::new(),
        needs: Vec::new(),
        base: Some(id),
        proposed: None,
    }
}

fn values_added(base: &[crate::model::EnumValue], proposed: &[crate::model::EnumValue]) -> Vec<Item> {
    let db = |v: &crate::model::EnumValue| v.db_name.clone().unwrap_or_else(|| v.name.clone());
    proposed
        .iter()
        .enumerate()
        .filter(|(_, v)| !base.iter().any(|b| b.name == v.name || db(b) == db(v)))
        .map(|(i, v)| Item {
            what: What::Value,
            added: true,
            name: v.name.clone(),
            before: None,
            after: match &v.db_name {
                Some(d) => format!("{} @map({})", v.name, emit::quote(d)),
                None => v.name.clone(),
            },
            aspects: Vec::new(),
            at: At::Value(i),
        })
        .collect()
}

/// Foreign keys of the proposal that reference a base model take the type of the base key
/// they reference, and name it as the base does: the base's keys are what the database has.
fn rebase(base: &Schema, proposed: &Schema, matching: &Matching) -> Schema {
    let mut out = proposed.clone();
    for r in 0..out.relations.len() {
        let rel = &out.relations[r];
        let Some(bt) = matching.models[rel.target.index()] else { continue };
        let (target, base_target) = (&proposed[rel.target], &base[bt]);
        let references: Vec<String> = rel
            .references
            .iter()
            .map(|name| {
                let Some(field) = target.field(name) else { return name.clone() };
                let base_id = field.id.then(|| base_target.id_field()).flatten();
                base_id
                    .or_else(|| match_field(&base_target.fields, field).map(|i| &base_target.fields[i]))
                    .map_or_else(|| name.clone(), |f| f.name.clone())
            })
            .collect();
        if rel.kind != RelationKind::ManyToMany {
            let holder = rel.holder;
            let keys: Vec<(String, Field)> = rel
                .fk_fields
                .iter()
                .zip(&references)
                .filter_map(|(fk, reference)| base_target.field(reference).map(|f| (fk.clone(), f.clone())))
                .collect();
            for (fk, key) in keys {
                if let (Some(f), FieldType::Scalar(_)) = (out[holder].field_mut(&fk), key.ty) {
                    f.ty = key.ty;
                    f.native = key.native;
                }
            }
        }
        out.relations[r].references = references;
    }
    out
}

struct Ctx<'a> {
    base: &'a Schema,
    proposed: &'a Schema,
    matching: &'a Matching,
    profile: Option<&'a Profile>,
}

impl Ctx<'_> {
    fn model_entry(&self, p: ModelId) -> Entry {
        let pm = &self.proposed[p];
        let Some(b) = self.matching.models[p.index()] else {
            return added(Block::Model, pm.kind.keyword(), &pm.name, Id::Model(p));
        };
        let bm = &self.base[b];
        let keys = key_fields(self.proposed, p);
        let (mut items, added_fields) = self.field_items(&bm.fields, &pm.fields, &keys, has_key(bm));
        items.extend(self.relation_items(p));
        items.extend(self.set_items(bm, pm, &added_fields));
        if let Some(wanted) = &pm.db_name
            && !self.conventional_table(pm)
            && table(bm) != wanted
        {
            items.push(Item {
                what: What::Table,
                added: false,
                name: "@@map".into(),
                before: Some(emit::quote(table(bm))),
                after: emit::quote(wanted),
                aspects: Vec::new(),
                at: At::Table,
            });
        }
        entry(Block::Model, bm.kind.keyword(), &bm.name, items, Some(Id::Model(b)), Some(Id::Model(p)))
    }

    /// Field additions and changes; also returns the names of the proposal fields added.
    fn field_items(
        &self,
        base: &[Field],
        proposed: &[Field],
        keys: &BTreeSet<String>,
        base_has_key: bool,
    ) -> (Vec<Item>, BTreeSet<String>) {
        let mut items = Vec::new();
        let mut added_fields = BTreeSet::new();
        for (i, pf) in proposed.iter().enumerate() {
            let ty = self.matching.type_name(self.base, self.proposed, pf.ty);
            match match_field(base, pf) {
                // The primary key stays the base's.
                Some(j) if base[j].id => {}
                Some(j) => {
                    let bf = &base[j];
                    let aspects = self.aspects(bf, pf);
                    if aspects.is_empty() {
                        continue;
                    }
                    let after = merge_field(bf, pf, &aspects);
                    let base_ty = self.base.type_name(bf.ty);
                    let after_ty = if aspects.contains(&Aspect::Type) { &ty } else { &base_ty };
                    items.push(Item {
                        what: What::Field,
                        added: false,
                        name: bf.name.clone(),
                        before: Some(describe(&base_ty, bf)),
                        after: describe(after_ty, &after),
                        aspects,
                        at: At::FieldChange { base: j, proposed: i },
                    });
                }
                None => {
                    let convention = pf.origin == Origin::Inferred && !keys.contains(&pf.name);
                    if convention || (pf.id && base_has_key) {
                        continue;
                    }
                    added_fields.insert(pf.name.clone());
                    items.push(Item {
                        what: What::Field,
                        added: true,
                        name: pf.name.clone(),
                        before: None,
                        after: describe(&ty, pf),
                        aspects: Vec::new(),
                        at: At::Field(i),
                    });
                }
            }
        }
        (items, added_fields)
    }

    /// What the proposal states differently about a field both have.
    fn aspects(&self, bf: &Field, pf: &Field) -> Vec<Aspect> {
        let mut out = Vec::new();
        let ty = self.matching.type_name(self.base, self.proposed, pf.ty);
        if pf.type_origin == Origin::Stated && ty != self.base.type_name(bf.ty) {
            out.push(Aspect::Type);
        }
        if pf.optional != bf.optional && !pf.list && !bf.list {
            out.push(Aspect::Optional);
        }
        if pf.list != bf.list {
            out.push(Aspect::List);
        }
        if pf.default.is_some() && pf.default != bf.default {
            out.push(Aspect::Default);
        }
        if pf.unique && !bf.unique {
            out.push(Aspect::Unique);
        }
        if pf.db_name.is_some() && !self.conventional_column(pf) && column(pf) != column(bf) {
            out.push(Aspect::Map);
        }
        if pf.native.is_some() && pf.native != bf.native {
            out.push(Aspect::Native);
        }
        out
    }

    /// Relations of the proposal model `p` that the base model `b` lacks, or has otherwise.
    fn relation_items(&self, p: ModelId) -> Vec<Item> {
        let mut items = Vec::new();
        for (rid, r) in self.proposed.relations_of(p).filter(|(_, r)| r.is_emitted()) {
            match self.base_relation(r) {
                Some(bid) if r.holder == p => {
                    let br = &self.base[bid];
                    let changed = r.kind != br.kind
                        || (r.on_delete.is_some() && r.on_delete != br.on_delete)
                        || (r.on_update.is_some() && r.on_update != br.on_update);
                    if changed {
                        let after = Relation {
                            kind: r.kind,
                            on_delete: r.on_delete.or(br.on_delete),
                            on_update: r.on_update.or(br.on_update),
                            ..br.clone()
                        };
                        items.push(Item {
                            what: What::Relation,
                            added: false,
                            name: br.holder_field.clone(),
                            before: Some(relation_summary(br)),
                            after: relation_summary(&after),
                            aspects: Vec::new(),
                            at: At::RelationChange { base: bid, proposed: rid },
                        });
                    }
                }
                Some(_) => {}
                None => {
                    for (name, ty) in self.relation_ends(r, p) {
                        items.push(Item {
                            what: What::Relation,
                            added: true,
                            name,
                            before: None,
                            after: ty,
                            aspects: Vec::new(),
                            at: At::Relation(rid),
                        });
                    }
                }
            }
        }
        items
    }

    /// The relation fields a proposal relation puts on model `p`, with their Prisma types.
    fn relation_ends(&self, r: &Relation, p: ModelId) -> Vec<(String, String)> {
        let name = |id| self.matching.model_name(self.base, self.proposed, id).to_string();
        let mut out = Vec::new();
        if r.holder == p {
            let optional = r.fk_fields.iter().any(|f| self.proposed[p].field(f).is_some_and(|f| f.optional));
            let ty = match (r.kind, optional) {
                (RelationKind::ManyToMany, _) => format!("{}[]", name(r.target)),
                (_, true) => format!("{}?", name(r.target)),
                (_, false) => name(r.target),
            };
            out.push((r.holder_field.clone(), ty));
        }
        if r.target == p {
            let ty = match r.kind {
                RelationKind::OneToOne => format!("{}?", name(r.holder)),
                _ => format!("{}[]", name(r.holder)),
            };
            out.push((r.target_field.clone(), ty));
        }
        out
    }

    fn base_relation(&self, r: &Relation) -> Option<RelationId> {
        base_relation(self.base, self.proposed, self.matching, r)
    }

    /// New `@@index` and `@@unique` sets: those the documents state, and the profile's over a
    /// field this change adds (the index of a new foreign key).
    fn set_items(&self, bm: &Model, pm: &Model, added_fields: &BTreeSet<String>) -> Vec<Item> {
        let mut items = Vec::new();
        let rename = |set: &FieldSet| -> FieldSet {
            let fields = set.fields.iter().map(|f| base_name(&bm.fields, pm.field(f), f)).collect();
            normalised(&FieldSet { fields, ..set.clone() })
        };
        let wanted =
            |set: &FieldSet| set.origin == Origin::Stated || set.fields.iter().any(|f| added_fields.contains(f));
        let existing: Vec<FieldSet> = bm.indexes.iter().chain(&bm.uniques).map(normalised).collect();
        for (i, set) in pm.indexes.iter().enumerate().filter(|(_, s)| wanted(s)) {
            let set = rename(set);
            if !existing.contains(&set) {
                items.push(set_item(emit::index_text(&set), At::Index(i)));
            }
        }
        for (i, set) in pm.uniques.iter().enumerate().filter(|(_, s)| wanted(s)) {
            let set = rename(set);
            let single = set.fields.len() == 1 && bm.field(&set.fields[0]).is_some_and(|f| f.unique || f.id);
            if !existing.contains(&set) && !single {
                items.push(set_item(format!("@@unique([{}])", set.fields.join(", ")), At::Unique(i)));
            }
        }
        items
    }

    /// Whether the proposal's `@@map` is only the profile's table naming.
    fn conventional_table(&self, m: &Model) -> bool {
        self.profile.is_some_and(|p| conventions::expected_table(p, &m.name).as_deref() == m.db_name.as_deref())
    }

    /// Whether the proposal's `@map` is only the profile's snake_case column naming.
    fn conventional_column(&self, f: &Field) -> bool {
        let snake = crate::naming::snake(&f.name);
        self.profile.is_some_and(|p| p.naming.snake_columns && f.db_name.as_deref() == Some(snake.as_str()))
    }

    /// Each new relation needs both of its models accepted.
    fn note_needs(&self, entries: &mut [Entry]) {
        for r in self.proposed.relations.iter().filter(|r| r.is_emitted() && r.holder != r.target) {
            if self.base_relation(r).is_some() {
                continue;
            }
            let (h, t) = (
                self.matching.model_name(self.base, self.proposed, r.holder).to_string(),
                self.matching.model_name(self.base, self.proposed, r.target).to_string(),
            );
            for (me, other) in [(&h, &t), (&t, &h)] {
                if let Some(e) = entries.iter_mut().find(|e| e.block == Block::Model && e.name == *me)
                    && !e.needs.contains(other)
                {
                    e.needs.push(other.clone());
                }
            }
        }
    }
}

fn has_key(m: &Model) -> bool {
    m.id_field().is_some() || m.primary_key.is_some()
}

fn set_item(after: String, at: At) -> Item {
    let name = after.split('(').next().unwrap_or_default().to_string();
    Item { what: What::Index, added: true, name, before: None, after, aspects: Vec::new(), at }
}

/// A set compared by what it says, not where it was stated nor how an imported schema spelled
/// it (`name:`, `map:` on a key, `sort:` on a field).
pub(crate) fn normalised(set: &FieldSet) -> FieldSet {
    FieldSet {
        origin: Origin::Stated,
        provenance: None,
        arguments: Vec::new(),
        field_arguments: Vec::new(),
        ..set.clone()
    }
}

/// The base field with the proposal's differing aspects.
pub(crate) fn merge_field(base: &Field, proposed: &Field, aspects: &[Aspect]) -> Field {
    let mut f = base.clone();
    for a in aspects {
        match a {
            Aspect::Type => f.ty = proposed.ty,
            Aspect::Optional => f.optional = proposed.optional,
            Aspect::List => f.list = proposed.list,
            Aspect::Default => f.default = proposed.default.clone(),
            Aspect::Unique => f.unique = true,
            Aspect::Map => f.db_name = proposed.db_name.clone(),
            Aspect::Native => f.native = proposed.native.clone(),
        }
    }
    f
}

/// A field's type and attributes as Prisma writes them: `String? @unique @default("x")`.
pub(crate) fn describe(type_name: &str, f: &Field) -> String {
    let mut out = type_name.to_string();
    if f.list {
        out.push_str("[]");
    } else if f.optional {
        out.push('?');
    }
    if f.id {
        out.push_str(" @id");
    }
    if f.unique {
        out.push_str(" @unique");
    }
    if let Some(d) = &f.default {
        out.push_str(&format!(" @default({})", emit::default_text(d)));
    }
    if let Some(db) = &f.db_name {
        out.push_str(&format!(" @map({})", emit::quote(db)));
    }
    if let Some(n) = &f.native {
        match n.args.is_empty() {
            true => out.push_str(&format!(" @db.{}", n.name)),
            false => out.push_str(&format!(" @db.{}({})", n.name, n.args.join(", "))),
        }
    }
    for a in &f.extra_attributes {
        out.push(' ');
        out.push_str(a);
    }
    out
}

/// A relation's kind and referential actions, read from the holder: `n:1, onDelete: Cascade`.
fn relation_summary(r: &Relation) -> String {
    let mut out = match r.kind {
        RelationKind::ManyToOne => "n:1",
        RelationKind::OneToOne => "1:1",
        RelationKind::ManyToMany => "n:m",
    }
    .to_string();
    if let Some(a) = r.on_delete {
        out.push_str(&format!(", onDelete: {}", a.as_str()));
    }
    if let Some(a) = r.on_update {
        out.push_str(&format!(", onUpdate: {}", a.as_str()));
    }
    out
}

/// The base relation a proposal relation is: same two models, and the same foreign keys or
/// relation field (either way round for one-to-one and many-to-many).
pub(crate) fn base_relation(base: &Schema, proposed: &Schema, matching: &Matching, r: &Relation) -> Option<RelationId> {
    let (h, t) = (matching.models[r.holder.index()]?, matching.models[r.target.index()]?);
    let fks: Vec<String> = r
        .fk_fields
        .iter()
        .map(|f| {
            let field = proposed[r.holder].field(f);
            field
                .and_then(|field| match_field(&base[h].fields, field))
                .map_or_else(|| f.clone(), |i| base[h].fields[i].name.clone())
        })
        .collect();
    let symmetric = r.kind != RelationKind::ManyToOne;
    let candidates: Vec<(usize, &Relation)> = base
        .relations
        .iter()
        .enumerate()
        .filter(|(_, b)| b.is_emitted())
        .filter(|(_, b)| (b.holder == h && b.target == t) || (symmetric && b.holder == t && b.target == h))
        .collect();
    let same = |b: &Relation| {
        (!fks.is_empty() && b.fk_fields == fks)
            || (b.holder == h && b.holder_field == r.holder_field)
            || (r.name.is_some() && b.name == r.name)
    };
    let found = candidates.iter().find(|(_, b)| same(b)).map(|(i, _)| *i).or_else(|| {
        // A many-to-many between the same two models, whatever its fields are called.
        let lone = candidates.len() == 1 && r.kind == RelationKind::ManyToMany;
        (lone && candidates[0].1.kind == RelationKind::ManyToMany).then(|| candidates[0].0)
    });
    found.map(|i| RelationId(i as u32))
}

/// A proposal field's name in a base field list: the matching base field's, else its own.
pub(crate) fn base_name(base: &[Field], proposed: Option<&Field>, name: &str) -> String {
    proposed.and_then(|f| match_field(base, f)).map_or_else(|| name.to_string(), |i| base[i].name.clone())
}
