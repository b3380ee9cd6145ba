//! Dependency order: a model comes after every model it points at, so files written one
//! per model (and seed data) can follow it. Cycles are named, never fatal: the models of
//! a cycle stay together in document order.

use crate::model::{ModelId, Relation, RelationKind};
use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::BTreeSet;

/// The dependency order of `model_count` models and the cycles among them.
pub fn dependency_order(model_count: usize, relations: &[Relation]) -> (Vec<ModelId>, Vec<Vec<ModelId>>) {
    let mut graph: DiGraph<usize, ()> = DiGraph::with_capacity(model_count, relations.len());
    let nodes: Vec<NodeIndex> = (0..model_count).map(|i| graph.add_node(i)).collect();
    let mut seen = std::collections::HashSet::new();
    for r in relations {
        // Implicit many-to-many puts no order between its sides; self-relations none at all.
        if r.kind == RelationKind::ManyToMany || r.holder == r.target {
            continue;
        }
        // Edge target → holder: the target must exist first. Deduplicated through a set:
        // `update_edge` scans the node's edges, quadratic on a model many others point at.
        if seen.insert((r.target.index(), r.holder.index())) {
            graph.add_edge(nodes[r.target.index()], nodes[r.holder.index()], ());
        }
    }

    // Collapse cycles into components, then order components by Kahn's algorithm, taking
    // the earliest model in document order whenever several are ready.
    let sccs = tarjan_scc(&graph);
    let mut component = vec![0usize; model_count];
    for (c, scc) in sccs.iter().enumerate() {
        for n in scc {
            component[graph[*n]] = c;
        }
    }
    let mut members: Vec<Vec<usize>> = sccs.iter().map(|scc| scc.iter().map(|n| graph[*n]).collect()).collect();
    for m in &mut members {
        m.sort_unstable();
    }
    let mut indegree = vec![0usize; sccs.len()];
    let mut successors: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); sccs.len()];
    for edge in graph.edge_indices() {
        if let Some((a, b)) = graph.edge_endpoints(edge) {
            let (ca, cb) = (component[graph[a]], component[graph[b]]);
            if ca != cb && successors[ca].insert(cb) {
                indegree[cb] += 1;
            }
        }
    }
    // Ready components keyed by their first model's document position.
    let mut ready: BTreeSet<(usize, usize)> =
        (0..sccs.len()).filter(|&c| indegree[c] == 0).map(|c| (members[c][0], c)).collect();
    let mut order = Vec::with_capacity(model_count);
    while let Some((_, c)) = ready.pop_first() {
        order.extend(members[c].iter().map(|&i| ModelId(i as u32)));
        for &next in &successors[c] {
            indegree[next] -= 1;
            if indegree[next] == 0 {
                ready.insert((members[next][0], next));
            }
        }
    }
    let cycles = members
        .into_iter()
        .filter(|m| m.len() > 1)
        .map(|m| m.into_iter().map(|i| ModelId(i as u32)).collect())
        .collect();
    (order, cycles)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Origin;

    fn rel(holder: u32, target: u32) -> Relation {
        Relation {
            kind: RelationKind::ManyToOne,
            holder: ModelId(holder),
            fk_fields: vec![],
            target_fk_fields: vec![],
            target: ModelId(target),
            references: vec![],
            holder_field: String::new(),
            target_field: String::new(),
            name: None,
            via: None,
            on_delete: None,
            on_update: None,
            fk_name: None,
            extra_attributes: Default::default(),
            origin: Origin::Inferred,
            provenance: vec![],
        }
    }

    #[test]
    fn parents_come_first_then_document_order() {
        // 0 points at 2, 1 points at 0.
        let (order, cycles) = dependency_order(3, &[rel(0, 2), rel(1, 0)]);
        assert_eq!(order, vec![ModelId(2), ModelId(0), ModelId(1)]);
        assert!(cycles.is_empty());
    }

    #[test]
    fn cycles_are_named_and_kept() {
        let (order, cycles) = dependency_order(3, &[rel(0, 1), rel(1, 0), rel(2, 2)]);
        assert_eq!(order.len(), 3);
        assert_eq!(cycles, vec![vec![ModelId(0), ModelId(1)]]);
    }
}
