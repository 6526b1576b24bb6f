//! Travel on roads: an optional `roads.csv` (`from, to, minutes` between named places)
//! turns commutes into the shortest travel time on that network (Dijkstra), in
//! minutes. Schools sit at their `place` (else at the place named by their id, else at
//! the nearest place that is some school's); homes at their `home_place` (else at the
//! place of the school nearest to the home position, else at the current school).

use crate::input::table::Table;
use crate::model::county::County;
use crate::model::diagnostics::Diagnostics;
use crate::model::input_message::InputMessage;
use crate::model::travel::TravelTimes;
use crate::model::travel_message::TravelMessage;
use petgraph::algo::dijkstra;
use petgraph::graph::{NodeIndex, UnGraph};
use std::collections::HashMap;

/// The road network: places and two-way roads, a road listed twice keeps its
/// shorter time.
pub struct RoadNetwork {
    /// Places as nodes (their names) and roads as two-way edges weighted by travel time,
    /// minutes.
    pub graph: UnGraph<String, f64>,
    /// The node of each place name.
    pub places: HashMap<String, NodeIndex>,
}

impl RoadNetwork {
    /// Reads the `from, to, minutes` table (headers already canonical).
    pub fn from_table(table: &Table, diags: &mut Diagnostics) -> Option<RoadNetwork> {
        if !table.check_header(
            &["from", "to", "minutes"],
            &["from", "to", "minutes"],
            diags,
        ) {
            return None;
        }
        let col = |n: &str| table.column(n).expect("checked header");
        let (cf, ct, cm) = (col("from"), col("to"), col("minutes"));
        let mut net = RoadNetwork {
            graph: UnGraph::new_undirected(),
            places: HashMap::new(),
        };
        let mut best: HashMap<(NodeIndex, NodeIndex), f64> = HashMap::new();
        for (line, fields) in &table.rows {
            let mut ok = true;
            for c in [cf, ct] {
                if fields[c].is_empty() {
                    diags.error(
                        &table.file,
                        Some(*line),
                        Some((c + 1, table.label(c))),
                        InputMessage::Travel(TravelMessage::EmptyPlace),
                    );
                    ok = false;
                }
            }
            let minutes = fields[cm]
                .parse::<f64>()
                .ok()
                .filter(|m| m.is_finite() && *m >= 0.0);
            if minutes.is_none() {
                diags.error(
                    &table.file,
                    Some(*line),
                    Some((cm + 1, table.label(cm))),
                    InputMessage::Travel(TravelMessage::BadFigure {
                        raw: fields[cm].clone(),
                        minutes: true,
                    }),
                );
                ok = false;
            }
            if !ok {
                continue;
            }
            let a = net.node(&fields[cf]);
            let b = net.node(&fields[ct]);
            let key = (a.min(b), a.max(b));
            let m = minutes.expect("checked");
            let e = best.entry(key).or_insert(m);
            *e = e.min(m);
        }
        let mut edges: Vec<_> = best.into_iter().collect();
        edges.sort_by_key(|(k, _)| *k);
        for ((a, b), m) in edges {
            net.graph.add_edge(a, b, m);
        }
        Some(net)
    }

    fn node(&mut self, name: &str) -> NodeIndex {
        if let Some(&n) = self.places.get(name) {
            return n;
        }
        let n = self.graph.add_node(name.to_string());
        self.places.insert(name.to_string(), n);
        n
    }

    /// Shortest minutes from `from` to every reachable place.
    pub fn shortest_from(&self, from: NodeIndex) -> HashMap<NodeIndex, f64> {
        dijkstra(&self.graph, from, None, |e| *e.weight())
            .into_iter()
            .collect()
    }
}

/// The places a table names explicitly in `column` (`place` of schools.csv,
/// `home_place` of teachers.csv), by row id; a place `known` does not accept is an
/// error naming `source` (roads.csv or distances.csv), the file that lists places.
pub(crate) fn explicit_places(
    table: &Table,
    column: &str,
    known: &dyn Fn(&str) -> bool,
    source: &str,
    diags: &mut Diagnostics,
) -> HashMap<String, String> {
    let mut out: HashMap<String, String> = HashMap::new();
    let (Some(id), Some(c)) = (table.column("id"), table.column(column)) else {
        return out;
    };
    for (line, fields) in &table.rows {
        let place = &fields[c];
        if place.is_empty() {
            continue;
        }
        if !known(place) {
            diags.error(
                &table.file,
                Some(*line),
                Some((c + 1, table.label(c))),
                InputMessage::Travel(TravelMessage::UnknownPlace {
                    place: place.clone(),
                    table: source.to_string(),
                }),
            );
        } else {
            out.insert(fields[id].clone(), place.clone());
        }
    }
    out
}

