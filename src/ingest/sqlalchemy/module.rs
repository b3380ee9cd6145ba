//! The first pass: what a module defines. Classes (mapped, mixins, bases, enums, type
//! decorators) with the attributes of their bodies, `Table(...)` objects, module-level
//! `Index(...)`, `Annotated[...]` aliases, and the names bound to declarative bases.

use super::Reader;
use super::expr::{as_call, boolean, dotted, last, literal, string};
use ruff_python_ast::{Expr, ExprCall, Stmt, StmtClassDef};
use ruff_text_size::{Ranged, TextRange};
use std::collections::HashSet;

const ENUM_BASES: &[&str] = &["Enum", "IntEnum", "StrEnum", "Flag", "IntFlag", "ReprEnum"];
const DECLARATIVE_BASES: &[&str] = &["DeclarativeBase", "DeclarativeBaseNoMeta"];
const BASE_FACTORIES: &[&str] = &["declarative_base", "generate_base", "automap_base"];
const UNREAD: &str = "not a column, relationship or table setting schemata reads";

/// What a class is to the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Enum,
    /// A `TypeDecorator`: a column type whose `impl` is the database type.
    Decorator,
    /// A declarative base: its attributes are inherited like a mixin's.
    Base,
    /// A mixin or `__abstract__` class: its columns go to the mapped classes that inherit it.
    Mixin,
    /// A mapped class with a table of its own.
    Table,
    /// Single-table inheritance: a mapped subclass without a table of its own; its columns go to
    /// the table of the class at this index.
    Single(usize),
    /// Not part of the data model.
    Plain,
}

/// How a `@declared_attr` `__tablename__` names tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NameRule {
    /// `return cls.__name__.lower()`
    Lower,
    /// `return cls.__name__`
    AsIs,
    Unknown(TextRange),
}

/// An attribute of a class body: `name = value`, `name: annotation [= value]`, or a
/// `@declared_attr` function returning `value`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Attr<'m> {
    pub name: &'m str,
    pub at: TextRange,
    pub annotation: Option<&'m Expr>,
    pub value: Option<&'m Expr>,
}

#[derive(Debug)]
pub(super) struct Class<'m> {
    pub name: &'m str,
    pub at: TextRange,
    pub def: &'m StmtClassDef,
    /// Indices of the classes of this file it inherits, in order.
    pub parents: Vec<usize>,
    pub kind: Kind,
    pub tablename: Option<(String, TextRange)>,
    pub name_rule: Option<NameRule>,
    pub table: Option<&'m ExprCall>,
    pub table_args: Option<&'m Expr>,
    pub abstract_: bool,
    pub doc: Option<String>,
    pub attrs: Vec<Attr<'m>>,
    /// It inherits a declarative base of this file (or `db.Model`).
    pub declarative: bool,
    /// It inherits Flask-SQLAlchemy's `db.Model`.
    pub flask: bool,
    /// Statements of the body that are not attributes (reported if the class is mapped).
    pub odd: Vec<(String, &'static str, TextRange)>,
}

/// Module-level things that are not classes.
#[derive(Default)]
pub(super) struct Module<'m> {
    pub classes: Vec<Class<'m>>,
    /// `name = Table("...", metadata, ...)`, or `None` for a name when not assigned.
    pub tables: Vec<(Option<&'m str>, &'m ExprCall)>,
    pub indexes: Vec<&'m ExprCall>,
    /// Names bound to a declarative base (`Base = declarative_base()`).
    pub bases: HashSet<String>,
    /// Names bound to Flask-SQLAlchemy (`db = SQLAlchemy()`): `db.Model` is a base that
    /// names tables after their class in snake_case.
    pub flask: HashSet<String>,
}

