//! The Prisma schema reader: real-world-shaped schemas read, emitted and read again give the
//! same model (round trip), the emitted text passes the real `prisma validate` and is left
//! byte-identical by `prisma format`; broken inputs give precise diagnostics, never a panic.

mod common;

use pretty_assertions::assert_eq;
use schemata::conventions;
use schemata::diagnostics::{Diagnostic, Severity};
use schemata::emit::{self, EmitConfig};
use schemata::import::prisma::{self, Imported};
use schemata::ingest::Source;
use schemata::model::{
    CommentPlace, DefaultValue, FieldType, ModelKind, Provider, ReferentialAction, RelationKind, Scalar, Schema,
};
use schemata::prisma::Step;
use std::fmt::Write as _;
use std::path::Path;

fn fixture(name: &str) -> Source {
    let path: std::path::PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "fixtures", "prisma", name].iter().collect();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Source::new(name, text)
}

fn errors(imported: &Imported) -> Vec<&Diagnostic> {
    imported.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect()
}

/// The schema with provenance left out and ids replaced by names, so two reads of differently
/// ordered files compare equal when they hold the same models, enums and relations.
fn canonical(s: &Schema) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "provider {:?}", s.provider);
    let mut enums: Vec<String> = s
        .enums
        .iter()
        .map(|e| {
            format!(
                "enum {} {:?} {:?} {:?} {:?} {:?}",
                e.name, e.db_name, e.values, e.description, e.origin, e.extra_attributes
            )
        })
        .collect();
    enums.sort();
    let field_lines = |fields: &[schemata::model::Field]| {
        let mut text = String::new();
        for f in fields {
            let mut f = f.clone();
            let ty = s.type_name(f.ty).to_string();
            f.ty = FieldType::Scalar(Scalar::String);
            f.provenance.clear();
            let _ = writeln!(text, "  {ty} {f:?}");
        }
        text
    };
    let mut types: Vec<String> = s
        .types
        .iter()
        .map(|t| format!("type {} {:?} {:?}\n{}", t.name, t.description, t.origin, field_lines(&t.fields)))
        .collect();
    types.sort();
    let mut models: Vec<String> = s
        .models
        .iter()
        .map(|m| {
            let mut text = format!(
                "{} {} {:?} {:?} {:?} {:?}\n",
                m.kind.keyword(),
                m.name,
                m.db_name,
                m.description,
                m.origin,
                m.extra_attributes
            );
            text += &field_lines(&m.fields);
            let sets = |label: &str, sets: &mut dyn Iterator<Item = &schemata::model::FieldSet>| {
                sets.map(|fs| {
                    format!(
                        "  {label} {:?} {:?} {:?} {:?} {:?}\n",
                        fs.fields, fs.origin, fs.options, fs.arguments, fs.field_arguments
                    )
                })
                .collect::<String>()
            };
            text += &sets("id", &mut m.primary_key.iter());
            text += &sets("unique", &mut m.uniques.iter());
            text += &sets("index", &mut m.indexes.iter());
            text
        })
        .collect();
    models.sort();
    let name = |id: schemata::model::ModelId| s[id].name.clone();
    let mut relations: Vec<String> = s
        .relations
        .iter()
        .map(|r| {
            let mut ends = [(name(r.holder), r.holder_field.clone()), (name(r.target), r.target_field.clone())];
            if r.kind == RelationKind::ManyToMany {
                ends.sort();
            }
            format!(
                "{:?} {ends:?} fk={:?} refs={:?} name={:?} via={:?} {:?} {:?} map={:?} {:?} {:?}",
                r.kind,
                r.fk_fields,
                r.references,
                r.name,
                r.via.map(name),
                r.on_delete,
                r.on_update,
                r.fk_name,
                r.extra_attributes,
                r.origin
            )
        })
        .collect();
    relations.sort();
    let mut comments: Vec<String> = s.comments.iter().map(|c| format!("{:?} {}", c.place, c.text)).collect();
    comments.sort();
    let order: Vec<String> = s.order.iter().map(|&id| name(id)).collect();
    let mut cycles: Vec<Vec<String>> = s.cycles.iter().map(|c| c.iter().map(|&id| name(id)).collect()).collect();
    cycles.sort();
    format!(
        "{out}{}\n{}{}\n{}\norder {order:?}\ncycles {cycles:?}\ncomments {comments:#?}\n",
        enums.join("\n"),
        types.join(""),
        models.join(""),
        relations.join("\n")
    )
}

/// The Prisma CLI the schema is written for: Prisma 6 when the datasource holds the `url`
/// (Prisma 7 refuses it there) or the provider is MongoDB, else Prisma 7. Prisma 6 reads the
/// URL even to validate, so it gets a placeholder of the provider's scheme.
fn cli_for(imported: &Imported) -> Option<schemata::prisma::PrismaCli> {
    let url = imported.datasources.iter().any(|d| d.get("url").is_some());
    if !url && imported.schema.provider != Provider::Mongodb {
        return common::prisma_cli();
    }
    let placeholder = match imported.schema.provider {
        Provider::Postgresql => "postgresql://localhost:5432/schemata-tests",
        Provider::Mysql => "mysql://localhost:3306/schemata-tests",
        Provider::Sqlite => "file:./dev.db",
        Provider::Mongodb => "mongodb://localhost:27017/schemata-tests",
    };
    Some(common::prisma6_cli()?.with_env("DATABASE_URL", placeholder))
}

/// Runs the real `prisma validate` and `prisma format` on `text` (skipped without the CLI).
fn prisma_accepts(name: &str, text: &str, cli: Option<schemata::prisma::PrismaCli>) {
    let Some(cli) = cli else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("schema.prisma");
    std::fs::write(&path, text).expect("write schema");
    let validate = cli.run(Step::Validate, &path, dir.path()).expect("prisma runs");
    assert!(validate.success, "prisma validate rejected the rendered {name}:\n{}\n{text}", validate.output());
    let format = cli.run(Step::Format, &path, dir.path()).expect("prisma runs");
    assert!(format.success, "prisma format failed on the rendered {name}:\n{}", format.output());
    let formatted = std::fs::read_to_string(&path).expect("read back");
    assert_eq!(formatted, text, "prisma format changed the rendered {name}");
}

/// read → render (with the schema's own generator and datasource) → read: same model and
/// blocks, no errors or warnings either time, stable text, accepted by the Prisma CLI the
/// schema is written for and left unchanged by its `prisma format`.
fn round_trip(name: &str, sources: &[Source]) -> Imported {
    let first = prisma::read(sources);
    assert!(errors(&first).is_empty(), "{name}: {:#?}", first.diagnostics);
    let warnings: Vec<&Diagnostic> = first.diagnostics.iter().filter(|d| d.severity == Severity::Warning).collect();
    assert!(warnings.is_empty(), "{name}: something was not kept: {warnings:#?}");
    let text = first.render(&EmitConfig::default());
    let second = prisma::read(&[Source::new("rendered.prisma", text.clone())]);
    assert!(second.diagnostics.is_empty(), "{name} rendered: {:#?}\n{text}", second.diagnostics);
    assert_eq!(canonical(&first.schema), canonical(&second.schema), "{name}: round trip changed the model\n{text}");
    let entries = |i: &Imported| {
        let blocks = i.generators.iter().chain(&i.datasources);
        blocks.map(|b| (b.name.clone(), b.entries.clone())).collect::<Vec<_>>()
    };
    assert_eq!(entries(&first), entries(&second), "{name}: generator or datasource changed\n{text}");
    assert_eq!(second.render(&EmitConfig::default()), text, "{name}: second rendering differs");
    prisma_accepts(name, &text, cli_for(&first));
    first
}

