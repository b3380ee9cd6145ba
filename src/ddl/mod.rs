//! Migration preview: the PostgreSQL DDL Prisma's `migrate` would create for a model or the
//! whole schema — `CREATE TYPE` for enums, `CREATE TABLE` with mapped names and types,
//! primary keys, unique and plain indexes named as Prisma names them, foreign keys with
//! Prisma's referential defaults, and implicit many-to-many join tables (`_AToB`). Views are
//! not created by Prisma's migrations (the team writes their `CREATE VIEW`), so a view gets a
//! note in the migration instead of a table, and no foreign key points to or from it.
//!
//! A pure function of the schema, so the TUI's SQL preview is just a call to it. It is a
//! preview: the real migration comes from Prisma's engine.

mod types;

pub use types::{column_type, literal, quoted, scalar_type};

use crate::model::{Field, FieldType, Model, ModelId, Provider, ReferentialAction, Relation, RelationKind, Schema};
use std::fmt::Write as _;

/// The statements of a migration, grouped the way Prisma's migration files group them.
#[derive(Debug, Default)]
struct Statements {
    enums: Vec<String>,
    tables: Vec<String>,
    views: Vec<String>,
    indexes: Vec<String>,
    foreign_keys: Vec<String>,
}

impl Statements {
    fn render(self, schema: &Schema) -> String {
        let mut out = header(schema);
        for (title, list) in [
            ("CreateEnum", self.enums),
            ("CreateTable", self.tables),
            ("View (not created by Prisma)", self.views),
            ("CreateIndex", self.indexes),
            ("AddForeignKey", self.foreign_keys),
        ] {
            for statement in list {
                if !out.is_empty() {
                    out.push('\n');
                }
                let _ = writeln!(out, "-- {title}\n{statement}");
            }
        }
        out
    }
}

/// A note when the schema is not PostgreSQL (the preview still speaks PostgreSQL).
fn header(schema: &Schema) -> String {
    match schema.provider {
        Provider::Postgresql => String::new(),
        Provider::Mongodb => "-- MongoDB has no SQL migrations: Prisma pushes indexes with `prisma db push`.\n\
                              -- The PostgreSQL equivalent, for reference:\n"
            .into(),
        other => format!("-- The schema targets {}; this preview is PostgreSQL.\n", other.as_str()),
    }
}

/// The DDL of the whole schema: every enum, table, index and foreign key.
pub fn render_schema(schema: &Schema) -> String {
    let mut s = Statements { enums: schema.enums.iter().map(create_enum).collect(), ..Statements::default() };
    for &id in &schema.order {
        model_statements(schema, id, &mut s);
    }
    for r in implicit_many_to_many(schema) {
        join_table(schema, r, &mut s);
    }
    s.render(schema)
}

/// The DDL of one model: the enums it uses, its table, indexes and foreign keys, and the join
/// tables of its implicit many-to-many relations.
pub fn render_model(schema: &Schema, id: ModelId) -> String {
    let mut used = Vec::new();
    for f in &schema[id].fields {
        if let FieldType::Enum(e) = f.ty
            && !used.contains(&e)
        {
            used.push(e);
        }
    }
    let mut s =
        Statements { enums: used.into_iter().map(|e| create_enum(&schema[e])).collect(), ..Statements::default() };
    model_statements(schema, id, &mut s);
    for r in implicit_many_to_many(schema).filter(|r| r.holder == id || r.target == id) {
        join_table(schema, r, &mut s);
    }
    s.render(schema)
}

/// The table name of a model (`@@map`, else the model name).
pub fn table_name(model: &Model) -> &str {
    model.db_name.as_deref().unwrap_or(&model.name)
}

/// The column name of a field (`@map`, else the field name).
pub fn column_name(field: &Field) -> &str {
    field.db_name.as_deref().unwrap_or(&field.name)
}

