//! SQLAlchemy models through the whole pipeline: a classic `Column` file with an association
//! table and enums, a 2.0 `Mapped[...]` file with mixins and `Annotated` aliases, a file of
//! table arguments, indexes, server defaults and PostgreSQL types, and broken input (reported
//! with lines and columns, never a panic). Every emitted schema goes through the real
//! `prisma validate` and `prisma format`.

mod common;

use common::expected::find_relation;

use schemata::emit::{self, EmitConfig};
use schemata::infer::{self, Settings};
use schemata::ingest::raw::{FactKind, RawDocument, RawForm};
use schemata::ingest::{self, Format, Source};
use schemata::model::{
    Decisions, DefaultValue, Field, FieldType, Model, NativeType, ReferentialAction, Relation, RelationKind, Scalar,
    Schema,
};
use serde_json::Value;
use std::path::PathBuf;

fn fixtures() -> PathBuf {
    [env!("CARGO_MANIFEST_DIR"), "tests", "fixtures", "sqlalchemy"].iter().collect()
}

fn fixture_text(name: &str) -> (String, String) {
    let path = fixtures().join(name);
    let text = std::fs::read_to_string(&path).expect("fixture readable");
    (path.display().to_string(), text)
}

fn read(name: &str) -> RawDocument {
    let (path, text) = fixture_text(name);
    ingest::read(&Source::new(path, text))
}

fn infer_text(name: &str, text: &str) -> (Schema, Vec<String>) {
    let ingested = ingest::ingest(&[Source::new(name, text)]);
    let diagnostics: Vec<String> =
        ingested.documents.iter().flat_map(|d| d.diagnostics.iter().map(ToString::to_string)).collect();
    let schema = infer::infer(&ingested, &Decisions::default(), &Settings::default()).schema;
    (schema, diagnostics)
}

fn infer_fixture(name: &str) -> (Schema, Vec<String>) {
    let (path, text) = fixture_text(name);
    infer_text(&path, &text)
}

fn render(schema: &Schema) -> String {
    let text = emit::render(schema, &EmitConfig::default());
    assert_eq!(text, emit::render(schema, &EmitConfig::default()), "emission is deterministic");
    text
}

fn model<'s>(schema: &'s Schema, name: &str) -> &'s Model {
    &schema[schema.model_by_name(name).unwrap_or_else(|| panic!("model {name}: {:?}", model_names(schema)))]
}

fn model_names(schema: &Schema) -> Vec<&str> {
    schema.models.iter().map(|m| m.name.as_str()).collect()
}

fn field<'m>(model: &'m Model, name: &str) -> &'m Field {
    model.field(name).unwrap_or_else(|| panic!("{}.{name}", model.name))
}

fn native(name: &str, args: &[&str]) -> Option<NativeType> {
    Some(NativeType { name: name.into(), args: args.iter().map(ToString::to_string).collect() })
}

fn relation_of<'s>(schema: &'s Schema, from: &str, to: &str, fk: &str) -> &'s Relation {
    let from_id = schema.model_by_name(from).unwrap_or_else(|| panic!("model {from}"));
    let to_id = schema.model_by_name(to).unwrap_or_else(|| panic!("model {to}"));
    find_relation(schema, from_id, to_id, fk).unwrap_or_else(|| panic!("{from}.{fk} → {to}: {:#?}", schema.relations))
}

fn enum_values(schema: &Schema, name: &str) -> (Vec<String>, Option<String>) {
    let e = schema.enums.iter().find(|e| e.name == name).unwrap_or_else(|| panic!("enum {name}"));
    (e.values.iter().map(|v| v.name.clone()).collect(), e.db_name.clone())
}

fn fields_of(model: &Model) -> Vec<&str> {
    model.fields.iter().map(|f| f.name.as_str()).collect()
}

#[test]
fn python_files_are_read_as_sqlalchemy() {
    assert_eq!(Format::of("models.py"), Format::SqlAlchemy);
    assert_eq!(Format::of("app/db/MODELS.PY"), Format::SqlAlchemy);
    assert_eq!(Format::of("stubs/models.pyi"), Format::SqlAlchemy);
}

