//! What the reader finds in small model files: classes and their inheritance, columns,
//! keys, relationships, and what it sets aside.

use super::read;
use crate::ingest::raw::{ConstraintKind, Origin, RawDocument, RawEntity, RawField, StatedCardinality};

fn doc(text: &str) -> RawDocument {
    read(text, Origin { file: "models.py", first_line: 1 })
}

fn clean(text: &str) -> RawDocument {
    let d = doc(text);
    assert!(d.diagnostics.is_empty(), "{:#?}", messages(&d));
    d
}

fn messages(d: &RawDocument) -> Vec<String> {
    d.diagnostics.iter().map(ToString::to_string).collect()
}

fn entity<'d>(d: &'d RawDocument, name: &str) -> &'d RawEntity {
    d.entities.iter().find(|e| e.name == name).unwrap_or_else(|| panic!("no table {name}: {:#?}", d.entities))
}

fn field<'d>(d: &'d RawDocument, table: &str, name: &str) -> &'d RawField {
    let e = entity(d, table);
    e.fields.iter().find(|f| f.name == name).unwrap_or_else(|| panic!("no column {table}.{name}: {:#?}", e.fields))
}

fn names(e: &RawEntity) -> Vec<&str> {
    e.fields.iter().map(|f| f.name.as_str()).collect()
}

const HEAD: &str =
    "from sqlalchemy import *\nfrom sqlalchemy.orm import *\n\nclass Base(DeclarativeBase):\n    pass\n\n";

#[test]
fn classic_columns_are_nullable_unless_keys() {
    let d = clean(&format!(
        "{HEAD}class Account(Base):\n    __tablename__ = 'users'\n    id = Column(Integer, primary_key=True)\n    \
         name = Column(String(80))\n    email = Column('email_address', String(255), nullable=False, unique=True)\n    \
         age = Column(SmallInteger, default=0, comment='Years')\n"
    ));
    let users = entity(&d, "users");
    assert!(users.physical);
    // The class names the model and the attributes its fields; the database's names stay.
    assert_eq!(d.model_names.get("users").map(String::as_str), Some("Account"));
    assert_eq!(names(users), ["id", "name", "email", "age"]);
    let id = field(&d, "users", "id");
    assert_eq!((id.primary, id.optional, id.default.as_deref()), (true, Some(false), Some("autoincrement()")));
    assert_eq!((id.ty.as_deref(), id.at.line, id.at.column), (Some("integer"), 9, 5));
    assert_eq!(field(&d, "users", "name").optional, Some(true));
    let email = field(&d, "users", "email");
    assert_eq!((email.optional, email.unique, email.ty.as_deref()), (Some(false), true, Some("varchar(255)")));
    assert_eq!(email.db_name.as_deref(), Some("email_address"));
    assert_eq!(field(&d, "users", "name").db_name, None);
    let age = field(&d, "users", "age");
    assert_eq!((age.default.as_deref(), age.description.as_deref()), (Some("0"), Some("Years")));
}

#[test]
fn mapped_columns_take_optionality_and_type_from_the_annotation() {
    let d = clean(&format!(
        "{HEAD}class Item(Base):\n    __tablename__ = 'items'\n    id: Mapped[int] = mapped_column(primary_key=True)\n    \
         code: Mapped[str]\n    note: Mapped[Optional[str]]\n    seen: Mapped[datetime | None]\n    \
         price: Mapped[Decimal] = mapped_column(Numeric(8, 2))\n    flag: Mapped[Optional[bool]] = mapped_column(nullable=False)\n    \
         ref: Mapped[uuid.UUID] = mapped_column(default=uuid.uuid4)\n    legacy = mapped_column(Integer)\n"
    ));
    let f = |n: &str| {
        let f = field(&d, "items", n);
        (f.ty.clone().unwrap_or_default(), f.optional)
    };
    assert_eq!(f("code"), ("varchar".into(), Some(false)));
    assert_eq!(f("note"), ("varchar".into(), Some(true)));
    assert_eq!(f("seen"), ("timestamp".into(), Some(true)));
    assert_eq!(f("price"), ("numeric(8,2)".into(), Some(false)));
    // `nullable=` wins over the annotation.
    assert_eq!(f("flag"), ("boolean".into(), Some(false)));
    assert_eq!(f("legacy"), ("integer".into(), Some(true)));
    assert_eq!(field(&d, "items", "ref").default.as_deref(), Some("uuid()"));
}