fn relation<'a>(s: &'a Schema, model: &str, field: &str) -> &'a schemata::model::Relation {
    let id = s.model_by_name(model).expect("model");
    s.relations
        .iter()
        .find(|r| (r.holder == id && r.holder_field == field) || (r.target == id && r.target_field == field))
        .unwrap_or_else(|| panic!("relation at {model}.{field}"))
}

#[test]
fn blog_with_one_to_one_implicit_many_to_many_enums_and_docs() {
    let imported = round_trip("blog", &[fixture("blog.prisma")]);
    let s = &imported.schema;
    assert_eq!(s.provider, Provider::Postgresql);
    assert_eq!(imported.generators.len(), 1);
    assert_eq!(imported.generators[0].get("previewFeatures"), Some("[\"fullTextSearchPostgres\"]"));
    assert_eq!(imported.datasources[0].get("url"), Some("env(\"DATABASE_URL\")"));
    let user = &s[s.model_by_name("User").unwrap()];
    assert_eq!(user.description.as_deref(), Some("Someone who can sign in.\nAuthors write posts."));
    let email = user.field("email").unwrap();
    assert!(email.unique);
    assert_eq!(email.description.as_deref(), Some("Login address, unique."));
    assert_eq!(email.native.as_ref().map(|n| (n.name.as_str(), n.args.clone())), Some(("VarChar", vec!["255".into()])));
    assert_eq!(user.field("id").unwrap().default, Some(DefaultValue::Uuid));
    assert_eq!(user.field("role").unwrap().default, Some(DefaultValue::EnumValue("READER".into())));
    assert_eq!(user.field("updatedAt").unwrap().extra_attributes, vec!["@updatedAt".to_string()]);
    assert_eq!(
        user.fields.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
        ["id", "email", "name", "role", "createdAt", "updatedAt"]
    );
    let profile = relation(s, "User", "profile");
    assert_eq!((profile.kind, profile.on_delete), (RelationKind::OneToOne, Some(ReferentialAction::Cascade)));
    assert_eq!(s[profile.holder].name, "Profile");
    let tags = relation(s, "Post", "tags");
    assert_eq!((tags.kind, tags.fk_fields.is_empty()), (RelationKind::ManyToMany, true));
    assert_eq!(relation(s, "Post", "author").kind, RelationKind::ManyToOne);
    let role = &s[s.enum_by_name("Role").unwrap()];
    assert_eq!(role.description.as_deref(), Some("Who may do what."));
    assert_eq!(role.values[2].db_name.as_deref(), Some("administrator"));
    let post = &s[s.model_by_name("Post").unwrap()];
    assert_eq!(post.indexes.len(), 2);
    assert_eq!(post.field("rating").unwrap().default, Some(DefaultValue::Number("1.5".into())));
    assert_eq!(post.fields[0].provenance[0].to_string(), "blog.prisma:34:3");
    let order: Vec<&str> = s.order.iter().map(|&id| s[id].name.as_str()).collect();
    assert_eq!(order, ["User", "Profile", "Post", "Tag"]);
}

#[test]
fn two_named_relations_between_the_same_models() {
    let imported = round_trip("ticketing", &[fixture("ticketing.prisma")]);
    let s = &imported.schema;
    let assigned = relation(s, "WorkOrder", "assignedTo");
    assert_eq!(assigned.name.as_deref(), Some("AssignedTo"));
    assert_eq!(assigned.target_field, "assigned");
    assert_eq!(
        (assigned.on_delete, assigned.on_update),
        (Some(ReferentialAction::SetNull), Some(ReferentialAction::Cascade))
    );
    let created = relation(s, "WorkOrder", "createdBy");
    assert_eq!((created.name.as_deref(), created.target_field.as_str()), (Some("CreatedBy"), "created"));
    let wo = &s[s.model_by_name("WorkOrder").unwrap()];
    let cost = wo.field("cost").unwrap();
    assert!(cost.optional);
    assert_eq!(cost.native.as_ref().unwrap().args, ["10", "2"]);
    assert_eq!(wo.field("priority").unwrap().default, Some(DefaultValue::EnumValue("MEDIUM".into())));
    let order: Vec<&str> = s.order.iter().map(|&id| s[id].name.as_str()).collect();
    assert_eq!(order, ["Technician", "Site", "WorkOrder"]);
}

#[test]
fn named_self_relations_one_to_one_and_self_many_to_many() {
    let imported = round_trip("org_tree", &[fixture("org_tree.prisma")]);
    let s = &imported.schema;
    let reports = relation(s, "Employee", "manager");
    assert_eq!((reports.kind, reports.target_field.as_str()), (RelationKind::ManyToOne, "reports"));
    assert_eq!(reports.holder, reports.target);
    let mentoring = relation(s, "Employee", "mentor");
    assert_eq!((mentoring.kind, mentoring.target_field.as_str()), (RelationKind::OneToOne, "mentee"));
    let follows = relation(s, "Employee", "followers");
    assert_eq!((follows.kind, follows.name.as_deref()), (RelationKind::ManyToMany, Some("Follows")));
    assert_eq!((follows.holder_field.as_str(), follows.target_field.as_str()), ("followers", "following"));
    assert_eq!(relation(s, "Team", "parent").target_field, "children");
    assert_eq!(relation(s, "Team", "members").kind, RelationKind::ManyToOne);
    assert_eq!(s.relations.len(), 5);
}

#[test]
fn composite_ids_uniques_indexes_and_composite_foreign_keys() {
    let imported = round_trip("composite_keys", &[fixture("composite_keys.prisma")]);
    let s = &imported.schema;
    let member = &s[s.model_by_name("Member").unwrap()];
    assert_eq!(member.primary_key.as_ref().unwrap().fields, ["tenantId", "userId"]);
    assert_eq!(member.description.as_deref(), Some("A user's membership in a tenant."));
    assert_eq!(member.field("role").unwrap().default, Some(DefaultValue::Text("member".into())));
    let invoice = &s[s.model_by_name("Invoice").unwrap()];
    assert_eq!(invoice.uniques[0].fields, ["tenantId", "number"]);
    let by_member = relation(s, "Invoice", "member");
    assert_eq!(by_member.fk_fields, ["tenantId", "userId"]);
    assert_eq!(by_member.references, ["tenantId", "userId"]);
    let order: Vec<&str> = s.order.iter().map(|&id| s[id].name.as_str()).collect();
    assert_eq!(order, ["Tenant", "Member", "Invoice"]);
}

