//! Partnership groups (教育共同体): the connected components of the partnership graph.

use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::unionfind::UnionFind;
use serde::Serialize;

/// One edge of the partnership graph (教育共同体, "1+X" pairing).
#[derive(Debug, Clone, Serialize)]
pub struct Partnership {
    /// Index into `County::schools` of one school of the pair.
    pub school_a: usize,
    /// Index into `County::schools` of the other school, never the same as `school_a`.
    pub school_b: usize,
    /// The `kind` column as written, e.g. `1+X`; `partner` when empty. Not used by the rules.
    pub kind: String,
}

/// A partnership group: a connected component of the partnership graph.
#[derive(Debug, Clone, Serialize)]
pub struct PartnershipGroup {
    /// 1-based group number, ordered by the group's first school in `schools.csv`.
    pub number: usize,
    /// Indices into `County::schools`, in file order.
    pub schools: Vec<usize>,
}

/// The partnership graph over all schools: one node per school (node index = school
/// index), one edge per row of `partnerships.csv`.
pub fn partnership_graph(schools: usize, partnerships: &[Partnership]) -> UnGraph<usize, String> {
    let mut graph = UnGraph::with_capacity(schools, partnerships.len());
    for s in 0..schools {
        graph.add_node(s);
    }
    for p in partnerships {
        graph.add_edge(
            NodeIndex::new(p.school_a),
            NodeIndex::new(p.school_b),
            p.kind.clone(),
        );
    }
    graph
}

/// Groups are the connected components; a school without an edge is a group of its own.
/// Groups are numbered by their first school in file order, so the numbering is stable.
pub fn partnership_groups(
    schools: usize,
    partnerships: &[Partnership],
) -> (Vec<PartnershipGroup>, Vec<usize>) {
    let graph = partnership_graph(schools, partnerships);
    let mut components = UnionFind::<usize>::new(graph.node_count());
    for edge in graph.raw_edges() {
        components.union(edge.source().index(), edge.target().index());
    }
    let mut group_of = vec![usize::MAX; schools];
    let mut groups: Vec<PartnershipGroup> = Vec::new();
    let mut group_of_root = std::collections::HashMap::new();
    for (s, slot) in group_of.iter_mut().enumerate() {
        let root = components.find(s);
        let g = *group_of_root.entry(root).or_insert_with(|| {
            groups.push(PartnershipGroup {
                number: groups.len() + 1,
                schools: Vec::new(),
            });
            groups.len() - 1
        });
        groups[g].schools.push(s);
        *slot = g;
    }
    (groups, group_of)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edge(a: usize, b: usize) -> Partnership {
        Partnership {
            school_a: a,
            school_b: b,
            kind: "1+X".into(),
        }
    }

    #[test]
    fn groups_are_connected_components_with_singletons() {
        // 0-1-2 chained, 3 alone, 4-5 paired.
        let (groups, group_of) = partnership_groups(6, &[edge(0, 1), edge(2, 1), edge(5, 4)]);
        let members: Vec<Vec<usize>> = groups.iter().map(|g| g.schools.clone()).collect();
        assert_eq!(members, vec![vec![0, 1, 2], vec![3], vec![4, 5]]);
        assert_eq!(group_of, vec![0, 0, 0, 1, 2, 2]);
        assert_eq!(groups[2].number, 3);
    }

    #[test]
    fn no_edges_means_every_school_alone() {
        let (groups, _) = partnership_groups(3, &[]);
        assert_eq!(groups.len(), 3);
    }
}
