//! `schemata check PATH [DOC...]`: the verification gate on any schema file or folder,
//! optionally against the documents it should match.

use super::report::{self, Analysis};
use super::{CheckArgs, exit, load};
use crate::check;
use crate::conventions::{self, Choices, Profile};
use crate::import;
use crate::model::{Decisions, Provider};

pub fn run(args: &CheckArgs) -> u8 {
    let sources = match load::schema_sources(&args.schema) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let imported = import::prisma::read(&sources);
    let analysis: Option<Analysis> = if args.documents.is_empty() {
        None
    } else {
        match report::analyse(&args.documents, &Decisions::default()) {
            Ok(a) => Some(a),
            Err(code) => return code,
        }
    };
    let profile = match profile(args, &imported.schema.provider, analysis.as_ref()) {
        Ok(p) => p,
        Err(message) => {
            eprintln!("error: {message}");
            return exit::BAD_INPUT;
        }
    };
    let documents = analysis.as_ref().map(|a| &a.inferred.schema);
    let result = check::verify(&imported.schema, &imported.diagnostics, documents, &profile);
    if args.json {
        match serde_json::to_string_pretty(&result) {
            Ok(json) => say!("{json}"),
            Err(e) => eprintln!("error: {e}"),
        }
    } else {
        say!("{}", result.to_string().trim_end());
    }
    if result.passed() { exit::OK } else { exit::NOT_DONE }
}

/// `--profile`, else the documents' (detected, with schemata.toml), else the schema's provider.
fn profile(args: &CheckArgs, provider: &Provider, analysis: Option<&Analysis>) -> Result<Profile, String> {
    if let Some(name) = &args.profile {
        return Profile::named(name).ok_or_else(|| format!("--profile {name} is not one of: postgres, mongodb"));
    }
    if let Some(a) = analysis {
        let config = std::fs::read_to_string("schemata.toml").ok();
        let (profile, _) = conventions::resolve(&a.ingested, &Choices::default(), config.as_deref(), None)
            .map_err(|e| format!("schemata.toml: {}", e.message))?;
        return Ok(profile);
    }
    Ok(if *provider == Provider::Mongodb { Profile::mongodb() } else { Profile::postgres() })
}
