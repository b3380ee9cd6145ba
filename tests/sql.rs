//! SQL DDL through the whole pipeline: a hand-written PostgreSQL schema against its expected
//! answer, a `pg_dump --schema-only` of the same database giving the same schema, MySQL DDL,
//! and bad input (reported with lines, never a panic), with the emitted schemas through the
//! real `prisma validate` and `prisma format`.

mod common;

use common::expected::{Strictness, check_against_expected, find_relation};

use schemata::emit::{self, EmitConfig};
use schemata::infer::{self, Settings};
use schemata::ingest::raw::{FactKind, RawDocument};
use schemata::ingest::{self, Format, Source};
use schemata::model::{
    Decisions, DefaultValue, FieldType, NativeType, Provider, ReferentialAction, Relation, RelationKind, Scalar, Schema,
};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

fn fixtures() -> PathBuf {
    [env!("CARGO_MANIFEST_DIR"), "tests", "fixtures", "sql"].iter().collect()
}

fn fixture_text(name: &str) -> (String, String) {
    let path = fixtures().join(name);
    let text = std::fs::read_to_string(&path).expect("fixture readable");
    (path.display().to_string(), text)
}

fn infer_text(name: &str, text: &str) -> (Schema, Vec<String>) {
    let ingested = ingest::ingest(&[Source::new(name, text)]);
    let diagnostics: Vec<String> =
        ingested.documents.iter().flat_map(|d| d.diagnostics.iter().map(ToString::to_string)).collect();
    let schema = infer::infer(&ingested, &Decisions::default(), &Settings::default()).schema;
    (schema, diagnostics)
}

fn read(name: &str) -> RawDocument {
    let (path, text) = fixture_text(name);
    ingest::read(&Source::new(path, text))
}

fn render(schema: &Schema) -> String {
    let text = emit::render(schema, &EmitConfig::default());
    assert_eq!(text, emit::render(schema, &EmitConfig::default()), "emission is deterministic");
    text
}

fn relation_of<'s>(schema: &'s Schema, from: &str, to: &str, fk: &str) -> &'s Relation {
    let from_id = schema.model_by_name(from).unwrap_or_else(|| panic!("model {from}"));
    let to_id = schema.model_by_name(to).unwrap_or_else(|| panic!("model {to}"));
    find_relation(schema, from_id, to_id, fk).unwrap_or_else(|| panic!("{from}.{fk} → {to}: {:#?}", schema.relations))
}

fn native(name: &str, args: &[&str]) -> Option<NativeType> {
    Some(NativeType { name: name.into(), args: args.iter().map(ToString::to_string).collect() })
}

/// Each model's rendered lines, sorted: the same schema whatever the order of the statements
/// that stated it.
fn models_by_name(schema: &Schema) -> BTreeMap<String, Vec<String>> {
    schema
        .models
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let id = schema.model_by_name(&m.name).expect("model by name");
            assert_eq!(id.index(), i);
            let mut lines: Vec<String> =
                emit::render_model(schema, id, &EmitConfig::default()).lines().map(str::to_string).collect();
            lines.sort();
            (m.name.clone(), lines)
        })
        .collect()
}

#[test]
fn sql_files_are_read_as_sql() {
    assert_eq!(Format::of("schema.sql"), Format::Sql);
    assert_eq!(Format::of("db/DUMP.SQL"), Format::Sql);
}

// --- (1) a hand-written PostgreSQL schema --------------------------------------------------

