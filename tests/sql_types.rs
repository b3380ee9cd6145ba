//! Column types as Prisma's introspection maps them: a PostgreSQL database made from
//! `fixtures/sql/pg_types.sql` (one column of every type family, arrays of them) is read back
//! by Prisma's own engine (`db pull`), and schemata's reading of the same DDL, and of the
//! `pg_dump --schema-only` of that database, must give every column the same type and native
//! type. MySQL has no server here; its table is checked in `infer::sql_types`' unit tests and
//! below through the reader.

mod common;

use common::pg::{self, TempDb, psql};
use schemata::infer::{self, Settings};
use schemata::ingest::{self, Source};
use schemata::model::{Decisions, DefaultValue, FieldType, Schema};
use schemata::prisma::engine::{SchemaEngine, SchemaFile};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    [env!("CARGO_MANIFEST_DIR"), "tests", "fixtures", "sql", name].iter().collect()
}

fn infer_text(name: &str, text: &str) -> Schema {
    let ingested = ingest::ingest(&[Source::new(name, text)]);
    infer::infer(&ingested, &Decisions::default(), &Settings::default()).schema
}

/// A column as Prisma prints it: `Type`, `Type?` or `Type[]`, its `@db.` attribute, and
/// whether it autoincrements.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Printed {
    ty: String,
    native: Option<String>,
    autoincrement: bool,
}

/// Table → column → how it is printed, from a Prisma schema's text (as `db pull` writes it:
/// models and fields named as the database names them).
fn introspected_columns(text: &str) -> BTreeMap<String, BTreeMap<String, Printed>> {
    let mut out: BTreeMap<String, BTreeMap<String, Printed>> = BTreeMap::new();
    let mut table = None;
    for line in text.lines().map(str::trim) {
        if let Some(name) = line.strip_prefix("model ").and_then(|l| l.strip_suffix(" {")) {
            table = Some(name.to_string());
            continue;
        }
        if line == "}" {
            table = None;
            continue;
        }
        let Some(table) = &table else { continue };
        let mut words = line.split_whitespace();
        let (Some(column), Some(ty)) = (words.next(), words.next()) else { continue };
        if column.starts_with("@@") || column.starts_with("//") {
            continue;
        }
        let native = line.find("@db.").map(|at| {
            let rest = &line[at..];
            let end = match (rest.find('('), rest.find(' ')) {
                (Some(open), space) if space.is_none_or(|s| open < s) => rest.find(')').map_or(rest.len(), |c| c + 1),
                (_, Some(space)) => space,
                (_, None) => rest.len(),
            };
            rest[..end].to_string()
        });
        let printed = Printed { ty: ty.to_string(), native, autoincrement: line.contains("@default(autoincrement())") };
        out.entry(table.clone()).or_default().insert(column.to_string(), printed);
    }
    out
}

/// The same, from schemata's schema, in database names.
fn schemata_columns(schema: &Schema) -> BTreeMap<String, BTreeMap<String, Printed>> {
    let mut out: BTreeMap<String, BTreeMap<String, Printed>> = BTreeMap::new();
    for model in &schema.models {
        let table = model.db_name.clone().unwrap_or_else(|| model.name.clone());
        for f in &model.fields {
            let name = match f.ty {
                FieldType::Enum(id) => {
                    let e = &schema.enums[id.index()];
                    e.db_name.clone().unwrap_or_else(|| e.name.clone())
                }
                ty => schema.type_name(ty).into_owned(),
            };
            let suffix = if f.list {
                "[]"
            } else if f.optional {
                "?"
            } else {
                ""
            };
            let native = f.native.as_ref().map(|n| match &n.args[..] {
                [] => format!("@db.{}", n.name),
                args => format!("@db.{}({})", n.name, args.join(", ")),
            });
            let printed = Printed {
                ty: format!("{name}{suffix}"),
                native,
                autoincrement: f.default == Some(DefaultValue::Autoincrement),
            };
            let column = f.db_name.clone().unwrap_or_else(|| f.name.clone());
            out.entry(table.clone()).or_default().insert(column, printed);
        }
    }
    out
}