#[test]
fn mixins_abstract_bases_and_sort_order() {
    let d = clean(&format!(
        "{HEAD}class Stamped:\n    created_at: Mapped[datetime] = mapped_column(server_default=func.now())\n\n\
         class Keyed(Base):\n    __abstract__ = True\n    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-1)\n\n\
         class Note(Stamped, Keyed):\n    __tablename__ = 'notes'\n    body: Mapped[str] = mapped_column(Text)\n"
    ));
    let notes = entity(&d, "notes");
    // 2.0 order: the class's own columns, then its mixins'; `sort_order` moves the key first.
    assert_eq!(names(notes), ["id", "body", "created_at"]);
    assert_eq!(field(&d, "notes", "created_at").default.as_deref(), Some("now()"));
    assert_eq!(d.entities.len(), 1, "mixins and abstract classes are not tables");
}

#[test]
fn declared_attr_tablenames_single_table_inheritance_and_flask() {
    let d = doc(
        "from flask_sqlalchemy import SQLAlchemy\ndb = SQLAlchemy()\n\nclass UserAccount(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n\n\
         class Base(DeclarativeBase):\n    @declared_attr.directive\n    def __tablename__(cls):\n        return cls.__name__.lower()\n\n\
         class Employee(Base):\n    id: Mapped[int] = mapped_column(primary_key=True)\n    kind: Mapped[str]\n\n\
         class Manager(Employee):\n    reports: Mapped[Optional[int]]\n",
    );
    let tables: Vec<&str> = d.entities.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(tables, ["user_account", "employee"]);
    assert_eq!(names(entity(&d, "employee")), ["id", "kind", "reports"]);
    assert_eq!(
        messages(&d),
        [
            "models.py:16:7: info: class `Manager` is single-table inheritance: its columns are read into table `employee`"
        ]
    );
}

#[test]
fn association_tables_lend_key_types_and_make_many_to_many() {
    let d = clean(&format!(
        "{HEAD}tags_link = Table(\n    'post_tags', Base.metadata,\n    Column('post_id', ForeignKey('posts.id'), primary_key=True),\n    \
         Column('tag_id', ForeignKey('tags.id'), primary_key=True),\n    Column('pinned', Boolean),\n)\n\n\
         class Post(Base):\n    __tablename__ = 'posts'\n    id = Column(BigInteger, primary_key=True)\n    \
         tags = relationship('Tag', secondary=tags_link, back_populates='posts')\n\n\
         class Tag(Base):\n    __tablename__ = 'tags'\n    id = Column(Integer, primary_key=True)\n    \
         posts = relationship('Post', secondary='post_tags', back_populates='tags')\n"
    ));
    assert_eq!(field(&d, "post_tags", "post_id").ty.as_deref(), Some("bigint"));
    assert_eq!(field(&d, "post_tags", "tag_id").ty.as_deref(), Some("integer"));
    let link = entity(&d, "post_tags");
    assert_eq!(link.constraints[0].kind, ConstraintKind::PrimaryKey);
    assert_eq!(link.constraints[0].fields, ["post_id", "tag_id"]);
    // The association table's keys are not serial.
    assert_eq!(field(&d, "post_tags", "post_id").default, None);
    let rels: Vec<String> =
        d.relationships.iter().map(|r| format!("{} {:?} {} {:?}", r.left, r.cardinality, r.right, r.via)).collect();
    assert_eq!(
        rels,
        [
            "post_tags ManyToOne posts None",
            "post_tags ManyToOne tags None",
            "posts ManyToMany tags Some(\"post_tags\")",
        ]
    );
}

#[test]
fn association_tables_with_only_the_two_keys_are_implicit() {
    let d = doc(&format!(
        "{HEAD}post_tags = Table(\n    'post_tags', Base.metadata,\n    Column('post_id', ForeignKey('posts.id')),\n    \
         Column('tag_id', ForeignKey('tags.id')),\n)\n\n\
         class Post(Base):\n    __tablename__ = 'posts'\n    id = Column(Integer, primary_key=True)\n    \
         tags = relationship('Tag', secondary=post_tags, back_populates='posts')\n\n\
         class Tag(Base):\n    __tablename__ = 'tags'\n    id = Column(Integer, primary_key=True)\n    \
         posts = relationship('Post', secondary=lambda: post_tags, back_populates='tags')\n"
    ));
    assert_eq!(d.entities.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(), ["posts", "tags"]);
    let rels: Vec<String> =
        d.relationships.iter().map(|r| format!("{} {:?} {} {:?}", r.left, r.cardinality, r.right, r.via)).collect();
    assert_eq!(rels, ["posts ManyToMany tags None"]);
    assert_eq!(
        messages(&d),
        [
            "models.py:16:42: info: association table `post_tags` holds the two keys and nothing else: the many-to-many is Prisma's implicit one, whose join table Prisma names itself"
        ]
    );
}

