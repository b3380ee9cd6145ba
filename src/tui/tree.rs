//! The entity tree as a UI-free model: models in dependency order, expandable to their
//! fields and relation fields, an enums node, a status marker per model, and a fuzzy
//! filter. With a base schema each model also carries its change mark (new, changed,
//! unchanged) and the base's models the documents do not describe follow as kept rows.
//! The view only draws [`Tree::rows`]; everything here is tested with plain asserts.

use crate::change::{self, Change};
use crate::model::{EnumId, ModelId, RelationId, RelationKind, Schema};
use crate::session::ModelStatus;
use std::collections::{BTreeMap, BTreeSet};

/// What a row stands for, by typed id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    Model(ModelId),
    /// A scalar field, by index in the model's fields.
    Field(ModelId, usize),
    /// A relation field on this model (either end of the relation).
    Relation(ModelId, RelationId),
    /// The node grouping the enums.
    Enums,
    Enum(EnumId),
    /// A model of the base schema that the documents do not describe (by its id in the base).
    Kept(ModelId),
}

/// A model's state as the tree marks it; the worst applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Pending,
    Confirmed,
    Skipped,
    /// Open questions about the model.
    Question,
    /// Validation errors (Prisma's, mapped back) on the model.
    Error,
}

impl Marker {
    /// The glyph shown before the model's name.
    pub fn glyph(self) -> &'static str {
        match self {
            Marker::Pending => "·",
            Marker::Confirmed => "✓",
            Marker::Skipped => "–",
            Marker::Question => "?",
            Marker::Error => "!",
        }
    }
}

/// One visible row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub node: Node,
    pub depth: u16,
    pub label: String,
    /// Type or relation summary, shown dimmed after the label.
    pub detail: String,
    pub marker: Option<Marker>,
    /// With a base schema: what the documents do to this model or enum.
    pub change: Option<change::Kind>,
    /// `Some(expanded)` for rows that have children.
    pub expanded: Option<bool>,
}

/// What the tree is built from.
pub struct TreeSource<'a> {
    pub schema: &'a Schema,
    pub status: &'a BTreeMap<String, ModelStatus>,
    /// Models with validation errors, by name.
    pub errors: &'a BTreeSet<String>,
    /// With a base schema: the change the documents make to it.
    pub change: Option<&'a Change>,
}

/// Expansion, filter, selection and scroll of the entity tree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tree {
    /// Expanded models, by name (names survive re-inference; ids may not).
    pub expanded: BTreeSet<String>,
    pub enums_expanded: bool,
    pub filter: String,
    pub rows: Vec<Row>,
    pub selected: usize,
    /// First visible row.
    pub offset: usize,
}

