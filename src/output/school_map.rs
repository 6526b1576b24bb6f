//! Long file: the two panels (county, enlarged core) share the projection, the core box
//! and the flow geometry, and the tests check names, counts and escaping on both.
//!
//! The map a leader reads: schools with their names, the flows of teachers per pair of
//! schools with their counts, and — when the urban schools crowd into a small core —
//! that core drawn a second time, enlarged, below the county.
//!
//! On the county panel a crowded core is one box: flows between the core and a town
//! school are summed over the core's schools (one arrow each way, with its count), and
//! the core's schools are named in the enlarged panel, where the flows between them
//! are drawn. Names are placed by `output::map_labels` (no two overlap). The markup is
//! `templates/chart/school_map.svg`.

use crate::model::county::{County, Position, School, Zone};
use crate::model::lang::Lang;
use crate::model::moves::Move;
use crate::output::chart::{nice_step, num, Frame, PALETTE, RURAL_TO_URBAN, URBAN_TO_RURAL};
use crate::output::map_labels::{place_labels, text_width, LabelBox, LabelRequest};
use crate::output::markup::render;
use crate::output::report_text::ReportText as T;
use askama::Template;
use std::collections::BTreeMap;

const OTHER_FLOW: &str = "#777";
/// The map's arrowheads: marker id suffix and colour, one per kind of flow.
const MARKERS: [(&str, &str); 3] = [
    ("ur", URBAN_TO_RURAL),
    ("ru", RURAL_TO_URBAN),
    ("oo", OTHER_FLOW),
];
/// Half the side of a school's square, the radius of its circle.
const RADIUS: f64 = 6.0;
/// Font size of the names, px.
const NAME_FONT: f64 = 11.0;
/// Font size of the counts on the arrows, px.
const COUNT_FONT: f64 = 10.0;
/// The map's width, px (fits an A4 page and a laptop screen).
const WIDTH: f64 = 720.0;
const MARGIN: f64 = 24.0;
/// The urban schools form a crowded core when they fit in a box this share of the
/// county's extent (and there are at least [`CORE_MIN_SCHOOLS`] of them).
const CORE_SHARE: f64 = 0.3;
const CORE_MIN_SCHOOLS: usize = 3;

/// An arrow from one place of the map to another, for every teacher moving along it.
pub(crate) struct Flow {
    start: (f64, f64),
    /// The control point of the quadratic curve.
    bend: (f64, f64),
    end: (f64, f64),
    colour: &'static str,
    marker: &'static str,
    width: f64,
    /// The middle of the curve, where its count is written when there is room.
    middle: (f64, f64),
    /// The box of the count, placed apart from the names and the other counts.
    count: Option<LabelBox>,
    /// `P01 武原小学1 → J05 …`, for the tooltip.
    what: String,
    teachers: u32,
}

/// A school's mark, with its partnership group's number and colour.
struct SchoolMark<'a> {
    x: f64,
    y: f64,
    school: &'a School,
    group: usize,
    colour: &'static str,
}

/// A placed name: its box, its text, and a leader line when it sits away from the mark.
pub(crate) struct NameLabel {
    pub(crate) rect: LabelBox,
    text: String,
    leader: Option<((f64, f64), (f64, f64))>,
}

/// One panel of the map: the county, or the enlarged urban core.
pub(crate) struct Panel<'a> {
    /// Top edge, px.
    top: f64,
    height: f64,
    /// Written at the panel's top left.
    title: String,
    /// The scale bar: its left end, right end, height and length label.
    bar: (f64, f64, f64, String),
    /// The core's box on the county panel, with its label.
    core: Option<LabelBox>,
    flows: Vec<Flow>,
    schools: Vec<SchoolMark<'a>>,
    pub(crate) labels: Vec<NameLabel>,
}

