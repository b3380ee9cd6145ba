//! What a seeded field is set to, chosen from its type, native type and name. Values are
//! descriptions, not text: the TypeScript writer spells them, the planner reasons about which
//! of them repeat (for unique constraints).
//!
//! Every value is a function of the row's number `k` (0-based within the model, across
//! tenants), so rows differ wherever a unique constraint may need them to.

use crate::model::{EnumId, Field, FieldType, ModelId, NativeType, Scalar, Schema};
use crate::naming;

/// One field of a seeded row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// The current tenant's key.
    Tenant,
    /// `field` of the parent row picked for this row: `pick(parentRows, k).field`.
    Parent {
        model: ModelId,
        field: String,
    },
    /// `{prefix}{k + 1}{suffix}`, cut to `max_len` characters (`@db.VarChar(n)`).
    Text {
        prefix: String,
        suffix: String,
        max_len: Option<usize>,
    },
    /// A fixed string: the first value a CHECK constraint allows.
    Literal(String),
    /// A UUID made from the row number (`@db.Uuid` text that is not a key).
    Uuid,
    /// A 24-hex-digit MongoDB ObjectId made from the row number.
    ObjectId,
    /// An IPv4 address made from the row number (`@db.Inet`).
    Inet,
    /// `k + 1`, positive so CHECK constraints asking for non-negative or positive hold.
    Int,
    BigInt,
    /// `k + 1.5`, or `k + 1` when the column has no decimal places.
    Fraction {
        whole: bool,
    },
    Boolean,
    /// A UTC date in `month` (0-based) on day `k + 1` at `hour`: fields named for an end
    /// (`endsAt`, `expiresAt`, `validTo`) fall a month later and later in the day.
    Date {
        month: u32,
        hour: u32,
    },
    /// An end date in the future (`k + 1` months from when the seed runs): after every fixed
    /// date and after any start the database fills with `now()` (`openedAt @default(now())`
    /// with a CHECK that `dueAt` comes after it).
    Future,
    Json,
    /// One byte; `Uint8Array` for Prisma 7's client, `Buffer` for Prisma 6's.
    Bytes,
    /// The enum's values in turn, so that every value appears.
    Enum(EnumId),
    /// One enum value (the first a CHECK allows).
    EnumLiteral(String),
    /// `[]` for a list field.
    EmptyList,
    /// A MongoDB composite value built from its fields.
    Object(Vec<(String, Value)>),
    /// Set on even rows and empty on odd ones, so optional fields show both cases.
    Sometimes(Box<Value>),
}

impl Value {
    /// After how many consecutive rows the value repeats: `None` when it never does. A
    /// parent's period is its row count, which only the planner knows; it asks for the rest.
    pub fn period(&self, schema: &Schema) -> Option<usize> {
        match self {
            Value::Enum(id) => Some(schema[*id].values.len().max(1)),
            Value::Boolean => Some(2),
            Value::Literal(_)
            | Value::EnumLiteral(_)
            | Value::EmptyList
            | Value::Object(_)
            | Value::Tenant
            | Value::Parent { .. } => Some(1),
            // NULLs never collide in a unique index; the set values all carry the row number.
            _ => None,
        }
    }
}

/// Deepest MongoDB composite nesting a seed value is built for.
const MAX_DEPTH: usize = 4;

/// The value for a scalar, enum or composite field that no relation fills; `None` leaves the
/// field out (an optional composite, or nesting deeper than [`MAX_DEPTH`]).
pub fn for_field(
    schema: &Schema,
    owner: &str,
    field: &Field,
    position: usize,
    allowed: Option<&[String]>,
) -> Option<Value> {
    let value = required_value(schema, owner, field, position, allowed, 0)?;
    // Optional enums are always set: a NULL on every other row would hide half their values.
    let cycled = matches!(value, Value::Enum(_) | Value::EnumLiteral(_));
    Some(if field.optional && !field.list && !cycled { Value::Sometimes(Box::new(value)) } else { value })
}

