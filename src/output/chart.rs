//! Pictures as inline SVG: the histogram of commutes, and the parts the other charts
//! (the map in `school_map`, the CV, the sweep) share.
//! The code here works out the geometry; the markup is in askama templates
//! (`templates/chart/`), which escape every text. No scripts, no external resources.

use crate::model::lang::Lang;
use crate::model::moves::Move;
use crate::model::travel::CommuteUnit;
use crate::output::markup::render;
use crate::output::report_text::ReportText as T;
use askama::Template;

/// Colours for series and partnership groups (colour-blind-friendly Tableau 10).
pub const PALETTE: &[&str] = &[
    "#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#ff9da7", "#9c755f",
    "#bab0ac", "#e15759",
];
pub(crate) const SHORT: &str = "#d62728";
pub(crate) const URBAN_TO_RURAL: &str = "#1f77b4";
pub(crate) const RURAL_TO_URBAN: &str = "#ff7f0e";
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
    /// The chart's language: Chinese alone, or English beside the Chinese.
    lang: Lang,
    frame: Frame,
    unit: &'static str,
    /// Distances (km) or times (minutes on the roads).
    measure: CommuteUnit,
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
    render(&CommuteHistogram::new(moves, cap_km, unit, Lang::En))
}

impl CommuteHistogram {
    /// The histogram of the commutes of `moves`; see [`commute_histogram`].
    pub(crate) fn new(
        moves: &[Move],
        cap_km: f64,
        unit: CommuteUnit,
        lang: Lang,
    ) -> CommuteHistogram {
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
            lang,
            frame: Frame {
                width,
                height,
                standalone: false,
                label: T::HistogramTitle(unit).label(lang),
            },
            unit: unit.symbol(),
            measure: unit,
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

    fn l(&self, text: impl std::borrow::Borrow<T>) -> String {
        text.borrow().label(self.lang)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The tiny county with school R1 renamed `<script>&"'` and its id `R<1>&'`, and one
    /// teacher of U1 moving there.
    pub(crate) fn tricky_county() -> (crate::model::county::County, Vec<Move>) {
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