// --- (1) classic declarative: Column(...), an association table, enums -----------------------

#[test]
fn classic_models_with_association_table_and_enums() {
    let (schema, diagnostics) = infer_fixture("blog_classic.py");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert!(
        diagnostics[0]
            .contains("blog_classic.py:82:42: info: association table `post_tags` holds the two keys and nothing else"),
        "{diagnostics:#?}"
    );
    assert_eq!(model_names(&schema), ["User", "Profile", "Post", "Tag", "Comment"]);
    for (name, table) in
        [("User", "users"), ("Profile", "profiles"), ("Post", "posts"), ("Tag", "tags"), ("Comment", "comments")]
    {
        assert_eq!(model(&schema, name).db_name.as_deref(), Some(table), "@@map of {name}");
    }

    let user = model(&schema, "User");
    assert_eq!(user.description.as_deref(), Some("People who write and read."));
    assert_eq!(fields_of(user), ["id", "email", "displayName", "role", "isActive", "createdAt"]);
    let id = field(user, "id");
    assert_eq!(
        (id.id, id.ty, id.default.clone()),
        (true, FieldType::Scalar(Scalar::Int), Some(DefaultValue::Autoincrement))
    );
    let email = field(user, "email");
    assert!(email.unique && !email.optional);
    assert_eq!(email.native, native("VarChar", &["255"]));
    let display = field(user, "displayName");
    assert_eq!(
        (display.db_name.as_deref(), display.native.clone()),
        (Some("display_name"), native("VarChar", &["80"]))
    );
    let role = field(user, "role");
    assert!(matches!(role.ty, FieldType::Enum(_)) && !role.optional);
    assert_eq!(role.default, Some(DefaultValue::EnumValue("READER".into())));
    assert_eq!(field(user, "isActive").default, Some(DefaultValue::Bool(true)));
    assert_eq!(field(user, "createdAt").default, Some(DefaultValue::Now));
    // `enum.Enum` stores member names; the class names the enum, `name=` the database type.
    assert_eq!(
        enum_values(&schema, "Role"),
        (vec!["ADMIN".into(), "AUTHOR".into(), "READER".into()], Some("user_role".into()))
    );
    assert_eq!(
        enum_values(&schema, "PostStatus"),
        (vec!["draft".into(), "published".into(), "archived".into()], Some("post_status".into()))
    );

    let profile = model(&schema, "Profile");
    assert!(field(profile, "bio").optional, "a classic Column is nullable unless it says otherwise");
    assert_eq!(field(profile, "bio").ty, FieldType::Scalar(Scalar::String));
    // `relationship("Profile", uselist=False)` on the side without the key: one-to-one.
    let one = relation_of(&schema, "Profile", "User", "userId");
    assert_eq!((one.kind, one.on_delete), (RelationKind::OneToOne, Some(ReferentialAction::Cascade)));
    assert!(field(profile, "userId").unique);

    let post = model(&schema, "Post");
    assert_eq!(field(post, "status").default, Some(DefaultValue::EnumValue("draft".into())));
    assert!(field(post, "publishedAt").optional);
    assert_eq!(post.indexes.iter().map(|i| i.fields.clone()).collect::<Vec<_>>(), [["authorId".to_string()]]);
    assert_eq!(relation_of(&schema, "Post", "User", "authorId").kind, RelationKind::ManyToOne);
    let comment = relation_of(&schema, "Comment", "User", "authorId");
    assert_eq!(comment.on_delete, Some(ReferentialAction::SetNull));
    assert!(field(model(&schema, "Comment"), "authorId").optional);

    // The association table holds the two keys and nothing else: Prisma's implicit many-to-many.
    let many: Vec<&Relation> = schema.relations.iter().filter(|r| r.kind == RelationKind::ManyToMany).collect();
    assert_eq!(many.len(), 1, "stated by both sides, one relation: {many:#?}");
    assert_eq!((schema[many[0].holder].name.as_str(), schema[many[0].target].name.as_str()), ("Post", "Tag"));
    assert_eq!(many[0].via, None);

    let text = render(&schema);
    for line in [
        "@@map(\"users\")",
        "displayName String    @map(\"display_name\") @db.VarChar(80)",
        "role        Role      @default(READER)",
        "userId  Int     @unique @map(\"user_id\")",
        "@@map(\"user_role\")",
        "tags        Tag[]",
        "posts Post[]",
    ] {
        assert!(text.contains(line), "`{line}` in\n{text}");
    }
    common::check_with_prisma("blog_classic.py", &text);
}