/// Every column of every table, said once per difference.
fn assert_same_columns(
    expected: &BTreeMap<String, BTreeMap<String, Printed>>,
    actual: &BTreeMap<String, BTreeMap<String, Printed>>,
    what: &str,
) {
    assert_eq!(expected.keys().collect::<Vec<_>>(), actual.keys().collect::<Vec<_>>(), "{what}: tables");
    let mut differences = Vec::new();
    for (table, columns) in expected {
        for (column, printed) in columns {
            match actual[table].get(column) {
                Some(p) if p == printed => {}
                found => differences.push(format!("{table}.{column}: Prisma {printed:?}, {what} {found:?}")),
            }
        }
        for column in actual[table].keys().filter(|c| !columns.contains_key(*c)) {
            differences.push(format!("{table}.{column}: not in Prisma's schema"));
        }
    }
    assert!(differences.is_empty(), "{what} differs from Prisma's introspection:\n{}", differences.join("\n"));
}

fn schema_dump(url: &str) -> String {
    let out = Command::new("pg_dump")
        .args(["--schema-only", "--no-owner", "--no-privileges", url])
        .output()
        .expect("pg_dump runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn postgres_columns_read_as_prismas_introspection_reads_them() {
    let Some(server) = pg::server() else { return };
    let ddl = std::fs::read_to_string(fixture("pg_types.sql")).expect("fixture");
    let db = TempDb::new(&server);
    psql(&db.url, &ddl).expect("the fixture is valid PostgreSQL");
    let engine = SchemaEngine::locate(&pg::node_modules()).expect("engine packages in tests/prisma");
    let datasource = "datasource db {\n  provider = \"postgresql\"\n}\n";
    let files = [SchemaFile { path: "schema.prisma".into(), content: datasource.into() }];
    let introspected = engine.introspect(&files, &db.url).expect("introspection");
    let prisma = introspected_columns(&introspected);
    assert!(prisma["kinds"].len() > 60 && prisma["lists"].len() > 25, "{introspected}");

    assert_same_columns(&prisma, &schemata_columns(&infer_text("pg_types.sql", &ddl)), "the DDL");
    let dump = schema_dump(&db.url);
    assert_same_columns(&prisma, &schemata_columns(&infer_text("dump.sql", &dump)), "pg_dump's DDL");
}

/// Prisma's MySQL describer, as its source reads `information_schema` (no server here).
#[test]
fn mysql_columns_read_as_prismas_introspection_prints_them() {
    let ddl = "CREATE TABLE `kinds` (\n  `id` int unsigned NOT NULL AUTO_INCREMENT,\n  `flag` tinyint(1) NOT NULL,\n  \
               `tiny` tinyint NOT NULL,\n  `small` smallint NOT NULL,\n  `medium` mediumint NOT NULL,\n  \
               `big` bigint unsigned NOT NULL,\n  `title` varchar(255) NOT NULL,\n  `code` char(36) NOT NULL,\n  \
               `body` text NOT NULL,\n  `long_body` longtext NOT NULL,\n  `made` datetime NOT NULL,\n  \
               `made3` datetime(3) NOT NULL,\n  `stamp` timestamp(0) NOT NULL,\n  `price` decimal(10,2) NOT NULL,\n  \
               `meta` json NOT NULL,\n  `data` blob NOT NULL,\n  `born` year NOT NULL,\n  \
               `size` enum('s','m','l') NOT NULL,\n  `place` point NOT NULL,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB;\n";
    let schema = infer_text("kinds.sql", ddl);
    let columns = &schemata_columns(&schema)["kinds"];
    let expect = |column: &str, ty: &str, native: Option<&str>| {
        let printed = &columns[column];
        assert_eq!((printed.ty.as_str(), printed.native.as_deref()), (ty, native), "{column}");
    };
    expect("id", "Int", Some("@db.UnsignedInt"));
    expect("flag", "Boolean", None);
    expect("tiny", "Int", Some("@db.TinyInt"));
    expect("small", "Int", Some("@db.SmallInt"));
    expect("medium", "Int", Some("@db.MediumInt"));
    expect("big", "BigInt", Some("@db.UnsignedBigInt"));
    expect("title", "String", Some("@db.VarChar(255)"));
    expect("code", "String", Some("@db.Char(36)"));
    expect("body", "String", Some("@db.Text"));
    expect("long_body", "String", Some("@db.LongText"));
    expect("made", "DateTime", Some("@db.DateTime(0)"));
    expect("made3", "DateTime", None);
    expect("stamp", "DateTime", Some("@db.Timestamp(0)"));
    expect("price", "Decimal", Some("@db.Decimal(10, 2)"));
    expect("meta", "Json", None);
    expect("data", "Bytes", Some("@db.Blob"));
    expect("born", "Int", Some("@db.Year"));
    expect("place", "Unsupported(\"point\")", None);
    assert!(matches!(schema.models[0].field("size").map(|f| f.ty), Some(FieldType::Enum(_))));
    assert!(columns["id"].autoincrement);
}
