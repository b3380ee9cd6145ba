//! The relation graph as a UI-free layout: boxes for models and orthogonal edges labelled
//! with cardinality and relation name, in layers taken from the dependency order (a model
//! sits below every model it points at), so the picture reads top-down instead of a hairball.
//!
//! Two views share one layout routine: a model's neighbourhood (what it points at above it,
//! what points at it below) and the whole schema. Edges between the same two models more
//! than once — the ones that needed relation names — are marked ambiguous.

use super::tree::cardinality;
use crate::model::{ModelId, RelationId, RelationKind, Schema};
use std::collections::BTreeMap;

/// Which picture the graph pane shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GraphMode {
    #[default]
    Neighbours,
    Whole,
}

/// A model's box, in layout cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeBox {
    pub model: ModelId,
    pub label: String,
    pub x: u16,
    pub y: u16,
    pub w: u16,
    pub h: u16,
    /// The selected model.
    pub focus: bool,
}

/// An edge as an orthogonal polyline from the holder's box to the target's box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub relation: RelationId,
    pub label: String,
    pub ambiguous: bool,
    /// Corner points; the last one is the cell next to the target box, where the arrow goes.
    pub points: Vec<(u16, u16)>,
    /// Where the label starts.
    pub label_at: (u16, u16),
}

/// Boxes and edges with the size of the whole drawing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Layout {
    pub nodes: Vec<NodeBox>,
    pub edges: Vec<Edge>,
    pub width: u16,
    pub height: u16,
}

impl Layout {
    /// The box of `model`, if drawn.
    pub fn node(&self, model: ModelId) -> Option<&NodeBox> {
        self.nodes.iter().find(|n| n.model == model)
    }

    /// The model whose box covers the cell, for mouse clicks.
    pub fn hit(&self, x: u16, y: u16) -> Option<ModelId> {
        self.nodes.iter().find(|n| x >= n.x && x < n.x + n.w && y >= n.y && y < n.y + n.h).map(|n| n.model)
    }
}

const BOX_H: u16 = 3;
const GAP_X: u16 = 3;

/// The layout for `mode` around `focus`.
pub fn layout(schema: &Schema, mode: GraphMode, focus: Option<ModelId>) -> Layout {
    match (mode, focus) {
        (GraphMode::Whole, _) => whole(schema, focus),
        (GraphMode::Neighbours, Some(f)) if f.index() < schema.models.len() => neighbourhood(schema, f),
        (GraphMode::Neighbours, _) => Layout::default(),
    }
}

/// `center` with the models it points at in the row above and the ones pointing at it below.
pub fn neighbourhood(schema: &Schema, center: ModelId) -> Layout {
    let mut above = Vec::new();
    let mut below = Vec::new();
    let mut edges = Vec::new();
    for (rid, r) in schema.relations_of(center).filter(|(_, r)| r.is_emitted() && r.holder != r.target) {
        let other = if r.holder == center { r.target } else { r.holder };
        if !above.contains(&other) && !below.contains(&other) {
            if r.holder == center { above.push(other) } else { below.push(other) }
        }
        edges.push(rid);
    }
    let rows: Vec<Vec<ModelId>> = [above, vec![center], below].into_iter().filter(|r| !r.is_empty()).collect();
    place(schema, &rows, &edges, Some(center))
}

/// Every model, layered by dependency depth, ordered within a layer by where its targets sit.
pub fn whole(schema: &Schema, focus: Option<ModelId>) -> Layout {
    // What each model points at, once: the layering below visits it twice per model.
    let mut targets: Vec<Vec<ModelId>> = vec![Vec::new(); schema.models.len()];
    for r in schema.relations.iter().filter(|r| r.holder != r.target && r.kind != RelationKind::ManyToMany) {
        targets[r.holder.index()].push(r.target);
    }
    let mut depth: Vec<Option<usize>> = vec![None; schema.models.len()];
    for &id in &schema.order {
        // Targets later in the order (a cycle) do not push a model down.
        let d = targets[id.index()].iter().filter_map(|t| depth[t.index()].map(|d| d + 1)).max().unwrap_or(0);
        depth[id.index()] = Some(d);
    }
    let layers = depth.iter().flatten().max().map_or(0, |d| d + 1);
    let mut rows: Vec<Vec<ModelId>> = vec![Vec::new(); layers];
    for &id in &schema.order {
        if let Some(d) = depth[id.index()] {
            rows[d].push(id);
        }
    }
    // One barycentre pass: each model near the average position of what it points at.
    let mut position: Vec<Option<f32>> = vec![None; schema.models.len()];
    for row in &mut rows {
        let key = |id: &ModelId| {
            let xs: Vec<f32> = targets[id.index()].iter().filter_map(|t| position[t.index()]).collect();
            if xs.is_empty() { f32::MAX } else { xs.iter().sum::<f32>() / xs.len() as f32 }
        };
        let mut keyed: Vec<(f32, usize, ModelId)> = row.iter().enumerate().map(|(i, id)| (key(id), i, *id)).collect();
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        *row = keyed.into_iter().map(|(_, _, id)| id).collect();
        for (i, id) in row.iter().enumerate() {
            position[id.index()] = Some(i as f32);
        }
    }
    let edges: Vec<RelationId> = schema
        .relations
        .iter()
        .enumerate()
        .filter(|(_, r)| r.is_emitted() && r.holder != r.target)
        .map(|(i, _)| RelationId(i as u32))
        .collect();
    place(schema, &rows, &edges, focus)
}