// --- (2) 2.0 style: Mapped[...], mixins, Annotated aliases, back_populates ---------------------

#[test]
fn mapped_models_with_mixins_and_optional() {
    let (schema, diagnostics) = infer_fixture("shop_mapped.py");
    assert!(diagnostics.is_empty(), "shop_mapped.py reads cleanly: {diagnostics:#?}");
    assert_eq!(model_names(&schema), ["Customer", "CustomerProfile", "Product", "Order", "OrderItem"]);

    let customer = model(&schema, "Customer");
    assert_eq!(customer.description.as_deref(), Some("Someone who buys."));
    // The class's own columns, then the mixin's (SQLAlchemy 2.0's order).
    assert_eq!(fields_of(customer), ["id", "email", "fullName", "phone", "loyaltyPoints", "createdAt", "updatedAt"]);
    let id = field(customer, "id");
    assert_eq!((id.native.clone(), id.default.clone()), (native("Uuid", &[]), Some(DefaultValue::Uuid)));
    // `Mapped[str120]`: the base's `type_annotation_map` says `String(120)`.
    assert_eq!(field(customer, "fullName").native, native("VarChar", &["120"]));
    assert!(!field(customer, "fullName").optional, "Mapped[str] is NOT NULL");
    let phone = field(customer, "phone");
    assert!(phone.optional, "Mapped[str | None] is nullable");
    assert_eq!(phone.native, native("VarChar", &["32"]));
    assert_eq!(field(customer, "loyaltyPoints").default, Some(DefaultValue::Number("0".into())));
    let created = field(customer, "createdAt");
    assert_eq!(
        (created.ty, created.default.clone(), created.optional),
        (FieldType::Scalar(Scalar::DateTime), Some(DefaultValue::Now), false)
    );
    assert!(field(customer, "updatedAt").optional);

    // `Mapped["CustomerProfile"]` (not a list) on the side without the key: one-to-one.
    let one = relation_of(&schema, "CustomerProfile", "Customer", "customerId");
    assert_eq!((one.kind, one.on_delete), (RelationKind::OneToOne, Some(ReferentialAction::Cascade)));
    assert_eq!(field(model(&schema, "CustomerProfile"), "customerId").native, native("Uuid", &[]));
    assert_eq!(field(model(&schema, "CustomerProfile"), "id").default, Some(DefaultValue::Autoincrement));

    let product = model(&schema, "Product");
    assert_eq!(field(product, "price").native, native("Decimal", &["10", "2"]));
    assert_eq!(field(product, "inStock").default, Some(DefaultValue::Bool(true)));
    assert_eq!(field(product, "title").native, native("VarChar", &["120"]));

    let order = model(&schema, "Order");
    let status = field(order, "status");
    assert!(matches!(status.ty, FieldType::Enum(_)));
    assert_eq!(status.default, Some(DefaultValue::EnumValue("PENDING".into())));
    // `Enum(OrderStatus)` with no `name=`: the enum is the class, the database type `orderstatus`.
    assert_eq!(
        enum_values(&schema, "OrderStatus"),
        (vec!["PENDING".into(), "PAID".into(), "SHIPPED".into(), "CANCELLED".into()], Some("orderstatus".into()))
    );
    assert!(field(order, "notes").optional);
    assert_eq!(order.indexes.iter().map(|i| i.fields.clone()).collect::<Vec<_>>(), [["customerId".to_string()]]);
    assert_eq!(relation_of(&schema, "Order", "Customer", "customerId").kind, RelationKind::ManyToOne);

    let item = model(&schema, "OrderItem");
    assert_eq!(item.primary_key.as_ref().expect("composite key").fields, ["orderId", "productId"]);
    assert_eq!(field(item, "orderId").default, None, "a composite key is not serial");
    assert_eq!(relation_of(&schema, "OrderItem", "Order", "orderId").on_delete, Some(ReferentialAction::Cascade));
    assert_eq!(relation_of(&schema, "OrderItem", "Product", "productId").on_delete, None);

    common::check_with_prisma("shop_mapped.py", &render(&schema));
}