#[test]
fn hand_written_postgres_meets_its_expected_answer() {
    let (path, text) = fixture_text("shop.sql");
    let (schema, diagnostics) = infer_text(&path, &text);
    assert!(diagnostics.is_empty(), "shop.sql reads cleanly: {diagnostics:#?}");
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(fixtures().join("shop.json")).expect("answer")).expect("JSON");
    check_against_expected(
        &schema,
        &expected,
        Strictness { absent_optional_is_required: true, no_unlisted_relations: true },
    );
    assert_eq!(schema.provider, Provider::Postgresql);

    let model = |name: &str| &schema[schema.model_by_name(name).unwrap_or_else(|| panic!("model {name}"))];
    for (name, table) in [
        ("Customer", "customers"),
        ("CustomerProfile", "customer_profiles"),
        ("Address", "addresses"),
        ("Category", "categories"),
        ("Product", "products"),
        ("Order", "orders"),
        ("OrderItem", "order_items"),
        ("Tag", "tags"),
    ] {
        assert_eq!(model(name).db_name.as_deref(), Some(table), "@@map of {name}");
    }
    let customer = model("Customer");
    assert_eq!(customer.description.as_deref(), Some("People who buy."));
    let id = customer.field("id").expect("id");
    assert_eq!((id.id, id.native.clone(), id.default.clone()), (true, native("Uuid", &[]), Some(DefaultValue::Uuid)));
    let email = customer.field("email").expect("email");
    assert!(email.unique && !email.optional);
    assert_eq!(email.native, native("VarChar", &["255"]));
    let full_name = customer.field("fullName").expect("fullName");
    assert_eq!(full_name.db_name.as_deref(), Some("full_name"));
    assert_eq!(full_name.native, native("VarChar", &["120"]));
    assert_eq!(customer.field("isVip").expect("isVip").default, Some(DefaultValue::Bool(false)));
    let tags = customer.field("tags").expect("tags");
    assert_eq!((tags.list, tags.description.as_deref()), (true, Some("Free-form labels set by support.")));
    assert_eq!(customer.field("createdAt").expect("createdAt").default, Some(DefaultValue::Now));

    let product = model("Product");
    let pid = product.field("id").expect("id");
    assert_eq!((pid.ty, pid.default.clone()), (FieldType::Scalar(Scalar::Int), Some(DefaultValue::Autoincrement)));
    assert_eq!(product.field("price").expect("price").native, native("Decimal", &["10", "2"]));
    assert!(product.field("sku").expect("sku").unique);
    assert_eq!(product.field("stock").expect("stock").default, Some(DefaultValue::Number("0".into())));
    assert_eq!(
        product.indexes.iter().map(|i| i.fields.clone()).collect::<Vec<_>>(),
        [["categoryId".to_string(), "title".to_string()]],
        "the B-tree index is kept, the GIN index is set aside"
    );
    assert_eq!(model("Address").field("country").expect("country").native, native("Char", &["2"]));
    assert_eq!(model("Order").field("id").expect("id").default, Some(DefaultValue::Autoincrement));
    assert_eq!(model("Order").field("placedAt").expect("placedAt").default, Some(DefaultValue::Now));
    assert_eq!(
        model("Order").field("status").expect("status").default,
        Some(DefaultValue::EnumValue("pending".into()))
    );

    let item = model("OrderItem");
    assert_eq!(item.primary_key.as_ref().expect("composite key").fields, ["orderId", "productId"]);
    assert!(item.id_field().is_none());
    assert_eq!(item.field("quantity").expect("quantity").default, Some(DefaultValue::Number("1".into())));

    assert_eq!(relation_of(&schema, "Category", "Category", "parentId").on_delete, Some(ReferentialAction::SetNull));
    let r = relation_of(&schema, "Product", "Category", "categoryId");
    assert_eq!((r.on_delete, r.on_update), (Some(ReferentialAction::Restrict), Some(ReferentialAction::Cascade)));
    assert_eq!(relation_of(&schema, "OrderItem", "Order", "orderId").on_delete, Some(ReferentialAction::Cascade));
    assert_eq!(relation_of(&schema, "Order", "Customer", "customerId").on_delete, None);
    assert_eq!(relation_of(&schema, "CustomerProfile", "Customer", "customerId").kind, RelationKind::OneToOne);

    let text = render(&schema);
    for line in [
        "@@map(\"order_items\")",
        "@@id([orderId, productId])",
        "@@index([categoryId, title])",
        "@map(\"full_name\") @db.VarChar(120)",
        "onDelete: SetNull",
        "enum OrderStatus {",
        // The PostgreSQL type keeps its name.
        "  cancelled\n\n  @@map(\"order_status\")\n}",
        "tags            String[]",
    ] {
        assert!(text.contains(line), "`{line}` in\n{text}");
    }
    common::check_with_prisma("shop.sql", &text);
}

