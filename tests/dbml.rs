//! DBML documents through the whole pipeline: `../shared/samples/shop.dbml` against its
//! expected answer (models, fields, types, optionality, enums, relations, the composite key,
//! referential actions, `@@map`/`@map` and native types), fixtures of every DBML form, and
//! the emitted schemas through the real `prisma validate` and `prisma format`.

mod common;

use common::expected::{Strictness, check_against_expected, find_relation, str_of};

use schemata::emit::{self, EmitConfig};
use schemata::infer::{self, Settings};
use schemata::ingest::{self, Format, Source};
use schemata::model::{Decisions, NativeType, ReferentialAction, Relation, RelationKind, Schema};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn infer_text(name: &str, text: &str) -> (Schema, Vec<String>) {
    let ingested = ingest::ingest(&[Source::new(name, text)]);
    let diagnostics: Vec<String> =
        ingested.documents.iter().flat_map(|d| d.diagnostics.iter().map(ToString::to_string)).collect();
    let schema = infer::infer(&ingested, &Decisions::default(), &Settings::default()).schema;
    (schema, diagnostics)
}

fn relation_of<'s>(schema: &'s Schema, from: &str, to: &str, fk: &str) -> &'s Relation {
    let from_id = schema.model_by_name(from).unwrap_or_else(|| panic!("model {from}"));
    let to_id = schema.model_by_name(to).unwrap_or_else(|| panic!("model {to}"));
    find_relation(schema, from_id, to_id, fk).unwrap_or_else(|| panic!("{from}.{fk} → {to}: {:#?}", schema.relations))
}

fn render(schema: &Schema) -> String {
    let text = emit::render(schema, &EmitConfig::default());
    assert_eq!(text, emit::render(schema, &EmitConfig::default()), "emission is deterministic");
    text
}

fn shop() -> Option<(Schema, Value, Vec<String>)> {
    let samples = common::samples_dir()?;
    let path = samples.join("shop.dbml");
    let text = std::fs::read_to_string(&path).expect("sample readable");
    let (schema, diagnostics) = infer_text(&path.display().to_string(), &text);
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(samples.join("expected").join("shop.json")).expect("answer"))
            .expect("expected answer is JSON");
    Some((schema, expected, diagnostics))
}

#[test]
fn dbml_files_are_read_as_dbml() {
    assert_eq!(Format::of("shop.dbml"), Format::Dbml);
    assert_eq!(Format::of("docs/Schema.DBML"), Format::Dbml);
}

#[test]
fn shop_dbml_meets_its_expected_answer() {
    let Some((schema, expected, diagnostics)) = shop() else { return };
    assert!(diagnostics.is_empty(), "shop.dbml reads cleanly: {diagnostics:#?}");
    check_against_expected(
        &schema,
        &expected,
        Strictness { absent_optional_is_required: true, no_unlisted_relations: true },
    );
    common::check_with_prisma("shop.dbml", &render(&schema));
}

#[test]
fn shop_dbml_keeps_the_database_names_and_types() {
    let Some((schema, _, _)) = shop() else { return };
    let model = |name: &str| &schema[schema.model_by_name(name).unwrap_or_else(|| panic!("model {name}"))];
    for (name, table) in [
        ("User", "users"),
        ("Address", "addresses"),
        ("Category", "categories"),
        ("Product", "products"),
        ("Order", "orders"),
        ("OrderItem", "order_items"),
        ("ProductTag", "product_tags"),
    ] {
        assert_eq!(model(name).db_name.as_deref(), Some(table), "@@map of {name}");
    }
    let user = model("User");
    let native = |name: &str, args: &[&str]| {
        Some(NativeType { name: name.into(), args: args.iter().map(ToString::to_string).collect() })
    };
    assert_eq!(user.field("id").expect("id").native, native("Uuid", &[]));
    assert_eq!(user.field("email").expect("email").native, native("VarChar", &["255"]));
    assert!(user.field("email").expect("email").unique);
    assert_eq!(user.field("fullName").expect("fullName").db_name.as_deref(), Some("full_name"));
    assert_eq!(user.field("email").expect("email").db_name, None);
    assert_eq!(model("Address").field("country").expect("country").description.as_deref(), Some("ISO 3166-1 alpha-2"));

    let item = model("OrderItem");
    let key = item.primary_key.as_ref().expect("order_items has a composite key");
    assert_eq!(key.fields, ["orderId", "productId"]);
    assert!(item.id_field().is_none());
    assert_eq!(
        model("Product").indexes.iter().map(|i| i.fields.clone()).collect::<Vec<_>>(),
        [["categoryId".to_string(), "title".to_string()]]
    );

    assert_eq!(relation_of(&schema, "Category", "Category", "parentId").on_delete, Some(ReferentialAction::SetNull));
    assert_eq!(relation_of(&schema, "Product", "Category", "categoryId").on_delete, Some(ReferentialAction::Restrict));
    assert_eq!(relation_of(&schema, "OrderItem", "Order", "orderId").on_delete, Some(ReferentialAction::Cascade));
    assert_eq!(relation_of(&schema, "OrderItem", "Product", "productId").on_delete, None);
    assert_eq!(relation_of(&schema, "Order", "User", "userId").on_delete, None);

    let text = render(&schema);
    for line in [
        "@@map(\"order_items\")",
        "@@id([orderId, productId])",
        "@map(\"full_name\") @db.VarChar(120)",
        "onDelete: SetNull",
        "status            OrderStatus @default(pending)",
        // The DBML enum's own name is the database type's.
        "  cancelled\n\n  @@map(\"order_status\")\n}",
    ] {
        assert!(text.contains(line), "`{line}` in\n{text}");
    }
}

