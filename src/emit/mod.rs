//! Emit: a pure function from a [`Schema`] and an [`EmitConfig`] to Prisma schema text,
//! laid out exactly as `prisma format` would lay it out (so formatting changes nothing).
//! The TUI's live preview is a call to [`render_model`].

mod block;
mod comments;

use crate::model::{
    CompositeType, DefaultValue, Enum, Field, FieldType, Model, ModelId, NativeType, Provider, Relation, RelationKind,
    Schema,
};
use block::{Line, write_block};
use comments::Notes;

/// Which Prisma generator the schema declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Generator {
    /// Prisma 7's `prisma-client`, generating into `output`.
    PrismaClient { output: String },
    /// The classic `prisma-client-js`.
    PrismaClientJs,
}

/// Everything about the output that is not the data model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmitConfig {
    /// The Prisma major version targeted: 7 keeps the URL out of the schema (it lives in
    /// `prisma.config.ts`); 6 and older put `url = env("DATABASE_URL")` in the datasource.
    pub prisma_major: u32,
    pub generator: Generator,
    /// Print descriptions from the documents as `///` doc comments.
    pub doc_comments: bool,
}

impl Default for EmitConfig {
    fn default() -> Self {
        Self {
            prisma_major: 7,
            generator: Generator::PrismaClient { output: "./generated".into() },
            doc_comments: true,
        }
    }
}

/// The whole `schema.prisma`.
pub fn render(schema: &Schema, config: &EmitConfig) -> String {
    let mut out = String::new();
    render_header(schema, config, &mut out);
    let body = render_body(schema, config);
    if !body.is_empty() {
        out.push('\n');
        out.push_str(&body);
    }
    out
}

/// Every block but the generator and datasource, a blank line between blocks: enums,
/// composite types, then models and views in dependency order.
pub fn render_body(schema: &Schema, config: &EmitConfig) -> String {
    fn separate(out: &mut String) {
        if !out.is_empty() {
            out.push('\n');
        }
    }
    let ctx = Ctx::new(schema, config);
    let mut out = String::new();
    for e in &schema.enums {
        separate(&mut out);
        ctx.render_enum(e, &mut out);
    }
    for t in &schema.types {
        separate(&mut out);
        ctx.render_type(t, &mut out);
    }
    let by_model = relations_by_model(schema);
    for &id in &schema.order {
        separate(&mut out);
        ctx.render_model(id, &by_model[id.index()], &mut out);
    }
    ctx.notes.file_end(&mut out);
    out
}

/// What every block is printed with.
struct Ctx<'a> {
    schema: &'a Schema,
    config: &'a EmitConfig,
    notes: Notes<'a>,
}

/// The emitted relations touching each model, computed once per render: looking them up
/// per model would make emission quadratic in the number of models.
fn relations_by_model(schema: &Schema) -> Vec<Vec<&Relation>> {
    let mut by_model: Vec<Vec<&Relation>> = vec![Vec::new(); schema.models.len()];
    for r in schema.relations.iter().filter(|r| r.is_emitted()) {
        by_model[r.holder.index()].push(r);
        if r.target != r.holder {
            by_model[r.target.index()].push(r);
        }
    }
    by_model
}

/// One file of a multi-file schema folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaFile {
    /// The file name inside the folder (`schema.prisma`, `work_order.prisma`).
    pub name: String,
    pub text: String,
}

