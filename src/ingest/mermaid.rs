//! Reader for Mermaid `erDiagram` blocks: attribute blocks become entities with fields,
//! relationship lines become stated relationships.
//!
//! Hand-written and line-oriented so that a broken line costs one warning, never the
//! whole block: every line is read on its own, with a little state for an open block.

use super::raw::{Origin, RawDocument, RawEntity, RawField, RawForm, RawRelationship, Skipped, StatedCardinality};
use crate::diagnostics::Diagnostic;
use crate::model::Provenance;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// Reads one Mermaid block (the text inside a ```mermaid fence). Only `erDiagram`
/// diagrams hold a data model; other diagram kinds are skipped with a reason.
pub fn read(text: &str, origin: Origin<'_>) -> RawDocument {
    let mut lines = text.lines().enumerate().map(|(i, line)| Frag::whole(to_u32(i.saturating_add(1)), line));
    let mut reader = Reader::new(origin);
    match find_header(&mut lines) {
        Header::ErDiagram => {
            for line in lines {
                reader.line(line);
            }
            reader.finish()
        }
        Header::Other { what, why, at } => {
            let at = reader.pos(at);
            reader.doc.skipped.push(Skipped { what, why: why.to_string(), at });
            reader.doc
        }
    }
}

/// What the first meaningful line says the block is.
enum Header<'a> {
    ErDiagram,
    Other { what: String, why: &'static str, at: Frag<'a> },
}

/// Consumes lines up to and including the diagram keyword, past comments and front matter.
fn find_header<'a>(lines: &mut impl Iterator<Item = Frag<'a>>) -> Header<'a> {
    let mut front_matter: Option<Frag<'a>> = None;
    let mut first: Option<Frag<'a>> = None;
    for line in lines.by_ref() {
        let line = line.trim();
        first.get_or_insert(line);
        let text = line.text();
        if front_matter.is_some() {
            // Mermaid allows a YAML block (title, config) before the diagram keyword.
            if text == "---" {
                front_matter = None;
            }
            continue;
        }
        if text.is_empty() || text.starts_with("%%") {
            continue;
        }
        if text == "---" {
            front_matter = Some(line);
            continue;
        }
        let kind = text.split_whitespace().next().unwrap_or(text);
        if kind == "erDiagram" {
            return Header::ErDiagram;
        }
        let what = format!("mermaid {} diagram", shorten(kind));
        return Header::Other { what, why: "not an erDiagram", at: line };
    }
    let what = "mermaid block".to_string();
    match (front_matter, first) {
        (Some(at), _) => Header::Other { what, why: "front matter is not closed", at },
        (None, Some(at)) => Header::Other { what, why: "no diagram in the block", at },
        (None, None) => Header::Other { what, why: "empty", at: Frag::whole(1, "") },
    }
}

/// A part of one line, kept with its line number so every finding gets a real column.
#[derive(Debug, Clone, Copy)]
struct Frag<'a> {
    number: u32,
    full: &'a str,
    start: usize,
    end: usize,
}

impl<'a> Frag<'a> {
    fn whole(number: u32, full: &'a str) -> Self {
        Self { number, full, start: 0, end: full.len() }
    }

    fn text(&self) -> &'a str {
        self.full.get(self.start..self.end).unwrap_or("")
    }

    fn is_empty(&self) -> bool {
        self.text().is_empty()
    }

    /// The part at `range`, relative to this fragment and clamped to it.
    fn sub(&self, range: Range<usize>) -> Self {
        let start = self.start.saturating_add(range.start).min(self.end);
        let end = self.start.saturating_add(range.end).clamp(start, self.end);
        Self { start, end, ..*self }
    }

    /// The part from relative offset `from` to the end.
    fn from(&self, from: usize) -> Self {
        self.sub(from..usize::MAX)
    }

    fn trim(&self) -> Self {
        let text = self.text();
        let lead = text.len() - text.trim_start().len();
        let kept = text.trim().len();
        self.sub(lead..lead + kept)
    }

    /// 1-based column of the fragment's start, counted in chars like the rest of schemata.
    fn column(&self) -> u32 {
        let before = self.full.get(..self.start).map_or(0, |s| s.chars().count());
        to_u32(before.saturating_add(1))
    }
}

/// One side of a relationship: at most one or many, and whether it may be zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Side {
    many: bool,
    zero: bool,
}

const ZERO_OR_ONE: Side = Side { many: false, zero: true };
const EXACTLY_ONE: Side = Side { many: false, zero: false };
const ZERO_OR_MORE: Side = Side { many: true, zero: true };
const ONE_OR_MORE: Side = Side { many: true, zero: false };

/// A relationship statement located in a line; ranges are relative to the line fragment.
struct Found {
    a: Range<usize>,
    b: Range<usize>,
    left: Side,
    right: Side,
    label: Option<Range<usize>>,
}

/// An entity as a line names it: `NAME`, `"Quoted name"`, `p[Person]`, `p["Person"]`.
#[derive(Debug, Clone)]
struct EntityRef {
    id: String,
    alias: Option<String>,
}

/// Where the reader is between lines.
enum State {
    Top,
    /// Inside `NAME {`; `index` is `None` when the block's name was unreadable.
    Entity {
        index: Option<usize>,
        name: String,
        opened: Provenance,
    },
    /// Inside a multi-line `accDescr { ... }`, which carries no data model.
    Description {
        opened: Provenance,
    },
}

/// Keywords of lines that style or title the diagram and say nothing about the data.
const PRESENTATION_KEYWORDS: [&str; 8] =
    ["title", "direction", "style", "classDef", "class", "linkStyle", "accTitle", "accDescr"];