#[test]
fn hand_written_postgres_lists_what_it_set_aside() {
    let doc = read("shop.sql");
    let skipped: Vec<(&str, u32)> = doc.skipped.iter().map(|s| (s.what.as_str(), s.at.line)).collect();
    assert_eq!(
        skipped,
        [
            ("1 schema, extension and database statements (`CREATE SCHEMA`, `CREATE EXTENSION`, `DROP`)", 4),
            ("default of array column `tags`", 13),
            ("index `products_attributes_idx` using gin", 55),
        ]
    );
    assert_eq!(doc.facts.len(), 1);
    assert_eq!(doc.facts[0].kind, FactKind::PostgreSql);
    assert!(doc.entities.iter().all(|e| e.physical));
    // The join table is a relationship, not a table.
    assert!(doc.entities.iter().all(|e| e.name != "_ProductToTag"));
}

// --- (2) pg_dump --schema-only of the same database -----------------------------------------

#[test]
fn pg_dump_gives_the_same_schema_as_the_hand_written_ddl() {
    let (path, text) = fixture_text("shop_dump.sql");
    let (dumped, diagnostics) = infer_text(&path, &text);
    assert!(diagnostics.is_empty(), "shop_dump.sql reads cleanly: {diagnostics:#?}");
    let (path, text) = fixture_text("shop.sql");
    let (written, _) = infer_text(&path, &text);
    let (a, b) = (models_by_name(&dumped), models_by_name(&written));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, lines) in &a {
        pretty_assertions::assert_eq!(lines, &b[name], "model {name}: pg_dump vs hand-written");
    }
    let enums =
        |s: &Schema| s.enums.iter().map(|e| (e.name.clone(), e.db_name.clone(), e.values.len())).collect::<Vec<_>>();
    assert_eq!(enums(&dumped), enums(&written));
    let relations = |s: &Schema| {
        let mut r: Vec<String> = s
            .relations
            .iter()
            .map(|r| {
                format!(
                    "{}.{:?} {:?} {} {:?}/{:?}",
                    s[r.holder].name, r.fk_fields, r.kind, s[r.target].name, r.on_delete, r.on_update
                )
            })
            .collect();
        r.sort();
        r
    };
    assert_eq!(relations(&dumped), relations(&written));
    common::check_with_prisma("shop_dump.sql", &render(&dumped));
}

