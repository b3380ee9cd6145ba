//! Names: turning what documents write into Prisma identifiers, and English plurals.

use heck::{ToLowerCamelCase, ToPascalCase, ToSnakeCase};
use std::sync::Once;

/// Words Prisma's schema language reserves; a model or field by this name gets a suffix.
const RESERVED: &[&str] = &[
    "model",
    "enum",
    "type",
    "datasource",
    "generator",
    "view",
    "true",
    "false",
    "null",
    "String",
    "Int",
    "BigInt",
    "Float",
    "Decimal",
    "Boolean",
    "DateTime",
    "Json",
    "Bytes",
    "Unsupported",
];

/// Model names that clash with names in the generated Prisma client.
const RESERVED_MODELS: &[&str] = &["PrismaClient", "Prisma", "Model", "Enum", "Query"];

/// Keeps only what a Prisma identifier may hold (ASCII letters, digits, `_`), turning
/// other runs into word breaks, and makes sure it starts with a letter.
fn identifier_words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    let trimmed = out.trim();
    if trimmed.is_empty() {
        return String::new();
    }
    if trimmed.starts_with(|c: char| c.is_ascii_digit()) { format!("n {trimmed}") } else { trimmed.to_string() }
}

/// A model name: singular PascalCase (`order_items` → `OrderItem`, `LIBRARY_CARD` → `LibraryCard`).
pub fn model_name(raw: &str) -> String {
    let words = identifier_words(raw);
    if words.is_empty() {
        return "Unnamed".into();
    }
    let pascal = pascal(&words);
    let singular = singular_pascal(&pascal);
    guard_reserved(singular, RESERVED_MODELS)
}

/// A model name kept as the document wrote it when it already is PascalCase, else converted.
/// Documents that name entities in PascalCase mean that name, plural or not (`News`).
pub fn model_name_as_written(raw: &str) -> String {
    let words = identifier_words(raw);
    if words.is_empty() {
        return "Unnamed".into();
    }
    if is_pascal(raw) {
        return guard_reserved(raw.to_string(), RESERVED_MODELS);
    }
    model_name(raw)
}

/// A field name: camelCase (`opens_at_hour` → `opensAtHour`), kept as is when already camelCase.
pub fn field_name(raw: &str) -> String {
    if is_camel(raw) {
        return guard_reserved(raw.to_string(), &[]);
    }
    let words = identifier_words(raw);
    if words.is_empty() {
        return "field".into();
    }
    guard_reserved(words.to_lower_camel_case(), &[])
}

/// An enum value: kept as written when it is an identifier, else sanitised.
pub fn enum_value(raw: &str) -> String {
    if is_identifier(raw) {
        return raw.to_string();
    }
    let words = identifier_words(raw);
    if words.is_empty() {
        return "value".into();
    }
    words.to_snake_case()
}

/// PascalCase of any text.
pub fn pascal(raw: &str) -> String {
    if is_pascal(raw) {
        return raw.to_string();
    }
    raw.to_pascal_case()
}

/// camelCase of any text.
pub fn camel(raw: &str) -> String {
    if is_camel(raw) {
        return raw.to_string();
    }
    raw.to_lower_camel_case()
}

/// snake_case of any text.
pub fn snake(raw: &str) -> String {
    raw.to_snake_case()
}

/// Whether `name` is reserved in Prisma's schema language (or, for a model, clashes with a
/// name of the generated client).
pub fn is_reserved(name: &str, model: bool) -> bool {
    RESERVED.contains(&name) || (model && RESERVED_MODELS.contains(&name))
}

fn guard_reserved(name: String, extra: &[&str]) -> String {
    if RESERVED.contains(&name.as_str()) || extra.contains(&name.as_str()) { format!("{name}_") } else { name }
}

/// Whether `s` is a valid Prisma identifier.
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic()) && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `Clinic`, `WorkOrder`, `OAuthToken`; not `CLINIC` (all caps reads as a shouted snake name).
pub fn is_pascal(s: &str) -> bool {
    is_identifier(s)
        && s.starts_with(|c: char| c.is_ascii_uppercase())
        && !s.contains('_')
        && s.chars().any(|c| c.is_ascii_lowercase())
}

/// `createdAt`, `id`, `line1`.
pub fn is_camel(s: &str) -> bool {
    is_identifier(s) && s.starts_with(|c: char| c.is_ascii_lowercase()) && !s.contains('_')
}

fn init_inflections() {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        // Where pluralizer's rules err on words that schemas use.
        for (one, many) in [("schema", "schemas"), ("virus", "viruses"), ("data", "data")] {
            pluralizer::add_irregular_rule(one.to_string(), many.to_string());
        }
    });
}

