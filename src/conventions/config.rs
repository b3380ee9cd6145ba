//! `schemata.toml`: a project's own overrides of any part of a profile.
//!
//! ```toml
//! profile = "postgres"            # the base: postgres or mongodb
//! provider = "postgresql"         # postgresql, mysql, sqlite, mongodb
//! prisma = 7
//! layout = "multi"                # single or multi
//! [ids]
//! strategy = "cuid"               # uuid, cuid, objectid, autoincrement
//! [audit]
//! created_at = "createdAt"        # a name, or false to leave the field out
//! updated_by = false
//! [soft_delete]
//! style = "timestamp"             # none, flag, timestamp
//! field = "isDeleted"             # for flag
//! deleted_at = "deletedAt"        # for timestamp; deleted_by / reason likewise
//! [tenant]
//! key = "orgId"
//! models = ["Customer", "Site"]   # or "carriers" (models holding the key) or "all"
//! index = true
//! [naming]
//! columns = "snake_case"          # or "as-is"
//! tables = "plural_snake_case"    # or "plural_lowercase", "as-is"
//! [indexes]
//! foreign_keys = true
//! [generator]
//! provider = "prisma-client"      # or "prisma-client-js"
//! output = "./generated"
//! [database]                      # PostgreSQL: SQL appended to migrations
//! rls = true                      # row-level security on tenant-scoped tables
//! tenant_setting = "app.tenant_id"
//! search = ["Ticket.title"]       # full-text search, beyond fields the documents mark
//! search_language = "english"
//! json_index = ["Site.address"]   # GIN (jsonb_path_ops), beyond fields the documents mark
//! [[database.check]]
//! model = "Booking"
//! sql = '"startsAt" < "endsAt"'
//! ```

use super::profile::{GeneratorKind, IdStrategy, Layout, Profile, SoftDelete, TableNaming, TenantScope};
use crate::model::Provider;
use serde::Deserialize;

/// The file as written; every part optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub profile: Option<String>,
    pub provider: Option<String>,
    pub prisma: Option<u32>,
    pub layout: Option<String>,
    pub ids: Option<Ids>,
    pub audit: Option<AuditConfig>,
    pub soft_delete: Option<SoftDeleteConfig>,
    pub tenant: Option<TenantConfig>,
    pub naming: Option<NamingConfig>,
    pub indexes: Option<IndexesConfig>,
    pub generator: Option<GeneratorConfig>,
    pub database: Option<DatabaseConfig>,
}

/// `[database]`: what PostgreSQL enforces beyond the schema.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseConfig {
    pub rls: Option<bool>,
    pub tenant_setting: Option<String>,
    pub search: Option<Vec<String>>,
    pub search_language: Option<String>,
    pub json_index: Option<Vec<String>>,
    pub check: Option<Vec<CheckConfig>>,
}

/// `[[database.check]]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    pub model: String,
    pub name: Option<String>,
    pub sql: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ids {
    pub strategy: Option<String>,
}

