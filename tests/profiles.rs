//! Conventions profiles: every sample under postgres and mongodb, one file and one file per
//! model, passes the gate and the matching real Prisma CLI (7 for postgres, 6 for MongoDB);
//! and the exact field lines each profile promises.

mod common;

use schemata::check;
use schemata::conventions::{self, Layout, Profile};
use schemata::infer::{self, Settings};
use schemata::ingest::{self, Source};
use schemata::model::{Decisions, Schema};
use schemata::prisma::Step;
use schemata::write;
use std::path::Path;

fn documents(path: &Path) -> Schema {
    let text = std::fs::read_to_string(path).expect("sample readable");
    let ingested = ingest::ingest(&[Source::new(path.display().to_string(), text)]);
    infer::infer(&ingested, &Decisions::default(), &Settings::default()).schema
}

fn with_profile(docs: &Schema, profile: &Profile) -> Schema {
    let mut schema = docs.clone();
    conventions::apply(&mut schema, profile);
    schema
}

#[test]
fn every_sample_under_every_profile_and_layout_validates() {
    let Some(samples) = common::samples_dir() else { return };
    let (Some(prisma7), Some(prisma6)) = (common::prisma_cli(), common::prisma6_cli()) else { return };
    for sample in ["architecture.md", "prd.md", "api-contract.md", "erd.md"] {
        let docs = documents(&samples.join(sample));
        for base in [Profile::postgres(), Profile::mongodb()] {
            for layout in [Layout::Single, Layout::Multi] {
                let profile = Profile { layout, ..base.clone() };
                let what = format!("{sample} / {} / {layout:?}", profile.name);
                let schema = with_profile(&docs, &profile);
                let report = check::verify(&schema, &[], Some(&docs), &profile);
                assert!(report.passed(), "{what}: {report}");

                let dir = tempfile::tempdir().expect("tempdir");
                let plan = write::plan(&schema, &profile, &dir.path().join("prisma"), None);
                write::apply(&plan.files).expect("files written");
                if layout == Layout::Multi {
                    let files = std::fs::read_dir(&plan.schema_path).expect("schema folder").count();
                    assert_eq!(files, schema.models.len() + 1, "{what}: schema.prisma + one file per model");
                }
                let cli = if profile.prisma_major >= 7 { &prisma7 } else { &prisma6 };
                // Validate from outside the project: no prisma.config.ts to load.
                let outcome = cli.run(Step::Validate, &plan.schema_path, common::empty_dir().path()).expect("runs");
                assert!(outcome.success, "{what}: prisma validate failed:\n{}", outcome.output());
            }
        }
    }
}

const DOC: &str = "# Field service\n\nThe backend runs on MongoDB. Tenant-scoped collections carry `orgId`.\n\n\
### Organization\n\n| Field | Type | Required |\n|---|---|---|\n| id | ObjectId | yes |\n| name | string | yes |\n\n\
### WorkOrder\n\n| Field | Type | Required | Default |\n|---|---|---|---|\n| id | ObjectId | yes | auto |\n\
| orgId | ObjectId | yes | |\n| siteName | string | yes | |\n| dueAt | datetime | no | |\n\n\
### Technician\n\n| Field | Type | Required |\n|---|---|---|\n| id | ObjectId | yes |\n| workOrderId | ObjectId | no |\n";

fn lines_of(text: &str, model: &str) -> Vec<String> {
    let start = text.find(&format!("model {model} {{")).unwrap_or_else(|| panic!("model {model} in:\n{text}"));
    let block = &text[start..];
    let end = block.find("\n}\n").expect("block end");
    block[..end].lines().skip(1).map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect()
}

