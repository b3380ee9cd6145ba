//! The Prisma 6 → 7 upgrade of an existing schema, as a change to review: the datasource URL
//! moves into `prisma.config.ts`, `prisma-client-js` becomes `prisma-client` with an
//! `output`. Only the `generator` and `datasource` blocks are rewritten; every other byte of
//! the user's files stays as it is. Pure: files in, changed texts out.

use crate::emit;
use crate::import::prisma::{Block, Imported};
use crate::ingest::Source;
use crate::model::Provider;
use crate::write;

/// One file the upgrade changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    pub name: String,
    pub before: String,
    pub after: String,
}

/// The reviewed change: rewritten schema files and the `prisma.config.ts` to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upgrade {
    pub files: Vec<Changed>,
    pub config: String,
    /// What the user should know (which URL moved where).
    pub notes: Vec<String>,
}

/// Why there is nothing to upgrade, or why it cannot be done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoUpgrade {
    /// Already Prisma 7 style: no URL in the datasource, no `prisma-client-js`.
    AlreadyCurrent,
    /// Cannot be upgraded (MongoDB, no datasource).
    Refused(String),
}

/// Datasource keys Prisma 7 no longer accepts in the schema.
const MOVED_KEYS: &[&str] = &["url", "directUrl", "shadowDatabaseUrl"];

/// Plans the upgrade of the schema read from `sources` (already imported as `imported`).
/// `schema_from_root` is the schema path relative to the project root, for the config.
pub fn to_prisma7(sources: &[Source], imported: &Imported, schema_from_root: &str) -> Result<Upgrade, NoUpgrade> {
    let Some(datasource) = imported.datasources.first() else {
        return Err(NoUpgrade::Refused("the schema has no datasource block".into()));
    };
    let has_url = MOVED_KEYS.iter().any(|k| datasource.get(k).is_some());
    let old_generators: Vec<&Block> =
        imported.generators.iter().filter(|g| g.get("provider") == Some("\"prisma-client-js\"")).collect();
    if !has_url && old_generators.is_empty() {
        return Err(NoUpgrade::AlreadyCurrent);
    }
    if imported.schema.provider == Provider::Mongodb {
        return Err(NoUpgrade::Refused("Prisma 7 does not support MongoDB yet: stay on Prisma 6".into()));
    }
    let mut notes = Vec::new();
    // The CLI needs a direct connection: a `directUrl` (behind a pooler) is the one it keeps.
    let url_key = if datasource.get("directUrl").is_some() { "directUrl" } else { "url" };
    let url = datasource.get(url_key).map(typescript_url).unwrap_or_else(|| "process.env.DATABASE_URL".into());
    if let Some(value) = datasource.get(url_key) {
        notes.push(format!("datasource {url_key} = {value} moves to prisma.config.ts as `url: {url}`"));
    }
    if url_key == "directUrl" {
        notes.push(
            "the Prisma CLI now connects with directUrl; the app passes its pooled URL to its driver adapter".into(),
        );
    }
    if datasource.get("shadowDatabaseUrl").is_some() {
        notes.push("shadowDatabaseUrl is dropped from the schema; set it in prisma.config.ts if you use one".into());
    }

    let mut files: Vec<Changed> = Vec::new();
    let mut replace = |block: &Block, header: &str, entries: Vec<(String, String)>| {
        let Some(source) = sources.iter().find(|s| s.name == block.at.file) else { return };
        let base = files.iter().position(|f| f.name == source.name);
        let current = base.map_or(source.text.as_str(), |i| files[i].after.as_str()).to_string();
        let Some(after) = splice(&current, block.at.line, &emit::render_key_values(header, &entries)) else { return };
        match base {
            Some(i) => files[i].after = after,
            None => files.push(Changed { name: source.name.clone(), before: source.text.clone(), after }),
        }
    };
    let kept: Vec<(String, String)> =
        datasource.entries.iter().filter(|(k, _)| !MOVED_KEYS.contains(&k.as_str())).cloned().collect();
    replace(datasource, &format!("datasource {}", datasource.name), kept);
    for g in old_generators {
        let mut entries: Vec<(String, String)> =
            g.entries
                .iter()
                .map(|(k, v)| {
                    if k == "provider" { (k.clone(), "\"prisma-client\"".to_string()) } else { (k.clone(), v.clone()) }
                })
                .collect();
        if g.get("output").is_none() {
            let provider = entries.iter().position(|(k, _)| k == "provider").map_or(0, |i| i + 1);
            entries.insert(provider, ("output".into(), "\"./generated\"".into()));
            notes.push(format!(
                "generator {}: prisma-client writes the client to ./generated; import it from there",
                g.name
            ));
        }
        replace(g, &format!("generator {}", g.name), entries);
    }
    Ok(Upgrade { files, config: write::prisma_config_with_url(schema_from_root, &url), notes })
}