/// A `prisma/schema/` folder: `schema.prisma` with the generator and datasource (and enums
/// and composite types no model uses), then one `<model>.prisma` per model in dependency
/// order, each holding the enums and composite types that model is the first to use.
pub fn render_files(schema: &Schema, config: &EmitConfig) -> Vec<SchemaFile> {
    let ctx = Ctx::new(schema, config);
    let (enum_owner, type_owner) = first_users(schema);
    let mut header = String::new();
    render_header(schema, config, &mut header);
    for (e, _) in enum_owner.iter().enumerate().filter(|(_, o)| o.is_none()) {
        header.push('\n');
        ctx.render_enum(&schema.enums[e], &mut header);
    }
    for (t, _) in type_owner.iter().enumerate().filter(|(_, o)| o.is_none()) {
        header.push('\n');
        ctx.render_type(&schema.types[t], &mut header);
    }
    ctx.notes.file_end(&mut header);
    let mut files = vec![SchemaFile { name: "schema.prisma".into(), text: header }];
    let by_model = relations_by_model(schema);
    for &id in &schema.order {
        let mut text = String::new();
        for (e, _) in enum_owner.iter().enumerate().filter(|(_, o)| **o == Some(id)) {
            ctx.render_enum(&schema.enums[e], &mut text);
            text.push('\n');
        }
        for (t, _) in type_owner.iter().enumerate().filter(|(_, o)| **o == Some(id)) {
            ctx.render_type(&schema.types[t], &mut text);
            text.push('\n');
        }
        ctx.render_model(id, &by_model[id.index()], &mut text);
        files.push(SchemaFile { name: model_file_name(&schema[id].name), text });
    }
    files
}

/// For each enum and composite type, the first model (in dependency order) whose fields use
/// it, directly or through a composite type; `None` for those no model uses.
fn first_users(schema: &Schema) -> (Vec<Option<ModelId>>, Vec<Option<ModelId>>) {
    let mut enums: Vec<Option<ModelId>> = vec![None; schema.enums.len()];
    let mut types: Vec<Option<ModelId>> = vec![None; schema.types.len()];
    for &id in &schema.order {
        let mut stack: Vec<&[Field]> = vec![&schema[id].fields];
        while let Some(fields) = stack.pop() {
            for f in fields {
                match f.ty {
                    FieldType::Enum(e) => {
                        enums[e.index()].get_or_insert(id);
                    }
                    // Each type is walked once, so a recursive type cannot loop.
                    FieldType::Composite(t) if types[t.index()].is_none() => {
                        types[t.index()] = Some(id);
                        stack.push(&schema[t].fields);
                    }
                    FieldType::Composite(_) | FieldType::Scalar(_) | FieldType::Unsupported(_) => {}
                }
            }
        }
    }
    (enums, types)
}

/// A `generator` / `datasource` block from `key = value` entries, aligned as `prisma format` does.
pub fn render_key_values(header: &str, entries: &[(String, String)]) -> String {
    let lines: Vec<Line> = entries.iter().map(|(k, v)| Line::Row(vec![k.clone(), "=".into(), v.clone()])).collect();
    let mut out = String::new();
    write_block(&mut out, header, &lines);
    out
}

/// An imported `generator` / `datasource` block with the comments the schema keeps for it (by
/// the place `header`: above it, above or after an entry, before its `}`).
pub fn render_noted_key_values(schema: &Schema, header: &str, entries: &[(String, String)]) -> String {
    let notes = Notes::new(schema);
    let mut out = String::new();
    notes.before(header, &mut out);
    let mut lines = Vec::new();
    for (key, value) in entries {
        lines.extend(notes.above(header, key));
        lines.push(notes.row(header, key, vec![key.clone(), "=".into(), value.clone()]));
    }
    lines.extend(notes.end(header));
    write_block(&mut out, header, &lines);
    out
}

/// The file of a model in a schema folder; never `schema.prisma`, which holds the header.
pub fn model_file_name(model: &str) -> String {
    match crate::naming::snake(model).as_str() {
        "schema" => "schema_model.prisma".into(),
        snake => format!("{snake}.prisma"),
    }
}

/// The generator's `previewFeatures` the schema needs: `partialIndexes` for an index with a
/// predicate (Prisma 7.4+), `views` for a view (still a preview in Prisma 7).
pub fn preview_features(schema: &Schema) -> Vec<&'static str> {
    let mut features = Vec::new();
    if schema.models.iter().flat_map(|m| &m.indexes).any(|i| i.options.predicate.is_some()) {
        features.push("partialIndexes");
    }
    if schema.models.iter().any(Model::is_view) {
        features.push("views");
    }
    features
}

