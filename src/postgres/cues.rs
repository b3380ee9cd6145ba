//! What the documents say about a field that only the database can enforce, read from the
//! field's description (the "Notes" of a table row, the text after a bullet's field): "searchable",
//! "non-negative", "after startsAt", "one of 'a', 'b'". Only stated rules count: a field whose
//! documents say nothing gets nothing.

use crate::model::{Field, FieldType, Model, Scalar};

fn text(field: &Field) -> String {
    field.description.as_deref().unwrap_or("").to_ascii_lowercase()
}

fn has_word(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.contains(w))
}

fn scalar(field: &Field) -> Option<Scalar> {
    match field.ty {
        FieldType::Scalar(s) if !field.list => Some(s),
        _ => None,
    }
}

/// A text field the documents want found by words: full-text search.
pub fn searchable_text(field: &Field) -> bool {
    scalar(field) == Some(Scalar::String)
        && has_word(&text(field), &["searchable", "full-text", "full text", "fulltext", "search by", "text search"])
}

/// A JSON field the documents say is searched or filtered by its keys: a GIN index.
pub fn searched_json(field: &Field) -> bool {
    scalar(field) == Some(Scalar::Json)
        && has_word(&text(field), &["search", "queried", "query by", "filter", "gin", "containment", "indexed"])
}

/// The lower bound a numeric field's documents state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// `>= 0`: "non-negative", "never negative", "zero or more".
    NonNegative,
    /// `> 0`: "positive", "greater than zero", "at least 1".
    Positive,
}

pub fn lower_bound(field: &Field) -> Option<Bound> {
    let numeric = matches!(scalar(field), Some(Scalar::Int | Scalar::BigInt | Scalar::Float | Scalar::Decimal));
    if !numeric {
        return None;
    }
    let t = text(field);
    if has_word(&t, &["non-negative", "nonnegative", "not negative", "never negative", "zero or more", ">= 0", "≥ 0"])
    {
        Some(Bound::NonNegative)
    } else if has_word(&t, &["positive", "greater than zero", "greater than 0", "> 0", "at least 1", "at least one"]) {
        Some(Bound::Positive)
    } else {
        None
    }
}

/// `(earlier, later)`: a date field whose documents say it comes after (or before) another
/// date field of the same model, named in the text ("must be after startsAt").
pub fn ordered_dates(model: &Model) -> Vec<(String, String)> {
    let dates: Vec<&Field> = model.fields.iter().filter(|f| scalar(f) == Some(Scalar::DateTime)).collect();
    let mut pairs = Vec::new();
    for field in &dates {
        let t = text(field);
        for other in dates.iter().filter(|o| o.name != field.name) {
            let named = names_of(other).iter().any(|n| t.contains(n.as_str()));
            if !named {
                continue;
            }
            let pair = if has_word(&t, &["after", "later than", "not before"]) {
                (other.name.clone(), field.name.clone())
            } else if has_word(&t, &["before", "earlier than", "not after"]) {
                (field.name.clone(), other.name.clone())
            } else {
                continue;
            };
            if !pairs.contains(&pair) {
                pairs.push(pair);
            }
        }
    }
    pairs
}

/// How a document may name a field in prose: `startsAt`, `starts_at`, `starts at`.
fn names_of(field: &Field) -> Vec<String> {
    let snake = crate::naming::snake(&field.name);
    vec![field.name.to_ascii_lowercase(), snake.clone(), snake.replace('_', " ")]
}

/// The values a text column is limited to ("one of 'draft', 'sent'"), when the field stayed
/// text rather than an enum.
pub fn allowed_values(field: &Field) -> Option<Vec<String>> {
    if scalar(field) != Some(Scalar::String) {
        return None;
    }
    let description = field.description.as_deref()?;
    let lower = description.to_ascii_lowercase();
    let start = ["one of", "allowed values", "must be either", "either"].iter().find_map(|k| lower.find(k))?;
    let rest = &description[start..];
    let values: Vec<String> = rest
        .split(['\'', '"', '`'])
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .filter(|v| !v.is_empty() && v.len() <= 64)
        .collect();
    (values.len() >= 2).then_some(values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Field;

    fn field(name: &str, scalar: Scalar, note: &str) -> Field {
        let mut f = Field::new(name, FieldType::Scalar(scalar));
        f.description = Some(note.to_string());
        f
    }

    #[test]
    fn reads_stated_rules_only() {
        assert!(searchable_text(&field("title", Scalar::String, "Searchable by customers")));
        assert!(!searchable_text(&field("title", Scalar::String, "Shown in lists")));
        assert!(!searchable_text(&field("count", Scalar::Int, "searchable")));
        assert!(searched_json(&field("attrs", Scalar::Json, "filtered by key in reports")));
        assert_eq!(lower_bound(&field("amount", Scalar::Decimal, "Never negative")), Some(Bound::NonNegative));
        assert_eq!(lower_bound(&field("qty", Scalar::Int, "must be positive")), Some(Bound::Positive));
        assert_eq!(lower_bound(&field("qty", Scalar::Int, "how many")), None);
        assert_eq!(
            allowed_values(&field("channel", Scalar::String, "One of 'email', 'sms' or 'push'")),
            Some(vec!["email".into(), "sms".into(), "push".into()])
        );
        assert_eq!(allowed_values(&field("channel", Scalar::String, "free text")), None);
    }

    #[test]
    fn date_order_comes_from_either_side() {
        let mut model = Model::new("Booking");
        model.fields.push(field("startsAt", Scalar::DateTime, "when it begins"));
        model.fields.push(field("endsAt", Scalar::DateTime, "must be after starts_at"));
        assert_eq!(ordered_dates(&model), vec![("startsAt".to_string(), "endsAt".to_string())]);
        model.fields[0].description = Some("Before endsAt".into());
        model.fields[1].description = None;
        assert_eq!(ordered_dates(&model), vec![("startsAt".to_string(), "endsAt".to_string())]);
    }
}