/// `env("DATABASE_URL")` → `process.env.DATABASE_URL`; a literal stays a literal.
fn typescript_url(value: &str) -> String {
    match value.strip_prefix("env(\"").and_then(|v| v.strip_suffix("\")")) {
        Some(var) if var.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => format!("process.env.{var}"),
        Some(var) => format!("process.env[{var:?}]"),
        None => value.to_string(),
    }
}

/// Replaces the block that starts on 1-based `line` (through its closing `}` line) with `block`.
fn splice(text: &str, line: u32, block: &str) -> Option<String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let start = (line as usize).checked_sub(1)?;
    let end = (start..lines.len()).find(|&i| lines[i].trim() == "}")?;
    let mut out: String = lines[..start].concat();
    out.push_str(block);
    out.push_str(&lines[end + 1..].concat());
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import;

    const PRISMA6: &str = "// Our schema\ngenerator client {\n  provider        = \"prisma-client-js\"\n  previewFeatures = [\"fullTextSearchPostgres\"]\n}\n\ndatasource db {\n  provider = \"postgresql\"\n  url      = env(\"DATABASE_URL\")\n}\n\n/// A user\nmodel User {\n  id    String @id\n  email String @unique // login\n}\n";

    #[test]
    fn moves_the_url_and_switches_the_generator_keeping_the_rest() {
        let sources = [Source::new("schema.prisma", PRISMA6)];
        let imported = import::prisma::read(&sources);
        let upgrade = to_prisma7(&sources, &imported, "prisma/schema.prisma").expect("an upgrade");
        assert_eq!(upgrade.files.len(), 1);
        let after = &upgrade.files[0].after;
        assert_eq!(
            after,
            "// Our schema\ngenerator client {\n  provider        = \"prisma-client\"\n  output          = \"./generated\"\n  previewFeatures = [\"fullTextSearchPostgres\"]\n}\n\ndatasource db {\n  provider = \"postgresql\"\n}\n\n/// A user\nmodel User {\n  id    String @id\n  email String @unique // login\n}\n"
        );
        assert!(upgrade.config.contains("url: process.env.DATABASE_URL"), "{}", upgrade.config);
        assert!(upgrade.config.contains("schema: \"prisma/schema.prisma\""));
        // Upgrading the result again finds nothing to do.
        let again = [Source::new("schema.prisma", after.as_str())];
        assert_eq!(to_prisma7(&again, &import::prisma::read(&again), "x"), Err(NoUpgrade::AlreadyCurrent));
    }

    #[test]
    fn direct_url_is_the_one_the_cli_keeps_and_mongodb_is_refused() {
        let text = PRISMA6.replace(
            "  url      = env(\"DATABASE_URL\")\n",
            "  url       = env(\"POOLED\")\n  directUrl = env(\"DIRECT\")\n",
        );
        let sources = [Source::new("schema.prisma", text.as_str())];
        let upgrade = to_prisma7(&sources, &import::prisma::read(&sources), "schema.prisma").expect("an upgrade");
        assert!(upgrade.config.contains("url: process.env.DIRECT"));
        assert!(!upgrade.files[0].after.contains("POOLED"));
        let mongo = PRISMA6
            .replace("postgresql", "mongodb")
            .replace("  id    String @id\n", "  id    String @id @map(\"_id\") @db.ObjectId\n");
        let sources = [Source::new("schema.prisma", mongo.as_str())];
        assert!(matches!(to_prisma7(&sources, &import::prisma::read(&sources), "x"), Err(NoUpgrade::Refused(_))));
    }
}