fn create_enum(e: &crate::model::Enum) -> String {
    let values: Vec<String> = e.values.iter().map(|v| literal(v.db_name.as_deref().unwrap_or(&v.name))).collect();
    format!("CREATE TYPE {} AS ENUM ({});", quoted(e.db_name.as_deref().unwrap_or(&e.name)), values.join(", "))
}

fn model_statements(schema: &Schema, id: ModelId, s: &mut Statements) {
    let model = &schema[id];
    let table = table_name(model);
    if model.is_view() {
        s.views.push(format!(
            "-- {} reads the database view {}: write its CREATE VIEW in a migration by hand (`prisma migrate dev --create-only`).",
            model.name,
            quoted(table)
        ));
        return;
    }
    let lines: Vec<String> = model.fields.iter().map(|f| column(schema, f)).collect();
    let pk: Vec<&str> = match &model.primary_key {
        Some(pk) => pk.fields.iter().map(|f| columns_of(model, f)).collect(),
        None => model.fields.iter().filter(|f| f.id).map(column_name).collect(),
    };
    let mut body = lines.join(",\n");
    if !pk.is_empty() {
        let cols: Vec<String> = pk.iter().map(|c| quoted(c)).collect();
        let _ =
            write!(body, ",\n\n    CONSTRAINT {} PRIMARY KEY ({})", quoted(&format!("{table}_pkey")), cols.join(","));
    }
    s.tables.push(format!("CREATE TABLE {} (\n{body}\n);", quoted(table)));
    for f in model.fields.iter().filter(|f| f.unique && !f.id) {
        s.indexes.push(index(table, &[column_name(f)], true));
    }
    for u in &model.uniques {
        let cols: Vec<&str> = u.fields.iter().map(|f| columns_of(model, f)).collect();
        s.indexes.push(index(table, &cols, true));
    }
    for i in &model.indexes {
        let cols: Vec<&str> = i.fields.iter().map(|f| columns_of(model, f)).collect();
        s.indexes.push(index(table, &cols, false));
    }
    for r in schema.relations.iter().filter(|r| r.holder == id && r.is_emitted() && r.kind != RelationKind::ManyToMany)
    {
        // A view has no constraints: Prisma emulates a relation to one without a foreign key.
        if !r.fk_fields.is_empty() && !schema[r.target].is_view() {
            s.foreign_keys.push(foreign_key(schema, r));
        }
    }
}

/// The column of a field name, mapped when the model has that field.
fn columns_of<'a>(model: &'a Model, name: &'a str) -> &'a str {
    model.field(name).map_or(name, column_name)
}

fn column(schema: &Schema, f: &Field) -> String {
    let mut line = format!("    {} {}", quoted(column_name(f)), column_type(schema, f));
    if !f.optional && !f.list || f.id {
        line.push_str(" NOT NULL");
    }
    if let Some(d) = types::enum_default(schema, f).or_else(|| types::default_sql(f)) {
        let _ = write!(line, " DEFAULT {d}");
    }
    line
}

/// `CREATE [UNIQUE] INDEX "<table>_<cols>_key|_idx" ON "<table>"("a", "b");`
fn index(table: &str, cols: &[&str], unique: bool) -> String {
    let (kind, suffix) = if unique { ("UNIQUE INDEX", "key") } else { ("INDEX", "idx") };
    let name = format!("{table}_{}_{suffix}", cols.join("_"));
    let list: Vec<String> = cols.iter().map(|c| quoted(c)).collect();
    format!("CREATE {kind} {} ON {}({});", quoted(&name), quoted(table), list.join(", "))
}

