//! Database column types (SQL DDL, DBML) as Prisma's introspection (`prisma db pull`) maps
//! them: the scalar, and the native type attribute where it differs from the scalar's default
//! on that database (`timestamptz` → `DateTime @db.Timestamptz(6)`, `timestamp(3)` → plain
//! `DateTime`, `int unsigned` → `Int @db.UnsignedInt`).
//!
//! The PostgreSQL table is checked against Prisma's own engine on a live database
//! (`tests/sql_types.rs`); the MySQL table follows Prisma's MySQL schema describer and
//! connector defaults. Design documents do not come here: a `timestamptz` in a Markdown table
//! is a wish for a timestamp, not a column that exists, and stays in `types::declared`.

use super::types::{self, Declared};
use crate::model::{NativeType, Provider, Scalar};

/// What a column type becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Column {
    Scalar(Scalar, Option<NativeType>),
    /// A type of the database that Prisma has no scalar for, as Prisma names it
    /// (`circle`, `_int4range` for an array of them): `Unsupported("circle")`.
    Unsupported(String),
    /// Not a built-in type of the database: read as a design document's word (DBML written
    /// with `string` or `datetime`), or a name for an enum or a user-defined type.
    Other(Declared),
}

/// Maps the type of a column of `provider`'s database, written as DDL or DBML writes it
/// (`character varying(40)`, `timestamp(3) with time zone`, `int(10) unsigned`); `list` when
/// the column is an array, whose precision PostgreSQL leaves unstated.
pub fn column(text: &str, provider: Provider, list: bool) -> Column {
    let parts = Parts::of(text);
    let mapped = match provider {
        Provider::Postgresql => postgres(&parts, list),
        Provider::Mysql => mysql(&parts),
        // SQLite has no native types and MongoDB no DDL: their words read as a document's.
        Provider::Sqlite | Provider::Mongodb => None,
    };
    mapped.unwrap_or_else(|| Column::Other(types::declared(text)))
}

/// The `Unsupported("...")` text Prisma gives a user-defined type that is not an enum.
pub fn unsupported_name(name: &str, provider: Provider, list: bool) -> String {
    let parts = Parts::of(name);
    match provider {
        // PostgreSQL names an array type after its element with a leading underscore.
        Provider::Postgresql if list => format!("_{}", parts.base),
        Provider::Postgresql => parts.base,
        _ => name.trim().to_ascii_lowercase(),
    }
}

/// A type written out: base words lower-cased and single-spaced without the arguments,
/// the arguments, and MySQL's `unsigned`.
struct Parts {
    base: String,
    args: Vec<String>,
    unsigned: bool,
}

impl Parts {
    fn of(text: &str) -> Parts {
        let lower = text.trim().trim_end_matches("[]").to_ascii_lowercase().replace(['"', '`'], "");
        let (words, args) = match (lower.find('('), lower.find(')')) {
            (Some(open), Some(close)) if open < close => {
                let args = lower[open + 1..close].split(',').map(|a| a.trim().to_string()).filter(|a| !a.is_empty());
                (format!("{} {}", &lower[..open], &lower[close + 1..]), args.collect())
            }
            _ => (lower.clone(), Vec::new()),
        };
        let mut unsigned = false;
        let mut base = Vec::new();
        for word in words.split_whitespace() {
            match word {
                "unsigned" => unsigned = true,
                "signed" | "zerofill" => {}
                _ => base.push(word),
            }
        }
        let mut base = base.join(" ");
        // `public.citext`: the schema says nothing about the type.
        if !base.contains(' ')
            && let Some((_, name)) = base.rsplit_once('.')
        {
            base = name.to_string();
        }
        Parts { base, args, unsigned }
    }

    fn number(&self, i: usize) -> Option<u32> {
        self.args.get(i).and_then(|a| a.parse().ok())
    }
}

fn native(name: &str, args: &[u32]) -> Option<NativeType> {
    Some(NativeType { name: name.into(), args: args.iter().map(u32::to_string).collect() })
}