/// The generator and datasource blocks.
pub fn render_header(schema: &Schema, config: &EmitConfig, out: &mut String) {
    let generator = match &config.generator {
        Generator::PrismaClient { output } => {
            vec![row(["provider", "=", "\"prisma-client\""]), row(["output", "=", &quote(output)])]
        }
        Generator::PrismaClientJs => vec![row(["provider", "=", "\"prisma-client-js\""])],
    };
    let mut generator = generator;
    let features = preview_features(schema);
    if !features.is_empty() {
        let list: Vec<String> = features.iter().map(|f| quote(f)).collect();
        generator.push(row(["previewFeatures", "=", &format!("[{}]", list.join(", "))]));
    }
    write_block(out, "generator client", &generator);
    out.push('\n');
    let mut datasource = vec![row(["provider", "=", &quote(schema.provider.as_str())])];
    if config.prisma_major < 7 {
        datasource.push(row(["url", "=", "env(\"DATABASE_URL\")"]));
    }
    write_block(out, "datasource db", &datasource);
}

/// One model's block, as it appears in the whole file.
pub fn render_model(schema: &Schema, id: ModelId, config: &EmitConfig) -> String {
    let mut out = String::new();
    let relations: Vec<&Relation> =
        schema.relations.iter().filter(|r| r.is_emitted() && (r.holder == id || r.target == id)).collect();
    Ctx::new(schema, config).render_model(id, &relations, &mut out);
    out
}

impl<'a> Ctx<'a> {
    fn new(schema: &'a Schema, config: &'a EmitConfig) -> Self {
        Self { schema, config, notes: Notes::new(schema) }
    }

    /// The comment and doc lines above a block.
    fn above_block(&self, name: &str, description: Option<&str>, out: &mut String) {
        self.notes.before(name, out);
        if self.config.doc_comments {
            doc_lines(description, "", out);
        }
    }

    /// The comment and doc lines above a member, then its row.
    fn member(&self, block: &str, name: &str, description: Option<&str>, cells: Vec<String>, lines: &mut Vec<Line>) {
        lines.extend(self.notes.above(block, name));
        if self.config.doc_comments {
            lines.extend(member_doc(description));
        }
        lines.push(self.notes.row(block, name, cells));
    }

    /// The comments closing the members, then the block attributes (sorted as `prisma format`
    /// sorts them) after a blank line, each with its comments.
    fn close(&self, block: &str, mut attributes: Vec<String>, lines: &mut Vec<Line>) {
        lines.extend(self.notes.end(block));
        sort_like_prisma_format(&mut attributes, block_attribute_rank);
        if !attributes.is_empty() {
            lines.push(Line::Blank);
        }
        for a in attributes {
            lines.extend(self.notes.above(block, &a));
            lines.push(self.notes.plain(block, a));
        }
    }

    fn render_enum(&self, e: &Enum, out: &mut String) {
        self.above_block(&e.name, e.description.as_deref(), out);
        let mut lines = Vec::new();
        for v in &e.values {
            let cells = match &v.db_name {
                Some(db) => vec![v.name.clone(), format!("@map({})", quote(db))],
                None => vec![v.name.clone()],
            };
            self.member(&e.name, &v.name, v.description.as_deref(), cells, &mut lines);
        }
        let mut attributes: Vec<String> = e.db_name.iter().map(|db| format!("@@map({})", quote(db))).collect();
        attributes.extend(e.extra_attributes.iter().cloned());
        self.close(&e.name, attributes, &mut lines);
        write_block(out, &format!("enum {}", e.name), &lines);
    }

    /// A MongoDB composite type: its fields, laid out like a model's.
    fn render_type(&self, t: &CompositeType, out: &mut String) {
        self.above_block(&t.name, t.description.as_deref(), out);
        let mut lines = Vec::new();
        for field in &t.fields {
            let cells = scalar_cells(self.schema, field);
            self.member(&t.name, &field.name, field.description.as_deref(), cells, &mut lines);
        }
        self.close(&t.name, Vec::new(), &mut lines);
        write_block(out, &format!("type {}", t.name), &lines);
    }

