use super::plan::{Phase, Plan, Step, TenantSource, plan};
use super::*;
use crate::conventions::{self, Profile};
use crate::infer::{Settings, infer};
use crate::ingest::{Source, ingest};
use crate::model::Decisions;

const TICKETING: &str = include_str!("../../examples/ticketing/docs/design.md");
const WORKSPACE: &str = include_str!("../../tests/fixtures/seed/workspace.md");

/// The schema `schemata generate` would write for the document under the profile.
fn schema_of(doc: &str, profile: &Profile) -> Schema {
    let mut schema =
        infer(&ingest(&[Source::new("design.md", doc)]), &Decisions::default(), &Settings::default()).schema;
    conventions::apply(&mut schema, profile);
    schema
}

/// Where `text` first occurs in `seed`, failing with the seed when it does not.
fn at(seed: &str, text: &str) -> usize {
    seed.find(text).unwrap_or_else(|| panic!("`{text}` is not in the seed:\n{seed}"))
}

/// The `data: { ... }` block of a model's create call.
fn data_of<'a>(seed: &'a str, model: &str) -> &'a str {
    let start = at(seed, &format!(".{}.create({{", crate::naming::lower_first(model)));
    let end = seed[start..].find("      },\n").map(|e| start + e).unwrap_or(seed.len());
    &seed[start..end]
}

fn count_of(plan: &Plan, schema: &Schema, model: &str) -> usize {
    let id = schema.model_by_name(model).expect("model exists");
    plan.batch(id).unwrap_or_else(|| panic!("{model} is created")).count
}

#[test]
fn creates_follow_dependency_order() {
    let profile = Profile::postgres();
    let seed = render(&schema_of(TICKETING, &profile), &profile);
    let order: Vec<usize> = ["venue", "promoter", "event", "buyer", "order", "ticketType", "ticket"]
        .iter()
        .map(|m| at(&seed, &format!("await prisma.{m}.create(")))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "creates out of order: {order:?}\n{seed}");
    // The summary follows the same order, one line per model.
    assert!(at(&seed, "\"seeded Venue: 2\"") < at(&seed, "\"seeded Ticket: "));
}

#[test]
fn foreign_keys_take_the_parents_created_rows() {
    let profile = Profile::postgres();
    let seed = render(&schema_of(TICKETING, &profile), &profile);
    let event = data_of(&seed, "Event");
    assert!(event.contains("venueId: pick(venueRows, k).id,"), "{event}");
    assert!(event.contains("promoterId: pick(promoterRows, k).id,"), "{event}");
    let ticket = data_of(&seed, "Ticket");
    assert!(ticket.contains("orderId: pick(orderRows, k).id,"), "{ticket}");
    assert!(ticket.contains("ticketTypeId: pick(ticketTypeRows, k).id,"), "{ticket}");
    // Rows are kept as they are created, so generated ids can be picked later.
    assert!(seed.contains("const venueRows: VenueRow[] = [];\n  for (let k = 0; k < 2; k++) {\n    venueRows.push("));
    // What the database fills is left to it.
    for filled in ["id:", "createdAt:", "updatedAt:"] {
        assert!(!event.contains(filled), "{filled} is set:\n{event}");
    }
}

#[test]
fn every_enum_value_appears() {
    let profile = Profile::postgres();
    let schema = schema_of(TICKETING, &profile);
    let seed = render(&schema, &profile);
    assert!(seed.contains("const eventStatusValues = [\"draft\", \"on_sale\", \"sold_out\", \"cancelled\"] as const;"));
    // Set even though it has a default (draft): the cycle is the enum's reference data.
    assert!(data_of(&seed, "Event").contains("status: pick(eventStatusValues, k),"));
    let plan = plan(&schema, &profile, &SeedHints::default());
    for e in &schema.enums {
        for (model, field) in schema.models.iter().flat_map(|m| m.fields.iter().map(move |f| (m, f))) {
            if field.ty == crate::model::FieldType::Enum(schema.enum_by_name(&e.name).expect("enum")) {
                assert!(
                    count_of(&plan, &schema, &model.name) >= e.values.len(),
                    "{} has fewer rows than {} has values",
                    model.name,
                    e.name
                );
            }
        }
    }
    assert_eq!(count_of(&plan, &schema, "Event"), 4);
    assert_eq!(count_of(&plan, &schema, "Venue"), 2);
}