struct Reader<'a> {
    origin: Origin<'a>,
    doc: RawDocument,
    /// Entities with an attribute block, by id, pointing into `doc.entities`.
    blocks: HashMap<String, usize>,
    /// Every entity named anywhere, in order of first mention, with that position.
    mentions: Vec<(String, Provenance)>,
    mentioned: HashSet<String>,
    /// Display names given as `id[Alias]`; the alias becomes the entity name.
    aliases: HashMap<String, String>,
    /// A bare `NAME` line, which a following lone `{` line opens as a block.
    last_bare: Option<(EntityRef, Provenance)>,
    state: State,
}

impl<'a> Reader<'a> {
    fn new(origin: Origin<'a>) -> Self {
        Self {
            origin,
            doc: RawDocument::new(origin.file),
            blocks: HashMap::new(),
            mentions: Vec::new(),
            mentioned: HashSet::new(),
            aliases: HashMap::new(),
            last_bare: None,
            state: State::Top,
        }
    }

    fn pos(&self, frag: Frag<'_>) -> Provenance {
        self.origin.at(frag.number, frag.column())
    }

    fn warn(&mut self, message: String, at: Provenance) {
        self.doc.diagnostics.push(Diagnostic::warning(message, Some(at)));
    }

    fn line(&mut self, line: Frag<'a>) {
        let line = line.trim();
        if line.is_empty() || line.text().starts_with("%%") {
            return;
        }
        match &self.state {
            State::Top => self.top(line),
            State::Entity { .. } => self.in_entity(line),
            State::Description { .. } => {
                if line.text().contains('}') {
                    self.state = State::Top;
                }
            }
        }
    }

    /// A line outside any block: a relationship, a block opening, a bare entity or noise.
    fn top(&mut self, frag: Frag<'a>) {
        let bare = self.last_bare.take();
        let text = frag.text();
        if let (Some((entity, at)), "{") = (bare, text) {
            self.open_block(Some(entity), at);
            return;
        }
        if let Some(rest) = description_block(text) {
            if !rest.contains('}') {
                self.state = State::Description { opened: self.pos(frag) };
            }
            return;
        }
        if let Some(found) = find_relationship(text) {
            self.relationship(frag, found);
        } else if is_presentation(text) {
            // Titles and styles say nothing about the data model.
        } else if let Some(brace) = find_outside(text, b'{') {
            self.block(frag, brace);
        } else {
            self.bare(frag);
        }
    }

    /// A line naming just an entity: Mermaid draws it with no attributes.
    fn bare(&mut self, frag: Frag<'a>) {
        match parse_entity_ref(frag.text()) {
            Ok(entity) => {
                let at = self.pos(frag);
                self.mention(&entity, at.clone());
                self.last_bare = Some((entity, at));
            }
            Err(_) => {
                let message = format!("unreadable erDiagram line `{}`", shorten(frag.text()));
                self.warn(message, self.pos(frag));
            }
        }
    }

    fn relationship(&mut self, frag: Frag<'a>, found: Found) {
        let a = frag.sub(found.a).trim();
        let b = frag.sub(found.b).trim();
        let (left, right) = match (parse_entity_ref(a.text()), parse_entity_ref(b.text())) {
            (Ok(left), Ok(right)) => (left, right),
            (Err(e), _) | (_, Err(e)) => {
                self.warn(format!("unreadable relationship: {e}"), self.pos(frag));
                return;
            }
        };
        let at = self.pos(a);
        self.mention(&left, at.clone());
        self.mention(&right, self.pos(b));
        let label = found.label.and_then(|range| parse_label(frag.sub(range).text()));
        let (cardinality, optional) = classify(found.left, found.right);
        self.doc.relationships.push(RawRelationship {
            left: left.id,
            right: right.id,
            cardinality,
            optional,
            label,
            via: None,
            on_delete: None,
            on_update: None,
            at,
        });
    }

    /// `NAME {` with whatever follows the brace on the same line.
    fn block(&mut self, frag: Frag<'a>, brace: usize) {
        let head = frag.sub(0..brace).trim();
        let entity = match parse_entity_ref(head.text()) {
            Ok(entity) => Some(entity),
            Err(e) => {
                self.warn(format!("unreadable entity block: {e}"), self.pos(frag));
                None
            }
        };
        let at = if head.is_empty() { self.pos(frag) } else { self.pos(head) };
        self.open_block(entity, at);
        let rest = frag.from(brace + 1).trim();
        if !rest.is_empty() {
            self.in_entity(rest);
        }
    }

    /// Starts (or, for a repeated name, continues) the attribute block of `entity`.
    fn open_block(&mut self, entity: Option<EntityRef>, at: Provenance) {
        let Some(entity) = entity else {
            self.state = State::Entity { index: None, name: String::new(), opened: at };
            return;
        };
        self.note_alias(&entity, &at);
        // Mermaid merges repeated blocks of one entity, so its fields go to the first one.
        let index = match self.blocks.get(&entity.id) {
            Some(&index) => index,
            None => {
                self.doc.entities.push(RawEntity {
                    name: entity.id.clone(),
                    description: None,
                    fields: Vec::new(),
                    constraints: Vec::new(),
                    form: RawForm::Mermaid,
                    at: at.clone(),
                    physical: false,
                });
                let index = self.doc.entities.len() - 1;
                self.blocks.insert(entity.id.clone(), index);
                index
            }
        };
        self.state = State::Entity { index: Some(index), name: entity.id, opened: at };
    }