fn scalar(s: Scalar, native: Option<NativeType>) -> Option<Column> {
    Some(Column::Scalar(s, native))
}

/// A native type with an optional precision: `Timestamp(6)`, or `Timestamp` when unstated.
fn with_precision(name: &str, precision: Option<u32>) -> Option<NativeType> {
    native(name, precision.as_slice())
}

/// PostgreSQL, as Prisma's describer and its defaults (`text`, `timestamp(3)`,
/// `decimal(65,30)`, `integer`, `bigint`, `double precision`, `jsonb`, `bytea`, `boolean`)
/// leave it: a default native type is not written.
fn postgres(p: &Parts, list: bool) -> Option<Column> {
    use Scalar::*;
    // A column's unstated time precision is PostgreSQL's 6; an array's stays unstated.
    let time = |name: &str| with_precision(name, p.number(0).or((!list).then_some(6)));
    match p.base.as_str() {
        "smallint" | "int2" | "smallserial" | "serial2" => scalar(Int, native("SmallInt", &[])),
        "integer" | "int" | "int4" | "serial" | "serial4" => scalar(Int, None),
        "bigint" | "int8" | "bigserial" | "serial8" => scalar(BigInt, None),
        "oid" => scalar(Int, native("Oid", &[])),
        "real" | "float4" => scalar(Float, native("Real", &[])),
        "double precision" | "float8" => scalar(Float, None),
        // `float(p)` is `real` up to 24 binary digits, `double precision` beyond.
        "float" => match p.number(0) {
            Some(bits) if bits <= 24 => scalar(Float, native("Real", &[])),
            _ => scalar(Float, None),
        },
        "numeric" | "decimal" => match (p.number(0), p.number(1).unwrap_or(0)) {
            (Some(65), 30) => scalar(Decimal, None),
            (Some(precision), scale) => scalar(Decimal, native("Decimal", &[precision, scale])),
            (None, _) => scalar(Decimal, native("Decimal", &[])),
        },
        "money" => scalar(Decimal, native("Money", &[])),
        "text" => scalar(String, None),
        "varchar" | "character varying" => scalar(String, with_precision("VarChar", p.number(0))),
        // `char` is `char(1)`; `bpchar` alone has no length.
        "char" | "character" => scalar(String, native("Char", &[p.number(0).unwrap_or(1)])),
        "bpchar" => scalar(String, with_precision("Char", p.number(0))),
        "bit" => scalar(String, native("Bit", &[p.number(0).unwrap_or(1)])),
        "varbit" | "bit varying" => scalar(String, with_precision("VarBit", p.number(0))),
        "uuid" => scalar(String, native("Uuid", &[])),
        "xml" => scalar(String, native("Xml", &[])),
        "citext" => scalar(String, native("Citext", &[])),
        "inet" => scalar(String, native("Inet", &[])),
        "boolean" | "bool" => scalar(Boolean, None),
        "timestamp" | "timestamp without time zone" => match time("Timestamp") {
            Some(n) if n.args == ["3"] => scalar(DateTime, None),
            n => scalar(DateTime, n),
        },
        "timestamptz" | "timestamp with time zone" => scalar(DateTime, time("Timestamptz")),
        "date" => scalar(DateTime, native("Date", &[])),
        "time" | "time without time zone" => scalar(DateTime, time("Time")),
        "timetz" | "time with time zone" => scalar(DateTime, time("Timetz")),
        "json" => scalar(Json, native("Json", &[])),
        "jsonb" => scalar(Json, None),
        "bytea" => scalar(Bytes, None),
        // `interval day to second` is an `interval`.
        words => words
            .split(' ')
            .next()
            .filter(|w| POSTGRES_UNSUPPORTED.contains(w))
            .map(|name| Column::Unsupported(if list { format!("_{name}") } else { name.to_string() })),
    }
}

