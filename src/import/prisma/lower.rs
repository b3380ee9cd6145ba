//! Parsed blocks → [`Schema`].
//!
//! Kept: models and views (one arena, told apart by [`ModelKind`]), composite types, scalar,
//! enum, composite-typed and `Unsupported("...")` fields, enums (with `@@map`, value docs),
//! relations (paired from their two relation fields, to and from views too, with `map:` as the
//! foreign key's name and the fields' other attributes, `@ignore`, verbatim), `@@id`,
//! `@@unique` and `@@index` with their arguments (modelled where [`FieldSet`] has a place,
//! else kept as written on the set or its fields), `@id(...)`/`@unique(...)` with arguments
//! (the key modelled, the attribute kept whole), and every other attribute verbatim in
//! `extra_attributes` (`@@schema`, `@updatedAt`, `@@fulltext`, `@shardKey`, ...).
//! Comments: `///` docs become descriptions; `//` lines, and docs where the model has no
//! description (relation fields, block attributes, generator and datasource entries), are kept
//! in [`Schema::comments`] by place, inside `generator` and `datasource` blocks too.
//! Reported and dropped, because Prisma itself rejects them or they have nowhere to go: unknown
//! `@relation` arguments, a second `@relation`, `map:`/`onDelete:`/`onUpdate:`/`references:` on
//! the side without `fields:`, block attributes in a composite type (Prisma allows none),
//! attributes on enum values other than `@map`.

use super::parser::{Arg, Attribute, EnumValueDecl, Expr, FieldDecl, Item, Keyword, Pos, TypeRef};
use super::{Block, Imported, comments};
use crate::diagnostics::Diagnostic;
use crate::infer::order::dependency_order;
use crate::model::{
    Comment, CommentPlace, CompositeType, DefaultValue, EndAttributes, Enum, EnumId, EnumValue, Field, FieldSet,
    FieldType, Model, ModelId, ModelKind, NativeType, Origin, Provenance, Provider, ReferentialAction, Relation,
    RelationKind, Scalar, Schema, TypeId,
};
use std::collections::{HashMap, HashSet};

/// One source file's parsed blocks.
pub struct ParsedFile<'a> {
    pub name: &'a str,
    pub items: Vec<Item>,
    /// Comment lines after the file's last block.
    pub end_comments: Vec<String>,
}

/// What a top-level name denotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Named {
    /// A `model` or a `view`.
    Model(ModelId),
    Enum(EnumId),
    Type(TypeId),
}

/// What a member line of a block is.
enum Member {
    Field(Box<Field>),
    /// A relation field to this model (or view); paired later.
    Relation(ModelId),
}

/// A relation field before pairing.
struct RelField {
    model: ModelId,
    name: String,
    target: ModelId,
    optional: bool,
    list: bool,
    relation_name: Option<String>,
    fields: Option<Vec<String>>,
    references: Option<Vec<String>>,
    on_delete: Option<ReferentialAction>,
    on_update: Option<ReferentialAction>,
    /// `map:`, the foreign key's name.
    fk_name: Option<String>,
    /// Every attribute but `@relation` (`@ignore`), verbatim.
    extra_attributes: Vec<String>,
    at: Provenance,
    used: bool,
}

struct Lowerer<'d> {
    diagnostics: &'d mut Vec<Diagnostic>,
    schema: Schema,
    names: HashMap<String, (Named, Provenance)>,
}

fn prov(file: &str, pos: Pos) -> Provenance {
    Provenance::new(file, pos.line, pos.col)
}

fn scalar(name: &str) -> Option<Scalar> {
    Some(match name {
        "String" => Scalar::String,
        "Int" => Scalar::Int,
        "BigInt" => Scalar::BigInt,
        "Float" => Scalar::Float,
        "Decimal" => Scalar::Decimal,
        "Boolean" => Scalar::Boolean,
        "DateTime" => Scalar::DateTime,
        "Json" => Scalar::Json,
        "Bytes" => Scalar::Bytes,
        _ => return None,
    })
}

/// The names schemata keeps: `[A-Za-z][A-Za-z0-9_]*`.
fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic()) && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Doc comment lines as one description, trimmed and without blank lines (as the emitter prints them).
fn description(doc: &[String]) -> Option<String> {
    let lines: Vec<&str> = doc.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// The only positional argument, when there is exactly one argument and it has no name
/// (or the given name).
fn single_arg<'a>(args: &'a [Arg], allowed_name: &str) -> Option<&'a Expr> {
    match args {
        [arg] if arg.name.as_deref().is_none_or(|n| n == allowed_name) => Some(&arg.value),
        _ => None,
    }
}

/// `[a, b]` of plain identifiers.
fn ident_list(expr: &Expr) -> Option<Vec<String>> {
    match expr {
        Expr::Array(items) => {
            items.iter().map(|e| if let Expr::Ident(s) = e { Some(s.clone()) } else { None }).collect()
        }
        _ => None,
    }
}

