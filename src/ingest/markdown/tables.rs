//! Tables of fields: `| Field | Type | Required | Default | Description |` and its synonyms.

use super::Ctx;
use super::blocks::Text;
use super::text::{clean_inline, field_notes, split_values, strip_code};
use crate::ingest::raw::{ConstraintKind, RawConstraint, RawField, Skipped};

/// The meaning of one table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    Type,
    /// "Required": yes means required.
    Required,
    /// "Nullable" / "Optional" / "Null": yes means optional.
    Nullable,
    Default,
    Constraints,
    Description,
    Other,
}

fn classify(header: &str) -> Column {
    let key: String = header.chars().filter(|c| c.is_ascii_alphabetic()).collect::<String>().to_ascii_lowercase();
    match key.as_str() {
        "field" | "fieldname" | "name" | "column" | "columnname" | "attribute" | "property" | "attr" | "key" => {
            Column::Name
        }
        "type" | "datatype" | "fieldtype" | "columntype" | "dbtype" | "sqltype" | "prismatype" | "kind" => Column::Type,
        "required" | "mandatory" | "notnull" | "req" => Column::Required,
        "nullable" | "optional" | "null" | "isnull" | "isnullable" => Column::Nullable,
        "default" | "defaultvalue" | "defaults" => Column::Default,
        "unique" | "constraints" | "constraint" | "keys" | "index" | "indexes" | "pkfk" | "modifiers" | "flags" => {
            Column::Constraints
        }
        "description" | "notes" | "note" | "comment" | "comments" | "details" | "purpose" | "meaning" | "remarks" => {
            Column::Description
        }
        _ => Column::Other,
    }
}

/// Column roles of a header, or `None` when the table is not a field table.
fn field_table_columns(header: &[Text]) -> Option<Vec<Column>> {
    let mut columns: Vec<Column> = header.iter().map(|h| classify(&h.text)).collect();
    // "Name" and "Key" both read as the name column; only the first one is.
    let first_name = columns.iter().position(|c| *c == Column::Name)?;
    for (i, c) in columns.iter_mut().enumerate() {
        if *c == Column::Name && i != first_name {
            *c = if header[i].text.eq_ignore_ascii_case("key") { Column::Constraints } else { Column::Other };
        }
    }
    let has_type = columns.contains(&Column::Type);
    let supporting = columns
        .iter()
        .filter(|c| matches!(c, Column::Required | Column::Nullable | Column::Default | Column::Constraints))
        .count();
    (has_type || supporting >= 2).then_some(columns)
}

/// Reads a table as the fields of an entity, or explains why it is not one.
pub fn read_fields(
    ctx: &Ctx<'_>,
    header: &[Text],
    rows: &[Vec<Text>],
    offset: usize,
) -> Result<(Vec<RawField>, Vec<RawConstraint>), Skipped> {
    let Some(columns) = field_table_columns(header) else {
        let names: Vec<&str> = header.iter().map(|h| h.text.as_str()).collect();
        return Err(Skipped {
            what: format!("table ({})", names.join(" | ")),
            why: "not a table of fields (no Field and Type columns)".into(),
            at: ctx.at(offset),
        });
    };
    let mut fields = Vec::new();
    let mut constraints = Vec::new();
    for row in rows {
        if let Some(field) = read_row(ctx, &columns, row, &mut constraints) {
            fields.push(field);
        }
    }
    Ok((fields, constraints))
}

fn read_row(ctx: &Ctx<'_>, columns: &[Column], row: &[Text], constraints: &mut Vec<RawConstraint>) -> Option<RawField> {
    let cell = |want: Column| {
        columns.iter().zip(row).find(|(c, _)| **c == want).map(|(_, t)| t.text.as_str()).filter(|s| !is_blank(s))
    };
    let name_cell = columns.iter().zip(row).find(|(c, _)| **c == Column::Name).map(|(_, t)| t)?;
    let name = strip_code(&clean_inline(&name_cell.text)).trim().trim_end_matches('?').trim().to_string();
    if name.is_empty() {
        return None;
    }
    let mut field = RawField { name, at: ctx.at(name_cell.offset), ..RawField::default() };
    if name_cell.text.trim_end().ends_with('?') {
        field.optional = Some(true);
    }
    if let Some(ty) = cell(Column::Type) {
        read_type_cell(&mut field, ty);
    }
    if let Some(req) = cell(Column::Required)
        && let Some(yes) = yes_no(req)
    {
        field.optional = Some(!yes);
    }
    if let Some(null) = cell(Column::Nullable)
        && let Some(yes) = yes_no(null)
    {
        field.optional = Some(yes);
    }
    if let Some(default) = cell(Column::Default) {
        field.default = Some(strip_code(&clean_inline(default)).trim().to_string());
    }
    if let Some(constraints) = cell(Column::Constraints) {
        apply_constraint_words(&mut field, constraints);
    }
    if let Some(description) = cell(Column::Description) {
        let description = clean_inline(description);
        let notes = field_notes(&description);
        field.unique |= notes.unique;
        field.primary |= notes.primary;
        if notes.optional.is_some() && field.optional.is_none() {
            field.optional = notes.optional;
        }
        if let Some(scope) = notes.unique_per {
            constraints.push(RawConstraint {
                kind: ConstraintKind::Unique,
                fields: vec![scope, field.name.clone()],
                at: field.at.clone(),
            });
        }
        field.description = Some(description);
    }
    Some(field)
}