    /// `relations`: the emitted relations that touch this model (as holder or target).
    fn render_model(&self, id: ModelId, relations: &[&Relation], out: &mut String) {
        let schema = self.schema;
        let model = &schema[id];
        let name = model.name.as_str();
        self.above_block(name, model.description.as_deref(), out);
        let mut lines = Vec::new();
        for field in &model.fields {
            self.member(name, &field.name, field.description.as_deref(), scalar_cells(schema, field), &mut lines);
            // The relation field follows the last of its foreign-key fields.
            for r in relations.iter().filter(|r| r.holder == id && r.fk_fields.last() == Some(&field.name)) {
                self.member(name, &r.holder_field, None, holder_cells(schema, model, r), &mut lines);
            }
        }
        for r in relations.iter().filter(|r| r.holder == id && r.fk_fields.is_empty()) {
            self.member(name, &r.holder_field, None, holder_cells(schema, model, r), &mut lines);
        }
        for r in relations.iter().filter(|r| r.target == id) {
            self.member(name, &r.target_field, None, target_cells(schema, r), &mut lines);
        }
        self.close(name, block_attributes(model), &mut lines);
        write_block(out, &format!("{} {}", model.kind.keyword(), name), &lines);
    }
}

/// A member's `///` lines inside a block.
fn member_doc(text: Option<&str>) -> impl Iterator<Item = Line> + '_ {
    text.into_iter()
        .flat_map(str::lines)
        .filter(|l| !l.trim().is_empty())
        .map(|l| Line::Comment(format!("/// {}", l.trim())))
}

fn scalar_cells(schema: &Schema, field: &Field) -> Vec<String> {
    let ty = schema.field_type(field);
    let mut attrs = Vec::new();
    // An imported `@id(map: ...)` / `@unique(sort: ...)` is kept whole in `extra_attributes`,
    // and printed while the field is still a key.
    let written =
        |key: &str| field.extra_attributes.iter().any(|a| a.strip_prefix(key).is_some_and(|r| r.starts_with('(')));
    if field.id && !written("@id") {
        attrs.push("@id".to_string());
    }
    if field.unique && !written("@unique") {
        attrs.push("@unique".into());
    }
    if let Some(d) = &field.default {
        attrs.push(format!("@default({})", default_text(d)));
    }
    if let Some(db) = &field.db_name {
        attrs.push(format!("@map({})", quote(db)));
    }
    if let Some(native) = field.native.as_ref().filter(|n| native_supported(schema.provider, field.ty, n)) {
        attrs.push(native_text(native));
    }
    let dropped_key =
        |a: &&String| (!field.id && a.starts_with("@id(")) || (!field.unique && a.starts_with("@unique("));
    attrs.extend(field.extra_attributes.iter().filter(|a| !dropped_key(a)).cloned());
    sort_like_prisma_format(&mut attrs, field_attribute_rank);
    vec![field.name.clone(), ty, attrs.join(" ")]
}

/// The relation field on the model holding the foreign key.
fn holder_cells(schema: &Schema, model: &Model, r: &Relation) -> Vec<String> {
    let target = &schema[r.target].name;
    if r.kind == RelationKind::ManyToMany {
        let attrs = relation_attributes(many_to_many_attr(r, &r.fk_fields), &r.extra_attributes.holder);
        return vec![r.holder_field.clone(), format!("{target}[]"), attrs];
    }
    let optional = r.fk_fields.iter().any(|f| model.field(f).is_some_and(|f| f.optional));
    let mut args = Vec::new();
    if let Some(n) = &r.name {
        args.push(quote(n));
    }
    args.push(format!("fields: [{}]", r.fk_fields.join(", ")));
    args.push(format!("references: [{}]", r.references.join(", ")));
    if let Some(a) = r.on_delete {
        args.push(format!("onDelete: {}", a.as_str()));
    }
    if let Some(a) = r.on_update {
        args.push(format!("onUpdate: {}", a.as_str()));
    }
    // Last, where Prisma's introspection writes it.
    if let Some(name) = &r.fk_name {
        args.push(format!("map: {}", quote(name)));
    }
    let ty = if optional { format!("{target}?") } else { target.clone() };
    let attrs = relation_attributes(format!("@relation({})", args.join(", ")), &r.extra_attributes.holder);
    vec![r.holder_field.clone(), ty, attrs]
}