#[test]
fn pg_dump_noise_is_set_aside_once_per_kind() {
    let doc = read("shop_dump.sql");
    assert!(doc.diagnostics.is_empty(), "{:#?}", doc.diagnostics);
    let names: Vec<&str> = doc.entities.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        ["addresses", "categories", "customer_profiles", "customers", "order_items", "orders", "products", "tags"]
    );
    let at = |table: &str| doc.entities.iter().find(|e| e.name == table).map(|e| (e.at.line, e.at.column));
    assert_eq!(at("addresses"), Some((88, 21)));
    let skipped: Vec<&str> = doc.skipped.iter().map(|s| s.what.as_str()).collect();
    for wanted in [
        "function `CREATE FUNCTION public.touch_placed_at() RETURNS trigger…`",
        "index `products_attributes_idx` using gin",
        "trigger `CREATE TRIGGER orders_touch_placed_at BEFORE INSERT ON publi…`",
        "default of array column `tags`",
        "14 session settings and client commands (`SET`, `set_config`, `\\restrict`)",
        "15 ownership and permission statements (`OWNER TO`, `GRANT`, `REVOKE`)",
        "8 sequence statements (`CREATE SEQUENCE`, `ALTER SEQUENCE`, `setval`)",
        "1 schema, extension and database statements (`CREATE SCHEMA`, `CREATE EXTENSION`, `DROP`)",
        "1 comments on objects other than tables and columns",
    ] {
        assert!(skipped.contains(&wanted), "`{wanted}` in {skipped:#?}");
    }
    assert_eq!(skipped.len(), 9, "{skipped:#?}");
    // The CHECK is read as what it states, the way a document would say it.
    let quantity = doc
        .entities
        .iter()
        .find(|e| e.name == "order_items")
        .and_then(|e| e.fields.iter().find(|f| f.name == "quantity"));
    assert_eq!(quantity.and_then(|f| f.description.as_deref()), Some("positive"));
    // Defaults set by `ALTER TABLE ONLY ... SET DEFAULT nextval(...)` are autoincrements.
    let id = doc.entities.iter().find(|e| e.name == "orders").and_then(|e| e.fields.iter().find(|f| f.name == "id"));
    assert_eq!(id.and_then(|f| f.default.as_deref()), Some("autoincrement()"));
    assert_eq!(doc.facts[0].kind, FactKind::PostgreSql);
    assert_eq!(doc.facts[0].at.line, 1);
}

// --- (3) MySQL ---------------------------------------------------------------------------

#[test]
fn mysql_ddl_with_backticks_and_auto_increment() {
    let (path, text) = fixture_text("blog_mysql.sql");
    let (schema, diagnostics) = infer_text(&path, &text);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    assert_eq!(schema.provider, Provider::Mysql);
    let model = |name: &str| &schema[schema.model_by_name(name).unwrap_or_else(|| panic!("model {name}"))];
    let author = model("Author");
    assert_eq!(author.db_name.as_deref(), Some("authors"));
    let id = author.field("id").expect("id");
    assert_eq!((id.ty, id.default.clone()), (FieldType::Scalar(Scalar::Int), Some(DefaultValue::Autoincrement)));
    assert!(author.field("email").expect("email").unique);
    // `varchar(191)` is Prisma's String on MySQL: introspection prints no `@db.VarChar(191)`.
    assert_eq!(author.field("email").expect("email").native, None);
    assert_eq!(author.field("displayName").expect("displayName").native, native("VarChar", &["100"]));
    assert_eq!(author.field("createdAt").expect("createdAt").native, None);
    let role = author.field("role").expect("role");
    let FieldType::Enum(role_enum) = role.ty else { panic!("role is an enum: {role:?}") };
    assert_eq!(
        schema[role_enum].values.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(),
        ["admin", "editor", "reader"]
    );
    assert_eq!(role.default, Some(DefaultValue::EnumValue("reader".into())));
    assert_eq!(author.field("bio").expect("bio").description.as_deref(), Some("Shown on the author page"));
    assert!(author.field("bio").expect("bio").optional);
    assert_eq!(author.field("createdAt").expect("createdAt").default, Some(DefaultValue::Now));

    let post = model("Post");
    let pid = post.field("id").expect("id");
    assert_eq!((pid.ty, pid.default.clone()), (FieldType::Scalar(Scalar::BigInt), Some(DefaultValue::Autoincrement)));
    assert_eq!(post.field("body").expect("body").ty, FieldType::Scalar(Scalar::String));
    assert_eq!(post.field("body").expect("body").native, native("LongText", &[]));
    assert_eq!(pid.native, native("UnsignedBigInt", &[]));
    let published = post.field("published").expect("published");
    assert_eq!(
        (published.ty, published.default.clone()),
        (FieldType::Scalar(Scalar::Boolean), Some(DefaultValue::Bool(false)))
    );
    assert_eq!(post.field("viewCount").expect("viewCount").ty, FieldType::Scalar(Scalar::Int));
    assert_eq!(post.field("metadata").expect("metadata").ty, FieldType::Scalar(Scalar::Json));
    assert_eq!(post.uniques.iter().map(|u| u.fields.clone()).collect::<Vec<_>>(), [["authorId", "slug"]]);
    assert_eq!(post.indexes.iter().map(|u| u.fields.clone()).collect::<Vec<_>>(), [["title"]]);
    let r = relation_of(&schema, "Post", "Author", "authorId");
    assert_eq!((r.on_delete, r.on_update), (Some(ReferentialAction::Cascade), Some(ReferentialAction::Cascade)));
    common::check_with_prisma("blog_mysql.sql", &render(&schema));

    let doc = read("blog_mysql.sql");
    assert_eq!(doc.facts[0].kind, FactKind::MySql);
    let skipped: Vec<&str> = doc.skipped.iter().map(|s| s.what.as_str()).collect();
    assert!(skipped.iter().any(|s| s.starts_with("1 data statements")), "{skipped:#?}");
}

