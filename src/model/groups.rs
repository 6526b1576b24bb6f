//! Partnership groups (教育共同体): the connected components of the partnership graph.

use crate::model::county::{County, Partnership, PartnershipGroup, Zone};
use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::unionfind::UnionFind;
use serde::Serialize;

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

/// What `rotation groups` shows of one group.
#[derive(Debug, Clone, Serialize)]
pub struct GroupSummary {
    pub number: usize,
    pub schools: Vec<String>,
    pub urban_schools: usize,
    pub rural_schools: usize,
    pub teachers: usize,
    pub students: u64,
    /// Set when the group cannot host urban–rural exchange on its own.
    pub warning: Option<String>,
}

pub fn summarize_groups(county: &County) -> Vec<GroupSummary> {
    let staff = county.staff();
    county
        .groups
        .iter()
        .map(|g| {
            let urban = g
                .schools
                .iter()
                .filter(|&&s| county.schools[s].zone == Zone::Urban)
                .count();
            let rural = g.schools.len() - urban;
            let warning = match (urban, rural) {
                (0, _) => Some(format!(
                    "group {} has no urban school: cross-zone exchange must leave the group",
                    g.number
                )),
                (_, 0) => Some(format!(
                    "group {} has no rural school: cross-zone exchange must leave the group",
                    g.number
                )),
                _ => None,
            };
            GroupSummary {
                number: g.number,
                schools: g
                    .schools
                    .iter()
                    .map(|&s| county.schools[s].id.0.clone())
                    .collect(),
                urban_schools: urban,
                rural_schools: rural,
                teachers: g.schools.iter().map(|&s| staff[s] as usize).sum(),
                students: g
                    .schools
                    .iter()
                    .map(|&s| county.schools[s].students as u64)
                    .sum(),
                warning,
            }
        })
        .collect()
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