#[test]
fn scalar_relationships_without_the_key_make_one_to_one() {
    let d = clean(&format!(
        "{HEAD}class User(Base):\n    __tablename__ = 'users'\n    id: Mapped[int] = mapped_column(primary_key=True)\n    \
         profile: Mapped['Profile'] = relationship(back_populates='user')\n    \
         posts: Mapped[List['Post']] = relationship()\n\n\
         class Profile(Base):\n    __tablename__ = 'profiles'\n    id: Mapped[int] = mapped_column(primary_key=True)\n    \
         user_id: Mapped[int] = mapped_column(ForeignKey('users.id'))\n    user: Mapped[User] = relationship(back_populates='profile')\n\n\
         class Post(Base):\n    __tablename__ = 'posts'\n    id: Mapped[int] = mapped_column(primary_key=True)\n    \
         user_id = mapped_column(ForeignKey(User.id, ondelete='CASCADE'))\n\n\
         class Avatar(Base):\n    __tablename__ = 'avatars'\n    id = Column(Integer, primary_key=True)\n    \
         user_id = Column(ForeignKey('users.id'))\n    user = relationship('User', backref=backref('avatar', uselist=False))\n"
    ));
    let card = |left: &str| d.relationships.iter().find(|r| r.left == left).map(|r| r.cardinality);
    assert_eq!(card("profiles"), Some(StatedCardinality::OneToOne));
    assert_eq!(card("posts"), Some(StatedCardinality::ManyToOne));
    assert_eq!(card("avatars"), Some(StatedCardinality::OneToOne));
    assert!(field(&d, "profiles", "user_id").unique);
    let post = d.relationships.iter().find(|r| r.left == "posts").expect("posts");
    assert_eq!(post.on_delete.as_deref(), Some("cascade"));
    assert_eq!(field(&d, "posts", "user_id").ty.as_deref(), Some("integer"));
}

#[test]
fn table_args_and_module_indexes() {
    let d = doc(&format!(
        "{HEAD}class Event(Base):\n    __tablename__ = 'events'\n    __table_args__ = (\n        \
         UniqueConstraint('org', 'code'),\n        Index('ix_events_org_at', 'org', 'at'),\n        \
         Index('ix_lower', func.lower(code)),\n        CheckConstraint('code <> 1'),\n        {{'comment': 'Things that happen.'}},\n    )\n    \
         id = Column(Integer, primary_key=True)\n    org = Column(Integer, index=True)\n    code = Column(String(8))\n    \
         at = Column(DateTime(timezone=True), server_default=text('now()'))\n\n\
         Index('ix_events_code', Event.code, unique=True)\n"
    ));
    let e = entity(&d, "events");
    assert_eq!(e.description.as_deref(), Some("Things that happen."));
    let keys: Vec<(ConstraintKind, Vec<&str>)> =
        e.constraints.iter().map(|c| (c.kind, c.fields.iter().map(String::as_str).collect())).collect();
    assert_eq!(
        keys,
        [
            (ConstraintKind::Index, vec!["org"]),
            (ConstraintKind::Unique, vec!["org", "code"]),
            (ConstraintKind::Index, vec!["org", "at"]),
        ]
    );
    assert!(field(&d, "events", "code").unique, "a one-column unique index is the field's");
    assert_eq!(field(&d, "events", "at").default.as_deref(), Some("now()"));
    assert_eq!(field(&d, "events", "at").ty.as_deref(), Some("timestamptz"));
    let skipped: Vec<&str> = d.skipped.iter().map(|s| s.what.as_str()).collect();
    assert_eq!(skipped, ["index `ix_lower` on an expression", "check constraint on table `events`"]);
    assert!(messages(&d).iter().all(|m| m.contains(": info: ")), "{:#?}", messages(&d));
}