/// The map of schools as a template; see [`school_map`].
#[derive(Template)]
#[template(path = "chart/school_map.svg", config = "templates/askama.toml")]
pub(crate) struct SchoolMap<'a> {
    /// The map's language: Chinese alone, or English beside the Chinese.
    lang: Lang,
    frame: Frame,
    /// Keeps marker ids unique within one page.
    id: String,
    margin: f64,
    pub(crate) panels: Vec<Panel<'a>>,
    /// Schools whose name found no free spot (named under the map).
    pub(crate) unlabelled: Vec<String>,
    /// The schools had no coordinates: positions laid out from the distance table.
    pub(crate) sketch: bool,
}

/// The map of schools: urban schools as squares, rural as circles, filled with their
/// partnership group's colour, named; arrows from school to school (or from the urban
/// core) weighted and labelled by the number of teachers moving. `id` keeps marker ids
/// unique within one page.
pub fn school_map(county: &County, moves: &[Move], id: &str) -> String {
    school_map_in(county, moves, id, Lang::En)
}

/// The map of schools with its words in `lang`: Chinese alone, or (English) the
/// English beside the Chinese, as [`school_map`] draws it.
pub fn school_map_in(county: &County, moves: &[Move], id: &str, lang: Lang) -> String {
    render(&SchoolMap::new(county, moves, id, lang))
}

/// The boxes of the names and of the arrows' counts on each panel of the map (county
/// first, then the enlarged core when there is one), for checking that none overlap,
/// and the names that found no room.
pub fn school_map_label_boxes(
    county: &County,
    moves: &[Move],
) -> (Vec<Vec<LabelBox>>, Vec<String>) {
    let map = SchoolMap::new(county, moves, "m", Lang::En);
    let boxes = map
        .panels
        .iter()
        .map(|p| {
            p.labels
                .iter()
                .map(|l| l.rect)
                .chain(p.flows.iter().filter_map(|f| f.count))
                .collect()
        })
        .collect();
    (boxes, map.unlabelled)
}

/// The name written for a school: its name, else its id.
fn name_of(s: &School) -> &str {
    if s.name.trim().is_empty() {
        &s.id.0
    } else {
        &s.name
    }
}

/// A box in km: west, east, south, north.
#[derive(Clone, Copy)]
struct Extent {
    x_lo: f64,
    x_hi: f64,
    y_lo: f64,
    y_hi: f64,
}

impl Extent {
    fn of(points: impl Iterator<Item = (f64, f64)>) -> Extent {
        let mut e = Extent {
            x_lo: f64::INFINITY,
            x_hi: f64::NEG_INFINITY,
            y_lo: f64::INFINITY,
            y_hi: f64::NEG_INFINITY,
        };
        for (x, y) in points {
            e.x_lo = e.x_lo.min(x);
            e.x_hi = e.x_hi.max(x);
            e.y_lo = e.y_lo.min(y);
            e.y_hi = e.y_hi.max(y);
        }
        if !e.x_lo.is_finite() {
            return Extent {
                x_lo: 0.0,
                x_hi: 1.0,
                y_lo: 0.0,
                y_hi: 1.0,
            };
        }
        e
    }

    fn span(&self) -> f64 {
        (self.x_hi - self.x_lo).max(self.y_hi - self.y_lo)
    }

    fn grown(&self, by: f64) -> Extent {
        Extent {
            x_lo: self.x_lo - by,
            x_hi: self.x_hi + by,
            y_lo: self.y_lo - by,
            y_hi: self.y_hi + by,
        }
    }
}

/// km → px for one panel: north up, the county's shape kept.
#[derive(Clone, Copy)]
struct Projection {
    scale: f64,
    x0: f64,
    y0: f64,
    extent: Extent,
}

impl Projection {
    /// Fits `extent` into the width, under `top`, at most `max_h` px high.
    fn fit(extent: Extent, top: f64, max_h: f64) -> (Projection, f64) {
        let dx = (extent.x_hi - extent.x_lo).max(1e-6);
        let dy = (extent.y_hi - extent.y_lo).max(1e-6);
        let inner_w = WIDTH - 2.0 * MARGIN - 80.0;
        let scale = (inner_w / dx).min(max_h / dy);
        let x_pad = (WIDTH - dx * scale) / 2.0;
        let p = Projection {
            scale,
            x0: x_pad,
            y0: top,
            extent,
        };
        (p, dy * scale)
    }

