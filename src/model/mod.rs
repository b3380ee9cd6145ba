//! The domain model: the resolved schema, its questions, and where every fact came from.

mod provenance;
mod question;
mod schema;

pub use provenance::{LineIndex, Origin, Provenance};
pub use question::{Choice, Decisions, Question, QuestionKind};
pub use schema::{
    Comment, CommentPlace, CompositeType, DefaultValue, EndAttributes, Enum, EnumId, EnumValue, Field, FieldSet,
    FieldType, IndexOptions, Model, ModelId, ModelKind, NativeType, Provider, ReferentialAction, Relation, RelationId,
    RelationKind, Scalar, Schema, TypeId, UnsupportedId,
};
