//! Files `generate` writes on request beside the schema: `prisma/seed.ts` (`--seed`, wired
//! into `prisma.config.ts`) and `scripts/db-setup.sh` (`--db-setup`). They join the write plan,
//! so the ledger, the conflict check and atomic writes apply to them as to the schema.

use super::GenerateArgs;
use crate::conventions::Profile;
use crate::model::Schema;
use crate::write::{self, Plan, Planned, Policy};

pub fn add(plan: &mut Plan, schema: &Schema, profile: &Profile, args: &GenerateArgs) {
    if args.seed {
        let seed = args.out.join("seed.ts");
        let hints = crate::postgres::seed_hints(schema, profile);
        let text = crate::seed::render_with(schema, profile, &hints);
        let (_, out_from_root) = write::root_of(&args.out);
        let command = format!(
            "tsx {}",
            if out_from_root.is_empty() { "seed.ts".into() } else { format!("{out_from_root}/seed.ts") }
        );
        let config = plan.root.join("prisma.config.ts");
        // The schema path as `prisma.config.ts` names it, from the project root.
        let schema = plan.schema_path.strip_prefix(&plan.root).unwrap_or(&plan.schema_path);
        let schema = schema.to_string_lossy().replace('\\', "/");
        if let Some(planned) = plan.files.iter_mut().find(|f| f.path == config) {
            planned.contents = write::prisma_config_seeded(&schema, &command);
            if config.exists() && !std::fs::read_to_string(&config).unwrap_or_default().contains("seed:") {
                eprintln!(
                    "note: {} is yours and is kept; add `seed: \"{command}\"` to its `migrations`",
                    config.display()
                );
            }
        }
        plan.files.push(Planned { path: seed, contents: text, policy: Policy::Replace });
    }
    if args.db_setup {
        let project = plan
            .root
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "app".into());
        let path = plan.root.join("scripts").join("db-setup.sh");
        plan.files.push(Planned { path, contents: crate::setup::db_setup_script(&project), policy: Policy::Replace });
    }
}

/// `scripts/db-setup.sh` is a program: make it executable once written.
pub fn finish(plan: &Plan) {
    use std::os::unix::fs::PermissionsExt;
    for file in plan.files.iter().filter(|f| f.path.ends_with("scripts/db-setup.sh")) {
        if let Ok(meta) = std::fs::metadata(&file.path) {
            let mut permissions = meta.permissions();
            permissions.set_mode(permissions.mode() | 0o111);
            let _ = std::fs::set_permissions(&file.path, permissions);
        }
    }
}
