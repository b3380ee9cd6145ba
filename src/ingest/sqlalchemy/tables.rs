//! The second pass: each table with its columns, keys and relationships, from mapped
//! classes (their own attributes, then their mixins', as SQLAlchemy copies them), from
//! single-table-inheritance subclasses, and from `Table(...)` objects.

use super::Reader;
use super::columns::{Col, Fk, FkTarget, is_column_call};
use super::expr::{as_call, boolean, dotted, items, kw, last, string, unlambda};
use super::module::{Attr, Class, Kind, Module, NameRule};
use super::types::{Ann, mapped};
use crate::ingest::raw::ConstraintKind;
use ruff_python_ast::{Expr, ExprCall};
use ruff_text_size::{Ranged, TextRange};
use std::collections::{HashMap, HashSet};

/// A table as the module states it.
pub(super) struct Table<'m> {
    pub name: String,
    pub class: Option<&'m str>,
    /// The module-level name a `Table(...)` is bound to (`secondary=post_tags`).
    pub var: Option<&'m str>,
    pub description: Option<String>,
    pub columns: Vec<Col>,
    pub keys: Vec<Key>,
    pub rels: Vec<Rel<'m>>,
    pub at: TextRange,
}

/// A key or index over columns named by column name or attribute.
pub(super) struct Key {
    pub kind: ConstraintKind,
    pub columns: Vec<String>,
    pub at: TextRange,
}

/// A `relationship(...)` attribute.
pub(super) struct Rel<'m> {
    pub class: &'m str,
    pub attr: &'m str,
    pub call: &'m ExprCall,
    pub ann: Option<Ann<'m>>,
    pub at: TextRange,
}

/// Every table, and which table each mapped class's rows live in.
pub(super) struct Tables<'m> {
    pub list: Vec<Table<'m>>,
    pub by_class: HashMap<&'m str, usize>,
    /// Association tables that are Prisma's implicit many-to-many (no model of their own).
    pub implicit: HashSet<usize>,
}

impl<'m> Tables<'m> {
    /// The table a name refers to: a table name, a `Table(...)`'s variable, or a class.
    pub(super) fn find(&self, name: &str) -> Option<usize> {
        self.list
            .iter()
            .position(|t| t.name == name)
            .or_else(|| self.list.iter().position(|t| t.var == Some(name)))
            .or_else(|| self.by_class.get(name).copied())
    }
}

impl Table<'_> {
    /// The column a key names: by column name, else by attribute.
    pub(super) fn column(&self, key: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.name == key)
            .or_else(|| self.columns.iter().position(|c| c.attr.as_deref() == Some(key)))
    }
}

const RELATIONSHIPS: &[&str] = &["relationship", "relation", "dynamic_loader"];
const NOT_STORED: &[&str] =
    &["column_property", "synonym", "association_proxy", "composite", "query_expression", "hybrid_property"];

