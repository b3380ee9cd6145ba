//! Small text helpers shared by the Markdown readers.

/// Removes `**bold**` markers that the block splitter keeps for entity detection.
pub fn clean_inline(s: &str) -> String {
    s.replace("**", "").trim().to_string()
}

/// Removes backticks around inline code.
pub fn strip_code(s: &str) -> String {
    s.replace('`', "")
}

/// Splits a value list: `"a" | "b"`, `'x', 'y'`, `free, team, enterprise`.
pub fn split_values(s: &str) -> Vec<String> {
    s.split(['|', ',', '/'])
        .map(|v| v.trim().trim_matches(|c| matches!(c, '"' | '\'' | '`' | '“' | '”' | '‘' | '’')).trim())
        .filter(|v| !v.is_empty())
        .filter(|v| v.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' ' | '.')))
        .map(str::to_string)
        .collect()
}

/// What a field's description says about it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Notes {
    pub unique: bool,
    /// "unique per org": the scope word as written.
    pub unique_per: Option<String>,
    pub primary: bool,
    pub optional: Option<bool>,
}

/// The words of `s`, lower-cased, letters and digits only.
pub fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric() && c != '_').filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// Reads "unique", "unique per tenant", "primary key", "optional" out of free text.
pub fn field_notes(description: &str) -> Notes {
    let w = words(description);
    let mut notes = Notes::default();
    for (i, word) in w.iter().enumerate() {
        match word.as_str() {
            "unique" => match (w.get(i + 1).map(String::as_str), w.get(i + 2)) {
                (Some("per" | "within" | "in"), Some(scope)) => notes.unique_per = Some(scope.clone()),
                _ => notes.unique = true,
            },
            "primary" if w.get(i + 1).is_some_and(|n| n == "key") => notes.primary = true,
            "optional" | "nullable" => notes.optional = Some(true),
            _ => {}
        }
    }
    notes
}

/// Whether `s` looks like a field name as documents write them (`createdAt`, `opens_at_hour`).
pub fn is_field_token(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_split_on_bars_and_commas() {
        assert_eq!(split_values(r#""general" | "physio" | "mental_health""#), ["general", "physio", "mental_health"]);
        assert_eq!(split_values("'x', 'y'"), ["x", "y"]);
    }

    #[test]
    fn notes_read_uniqueness_scopes() {
        assert!(field_notes("URL-safe, unique").unique);
        let n = field_notes("Human-readable number, unique per org");
        assert_eq!((n.unique, n.unique_per.as_deref()), (false, Some("org")));
        assert!(field_notes("Primary key").primary);
    }
}