// --- (3) table arguments, indexes, server defaults, ARRAY and JSONB ----------------------------

#[test]
fn table_args_indexes_server_defaults_and_postgres_types() {
    let (schema, diagnostics) = infer_fixture("saas_constraints.py");
    let expected_notes = [
        "saas_constraints.py:35:9: info: index `ix_projects_labels` using gin is skipped",
        "saas_constraints.py:36:9: info: check constraint on table `projects` is skipped",
        "saas_constraints.py:60:9: info: partial index `ix_memberships_active_email` is skipped",
        "saas_constraints.py:91:1: info: index `ix_audit_events_payload` using gin is skipped",
    ];
    assert_eq!(diagnostics.len(), expected_notes.len(), "{diagnostics:#?}");
    for (d, want) in diagnostics.iter().zip(expected_notes) {
        assert!(d.contains(want), "`{want}` in {d}");
    }
    assert_eq!(model_names(&schema), ["Organization", "Project", "Membership", "AuditEvent"]);

    let org = model(&schema, "Organization");
    assert_eq!(org.description.as_deref(), Some("A customer account."));
    let id = field(org, "id");
    assert_eq!((id.native.clone(), id.default.clone()), (native("Uuid", &[]), Some(DefaultValue::Uuid)));
    assert_eq!(field(org, "plan").default, Some(DefaultValue::Text("free".into())));
    let settings = field(org, "settings");
    assert_eq!(
        (settings.ty, settings.default.clone()),
        (FieldType::Scalar(Scalar::Json), Some(DefaultValue::Text("{}".into())))
    );
    assert_eq!(field(org, "createdAt").default, Some(DefaultValue::Now));

    let project = model(&schema, "Project");
    assert_eq!(project.description.as_deref(), Some("Work grouped under an organization."));
    let pid = field(project, "id");
    assert_eq!((pid.ty, pid.default.clone()), (FieldType::Scalar(Scalar::BigInt), Some(DefaultValue::Autoincrement)));
    assert_eq!(field(project, "key").description.as_deref(), Some("Short code shown in issue ids"));
    let labels = field(project, "labels");
    assert_eq!((labels.list, labels.native.clone(), labels.default.clone()), (true, native("VarChar", &["40"]), None));
    assert_eq!(field(project, "isArchived").default, Some(DefaultValue::Bool(false)));
    assert!(field(project, "budget").optional);
    assert_eq!(project.uniques.iter().map(|u| u.fields.clone()).collect::<Vec<_>>(), [["orgId", "key"]]);
    assert_eq!(project.indexes.iter().map(|u| u.fields.clone()).collect::<Vec<_>>(), [["orgId", "createdAt"]]);
    assert_eq!(relation_of(&schema, "Project", "Organization", "orgId").on_delete, Some(ReferentialAction::Cascade));

    let membership = model(&schema, "Membership");
    assert_eq!(membership.primary_key.as_ref().expect("composite key").fields, ["orgId", "userEmail"]);
    assert_eq!(field(membership, "role").default, Some(DefaultValue::EnumValue("member".into())));
    assert_eq!(field(membership, "active").default, Some(DefaultValue::Bool(true)));
    let scores = field(membership, "scores");
    assert_eq!((scores.list, scores.ty), (true, FieldType::Scalar(Scalar::Int)));
    assert_eq!(enum_values(&schema, "MembershipRole").1.as_deref(), Some("membership_role"));

    let audit = model(&schema, "AuditEvent");
    assert_eq!(field(audit, "id").default, Some(DefaultValue::Autoincrement), "a lone BigInteger key is serial");
    assert_eq!(field(audit, "projectId").ty, FieldType::Scalar(Scalar::BigInt));
    assert_eq!(field(audit, "occurredAt").default, Some(DefaultValue::Now));
    assert!(field(audit, "payload").optional);
    assert_eq!(
        audit.indexes.iter().map(|u| u.fields.clone()).collect::<Vec<_>>(),
        [vec!["occurredAt".to_string()], vec!["orgId".to_string(), "action".to_string()]]
    );
    // Keys from `ForeignKeyConstraint(...)` in `__table_args__`.
    assert_eq!(relation_of(&schema, "AuditEvent", "Project", "projectId").on_delete, Some(ReferentialAction::SetNull));
    assert_eq!(relation_of(&schema, "AuditEvent", "Organization", "orgId").on_delete, None);

    let doc = read("saas_constraints.py");
    assert_eq!(doc.facts.iter().map(|f| (f.kind, f.at.line)).collect::<Vec<_>>(), [(FactKind::PostgreSql, 6)]);
    let skipped: Vec<(&str, u32)> = doc.skipped.iter().map(|s| (s.what.as_str(), s.at.line)).collect();
    assert_eq!(
        skipped,
        [
            ("index `ix_projects_labels` using gin", 35),
            ("check constraint on table `projects`", 36),
            ("default of array column `projects.labels`", 46),
            ("partial index `ix_memberships_active_email`", 60),
            ("index `ix_audit_events_payload` using gin", 91),
        ]
    );
    assert!(doc.entities.iter().all(|e| e.physical && e.form == RawForm::SqlAlchemy));

    let text = render(&schema);
    for line in [
        "@@unique([orgId, key])",
        "labels      String[]     @db.VarChar(40)",
        "onDelete: SetNull",
        "@@map(\"audit_events\")",
    ] {
        assert!(text.contains(line), "`{line}` in\n{text}");
    }
    common::check_with_prisma("saas_constraints.py", &text);
}