    fn px(&self, p: (f64, f64)) -> (f64, f64) {
        (
            self.x0 + (p.0 - self.extent.x_lo) * self.scale,
            self.y0 + (self.extent.y_hi - p.1) * self.scale,
        )
    }
}

/// The urban schools, when they crowd into a small core of the county.
fn crowded_core(county: &County, pts: &[(f64, f64)]) -> Option<Vec<usize>> {
    let urban: Vec<usize> = (0..county.schools.len())
        .filter(|&s| county.schools[s].zone == Zone::Urban)
        .collect();
    if urban.len() < CORE_MIN_SCHOOLS || urban.len() == county.schools.len() {
        return None;
    }
    let all = Extent::of(pts.iter().copied());
    let core = Extent::of(urban.iter().map(|&s| pts[s]));
    (core.span() <= CORE_SHARE * all.span()).then_some(urban)
}

/// A place flows start from or end at: a school, or the whole core.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Node {
    School(usize),
    Core,
}

impl<'a> SchoolMap<'a> {
    fn l(&self, text: impl std::borrow::Borrow<T>) -> String {
        text.borrow().label(self.lang)
    }

    /// The map of `county` with the flows of `moves`; see [`school_map`].
    pub(crate) fn new(county: &'a County, moves: &[Move], id: &str, lang: Lang) -> SchoolMap<'a> {
        let origin_lat = match county.schools.first().map(|s| s.position) {
            Some(Position::Geo { lat, .. }) => lat,
            _ => 0.0,
        };
        let pts: Vec<(f64, f64)> = county
            .schools
            .iter()
            .map(|s| s.position.plane_km(origin_lat))
            .collect();
        let mut pairs: BTreeMap<(usize, usize), u32> = BTreeMap::new();
        for m in moves {
            *pairs
                .entry((county.teachers[m.teacher].school, m.to))
                .or_insert(0) += 1;
        }
        let core = crowded_core(county, &pts);
        let in_core = |s: usize| core.as_ref().is_some_and(|c| c.contains(&s));
        let all = Extent::of(pts.iter().copied());
        // The county panel.
        let top = 60.0;
        // A county of many schools gets a taller map, so their names find room.
        let tall = 460.0 * (county.schools.len() as f64 / 60.0).sqrt().clamp(1.0, 2.2);
        let (proj, h) = Projection::fit(all.grown(all.span() * 0.02), top + 8.0, tall);
        let core_extent = core.as_ref().map(|c| {
            let e = Extent::of(c.iter().map(|&s| pts[s]));
            e.grown(all.span() * 0.015)
        });
        let core_box = core_extent.map(|e| {
            let (x1, y1) = proj.px((e.x_lo, e.y_hi));
            let (x2, y2) = proj.px((e.x_hi, e.y_lo));
            LabelBox {
                x: x1,
                y: y1,
                w: (x2 - x1).max(2.0 * RADIUS),
                h: (y2 - y1).max(2.0 * RADIUS),
            }
        });
        let node_of = |s: usize| {
            if in_core(s) {
                Node::Core
            } else {
                Node::School(s)
            }
        };
        let mut county_flows: BTreeMap<(Node, Node), u32> = BTreeMap::new();
        for (&(a, b), &n) in &pairs {
            let (na, nb) = (node_of(a), node_of(b));
            if na != nb {
                *county_flows.entry((na, nb)).or_insert(0) += n;
            }
        }
        let panel_h = top + 8.0 + h + 28.0;
        // The English map has always put the Chinese first on the core.
        let core_name = match lang {
            Lang::En => format!(
                "{} {}",
                T::UrbanCore.text(Lang::Zh),
                T::UrbanCore.text(lang)
            ),
            Lang::Zh => T::UrbanCore.text(lang),
        };
        let county_panel = {
            let place = |n: Node| match (n, core_box) {
                (Node::School(s), _) => proj.px(pts[s]),
                (Node::Core, Some(b)) => (b.x + b.w / 2.0, b.y + b.h / 2.0),
                (Node::Core, None) => unreachable!("a core node only with a core"),
            };
            let zone = |n: Node| match n {
                Node::School(s) => county.schools[s].zone,
                Node::Core => Zone::Urban,
            };
            let name = |n: Node| match n {
                Node::School(s) => {
                    format!("{} {}", county.schools[s].id, name_of(&county.schools[s]))
                }
                Node::Core => core_name.clone(),
            };
            let most = county_flows.values().copied().max().unwrap_or(1);
            let mut flows: Vec<Flow> = county_flows
                .iter()
                .filter_map(|(&(a, b), &n)| {
                    let clip = |n: Node| match n {
                        Node::Core => core_box,
                        Node::School(_) => None,
                    };
                    flow(
                        (place(a), clip(a)),
                        (place(b), clip(b)),
                        (zone(a), zone(b)),
                        n,
                        most,
                        format!("{} → {}", name(a), name(b)),
                    )
                })
                .collect();
            let shown: Vec<usize> = (0..county.schools.len()).filter(|&s| !in_core(s)).collect();
            let marks_at: Vec<(f64, f64)> =
                (0..county.schools.len()).map(|s| proj.px(pts[s])).collect();
            let mut requests: Vec<(String, (f64, f64), Option<LabelBox>)> = Vec::new();
            if let Some(b) = core_box {
                requests.push((format!("{core_name} ↓"), (b.x + b.w, b.y), Some(b)));
            }
            let mut order = shown.clone();
            order.sort_by_key(|&s| (std::cmp::Reverse(county.schools[s].students), s));
            for s in order {
                requests.push((name_of(&county.schools[s]).to_string(), marks_at[s], None));
            }
            let mut obstacles: Vec<LabelBox> = marks_at
                .iter()
                .map(|&c| LabelBox::around(c, RADIUS + 1.0))
                .collect();
            obstacles.extend(core_box);
            let bounds = LabelBox {
                x: 2.0,
                y: top,
                w: WIDTH - 4.0,
                h: panel_h - top - 2.0,
            };
            let (labels, lost) = labels_for(&requests, &obstacles, bounds, &mut flows);
            let panel = Panel {
                top: 0.0,
                height: panel_h,
                title: String::new(),
                bar: scale_bar(&proj, all.span(), 50.0),
                core: core_box,
                flows,
                schools: marks(county, &shown, &marks_at),
                labels,
            };
            (panel, lost)
        };
        let county_scale = proj.scale;
        let mut panels = vec![county_panel.0];
        let mut unlabelled = county_panel.1;
        if let (Some(core), Some(extent)) = (&core, core_extent) {
            let top = panel_h + 34.0;
            let tall = 380.0 * (core.len() as f64 / 30.0).sqrt().clamp(1.0, 2.0);
            let (proj, h) = Projection::fit(extent, top + 8.0, tall);
            let height = 34.0 + 8.0 + h + 30.0;
            let marks_at: Vec<(f64, f64)> =
                (0..county.schools.len()).map(|s| proj.px(pts[s])).collect();
            let inner: BTreeMap<(usize, usize), u32> = pairs
                .iter()
                .filter(|(&(a, b), _)| in_core(a) && in_core(b))
                .map(|(&k, &n)| (k, n))
                .collect();
            let most = inner.values().copied().max().unwrap_or(1);
            let mut flows: Vec<Flow> = inner
                .iter()
                .filter_map(|(&(a, b), &n)| {
                    flow(
                        (marks_at[a], None),
                        (marks_at[b], None),
                        (Zone::Urban, Zone::Urban),
                        n,
                        most,
                        format!(
                            "{} {} → {} {}",
                            county.schools[a].id,
                            name_of(&county.schools[a]),
                            county.schools[b].id,
                            name_of(&county.schools[b])
                        ),
                    )
                })
                .collect();
            // Each core school's name, with what leaves and arrives from the towns.
            let (mut out, mut inflow) = (
                vec![0u32; county.schools.len()],
                vec![0u32; county.schools.len()],
            );
            for (&(a, b), &n) in &pairs {
                out[a] += n;
                inflow[b] += n;
            }
            let mut order = core.clone();
            order.sort_by_key(|&s| (std::cmp::Reverse(county.schools[s].students), s));
            let requests: Vec<(String, (f64, f64), Option<LabelBox>)> = order
                .iter()
                .map(|&s| {
                    let mut text = name_of(&county.schools[s]).to_string();
                    if out[s] + inflow[s] > 0 {
                        text.push_str(&format!(" 出{} 入{}", out[s], inflow[s]));
                    }
                    (text, marks_at[s], None)
                })
                .collect();
            let obstacles: Vec<LabelBox> = core
                .iter()
                .map(|&s| LabelBox::around(marks_at[s], RADIUS + 1.0))
                .collect();
            let bounds = LabelBox {
                x: 2.0,
                y: top + 20.0,
                w: WIDTH - 4.0,
                h: height - 22.0,
            };
            let (labels, lost) = labels_for(&requests, &obstacles, bounds, &mut flows);
            unlabelled.extend(lost);
            let ratio = proj.scale / county_scale;
            panels.push(Panel {
                top,
                height,
                title: {
                    let scale = num((ratio * 10.0).round() / 10.0);
                    match lang {
                        // The English map's words, as they have always read.
                        Lang::En => format!(
                            "城区放大 ×{scale} Urban core enlarged (出/入 = teachers leaving/arriving 调出/调入)"
                        ),
                        Lang::Zh => T::CoreEnlarged { scale }.text(lang),
                    }
                },
                bar: scale_bar(&proj, extent.span(), top + 30.0),
                core: None,
                flows,
                schools: marks(county, core, &marks_at),
                labels,
            });
        }
        let height = panels.iter().map(|p| p.top + p.height).fold(0.0, f64::max);
        SchoolMap {
            frame: Frame {
                width: WIDTH,
                height,
                standalone: false,
                label: T::MapTitle.label(lang),
            },
            lang,
            id: id.into(),
            margin: MARGIN,
            panels,
            unlabelled,
            sketch: county
                .travel
                .as_ref()
                .is_some_and(|t| t.positions_from_table),
        }
    }
}

/// The marks of `schools`.
fn marks<'a>(county: &'a County, schools: &[usize], at: &[(f64, f64)]) -> Vec<SchoolMark<'a>> {
    schools
        .iter()
        .map(|&s| {
            let g = county.group_of[s];
            SchoolMark {
                x: at[s].0,
                y: at[s].1,
                school: &county.schools[s],
                group: county.groups[g].number,
                colour: PALETTE[g % PALETTE.len()],
            }
        })
        .collect()
}