fn required_value(
    schema: &Schema,
    owner: &str,
    field: &Field,
    position: usize,
    allowed: Option<&[String]>,
    depth: usize,
) -> Option<Value> {
    // The client can neither read nor write such a column (the planner skips a model that
    // needs one).
    if matches!(field.ty, FieldType::Unsupported(_)) {
        return None;
    }
    if field.list {
        return Some(Value::EmptyList);
    }
    let first_allowed = allowed.and_then(|a| a.first());
    let value = match field.ty {
        FieldType::Enum(id) => match first_allowed {
            Some(v) if schema[id].values.iter().any(|e| &e.name == v) => Value::EnumLiteral(v.clone()),
            _ => Value::Enum(id),
        },
        FieldType::Composite(id) => {
            if field.optional || depth >= MAX_DEPTH {
                return None;
            }
            let ty = &schema[id];
            let fields = ty
                .fields
                .iter()
                .enumerate()
                .filter(|(_, f)| f.default.is_none() && !f.optional)
                .filter_map(|(i, f)| {
                    required_value(schema, &ty.name, f, i, None, depth + 1).map(|v| (f.name.clone(), v))
                })
                .collect();
            Value::Object(fields)
        }
        FieldType::Scalar(Scalar::String) => match first_allowed {
            Some(v) => Value::Literal(v.clone()),
            None => text(owner, field),
        },
        FieldType::Scalar(Scalar::Int) => Value::Int,
        FieldType::Scalar(Scalar::BigInt) => Value::BigInt,
        FieldType::Scalar(Scalar::Float) => Value::Fraction { whole: false },
        FieldType::Scalar(Scalar::Decimal) => {
            let scale = field.native.as_ref().filter(|n| n.name == "Decimal").and_then(|n| n.args.get(1));
            Value::Fraction { whole: scale.is_some_and(|s| s.trim() == "0") }
        }
        FieldType::Scalar(Scalar::Boolean) => Value::Boolean,
        FieldType::Scalar(Scalar::DateTime) => date(&field.name, position),
        FieldType::Scalar(Scalar::Json) => Value::Json,
        FieldType::Scalar(Scalar::Bytes) => Value::Bytes,
        FieldType::Unsupported(_) => return None,
    };
    Some(value)
}

/// Text that fits the column and reads as what it is: `venue+3@example.com` for an email,
/// `Venue name 3` otherwise.
fn text(owner: &str, field: &Field) -> Value {
    match field.native.as_ref().map(|n| n.name.as_str()) {
        Some("Uuid") => return Value::Uuid,
        Some("ObjectId") => return Value::ObjectId,
        Some("Inet") => return Value::Inet,
        _ => {}
    }
    let max_len = field.native.as_ref().and_then(length);
    let lower = field.name.to_ascii_lowercase();
    let owner_lower = owner.to_ascii_lowercase();
    let (prefix, suffix) = if lower.contains("email") {
        (format!("{owner_lower}+"), "@example.com".to_string())
    } else if lower.ends_with("url") || lower.contains("website") {
        (format!("https://example.com/{owner_lower}/"), String::new())
    } else if lower.contains("phone") {
        ("+1555010".to_string(), String::new())
    } else if field.id {
        (format!("{owner_lower}-"), String::new())
    } else {
        (format!("{owner} {} ", field.name), String::new())
    };
    Value::Text { prefix, suffix, max_len }
}

/// `@db.VarChar(n)`, `@db.Char(n)`: the most characters the column holds.
fn length(native: &NativeType) -> Option<usize> {
    match native.name.as_str() {
        "VarChar" | "Char" | "NVarChar" | "NChar" => native.args.first()?.trim().parse().ok(),
        _ => None,
    }
}

/// Words of a field name that mark the end of a span.
const END_WORDS: &[&str] = &[
    "end",
    "ends",
    "ended",
    "ending",
    "until",
    "finish",
    "finishes",
    "finished",
    "expire",
    "expires",
    "expired",
    "expiry",
    "expiration",
    "close",
    "closes",
    "closed",
    "closing",
    "due",
    "deadline",
    "to",
];

/// Whether a field's name says it ends something: `endsAt`, `valid_until`, `expiresAt`, `dateTo`.
pub fn is_end_like(name: &str) -> bool {
    naming::snake(name).split('_').any(|w| END_WORDS.contains(&w))
}

/// Dates by position in the model (earlier fields earlier in the day, so "placed before
/// refunded" in document order holds) and ends a month later than anything else.
fn date(name: &str, position: usize) -> Value {
    if is_end_like(name) { Value::Future } else { Value::Date { month: 0, hour: 8 + position.min(10) as u32 } }
}