/// A field name, or `false` to leave the field out.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum FieldName {
    Name(String),
    Enabled(bool),
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditConfig {
    pub created_at: Option<FieldName>,
    pub updated_at: Option<FieldName>,
    pub created_by: Option<FieldName>,
    pub updated_by: Option<FieldName>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SoftDeleteConfig {
    pub style: Option<String>,
    pub field: Option<String>,
    pub deleted_at: Option<String>,
    pub deleted_by: Option<FieldName>,
    pub reason: Option<FieldName>,
}

/// `models = "all" | "carriers" | ["A", "B"]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ScopeConfig {
    Keyword(String),
    Models(Vec<String>),
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TenantConfig {
    pub key: Option<String>,
    pub models: Option<ScopeConfig>,
    pub index: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamingConfig {
    pub columns: Option<String>,
    pub tables: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexesConfig {
    pub foreign_keys: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GeneratorConfig {
    pub provider: Option<String>,
    pub output: Option<String>,
}

/// A problem in `schemata.toml`, with the line when the parser knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub line: Option<usize>,
    pub message: String,
}

/// Parses the file's text.
pub fn parse(text: &str) -> Result<ConfigFile, ConfigError> {
    toml::from_str(text).map_err(|e| ConfigError {
        line: e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1),
        message: e.message().to_string(),
    })
}

fn bad(what: &str, value: &str, allowed: &str) -> ConfigError {
    ConfigError { line: None, message: format!("{what} = \"{value}\" is not one of: {allowed}") }
}

fn name_of(setting: &Option<FieldName>, current: Option<String>, default: &str) -> Option<String> {
    match setting {
        None => current,
        Some(FieldName::Enabled(false)) => None,
        Some(FieldName::Enabled(true)) => current.or_else(|| Some(default.to_string())),
        Some(FieldName::Name(n)) if n.is_empty() => None,
        Some(FieldName::Name(n)) => Some(n.clone()),
    }
}

impl ConfigFile {
    /// The base profile the file names, if any.
    pub fn base(&self) -> Result<Option<Profile>, ConfigError> {
        match &self.profile {
            None => Ok(None),
            Some(name) => Profile::named(name).map(Some).ok_or_else(|| bad("profile", name, "postgres, mongodb")),
        }
    }

    /// Applies every override to `profile`.
    pub fn apply(&self, profile: &mut Profile) -> Result<(), ConfigError> {
        if let Some(p) = &self.provider {
            profile.provider = match p.as_str() {
                "postgresql" | "postgres" => Provider::Postgresql,
                "mysql" => Provider::Mysql,
                "sqlite" => Provider::Sqlite,
                "mongodb" => Provider::Mongodb,
                other => return Err(bad("provider", other, "postgresql, mysql, sqlite, mongodb")),
            };
        }
        if let Some(major) = self.prisma {
            profile.prisma_major = major;
        }
        if let Some(layout) = &self.layout {
            profile.layout = match layout.as_str() {
                "single" => Layout::Single,
                "multi" => Layout::Multi,
                other => return Err(bad("layout", other, "single, multi")),
            };
        }
        if let Some(strategy) = self.ids.as_ref().and_then(|i| i.strategy.as_deref()) {
            profile.id = match strategy.to_ascii_lowercase().as_str() {
                "uuid" => IdStrategy::Uuid,
                "cuid" => IdStrategy::Cuid,
                "objectid" => IdStrategy::ObjectId,
                "autoincrement" => IdStrategy::Autoincrement,
                other => return Err(bad("ids.strategy", other, "uuid, cuid, objectid, autoincrement")),
            };
        }
        if let Some(a) = &self.audit {
            let audit = &mut profile.audit;
            audit.created_at = name_of(&a.created_at, audit.created_at.take(), "createdAt");
            audit.updated_at = name_of(&a.updated_at, audit.updated_at.take(), "updatedAt");
            audit.created_by = name_of(&a.created_by, audit.created_by.take(), "createdBy");
            audit.updated_by = name_of(&a.updated_by, audit.updated_by.take(), "updatedBy");
        }
        if let Some(sd) = &self.soft_delete {
            self.apply_soft_delete(sd, profile)?;
        }
        if let Some(t) = &self.tenant {
            if t.key.is_some() {
                profile.tenant.key = t.key.clone();
            }
            if let Some(index) = t.index {
                profile.tenant.index = index;
            }
            profile.tenant.scope = match &t.models {
                None => profile.tenant.scope.clone(),
                Some(ScopeConfig::Models(m)) => TenantScope::Models(m.clone()),
                Some(ScopeConfig::Keyword(k)) => match k.as_str() {
                    "all" => TenantScope::All,
                    "carriers" => TenantScope::Carriers,
                    other => return Err(bad("tenant.models", other, "all, carriers, or a list of model names")),
                },
            };
        }
        if let Some(n) = &self.naming {
            if let Some(c) = &n.columns {
                profile.naming.snake_columns = match c.as_str() {
                    "snake_case" => true,
                    "as-is" | "camelCase" => false,
                    other => return Err(bad("naming.columns", other, "snake_case, as-is")),
                };
            }
            if let Some(t) = &n.tables {
                profile.naming.tables = match t.as_str() {
                    "plural_snake_case" => TableNaming::PluralSnake,
                    "plural_lowercase" => TableNaming::PluralLower,
                    "as-is" => TableNaming::AsModel,
                    other => return Err(bad("naming.tables", other, "plural_snake_case, plural_lowercase, as-is")),
                };
            }
        }
        if let Some(fk) = self.indexes.as_ref().and_then(|i| i.foreign_keys) {
            profile.index_foreign_keys = fk;
        }
        if let Some(g) = &self.generator {
            if let Some(p) = &g.provider {
                profile.generator = match p.as_str() {
                    "prisma-client" => GeneratorKind::PrismaClient,
                    "prisma-client-js" => GeneratorKind::PrismaClientJs,
                    other => return Err(bad("generator.provider", other, "prisma-client, prisma-client-js")),
                };
            }
            if let Some(o) = &g.output {
                profile.output = o.clone();
            }
        }
        if let Some(d) = &self.database {
            apply_database(d, &mut profile.database)?;
        }
        Ok(())
    }

    fn apply_soft_delete(&self, sd: &SoftDeleteConfig, profile: &mut Profile) -> Result<(), ConfigError> {
        let style = sd.style.as_deref().unwrap_or(match profile.soft_delete {
            SoftDelete::None => "none",
            SoftDelete::Flag { .. } => "flag",
            SoftDelete::Timestamp { .. } => "timestamp",
        });
        profile.soft_delete = match style {
            "none" => SoftDelete::None,
            "flag" => SoftDelete::Flag { field: sd.field.clone().unwrap_or_else(|| "isDeleted".into()) },
            "timestamp" => SoftDelete::Timestamp {
                deleted_at: sd.deleted_at.clone().unwrap_or_else(|| "deletedAt".into()),
                deleted_by: name_of(&sd.deleted_by, Some("deletedBy".into()), "deletedBy"),
                reason: name_of(&sd.reason, Some("deleteReason".into()), "deleteReason"),
            },
            other => return Err(bad("soft_delete.style", other, "none, flag, timestamp")),
        };
        Ok(())
    }
}

fn apply_database(d: &DatabaseConfig, rules: &mut crate::postgres::DatabaseRules) -> Result<(), ConfigError> {
    if let Some(rls) = d.rls {
        rules.rls = rls;
    }
    if let Some(setting) = &d.tenant_setting {
        // It is spliced into SQL as a literal; a setting name is a dotted identifier.
        if !setting.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.') || !setting.contains('.') {
            return Err(bad("database.tenant_setting", setting, "a dotted name such as app.tenant_id"));
        }
        rules.tenant_setting = setting.clone();
    }
    for (key, list, target) in [
        ("database.search", &d.search, &mut rules.search),
        ("database.json_index", &d.json_index, &mut rules.json_index),
    ] {
        for entry in list.iter().flatten() {
            if entry.split_once('.').is_none_or(|(m, f)| m.is_empty() || f.is_empty()) {
                return Err(bad(key, entry, "Model.field entries"));
            }
            target.push(entry.clone());
        }
    }
    if let Some(language) = &d.search_language {
        if !language.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(bad(
                "database.search_language",
                language,
                "a text search configuration such as simple or english",
            ));
        }
        rules.search_language = language.clone();
    }
    for c in d.check.iter().flatten() {
        rules.checks.push(crate::postgres::CheckRule {
            model: c.model.clone(),
            name: c.name.clone(),
            sql: c.sql.clone(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_any_part() {
        let file = parse(
            r#"
profile = "postgres"
layout = "multi"
[ids]
strategy = "cuid"
[audit]
updated_at = false
created_by = "authorId"
[soft_delete]
style = "timestamp"
reason = false
[tenant]
key = "orgId"
models = ["Customer"]
[naming]
columns = "snake_case"
"#,
        )
        .expect("valid toml");
        let mut profile = file.base().expect("known profile").expect("named");
        file.apply(&mut profile).expect("valid overrides");
        assert_eq!(profile.layout, Layout::Multi);
        assert_eq!(profile.id, IdStrategy::Cuid);
        assert_eq!(profile.audit.updated_at, None);
        assert_eq!(profile.audit.created_by.as_deref(), Some("authorId"));
        assert_eq!(
            profile.soft_delete,
            SoftDelete::Timestamp {
                deleted_at: "deletedAt".into(),
                deleted_by: Some("deletedBy".into()),
                reason: None
            }
        );
        assert_eq!(profile.tenant.scope, TenantScope::Models(vec!["Customer".into()]));
        assert!(profile.naming.snake_columns);
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse("profile = \"postgres\"\n[ids]\nstrategy = 3\n").expect_err("wrong type");
        assert_eq!(e.line, Some(3));
        let e = parse("[tenant]\nkee = \"x\"\n").expect_err("unknown key");
        assert_eq!(e.line, Some(2));
        let file = parse("[naming]\ntables = \"plural\"\n").expect("toml ok");
        let err = file.apply(&mut Profile::postgres()).expect_err("bad value");
        assert!(err.message.contains("plural_snake_case"), "{}", err.message);
    }
}