#[test]
fn enums_from_classes_and_values() {
    let d = clean(&format!(
        "{HEAD}class Level(enum.Enum):\n    LOW = 'low'\n    HIGH = 'high'\n\n\
         class Ticket(Base):\n    __tablename__ = 'tickets'\n    id = Column(Integer, primary_key=True)\n    \
         level = Column(Enum(Level), default=Level.HIGH)\n    \
         kind = Column(Enum(Level, name='ticket_kind', values_callable=lambda e: [m.value for m in e]), default=Level.LOW)\n    \
         state = Column(Enum('open', 'closed', name='ticket_state'), server_default='open')\n    \
         mood = Column(Enum('good', 'bad'))\n    level2: Mapped[Level] = mapped_column()\n"
    ));
    let enums: Vec<(&str, Vec<&str>)> =
        d.enums.iter().map(|e| (e.name.as_str(), e.values.iter().map(String::as_str).collect())).collect();
    assert_eq!(
        enums,
        [
            ("level", vec!["LOW", "HIGH"]),
            ("ticket_kind", vec!["low", "high"]),
            ("ticket_state", vec!["open", "closed"])
        ]
    );
    assert_eq!(d.enums[0].at.line, 7, "where the class is defined");
    let level = field(&d, "tickets", "level");
    assert_eq!((level.ty.as_deref(), level.default.as_deref()), (Some("level"), Some("'HIGH'")));
    assert_eq!(field(&d, "tickets", "kind").default.as_deref(), Some("'low'"));
    assert_eq!(field(&d, "tickets", "state").ty.as_deref(), Some("ticket_state"));
    let mood = field(&d, "tickets", "mood");
    assert_eq!((mood.ty.as_deref(), mood.values.clone()), (None, Some(vec!["good".into(), "bad".into()])));
    assert_eq!(field(&d, "tickets", "level2").ty.as_deref(), Some("level"));
}

#[test]
fn unknown_constructs_are_set_aside_with_places() {
    let d = doc(&format!(
        "{HEAD}class Thing(Base):\n    __tablename__ = 'things'\n    id = Column(Integer, primary_key=True)\n    \
         secret = Column(EncryptedType(String))\n    full = column_property(id + 1)\n    \
         odd = Column(Integer, frobnicate=True)\n    plain: int\n    helper = make_helper()\n    \
         owner = relationship('Nobody')\n    ref = Column(ForeignKey('nowhere.id'))\n\n\
         class Loose:\n    x = Column(Integer)\n"
    ));
    assert_eq!(
        messages(&d),
        [
            "models.py:10:21: info: type `EncryptedType` of column `secret` is skipped: not a SQLAlchemy type schemata knows; the field's type is inferred",
            "models.py:11:5: info: `Thing.full` (`column_property`) is skipped: not a stored column",
            "models.py:12:27: info: `frobnicate=` of column `odd` is skipped: not an argument schemata reads",
            "models.py:13:5: info: `Thing.plain` is skipped: an annotation without `Mapped[...]` is not a column",
            "models.py:14:5: info: `Thing.helper` (`make_helper(...)`) is skipped: not a column, relationship or table setting schemata reads",
            "models.py:15:5: warning: relationship `Thing.owner` names class `Nobody`, which this file does not map; left out",
            "models.py:16:18: warning: foreign key of `things.ref` references `nowhere.id`, which this file does not define; left out",
            "models.py:18:7: info: class `Loose` is skipped: it has columns but no `__tablename__`, and no mapped class here inherits it",
        ]
    );
    assert_eq!(names(entity(&d, "things")), ["id", "secret", "odd", "ref"]);
    assert_eq!(d.skipped.len(), 6);
}

#[test]
fn syntax_errors_are_reported_and_the_rest_is_read() {
    let d = doc(&format!(
        "{HEAD}class A(Base):\n    __tablename__ = 'a'\n    id = Column(Integer, primary_key=True\n\n\
         class B(Base):\n    __tablename__ = 'b'\n    id = Column(Integer, primary_key=True)\n"
    ));
    let m = messages(&d);
    assert!(m[0].starts_with("models.py:9:42: warning: Python syntax error:"), "{m:#?}");
    assert!(d.entities.iter().any(|e| e.name == "b"), "{:#?}", d.entities);
}

