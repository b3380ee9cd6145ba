//! Which files a run writes, and where: pure, so the batch command and the TUI agree.

use super::{Planned, Policy, prisma_config};
use crate::conventions::{Layout, Profile};
use crate::emit;
use crate::model::Schema;
use std::path::{Path, PathBuf};

/// The files of one run and the project root they belong to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Where `prisma.config.ts`, `package.json` and `docs/` live: the parent of the schema
    /// folder, or the folder itself when the schema is written straight into `.`.
    pub root: PathBuf,
    /// The schema file (single layout) or folder (multi), as Prisma's `--schema` takes it.
    pub schema_path: PathBuf,
    pub files: Vec<Planned>,
}

/// The project root for an output folder, and the output folder's path relative to it.
pub fn root_of(out: &Path) -> (PathBuf, String) {
    match (out.parent(), out.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => {
            (parent.to_path_buf(), name.to_string_lossy().into_owned())
        }
        (_, Some(name)) => (PathBuf::from("."), name.to_string_lossy().into_owned()),
        (_, None) => (out.to_path_buf(), String::new()),
    }
}

/// Plans the schema (one file, or `schema/` with a file per model) and, for Prisma 7,
/// `prisma.config.ts` in the root. `only` limits a multi-file plan to these models' files.
pub fn plan(schema: &Schema, profile: &Profile, out: &Path, only: Option<&[String]>) -> Plan {
    let config = profile.emit_config();
    let (root, out_rel) = root_of(out);
    let join = |rel: &str| if out_rel.is_empty() { rel.to_string() } else { format!("{out_rel}/{rel}") };
    let mut files = Vec::new();
    let (schema_path, schema_from_root) = match profile.layout {
        Layout::Single => {
            let text = emit::render(schema, &config);
            files.push(Planned { path: out.join("schema.prisma"), contents: text, policy: Policy::Replace });
            (out.join("schema.prisma"), join("schema.prisma"))
        }
        Layout::Multi => {
            let folder = out.join("schema");
            for file in emit::render_files(schema, &config) {
                let wanted = match only {
                    None => true,
                    Some(models) => models.iter().any(|m| emit::model_file_name(m) == file.name),
                };
                if wanted {
                    files.push(Planned { path: folder.join(&file.name), contents: file.text, policy: Policy::Replace });
                }
            }
            (folder, join("schema"))
        }
    };
    if config.prisma_major >= 7 {
        files.push(Planned {
            path: root.join("prisma.config.ts"),
            contents: prisma_config(&schema_from_root),
            policy: Policy::KeepExisting,
        });
    }
    Plan { root, schema_path, files }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots() {
        assert_eq!(root_of(Path::new("prisma")), (PathBuf::from("."), "prisma".to_string()));
        assert_eq!(root_of(Path::new("db/prisma")), (PathBuf::from("db"), "prisma".to_string()));
        assert_eq!(root_of(Path::new(".")), (PathBuf::from("."), String::new()));
    }
}
