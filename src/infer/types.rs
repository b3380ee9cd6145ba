//! Prisma types from declared type text and from field names.
//!
//! A declared type wins; a name rule decides only when the document gives no type,
//! or when the declared type is a wire type (TypeScript `string` for a timestamp,
//! `number` for money).
//!
//! These are the design documents' rules; the column types of SQL and DBML tables map as
//! Prisma's introspection maps them, in `sql_types`.

use crate::model::{NativeType, Scalar};

/// What the declared type text says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Declared {
    Scalar(Scalar, Option<NativeType>),
    /// A TypeScript wire type (`string`, `number`) that a name rule may refine.
    Wire(Scalar),
    /// A name that is not a known type: an enum alias, an entity, or unknown.
    Named(String),
}

/// Reads a declared type: `varchar(255)`, `ObjectId`, `timestamptz`, `JSONB`, `number`.
pub fn declared(text: &str) -> Declared {
    let t = text.trim();
    let (base, args) = match t.find('(') {
        Some(i) => {
            let inner = t[i + 1..].trim_end_matches(')');
            let args = inner.split(',').map(|a| a.trim().to_string()).filter(|a| !a.is_empty()).collect();
            (t[..i].trim(), args)
        }
        None => (t, Vec::new()),
    };
    let mut lower = base.to_ascii_lowercase();
    // MySQL's `int unsigned`, `bigint(20) unsigned zerofill`: the sign says nothing to Prisma.
    for suffix in [" zerofill", " unsigned", " signed"] {
        if let Some(stripped) = lower.strip_suffix(suffix) {
            lower = stripped.trim_end().to_string();
        }
    }
    if lower == "tinyint" && args.first().and_then(|a| a.split(')').next()).is_some_and(|a| a.trim() == "1") {
        // MySQL's boolean, as Prisma's introspection reads it.
        return Declared::Scalar(Scalar::Boolean, None);
    }
    let native = |name: &str, args: Vec<String>| Some(NativeType { name: name.into(), args });
    let scalar = match lower.as_str() {
        "string" => return Declared::Wire(Scalar::String),
        "number" => return Declared::Wire(Scalar::Float),
        "str" | "text" | "email" | "url" | "uri" | "citext" | "phone" | "char*" | "tinytext" | "mediumtext"
        | "longtext" => (Scalar::String, None),
        "varchar" | "character varying" | "nvarchar" => {
            (Scalar::String, native("VarChar", args.into_iter().take(1).collect()).filter(|n| !n.args.is_empty()))
        }
        "char" | "character" | "bpchar" => (Scalar::String, native("Char", args.into_iter().take(1).collect())),
        "uuid" | "guid" => (Scalar::String, native("Uuid", vec![])),
        "objectid" | "object id" => (Scalar::String, native("ObjectId", vec![])),
        "int" | "integer" | "int4" | "int32" | "smallint" | "int2" | "serial" | "serial4" | "smallserial"
        | "serial2" | "tinyint" | "mediumint" => (Scalar::Int, None),
        "bigint" | "int8" | "int64" | "bigserial" | "serial8" | "long" => (Scalar::BigInt, None),
        "float" | "double" | "real" | "float8" | "float4" | "double precision" => (Scalar::Float, None),
        "decimal" | "numeric" | "money" => (Scalar::Decimal, native_decimal(&args)),
        "bool" | "boolean" => (Scalar::Boolean, None),
        "datetime" | "timestamp" | "timestamptz" | "date" | "time" | "instant" | "datetime2" => {
            (Scalar::DateTime, if lower == "date" { native("Date", vec![]) } else { None })
        }
        "json" | "jsonb" | "object" | "map" | "record" | "hash" | "dict" | "dictionary" | "array" | "any"
        | "unknown" => (Scalar::Json, None),
        "bytes" | "bytea" | "blob" | "binary" | "buffer" | "varbinary" | "tinyblob" | "mediumblob" | "longblob" => {
            (Scalar::Bytes, None)
        }
        _ if lower.starts_with("timestamp") => (Scalar::DateTime, None),
        // `time without time zone`, `time with time zone`.
        _ if lower.starts_with("time ") => (Scalar::DateTime, None),
        _ => return Declared::Named(base.to_string()),
    };
    Declared::Scalar(scalar.0, scalar.1)
}

