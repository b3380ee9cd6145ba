//! The resolved data model: what the emitter prints and the reviewer confirms.
//!
//! Entities are held in arenas and referred to by typed ids (`ModelId`, `EnumId`, `TypeId`,
//! `RelationId`), so that views and questions point at items without cloning them.
//! Relation fields are not stored as fields: both ends of a relation are derived from
//! one [`Relation`], so a back-relation can never be forgotten or named inconsistently.

use super::provenance::{Origin, Provenance};
use super::question::Question;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;
use std::ops::{Index, IndexMut};

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub struct $name(pub u32);

        impl $name {
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

typed_id!(
    /// Index of a [`Model`] in [`Schema::models`].
    ModelId
);
typed_id!(
    /// Index of an [`Enum`] in [`Schema::enums`].
    EnumId
);
typed_id!(
    /// Index of a [`Relation`] in [`Schema::relations`].
    RelationId
);
typed_id!(
    /// Index of a [`CompositeType`] in [`Schema::types`].
    TypeId
);
typed_id!(
    /// Index of a database type text in [`Schema::unsupported`].
    UnsupportedId
);

/// The database the schema targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    #[default]
    Postgresql,
    Mysql,
    Sqlite,
    Mongodb,
}

impl Provider {
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Postgresql => "postgresql",
            Provider::Mysql => "mysql",
            Provider::Sqlite => "sqlite",
            Provider::Mongodb => "mongodb",
        }
    }
}

/// Prisma's scalar types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Scalar {
    String,
    Int,
    BigInt,
    Float,
    Decimal,
    Boolean,
    DateTime,
    Json,
    Bytes,
}

impl Scalar {
    pub fn as_str(self) -> &'static str {
        match self {
            Scalar::String => "String",
            Scalar::Int => "Int",
            Scalar::BigInt => "BigInt",
            Scalar::Float => "Float",
            Scalar::Decimal => "Decimal",
            Scalar::Boolean => "Boolean",
            Scalar::DateTime => "DateTime",
            Scalar::Json => "Json",
            Scalar::Bytes => "Bytes",
        }
    }
}

impl fmt::Display for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The type of a scalar (non-relation) field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FieldType {
    Scalar(Scalar),
    Enum(EnumId),
    /// A MongoDB composite type (`type Address { ... }`), embedded in the document.
    Composite(TypeId),
    /// A database type Prisma has no scalar for, written `Unsupported("circle")`: the client
    /// cannot read or write it, but migrations create the column. The text lives in
    /// [`Schema::unsupported`] so that the type stays `Copy`.
    Unsupported(UnsupportedId),
}

/// A `@default(...)` value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DefaultValue {
    Uuid,
    Cuid,
    Auto,
    Autoincrement,
    Now,
    Bool(bool),
    /// A number, printed as written.
    Number(String),
    /// A string literal, printed quoted.
    Text(String),
    /// An enum value, printed bare.
    EnumValue(String),
    /// A database expression Prisma passes through: `dbgenerated("...")`.
    DbGenerated(String),
}

/// A native database type attribute: `@db.VarChar(255)`, `@db.Uuid`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NativeType {
    pub name: String,
    pub args: Vec<String>,
}

/// A scalar field of a model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    pub name: String,
    /// The column name when it differs from `name` (emitted as `@map`).
    pub db_name: Option<String>,
    pub ty: FieldType,
    pub optional: bool,
    pub list: bool,
    pub default: Option<DefaultValue>,
    pub unique: bool,
    pub id: bool,
    pub native: Option<NativeType>,
    pub description: Option<String>,
    /// Whether a document stated the field, or schemata added it.
    pub origin: Origin,
    /// Whether the type was declared, or inferred from the name or context.
    pub type_origin: Origin,
    /// Every place a document stated this field (several when documents agree).
    pub provenance: Vec<Provenance>,
    /// Attributes schemata does not model, kept verbatim from an imported schema
    /// (`@updatedAt`, `@ignore`, ...) and printed after the modelled ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_attributes: Vec<String>,
}