// --- (4) bad input -----------------------------------------------------------------------------

#[test]
fn broken_models_report_places_and_read_the_rest() {
    let doc = read("broken.py");
    let messages: Vec<String> = doc.diagnostics.iter().map(ToString::to_string).collect();
    let has = |needle: &str| messages.iter().any(|m| m.contains(needle));
    assert!(has("broken.py:14:5: warning: Python syntax error: Expected `,`, found name"), "{messages:#?}");
    assert!(has("broken.py:22:32: warning: foreign key of `members.ghost_id` references `ghosts.id`"), "{messages:#?}");
    assert!(has("broken.py:23:35: info: `frobnicate=` of column `nickname` is skipped"), "{messages:#?}");
    assert!(has("broken.py:24:21: info: type `EncryptedType` of column `secret` is skipped"), "{messages:#?}");
    assert!(has("broken.py:25:5: info: `Member.shout` (`column_property`) is skipped"), "{messages:#?}");
    assert!(
        has("broken.py:27:5: warning: relationship `Member.team` names `back_populates=\"members\"`"),
        "{messages:#?}"
    );
    assert!(has("broken.py:28:5: warning: relationship `Member.boss` names class `Boss`"), "{messages:#?}");
    assert!(has("broken.py:31:7: info: class `Orphan` is skipped"), "{messages:#?}");
    let names: Vec<&str> = doc.entities.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["teams", "members"]);
    // What was read still makes a valid schema.
    let (schema, _) = infer_fixture("broken.py");
    assert_eq!(relation_of(&schema, "Member", "Team", "teamId").kind, RelationKind::ManyToOne);
    common::check_with_prisma("broken.py", &render(&schema));
}