    /// A line inside an attribute block: an attribute, the closing brace, or a sign
    /// that the block was never closed.
    fn in_entity(&mut self, frag: Frag<'a>) {
        let text = frag.text();
        if text.starts_with('}') {
            self.state = State::Top;
            self.after_close(frag.from(1));
            return;
        }
        if find_relationship(text).is_some() || find_outside(text, b'{').is_some() {
            // Attributes never hold these, so the block above lacks its `}`.
            self.report_unclosed(Some(frag.number));
            self.state = State::Top;
            self.top(frag);
            return;
        }
        match find_outside(text, b'}') {
            Some(close) => {
                self.attribute(frag.sub(0..close).trim());
                self.state = State::Top;
                self.after_close(frag.from(close + 1));
            }
            None => self.attribute(frag),
        }
    }

    /// Reads what follows a closing brace on the same line as a line of its own.
    fn after_close(&mut self, rest: Frag<'a>) {
        let rest = rest.trim();
        if !rest.is_empty() {
            self.top(rest);
        }
    }

    fn attribute(&mut self, frag: Frag<'a>) {
        let State::Entity { index: Some(index), .. } = self.state else {
            return;
        };
        if frag.is_empty() {
            return;
        }
        let at = self.pos(frag);
        match parse_attribute(frag.text()) {
            Ok((mut field, warnings)) => {
                for warning in warnings {
                    self.warn(warning, at.clone());
                }
                field.at = at;
                if let Some(entity) = self.doc.entities.get_mut(index) {
                    entity.fields.push(field);
                }
            }
            Err(e) => self.warn(e, at),
        }
    }

    /// Warns that the open block has no `}`; `before` is the block line where that showed.
    fn report_unclosed(&mut self, before: Option<u32>) {
        let State::Entity { name, opened, .. } = &self.state else {
            return;
        };
        let what = if name.is_empty() { "entity block".to_string() } else { format!("entity block `{name}`") };
        let message = match before {
            Some(line) => {
                let line = self.origin.at(line, 1).line;
                format!("{what} is not closed with `}}` before line {line}")
            }
            None => format!("{what} is not closed with `}}`"),
        };
        let at = opened.clone();
        self.warn(message, at);
    }

    fn mention(&mut self, entity: &EntityRef, at: Provenance) {
        self.note_alias(entity, &at);
        if self.mentioned.insert(entity.id.clone()) {
            self.mentions.push((entity.id.clone(), at));
        }
    }

    fn note_alias(&mut self, entity: &EntityRef, at: &Provenance) {
        let Some(alias) = &entity.alias else {
            return;
        };
        match self.aliases.get(&entity.id) {
            None => {
                self.aliases.insert(entity.id.clone(), alias.clone());
            }
            Some(known) if known != alias => {
                let message = format!("entity `{}` is already shown as `{known}`; alias `{alias}` ignored", entity.id);
                self.warn(message, at.clone());
            }
            Some(_) => {}
        }
    }

    /// Closes what is still open, adds mention-only entities and applies aliases.
    fn finish(mut self) -> RawDocument {
        match &self.state {
            State::Entity { .. } => self.report_unclosed(None),
            State::Description { opened } => {
                let at = opened.clone();
                self.warn("`accDescr {` is not closed with `}`".to_string(), at);
            }
            State::Top => {}
        }
        let mentions = std::mem::take(&mut self.mentions);
        for (id, at) in mentions {
            if !self.blocks.contains_key(&id) {
                self.doc.entities.push(RawEntity {
                    name: id,
                    description: None,
                    fields: Vec::new(),
                    constraints: Vec::new(),
                    form: RawForm::MermaidMention,
                    at,
                    physical: false,
                });
            }
        }
        apply_aliases(&mut self.doc, &self.aliases);
        self.doc
    }
}

/// Names entities by their display alias (`p[Person]` → `Person`), everywhere in the block.
fn apply_aliases(doc: &mut RawDocument, aliases: &HashMap<String, String>) {
    if aliases.is_empty() {
        return;
    }
    let rename = |name: &mut String| {
        if let Some(alias) = aliases.get(name.as_str()) {
            name.clone_from(alias);
        }
    };
    doc.entities.iter_mut().for_each(|e| rename(&mut e.name));
    for relationship in &mut doc.relationships {
        rename(&mut relationship.left);
        rename(&mut relationship.right);
    }
}

/// Maps the two sides to a cardinality and whether the "one" side may be absent.
fn classify(left: Side, right: Side) -> (StatedCardinality, Option<bool>) {
    match (left.many, right.many) {
        (false, true) => (StatedCardinality::OneToMany, Some(left.zero)),
        (true, false) => (StatedCardinality::ManyToOne, Some(right.zero)),
        (false, false) => (StatedCardinality::OneToOne, Some(left.zero || right.zero)),
        (true, true) => (StatedCardinality::ManyToMany, None),
    }
}

/// Finds `A <op> B [: label]` in symbol or word form.
fn find_relationship(text: &str) -> Option<Found> {
    let colon = label_colon(text);
    let head = text.get(..colon.unwrap_or(text.len())).unwrap_or("");
    let (a, b, left, right) = symbolic(head).or_else(|| worded(head))?;
    let label = colon.map(|c| c + 1..text.len());
    Some(Found { a, b, left, right, label })
}

/// The `:` before a label, skipping `:::class` shorthands and quoted or bracketed text.
fn label_colon(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let is_colon = |i: Option<usize>| i.and_then(|i| bytes.get(i)) == Some(&b':');
    outside(text).find(|&(i, b)| b == b':' && !is_colon(i.checked_sub(1)) && !is_colon(Some(i + 1))).map(|(i, _)| i)
}

