//! Pictures as inline SVG text: the sweep's trade-off curves, the map of schools with
//! the flows of teachers, the histogram of commutes and the CV against the standard.
//! Plain strings, no scripts, no external resources; every text is escaped.

use crate::model::county::{County, Zone};
use crate::model::moves::Move;
use crate::model::travel::CommuteUnit;
use crate::output::markup::escape;
use crate::rules::metrics::CvFigures;
use std::collections::BTreeMap;
use std::fmt::Write;

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

pub(crate) fn svg_open(out: &mut String, width: f64, height: f64, standalone: bool, label: &str) {
    let ns = if standalone {
        // The namespace is an identifier that nothing fetches; a standalone file needs it.
        " xmlns=\"http://www.w3.org/2000/svg\""
    } else {
        ""
    };
    let _ = write!(
        out,
        "<svg{ns} viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{}\" font-family=\"sans-serif\" font-size=\"12\">",
        escape(label)
    );
    let _ = write!(out, "<title>{}</title>", escape(label));
}

/// The map of schools: urban schools as squares, rural as circles, filled with their
/// partnership group's colour; arrows from school to school weighted by the number of
/// teachers moving. `id` keeps marker ids unique within one page.
pub fn school_map(county: &County, moves: &[Move], id: &str) -> String {
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
    let mut out = String::new();
    svg_open(
        &mut out,
        width,
        height,
        false,
        "Map of schools and flows of teachers 学校分布与教师流向",
    );
    let _ = write!(
        out,
        "<defs><marker id=\"{id}-ur\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"11\" markerHeight=\"11\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{URBAN_TO_RURAL}\"/></marker><marker id=\"{id}-ru\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"11\" markerHeight=\"11\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{RURAL_TO_URBAN}\"/></marker><marker id=\"{id}-oo\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"11\" markerHeight=\"11\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#777\"/></marker></defs>"
    );
    // Scale bar.
    let bar_km = nice_step(span, 4);
    let _ = write!(
        out,
        "<line x1=\"{margin}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#333\" stroke-width=\"2\"/><text x=\"{margin}\" y=\"{:.1}\">{} km</text>",
        margin + bar_km * scale,
        32.0,
        num(bar_km),
        y = 40.0
    );
    // Flows.
    let mut flows: BTreeMap<(usize, usize), u32> = BTreeMap::new();
    for m in moves {
        *flows
            .entry((county.teachers[m.teacher].school, m.to))
            .or_insert(0) += 1;
    }
    let most = flows.values().copied().max().unwrap_or(1) as f64;
    let radius = 7.0;
    for (&(a, b), &n) in &flows {
        let (x1, y1) = (px(pts[a].0), py(pts[a].1));
        let (x2, y2) = (px(pts[b].0), py(pts[b].1));
        let (dx, dy) = (x2 - x1, y2 - y1);
        let len = (dx * dx + dy * dy).sqrt();
        if len < 2.0 * radius + 2.0 {
            continue;
        }
        let (ux, uy) = (dx / len, dy / len);
        // Bend to the right of the direction of travel, so a swap shows two arrows.
        let bend = (0.15 * len).min(40.0);
        let (cx, cy) = ((x1 + x2) / 2.0 - uy * bend, (y1 + y2) / 2.0 + ux * bend);
        let (sx1, sy1) = (x1 + ux * radius, y1 + uy * radius);
        let (ex, ey) = (x2 - ux * (radius + 2.0), y2 - uy * (radius + 2.0));
        let (colour, marker) = match (county.schools[a].zone, county.schools[b].zone) {
            (Zone::Urban, Zone::Rural) => (URBAN_TO_RURAL, "ur"),
            (Zone::Rural, Zone::Urban) => (RURAL_TO_URBAN, "ru"),
            _ => ("#777", "oo"),
        };
        let w = 1.0 + 5.0 * (n as f64 / most).sqrt();
        let _ = write!(
            out,
            "<path d=\"M{sx1:.1},{sy1:.1} Q{cx:.1},{cy:.1} {ex:.1},{ey:.1}\" fill=\"none\" stroke=\"{colour}\" stroke-opacity=\"0.75\" stroke-width=\"{w:.1}\" marker-end=\"url(#{id}-{marker})\"><title>{} → {}: {n} teacher{} 名教师</title></path>",
            escape(&county.schools[a].id.0),
            escape(&county.schools[b].id.0),
            if n == 1 { "" } else { "s" }
        );
    }
    // Schools.
    for (s, school) in county.schools.iter().enumerate() {
        let (x, y) = (px(pts[s].0), py(pts[s].1));
        let g = county.group_of[s];
        let colour = PALETTE[g % PALETTE.len()];
        let tip = format!(
            "{} {} · {:?} · group 共同体 {} · {} students",
            school.id, school.name, school.zone, county.groups[g].number, school.students
        );
        match school.zone {
            Zone::Urban => {
                let _ = write!(
                    out,
                    "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{}\" height=\"{}\" fill=\"{colour}\" stroke=\"#222\" stroke-width=\"1.5\"><title>{}</title></rect>",
                    x - radius,
                    y - radius,
                    2.0 * radius,
                    2.0 * radius,
                    escape(&tip)
                );
            }
            Zone::Rural => {
                let _ = write!(
                    out,
                    "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{radius}\" fill=\"{colour}\" stroke=\"#222\" stroke-width=\"1.5\"><title>{}</title></circle>",
                    escape(&tip)
                );
            }
        }
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"#222\">{}</text>",
            x + radius + 2.0,
            y - radius + 2.0,
            escape(&school.id.0)
        );
    }
    // Legend.
    let ly = 16.0;
    let _ = write!(
        out,
        "<rect x=\"{margin}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"#ccc\" stroke=\"#222\"/><text x=\"{}\" y=\"{}\">urban 城区</text><circle cx=\"{}\" cy=\"{ly}\" r=\"5\" fill=\"#ccc\" stroke=\"#222\"/><text x=\"{}\" y=\"{}\">rural 农村</text><line x1=\"{}\" y1=\"{ly}\" x2=\"{}\" y2=\"{ly}\" stroke=\"{URBAN_TO_RURAL}\" stroke-width=\"3\"/><text x=\"{}\" y=\"{}\">urban→rural 城→乡</text><line x1=\"{}\" y1=\"{ly}\" x2=\"{}\" y2=\"{ly}\" stroke=\"{RURAL_TO_URBAN}\" stroke-width=\"3\"/><text x=\"{}\" y=\"{}\">rural→urban 乡→城</text><text x=\"{}\" y=\"{}\">colour = group 颜色=共同体</text>",
        ly - 5.0,
        margin + 14.0,
        ly + 4.0,
        margin + 95.0,
        margin + 104.0,
        ly + 4.0,
        margin + 180.0,
        margin + 205.0,
        margin + 210.0,
        ly + 4.0,
        margin + 335.0,
        margin + 360.0,
        margin + 365.0,
        ly + 4.0,
        margin + 490.0,
        ly + 4.0,
    );
    out.push_str("</svg>");
    out
}

