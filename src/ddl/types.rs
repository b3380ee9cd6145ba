//! Column types and defaults as Prisma's PostgreSQL migrations spell them.

use crate::emit::native_supported;
use crate::model::{DefaultValue, Field, FieldType, Provider, Scalar, Schema};

/// The column type of a scalar field: the native type when one applies, else Prisma's default
/// mapping; `SERIAL`/`BIGSERIAL` for an autoincrement key; `[]` for a list.
pub fn column_type(schema: &Schema, field: &Field) -> String {
    let base = match field.ty {
        FieldType::Enum(id) => quoted(schema[id].db_name.as_deref().unwrap_or(&schema[id].name)),
        // Composite types exist only on MongoDB; the PostgreSQL equivalent of an embedded document.
        FieldType::Composite(_) => "JSONB".into(),
        // The type text is the database's own spelling.
        FieldType::Unsupported(id) => schema[id].to_string(),
        FieldType::Scalar(scalar) => {
            let native = field.native.as_ref().filter(|n| native_supported(Provider::Postgresql, field.ty, n));
            match (native, scalar) {
                (Some(n), _) => native_type(&n.name, &n.args),
                (None, Scalar::Int) if is_serial(field) => "SERIAL".into(),
                (None, Scalar::BigInt) if is_serial(field) => "BIGSERIAL".into(),
                (None, s) => scalar_type(s).into(),
            }
        }
    };
    if field.list { format!("{base}[]") } else { base }
}

fn is_serial(field: &Field) -> bool {
    field.default == Some(DefaultValue::Autoincrement)
}

/// Prisma's default PostgreSQL type of a scalar.
pub fn scalar_type(scalar: Scalar) -> &'static str {
    match scalar {
        Scalar::String => "TEXT",
        Scalar::Int => "INTEGER",
        Scalar::BigInt => "BIGINT",
        Scalar::Float => "DOUBLE PRECISION",
        Scalar::Decimal => "DECIMAL(65,30)",
        Scalar::Boolean => "BOOLEAN",
        Scalar::DateTime => "TIMESTAMP(3)",
        Scalar::Json => "JSONB",
        Scalar::Bytes => "BYTEA",
    }
}

/// `@db.Uuid` → `UUID`, `@db.VarChar(40)` → `VARCHAR(40)`, `@db.Date` → `DATE`.
fn native_type(name: &str, args: &[String]) -> String {
    let upper = match name {
        "Uuid" => "UUID".to_string(),
        "VarChar" => "VARCHAR".to_string(),
        "Char" => "CHAR".to_string(),
        "Text" => "TEXT".to_string(),
        "Date" => "DATE".to_string(),
        "Decimal" => "DECIMAL".to_string(),
        other => other.to_ascii_uppercase(),
    };
    if args.is_empty() { upper } else { format!("{upper}({})", args.join(",")) }
}

/// The SQL `DEFAULT` of a field, when the database holds one (`uuid()`, `cuid()` and
/// `@updatedAt` are filled in by the Prisma client; `autoincrement()` is the `SERIAL` type).
pub fn default_sql(field: &Field) -> Option<String> {
    match field.default.as_ref()? {
        DefaultValue::Uuid | DefaultValue::Cuid | DefaultValue::Auto | DefaultValue::Autoincrement => None,
        DefaultValue::Now => Some("CURRENT_TIMESTAMP".into()),
        DefaultValue::Bool(b) => Some(b.to_string()),
        DefaultValue::Number(n) => Some(n.clone()),
        DefaultValue::Text(t) | DefaultValue::EnumValue(t) => Some(literal(t)),
        DefaultValue::DbGenerated(sql) => Some(sql.clone()),
    }
}

/// An enum value's default is its database spelling.
pub fn enum_default(schema: &Schema, field: &Field) -> Option<String> {
    let (FieldType::Enum(id), Some(DefaultValue::EnumValue(v))) = (field.ty, field.default.as_ref()) else {
        return None;
    };
    let value = schema[id].values.iter().find(|x| &x.name == v)?;
    Some(literal(value.db_name.as_deref().unwrap_or(&value.name)))
}

/// A quoted identifier: `"work_orders"`.
pub fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A string literal: `'it''s'`.
pub fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NativeType;

    #[test]
    fn types_follow_prisma_migrate() {
        let schema = Schema::default();
        let mut f = Field::new("id", FieldType::Scalar(Scalar::String));
        assert_eq!(column_type(&schema, &f), "TEXT");
        f.native = Some(NativeType { name: "Uuid".into(), args: vec![] });
        assert_eq!(column_type(&schema, &f), "UUID");
        f.native = Some(NativeType { name: "VarChar".into(), args: vec!["40".into()] });
        assert_eq!(column_type(&schema, &f), "VARCHAR(40)");
        let mut n = Field::new("n", FieldType::Scalar(Scalar::Int));
        n.default = Some(DefaultValue::Autoincrement);
        assert_eq!(column_type(&schema, &n), "SERIAL");
        assert_eq!(default_sql(&n), None);
        let mut t = Field::new("tags", FieldType::Scalar(Scalar::String));
        t.list = true;
        assert_eq!(column_type(&schema, &t), "TEXT[]");
        t.default = Some(DefaultValue::Text("it's".into()));
        assert_eq!(default_sql(&t).as_deref(), Some("'it''s'"));
        assert_eq!(scalar_type(Scalar::Decimal), "DECIMAL(65,30)");
    }
}
