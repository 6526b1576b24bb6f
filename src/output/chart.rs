//! Pictures as inline SVG: the map of schools with the flows of teachers, the histogram
//! of commutes and the CV against the standard, and the parts the sweep's chart shares.
//! The code here works out the geometry; the markup is in askama templates
//! (`templates/chart/`), which escape every text. No scripts, no external resources.

use crate::model::county::{County, School, Zone};
use crate::model::moves::Move;
use crate::model::travel::CommuteUnit;
use crate::output::markup::render;
use askama::Template;
use std::collections::BTreeMap;

/// Colours for series and partnership groups (colour-blind-friendly Tableau 10).
pub const PALETTE: &[&str] = &[
    "#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#ff9da7", "#9c755f",
    "#bab0ac", "#e15759",
];
pub(crate) const SHORT: &str = "#d62728";
pub(crate) const URBAN_TO_RURAL: &str = "#1f77b4";
pub(crate) const RURAL_TO_URBAN: &str = "#ff7f0e";
const OTHER_FLOW: &str = "#777";
/// The map's arrowheads: marker id suffix and colour, one per kind of flow.
const MARKERS: [(&str, &str); 3] = [
    ("ur", URBAN_TO_RURAL),
    ("ru", RURAL_TO_URBAN),
    ("oo", OTHER_FLOW),
];
/// Half the side of a school's square, the radius of its circle, on the map.
const RADIUS: f64 = 7.0;

/// A number for an axis or a label: no trailing zeros.
pub fn num(x: f64) -> String {
    if x.abs() >= 1000.0 || x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        let s = format!("{x:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

pub(crate) fn nice_step(range: f64, target: usize) -> f64 {
    let raw = (range / target.max(1) as f64).max(1e-9);
    let mag = 10f64.powf(raw.log10().floor());
    let n = raw / mag;
    let nice = if n <= 1.0 {
        1.0
    } else if n <= 2.0 {
        2.0
    } else if n <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

/// Axis ticks covering [lo, hi] with round numbers.
pub(crate) fn ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    let (lo, hi) = if hi > lo { (lo, hi) } else { (lo, lo + 1.0) };
    let step = nice_step(hi - lo, target);
    let first = (lo / step).floor() * step;
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        let t = first + i as f64 * step;
        out.push((t / step).round() * step);
        if t >= hi - 1e-9 * step || i > 100 {
            break;
        }
        i += 1;
    }
    out
}

/// The `<svg>` element around a chart (`templates/chart/frame.svg`, which every chart
/// template extends): its size and its title.
pub(crate) struct Frame {
    pub(crate) width: f64,
    pub(crate) height: f64,
    /// A file of its own, not inline in a page: it then needs the SVG namespace.
    pub(crate) standalone: bool,
    /// The title and accessible label.
    pub(crate) label: String,
}

/// A tick on an axis: where it sits (px) and its label.
pub(crate) struct Tick {
    pub(crate) at: f64,
    pub(crate) label: String,
}

/// An arrow on the map from one school to another.
struct Flow<'a> {
    start: (f64, f64),
    /// The control point of the quadratic curve.
    bend: (f64, f64),
    end: (f64, f64),
    colour: &'static str,
    marker: &'static str,
    width: f64,
    from: &'a str,
    to: &'a str,
    teachers: u32,
}

/// A school on the map, with its partnership group's number and colour.
struct SchoolMark<'a> {
    x: f64,
    y: f64,
    school: &'a School,
    group: usize,
    colour: &'static str,
}

/// The map of schools as a template (`templates/chart/school_map.svg`); see
/// [`school_map`].
#[derive(Template)]
#[template(path = "chart/school_map.svg", config = "templates/askama.toml")]
pub(crate) struct SchoolMap<'a> {
    frame: Frame,
    /// Keeps marker ids unique within one page.
    id: String,
    margin: f64,
    /// The right end of the scale bar, and its length in km.
    bar_end: f64,
    bar_km: String,
    flows: Vec<Flow<'a>>,
    schools: Vec<SchoolMark<'a>>,
}

/// The map of schools: urban schools as squares, rural as circles, filled with their
/// partnership group's colour; arrows from school to school weighted by the number of
/// teachers moving. `id` keeps marker ids unique within one page.
pub fn school_map(county: &County, moves: &[Move], id: &str) -> String {
    render(&SchoolMap::new(county, moves, id))
}

