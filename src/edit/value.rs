//! Reading what a person types into an edit form: names, types and default values.
//! Each reader returns a message fit for inline validation instead of failing hard.

use crate::model::{DefaultValue, FieldType, Scalar, Schema, UnsupportedId};
use crate::naming;

const SCALARS: &[Scalar] = &[
    Scalar::String,
    Scalar::Int,
    Scalar::BigInt,
    Scalar::Float,
    Scalar::Decimal,
    Scalar::Boolean,
    Scalar::DateTime,
    Scalar::Json,
    Scalar::Bytes,
];

/// Checks a model (`model = true`, PascalCase expected) or field name typed by hand.
pub fn check_name(name: &str, model: bool) -> Result<(), String> {
    if name.is_empty() {
        return Err("a name is needed".into());
    }
    if !naming::is_identifier(name) {
        return Err(format!("{name:?} is not a Prisma name: letters, digits and _ only, starting with a letter"));
    }
    if naming::is_reserved(name, model) {
        return Err(format!("{name} is a reserved word in Prisma"));
    }
    if model && !name.starts_with(|c: char| c.is_ascii_uppercase()) {
        return Err(format!("model names start with a capital letter (e.g. {})", naming::upper_first(name)));
    }
    Ok(())
}

/// Splits `Int?` / `Tag[]` into the base type and its optional and list markers.
pub fn split_modifiers(text: &str) -> (&str, bool, bool) {
    let text = text.trim();
    if let Some(base) = text.strip_suffix("[]") {
        (base.trim(), false, true)
    } else if let Some(base) = text.strip_suffix('?') {
        (base.trim(), true, false)
    } else {
        (text, false, false)
    }
}

/// A scalar type name (`String`, any case) or the name of an enum in the schema.
pub fn parse_type(schema: &Schema, text: &str) -> Result<FieldType, String> {
    let text = text.trim();
    if let Some(s) = SCALARS.iter().find(|s| s.as_str().eq_ignore_ascii_case(text)) {
        return Ok(FieldType::Scalar(*s));
    }
    if let Some(id) = schema.enum_by_name(text) {
        return Ok(FieldType::Enum(id));
    }
    if let Some(id) = schema.type_by_name(text) {
        return Ok(FieldType::Composite(id));
    }
    if text.starts_with("Unsupported(") {
        // Only a type the schema already has, spelled as it is printed: a form cannot add to
        // `Schema::unsupported`.
        let mut known = (0..schema.unsupported.len() as u32).map(|i| FieldType::Unsupported(UnsupportedId(i)));
        return known
            .find(|&ty| schema.type_name(ty) == text)
            .ok_or_else(|| format!("{text} is not a type of this schema: Unsupported types come from the database"));
    }
    if schema.model_by_name(text).is_some() {
        return Err(format!("{text} is a model: relations come from foreign keys, not field types"));
    }
    let known: Vec<&str> = SCALARS.iter().map(|s| s.as_str()).collect();
    Err(format!("unknown type {text:?}: one of {} or an enum", known.join(", ")))
}

/// A `@default(...)` argument as typed (`now()`, `0`, `"EUR"`, `draft`) for a field of type `ty`.
pub fn parse_default(schema: &Schema, ty: FieldType, text: &str) -> Result<DefaultValue, String> {
    let text = text.trim();
    let scalar = match ty {
        FieldType::Enum(id) => {
            let e = &schema[id];
            return if e.values.iter().any(|v| v.name == text) {
                Ok(DefaultValue::EnumValue(text.to_string()))
            } else {
                let values: Vec<&str> = e.values.iter().map(|v| v.name.as_str()).collect();
                Err(format!("{text:?} is not a value of {}: {}", e.name, values.join(", ")))
            };
        }
        FieldType::Composite(id) => {
            return Err(format!("{} is a composite type: it takes no default", schema[id].name));
        }
        // Prisma allows only a database expression on a type it cannot read.
        FieldType::Unsupported(_) => {
            return match text.strip_prefix("dbgenerated(").and_then(|t| t.strip_suffix(')')) {
                Some(sql) => Ok(DefaultValue::DbGenerated(unquote(sql).unwrap_or(sql).to_string())),
                None => Err(format!("{} takes only dbgenerated(\"...\") as a default", schema.type_name(ty))),
            };
        }
        FieldType::Scalar(s) => s,
    };
    let fits = |ok: bool, value: DefaultValue| {
        if ok { Ok(value) } else { Err(format!("{text} does not fit a {} field", scalar.as_str())) }
    };
    match text {
        "uuid()" => return fits(scalar == Scalar::String, DefaultValue::Uuid),
        "cuid()" => return fits(scalar == Scalar::String, DefaultValue::Cuid),
        "auto()" => return Ok(DefaultValue::Auto),
        "autoincrement()" => return fits(matches!(scalar, Scalar::Int | Scalar::BigInt), DefaultValue::Autoincrement),
        "now()" => return fits(scalar == Scalar::DateTime, DefaultValue::Now),
        "true" | "false" => return fits(scalar == Scalar::Boolean, DefaultValue::Bool(text == "true")),
        _ => {}
    }
    if let Some(sql) = text.strip_prefix("dbgenerated(").and_then(|t| t.strip_suffix(')')) {
        return Ok(DefaultValue::DbGenerated(unquote(sql).unwrap_or(sql).to_string()));
    }
    if let Some(inner) = unquote(text) {
        return fits(matches!(scalar, Scalar::String | Scalar::Json), DefaultValue::Text(inner.to_string()));
    }
    let numeric = matches!(scalar, Scalar::Int | Scalar::BigInt | Scalar::Float | Scalar::Decimal);
    if numeric {
        let integer = matches!(scalar, Scalar::Int | Scalar::BigInt);
        let ok = if integer { text.parse::<i64>().is_ok() } else { text.parse::<f64>().is_ok() };
        return if ok { Ok(DefaultValue::Number(text.to_string())) } else { Err(format!("{text:?} is not a number")) };
    }
    if scalar == Scalar::String {
        // Typed without quotes: the person means the text itself.
        return Ok(DefaultValue::Text(text.to_string()));
    }
    Err(format!("{text:?} is not a default for a {} field", scalar.as_str()))
}

fn unquote(text: &str) -> Option<&str> {
    text.strip_prefix('"').and_then(|t| t.strip_suffix('"')).filter(|_| text.len() >= 2)
}

/// How a default value is typed back into a form (the inverse of [`parse_default`]).
pub fn default_text(value: &DefaultValue) -> String {
    match value {
        DefaultValue::Uuid => "uuid()".into(),
        DefaultValue::Cuid => "cuid()".into(),
        DefaultValue::Auto => "auto()".into(),
        DefaultValue::Autoincrement => "autoincrement()".into(),
        DefaultValue::Now => "now()".into(),
        DefaultValue::Bool(b) => b.to_string(),
        DefaultValue::Number(n) => n.clone(),
        DefaultValue::Text(t) => format!("\"{t}\""),
        DefaultValue::EnumValue(v) => v.clone(),
        DefaultValue::DbGenerated(sql) => format!("dbgenerated(\"{sql}\")"),
    }
}
