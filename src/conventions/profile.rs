//! Conventions profiles: the house rules a team's schema follows (ids, audit fields, soft
//! delete, tenant key, naming, indexes, generator, layout), as plain data.

use crate::emit::{EmitConfig, Generator};
use crate::model::Provider;
use serde::Serialize;

/// How ids are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IdStrategy {
    /// `String @id @default(uuid()) @db.Uuid`
    Uuid,
    /// `String @id @default(cuid())`
    Cuid,
    /// `String @id @default(auto()) @map("_id") @db.ObjectId`
    ObjectId,
    /// `Int @id @default(autoincrement())`
    Autoincrement,
}

/// Audit fields every model carries; `None` leaves one out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Audit {
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub created_by: Option<String>,
    pub updated_by: Option<String>,
}

/// How deleted rows are kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SoftDelete {
    None,
    /// `isDeleted Boolean @default(false)`
    Flag {
        field: String,
    },
    /// `deletedAt DateTime?` with optional `deletedBy` / `deleteReason`.
    Timestamp {
        deleted_at: String,
        deleted_by: Option<String>,
        reason: Option<String>,
    },
}

/// Which models are scoped to a tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TenantScope {
    /// The models that carry the tenant key in the documents.
    Carriers,
    /// Every model but the tenant model itself.
    All,
    /// These models (by name).
    Models(Vec<String>),
}

/// The tenant key and where it applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tenant {
    /// The key field; `None` takes the one the documents state (`tenantId`, `orgId`).
    pub key: Option<String>,
    pub scope: TenantScope,
    /// Index the key on every scoped model.
    pub index: bool,
}

/// Table (collection) names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TableNaming {
    /// No `@@map`: the table is named like the model.
    AsModel,
    /// `@@map("work_orders")`
    PluralSnake,
    /// `@@map("workorders")`
    PluralLower,
}

/// Column and table naming.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Naming {
    /// `@map("snake_case")` on every camelCase field.
    pub snake_columns: bool,
    pub tables: TableNaming,
}

/// One `schema.prisma`, or a `schema/` folder with one file per model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    #[default]
    Single,
    Multi,
}

/// A whole profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Profile {
    pub name: String,
    pub provider: Provider,
    /// Prisma major version targeted (7 keeps the URL in prisma.config.ts).
    pub prisma_major: u32,
    pub id: IdStrategy,
    pub audit: Audit,
    pub soft_delete: SoftDelete,
    pub tenant: Tenant,
    pub naming: Naming,
    /// `@@index` on every foreign key that no other index or key starts with.
    pub index_foreign_keys: bool,
    /// `prisma-client` (with `output`) or `prisma-client-js`.
    pub generator: GeneratorKind,
    pub output: String,
    pub layout: Layout,
    /// What the database enforces beyond the schema (PostgreSQL): RLS, CHECKs, search, indexes.
    pub database: crate::postgres::DatabaseRules,
}

/// The Prisma client generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GeneratorKind {
    PrismaClient,
    PrismaClientJs,
}

impl Profile {
    /// PostgreSQL teams: uuid ids, createdAt/updatedAt, plural snake_case tables, an index on
    /// every foreign key and tenant key, Prisma 7's `prisma-client`.
    pub fn postgres() -> Self {
        Self {
            name: "postgres".into(),
            provider: Provider::Postgresql,
            prisma_major: 7,
            id: IdStrategy::Uuid,
            audit: Audit {
                created_at: Some("createdAt".into()),
                updated_at: Some("updatedAt".into()),
                created_by: None,
                updated_by: None,
            },
            soft_delete: SoftDelete::None,
            tenant: Tenant { key: None, scope: TenantScope::Carriers, index: true },
            naming: Naming { snake_columns: false, tables: TableNaming::PluralSnake },
            index_foreign_keys: true,
            generator: GeneratorKind::PrismaClient,
            output: "./generated".into(),
            layout: Layout::Single,
            database: crate::postgres::DatabaseRules::default(),
        }
    }

    /// MongoDB teams: ObjectId ids and keys, audit and soft-delete fields, `@@index([orgId])`
    /// where a model has `orgId`, plural lowercase collections, one file per model. Prisma 7
    /// has no MongoDB support yet, so this targets Prisma 6 (`prisma-client-js`, URL in the schema).
    pub fn mongodb() -> Self {
        Self {
            name: "mongodb".into(),
            provider: Provider::Mongodb,
            prisma_major: 6,
            id: IdStrategy::ObjectId,
            audit: Audit {
                created_at: Some("createdAt".into()),
                updated_at: Some("updatedAt".into()),
                created_by: Some("createdBy".into()),
                updated_by: Some("updatedBy".into()),
            },
            soft_delete: SoftDelete::Flag { field: "isDeleted".into() },
            tenant: Tenant { key: Some("orgId".into()), scope: TenantScope::Carriers, index: true },
            naming: Naming { snake_columns: false, tables: TableNaming::PluralLower },
            index_foreign_keys: false,
            generator: GeneratorKind::PrismaClientJs,
            output: String::new(),
            layout: Layout::Multi,
            database: crate::postgres::DatabaseRules::default(),
        }
    }

    /// A built-in profile by name.
    pub fn named(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" | "pg" => Some(Self::postgres()),
            "mongodb" | "mongo" => Some(Self::mongodb()),
            _ => None,
        }
    }

    /// The emitter settings this profile implies.
    pub fn emit_config(&self) -> EmitConfig {
        let generator = match self.generator {
            GeneratorKind::PrismaClient => Generator::PrismaClient { output: self.output.clone() },
            GeneratorKind::PrismaClientJs => Generator::PrismaClientJs,
        };
        EmitConfig { prisma_major: self.prisma_major, generator, ..EmitConfig::default() }
    }

    /// The audit and soft-delete field names this profile adds (allowed beyond the documents).
    pub fn added_field_names(&self) -> Vec<&str> {
        let a = &self.audit;
        let mut names: Vec<&str> = [&a.created_at, &a.updated_at, &a.created_by, &a.updated_by]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        names.extend(self.soft_delete_field_names());
        names
    }

    /// The soft-delete field names this profile adds (`isDeleted`, or `deletedAt` with
    /// `deletedBy` / `deleteReason`).
    pub fn soft_delete_field_names(&self) -> Vec<&str> {
        match &self.soft_delete {
            SoftDelete::None => Vec::new(),
            SoftDelete::Flag { field } => vec![field],
            SoftDelete::Timestamp { deleted_at, deleted_by, reason } => {
                [Some(deleted_at), deleted_by.as_ref(), reason.as_ref()]
                    .into_iter()
                    .flatten()
                    .map(String::as_str)
                    .collect()
            }
        }
    }
}