/// `A ||--o{ B`, `A}o..o{B`: two marker characters each side of `--` or `..`.
fn symbolic(head: &str) -> Option<(Range<usize>, Range<usize>, Side, Side)> {
    let bytes = head.as_bytes();
    for (i, b) in outside(head) {
        if !matches!(b, b'-' | b'.') || bytes.get(i + 1) != Some(&b) || i < 2 {
            continue;
        }
        let left = bytes.get(i - 2..i).and_then(marker);
        let right = bytes.get(i + 2..i + 4).and_then(marker);
        if let (Some(left), Some(right)) = (left, right) {
            return Some((0..i - 2, i + 4..head.len(), left, right));
        }
    }
    None
}

/// A two-character cardinality marker; either orientation is accepted, as Mermaid does.
fn marker(pair: &[u8]) -> Option<Side> {
    match pair {
        b"|o" | b"o|" => Some(ZERO_OR_ONE),
        b"||" => Some(EXACTLY_ONE),
        b"}o" | b"o{" => Some(ZERO_OR_MORE),
        b"}|" | b"|{" => Some(ONE_OR_MORE),
        _ => None,
    }
}

/// `A only one to zero or more B`, `A 1 optionally to 0+ B`.
fn worded(head: &str) -> Option<(Range<usize>, Range<usize>, Side, Side)> {
    let tokens = tokens_outside(head);
    let n = tokens.len();
    if n < 5 {
        return None;
    }
    let word = |i: usize| tokens.get(i).and_then(|r| head.get(r.clone())).unwrap_or("");
    // A cardinality phrase has at most three words, so only the last few `to`s can fit;
    // this keeps a line full of `to`s linear.
    for k in (n.saturating_sub(5).max(2))..n - 2 {
        if !word(k).eq_ignore_ascii_case("to") {
            continue;
        }
        let left_end = if word(k - 1).eq_ignore_ascii_case("optionally") { k - 1 } else { k };
        if !(2..=4).contains(&left_end) {
            continue;
        }
        let left = word_marker(&phrase(head, &tokens[1..left_end]));
        let right = word_marker(&phrase(head, &tokens[k + 1..n - 1]));
        if let (Some(left), Some(right)) = (left, right) {
            return Some((tokens[0].clone(), tokens[n - 1].clone(), left, right));
        }
    }
    None
}

/// The lowercase words at `ranges`, joined by single spaces.
fn phrase(head: &str, ranges: &[Range<usize>]) -> String {
    let words: Vec<&str> = ranges.iter().filter_map(|r| head.get(r.clone())).collect();
    words.join(" ").to_ascii_lowercase()
}

fn word_marker(phrase: &str) -> Option<Side> {
    match phrase {
        "one or zero" | "zero or one" => Some(ZERO_OR_ONE),
        "one or more" | "one or many" | "many(1)" | "1+" => Some(ONE_OR_MORE),
        "zero or more" | "zero or many" | "many(0)" | "0+" => Some(ZERO_OR_MORE),
        "only one" | "1" => Some(EXACTLY_ONE),
        _ => None,
    }
}

/// A label after `:`, quoted or bare; an empty one states nothing.
fn parse_label(text: &str) -> Option<String> {
    let text = text.trim();
    let label = match text.strip_prefix('"') {
        Some(quoted) => quoted.split('"').next().unwrap_or(quoted),
        None => text,
    };
    let label = label.trim();
    (!label.is_empty()).then(|| label.to_string())
}

/// Reads `NAME`, `"Quoted name"`, `id[Alias]` or `id["Alias"]`, with an optional `:::class`.
fn parse_entity_ref(text: &str) -> Result<EntityRef, String> {
    let text = text.split(":::").next().unwrap_or(text).trim();
    if text.is_empty() {
        return Err("missing entity name".to_string());
    }
    let (id, rest) = match text.strip_prefix('"') {
        Some(quoted) => {
            let close = quoted.find('"').ok_or("entity name has an unclosed quote")?;
            let id = quoted[..close].trim();
            if id.is_empty() {
                return Err("empty entity name".to_string());
            }
            (id, &quoted[close + 1..])
        }
        None => {
            let end = text.find('[').unwrap_or(text.len());
            let id = &text[..end];
            if !is_entity_name(id) {
                return Err(format!("`{}` is not an entity name", shorten(id)));
            }
            (id, &text[end..])
        }
    };
    let alias = parse_alias(rest.trim())?;
    Ok(EntityRef { id: id.to_string(), alias })
}

/// Mermaid entity names: a letter or `_` first, then letters, digits, `_` and `-`.
fn is_entity_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

fn parse_alias(rest: &str) -> Result<Option<String>, String> {
    if rest.is_empty() {
        return Ok(None);
    }
    let inner = rest
        .strip_prefix('[')
        .and_then(|r| r.strip_suffix(']'))
        .ok_or_else(|| format!("unexpected `{}` after the entity name", shorten(rest)))?
        .trim();
    let inner = inner.strip_prefix('"').and_then(|i| i.strip_suffix('"')).unwrap_or(inner).trim();
    Ok((!inner.is_empty()).then(|| inner.to_string()))
}

