//! Column types: SQLAlchemy type expressions (`String(50)`, `DateTime(timezone=True)`,
//! `postgresql.ARRAY(Integer)`, `Enum(Status)`) and the Python types of `Mapped[...]`
//! annotations, written as the PostgreSQL type SQLAlchemy creates for them (`varchar(50)`,
//! `timestamptz`, `integer[]`). That text goes through the same mapping as the SQL reader's
//! column types (`infer::types::declared`), so a model reads as Prisma's introspection of the
//! tables SQLAlchemy would create.

use super::expr::{as_call, boolean, compact, integer, kw, last, string};
use ruff_python_ast::{Expr, ExprCall, Operator};
use std::collections::{HashMap, HashSet};

/// How deep type expressions may nest (`ARRAY(ARRAY(...))`, `Optional[List[...]]`).
const MAX_NESTING: usize = 8;

/// A column type as the SQL reader would have read it from `CREATE TABLE`.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct SqlType {
    /// The PostgreSQL type (`varchar(50)`, `timestamptz`), or `None` for an enum.
    pub ty: Option<String>,
    /// An `ARRAY(...)`.
    pub list: bool,
    pub enumeration: Option<EnumUse>,
}

impl SqlType {
    fn pg(ty: impl Into<String>) -> Self {
        Self { ty: Some(ty.into()), ..Self::default() }
    }
}

/// An enum column's type.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum EnumUse {
    /// `Enum(Status)` or `Mapped[Status]`: a Python enum class of this file.
    Class { class: String, name: Option<String>, values_callable: bool },
    /// `Enum("draft", "published", name="post_status")`.
    Values { values: Vec<String>, name: Option<String> },
}

/// What the module defines that a type can name.
#[derive(Default)]
pub(super) struct Scope<'m> {
    /// Python `enum.Enum` classes: name → member names and literal values.
    pub enums: HashMap<String, Vec<(String, Option<String>)>>,
    /// `TypeDecorator` classes: name → their `impl`.
    pub decorators: HashMap<String, &'m Expr>,
    /// Module-level names bound to a type (`StatusType = Enum(...)`).
    pub aliases: HashMap<String, &'m Expr>,
    /// `Annotated[T, mapped_column(...)]` aliases: name → (T, the `mapped_column` call).
    pub annotated: HashMap<String, (&'m Expr, Option<&'m ExprCall>)>,
    /// The declarative base's `type_annotation_map`: annotation text → SQLAlchemy type.
    pub type_map: Vec<(String, &'m Expr)>,
    /// Mapped classes (their names cannot be column types).
    pub mapped: HashSet<String>,
    pub text: &'m str,
}

/// A type the reader does not know, with the text to name it by.
pub(super) struct Unknown(pub String);

impl<'m> Scope<'m> {
    /// The type of a SQLAlchemy type expression.
    pub(super) fn sql_type(&self, expr: &'m Expr) -> Result<SqlType, Unknown> {
        self.sql_type_at(expr, 0)
    }

    fn sql_type_at(&self, expr: &'m Expr, depth: usize) -> Result<SqlType, Unknown> {
        if depth > MAX_NESTING {
            return Err(Unknown("a type nested deeper than schemata reads".into()));
        }
        match expr {
            Expr::Call(call) => {
                if let Expr::Attribute(method) = &*call.func {
                    // Methods on a type instance: `JSON().with_variant(JSONB(), "postgresql")`,
                    // `MutableDict.as_mutable(JSONB)`, `String(50).evaluates_none()`.
                    match method.attr.id.as_str() {
                        "with_variant" => {
                            let args = &call.arguments.args;
                            let postgres = args.get(1).is_some_and(|d| {
                                super::expr::items(d).iter().any(|d| string(d).as_deref() == Some("postgresql"))
                            });
                            return match args.first() {
                                Some(variant) if postgres => self.sql_type_at(variant, depth + 1),
                                _ => self.sql_type_at(&method.value, depth + 1),
                            };
                        }
                        "as_mutable" | "coerce_compared_value" => {
                            if let Some(inner) = call.arguments.args.first() {
                                return self.sql_type_at(inner, depth + 1);
                            }
                        }
                        _ if matches!(&*method.value, Expr::Call(_)) => {
                            return self.sql_type_at(&method.value, depth + 1);
                        }
                        _ => {}
                    }
                }
                let name = last(&call.func).unwrap_or_default();
                self.named(name, Some(call), depth)
            }
            Expr::Name(n) => {
                let name = n.id.as_str();
                if let Some(alias) = self.aliases.get(name) {
                    return self.sql_type_at(alias, depth + 1);
                }
                self.named(name, None, depth)
            }
            Expr::Attribute(a) => self.named(a.attr.id.as_str(), None, depth),
            other => Err(Unknown(super::expr::source(self.text, ruff_text_size::Ranged::range(other), 40))),
        }
    }

