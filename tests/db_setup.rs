//! `scripts/db-setup.sh`: bash accepts it, and on a real PostgreSQL (when the database tests'
//! server is up) it makes the two roles and the database, keeps them on a second run, and
//! leaves the app role held to row-level security.

mod common;

use common::pg;
use schemata::setup::db_setup_script;
use std::process::{Command, Output};

fn write_script(dir: &std::path::Path, project: &str) -> std::path::PathBuf {
    let path = dir.join("db-setup.sh");
    std::fs::write(&path, db_setup_script(project)).expect("script written");
    path
}

#[test]
fn bash_parses_the_script() {
    let dir = tempfile::tempdir().expect("tempdir");
    for project in ["ticketing", "My Shop", "42-things", "x'; DROP DATABASE postgres; --"] {
        let path = write_script(dir.path(), project);
        let out = Command::new("bash").arg("-n").arg(&path).output().expect("bash runs");
        assert!(out.status.success(), "{project}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

/// The parts of a `postgresql://user:password@host:port/db` URL that psql reads from PG* variables.
fn pg_env(url: &str) -> Vec<(&'static str, String)> {
    let rest = url.split_once("://").expect("scheme").1;
    let (credentials, address) = rest.rsplit_once('@').expect("credentials");
    let (user, password) = credentials.split_once(':').unwrap_or((credentials, ""));
    let host_port = address.split('/').next().expect("host");
    let (host, port) = host_port.split_once(':').unwrap_or((host_port, "5432"));
    vec![("PGUSER", user.into()), ("PGPASSWORD", password.into()), ("PGHOST", host.into()), ("PGPORT", port.into())]
}

fn run(script: &std::path::Path, env: &[(&'static str, String)], extra: &[(&str, &str)]) -> Output {
    Command::new("bash")
        .arg(script)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .envs(extra.iter().copied())
        .output()
        .expect("bash runs")
}

fn urls(out: &Output) -> (String, String) {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let value = |key: &str| {
        stdout
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{key}=")))
            .unwrap_or_else(|| panic!("no {key} in stdout:\n{stdout}"))
            .to_string()
    };
    (value("DATABASE_URL"), value("APP_DATABASE_URL"))
}

/// Drops what the script made, even when the test fails half-way (the script never drops).
struct Cleanup {
    admin: String,
    database: String,
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        let db = &self.database;
        let _ = pg::psql(&self.admin, &format!("DROP DATABASE IF EXISTS \"{db}\" WITH (FORCE)"));
        let _ = pg::psql(&self.admin, &format!("DROP ROLE IF EXISTS \"{db}_owner\", \"{db}_app\""));
    }
}

#[test]
fn the_script_sets_up_roles_that_rls_holds() {
    let Some(server) = pg::server() else { return };
    let project = format!("Setup Test {}", std::process::id());
    let database = schemata::setup::database_name(&project);
    let admin = pg::with_database(&server, "postgres");
    let _cleanup = Cleanup { admin: admin.clone(), database: database.clone() };
    let dir = tempfile::tempdir().expect("tempdir");
    let script = write_script(dir.path(), &project);
    let env = pg_env(&server);

    // A password that needs quoting in SQL and encoding in a URL.
    let first = run(&script, &env, &[("DB_PASSWORD", "it's a p@ss/word")]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let (owner_url, app_url) = urls(&first);
    assert!(
        owner_url.starts_with(&format!("postgresql://{database}_owner:it%27s%20a%20p%40ss%2Fword@")),
        "{owner_url}"
    );
    assert!(owner_url.ends_with(&format!("/{database}")), "{owner_url}");

    let attributes = "SELECT rolsuper, rolcreatedb, rolbypassrls FROM pg_roles WHERE rolname = current_user";
    assert_eq!(pg::psql(&owner_url, attributes).expect("owner logs in"), "f|t|f");
    assert_eq!(pg::psql(&app_url, attributes).expect("app logs in"), "f|f|f");

    // The owner migrates: a tenant table under forced RLS, the way schemata's migration makes it.
    pg::psql(
        &owner_url,
        "CREATE TABLE notes (tenant TEXT NOT NULL, body TEXT NOT NULL); \
         ALTER TABLE notes ENABLE ROW LEVEL SECURITY; ALTER TABLE notes FORCE ROW LEVEL SECURITY; \
         CREATE POLICY notes_tenant ON notes USING (tenant = current_setting('app.tenant_id', true)); \
         CREATE SEQUENCE counter;",
    )
    .expect("owner creates tables");
    // The app role got rights on the new table and sequence by the default privileges...
    pg::psql(&app_url, "SELECT set_config('app.tenant_id', 'a', false); INSERT INTO notes VALUES ('a', 'mine')")
        .expect("app inserts its tenant's row");
    pg::psql(&app_url, "SELECT nextval('counter')").expect("app uses sequences");
    // ...and cannot see past RLS, nor write another tenant's rows.
    assert_eq!(pg::psql(&app_url, "SELECT count(*) FROM notes").expect("select"), "0");
    let other =
        pg::psql(&app_url, "SELECT set_config('app.tenant_id', 'a', false); INSERT INTO notes VALUES ('b', 'x')");
    assert!(other.is_err_and(|e| e.contains("row-level security")));
    assert!(pg::psql(&app_url, "CREATE TABLE intruder (id int)").is_err(), "the app role creates nothing");

    // Again, without a password: everything is kept, the passwords too.
    let second = run(&script, &env, &[]);
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(second.status.success(), "{stderr}");
    assert!(stderr.contains("exists, password unchanged"), "{stderr}");
    assert_eq!(
        pg::psql(&owner_url, "SELECT set_config('app.tenant_id', 'a', false); SELECT body FROM notes").expect("kept"),
        "a\nmine"
    );
}
