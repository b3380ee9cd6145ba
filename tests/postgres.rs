//! PostgreSQL for real: `generate --migrate` against a live server (started by `.ci/postgres`).
//! Migrations apply cleanly and once, the database matches the schema when Prisma's engine reads
//! it back, row-level security isolates tenants for an application role, the indexes exist and
//! the planner uses them, CHECK constraints reject bad rows, and without a database the files
//! are still written with nothing half-applied.

mod common;

use common::pg::{self, TempDb, psql};
use schemata::ingest::Source;
use schemata::model::{ReferentialAction, RelationKind, Schema};
use schemata::prisma::engine::{SchemaEngine, SchemaFile};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_schemata");

fn fixture(name: &str) -> PathBuf {
    [env!("CARGO_MANIFEST_DIR"), "tests", "fixtures", "postgres", name].iter().collect()
}

/// A project folder with the document (and the fixture's schemata.toml when `with_config`).
fn project(doc: &Path, with_config: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(doc, dir.path().join(doc.file_name().unwrap())).expect("copy document");
    if with_config {
        std::fs::copy(fixture("schemata.toml"), dir.path().join("schemata.toml")).expect("copy config");
    }
    dir
}

/// `schemata generate DOC --migrate` in `dir`, with the database `url` (or none).
fn migrate(dir: &Path, doc: &str, url: Option<&str>, extra: &[&str]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(dir)
        .args(["generate", doc, "--yes", "--no-prisma", "--no-progress", "--out", "prisma", "--migrate"])
        .args(extra)
        .env("SCHEMATA_NODE_MODULES", pg::node_modules())
        .env_remove("DATABASE_URL");
    if let Some(url) = url {
        cmd.env("DATABASE_URL", url);
    }
    cmd.output().expect("schemata runs")
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

fn migrations(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.join("prisma/migrations"))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// What a schema says the database holds, in database names: tables and columns, keys and
/// indexes, foreign keys with their delete action, implicit many-to-many pairs.
#[derive(Debug, PartialEq, Eq)]
struct Shape {
    columns: BTreeSet<(String, String)>,
    indexes: BTreeSet<(String, Vec<String>, &'static str)>,
    foreign_keys: BTreeSet<(String, Vec<String>, String, &'static str)>,
    many_to_many: BTreeSet<(String, String)>,
}

fn shape(schema: &Schema) -> Shape {
    let table = |id: schemata::model::ModelId| {
        let m = &schema[id];
        m.db_name.clone().unwrap_or_else(|| m.name.clone())
    };
    let mut s = Shape {
        columns: BTreeSet::new(),
        indexes: BTreeSet::new(),
        foreign_keys: BTreeSet::new(),
        many_to_many: BTreeSet::new(),
    };
    // Prisma's implicit many-to-many table (`_AToB` with columns A and B) may be read back as a
    // model of its own; it is the same pair of foreign keys either way.
    let is_join = |id: schemata::model::ModelId| {
        let m = &schema[id];
        table(id).starts_with('_') && m.fields.len() == 2 && m.field("A").is_some() && m.field("B").is_some()
    };
    for (i, model) in schema.models.iter().enumerate() {
        let t = table(schemata::model::ModelId(i as u32));
        if is_join(schemata::model::ModelId(i as u32)) {
            continue;
        }
        let col = |name: &String| model.field(name).and_then(|f| f.db_name.clone()).unwrap_or_else(|| name.clone());
        for f in &model.fields {
            let c = f.db_name.clone().unwrap_or_else(|| f.name.clone());
            s.columns.insert((t.clone(), c.clone()));
            if f.id {
                s.indexes.insert((t.clone(), vec![c.clone()], "primary"));
            }
            if f.unique {
                s.indexes.insert((t.clone(), vec![c], "unique"));
            }
        }
        if let Some(pk) = &model.primary_key {
            s.indexes.insert((t.clone(), pk.fields.iter().map(col).collect(), "primary"));
        }
        for u in &model.uniques {
            s.indexes.insert((t.clone(), u.fields.iter().map(col).collect(), "unique"));
        }
        for i in &model.indexes {
            s.indexes.insert((t.clone(), i.fields.iter().map(col).collect(), "index"));
        }
    }
    let joins: Vec<schemata::model::ModelId> =
        (0..schema.models.len() as u32).map(schemata::model::ModelId).filter(|&id| is_join(id)).collect();
    for join in joins {
        let mut pair: Vec<String> =
            schema.relations.iter().filter(|r| r.holder == join).map(|r| table(r.target)).collect();
        pair.sort();
        if let [a, b] = &pair[..] {
            s.many_to_many.insert((a.clone(), b.clone()));
        }
    }
    for r in &schema.relations {
        if is_join(r.holder) {
            continue;
        }
        if r.kind == RelationKind::ManyToMany && r.via.is_none() {
            let mut pair = [table(r.holder), table(r.target)];
            pair.sort();
            s.many_to_many.insert((pair[0].clone(), pair[1].clone()));
            continue;
        }
        let holder = &schema[r.holder];
        let cols: Vec<String> = r
            .fk_fields
            .iter()
            .map(|n| holder.field(n).and_then(|f| f.db_name.clone()).unwrap_or_else(|| n.clone()))
            .collect();
        let optional = r.fk_fields.iter().any(|n| holder.field(n).is_some_and(|f| f.optional));
        // Prisma's defaults when the schema names no action.
        let action =
            r.on_delete.unwrap_or(if optional { ReferentialAction::SetNull } else { ReferentialAction::Restrict });
        s.foreign_keys.insert((table(r.holder), cols, table(r.target), action.as_str()));
    }
    s
}

fn import(name: &str, text: &str) -> Schema {
    let imported = schemata::import::prisma::read(&[Source::new(name, text)]);
    imported.schema
}

/// Reads the migrated database back with Prisma's engine and compares it with the schema that
/// was written, model by model.
fn assert_database_matches_schema(dir: &Path, url: &str) {
    let written = std::fs::read_to_string(dir.join("prisma/schema.prisma")).expect("schema written");
    let engine = SchemaEngine::locate(&pg::node_modules()).expect("engine packages in tests/prisma");
    let datasource = "datasource db {\n  provider = \"postgresql\"\n}\n";
    let files = [SchemaFile { path: "schema.prisma".into(), content: datasource.into() }];
    let introspected = engine.introspect(&files, url).expect("introspection");
    let mut expected = shape(&import("schema.prisma", &written));
    let mut actual = shape(&import("introspected.prisma", &introspected));
    // schemata's own column (full-text search) is not in the Prisma schema.
    actual.columns.retain(|(_, c)| c != schemata::postgres::SEARCH_COLUMN);
    actual.indexes.retain(|(_, cols, _)| cols != &[schemata::postgres::SEARCH_COLUMN.to_string()]);
    // Plain and partial indexes over the same columns are one entry in a set.
    expected.indexes.retain(|_| true);
    assert_eq!(expected.columns, actual.columns, "columns differ\n{introspected}");
    assert_eq!(expected.foreign_keys, actual.foreign_keys, "foreign keys differ\n{introspected}");
    assert_eq!(expected.many_to_many, actual.many_to_many, "implicit many-to-many differ\n{introspected}");
    assert_eq!(expected.indexes, actual.indexes, "keys and indexes differ\n{introspected}");
    // Index methods, operator classes and predicates, as Prisma reads them back.
    for line in written.lines().map(str::trim).filter(|l| l.contains("type: Gin") || l.contains("where: raw(")) {
        let shape = line.replace("\\\"", "");
        let found = introspected.lines().map(|l| l.trim().replace("\\\"", "")).any(|l| {
            let field = shape.split(['[', '(', ']', ',']).nth(1).unwrap_or_default();
            l.starts_with("@@index([") && l.contains(field) && (l.contains("type: Gin") == shape.contains("type: Gin"))
        });
        assert!(found, "{line} is not in the database\n{introspected}");
    }
}

fn applied(url: &str) -> Vec<String> {
    psql(url, "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1")
        .expect("_prisma_migrations")
        .lines()
        .map(str::to_string)
        .collect()
}

/// Migrates `doc` into a fresh database; checks it applied once, is recorded, re-applies as a
/// no-op and matches the schema.
fn migrates_cleanly(server: &str, doc: &Path, with_config: bool, extra: &[&str]) -> (tempfile::TempDir, TempDb) {
    let db = TempDb::new(server);
    let dir = project(doc, with_config);
    let name = doc.file_name().unwrap().to_str().unwrap();
    let first = migrate(dir.path(), name, Some(&db.url), extra);
    assert!(first.status.success(), "{name}: first migration failed:\n{}", text(&first));
    let folders = migrations(dir.path());
    assert_eq!(folders.len(), 1, "{name}: {folders:?}");
    assert!(folders[0].ends_with("_schemata"), "{folders:?}");
    assert!(dir.path().join("prisma/migrations/migration_lock.toml").is_file());
    assert_eq!(applied(&db.url), folders, "{name}: _prisma_migrations");
    let again = migrate(dir.path(), name, Some(&db.url), extra);
    assert!(again.status.success(), "{name}: second run failed:\n{}", text(&again));
    assert!(text(&again).contains("no changes"), "{name}: {}", text(&again));
    assert_eq!(migrations(dir.path()), folders, "{name}: a second run made a migration");
    assert_eq!(applied(&db.url), folders);
    assert_database_matches_schema(dir.path(), &db.url);
    (dir, db)
}

#[test]
fn every_postgres_sample_migrates_once_and_the_database_matches_the_schema() {
    let Some(server) = pg::server() else { return };
    let Some(samples) = common::samples_dir() else { return };
    for sample in ["prd.md", "api-contract.md", "erd.md", "shop.dbml"] {
        migrates_cleanly(&server, &samples.join(sample), false, &["--profile", "postgres"]);
    }
}

#[test]
fn the_helpdesk_migration_carries_rls_checks_search_and_indexes() {
    let Some(server) = pg::server() else { return };
    let (dir, db) = migrates_cleanly(&server, &fixture("helpdesk.md"), true, &[]);
    let sql = std::fs::read_to_string(
        dir.path().join("prisma/migrations").join(&migrations(dir.path())[0]).join("migration.sql"),
    )
    .unwrap();
    assert!(sql.contains("-- schemata: what Prisma's schema cannot express"), "{sql}");
    let rls =
        psql(&db.url, "SELECT relname FROM pg_class WHERE relrowsecurity AND relforcerowsecurity ORDER BY 1").unwrap();
    assert_eq!(rls, "agents\ntickets\ntime_entries");
    let policies = psql(&db.url, "SELECT count(*) FROM pg_policies WHERE tablename = 'tickets'").unwrap();
    assert_eq!(policies, "4");
    let indexes = psql(
        &db.url,
        "SELECT indexname FROM pg_indexes WHERE tablename = 'tickets' AND (indexdef LIKE '%USING gin%' OR indexdef LIKE '% WHERE %') ORDER BY 1",
    )
    .unwrap();
    assert_eq!(indexes, "tickets_live_idx\ntickets_metadata_idx\ntickets_search_idx");
}

/// Tenants A and B with one agent, ticket and time entry each, inserted as the superuser
/// (who bypasses row-level security).
fn two_tenants(url: &str) -> (String, String) {
    let ids = psql(
        url,
        "INSERT INTO tenants (id, name, \"updatedAt\") VALUES (gen_random_uuid(), 'A', now()), (gen_random_uuid(), 'B', now()) RETURNING id",
    )
    .unwrap();
    let ids: Vec<&str> = ids.lines().collect();
    for (n, id) in ids.iter().enumerate() {
        psql(
            url,
            &format!(
                "INSERT INTO agents (id, \"tenantId\", email, name, \"updatedAt\") VALUES (gen_random_uuid(), '{id}', 'agent{n}@example.com', 'Agent {n}', now());
                 INSERT INTO tickets (id, \"tenantId\", subject, body, channel, \"updatedAt\") VALUES (gen_random_uuid(), '{id}', 'Printer on fire {n}', 'It smokes', 'email', now());"
            ),
        )
        .unwrap();
    }
    (ids[0].to_string(), ids[1].to_string())
}

/// Tenant A of [`two_tenants`], with its agent and ticket ids.
fn tenant_with_agent_and_ticket(url: &str) -> (String, String, String) {
    let (a, _) = two_tenants(url);
    let agent = psql(url, &format!("SELECT id FROM agents WHERE \"tenantId\" = '{a}'")).unwrap();
    let ticket = psql(url, &format!("SELECT id FROM tickets WHERE \"tenantId\" = '{a}'")).unwrap();
    (a, agent, ticket)
}

#[test]
fn row_level_security_isolates_tenants_for_an_application_role() {
    let Some(server) = pg::server() else { return };
    let (_dir, db) = migrates_cleanly(&server, &fixture("helpdesk.md"), true, &[]);
    let (a, b) = two_tenants(&db.url);
    let role = format!("{}_app", db.name);
    psql(
        &db.url,
        &format!(
            "DROP ROLE IF EXISTS {role}; CREATE ROLE {role} LOGIN PASSWORD 'app' NOSUPERUSER NOBYPASSRLS;
             GRANT USAGE ON SCHEMA public TO {role};
             GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};"
        ),
    )
    .unwrap();
    let app = pg::with_user(&db.url, &role, "app");
    let as_a = |sql: &str| psql(&app, &format!("SET app.tenant_id = '{a}'; {sql}"));
    assert_eq!(as_a("SELECT count(*) FROM tickets").unwrap(), "1");
    assert_eq!(as_a(&format!("SELECT count(*) FROM tickets WHERE \"tenantId\" = '{b}'")).unwrap(), "0");
    assert_eq!(
        as_a(&format!(
            "WITH u AS (UPDATE tickets SET subject = 'x' WHERE \"tenantId\" = '{b}' RETURNING 1) SELECT count(*) FROM u"
        ))
        .unwrap(),
        "0"
    );
    assert_eq!(
        as_a(&format!("WITH d AS (DELETE FROM tickets WHERE \"tenantId\" = '{b}' RETURNING 1) SELECT count(*) FROM d"))
            .unwrap(),
        "0"
    );
    let insert_as_b = as_a(&format!(
        "INSERT INTO tickets (id, \"tenantId\", subject, body, channel, \"updatedAt\") VALUES (gen_random_uuid(), '{b}', 's', 'b', 'chat', now())"
    ));
    assert!(insert_as_b.unwrap_err().contains("row-level security"), "an insert under B's id must be refused");
    // Moving A's own row to B is refused too.
    let moved = as_a(&format!("UPDATE tickets SET \"tenantId\" = '{b}'"));
    assert!(moved.unwrap_err().contains("row-level security"));
    // B's rows are untouched, as the superuser sees.
    assert_eq!(
        psql(&db.url, &format!("SELECT subject FROM tickets WHERE \"tenantId\" = '{b}'")).unwrap(),
        "Printer on fire 1"
    );
    // With no tenant set, nothing is visible.
    assert_eq!(psql(&app, "SELECT count(*) FROM tickets").unwrap(), "0");
    assert_eq!(psql(&app, "SELECT count(*) FROM agents").unwrap(), "0");
    let _ = psql(&db.url, &format!("DROP OWNED BY {role}"));
    drop(db);
    let _ = psql(&pg::with_database(&server, "postgres"), &format!("DROP ROLE IF EXISTS {role}"));
}

#[test]
fn check_constraints_reject_bad_rows() {
    let Some(server) = pg::server() else { return };
    let (_dir, db) = migrates_cleanly(&server, &fixture("helpdesk.md"), true, &[]);
    let (a, agent, ticket) = tenant_with_agent_and_ticket(&db.url);
    let bad = [
        (format!("UPDATE agents SET \"hourlyRate\" = -1 WHERE id = '{agent}'"), "agents_hourlyRate_check"),
        ("UPDATE tickets SET channel = 'fax'".to_string(), "tickets_channel_allowed"),
        ("UPDATE tickets SET \"dueAt\" = \"openedAt\" - interval '1 day'".to_string(), "tickets_openedAt_before_dueAt"),
        (
            format!(
                "INSERT INTO time_entries (id, \"tenantId\", \"ticketId\", \"agentId\", minutes, \"startedAt\", \"endedAt\", \"updatedAt\") VALUES (gen_random_uuid(), '{a}', '{ticket}', '{agent}', 0, now(), now() + interval '1 hour', now())"
            ),
            "time_entries_minutes_check",
        ),
        (
            format!(
                "INSERT INTO time_entries (id, \"tenantId\", \"ticketId\", \"agentId\", minutes, \"startedAt\", \"endedAt\", \"updatedAt\") VALUES (gen_random_uuid(), '{a}', '{ticket}', '{agent}', 30, now(), now() - interval '1 hour', now())"
            ),
            "time_entries_startedAt_before_endedAt",
        ),
    ];
    for (sql, constraint) in bad {
        let err = psql(&db.url, &sql).expect_err(&sql);
        assert!(err.contains(constraint), "{sql}: {err}");
    }
    // Good rows pass.
    psql(&db.url, &format!("UPDATE agents SET \"hourlyRate\" = 0 WHERE id = '{agent}'; UPDATE tickets SET channel = 'chat', \"dueAt\" = \"openedAt\" + interval '1 day'")).unwrap();
}

#[test]
fn the_planner_uses_the_gin_partial_and_full_text_indexes() {
    let Some(server) = pg::server() else { return };
    let (_dir, db) = migrates_cleanly(&server, &fixture("helpdesk.md"), true, &[]);
    let (a, _) = two_tenants(&db.url);
    // 20,000 tickets, nearly all soft-deleted, with varied metadata and text.
    psql(
        &db.url,
        &format!(
            "INSERT INTO tickets (id, \"tenantId\", subject, body, channel, metadata, \"deletedAt\", \"updatedAt\")
             SELECT gen_random_uuid(), '{a}', 'subject ' || g, 'body word' || g, 'email',
                    jsonb_build_object('customer', 'c' || g, 'tier', g % 7),
                    CASE WHEN g % 500 = 0 THEN NULL ELSE now() END, now()
             FROM generate_series(1, 20000) g;"
        ),
    )
    .unwrap();
    // What autovacuum does to a seeded table: GIN's pending list merged, statistics taken.
    psql(&db.url, "VACUUM ANALYZE tickets").unwrap();
    let plan = |query: &str| psql(&db.url, &format!("EXPLAIN {query}")).unwrap();
    let json = plan("SELECT id FROM tickets WHERE metadata @> '{\"customer\": \"c42\"}'");
    assert!(json.contains("tickets_metadata_idx"), "{json}");
    let words = plan("SELECT id FROM tickets WHERE search_vector @@ to_tsquery('simple', 'word4242')");
    assert!(words.contains("tickets_search_idx"), "{words}");
    let live = plan(&format!("SELECT id FROM tickets WHERE \"tenantId\" = '{a}' AND \"deletedAt\" IS NULL"));
    assert!(live.contains("tickets_live_idx"), "{live}");
    // The generated column follows the row.
    let found =
        psql(&db.url, "SELECT subject FROM tickets WHERE search_vector @@ to_tsquery('simple', 'word4242')").unwrap();
    assert_eq!(found, "subject 4242");
}

#[test]
fn a_failing_migration_leaves_the_database_as_it_was() {
    let Some(server) = pg::server() else { return };
    let (dir, db) = migrates_cleanly(&server, &fixture("helpdesk.md"), true, &[]);
    let (a, agent, ticket) = tenant_with_agent_and_ticket(&db.url);
    psql(&db.url, &format!("INSERT INTO time_entries (id, \"tenantId\", \"ticketId\", \"agentId\", minutes, \"startedAt\", \"endedAt\", \"updatedAt\") VALUES (gen_random_uuid(), '{a}', '{ticket}', '{agent}', 30, now(), now() + interval '1 hour', now())")).unwrap();
    // The next version adds a column and a rule the existing row breaks.
    let doc = dir.path().join("helpdesk.md");
    let text_v2 = std::fs::read_to_string(&doc).unwrap().replace(
        "| name | string | yes | | Full name |",
        "| name | string | yes | | Full name |\n| title | string | no | | Job title |",
    );
    std::fs::write(&doc, text_v2).unwrap();
    let mut config = std::fs::read_to_string(dir.path().join("schemata.toml")).unwrap();
    config.push_str("\n[[database.check]]\nmodel = \"TimeEntry\"\nname = \"long_entries\"\nsql = '\"minutes\" > 60'\n");
    std::fs::write(dir.path().join("schemata.toml"), config).unwrap();
    let out = migrate(dir.path(), "helpdesk.md", Some(&db.url), &[]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("long_entries"), "{}", text(&out));
    // Nothing of the failed migration is in the database: not the new column, not the rule.
    let column = psql(
        &db.url,
        "SELECT count(*) FROM information_schema.columns WHERE table_name = 'agents' AND column_name = 'title'",
    )
    .unwrap();
    assert_eq!(column, "0");
    assert_eq!(psql(&db.url, "SELECT count(*) FROM time_entries").unwrap(), "1");
    // The schema file was written all the same.
    assert!(std::fs::read_to_string(dir.path().join("prisma/schema.prisma")).unwrap().contains("title"));
}

#[test]
fn without_a_database_the_files_are_written_and_nothing_is_applied() {
    let Some(_) = pg::server() else { return };
    let dir = project(&fixture("helpdesk.md"), true);
    // No DATABASE_URL: the first migration needs none; it is written for `prisma migrate deploy`.
    let out = migrate(dir.path(), "helpdesk.md", None, &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("not applied: DATABASE_URL is not set"), "{}", text(&out));
    assert_eq!(migrations(dir.path()).len(), 1);
    assert!(dir.path().join("prisma/schema.prisma").is_file());
    // A server that is down: a clear message, the files written, exit code 1.
    let down = "postgresql://nobody:nothing@127.0.0.1:1/none";
    let doc = dir.path().join("helpdesk.md");
    let v2 = std::fs::read_to_string(&doc).unwrap().replace(
        "| name | string | yes | | Company name |",
        "| name | string | yes | | Company name |\n| domain | string | no | | Web domain |",
    );
    std::fs::write(&doc, v2).unwrap();
    let out = migrate(dir.path(), "helpdesk.md", Some(down), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(std::fs::read_to_string(dir.path().join("prisma/schema.prisma")).unwrap().contains("domain"));
    assert!(text(&out).contains("127.0.0.1:1"), "the message names the server: {}", text(&out));
    assert_eq!(migrations(dir.path()).len(), 1, "no migration is made without replaying the history");
    // And with no DATABASE_URL at all, the next migration cannot be computed: said plainly.
    let out = migrate(dir.path(), "helpdesk.md", None, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("DATABASE_URL"), "{}", text(&out));
}

/// `pg_dump --schema-only`, without what varies between dumps (the `\restrict` key) and the
/// migration history table.
fn schema_dump(url: &str) -> String {
    let out = Command::new("pg_dump")
        .args(["--schema-only", "--no-owner", "--no-privileges", "--exclude-table=_prisma_migrations", url])
        .output()
        .expect("pg_dump runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.starts_with("\\restrict") && !l.starts_with("\\unrestrict"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_pg_dump_of_a_migrated_database_reads_back_to_the_same_database() {
    let Some(server) = pg::server() else { return };
    let Some(samples) = common::samples_dir() else { return };
    // The helpdesk carries every database rule: RLS, CHECKs, a search column, GIN and partial
    // indexes; each must be read back from the dump as the statement that makes it again.
    let cases = [(samples.join("prd.md"), false), (samples.join("shop.dbml"), false), (fixture("helpdesk.md"), true)];
    for (doc, with_config) in cases {
        let sample = doc.file_name().unwrap().to_string_lossy().into_owned();
        let (_dir, first) = migrates_cleanly(&server, &doc, with_config, &["--profile", "postgres"]);
        let dump = schema_dump(&first.url);
        // The dump is the only document of the second project (with the same schemata.toml).
        let second = TempDb::new(&server);
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("dump.sql"), &dump).unwrap();
        if with_config {
            std::fs::copy(fixture("schemata.toml"), dir.path().join("schemata.toml")).unwrap();
        }
        let out = migrate(dir.path(), "dump.sql", Some(&second.url), &["--profile", "postgres"]);
        assert!(out.status.success(), "{sample}: {}", text(&out));
        let again = schema_dump(&second.url);
        assert_eq!(dump, again, "{sample}: DDL → schema → migration → DDL changed the database");
        // Row-level security came back too: the policies name the tenant key.
        if sample == "prd.md" {
            assert!(again.contains("CREATE POLICY bookings_tenant_select"), "{again}");
        }
        if sample == "helpdesk.md" {
            for made in ["tickets_search_idx", "tickets_metadata_idx", "tickets_live_idx", "time_entries_minutes_check"]
            {
                assert!(again.contains(made), "{made} missing\n{again}");
            }
        }
    }
}

#[test]
fn a_second_migration_adds_the_change_and_keeps_what_schemata_owns() {
    let Some(server) = pg::server() else { return };
    let (dir, db) = migrates_cleanly(&server, &fixture("helpdesk.md"), true, &[]);
    let doc = dir.path().join("helpdesk.md");
    let v2 = std::fs::read_to_string(&doc)
        .unwrap()
        .replace("| name | string | yes | | Full name |", "| name | string | yes | | Full name |\n| title | string | no | | Job title |")
        .replace("| body | text | yes | | Full request text, searchable |", "| body | text | yes | | Full request text, searchable |\n| summary | text | no | | Agent's summary, searchable |");
    std::fs::write(&doc, v2).unwrap();
    let out = migrate(dir.path(), "helpdesk.md", Some(&db.url), &["--name", "titles and summaries"]);
    assert!(out.status.success(), "{}", text(&out));
    let folders = migrations(dir.path());
    assert_eq!(folders.len(), 2);
    assert!(folders[1].ends_with("_titles_and_summaries"), "{folders:?}");
    let sql =
        std::fs::read_to_string(dir.path().join("prisma/migrations").join(&folders[1]).join("migration.sql")).unwrap();
    // Prisma's part adds the columns and never drops the search column schemata made...
    assert!(sql.contains("ADD COLUMN     \"title\" TEXT"), "{sql}");
    assert!(
        !sql.contains("DROP COLUMN \"search_vector\"") && !sql.contains("DROP INDEX \"tickets_search_idx\""),
        "{sql}"
    );
    // ...schemata's part replaces the search column (it now covers summary) and repeats no
    // rule that is already in the history.
    assert!(sql.contains("coalesce(\"summary\", '')"), "{sql}");
    assert!(!sql.contains("ROW LEVEL SECURITY"), "{sql}");
    assert_eq!(applied(&db.url), folders);
    let found = psql(&db.url, "SELECT count(*) FROM pg_indexes WHERE indexname = 'tickets_search_idx'").unwrap();
    assert_eq!(found, "1");
    assert_eq!(psql(&db.url, "SELECT count(*) FROM pg_policies").unwrap(), "12");
    assert_database_matches_schema(dir.path(), &db.url);
    // And once more: nothing to do.
    let again = migrate(dir.path(), "helpdesk.md", Some(&db.url), &[]);
    assert!(again.status.success() && text(&again).contains("no changes"), "{}", text(&again));
}

/// `generate --migrate --seed` with Prisma's steps (the seed needs the generated client), then
/// `prisma db seed`, which runs the command schemata wired into `prisma.config.ts`.
fn seeded(server: &str, doc: &Path, with_config: bool) -> (tempfile::TempDir, TempDb, Output) {
    let db = TempDb::new(server);
    let dir = project(doc, with_config);
    let modules = pg::node_modules().join("node_modules");
    std::os::unix::fs::symlink(&modules, dir.path().join("node_modules")).unwrap();
    let name = doc.file_name().unwrap().to_str().unwrap();
    let out = Command::new(BIN)
        .current_dir(dir.path())
        .args([
            "generate",
            name,
            "--yes",
            "--no-progress",
            "--out",
            "prisma",
            "--profile",
            "postgres",
            "--migrate",
            "--seed",
        ])
        .env("DATABASE_URL", &db.url)
        .env("SCHEMATA_PRISMA", modules.join(".bin/prisma"))
        .env("PRISMA_SCHEMA_ENGINE_BINARY", "/bin/false")
        .output()
        .unwrap();
    assert!(out.status.success(), "{name}: {}", text(&out));
    let path = format!("{}:{}", modules.join(".bin").display(), std::env::var("PATH").unwrap_or_default());
    let seed = Command::new(modules.join(".bin/prisma"))
        .current_dir(dir.path())
        .args(["db", "seed"])
        .env("DATABASE_URL", &db.url)
        .env("PATH", path)
        .env("PRISMA_SCHEMA_ENGINE_BINARY", "/bin/false")
        .output()
        .unwrap();
    (dir, db, seed)
}

#[test]
fn the_seed_runs_against_the_migrated_database() {
    let Some(server) = pg::server() else { return };
    let Some(samples) = common::samples_dir() else { return };
    // The helpdesk: RLS forced, CHECKs on amounts, dates and channels.
    let (_dir, db, seed) = seeded(&server, &fixture("helpdesk.md"), true);
    assert!(seed.status.success(), "{}", text(&seed));
    assert!(text(&seed).contains("seeded TimeEntry"), "{}", text(&seed));
    let per_tenant = psql(&db.url, "SELECT count(DISTINCT \"tenantId\") FROM tickets").unwrap();
    assert!(per_tenant.parse::<u32>().unwrap() >= 2, "rows for several tenants: {per_tenant}");
    // Every enum value is there: the enums' reference data.
    assert_eq!(psql(&db.url, "SELECT count(DISTINCT priority) FROM tickets").unwrap(), "3");
    // The PRD sample (tenantId on five models, RLS).
    let (_dir, db, seed) = seeded(&server, &samples.join("prd.md"), false);
    assert!(seed.status.success(), "{}", text(&seed));
    assert_ne!(psql(&db.url, "SELECT count(*) FROM bookings").unwrap(), "0");
}

#[test]
fn schemata_sql_prints_sql_that_psql_applies() {
    let Some(server) = pg::server() else { return };
    let dir = project(&fixture("helpdesk.md"), true);
    let out = Command::new(BIN)
        .current_dir(dir.path())
        .args(["sql", "helpdesk.md", "--yes"])
        .env("SCHEMATA_NODE_MODULES", pg::node_modules())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let sql = String::from_utf8(out.stdout).unwrap();
    // Notes (the profile, answers taken with --yes) stay off stdout.
    assert!(sql.starts_with("-- CreateSchema"), "{sql}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("profile postgres"));
    let db = TempDb::new(&server);
    psql(&db.url, &sql).expect("the printed migration applies");
    assert_eq!(psql(&db.url, "SELECT count(*) FROM pg_policies").unwrap(), "12");
    // --extras-only: schemata's part alone.
    let extras = Command::new(BIN)
        .current_dir(dir.path())
        .args(["sql", "helpdesk.md", "--yes", "--extras-only"])
        .env("SCHEMATA_NODE_MODULES", "/nonexistent")
        .output()
        .unwrap();
    let extras = String::from_utf8(extras.stdout).unwrap();
    assert!(extras.starts_with("-- row-level security on Agent"), "{extras}");
    assert!(!extras.contains("CREATE TABLE"));
}
