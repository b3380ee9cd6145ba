//! Relations: foreign keys to their target models, stated relationships matched to them,
//! cardinality, many-to-many (implicit or through a junction), and what to ask when the
//! documents leave it open.

use super::ask::Asker;
use super::entities::{Draft, FieldHint, id_field, model_key};
use super::types::name_words;
use crate::diagnostics::Diagnostic;
use crate::ingest::raw::{RawRelationship, StatedCardinality};
use crate::model::{
    Choice, FieldSet, Model, ModelId, Origin, Provenance, Question, QuestionKind, ReferentialAction, Relation,
    RelationKind,
};
use crate::naming;
use std::collections::{BTreeMap, HashMap};

/// A stated relationship with its sides resolved to models.
#[derive(Debug, Clone)]
struct Stated {
    /// For many-to-one: the FK side. For one-to-one and many-to-many: the first side named.
    holder: usize,
    target: usize,
    kind: RelationKind,
    optional: Option<bool>,
    label: Option<String>,
    via: Option<usize>,
    on_delete: Option<ReferentialAction>,
    on_update: Option<ReferentialAction>,
    at: Provenance,
    used: bool,
}

/// A foreign key found on a model, before it becomes a relation.
struct ForeignKey {
    holder: usize,
    field: String,
    target: usize,
    stated: Option<usize>,
    origin: Origin,
}

/// Words that carry no role in a relationship label.
const STOP_WORDS: &[&str] =
    &["is", "the", "a", "an", "as", "of", "by", "to", "in", "for", "its", "their", "his", "her"];

/// Prefixes that mark a key into another system, not into a model (`stripeCustomerId`).
const EXTERNAL_PREFIXES: &[&str] = &[
    "stripe",
    "external",
    "legacy",
    "google",
    "github",
    "slack",
    "paypal",
    "hubspot",
    "salesforce",
    "auth0",
    "provider",
    "remote",
    "vendor",
];

/// Tenant keys that name no model by convention.
const TENANT_KEYS: &[&str] = &["tenantId", "orgId", "organizationId", "workspaceId", "accountId"];

/// Infers every relation; may add fields or models when the user's answers ask for it.
pub fn infer(
    draft: &mut Draft,
    raw: &[RawRelationship],
    tenant_key: Option<&str>,
    asker: &mut Asker<'_>,
) -> Vec<Relation> {
    let mut stated = resolve_stated(draft, raw);
    let mut keys = find_foreign_keys(draft, &mut stated, tenant_key, asker);
    add_missing_foreign_keys(draft, &mut stated, &mut keys, asker);

    let mut relations: Vec<Relation> = keys.iter().map(|fk| relation_for(draft, fk, &stated, asker)).collect();
    many_to_many(draft, &mut stated, &mut relations, asker);
    junction_keys(draft, &relations);
    junction_actions(draft, &mut relations, asker);
    align_key_types(draft, &relations);
    name_relations(draft, &mut relations, asker);
    relations
}

fn resolve_stated(draft: &mut Draft, raw: &[RawRelationship]) -> Vec<Stated> {
    let mut out = Vec::new();
    for r in raw {
        let (Some(left), Some(right)) = (draft.model_index(&r.left), draft.model_index(&r.right)) else {
            let missing = if draft.model_index(&r.left).is_none() { &r.left } else { &r.right };
            draft.diagnostics.push(Diagnostic::warning(
                format!("the relationship names `{missing}`, which no document defines; left out"),
                Some(r.at.clone()),
            ));
            continue;
        };
        let (holder, target, kind) = match r.cardinality {
            StatedCardinality::ManyToOne => (left, right, RelationKind::ManyToOne),
            StatedCardinality::OneToMany => (right, left, RelationKind::ManyToOne),
            StatedCardinality::OneToOne => (left, right, RelationKind::OneToOne),
            StatedCardinality::ManyToMany => (left, right, RelationKind::ManyToMany),
        };
        out.push(Stated {
            holder,
            target,
            kind,
            optional: r.optional,
            label: r.label.clone(),
            via: r.via.as_deref().and_then(|v| draft.model_index(v)),
            on_delete: r.on_delete.as_deref().and_then(ReferentialAction::parse),
            on_update: r.on_update.as_deref().and_then(ReferentialAction::parse),
            at: r.at.clone(),
            used: false,
        });
    }
    // Statements in document order, so the first place that says a thing is the one cited.
    out.sort_by(|a, b| a.at.cmp(&b.at));
    out
}