impl Field {
    /// A required, stated scalar field with no attributes.
    pub fn new(name: impl Into<String>, ty: FieldType) -> Self {
        Self {
            name: name.into(),
            db_name: None,
            ty,
            optional: false,
            list: false,
            default: None,
            unique: false,
            id: false,
            native: None,
            description: None,
            origin: Origin::Stated,
            type_origin: Origin::Stated,
            provenance: Vec::new(),
            extra_attributes: Vec::new(),
        }
    }
}

/// A model-level index or constraint over several fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldSet {
    pub fields: Vec<String>,
    pub origin: Origin,
    pub provenance: Option<Provenance>,
    /// How an `@@index` is built, when not a plain B-tree over the fields.
    #[serde(default, skip_serializing_if = "IndexOptions::is_plain")]
    pub options: IndexOptions,
    /// Arguments after the field list that schemata does not model, as an imported schema
    /// wrote them (`name: "byEmail"`, `map: "users_pkey"`, `clustered: false`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub arguments: Vec<String>,
    /// The arguments written after each field's name (`sort: Desc`, `length: 191`), one entry
    /// per field, empty for a field without; an empty list when no field has any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub field_arguments: Vec<String>,
}

impl FieldSet {
    pub fn new(fields: Vec<String>, origin: Origin, provenance: Option<Provenance>) -> Self {
        Self {
            fields,
            origin,
            provenance,
            options: IndexOptions::default(),
            arguments: Vec::new(),
            field_arguments: Vec::new(),
        }
    }
}

/// The PostgreSQL side of an index that Prisma can still express: `type: Gin`, an operator
/// class on the first field (`data(ops: JsonbPathOps)`), and a partial index's predicate
/// (`where: raw("...")`, the `partialIndexes` preview of Prisma 7.4+).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexOptions {
    /// Prisma's index type name (`Gin`, `Gist`, `Brin`, `Hash`); `None` is a B-tree.
    pub method: Option<String>,
    /// Prisma's operator class name for the first field (`JsonbPathOps`).
    pub ops: Option<String>,
    /// A SQL predicate: only rows matching it are indexed.
    pub predicate: Option<String>,
    /// The database name of the index (`map: "..."`), when Prisma's default would not do.
    pub name: Option<String>,
}

impl IndexOptions {
    pub fn is_plain(&self) -> bool {
        self == &Self::default()
    }
}

/// One Prisma model (or view: see [`ModelKind`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    pub name: String,
    #[serde(default, skip_serializing_if = "is_default")]
    pub kind: ModelKind,
    /// The table or collection name when it differs from `name` (emitted as `@@map`).
    pub db_name: Option<String>,
    pub description: Option<String>,
    pub fields: Vec<Field>,
    /// A composite primary key (`@@id`), when no single field is the id.
    pub primary_key: Option<FieldSet>,
    pub uniques: Vec<FieldSet>,
    pub indexes: Vec<FieldSet>,
    pub origin: Origin,
    pub provenance: Vec<Provenance>,
    /// Block attributes schemata does not model, kept verbatim from an imported schema.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_attributes: Vec<String>,
}

impl Model {
    /// A stated model with no fields yet.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            kind: ModelKind::Model,
            db_name: None,
            description: None,
            fields: Vec::new(),
            primary_key: None,
            uniques: Vec::new(),
            indexes: Vec::new(),
            origin: Origin::Stated,
            provenance: Vec::new(),
            extra_attributes: Vec::new(),
        }
    }

    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    pub fn field_mut(&mut self, name: &str) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.name == name)
    }

    /// The single-field primary key, if the model has one.
    pub fn id_field(&self) -> Option<&Field> {
        self.fields.iter().find(|f| f.id)
    }

    /// Whether this is a database view rather than a table.
    pub fn is_view(&self) -> bool {
        self.kind == ModelKind::View
    }
}

