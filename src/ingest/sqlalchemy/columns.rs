//! One column: `Column(...)`, `mapped_column(...)` (with its `Mapped[...]` annotation and
//! any `Annotated` alias it names), or a bare `Mapped[...]` annotation.

use super::Reader;
use super::expr::{as_call, boolean, call_name, dotted, integer, kw, last, literal, string, unlambda};
use super::types::{Ann, AnnTarget, SqlType, call_named};
use ruff_python_ast::{Expr, ExprCall};
use ruff_text_size::{Ranged, TextRange};

/// A column as its class or `Table(...)` states it, before it becomes a field.
#[derive(Debug, Clone)]
pub(super) struct Col {
    /// The Python attribute, when it is one.
    pub attr: Option<String>,
    /// The name in the database: the attribute's unless `Column("name", ...)` says otherwise.
    pub name: String,
    pub ty: SqlType,
    /// A type was stated (or came from the annotation); else a foreign key's column lends its own.
    pub typed: bool,
    /// A type argument was given, known or not.
    pub type_stated: bool,
    /// `nullable=` as stated.
    pub nullable: Option<bool>,
    /// What a `mapped_column`'s `Mapped[...]` annotation says (2.0: `Optional` is nullable).
    pub annotated_optional: Option<bool>,
    pub primary: bool,
    pub unique: bool,
    pub index: bool,
    pub default: Option<String>,
    /// `onupdate=func.now()` (or `datetime.utcnow`): the time of every update.
    pub updated_at: bool,
    /// `autoincrement=` as stated; `None` is SQLAlchemy's "auto".
    pub autoincrement: Option<bool>,
    /// `Identity()` or `Sequence(...)`.
    pub identity: bool,
    pub fk: Option<Fk>,
    pub comment: Option<String>,
    pub sort_order: i64,
    pub at: TextRange,
}

impl Col {
    /// The name the model's field is written with: the attribute, else the column.
    pub(super) fn field_name(&self) -> &str {
        self.attr.as_deref().unwrap_or(&self.name)
    }
}

/// A `ForeignKey(...)` of a column.
#[derive(Debug, Clone)]
pub(super) struct Fk {
    pub target: FkTarget,
    pub on_delete: Option<String>,
    pub on_update: Option<String>,
    pub at: TextRange,
}

#[derive(Debug, Clone)]
pub(super) enum FkTarget {
    /// `"users.id"`, `"auth.users.id"`.
    Text(String),
    /// `User.id` (a class) or `users.c.id` (a `Table` bound to a name).
    Attr { owner: String, attr: String },
}

/// Keyword arguments that change nothing in the schema.
const IGNORED: &[&str] = &[
    "server_onupdate",
    "info",
    "quote",
    "system",
    "init",
    "repr",
    "compare",
    "kw_only",
    "hash",
    "deferred",
    "deferred_group",
    "deferred_raiseload",
    "active_history",
    "use_existing_column",
    "dataclass_metadata",
    "key",
    "_omit_from_statements",
];