/// The role words of a name or label, without stop words.
fn role_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .flat_map(name_words)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .collect()
}

/// Whether a label ("created by", "as the referrer") names the role of an FK stem.
fn label_matches(label: &str, stem: &str) -> bool {
    let l = role_words(label);
    let s = role_words(stem);
    !l.is_empty() && !s.is_empty() && (l.iter().all(|w| s.contains(w)) || s.iter().all(|w| l.contains(w)))
}

/// `customerId` → `customer`; `household_head_id` was already camelCased to `householdHeadId`.
fn stem(field: &str) -> Option<&str> {
    let s = field.strip_suffix("Id").or_else(|| field.strip_suffix("ID"))?;
    (!s.is_empty() && s.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())).then_some(s)
}

fn find_foreign_keys(
    draft: &mut Draft,
    stated: &mut [Stated],
    tenant_key: Option<&str>,
    asker: &mut Asker<'_>,
) -> Vec<ForeignKey> {
    let mut keys = Vec::new();
    for holder in 0..draft.models.len() {
        let candidates: Vec<(String, FieldHint)> = draft.models[holder]
            .fields
            .iter()
            .filter(|f| !(f.list || f.id && f.name == "id"))
            .filter_map(|f| {
                let hint = draft.hints.get(&(holder, f.name.clone())).cloned().unwrap_or_default();
                (hint.foreign || hint.references.is_some() || stem(&f.name).is_some()).then(|| (f.name.clone(), hint))
            })
            .collect();
        for (field, hint) in candidates {
            let stem_text = stem(&field).unwrap_or(&field).to_string();
            match resolve_target(draft, holder, &field, &stem_text, &hint, stated) {
                Some((target, stated_index)) => {
                    keys.push(ForeignKey { holder, field, target, stated: stated_index, origin: Origin::Inferred })
                }
                None => {
                    if let Some(target) = undefined_target(draft, holder, &field, &stem_text, &hint, tenant_key, asker)
                    {
                        keys.push(ForeignKey { holder, field, target, stated: None, origin: Origin::Inferred });
                    }
                }
            }
        }
    }
    match_statements(&mut keys, stated);
    keys
}

/// Ties foreign keys to the statements that state them. First by role label ("created
/// by" ↔ `createdById`); then a pair of models with a single untied key takes every
/// remaining statement of that pair (a sentence and a diagram line say the same thing).
fn match_statements(keys: &mut [ForeignKey], stated: &mut [Stated]) {
    // Statements by the (holder, target) pair they can state; one-to-one fits either way round.
    let mut by_pair: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    for (i, s) in stated.iter().enumerate().filter(|(_, s)| s.kind != RelationKind::ManyToMany) {
        by_pair.entry((s.holder, s.target)).or_default().push(i);
        if s.kind == RelationKind::OneToOne && s.holder != s.target {
            by_pair.entry((s.target, s.holder)).or_default().push(i);
        }
    }
    let none = Vec::new();
    for key in keys.iter_mut() {
        let candidates = by_pair.get(&(key.holder, key.target)).unwrap_or(&none);
        if key.stated.is_none() {
            let stem_text = stem(&key.field).unwrap_or(&key.field);
            key.stated = candidates
                .iter()
                .copied()
                .find(|&i| stated[i].label.as_deref().is_some_and(|l| label_matches(l, stem_text)));
        }
        if let Some(i) = key.stated {
            stated[i].used = true;
            key.origin = Origin::Stated;
        }
    }
    let mut untied: HashMap<(usize, usize), usize> = HashMap::new();
    for key in keys.iter().filter(|k| k.stated.is_none()) {
        *untied.entry((key.holder, key.target)).or_default() += 1;
    }
    for key in keys.iter_mut().filter(|k| k.stated.is_none()) {
        if untied.get(&(key.holder, key.target)) != Some(&1) {
            continue;
        }
        let candidates = by_pair.get(&(key.holder, key.target)).unwrap_or(&none);
        let fitting: Vec<usize> = candidates.iter().copied().filter(|&i| !stated[i].used).collect();
        if let Some(&first) = fitting.first() {
            key.stated = Some(first);
            key.origin = Origin::Stated;
            for i in fitting {
                stated[i].used = true;
            }
        }
    }
}

