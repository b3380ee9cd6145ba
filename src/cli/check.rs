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
    let contract = match contract_report(args, &imported.schema) {
        Ok(c) => c,
        Err(code) => return code,
    };
    if args.json {
        // The gate's report, with the contract comparison beside its findings when asked for.
        let mut json = serde_json::to_value(&result).unwrap_or_default();
        if let (Some(c), Some(object)) = (&contract, json.as_object_mut()) {
            object.insert("contract".into(), serde_json::to_value(c).unwrap_or_default());
        }
        match serde_json::to_string_pretty(&json) {
            Ok(text) => say!("{text}"),
            Err(e) => eprintln!("error: {e}"),
        }
    } else {
        say!("{}", result.to_string().trim_end());
        if let Some(c) = &contract {
            say!("{}", c.to_string().trim_end());
        }
    }
    let contract_ok = contract.as_ref().is_none_or(check::contract::ContractReport::passed);
    if result.passed() && contract_ok { exit::OK } else { exit::NOT_DONE }
}

/// The API-contract comparison, when `--contract` documents are given.
fn contract_report(
    args: &CheckArgs,
    schema: &crate::model::Schema,
) -> Result<Option<check::contract::ContractReport>, u8> {
    if args.contracts.is_empty() {
        return Ok(None);
    }
    let mut sources = Vec::new();
    for path in &args.contracts {
        match load::load(path) {
            Ok(s) => sources.push(s),
            Err(e) => {
                eprintln!("error: {e}");
                return Err(exit::BAD_INPUT);
            }
        }
    }
    let ingested = crate::ingest::ingest(&sources);
    if ingested.documents.iter().all(|d| d.entities.is_empty()) {
        eprintln!("error: {}: no contract types found (```ts interfaces)", args.contracts[0].display());
        return Err(exit::BAD_INPUT);
    }
    Ok(Some(check::contract::comply(schema, &ingested.documents)))
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