impl Tree {
    /// Rebuilds the rows, keeping the selection on the same model and member when they remain.
    pub fn rebuild(&mut self, src: &TreeSource<'_>) {
        let keep = self.rows.get(self.selected).map(|r| (r.node, r.label.clone()));
        let schema = src.schema;
        let filter = self.filter.to_lowercase();
        let mut rows = Vec::new();
        for &id in &schema.order {
            let model = &schema[id];
            let members = members(schema, id);
            let name_hit = filter.is_empty() || fuzzy(&filter, &model.name);
            let member_hit = !filter.is_empty() && members.iter().any(|m| fuzzy(&filter, &m.1));
            if !name_hit && !member_hit {
                continue;
            }
            let expanded = self.expanded.contains(&model.name) || (member_hit && !name_hit);
            let entry = src.change.and_then(|c| c.of_proposed_model(id));
            rows.push(Row {
                node: Node::Model(id),
                depth: 0,
                label: model.name.clone(),
                detail: match entry {
                    Some(e) => change_detail(e),
                    None if model.is_view() => format!("view · {} fields", model.fields.len()),
                    None => format!("{} fields", model.fields.len()),
                },
                marker: Some(marker(src, id)),
                change: entry.map(|e| e.kind),
                expanded: Some(expanded),
            });
            if expanded {
                // A model shown for its members' sake shows only the members that match.
                let only_hits = member_hit && !name_hit;
                let members = members.into_iter().filter(|m| !only_hits || fuzzy(&filter, &m.1));
                rows.extend(members.map(|(node, label, detail)| Row {
                    node,
                    depth: 1,
                    label,
                    detail,
                    marker: None,
                    change: None,
                    expanded: None,
                }));
            }
        }
        let kept = src.change.into_iter().flat_map(|c| &c.entries).filter(|e| e.kind == change::Kind::Kept);
        for e in kept.filter(|e| filter.is_empty() || fuzzy(&filter, &e.name)) {
            if let Some(id) = e.base_model() {
                rows.push(Row {
                    node: Node::Kept(id),
                    depth: 0,
                    label: e.name.clone(),
                    detail: change_detail(e),
                    marker: None,
                    change: Some(e.kind),
                    expanded: None,
                });
            }
        }
        let enums: Vec<(EnumId, &str)> = schema
            .enums
            .iter()
            .enumerate()
            .map(|(i, e)| (EnumId(i as u32), e.name.as_str()))
            .filter(|(_, n)| filter.is_empty() || fuzzy(&filter, n))
            .collect();
        if !enums.is_empty() {
            let open = self.enums_expanded || !filter.is_empty();
            rows.push(Row {
                node: Node::Enums,
                depth: 0,
                label: "enums".into(),
                detail: format!("{}", enums.len()),
                marker: None,
                change: None,
                expanded: Some(open),
            });
            if open {
                rows.extend(enums.into_iter().map(|(id, name)| Row {
                    node: Node::Enum(id),
                    depth: 1,
                    label: name.to_string(),
                    detail: schema[id].values.iter().map(|v| v.name.as_str()).collect::<Vec<_>>().join(" | "),
                    marker: None,
                    change: src.change.and_then(|c| c.entry(name)).map(|e| e.kind),
                    expanded: None,
                }));
            }
        }
        self.rows = rows;
        self.selected = keep
            .and_then(|(node, label)| {
                // The same member by name first (ids of fields shift on edits), else the same node.
                self.rows.iter().position(|r| r.label == label && same_model(r.node, node)).or_else(|| {
                    self.rows.iter().position(|r| r.node == node).or_else(|| {
                        model_of(node).and_then(|m| self.rows.iter().position(|r| r.node == Node::Model(m)))
                    })
                })
            })
            .unwrap_or(0)
            .min(self.rows.len().saturating_sub(1));
    }

    /// The selected row.
    pub fn selected_row(&self) -> Option<&Row> {
        self.rows.get(self.selected)
    }

    /// The model the selected row belongs to.
    pub fn selected_model(&self) -> Option<ModelId> {
        self.selected_row().and_then(|r| model_of(r.node))
    }

