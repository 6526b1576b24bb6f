//! Where the school names go on the map: a deterministic greedy placement. Labels are
//! placed one by one in the caller's order (most important first); each takes the first
//! free spot on rings of growing distance around its school — eight classic spots next
//! to the mark first, then sixteen directions per ring — that stays inside the panel
//! and overlaps no label already placed and no school's mark. A label placed away from
//! its school gets a leader line. The same input always gives the same picture, and no
//! two placed labels ever overlap (the test below and `tests/map_labels.rs` check it).

/// An axis-aligned box in pixels: top-left corner, width and height.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelBox {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl LabelBox {
    /// Whether the two boxes share any area (touching edges do not count).
    pub fn overlaps(&self, o: &LabelBox) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }

    fn inside(&self, b: &LabelBox) -> bool {
        self.x >= b.x
            && self.y >= b.y
            && self.x + self.w <= b.x + b.w
            && self.y + self.h <= b.y + b.h
    }

    /// The point of the box nearest to `p`: where a leader line from `p` ends.
    pub fn nearest_point(&self, p: (f64, f64)) -> (f64, f64) {
        (
            p.0.clamp(self.x, self.x + self.w),
            p.1.clamp(self.y, self.y + self.h),
        )
    }

    /// The square of half-side `r` around `c`: a school's mark.
    pub fn around(c: (f64, f64), r: f64) -> LabelBox {
        LabelBox {
            x: c.0 - r,
            y: c.1 - r,
            w: 2.0 * r,
            h: 2.0 * r,
        }
    }
}

/// The width in pixels of `text` at `font` px, taken generously so the drawn text
/// stays inside its box in any sans-serif font: a Chinese character is a full em, any
/// other character 0.62 em.
pub fn text_width(text: &str, font: f64) -> f64 {
    text.chars()
        .map(|c| if (c as u32) >= 0x2E80 { 1.0 } else { 0.62 })
        .sum::<f64>()
        * font
}

/// A label to place: the point it names and the size of its text.
#[derive(Clone, Copy, Debug)]
pub struct LabelRequest {
    /// The school's centre, px.
    pub anchor: (f64, f64),
    /// Width of the text, px.
    pub w: f64,
    /// Height of the text, px.
    pub h: f64,
    /// Distance from the anchor to the label's nearest spot: a mark's radius and a
    /// little for a name; 0 for a number written on a line, first tried centred on it.
    pub clearance: f64,
}

/// Where a label went.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placement {
    /// The label's box.
    pub rect: LabelBox,
    /// Placed away from its school: draw a leader line.
    pub leader: bool,
}

/// Distance between two rings of candidate spots, px.
const RING_STEP: f64 = 9.0;
/// How many rings are tried before a label is given up (about 360 px out).
const RINGS: usize = 40;
/// Space kept between two labels, px.
const GAP: f64 = 1.0;

/// Places `labels` in order inside `bounds`, avoiding `marks` (schools' marks) and each
/// other. A label with no free spot within [`RINGS`] rings is `None` (the caller names
/// it elsewhere).
pub fn place_labels(
    labels: &[LabelRequest],
    marks: &[LabelBox],
    bounds: LabelBox,
) -> Vec<Option<Placement>> {
    let mut placed: Vec<LabelBox> = Vec::new();
    let free = |r: &LabelBox, placed: &[LabelBox]| {
        let padded = LabelBox {
            x: r.x - GAP,
            y: r.y - GAP,
            w: r.w + 2.0 * GAP,
            h: r.h + 2.0 * GAP,
        };
        r.inside(&bounds)
            && !placed.iter().any(|p| p.overlaps(&padded))
            && !marks.iter().any(|m| m.overlaps(r))
    };
    labels
        .iter()
        .map(|l| {
            let spot = candidates(l).find(|(r, _)| free(r, &placed));
            spot.map(|(rect, ring)| {
                placed.push(rect);
                Placement {
                    rect,
                    leader: ring >= 2,
                }
            })
        })
        .collect()
}