/// Places rows of boxes and routes each edge through the gap above its lower end.
fn place(schema: &Schema, rows: &[Vec<ModelId>], edges: &[RelationId], focus: Option<ModelId>) -> Layout {
    let mut row_of: BTreeMap<ModelId, usize> = BTreeMap::new();
    let mut nodes: Vec<NodeBox> = Vec::new();
    // Each row's nodes are contiguous in `nodes`: (start, end, width) per row.
    let mut spans: Vec<(usize, usize, u16)> = Vec::with_capacity(rows.len());
    let mut width = 0u16;
    for (r, row) in rows.iter().enumerate() {
        let (start, mut x) = (nodes.len(), 0u16);
        for &id in row {
            let label = schema[id].name.clone();
            let w = label.chars().count() as u16 + 4;
            nodes.push(NodeBox { model: id, label, x, y: 0, w, h: BOX_H, focus: Some(id) == focus });
            row_of.insert(id, r);
            x = x.saturating_add(w + GAP_X);
        }
        spans.push((start, nodes.len(), x.saturating_sub(GAP_X)));
        width = width.max(x.saturating_sub(GAP_X));
    }
    // Centre each row under the widest one.
    for &(start, end, row_width) in &spans {
        let shift = (width - row_width) / 2;
        nodes[start..end].iter_mut().for_each(|n| n.x += shift);
    }
    let index: BTreeMap<ModelId, usize> = nodes.iter().enumerate().map(|(i, n)| (n.model, i)).collect();
    let pairs = pair_counts(schema, edges);

    // Edges grouped by the row of their lower end; each gets a lane in that row's gap,
    // lanes shared by edges whose horizontal runs do not overlap.
    struct Pending {
        relation: RelationId,
        lower: usize,
        upper: usize,
        from_x: u16,
        to_x: u16,
    }
    let mut pending: Vec<Pending> = Vec::new();
    let mut outgoing: BTreeMap<usize, usize> = BTreeMap::new();
    let mut incoming: BTreeMap<usize, usize> = BTreeMap::new();
    for &rid in edges {
        let r = &schema[rid];
        let (Some(&h), Some(&t)) = (index.get(&r.holder), index.get(&r.target)) else { continue };
        // The lower box starts the edge; in a cycle or a same-row pair the holder does.
        let (lower, upper) = if row_of[&nodes[t].model] > row_of[&nodes[h].model] { (t, h) } else { (h, t) };
        *outgoing.entry(lower).or_default() += 1;
        *incoming.entry(upper).or_default() += 1;
        pending.push(Pending { relation: rid, lower, upper, from_x: 0, to_x: 0 });
    }
    let spread = |n: &NodeBox, i: usize, count: usize| n.x + 1 + ((2 * i + 1) as u16 * (n.w - 2)) / (2 * count as u16);
    let (mut out_seen, mut in_seen): (BTreeMap<usize, usize>, BTreeMap<usize, usize>) = Default::default();
    for p in &mut pending {
        let o = out_seen.entry(p.lower).or_default();
        p.from_x = spread(&nodes[p.lower], *o, outgoing[&p.lower]);
        *o += 1;
        let i = in_seen.entry(p.upper).or_default();
        p.to_x = spread(&nodes[p.upper], *i, incoming[&p.upper]);
        *i += 1;
    }
    let mut lanes: BTreeMap<usize, Vec<u16>> = BTreeMap::new(); // per lower row: last x used per lane
    let mut lane_of: Vec<usize> = Vec::with_capacity(pending.len());
    for p in &pending {
        let row = row_of[&nodes[p.lower].model];
        let label_len = edge_label(schema, p.relation).chars().count() as u16;
        let (lo, hi) = (p.from_x.min(p.to_x), p.from_x.max(p.to_x).max(p.from_x + 1 + label_len));
        let row_lanes = lanes.entry(row).or_default();
        let lane = match row_lanes.iter().position(|&end| end + 1 < lo) {
            Some(l) => l,
            None => {
                row_lanes.push(0);
                row_lanes.len() - 1
            }
        };
        row_lanes[lane] = hi;
        lane_of.push(lane);
    }
    // Row tops: each gap holds the arrow line, the lanes, and the line the edges leave from.
    let mut top = vec![0u16; rows.len()];
    for r in 1..rows.len() {
        let lanes_here = lanes.get(&r).map_or(0, Vec::len).max(1) as u16;
        top[r] = top[r - 1] + BOX_H + 2 + lanes_here;
    }
    for n in &mut nodes {
        n.y = top[row_of[&n.model]];
    }
    let edges_out = pending
        .iter()
        .zip(&lane_of)
        .map(|(p, &lane)| {
            let (l, u) = (&nodes[p.lower], &nodes[p.upper]);
            let same_row = l.y == u.y;
            let lane_y = if same_row { l.y.saturating_sub(2 + lane as u16) } else { l.y - 2 - lane as u16 };
            let end_y = if same_row { u.y.saturating_sub(1) } else { u.y + u.h };
            let start = (p.from_x, l.y.saturating_sub(1));
            let points = vec![start, (p.from_x, lane_y), (p.to_x, lane_y), (p.to_x, end_y)];
            Edge {
                relation: p.relation,
                label: edge_label(schema, p.relation),
                ambiguous: pairs.get(&pair(schema, p.relation)).is_some_and(|&c| c > 1),
                points,
                label_at: (p.from_x + 1, lane_y),
            }
        })
        .collect::<Vec<_>>();
    let label_right = edges_out.iter().map(|e| e.label_at.0 + e.label.chars().count() as u16).max().unwrap_or(0);
    let height = nodes.iter().map(|n| n.y + n.h).max().unwrap_or(0);
    Layout { nodes, edges: edges_out, width: width.max(label_right), height }
}