/// Finds the model an FK points at; also returns the statement that said so, if any.
fn resolve_target(
    draft: &Draft,
    holder: usize,
    field: &str,
    stem_text: &str,
    hint: &FieldHint,
    stated: &[Stated],
) -> Option<(usize, Option<usize>)> {
    if let Some(r) = &hint.references
        && let Some(t) = draft.model_index(r)
    {
        return Some((t, None));
    }
    // `customerId` → Customer, `book_id` → Book.
    let key = model_key(&naming::upper_first(stem_text));
    if let Some(t) = draft.model_index(&key).filter(|&t| draft.models[t].name == key) {
        return Some((t, None));
    }
    // A statement whose label names the role: "WorkOrder belongs to Technician (created by)".
    for (i, s) in stated.iter().enumerate() {
        if s.kind == RelationKind::ManyToMany || !s.label.as_deref().is_some_and(|l| label_matches(l, stem_text)) {
            continue;
        }
        if s.holder == holder {
            return Some((s.target, Some(i)));
        }
        if s.target == holder && s.kind == RelationKind::OneToOne {
            return Some((s.holder, Some(i)));
        }
    }
    // `coInstructorId` → Instructor, `shippingAddressId` → Address.
    let pascal_stem = naming::upper_first(stem_text);
    let external = EXTERNAL_PREFIXES.iter().any(|p| stem_text.to_ascii_lowercase().starts_with(p));
    if !external {
        let suffix = draft
            .models
            .iter()
            .enumerate()
            .filter(|(_, m)| pascal_stem.len() > m.name.len() && pascal_stem.ends_with(&m.name))
            .max_by_key(|(_, m)| m.name.len());
        if let Some((t, _)) = suffix {
            return Some((t, None));
        }
    }
    // The field's description names the model: "points to another Patient".
    if let Some(t) = described_target(draft, holder, field) {
        return Some((t, None));
    }
    // `parentId` with no model Parent: a tree of the model itself.
    if stem_text == "parent" {
        return Some((holder, None));
    }
    // `orgId` → Organization: an abbreviation that starts exactly one model's name.
    let lower = stem_text.to_ascii_lowercase();
    if lower.len() >= 3 && !external {
        let hits: Vec<usize> = (0..draft.models.len())
            .filter(|&i| draft.models[i].name.to_ascii_lowercase().starts_with(&lower))
            .collect();
        if hits.len() == 1 {
            return Some((hits[0], None));
        }
    }
    None
}

/// The first model a field's description mentions ("the clinician who referred the patient").
fn described_target(draft: &Draft, holder: usize, field: &str) -> Option<usize> {
    let description = draft.models[holder].field(field)?.description.as_deref()?;
    let words: Vec<String> =
        description.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    let mut best: Option<(usize, usize)> = None;
    for (m, model) in draft.models.iter().enumerate() {
        let model_words = name_words(&model.name);
        let n = model_words.len();
        let plural_last = naming::plural(model_words.last().map_or("", String::as_str));
        let position = words.windows(n).position(|w| {
            w[..n - 1] == model_words[..n - 1] && (w[n - 1] == model_words[n - 1] || w[n - 1] == plural_last)
        });
        if let Some(p) = position
            && best.is_none_or(|(bp, _)| p < bp)
        {
            best = Some((p, m));
        }
    }
    best.map(|(_, m)| m)
}

/// An FK whose model no document defines: ask whether to create it or keep a plain column.
fn undefined_target(
    draft: &mut Draft,
    holder: usize,
    field: &str,
    stem_text: &str,
    hint: &FieldHint,
    tenant_key: Option<&str>,
    asker: &mut Asker<'_>,
) -> Option<usize> {
    if tenant_key == Some(field) || TENANT_KEYS.contains(&field) {
        return None;
    }
    // Only a name that says "I am a key" (`fooId`, or marked FK) is worth a question.
    if stem(field).is_none() && !hint.foreign {
        return None;
    }
    let name = hint.references.as_deref().map_or_else(|| model_key(&naming::upper_first(stem_text)), model_key);
    if !naming::is_identifier(&name) {
        return None;
    }
    let holder_name = draft.models[holder].name.clone();
    let at = draft.models[holder].field(field).and_then(|f| f.provenance.first().cloned());
    let chosen = asker.ask(Question {
        key: format!("undefined:{name}"),
        kind: QuestionKind::UndefinedEntity,
        model: Some(holder_name.clone()),
        field: Some(field.to_string()),
        prompt: format!("{holder_name}.{field} refers to {name}, which no document defines"),
        options: vec![
            Choice::new("plain", format!("keep {field} as a plain column")),
            Choice::new("create", format!("create model {name} (id only) and relate {holder_name} to it")),
        ],
        suggested: 0,
        answer: None,
        provenance: at.clone().into_iter().collect(),
    });
    if chosen != "create" {
        return None;
    }
    if let Some(existing) = draft.model_index(&name).filter(|&m| draft.models[m].name == name) {
        return Some(existing);
    }
    let index = draft.push_model(
        Model {
            description: Some(format!("Created for {holder_name}.{field}; no document describes it yet.")),
            fields: vec![id_field(at.clone())],
            origin: Origin::Inferred,
            provenance: at.into_iter().collect(),
            ..Model::new(name.clone())
        },
        vec![name],
    );
    Some(index)
}