#[test]
fn positions_follow_the_origin() {
    let d = read(
        "class A(Base):\n    __tablename__ = 'a'\n    x = Column(Nope)\n",
        Origin { file: "doc.md", first_line: 10 },
    );
    assert!(messages(&d)[0].starts_with("doc.md:12:16: info:"), "{:?}", messages(&d));
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let deep = [
        format!("x = {}1{}\n", "(".repeat(100_000), ")".repeat(100_000)),
        format!("x = 1{}\n", "+1".repeat(100_000)),
        format!("x = {}1\n", "not ".repeat(100_000)),
        format!(
            "class A(Base):\n    __tablename__ = 'a'\n    id = Column({}Integer{})\n",
            "ARRAY(".repeat(50_000),
            ")".repeat(50_000)
        ),
    ];
    let outcome = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || deep.iter().map(|t| messages(&doc(t))).collect::<Vec<_>>())
        .expect("thread")
        .join()
        .expect("no overflow");
    for m in &outcome {
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].contains("deeper than schemata reads"), "{m:?}");
    }
    assert!(outcome[0][0].starts_with("models.py:1:"), "{:?}", outcome[0]);
    assert!(outcome[3][0].starts_with("models.py:3:"), "{:?}", outcome[3]);
    // Just under the bound, a type nested past the type reader's own bound is an unknown type.
    let d = doc(&format!(
        "class A(Base):\n    __tablename__ = 'a'\n    id = Column({}Integer{})\n",
        "ARRAY(".repeat(20),
        ")".repeat(20)
    ));
    assert_eq!(d.entities.len(), 1);
    assert!(messages(&d)[0].contains("a type nested deeper than schemata reads"), "{:?}", messages(&d));
}

#[test]
fn type_decorators_aliases_and_class_tables() {
    let d = clean(&format!(
        "{HEAD}class GUID(TypeDecorator):\n    impl = CHAR(36)\n    cache_ok = True\n\n\
         JsonType = JSON().with_variant(JSONB(), 'postgresql')\n\n\
         class Doc(Base):\n    __tablename__ = 'docs'\n    id = Column(GUID(), primary_key=True)\n    \
         body = Column(JsonType, nullable=False)\n    born = Column(Date)\n    seq = Column(Integer, autoincrement=True)\n\n\
         class Pair(Base):\n    __table__ = Table('pairs', Base.metadata, Column('a', Integer, primary_key=True, autoincrement=False), \
         Column('b', Integer, primary_key=True), comment='Two numbers.')\n"
    ));
    let id = field(&d, "docs", "id");
    assert_eq!((id.ty.as_deref(), id.default.as_deref()), (Some("char(36)"), None));
    assert_eq!(field(&d, "docs", "body").ty.as_deref(), Some("jsonb"));
    assert_eq!(field(&d, "docs", "born").ty.as_deref(), Some("date"));
    assert_eq!(field(&d, "docs", "seq").default.as_deref(), Some("autoincrement()"), "stated, not a key");
    let pairs = entity(&d, "pairs");
    assert_eq!(pairs.description.as_deref(), Some("Two numbers."));
    assert_eq!(pairs.constraints.len(), 1, "{:#?}", pairs.constraints);
    assert!(pairs.fields.iter().all(|f| f.default.is_none() && f.optional == Some(false)));
}

#[test]
fn server_defaults_are_values_functions_or_the_database_s_own() {
    use super::columns::server_sql;
    assert_eq!(server_sql("'pending'::order_status"), "'pending'");
    assert_eq!(server_sql(" 0 "), "0");
    assert_eq!(server_sql("true"), "true");
    assert_eq!(server_sql("CURRENT_TIMESTAMP"), "CURRENT_TIMESTAMP");
    assert_eq!(server_sql("gen_random_uuid()"), "gen_random_uuid()");
    assert_eq!(server_sql("nextval('orders_id_seq'::regclass)"), "autoincrement()");
    assert_eq!(server_sql("gen_random_uuid()::text"), "dbgenerated(gen_random_uuid()::text)");
    assert_eq!(server_sql("'it''s'"), "dbgenerated('it''s')");
    assert_eq!(server_sql("lower(name)"), "dbgenerated(lower(name))");
}

#[test]
fn update_stamps_and_what_onupdate_does_not_say() {
    let d = doc(&format!(
        "{HEAD}class Item(Base):\n    __tablename__ = 'items'\n    id = Column(Integer, primary_key=True)\n    \
         a = Column(DateTime, onupdate=func.now())\n    b = Column(DateTime, onupdate=lambda: datetime.now(timezone.utc))\n    \
         c = Column(Integer, onupdate=bump)\n    d = Column(String, server_default=func.upper('x'))\n"
    ));
    assert!(field(&d, "items", "a").updated_at && field(&d, "items", "b").updated_at);
    assert!(!field(&d, "items", "c").updated_at);
    assert_eq!(field(&d, "items", "a").default, None, "an update stamp is no insert default");
    assert_eq!(
        messages(&d),
        [
            "models.py:12:25: info: `onupdate=` of column `c` is skipped: only the time of the update (`func.now()`, `datetime.utcnow`) is read, as `@updatedAt`",
            "models.py:13:39: info: default `func.upper('x')` of column `d` is skipped: not a literal, `func.now()`, `text(...)` or `uuid.uuid4` that schemata reads",
        ]
    );
}
