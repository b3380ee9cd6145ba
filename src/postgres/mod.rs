//! PostgreSQL beyond what Prisma's schema language says: the database's own guarantees.
//!
//! Two halves, both pure:
//! - [`shape`] adds to the schema what Prisma *can* express once the documents ask for it: GIN
//!   indexes on searched `Json` fields, partial indexes (the `partialIndexes` preview, Prisma 7.4+).
//! - [`extras`] lists the SQL Prisma *cannot* express, each item saying which model it protects
//!   and why: Row-Level Security on every tenant-scoped table, CHECK constraints the documents
//!   state, full-text search (a generated `tsvector` column and its GIN index), and partial
//!   indexes for older Prisma targets. [`migration::compose`] appends them to Prisma's migration.
//!
//! Every item is driven by the documents (see [`cues`]) or by `schemata.toml`'s `[database]`.

pub mod cues;
pub mod migration;

use crate::conventions::{Profile, SoftDelete};
use crate::model::{Field, FieldSet, FieldType, IndexOptions, Model, Origin, Provider, Scalar, Schema};
use serde::Serialize;
use std::fmt;

/// The `[database]` rules of a profile (`schemata.toml` overrides them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DatabaseRules {
    /// Row-Level Security on tenant-scoped tables.
    pub rls: bool,
    /// The session setting that names the current tenant (`SET app.tenant_id = '...'`).
    pub tenant_setting: String,
    /// Text fields to search by words (`Model.field`), beyond those the documents mark.
    pub search: Vec<String>,
    /// The text search configuration (`simple`, `english`, ...).
    pub search_language: String,
    /// Json fields to GIN-index (`Model.field`), beyond those the documents mark.
    pub json_index: Vec<String>,
    /// CHECK constraints written out in `schemata.toml`.
    pub checks: Vec<CheckRule>,
    /// Whether the target Prisma expresses partial indexes (7.4+); else they become SQL.
    pub partial_indexes_in_schema: bool,
}

impl Default for DatabaseRules {
    fn default() -> Self {
        Self {
            rls: true,
            tenant_setting: "app.tenant_id".into(),
            search: Vec::new(),
            search_language: "simple".into(),
            json_index: Vec::new(),
            checks: Vec::new(),
            partial_indexes_in_schema: true,
        }
    }
}

/// A CHECK constraint from `schemata.toml`: `[[database.check]] model = "Booking"
/// sql = "\"startsAt\" < \"endsAt\""`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckRule {
    pub model: String,
    pub name: Option<String>,
    pub sql: String,
}

/// What a piece of extra SQL is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExtraKind {
    RowLevelSecurity,
    Check,
    PartialIndex,
    FullTextSearch,
}

impl fmt::Display for ExtraKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ExtraKind::RowLevelSecurity => "row-level security",
            ExtraKind::Check => "check constraint",
            ExtraKind::PartialIndex => "partial index",
            ExtraKind::FullTextSearch => "full-text search",
        })
    }
}

/// A database object that schemata's SQL creates and Prisma does not know about, so Prisma's
/// next migration must not drop it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Owned {
    Column { table: String, column: String },
    Index { name: String },
}

/// One piece of SQL for what Prisma cannot express. Its statements can run again: each first
/// removes what it creates (`IF EXISTS`), so a changed rule replaces the old one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Extra {
    pub kind: ExtraKind,
    pub model: String,
    pub table: String,
    /// The SQL, one statement per entry, each ending in `;`.
    pub statements: Vec<String>,
    pub owns: Vec<Owned>,
    /// Why: the document rule or setting it comes from.
    pub why: String,
}

impl Extra {
    /// The statements as one block, the way they are appended to a migration.
    pub fn sql(&self) -> String {
        format!("-- {} on {}: {}\n{}\n", self.kind, self.model, self.why, self.statements.join("\n"))
    }
}

/// Quotes a PostgreSQL identifier.
pub fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// PostgreSQL truncates identifiers to 63 bytes; names are made to fit, keeping them unique by
/// their ending.
fn object_name(table: &str, suffix: &str) -> String {
    let mut base = table.to_string();
    while base.len() + suffix.len() + 1 > 63 {
        base.pop();
    }
    format!("{base}_{suffix}")
}