// --- (4) bad input -----------------------------------------------------------------------

#[test]
fn broken_sql_reports_lines_and_reads_the_rest() {
    let doc = read("broken.sql");
    let messages: Vec<String> = doc.diagnostics.iter().map(ToString::to_string).collect();
    let has = |needle: &str| messages.iter().any(|m| m.contains(needle));
    assert!(has("broken.sql:7:1: warning: not SQL that schemata reads: `This line is prose"), "{messages:#?}");
    assert!(has("broken.sql:11:24: warning: the SQL parser rejects `CREATE TABLE teams (…`"), "{messages:#?}");
    assert!(has("broken.sql:17:41: warning: foreign key of `members` references table `teams`"), "{messages:#?}");
    assert!(has("broken.sql:21:25: warning: `ALTER TABLE` names table `ghosts`"), "{messages:#?}");
    assert!(has("broken.sql:23:65: warning: dollar-quoted string `$body$` is not closed"), "{messages:#?}");
    assert_eq!(messages.len(), 5, "{messages:#?}");
    let names: Vec<&str> = doc.entities.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["users", "members"]);
    let skipped: Vec<(&str, u32)> = doc.skipped.iter().map(|s| (s.what.as_str(), s.at.line)).collect();
    assert!(skipped.contains(&("unreadable text `This line is prose that someone pasted into the file`", 7)));
    assert!(skipped.iter().any(|(w, l)| w.starts_with("statement `CREATE TABLE teams") && *l == 11), "{skipped:#?}");
    assert!(skipped.iter().any(|(w, l)| w.starts_with("unfinished statement `CREATE FUNCTION") && *l == 23));
    // What was read still makes a valid schema.
    let (path, text) = fixture_text("broken.sql");
    let (schema, _) = infer_text(&path, &text);
    common::check_with_prisma("broken.sql", &render(&schema));
}

#[test]
fn garbage_and_unterminated_input_never_panics() {
    for text in [
        "",
        ";",
        "\u{feff}SELECT 1;",
        "garbage garbage garbage",
        "CREATE TABLE t (a text DEFAULT 'never closed);\nCREATE TABLE u (id int);",
        "CREATE FUNCTION f() AS $$ no end",
        "CREATE TABLE \"open (id int);",
        "/* open comment CREATE TABLE t (id int);",
        "CREATE TABLE t (id int) ;;; CREATE TABLE t2 (;",
        "\\connect shop\n\\.\nCOPY t FROM stdin;\n1\n",
        "CREATE TABLE t (a int REFERENCES t (a, b));",
        "CREATE TABLE t (a int, FOREIGN KEY (a, a) REFERENCES t (a));",
        "ALTER TABLE t ADD CONSTRAINT c FOREIGN KEY (x) REFERENCES y (z);",
    ] {
        let doc = ingest::read(&Source::new("bad.sql", text));
        let lines = u32::try_from(text.split('\n').count()).expect("few lines");
        for d in &doc.diagnostics {
            let at = d.at.as_ref().expect("every diagnostic has a place");
            assert!(at.line >= 1 && at.line <= lines && at.column >= 1, "{d} for {text:?}");
        }
        for s in &doc.skipped {
            assert!(s.at.line >= 1 && s.at.line <= lines, "{s:?} for {text:?}");
        }
        // Inference and emission still work.
        let (schema, _) = infer_text("bad.sql", text);
        let _ = render(&schema);
    }
    let doc = ingest::read(&Source::new(
        "bad.sql",
        "CREATE TABLE t (a text DEFAULT 'never closed);\nCREATE TABLE u (id int);",
    ));
    let messages: Vec<String> = doc.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(messages, ["bad.sql:1:32: warning: string `'` is not closed"]);
    assert!(doc.entities.is_empty());
}