impl<'a> SchoolMap<'a> {
    /// The map of `county` with the flows of `moves`; see [`school_map`].
    pub(crate) fn new(county: &'a County, moves: &[Move], id: &str) -> SchoolMap<'a> {
        let (width, height, margin) = (720.0, 560.0, 40.0);
        let origin_lat = match county.schools.first().map(|s| s.position) {
            Some(crate::model::county::Position::Geo { lat, .. }) => lat,
            _ => 0.0,
        };
        let pts: Vec<(f64, f64)> = county
            .schools
            .iter()
            .map(|s| s.position.plane_km(origin_lat))
            .collect();
        let (mut x_lo, mut x_hi, mut y_lo, mut y_hi) = (
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
        );
        for &(x, y) in &pts {
            x_lo = x_lo.min(x);
            x_hi = x_hi.max(x);
            y_lo = y_lo.min(y);
            y_hi = y_hi.max(y);
        }
        if !x_lo.is_finite() {
            (x_lo, x_hi, y_lo, y_hi) = (0.0, 1.0, 0.0, 1.0);
        }
        let span = (x_hi - x_lo).max(y_hi - y_lo).max(1.0);
        // Room above for the legend and the scale bar; the picture keeps the county's shape.
        let top = 56.0;
        let (dx, dy) = ((x_hi - x_lo).max(1.0), (y_hi - y_lo).max(1.0));
        let scale = ((width - 2.0 * margin) / dx).min((height - top - margin) / dy);
        let height = top + dy * scale + margin;
        let x_pad = ((width - 2.0 * margin) - dx * scale) / 2.0;
        let px = |x: f64| margin + x_pad + (x - x_lo) * scale;
        // North up.
        let py = |y: f64| top + (y_hi - y) * scale;
        let bar_km = nice_step(span, 4);
        // Flows.
        let mut teachers: BTreeMap<(usize, usize), u32> = BTreeMap::new();
        for m in moves {
            *teachers
                .entry((county.teachers[m.teacher].school, m.to))
                .or_insert(0) += 1;
        }
        let most = teachers.values().copied().max().unwrap_or(1) as f64;
        let mut flows = Vec::new();
        for (&(a, b), &n) in &teachers {
            let (x1, y1) = (px(pts[a].0), py(pts[a].1));
            let (x2, y2) = (px(pts[b].0), py(pts[b].1));
            let (dx, dy) = (x2 - x1, y2 - y1);
            let len = (dx * dx + dy * dy).sqrt();
            if len < 2.0 * RADIUS + 2.0 {
                continue;
            }
            let (ux, uy) = (dx / len, dy / len);
            // Bend to the right of the direction of travel, so a swap shows two arrows.
            let bend = (0.15 * len).min(40.0);
            let (colour, marker) = match (county.schools[a].zone, county.schools[b].zone) {
                (Zone::Urban, Zone::Rural) => (URBAN_TO_RURAL, "ur"),
                (Zone::Rural, Zone::Urban) => (RURAL_TO_URBAN, "ru"),
                _ => (OTHER_FLOW, "oo"),
            };
            flows.push(Flow {
                start: (x1 + ux * RADIUS, y1 + uy * RADIUS),
                bend: ((x1 + x2) / 2.0 - uy * bend, (y1 + y2) / 2.0 + ux * bend),
                end: (x2 - ux * (RADIUS + 2.0), y2 - uy * (RADIUS + 2.0)),
                colour,
                marker,
                width: 1.0 + 5.0 * (n as f64 / most).sqrt(),
                from: &county.schools[a].id.0,
                to: &county.schools[b].id.0,
                teachers: n,
            });
        }
        let schools = county
            .schools
            .iter()
            .enumerate()
            .map(|(s, school)| {
                let g = county.group_of[s];
                SchoolMark {
                    x: px(pts[s].0),
                    y: py(pts[s].1),
                    school,
                    group: county.groups[g].number,
                    colour: PALETTE[g % PALETTE.len()],
                }
            })
            .collect();
        SchoolMap {
            frame: Frame {
                width,
                height,
                standalone: false,
                label: "Map of schools and flows of teachers 学校分布与教师流向".into(),
            },
            id: id.into(),
            margin,
            bar_end: margin + bar_km * scale,
            bar_km: num(bar_km),
            flows,
            schools,
        }
    }
}

/// A bin of the commute histogram.
struct Bar {
    x: f64,
    y: f64,
    width: f64,
    height: f64,
    /// The bin's range, as labels.
    from: String,
    to: String,
    teachers: u32,
}

/// The histogram of commutes as a template (`templates/chart/commute_histogram.svg`);
/// see [`commute_histogram`].
#[derive(Template)]
#[template(path = "chart/commute_histogram.svg", config = "templates/askama.toml")]
pub(crate) struct CommuteHistogram {
    frame: Frame,
    unit: &'static str,
    /// 距离 (km) or 时间 (minutes on the roads).
    measure_zh: &'static str,
    left: f64,
    top: f64,
    plot_w: f64,
    /// Where the x axis runs.
    axis_y: f64,
    y_ticks: Vec<Tick>,
    x_ticks: Vec<Tick>,
    bars: Vec<Bar>,
    /// The policy's cap, when it falls on the axis.
    cap: Option<Tick>,
}

/// Histogram of the movers' commutes, with the policy's cap marked.
pub fn commute_histogram(moves: &[Move], cap_km: f64, unit: CommuteUnit) -> String {
    render(&CommuteHistogram::new(moves, cap_km, unit))
}

impl CommuteHistogram {
    /// The histogram of the commutes of `moves`; see [`commute_histogram`].
    pub(crate) fn new(moves: &[Move], cap_km: f64, unit: CommuteUnit) -> CommuteHistogram {
        let (width, height, left, bottom, top) = (640.0, 260.0, 50.0, 40.0, 20.0);
        let max_km = moves.iter().map(|m| m.km).fold(0.0f64, f64::max);
        let hi = max_km.max(cap_km.min(max_km * 1.5)).max(1.0);
        let bin = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0]
            .into_iter()
            .find(|b| hi / b <= 16.0)
            .unwrap_or(hi / 16.0);
        let bins = ((hi / bin).floor() as usize + 1).max(1);
        let mut counts = vec![0u32; bins];
        for m in moves {
            counts[((m.km / bin).floor() as usize).min(bins - 1)] += 1;
        }
        let most = counts.iter().copied().max().unwrap_or(0).max(1) as f64;
        let yt = ticks(0.0, most, 4);
        let y_top = *yt.last().unwrap_or(&1.0);
        let plot_w = width - left - 20.0;
        let plot_h = height - top - bottom;
        let bw = plot_w / bins as f64;
        let sy = |v: f64| top + plot_h - v / y_top * plot_h;
        let label_every = (bins / 10).max(1);
        CommuteHistogram {
            frame: Frame {
                width,
                height,
                standalone: false,
                label: {
                    let (en, zh) = unit.measures();
                    format!("Histogram of commute {en} 通勤{zh}分布")
                },
            },
            unit: unit.symbol(),
            measure_zh: unit.measures().1,
            left,
            top,
            plot_w,
            axis_y: top + plot_h,
            y_ticks: yt
                .iter()
                .map(|&t| Tick {
                    at: sy(t),
                    label: num(t),
                })
                .collect(),
            x_ticks: (0..=bins)
                .step_by(label_every)
                .map(|i| Tick {
                    at: left + i as f64 * bw,
                    label: num(i as f64 * bin),
                })
                .collect(),
            bars: counts
                .iter()
                .enumerate()
                .map(|(i, &c)| Bar {
                    x: left + i as f64 * bw + 1.0,
                    y: sy(c as f64),
                    width: (bw - 2.0).max(1.0),
                    height: top + plot_h - sy(c as f64),
                    from: num(i as f64 * bin),
                    to: num((i + 1) as f64 * bin),
                    teachers: c,
                })
                .collect(),
            cap: (cap_km <= bins as f64 * bin).then(|| Tick {
                at: left + cap_km / (bins as f64 * bin) * plot_w,
                label: num(cap_km),
            }),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The tiny county with school R1 renamed `<script>&"'` and its id `R<1>&'`, and one
    /// teacher of U1 moving there.
    pub(crate) fn tricky_county() -> (County, Vec<Move>) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/tiny");
        let mut county = crate::input::instance::read_instance(&dir).unwrap().county;
        let school = |id: &str| county.schools.iter().position(|s| s.id.0 == id).unwrap();
        let (r1, u1) = (school("R1"), school("U1"));
        let teacher = county.teachers.iter().position(|t| t.school == u1).unwrap();
        county.schools[r1].name = "<script>&\"'".into();
        county.schools[r1].id.0 = "R<1>&'".into();
        let km = 10.0;
        (
            county,
            vec![Move {
                teacher,
                to: r1,
                km,
            }],
        )
    }