    /// A type by its class name, with its call's arguments when it is called.
    fn named(&self, name: &str, call: Option<&'m ExprCall>, depth: usize) -> Result<SqlType, Unknown> {
        let arg =
            |i: usize, key: &str| call.and_then(|c| kw(c, key).or_else(|| c.arguments.args.get(i))).and_then(integer);
        let flag = |key: &str| call.and_then(|c| kw(c, key)).and_then(boolean).unwrap_or(false);
        let sized = |base: &str, length: Option<i64>| match length {
            Some(n) => SqlType::pg(format!("{base}({n})")),
            None => SqlType::pg(base),
        };
        let ty = match name {
            "Integer" | "INTEGER" | "INT" => SqlType::pg("integer"),
            "BigInteger" | "BIGINT" => SqlType::pg("bigint"),
            "SmallInteger" | "SMALLINT" => SqlType::pg("smallint"),
            "String" | "VARCHAR" | "Unicode" | "NVARCHAR" => sized("varchar", arg(0, "length")),
            "CHAR" | "NCHAR" => sized("char", arg(0, "length")),
            "Text" | "TEXT" | "UnicodeText" | "CLOB" => SqlType::pg("text"),
            "Boolean" | "BOOLEAN" => SqlType::pg("boolean"),
            "DateTime" | "TIMESTAMP" | "DATETIME" => {
                let zone = if flag("timezone") || name == "TIMESTAMP" && flag("timezone") { "tz" } else { "" };
                match call.and_then(|c| kw(c, "precision")).and_then(integer) {
                    Some(p) => SqlType::pg(format!("timestamp{zone}({p})")),
                    None => SqlType::pg(format!("timestamp{zone}")),
                }
            }
            "Date" | "DATE" => SqlType::pg("date"),
            "Time" | "TIME" => SqlType::pg(if flag("timezone") { "time with time zone" } else { "time" }),
            "Interval" | "INTERVAL" => SqlType::pg("interval"),
            "Numeric" | "NUMERIC" | "DECIMAL" => match (arg(0, "precision"), arg(1, "scale")) {
                (Some(p), Some(s)) => SqlType::pg(format!("numeric({p},{s})")),
                (Some(p), None) => SqlType::pg(format!("numeric({p})")),
                _ => SqlType::pg("numeric"),
            },
            "Float" | "FLOAT" | "Double" | "DOUBLE" | "DOUBLE_PRECISION" => SqlType::pg("double precision"),
            "REAL" => SqlType::pg("real"),
            "JSON" => SqlType::pg("json"),
            "JSONB" => SqlType::pg("jsonb"),
            "LargeBinary" | "BLOB" | "BYTEA" | "BINARY" | "VARBINARY" | "PickleType" => SqlType::pg("bytea"),
            "Uuid" | "UUID" => SqlType::pg("uuid"),
            "CITEXT" | "INET" | "CIDR" | "MACADDR" | "MONEY" | "TSVECTOR" | "OID" | "XML" | "BIT" => {
                SqlType::pg(name.to_ascii_lowercase())
            }
            "ARRAY" => {
                let item = call.and_then(|c| kw(c, "item_type").or_else(|| c.arguments.args.first()));
                let Some(item) = item else { return Err(Unknown("ARRAY without an item type".into())) };
                let mut inner = self.sql_type_at(item, depth + 1)?;
                inner.list = true;
                inner
            }
            "Enum" | "ENUM" => self.enumeration(call),
            _ => {
                if let Some(implementation) = self.decorators.get(name) {
                    return self.sql_type_at(implementation, depth + 1);
                }
                return Err(Unknown(name.to_string()));
            }
        };
        Ok(ty)
    }