#[test]
fn five_thousand_columns() {
    let mut text = String::from("CREATE TABLE wide (\n    id serial PRIMARY KEY");
    for i in 0..5_000 {
        text.push_str(&format!(",\n    col_{i} varchar({}) NOT NULL DEFAULT 'x'", i + 1));
    }
    text.push_str("\n);\n");
    for i in 0..5_000 {
        text.push_str(&format!("CREATE INDEX wide_{i}_idx ON wide USING btree (col_{i});\n"));
    }
    let start = Instant::now();
    let doc = ingest::read(&Source::new("wide.sql", text.as_str()));
    assert!(start.elapsed().as_secs() < 20, "linear time: {:?}", start.elapsed());
    assert!(doc.diagnostics.is_empty(), "{:#?}", &doc.diagnostics[..doc.diagnostics.len().min(3)]);
    let wide = &doc.entities[0];
    assert_eq!(wide.fields.len(), 5_001);
    assert_eq!(wide.constraints.len(), 5_000);
    let last = &wide.fields[5_000];
    assert_eq!((last.name.as_str(), last.ty.as_deref(), last.at.line), ("col_4999", Some("varchar(5000)"), 5_002));
}

#[test]
fn ten_thousand_statements() {
    let mut text = String::from("SET client_encoding = 'UTF8';\n");
    for i in 0..2_500_u32 {
        text.push_str(&format!(
            "CREATE TABLE public.t_{i} (\n    id integer NOT NULL,\n    parent_id integer,\n    note text DEFAULT 'a;b'\n);\n\
             ALTER TABLE public.t_{i} OWNER TO app;\n\
             ALTER TABLE ONLY public.t_{i}\n    ADD CONSTRAINT t_{i}_pkey PRIMARY KEY (id);\n\
             ALTER TABLE ONLY public.t_{i}\n    ADD CONSTRAINT t_{i}_parent_fkey FOREIGN KEY (parent_id) REFERENCES public.t_{}(id);\n",
            i.saturating_sub(1)
        ));
    }
    let start = Instant::now();
    let doc = ingest::read(&Source::new("many.sql", text.as_str()));
    assert!(start.elapsed().as_secs() < 20, "linear time: {:?}", start.elapsed());
    assert!(doc.diagnostics.is_empty(), "{:#?}", &doc.diagnostics[..doc.diagnostics.len().min(3)]);
    assert_eq!(doc.entities.len(), 2_500);
    assert_eq!(doc.relationships.len(), 2_500);
    assert!(doc.entities.iter().all(|e| e.fields[0].primary));
    let last = doc.entities.last().expect("tables");
    assert_eq!(last.at.line, 1 + 2_499 * 10 + 1);
}

/// `inspect` lists SQL tables and what was set aside.
#[test]
fn inspect_lists_tables_and_skipped_statements() {
    let json: Value = common::inspect_json(&fixtures().join("shop_dump.sql"));
    let doc = &json["documents"][0];
    let tables: Vec<&str> =
        doc["entities"].as_array().expect("entities").iter().map(|e| e["name"].as_str().unwrap_or("")).collect();
    assert_eq!(tables.len(), 8, "{tables:?}");
    assert!(doc["entities"].as_array().expect("entities").iter().all(|e| e["form"] == "sql"));
}