/// PostgreSQL's built-in types that Prisma reads as `Unsupported`.
const POSTGRES_UNSUPPORTED: &[&str] = &[
    "interval",
    "cidr",
    "macaddr",
    "macaddr8",
    "point",
    "line",
    "lseg",
    "box",
    "path",
    "polygon",
    "circle",
    "tsvector",
    "tsquery",
    "int4range",
    "int8range",
    "numrange",
    "tsrange",
    "tstzrange",
    "daterange",
    "int4multirange",
    "int8multirange",
    "nummultirange",
    "tsmultirange",
    "tstzmultirange",
    "datemultirange",
    "name",
    "pg_lsn",
    "pg_snapshot",
    "txid_snapshot",
    "regclass",
    "regtype",
    "regproc",
];

/// MySQL, as Prisma's describer reads `information_schema` and its defaults (`int`, `bigint`,
/// `double`, `decimal(65,30)`, `tinyint` for Boolean, `varchar(191)`, `datetime(3)`,
/// `longblob`, `json`) leave it.
fn mysql(p: &Parts) -> Option<Column> {
    use Scalar::*;
    let sign = |signed: &str, unsigned: &str| native(if p.unsigned { unsigned } else { signed }, &[]);
    // MySQL's unstated fractional seconds are 0.
    let time = |name: &str| native(name, &[p.number(0).unwrap_or(0)]);
    let length = |name: &str| native(name, &[p.number(0).unwrap_or(1)]);
    match p.base.as_str() {
        // `tinyint(1)` and its spellings `bool`/`boolean` hold booleans.
        "tinyint" if p.number(0) == Some(1) => scalar(Boolean, None),
        "bool" | "boolean" => scalar(Boolean, None),
        "tinyint" => scalar(Int, sign("TinyInt", "UnsignedTinyInt")),
        "smallint" => scalar(Int, sign("SmallInt", "UnsignedSmallInt")),
        "mediumint" => scalar(Int, sign("MediumInt", "UnsignedMediumInt")),
        "int" | "integer" => scalar(Int, p.unsigned.then(|| native("UnsignedInt", &[])).flatten()),
        "bigint" => scalar(BigInt, p.unsigned.then(|| native("UnsignedBigInt", &[])).flatten()),
        // `serial` is `bigint unsigned not null auto_increment unique`.
        "serial" => scalar(BigInt, native("UnsignedBigInt", &[])),
        "year" => scalar(Int, native("Year", &[])),
        "decimal" | "numeric" | "dec" | "fixed" => match (p.number(0).unwrap_or(10), p.number(1).unwrap_or(0)) {
            (65, 30) => scalar(Decimal, None),
            (precision, scale) => scalar(Decimal, native("Decimal", &[precision, scale])),
        },
        // `float(p)` is a double beyond 24 binary digits; `float(m, d)` stays a float.
        "float" => match (p.number(0), p.args.len()) {
            (Some(bits), 1) if bits > 24 => scalar(Float, None),
            _ => scalar(Float, native("Float", &[])),
        },
        "double" | "double precision" | "real" => scalar(Float, None),
        "char" | "character" => scalar(String, length("Char")),
        "varchar" | "character varying" => match p.number(0) {
            Some(191) => scalar(String, None),
            Some(n) => scalar(String, native("VarChar", &[n])),
            // MySQL requires a length; without one there is nothing to keep.
            None => scalar(String, None),
        },
        "text" => scalar(String, native("Text", &[])),
        "tinytext" => scalar(String, native("TinyText", &[])),
        "mediumtext" => scalar(String, native("MediumText", &[])),
        "longtext" => scalar(String, native("LongText", &[])),
        "set" => scalar(String, None),
        "json" => scalar(Json, None),
        "date" => scalar(DateTime, native("Date", &[])),
        "time" => scalar(DateTime, time("Time")),
        "datetime" => match p.number(0).unwrap_or(0) {
            3 => scalar(DateTime, None),
            _ => scalar(DateTime, time("DateTime")),
        },
        "timestamp" => scalar(DateTime, time("Timestamp")),
        "bit" if p.number(0).unwrap_or(1) == 1 => scalar(Boolean, native("Bit", &[1])),
        "bit" => scalar(Bytes, length("Bit")),
        "binary" => scalar(Bytes, length("Binary")),
        "varbinary" => scalar(Bytes, p.number(0).and_then(|n| native("VarBinary", &[n]))),
        "blob" => scalar(Bytes, native("Blob", &[])),
        "tinyblob" => scalar(Bytes, native("TinyBlob", &[])),
        "mediumblob" => scalar(Bytes, native("MediumBlob", &[])),
        "longblob" => scalar(Bytes, None),
        "geometry" | "point" | "linestring" | "polygon" | "multipoint" | "multilinestring" | "multipolygon"
        | "geometrycollection" => Some(Column::Unsupported(p.base.clone())),
        _ => None,
    }
}