#[test]
fn mysql_with_maps_native_types_and_verbatim_attributes() {
    let imported = round_trip("mysql_mapped", &[fixture("mysql_mapped.prisma")]);
    let s = &imported.schema;
    assert_eq!(s.provider, Provider::Mysql);
    let customer = &s[s.model_by_name("Customer").unwrap()];
    assert_eq!(customer.db_name.as_deref(), Some("customers"));
    assert_eq!(customer.field("id").unwrap().db_name.as_deref(), Some("customer_id"));
    let phone = customer.field("phone").unwrap();
    assert!(phone.unique);
    assert_eq!(phone.extra_attributes, ["@unique(map: \"customer_phone_key\")"]);
    // A native type the emitter does not print is kept verbatim instead.
    assert_eq!(customer.field("createdAt").unwrap().extra_attributes, ["@db.Timestamp(0)"]);
    let order = &s[s.model_by_name("Order").unwrap()];
    assert_eq!(order.field("code").unwrap().default, Some(DefaultValue::DbGenerated("(uuid())".into())));
    assert!(order.extra_attributes.is_empty());
    assert_eq!(order.indexes[0].options.name.as_deref(), Some("orders_customer_idx"));
    let status = &s[s.enum_by_name("CustomerStatus").unwrap()];
    assert_eq!(status.values[0].db_name.as_deref(), Some("active"));
}

#[test]
fn mongodb_object_ids() {
    let imported = round_trip("mongo", &[fixture("mongo.prisma")]);
    let s = &imported.schema;
    assert_eq!(s.provider, Provider::Mongodb);
    let project = &s[s.model_by_name("Project").unwrap()];
    let id = project.field("id").unwrap();
    assert_eq!((id.default.clone(), id.db_name.as_deref()), (Some(DefaultValue::Auto), Some("_id")));
    assert_eq!(id.native.as_ref().unwrap().name, "ObjectId");
    assert!(project.field("tags").unwrap().list);
    assert_eq!(project.db_name.as_deref(), Some("projects"));
    // A MongoDB many-to-many: a list of ids on each side.
    let categories = relation(s, "Post", "categories");
    assert_eq!(categories.kind, RelationKind::ManyToMany);
    let mut lists = [categories.fk_fields.clone(), categories.target_fk_fields.clone()];
    lists.sort();
    assert_eq!(lists, [vec!["categoryIds".to_string()], vec!["postIds".to_string()]]);
}

#[test]
fn sqlite_defaults_and_unmodelled_attributes() {
    let imported = round_trip("sqlite_misc", &[fixture("sqlite_misc.prisma")]);
    let s = &imported.schema;
    assert_eq!(s.provider, Provider::Sqlite);
    let setting = &s[s.model_by_name("Setting").unwrap()];
    assert_eq!(setting.field("value").unwrap().default, Some(DefaultValue::Text("{\"a\": 1}".into())));
    assert_eq!(setting.field("weight").unwrap().default, Some(DefaultValue::Number("-0.5".into())));
    assert_eq!(setting.field("enabled").unwrap().default, Some(DefaultValue::Bool(true)));
    assert_eq!(setting.field("updatedAt").unwrap().extra_attributes, ["@updatedAt"]);
    let device = &s[s.model_by_name("Device").unwrap()];
    assert_eq!(device.field("legacy").unwrap().extra_attributes, ["@ignore"]);
    assert!(device.extra_attributes.is_empty());
    assert_eq!(
        (device.uniques[0].fields.as_slice(), device.uniques[0].arguments.as_slice()),
        (&["serial".to_string(), "id".to_string()][..], &["name: \"serial_id\"".to_string()][..])
    );
    assert!(relation(s, "Setting", "device").fk_fields == ["deviceId"]);
}

#[test]
fn multi_file_folder_reads_as_one_schema() {
    let sources = [fixture("multi/schema.prisma"), fixture("multi/post.prisma"), fixture("multi/author.prisma")];
    let imported = round_trip("multi", &sources);
    let s = &imported.schema;
    // Post comes first in the files but depends on Author, defined later (and State, later still).
    assert_eq!(s.models.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["Post", "Author"]);
    let order: Vec<&str> = s.order.iter().map(|&id| s[id].name.as_str()).collect();
    assert_eq!(order, ["Author", "Post"]);
    let post = &s[s.model_by_name("Post").unwrap()];
    assert!(matches!(post.field("state").unwrap().ty, FieldType::Enum(_)));
    assert_eq!(post.provenance[0].to_string(), "multi/post.prisma:2:7");
    assert_eq!(s[s.model_by_name("Author").unwrap()].provenance[0].file, "multi/author.prisma");
}

#[test]
fn crlf_bom_comments_and_odd_spacing_read_like_the_clean_file() {
    let clean = prisma::read(&[fixture("ticketing.prisma")]);
    let messy_text = fixture("ticketing.prisma")
        .text
        .replace(
            "@relation(\"AssignedTo\", fields: [assignedToId]",
            "@relation( \"AssignedTo\" ,fields:[ assignedToId , ]",
        )
        .replace("@@index([createdById])", "@@index( [ createdById ] ) // by creator")
        .replace("title        String", "title String // the title")
        .replace('\n', "\r\n");
    let mut messy = prisma::read(&[Source::new("messy.prisma", format!("\u{feff}// header comment\r\n{messy_text}"))]);
    assert!(errors(&messy).is_empty(), "{:#?}", messy.diagnostics);
    // The comments are kept (without the CR), each where it was written.
    let comments: Vec<(CommentPlace, &str)> =
        messy.schema.comments.iter().map(|c| (c.place.clone(), c.text.as_str())).collect();
    let after = |member: &str| CommentPlace::After { block: "WorkOrder".into(), member: member.into() };
    assert_eq!(
        comments,
        [
            (CommentPlace::Before { block: "datasource db".into() }, "// header comment"),
            (after("title"), "// the title"),
            (after("@@index([createdById])"), "// by creator"),
        ]
    );
    messy.schema.comments.clear();
    assert_eq!(canonical(&clean.schema), canonical(&messy.schema));
    // One line more (the header comment); the BOM does not count as a column.
    let wo = &messy.schema[messy.schema.model_by_name("WorkOrder").unwrap()];
    assert_eq!(wo.provenance[0].to_string(), "messy.prisma:24:7");
}

fn messages(text: &str) -> Vec<String> {
    let imported = prisma::read(&[Source::new("bad.prisma", text)]);
    imported.diagnostics.iter().map(ToString::to_string).collect()
}

#[test]
fn a_relation_without_opposite_field_is_an_error_at_its_place() {
    let text = "model Technician {\n  id String @id\n}\n\nmodel WorkOrder {\n  id           String     @id\n  assignedTo   Technician @relation(fields: [assignedToId], references: [id])\n  assignedToId String\n}\n";
    assert_eq!(
        messages(text),
        [
            "bad.prisma:1:1: info: no datasource block: provider taken as postgresql",
            "bad.prisma:7:3: error: WorkOrder.assignedTo: relation to Technician has no opposite field on Technician",
        ]
    );
    let list_only = "model A {\n  id Int @id\n  bs B[]\n}\nmodel B {\n  id Int @id\n}\n";
    assert!(
        messages(list_only).contains(&"bad.prisma:3:3: error: A.bs: relation to B has no opposite field on B".into())
    );
}

#[test]
fn fields_naming_a_missing_field_is_an_error() {
    let text = "model User {\n  id    Int    @id\n  posts Post[]\n}\nmodel Post {\n  id     Int  @id\n  author User @relation(fields: [authorId], references: [id])\n}\n";
    let m = messages(text);
    assert!(
        m.contains(&"bad.prisma:7:3: error: Post.author: `fields: [authorId]` names no scalar field of Post".into()),
        "{m:#?}"
    );
    // The back field is not reported a second time.
    assert_eq!(m.iter().filter(|m| m.contains("error")).count(), 1, "{m:#?}");
}