/// DBML states database types: they map as Prisma's introspection maps them, for the
/// database the project names (PostgreSQL when it names none); its own words (`string`) still
/// read as a document's.
#[test]
fn dbml_types_map_as_introspection_maps_them() {
    let printed = |text: &str, table: &str| -> Vec<(String, String, Option<String>)> {
        let (schema, diagnostics) = infer_text("t.dbml", text);
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
        let model = &schema.models.iter().find(|m| m.db_name.as_deref().unwrap_or(&m.name) == table).expect(table);
        model
            .fields
            .iter()
            .map(|f| {
                let native = f.native.as_ref().map(|n| match &n.args[..] {
                    [] => n.name.clone(),
                    args => format!("{}({})", n.name, args.join(", ")),
                });
                (f.name.clone(), schema.field_type(f), native)
            })
            .collect()
    };
    let pg = printed(
        "Enum mood {\n  happy\n  sad\n}\nTable kinds {\n  id int [pk]\n  at timestamptz\n  at3 timestamp(3)\n  \
         code \"character varying\"(40)\n  n smallint\n  spot point\n  spots int4range[]\n  m mood\n  s string\n  \
         tags text[]\n}\n",
        "kinds",
    );
    let expected = [
        ("id", "Int", None),
        ("at", "DateTime?", Some("Timestamptz(6)")),
        ("at3", "DateTime?", None),
        ("code", "String?", Some("VarChar(40)")),
        ("n", "Int?", Some("SmallInt")),
        ("spot", "Unsupported(\"point\")?", None),
        ("spots", "Unsupported(\"_int4range\")[]", None),
        ("m", "Mood?", None),
        ("s", "String?", None),
        ("tags", "String[]", None),
    ];
    let expected: Vec<(String, String, Option<String>)> =
        expected.iter().map(|(f, t, n)| (f.to_string(), t.to_string(), n.map(str::to_string))).collect();
    assert_eq!(pg, expected);

    let mysql = printed(
        "Project p {\n  database_type: 'MySQL'\n}\nTable kinds {\n  id int [pk, increment]\n  \
         flag \"tinyint(1)\" [not null]\n  made datetime [not null]\n  body text [not null]\n}\n",
        "kinds",
    );
    let mysql: Vec<(&str, &str, Option<&str>)> =
        mysql.iter().map(|(f, t, n)| (f.as_str(), t.as_str(), n.as_deref())).collect();
    assert_eq!(
        mysql,
        [
            ("id", "Int", None),
            ("flag", "Boolean", None),
            ("made", "DateTime", Some("DateTime(0)")),
            ("body", "String", Some("Text"))
        ]
    );
}

#[test]
fn shop_dbml_states_postgresql() {
    let Some(samples) = common::samples_dir() else { return };
    let text = std::fs::read_to_string(samples.join("shop.dbml")).expect("sample readable");
    let doc = ingest::read(&Source::new("shop.dbml", text));
    assert_eq!(doc.facts.len(), 1);
    assert_eq!(doc.facts[0].kind, schemata::ingest::raw::FactKind::PostgreSql);
    assert_eq!((doc.facts[0].at.line, doc.facts[0].at.column), (3, 3));
    assert!(doc.entities.iter().all(|e| e.physical));
}

fn fixtures() -> PathBuf {
    [env!("CARGO_MANIFEST_DIR"), "tests", "fixtures", "dbml"].iter().collect()
}