/// Whether a block is a table (`model`) or a read-only database view (`view`).
///
/// A view is a model in everything but its keyword: it has fields, `@id`/`@unique`, `@@map`,
/// and it may stand on either side of a relation. Keeping views in the model arena with a
/// kind (rather than an arena of their own) lets ids, relations, dependency order and every
/// lookup by `ModelId` work for both unchanged; the few places where a view differs (no DDL,
/// no audit fields or ids added by a profile, `view` keyword) ask [`Model::is_view`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ModelKind {
    #[default]
    Model,
    View,
}

impl ModelKind {
    /// The Prisma keyword that opens the block.
    pub fn keyword(self) -> &'static str {
        match self {
            ModelKind::Model => "model",
            ModelKind::View => "view",
        }
    }
}

/// A MongoDB composite type: a named shape embedded in documents (`type Address { ... }`).
/// It has fields (scalars, enums, other composite types; `@map`, `@default`, `@db.*`) but no
/// id, no relations and no block attributes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompositeType {
    pub name: String,
    pub description: Option<String>,
    pub fields: Vec<Field>,
    pub origin: Origin,
    pub provenance: Vec<Provenance>,
}

impl CompositeType {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// One enum value, with its database spelling when that is not a valid identifier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumValue {
    pub name: String,
    pub db_name: Option<String>,
    /// Its `///` doc comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A Prisma enum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Enum {
    pub name: String,
    /// The database type name when it differs from `name` (emitted as `@@map`), e.g. a
    /// PostgreSQL `order_status` type read as `OrderStatus`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub db_name: Option<String>,
    pub values: Vec<EnumValue>,
    pub description: Option<String>,
    /// Whether a document named the enum, or schemata named it `<Model><Field>`.
    pub origin: Origin,
    pub provenance: Vec<Provenance>,
    /// Block attributes schemata does not model (`@@schema("sales")`), kept verbatim from an
    /// imported schema.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_attributes: Vec<String>,
}

/// Cardinality seen from the model that holds the foreign key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RelationKind {
    /// Many holders point at one target (the holder has the FK).
    ManyToOne,
    /// One holder points at one target (the holder has a unique FK).
    OneToOne,
    /// Many on both sides; implicit (Prisma's hidden join table) unless `via` names a junction.
    ManyToMany,
}

impl fmt::Display for RelationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RelationKind::ManyToOne => "many-to-one",
            RelationKind::OneToOne => "one-to-one",
            RelationKind::ManyToMany => "many-to-many",
        })
    }
}

/// `onDelete` / `onUpdate` actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReferentialAction {
    Cascade,
    Restrict,
    NoAction,
    SetNull,
    SetDefault,
}

impl ReferentialAction {
    pub fn as_str(self) -> &'static str {
        match self {
            ReferentialAction::Cascade => "Cascade",
            ReferentialAction::Restrict => "Restrict",
            ReferentialAction::NoAction => "NoAction",
            ReferentialAction::SetNull => "SetNull",
            ReferentialAction::SetDefault => "SetDefault",
        }
    }

    /// Reads the spellings documents use: `cascade`, `set null`, `SET_NULL`, `no action`.
    pub fn parse(text: &str) -> Option<Self> {
        let key: String = text.chars().filter(|c| c.is_ascii_alphabetic()).collect();
        match key.to_ascii_lowercase().as_str() {
            "cascade" => Some(Self::Cascade),
            "restrict" => Some(Self::Restrict),
            "noaction" => Some(Self::NoAction),
            "setnull" => Some(Self::SetNull),
            "setdefault" => Some(Self::SetDefault),
            _ => None,
        }
    }
}