/// Reads `type name [PK|FK|UK[, ...]] ["comment"]`; warnings are for parts set aside.
fn parse_attribute(text: &str) -> Result<(RawField, Vec<String>), String> {
    let (words, comment) = split_comment(text);
    let tokens = split_balanced(words);
    let [ty, name, keys @ ..] = tokens.as_slice() else {
        return Err(format!("expected `type name` in attribute `{}`", shorten(text)));
    };
    let (name, starred) = match name.strip_prefix('*') {
        Some(name) => (name, true),
        None => (*name, false),
    };
    if !starts_like_name(ty) || !starts_like_name(name) {
        return Err(format!("unreadable attribute `{}`", shorten(text)));
    }
    let mut field = RawField { name: name.to_string(), primary: starred, ..RawField::default() };
    set_type(&mut field, ty);
    let mut warnings = Vec::new();
    for key in keys.iter().flat_map(|k| k.split(',')).map(str::trim).filter(|k| !k.is_empty()) {
        match key.to_ascii_uppercase().as_str() {
            "PK" => field.primary = true,
            "FK" => field.foreign = true,
            "UK" => field.unique = true,
            _ => warnings.push(format!("unknown key `{}` on attribute `{name}`", shorten(key))),
        }
    }
    if let Some(comment) = comment {
        if !comment.closed {
            warnings.push(format!("comment on attribute `{name}` has no closing quote"));
        }
        if !comment.after.trim().is_empty() {
            let after = shorten(comment.after.trim());
            warnings.push(format!("text `{after}` after the comment on `{name}` ignored"));
        }
        let text = comment.text.trim();
        if !text.is_empty() {
            field.optional = optionality(text);
            field.description = Some(text.to_string());
        }
    }
    Ok((field, warnings))
}

/// Keeps the type as written, minus the list (`[]`) and optional (`?`) markers it states.
fn set_type(field: &mut RawField, ty: &str) {
    let mut ty = ty;
    if let Some(base) = ty.strip_suffix('?').filter(|b| !b.is_empty()) {
        ty = base;
        field.optional = Some(true);
    }
    if let Some(base) = ty.strip_suffix("[]").filter(|b| !b.is_empty()) {
        ty = base;
        field.list = true;
    }
    field.ty = Some(ty.to_string());
}

/// Types and names start with a letter or `_` in Mermaid; this tells them from stray text.
fn starts_like_name(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
}

/// The quoted comment of an attribute line.
struct Comment<'a> {
    text: &'a str,
    closed: bool,
    after: &'a str,
}

fn split_comment(text: &str) -> (&str, Option<Comment<'_>>) {
    let Some(open) = text.find('"') else {
        return (text, None);
    };
    let (words, rest) = (&text[..open], &text[open + 1..]);
    let comment = match rest.find('"') {
        Some(close) => Comment { text: &rest[..close], closed: true, after: &rest[close + 1..] },
        None => Comment { text: rest, closed: false, after: "" },
    };
    (words, Some(comment))
}

/// Whitespace-separated words, keeping `decimal(10, 2)` and `[a b]` whole; unbalanced
/// brackets fall back to a plain split so one stray `(` cannot swallow the line.
fn split_balanced(text: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut depth = 0usize;
    let mut start = None;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if c.is_whitespace() && depth == 0 {
            if let Some(s) = start.take() {
                words.push(&text[s..i]);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        words.push(&text[s..]);
    }
    if depth > 0 {
        return text.split_whitespace().collect();
    }
    words
}

/// Reads "nullable", "optional", "required", "not null" (and their negations) in a comment.
fn optionality(comment: &str) -> Option<bool> {
    let lower = comment.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let (mut optional, mut required) = (false, false);
    for (i, word) in words.iter().enumerate() {
        let negated = i > 0 && matches!(words[i - 1], "not" | "non");
        match (*word, negated) {
            ("nullable" | "optional", false) | ("required" | "mandatory", true) => optional = true,
            ("nullable" | "optional" | "null", true) | ("required" | "mandatory", false) => {
                required = true;
            }
            _ => {}
        }
    }
    // A comment saying both is no statement at all.
    match (optional, required) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

/// `accDescr { ...`: returns what follows the brace.
fn description_block(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("accDescr")?.trim_start();
    rest.strip_prefix('{')
}

/// Title, direction and styling lines; `Style {` would still open an entity block.
fn is_presentation(text: &str) -> bool {
    let end = text.find(|c: char| c.is_whitespace() || c == ':').unwrap_or(text.len());
    let (word, rest) = text.split_at(end);
    PRESENTATION_KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(word)) && !rest.trim_start().starts_with('{')
}

/// First `needle` byte outside quotes and square brackets.
fn find_outside(text: &str, needle: u8) -> Option<usize> {
    outside(text).find(|&(_, b)| b == needle).map(|(i, _)| i)
}

/// Bytes of `text` that lie outside `"..."` and `[...]`, with their offsets. Scanning
/// bytes is safe for UTF-8 because every delimiter is ASCII.
fn outside(text: &str) -> impl Iterator<Item = (usize, u8)> + '_ {
    let mut in_quote = false;
    let mut depth = 0usize;
    text.bytes().enumerate().filter(move |&(_, b)| {
        if in_quote {
            in_quote = b != b'"';
            return false;
        }
        match b {
            b'"' => in_quote = true,
            b'[' => depth += 1,
            b']' if depth > 0 => depth -= 1,
            _ => return depth == 0,
        }
        false
    })
}