    #[test]
    fn school_names_and_ids_are_escaped_on_the_map() {
        let (county, moves) = tricky_county();
        let svg = school_map(&county, &moves, "m");
        // The school's tip (id and name), its label and the flow's title.
        assert!(svg.contains("R&lt;1&gt;&amp;&#39; &lt;script&gt;&amp;&quot;&#39; · Rural"));
        assert!(svg.contains(">R&lt;1&gt;&amp;&#39;</text>"));
        assert!(svg.contains("U1 → R&lt;1&gt;&amp;&#39;: 1 teacher 名教师"));
        for raw in ["<script", "R<1>", "&\"'"] {
            assert!(!svg.contains(raw), "{raw} is not escaped");
        }
    }

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        let t = ticks(0.0, 6231.0, 4);
        assert_eq!(t.first(), Some(&0.0));
        assert!(*t.last().unwrap() >= 6231.0);
        assert!(t.len() <= 6, "{t:?}");
        assert_eq!(ticks(0.1, 0.5, 8).first(), Some(&0.1));
    }

    #[test]
    fn numbers_lose_trailing_zeros() {
        assert_eq!(num(0.35), "0.35");
        assert_eq!(num(40.0), "40");
        assert_eq!(num(0.1 + 0.2), "0.3");
    }
}