/// The scale bar of a panel: a round number of km about a quarter of its extent.
fn scale_bar(proj: &Projection, span: f64, y: f64) -> (f64, f64, f64, String) {
    let km = nice_step(span.max(0.1), 4);
    (MARGIN, MARGIN + km * proj.scale, y, num(km))
}

/// Places the names (text, anchor, the box they label when not a point) and returns
/// the labels placed and the names that found no spot.
fn labels_for(
    requests: &[(String, (f64, f64), Option<LabelBox>)],
    obstacles: &[LabelBox],
    bounds: LabelBox,
    flows: &mut [Flow],
) -> (Vec<NameLabel>, Vec<String>) {
    let mut asks: Vec<LabelRequest> = requests
        .iter()
        .map(|(text, anchor, _)| LabelRequest {
            anchor: *anchor,
            w: text_width(text, NAME_FONT) + 2.0,
            h: NAME_FONT + 3.0,
            clearance: RADIUS + 3.0,
        })
        .collect();
    // The counts after the names, biggest first: a count with no room is left to the
    // arrow's tooltip.
    let mut by_size: Vec<usize> = (0..flows.len()).collect();
    by_size.sort_by_key(|&f| (std::cmp::Reverse(flows[f].teachers), f));
    asks.extend(by_size.iter().map(|&f| LabelRequest {
        anchor: flows[f].middle,
        w: text_width(&flows[f].teachers.to_string(), COUNT_FONT) + 2.0,
        h: COUNT_FONT + 2.0,
        clearance: 0.0,
    }));
    let mut placed = place_labels(&asks, obstacles, bounds);
    for (&f, p) in by_size.iter().zip(placed.split_off(requests.len())) {
        flows[f].count = p.map(|p| p.rect);
    }
    let mut labels = Vec::new();
    let mut lost = Vec::new();
    for ((text, anchor, _), p) in requests.iter().zip(placed) {
        match p {
            Some(p) => labels.push(NameLabel {
                rect: p.rect,
                text: text.clone(),
                leader: p.leader.then(|| (*anchor, p.rect.nearest_point(*anchor))),
            }),
            None => lost.push(text.clone()),
        }
    }
    (labels, lost)
}

