//! What the seed creates, as data: which models, in which phase (once, or once per tenant
//! inside its row-level-security transaction), how many rows, and what each field is set to.
//! A model that cannot be created is a [`Step::Skip`] with the reason, never an error.

use super::SeedHints;
use super::values::{self, Value};
use crate::conventions::Profile;
use crate::model::{FieldType, Model, ModelId, RelationKind, Scalar, Schema};
use std::collections::{BTreeMap, BTreeSet};

/// How many rows a model gets at least (per tenant), and how many tenants when no model
/// holds them (the tenant model's rows are the tenants otherwise).
pub const ROWS: usize = 2;
pub const FIXED_TENANTS: usize = 2;

/// When a model's rows are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Once, before the tenants' transactions: the tenant model and models no tenant owns.
    Global,
    /// Once per tenant, inside the transaction that names the tenant: models holding the
    /// tenant key, and models that point at them.
    Tenant,
}

/// Where the tenants come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TenantSource {
    /// The rows of the tenant model (made in the global phase); the key holds `field` of them.
    Model { model: ModelId, field: String },
    /// No tenant model: fixed ids, as TypeScript literals of the key's type.
    Fixed(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tenancy {
    pub key: String,
    pub source: TenantSource,
}

/// The rows of one model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    pub model: ModelId,
    pub phase: Phase,
    /// Rows per tenant in the tenant phase, rows in all otherwise.
    pub count: usize,
    pub fields: Vec<(String, Value)>,
    /// Optional relations left empty, and why.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Create(Batch),
    Skip { model: ModelId, phase: Phase, why: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub tenancy: Option<Tenancy>,
    /// How many tenants the tenant phase runs for.
    pub tenants: usize,
    /// Global-phase steps first, then tenant-phase ones, each in dependency order.
    pub steps: Vec<Step>,
}

impl Plan {
    pub fn batch(&self, model: ModelId) -> Option<&Batch> {
        self.steps.iter().find_map(|s| match s {
            Step::Create(b) if b.model == model => Some(b),
            _ => None,
        })
    }

    /// Rows made of a model in all, across tenants.
    pub fn total(&self, batch: &Batch) -> usize {
        match batch.phase {
            Phase::Global => batch.count,
            Phase::Tenant => batch.count * self.tenants,
        }
    }
}

pub fn plan(schema: &Schema, profile: &Profile, hints: &SeedHints) -> Plan {
    let key = profile.tenant.key.clone().or_else(|| schema.tenant_key.clone());
    let tenant_relation = key.as_ref().and_then(|k| {
        schema.relations.iter().find(|r| r.kind != RelationKind::ManyToMany && r.fk_fields == [k.clone()])
    });
    let tenant_model = tenant_relation.map(|r| r.target);

    let order = dependency_order(schema);
    let mut phases: BTreeMap<ModelId, Phase> = BTreeMap::new();
    for &id in &order {
        let model = &schema[id];
        let owns_key = key.as_ref().is_some_and(|k| model.field(k).is_some());
        let points_at_tenant_rows = schema.relations.iter().any(|r| {
            r.holder == id
                && r.target != id
                && r.kind != RelationKind::ManyToMany
                && phases.get(&r.target) == Some(&Phase::Tenant)
        });
        let phase =
            if Some(id) != tenant_model && (owns_key || points_at_tenant_rows) { Phase::Tenant } else { Phase::Global };
        phases.insert(id, phase);
    }

    let mut planner = Planner {
        schema,
        profile,
        hints,
        key: key.clone(),
        tenant_model,
        phases,
        counts: BTreeMap::new(),
        skipped: BTreeSet::new(),
        tenancy: None,
        tenants: FIXED_TENANTS,
    };
    let mut steps = Vec::new();
    for phase in [Phase::Global, Phase::Tenant] {
        if phase == Phase::Tenant {
            planner.tenancy = planner.tenancy_source(tenant_relation.map(|r| r.references.clone()));
            if let Some(TenantSource::Model { model, .. }) = planner.tenancy.as_ref().map(|t| &t.source) {
                planner.tenants = planner.counts[model].1;
            }
        }
        for &id in order.iter().filter(|id| planner.phases[id] == phase) {
            let step = if phase == Phase::Tenant && planner.tenancy.is_none() {
                let tenants = tenant_model.map_or_else(|| "the tenants".to_string(), |m| schema[m].name.clone());
                Step::Skip { model: id, phase, why: format!("its rows belong to a tenant, and {tenants} is skipped") }
            } else {
                planner.model(id, phase)
            };
            match &step {
                Step::Create(batch) => {
                    planner.counts.insert(id, (phase, batch.count));
                }
                Step::Skip { .. } => {
                    planner.skipped.insert(id);
                }
            }
            steps.push(step);
        }
    }
    let tenants = planner.tenants;
    let tenancy = planner.tenancy.filter(|_| planner.phases.values().any(|p| *p == Phase::Tenant));
    Plan { tenancy, tenants, steps }
}

/// Tables in dependency order (views left out); models the order misses go last.
fn dependency_order(schema: &Schema) -> Vec<ModelId> {
    let mut seen = BTreeSet::new();
    let mut order: Vec<ModelId> = schema.order.iter().copied().filter(|id| seen.insert(*id)).collect();
    order.extend(schema.model_ids().filter(|id| !seen.contains(id)));
    order.retain(|id| id.index() < schema.models.len() && !schema[*id].is_view());
    order
}

struct Planner<'a> {
    schema: &'a Schema,
    profile: &'a Profile,
    hints: &'a SeedHints,
    key: Option<String>,
    tenant_model: Option<ModelId>,
    phases: BTreeMap<ModelId, Phase>,
    /// Models created so far: their phase and rows per scope.
    counts: BTreeMap<ModelId, (Phase, usize)>,
    skipped: BTreeSet<ModelId>,
    tenancy: Option<Tenancy>,
    tenants: usize,
}