pub fn lower(files: &[ParsedFile<'_>], diagnostics: &mut Vec<Diagnostic>) -> Imported {
    let mut lw = Lowerer { diagnostics, schema: Schema::default(), names: HashMap::new() };
    let mut imported = Imported::default();

    // 1. Header blocks; the provider comes from the (single) datasource.
    for file in files {
        for item in &file.items {
            let at = prov(file.name, item.pos);
            let block = || Block {
                name: item.name.clone(),
                entries: item.entries.iter().map(|e| (e.key.clone(), e.value.to_string())).collect(),
                at: at.clone(),
            };
            if matches!(item.keyword, Keyword::Generator | Keyword::Datasource) {
                let key = format!("{} {}", item.keyword.as_str(), item.name);
                comments::place(&mut lw.schema.comments, &key, item, &[]);
            }
            match item.keyword {
                Keyword::Generator => imported.generators.push(block()),
                Keyword::Datasource => {
                    if imported.datasources.is_empty() {
                        lw.schema.provider = lw.provider(item, file.name);
                    } else {
                        lw.error(
                            format!("datasource {}: a schema may have only one datasource", item.name),
                            at.clone(),
                        );
                    }
                    imported.datasources.push(block());
                }
                _ => {}
            }
        }
    }
    if imported.datasources.is_empty() && files.iter().any(|f| !f.items.is_empty()) {
        let at = files.first().map(|f| Provenance::new(f.name, 1, 1));
        lw.diagnostics.push(Diagnostic::info("no datasource block: provider taken as postgresql", at));
    }

    // 2. Names of every model, enum, view and type; enums lowered at once.
    let mut model_items: Vec<(&ParsedFile<'_>, &Item)> = Vec::new();
    let mut type_items: Vec<(&ParsedFile<'_>, &Item)> = Vec::new();
    for file in files {
        for item in &file.items {
            let at = prov(file.name, item.pos);
            let kind = item.keyword.as_str();
            if matches!(item.keyword, Keyword::Generator | Keyword::Datasource) {
                continue;
            }
            if !valid_name(&item.name) {
                lw.error(format!("{kind} {}: not a valid name; block skipped", item.name), at);
                continue;
            }
            if let Some((_, first)) = lw.names.get(&item.name) {
                let message = format!("{kind} {}: the name is already defined at {first}; block skipped", item.name);
                lw.error(message, at);
                continue;
            }
            let named = match item.keyword {
                Keyword::Model | Keyword::View => {
                    model_items.push((file, item));
                    Named::Model(ModelId(model_items.len() as u32 - 1))
                }
                Keyword::Type => {
                    type_items.push((file, item));
                    Named::Type(TypeId(type_items.len() as u32 - 1))
                }
                Keyword::Enum => Named::Enum(lw.enumeration(item, file.name)),
                Keyword::Generator | Keyword::Datasource => continue,
            };
            lw.names.insert(item.name.clone(), (named, at));
        }
    }

    // 3. Composite types, then models and views with their scalar fields and block
    // attributes; relation fields set aside.
    for &(file, item) in &type_items {
        let composite = lw.composite_type(item, file.name);
        lw.schema.types.push(composite);
    }
    let mut relation_fields = Vec::new();
    for (i, &(file, item)) in model_items.iter().enumerate() {
        let model = lw.model(ModelId(i as u32), item, file.name, &mut relation_fields);
        lw.schema.models.push(model);
    }

    for file in files {
        let end = file.end_comments.iter();
        lw.schema.comments.extend(end.map(|t| Comment { place: CommentPlace::FileEnd, text: t.clone() }));
    }

    // 4. Relations, 5. order.
    lw.relations(relation_fields);
    let (order, cycles) = dependency_order(lw.schema.models.len(), &lw.schema.relations);
    lw.schema.order = order;
    lw.schema.cycles = cycles;
    canonical_relations(&mut lw.schema);
    imported.schema = lw.schema;
    imported
}

impl Lowerer<'_> {
    fn error(&mut self, message: String, at: Provenance) {
        self.diagnostics.push(Diagnostic::error(message, Some(at)));
    }

    fn warning(&mut self, message: String, at: Provenance) {
        self.diagnostics.push(Diagnostic::warning(message, Some(at)));
    }

    fn provider(&mut self, item: &Item, file: &str) -> Provider {
        let Some(entry) = item.entries.iter().find(|e| e.key == "provider") else {
            self.error(format!("datasource {}: no `provider`", item.name), prov(file, item.pos));
            return Provider::default();
        };
        let at = prov(file, entry.pos);
        match &entry.value {
            Expr::Str { value, .. } => match value.as_str() {
                "postgresql" | "postgres" => Provider::Postgresql,
                "mysql" => Provider::Mysql,
                "sqlite" => Provider::Sqlite,
                "mongodb" => Provider::Mongodb,
                other => {
                    self.warning(
                        format!("datasource {}: provider \"{other}\" is not supported; read as postgresql", item.name),
                        at,
                    );
                    Provider::default()
                }
            },
            other => {
                self.error(format!("datasource {}: provider must be a string, found {other}", item.name), at);
                Provider::default()
            }
        }
    }

    fn enumeration(&mut self, item: &Item, file: &str) -> EnumId {
        let mut values: Vec<EnumValue> = Vec::new();
        let mut seen = HashSet::new();
        for v in &item.values {
            if let Some(value) = self.enum_value(item, v, file, &mut seen) {
                values.push(value);
            }
        }
        if values.is_empty() {
            self.error(format!("enum {}: has no values", item.name), prov(file, item.pos));
        }
        let mut db_name = None;
        let mut extra_attributes = Vec::new();
        let mut printed = Vec::new();
        for a in &item.attributes {
            match (a.name.as_str(), a.args.as_deref().and_then(|args| single_arg(args, "name"))) {
                ("map", Some(Expr::Str { value, .. })) if db_name.is_none() => {
                    db_name = Some(value.clone());
                    printed.push(format!("@@map({})", crate::emit::quote(value)));
                }
                _ => {
                    extra_attributes.push(a.to_string());
                    printed.push(a.to_string());
                }
            }
        }
        comments::place(&mut self.schema.comments, &item.name, item, &printed);
        self.schema.enums.push(Enum {
            name: item.name.clone(),
            db_name,
            values,
            description: description(&item.doc),
            origin: Origin::Stated,
            provenance: vec![prov(file, item.pos)],
            extra_attributes,
        });
        EnumId(self.schema.enums.len() as u32 - 1)
    }

    fn enum_value(
        &mut self,
        item: &Item,
        v: &EnumValueDecl,
        file: &str,
        seen: &mut HashSet<String>,
    ) -> Option<EnumValue> {
        let at = prov(file, v.pos);
        let place = format!("{}.{}", item.name, v.name);
        if !valid_name(&v.name) {
            self.error(format!("{place}: not a valid enum value name; skipped"), at);
            return None;
        }
        if !seen.insert(v.name.clone()) {
            self.error(format!("{place}: the value is listed twice; skipped"), at);
            return None;
        }
        let mut db_name = None;
        for a in &v.attributes {
            match (a.name.as_str(), a.args.as_deref().and_then(|args| single_arg(args, "name"))) {
                ("map", Some(Expr::Str { value, .. })) if db_name.is_none() => db_name = Some(value.clone()),
                _ => self.warning(format!("{place}: `{a}` is not kept"), prov(file, a.pos)),
            }
        }
        Some(EnumValue { name: v.name.clone(), db_name, description: description(&v.doc) })
    }

    fn model(&mut self, id: ModelId, item: &Item, file: &str, relation_fields: &mut Vec<RelField>) -> Model {
        let kind = if item.keyword == Keyword::View { ModelKind::View } else { ModelKind::Model };
        let mut model = Model {
            kind,
            description: description(&item.doc),
            provenance: vec![prov(file, item.pos)],
            ..Model::new(&item.name)
        };
        let mut seen = HashSet::new();
        for decl in &item.fields {
            let place = format!("{}.{}", item.name, decl.name);
            match self.member(decl, &place, file, &mut seen) {
                Some(Member::Field(field)) => model.fields.push(*field),
                Some(Member::Relation(target)) => {
                    // A relation field is derived from its relation, not stored: its doc
                    // comment is kept as comment lines above it.
                    for line in &decl.doc {
                        let place = CommentPlace::Above { block: item.name.clone(), member: decl.name.clone() };
                        self.schema
                            .comments
                            .push(Comment { place, text: format!("/// {line}").trim_end().to_string() });
                    }
                    if let Some(r) = self.relation_field(id, target, decl, &place, file) {
                        relation_fields.push(r);
                    }
                }
                None => {}
            }
        }
        let printed: Vec<String> = item.attributes.iter().map(|a| self.block_attribute(&mut model, a, file)).collect();
        comments::place(&mut self.schema.comments, &item.name, item, &printed);
        model
    }

    /// A `type` block: fields only; a relation or a block attribute has no place in it.
    fn composite_type(&mut self, item: &Item, file: &str) -> CompositeType {
        let mut fields = Vec::new();
        let mut seen = HashSet::new();
        for decl in &item.fields {
            let place = format!("{}.{}", item.name, decl.name);
            match self.member(decl, &place, file, &mut seen) {
                Some(Member::Field(field)) => fields.push(*field),
                Some(Member::Relation(_)) => {
                    // Types are read before models: the model is named as the field wrote it.
                    let target = match &decl.ty {
                        TypeRef::Named(t) => t.as_str(),
                        TypeRef::Unsupported(t) => t.as_str(),
                    };
                    let message = format!(
                        "{place}: a composite type cannot hold a relation (to {target}); store its id instead; field not kept"
                    );
                    self.error(message, prov(file, decl.pos));
                }
                None => {}
            }
        }
        for a in &item.attributes {
            self.warning(
                format!("type {}: `{a}` is not kept (composite types take no block attributes)", item.name),
                prov(file, a.pos),
            );
        }
        if fields.is_empty() {
            self.error(format!("type {}: has no fields", item.name), prov(file, item.pos));
        }
        comments::place(&mut self.schema.comments, &item.name, item, &[]);
        CompositeType {
            name: item.name.clone(),
            description: description(&item.doc),
            fields,
            origin: Origin::Stated,
            provenance: vec![prov(file, item.pos)],
        }
    }

    /// One member line of a model, view or type: a field with its attributes, or the target
    /// of a relation field; `None` after reporting why it is not kept.
    fn member(&mut self, decl: &FieldDecl, place: &str, file: &str, seen: &mut HashSet<String>) -> Option<Member> {
        let at = prov(file, decl.pos);
        if !valid_name(&decl.name) {
            self.error(format!("{place}: not a valid field name; field skipped"), at);
            return None;
        }
        if !seen.insert(decl.name.clone()) {
            self.error(format!("{place}: the field is defined twice; field skipped"), at);
            return None;
        }
        let ty = match &decl.ty {
            TypeRef::Unsupported(db_type) => self.schema.unsupported_type(db_type),
            TypeRef::Named(type_name) => match (scalar(type_name), self.names.get(type_name).map(|(n, _)| *n)) {
                (Some(s), _) => FieldType::Scalar(s),
                (None, Some(Named::Enum(e))) => FieldType::Enum(e),
                (None, Some(Named::Type(t))) => FieldType::Composite(t),
                (None, Some(Named::Model(target))) => return Some(Member::Relation(target)),
                (None, None) => {
                    self.error(
                        format!("{place}: type {type_name} is neither a scalar type, an enum nor a model"),
                        prov(file, decl.ty_pos),
                    );
                    return None;
                }
            },
        };
        let mut field = Field {
            optional: decl.optional,
            list: decl.list,
            description: description(&decl.doc),
            provenance: vec![at],
            ..Field::new(&decl.name, ty)
        };
        self.field_attributes(&mut field, decl, place, file);
        Some(Member::Field(Box::new(field)))
    }

    fn field_attributes(&mut self, field: &mut Field, decl: &FieldDecl, place: &str, file: &str) {
        for a in &decl.attributes {
            let args = a.args.as_deref();
            let kept = match (a.name.as_str(), args) {
                ("id", None) if !field.id => {
                    field.id = true;
                    true
                }
                ("unique", None) if !field.unique => {
                    field.unique = true;
                    true
                }
                // With arguments (`map:`, `sort:`, `length:`, `clustered:`) the key is modelled
                // and the attribute kept as written; the emitter prints it in place of the bare one.
                ("id", Some(_)) if !field.id => {
                    field.id = true;
                    false
                }
                ("unique", Some(_)) if !field.unique => {
                    field.unique = true;
                    false
                }
                ("default", Some(args)) if field.default.is_none() => {
                    match single_arg(args, "value").and_then(|e| self.default_value(field.ty, e, place, a, file)) {
                        Some(d) => {
                            field.default = Some(d);
                            true
                        }
                        None => false,
                    }
                }
                ("map", Some(args)) if field.db_name.is_none() => match single_arg(args, "name") {
                    Some(Expr::Str { value, .. }) => {
                        field.db_name = Some(value.clone());
                        true
                    }
                    _ => false,
                },
                ("relation", _) => {
                    self.error(
                        format!("{place}: `@relation` on a field that is not a relation; not kept"),
                        prov(file, a.pos),
                    );
                    continue;
                }
                (name, args) if field.native.is_none() => match name.strip_prefix("db.") {
                    Some(native)
                        if crate::emit::native_supported(
                            self.schema.provider,
                            field.ty,
                            &NativeType { name: native.to_string(), args: Vec::new() },
                        ) =>
                    {
                        let args = args.unwrap_or_default();
                        if args.iter().all(|a| a.name.is_none()) {
                            let args = args.iter().map(|a| a.value.to_string()).collect();
                            field.native = Some(NativeType { name: native.to_string(), args });
                            true
                        } else {
                            false
                        }
                    }
                    _ => false,
                },
                _ => false,
            };
            if !kept {
                field.extra_attributes.push(a.to_string());
            }
        }
    }

    fn default_value(
        &mut self,
        ty: FieldType,
        expr: &Expr,
        place: &str,
        a: &Attribute,
        file: &str,
    ) -> Option<DefaultValue> {
        Some(match expr {
            Expr::Call { name, args } if args.is_empty() => match name.as_str() {
                "uuid" => DefaultValue::Uuid,
                "cuid" => DefaultValue::Cuid,
                "auto" => DefaultValue::Auto,
                "autoincrement" => DefaultValue::Autoincrement,
                "now" => DefaultValue::Now,
                _ => return None,
            },
            Expr::Call { name, args } if name == "dbgenerated" => match args.as_slice() {
                [Arg { name: None, value: Expr::Str { value, .. } }] => DefaultValue::DbGenerated(value.clone()),
                _ => return None,
            },
            Expr::Ident(b) if b == "true" || b == "false" => DefaultValue::Bool(b == "true"),
            Expr::Ident(v) => {
                let FieldType::Enum(e) = ty else { return None };
                let en = &self.schema.enums[e.index()];
                if !en.values.iter().any(|x| &x.name == v) {
                    let message = format!("{place}: default {v} is not a value of enum {}", en.name);
                    self.error(message, prov(file, a.pos));
                }
                DefaultValue::EnumValue(v.clone())
            }
            Expr::Number(n) => DefaultValue::Number(n.clone()),
            Expr::Str { value, .. } => DefaultValue::Text(value.clone()),
            _ => return None,
        })
    }

    /// Reads one block attribute into `model`; returns it as the emitter will print it (the
    /// place of its comments).
    fn block_attribute(&mut self, model: &mut Model, a: &Attribute, file: &str) -> String {
        let at = prov(file, a.pos);
        let args = a.args.as_deref().unwrap_or_default();
        let set = match a.name.as_str() {
            "id" | "unique" | "index" => field_set(args, a.name == "index", &at),
            _ => None,
        };
        let mut check = false;
        let printed = match (a.name.as_str(), set) {
            ("id", Some(set)) if model.primary_key.is_none() => {
                let printed = crate::emit::key_text("@@id", &set);
                model.primary_key = Some(set);
                check = true;
                printed
            }
            ("unique", Some(set)) => {
                let printed = crate::emit::key_text("@@unique", &set);
                model.uniques.push(set);
                check = true;
                printed
            }
            ("index", Some(index)) => {
                let printed = crate::emit::index_text(&index);
                model.indexes.push(index);
                check = true;
                printed
            }
            ("map", _) if model.db_name.is_none() && a.args.is_some() => match single_arg(args, "name") {
                Some(Expr::Str { value, .. }) => {
                    model.db_name = Some(value.clone());
                    format!("@@map({})", crate::emit::quote(value))
                }
                _ => {
                    model.extra_attributes.push(a.to_string());
                    a.to_string()
                }
            },
            _ => {
                model.extra_attributes.push(a.to_string());
                a.to_string()
            }
        };
        if check {
            let names = match a.name.as_str() {
                "id" => model.primary_key.as_ref().map(|s| s.fields.clone()),
                "unique" => model.uniques.last().map(|s| s.fields.clone()),
                _ => model.indexes.last().map(|s| s.fields.clone()),
            };
            for f in names.unwrap_or_default() {
                if model.field(&f).is_none() {
                    self.error(
                        format!("{}: `{a}` names {f}, which is not a scalar field of {}", model.name, model.name),
                        at.clone(),
                    );
                }
            }
        }
        printed
    }

    /// Reads a relation field's `@relation(...)`; other attributes are reported.
    fn relation_field(
        &mut self,
        model: ModelId,
        target: ModelId,
        decl: &FieldDecl,
        place: &str,
        file: &str,
    ) -> Option<RelField> {
        let at = prov(file, decl.pos);
        let mut r = RelField {
            model,
            name: decl.name.clone(),
            target,
            optional: decl.optional,
            list: decl.list,
            relation_name: None,
            fields: None,
            references: None,
            on_delete: None,
            on_update: None,
            fk_name: None,
            extra_attributes: Vec::new(),
            at: at.clone(),
            used: false,
        };
        let mut seen_relation = false;
        for a in &decl.attributes {
            let a_at = prov(file, a.pos);
            if a.name != "relation" {
                r.extra_attributes.push(a.to_string());
                continue;
            }
            if seen_relation {
                self.warning(format!("{place}: a second `{a}` is not kept"), a_at);
                continue;
            }
            seen_relation = true;
            for (i, arg) in a.args.as_deref().unwrap_or_default().iter().enumerate() {
                match (arg.name.as_deref(), &arg.value) {
                    (None, Expr::Str { value, .. }) if i == 0 => r.relation_name = Some(value.clone()),
                    (Some("name"), Expr::Str { value, .. }) => r.relation_name = Some(value.clone()),
                    (Some(key @ ("fields" | "references")), value) => match ident_list(value) {
                        Some(list) if key == "fields" => r.fields = Some(list),
                        Some(list) => r.references = Some(list),
                        None => {
                            self.error(format!("{place}: `{key}:` must be a list of field names"), a_at.clone());
                            return None;
                        }
                    },
                    (Some(key @ ("onDelete" | "onUpdate")), value) => {
                        let action = match value {
                            Expr::Ident(s) => ReferentialAction::parse(s).filter(|x| x.as_str() == s),
                            _ => None,
                        };
                        if action.is_none() {
                            let message = format!(
                                "{place}: `{key}: {value}` is not one of Cascade, Restrict, NoAction, SetNull, SetDefault"
                            );
                            self.error(message, a_at.clone());
                        }
                        if key == "onDelete" { r.on_delete = action } else { r.on_update = action }
                    }
                    (Some("map"), Expr::Str { value, .. }) => r.fk_name = Some(value.clone()),
                    (Some("map"), value) => {
                        let message = format!("{place}: `map: {value}` must be a string (the foreign key's name)");
                        self.error(message, a_at.clone());
                    }
                    _ => {
                        let text = ArgText(arg);
                        self.warning(format!("{place}: `@relation` argument `{text}` is not kept"), a_at.clone());
                    }
                }
            }
        }
        Some(r)
    }

    /// Pairs relation fields into relations: first every side with `fields:` finds its back
    /// field, then the remaining list fields pair into implicit many-to-many relations.
    fn relations(&mut self, mut rels: Vec<RelField>) {
        let mut index: HashMap<(ModelId, ModelId, Option<String>), Vec<usize>> = HashMap::new();
        for (i, r) in rels.iter().enumerate() {
            index.entry((r.model, r.target, r.relation_name.clone())).or_default().push(i);
        }
        let holders: Vec<usize> = (0..rels.len()).filter(|&i| rels[i].fields.is_some()).collect();
        for pass in [true, false] {
            let todo: Vec<usize> = if pass { holders.clone() } else { (0..rels.len()).collect() };
            for i in todo {
                if rels[i].used {
                    continue;
                }
                rels[i].used = true;
                let Some(j) = self.opposite(&mut rels, &index, i) else { continue };
                let relation = if pass {
                    self.holder_relation(&rels[i], &rels[j])
                } else {
                    self.other_relation(&rels[i], &rels[j])
                };
                if let Some(relation) = relation {
                    self.schema.relations.push(relation);
                }
            }
        }
    }

    fn model_name(&self, id: ModelId) -> &str {
        &self.schema.models[id.index()].name
    }

    /// The back field of `rels[i]`, marked used; `None` after reporting none or several.
    fn opposite(
        &mut self,
        rels: &mut [RelField],
        index: &HashMap<(ModelId, ModelId, Option<String>), Vec<usize>>,
        i: usize,
    ) -> Option<usize> {
        let r = &rels[i];
        let (model, target) = (r.model, r.target);
        let place = format!("{}.{}", self.model_name(model), r.name);
        let target_name = self.model_name(target).to_string();
        let holder_name = self.model_name(model).to_string();
        let named = match &r.relation_name {
            Some(n) => format!(" named \"{n}\""),
            None => String::new(),
        };
        let at = r.at.clone();
        // Several unnamed relations from this model to the same target cannot be told apart.
        let siblings = index.get(&(model, target, None)).map_or(0, Vec::len);
        if r.relation_name.is_none() && (if model == target { siblings > 2 } else { siblings > 1 }) {
            let names: Vec<&str> = index[&(model, target, None)].iter().map(|&k| rels[k].name.as_str()).collect();
            let message = format!(
                "{place}: relation to {target_name} is ambiguous: {holder_name} has {} relation fields of type {target_name} without a name ({}); name each relation with @relation(\"...\") on both sides",
                names.len(),
                names.join(", ")
            );
            self.error(message, at);
            for &k in index.get(&(target, model, None)).into_iter().flatten() {
                rels[k].used = true;
            }
            return None;
        }
        let candidates: Vec<usize> = index
            .get(&(target, model, r.relation_name.clone()))
            .into_iter()
            .flatten()
            .copied()
            .filter(|&k| k != i && !rels[k].used)
            .collect();
        match candidates.as_slice() {
            [] => {
                let message =
                    format!("{place}: relation{named} to {target_name} has no opposite field on {target_name}");
                self.error(message, at);
                None
            }
            [j] => {
                rels[*j].used = true;
                Some(*j)
            }
            several => {
                let names: Vec<&str> = several.iter().map(|&k| rels[k].name.as_str()).collect();
                let message = format!(
                    "{place}: relation{named} to {target_name} is ambiguous: {target_name} has {} fields of type {holder_name} that could be its opposite ({}); name each relation with @relation(\"...\") on both sides",
                    names.len(),
                    names.join(", ")
                );
                self.error(message, at);
                for &k in several {
                    rels[k].used = true;
                }
                None
            }
        }
    }

    /// `h` has `fields:`; `b` is its back field.
    fn holder_relation(&mut self, h: &RelField, b: &RelField) -> Option<Relation> {
        let holder = self.model_name(h.model).to_string();
        let target = self.model_name(h.target).to_string();
        let place = format!("{holder}.{}", h.name);
        let back = format!("{target}.{}", b.name);
        if h.list && b.list && b.fields.is_some() {
            return self.id_list_many_to_many(h, b);
        }
        if b.fields.is_some() {
            let message = format!(
                "{place}: both {place} and {back} declare `fields:`; only the side holding the foreign key may"
            );
            self.error(message, h.at.clone());
            return None;
        }
        if h.list {
            self.error(format!("{place}: a relation field with `fields:` cannot be a list"), h.at.clone());
            return None;
        }
        let fk_fields = h.fields.clone().unwrap_or_default();
        let references = h.references.clone().unwrap_or_default();
        let mut ok = true;
        if fk_fields.is_empty() {
            self.error(format!("{place}: `fields:` is empty"), h.at.clone());
            ok = false;
        }
        if references.len() != fk_fields.len() {
            let message = format!(
                "{place}: `references:` must name as many fields as `fields:` ({} vs {})",
                references.len(),
                fk_fields.len()
            );
            self.error(message, h.at.clone());
            ok = false;
        }
        let holder_model = &self.schema.models[h.model.index()];
        let missing: Vec<String> = fk_fields.iter().filter(|f| holder_model.field(f).is_none()).cloned().collect();
        let any_optional = fk_fields.iter().any(|f| holder_model.field(f).is_some_and(|f| f.optional));
        let target_model = &self.schema.models[h.target.index()];
        let missing_refs: Vec<String> =
            references.iter().filter(|f| target_model.field(f).is_none()).cloned().collect();
        for f in missing {
            self.error(format!("{place}: `fields: [{f}]` names no scalar field of {holder}"), h.at.clone());
            ok = false;
        }
        for f in missing_refs {
            self.error(format!("{place}: `references: [{f}]` names no scalar field of {target}"), h.at.clone());
            ok = false;
        }
        if !ok {
            return None;
        }
        if h.optional != any_optional {
            let message = if h.optional {
                format!("{place}: the relation is optional but its fields are all required; read as required")
            } else {
                format!("{place}: the relation is required but a field in `fields:` is optional; read as optional")
            };
            self.warning(message, h.at.clone());
        }
        let kind = if b.list {
            RelationKind::ManyToOne
        } else {
            if !b.optional {
                self.error(
                    format!("{back}: the back side of a one-to-one relation must be optional ({holder}?)"),
                    b.at.clone(),
                );
            }
            RelationKind::OneToOne
        };
        self.back_side_actions(b);
        Some(Relation {
            kind,
            holder: h.model,
            fk_fields,
            target_fk_fields: Vec::new(),
            target: h.target,
            references,
            holder_field: h.name.clone(),
            target_field: b.name.clone(),
            name: h.relation_name.clone(),
            via: None,
            on_delete: h.on_delete,
            on_update: h.on_update,
            fk_name: h.fk_name.clone(),
            extra_attributes: end_attributes(h, b),
            origin: Origin::Stated,
            provenance: vec![h.at.clone(), b.at.clone()],
        })
    }

    /// A MongoDB many-to-many: each side a list with `fields:` naming its list of ids.
    fn id_list_many_to_many(&mut self, h: &RelField, b: &RelField) -> Option<Relation> {
        let mut ok = true;
        for r in [h, b] {
            let model = &self.schema.models[r.model.index()];
            let place = format!("{}.{}", model.name, r.name);
            let fields = r.fields.clone().unwrap_or_default();
            let missing: Vec<String> = fields.iter().filter(|f| model.field(f).is_none()).cloned().collect();
            let model_name = model.name.clone();
            if fields.len() != 1 {
                self.error(format!("{place}: a many-to-many side takes one list of ids in `fields:`"), r.at.clone());
                ok = false;
            }
            for f in missing {
                self.error(format!("{place}: `fields: [{f}]` names no scalar field of {model_name}"), r.at.clone());
                ok = false;
            }
        }
        if !ok {
            return None;
        }
        for r in [h, b] {
            self.no_foreign_key(r);
        }
        Some(Relation {
            kind: RelationKind::ManyToMany,
            holder: h.model,
            fk_fields: h.fields.clone().unwrap_or_default(),
            target_fk_fields: b.fields.clone().unwrap_or_default(),
            target: h.target,
            references: h.references.clone().unwrap_or_default(),
            holder_field: h.name.clone(),
            target_field: b.name.clone(),
            name: h.relation_name.clone(),
            via: None,
            on_delete: h.on_delete,
            on_update: h.on_update,
            fk_name: None,
            extra_attributes: end_attributes(h, b),
            origin: Origin::Stated,
            provenance: vec![h.at.clone(), b.at.clone()],
        })
    }

    /// Two relation fields, neither with `fields:`: an implicit many-to-many when both are lists.
    fn other_relation(&mut self, a: &RelField, b: &RelField) -> Option<Relation> {
        if !(a.list && b.list) {
            let message = format!(
                "{}.{} and {}.{}: a one-to-one or one-to-many relation needs `fields:` and `references:` on the side that holds the foreign key",
                self.model_name(a.model),
                a.name,
                self.model_name(b.model),
                b.name
            );
            self.error(message, a.at.clone());
            return None;
        }
        self.back_side_actions(a);
        self.back_side_actions(b);
        Some(Relation {
            kind: RelationKind::ManyToMany,
            holder: a.model,
            fk_fields: Vec::new(),
            target_fk_fields: Vec::new(),
            target: a.target,
            references: Vec::new(),
            holder_field: a.name.clone(),
            target_field: b.name.clone(),
            name: a.relation_name.clone(),
            via: None,
            on_delete: None,
            on_update: None,
            fk_name: None,
            extra_attributes: end_attributes(a, b),
            origin: Origin::Stated,
            provenance: vec![a.at.clone(), b.at.clone()],
        })
    }

    /// A foreign key name on a side that holds no foreign key has nowhere to go.
    fn no_foreign_key(&mut self, r: &RelField) {
        if let Some(name) = &r.fk_name {
            let message = format!(
                "{}.{}: `map: \"{name}\"` names a foreign key, which this side does not hold; not kept",
                self.model_name(r.model),
                r.name
            );
            self.warning(message, r.at.clone());
        }
    }

    /// Referential actions on a side without `fields:` have nowhere to go.
    fn back_side_actions(&mut self, r: &RelField) {
        self.no_foreign_key(r);
        if r.on_delete.is_some() || r.on_update.is_some() || r.references.is_some() {
            let message = format!(
                "{}.{}: `references:`/`onDelete:`/`onUpdate:` belong on the side with `fields:`; not kept",
                self.model_name(r.model),
                r.name
            );
            self.warning(message, r.at.clone());
        }
    }
}

/// Puts relations in the order the emitter prints them, so reading the emitted text gives
/// the same relations in the same order (and emitting that, the same text): a many-to-many's
/// first side is the one in the model printed first; relations with foreign keys come in
/// printed order (model, then the last foreign-key field), before those without.
fn canonical_relations(schema: &mut Schema) {
    let mut position = vec![0usize; schema.models.len()];
    for (i, id) in schema.order.iter().enumerate() {
        position[id.index()] = i;
    }
    for r in &mut schema.relations {
        if r.kind == RelationKind::ManyToMany && position[r.target.index()] < position[r.holder.index()] {
            std::mem::swap(&mut r.holder, &mut r.target);
            std::mem::swap(&mut r.holder_field, &mut r.target_field);
            std::mem::swap(&mut r.fk_fields, &mut r.target_fk_fields);
            std::mem::swap(&mut r.extra_attributes.holder, &mut r.extra_attributes.target);
            r.provenance.reverse();
        }
    }
    let models = &schema.models;
    let key = |r: &Relation| {
        let last_fk =
            r.fk_fields.last().and_then(|f| models[r.holder.index()].fields.iter().position(|x| &x.name == f));
        (r.fk_fields.is_empty(), position[r.holder.index()], last_fk)
    };
    schema.relations.sort_by_key(key);
}

/// The field set of an `@@id`, `@@unique` or `@@index`: the field list (first or `fields:`),
/// for an index its `map:`, `type:`, `where: raw(...)` and the first field's `ops:`, and every
/// other argument, the fields' own ones too (`email(sort: Desc)`), kept as written. `None`
/// when the attribute has no list of field names: it is then kept whole.
fn field_set(args: &[Arg], index: bool, at: &Provenance) -> Option<FieldSet> {
    let mut set = FieldSet::new(Vec::new(), Origin::Stated, Some(at.clone()));
    let mut listed = false;
    for (i, arg) in args.iter().enumerate() {
        let options = &mut set.options;
        match (arg.name.as_deref(), &arg.value) {
            (None, Expr::Array(items)) | (Some("fields"), Expr::Array(items))
                if !listed && (i == 0 || arg.name.is_some()) =>
            {
                listed = true;
                let mut own = Vec::new();
                for (n, item) in items.iter().enumerate() {
                    match item {
                        Expr::Ident(name) => {
                            set.fields.push(name.clone());
                            own.push(String::new());
                        }
                        Expr::Call { name, args } => {
                            set.fields.push(name.clone());
                            match args.as_slice() {
                                [Arg { name: Some(key), value: Expr::Ident(ops) }]
                                    if index && n == 0 && key == "ops" =>
                                {
                                    set.options.ops = Some(ops.clone());
                                    own.push(String::new());
                                }
                                _ => own.push(super::parser::ArgList(args).to_string()),
                            }
                        }
                        _ => return None,
                    }
                }
                if own.iter().any(|a| !a.is_empty()) {
                    set.field_arguments = own;
                }
            }
            (Some("map"), Expr::Str { value, .. }) if index && options.name.is_none() => {
                options.name = Some(value.clone());
            }
            (Some("type"), Expr::Ident(method)) if index && options.method.is_none() => {
                options.method = Some(method.clone());
            }
            (Some("where"), Expr::Call { name, args }) if index && name == "raw" && options.predicate.is_none() => {
                match args.as_slice() {
                    [Arg { name: None, value: Expr::Str { value, .. } }] => options.predicate = Some(value.clone()),
                    _ => set.arguments.push(ArgText(arg).to_string()),
                }
            }
            _ => set.arguments.push(ArgText(arg).to_string()),
        }
    }
    (listed && !set.fields.is_empty()).then_some(set)
}

/// The verbatim attributes of a relation's two fields, `h` holding the foreign key.
fn end_attributes(h: &RelField, b: &RelField) -> EndAttributes {
    EndAttributes { holder: h.extra_attributes.clone(), target: b.extra_attributes.clone() }
}

/// An argument printed as written (`name: value`).
struct ArgText<'a>(&'a Arg);

impl std::fmt::Display for ArgText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", super::parser::ArgList(std::slice::from_ref(self.0)))
    }
}