/// Stated many-to-one and one-to-one relationships that no FK field realises.
fn add_missing_foreign_keys(
    draft: &mut Draft,
    stated: &mut [Stated],
    keys: &mut Vec<ForeignKey>,
    asker: &mut Asker<'_>,
) {
    // Indexes, not an iterator: a key added below records which statement it realises.
    #[allow(clippy::needless_range_loop)]
    for i in 0..stated.len() {
        let s = stated[i].clone();
        if s.used || s.kind == RelationKind::ManyToMany {
            continue;
        }
        // Another statement of the same pair may already be realised (a sentence and a diagram).
        let realised = keys.iter().any(|k| {
            (k.holder == s.holder && k.target == s.target)
                || (s.kind == RelationKind::OneToOne && k.holder == s.target && k.target == s.holder)
        });
        let same_role = s.label.is_none()
            || keys.iter().any(|k| k.holder == s.holder && k.target == s.target && stated_label_matches(&s, &k.field));
        if realised && same_role {
            stated[i].used = true;
            continue;
        }
        if realised {
            // A second statement of a pair with a role that matches no FK: a diagram label
            // such as "employs" next to a sentence. Not a relation of its own.
            stated[i].used = true;
            continue;
        }
        let (holder, target) = if s.kind == RelationKind::OneToOne {
            match ask_owner(draft, &s, asker) {
                Some(pair) => pair,
                None => continue,
            }
        } else {
            (s.holder, s.target)
        };
        let target_name = draft.models[target].name.clone();
        let holder_name = draft.models[holder].name.clone();
        let field = format!("{}Id", naming::lower_first(&target_name));
        if s.kind == RelationKind::ManyToOne {
            let chosen = asker.ask(Question {
                key: format!("missing-fk:{holder_name}->{target_name}"),
                kind: QuestionKind::UndefinedEntity,
                model: Some(holder_name.clone()),
                field: Some(field.clone()),
                prompt: format!(
                    "{holder_name} belongs to {target_name}, but no field of {holder_name} points at {target_name}"
                ),
                options: vec![
                    Choice::new("add", format!("add {holder_name}.{field}")),
                    Choice::new("skip", "leave the relationship out".to_string()),
                ],
                suggested: 0,
                answer: None,
                provenance: vec![s.at.clone()],
            });
            if chosen != "add" {
                continue;
            }
        }
        if draft.models[holder].field(&field).is_none() {
            let mut f = id_field(Some(s.at.clone()));
            f.name = field.clone();
            f.id = false;
            f.default = None;
            f.optional = s.optional.unwrap_or(false);
            f.unique = s.kind == RelationKind::OneToOne;
            draft.models[holder].fields.push(f);
        }
        stated[i].used = true;
        keys.push(ForeignKey { holder, field, target, stated: Some(i), origin: Origin::Stated });
    }
}

fn stated_label_matches(s: &Stated, field: &str) -> bool {
    s.label.as_deref().is_some_and(|l| label_matches(l, stem(field).unwrap_or(field)))
}

/// A one-to-one with no FK on either side: which model holds it.
fn ask_owner(draft: &Draft, s: &Stated, asker: &mut Asker<'_>) -> Option<(usize, usize)> {
    let a = draft.models[s.holder].name.clone();
    let b = draft.models[s.target].name.clone();
    if s.holder == s.target {
        return Some((s.holder, s.target));
    }
    let chosen = asker.ask(Question {
        key: format!("owner:{a}<->{b}"),
        kind: QuestionKind::OneToOneOwner,
        model: Some(a.clone()),
        field: None,
        prompt: format!("{a} and {b} are one-to-one and neither holds a key: which side holds the foreign key?"),
        options: vec![
            Choice::new(b.to_string(), format!("{b} holds {}Id (unique)", naming::lower_first(&a))),
            Choice::new(a.to_string(), format!("{a} holds {}Id (unique)", naming::lower_first(&b))),
        ],
        suggested: 0,
        answer: None,
        provenance: vec![s.at.clone()],
    });
    Some(if chosen == a { (s.holder, s.target) } else { (s.target, s.holder) })
}