    /// Moves the selection by `delta` rows, clamped.
    pub fn move_by(&mut self, delta: isize) {
        let last = self.rows.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    /// Selects the row of `model`.
    pub fn select_model(&mut self, model: ModelId) -> bool {
        match self.rows.iter().position(|r| r.node == Node::Model(model)) {
            Some(i) => {
                self.selected = i;
                true
            }
            None => false,
        }
    }

    /// Expands (`Some(true)`), collapses (`Some(false)`) or toggles (`None`) the selected row;
    /// collapsing a member row goes to its model. Returns whether the rows must be rebuilt.
    pub fn set_expanded(&mut self, want: Option<bool>, schema: &Schema) -> bool {
        let Some(row) = self.rows.get(self.selected) else { return false };
        match (row.node, row.expanded) {
            (Node::Model(id), Some(open)) => {
                let open = want.unwrap_or(!open);
                let name = schema[id].name.clone();
                if open { self.expanded.insert(name) } else { self.expanded.remove(&name) }
            }
            (Node::Enums, Some(open)) => {
                let open = want.unwrap_or(!open);
                std::mem::replace(&mut self.enums_expanded, open) != open
            }
            (node, None) if want == Some(false) => {
                let parent = match node {
                    Node::Enum(_) => self.rows.iter().position(|r| r.node == Node::Enums),
                    other => model_of(other).and_then(|m| self.rows.iter().position(|r| r.node == Node::Model(m))),
                };
                if let Some(p) = parent {
                    self.selected = p;
                }
                false
            }
            _ => false,
        }
    }

    /// Scrolls so the selection is inside a window of `height` rows.
    pub fn scroll_into_view(&mut self, height: usize) {
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        self.offset = self.offset.min(self.rows.len().saturating_sub(1));
    }
}

/// The model a node belongs to.
pub fn model_of(node: Node) -> Option<ModelId> {
    match node {
        Node::Model(m) | Node::Field(m, _) | Node::Relation(m, _) => Some(m),
        Node::Enums | Node::Enum(_) | Node::Kept(_) => None,
    }
}

/// A model's change in a word, with how many items a changed one has.
fn change_detail(e: &change::Entry) -> String {
    match e.kind {
        change::Kind::Changed => format!("changed ({})", e.items.len()),
        kind => kind.word().to_string(),
    }
}

fn same_model(a: Node, b: Node) -> bool {
    model_of(a).is_some() && model_of(a) == model_of(b) && !matches!(a, Node::Model(_)) && !matches!(b, Node::Model(_))
}

fn marker(src: &TreeSource<'_>, id: ModelId) -> Marker {
    let name = &src.schema[id].name;
    if src.errors.contains(name) {
        return Marker::Error;
    }
    if src.schema.open_questions().any(|q| q.model.as_deref() == Some(name.as_str())) {
        return Marker::Question;
    }
    match src.status.get(name).copied().unwrap_or_default() {
        ModelStatus::Pending => Marker::Pending,
        ModelStatus::Confirmed => Marker::Confirmed,
        ModelStatus::Skipped => Marker::Skipped,
    }
}

/// A model's scalar fields, then its relation fields, with a one-line summary each.
fn members(schema: &Schema, id: ModelId) -> Vec<(Node, String, String)> {
    let model = &schema[id];
    let mut out: Vec<(Node, String, String)> = model
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let mut ty = schema.field_type(f);
            if f.id {
                ty.push_str(" id");
            }
            (Node::Field(id, i), f.name.clone(), ty)
        })
        .collect();
    for (rid, r) in schema.relations_of(id).filter(|(_, r)| r.is_emitted()) {
        let (one, many) = (cardinality(r.kind, true), cardinality(r.kind, false));
        if r.holder == id {
            out.push((Node::Relation(id, rid), r.holder_field.clone(), format!("→ {} {one}", schema[r.target].name)));
        }
        if r.target == id {
            out.push((Node::Relation(id, rid), r.target_field.clone(), format!("← {} {many}", schema[r.holder].name)));
        }
    }
    out
}

/// Cardinality as read from the holder (`n:1`) or from the target (`1:n`).
pub fn cardinality(kind: RelationKind, from_holder: bool) -> &'static str {
    match (kind, from_holder) {
        (RelationKind::ManyToOne, true) => "n:1",
        (RelationKind::ManyToOne, false) => "1:n",
        (RelationKind::OneToOne, _) => "1:1",
        (RelationKind::ManyToMany, _) => "n:m",
    }
}