/// Builds the travel times of a county from its road table and the `place` and
/// `home_place` columns of the school and teacher tables. Unknown places and
/// unreachable schools or homes are errors in `diags`.
pub fn travel_times(
    county: &County,
    roads: &Table,
    schools: &Table,
    teachers: &Table,
    diags: &mut Diagnostics,
) -> Option<TravelTimes> {
    let net = RoadNetwork::from_table(roads, diags)?;
    if net.places.is_empty() {
        diags.error(
            &roads.file,
            Some(roads.header_line + 1),
            None,
            InputMessage::Travel(TravelMessage::NoRoads),
        );
        return None;
    }
    let errors_before = diags.0.len();
    // Explicit places by id, checked against the network.
    let known = |place: &str| net.places.contains_key(place);
    let explicit = |table: &Table, column: &str, diags: &mut Diagnostics| {
        explicit_places(table, column, &known, &roads.file, diags)
    };
    let school_explicit = explicit(schools, "place", diags);
    let home_explicit = explicit(teachers, "home_place", diags);
    // Schools first: explicit place, else their id when it is a place.
    let mut school_place: Vec<Option<String>> = county
        .schools
        .iter()
        .map(|s| {
            school_explicit
                .get(&s.id.0)
                .cloned()
                .or_else(|| net.places.contains_key(&s.id.0).then(|| s.id.0.clone()))
        })
        .collect();
    let anchors: Vec<(usize, String)> = school_place
        .iter()
        .enumerate()
        .filter_map(|(s, p)| p.clone().map(|p| (s, p)))
        .collect();
    if anchors.is_empty() {
        diags.error(
            &roads.file,
            None,
            None,
            InputMessage::Travel(TravelMessage::NoSchoolOnNetwork),
        );
        return None;
    }
    let nearest = |pos: &crate::model::county::Position| {
        anchors
            .iter()
            .min_by(|a, b| {
                let da = pos.distance_km(&county.schools[a.0].position);
                let db = pos.distance_km(&county.schools[b.0].position);
                da.total_cmp(&db)
            })
            .map(|a| a.1.clone())
            .expect("anchors is not empty")
    };
    for (s, place) in school_place.iter_mut().enumerate() {
        if place.is_none() {
            *place = Some(nearest(&county.schools[s].position));
        }
    }
    let school_place: Vec<String> = school_place.into_iter().map(|p| p.expect("set")).collect();
    let home_place: Vec<String> = county
        .teachers
        .iter()
        .map(|t| {
            home_explicit
                .get(&t.id.0)
                .cloned()
                .or_else(|| t.home.as_ref().map(&nearest))
                .unwrap_or_else(|| school_place[t.school].clone())
        })
        .collect();
    if diags.0.len() > errors_before && diags.has_errors() {
        return None;
    }
    // One Dijkstra per school (roads are two-way, so school → home is home → school).
    let mut from_school: Vec<HashMap<NodeIndex, f64>> = Vec::new();
    for place in &school_place {
        from_school.push(net.shortest_from(net.places[place]));
    }
    let mut ok = true;
    let first = &school_place[0];
    for (s, school) in county.schools.iter().enumerate().skip(1) {
        if !from_school[0].contains_key(&net.places[&school_place[s]]) {
            diags.error(
                &roads.file,
                None,
                None,
                InputMessage::Travel(TravelMessage::SchoolUnreachable {
                    school: school.id.to_string(),
                    place: school_place[s].clone(),
                    first_school: county.schools[0].id.to_string(),
                    first_place: first.clone(),
                }),
            );
            ok = false;
        }
    }
    let mut by_teacher = Vec::with_capacity(county.teachers.len());
    for (t, teacher) in county.teachers.iter().enumerate() {
        let home = net.places[&home_place[t]];
        let row: Vec<f64> = from_school
            .iter()
            .map(|d| d.get(&home).copied().unwrap_or(f64::INFINITY))
            .collect();
        if ok && row[teacher.school].is_infinite() {
            diags.error(
                &roads.file,
                None,
                None,
                InputMessage::Travel(TravelMessage::HomeUnreachable {
                    teacher: teacher.id.to_string(),
                    place: home_place[t].clone(),
                }),
            );
            ok = false;
        }
        by_teacher.push(row);
    }
    ok.then_some(TravelTimes {
        by_teacher,
        school_place,
        home_place,
        unit: crate::model::travel::CommuteUnit::Minutes,
        positions_from_table: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[(&str, &str, &str)]) -> Table {
        let header = (1, vec!["from".into(), "to".into(), "minutes".into()]);
        let rows =
            std::iter::once(header)
                .chain(rows.iter().enumerate().map(|(i, (a, b, m))| {
                    (i + 2, vec![a.to_string(), b.to_string(), m.to_string()])
                }))
                .collect();
        Table::from_rows("roads.csv".into(), rows, true)
    }

    #[test]
    fn shortest_path_takes_the_cheaper_detour() {
        // A–B 10, B–C 10, A–C 30, C–D 5, A–B again at 12 (the shorter road is kept).
        let t = table(&[
            ("A", "B", "10"),
            ("B", "C", "10"),
            ("A", "C", "30"),
            ("C", "D", "5"),
            ("B", "A", "12"),
        ]);
        let mut d = Diagnostics::default();
        let net = RoadNetwork::from_table(&t, &mut d).unwrap();
        assert!(!d.has_errors());
        let dist = net.shortest_from(net.places["A"]);
        assert_eq!(dist[&net.places["C"]], 20.0);
        assert_eq!(dist[&net.places["D"]], 25.0);
        let back = net.shortest_from(net.places["D"]);
        assert_eq!(back[&net.places["A"]], 25.0);
    }

    #[test]
    fn bad_minutes_are_named() {
        let t = table(&[("A", "B", "ten")]);
        let mut d = Diagnostics::default();
        RoadNetwork::from_table(&t, &mut d);
        let msg = d.to_string();
        assert!(msg.contains("roads.csv:2:3 (column `minutes`)"), "{msg}");
    }
}