fn relation_for(draft: &mut Draft, fk: &ForeignKey, stated: &[Stated], asker: &mut Asker<'_>) -> Relation {
    let statement = fk.stated.map(|i| &stated[i]);
    let holder_name = draft.models[fk.holder].name.clone();
    let unique = draft.models[fk.holder].field(&fk.field).is_some_and(|f| f.unique || f.id);
    let stated_one = statement.is_some_and(|s| s.kind == RelationKind::OneToOne);
    let stated_many = statement.is_some_and(|s| s.kind == RelationKind::ManyToOne);
    let kind = if unique && stated_many {
        // The key is unique, yet a document says one-to-many.
        let chosen = asker.ask(Question {
            key: format!("cardinality:{holder_name}.{}", fk.field),
            kind: QuestionKind::OneToOneOrMany,
            model: Some(holder_name.clone()),
            field: Some(fk.field.clone()),
            prompt: format!("{holder_name}.{} is unique, but a document says one-to-many: which is it?", fk.field),
            options: vec![
                Choice::new("one-to-one", "one-to-one (keep the key unique)"),
                Choice::new("one-to-many", "one-to-many (drop the unique constraint)"),
            ],
            suggested: 0,
            answer: None,
            provenance: statement.map(|s| s.at.clone()).into_iter().collect(),
        });
        if chosen == "one-to-many" {
            if let Some(f) = draft.models[fk.holder].field_mut(&fk.field) {
                f.unique = false;
            }
            RelationKind::ManyToOne
        } else {
            RelationKind::OneToOne
        }
    } else if unique || stated_one {
        if let Some(f) = draft.models[fk.holder].field_mut(&fk.field)
            && !f.unique
            && !f.id
        {
            // One-to-one requires a unique key; the document said 1:1, so it is.
            f.unique = true;
        }
        RelationKind::OneToOne
    } else {
        RelationKind::ManyToOne
    };
    let target_id = draft.models[fk.target].id_field().map_or_else(|| "id".to_string(), |f| f.name.clone());
    Relation {
        kind,
        holder: ModelId(fk.holder as u32),
        fk_fields: vec![fk.field.clone()],
        target_fk_fields: Vec::new(),
        target: ModelId(fk.target as u32),
        references: vec![target_id],
        holder_field: String::new(),
        target_field: String::new(),
        name: None,
        via: None,
        on_delete: statement.and_then(|s| s.on_delete),
        on_update: statement.and_then(|s| s.on_update),
        fk_name: None,
        extra_attributes: Default::default(),
        origin: fk.origin,
        // Where a document states the relation; else where it states the key it comes from.
        provenance: match statement {
            Some(s) => vec![s.at.clone()],
            None => draft.models[fk.holder].field(&fk.field).map(|f| f.provenance.clone()).unwrap_or_default(),
        },
    }
}

/// Stated many-to-many relationships: through a named or discovered junction, or implicit.
fn many_to_many(draft: &mut Draft, stated: &mut [Stated], relations: &mut Vec<Relation>, asker: &mut Asker<'_>) {
    for statement in stated.iter_mut() {
        if statement.kind != RelationKind::ManyToMany || statement.used {
            continue;
        }
        statement.used = true;
        let s = statement.clone();
        let (a, b) = (s.holder, s.target);
        // The same many-to-many stated twice (in prose and in a diagram) is one relation.
        let known = relations.iter().any(|r| {
            r.kind == RelationKind::ManyToMany
                && ((r.holder.index() == a && r.target.index() == b)
                    || (r.holder.index() == b && r.target.index() == a))
        });
        if known {
            continue;
        }
        let junction = s.via.or_else(|| find_junction(relations, a, b));
        let via = match junction {
            Some(j) => Some(j),
            None if a == b => None,
            None => ask_style(draft, &s, relations, asker),
        };
        relations.push(Relation {
            kind: RelationKind::ManyToMany,
            holder: ModelId(a as u32),
            fk_fields: Vec::new(),
            target_fk_fields: Vec::new(),
            target: ModelId(b as u32),
            references: Vec::new(),
            holder_field: String::new(),
            target_field: String::new(),
            name: None,
            via: via.map(|j| ModelId(j as u32)),
            on_delete: None,
            on_update: None,
            fk_name: None,
            extra_attributes: Default::default(),
            origin: Origin::Stated,
            provenance: vec![s.at.clone()],
        });
    }
}

