//! `scripts/db-setup.sh`: a developer's local PostgreSQL made ready for the project, as text.
//!
//! Two roles, because row-level security needs them: the owner runs migrations (and, with
//! `CREATEDB`, Prisma's shadow database), the app role only reads and writes rows and never
//! bypasses RLS. The script is idempotent and never drops anything; see `db-setup.sh` beside
//! this file for what it runs.

/// The script body; `@NAMES@` becomes the database and role names.
const SCRIPT: &str = include_str!("db-setup.sh");

/// PostgreSQL cuts identifiers at 63 bytes; the longest suffix is `_owner`.
const MAX_NAME: usize = 63 - "_owner".len();

/// `scripts/db-setup.sh` for the project: database `<project>`, roles `<project>_owner` and
/// `<project>_app`, the name sanitised first.
pub fn db_setup_script(project: &str) -> String {
    let database = database_name(project);
    let names = format!(
        "# The names come from the project's name, reduced to what PostgreSQL takes unquoted.\n\
         DATABASE=\"{database}\"\nOWNER_ROLE=\"{database}_owner\"\nAPP_ROLE=\"{database}_app\""
    );
    let mut out = String::from("#!/usr/bin/env bash\n");
    out.push_str(&format!("# Local database setup for {database}, written by schemata.\n"));
    out.push_str("# Usage: scripts/db-setup.sh >> .env   (or: eval \"$(scripts/db-setup.sh)\")\n");
    out.push_str(&SCRIPT.replacen("@NAMES@", &names, 1));
    out
}

/// The project's name as a PostgreSQL name: `[a-z0-9_]`, starting with a letter, at most
/// [`MAX_NAME`] bytes. Anything else becomes `_`; a name with no letter first gets `db_`.
pub fn database_name(project: &str) -> String {
    let mut name = String::new();
    for c in project.trim().chars() {
        let c = c.to_ascii_lowercase();
        let keep = if c.is_ascii_alphanumeric() { c } else { '_' };
        // Runs of separators read as one.
        if !(keep == '_' && name.ends_with('_')) {
            name.push(keep);
        }
    }
    let name = name.trim_matches('_');
    let mut name =
        if name.starts_with(|c: char| c.is_ascii_lowercase()) { name.to_string() } else { format!("db_{name}") };
    name.truncate(MAX_NAME);
    while name.ends_with('_') {
        name.pop();
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_sanitised() {
        assert_eq!(database_name("ticketing"), "ticketing");
        assert_eq!(database_name("My Shop-API"), "my_shop_api");
        assert_eq!(database_name("42things"), "db_42things");
        assert_eq!(database_name("  --  "), "db");
        assert_eq!(database_name("café \"x\"; DROP"), "caf_x_drop");
        let long = database_name(&"a".repeat(100));
        assert_eq!(long.len(), MAX_NAME);
        assert!(format!("{long}_owner").len() <= 63);
    }

    #[test]
    fn script_creates_both_roles_and_drops_nothing() {
        let script = db_setup_script("Ticket Desk");
        assert!(script.starts_with("#!/usr/bin/env bash\n"));
        assert!(script.contains("\nset -euo pipefail\n"));
        assert!(
            script.contains("DATABASE=\"ticket_desk\"\nOWNER_ROLE=\"ticket_desk_owner\"\nAPP_ROLE=\"ticket_desk_app\"")
        );
        assert!(!script.contains("@NAMES@"));
        let upper = script.to_ascii_uppercase();
        for statement in ["DROP ", "REVOKE ", "TRUNCATE ", "DELETE FROM"] {
            assert!(!upper.contains(statement), "the script must not run {statement}");
        }
        // The owner migrates and needs a shadow database; the app role is held to RLS.
        assert!(script.contains("\"LOGIN CREATEDB NOSUPERUSER"));
        assert!(script.contains("NOBYPASSRLS\""));
        assert!(script.contains("CREATE DATABASE \\\"$DATABASE\\\" OWNER \\\"$OWNER_ROLE\\\""));
        assert!(script.contains("ALTER DEFAULT PRIVILEGES FOR ROLE \"$OWNER_ROLE\" IN SCHEMA public"));
        assert!(
            script.contains("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO \"$APP_ROLE\"")
        );
        assert!(script.contains("openssl rand -hex 16") && script.contains("/dev/urandom"));
        assert!(script.contains("sudo -u postgres psql"));
        assert!(script.contains("printf 'DATABASE_URL=%s\\n'") && script.contains("printf 'APP_DATABASE_URL=%s\\n'"));
    }
}