#[test]
fn tenants_rows_are_made_inside_their_transaction() {
    let profile = Profile::postgres();
    let schema = schema_of(WORKSPACE, &profile);
    let seed = render(&schema, &profile);
    // The tenants first, outside any transaction; one per plan value.
    let organizations = at(&seed, "await prisma.organization.create(");
    let tenants = at(&seed, "const tenants = organizationRows;");
    let transaction = at(&seed, "await prisma.$transaction(\n      async (db) => {\n");
    let setting = at(&seed, "await db.$executeRaw`SELECT set_config(${TENANT_SETTING}, ${String(tenant.id)}, true)`;");
    let member = at(&seed, "await db.member.create(");
    let project = at(&seed, "await db.project.create(");
    assert!(organizations < tenants && tenants < transaction && transaction < setting);
    assert!(setting < member && member < project);
    assert!(seed.contains("const TENANT_SETTING = \"app.tenant_id\";"));
    assert!(data_of(&seed, "Member").contains("orgId: tenant.id,"));
    // Global rows stay out of the tenants' loop.
    assert!(at(&seed, "await prisma.country.create(") < tenants);
    // Rows per tenant: a member per role, numbered across tenants.
    assert!(seed.contains("for (let k = t * 4; k < t * 4 + 4; k++) {"));
    assert!(seed.contains("\"seeded Organization: 3\"") && seed.contains("\"seeded Member: 12\""));

    let custom = SeedHints { tenant_setting: "app.current_org".into(), ..SeedHints::default() };
    assert!(render_with(&schema, &profile, &custom).contains("const TENANT_SETTING = \"app.current_org\";"));
}

#[test]
fn a_bare_tenant_key_gets_fixed_tenant_ids() {
    let doc = "# Notes\n\nEvery workspace is a tenant: tenant-scoped entities carry `tenantId`.\n\n\
        ### Note\n\n| Field | Type | Required |\n|---|---|---|\n| id | uuid | yes |\n| tenantId | string | yes |\n\
        | body | string | yes |\n";
    let profile = Profile::postgres();
    let schema = schema_of(doc, &profile);
    let plan = plan(&schema, &profile, &SeedHints::default());
    assert!(matches!(plan.tenancy.as_ref().map(|t| &t.source), Some(TenantSource::Fixed(ids)) if ids.len() == 2));
    let seed = render(&schema, &profile);
    assert!(seed.contains(
        "const tenants = [{ id: \"00000000-0000-4000-8000-000000000001\" }, { id: \"00000000-0000-4000-8000-000000000002\" }];"
    ));
    assert!(data_of(&seed, "Note").contains("tenantId: tenant.id,"));
}

#[test]
fn unsatisfiable_relations_are_skipped_or_left_empty() {
    let profile = Profile::postgres();
    let schema = schema_of(WORKSPACE, &profile);
    let seed = render(&schema, &profile);
    // A required self-relation cannot be satisfied by the first row.
    assert!(
        seed.contains("// skipped Category: its required relation parent cannot be set: it points at Category itself")
    );
    assert!(!seed.contains("prisma.category.create("));
    // An optional one is left empty.
    assert!(seed.contains("// Member: manager left empty: it points at Member itself"));
    assert!(!data_of(&seed, "Member").contains("managerId"));

    let cycle = "# Cycle\n\n### Team\n\n| Field | Type | Required |\n|---|---|---|\n| id | uuid | yes |\n\
        | leadId | uuid | yes |\n\n### Person\n\n| Field | Type | Required |\n|---|---|---|\n| id | uuid | yes |\n\
        | teamId | uuid | yes |\n\n## Relationships\n\n- Team belongs to Person (leadId)\n- Person belongs to Team (teamId)\n";
    let schema = schema_of(cycle, &profile);
    let steps = plan(&schema, &profile, &SeedHints::default()).steps;
    let skipped: Vec<&str> = steps
        .iter()
        .filter_map(|s| match s {
            Step::Skip { why, .. } => Some(why.as_str()),
            Step::Create(_) => None,
        })
        .collect();
    assert_eq!(skipped.len(), 2, "{steps:?}");
    assert!(skipped[0].ends_with("is made later (a cycle)"), "{skipped:?}");
    assert!(skipped[1].ends_with("is skipped"), "{skipped:?}");
}

