//! Commutes from a distance table: an optional `distances.csv` (sheet 距离) with
//! `from, to` and a value column whose header gives the unit — `km` (公里) or
//! `minutes` (分钟) — for a county office that has township names, not a grid.
//!
//! The rules (also in `docs/format.md`):
//! - Places are school ids (or a school's `place`) and teachers' `home_place`; a
//!   teacher without one commutes from the current school.
//! - A pair given one way holds both ways; given both ways, each direction keeps its
//!   own figure. A pair given twice in the same direction with two figures is an error.
//! - A missing pair is the shortest chain of given pairs (as a driver goes through the
//!   next township): a table of neighbouring places is enough, and a complete table of
//!   real shortest routes is read unchanged. Two schools (or a home and its school)
//!   with no chain between them are an error that names the pair.
//! - Coordinates become optional: with them the map is drawn as usual and commutes
//!   come from the table; without them the map is laid out from the table (classical
//!   multidimensional scaling) and says so. A county gives either `roads.csv` or
//!   `distances.csv`.

use crate::input::table::Table;
use crate::model::county::{County, Position};
use crate::model::diagnostics::Diagnostics;
use crate::model::input_message::InputMessage;
use crate::model::travel::{CommuteUnit, TravelTimes};
use crate::model::travel_message::TravelMessage;
use petgraph::algo::dijkstra;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{EdgeRef, Reversed};
use std::collections::{BTreeMap, HashMap};

/// File name of the distance table in an instance folder (optional).
pub const DISTANCES_FILE: &str = "distances.csv";

/// The given distances: places as nodes, one directed edge per direction.
pub struct DistanceTable {
    /// Places (their names) and the given figures as directed edges.
    pub graph: DiGraph<String, f64>,
    /// The node of each place name.
    pub places: HashMap<String, NodeIndex>,
    /// km or minutes, from the value column's header.
    pub unit: CommuteUnit,
}

impl DistanceTable {
    /// Reads the `from, to, km|minutes` table (headers already canonical).
    pub fn from_table(table: &Table, diags: &mut Diagnostics) -> Option<DistanceTable> {
        if !table.check_header(&["from", "to", "km", "minutes"], &["from", "to"], diags) {
            return None;
        }
        let (unit, cv) = match (table.column("km"), table.column("minutes")) {
            (Some(c), None) => (CommuteUnit::Km, c),
            (None, Some(c)) => (CommuteUnit::Minutes, c),
            (Some(_), Some(_)) => {
                diags.error(
                    &table.file,
                    Some(table.header_line),
                    None,
                    InputMessage::Travel(TravelMessage::BothUnits),
                );
                return None;
            }
            (None, None) => {
                diags.error(
                    &table.file,
                    Some(table.header_line),
                    None,
                    InputMessage::Travel(TravelMessage::MissingDistanceColumn),
                );
                return None;
            }
        };
        let col = |n: &str| table.column(n).expect("checked header");
        let (cf, ct) = (col("from"), col("to"));
        let mut given: BTreeMap<(String, String), (f64, usize)> = BTreeMap::new();
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
            let value = fields[cv]
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && *v >= 0.0);
            if value.is_none() {
                diags.error(
                    &table.file,
                    Some(*line),
                    Some((cv + 1, table.label(cv))),
                    InputMessage::Travel(TravelMessage::BadFigure {
                        raw: fields[cv].clone(),
                        minutes: unit == CommuteUnit::Minutes,
                    }),
                );
                ok = false;
            }
            if ok && fields[cf] == fields[ct] {
                diags.error(
                    &table.file,
                    Some(*line),
                    Some((ct + 1, table.label(ct))),
                    InputMessage::Travel(TravelMessage::SamePlaceBothEnds {
                        place: fields[ct].clone(),
                    }),
                );
                ok = false;
            }
            if !ok {
                continue;
            }
            let value = value.expect("checked");
            let key = (fields[cf].clone(), fields[ct].clone());
            match given.get(&key) {
                Some(&(v, first)) if v != value => diags.error(
                    &table.file,
                    Some(*line),
                    Some((cv + 1, table.label(cv))),
                    InputMessage::Travel(TravelMessage::GivenAgain {
                        from: key.0.clone(),
                        to: key.1.clone(),
                        here: fields[cv].clone(),
                        before: v,
                        first,
                    }),
                ),
                Some(_) => {}
                None => {
                    given.insert(key, (value, *line));
                }
            }
        }
        let mut t = DistanceTable {
            graph: DiGraph::new(),
            places: HashMap::new(),
            unit,
        };
        for ((a, b), &(v, _)) in &given {
            let (na, nb) = (t.node(a), t.node(b));
            t.graph.add_edge(na, nb, v);
            // One way given: it holds both ways.
            if !given.contains_key(&(b.clone(), a.clone())) {
                t.graph.add_edge(nb, na, v);
            }
        }
        Some(t)
    }

    fn node(&mut self, name: &str) -> NodeIndex {
        if let Some(&n) = self.places.get(name) {
            return n;
        }
        let n = self.graph.add_node(name.to_string());
        self.places.insert(name.to_string(), n);
        n
    }

    /// Shortest figures from every place to `to`.
    fn shortest_to(&self, to: NodeIndex) -> HashMap<NodeIndex, f64> {
        dijkstra(Reversed(&self.graph), to, None, |e| *e.weight())
            .into_iter()
            .collect()
    }

    /// Shortest figures from `from` to every place.
    fn shortest_from(&self, from: NodeIndex) -> HashMap<NodeIndex, f64> {
        dijkstra(&self.graph, from, None, |e| *e.weight())
            .into_iter()
            .collect()
    }
}