/// `n:1 venue` or `n:1 EventPromoter` when the relation is named.
pub fn edge_label(schema: &Schema, rid: RelationId) -> String {
    let r = &schema[rid];
    let card = cardinality(r.kind, true);
    match &r.name {
        Some(name) => format!("{card} {name}"),
        None => format!("{card} {}", r.holder_field),
    }
}

fn pair(schema: &Schema, rid: RelationId) -> (ModelId, ModelId) {
    let r = &schema[rid];
    (r.holder.min(r.target), r.holder.max(r.target))
}

fn pair_counts(schema: &Schema, edges: &[RelationId]) -> BTreeMap<(ModelId, ModelId), usize> {
    let mut counts = BTreeMap::new();
    for &e in edges {
        *counts.entry(pair(schema, e)).or_default() += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::infer::{Settings, infer};
    use crate::ingest::{Source, ingest};
    use crate::model::Decisions;

    fn ticketing() -> Schema {
        let text = include_str!("../../examples/ticketing/docs/design.md");
        infer(&ingest(&[Source::new("design.md", text)]), &Decisions::default(), &Settings::default()).schema
    }

    #[test]
    fn neighbourhood_puts_targets_above_and_holders_below() {
        let s = ticketing();
        let event = s.model_by_name("Event").expect("Event");
        let g = neighbourhood(&s, event);
        let y = |name: &str| g.node(s.model_by_name(name).expect("model")).map(|n| n.y);
        assert_eq!(y("Venue"), y("Promoter"));
        assert!(y("Venue") < y("Event"));
        assert!(y("Event") < y("Order"));
        assert_eq!(y("Order"), y("TicketType"));
        assert_eq!(g.edges.len(), 5);
        // The two Event → Promoter relations are the ambiguous pair, labelled by name.
        let ambiguous: Vec<&str> = g.edges.iter().filter(|e| e.ambiguous).map(|e| e.label.as_str()).collect();
        assert_eq!(ambiguous, ["n:1 EventPromoter", "n:1 EventHost"]);
        assert!(g.node(event).is_some_and(|n| n.focus));
    }

    #[test]
    fn whole_schema_layers_follow_dependency_order() {
        let s = ticketing();
        let g = whole(&s, None);
        assert_eq!(g.nodes.len(), s.models.len());
        for r in s.relations.iter().filter(|r| r.holder != r.target) {
            let (h, t) = (g.node(r.holder).expect("holder"), g.node(r.target).expect("target"));
            assert!(t.y < h.y, "{} sits above {}", s[r.target].name, s[r.holder].name);
        }
        // No two boxes overlap.
        for (i, a) in g.nodes.iter().enumerate() {
            for b in &g.nodes[i + 1..] {
                let apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
                assert!(apart, "{} overlaps {}", a.label, b.label);
            }
        }
        let first = &g.nodes[0];
        assert_eq!(g.hit(first.x + 1, first.y + 1), Some(first.model));
    }

    #[test]
    fn edges_end_beside_their_target() {
        let s = ticketing();
        let g = whole(&s, None);
        for e in &g.edges {
            let target = g.node(s[e.relation].target).expect("target");
            let &(x, y) = e.points.last().expect("points");
            assert!(x > target.x && x < target.x + target.w);
            assert_eq!(y, target.y + target.h);
        }
    }
}