/// The prefix and suffix of a text value cut so that `prefix + number + suffix` fits in
/// `max_len` characters for numbers of up to `digits` digits: the prefix is shortened first,
/// then the suffix is dropped, and at worst the number stands alone.
pub fn fit_text(prefix: &str, suffix: &str, max_len: Option<usize>, digits: usize) -> (String, String) {
    let Some(max) = max_len else { return (prefix.to_string(), suffix.to_string()) };
    let room = max.saturating_sub(digits);
    if prefix.chars().count() + suffix.chars().count() <= room {
        return (prefix.to_string(), suffix.to_string());
    }
    if suffix.chars().count() < room {
        let keep = room - suffix.chars().count();
        return (prefix.chars().take(keep).collect(), suffix.to_string());
    }
    (prefix.chars().take(room).collect(), String::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composite_values_are_built_from_their_required_fields() {
        use crate::model::{CompositeType, Origin, TypeId};
        let mut schema = Schema::default();
        let mut note = Field::new("note", FieldType::Scalar(Scalar::String));
        note.optional = true;
        schema.types.push(CompositeType {
            name: "Address".into(),
            description: None,
            fields: vec![Field::new("street", FieldType::Scalar(Scalar::String)), note],
            origin: Origin::Stated,
            provenance: Vec::new(),
        });
        let address = Field::new("address", FieldType::Composite(TypeId(0)));
        let Some(Value::Object(fields)) = for_field(&schema, "Site", &address, 0, None) else {
            panic!("a required composite is an object")
        };
        assert_eq!(fields.len(), 1, "only required fields: {fields:?}");
        assert_eq!(fields[0].0, "street");
        let mut optional = address.clone();
        optional.optional = true;
        assert_eq!(for_field(&schema, "Site", &optional, 0, None), None);
    }

    #[test]
    fn end_like_names() {
        for name in ["endsAt", "valid_until", "expiresAt", "dateTo", "closedAt", "dueDate", "finishedOn"] {
            assert!(is_end_like(name), "{name}");
        }
        for name in ["startsAt", "createdAt", "todayCount", "vendorName", "placedAt", "refundedAt"] {
            assert!(!is_end_like(name), "{name}");
        }
    }

    #[test]
    fn text_fits_its_column() {
        assert_eq!(fit_text("Venue name ", "", None, 2), ("Venue name ".into(), String::new()));
        assert_eq!(fit_text("Venue name ", "", Some(8), 2), ("Venue ".into(), String::new()));
        assert_eq!(fit_text("buyer+", "@example.com", Some(16), 1), ("buy".into(), "@example.com".into()));
        assert_eq!(fit_text("buyer+", "@example.com", Some(5), 1), ("buye".into(), String::new()));
        assert_eq!(fit_text("x", "", Some(1), 2), (String::new(), String::new()));
    }

    #[test]
    fn values_follow_type_native_type_and_name() {
        let schema = Schema::default();
        let mut email = Field::new("email", FieldType::Scalar(Scalar::String));
        email.native = Some(NativeType { name: "VarChar".into(), args: vec!["40".into()] });
        assert_eq!(
            for_field(&schema, "Buyer", &email, 0, None),
            Some(Value::Text { prefix: "buyer+".into(), suffix: "@example.com".into(), max_len: Some(40) })
        );
        let mut amount = Field::new("amount", FieldType::Scalar(Scalar::Decimal));
        amount.native = Some(NativeType { name: "Decimal".into(), args: vec!["10".into(), "0".into()] });
        assert_eq!(for_field(&schema, "Order", &amount, 0, None), Some(Value::Fraction { whole: true }));
        let mut phone = Field::new("phone", FieldType::Scalar(Scalar::String));
        phone.optional = true;
        assert!(matches!(for_field(&schema, "Buyer", &phone, 0, None), Some(Value::Sometimes(_))));
        let channel = Field::new("channel", FieldType::Scalar(Scalar::String));
        let allowed = ["email".to_string(), "sms".to_string()];
        assert_eq!(for_field(&schema, "Notice", &channel, 0, Some(&allowed)), Some(Value::Literal("email".into())));
        let ends = Field::new("endsAt", FieldType::Scalar(Scalar::DateTime));
        let starts = Field::new("startsAt", FieldType::Scalar(Scalar::DateTime));
        assert_eq!(for_field(&schema, "Booking", &ends, 0, None), Some(Value::Future));
        assert_eq!(for_field(&schema, "Booking", &starts, 3, None), Some(Value::Date { month: 0, hour: 11 }));
    }
}