/// Every diagnostic and skipped entry of `text` sits inside it.
fn assert_placed(text: &str) {
    let doc = ingest::read(&Source::new("bad.py", text));
    let lines = u32::try_from(text.split('\n').count()).unwrap_or(u32::MAX);
    for d in &doc.diagnostics {
        let at = d.at.as_ref().expect("every diagnostic has a place");
        assert!(at.line >= 1 && at.line <= lines && at.column >= 1, "{d} for {text:?}");
    }
    for s in &doc.skipped {
        assert!(s.at.line >= 1 && s.at.line <= lines, "{s:?} for {text:?}");
    }
}

#[test]
fn garbage_and_unfinished_input_never_panics() {
    for text in [
        "",
        "\u{feff}class A: pass",
        "garbage garbage garbage",
        "class",
        "class A(Base):\n    __tablename__ = 'a'\n    id = Column(",
        "class A(Base):\n\t__tablename__ = 'a'\n        id = Column(Integer)\n",
        "class A(Base):\n    __tablename__ = 'a'\n    id = Column(Integer, ForeignKey(",
        "x = '''never closed\nclass A(Base):\n    __tablename__ = 'a'\n",
        "class A(Base):\n    __tablename__ = f'{x}'\n    __table_args__ = 5\n",
        "class A(A):\n    __tablename__ = 'a'\nclass A(A): pass\n",
        "class A(Base):\n    __tablename__ = 'a'\n    b = relationship(secondary=)\n",
        "t = Table()\nIndex()\nIndex('i')\nTable('x', m, Column())\n",
        "class A(Base):\n    __tablename__ = 'a'\n    id: Mapped[int] = mapped_column(primary_key=True)\n    \
         x: Mapped[List[List[List[Optional['A']]]]] = relationship(secondary=lambda: nope)\n",
        "class E(enum.Enum):\n    A = auto()\nclass T(Base):\n    __tablename__ = 't'\n    e = Column(Enum(E), default=E.B)\n",
        "é = Column(Integer)\nclass É(Base):\n    __tablename__ = 'é'\n    ü = Column(String(ü))\n",
    ] {
        assert_placed(text);
        let (schema, _) = infer_text("bad.py", text);
        let _ = render(&schema);
    }
    let doc = ingest::read(&Source::new("bad.py", "class A(Base):\n    __tablename__ = 'a'\n    id = Column(\n"));
    let messages: Vec<String> = doc.diagnostics.iter().map(ToString::to_string).collect();
    assert!(messages.iter().any(|m| m.starts_with("bad.py:4:1: warning: Python syntax error:")), "{messages:#?}");
}

/// A small deterministic fuzz: random mixes of model-file fragments never panic, every
/// diagnostic has a place inside the text, and what is read goes through inference and emission.
#[test]
fn random_fragments_never_panic() {
    const PARTS: [&str; 36] = [
        "class A(Base):\n",
        "class B(A, Mixin):\n",
        "    __tablename__ = 'a'\n",
        "    __abstract__ = True\n",
        "    __table_args__ = (",
        "UniqueConstraint('id', 'x'), ",
        "Index('i', 'x', postgresql_using='gin'), ",
        "{'comment': 'c'})\n",
        "    id = Column(Integer, primary_key=True)\n",
        "    x: Mapped[Optional[str]] = mapped_column(String(20))\n",
        "    y: Mapped[List['B']] = relationship(back_populates='a')\n",
        "    z = Column(ForeignKey('a.id', ondelete='CASCADE'))\n",
        "    e = Column(Enum(E, name='e'), default=E.A)\n",
        "class E(enum.Enum):\n    A = 'a'\n",
        "t = Table('t', Base.metadata, Column('a_id', ForeignKey('a.id')))\n",
        "Index('j', A.x)\n",
        "    def f(self):\n        return 1\n",
        "    @declared_attr\n    def q(cls):\n        return Column(Integer)\n",
        "(",
        ")",
        "[",
        "'",
        "\"\"\"",
        "#",
        "\\",
        "\n",
        "    ",
        ":",
        ", ",
        "=",
        "é",
        "f'{",
        "}'",
        "lambda: ",
        "secondary=t",
        "uselist=False",
    ];
    let mut seed: u64 = 0x5eed;
    let mut next = || {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize
    };
    for round in 0..2_000 {
        let n = next() % 30;
        let text: String = (0..n).map(|_| PARTS[next() % PARTS.len()]).collect();
        assert_placed(&text);
        if round % 20 == 0 {
            let (schema, _) = infer_text("fuzz.py", &text);
            let _ = render(&schema);
        }
    }
}