/// A relation between two models; both Prisma relation fields are derived from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    pub kind: RelationKind,
    /// The model holding the foreign key (for many-to-many: the first side).
    pub holder: ModelId,
    /// Foreign-key scalar fields on the holder (empty for an implicit many-to-many on SQL;
    /// on MongoDB a many-to-many holds a list of ids on each side).
    pub fk_fields: Vec<String>,
    /// The target's list of ids for a MongoDB many-to-many; empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub target_fk_fields: Vec<String>,
    pub target: ModelId,
    /// The referenced fields on the target (its id unless stated otherwise).
    pub references: Vec<String>,
    /// The relation field on the holder (`customer Customer @relation(...)`).
    pub holder_field: String,
    /// The back-relation field on the target (`orders Order[]`).
    pub target_field: String,
    /// `@relation("Name")`, needed when two relations join the same models.
    pub name: Option<String>,
    /// The junction model realising an explicit many-to-many (its two
    /// many-to-one relations carry the fields; this one is not emitted).
    pub via: Option<ModelId>,
    pub on_delete: Option<ReferentialAction>,
    pub on_update: Option<ReferentialAction>,
    /// The foreign key's constraint name (`map:` in `@relation`), when Prisma's default
    /// (`{table}_{columns}_fkey`) is not the database's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fk_name: Option<String>,
    /// Attributes of the two relation fields that schemata does not model (`@ignore`), kept
    /// verbatim from an imported schema.
    #[serde(default, skip_serializing_if = "EndAttributes::is_empty")]
    pub extra_attributes: EndAttributes,
    pub origin: Origin,
    pub provenance: Vec<Provenance>,
}

/// Verbatim attributes of each relation field of a [`Relation`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndAttributes {
    /// On [`Relation::holder_field`].
    pub holder: Vec<String>,
    /// On [`Relation::target_field`].
    pub target: Vec<String>,
}

impl EndAttributes {
    pub fn is_empty(&self) -> bool {
        self.holder.is_empty() && self.target.is_empty()
    }
}

impl Relation {
    /// Whether the relation is printed as Prisma fields (an explicit M:N is printed
    /// through its junction's own relations instead).
    pub fn is_emitted(&self) -> bool {
        self.via.is_none()
    }
}

/// The whole resolved schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Schema {
    pub provider: Provider,
    pub models: Vec<Model>,
    pub enums: Vec<Enum>,
    /// MongoDB composite types, referred to by [`FieldType::Composite`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<CompositeType>,
    pub relations: Vec<Relation>,
    /// Models in dependency order: a model comes after every model it points at
    /// (self-relations and cycles aside).
    pub order: Vec<ModelId>,
    /// Dependency cycles, each named by its models; they do not stop emission.
    pub cycles: Vec<Vec<ModelId>>,
    pub questions: Vec<Question>,
    /// The field that scopes rows to a tenant (`tenantId`, `orgId`), when the documents say.
    #[serde(default)]
    pub tenant_key: Option<String>,
    /// `//` comments of an imported schema, kept where they were written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<Comment>,
    /// The database type texts of [`FieldType::Unsupported`] fields (`circle`,
    /// `geometry(Point, 4326)`), unquoted, each once; add one with [`Schema::unsupported_type`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unsupported: Vec<String>,
}

/// A comment of an imported schema that is not a doc comment of a model, field, enum, value
/// or type: a `//` line anywhere, or a `///` line on a block attribute.
///
/// Comments are placed by name (block, member) rather than stored on each item, so that
/// relation fields (derived from a [`Relation`]) and block attributes (several of them
/// modelled as fields of [`Model`]) can carry them too; a comment whose place no longer
/// exists (a renamed field) is not printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    pub place: CommentPlace,
    /// The line as printed, slashes included (`// legacy column`).
    pub text: String,
}

/// Where a [`Comment`] sits. `block` is a model, view, enum or type name; `member` a field or
/// enum value name, or a block attribute as printed (`@@index([email])`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CommentPlace {
    /// On the lines above a block.
    Before { block: String },
    /// On the lines above a member.
    Above { block: String, member: String },
    /// At the end of a member's line.
    After { block: String, member: String },
    /// Inside a block after its members (`prisma format` keeps these before the block attributes).
    End { block: String },
    /// After the last block.
    FileEnd,
}