#[test]
fn unknown_types_and_ambiguous_relations_are_errors() {
    let text = "model A {\n  id Int @id\n  x  Strin\n}\n";
    assert!(
        messages(text)
            .contains(&"bad.prisma:3:6: error: A.x: type Strin is neither a scalar type, an enum nor a model".into())
    );
    let ambiguous = "model User {\n  id    Int    @id\n  posts Post[]\n}\nmodel Post {\n  id       Int  @id\n  author   User @relation(fields: [authorId], references: [id])\n  authorId Int\n  editor   User @relation(fields: [editorId], references: [id])\n  editorId Int\n}\n";
    let m = messages(ambiguous);
    assert!(
        m.contains(&"bad.prisma:7:3: error: Post.author: relation to User is ambiguous: Post has 2 relation fields of type User without a name (author, editor); name each relation with @relation(\"...\") on both sides".into()),
        "{m:#?}"
    );
    assert!(m.iter().any(|m| m.starts_with("bad.prisma:9:3: error: Post.editor: relation to User is ambiguous")));
    assert!(!m.iter().any(|m| m.contains("User.posts")), "{m:#?}");
}

#[test]
fn an_unterminated_block_is_reported_and_the_next_block_still_read() {
    let text = "model A {\n  id Int @id\n\nmodel B {\n  id Int @id\n}\n\nenum E {\n  X\n";
    let imported = prisma::read(&[Source::new("bad.prisma", text)]);
    let m: Vec<String> = imported.diagnostics.iter().map(ToString::to_string).collect();
    assert!(
        m.contains(&"bad.prisma:1:7: error: model A: block is not closed with `}` before the next block".into()),
        "{m:#?}"
    );
    assert!(m.contains(&"bad.prisma:8:6: error: enum E: block is not closed with `}`".into()), "{m:#?}");
    assert_eq!(imported.schema.models.len(), 2);
    assert_eq!(imported.schema.enums[0].values.len(), 1);
}

#[test]
fn bad_lines_are_skipped_and_the_rest_is_read() {
    let text = "model A {\n  id Int @id\n  ### junk ###\n  name String @default(\n  ok Boolean\n}\n\x00\x01 garbage ÿ\nmodel B {\n  id Int @id\n}\n";
    let imported = prisma::read(&[Source::new("bad.prisma", text)]);
    let m: Vec<String> = imported.diagnostics.iter().map(ToString::to_string).collect();
    assert!(m.iter().any(|m| m.starts_with("bad.prisma:3:3: error: unexpected characters `###`")), "{m:#?}");
    assert!(m.iter().any(|m| m.starts_with("bad.prisma:7:1: error:")), "{m:#?}");
    let a = &imported.schema[imported.schema.model_by_name("A").unwrap()];
    assert!(a.field("ok").is_some(), "{m:#?}");
    assert!(imported.schema.model_by_name("B").is_some());
}

#[test]
fn unsupported_providers_and_misplaced_relation_arguments_are_reported() {
    let text = "datasource db {\n  provider = \"cockroachdb\"\n}\nmodel A {\n  id Int @id\n  bs B[] @relation(map: \"a_fk\")\n}\nmodel B {\n  id  Int @id\n  aId Int\n  a   A   @relation(fields: [aId], references: [id], map: a_fk, foo: 1)\n}\n";
    let m = messages(text);
    for expected in [
        "bad.prisma:2:3: warning: datasource db: provider \"cockroachdb\" is not supported; read as postgresql",
        "bad.prisma:6:3: warning: A.bs: `map: \"a_fk\"` names a foreign key, which this side does not hold; not kept",
        "bad.prisma:11:11: error: B.a: `map: a_fk` must be a string (the foreign key's name)",
        "bad.prisma:11:11: warning: B.a: `@relation` argument `foo: 1` is not kept",
    ] {
        assert!(m.contains(&expected.to_string()), "{expected} in {m:#?}");
    }
}

/// Rendering reproduces the file byte for byte (it is written as `prisma format` writes).
fn round_trip_exact(name: &str) -> Imported {
    let source = fixture(name);
    let imported = round_trip(name, std::slice::from_ref(&source));
    assert_eq!(imported.render(&EmitConfig::default()), source.text, "{name}: rendering differs from the file");
    imported
}

/// PostgreSQL types Prisma cannot read (`Unsupported("...")`, optional, lists, with a
/// `dbgenerated` default and indexed), foreign key names, `@ignore` on relation fields, keys
/// with `map:`, and comments inside the generator and datasource, all as written.
#[test]
fn unsupported_types_foreign_key_names_and_ignored_relation_fields() {
    let imported = round_trip_exact("postgis_unsupported.prisma");
    let s = &imported.schema;
    let place = model(s, "Place");
    let ty = |f: &str| s.type_name(place.field(f).unwrap().ty).into_owned();
    assert_eq!(ty("location"), "Unsupported(\"geometry(Point, 4326)\")");
    assert_eq!(s.unsupported, ["geometry(Point, 4326)", "circle", "point", "tsvector"]);
    assert!(place.field("location").unwrap().optional && place.field("corners").unwrap().list);
    let search = place.field("search").unwrap();
    assert!(matches!(search.ty, FieldType::Unsupported(_)));
    assert_eq!(search.default, Some(DefaultValue::DbGenerated("to_tsvector('simple'::regconfig, name)".into())));
    assert_eq!(place.indexes[0].options.name.as_deref(), Some("places_search_idx"));
    assert_eq!(place.indexes[1].options.method.as_deref(), Some("Gist"));
    let id = place.field("id").unwrap();
    assert!(id.id && place.field("name").unwrap().unique);
    let owner = relation(s, "Place", "owner");
    assert_eq!(owner.fk_name.as_deref(), Some("places_owner_fk"));
    assert_eq!(
        (owner.on_delete, owner.on_update),
        (Some(ReferentialAction::SetNull), Some(ReferentialAction::NoAction))
    );
    let auditor = relation(s, "Place", "auditor");
    assert_eq!(
        (auditor.name.as_deref(), auditor.fk_name.as_deref()),
        (Some("PlaceAuditor"), Some("places_auditor_fk"))
    );
    assert_eq!(
        (auditor.extra_attributes.holder.as_slice(), auditor.extra_attributes.target.as_slice()),
        (&["@ignore".to_string()][..], &["@ignore".to_string()][..])
    );
    let visit = model(s, "Visit");
    assert_eq!(visit.primary_key.as_ref().unwrap().arguments, ["map: \"visits_pk\""]);
    assert_eq!(model(s, "spatial_ref_sys").extra_attributes, ["@@ignore"]);
    let generator = imported.generators[0].entries.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>();
    assert_eq!(generator, ["provider", "output", "previewFeatures", "engineType"]);
}

/// `@relation` arguments in any order, `name:` spelled out, read as the same relation.
#[test]
fn relation_arguments_in_any_order_read_alike() {
    let ordered = prisma::read(&[fixture("postgis_unsupported.prisma")]);
    let shuffled = fixture("postgis_unsupported.prisma").text.replace(
        "@relation(\"PlaceOwner\", fields: [ownerId], references: [id], onDelete: SetNull, onUpdate: NoAction, map: \"places_owner_fk\")",
        "@relation(map: \"places_owner_fk\", onUpdate: NoAction, references: [id], name: \"PlaceOwner\", onDelete: SetNull, fields: [ownerId])",
    );
    assert!(shuffled.contains("name: \"PlaceOwner\""));
    let shuffled = prisma::read(&[Source::new("postgis_unsupported.prisma", shuffled)]);
    assert!(shuffled.diagnostics.is_empty(), "{:#?}", shuffled.diagnostics);
    assert_eq!(canonical(&shuffled.schema), canonical(&ordered.schema));
    assert_eq!(shuffled.render(&EmitConfig::default()), ordered.render(&EmitConfig::default()));
}

