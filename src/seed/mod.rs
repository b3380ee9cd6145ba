//! `prisma/seed.ts`: sample rows for a development database, from the final schema. Pure:
//! schema and profile in, TypeScript text out.
//!
//! Two steps. [`plan`] decides, as data, which models get rows and in which phase (once, or
//! once per tenant inside the transaction that names the tenant for row-level security), how
//! many rows (two, more so that every enum value appears, fewer when a unique constraint
//! over foreign keys allows no more), what each field holds, and which models cannot be made
//! (a required relation to a model made later, to itself, to a view) with the reason.
//! [`typescript`] spells the plan for Prisma's generated client: one loop per model in
//! dependency order, scalar foreign keys taken from the parents' created rows (unchecked
//! create input), so ids the database generates are reused.

pub mod plan;
pub mod typescript;
pub mod values;

use crate::conventions::Profile;
use crate::model::Schema;
use std::collections::BTreeMap;

/// What the database enforces that the schema does not show, so that seeded rows pass it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedHints {
    /// `(model, field)` → the values a CHECK constraint allows; rows take the first.
    pub allowed: BTreeMap<(String, String), Vec<String>>,
    /// The session setting the row-level security policies read the tenant from.
    pub tenant_setting: String,
}

impl Default for SeedHints {
    fn default() -> Self {
        Self { allowed: BTreeMap::new(), tenant_setting: "app.tenant_id".into() }
    }
}

/// `prisma/seed.ts` for the schema, with no CHECK constraints to respect and RLS on `app.tenant_id`.
pub fn render(schema: &Schema, profile: &Profile) -> String {
    render_with(schema, profile, &SeedHints::default())
}

/// `prisma/seed.ts` for the schema, respecting the database's allowed values and tenant setting.
pub fn render_with(schema: &Schema, profile: &Profile, hints: &SeedHints) -> String {
    let plan = plan::plan(schema, profile, hints);
    typescript::write(schema, profile, hints, &plan)
}

#[cfg(test)]
mod tests;