fn table(model: &Model) -> String {
    model.db_name.clone().unwrap_or_else(|| model.name.clone())
}

fn column(field: &Field) -> String {
    field.db_name.clone().unwrap_or_else(|| field.name.clone())
}

fn listed(list: &[String], model: &Model, field: &Field) -> bool {
    list.iter().any(|entry| entry.split_once('.').is_some_and(|(m, f)| m == model.name && f == field.name))
}

fn is_postgres(schema: &Schema) -> bool {
    schema.provider == Provider::Postgresql
}

fn tenant_key(schema: &Schema, profile: &Profile) -> Option<String> {
    profile.tenant.key.clone().or_else(|| schema.tenant_key.clone())
}

/// Tables holding the tenant key: the ones Row-Level Security scopes.
fn tenant_scoped<'a>(schema: &'a Schema, profile: &Profile) -> Vec<(&'a Model, &'a Field)> {
    let Some(key) = tenant_key(schema, profile) else { return Vec::new() };
    schema.models.iter().filter(|m| !m.is_view()).filter_map(|m| m.field(&key).map(|f| (m, f))).collect()
}

/// The predicate that selects live rows under the profile's soft delete, in SQL.
fn live_rows(model: &Model, soft_delete: &SoftDelete) -> Option<String> {
    match soft_delete {
        SoftDelete::None => None,
        SoftDelete::Flag { field } => model.field(field).map(|f| format!("{} = false", ident(&column(f)))),
        SoftDelete::Timestamp { deleted_at, .. } => {
            model.field(deleted_at).map(|f| format!("{} IS NULL", ident(&column(f))))
        }
    }
}

/// Adds the indexes Prisma can express: `@@index([field(ops: JsonbPathOps)], type: Gin)` on
/// searched Json fields, and per-tenant indexes over live rows under soft delete when the target
/// Prisma has partial indexes. Marked inferred; PostgreSQL only.
pub fn shape(schema: &mut Schema, profile: &Profile) {
    if !is_postgres(schema) {
        return;
    }
    let rules = &profile.database;
    for model in schema.models.iter_mut().filter(|m| !m.is_view()) {
        let searched: Vec<String> = model
            .fields
            .iter()
            .filter(|f| cues::searched_json(f) || (listed(&rules.json_index, model, f) && is_json(f)))
            .map(|f| f.name.clone())
            .collect();
        for name in searched {
            let exists = model.indexes.iter().any(|i| i.fields == [name.clone()] && i.options.method.is_some());
            if !exists {
                let mut index = FieldSet::new(vec![name], Origin::Inferred, None);
                index.options = IndexOptions {
                    method: Some("Gin".into()),
                    ops: Some("JsonbPathOps".into()),
                    ..IndexOptions::default()
                };
                model.indexes.push(index);
            }
        }
    }
    if rules.partial_indexes_in_schema {
        let Some(key) = tenant_key(schema, profile) else { return };
        for model in schema.models.iter_mut().filter(|m| !m.is_view() && m.field(&key).is_some()) {
            let Some(predicate) = live_rows(model, &profile.soft_delete) else { continue };
            let name = object_name(&table(model), "live_idx");
            if model.indexes.iter().any(|i| i.options.name.as_deref() == Some(name.as_str())) {
                continue;
            }
            let mut index = FieldSet::new(vec![key.clone()], Origin::Inferred, None);
            index.options = IndexOptions { predicate: Some(predicate), name: Some(name), ..IndexOptions::default() };
            model.indexes.push(index);
        }
    }
}

fn is_json(field: &Field) -> bool {
    matches!(field.ty, FieldType::Scalar(Scalar::Json))
}