/// The candidate boxes of a label, nearest first, each with its ring number.
fn candidates(l: &LabelRequest) -> impl Iterator<Item = (LabelBox, usize)> + '_ {
    let (ax, ay) = l.anchor;
    let (w, h, clearance) = (l.w, l.h, l.clearance);
    let centred = (clearance == 0.0).then_some((
        LabelBox {
            x: ax - w / 2.0,
            y: ay - h / 2.0,
            w,
            h,
        },
        0,
    ));
    // Ring 0: right, left, upper right, upper left, lower right, lower left, above, below.
    let c = clearance;
    let classic = [
        (ax + c, ay - h / 2.0),
        (ax - c - w, ay - h / 2.0),
        (ax + c * 0.7, ay - c * 0.7 - h),
        (ax - c * 0.7 - w, ay - c * 0.7 - h),
        (ax + c * 0.7, ay + c * 0.7),
        (ax - c * 0.7 - w, ay + c * 0.7),
        (ax - w / 2.0, ay - c - h),
        (ax - w / 2.0, ay + c),
    ]
    .into_iter()
    .map(move |(x, y)| (LabelBox { x, y, w, h }, 0));
    // A number stays near its line, or is not written.
    let reach = if clearance == 0.0 { 2 } else { RINGS };
    let rings = (1..=reach).flat_map(move |ring| {
        let d = clearance + ring as f64 * RING_STEP;
        (0..16).map(move |k| {
            let a = k as f64 * std::f64::consts::PI / 8.0;
            let (cx, cy) = (a.cos(), -a.sin());
            let (px, py) = (ax + d * cx, ay + d * cy);
            let x = if cx > 0.3 {
                px
            } else if cx < -0.3 {
                px - w
            } else {
                px - w / 2.0
            };
            let y = if cy > 0.3 {
                py
            } else if cy < -0.3 {
                py - h
            } else {
                py - h / 2.0
            };
            (LabelBox { x, y, w, h }, ring)
        })
    });
    centred.into_iter().chain(classic).chain(rings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn bounds() -> LabelBox {
        LabelBox {
            x: 0.0,
            y: 0.0,
            w: 600.0,
            h: 400.0,
        }
    }

    #[test]
    fn a_lone_label_sits_right_of_its_school() {
        let l = LabelRequest {
            anchor: (100.0, 100.0),
            w: 50.0,
            h: 12.0,
            clearance: 9.0,
        };
        let p = place_labels(&[l], &[], bounds());
        let r = p[0].unwrap().rect;
        assert_eq!((r.x, r.y), (109.0, 94.0));
        assert!(!p[0].unwrap().leader);
    }

    #[test]
    fn a_label_at_the_right_edge_goes_left() {
        let l = LabelRequest {
            anchor: (590.0, 100.0),
            w: 50.0,
            h: 12.0,
            clearance: 9.0,
        };
        let r = place_labels(&[l], &[], bounds())[0].unwrap().rect;
        assert!(r.x + r.w <= 590.0, "{r:?}");
    }

    #[test]
    fn text_width_counts_chinese_as_a_full_em() {
        assert_eq!(text_width("武原", 10.0), 20.0);
        assert!((text_width("P01", 10.0) - 18.6).abs() < 1e-9);
    }

    /// The brute-force check: every pair of placed boxes, every box against every mark.
    fn no_overlap(labels: &[LabelRequest], marks: &[LabelBox], out: &[Option<Placement>]) {
        let boxes: Vec<LabelBox> = out.iter().flatten().map(|p| p.rect).collect();
        for (i, a) in boxes.iter().enumerate() {
            assert!(a.inside(&bounds()), "{a:?} outside");
            for b in &boxes[i + 1..] {
                assert!(!a.overlaps(b), "{a:?} overlaps {b:?}");
            }
            for m in marks {
                assert!(!a.overlaps(m), "{a:?} covers the mark {m:?}");
            }
        }
        assert_eq!(out.len(), labels.len());
    }

    proptest! {
        #[test]
        fn placed_labels_never_overlap_each_other_or_a_school(
            points in prop::collection::vec((0.0f64..600.0, 0.0f64..400.0, 10.0f64..90.0), 1..60)
        ) {
            let labels: Vec<LabelRequest> = points
                .iter()
                .map(|&(x, y, w)| LabelRequest { anchor: (x, y), w, h: 13.0, clearance: if w < 20.0 { 0.0 } else { 9.0 } })
                .collect();
            let marks: Vec<LabelBox> = points.iter().map(|&(x, y, _)| LabelBox::around((x, y), 7.0)).collect();
            let out = place_labels(&labels, &marks, bounds());
            no_overlap(&labels, &marks, &out);
            // Deterministic: the same input, the same placement.
            prop_assert_eq!(out, place_labels(&labels, &marks, bounds()));
        }
    }

    #[test]
    fn a_dense_cluster_gets_every_name_placed() {
        // 30 schools within 40 px: names pushed out with leader lines, none lost.
        let labels: Vec<LabelRequest> = (0..30)
            .map(|i| {
                let a = i as f64 * 2.4;
                LabelRequest {
                    anchor: (300.0 + 20.0 * a.cos(), 200.0 + 20.0 * a.sin()),
                    w: 60.0,
                    h: 13.0,
                    clearance: 9.0,
                }
            })
            .collect();
        let marks: Vec<LabelBox> = labels
            .iter()
            .map(|l| LabelBox::around(l.anchor, 7.0))
            .collect();
        let out = place_labels(&labels, &marks, bounds());
        no_overlap(&labels, &marks, &out);
        assert!(out.iter().all(Option::is_some));
        assert!(out.iter().flatten().any(|p| p.leader));
    }
}