/// Histogram of the movers' commutes, with the policy's cap marked.
pub fn commute_histogram(moves: &[Move], cap_km: f64, unit: CommuteUnit) -> String {
    let u = unit.symbol();
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
    let mut out = String::new();
    svg_open(
        &mut out,
        width,
        height,
        false,
        "Histogram of commute distances 通勤距离分布",
    );
    for t in &yt {
        let y = sy(*t);
        let _ = write!(
            out,
            "<line x1=\"{left}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#ddd\"/><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            left + plot_w,
            left - 6.0,
            y + 4.0,
            num(*t),
        );
    }
    for (i, &c) in counts.iter().enumerate() {
        let x = left + i as f64 * bw;
        let _ = write!(
            out,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#4e79a7\"><title>{}–{} {u}: {c} teachers 名教师</title></rect>",
            x + 1.0,
            sy(c as f64),
            (bw - 2.0).max(1.0),
            top + plot_h - sy(c as f64),
            num(i as f64 * bin),
            num((i + 1) as f64 * bin)
        );
    }
    let label_every = (bins / 10).max(1);
    for i in (0..=bins).step_by(label_every) {
        let x = left + i as f64 * bw;
        let _ = write!(
            out,
            "<text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            top + plot_h + 16.0,
            num(i as f64 * bin)
        );
    }
    let _ = write!(
        out,
        "<line x1=\"{left}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#333\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">commute {u} 通勤距离 (teachers per bin 每组人数)</text>",
        left + plot_w,
        left + plot_w / 2.0,
        height - 6.0,
        y = top + plot_h
    );
    let x_cap = left + cap_km / (bins as f64 * bin) * plot_w;
    if cap_km <= bins as f64 * bin {
        let _ = write!(
            out,
            "<line x1=\"{x_cap:.1}\" y1=\"{top}\" x2=\"{x_cap:.1}\" y2=\"{:.1}\" stroke=\"{SHORT}\" stroke-dasharray=\"5,3\"/><text x=\"{:.1}\" y=\"{:.1}\" fill=\"{SHORT}\" text-anchor=\"end\">cap 上限 {} {u}</text>",
            top + plot_h,
            x_cap - 4.0,
            top + 12.0,
            num(cap_km)
        );
    }
    out.push_str("</svg>");
    out
}