/// The SQL Prisma cannot express, in a stable order: by model, then by kind.
pub fn extras(schema: &Schema, profile: &Profile) -> Vec<Extra> {
    if !is_postgres(schema) {
        return Vec::new();
    }
    let rules = &profile.database;
    let mut out = Vec::new();
    if rules.rls {
        for (model, key) in tenant_scoped(schema, profile) {
            out.push(row_level_security(model, key, &rules.tenant_setting));
        }
    }
    for model in schema.models.iter().filter(|m| !m.is_view()) {
        out.extend(checks(model, rules));
        if let Some(search) = full_text(model, rules) {
            out.push(search);
        }
    }
    if !rules.partial_indexes_in_schema {
        for (model, key) in tenant_scoped(schema, profile) {
            if let Some(predicate) = live_rows(model, &profile.soft_delete) {
                let t = table(model);
                let name = object_name(&t, "live_idx");
                out.push(Extra {
                    kind: ExtraKind::PartialIndex,
                    model: model.name.clone(),
                    table: t.clone(),
                    statements: vec![
                        format!("DROP INDEX IF EXISTS {};", ident(&name)),
                        format!(
                            "CREATE INDEX {} ON {} ({}) WHERE {predicate};",
                            ident(&name),
                            ident(&t),
                            ident(&column(key))
                        ),
                    ],
                    owns: vec![Owned::Index { name }],
                    why: "live rows per tenant under soft delete (Prisma before 7.4 has no partial indexes)".into(),
                });
            }
        }
    }
    out.sort_by(|a, b| (&a.model, a.kind).cmp(&(&b.model, b.kind)));
    out
}

/// ENABLE and FORCE (the table owner is held to the policies too), and one policy per command,
/// all on the tenant setting. An unset setting is NULL, which matches no row: nothing is visible.
fn row_level_security(model: &Model, key: &Field, setting: &str) -> Extra {
    let t = table(model);
    let cast = match (&key.ty, key.native.as_ref().map(|n| n.name.as_str())) {
        (_, Some("Uuid")) => "::uuid",
        (FieldType::Scalar(Scalar::Int), _) => "::integer",
        (FieldType::Scalar(Scalar::BigInt), _) => "::bigint",
        _ => "",
    };
    let current = format!("NULLIF(current_setting({}, true), ''){cast}", literal(setting));
    let check = format!("{} = {current}", ident(&column(key)));
    let mut statements = vec![
        format!("ALTER TABLE {} ENABLE ROW LEVEL SECURITY;", ident(&t)),
        format!("ALTER TABLE {} FORCE ROW LEVEL SECURITY;", ident(&t)),
    ];
    for (command, clause) in [
        ("SELECT", format!("USING ({check})")),
        ("INSERT", format!("WITH CHECK ({check})")),
        ("UPDATE", format!("USING ({check}) WITH CHECK ({check})")),
        ("DELETE", format!("USING ({check})")),
    ] {
        let policy = ident(&object_name(&t, &format!("tenant_{}", command.to_ascii_lowercase())));
        statements.push(format!("DROP POLICY IF EXISTS {policy} ON {};", ident(&t)));
        statements.push(format!("CREATE POLICY {policy} ON {} FOR {command} {clause};", ident(&t)));
    }
    Extra {
        kind: ExtraKind::RowLevelSecurity,
        model: model.name.clone(),
        table: t,
        statements,
        owns: Vec::new(),
        why: format!("rows belong to the tenant in {}", setting),
    }
}

fn check(model: &Model, name: String, sql: String, why: String) -> Extra {
    let t = table(model);
    Extra {
        kind: ExtraKind::Check,
        model: model.name.clone(),
        table: t.clone(),
        statements: vec![
            format!("ALTER TABLE {} DROP CONSTRAINT IF EXISTS {};", ident(&t), ident(&name)),
            format!("ALTER TABLE {} ADD CONSTRAINT {} CHECK ({sql});", ident(&t), ident(&name)),
        ],
        owns: Vec::new(),
        why,
    }
}