/// Key and index arguments: `@@id(fields:, name:, map:)`, `@@unique(name:, map:)`,
/// `@unique(map:, sort:)`, `@@index` with `map:`, `type:`, `ops:` (modelled) and per-field
/// `sort:` or `ops: raw(...)` (kept whole).
#[test]
fn key_and_index_arguments_round_trip() {
    let imported = round_trip_exact("index_arguments.prisma");
    let account = model(&imported.schema, "Account");
    let pk = account.primary_key.as_ref().unwrap();
    assert_eq!(pk.fields, ["tenantId", "email"]);
    assert_eq!(pk.arguments, ["name: \"tenantEmail\"", "map: \"accounts_pk\""]);
    assert_eq!(account.uniques[0].arguments, ["name: \"tenantHandle\"", "map: \"accounts_handle_key\""]);
    let handle = account.field("handle").unwrap();
    assert!(handle.unique);
    assert_eq!(handle.extra_attributes, ["@unique(map: \"accounts_handle_uq\", sort: Desc)"]);
    let indexes: Vec<_> = account
        .indexes
        .iter()
        .map(|i| (i.fields.join(","), i.options.method.clone(), i.options.ops.clone(), i.field_arguments.clone()))
        .collect();
    let none = Vec::new;
    assert_eq!(
        indexes,
        [
            ("tenantId,joinedAt".into(), None, None, vec![String::new(), "sort: Desc".into()]),
            ("data".into(), Some("Gin".into()), Some("JsonbPathOps".into()), none()),
            ("title".into(), Some("Gin".into()), None, vec!["ops: raw(\"gin_trgm_ops\")".into()]),
            ("tags".into(), Some("Gin".into()), None, none()),
            ("email".into(), Some("Hash".into()), None, none()),
        ]
    );
    assert!(account.extra_attributes.is_empty());
    // `fields:` spelled out reads as the list it names.
    let named =
        fixture("index_arguments.prisma").text.replace("@@id([tenantId, email]", "@@id(fields: [tenantId, email]");
    let named = prisma::read(&[Source::new("index_arguments.prisma", named)]);
    assert_eq!(canonical(&named.schema), canonical(&imported.schema));
}

/// MySQL's `length:` on `@id`, `@unique` and index fields, `@@fulltext`, and PlanetScale's
/// `@shardKey` / `@@shardKey` (a preview feature), kept as written.
#[test]
fn mysql_lengths_fulltext_and_shard_keys_round_trip() {
    let imported = round_trip_exact("mysql_key_arguments.prisma");
    let s = &imported.schema;
    let redirect = model(s, "Redirect");
    assert!(redirect.field("path").unwrap().id);
    assert_eq!(redirect.field("path").unwrap().extra_attributes, ["@id(length: 191)"]);
    assert_eq!(redirect.field("region").unwrap().extra_attributes, ["@shardKey"]);
    assert!(
        model(s, "Article")
            .extra_attributes
            .contains(&"@@fulltext([title, body], map: \"articles_search\")".to_string())
    );
    let hit = model(s, "Hit");
    assert_eq!(hit.extra_attributes, ["@@shardKey([region, path])"]);
    assert_eq!(hit.indexes[0].field_arguments, ["length: 191"]);
}

/// A tiny deterministic generator for the robustness test.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % bound.max(1)
    }
}

#[test]
fn mangled_inputs_never_panic() {
    let pieces = [
        "{", "}", "(", ")", "[", "]", "@", "@@", "\"", "\\", "///", "//", "\n", "\r\n", ",", ":", "?", "é", "\u{feff}",
        "model", " ",
    ];
    let texts: Vec<String> = ["blog.prisma", "org_tree.prisma", "composite_keys.prisma", "sqlite_misc.prisma"]
        .iter()
        .map(|n| fixture(n).text)
        .collect();
    let mut rng = Lcg(7);
    for round in 0..400 {
        let mut text: Vec<char> = texts[round % texts.len()].chars().collect();
        for _ in 0..1 + rng.next(6) {
            let at = rng.next(text.len() + 1);
            match rng.next(3) {
                0 => text.truncate(at),
                1 if at < text.len() => {
                    let end = (at + rng.next(20)).min(text.len());
                    text.drain(at..end);
                }
                _ => {
                    let piece = pieces[rng.next(pieces.len())];
                    text.splice(at..at, piece.chars());
                }
            }
        }
        let text: String = text.into_iter().collect();
        let imported = prisma::read(&[Source::new("m.prisma", text.as_str())]);
        // Whatever was read can be emitted.
        let _ = emit::render(&imported.schema, &EmitConfig::default());
    }
    // Deep nesting is capped, not recursed into.
    let deep = format!("model A {{\n  id Int @id @default({}1{})\n}}\n", "[".repeat(10_000), "]".repeat(10_000));
    let m = messages(&deep);
    assert!(m.iter().any(|m| m.contains("nested deeper than")), "{m:#?}");
}

#[test]
fn large_schemas_read_in_linear_time() {
    let mut text = String::from("datasource db {\n  provider = \"postgresql\"\n}\n");
    for i in 0..3000u32 {
        let prev = if i == 0 { String::new() } else { format!("  prev M{}? @relation(\"R{}\")\n", i - 1, i - 1) };
        let _ = write!(
            text,
            "model M{i} {{\n  id Int @id\n  name String @db.VarChar(50)\n  nextId Int? @unique\n  next M{} ? @relation(\"R{i}\", fields: [nextId], references: [id])\n{prev}}}\n",
            i + 1,
        );
    }
    text.push_str("model M3000 {\n  id Int @id\n  prev M2999? @relation(\"R2999\")\n}\n");
    // Speed is measured by `cargo bench --bench check`, not asserted here.
    let imported = prisma::read(&[Source::new("big.prisma", text)]);
    assert_eq!(imported.schema.models.len(), 3001);
    assert_eq!(
        imported.schema.relations.len(),
        3000,
        "{:#?}",
        &imported.diagnostics[..3.min(imported.diagnostics.len())]
    );
    assert!(Path::new(env!("CARGO_MANIFEST_DIR")).is_dir());
}

/// `prisma format` orders attributes by kind (field: `@id @unique @default @updatedAt @map
/// @relation @ignore … @db.*`; block: `@@id @@unique @@index @@fulltext @@map @@ignore
/// @@schema`); the emitter sorts modelled and verbatim attributes together the same way.
#[test]
fn verbatim_attributes_are_placed_as_prisma_format_orders_them() {
    let text = "datasource db {\n  provider = \"postgresql\"\n}\n\nmodel A {\n  id        Int      @id @default(autoincrement())\n  code      String   @default(cuid()) @unique\n  email     String   @unique(map: \"a_email_key\") @db.VarChar(191)\n  updatedAt DateTime @updatedAt @map(\"updated_at\")\n\n  @@index([email], type: Hash)\n  @@index([code])\n  @@map(\"as\")\n}\n";
    round_trip("attribute order", &[Source::new("order.prisma", text)]);
}

