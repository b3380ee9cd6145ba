//! Bullet-list entities: `**Booking** - One appointment slot` with nested bullets holding
//! field lists (`id, patientId, address (JSONB)`), value lists (`status: "a" | "b"`) and
//! short sentences about fields ("email and phone are optional", "name is unique per tenant").

use super::Ctx;
use super::blocks::Item;
use super::text::{clean_inline, field_notes, is_field_token, split_values, strip_code, words};
use crate::ingest::raw::{ConstraintKind, RawConstraint, RawEntity, RawField, RawForm, Sentence};

/// The entity name of an item that opens with `**Name**`, and the text after it.
pub fn entity_head(text: &str) -> Option<(String, &str)> {
    let rest = text.strip_prefix("**")?;
    let end = rest.find("**")?;
    let name = strip_code(&rest[..end]).trim().trim_end_matches(':').trim().to_string();
    let words: Vec<&str> = name.split_whitespace().collect();
    let plausible = !words.is_empty()
        && words.len() <= 4
        && words.iter().all(|w| is_field_token(w))
        && name.starts_with(|c: char| c.is_ascii_alphabetic());
    plausible.then(|| (name, rest[end + 2..].trim_start_matches([' ', '-', '–', '—', ':', '\t'])))
}

/// Reads one entity bullet and its sub-bullets. Relationship sub-bullets become sentences
/// prefixed with the entity's name so they read like a relationship list.
pub fn read_entity(ctx: &Ctx<'_>, item: &Item, sentences: &mut Vec<Sentence>) -> Option<RawEntity> {
    let (name, rest) = entity_head(&item.text.text)?;
    let mut entity = RawEntity {
        name,
        description: None,
        fields: Vec::new(),
        constraints: Vec::new(),
        form: RawForm::Bullets,
        at: ctx.at(item.text.offset),
        physical: false,
    };
    let rest = clean_inline(rest);
    match parse_field_list(&rest) {
        Some(fields) if fields.len() >= 2 => add_fields(ctx, &mut entity, fields, item.text.offset),
        _ if !rest.is_empty() => entity.description = Some(rest),
        _ => {}
    }
    for child in &item.children {
        read_child(ctx, &mut entity, child, sentences);
    }
    Some(entity)
}

/// A field token of a list: name, then a hint in parentheses or after a colon.
struct ListedField {
    name: String,
    ty: Option<String>,
    optional: bool,
}

fn add_fields(ctx: &Ctx<'_>, entity: &mut RawEntity, fields: Vec<ListedField>, offset: usize) {
    for f in fields {
        if entity.fields.iter().any(|e| e.name == f.name) {
            continue;
        }
        entity.fields.push(RawField {
            name: f.name,
            ty: f.ty,
            optional: f.optional.then_some(true),
            at: ctx.at(offset),
            ..RawField::default()
        });
    }
}

/// `id, tenantId, address (JSONB), notes?` → fields; `None` when the line is prose.
fn parse_field_list(line: &str) -> Option<Vec<ListedField>> {
    let line = strip_code(line);
    let body = match line.split_once(':') {
        Some((label, rest))
            if matches!(
                label.trim().to_ascii_lowercase().as_str(),
                "fields" | "attributes" | "columns" | "properties"
            ) =>
        {
            rest
        }
        _ => line.as_str(),
    };
    let mut out = Vec::new();
    for token in split_top_level(body) {
        out.push(parse_field_token(token.trim())?);
    }
    (!out.is_empty()).then_some(out)
}

/// Splits on commas outside parentheses: `a, b (x, y), c`.
fn split_top_level(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth <= 0 => {
                parts.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    parts.into_iter().filter(|p| !p.trim().is_empty()).collect()
}

fn parse_field_token(token: &str) -> Option<ListedField> {
    let name_end = token.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(token.len());
    let name = &token[..name_end];
    if !is_field_token(name) {
        return None;
    }
    let mut rest = token[name_end..].trim();
    let mut optional = false;
    if let Some(r) = rest.strip_prefix('?') {
        optional = true;
        rest = r.trim();
    }
    let ty = if rest.is_empty() {
        None
    } else if let Some(inner) = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        Some(inner.trim().to_string())
    } else if let Some(t) = rest.strip_prefix(':') {
        let t = t.trim();
        (!t.is_empty() && !t.contains(' ')).then(|| t.to_string())
    } else {
        return None;
    };
    if let Some(t) = &ty
        && t.eq_ignore_ascii_case("optional")
    {
        return Some(ListedField { name: name.to_string(), ty: None, optional: true });
    }
    Some(ListedField { name: name.to_string(), ty, optional })
}

