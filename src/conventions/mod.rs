//! Conventions: the profile a schema follows (postgres, mongodb, or a project's own
//! `schemata.toml`), which one the documents point to, and applying it to an inferred schema.
//! Pure: the shell reads `schemata.toml` and `package.json` and passes their text in.

mod apply;
pub mod config;
mod profile;

pub use apply::{align_foreign_keys, apply, expected_table};
pub use profile::{
    Audit, GeneratorKind, IdStrategy, Layout, Naming, Profile, SoftDelete, TableNaming, Tenant, TenantScope,
};

use crate::ingest::Ingested;
use crate::ingest::raw::FactKind;

/// Which built-in profile the documents point to, and why (said to the user).
pub fn detect(ingested: &Ingested) -> (Profile, String) {
    let facts = ingested.documents.iter().flat_map(|d| &d.facts);
    for fact in facts {
        match fact.kind {
            FactKind::MongoDb => return (Profile::mongodb(), format!("the documents say MongoDB ({})", fact.at)),
            FactKind::ObjectIdIds => {
                return (Profile::mongodb(), format!("the documents use ObjectId ids ({})", fact.at));
            }
            _ => {}
        }
    }
    (Profile::postgres(), "no document names MongoDB or ObjectId ids".to_string())
}

/// The Prisma major version a project's `package.json` depends on (`prisma`, else `@prisma/client`).
pub fn prisma_major_from_package_json(text: &str) -> Option<u32> {
    prisma_version_from_package_json(text).map(|(major, _)| major)
}

/// The Prisma `(major, minor)` a project's `package.json` depends on; the minor is `None` when
/// the range names only a major (`"7"`, `"^7"`).
pub fn prisma_version_from_package_json(text: &str) -> Option<(u32, Option<u32>)> {
    let json: serde_json::Value = serde_json::from_str(text).ok()?;
    for package in ["prisma", "@prisma/client"] {
        for section in ["devDependencies", "dependencies"] {
            if let Some(spec) = json[section][package].as_str() {
                let version = spec.trim_start_matches(|c: char| !c.is_ascii_digit());
                let mut parts =
                    version.split('.').map(|p| p.chars().take_while(char::is_ascii_digit).collect::<String>());
                if let Some(Ok(major)) = parts.next().map(|m| m.parse()) {
                    return Some((major, parts.next().and_then(|m| m.parse().ok())));
                }
            }
        }
    }
    None
}

/// What the user chose on the command line.
#[derive(Debug, Clone, Default)]
pub struct Choices {
    pub profile: Option<String>,
    pub prisma_major: Option<u32>,
    pub layout: Option<Layout>,
}

/// The profile in force: `--profile`, else `schemata.toml`'s `profile`, else detected; then
/// `schemata.toml`'s overrides; then the Prisma version (`--prisma`, else `package.json`, else
/// the profile's) and `--layout`. Returns the profile and lines that say what was decided.
pub fn resolve(
    ingested: &Ingested,
    choices: &Choices,
    config_text: Option<&str>,
    package_json: Option<&str>,
) -> Result<(Profile, Vec<String>), config::ConfigError> {
    let mut notes = Vec::new();
    let file = config_text.map(config::parse).transpose()?;
    let mut profile = match (&choices.profile, file.as_ref().map(config::ConfigFile::base).transpose()?.flatten()) {
        (Some(name), _) => Profile::named(name).ok_or_else(|| config::ConfigError {
            line: None,
            message: format!("--profile {name} is not one of: postgres, mongodb"),
        })?,
        (None, Some(base)) => {
            notes.push(format!("profile {} (schemata.toml)", base.name));
            base
        }
        (None, None) => {
            let (p, why) = detect(ingested);
            notes.push(format!("profile {} (detected: {why}; choose with --profile)", p.name));
            p
        }
    };
    if let Some(file) = &file {
        file.apply(&mut profile)?;
    }
    let from_package = package_json.and_then(prisma_major_from_package_json);
    match (choices.prisma_major, from_package) {
        (Some(major), _) => profile.prisma_major = major,
        (None, Some(major)) => {
            notes.push(format!("Prisma {major} (package.json)"));
            profile.prisma_major = major;
        }
        (None, None) => {}
    }
    if profile.provider == crate::model::Provider::Mongodb && profile.prisma_major >= 7 {
        notes.push("Prisma 7 does not support MongoDB yet: targeting Prisma 6".to_string());
        profile.prisma_major = 6;
    }
    // Before Prisma 7 the classic generator is the safe default, unless the project chose one.
    let generator_chosen = file.as_ref().is_some_and(|f| f.generator.as_ref().is_some_and(|g| g.provider.is_some()));
    if profile.prisma_major < 7 && !generator_chosen {
        profile.generator = GeneratorKind::PrismaClientJs;
    }
    if let Some(layout) = choices.layout {
        profile.layout = layout;
    }
    // Partial indexes are in the schema language from Prisma 7.4 (a preview feature); before
    // that they are SQL in the migration.
    let minor = package_json
        .and_then(prisma_version_from_package_json)
        .filter(|(major, _)| *major == profile.prisma_major)
        .and_then(|(_, minor)| minor);
    profile.database.partial_indexes_in_schema =
        profile.prisma_major > 7 || (profile.prisma_major == 7 && minor.is_none_or(|m| m >= 4));
    Ok((profile, notes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prisma_versions_from_package_json() {
        assert_eq!(prisma_major_from_package_json(r#"{"devDependencies":{"prisma":"^6.19.0"}}"#), Some(6));
        assert_eq!(prisma_major_from_package_json(r#"{"dependencies":{"@prisma/client":"~7.1.0"}}"#), Some(7));
        assert_eq!(prisma_major_from_package_json(r#"{"dependencies":{}}"#), None);
        assert_eq!(prisma_major_from_package_json("not json"), None);
        assert_eq!(prisma_version_from_package_json(r#"{"devDependencies":{"prisma":"7.3.0"}}"#), Some((7, Some(3))));
        assert_eq!(prisma_version_from_package_json(r#"{"devDependencies":{"prisma":"^7"}}"#), Some((7, None)));
    }
}