fn model<'a>(s: &'a Schema, name: &str) -> &'a schemata::model::Model {
    &s[s.model_by_name(name).unwrap_or_else(|| panic!("model {name}"))]
}

fn composite<'a>(s: &'a Schema, name: &str) -> &'a schemata::model::CompositeType {
    &s[s.type_by_name(name).unwrap_or_else(|| panic!("type {name}"))]
}

#[test]
fn views_are_models_of_kind_view_on_either_side_of_relations() {
    let imported = round_trip("views", &[fixture("views.prisma")]);
    let s = &imported.schema;
    assert_eq!(imported.generators[0].get("previewFeatures"), Some("[\"views\"]"));
    let kinds: Vec<(&str, ModelKind)> = s.models.iter().map(|m| (m.name.as_str(), m.kind)).collect();
    assert_eq!(
        kinds,
        [
            ("Instructor", ModelKind::Model),
            ("Course", ModelKind::Model),
            ("Enrollment", ModelKind::Model),
            ("InstructorStats", ModelKind::View),
            ("CourseRevenue", ModelKind::View),
            ("ActiveStudent", ModelKind::View),
        ]
    );
    let stats = model(s, "InstructorStats");
    assert_eq!(stats.db_name.as_deref(), Some("instructor_stats"));
    assert_eq!(stats.description.as_deref(), Some("Courses and sales per instructor, one row each."));
    let key = stats.field("instructorId").unwrap();
    assert!(key.unique && !key.id);
    assert_eq!(key.db_name.as_deref(), Some("instructor_id"));
    assert_eq!(stats.field("courseCount").unwrap().description.as_deref(), Some("Published courses only."));
    assert_eq!(stats.id_field(), None);
    // A view holding the foreign key (one-to-one and many-to-one) ...
    let one = relation(s, "InstructorStats", "instructor");
    assert_eq!(
        (one.kind, s[one.holder].name.as_str(), one.target_field.as_str()),
        (RelationKind::OneToOne, "InstructorStats", "stats")
    );
    let revenue = model(s, "CourseRevenue");
    assert_eq!(revenue.uniques[0].fields, ["courseId", "month"]);
    assert_eq!(relation(s, "Course", "revenue").kind, RelationKind::ManyToOne);
    // ... and a model pointing at a view's unique column.
    let student = relation(s, "Enrollment", "student");
    assert_eq!(
        (s[student.target].name.as_str(), student.references.clone()),
        ("ActiveStudent", vec!["email".to_string()])
    );
    assert_eq!(student.target_field, "enrollments");
    let text = imported.render(&EmitConfig::default());
    assert!(
        text.contains(
            "\n/// Students seen in the last 30 days; enrollments point at it by email.\nview ActiveStudent {\n"
        ),
        "{text}"
    );
    assert!(!text.contains("model ActiveStudent"));
}

#[test]
fn mongodb_composite_types_nest_and_take_field_attributes() {
    let imported = round_trip("mongo_composite", &[fixture("mongo_composite.prisma")]);
    let s = &imported.schema;
    assert_eq!(s.provider, Provider::Mongodb);
    let names: Vec<&str> = s.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["GeoPoint", "Address", "Money", "OrderLine", "Payment"]);
    // A type within a type, optional; @map and @default on composite fields.
    let address = composite(s, "Address");
    assert_eq!(address.description.as_deref(), Some("A postal address, embedded wherever one is needed."));
    let location = address.field("location").unwrap();
    assert_eq!((location.ty, location.optional), (FieldType::Composite(s.type_by_name("GeoPoint").unwrap()), true));
    assert_eq!(address.field("postalCode").unwrap().db_name.as_deref(), Some("postal_code"));
    assert_eq!(address.field("country").unwrap().default, Some(DefaultValue::Text("DE".into())));
    let point = composite(s, "GeoPoint");
    assert_eq!(point.field("kind").unwrap().db_name.as_deref(), Some("type"));
    assert!(point.field("coordinates").unwrap().list);
    // An enum inside a type, with its default; a type inside a type inside a list.
    let money = composite(s, "Money");
    assert_eq!(money.field("currency").unwrap().default, Some(DefaultValue::EnumValue("EUR".into())));
    let line = composite(s, "OrderLine");
    assert_eq!(line.field("productId").unwrap().native.as_ref().unwrap().name, "ObjectId");
    assert_eq!(line.field("unitPrice").unwrap().ty, FieldType::Composite(s.type_by_name("Money").unwrap()));
    let order = model(s, "Order");
    let lines = order.field("lines").unwrap();
    assert_eq!((s.field_type(lines), lines.list), ("OrderLine[]".to_string(), true));
    assert_eq!(order.field("shipTo").unwrap().db_name.as_deref(), Some("ship_to"));
    assert_eq!(s.field_type(order.field("payment").unwrap()), "Payment?");
    let customer = model(s, "Customer");
    assert_eq!(s.field_type(customer.field("addresses").unwrap()), "Address[]");
    assert_eq!(s.field_type(customer.field("billing").unwrap()), "Address?");
    assert_eq!(relation(s, "Order", "customer").kind, RelationKind::ManyToOne);
}

#[test]
fn multi_schema_keeps_schemas_and_enum_maps() {
    let imported = round_trip("multi_schema", &[fixture("multi_schema.prisma")]);
    let s = &imported.schema;
    assert_eq!(imported.datasources[0].get("schemas"), Some("[\"auth\", \"sales\", \"reporting\"]"));
    let status = &s[s.enum_by_name("OrderStatus").unwrap()];
    assert_eq!(status.db_name.as_deref(), Some("order_status"));
    assert_eq!(status.extra_attributes, ["@@schema(\"sales\")"]);
    assert_eq!(status.values[1].db_name.as_deref(), Some("paid"));
    assert_eq!(s[s.enum_by_name("Role").unwrap()].db_name.as_deref(), Some("role"));
    assert_eq!(model(s, "Session").extra_attributes, ["@@schema(\"auth\")"]);
    let item = model(s, "OrderItem");
    assert_eq!(item.primary_key.as_ref().unwrap().fields, ["orderId", "sku"]);
    let daily = model(s, "DailySales");
    assert_eq!(
        (daily.kind, daily.extra_attributes.clone()),
        (ModelKind::View, vec!["@@schema(\"reporting\")".to_string()])
    );
    let text = imported.render(&EmitConfig::default());
    assert!(
        text.contains("  REFUNDED @map(\"refunded\")\n\n  @@map(\"order_status\")\n  @@schema(\"sales\")\n}\n"),
        "{text}"
    );
}