impl Planner<'_> {
    /// The tenants: the tenant model's rows when it was created, else fixed ids when no
    /// model holds the tenants at all (a bare `tenantId` column).
    fn tenancy_source(&self, references: Option<Vec<String>>) -> Option<Tenancy> {
        let key = self.key.clone()?;
        let source = match (self.tenant_model, references) {
            (Some(model), Some(refs)) => {
                self.counts.get(&model)?;
                TenantSource::Model { model, field: refs.first()?.clone() }
            }
            _ => TenantSource::Fixed(self.fixed_tenant_ids(&key)),
        };
        Some(Tenancy { key, source })
    }

    fn fixed_tenant_ids(&self, key: &str) -> Vec<String> {
        let field = self.schema.models.iter().find_map(|m| m.field(key));
        let numeric = field.is_some_and(|f| matches!(f.ty, FieldType::Scalar(Scalar::Int | Scalar::BigInt)));
        let object_id = field.and_then(|f| f.native.as_ref()).is_some_and(|n| n.name == "ObjectId");
        (1..=FIXED_TENANTS)
            .map(|t| {
                if numeric {
                    t.to_string()
                } else if object_id {
                    format!("\"{t:024x}\"")
                } else {
                    format!("\"00000000-0000-4000-8000-{t:012}\"")
                }
            })
            .collect()
    }

    fn model(&self, id: ModelId, phase: Phase) -> Step {
        let schema = self.schema;
        let model = &schema[id];
        let skip = |why: String| Step::Skip { model: id, phase, why };
        let mut fields: Vec<(String, Value)> = Vec::new();
        let mut filled: BTreeSet<&str> = BTreeSet::new();
        let mut notes = Vec::new();
        // Each parent's rows per scope, and whether this model's tenant tells its rows apart.
        let mut parent_counts: BTreeMap<String, (usize, bool)> = BTreeMap::new();

        for relation in schema
            .relations
            .iter()
            .filter(|r| r.holder == id && r.kind != RelationKind::ManyToMany && !r.fk_fields.is_empty())
        {
            filled.extend(relation.fk_fields.iter().map(String::as_str));
            let is_tenant_key = self.key.as_ref().is_some_and(|k| relation.fk_fields == [k.clone()])
                && Some(relation.target) == self.tenant_model;
            if is_tenant_key && phase == Phase::Tenant && self.tenancy.is_some() {
                fields.push((relation.fk_fields[0].clone(), Value::Tenant));
                continue;
            }
            let required = relation.fk_fields.iter().any(|f| model.field(f).is_some_and(|f| !f.optional));
            let target = &schema[relation.target];
            let available = match self.counts.get(&relation.target) {
                _ if relation.target == id => Err(format!("it points at {} itself", model.name)),
                Some((parent_phase, count)) if *parent_phase == Phase::Global || phase == Phase::Tenant => {
                    Ok((*count, *parent_phase == Phase::Tenant))
                }
                Some(_) => Err(format!("{} rows are made per tenant", target.name)),
                None if target.is_view() => Err(format!("{} is a view", target.name)),
                None if self.skipped.contains(&relation.target) => Err(format!("{} is skipped", target.name)),
                None if self.phases.get(&relation.target) == Some(&Phase::Tenant) => {
                    Err(format!("{} rows are made per tenant", target.name))
                }
                None => Err(format!("{} is made later (a cycle)", target.name)),
            };
            match available {
                Ok((count, per_tenant)) => {
                    for (fk, reference) in relation.fk_fields.iter().zip(&relation.references) {
                        fields.push((fk.clone(), Value::Parent { model: relation.target, field: reference.clone() }));
                        parent_counts.insert(fk.clone(), (count, per_tenant));
                    }
                }
                Err(why) if required => {
                    return skip(format!("its required relation {} cannot be set: {why}", relation.holder_field));
                }
                Err(why) => notes.push(format!("{} left empty: {why}", relation.holder_field)),
            }
        }
        // A bare tenant key (no relation to a tenant model) still names the tenant.
        if let Some(key) = self.key.as_ref().filter(|_| phase == Phase::Tenant && self.tenancy.is_some())
            && model.field(key).is_some()
            && filled.insert(key.as_str())
        {
            fields.push((key.clone(), Value::Tenant));
        }

        let left_out = self.left_out_names();
        let mut dates = 0;
        for field in &model.fields {
            let position = if matches!(field.ty, FieldType::Scalar(Scalar::DateTime)) {
                dates += 1;
                dates - 1
            } else {
                0
            };
            if filled.contains(field.name.as_str()) || left_out.contains(&field.name.as_str()) {
                continue;
            }
            let is_enum = matches!(field.ty, FieldType::Enum(_));
            // An enum's default is set anyway: cycling through its values is the reference data.
            let filled_by_database = (field.default.is_some() && !is_enum)
                || field.extra_attributes.iter().any(|a| a == "@updatedAt" || a.starts_with("@default"));
            if filled_by_database {
                continue;
            }
            // Prisma's client has no `create` for a model with a required column it cannot write.
            if matches!(field.ty, FieldType::Unsupported(_)) && !field.optional {
                let ty = schema.type_name(field.ty);
                return skip(format!("its required field {} has a type Prisma cannot write ({ty})", field.name));
            }
            let allowed = self.hints.allowed.get(&(model.name.clone(), field.name.clone()));
            if let Some(value) = values::for_field(schema, &model.name, field, position, allowed.map(Vec::as_slice)) {
                fields.push((field.name.clone(), value));
            }
        }

        // Enough rows that every value of the model's enums appears.
        let mut count = fields
            .iter()
            .filter_map(|(_, v)| match v {
                Value::Enum(e) => Some(schema[*e].values.len()),
                _ => None,
            })
            .fold(ROWS, usize::max);
        for set in unique_sets(model) {
            let Some(cap) = self.unique_cap(model, &set, &fields, &parent_counts, phase) else { continue };
            if cap == 0 {
                return skip(format!(
                    "its unique ({}) cannot hold over {} tenants with the rows its parents have",
                    set.join(", "),
                    self.tenants
                ));
            }
            count = count.min(cap);
        }
        Step::Create(Batch { model: id, phase, count, fields, notes })
    }

    /// Fields the profile manages that a sample row leaves empty: who changed it, and the
    /// soft-delete marks (a set `deletedAt` would hide the row).
    fn left_out_names(&self) -> Vec<&str> {
        let audit = &self.profile.audit;
        let mut names: Vec<&str> =
            [&audit.created_by, &audit.updated_by].into_iter().flatten().map(String::as_str).collect();
        names.extend(self.profile.soft_delete_field_names());
        names
    }

    /// The most rows per scope a unique set allows, `None` when its values never repeat.
    ///
    /// Row `k` takes value `k mod period` of each field, so `p` consecutive rows differ when a
    /// field's period is `p`. Within a tenant the tenant key, or a parent made per tenant, tells
    /// tenants' rows apart; without either, all tenants' rows must differ at once.
    fn unique_cap(
        &self,
        model: &Model,
        set: &[String],
        fields: &[(String, Value)],
        parent_counts: &BTreeMap<String, (usize, bool)>,
        phase: Phase,
    ) -> Option<usize> {
        let mut period = 1;
        let mut tells_tenants_apart = false;
        for name in set {
            let value = fields.iter().find(|(n, _)| n == name).map(|(_, v)| v);
            let p = match value {
                Some(Value::Tenant) => {
                    tells_tenants_apart = true;
                    1
                }
                Some(Value::Parent { .. }) => {
                    let (count, per_tenant) = parent_counts.get(name).copied().unwrap_or((1, false));
                    tells_tenants_apart |= per_tenant;
                    count
                }
                Some(v) => v.period(self.schema)?,
                // Left to the database: a generated id never repeats, a constant default does.
                None => match model.field(name).and_then(|f| f.default.as_ref()) {
                    Some(d) if generated(d) => return None,
                    _ => 1,
                },
            };
            period = period.max(p);
        }
        Some(if phase == Phase::Tenant && !tells_tenants_apart { period / self.tenants } else { period })
    }
}

fn generated(default: &crate::model::DefaultValue) -> bool {
    use crate::model::DefaultValue as D;
    matches!(default, D::Uuid | D::Cuid | D::Auto | D::Autoincrement | D::DbGenerated(_))
}

/// Every set of fields whose values must differ between rows.
fn unique_sets(model: &Model) -> Vec<Vec<String>> {
    let mut sets: Vec<Vec<String>> =
        model.fields.iter().filter(|f| f.unique || f.id).map(|f| vec![f.name.clone()]).collect();
    sets.extend(model.uniques.iter().map(|u| u.fields.clone()));
    sets.extend(model.primary_key.iter().map(|p| p.fields.clone()));
    sets
}