impl<'m> Reader<'m> {
    /// Reads the module's statements (see the module documentation).
    pub(super) fn collect(&mut self, body: &'m [Stmt]) -> Module<'m> {
        let mut m = Module::default();
        for stmt in body {
            match stmt {
                Stmt::ClassDef(def) => self.class(def, &mut m),
                Stmt::Assign(a) => {
                    let Some(target) = a.targets.first().and_then(|t| t.as_name_expr()) else { continue };
                    self.module_value(target.id.as_str(), &a.value, &mut m);
                }
                Stmt::AnnAssign(a) => {
                    if let (Some(target), Some(value)) = (a.target.as_name_expr(), &a.value) {
                        self.module_value(target.id.as_str(), value, &mut m);
                    }
                }
                Stmt::TypeAlias(t) => {
                    if let Some(target) = t.name.as_name_expr() {
                        self.module_value(target.id.as_str(), &t.value, &mut m);
                    }
                }
                Stmt::Expr(e) => {
                    if let Some(("Index", call)) = as_call(&e.value) {
                        m.indexes.push(call);
                    } else if let Some(("Table", call)) = as_call(&e.value) {
                        m.tables.push((None, call));
                    }
                }
                Stmt::ImportFrom(i) => {
                    let module = i.module.as_ref().map(|m| m.id.as_str()).unwrap_or_default();
                    let names: Vec<&str> = i.names.iter().map(|a| a.name.id.as_str()).collect();
                    let dialect = |d: &str| {
                        module == format!("sqlalchemy.dialects.{d}")
                            || (module == "sqlalchemy.dialects" && names.contains(&d))
                    };
                    if dialect("postgresql") {
                        self.postgres(i.range);
                    } else if dialect("mysql") {
                        self.mysql(i.range);
                    }
                }
                Stmt::Import(i) => {
                    for alias in &i.names {
                        match alias.name.id.as_str() {
                            "sqlalchemy.dialects.postgresql" => self.postgres(i.range),
                            "sqlalchemy.dialects.mysql" => self.mysql(i.range),
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        for class in &m.classes {
            if matches!(class.kind, Kind::Table | Kind::Single(_)) {
                self.scope.mapped.insert(class.name.to_string());
            }
        }
        m
    }

    /// `name = value` at module level.
    fn module_value(&mut self, name: &'m str, value: &'m Expr, m: &mut Module<'m>) {
        match value {
            Expr::Call(call) => match last(&call.func).unwrap_or_default() {
                "Table" => m.tables.push((Some(name), call)),
                "Index" => m.indexes.push(call),
                "SQLAlchemy" => {
                    m.flask.insert(name.to_string());
                }
                f if BASE_FACTORIES.contains(&f) => {
                    m.bases.insert(name.to_string());
                }
                _ => {
                    // A type bound to a name (`JsonType = JSON().with_variant(JSONB(), "postgresql")`).
                    self.scope.aliases.insert(name.to_string(), value);
                }
            },
            Expr::Subscript(s) if last(&s.value) == Some("Annotated") => {
                let parts = super::expr::items(&s.slice);
                if let Some(ty) = parts.first() {
                    let column = parts[1..].iter().find_map(|p| match as_call(p) {
                        Some(("mapped_column", c)) => Some(c),
                        _ => None,
                    });
                    self.scope.annotated.insert(name.to_string(), (ty, column));
                }
            }
            Expr::Name(_) | Expr::Attribute(_) => {
                self.scope.aliases.insert(name.to_string(), value);
            }
            _ => {}
        }
    }

    fn class(&mut self, def: &'m StmtClassDef, m: &mut Module<'m>) {
        let name = def.name.id.as_str();
        let bases: Vec<&'m Expr> = def.arguments.as_ref().map(|a| a.args.iter().collect()).unwrap_or_default();
        let parents: Vec<usize> =
            bases.iter().filter_map(|b| last(b)).filter_map(|b| m.classes.iter().rposition(|c| c.name == b)).collect();
        let mut class = Class {
            name,
            at: def.name.range,
            def,
            parents,
            kind: Kind::Plain,
            tablename: None,
            name_rule: None,
            table: None,
            table_args: None,
            abstract_: false,
            doc: None,
            attrs: Vec::new(),
            declarative: false,
            flask: false,
            odd: Vec::new(),
        };
        let base_names: Vec<&str> = bases.iter().filter_map(|b| last(b)).collect();
        let is_enum = base_names.iter().any(|b| ENUM_BASES.contains(b))
            || class.parents.iter().any(|&p| m.classes[p].kind == Kind::Enum);
        if is_enum {
            class.kind = Kind::Enum;
            self.enum_class(&class);
            m.classes.push(class);
            return;
        }
        self.body(&mut class);
        let decorated_base = def.decorator_list.iter().any(|d| {
            let e = match &d.expression {
                Expr::Call(c) => &*c.func,
                e => e,
            };
            matches!(last(e), Some("as_declarative" | "as_declarative_base"))
        });
        let dotted_bases: Vec<String> = bases.iter().filter_map(|b| dotted(b)).collect();
        let parents = || class.parents.iter().map(|&p| &m.classes[p]);
        // Flask-SQLAlchemy's `db.Model` names a table after its class, in snake_case.
        class.flask = dotted_bases.iter().any(|b| b.strip_suffix(".Model").is_some_and(|db| m.flask.contains(db)))
            || parents().any(|p| p.flask);
        class.declarative = class.flask
            || dotted_bases.iter().any(|b| m.bases.contains(b.as_str()))
            || parents().any(|p| p.kind == Kind::Base || p.declarative);
        // A base imported from another module (`from app.db import Base`) may be declarative.
        let external = bases.len() > class.parents.len();
        let rule = self.inherited_rule(&class, &m.classes);
        let own_key = class.attrs.iter().any(|a| {
            a.value
                .and_then(super::columns::is_column_call)
                .is_some_and(|c| super::expr::kw(c, "primary_key").and_then(boolean) == Some(true))
        });
        class.kind = if base_names.iter().any(|b| matches!(*b, "TypeDecorator" | "UserDefinedType")) {
            Kind::Decorator
        } else if base_names.iter().any(|b| DECLARATIVE_BASES.contains(b)) || decorated_base {
            Kind::Base
        } else if class.abstract_ {
            Kind::Mixin
        } else if class.tablename.is_some() || class.table.is_some() {
            Kind::Table
        } else if let Some(root) = self.table_ancestor(&class, &m.classes)
            // With a `__tablename__` rule, a subclass with a key of its own is joined inheritance.
            && !(own_key && (rule.is_some() || class.flask))
        {
            Kind::Single(root)
        } else if (class.declarative || external) && rule.is_some() || class.flask {
            Kind::Table
        } else if class.declarative {
            if !class.attrs.is_empty() {
                self.warn(
                    format!("class `{name}` inherits a declarative base but has no `__tablename__`; skipped"),
                    class.at,
                );
            }
            Kind::Plain
        } else if !class.attrs.is_empty() || class.name_rule.is_some() {
            Kind::Mixin
        } else {
            Kind::Plain
        };
        if class.kind == Kind::Decorator
            && let Some(implementation) = class.attrs.iter().find(|a| a.name == "impl").and_then(|a| a.value)
        {
            self.scope.decorators.insert(name.to_string(), implementation);
        }
        if class.kind == Kind::Base {
            self.base_body(def);
        }
        m.classes.push(class);
    }

    /// The first mapped class with a table among the class's ancestors.
    fn table_ancestor(&self, class: &Class<'_>, classes: &[Class<'_>]) -> Option<usize> {
        mro(&class.parents, classes).into_iter().find_map(|i| match classes[i].kind {
            Kind::Table => Some(i),
            Kind::Single(root) => Some(root),
            _ => None,
        })
    }

    /// A `@declared_attr` `__tablename__` the class inherits.
    pub(super) fn inherited_rule(&self, class: &Class<'_>, classes: &[Class<'_>]) -> Option<NameRule> {
        class.name_rule.or_else(|| mro(&class.parents, classes).into_iter().find_map(|i| classes[i].name_rule))
    }

    /// The members of an `enum.Enum` class: names, and literal values when stated.
    fn enum_class(&mut self, class: &Class<'m>) {
        let mut members = Vec::new();
        for stmt in &class.def.body {
            let (target, value) = match stmt {
                Stmt::Assign(a) => (a.targets.first(), Some(&*a.value)),
                Stmt::AnnAssign(a) => (Some(&*a.target), a.value.as_deref()),
                _ => continue,
            };
            let Some(name) = target.and_then(|t| t.as_name_expr()).map(|n| n.id.as_str()) else { continue };
            if name.starts_with('_') || value.is_none() {
                continue;
            }
            let literal = value.and_then(literal).and_then(|l| l.plain());
            members.push((name.to_string(), literal));
        }
        self.scope.enums.insert(class.name.to_string(), members);
        self.enum_at.insert(class.name.to_string(), class.at);
    }

    /// A declarative base's `type_annotation_map`.
    fn base_body(&mut self, def: &'m StmtClassDef) {
        for stmt in &def.body {
            let (target, value) = match stmt {
                Stmt::Assign(a) => (a.targets.first(), Some(&*a.value)),
                Stmt::AnnAssign(a) => (Some(&*a.target), a.value.as_deref()),
                _ => continue,
            };
            let is_map = target.and_then(|t| t.as_name_expr()).is_some_and(|n| n.id.as_str() == "type_annotation_map");
            if let (true, Some(Expr::Dict(d))) = (is_map, value) {
                for item in &d.items {
                    if let Some(key) = &item.key {
                        let key = super::expr::compact(self.text, key);
                        self.scope.type_map.push((key, &item.value));
                    }
                }
            }
        }
    }

    /// The attributes of a class body, and its `__tablename__`, `__table_args__`, docstring.
    fn body(&mut self, class: &mut Class<'m>) {
        let def = class.def;
        for (i, stmt) in def.body.iter().enumerate() {
            match stmt {
                Stmt::Expr(e) => {
                    if let (0, Some(doc)) = (i, string(&e.value)) {
                        let doc = doc.trim();
                        if !doc.is_empty() {
                            class.doc = Some(doc.to_string());
                        }
                    }
                }
                Stmt::Assign(a) => {
                    let Some(target) = a.targets.first().and_then(|t| t.as_name_expr()) else {
                        class.odd.push((format!("assignment in `{}`", class.name), UNREAD, a.range));
                        continue;
                    };
                    self.member(class, target.id.as_str(), target.range, None, Some(&a.value));
                }
                Stmt::AnnAssign(a) => {
                    let Some(target) = a.target.as_name_expr() else {
                        class.odd.push((format!("assignment in `{}`", class.name), UNREAD, a.range));
                        continue;
                    };
                    self.member(class, target.id.as_str(), target.range, Some(&a.annotation), a.value.as_deref());
                }
                Stmt::FunctionDef(f) => {
                    let declared = f.decorator_list.iter().any(|d| {
                        let e = match &d.expression {
                            Expr::Call(c) => &*c.func,
                            e => e,
                        };
                        matches!(last(e), Some("declared_attr" | "directive"))
                    });
                    let hybrid =
                        f.decorator_list.iter().any(|d| matches!(last(&d.expression), Some("hybrid_property")));
                    if hybrid {
                        let what = format!("hybrid property `{}.{}`", class.name, f.name.id);
                        class.odd.push((what, "computed in Python, not stored in a column", f.name.range));
                    }
                    if !declared {
                        continue;
                    }
                    let returned = f.body.iter().find_map(|s| match s {
                        Stmt::Return(r) => r.value.as_deref(),
                        _ => None,
                    });
                    match f.name.id.as_str() {
                        "__tablename__" => class.name_rule = Some(name_rule(returned, f.name.range)),
                        "__table_args__" => class.table_args = returned,
                        "__mapper_args__" => {}
                        other => match returned {
                            Some(value) => class.attrs.push(Attr {
                                name: other,
                                at: f.name.range,
                                annotation: None,
                                value: Some(value),
                            }),
                            None => class.odd.push((
                                format!("`@declared_attr` `{}.{other}`", class.name),
                                "it returns nothing schemata reads",
                                f.name.range,
                            )),
                        },
                    }
                }
                Stmt::Pass(_) => {}
                Stmt::ClassDef(c) => {
                    class.odd.push((format!("nested class `{}.{}`", class.name, c.name.id), UNREAD, c.name.range))
                }
                other => class.odd.push((format!("statement in `{}`", class.name), UNREAD, other.range())),
            }
        }
    }

    /// One `name [: annotation] = value` of a class body.
    fn member(
        &mut self,
        class: &mut Class<'m>,
        name: &'m str,
        at: TextRange,
        annotation: Option<&'m Expr>,
        value: Option<&'m Expr>,
    ) {
        match name {
            "__tablename__" => match value.and_then(string) {
                Some(t) => class.tablename = Some((t, at)),
                None => {
                    if let Some(v) = value {
                        class.odd.push((
                            format!("`__tablename__` of `{}`", class.name),
                            "it is not a string literal",
                            v.range(),
                        ));
                    }
                }
            },
            "__abstract__" => class.abstract_ = value.and_then(boolean).unwrap_or(false),
            "__table_args__" => class.table_args = value,
            "__table__" => class.table = value.and_then(as_call).filter(|(n, _)| *n == "Table").map(|(_, c)| c),
            "__mapper_args__" | "__allow_unmapped__" | "metadata" | "registry" | "type_annotation_map" | "cache_ok" => {
            }
            _ if name.starts_with("__") && name.ends_with("__") => {}
            _ => class.attrs.push(Attr { name, at, annotation, value }),
        }
    }
}

/// The rule of a `@declared_attr` `__tablename__` from its return value.
fn name_rule(returned: Option<&Expr>, at: TextRange) -> NameRule {
    let Some(e) = returned else { return NameRule::Unknown(at) };
    if dotted(e).is_some_and(|d| d.ends_with("__name__")) {
        return NameRule::AsIs;
    }
    if let Expr::Call(c) = e
        && let Expr::Attribute(a) = &*c.func
        && a.attr.id.as_str() == "lower"
        && dotted(&a.value).is_some_and(|d| d.ends_with("__name__"))
    {
        return NameRule::Lower;
    }
    NameRule::Unknown(e.range())
}

/// The classes of this file that `parents` inherit, nearest first, each once (left to right,
/// depth first: close enough to Python's MRO for gathering columns).
pub(super) fn mro(parents: &[usize], classes: &[Class<'_>]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut stack: Vec<usize> = parents.iter().rev().copied().collect();
    while let Some(i) = stack.pop() {
        if out.contains(&i) || out.len() > classes.len() {
            continue;
        }
        out.push(i);
        stack.extend(classes[i].parents.iter().rev().copied().filter(|p| *p < i));
    }
    out
}
