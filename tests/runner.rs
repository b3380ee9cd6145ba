//! Runs `prisma validate`, `format` and `generate` through the runner on small schemas.

mod common;

use schemata::prisma::{Outcome, PrismaCli, Step};
use std::path::Path;

/// A valid Prisma 7 schema, already in the layout `prisma format` produces.
const VALID: &str = r#"datasource db {
  provider = "postgresql"
}

generator client {
  provider = "prisma-client"
  output   = "./generated"
}

model User {
  id    Int    @id @default(autoincrement())
  email String @unique
  posts Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  author   User   @relation(fields: [authorId], references: [id])
  authorId Int
}
"#;

/// Wrong in one place only: an unknown field type.
const INVALID: &str = r#"datasource db {
  provider = "postgresql"
}

model User {
  id   Int    @id
  name Strng
}
"#;

fn run(cli: &PrismaCli, step: Step, dir: &Path, file: &str) -> Outcome {
    cli.run(step, &dir.join(file), dir).unwrap_or_else(|err| panic!("{step} could not run: {err}"))
}

fn write(dir: &Path, file: &str, text: &str) {
    std::fs::write(dir.join(file), text).expect("write schema");
}

#[test]
fn validate_accepts_a_valid_schema() {
    let Some(cli) = common::prisma_cli() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "schema.prisma", VALID);

    let outcome = run(&cli, Step::Validate, dir.path(), "schema.prisma");
    assert!(outcome.success, "{}", outcome.output());
    assert!(!outcome.timed_out && !outcome.truncated);
    assert!(outcome.output().contains("is valid"), "{}", outcome.output());
}

#[test]
fn validate_rejects_an_invalid_schema_and_says_why() {
    let Some(cli) = common::prisma_cli() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "bad.prisma", INVALID);

    let outcome = run(&cli, Step::Validate, dir.path(), "bad.prisma");
    assert!(!outcome.success, "{}", outcome.output());
    assert_eq!(outcome.code, Some(1));
    let output = outcome.output();
    assert!(output.contains(r#"Type "Strng" is neither a built-in type"#), "{output}");
    assert!(output.contains("bad.prisma:7"), "points at the line: {output}");
    assert!(!output.contains('\u{1b}'), "no ANSI colour in captured output: {output}");
}

#[test]
fn format_leaves_a_formatted_schema_unchanged_and_fixes_a_messy_one() {
    let Some(cli) = common::prisma_cli() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "schema.prisma", VALID);
    let outcome = run(&cli, Step::Format, dir.path(), "schema.prisma");
    assert!(outcome.success, "{}", outcome.output());
    let after = std::fs::read_to_string(dir.path().join("schema.prisma")).expect("read");
    assert_eq!(after, VALID, "format changed an already formatted schema");

    let messy = VALID.replace("  id    Int    @id", "id Int @id").replace("author   User   @", "author User @");
    assert_ne!(messy, VALID);
    write(dir.path(), "messy.prisma", &messy);
    let outcome = run(&cli, Step::Format, dir.path(), "messy.prisma");
    assert!(outcome.success, "{}", outcome.output());
    let after = std::fs::read_to_string(dir.path().join("messy.prisma")).expect("read");
    assert_eq!(after, VALID);
}

#[test]
fn generate_writes_the_client() {
    let Some(cli) = common::prisma_cli() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "schema.prisma", VALID);

    let outcome = run(&cli, Step::Generate, dir.path(), "schema.prisma");
    assert!(outcome.success, "{}", outcome.output());
    assert!(dir.path().join("generated").join("client.ts").is_file(), "{}", outcome.output());
}

#[test]
fn generate_fails_on_an_invalid_schema() {
    let Some(cli) = common::prisma_cli() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "bad.prisma", INVALID);

    let outcome = run(&cli, Step::Generate, dir.path(), "bad.prisma");
    assert!(!outcome.success, "{}", outcome.output());
    assert!(outcome.output().contains("Strng"), "{}", outcome.output());
}