/// Whether Prisma has the native type `name` for `scalar` fields on `provider`: every native
/// type [`column`] gives, and the ones documents state (`@db.Uuid`, `@db.ObjectId`).
pub fn native_known(provider: Provider, scalar: Scalar, name: &str) -> bool {
    use Scalar::*;
    let names: &[&str] = match (provider, scalar) {
        (Provider::Postgresql, String) => {
            &["Text", "VarChar", "Char", "Bit", "VarBit", "Uuid", "Xml", "Inet", "Citext"]
        }
        (Provider::Postgresql, Int) => &["Integer", "SmallInt", "Oid"],
        (Provider::Postgresql, BigInt) => &["BigInt"],
        (Provider::Postgresql, Float) => &["DoublePrecision", "Real"],
        (Provider::Postgresql, Decimal) => &["Decimal", "Money"],
        (Provider::Postgresql, Boolean) => &["Boolean"],
        (Provider::Postgresql, DateTime) => &["Timestamp", "Timestamptz", "Date", "Time", "Timetz"],
        (Provider::Postgresql, Json) => &["Json", "JsonB"],
        (Provider::Postgresql, Bytes) => &["ByteA"],
        (Provider::Mysql, String) => &["VarChar", "Char", "Text", "TinyText", "MediumText", "LongText"],
        (Provider::Mysql, Int) => &[
            "Int",
            "UnsignedInt",
            "SmallInt",
            "UnsignedSmallInt",
            "TinyInt",
            "UnsignedTinyInt",
            "MediumInt",
            "UnsignedMediumInt",
            "Year",
        ],
        (Provider::Mysql, BigInt) => &["BigInt", "UnsignedBigInt"],
        (Provider::Mysql, Float) => &["Float", "Double"],
        (Provider::Mysql, Decimal) => &["Decimal"],
        (Provider::Mysql, Boolean) => &["TinyInt", "Bit"],
        (Provider::Mysql, DateTime) => &["DateTime", "Date", "Time", "Timestamp"],
        (Provider::Mysql, Json) => &["Json"],
        (Provider::Mysql, Bytes) => &["Bit", "Binary", "VarBinary", "TinyBlob", "Blob", "MediumBlob", "LongBlob"],
        (Provider::Mongodb, String) => &["String", "ObjectId"],
        _ => &[],
    };
    names.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Type @db.Native(args)` as Prisma prints a field's type, for short cases.
    fn printed(column: Column) -> String {
        match column {
            Column::Scalar(s, None) | Column::Other(Declared::Scalar(s, None)) => s.to_string(),
            Column::Scalar(s, Some(n)) | Column::Other(Declared::Scalar(s, Some(n))) if n.args.is_empty() => {
                format!("{s} @db.{}", n.name)
            }
            Column::Scalar(s, Some(n)) | Column::Other(Declared::Scalar(s, Some(n))) => {
                format!("{s} @db.{}({})", n.name, n.args.join(", "))
            }
            Column::Unsupported(t) => format!("Unsupported(\"{t}\")"),
            Column::Other(d) => format!("{d:?}"),
        }
    }

    fn pg(text: &str) -> String {
        printed(column(text, Provider::Postgresql, false))
    }

    fn pg_list(text: &str) -> String {
        printed(column(text, Provider::Postgresql, true))
    }

    fn my(text: &str) -> String {
        printed(column(text, Provider::Mysql, false))
    }

    #[test]
    fn postgres_spellings_of_one_type_map_alike() {
        for (texts, expected) in [
            (
                &["timestamptz", "timestamp with time zone", "TIMESTAMPTZ(6)", "timestamp(6) with time zone"][..],
                "DateTime @db.Timestamptz(6)",
            ),
            (&["timestamp(3)", "timestamp(3) without time zone", "TIMESTAMP(3)"], "DateTime"),
            (
                &["character varying(40)", "varchar(40)", "VARCHAR (40)", "\"character varying\"(40)"],
                "String @db.VarChar(40)",
            ),
            (&["int4", "integer", "int", "serial", "serial4"], "Int"),
            (&["int2", "smallint", "smallserial"], "Int @db.SmallInt"),
            (&["float8", "double precision", "float", "float(53)"], "Float"),
            (&["float4", "real", "float(24)"], "Float @db.Real"),
            (&["public.citext", "citext"], "String @db.Citext"),
            (&["decimal(65,30)", "numeric(65, 30)"], "Decimal"),
        ] {
            for text in texts {
                assert_eq!(pg(text), expected, "{text}");
            }
        }
    }

    #[test]
    fn postgres_arrays_leave_an_unstated_precision_unstated() {
        assert_eq!(pg("timestamptz"), "DateTime @db.Timestamptz(6)");
        assert_eq!(pg_list("timestamptz"), "DateTime @db.Timestamptz");
        assert_eq!(pg_list("timestamp(3)"), "DateTime");
        assert_eq!(pg_list("time(3)"), "DateTime @db.Time(3)");
        assert_eq!(pg_list("char"), "String @db.Char(1)");
        assert_eq!(pg_list("interval"), "Unsupported(\"_interval\")");
        assert_eq!(unsupported_name("pair", Provider::Postgresql, true), "_pair");
        assert_eq!(unsupported_name("geo.pair", Provider::Postgresql, false), "pair");
    }

    #[test]
    fn postgres_words_it_does_not_know_are_read_as_a_document_reads_them() {
        assert_eq!(column("mood", Provider::Postgresql, false), Column::Other(Declared::Named("mood".into())));
        assert_eq!(pg("string"), "Wire(String)");
        assert_eq!(pg("datetime"), "DateTime");
        assert_eq!(pg("interval day to second"), "Unsupported(\"interval\")");
    }

    /// Prisma's MySQL describer and connector defaults (`SCALAR_TYPE_DEFAULTS`): a default
    /// native type is not printed.
    #[test]
    fn mysql_types_map_as_introspection_prints_them() {
        for (text, expected) in [
            ("tinyint(1)", "Boolean"),
            ("tinyint(1) unsigned", "Boolean"),
            ("bool", "Boolean"),
            ("bit(1)", "Boolean @db.Bit(1)"),
            ("bit(8)", "Bytes @db.Bit(8)"),
            ("tinyint", "Int @db.TinyInt"),
            ("tinyint(4) unsigned", "Int @db.UnsignedTinyInt"),
            ("smallint", "Int @db.SmallInt"),
            ("smallint unsigned", "Int @db.UnsignedSmallInt"),
            ("mediumint", "Int @db.MediumInt"),
            ("mediumint(8) unsigned zerofill", "Int @db.UnsignedMediumInt"),
            ("int", "Int"),
            ("int(11)", "Int"),
            ("int unsigned", "Int @db.UnsignedInt"),
            ("int(10) unsigned", "Int @db.UnsignedInt"),
            ("bigint", "BigInt"),
            ("bigint(20) unsigned", "BigInt @db.UnsignedBigInt"),
            ("serial", "BigInt @db.UnsignedBigInt"),
            ("year", "Int @db.Year"),
            ("decimal(10,2)", "Decimal @db.Decimal(10, 2)"),
            ("decimal", "Decimal @db.Decimal(10, 0)"),
            ("numeric(65,30)", "Decimal"),
            ("float", "Float @db.Float"),
            ("float(10,2)", "Float @db.Float"),
            ("float(30)", "Float"),
            ("double", "Float"),
            ("double precision", "Float"),
            ("real", "Float"),
            ("char(36)", "String @db.Char(36)"),
            ("char", "String @db.Char(1)"),
            ("varchar(255)", "String @db.VarChar(255)"),
            ("varchar(191)", "String"),
            ("text", "String @db.Text"),
            ("tinytext", "String @db.TinyText"),
            ("mediumtext", "String @db.MediumText"),
            ("longtext", "String @db.LongText"),
            ("set('a','b')", "String"),
            ("json", "Json"),
            ("date", "DateTime @db.Date"),
            ("datetime", "DateTime @db.DateTime(0)"),
            ("datetime(3)", "DateTime"),
            ("datetime(6)", "DateTime @db.DateTime(6)"),
            ("timestamp", "DateTime @db.Timestamp(0)"),
            ("timestamp(0)", "DateTime @db.Timestamp(0)"),
            ("timestamp(3)", "DateTime @db.Timestamp(3)"),
            ("time", "DateTime @db.Time(0)"),
            ("binary(16)", "Bytes @db.Binary(16)"),
            ("varbinary(255)", "Bytes @db.VarBinary(255)"),
            ("blob", "Bytes @db.Blob"),
            ("tinyblob", "Bytes @db.TinyBlob"),
            ("mediumblob", "Bytes @db.MediumBlob"),
            ("longblob", "Bytes"),
            ("geometry", "Unsupported(\"geometry\")"),
            ("point", "Unsupported(\"point\")"),
        ] {
            assert_eq!(my(text), expected, "{text}");
        }
    }

    #[test]
    fn every_native_type_given_is_one_prisma_has() {
        let texts = [
            "smallint",
            "oid",
            "real",
            "numeric",
            "numeric(10,2)",
            "money",
            "varchar",
            "char(2)",
            "bpchar",
            "bit",
            "varbit",
            "uuid",
            "xml",
            "citext",
            "inet",
            "timestamp",
            "timestamptz",
            "date",
            "time",
            "timetz",
            "json",
            "tinyint",
            "int unsigned",
            "bigint unsigned",
            "mediumint unsigned",
            "year",
            "decimal",
            "float",
            "text",
            "tinytext",
            "mediumtext",
            "longtext",
            "datetime",
            "bit(1)",
            "bit(4)",
            "binary(1)",
            "varbinary(4)",
            "blob",
            "tinyblob",
            "mediumblob",
        ];
        for provider in [Provider::Postgresql, Provider::Mysql] {
            for list in [false, true] {
                for text in texts {
                    if let Column::Scalar(s, Some(n)) = column(text, provider, list) {
                        assert!(native_known(provider, s, &n.name), "{provider:?} {text} gives {s} @db.{}", n.name);
                    }
                }
            }
        }
        assert!(!native_known(Provider::Postgresql, Scalar::String, "UnsignedInt"));
        assert!(!native_known(Provider::Mysql, Scalar::DateTime, "Timestamptz"));
    }

    #[test]
    fn sqlite_and_mongodb_read_types_as_documents_do() {
        assert_eq!(column("varchar(10)", Provider::Sqlite, false), Column::Other(types::declared("varchar(10)")));
        assert_eq!(column("timestamptz", Provider::Mongodb, false), Column::Other(types::declared("timestamptz")));
    }
}