/// The CV of backbone teachers per 100 students, before and after, against the
/// 0.50 (primary) / 0.45 (junior) standard.
pub fn cv_chart(cv: &CvFigures) -> String {
    use crate::rules::metrics::{CV_STANDARD_JUNIOR, CV_STANDARD_PRIMARY};
    let rows = [
        (
            "primary 小学",
            cv.primary_before,
            cv.primary_after,
            CV_STANDARD_PRIMARY,
        ),
        (
            "junior 初中",
            cv.junior_before,
            cv.junior_after,
            CV_STANDARD_JUNIOR,
        ),
    ];
    let (width, left, bar_h) = (640.0, 110.0, 16.0);
    let height = 40.0 + rows.len() as f64 * 60.0;
    let hi = rows
        .iter()
        .flat_map(|r| [r.1.unwrap_or(0.0), r.2.unwrap_or(0.0), r.3])
        .fold(0.0f64, f64::max)
        * 1.15;
    let plot_w = width - left - 70.0;
    let sx = |v: f64| left + v / hi * plot_w;
    let mut out = String::new();
    svg_open(
        &mut out,
        width,
        height,
        false,
        "Inter-school variation of backbone teachers per 100 students 骨干教师校际差异系数",
    );
    let _ = write!(
        out,
        "<rect x=\"{left}\" y=\"6\" width=\"12\" height=\"10\" fill=\"#bab0ac\"/><text x=\"{}\" y=\"15\">before 交流前</text><rect x=\"{}\" y=\"6\" width=\"12\" height=\"10\" fill=\"#59a14f\"/><text x=\"{}\" y=\"15\">after 交流后</text><line x1=\"{}\" y1=\"11\" x2=\"{}\" y2=\"11\" stroke=\"{SHORT}\" stroke-dasharray=\"4,3\" stroke-width=\"2\"/><text x=\"{}\" y=\"15\">standard 标准 (≤)</text>",
        left + 16.0,
        left + 120.0,
        left + 136.0,
        left + 240.0,
        left + 262.0,
        left + 268.0
    );
    for (i, (label, before, after, standard)) in rows.iter().enumerate() {
        let y = 34.0 + i as f64 * 60.0;
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            left - 8.0,
            y + bar_h + 4.0,
            escape(label)
        );
        for (j, (v, colour)) in [(before, "#bab0ac"), (after, "#59a14f")]
            .into_iter()
            .enumerate()
        {
            let yy = y + j as f64 * (bar_h + 4.0);
            match v {
                Some(v) => {
                    let _ = write!(
                        out,
                        "<rect x=\"{left}\" y=\"{yy:.1}\" width=\"{:.1}\" height=\"{bar_h}\" fill=\"{colour}\"/><text x=\"{:.1}\" y=\"{:.1}\">{v:.3}</text>",
                        sx(*v) - left,
                        sx(*v) + 4.0,
                        yy + bar_h - 3.0
                    );
                }
                None => {
                    let _ = write!(
                        out,
                        "<text x=\"{left}\" y=\"{:.1}\">n/a</text>",
                        yy + bar_h - 3.0
                    );
                }
            }
        }
        let xs = sx(*standard);
        let _ = write!(
            out,
            "<line x1=\"{xs:.1}\" y1=\"{:.1}\" x2=\"{xs:.1}\" y2=\"{:.1}\" stroke=\"{SHORT}\" stroke-dasharray=\"4,3\" stroke-width=\"2\"/><text x=\"{:.1}\" y=\"{:.1}\" fill=\"{SHORT}\" font-size=\"10\">{standard:.2}</text>",
            y - 4.0,
            y + 2.0 * bar_h + 8.0,
            xs + 3.0,
            y - 2.0
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