#[test]
fn values_respect_the_columns_and_the_checks() {
    let profile = Profile::postgres();
    let schema = schema_of(WORKSPACE, &profile);
    let mut hints = SeedHints::default();
    hints.allowed.insert(("Project".into(), "channel".into()), vec!["sms".into(), "email".into()]);
    let seed = render_with(&schema, &profile, &hints);
    let project = data_of(&seed, "Project");
    assert!(project.contains("channel: \"sms\","), "{project}");
    // Ends fall later than starts, so a start-before-end CHECK holds.
    assert!(project.contains("startsOn: new Date(Date.UTC(2025, 0, k + 1, "), "{project}");
    assert!(project.contains("endsOn: new Date(Date.now() + (k + 1) * 30 * 86_400_000),"), "{project}");
    // Positive numbers; optional fields set on every other row.
    assert!(project.contains("budget: k % 2 === 0 ? k + 1.5 : null,"), "{project}");
    assert!(project.contains("attachment: k % 2 === 0 ? new Uint8Array([k + 1]) : null,"), "{project}");
    // VarChar(2) holds the row number and one letter; VarChar(24) an address.
    assert!(data_of(&seed, "Country").contains("code: `C${k + 1}`,"));
    assert!(data_of(&seed, "Member").contains("email: `member+${k + 1}@example.com`,"));
    assert_eq!(render_with(&schema, &profile, &hints), seed, "the same schema gives the same seed");
}

#[test]
fn a_unique_foreign_key_limits_the_rows() {
    let doc = "# Orgs\n\nEvery organization is a tenant: tenant-scoped entities carry `orgId`.\n\n\
        ### Organization\n\n| Field | Type | Required |\n|---|---|---|\n| id | uuid | yes |\n| name | string | yes |\n\n\
        ### OrgSettings\n\n| Field | Type | Required | Notes |\n|---|---|---|---|\n| id | uuid | yes | |\n\
        | orgId | uuid | yes | unique |\n| locale | string | yes | |\n";
    let profile = Profile::postgres();
    let schema = schema_of(doc, &profile);
    assert!(schema.models[1].field("orgId").is_some_and(|f| f.unique), "the fixture makes orgId unique");
    let plan = plan(&schema, &profile, &SeedHints::default());
    let settings = plan.batch(schema.model_by_name("OrgSettings").expect("model")).expect("created");
    assert_eq!((settings.phase, settings.count), (Phase::Tenant, 1), "one settings row per organization");
    assert_eq!(plan.total(settings), 2);
}

#[test]
fn mongodb_seeds_without_adapter_or_transactions() {
    let doc = "# Field service\n\nThe backend runs on MongoDB. Tenant-scoped collections carry `orgId`.\n\n\
        ### Organization\n\n| Field | Type | Required |\n|---|---|---|\n| id | ObjectId | yes |\n| name | string | yes |\n\n\
        ### Job\n\n| Field | Type | Required |\n|---|---|---|\n| id | ObjectId | yes |\n| orgId | ObjectId | yes |\n\
        | title | string | yes |\n";
    let profile = Profile::mongodb();
    let schema = schema_of(doc, &profile);
    let seed = render(&schema, &profile);
    assert!(seed.contains("import { PrismaClient } from \"@prisma/client\";"), "{seed}");
    assert!(seed.contains("const prisma = new PrismaClient();"));
    assert!(!seed.contains("$transaction") && !seed.contains("set_config") && !seed.contains("adapter"));
    assert!(seed.contains("    const db = prisma;\n"));
    assert!(data_of(&seed, "Job").contains("orgId: tenant.id,"));
    // The profile's soft-delete flag and who-did-it fields are left alone.
    for field in ["isDeleted", "createdBy", "updatedBy"] {
        assert!(!data_of(&seed, "Job").contains(field), "{field} is set");
    }
}

#[test]
fn without_tenants_the_tenants_rows_are_skipped_with_the_reason() {
    let doc = "# Orgs\n\nEvery organization is a tenant: tenant-scoped entities carry `orgId`.\n\n\
        ### Organization\n\n| Field | Type | Required | Notes |\n|---|---|---|---|\n| id | uuid | yes | |\n\
        | parentId | uuid | yes | The Organization above it |\n\n\
        ### Member\n\n| Field | Type | Required |\n|---|---|---|\n| id | uuid | yes |\n| orgId | uuid | yes |\n";
    let profile = Profile::postgres();
    let seed = render(&schema_of(doc, &profile), &profile);
    assert!(seed.contains("// skipped Organization: its required relation parent cannot be set"), "{seed}");
    assert!(seed.contains("// skipped Member: its rows belong to a tenant, and Organization is skipped"), "{seed}");
    assert!(!seed.contains(".create(") && !seed.contains("$transaction"), "{seed}");
}
