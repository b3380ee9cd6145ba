//! `schemata upgrade`: a Prisma 6 schema (valid for the real Prisma 6 CLI) becomes a
//! Prisma 7 one (valid for the real Prisma 7 CLI), reviewed first, written only with --yes.

mod common;

use schemata::prisma::Step;
use std::process::Command;

const PRISMA6: &str = "generator client {\n  provider = \"prisma-client-js\"\n}\n\ndatasource db {\n  provider = \"postgresql\"\n  url      = env(\"DATABASE_URL\")\n}\n\n/// A customer of the shop\nmodel Customer {\n  id     String  @id @default(uuid()) @db.Uuid\n  email  String  @unique\n  orders Order[]\n}\n\nmodel Order {\n  id         String   @id @default(uuid()) @db.Uuid\n  customerId String   @db.Uuid\n  customer   Customer @relation(fields: [customerId], references: [id], onDelete: Cascade)\n  // placed by the web shop\n  placedAt   DateTime @default(now())\n}\n";

fn upgrade(dir: &std::path::Path, yes: bool) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_schemata"));
    cmd.current_dir(dir).args(["upgrade", "prisma/schema.prisma"]);
    if yes {
        cmd.arg("--yes");
    }
    cmd.output().expect("binary runs")
}

#[test]
fn a_prisma6_schema_is_upgraded_after_review() {
    let dir = tempfile::tempdir().expect("tempdir");
    let schema = dir.path().join("prisma/schema.prisma");
    std::fs::create_dir_all(schema.parent().expect("parent")).expect("mkdir");
    std::fs::write(&schema, PRISMA6).expect("write");
    if let Some(cli) = common::prisma6_cli() {
        // Prisma 6 reads the URL even to validate; it must suit the provider.
        let cli = cli.with_env("DATABASE_URL", "postgresql://localhost:5432/schemata-tests");
        let before = cli.run(Step::Validate, &schema, common::empty_dir().path()).expect("runs");
        assert!(before.success, "the fixture is a valid Prisma 6 schema:\n{}", before.output());
    }

    let review = upgrade(dir.path(), false);
    assert_eq!(review.status.code(), Some(1), "without --yes nothing is written");
    let shown = String::from_utf8_lossy(&review.stdout);
    assert!(shown.contains("-  url      = env(\"DATABASE_URL\")"), "{shown}");
    assert!(shown.contains("+  provider = \"prisma-client\""), "{shown}");
    assert_eq!(std::fs::read_to_string(&schema).expect("read"), PRISMA6);
    assert!(!dir.path().join("prisma.config.ts").exists());

    let done = upgrade(dir.path(), true);
    assert_eq!(done.status.code(), Some(0), "{}", String::from_utf8_lossy(&done.stderr));
    let after = std::fs::read_to_string(&schema).expect("read");
    assert!(!after.contains("url"), "{after}");
    assert!(after.contains("  provider = \"prisma-client\"\n  output   = \"./generated\"\n"), "{after}");
    // Everything below the header blocks is byte-for-byte the user's.
    let tail = |t: &str| t[t.find("/// A customer").expect("model")..].to_string();
    assert_eq!(tail(&after), tail(PRISMA6));
    assert_eq!(std::fs::read_to_string(dir.path().join("prisma/schema.prisma.bak")).expect("backup"), PRISMA6);
    let config = std::fs::read_to_string(dir.path().join("prisma.config.ts")).expect("config written");
    assert!(config.contains("url: process.env.DATABASE_URL") && config.contains("schema: \"prisma/schema.prisma\""));
    if let Some(cli) = common::prisma_cli() {
        let validated = cli.run(Step::Validate, &schema, common::empty_dir().path()).expect("runs");
        assert!(validated.success, "Prisma 7 accepts the upgraded schema:\n{}", validated.output());
    }
    // A second run has nothing left to do.
    let again = upgrade(dir.path(), false);
    assert_eq!(again.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&again.stdout).contains("nothing to upgrade"));
}