    /// `Enum(Status, name="status")`, `Enum("a", "b", name="x")`; `native_enum=False` is a
    /// `varchar` as long as the longest value.
    fn enumeration(&self, call: Option<&'m ExprCall>) -> SqlType {
        let Some(call) = call else { return SqlType::default() };
        let name = kw(call, "name").and_then(string);
        let values_callable = kw(call, "values_callable").is_some();
        let class = call.arguments.args.first().and_then(last).filter(|c| self.enums.contains_key(*c));
        let (use_, values): (EnumUse, Vec<String>) = match class {
            Some(class) => {
                let members = &self.enums[class];
                let values = members
                    .iter()
                    .map(|(n, v)| if values_callable { v.clone().unwrap_or_else(|| n.clone()) } else { n.clone() })
                    .collect();
                (EnumUse::Class { class: class.to_string(), name, values_callable }, values)
            }
            None => {
                let values: Vec<String> = call.arguments.args.iter().filter_map(string).collect();
                (EnumUse::Values { values: values.clone(), name }, values)
            }
        };
        if kw(call, "native_enum").and_then(boolean) == Some(false) {
            let longest = values.iter().map(|v| v.chars().count()).max().unwrap_or(0);
            let length = kw(call, "length").and_then(integer).unwrap_or(longest as i64);
            return SqlType::pg(format!("varchar({length})"));
        }
        SqlType { ty: None, list: false, enumeration: Some(use_) }
    }

    /// The type SQLAlchemy gives a `Mapped[T]` column with no type of its own: the base's
    /// `type_annotation_map` first, then its defaults (`int` → `Integer`, `str` → `String`,
    /// an enum class → `Enum`, `Literal[...]` → a non-native enum).
    pub(super) fn python_type(&self, target: &AnnTarget<'m>) -> Result<SqlType, Unknown> {
        let key = self.key(target);
        let name = target.name();
        if let Some((_, mapped)) = self.type_map.iter().find(|(k, _)| *k == key) {
            return self.sql_type(mapped);
        }
        if let AnnTarget::Expr(Expr::Subscript(s)) = target
            && last(&s.value) == Some("Literal")
        {
            let values: Vec<String> = super::expr::items(&s.slice).iter().filter_map(string).collect();
            let longest = values.iter().map(|v| v.chars().count()).max().unwrap_or(0);
            return Ok(SqlType::pg(format!("varchar({longest})")));
        }
        let name = name.ok_or_else(|| Unknown(key.clone()))?;
        let ty = match name.as_str() {
            "int" => SqlType::pg("integer"),
            "str" => SqlType::pg("varchar"),
            "float" => SqlType::pg("double precision"),
            "bool" => SqlType::pg("boolean"),
            "bytes" => SqlType::pg("bytea"),
            "datetime" => SqlType::pg("timestamp"),
            "date" => SqlType::pg("date"),
            "time" => SqlType::pg("time"),
            "timedelta" => SqlType::pg("interval"),
            "Decimal" => SqlType::pg("numeric"),
            "UUID" => SqlType::pg("uuid"),
            other if self.enums.contains_key(other) => SqlType {
                ty: None,
                list: false,
                enumeration: Some(EnumUse::Class { class: other.to_string(), name: None, values_callable: false }),
            },
            _ => return Err(Unknown(key)),
        };
        Ok(ty)
    }
}

impl<'m> Scope<'m> {
    /// How an annotation is looked up in the `type_annotation_map`: its text without spaces.
    fn key(&self, target: &AnnTarget<'m>) -> String {
        match target {
            AnnTarget::Expr(e) => compact(self.text, *e),
            AnnTarget::Name(n) => n.split_whitespace().collect(),
        }
    }

    /// Whether the base's `type_annotation_map` names this annotation.
    pub(super) fn in_type_map(&self, target: &AnnTarget<'m>) -> bool {
        let key = self.key(target);
        self.type_map.iter().any(|(k, _)| *k == key)
    }
}

/// What a `Mapped[...]` annotation says.
#[derive(Debug)]
pub(super) struct Ann<'m> {
    pub target: AnnTarget<'m>,
    /// `Optional[T]`, `T | None`.
    pub optional: bool,
    /// `List[T]`, `set[T]`, `WriteOnlyMapped[T]`: a collection of related objects.
    pub collection: bool,
}

/// The type inside an annotation, with `Optional` and collections peeled off.
#[derive(Debug)]
pub(super) enum AnnTarget<'m> {
    Expr(&'m Expr),
    /// A name written as a string (`Mapped["User"]`, `Mapped[List["Post"]]`).
    Name(String),
}

impl AnnTarget<'_> {
    /// The last part of the named type (`models.User` → `User`).
    pub(super) fn name(&self) -> Option<String> {
        match self {
            AnnTarget::Expr(e) => last(e).map(str::to_string),
            AnnTarget::Name(n) => Some(n.rsplit('.').next().unwrap_or(n).trim().to_string()),
        }
    }
}

const COLLECTIONS: &[&str] =
    &["List", "list", "Set", "set", "FrozenSet", "frozenset", "Sequence", "MutableSequence", "Collection", "Iterable"];