#[test]
fn native_types_dbgenerated_defaults_json_and_bytes() {
    let imported = round_trip("saas_native", &[fixture("saas_native.prisma")]);
    let s = &imported.schema;
    let native = |model_name: &str, field: &str| {
        let f = model(s, model_name).field(field).unwrap();
        let modelled = f.native.as_ref().map(|n| format!("@db.{}({})", n.name, n.args.join(", ")));
        (modelled, f.extra_attributes.clone())
    };
    let tenant = model(s, "Tenant");
    assert_eq!(tenant.field("id").unwrap().default, Some(DefaultValue::DbGenerated("gen_random_uuid()".into())));
    assert_eq!(tenant.field("settings").unwrap().default, Some(DefaultValue::Text("{}".into())));
    assert_eq!(tenant.field("logo").unwrap().ty, FieldType::Scalar(Scalar::Bytes));
    assert_eq!(native("Tenant", "slug").0.as_deref(), Some("@db.VarChar(63)"));
    assert_eq!(native("Product", "price").0.as_deref(), Some("@db.Decimal(10, 2)"));
    // Native types the model does not hold are kept verbatim, in Prisma's order.
    assert_eq!(native("Tenant", "createdAt").1, ["@db.Timestamptz(6)"]);
    assert_eq!(native("Tenant", "updatedAt").1, ["@updatedAt", "@db.Timestamptz(6)"]);
    assert_eq!(native("Payment", "signature").1, ["@db.ByteA"]);
    assert_eq!(native("OrderLine", "position").1, ["@db.SmallInt"]);
    let order = model(s, "Order");
    assert_eq!(order.field("id").unwrap().ty, FieldType::Scalar(Scalar::BigInt));
    assert_eq!(order.field("tax").unwrap().default, Some(DefaultValue::Number("0".into())));
    assert!(order.extra_attributes.is_empty());
    assert_eq!(order.indexes[0].field_arguments, ["", "sort: Desc"]);
    let state = &s[s.enum_by_name("PaymentState").unwrap()];
    assert_eq!(state.db_name.as_deref(), Some("payment_state"));
    assert_eq!(relation(s, "OrderLine", "product").on_delete, Some(ReferentialAction::Restrict));
}

/// With schemata's own generator block (not the imported one), a schema with views asks for
/// the `views` preview feature itself.
#[test]
fn views_get_their_preview_feature_from_the_emitter() {
    let imported = prisma::read(&[fixture("views.prisma")]);
    let text = emit::render(&imported.schema, &EmitConfig::default());
    assert!(
        text.starts_with(
            "generator client {\n  provider        = \"prisma-client\"\n  output          = \"./generated\"\n  previewFeatures = [\"views\"]\n}\n"
        ),
        "{text}"
    );
    prisma_accepts("views with the emitter's header", &text, common::prisma_cli());
    let tables = prisma::read(&[fixture("blog.prisma")]);
    assert!(!emit::render(&tables.schema, &EmitConfig::default()).contains("previewFeatures"));
}

/// One file per model: each composite type (and an enum used only inside one) goes with the
/// first model that embeds it, and Prisma 6 reads the folder.
#[test]
fn composite_types_follow_their_first_model_into_its_file() {
    let imported = prisma::read(&[fixture("mongo_composite.prisma")]);
    let s = &imported.schema;
    let config = EmitConfig { prisma_major: 6, generator: emit::Generator::PrismaClientJs, doc_comments: true };
    let files = emit::render_files(s, &config);
    let blocks = |name: &str| -> Vec<String> {
        let file = files.iter().find(|f| f.name == name).unwrap_or_else(|| panic!("{name}"));
        file.text.lines().filter(|l| l.ends_with('{')).map(|l| l.trim_end_matches(" {").to_string()).collect()
    };
    assert_eq!(blocks("schema.prisma"), ["generator client", "datasource db"]);
    assert_eq!(blocks("customer.prisma"), ["type GeoPoint", "type Address", "model Customer"]);
    assert_eq!(
        blocks("order.prisma"),
        ["enum Currency", "type Money", "type OrderLine", "type Payment", "model Order"]
    );
    assert_eq!(blocks("store.prisma"), ["model Store"]);
    let Some(cli) = common::prisma6_cli() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("schema");
    std::fs::create_dir(&folder).expect("schema folder");
    for f in &files {
        std::fs::write(folder.join(&f.name), &f.text).expect("write");
    }
    let validate = cli.run(Step::Validate, &folder, dir.path()).expect("prisma runs");
    assert!(validate.success, "prisma validate rejected the folder:\n{}", validate.output());
    let sources: Vec<Source> = files.iter().map(|f| Source::new(f.name.as_str(), f.text.as_str())).collect();
    let again = prisma::read(&sources);
    assert!(again.diagnostics.is_empty(), "{:#?}", again.diagnostics);
    // Only the file's header comment, above the generator this layout replaces, is gone.
    let mut without_header = s.clone();
    without_header
        .comments
        .retain(|c| !matches!(&c.place, CommentPlace::Before { block } if block == "generator client"));
    assert_eq!(canonical(&again.schema), canonical(&without_header));
}

/// A profile adds ids, audit fields and table names to tables, never to views (their columns
/// and names are the database view's), and the gate asks nothing of a view's name.
#[test]
fn profiles_and_the_gate_leave_views_as_the_database_has_them() {
    let imported = prisma::read(&[fixture("views.prisma")]);
    let before = &imported.schema;
    let mut schema = before.clone();
    let profile = conventions::Profile::postgres();
    conventions::apply(&mut schema, &profile);
    for (old, new) in before.models.iter().zip(&schema.models) {
        if old.is_view() {
            assert_eq!(old, new, "view {} changed", old.name);
        }
    }
    let course = model(&schema, "Course");
    assert!(course.field("createdAt").is_some() && course.field("updatedAt").is_some());
    // CourseRevenue maps to "course_revenue", not the profile's plural: fine for a view.
    assert_eq!(conventions::expected_table(&profile, "CourseRevenue").as_deref(), Some("course_revenues"));
    let report = schemata::check::verify(&schema, &imported.diagnostics, None, &profile);
    assert!(report.passed(), "{report}");
    // The same name on a table is a finding.
    let revenue = schema.model_by_name("CourseRevenue").unwrap();
    schema[revenue].kind = ModelKind::Model;
    let report = schemata::check::verify(&schema, &imported.diagnostics, None, &profile);
    assert_eq!(report.findings.len(), 1, "{report}");
    assert_eq!(report.findings[0].model.as_deref(), Some("CourseRevenue"));
}

/// MongoDB has no Decimal, inside composite types too.
#[test]
fn the_mongodb_profile_turns_decimals_in_composite_types_into_floats() {
    let text = fixture("mongo_composite.prisma").text.replace("  amount   Float\n", "  amount   Decimal\n");
    let imported = prisma::read(&[Source::new("decimal.prisma", text)]);
    let mut schema = imported.schema;
    let diagnostics = conventions::apply(&mut schema, &conventions::Profile::mongodb());
    assert_eq!(composite(&schema, "Money").field("amount").unwrap().ty, FieldType::Scalar(Scalar::Float));
    let messages: Vec<String> = diagnostics.iter().map(|d| d.message.clone()).collect();
    assert!(
        messages.contains(&"Money.amount is Decimal, which MongoDB does not support; it becomes Float".to_string())
    );
}