fn checks(model: &Model, rules: &DatabaseRules) -> Vec<Extra> {
    let t = table(model);
    let mut out = Vec::new();
    for field in &model.fields {
        let c = ident(&column(field));
        let name = |what: &str| object_name(&t, &format!("{}_{what}", column(field)));
        if let Some(bound) = cues::lower_bound(field) {
            let (sql, what) = match bound {
                cues::Bound::NonNegative => (format!("{c} >= 0"), "non-negative"),
                cues::Bound::Positive => (format!("{c} > 0"), "positive"),
            };
            out.push(check(model, name("check"), sql, format!("{}.{} is {what}", model.name, field.name)));
        }
        if let Some(values) = cues::allowed_values(field) {
            let list: Vec<String> = values.iter().map(|v| literal(v)).collect();
            out.push(check(
                model,
                name("allowed"),
                format!("{c} IN ({})", list.join(", ")),
                format!("{}.{} is one of {}", model.name, field.name, values.join(", ")),
            ));
        }
    }
    for (earlier, later) in cues::ordered_dates(model) {
        let (Some(a), Some(b)) = (model.field(&earlier), model.field(&later)) else { continue };
        out.push(check(
            model,
            object_name(&t, &format!("{}_before_{}", column(a), column(b))),
            format!("{} < {}", ident(&column(a)), ident(&column(b))),
            format!("{}.{earlier} comes before {later}", model.name),
        ));
    }
    for (n, rule) in rules.checks.iter().filter(|r| r.model == model.name).enumerate() {
        let name = rule.name.clone().unwrap_or_else(|| object_name(&t, &format!("check_{}", n + 1)));
        out.push(check(model, name, rule.sql.clone(), "schemata.toml [[database.check]]".into()));
    }
    out
}

/// The generated column every searchable text field feeds, and its GIN index.
pub const SEARCH_COLUMN: &str = "search_vector";

fn full_text(model: &Model, rules: &DatabaseRules) -> Option<Extra> {
    let fields: Vec<&Field> = model
        .fields
        .iter()
        .filter(|f| {
            cues::searchable_text(f)
                || (listed(&rules.search, model, f) && matches!(f.ty, FieldType::Scalar(Scalar::String)) && !f.list)
        })
        .collect();
    if fields.is_empty() {
        return None;
    }
    let t = table(model);
    let parts: Vec<String> = fields.iter().map(|f| format!("coalesce({}, '')", ident(&column(f)))).collect();
    let document = parts.join(" || ' ' || ");
    let index = object_name(&t, "search_idx");
    let language = literal(&rules.search_language);
    Some(Extra {
        kind: ExtraKind::FullTextSearch,
        model: model.name.clone(),
        table: t.clone(),
        statements: vec![
            format!("DROP INDEX IF EXISTS {};", ident(&index)),
            format!("ALTER TABLE {} DROP COLUMN IF EXISTS {};", ident(&t), ident(SEARCH_COLUMN)),
            format!(
                "ALTER TABLE {} ADD COLUMN {} tsvector GENERATED ALWAYS AS (to_tsvector({language}::regconfig, {document})) STORED;",
                ident(&t),
                ident(SEARCH_COLUMN)
            ),
            format!("CREATE INDEX {} ON {} USING GIN ({});", ident(&index), ident(&t), ident(SEARCH_COLUMN)),
        ],
        owns: vec![Owned::Column { table: t, column: SEARCH_COLUMN.into() }, Owned::Index { name: index }],
        why: format!("search {} by words", fields.iter().map(|f| f.name.as_str()).collect::<Vec<_>>().join(", ")),
    })
}

/// What a seed must respect that the schema does not show: the values a CHECK limits a text
/// field to, and the session setting row-level security reads.
pub fn seed_hints(schema: &Schema, profile: &Profile) -> crate::seed::SeedHints {
    let mut hints =
        crate::seed::SeedHints { tenant_setting: profile.database.tenant_setting.clone(), ..Default::default() };
    for model in &schema.models {
        for field in &model.fields {
            if let Some(values) = cues::allowed_values(field) {
                hints.allowed.insert((model.name.clone(), field.name.clone()), values);
            }
        }
    }
    hints
}

/// All extras as one SQL text (what `schemata sql` appends to Prisma's migration).
pub fn render(extras: &[Extra]) -> String {
    extras.iter().map(Extra::sql).collect::<Vec<_>>().join("\n")
}