impl<'m> Reader<'m> {
    /// A column from `Column(...)` / `mapped_column(...)` (`call`) and the attribute's
    /// `Mapped[...]` annotation, or from the annotation alone.
    pub(super) fn column(
        &mut self,
        attr: Option<(&str, TextRange)>,
        call: Option<&'m ExprCall>,
        ann: Option<&Ann<'m>>,
    ) -> Option<Col> {
        let at = attr.map(|(_, r)| r).or(call.map(|c| c.range())).unwrap_or_default();
        let mut col = Col {
            attr: attr.map(|(a, _)| a.to_string()),
            name: attr.map(|(a, _)| a.to_string()).unwrap_or_default(),
            ty: SqlType::default(),
            typed: false,
            type_stated: false,
            nullable: None,
            annotated_optional: None,
            primary: false,
            unique: false,
            index: false,
            default: None,
            updated_at: false,
            autoincrement: None,
            identity: false,
            fk: None,
            comment: None,
            sort_order: 0,
            at,
        };
        let mapped_column = call.is_some_and(|c| call_name(c) == Some("mapped_column"));
        // `Mapped[intpk]`: the alias's `mapped_column(...)` first, the attribute's over it.
        let mut python_type = ann.map(|a| (&a.target, None::<&'m Expr>));
        if let Some(a) = ann {
            col.annotated_optional = (mapped_column || call.is_none()).then_some(a.optional);
            if let Some(alias) = a.target.name().and_then(|n| self.scope.annotated.get(&n).copied()) {
                let (ty, alias_column) = alias;
                python_type = Some((&a.target, Some(ty)));
                if let Some(alias_column) = alias_column {
                    self.column_args(&mut col, alias_column);
                }
            }
        }
        if let Some(call) = call {
            self.column_args(&mut col, call);
        }
        if !col.typed
            && let Some((target, alias_type)) = python_type
        {
            // The base's `type_annotation_map` may name the alias itself (`str50: String(50)`).
            let target = match alias_type {
                Some(t) if !self.scope.in_type_map(target) => AnnTarget::Expr(t),
                _ => match target {
                    AnnTarget::Expr(e) => AnnTarget::Expr(e),
                    AnnTarget::Name(n) => AnnTarget::Name(n.clone()),
                },
            };
            match self.scope.python_type(&target) {
                Ok(ty) => {
                    col.ty = ty;
                    col.typed = true;
                }
                Err(unknown) if col.fk.is_none() => self.aside(
                    format!("type of column `{}`", col.name),
                    format!("`{}` is not a Python type SQLAlchemy maps by default; add it to `type_annotation_map` or give the column a type", unknown.0),
                    at,
                ),
                Err(_) => {}
            }
        }
        if col.name.is_empty() {
            self.warn("a column with no name; skipped", at);
            return None;
        }
        if !col.type_stated && !col.typed && col.fk.is_none() && call.is_some() {
            self.aside(format!("type of column `{}`", col.name), "the column states no type; its type is inferred", at);
        }
        Some(col)
    }

    /// Applies the arguments of `Column(...)` / `mapped_column(...)` to `col`.
    fn column_args(&mut self, col: &mut Col, call: &'m ExprCall) {
        for (i, arg) in call.arguments.args.iter().enumerate() {
            if i == 0
                && let Some(name) = string(arg)
            {
                col.name = name;
                continue;
            }
            if let Some(fk) = call_named(arg, &["ForeignKey"]) {
                col.fk = self.foreign_key(fk);
            } else if call_named(arg, &["Identity", "Sequence"]).is_some() {
                col.identity = true;
            } else if call_named(arg, &["Computed"]).is_some() {
                self.aside(
                    format!("generated expression of column `{}`", col.name),
                    "Prisma cannot express generated columns; the column is read as a plain one",
                    arg.range(),
                );
            } else if call_named(arg, &["CheckConstraint"]).is_some() {
                self.aside(
                    format!("check on column `{}`", col.name),
                    "Prisma cannot express CHECK constraints; keep them in a SQL migration",
                    arg.range(),
                );
            } else {
                self.column_type(col, arg);
            }
        }
        for k in &call.arguments.keywords {
            let Some(name) = k.arg.as_ref().map(|a| a.id.as_str()) else { continue };
            let v = &k.value;
            match name {
                "name" => {
                    if let Some(n) = string(v) {
                        col.name = n;
                    }
                }
                "type_" => self.column_type(col, v),
                "primary_key" => col.primary = boolean(v).unwrap_or(false),
                "nullable" => col.nullable = boolean(v),
                "unique" => col.unique = boolean(v).unwrap_or(false),
                "index" => col.index = boolean(v).unwrap_or(false),
                "comment" | "doc" => col.comment = string(v).or(col.comment.take()),
                "sort_order" => col.sort_order = integer(v).unwrap_or(0),
                "autoincrement" => col.autoincrement = boolean(v),
                "server_default" => {
                    col.default = self.default_text(v, col).or(col.default.take());
                }
                "onupdate" if is_now(v) => col.updated_at = true,
                "onupdate" => self.aside(
                    format!("`onupdate=` of column `{}`", col.name),
                    "only the time of the update (`func.now()`, `datetime.utcnow`) is read, as `@updatedAt`",
                    k.range,
                ),
                "default" | "insert_default" | "default_factory" => {
                    // The database's own default (`server_default`) wins over the application's.
                    if col.default.is_none() || !has_kw(call, "server_default") {
                        let text = self.default_text(v, col);
                        if text.is_some() {
                            col.default = text;
                        }
                    }
                }
                _ if IGNORED.contains(&name) => {}
                other => self.aside(
                    format!("`{other}=` of column `{}`", col.name),
                    "not an argument schemata reads",
                    k.range,
                ),
            }
        }
    }

    fn column_type(&mut self, col: &mut Col, expr: &'m Expr) {
        col.type_stated = true;
        match self.scope.sql_type(expr) {
            Ok(ty) => {
                if ty.ty.as_deref().is_some_and(|t| t == "jsonb" || t.contains("uuid") || t == "bytea") || ty.list {
                    self.postgres(expr.range());
                }
                col.ty = ty;
                col.typed = true;
            }
            Err(unknown) => self.aside(
                format!("type `{}` of column `{}`", unknown.0, col.name),
                "not a SQLAlchemy type schemata knows; the field's type is inferred",
                expr.range(),
            ),
        }
    }

    /// `ForeignKey("users.id", ondelete="CASCADE")`, `ForeignKey(User.id)`,
    /// `ForeignKey(users.c.id)`.
    pub(super) fn foreign_key(&mut self, call: &'m ExprCall) -> Option<Fk> {
        let target = call.arguments.args.first().or_else(|| kw(call, "column"))?;
        let target = match string(target) {
            Some(text) => FkTarget::Text(text),
            None => match dotted(unlambda(target)) {
                Some(d) => {
                    let parts: Vec<&str> = d.split('.').collect();
                    match parts.as_slice() {
                        [.., owner, "c", attr] | [.., owner, attr] => {
                            FkTarget::Attr { owner: owner.to_string(), attr: attr.to_string() }
                        }
                        _ => FkTarget::Text(d.clone()),
                    }
                }
                None => {
                    self.aside(
                        "foreign key target".into(),
                        "neither `\"table.column\"` nor `Class.attribute`",
                        target.range(),
                    );
                    return None;
                }
            },
        };
        let action = |key: &str| kw(call, key).and_then(string).map(|a| a.to_ascii_lowercase());
        Some(Fk { target, on_delete: action("ondelete"), on_update: action("onupdate"), at: call.range() })
    }

    /// A default as the inference reads it: literals, `func.now()`, `text("...")`,
    /// `uuid.uuid4`, an enum member. `None` (with a note) for anything else.
    pub(super) fn default_text(&mut self, expr: &'m Expr, col: &Col) -> Option<String> {
        let expr = unlambda(expr);
        if let Some(l) = literal(expr) {
            return l.default_text();
        }
        let callable = |name: &str| -> Option<String> {
            match name {
                "uuid4" | "uuid1" | "uuid7" => Some("uuid()".into()),
                "now" | "utcnow" | "today" | "current_timestamp" | "CURRENT_TIMESTAMP" | "localtimestamp"
                | "current_date" => Some("now()".into()),
                "dict" => Some("{}".into()),
                "list" => Some("[]".into()),
                "true" => Some("true".into()),
                "false" => Some("false".into()),
                _ => None,
            }
        };
        match expr {
            Expr::Call(c) => {
                let name = call_name(c).unwrap_or_default();
                if matches!(name, "text" | "literal_column") {
                    let sql = c.arguments.args.first().and_then(string)?;
                    return Some(server_sql(&sql));
                }
                if let Some(text) = callable(name) {
                    return Some(text);
                }
                let func = dotted(&c.func).unwrap_or_default();
                // `func.now()`, `func.gen_random_uuid()`: SQL functions, read without arguments.
                let bare = c.arguments.args.is_empty() && c.arguments.keywords.is_empty();
                if bare && (func.starts_with("func.") || func.contains(".func.")) {
                    return Some(server_sql(&format!("{name}()")));
                }
            }
            Expr::Name(_) | Expr::Attribute(_) => {
                let d = dotted(expr).unwrap_or_default();
                let parts: Vec<&str> = d.split('.').collect();
                // `Status.ACTIVE` stores the member's name, `Status.ACTIVE.value` its value.
                let (class, member, value) = match parts.as_slice() {
                    [.., class, member, "value"] => (*class, *member, true),
                    [.., class, member] => (*class, *member, false),
                    _ => ("", "", false),
                };
                if let Some(members) = self.scope.enums.get(class) {
                    let by_value = value
                        || matches!(
                            &col.ty.enumeration,
                            Some(super::types::EnumUse::Class { values_callable: true, .. })
                        );
                    let m = members.iter().find(|(n, _)| n == member)?;
                    let text = if by_value { m.1.clone().unwrap_or_else(|| m.0.clone()) } else { m.0.clone() };
                    return Some(format!("'{text}'"));
                }
                if let Some(text) = last(expr).and_then(callable) {
                    return Some(text);
                }
            }
            _ => {}
        }
        let what = super::expr::source(self.text, expr.range(), 40);
        self.aside(
            format!("default `{what}` of column `{}`", col.name),
            "not a literal, `func.now()`, `text(...)` or `uuid.uuid4` that schemata reads",
            expr.range(),
        );
        None
    }
}

/// `func.now()`, `datetime.utcnow`, `lambda: datetime.now(timezone.utc)`: the current time.
fn is_now(expr: &Expr) -> bool {
    let name = match unlambda(expr) {
        Expr::Call(c) => call_name(c),
        other => last(other),
    };
    matches!(name, Some("now" | "utcnow" | "current_timestamp" | "CURRENT_TIMESTAMP" | "localtimestamp"))
}

fn has_kw(call: &ExprCall, name: &str) -> bool {
    kw(call, name).is_some()
}

/// A SQL default expression as the inference reads it: a literal (its cast dropped:
/// `'pending'::order_status` → `'pending'`), a function Prisma has a default for (`now()`,
/// `gen_random_uuid()`), a sequence (`autoincrement()`, as Prisma's introspection reads
/// `nextval(...)`), and anything else as the database's own, `dbgenerated(...)`.
pub(super) fn server_sql(sql: &str) -> String {
    let sql = sql.trim();
    let quoted =
        |v: &str| v.len() >= 2 && v.starts_with('\'') && v.ends_with('\'') && !v[1..v.len() - 1].contains('\'');
    if let Some((value, _cast)) = sql.split_once("::")
        && quoted(value.trim())
    {
        return value.trim().to_string();
    }
    let lower = sql.to_ascii_lowercase();
    let known = matches!(
        lower.as_str(),
        "true"
            | "false"
            | "now()"
            | "current_timestamp"
            | "current_timestamp()"
            | "localtimestamp"
            | "gen_random_uuid()"
            | "uuid_generate_v4()"
    );
    if quoted(sql) || known || sql.parse::<f64>().is_ok_and(f64::is_finite) {
        sql.to_string()
    } else if lower.starts_with("nextval(") {
        "autoincrement()".into()
    } else {
        format!("dbgenerated({sql})")
    }
}

/// Whether a call makes a column.
pub(super) fn is_column_call(expr: &Expr) -> Option<&ExprCall> {
    match as_call(expr) {
        Some(("Column" | "mapped_column", c)) => Some(c),
        // `deferred(Column(...))` loads later; it is still a column.
        Some(("deferred", c)) => c.arguments.args.first().and_then(is_column_call),
        _ => None,
    }
}