/// Builds the commutes of a county from its distance table and the `place` and
/// `home_place` columns of the school and teacher tables. Unknown places and pairs with
/// no chain of given distances are errors in `diags`. When the schools had no
/// coordinates (`positions_from_table`), their positions are laid out from the table.
pub fn distance_times(
    county: &mut County,
    distances: &Table,
    schools: &Table,
    teachers: &Table,
    positions_from_table: bool,
    diags: &mut Diagnostics,
) -> Option<TravelTimes> {
    let errors_before = diags.0.len();
    let table = DistanceTable::from_table(distances, diags)?;
    // A bad row is its own message: the places it would have named are not then
    // reported missing as well.
    if diags.0.len() > errors_before && diags.has_errors() {
        return None;
    }
    let known = |place: &str| table.places.contains_key(place);
    let explicit = |t: &Table, column: &str, diags: &mut Diagnostics| {
        crate::input::roads::explicit_places(t, column, &known, &distances.file, diags)
    };
    let school_explicit = explicit(schools, "place", diags);
    let home_explicit = explicit(teachers, "home_place", diags);
    let mut school_place = Vec::with_capacity(county.schools.len());
    for school in &county.schools {
        match school_explicit.get(&school.id.0) {
            Some(p) => school_place.push(p.clone()),
            None if table.places.contains_key(&school.id.0) => {
                school_place.push(school.id.0.clone())
            }
            None => {
                let line = schools
                    .column("id")
                    .and_then(|c| schools.rows.iter().find(|(_, f)| f[c] == school.id.0))
                    .map(|(l, _)| *l);
                diags.error(
                    &schools.file,
                    line,
                    None,
                    InputMessage::Travel(TravelMessage::SchoolNotInTable {
                        school: school.id.to_string(),
                        table: distances.file.clone(),
                    }),
                );
                school_place.push(String::new());
            }
        }
    }
    if diags.0.len() > errors_before && diags.has_errors() {
        return None;
    }
    let home_place: Vec<String> = county
        .teachers
        .iter()
        .map(|t| {
            home_explicit
                .get(&t.id.0)
                .cloned()
                .unwrap_or_else(|| school_place[t.school].clone())
        })
        .collect();
    // Every school reachable from the first one and back: else the pair is named.
    let nodes: Vec<NodeIndex> = school_place.iter().map(|p| table.places[p]).collect();
    let to_school: Vec<HashMap<NodeIndex, f64>> =
        nodes.iter().map(|&n| table.shortest_to(n)).collect();
    let from_first = table.shortest_from(nodes[0]);
    let mut ok = true;
    for (s, node) in nodes.iter().enumerate().skip(1) {
        for (a, b, known) in [
            (0, s, from_first.contains_key(node)),
            (s, 0, to_school[0].contains_key(node)),
        ] {
            if !known {
                diags.error(
                    &distances.file,
                    None,
                    None,
                    InputMessage::Travel(TravelMessage::NoPath {
                        from: school_place[a].clone(),
                        to: school_place[b].clone(),
                        from_school: county.schools[a].id.to_string(),
                        to_school: county.schools[b].id.to_string(),
                    }),
                );
                ok = false;
            }
        }
    }
    let mut by_teacher = Vec::with_capacity(county.teachers.len());
    for (t, teacher) in county.teachers.iter().enumerate() {
        let home = table.places[&home_place[t]];
        let row: Vec<f64> = to_school
            .iter()
            .map(|d| d.get(&home).copied().unwrap_or(f64::INFINITY))
            .collect();
        if ok && row[teacher.school].is_infinite() {
            diags.error(
                &distances.file,
                None,
                None,
                InputMessage::Travel(TravelMessage::NoPathHome {
                    home: home_place[t].clone(),
                    teacher: teacher.id.to_string(),
                    place: school_place[teacher.school].clone(),
                    school: county.schools[teacher.school].id.to_string(),
                }),
            );
            ok = false;
        }
        by_teacher.push(row);
    }
    if !ok {
        return None;
    }
    if positions_from_table {
        // The map's layout: school-to-school figures, the two directions averaged.
        let n = nodes.len();
        let d: Vec<Vec<f64>> = (0..n)
            .map(|a| {
                (0..n)
                    .map(|b| 0.5 * (to_school[b][&nodes[a]] + to_school[a][&nodes[b]]))
                    .collect()
            })
            .collect();
        for (school, (x, y)) in county.schools.iter_mut().zip(classical_mds(&d)) {
            school.position = Position::Grid { x_km: x, y_km: y };
        }
    }
    Some(TravelTimes {
        by_teacher,
        school_place,
        home_place,
        unit: table.unit,
        positions_from_table,
    })
}