/// The documentation says which blocks are views and what the composite types hold.
#[test]
fn docs_explain_views_and_composite_types() {
    let views = prisma::read(&[fixture("views.prisma")]).schema;
    let config = schemata::docs::DocsConfig {
        profile: conventions::Profile::postgres(),
        schema_path: "prisma/schema.prisma".into(),
    };
    let md = schemata::docs::database_schema(&views, &config);
    assert!(md.contains("- **Database**: PostgreSQL (Prisma 7), 3 models, 3 views, 0 enums.\n"), "{md}");
    assert!(md.contains("\n### ActiveStudent\n\nStudents seen in the last 30 days; enrollments point at it by email.\n\nView `active_students` (read-only"), "{md}");
    assert!(md.contains("1. Instructor\n2. Course\n3. Enrollment\n\nViews are computed by the database, never seeded: InstructorStats, CourseRevenue, ActiveStudent.\n"), "{md}");
    let skill = schemata::docs::skill(&views, &config);
    assert!(skill.contains("- **InstructorStats** (view `instructor_stats`, read-only): Courses and sales"), "{skill}");
    assert!(skill.contains("- **Views**: InstructorStats, CourseRevenue, ActiveStudent are database views"), "{skill}");

    let mongo = prisma::read(&[fixture("mongo_composite.prisma")]).schema;
    let config = schemata::docs::DocsConfig { profile: conventions::Profile::mongodb(), ..config };
    let md = schemata::docs::database_schema(&mongo, &config);
    assert!(md.contains("3 models, 1 enums, 5 composite types."), "{md}");
    assert!(md.contains("\n## Composite types\n"), "{md}");
    assert!(md.contains("\n### Money\n\nEmbedded, used by `OrderLine.unitPrice`, `Payment.total` · stated at mongo_composite.prisma:"), "{md}");
    assert!(md.contains("| `location` | `GeoPoint?` | no |"), "{md}");
    let skill = schemata::docs::skill(&mongo, &config);
    assert!(skill.contains("- Embedded documents (composite types, set them whole or with `set`/`push`/`update`): `Customer.addresses` (Address[]), `Customer.billing` (Address?)"), "{skill}");
}

/// `//` comments are kept where they were written (above a block or member, ending a line,
/// closing a block, ending the file), `///` docs on enum values, relation fields and block
/// attributes too, and inside the generator and datasource blocks.
#[test]
fn comments_everywhere_survive_the_round_trip() {
    let imported = round_trip("commented", &[fixture("commented.prisma")]);
    let s = &imported.schema;
    assert!(imported.diagnostics.is_empty(), "{:#?}", imported.diagnostics);
    let status = &s[s.enum_by_name("TicketStatus").unwrap()];
    assert_eq!(status.description.as_deref(), Some("Where a ticket is in its life."));
    assert_eq!(status.values[0].description.as_deref(), Some("Nobody has looked at it yet."));
    assert_eq!(
        model(s, "Agent").field("email").unwrap().description.as_deref(),
        Some("Work address, used to sign in.")
    );
    let text = imported.render(&EmitConfig::default());
    for expected in [
        "// Helpdesk: tickets, agents and the conversation on each ticket.\n// Owned by the support-platform team; ask in #support-eng before changing a table.\n// The client is generated next to the app.\ngenerator client {\n",
        "// Keep in sync with the status badge colours in the web app.\n/// Where a ticket is in its life.\nenum TicketStatus {\n  /// Nobody has looked at it yet.\n  NEW\n  OPEN // an agent is on it\n  // Waiting on the customer: the SLA clock stops.\n  PENDING @map(\"waiting\")\n",
        "  CLOSED // terminal\n\n  @@map(\"ticket_status\") // the PostgreSQL type\n}\n",
        "  email     String   @unique // lower-cased by the app\n",
        "  // Agents are never deleted, only deactivated.\n  active    Boolean  @default(true)\n",
        // A relation field's doc and comments, though the field is derived from its relation.
        "  /// Tickets this agent owns.\n  tickets   Ticket[]\n",
        "  // TODO: add a team relation once teams exist.\n\n  @@map(\"agents\") // plural, as every table\n}\n",
        "  // Null until an agent picks the ticket up.\n  assignee   Agent?",
        "  // The queue view lists open tickets per agent, newest first.\n  @@index([assigneeId, status])\n  /// Reporting scans by month.\n  @@index([openedAt])\n",
        "onDelete: Cascade) // replies go with their ticket\n",
        // A comment after the block attributes closes the members, as prisma format puts it.
        "  sentAt   DateTime @default(now()) @map(\"sent_at\")\n  // Replies are append-only: no updatedAt on purpose.\n\n  @@index([ticketId])\n",
        "}\n\n// End of schema. Generated clients live in ./generated and are not committed.\n",
        "datasource db {\n  provider = \"postgresql\" // one database per region\n}\n",
    ] {
        assert!(text.contains(expected), "`{expected}` in\n{text}");
    }
}

#[test]
fn a_relation_inside_a_composite_type_is_an_error_naming_the_model() {
    let text = "datasource db {\n  provider = \"mongodb\"\n}\n\ntype Address {\n  street String\n  owner  User\n}\n\nmodel User {\n  id String @id @map(\"_id\") @db.ObjectId\n}\n";
    assert!(
        messages(text).contains(&"bad.prisma:7:3: error: Address.owner: a composite type cannot hold a relation (to User); store its id instead; field not kept".to_string())
    );
}

/// What schemata derives from a schema copes with `Unsupported` columns and named foreign
/// keys: the seed leaves a model with a required one out (the client cannot create its rows)
/// and an optional one unset, the DDL preview writes the database's type and constraint name,
/// the coding-agent skill says the column is database-only, the ERD reads as a diagram.
#[test]
fn seed_ddl_and_docs_handle_unsupported_columns() {
    let s = prisma::read(&[fixture("postgis_unsupported.prisma")]).schema;
    let profile = conventions::Profile::postgres();
    let seed = schemata::seed::render(&s, &profile);
    assert!(
        seed.contains("Place: its required field area has a type Prisma cannot write (Unsupported(\"circle\"))"),
        "{seed}"
    );
    assert!(!seed.contains("location"), "{seed}");
    let ddl = schemata::ddl::render_schema(&s);
    assert!(ddl.contains("\"location\" geometry(Point, 4326)"), "{ddl}");
    assert!(ddl.contains("\"corners\" point[]"), "{ddl}");
    assert!(ddl.contains("ADD CONSTRAINT \"places_owner_fk\" FOREIGN KEY (\"ownerId\")"), "{ddl}");
    let config = schemata::docs::DocsConfig { profile, schema_path: "prisma/schema.prisma".into() };
    let skill = schemata::docs::skill(&s, &config);
    assert!(skill.contains("- Database-only columns (types Prisma cannot read or write; the client leaves them out, use raw SQL): `Place.location` (`Unsupported(\"geometry(Point, 4326)\")?`)"), "{skill}");
    let erd = schemata::docs::erd::mermaid(&s);
    assert!(erd.contains("        geometry(Point_4326) location \"nullable\"\n"), "{erd}");
}

/// A base key or index spelled with arguments (`name:`, `map:` on a key, `sort:` on a field) is
/// the same set as the documents' plain one: a change does not add it a second time.
#[test]
fn a_change_matches_sets_whatever_their_arguments() {
    let head = "datasource db {\n  provider = \"postgresql\"\n}\n\nmodel Account {\n  id      Int    @id\n  email   String\n  balance Int\n\n";
    let base = prisma::read(&[Source::new(
        "base.prisma",
        format!(
            "{head}  @@unique([email, balance], name: \"byEmail\", map: \"accounts_email_uq\")\n  @@index([email, balance(sort: Desc)])\n}}\n"
        ),
    )]);
    let proposed = prisma::read(&[Source::new(
        "docs.prisma",
        format!("{head}  @@unique([email, balance])\n  @@index([email, balance])\n  @@index([balance])\n}}\n"),
    )]);
    let change = schemata::change::diff(&base.schema, &proposed.schema, None);
    assert_eq!(change.lines(), ["~ model Account: + @@index([balance])"]);
}