/// A relation field's `@relation(...)` (possibly empty) with its verbatim attributes, in
/// `prisma format`'s order.
fn relation_attributes(relation: String, extra: &[String]) -> String {
    let mut attrs: Vec<String> = std::iter::once(relation).filter(|a| !a.is_empty()).collect();
    attrs.extend(extra.iter().cloned());
    sort_like_prisma_format(&mut attrs, field_attribute_rank);
    attrs.join(" ")
}

/// The back-relation field on the referenced model.
fn target_cells(schema: &Schema, r: &Relation) -> Vec<String> {
    let holder = &schema[r.holder].name;
    let ty = match r.kind {
        RelationKind::ManyToOne | RelationKind::ManyToMany => format!("{holder}[]"),
        RelationKind::OneToOne => format!("{holder}?"),
    };
    let attr = if r.kind == RelationKind::ManyToMany {
        many_to_many_attr(r, &r.target_fk_fields)
    } else {
        r.name.as_ref().map(|n| format!("@relation({})", quote(n))).unwrap_or_default()
    };
    vec![r.target_field.clone(), ty, relation_attributes(attr, &r.extra_attributes.target)]
}

/// One side of a many-to-many: just the name on SQL (implicit join table); on MongoDB the
/// side's list of ids as `fields`.
fn many_to_many_attr(r: &Relation, fields: &[String]) -> String {
    let mut args: Vec<String> = r.name.iter().map(|n| quote(n)).collect();
    if !fields.is_empty() {
        args.push(format!("fields: [{}]", fields.join(", ")));
        args.push(format!("references: [{}]", r.references.first().map_or("id", String::as_str)));
    }
    if args.is_empty() { String::new() } else { format!("@relation({})", args.join(", ")) }
}

fn block_attributes(model: &Model) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(pk) = &model.primary_key {
        out.push(key_text("@@id", pk));
    }
    for u in &model.uniques {
        out.push(key_text("@@unique", u));
    }
    for i in &model.indexes {
        out.push(index_text(i));
    }
    if let Some(db) = &model.db_name {
        out.push(format!("@@map({})", quote(db)));
    }
    out.extend(model.extra_attributes.iter().cloned());
    sort_like_prisma_format(&mut out, block_attribute_rank);
    out
}

/// `prisma format` orders attributes by kind and keeps the written order within a kind.
fn sort_like_prisma_format(attrs: &mut [String], rank: fn(&str) -> u8) {
    attrs.sort_by_key(|a| rank(a));
}

fn attribute_name(attr: &str) -> &str {
    attr.split(['(', ' ']).next().unwrap_or(attr)
}

fn field_attribute_rank(attr: &str) -> u8 {
    match attribute_name(attr) {
        "@id" => 0,
        "@unique" => 1,
        "@default" => 2,
        "@updatedAt" => 3,
        "@map" => 4,
        "@relation" => 5,
        "@ignore" => 6,
        name if name.starts_with("@db.") => 8,
        _ => 7,
    }
}

/// `@@id([a, b])` or `@@unique([a, b])` (`attribute`), with the arguments kept as written.
pub fn key_text(attribute: &str, set: &crate::model::FieldSet) -> String {
    let mut args = vec![field_list(set)];
    args.extend(set.arguments.iter().cloned());
    format!("{attribute}({})", args.join(", "))
}