/// Where a straight line from `c` towards `to` leaves the box `b` (centred on `c`).
fn leave_box(c: (f64, f64), to: (f64, f64), b: LabelBox) -> (f64, f64) {
    let (dx, dy) = (to.0 - c.0, to.1 - c.1);
    let tx = if dx.abs() > 1e-9 {
        (b.w / 2.0) / dx.abs()
    } else {
        f64::INFINITY
    };
    let ty = if dy.abs() > 1e-9 {
        (b.h / 2.0) / dy.abs()
    } else {
        f64::INFINITY
    };
    let t = tx.min(ty).min(1.0);
    (c.0 + dx * t, c.1 + dy * t)
}

/// The arrow of `teachers` moving from `a` to `b` (each a point and, for the core, the
/// box the arrow starts or ends at), bent to the right of the direction of travel so
/// that the two directions between a pair show as two arrows.
fn flow(
    a: ((f64, f64), Option<LabelBox>),
    b: ((f64, f64), Option<LabelBox>),
    zones: (Zone, Zone),
    teachers: u32,
    most: u32,
    what: String,
) -> Option<Flow> {
    let (mut p1, mut p2) = (a.0, b.0);
    if let Some(bx) = a.1 {
        p1 = leave_box(a.0, b.0, bx);
    }
    if let Some(bx) = b.1 {
        p2 = leave_box(b.0, a.0, bx);
    }
    let (dx, dy) = (p2.0 - p1.0, p2.1 - p1.1);
    let len = (dx * dx + dy * dy).sqrt();
    if len < 2.0 * RADIUS + 2.0 {
        return None;
    }
    let (ux, uy) = (dx / len, dy / len);
    let r1 = if a.1.is_some() { 0.0 } else { RADIUS };
    let r2 = if b.1.is_some() { 2.0 } else { RADIUS + 2.0 };
    let start = (p1.0 + ux * r1, p1.1 + uy * r1);
    let end = (p2.0 - ux * r2, p2.1 - uy * r2);
    let bend_by = (0.15 * len).min(40.0);
    let bend = (
        (p1.0 + p2.0) / 2.0 - uy * bend_by,
        (p1.1 + p2.1) / 2.0 + ux * bend_by,
    );
    let (colour, marker) = match zones {
        (Zone::Urban, Zone::Rural) => (URBAN_TO_RURAL, "ur"),
        (Zone::Rural, Zone::Urban) => (RURAL_TO_URBAN, "ru"),
        _ => (OTHER_FLOW, "oo"),
    };
    Some(Flow {
        start,
        bend,
        end,
        colour,
        marker,
        width: 1.0 + 6.0 * (teachers as f64 / most.max(1) as f64).sqrt(),
        middle: (
            0.25 * start.0 + 0.5 * bend.0 + 0.25 * end.0,
            0.25 * start.1 + 0.5 * bend.1 + 0.25 * end.1,
        ),
        count: None,
        what,
        teachers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::chart::tests::tricky_county;

    fn haiyan() -> (County, Vec<Move>) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/haiyan-like");
        let county = crate::input::instance::read_instance(&dir).unwrap().county;
        // Every third teacher of an urban school moves to the rural school of its level
        // with the same index modulo their count: many pairs, some with several teachers.
        let rural: Vec<usize> = (0..county.schools.len())
            .filter(|&s| county.schools[s].zone == Zone::Rural)
            .collect();
        let moves = county
            .teachers
            .iter()
            .enumerate()
            .filter(|(t, tc)| t % 9 == 0 && county.schools[tc.school].zone == Zone::Urban)
            .map(|(t, _)| Move {
                teacher: t,
                to: rural[t % rural.len()],
                km: 1.0,
            })
            .collect();
        (county, moves)
    }

    fn assert_apart(boxes: &[Vec<LabelBox>]) {
        for panel in boxes {
            for (i, a) in panel.iter().enumerate() {
                for b in &panel[i + 1..] {
                    assert!(!a.overlaps(b), "{a:?} overlaps {b:?}");
                }
            }
        }
    }

    #[test]
    fn the_sample_county_has_an_enlarged_core_and_every_name_apart() {
        let (county, moves) = haiyan();
        let map = SchoolMap::new(&county, &moves, "m", Lang::En);
        assert_eq!(map.panels.len(), 2, "the urban core is crowded");
        assert!(map.unlabelled.is_empty(), "{:?}", map.unlabelled);
        let named: usize = map.panels.iter().map(|p| p.labels.len()).sum();
        // Every school once, and the core's box.
        assert_eq!(named, county.schools.len() + 1);
        assert_apart(&school_map_label_boxes(&county, &moves).0);
        let svg = render(&map);
        assert!(svg.contains("武原小学1"), "names, not only codes");
        assert!(svg.contains("城区放大"));
    }

    #[test]
    fn school_names_and_ids_are_escaped_on_the_map() {
        let (county, moves) = tricky_county();
        let svg = school_map(&county, &moves, "m");
        // The school's tip (id and name), its label and the flow's title.
        assert!(svg.contains("R&lt;1&gt;&amp;&#39; &lt;script&gt;&amp;&quot;&#39; · Rural"));
        assert!(svg.contains(">&lt;script&gt;&amp;&quot;&#39;</text>"));
        assert!(svg
            .contains("→ R&lt;1&gt;&amp;&#39; &lt;script&gt;&amp;&quot;&#39;: 1 teacher 1 名教师"));
        for raw in ["<script", "R<1>", "&\"'"] {
            assert!(!svg.contains(raw), "{raw} is not escaped");
        }
    }

    #[test]
    fn the_chinese_map_has_no_english_words() {
        let (county, moves) = tricky_county();
        let svg = school_map_in(&county, &moves, "m", Lang::Zh);
        for english in [
            "urban", "rural", "teacher", "group", "students", "Map", "colour",
        ] {
            assert!(!svg.contains(english), "{english} on the Chinese map");
        }
        assert!(svg.contains("城区") && svg.contains("1 名教师") && svg.contains("学生"));
    }

    #[test]
    fn flows_are_summed_per_pair_with_their_count() {
        let (county, moves) = tricky_county();
        let mut moves = moves;
        moves.push(moves[0]);
        let svg = school_map(&county, &moves, "m");
        assert!(svg.contains("2 teachers 2 名教师"), "{svg}");
        assert!(
            svg.contains(">2</text>"),
            "the count is written on the arrow"
        );
    }
}