impl Schema {
    pub fn model_ids(&self) -> impl Iterator<Item = ModelId> + '_ {
        (0..self.models.len() as u32).map(ModelId)
    }

    pub fn model_by_name(&self, name: &str) -> Option<ModelId> {
        self.models.iter().position(|m| m.name == name).map(|i| ModelId(i as u32))
    }

    pub fn enum_by_name(&self, name: &str) -> Option<EnumId> {
        self.enums.iter().position(|e| e.name == name).map(|i| EnumId(i as u32))
    }

    pub fn type_by_name(&self, name: &str) -> Option<TypeId> {
        self.types.iter().position(|t| t.name == name).map(|i| TypeId(i as u32))
    }

    pub fn relations_of(&self, model: ModelId) -> impl Iterator<Item = (RelationId, &Relation)> {
        self.relations
            .iter()
            .enumerate()
            .filter(move |(_, r)| r.holder == model || r.target == model)
            .map(|(i, r)| (RelationId(i as u32), r))
    }

    /// The Prisma type name of a scalar field (`String`, `Role`, `Unsupported("circle")`).
    pub fn type_name(&self, ty: FieldType) -> Cow<'_, str> {
        match ty {
            FieldType::Scalar(s) => Cow::Borrowed(s.as_str()),
            FieldType::Enum(id) => Cow::Borrowed(&self.enums[id.index()].name),
            FieldType::Composite(id) => Cow::Borrowed(&self.types[id.index()].name),
            FieldType::Unsupported(id) => {
                Cow::Owned(format!("Unsupported({})", crate::emit::quote(&self.unsupported[id.index()])))
            }
        }
    }

    /// The [`FieldType::Unsupported`] for a database type text (`circle`), reusing its entry
    /// in [`Schema::unsupported`] when another field has the same type.
    pub fn unsupported_type(&mut self, db_type: &str) -> FieldType {
        let index = match self.unsupported.iter().position(|t| t == db_type) {
            Some(i) => i,
            None => {
                self.unsupported.push(db_type.to_string());
                self.unsupported.len() - 1
            }
        };
        FieldType::Unsupported(UnsupportedId(index as u32))
    }

    /// A field's type as Prisma writes it: `String`, `String?`, `Tag[]`.
    pub fn field_type(&self, field: &Field) -> String {
        let name = self.type_name(field.ty);
        if field.list {
            format!("{name}[]")
        } else if field.optional {
            format!("{name}?")
        } else {
            name.to_string()
        }
    }

    /// Open questions (not yet answered by the user).
    pub fn open_questions(&self) -> impl Iterator<Item = &Question> {
        self.questions.iter().filter(|q| q.answer.is_none())
    }
}

impl Index<ModelId> for Schema {
    type Output = Model;
    fn index(&self, id: ModelId) -> &Model {
        &self.models[id.index()]
    }
}

impl IndexMut<ModelId> for Schema {
    fn index_mut(&mut self, id: ModelId) -> &mut Model {
        &mut self.models[id.index()]
    }
}

impl Index<EnumId> for Schema {
    type Output = Enum;
    fn index(&self, id: EnumId) -> &Enum {
        &self.enums[id.index()]
    }
}

impl Index<TypeId> for Schema {
    type Output = CompositeType;
    fn index(&self, id: TypeId) -> &CompositeType {
        &self.types[id.index()]
    }
}

impl Index<UnsupportedId> for Schema {
    type Output = str;
    fn index(&self, id: UnsupportedId) -> &str {
        &self.unsupported[id.index()]
    }
}

impl Index<RelationId> for Schema {
    type Output = Relation;
    fn index(&self, id: RelationId) -> &Relation {
        &self.relations[id.index()]
    }
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}