fn native_decimal(args: &[String]) -> Option<NativeType> {
    (args.len() == 2).then(|| NativeType { name: "Decimal".into(), args: args.to_vec() })
}

/// The words of a camelCase or snake_case name, lower-cased.
pub fn name_words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if c == '_' || c == '-' || c == ' ' {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        current.push(c.to_ascii_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

const INT_WORDS: &[&str] = &[
    "count", "quantity", "qty", "position", "capacity", "age", "year", "rank", "cents", "seconds", "minutes", "hours",
    "days", "weeks", "months", "version", "size", "length", "width", "height", "number", "index", "sort", "stock",
    "attempts", "retries", "hour", "minute", "day", "month", "pages",
];
const DECIMAL_WORDS: &[&str] = &[
    "price", "amount", "cost", "total", "balance", "fee", "fine", "rate", "salary", "tax", "discount", "budget",
    "revenue",
];
const FLOAT_WORDS: &[&str] =
    &["latitude", "longitude", "lat", "lng", "lon", "score", "ratio", "percentage", "percent", "weight"];
const JSON_NAMES: &[&str] = &[
    "settings",
    "metadata",
    "meta",
    "config",
    "configuration",
    "preferences",
    "attributes",
    "payload",
    "properties",
    "options",
    "extra",
    "extras",
    "details",
    "context",
    "data",
];
const BOOL_WORDS: &[&str] = &[
    "active",
    "enabled",
    "disabled",
    "published",
    "archived",
    "deleted",
    "verified",
    "visible",
    "approved",
    "completed",
    "locked",
    "default",
    "primary",
    "public",
    "private",
    "paid",
    "read",
];
const STRING_WORDS: &[&str] = &[
    "name",
    "title",
    "email",
    "phone",
    "slug",
    "label",
    "color",
    "colour",
    "timezone",
    "description",
    "summary",
    "bio",
    "notes",
    "note",
    "reason",
    "comment",
    "url",
    "code",
    "sku",
    "isbn",
    "barcode",
    "city",
    "country",
    "line1",
    "line2",
    "street",
    "zip",
    "postcode",
    "state",
    "region",
    "language",
    "locale",
    "currency",
    "password",
    "hash",
    "token",
    "message",
    "text",
    "body",
    "content",
    "subject",
    "status",
    "role",
    "type",
    "kind",
    "plan",
    "tier",
    "condition",
    "avatar",
    "image",
    "icon",
    "website",
    "username",
    "handle",
    "key",
    "value",
    "secret",
    "path",
    "address",
    "specialty",
    "category",
    "source",
    "channel",
    "format",
    "mime",
];

/// A type from the field name alone, or `None` when no rule decides.
pub fn from_name(name: &str) -> Option<Scalar> {
    let words = name_words(name);
    let last = words.last()?.as_str();
    let first = words.first()?.as_str();
    if name == "id" || last == "id" || last == "ids" || last == "uuid" {
        return Some(Scalar::String);
    }
    if (last == "at" && words.len() > 1)
        || last == "date"
        || last == "timestamp"
        || last == "time"
        || (last == "on" && words.len() > 1)
        || matches!(first, "birth" | "dob")
        || last == "birthday"
    {
        return Some(Scalar::DateTime);
    }
    if words.len() > 1 && matches!(first, "is" | "has" | "can" | "should" | "allow" | "allows" | "was" | "needs")
        || matches!(last, "enabled" | "flag" | "in")
        || words.ends_with(&["opt".into(), "in".into()])
        || (words.len() == 1 && BOOL_WORDS.contains(&last))
    {
        return Some(Scalar::Boolean);
    }
    // A unit anywhere in the name counts: `secondsWatched`, `centsPaid`.
    let unit = words
        .iter()
        .any(|w| matches!(w.as_str(), "cents" | "seconds" | "minutes" | "hours" | "millis" | "ms" | "count"));
    if unit || INT_WORDS.contains(&last) {
        return Some(Scalar::Int);
    }
    if DECIMAL_WORDS.contains(&last) {
        return Some(Scalar::Decimal);
    }
    if FLOAT_WORDS.contains(&last) {
        return Some(Scalar::Float);
    }
    if words.len() == 1 && JSON_NAMES.contains(&last) {
        return Some(Scalar::Json);
    }
    if STRING_WORDS.contains(&last) || last.ends_with("name") || last.ends_with("url") {
        return Some(Scalar::String);
    }
    None
}

/// Refines a wire type by name: ISO-string timestamps, numbers that count or hold money.
pub fn refine_wire(wire: Scalar, name: &str) -> Scalar {
    match (wire, from_name(name)) {
        (Scalar::String, Some(Scalar::DateTime)) => Scalar::DateTime,
        (Scalar::Float, Some(s @ (Scalar::Int | Scalar::Decimal | Scalar::Float))) => s,
        // Numbers named like ids or positions without a unit stay Float unless a rule says Int.
        (wire, _) => wire,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_types_map_like_introspection() {
        assert_eq!(
            declared("varchar(255)"),
            Declared::Scalar(Scalar::String, Some(NativeType { name: "VarChar".into(), args: vec!["255".into()] }))
        );
        assert_eq!(
            declared("uuid"),
            Declared::Scalar(Scalar::String, Some(NativeType { name: "Uuid".into(), args: vec![] }))
        );
        assert_eq!(declared("JSONB"), Declared::Scalar(Scalar::Json, None));
        assert_eq!(declared("timestamptz"), Declared::Scalar(Scalar::DateTime, None));
        assert_eq!(declared("number"), Declared::Wire(Scalar::Float));
        assert_eq!(declared("CourseLevel"), Declared::Named("CourseLevel".into()));
        // SQL spellings (PostgreSQL dumps, MySQL DDL).
        assert_eq!(declared("int unsigned"), Declared::Scalar(Scalar::Int, None));
        assert_eq!(declared("bigint unsigned"), Declared::Scalar(Scalar::BigInt, None));
        assert_eq!(declared("int(10) unsigned"), Declared::Scalar(Scalar::Int, None));
        assert_eq!(declared("tinyint(1)"), Declared::Scalar(Scalar::Boolean, None));
        assert_eq!(declared("tinyint(4)"), Declared::Scalar(Scalar::Int, None));
        assert_eq!(declared("longtext"), Declared::Scalar(Scalar::String, None));
        assert_eq!(declared("longblob"), Declared::Scalar(Scalar::Bytes, None));
        assert_eq!(declared("smallserial"), Declared::Scalar(Scalar::Int, None));
        assert_eq!(declared("serial8"), Declared::Scalar(Scalar::BigInt, None));
        assert_eq!(declared("time without time zone"), Declared::Scalar(Scalar::DateTime, None));
        assert_eq!(declared("timestamp(3) without time zone"), Declared::Scalar(Scalar::DateTime, None));
        assert_eq!(
            declared("character varying(255)"),
            Declared::Scalar(Scalar::String, Some(NativeType { name: "VarChar".into(), args: vec!["255".into()] }))
        );
    }

    #[test]
    fn names_imply_types() {
        assert_eq!(from_name("createdAt"), Some(Scalar::DateTime));
        assert_eq!(from_name("born_on"), Some(Scalar::DateTime));
        assert_eq!(from_name("isAccepting"), Some(Scalar::Boolean));
        assert_eq!(from_name("marketingOptIn"), Some(Scalar::Boolean));
        assert_eq!(from_name("reminderEnabled"), Some(Scalar::Boolean));
        assert_eq!(from_name("viewCount"), Some(Scalar::Int));
        assert_eq!(from_name("quantity"), Some(Scalar::Int));
        assert_eq!(from_name("priceCents"), Some(Scalar::Int));
        assert_eq!(from_name("hourlyRate"), Some(Scalar::Decimal));
        assert_eq!(from_name("settings"), Some(Scalar::Json));
        assert_eq!(from_name("fullName"), Some(Scalar::String));
        assert_eq!(from_name("frobnicator"), None);
    }

    #[test]
    fn wire_types_are_refined_by_name() {
        assert_eq!(refine_wire(Scalar::String, "enrolledAt"), Scalar::DateTime);
        assert_eq!(refine_wire(Scalar::Float, "durationSeconds"), Scalar::Int);
        assert_eq!(refine_wire(Scalar::Float, "position"), Scalar::Int);
        assert_eq!(refine_wire(Scalar::Float, "secondsWatched"), Scalar::Int);
        assert_eq!(refine_wire(Scalar::String, "title"), Scalar::String);
    }
}