impl<'m> Reader<'m> {
    pub(super) fn tables(&mut self, m: &Module<'m>) -> Tables<'m> {
        let mut out = Tables { list: Vec::new(), by_class: HashMap::new(), implicit: HashSet::new() };
        let mut used = vec![false; m.classes.len()];
        for (ci, class) in m.classes.iter().enumerate() {
            match class.kind {
                Kind::Table => {
                    let table = match class.table {
                        Some(call) => self.table_call(None, call, Some(class.name)),
                        None => Some(self.class_table(ci, class, m, &mut used)),
                    };
                    if let Some(table) = table {
                        out.by_class.insert(class.name, out.list.len());
                        out.list.push(table);
                    }
                }
                Kind::Single(root) => {
                    let Some(&t) = out.by_class.get(m.classes[root].name) else { continue };
                    self.info(
                        format!(
                            "class `{}` is single-table inheritance: its columns are read into table `{}`",
                            class.name, out.list[t].name
                        ),
                        class.at,
                    );
                    let attrs = self.gather(ci, m, &mut used);
                    let mut table = std::mem::replace(&mut out.list[t], empty_table());
                    for attr in attrs {
                        self.attribute(&mut table, class.name, attr);
                    }
                    out.list[t] = table;
                    out.by_class.insert(class.name, t);
                }
                _ => {}
            }
        }
        for (ci, class) in m.classes.iter().enumerate() {
            let columns = class.attrs.iter().any(|a| a.value.and_then(is_column_call).is_some());
            if class.kind == Kind::Mixin && columns && !used[ci] {
                self.aside(
                    format!("class `{}`", class.name),
                    "it has columns but no `__tablename__`, and no mapped class here inherits it",
                    class.at,
                );
            }
        }
        for &(var, call) in &m.tables {
            if let Some(table) = self.table_call(var, call, None) {
                if out.list.iter().any(|t| t.name == table.name) {
                    self.warn(format!("table `{}` is defined twice; the first is kept", table.name), table.at);
                    continue;
                }
                out.list.push(table);
            }
        }
        for &call in &m.indexes {
            self.module_index(call, &mut out);
        }
        out
    }

    fn class_table(&mut self, ci: usize, class: &Class<'m>, m: &Module<'m>, used: &mut [bool]) -> Table<'m> {
        let name = match &class.tablename {
            Some((name, _)) => name.clone(),
            None => match self.inherited_rule(class, &m.classes) {
                Some(NameRule::Lower) => class.name.to_lowercase(),
                Some(NameRule::AsIs) => class.name.to_string(),
                Some(NameRule::Unknown(at)) => {
                    self.aside(
                        format!("`__tablename__` rule for `{}`", class.name),
                        "only `cls.__name__` and `cls.__name__.lower()` are read; the class name is used",
                        at,
                    );
                    class.name.to_string()
                }
                // Flask-SQLAlchemy names a model's table after its class, in snake_case.
                None => crate::naming::snake(class.name),
            },
        };
        let mut table = Table {
            name,
            class: Some(class.name),
            var: None,
            description: class.doc.clone(),
            columns: Vec::new(),
            keys: Vec::new(),
            rels: Vec::new(),
            at: class.at,
        };
        let attrs = self.gather(ci, m, used);
        for attr in attrs {
            self.attribute(&mut table, class.name, attr);
        }
        let args = std::iter::once(ci).chain(self.mixins(ci, m)).find_map(|i| m.classes[i].table_args);
        if let Some(args) = args {
            self.table_args(&mut table, args);
        }
        table
    }

    /// The mixins (and bases, and `__abstract__` classes) whose attributes a class inherits,
    /// nearest first; a mapped superclass's are its own table's, not this one's.
    fn mixins(&self, ci: usize, m: &Module<'m>) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack: Vec<usize> = m.classes[ci].parents.iter().rev().copied().collect();
        while let Some(i) = stack.pop() {
            if out.contains(&i) || !matches!(m.classes[i].kind, Kind::Mixin | Kind::Base) {
                continue;
            }
            out.push(i);
            stack.extend(m.classes[i].parents.iter().rev().copied().filter(|p| *p < i));
        }
        out
    }