fn fixture(name: &str) -> (Schema, Vec<String>, String) {
    let path: PathBuf = fixtures().join(name);
    let text = std::fs::read_to_string(&path).expect("fixture readable");
    let (schema, diagnostics) = infer_text(&display(&path), &text);
    let rendered = render(&schema);
    (schema, diagnostics, rendered)
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

/// Every form of `Ref` (long, short, inline, `<`, `-`, `<>`, aliases, schema-qualified,
/// quoted names), multi-line notes and settings, through inference and the real CLI.
#[test]
fn every_ref_form_becomes_a_relation() {
    let (schema, diagnostics, text) = fixture("forms.dbml");
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    // `Ref { a.x > b.y }` (long form) with its actions.
    let r = relation_of(&schema, "Post", "Author", "authorId");
    assert_eq!(
        (r.kind, r.on_delete, r.on_update),
        (RelationKind::ManyToOne, Some(ReferentialAction::Cascade), Some(ReferentialAction::NoAction))
    );
    // `Ref: authors.id < comments.author_id` (the reverse direction) through the alias `A`.
    assert_eq!(relation_of(&schema, "Comment", "Author", "authorId").kind, RelationKind::ManyToOne);
    // Inline `ref: > posts.id`.
    assert_eq!(relation_of(&schema, "Comment", "Post", "postId").on_delete, None);
    // Two references between the same tables, each with its own action.
    assert_eq!(relation_of(&schema, "Post", "Author", "editorId").on_delete, Some(ReferentialAction::SetNull));
    // `-` one-to-one: the key sits on the column that is not a primary key.
    let profile = relation_of(&schema, "Profile", "Author", "authorId");
    assert_eq!(profile.kind, RelationKind::OneToOne);
    // `<>` many-to-many.
    let post = schema.model_by_name("Post").expect("Post");
    let tag = schema.model_by_name("BlogTag").expect("BlogTag");
    assert!(schema.relations.iter().any(|r| r.kind == RelationKind::ManyToMany && r.holder == post && r.target == tag));
    // Schema-qualified and quoted names, the multi-line note, arrays and `increment`.
    let author = &schema[schema.model_by_name("Author").expect("Author")];
    assert_eq!(author.db_name.as_deref(), Some("authors"));
    assert_eq!(author.description.as_deref(), Some("People who write.\nOne row per person."));
    assert_eq!(schema[post].db_name.as_deref(), Some("posts"));
    let labels = schema[post].field("labels").expect("labels");
    assert!(labels.list && !labels.optional);
    assert_eq!(schema[tag].db_name.as_deref(), Some("blog_tags"));
    common::check_with_prisma("forms.dbml", &text);
}

/// Broken DBML still gives what can be read, and says where the rest went wrong.
#[test]
fn broken_dbml_reports_lines_and_columns() {
    let path = fixtures().join("broken.dbml");
    let text = std::fs::read_to_string(&path).expect("fixture readable");
    let doc = ingest::read(&Source::new(display(&path), text));
    let messages: Vec<String> = doc.diagnostics.iter().map(ToString::to_string).collect();
    let has = |needle: &str| messages.iter().any(|m| m.contains(needle));
    assert!(has("broken.dbml:6:7: warning: table `orders` is not closed"), "{messages:#?}");
    assert!(has("broken.dbml:3:20: warning: settings `[` are not closed"), "{messages:#?}");
    assert!(has("broken.dbml:10:7: warning: table `items` is not closed"), "{messages:#?}");
    assert!(has("broken.dbml:13:8: warning: `Ref` names table `ghosts`"), "{messages:#?}");
    assert!(has("broken.dbml:14:1: warning: `}` closes no block"), "{messages:#?}");
    assert!(has("broken.dbml:15:1: warning: unreadable DBML at `This`: 2 lines skipped"), "{messages:#?}");
    assert_eq!(messages.len(), 6, "{messages:#?}");
    let names: Vec<&str> = doc.entities.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["users", "orders", "items"]);
    // The schema is still complete and valid.
    let (schema, _) = infer_text("broken.dbml", &std::fs::read_to_string(fixtures().join("broken.dbml")).unwrap());
    common::check_with_prisma("broken.dbml", &render(&schema));
}

/// `inspect` lists DBML tables, and what was set aside (table groups).
#[test]
fn inspect_lists_tables_and_skipped_groups() {
    let json: Value = common::inspect_json(&fixtures().join("forms.dbml"));
    let doc = &json["documents"][0];
    let tables: Vec<&str> = doc["entities"].as_array().expect("entities").iter().map(|e| str_of(e, "name")).collect();
    assert_eq!(tables, ["authors", "posts", "comments", "profiles", "blog_tags"]);
    let skipped: Vec<&str> = doc["skipped"].as_array().expect("skipped").iter().map(|s| str_of(s, "what")).collect();
    assert!(skipped.iter().any(|s| s.starts_with("table group")), "{skipped:?}");
}
