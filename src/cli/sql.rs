//! `schemata sql`: the whole migration SQL for the documents, as `--migrate` would write it
//! for an empty database: Prisma's (from its schema engine), then what Prisma cannot express.

use super::{SqlArgs, exit, report};
use crate::conventions::Choices;
use crate::model::Provider;
use crate::postgres;
use crate::prisma::engine::{History, SchemaEngine, SchemaFile};
use std::path::Path;

pub fn run(args: &SqlArgs) -> u8 {
    // stdout is the SQL: it can be piped into psql.
    super::NOTES_TO_STDERR.store(true, std::sync::atomic::Ordering::Relaxed);
    let root = Path::new(".");
    let choices = Choices { profile: args.profile.clone(), ..Choices::default() };
    let (_, profile, schema) = match report::final_schema(&args.documents, &choices, root, args.yes) {
        Ok(done) => done,
        Err(code) => return code,
    };
    if schema.provider != Provider::Postgresql {
        eprintln!("error: migration SQL is for PostgreSQL; these documents target {}", schema.provider.as_str());
        return exit::BAD_INPUT;
    }
    let extras = postgres::extras(&schema, &profile);
    if args.extras_only {
        print!("{}", postgres::render(&extras));
        return exit::OK;
    }
    let engine = match SchemaEngine::locate(root) {
        Ok(engine) => engine,
        Err(e) => {
            eprintln!("error: {e}\n(`schemata sql --extras-only` prints schemata's part without Prisma's engine)");
            return exit::NOT_DONE;
        }
    };
    let text = crate::emit::render(&schema, &profile.emit_config());
    let files = [SchemaFile { path: "schema.prisma".into(), content: text }];
    let empty = History { base_dir: "migrations".into(), lockfile: None, dirs: Vec::new() };
    match engine.diff(&files, &empty, None) {
        Ok(prisma_sql) => {
            print!("{}", postgres::migration::compose(&prisma_sql, &extras, &[]).unwrap_or_default());
            exit::OK
        }
        Err(e) => {
            eprintln!("error: Prisma's schema engine: {e}");
            exit::NOT_DONE
        }
    }
}