/// `inspect` lists the tables of a models file as `sqlalchemy` entities.
#[test]
fn inspect_lists_sqlalchemy_models() {
    let json: Value = common::inspect_json(&fixtures().join("blog_classic.py"));
    let doc = &json["documents"][0];
    let entities = doc["entities"].as_array().expect("entities");
    let tables: Vec<&str> = entities.iter().map(|e| e["name"].as_str().unwrap_or("")).collect();
    assert_eq!(tables, ["users", "profiles", "posts", "tags", "comments"]);
    assert!(entities.iter().all(|e| e["form"] == "sqlalchemy"));
}

// --- (5) names the classes give, server defaults, update stamps, relations of every kind -------

#[test]
fn class_and_attribute_names_defaults_and_relations() {
    let (schema, diagnostics) = infer_fixture("store_names.py");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert!(
        diagnostics[0].contains("store_names.py:104:42: info: association table `product_tags`"),
        "{diagnostics:#?}"
    );
    // Classes name the models, whatever their tables are called.
    assert_eq!(
        model_names(&schema),
        ["Shopper", "LoyaltyCard", "Product", "Tag", "Purchase", "OrderLine", "WishlistEntry"]
    );
    assert_eq!(model(&schema, "Purchase").db_name.as_deref(), Some("orders"));
    assert_eq!(model(&schema, "OrderLine").db_name.as_deref(), Some("order_items"));
    // An enum class is the enum; the type SQLAlchemy creates for it is its lower-cased name.
    assert_eq!(
        enum_values(&schema, "OrderStatus"),
        (vec!["PENDING".into(), "PAID".into(), "SHIPPED".into()], Some("orderstatus".into()))
    );
    assert_eq!(
        enum_values(&schema, "SalesChannel"),
        (vec!["web".into(), "in_store".into()], Some("sales_channel".into()))
    );
    assert_eq!(enum_values(&schema, "PurchasePriority"), (vec!["low".into(), "high".into()], None));

    let shopper = model(&schema, "Shopper");
    let updated = field(shopper, "updatedAt");
    assert_eq!(updated.default, Some(DefaultValue::Now));
    assert_eq!(updated.extra_attributes, ["@updatedAt"]);
    assert!(field(shopper, "createdAt").extra_attributes.is_empty());
    let card = model(&schema, "LoyaltyCard");
    assert_eq!(
        field(card, "expiresOn").default,
        Some(DefaultValue::DbGenerated("(CURRENT_DATE + interval '1 year')".into()))
    );
    assert_eq!(field(card, "points").default, Some(DefaultValue::Number("0".into())));
    let purchase = model(&schema, "Purchase");
    assert_eq!(
        field(purchase, "reference").default,
        Some(DefaultValue::DbGenerated("gen_random_uuid()::text".into())),
        "a cast of a function is the database's expression"
    );

    // Relations: one-to-one by `uselist=False`, a self-relation, the cascade, both junctions.
    let one = relation_of(&schema, "LoyaltyCard", "Shopper", "shopperId");
    assert_eq!((one.kind, one.on_delete), (RelationKind::OneToOne, Some(ReferentialAction::Cascade)));
    assert_eq!(relation_of(&schema, "Shopper", "Shopper", "referredById").kind, RelationKind::ManyToOne);
    assert_eq!(relation_of(&schema, "OrderLine", "Purchase", "purchaseId").on_delete, Some(ReferentialAction::Cascade));
    let many: Vec<(&str, &str, Option<&str>)> = schema
        .relations
        .iter()
        .filter(|r| r.kind == RelationKind::ManyToMany)
        .map(|r| {
            (schema[r.holder].name.as_str(), schema[r.target].name.as_str(), r.via.map(|j| schema[j].name.as_str()))
        })
        .collect();
    assert_eq!(many, [("Shopper", "Product", Some("WishlistEntry")), ("Product", "Tag", None)]);

    let text = render(&schema);
    // Columns are aligned per model; the lines are compared with their spaces squeezed.
    let squeezed: String =
        text.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect::<Vec<_>>().join("\n");
    for line in [
        "model Purchase {",
        "@@map(\"orders\")",
        "model OrderLine {",
        "purchaseId Int @map(\"order_id\")",
        "email String @unique @map(\"email_address\") @db.VarChar(255)",
        "updatedAt DateTime? @default(now()) @updatedAt @map(\"updated_at\")",
        "touchedAt DateTime? @default(now()) @updatedAt @map(\"touched_at\")",
        "status OrderStatus @default(PENDING)",
        "in_store @map(\"in-store\")",
        "id String @id @default(uuid()) @db.Uuid",
        "id BigInt @id @default(autoincrement())",
        "expiresOn DateTime? @default(dbgenerated(\"(CURRENT_DATE + interval '1 year')\")) @map(\"expires_on\") @db.Date",
        "isActive Boolean @default(true) @map(\"is_active\")",
        "price Decimal @db.Decimal(10, 2)",
        "shopperId String @unique @map(\"shopper_id\") @db.Uuid",
        "shopper Shopper @relation(fields: [shopperId], references: [id], onDelete: Cascade)",
        "referredBy Shopper? @relation(\"ShopperReferredBy\", fields: [referredById], references: [id])",
        "tags Tag[]",
        "products Product[]",
        "@@id([shopperId, productId])",
        "@@map(\"wishlist_entries\")",
    ] {
        assert!(squeezed.contains(line), "`{line}` in\n{text}");
    }
    assert!(!text.contains("model ProductTag"), "no model for an implicit join table:\n{text}");
    assert!(squeezed.contains("warranty Unsupported(\"interval\")?"), "{text}");
    common::check_with_prisma("store_names.py", &text);

    // Types map as Prisma's introspection maps the columns SQLAlchemy creates.
    let product = model(&schema, "Product");
    for (m, name, want) in [
        (shopper, "createdAt", native("Timestamptz", &["6"])),
        (purchase, "placedAt", native("Timestamp", &["6"])),
        (product, "stock", native("SmallInt", &[])),
        (product, "opensAt", native("Time", &["6"])),
        (product, "price", native("Decimal", &["10", "2"])),
        (product, "title", None),
        (product, "specs", None),
    ] {
        assert_eq!(field(m, name).native, want, "{}.{name}", m.name);
    }
    assert!(matches!(field(product, "warranty").ty, FieldType::Unsupported(_)));

    // The column types as the PostgreSQL types SQLAlchemy creates.
    let doc = read("store_names.py");
    let ty = |table: &str, name: &str| {
        let e = doc.entities.iter().find(|e| e.name == table).unwrap_or_else(|| panic!("table {table}"));
        let f = e.fields.iter().find(|f| f.name == name).unwrap_or_else(|| panic!("{table}.{name}"));
        (f.ty.clone().unwrap_or_default(), f.list)
    };
    for (table, name, want, list) in [
        ("shoppers", "created_at", "timestamptz", false),
        ("shoppers", "nickname", "varchar(50)", false),
        ("shoppers", "id", "uuid", false),
        ("products", "price", "numeric(10,2)", false),
        ("products", "weight", "double precision", false),
        ("products", "stock", "smallint", false),
        ("products", "photo", "bytea", false),
        ("products", "labels", "varchar", true),
        ("products", "specs", "jsonb", false),
        ("products", "opens_at", "time", false),
        ("products", "title", "text", false),
        ("orders", "placed_at", "timestamp", false),
    ] {
        assert_eq!(ty(table, name), (want.to_string(), list), "{table}.{name}");
    }
}