fn read_child(ctx: &Ctx<'_>, entity: &mut RawEntity, item: &Item, sentences: &mut Vec<Sentence>) {
    let text = clean_inline(&item.text.text);
    let lower = text.to_ascii_lowercase();
    if lower.starts_with("relations") || lower.starts_with("relationships") || lower.starts_with("(relations)") {
        let body = text.split_once(':').map_or("", |(_, b)| b);
        for part in body.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            sentences.push(Sentence { text: format!("{} {part}", entity.name), at: ctx.at(item.text.offset) });
        }
        for grandchild in &item.children {
            let t = clean_inline(&grandchild.text.text);
            sentences.push(Sentence { text: format!("{} {t}", entity.name), at: ctx.at(grandchild.text.offset) });
        }
        return;
    }
    if let Some(fields) = parse_field_list(&text)
        && (fields.len() >= 2 || entity.fields.is_empty())
    {
        add_fields(ctx, entity, fields, item.text.offset);
        return;
    }
    if read_value_line(entity, &text) {
        return;
    }
    read_field_sentence(ctx, entity, &text, item.text.offset);
}

/// `status: "a" | "b"` / `Roles: 'x' | 'y'` / `capacity: int`.
fn read_value_line(entity: &mut RawEntity, text: &str) -> bool {
    let Some((lhs, rhs)) = text.split_once(':') else { return false };
    let lhs = strip_code(lhs).trim().to_string();
    if !is_field_token(&lhs) {
        return false;
    }
    let rhs = rhs.trim();
    let quoted = rhs.contains('"') || rhs.contains('\'') || rhs.contains('“');
    let Some(field) = find_field(entity, &lhs) else { return false };
    if quoted || rhs.contains('|') {
        let values = split_values(rhs);
        if values.is_empty() {
            return false;
        }
        entity.fields[field].values = Some(values);
        return true;
    }
    let ty = strip_code(rhs);
    if !ty.is_empty() && !ty.contains(' ') {
        entity.fields[field].ty = Some(ty.trim().to_string());
        return true;
    }
    false
}

/// Finds a listed field by name, forgiving case and a plural label (`Roles` → `role`).
fn find_field(entity: &RawEntity, name: &str) -> Option<usize> {
    let lower = name.to_ascii_lowercase();
    let singular = crate::naming::singular(&lower);
    entity.fields.iter().position(|f| {
        let fl = f.name.to_ascii_lowercase();
        fl == lower || fl == singular
    })
}

/// "email and phone are optional", "name is unique per tenant",
/// "guardianId points to another Patient; optional".
fn read_field_sentence(ctx: &Ctx<'_>, entity: &mut RawEntity, text: &str, offset: usize) {
    let sentence_words = words(text);
    let mentioned: Vec<usize> = entity
        .fields
        .iter()
        .enumerate()
        .filter(|(_, f)| sentence_words.contains(&f.name.to_lowercase()))
        .map(|(i, _)| i)
        .collect();
    if mentioned.is_empty() {
        return;
    }
    let notes = field_notes(text);
    let required = sentence_words.iter().any(|w| w == "required" || w == "mandatory");
    for &i in &mentioned {
        let field = &mut entity.fields[i];
        if notes.optional == Some(true) {
            field.optional = Some(true);
        } else if required {
            field.optional = Some(false);
        }
        if notes.unique {
            field.unique = true;
        }
    }
    if let Some(scope) = notes.unique_per {
        let mut fields = vec![scope];
        fields.extend(mentioned.iter().map(|&i| entity.fields[i].name.clone()));
        entity.constraints.push(RawConstraint { kind: ConstraintKind::Unique, fields, at: ctx.at(offset) });
    }
    // A sentence about one field that says more than its flags is its description
    // (it may name the entity the field points to).
    let only_flags = sentence_words.iter().all(|w| {
        matches!(w.as_str(), "is" | "are" | "and" | "optional" | "required" | "unique" | "nullable" | "per")
            || mentioned.iter().any(|&i| entity.fields[i].name.to_lowercase() == *w)
    });
    if mentioned.len() == 1 && !only_flags {
        let field = &mut entity.fields[mentioned[0]];
        field.description = Some(text.trim().to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_heads_need_a_bold_identifier() {
        assert_eq!(
            entity_head("**Clinic** - A physical site").map(|(n, r)| (n, r.to_string())),
            Some(("Clinic".into(), "A physical site".into()))
        );
        assert!(entity_head("**Note:** this is prose that goes on").is_some_and(|(n, _)| n == "Note"));
        assert!(entity_head("plain text").is_none());
        assert!(entity_head("**This is a long bold sentence here**").is_none());
    }

    #[test]
    fn field_lists_take_hints() {
        let fields = parse_field_list("id, tenantId, address (JSONB), openedAt").expect("a field list");
        assert_eq!(fields.len(), 4);
        assert_eq!(fields[2].ty.as_deref(), Some("JSONB"));
        assert!(parse_field_list("A doctor, nurse or therapist working at one clinic").is_none());
    }
}
