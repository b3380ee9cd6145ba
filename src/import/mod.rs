//! Import: existing Prisma schemas read back into the [`Schema`](crate::model::Schema) model,
//! for the verification gate and for extending a schema a team already has.

pub mod prisma;