/// English plural of one lower-case word or a whole identifier (its last word is inflected).
pub fn plural(word: &str) -> String {
    inflect_last_word(word, 2)
}

/// English singular, likewise on the last word.
pub fn singular(word: &str) -> String {
    inflect_last_word(word, 1)
}

fn inflect_last_word(word: &str, count: isize) -> String {
    init_inflections();
    // Split `WorkOrderParts` into `WorkOrder` + `Parts` so only the last word changes.
    let split = word
        .char_indices()
        .rev()
        .find(|&(i, c)| i > 0 && (c.is_ascii_uppercase() || c == '_'))
        .map(|(i, _)| i)
        .unwrap_or(0);
    let (head, last) = word.split_at(split);
    let (sep, last) = match last.strip_prefix('_') {
        Some(rest) => ("_", rest),
        None => ("", last),
    };
    if last.is_empty() {
        return word.to_string();
    }
    let capital = last.starts_with(|c: char| c.is_ascii_uppercase());
    let upper = last.len() > 1 && last.chars().all(|c| !c.is_ascii_lowercase());
    let inflected = pluralizer::pluralize(&last.to_ascii_lowercase(), count, false);
    // The inflector turns some words into nothing (`s` → ``): keep the word as written then.
    let inflected = if inflected.is_empty() { last.to_ascii_lowercase() } else { inflected };
    let inflected = if upper {
        inflected.to_ascii_uppercase()
    } else if capital {
        capitalise(&inflected)
    } else {
        inflected
    };
    format!("{head}{sep}{inflected}")
}

fn singular_pascal(name: &str) -> String {
    singular(name)
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "a" or "an" before a word, by its first letter (`an Agent`, `a Tag`).
pub fn article(word: &str) -> &'static str {
    if word.starts_with(['A', 'E', 'I', 'O', 'U', 'a', 'e', 'i', 'o', 'u']) { "an" } else { "a" }
}

/// `lowerFirst("WorkOrder")` → `workOrder`.
pub fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `upperFirst("createdBy")` → `CreatedBy`.
pub fn upper_first(s: &str) -> String {
    capitalise(s)
}

/// A table name for `@@map`: plural snake_case (`AgentActivity` → `agent_activities`).
pub fn table_name(model: &str) -> String {
    plural(&snake(model))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_names_are_singular_pascal() {
        assert_eq!(model_name("order_items"), "OrderItem");
        assert_eq!(model_name("LIBRARY_CARD"), "LibraryCard");
        assert_eq!(model_name("categories"), "Category");
        assert_eq!(model_name("people"), "Person");
        assert_eq!(model_name("users"), "User");
        assert_eq!(model_name("addresses"), "Address");
        assert_eq!(model_name("statuses"), "Status");
        assert_eq!(model_name("2fa_codes"), "N2faCode");
        assert_eq!(model_name("order-line"), "OrderLine");
        assert_eq!(model_name("../../etc/passwd"), "EtcPasswd");
        assert_eq!(model_name("ユーザー"), "Unnamed");
        assert_eq!(model_name("s"), "S");
        assert_eq!(model_name_as_written("News"), "News");
        assert_eq!(model_name_as_written("Prisma"), "Prisma_");
    }

    #[test]
    fn field_names_are_camel() {
        assert_eq!(field_name("opens_at_hour"), "opensAtHour");
        assert_eq!(field_name("createdAt"), "createdAt");
        assert_eq!(field_name("line1"), "line1");
        assert_eq!(field_name("Full Name"), "fullName");
        assert_eq!(field_name("model"), "model_");
    }

    #[test]
    fn plurals_cover_the_hard_words() {
        for (one, many) in [
            ("category", "categories"),
            ("person", "people"),
            ("status", "statuses"),
            ("analysis", "analyses"),
            ("schema", "schemas"),
            ("virus", "viruses"),
            ("WorkOrderPart", "WorkOrderParts"),
            ("AgentActivity", "AgentActivities"),
            ("address", "addresses"),
        ] {
            assert_eq!(plural(one), many, "plural of {one}");
            assert_eq!(singular(many), one, "singular of {many}");
        }
        assert_eq!(table_name("AgentActivity"), "agent_activities");
        assert_eq!(table_name("Person"), "people");
    }

    #[test]
    fn enum_values_stay_when_valid() {
        assert_eq!(enum_value("in_progress"), "in_progress");
        assert_eq!(enum_value("in progress"), "in_progress");
        assert_eq!(enum_value("no-show"), "no_show");
    }
}