/// Whether the letters of `needle` (lowercase) appear in order in `haystack`.
pub fn fuzzy(needle: &str, haystack: &str) -> bool {
    let mut hay = haystack.chars().flat_map(char::to_lowercase);
    needle.chars().all(|n| hay.any(|h| h == n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::infer::{Settings, infer};
    use crate::ingest::{Source, ingest};
    use crate::model::Decisions;

    fn schema() -> Schema {
        let doc = "### Customer\n| Field | Type |\n|---|---|\n| id | uuid |\n| email | string |\n\n\
                   ### Order\n| Field | Type |\n|---|---|\n| id | uuid |\n| customerId | uuid |\n| status | enum: open, paid |\n";
        infer(&ingest(&[Source::new("d.md", doc)]), &Decisions::default(), &Settings::default()).schema
    }

    fn build(tree: &mut Tree, schema: &Schema, status: &BTreeMap<String, ModelStatus>) {
        tree.rebuild(&TreeSource { schema, status, errors: &BTreeSet::new(), change: None });
    }

    fn labels(tree: &Tree) -> Vec<String> {
        tree.rows.iter().map(|r| format!("{}{}", "  ".repeat(r.depth as usize), r.label)).collect()
    }

    #[test]
    fn models_in_dependency_order_then_enums() {
        let s = schema();
        let mut tree = Tree::default();
        build(&mut tree, &s, &BTreeMap::new());
        assert_eq!(labels(&tree), ["Customer", "Order", "enums"]);
        assert_eq!(tree.rows[0].marker, Some(Marker::Pending));
    }

    #[test]
    fn expanding_shows_fields_and_both_relation_ends() {
        let s = schema();
        let mut tree = Tree::default();
        build(&mut tree, &s, &BTreeMap::new());
        assert!(tree.set_expanded(Some(true), &s));
        build(&mut tree, &s, &BTreeMap::new());
        assert_eq!(labels(&tree), ["Customer", "  id", "  email", "  orders", "Order", "enums"]);
        assert_eq!(tree.rows[3].detail, "← Order 1:n");
        tree.move_by(2);
        // Collapsing on a member goes to its model; collapsing the model hides the members.
        assert!(!tree.set_expanded(Some(false), &s));
        assert_eq!(tree.selected, 0);
        assert!(tree.set_expanded(None, &s));
        build(&mut tree, &s, &BTreeMap::new());
        assert_eq!(tree.rows.len(), 3);
    }

    #[test]
    fn status_markers_and_selection_survive_rebuilds() {
        let s = schema();
        let mut tree = Tree::default();
        build(&mut tree, &s, &BTreeMap::new());
        tree.move_by(1);
        let status = BTreeMap::from([("Order".to_string(), ModelStatus::Confirmed)]);
        build(&mut tree, &s, &status);
        assert_eq!(tree.selected_model(), s.model_by_name("Order"));
        assert_eq!(tree.rows[1].marker, Some(Marker::Confirmed));
        let errors = BTreeSet::from(["Order".to_string()]);
        tree.rebuild(&TreeSource { schema: &s, status: &status, errors: &errors, change: None });
        assert_eq!(tree.rows[1].marker, Some(Marker::Error));
    }

    #[test]
    fn fuzzy_filter_keeps_matching_models_and_opens_member_hits() {
        let s = schema();
        let mut tree = Tree { filter: "cst".into(), ..Tree::default() };
        build(&mut tree, &s, &BTreeMap::new());
        assert_eq!(labels(&tree), ["Customer", "Order", "  customerId", "  customer"]);
        tree.filter = "custid".into();
        build(&mut tree, &s, &BTreeMap::new());
        assert_eq!(labels(&tree), ["Order", "  customerId"]);
        assert!(fuzzy("ordst", "OrderStatus"));
        assert!(!fuzzy("xyz", "Order"));
    }

    #[test]
    fn views_are_listed_with_the_models_and_say_so() {
        let mut s = schema();
        let order = s.model_by_name("Order").expect("Order");
        s[order].kind = crate::model::ModelKind::View;
        let mut tree = Tree::default();
        build(&mut tree, &s, &BTreeMap::new());
        assert_eq!(labels(&tree), ["Customer", "Order", "enums"]);
        assert_eq!((tree.rows[0].detail.as_str(), tree.rows[1].detail.as_str()), ("2 fields", "view · 3 fields"));
    }

    #[test]
    fn scrolling_keeps_the_selection_visible() {
        let row = |i: usize| Row {
            node: Node::Enums,
            depth: 0,
            label: i.to_string(),
            detail: String::new(),
            marker: None,
            change: None,
            expanded: None,
        };
        let mut tree = Tree { rows: (0..20).map(row).collect(), ..Tree::default() };
        tree.selected = 15;
        tree.scroll_into_view(5);
        assert_eq!(tree.offset, 11);
        tree.selected = 3;
        tree.scroll_into_view(5);
        assert_eq!(tree.offset, 3);
        tree.move_by(-10);
        assert_eq!(tree.selected, 0);
    }
}