/// The inside of a `Mapped[...]` / `WriteOnlyMapped[...]` / `DynamicMapped[...]` annotation,
/// or `None` when the annotation is not one.
pub(super) fn mapped(annotation: &Expr) -> Option<Ann<'_>> {
    match annotation {
        Expr::Subscript(s) => {
            let wrapper = last(&s.value)?;
            if !matches!(wrapper, "Mapped" | "WriteOnlyMapped" | "DynamicMapped") {
                return None;
            }
            let mut ann = peel(&s.slice);
            ann.collection |= wrapper != "Mapped";
            Some(ann)
        }
        Expr::StringLiteral(s) => {
            let text = s.value.to_str();
            let inner = text.trim().strip_prefix("Mapped[")?.strip_suffix(']')?;
            Some(peel_text(inner))
        }
        _ => None,
    }
}

/// Peels `Optional[...]`, `Union[..., None]`, `... | None` and collections off a type.
fn peel(expr: &Expr) -> Ann<'_> {
    let (mut optional, mut collection) = (false, false);
    let mut e = expr;
    for _ in 0..MAX_NESTING {
        match e {
            Expr::Subscript(s) => match last(&s.value) {
                Some("Optional") => {
                    optional = true;
                    e = &s.slice;
                }
                Some("Union") => {
                    let parts = super::expr::items(&s.slice);
                    let real: Vec<&Expr> = parts.iter().filter(|p| !matches!(p, Expr::NoneLiteral(_))).collect();
                    optional |= real.len() < parts.len();
                    match real.as_slice() {
                        [one] => e = one,
                        _ => break,
                    }
                }
                Some(c) if COLLECTIONS.contains(&c) => {
                    collection = true;
                    e = super::expr::items(&s.slice).first().unwrap_or(&s.slice);
                }
                _ => break,
            },
            Expr::BinOp(b) if b.op == Operator::BitOr => {
                if matches!(&*b.right, Expr::NoneLiteral(_)) {
                    optional = true;
                    e = &b.left;
                } else if matches!(&*b.left, Expr::NoneLiteral(_)) {
                    optional = true;
                    e = &b.right;
                } else {
                    break;
                }
            }
            Expr::StringLiteral(s) => {
                let mut ann = peel_text(s.value.to_str());
                ann.optional |= optional;
                ann.collection |= collection;
                return ann;
            }
            _ => break,
        }
    }
    Ann { target: AnnTarget::Expr(e), optional, collection }
}

/// [`peel`] for an annotation written as a string.
fn peel_text(text: &str) -> Ann<'static> {
    let (mut optional, mut collection) = (false, false);
    let mut t = text.trim();
    for _ in 0..MAX_NESTING {
        t = t.trim().trim_matches(|c| c == '"' || c == '\'').trim();
        if let Some(inner) = t.strip_prefix("Optional[").and_then(|r| r.strip_suffix(']')) {
            optional = true;
            t = inner;
        } else if let Some(inner) = t.strip_suffix("| None").or_else(|| t.strip_prefix("None |")) {
            optional = true;
            t = inner;
        } else if let Some(inner) = COLLECTIONS
            .iter()
            .find_map(|c| t.strip_prefix(c).and_then(|r| r.strip_prefix('[')).and_then(|r| r.strip_suffix(']')))
        {
            collection = true;
            t = inner;
        } else {
            break;
        }
    }
    Ann { target: AnnTarget::Name(t.to_string()), optional, collection }
}