#[test]
fn mongodb_profile_field_lines() {
    let ingested = ingest::ingest(&[Source::new("doc.md", DOC)]);
    let (profile, notes) =
        conventions::resolve(&ingested, &conventions::Choices::default(), None, None).expect("resolves");
    assert_eq!(profile.name, "mongodb", "detected from the document: {notes:?}");
    assert!(notes.iter().any(|n| n.contains("MongoDB")), "{notes:?}");
    let docs = infer::infer(&ingested, &Decisions::default(), &Settings::default()).schema;
    let schema = with_profile(&docs, &profile);
    let text = schemata::emit::render(&schema, &profile.emit_config());
    assert!(text.contains("provider = \"prisma-client-js\""), "{text}");
    assert!(text.contains("url      = env(\"DATABASE_URL\")"), "{text}");
    assert_eq!(
        lines_of(&text, "WorkOrder"),
        [
            "id String @id @default(auto()) @map(\"_id\") @db.ObjectId",
            "orgId String @db.ObjectId",
            "org Organization @relation(fields: [orgId], references: [id])",
            "siteName String",
            "dueAt DateTime?",
            "isDeleted Boolean @default(false)",
            "createdBy String? @db.ObjectId",
            "updatedBy String? @db.ObjectId",
            "createdAt DateTime @default(now())",
            "updatedAt DateTime @updatedAt",
            "technicians Technician[]",
            "",
            "@@index([orgId])",
            "@@map(\"workorders\")",
        ]
    );
    // No orgId, no orgId index; the foreign key is an ObjectId.
    let technician = lines_of(&text, "Technician");
    assert!(technician.contains(&"workOrderId String? @db.ObjectId".to_string()), "{technician:?}");
    assert!(!technician.iter().any(|l| l.contains("@@index([orgId])")), "{technician:?}");
    assert!(lines_of(&text, "Organization").contains(&"@@map(\"organizations\")".to_string()));
}

#[test]
fn postgres_profile_field_lines() {
    let doc = "# Shop\n\nAll tables live in PostgreSQL. Every shop is a tenant: tenant-scoped entities carry `tenantId`.\n\n\
### ProductCategory\n\n| Field | Type | Required |\n|---|---|---|\n| id | uuid | yes |\n| tenantId | uuid | yes |\n| displayName | string | yes |\n| parentId | uuid | no |\n";
    let ingested = ingest::ingest(&[Source::new("doc.md", doc)]);
    let config = "[naming]\ncolumns = \"snake_case\"\n";
    let (profile, _) =
        conventions::resolve(&ingested, &conventions::Choices::default(), Some(config), None).expect("resolves");
    assert_eq!(profile.name, "postgres");
    let docs = infer::infer(&ingested, &Decisions::default(), &Settings::default()).schema;
    let schema = with_profile(&docs, &profile);
    let text = schemata::emit::render(&schema, &profile.emit_config());
    assert!(text.contains("provider = \"prisma-client\"\n  output   = \"./generated\""), "{text}");
    assert!(!text.contains("url"), "Prisma 7 keeps the URL out of the schema:\n{text}");
    assert_eq!(
        lines_of(&text, "ProductCategory"),
        [
            "id String @id @default(uuid()) @db.Uuid",
            "tenantId String @map(\"tenant_id\") @db.Uuid",
            "displayName String @map(\"display_name\")",
            "parentId String? @map(\"parent_id\") @db.Uuid",
            "parent ProductCategory? @relation(\"ProductCategoryParent\", fields: [parentId], references: [id])",
            "createdAt DateTime @default(now()) @map(\"created_at\")",
            "updatedAt DateTime @updatedAt @map(\"updated_at\")",
            "parentOf ProductCategory[] @relation(\"ProductCategoryParent\")",
            "",
            "@@index([tenantId])",
            "@@index([parentId])",
            "@@map(\"product_categories\")",
        ]
    );
}

#[test]
fn prisma_version_follows_package_json_and_flags() {
    let ingested = ingest::ingest(&[Source::new("doc.md", "### A\n\n| Field | Type |\n|---|---|\n| id | uuid |\n")]);
    let package = r#"{"devDependencies": {"prisma": "^6.19.0"}}"#;
    let (profile, notes) =
        conventions::resolve(&ingested, &conventions::Choices::default(), None, Some(package)).expect("ok");
    assert_eq!((profile.prisma_major, profile.generator), (6, conventions::GeneratorKind::PrismaClientJs));
    assert!(notes.iter().any(|n| n == "Prisma 6 (package.json)"), "{notes:?}");
    let flags = conventions::Choices { prisma_major: Some(7), ..Default::default() };
    let (profile, _) = conventions::resolve(&ingested, &flags, None, Some(package)).expect("ok");
    assert_eq!(profile.prisma_major, 7);
    // MongoDB stays on Prisma 6 whatever is asked.
    let mongo = conventions::Choices { profile: Some("mongodb".into()), prisma_major: Some(7), ..Default::default() };
    let (profile, notes) = conventions::resolve(&ingested, &mongo, None, None).expect("ok");
    assert_eq!(profile.prisma_major, 6, "{notes:?}");
    let text = schemata::emit::render(&with_profile(&Schema::default(), &profile), &profile.emit_config());
    assert!(text.contains("env(\"DATABASE_URL\")"));
}