fn foreign_key(schema: &Schema, r: &Relation) -> String {
    let holder = &schema[r.holder];
    let target = &schema[r.target];
    let table = table_name(holder);
    let cols: Vec<&str> = r.fk_fields.iter().map(|f| columns_of(holder, f)).collect();
    let refs: Vec<&str> = r.references.iter().map(|f| columns_of(target, f)).collect();
    let optional = r.fk_fields.iter().any(|f| holder.field(f).is_some_and(|f| f.optional));
    let (default_delete, default_update) = if optional {
        (ReferentialAction::SetNull, ReferentialAction::Cascade)
    } else {
        (ReferentialAction::Restrict, ReferentialAction::Cascade)
    };
    let on_delete = r.on_delete.unwrap_or(default_delete);
    let on_update = r.on_update.unwrap_or(default_update);
    let name = r.fk_name.clone().unwrap_or_else(|| format!("{table}_{}_fkey", cols.join("_")));
    format!(
        "ALTER TABLE {} ADD CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {}({}) ON DELETE {} ON UPDATE {};",
        quoted(table),
        quoted(&name),
        quote_all(&cols),
        quoted(table_name(target)),
        quote_all(&refs),
        action_sql(on_delete),
        action_sql(on_update)
    )
}

fn quote_all(cols: &[&str]) -> String {
    cols.iter().map(|c| quoted(c)).collect::<Vec<_>>().join(", ")
}

fn action_sql(action: ReferentialAction) -> &'static str {
    match action {
        ReferentialAction::Cascade => "CASCADE",
        ReferentialAction::Restrict => "RESTRICT",
        ReferentialAction::NoAction => "NO ACTION",
        ReferentialAction::SetNull => "SET NULL",
        ReferentialAction::SetDefault => "SET DEFAULT",
    }
}

/// Many-to-many relations realised by Prisma's hidden join table (never on a view).
fn implicit_many_to_many(schema: &Schema) -> impl Iterator<Item = &Relation> {
    schema.relations.iter().filter(|r| {
        r.kind == RelationKind::ManyToMany
            && r.is_emitted()
            && r.fk_fields.is_empty()
            && !schema[r.holder].is_view()
            && !schema[r.target].is_view()
    })
}

/// The join table's name: `_<relation name>`, else `_<A>To<B>` with the model names sorted.
pub fn join_table_name(schema: &Schema, r: &Relation) -> String {
    let (a, b) = sides(schema, r);
    match &r.name {
        Some(n) => format!("_{n}"),
        None => format!("_{}To{}", schema[a].name, schema[b].name),
    }
}

/// Column `A` points at the model whose name sorts first, `B` at the other.
fn sides(schema: &Schema, r: &Relation) -> (ModelId, ModelId) {
    if schema[r.holder].name <= schema[r.target].name { (r.holder, r.target) } else { (r.target, r.holder) }
}

fn join_table(schema: &Schema, r: &Relation, s: &mut Statements) {
    let table = join_table_name(schema, r);
    let (a, b) = sides(schema, r);
    let id_of = |m: ModelId| {
        let model = &schema[m];
        model.id_field().map_or_else(
            || ("TEXT".to_string(), "id".to_string()),
            |f| {
                (
                    column_type(schema, f).replace("BIGSERIAL", "BIGINT").replace("SERIAL", "INTEGER"),
                    column_name(f).into(),
                )
            },
        )
    };
    let ((a_ty, a_ref), (b_ty, b_ref)) = (id_of(a), id_of(b));
    s.tables.push(format!(
        "CREATE TABLE {t} (\n    \"A\" {a_ty} NOT NULL,\n    \"B\" {b_ty} NOT NULL,\n\n    CONSTRAINT {pk} PRIMARY KEY (\"A\",\"B\")\n);",
        t = quoted(&table),
        pk = quoted(&format!("{table}_AB_pkey")),
    ));
    s.indexes.push(format!("CREATE INDEX {} ON {}(\"B\");", quoted(&format!("{table}_B_index")), quoted(&table)));
    for (side, model, reference) in [("A", a, a_ref), ("B", b, b_ref)] {
        s.foreign_keys.push(format!(
            "ALTER TABLE {} ADD CONSTRAINT {} FOREIGN KEY (\"{side}\") REFERENCES {}({}) ON DELETE CASCADE ON UPDATE CASCADE;",
            quoted(&table),
            quoted(&format!("{table}_{side}_fkey")),
            quoted(table_name(&schema[model])),
            quoted(&reference)
        ));
    }
}

#[cfg(test)]
mod tests;