/// A model whose foreign keys point at both sides.
fn find_junction(relations: &[Relation], a: usize, b: usize) -> Option<usize> {
    let points = |j: usize, t: usize| {
        relations.iter().any(|r| r.holder.index() == j && r.target.index() == t && r.kind != RelationKind::ManyToMany)
    };
    relations.iter().map(|r| r.holder.index()).find(|&j| j != a && j != b && points(j, a) && points(j, b))
}

/// Implicit or explicit many-to-many; explicit creates the junction model.
fn ask_style(draft: &mut Draft, s: &Stated, relations: &mut Vec<Relation>, asker: &mut Asker<'_>) -> Option<usize> {
    let a = draft.models[s.holder].name.clone();
    let b = draft.models[s.target].name.clone();
    let junction_name = format!("{a}{b}");
    let chosen = asker.ask(Question {
        key: format!("m2n:{a}<->{b}"),
        kind: QuestionKind::ManyToManyStyle,
        model: Some(a.clone()),
        field: None,
        prompt: format!("{a} and {b} are many-to-many: Prisma's implicit join table, or an explicit junction model?"),
        options: vec![
            Choice::new(
                "implicit",
                format!(
                    "implicit ({a}.{} / {b}.{})",
                    naming::lower_first(&naming::plural(&b)),
                    naming::lower_first(&naming::plural(&a))
                ),
            ),
            Choice::new("explicit", format!("explicit junction model {junction_name} (room for extra columns)")),
        ],
        suggested: 0,
        answer: None,
        provenance: vec![s.at.clone()],
    });
    if chosen != "explicit" {
        return None;
    }
    let at = Some(s.at.clone());
    let mut fields = Vec::new();
    for side in [&a, &b] {
        let mut f = id_field(at.clone());
        f.name = format!("{}Id", naming::lower_first(side));
        f.id = false;
        f.default = None;
        fields.push(f);
    }
    let keys: Vec<String> = fields.iter().map(|f| f.name.clone()).collect();
    let j = draft.push_model(
        Model {
            description: Some(format!("Joins {a} and {b}.")),
            fields,
            primary_key: Some(FieldSet::new(keys.clone(), Origin::Inferred, at.clone())),
            origin: Origin::Inferred,
            provenance: at.into_iter().collect(),
            ..Model::new(junction_name.clone())
        },
        vec![junction_name],
    );
    for (key, side) in keys.iter().zip([s.holder, s.target]) {
        relations.push(Relation {
            kind: RelationKind::ManyToOne,
            holder: ModelId(j as u32),
            fk_fields: vec![key.clone()],
            target_fk_fields: Vec::new(),
            target: ModelId(side as u32),
            references: vec!["id".into()],
            holder_field: String::new(),
            target_field: String::new(),
            name: None,
            via: None,
            on_delete: Some(ReferentialAction::Cascade),
            on_update: None,
            fk_name: None,
            extra_attributes: Default::default(),
            origin: Origin::Inferred,
            provenance: vec![s.at.clone()],
        });
    }
    Some(j)
}

/// A model with no key of its own whose foreign keys join others gets them as a composite id.
fn junction_keys(draft: &mut Draft, relations: &[Relation]) {
    let mut keys_of: HashMap<usize, Vec<&String>> = HashMap::new();
    for r in relations {
        keys_of.entry(r.holder.index()).or_default().extend(&r.fk_fields);
    }
    // A model others point at needs a single id to be referenced (settled later), not a pair.
    let referenced: std::collections::HashSet<usize> =
        relations.iter().filter(|r| r.kind != RelationKind::ManyToMany).map(|r| r.target.index()).collect();
    for (m, model) in draft.models.iter_mut().enumerate() {
        let has_key = model.id_field().is_some() || model.primary_key.is_some();
        if has_key || referenced.contains(&m) {
            continue;
        }
        let fks: Vec<String> = model
            .fields
            .iter()
            .filter(|f| !f.optional && keys_of.get(&m).is_some_and(|keys| keys.contains(&&f.name)))
            .map(|f| f.name.clone())
            .collect();
        if fks.len() >= 2 {
            let at = model.provenance.first().cloned();
            model.primary_key = Some(FieldSet::new(fks, Origin::Inferred, at));
        }
    }
}

