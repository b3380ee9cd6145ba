//! Relationship sentences: "Order belongs to Customer", "Customer has many Orders",
//! "Clinic → Clinician (one-to-many)", "Agent ↔ Skill (many-to-many via SkillInstallation)".
//!
//! A line is a relationship when it names two known entities (or one twice) and carries a
//! cardinality phrase, whatever glyph stands between the names. Names are matched as
//! written (case-sensitive), so prose that mentions "a course" is not mistaken for one.

use super::raw::{RawRelationship, Sentence, StatedCardinality};
use crate::naming;
use std::collections::HashMap;

/// Maps every spelling of each entity (as written, its model name, its plural) to the name as written.
pub struct EntityNames {
    by_spelling: HashMap<String, String>,
}

impl EntityNames {
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut by_spelling = HashMap::new();
        for name in names {
            let model = naming::model_name_as_written(name);
            for spelling in [name.to_string(), model.clone(), naming::plural(&model), naming::plural(name)] {
                by_spelling.entry(spelling).or_insert_with(|| name.to_string());
            }
        }
        Self { by_spelling }
    }

    pub fn lookup(&self, word: &str) -> Option<&str> {
        self.by_spelling.get(word).map(String::as_str)
    }
}

/// One entity mention: its name as written and where in the sentence it ends.
struct Mention<'s> {
    name: String,
    start: usize,
    end: usize,
    _word: &'s str,
}

fn mentions<'s>(text: &'s str, names: &EntityNames) -> Vec<Mention<'s>> {
    let mut out = Vec::new();
    let mut start = None;
    let bytes = text.char_indices().chain(std::iter::once((text.len(), ' ')));
    for (i, c) in bytes {
        let word_char = c.is_ascii_alphanumeric() || c == '_';
        match (start, word_char) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                let word = &text[s..i];
                if let Some(name) = names.lookup(word) {
                    out.push(Mention { name: name.to_string(), start: s, end: i, _word: word });
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Reads a sentence as a relationship, if it is one.
pub fn read(sentence: &Sentence, names: &EntityNames) -> Option<RawRelationship> {
    let text = sentence.text.as_str();
    let found = mentions(text, names);
    if found.len() < 2 {
        return None;
    }
    let (left, right) = (&found[0], &found[1]);
    let lower = text.to_lowercase();
    let between = lower[left.end..right.start].trim();
    let after = &text[right.end..];
    let via = via_entity(&lower, text, &found[2..]);
    let cardinality = cardinality(&lower, between)?;
    let optional = lower.contains("optional").then_some(true);
    Some(RawRelationship {
        left: left.name.clone(),
        right: right.name.clone(),
        cardinality,
        optional,
        label: label(after),
        via,
        on_delete: None,
        on_update: None,
        at: sentence.at.clone(),
    })
}

/// The stated cardinality, from the words between the names first, then the whole line.
fn cardinality(lower: &str, between: &str) -> Option<StatedCardinality> {
    use StatedCardinality::*;
    let between_rules: [(&str, StatedCardinality); 8] = [
        ("belongs to", ManyToOne),
        ("belong to", ManyToOne),
        ("has many", OneToMany),
        ("have many", OneToMany),
        ("has one", OneToOne),
        ("has a", OneToOne),
        ("↔", ManyToMany),
        ("<->", ManyToMany),
    ];
    for (phrase, card) in between_rules {
        if between.contains(phrase) {
            return Some(card);
        }
    }
    let line_rules: [(&str, StatedCardinality); 14] = [
        ("many-to-many", ManyToMany),
        ("many to many", ManyToMany),
        ("m:n", ManyToMany),
        ("n:m", ManyToMany),
        ("one-to-many", OneToMany),
        ("one to many", OneToMany),
        ("1:n", OneToMany),
        ("1-n", OneToMany),
        ("many-to-one", ManyToOne),
        ("many to one", ManyToOne),
        ("n:1", ManyToOne),
        ("one-to-one", OneToOne),
        ("one to one", OneToOne),
        ("1:1", OneToOne),
    ];
    line_rules.into_iter().find(|(phrase, _)| lower.contains(phrase)).map(|(_, c)| c)
}

/// "via PatientTag", "through SkillInstallation".
fn via_entity(lower: &str, text: &str, rest: &[Mention<'_>]) -> Option<String> {
    let marker = ["via ", "through ", "using "].iter().find_map(|m| lower.find(m).map(|i| i + m.len()))?;
    rest.iter().find(|m| m.start >= marker && text[marker..m.start].trim().is_empty()).map(|m| m.name.clone())
}

/// The role in parentheses: "(created by)", "(one-to-many, as the referrer)" → "referrer".
fn label(after: &str) -> Option<String> {
    let open = after.find('(')?;
    let close = after[open..].find(')').map_or(after.len(), |c| open + c);
    let inner = &after[open + 1..close];
    let mut parts = Vec::new();
    for part in inner.split([',', ';']) {
        let p = part.trim();
        let lower = p.to_lowercase();
        if lower.is_empty()
            || lower.contains("-to-")
            || lower.contains(" to ")
            || lower.contains(':')
            || lower.starts_with("via ")
            || lower == "optional"
            || lower == "required"
        {
            continue;
        }
        let role = ["as the ", "as a ", "as an ", "as "]
            .iter()
            .find_map(|prefix| lower.strip_prefix(prefix))
            .unwrap_or(&lower);
        parts.push(role.to_string());
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Provenance;

    fn rel(text: &str) -> Option<RawRelationship> {
        let names = EntityNames::new([
            "Customer",
            "Order",
            "Clinic",
            "Clinician",
            "Booking",
            "Patient",
            "Tag",
            "PatientTag",
            "WorkOrder",
            "WorkOrderPart",
            "Technician",
        ]);
        read(&Sentence { text: text.into(), at: Provenance::default() }, &names)
    }

    #[test]
    fn phrases_and_glyphs() {
        let r = rel("Order belongs to Customer").expect("relationship");
        assert_eq!(
            (r.left.as_str(), r.right.as_str(), r.cardinality),
            ("Order", "Customer", StatedCardinality::ManyToOne)
        );
        let r = rel("Customer has many Orders").expect("relationship");
        assert_eq!((r.right.as_str(), r.cardinality), ("Order", StatedCardinality::OneToMany));
        let r = rel("Clinic → Clinician (one-to-many)").expect("relationship");
        assert_eq!(r.cardinality, StatedCardinality::OneToMany);
        let r = rel("Patient ↔ Tag (many-to-many via PatientTag)").expect("relationship");
        assert_eq!((r.cardinality, r.via.as_deref()), (StatedCardinality::ManyToMany, Some("PatientTag")));
        let r = rel("WorkOrder has many WorkOrderParts").expect("relationship");
        assert_eq!(r.right, "WorkOrderPart");
    }

    #[test]
    fn labels_name_the_role() {
        assert_eq!(
            rel("Clinician → Booking (one-to-many, as the referrer)").and_then(|r| r.label).as_deref(),
            Some("referrer")
        );
        assert_eq!(
            rel("WorkOrder belongs to Technician (created by)").and_then(|r| r.label).as_deref(),
            Some("created by")
        );
        let r = rel("Technician belongs to Technician (supervisor)").expect("self relationship");
        assert_eq!(
            (r.left.as_str(), r.right.as_str(), r.label.as_deref()),
            ("Technician", "Technician", Some("supervisor"))
        );
    }

    #[test]
    fn prose_is_not_a_relationship() {
        assert!(rel("a customer places an order").is_none());
        assert!(rel("Customer and Order are documented below").is_none());
    }
}