/// A named call among a column's arguments (`ForeignKey(...)`, `Identity()`).
pub(super) fn call_named<'e>(expr: &'e Expr, names: &[&str]) -> Option<&'e ExprCall> {
    as_call(expr).filter(|(n, _)| names.contains(n)).map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ruff_python_ast::Stmt;

    /// The value of the last statement `x = <expr>` of `text`, and the scope over it.
    fn with_expr<T>(text: &str, f: impl FnOnce(&Scope<'_>, &Expr) -> T) -> T {
        let parsed = ruff_python_parser::parse_module(text).expect("parses");
        let body = parsed.suite();
        let mut scope = Scope { text, ..Scope::default() };
        scope.enums.insert("Status".into(), vec![("ACTIVE".into(), Some("active".into()))]);
        let Some(Stmt::Assign(a)) = body.last() else { panic!("an assignment") };
        f(&scope, &a.value)
    }

    fn pg(text: &str) -> (Option<String>, bool) {
        with_expr(&format!("x = {text}"), |s, e| {
            let t = s.sql_type(e).unwrap_or_else(|u| panic!("unknown {}", u.0));
            (t.ty, t.list)
        })
    }

    #[test]
    fn sqlalchemy_types_are_postgres_types() {
        let p = |t: &str| pg(t).0.unwrap_or_default();
        assert_eq!(p("Integer"), "integer");
        assert_eq!(p("sa.BigInteger()"), "bigint");
        assert_eq!(p("String(50)"), "varchar(50)");
        assert_eq!(p("sa.String(length=120)"), "varchar(120)");
        assert_eq!(p("String"), "varchar");
        assert_eq!(p("postgresql.VARCHAR(12)"), "varchar(12)");
        assert_eq!(p("Text()"), "text");
        assert_eq!(p("DateTime(timezone=True)"), "timestamptz");
        assert_eq!(p("DateTime"), "timestamp");
        assert_eq!(p("postgresql.TIMESTAMP(timezone=True, precision=3)"), "timestamptz(3)");
        assert_eq!(p("Numeric(10, 2)"), "numeric(10,2)");
        assert_eq!(p("DECIMAL(precision=12, scale=4)"), "numeric(12,4)");
        assert_eq!(p("Float"), "double precision");
        assert_eq!(p("JSONB"), "jsonb");
        assert_eq!(p("JSON().with_variant(JSONB(), 'postgresql')"), "jsonb");
        assert_eq!(p("MutableDict.as_mutable(JSONB)"), "jsonb");
        assert_eq!(p("postgresql.UUID(as_uuid=True)"), "uuid");
        assert_eq!(p("sa.Uuid"), "uuid");
        assert_eq!(p("LargeBinary"), "bytea");
        assert_eq!(p("Time(timezone=True)"), "time with time zone");
        assert_eq!(pg("ARRAY(String(20))"), (Some("varchar(20)".into()), true));
        assert_eq!(pg("postgresql.ARRAY(item_type=Integer)"), (Some("integer".into()), true));
        assert_eq!(p("Enum(Status, native_enum=False)"), "varchar(6)");
    }

    #[test]
    fn enums_and_unknown_types() {
        with_expr("x = Enum(Status, name='status_kind')", |s, e| {
            let t = s.sql_type(e).ok().and_then(|t| t.enumeration);
            assert_eq!(
                t,
                Some(EnumUse::Class {
                    class: "Status".into(),
                    name: Some("status_kind".into()),
                    values_callable: false
                })
            );
        });
        with_expr("x = sa.Enum('draft', 'live', name='post_state')", |s, e| {
            let t = s.sql_type(e).ok().and_then(|t| t.enumeration);
            assert_eq!(
                t,
                Some(EnumUse::Values { values: vec!["draft".into(), "live".into()], name: Some("post_state".into()) })
            );
        });
        with_expr("x = EncryptedType(String)", |s, e| {
            assert_eq!(s.sql_type(e).err().map(|u| u.0), Some("EncryptedType".into()));
        });
        let deep = format!("x = {}Integer{}", "ARRAY(".repeat(20), ")".repeat(20));
        with_expr(&deep, |s, e| assert!(s.sql_type(e).is_err()));
    }

    fn ann(text: &str) -> (String, bool, bool) {
        let source = format!("x: {text}");
        let parsed = ruff_python_parser::parse_module(&source).expect("parses");
        let Some(Stmt::AnnAssign(a)) = parsed.suite().first() else { panic!("annotation") };
        let m = mapped(&a.annotation).expect("a Mapped annotation");
        (m.target.name().unwrap_or_default(), m.optional, m.collection)
    }

    #[test]
    fn mapped_annotations_are_peeled() {
        assert_eq!(ann("Mapped[int]"), ("int".into(), false, false));
        assert_eq!(ann("Mapped[Optional[str]]"), ("str".into(), true, false));
        assert_eq!(ann("Mapped[str | None]"), ("str".into(), true, false));
        assert_eq!(ann("Mapped[None | datetime.datetime]"), ("datetime".into(), true, false));
        assert_eq!(ann("Mapped[Union[int, None]]"), ("int".into(), true, false));
        assert_eq!(ann("so.Mapped[List['Post']]"), ("Post".into(), false, true));
        assert_eq!(ann("Mapped[list[\"Post\"]]"), ("Post".into(), false, true));
        assert_eq!(ann("Mapped['User']"), ("User".into(), false, false));
        assert_eq!(ann("Mapped[Optional['User']]"), ("User".into(), true, false));
        assert_eq!(ann("WriteOnlyMapped['Post']"), ("Post".into(), false, true));
        assert_eq!(ann("'Mapped[Optional[models.User]]'"), ("User".into(), true, false));
    }
}