/// For the two sides of an explicit junction, ask what deleting a side does to its rows.
fn junction_actions(draft: &Draft, relations: &mut [Relation], asker: &mut Asker<'_>) {
    let junctions: Vec<ModelId> = relations.iter().filter_map(|r| r.via).collect();
    for r in relations.iter_mut() {
        if r.kind == RelationKind::ManyToMany || !junctions.contains(&r.holder) || r.on_delete.is_some() {
            continue;
        }
        let j = &draft.models[r.holder.index()].name;
        let t = &draft.models[r.target.index()].name;
        let fk = r.fk_fields.join(", ");
        let provenance = if r.provenance.is_empty() {
            let junction = &draft.models[r.holder.index()];
            r.fk_fields.iter().filter_map(|f| junction.field(f)).flat_map(|f| f.provenance.clone()).collect()
        } else {
            r.provenance.clone()
        };
        let chosen = asker.ask(Question {
            key: format!("on-delete:{j}.{fk}"),
            kind: QuestionKind::ReferentialAction,
            model: Some(j.clone()),
            field: Some(fk.clone()),
            prompt: format!("When {} {t} is deleted, what happens to its {j} rows?", naming::article(t)),
            options: vec![
                Choice::new("Cascade", "delete them too (onDelete: Cascade)".to_string()),
                Choice::new("Restrict", format!("refuse to delete the {t} while rows exist (onDelete: Restrict)")),
                Choice::new("NoAction", "leave it to the database default (onDelete: NoAction)".to_string()),
            ],
            suggested: 0,
            answer: None,
            provenance,
        });
        r.on_delete = ReferentialAction::parse(&chosen);
    }
}

/// A foreign key takes its target id's type (and native type), so the relation validates.
fn align_key_types(draft: &mut Draft, relations: &[Relation]) {
    for r in relations.iter().filter(|r| r.kind != RelationKind::ManyToMany) {
        let target = &draft.models[r.target.index()];
        let Some(id) = target.fields.iter().find(|f| Some(&f.name) == r.references.first()) else { continue };
        let (ty, native) = (id.ty, id.native.clone());
        let target_name = target.name.clone();
        let Some(fk_name) = r.fk_fields.first() else { continue };
        let holder = &mut draft.models[r.holder.index()];
        let holder_name = holder.name.clone();
        let Some(fk) = holder.field_mut(fk_name) else { continue };
        if fk.ty != ty && fk.type_origin == Origin::Stated {
            let message = format!(
                "{holder_name}.{fk_name} is declared with another type than {target_name}'s id; it takes the id's type"
            );
            let at = fk.provenance.first().cloned();
            fk.ty = ty;
            fk.native = native;
            draft.diagnostics.push(Diagnostic::warning(message, at));
            continue;
        }
        fk.ty = ty;
        if fk.native.is_none() || fk.type_origin == Origin::Inferred {
            fk.native = native;
        }
    }
}