/// Whitespace-separated tokens outside quotes and brackets, as byte ranges.
fn tokens_outside(text: &str) -> Vec<Range<usize>> {
    let mut tokens = Vec::new();
    let mut start = None;
    let mut in_quote = false;
    let mut depth = 0usize;
    for (i, b) in text.bytes().enumerate() {
        let split = !in_quote && depth == 0 && b.is_ascii_whitespace();
        match b {
            b'"' => in_quote = !in_quote,
            b'[' if !in_quote => depth += 1,
            b']' if !in_quote => depth = depth.saturating_sub(1),
            _ => {}
        }
        if split {
            if let Some(s) = start.take() {
                tokens.push(s..i);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        tokens.push(s..text.len());
    }
    tokens
}

/// At most 60 chars of `text`, so a huge garbage line makes a readable message.
fn shorten(text: &str) -> String {
    const LIMIT: usize = 60;
    match text.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;

    const LIBRARY: &str = r#"erDiagram
    BRANCH ||--o{ COPY : stocks
    BOOK ||--|{ COPY : "has copies"
    MEMBER ||--o{ LOAN : borrows
    COPY ||--o{ LOAN : "lent in"
    MEMBER ||--|| LIBRARY_CARD : holds
    BOOK }o--o{ AUTHOR : "written by"
    MEMBER |o--o{ MEMBER : "household head of"

    BRANCH {
        uuid id PK
        string name UK "Branch display name"
        string address
        int opens_at_hour
    }
    BOOK {
        uuid id PK
        string isbn UK
        string title
        int published_year "nullable"
        string language
    }
    AUTHOR {
        uuid id PK
        string name
        date born_on "nullable"
    }
    COPY {
        uuid id PK
        uuid book_id FK
        uuid branch_id FK
        string barcode UK
        string condition "good, worn or damaged"
    }
    MEMBER {
        uuid id PK
        string email UK
        string full_name
        uuid household_head_id FK "nullable"
        datetime joined_at
    }
    LIBRARY_CARD {
        uuid id PK
        uuid member_id FK,UK
        string card_number UK
        date expires_on
    }
    LOAN {
        uuid id PK
        uuid copy_id FK
        uuid member_id FK
        datetime borrowed_at
        datetime due_at
        datetime returned_at "nullable"
        decimal fine_amount "nullable"
    }
"#;

    fn origin(first_line: u32) -> Origin<'static> {
        Origin { file: "design.md", first_line }
    }

    fn entity<'d>(doc: &'d RawDocument, name: &str) -> &'d RawEntity {
        doc.entities.iter().find(|e| e.name == name).expect("entity present")
    }

    fn field<'d>(doc: &'d RawDocument, entity_name: &str, name: &str) -> &'d RawField {
        entity(doc, entity_name).fields.iter().find(|f| f.name == name).expect("field present")
    }

    fn relationship<'d>(doc: &'d RawDocument, left: &str, right: &str) -> &'d RawRelationship {
        doc.relationships.iter().find(|r| r.left == left && r.right == right).expect("relationship present")
    }

    fn warnings(doc: &RawDocument) -> Vec<&Diagnostic> {
        doc.diagnostics.iter().filter(|d| d.severity == Severity::Warning).collect()
    }

    #[test]
    fn reads_the_library_sample() {
        let doc = read(LIBRARY, origin(9));
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
        assert!(doc.skipped.is_empty());
        assert_eq!(doc.file, "design.md");
        let names: Vec<&str> = doc.entities.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["BRANCH", "BOOK", "AUTHOR", "COPY", "MEMBER", "LIBRARY_CARD", "LOAN"]);
        assert!(doc.entities.iter().all(|e| e.form == RawForm::Mermaid));

        let card = field(&doc, "LIBRARY_CARD", "member_id");
        assert!(card.foreign && card.unique && !card.primary);
        assert_eq!(card.ty.as_deref(), Some("uuid"));

        let head = field(&doc, "MEMBER", "household_head_id");
        assert!(head.foreign);
        assert_eq!(head.optional, Some(true));
        assert_eq!(head.description.as_deref(), Some("nullable"));

        let condition = field(&doc, "COPY", "condition");
        assert_eq!(condition.description.as_deref(), Some("good, worn or damaged"));
        assert_eq!(condition.optional, None);

        let name = field(&doc, "BRANCH", "name");
        assert!(name.unique);
        assert_eq!(name.description.as_deref(), Some("Branch display name"));
        assert!(field(&doc, "BRANCH", "id").primary);
        assert_eq!(field(&doc, "BRANCH", "opens_at_hour").ty.as_deref(), Some("int"));
        assert_eq!(entity(&doc, "LOAN").fields.len(), 7);

        assert_eq!(doc.relationships.len(), 7);
        let stocks = relationship(&doc, "BRANCH", "COPY");
        assert_eq!(stocks.cardinality, StatedCardinality::OneToMany);
        assert_eq!(stocks.optional, Some(false));
        assert_eq!(stocks.label.as_deref(), Some("stocks"));
        let holds = relationship(&doc, "MEMBER", "LIBRARY_CARD");
        assert_eq!(holds.cardinality, StatedCardinality::OneToOne);
        assert_eq!(holds.optional, Some(false));
        let written = relationship(&doc, "BOOK", "AUTHOR");
        assert_eq!(written.cardinality, StatedCardinality::ManyToMany);
        assert_eq!(written.label.as_deref(), Some("written by"));
        let household = relationship(&doc, "MEMBER", "MEMBER");
        assert_eq!(household.cardinality, StatedCardinality::OneToMany);
        assert_eq!(household.optional, Some(true));
        assert_eq!(household.label.as_deref(), Some("household head of"));
        assert!(household.via.is_none());

        // Block line 2 is document line 10; `BRANCH {` is block line 10, so line 18.
        assert_eq!(stocks.at, Provenance::new("design.md", 10, 5));
        assert_eq!(entity(&doc, "BRANCH").at, Provenance::new("design.md", 18, 5));
        assert_eq!(field(&doc, "BRANCH", "id").at, Provenance::new("design.md", 19, 9));
        assert_eq!(card.at.line, 9 + 44 - 1);
    }

    #[test]
    fn entities_only_in_relationships_become_mentions() {
        let text = "erDiagram\n    Organization ||--o{ Customer : has\n    Technician |o--o{ Technician : supervises\n    Technician |o--o{ WorkOrder : \"is assigned\"\n";
        let doc = read(text, origin(1));
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
        let names: Vec<&str> = doc.entities.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["Organization", "Customer", "Technician", "WorkOrder"]);
        assert!(doc.entities.iter().all(|e| e.form == RawForm::MermaidMention));
        assert!(doc.entities.iter().all(|e| e.fields.is_empty()));
        assert_eq!(entity(&doc, "Customer").at, Provenance::new("design.md", 2, 25));
        assert_eq!(entity(&doc, "Technician").at, Provenance::new("design.md", 3, 5));

        let supervises = relationship(&doc, "Technician", "Technician");
        assert_eq!(supervises.cardinality, StatedCardinality::OneToMany);
        assert_eq!(supervises.optional, Some(true));
        let assigned = relationship(&doc, "Technician", "WorkOrder");
        assert_eq!(assigned.label.as_deref(), Some("is assigned"));
        assert_eq!(relationship(&doc, "Organization", "Customer").optional, Some(false));
    }

    #[test]
    fn other_diagram_kinds_are_skipped() {
        let doc = read("%% a comment\n\nflowchart LR\n  A --> B\n", origin(5));
        assert!(doc.entities.is_empty() && doc.relationships.is_empty());
        assert_eq!(
            doc.skipped,
            [Skipped {
                what: "mermaid flowchart diagram".to_string(),
                why: "not an erDiagram".to_string(),
                at: Provenance::new("design.md", 7, 1),
            }]
        );
        let empty = read("  \n%% nothing\n", origin(1));
        assert_eq!(empty.skipped.len(), 1);
        assert_eq!(empty.skipped[0].why, "no diagram in the block");
        assert_eq!(read("", origin(1)).skipped[0].why, "empty");
    }

    #[test]
    fn front_matter_and_presentation_lines_are_skipped_silently() {
        let text = "---\ntitle: Shop\n---\nerDiagram\n  title Shop\n  direction LR\n  %% comment\n  accTitle: Shop\n  accDescr {\n    long text with || and {\n  }\n  style CUSTOMER fill:#f9f\n  classDef hot fill:#f00\n  class CUSTOMER hot\n  CUSTOMER:::hot ||--o{ ORDER : places\n";
        let doc = read(text, origin(1));
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
        assert_eq!(doc.relationships.len(), 1);
        assert_eq!(doc.relationships[0].left, "CUSTOMER");
        assert_eq!(doc.entities.len(), 2);
    }

    #[test]
    fn many_to_one_and_non_identifying_lines() {
        let text = "erDiagram\n  LOAN }o--|| MEMBER : by\n  SEAT }|..o| ROOM : \"sits in\"\n  A|o..o|B : pairs\n  C }|..|{ D : \"\"\n";
        let doc = read(text, origin(1));
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
        let by = relationship(&doc, "LOAN", "MEMBER");
        assert_eq!((by.cardinality, by.optional), (StatedCardinality::ManyToOne, Some(false)));
        let sits = relationship(&doc, "SEAT", "ROOM");
        assert_eq!((sits.cardinality, sits.optional), (StatedCardinality::ManyToOne, Some(true)));
        let pairs = relationship(&doc, "A", "B");
        assert_eq!((pairs.cardinality, pairs.optional), (StatedCardinality::OneToOne, Some(true)));
        let cd = relationship(&doc, "C", "D");
        assert_eq!(cd.cardinality, StatedCardinality::ManyToMany);
        assert_eq!(cd.label, None);
    }

    #[test]
    fn word_aliases_read_like_symbols() {
        let text = "erDiagram\n  CAR 1 to zero or more NAMED-DRIVER : allows\n  PERSON only one optionally to one or many CAR : owns\n  X many(0) to 0+ Y : tags\n  P zero or one to only one Q : is\n";
        let doc = read(text, origin(1));
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
        let allows = relationship(&doc, "CAR", "NAMED-DRIVER");
        assert_eq!((allows.cardinality, allows.optional), (StatedCardinality::OneToMany, Some(false)));
        assert_eq!(allows.label.as_deref(), Some("allows"));
        assert_eq!(relationship(&doc, "PERSON", "CAR").cardinality, StatedCardinality::OneToMany);
        assert_eq!(relationship(&doc, "X", "Y").cardinality, StatedCardinality::ManyToMany);
        let is = relationship(&doc, "P", "Q");
        assert_eq!((is.cardinality, is.optional), (StatedCardinality::OneToOne, Some(true)));
    }

    #[test]
    fn aliases_name_entities_everywhere() {
        let text = "erDiagram\n  p ||--o{ a[\"Postal Address\"] : has\n  p[Person] {\n    string name\n  }\n  \"Line Item\" }o--|| p : \"for\"\n";
        let doc = read(text, origin(1));
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
        let person = entity(&doc, "Person");
        assert_eq!((person.form, person.fields.len()), (RawForm::Mermaid, 1));
        assert_eq!(entity(&doc, "Postal Address").form, RawForm::MermaidMention);
        assert_eq!(entity(&doc, "Line Item").form, RawForm::MermaidMention);
        assert_eq!(doc.entities.len(), 3);
        assert_eq!(relationship(&doc, "Person", "Postal Address").label.as_deref(), Some("has"));
        assert_eq!(relationship(&doc, "Line Item", "Person").cardinality, StatedCardinality::ManyToOne);
    }

    #[test]
    fn attribute_details() {
        let text = r#"erDiagram
  ITEM {
    varchar(255) title "Required"
    decimal(10, 2) price "not null"
    string[] tags
    int *id
    uuid owner_id FK, UK "Optional owner"
    string note "non-nullable"
    string? nickname
    text body "required unless nullable"
    string code pk
  }
  EMPTY {}
  INLINE { string name }
"#;
        let doc = read(text, origin(1));
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
        let title = field(&doc, "ITEM", "title");
        assert_eq!((title.ty.as_deref(), title.optional), (Some("varchar(255)"), Some(false)));
        let price = field(&doc, "ITEM", "price");
        assert_eq!((price.ty.as_deref(), price.optional), (Some("decimal(10, 2)"), Some(false)));
        let tags = field(&doc, "ITEM", "tags");
        assert_eq!((tags.ty.as_deref(), tags.list), (Some("string"), true));
        assert!(field(&doc, "ITEM", "id").primary);
        let owner = field(&doc, "ITEM", "owner_id");
        assert!(owner.foreign && owner.unique);
        assert_eq!(owner.optional, Some(true));
        assert_eq!(field(&doc, "ITEM", "note").optional, Some(false));
        let nickname = field(&doc, "ITEM", "nickname");
        assert_eq!((nickname.ty.as_deref(), nickname.optional), (Some("string"), Some(true)));
        assert_eq!(field(&doc, "ITEM", "body").optional, None);
        assert!(field(&doc, "ITEM", "code").primary);
        assert!(entity(&doc, "EMPTY").fields.is_empty());
        assert_eq!(entity(&doc, "EMPTY").form, RawForm::Mermaid);
        assert_eq!(field(&doc, "INLINE", "name").ty.as_deref(), Some("string"));
    }

    #[test]
    fn repeated_blocks_merge_into_one_entity() {
        let text = "erDiagram\n  A {\n    int x\n  }\n  A ||--o{ B : has\n  A\n  {\n    int y\n  }\n";
        let doc = read(text, origin(1));
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
        let a = entity(&doc, "A");
        assert_eq!(a.fields.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["x", "y"]);
        assert_eq!(doc.entities.iter().filter(|e| e.name == "A").count(), 1);
    }

    #[test]
    fn broken_lines_warn_with_positions_and_reading_goes_on() {
        let text = "erDiagram\n  !!! what\n  CUSTOMER {\n    string name\n    ???\n    string first name\n  ORDER ||--o{ ITEM : has\n  ITEM {\n    int qty \"open comment\n";
        let doc = read(text, origin(20));
        let found = warnings(&doc);
        let at = |line: u32| found.iter().filter(|d| d.at.as_ref().is_some_and(|p| p.line == line)).count();
        assert_eq!(at(21), 1, "{found:?}"); // `!!! what`
        assert_eq!(at(24), 1, "{found:?}"); // `???`
        assert_eq!(at(25), 1, "{found:?}"); // unknown key `name`
        assert_eq!(at(22), 1, "{found:?}"); // CUSTOMER not closed
        assert_eq!(at(28), 1, "{found:?}"); // unclosed comment
        assert_eq!(at(27), 1, "{found:?}"); // ITEM not closed at the end
        assert!(found.iter().all(|d| d.at.as_ref().is_some_and(|p| p.column > 0)));
        assert!(found.iter().any(|d| d.message.contains("before line 26")));

        let customer = entity(&doc, "CUSTOMER");
        assert_eq!(customer.fields.len(), 2);
        assert_eq!(entity(&doc, "ITEM").form, RawForm::Mermaid);
        assert_eq!(field(&doc, "ITEM", "qty").description.as_deref(), Some("open comment"));
        assert_eq!(relationship(&doc, "ORDER", "ITEM").cardinality, StatedCardinality::OneToMany);
    }

    #[test]
    fn no_panic_on_odd_input() {
        let pieces = [
            "erDiagram",
            "{",
            "}",
            "\"",
            "[",
            "]",
            "||--o{",
            "}o..|{",
            ":",
            ":::",
            "é",
            "🦀",
            " ",
            "\n",
            "A",
            "to",
            "one or more",
            "%%",
            "PK",
            "FK,",
            "(",
            ")",
            "--",
            "..",
            "*",
            "accDescr",
            "---",
            "\t",
            "\r\n",
            "o|",
            "\u{a0}",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..3000 {
            let mut text = String::from("erDiagram\n");
            for _ in 0..40 {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            let doc = read(&text, origin(1));
            assert!(doc.diagnostics.iter().all(|d| d.at.is_some()));
            let _ = read(&text[10..], origin(1));
        }
    }

    #[test]
    fn large_input_is_read_whole() {
        let mut text = String::from("erDiagram\n");
        for i in 0..20_000 {
            text.push_str(&format!("  E{i} ||--o{{ E{} : next\n  E{i} {{\n    uuid id PK\n  }}\n", i + 1));
        }
        let long_garbage = "|o-".repeat(30_000) + &" to".repeat(30_000) + &"\"[".repeat(30_000);
        text.push_str(&long_garbage);
        text.push('\n');
        assert!(text.lines().count() > 80_000);
        let doc = read(&text, origin(1));
        assert_eq!(doc.relationships.len(), 20_000);
        assert_eq!(doc.entities.len(), 20_001);
        assert_eq!(doc.entities[20_000].form, RawForm::MermaidMention);

        let lines: String = (0..100_000).map(|i| format!("  X{i} }}o--o{{ Y : r\n")).collect();
        let doc = read(&format!("erDiagram\n{lines}"), origin(1));
        assert_eq!(doc.relationships.len(), 100_000);
    }
}