/// `enum: a, b, c`, `string?`, `uuid[]`, `ObjectId (FK → Customer)`.
fn read_type_cell(field: &mut RawField, cell: &str) {
    let text = strip_code(&clean_inline(cell));
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("enum") {
        let start = text.len() - rest.len();
        let values =
            split_values(text[start..].trim_start_matches([':', ' ', '(', '[', '{']).trim_end_matches([')', ']', '}']));
        if !values.is_empty() {
            field.values = Some(values);
            return;
        }
    }
    if text.contains('|') && (text.contains('\'') || text.contains('"')) {
        let values = split_values(text);
        if !values.is_empty() {
            field.values = Some(values);
            return;
        }
    }
    // A parenthesised note after the type: keep the type, read the note's key words.
    let (ty, note) = match text.find(" (") {
        Some(i) => (&text[..i], Some(&text[i + 1..])),
        None => (text, None),
    };
    let mut ty = ty.trim();
    if let Some(t) = ty.strip_suffix('?') {
        field.optional = Some(true);
        ty = t;
    }
    if let Some(t) = ty.strip_suffix("[]") {
        field.list = true;
        ty = t;
    }
    if !ty.is_empty() {
        field.ty = Some(ty.to_string());
    }
    if let Some(note) = note {
        apply_constraint_words(field, note);
    }
}

/// Reads PK / FK / unique / references from a constraints cell or a type note.
fn apply_constraint_words(field: &mut RawField, text: &str) {
    let lower = text.to_ascii_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    for w in &words {
        match *w {
            "pk" | "primary" => field.primary = true,
            "fk" | "foreign" | "references" | "ref" => field.foreign = true,
            "unique" | "uk" | "uq" => field.unique = true,
            "nullable" | "optional" => field.optional = Some(true),
            "required" => field.optional = field.optional.or(Some(false)),
            _ => {}
        }
    }
    // `FK → Customer`, `references Customer(id)`: the target entity as written.
    for marker in ["→", "->", "references ", "ref "] {
        if let Some(i) = text.find(marker) {
            let after = &text[i + marker.len()..];
            let target: String = after.trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if !target.is_empty() {
                field.references = Some(target);
                field.foreign = true;
            }
            break;
        }
    }
}

fn is_blank(s: &str) -> bool {
    matches!(s.trim(), "" | "-" | "—" | "–" | "n/a" | "N/A")
}

/// Reads yes/no cells: `yes`, `✓`, `true`, `Y`, `required` → true; `no`, `✗`, `false` → false.
fn yes_no(cell: &str) -> Option<bool> {
    let t = clean_inline(cell).trim().to_ascii_lowercase();
    match t.as_str() {
        "yes" | "y" | "true" | "✓" | "✔" | "✅" | "x" | "required" | "req" | "mandatory" | "not null" => {
            Some(true)
        }
        "no" | "n" | "false" | "✗" | "✘" | "❌" | "optional" | "nullable" | "null" => Some(false),
        _ if t.starts_with("yes") => Some(true),
        _ if t.starts_with("no") => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_synonyms_are_recognised() {
        let h = |names: &[&str]| names.iter().map(|n| Text { text: n.to_string(), offset: 0 }).collect::<Vec<_>>();
        assert!(field_table_columns(&h(&["Field", "Type", "Required", "Default", "Description"])).is_some());
        assert!(field_table_columns(&h(&["Column", "Data type", "Nullable"])).is_some());
        assert!(field_table_columns(&h(&["Attribute", "Null", "Default", "Constraints"])).is_some());
        assert!(field_table_columns(&h(&["Persona", "Needs"])).is_none());
        assert!(field_table_columns(&h(&["Method", "Path", "Notes"])).is_none());
        assert!(field_table_columns(&h(&["Component", "Responsibility"])).is_none());
    }

    #[test]
    fn type_cells_carry_enums_lists_and_references() {
        let mut f = RawField::default();
        read_type_cell(&mut f, "enum: free, team, enterprise");
        assert_eq!(f.values.as_deref(), Some(&["free".to_string(), "team".into(), "enterprise".into()][..]));

        let mut f = RawField::default();
        read_type_cell(&mut f, "`uuid[]`");
        assert_eq!((f.ty.as_deref(), f.list), (Some("uuid"), true));

        let mut f = RawField::default();
        read_type_cell(&mut f, "ObjectId (FK → Customer)");
        assert_eq!(f.ty.as_deref(), Some("ObjectId"));
        assert!(f.foreign);
        assert_eq!(f.references.as_deref(), Some("Customer"));
    }
}