/// `[a, b(sort: Desc)]`: the fields with their own arguments, the first with its `ops:`.
fn field_list(set: &crate::model::FieldSet) -> String {
    let fields: Vec<String> = set
        .fields
        .iter()
        .enumerate()
        .map(|(n, f)| {
            let ops = set.options.ops.as_ref().filter(|_| n == 0).map(|ops| format!("ops: {ops}"));
            let own = set.field_arguments.get(n).filter(|a| !a.is_empty()).cloned();
            let args: Vec<String> = ops.into_iter().chain(own).collect();
            if args.is_empty() { f.clone() } else { format!("{f}({})", args.join(", ")) }
        })
        .collect();
    format!("[{}]", fields.join(", "))
}

/// `@@index([a, b])`, with `data(ops: JsonbPathOps)`, `type: Gin` and `where: raw("...")` when
/// the index is not a plain B-tree over every row, then the arguments kept as written.
pub fn index_text(index: &crate::model::FieldSet) -> String {
    let o = &index.options;
    let mut args = vec![field_list(index)];
    if let Some(name) = &o.name {
        args.push(format!("map: {}", quote(name)));
    }
    if let Some(method) = &o.method {
        args.push(format!("type: {method}"));
    }
    if let Some(predicate) = &o.predicate {
        args.push(format!("where: raw({})", quote(predicate)));
    }
    args.extend(index.arguments.iter().cloned());
    format!("@@index({})", args.join(", "))
}

fn block_attribute_rank(attr: &str) -> u8 {
    match attribute_name(attr) {
        "@@id" => 0,
        "@@unique" => 1,
        "@@index" => 2,
        "@@fulltext" => 3,
        "@@map" => 4,
        "@@ignore" => 5,
        "@@schema" => 6,
        _ => 7,
    }
}

/// A default as Prisma writes it inside `@default(...)`: `uuid()`, `"EUR"`, `free`.
pub fn default_text(d: &DefaultValue) -> String {
    match d {
        DefaultValue::Uuid => "uuid()".into(),
        DefaultValue::Cuid => "cuid()".into(),
        DefaultValue::Auto => "auto()".into(),
        DefaultValue::Autoincrement => "autoincrement()".into(),
        DefaultValue::Now => "now()".into(),
        DefaultValue::Bool(b) => b.to_string(),
        DefaultValue::Number(n) => n.clone(),
        DefaultValue::Text(t) => quote(t),
        DefaultValue::EnumValue(v) => v.clone(),
        DefaultValue::DbGenerated(sql) => format!("dbgenerated({})", quote(sql)),
    }
}

fn native_text(n: &NativeType) -> String {
    if n.args.is_empty() { format!("@db.{}", n.name) } else { format!("@db.{}({})", n.name, n.args.join(", ")) }
}

/// Native types are printed only where the provider has them, so one model serves several.
pub fn native_supported(provider: Provider, ty: FieldType, n: &NativeType) -> bool {
    use crate::model::Scalar;
    let scalar = match ty {
        FieldType::Scalar(s) => s,
        FieldType::Enum(_) | FieldType::Composite(_) | FieldType::Unsupported(_) => return false,
    };
    matches!(
        (provider, n.name.as_str(), scalar),
        (Provider::Postgresql, "Uuid" | "VarChar" | "Char" | "Text", Scalar::String)
            | (Provider::Mysql, "VarChar" | "Char" | "Text", Scalar::String)
            | (Provider::Postgresql | Provider::Mysql, "Date", Scalar::DateTime)
            | (Provider::Postgresql | Provider::Mysql, "Decimal", Scalar::Decimal)
            | (Provider::Mongodb, "ObjectId", Scalar::String)
    )
}

/// A Prisma string literal.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn doc_lines(text: Option<&str>, indent: &str, out: &mut String) {
    for line in text.into_iter().flat_map(str::lines).filter(|l| !l.trim().is_empty()) {
        out.push_str(indent);
        out.push_str("/// ");
        out.push_str(line.trim());
        out.push('\n');
    }
}

fn row<const N: usize>(cells: [&str; N]) -> Line {
    Line::Row(cells.iter().map(|c| c.to_string()).collect())
}