    /// A class's attributes, then those of its mixins that it does not redefine; reports
    /// the statements of each that are not read.
    fn gather(&mut self, ci: usize, m: &Module<'m>, used: &mut [bool]) -> Vec<Attr<'m>> {
        let mut attrs: Vec<Attr<'m>> = Vec::new();
        for i in std::iter::once(ci).chain(self.mixins(ci, m)) {
            let class = &m.classes[i];
            if i != ci && used[i] {
                // A mixin's own oddities are reported once.
            } else {
                for (what, why, at) in &class.odd {
                    self.aside(what.clone(), *why, *at);
                }
            }
            used[i] = true;
            for attr in &class.attrs {
                if !attrs.iter().any(|a| a.name == attr.name) {
                    attrs.push(*attr);
                }
            }
        }
        attrs
    }

    /// One attribute of a mapped class: a column, a relationship, or something set aside.
    fn attribute(&mut self, table: &mut Table<'m>, class: &'m str, attr: Attr<'m>) {
        let ann = attr.annotation.and_then(mapped);
        let what = || format!("`{class}.{}`", attr.name);
        match attr.value.map(unlambda) {
            Some(value) => {
                if let Some(call) = is_column_call(value) {
                    if let Some(col) = self.column(Some((attr.name, attr.at)), Some(call), ann.as_ref()) {
                        self.push_column(table, col);
                    }
                    return;
                }
                match as_call(value) {
                    Some((name, call)) if RELATIONSHIPS.contains(&name) => {
                        table.rels.push(Rel { class, attr: attr.name, call, ann, at: attr.at })
                    }
                    Some((name, _)) if NOT_STORED.contains(&name) => {
                        self.aside(format!("{} (`{name}`)", what()), "not a stored column", attr.at)
                    }
                    Some((name, _)) => self.aside(
                        format!("{} (`{name}(...)`)", what()),
                        "not a column, relationship or table setting schemata reads",
                        attr.at,
                    ),
                    // A class constant.
                    None if ann.is_none() => {}
                    None => self.aside(what(), "a `Mapped[...]` attribute set to a plain value", attr.at),
                }
            }
            None => match ann {
                Some(ann) => {
                    if ann.target.name().is_some_and(|n| self.scope.mapped.contains(&n)) {
                        self.aside(what(), "a `Mapped[...]` of a mapped class needs `relationship()`", attr.at);
                    } else if let Some(col) = self.column(Some((attr.name, attr.at)), None, Some(&ann)) {
                        self.push_column(table, col);
                    }
                }
                None => {
                    let plain = attr.annotation.and_then(|a| match a {
                        Expr::Subscript(s) => last(&s.value),
                        other => last(other),
                    });
                    if plain != Some("ClassVar") {
                        self.aside(what(), "an annotation without `Mapped[...]` is not a column", attr.at);
                    }
                }
            },
        }
    }

    fn push_column(&mut self, table: &mut Table<'m>, col: Col) {
        if table.columns.iter().any(|c| c.name == col.name) {
            self.warn(
                format!("column `{}` of table `{}` is defined twice; the first is kept", col.name, table.name),
                col.at,
            );
            return;
        }
        table.columns.push(col);
    }

    /// `Table("name", metadata, Column(...), ..., UniqueConstraint(...), comment="...")`.
    fn table_call(&mut self, var: Option<&'m str>, call: &'m ExprCall, class: Option<&'m str>) -> Option<Table<'m>> {
        let Some(name) = call.arguments.args.first().and_then(string) else {
            self.warn("a `Table(...)` without a name; skipped", call.range());
            return None;
        };
        let mut table = Table {
            name,
            class,
            var,
            description: kw(call, "comment").and_then(string),
            columns: Vec::new(),
            keys: Vec::new(),
            rels: Vec::new(),
            at: call.arguments.args[0].range(),
        };
        for arg in call.arguments.args.iter().skip(1) {
            if let Some(c) = is_column_call(arg) {
                if let Some(col) = self.column(None, Some(c), None) {
                    self.push_column(&mut table, col);
                }
            } else if matches!(arg, Expr::Name(_) | Expr::Attribute(_)) {
                // The `MetaData` the table belongs to.
            } else {
                self.table_item(&mut table, arg);
            }
        }
        if let Some(schema) = kw(call, "schema") {
            self.aside(format!("schema of table `{}`", table.name), "multiple schemas are not read", schema.range());
        }
        Some(table)
    }

    /// `__table_args__`: a tuple of constraints and indexes, optionally ending in a dict.
    fn table_args(&mut self, table: &mut Table<'m>, args: &'m Expr) {
        match args {
            Expr::Tuple(_) | Expr::List(_) => {
                for item in items(args) {
                    self.table_item(table, item);
                }
            }
            Expr::Dict(_) => self.table_item(table, args),
            other => {
                self.aside(format!("`__table_args__` of `{}`", table.name), "neither a tuple nor a dict", other.range())
            }
        }
    }

    fn table_item(&mut self, table: &mut Table<'m>, item: &'m Expr) {
        if let Expr::Dict(d) = item {
            for entry in &d.items {
                match entry.key.as_ref().and_then(string).as_deref() {
                    Some("comment") => {
                        if let Some(c) = string(&entry.value) {
                            table.description.get_or_insert(c);
                        }
                    }
                    Some("schema") => self.aside(
                        format!("schema of table `{}`", table.name),
                        "multiple schemas are not read",
                        entry.value.range(),
                    ),
                    _ => {}
                }
            }
            return;
        }
        let Some((name, call)) = as_call(item) else {
            self.aside(format!("table argument of `{}`", table.name), "not a constraint or index", item.range());
            return;
        };
        match name {
            "UniqueConstraint" | "PrimaryKeyConstraint" => {
                let kind = if name == "UniqueConstraint" { ConstraintKind::Unique } else { ConstraintKind::PrimaryKey };
                match key_columns(&call.arguments.args) {
                    Some(columns) => table.keys.push(Key { kind, columns, at: call.range() }),
                    None => self.aside(
                        format!("`{name}` on `{}`", table.name),
                        "Prisma cannot express keys on expressions",
                        call.range(),
                    ),
                }
            }
            "Index" => {
                if let Some((key, _)) = self.index(call, &table.name) {
                    table.keys.push(key);
                }
            }
            "ForeignKeyConstraint" => self.foreign_key_constraint(table, call),
            "CheckConstraint" => self.aside(
                format!("check constraint on table `{}`", table.name),
                "Prisma cannot express CHECK constraints; keep them in a SQL migration",
                call.range(),
            ),
            other => self.aside(
                format!("`{other}(...)` on table `{}`", table.name),
                "not a constraint or index schemata reads",
                call.range(),
            ),
        }
    }

    /// `ForeignKeyConstraint(["author_id"], ["users.id"], ondelete="CASCADE")`: the key of its
    /// one column; over several columns it is set aside, as the SQL reader does.
    fn foreign_key_constraint(&mut self, table: &mut Table<'m>, call: &'m ExprCall) {
        let args = &call.arguments.args;
        let columns = args.first().map(items).and_then(key_columns).unwrap_or_default();
        let targets: Vec<FkTarget> =
            args.get(1).map(items).unwrap_or_default().iter().filter_map(|t| string(t).map(FkTarget::Text)).collect();
        if columns.len() != 1 || targets.len() != 1 {
            self.aside(
                format!("composite foreign key on table `{}`", table.name),
                "relations over several columns are not inferred yet; the columns stay plain",
                call.range(),
            );
            return;
        }
        let Some(c) = table.column(&columns[0]) else {
            self.warn(
                format!("a foreign key names column `{}`, which table `{}` does not have", columns[0], table.name),
                call.range(),
            );
            return;
        };
        let action = |key: &str| kw(call, key).and_then(string).map(|a| a.to_ascii_lowercase());
        let target = targets.into_iter().next().unwrap_or(FkTarget::Text(String::new()));
        table.columns[c].fk =
            Some(Fk { target, on_delete: action("ondelete"), on_update: action("onupdate"), at: call.range() });
    }

    /// `Index("ix_name", col, ..., unique=True)`: its key, and the class or table its columns
    /// belong to when they name one (`User.email`, `users.c.email`).
    fn index(&mut self, call: &'m ExprCall, table: &str) -> Option<(Key, Option<String>)> {
        let args = &call.arguments.args;
        let name = args.first().and_then(string).unwrap_or_default();
        let what = if name.is_empty() { format!("index on `{table}`") } else { format!("index `{name}`") };
        if kw(call, "postgresql_where").is_some() || kw(call, "sqlite_where").is_some() {
            self.aside(
                format!("partial {what}"),
                "Prisma cannot express partial indexes (`WHERE`); keep it in a SQL migration",
                call.range(),
            );
            return None;
        }
        if let Some(method) = kw(call, "postgresql_using").and_then(string)
            && !method.eq_ignore_ascii_case("btree")
        {
            self.aside(
                format!("{what} using {method}"),
                "index methods other than B-tree are not read yet; write it as `@@index([...], type: ...)` or keep it in a SQL migration",
                call.range(),
            );
            return None;
        }
        let columns = args.get(1..).unwrap_or_default();
        let owner = columns.iter().find_map(|c| {
            let d = dotted(c)?;
            let parts: Vec<&str> = d.split('.').collect();
            match parts.as_slice() {
                [.., owner, "c", _] | [.., owner, _] => Some(owner.to_string()),
                _ => None,
            }
        });
        let Some(names) = key_columns(columns).filter(|n| !n.is_empty()) else {
            self.aside(
                format!("{what} on an expression"),
                "Prisma cannot express indexes on expressions; keep it in a SQL migration",
                call.range(),
            );
            return None;
        };
        let unique = kw(call, "unique").and_then(boolean).unwrap_or(false);
        let kind = if unique { ConstraintKind::Unique } else { ConstraintKind::Index };
        Some((Key { kind, columns: names, at: call.range() }, owner))
    }

    /// `Index("ix", User.email)` at module level: on the table of the class or `Table` it names.
    fn module_index(&mut self, call: &'m ExprCall, tables: &mut Tables<'m>) {
        let Some((key, owner)) = self.index(call, "a table") else { return };
        let Some(t) = owner.as_deref().and_then(|o| tables.find(o)) else {
            self.aside(
                "module-level index".into(),
                "its columns do not name a class or table of this file (`User.email`, `users.c.email`)",
                call.range(),
            );
            return;
        };
        tables.list[t].keys.push(key);
    }
}

/// The column names of key arguments (`"email"`, `email`, `User.email`, `users.c.email`),
/// or `None` when one is an expression.
fn key_columns(args: &[Expr]) -> Option<Vec<String>> {
    args.iter()
        .map(|a| match a {
            Expr::StringLiteral(_) => string(a),
            Expr::Name(_) | Expr::Attribute(_) => last(a).map(str::to_string),
            _ => None,
        })
        .collect()
}

fn empty_table<'m>() -> Table<'m> {
    Table {
        name: String::new(),
        class: None,
        var: None,
        description: None,
        columns: Vec::new(),
        keys: Vec::new(),
        rels: Vec::new(),
        at: TextRange::default(),
    }
}