/// Classical multidimensional scaling to the plane: points whose distances come as
/// close as a plane allows to `d` (exact when `d` is a plane's). Deterministic: power
/// iteration from a fixed start, the sign of each axis fixed by the first point.
pub fn classical_mds(d: &[Vec<f64>]) -> Vec<(f64, f64)> {
    let n = d.len();
    if n < 2 {
        return vec![(0.0, 0.0); n];
    }
    // B = −½ J D² J, J the centring matrix.
    let sq: Vec<Vec<f64>> = d
        .iter()
        .map(|r| r.iter().map(|x| x * x).collect())
        .collect();
    let row_mean: Vec<f64> = sq
        .iter()
        .map(|r| r.iter().sum::<f64>() / n as f64)
        .collect();
    let all_mean = row_mean.iter().sum::<f64>() / n as f64;
    let mut b: Vec<Vec<f64>> = (0..n)
        .map(|i| {
            (0..n)
                .map(|j| -0.5 * (sq[i][j] - row_mean[i] - row_mean[j] + all_mean))
                .collect()
        })
        .collect();
    let mut axes = Vec::new();
    for axis in 0..2 {
        let mut v: Vec<f64> = (0..n)
            .map(|i| 1.0 + ((i * 7 + axis * 3) % 11) as f64 / 11.0)
            .collect();
        let mut lambda = 0.0;
        for _ in 0..1000 {
            let w: Vec<f64> = (0..n)
                .map(|i| (0..n).map(|j| b[i][j] * v[j]).sum())
                .collect();
            let norm = w.iter().map(|x| x * x).sum::<f64>().sqrt();
            if norm < 1e-12 {
                lambda = 0.0;
                break;
            }
            let next: Vec<f64> = w.iter().map(|x| x / norm).collect();
            let change: f64 = next.iter().zip(&v).map(|(a, b)| (a - b).abs()).sum();
            v = next;
            lambda = norm;
            if change < 1e-12 {
                break;
            }
        }
        // Fix the sign: the first point with a clear coordinate is on the positive side.
        if let Some(&first) = v.iter().find(|x| x.abs() > 1e-9) {
            if first < 0.0 {
                v.iter_mut().for_each(|x| *x = -*x);
            }
        }
        // Deflate, for the next axis.
        for i in 0..n {
            for j in 0..n {
                b[i][j] -= lambda * v[i] * v[j];
            }
        }
        let scale = lambda.max(0.0).sqrt();
        axes.push(v.into_iter().map(|x| x * scale).collect::<Vec<f64>>());
    }
    (0..n).map(|i| (axes[0][i], axes[1][i])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(header: &str, rows: &[(&str, &str, &str)]) -> Table {
        let header = (1, vec!["from".into(), "to".into(), header.to_string()]);
        let rows =
            std::iter::once(header)
                .chain(rows.iter().enumerate().map(|(i, (a, b, m))| {
                    (i + 2, vec![a.to_string(), b.to_string(), m.to_string()])
                }))
                .collect();
        Table::from_rows("distances.csv".into(), rows, true)
    }

    fn read(header: &str, rows: &[(&str, &str, &str)]) -> (Option<DistanceTable>, String) {
        let mut d = Diagnostics::default();
        let t = DistanceTable::from_table(&table(header, rows), &mut d);
        let msg = d.to_string();
        (t.filter(|_| !d.has_errors()), msg)
    }

    fn between(t: &DistanceTable, a: &str, b: &str) -> Option<f64> {
        t.shortest_from(t.places[a]).get(&t.places[b]).copied()
    }

    #[test]
    fn one_way_holds_both_ways_and_two_ways_keep_their_own() {
        let (t, _) = read("km", &[("A", "B", "10"), ("B", "C", "4"), ("C", "B", "6")]);
        let t = t.unwrap();
        assert_eq!(t.unit, CommuteUnit::Km);
        assert_eq!(between(&t, "B", "A"), Some(10.0));
        assert_eq!(between(&t, "B", "C"), Some(4.0));
        assert_eq!(between(&t, "C", "B"), Some(6.0));
        // Missing pairs: the shortest chain of given ones.
        assert_eq!(between(&t, "A", "C"), Some(14.0));
        assert_eq!(between(&t, "C", "A"), Some(16.0));
    }

    #[test]
    fn the_unit_is_the_value_column() {
        let (t, _) = read("minutes", &[("A", "B", "25")]);
        assert_eq!(t.unwrap().unit, CommuteUnit::Minutes);
    }

    #[test]
    fn a_bad_figure_is_named_by_line_and_column() {
        let (t, msg) = read("km", &[("A", "B", "10"), ("A", "C", "ten"), ("B", "", "3")]);
        assert!(t.is_none());
        assert!(msg.contains("distances.csv:3:3 (column `km`)"), "{msg}");
        assert!(msg.contains("distances.csv:4:2 (column `to`)"), "{msg}");
    }

    #[test]
    fn a_pair_given_twice_with_two_figures_is_refused() {
        let (t, msg) = read(
            "km",
            &[("A", "B", "10"), ("A", "B", "12"), ("A", "B", "10")],
        );
        assert!(t.is_none());
        assert!(msg.contains("line 2"), "{msg}");
        assert_eq!(msg.matches("given again").count(), 1, "{msg}");
    }

    #[test]
    fn a_place_to_itself_is_refused() {
        let (t, msg) = read("km", &[("A", "A", "0")]);
        assert!(t.is_none());
        assert!(msg.contains("both ends"), "{msg}");
    }

    #[test]
    fn mds_recovers_a_plane() {
        let pts = [(0.0, 0.0), (3.0, 0.0), (0.0, 4.0), (5.0, 5.0), (-2.0, 1.0)];
        let dist =
            |a: (f64, f64), b: (f64, f64)| ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
        let d: Vec<Vec<f64>> = pts
            .iter()
            .map(|&a| pts.iter().map(|&b| dist(a, b)).collect())
            .collect();
        let out = classical_mds(&d);
        for i in 0..pts.len() {
            for j in 0..pts.len() {
                assert!((dist(out[i], out[j]) - d[i][j]).abs() < 1e-6, "{i} {j}");
            }
        }
        assert_eq!(out, classical_mds(&d), "deterministic");
    }
}