/// Field names for both ends, and relation names where a pair of models is joined twice.
fn name_relations(draft: &mut Draft, relations: &mut [Relation], asker: &mut Asker<'_>) {
    let mut used: Vec<Vec<String>> =
        draft.models.iter().map(|m| m.fields.iter().map(|f| f.name.clone()).collect()).collect();
    let pair = |r: &Relation| {
        let (a, b) = (r.holder.index(), r.target.index());
        (a.min(b), a.max(b))
    };
    let mut pairs: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
    for (i, r) in relations.iter().enumerate().filter(|(_, r)| r.is_emitted()) {
        pairs.entry(pair(r)).or_default().push(i);
    }
    for members in pairs.into_values() {
        let ambiguous = members.len() > 1;
        let style = if ambiguous { ask_names(draft, relations, &members, asker) } else { NameStyle::HolderRole };
        // Two keys with the same role (`memberId`, `memberID`) would give the same name.
        let mut names: Vec<String> = Vec::new();
        for &i in &members {
            name_one(draft, &mut relations[i], ambiguous, style, &mut used);
            if let Some(name) = relations[i].name.take() {
                relations[i].name = Some(claim(&mut names, name));
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum NameStyle {
    /// `WorkOrderCreatedBy`
    HolderRole,
    /// `CreatedByWorkOrders`
    RoleHolders,
}

fn role(r: &Relation, draft: &Draft) -> String {
    match r.fk_fields.first().and_then(|f| stem(f)) {
        Some(s) => naming::upper_first(s),
        None => match r.kind {
            RelationKind::ManyToMany => naming::plural(&draft.models[r.target.index()].name),
            _ => draft.models[r.target.index()].name.clone(),
        },
    }
}

fn relation_name(r: &Relation, draft: &Draft, style: NameStyle) -> String {
    let holder = &draft.models[r.holder.index()].name;
    match style {
        NameStyle::HolderRole => format!("{holder}{}", role(r, draft)),
        NameStyle::RoleHolders => format!("{}{}", role(r, draft), naming::plural(holder)),
    }
}

fn ask_names(draft: &Draft, relations: &[Relation], members: &[usize], asker: &mut Asker<'_>) -> NameStyle {
    let first = &relations[members[0]];
    let a = &draft.models[first.holder.index()].name;
    let b = &draft.models[first.target.index()].name;
    let fks: Vec<String> = members.iter().map(|&i| relations[i].fk_fields.join(",")).collect();
    let names =
        |style| members.iter().map(|&i| relation_name(&relations[i], draft, style)).collect::<Vec<_>>().join(", ");
    let (x, y) = if a <= b { (a, b) } else { (b, a) };
    let chosen = asker.ask(Question {
        key: format!("relation-names:{x}<->{y}"),
        kind: QuestionKind::RelationNames,
        model: Some(a.clone()),
        field: fks.first().cloned(),
        prompt: format!("{a} and {b} are joined by {} relations ({}): they need names", members.len(), fks.join(", ")),
        options: vec![
            Choice::new("holder-role", format!("name by role on {a}: {}", names(NameStyle::HolderRole))),
            Choice::new("role-holders", format!("name by role, then {a}: {}", names(NameStyle::RoleHolders))),
        ],
        suggested: 0,
        answer: None,
        provenance: members.iter().flat_map(|&i| relations[i].provenance.clone()).collect(),
    });
    if chosen == "role-holders" { NameStyle::RoleHolders } else { NameStyle::HolderRole }
}

fn name_one(draft: &Draft, r: &mut Relation, ambiguous: bool, style: NameStyle, used: &mut [Vec<String>]) {
    let (h, t) = (r.holder.index(), r.target.index());
    let holder = draft.models[h].name.clone();
    let target = draft.models[t].name.clone();
    let self_relation = h == t;
    let role_text = role(r, draft);
    if ambiguous || self_relation {
        r.name = Some(relation_name(r, draft, style));
    }
    let holder_field = match (r.kind, r.fk_fields.first().and_then(|f| stem(f))) {
        (RelationKind::ManyToMany, _) => naming::lower_first(&naming::plural(&target)),
        (_, Some(s)) => s.to_string(),
        (_, None) => naming::lower_first(&target),
    };
    let target_field = match r.kind {
        _ if self_relation => format!("{}Of", naming::lower_first(&role_text)),
        RelationKind::ManyToMany => naming::lower_first(&naming::plural(&holder)),
        RelationKind::ManyToOne if ambiguous => {
            format!("{}As{role_text}", naming::lower_first(&naming::plural(&holder)))
        }
        RelationKind::OneToOne if ambiguous => format!("{}As{role_text}", naming::lower_first(&holder)),
        RelationKind::ManyToOne => naming::lower_first(&naming::plural(&holder)),
        RelationKind::OneToOne => naming::lower_first(&holder),
    };
    r.holder_field = claim(&mut used[h], holder_field);
    r.target_field = claim(&mut used[t], target_field);
}

/// Takes a field name on a model, adding a number if it is taken.
fn claim(used: &mut Vec<String>, wanted: String) -> String {
    let mut name = wanted.clone();
    let mut n = 2;
    while used.contains(&name) {
        name = format!("{wanted}{n}");
        n += 1;
    }
    used.push(name.clone());
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_match_roles() {
        assert!(label_matches("created by", "createdBy"));
        assert!(label_matches("household head of", "householdHead"));
        assert!(label_matches("referrer", "referrer"));
        assert!(label_matches("is assigned", "assignedTo"));
        assert!(!label_matches("employs", "org"));
    }

    #[test]
    fn stems_need_a_lower_case_end() {
        assert_eq!(stem("customerId"), Some("customer"));
        assert_eq!(stem("ID"), None);
        assert_eq!(stem("id"), None);
        assert_eq!(stem("paid"), None);
    }
}
