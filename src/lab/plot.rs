//! What a sweep chart plots (`rotation sweep --plot`): presets (`price`, `cv`) and
//! figures of `sweep.csv`, one panel each.

use crate::lab::figures::FIGURE_LABELS;
use crate::lab::grid_message::GridProblem;

/// The most panels one chart draws.
pub const MAX_PANELS: usize = 8;

/// Named sets of figures `--plot` accepts, the first the default.
pub const PRESETS: &[(&str, &[&str])] = &[
    // The price of a policy: commuting, moves across groups, teachers moved.
    ("price", &["total_commute_km", "cross_group_moves", "moved"]),
    // Balance (均衡): the CV of primary and junior schools after the plan.
    ("cv", &["cv_primary_after", "cv_junior_after"]),
];

/// Figures that are words, not numbers: they cannot be plotted.
const WORDS: &[&str] = &["status", "targets"];

/// The figures a sweep chart plots, one panel each, in order, none twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plot {
    figures: Vec<&'static str>,
}

impl Default for Plot {
    /// `price`: total commute, moves across groups, teachers moved.
    fn default() -> Self {
        Plot {
            figures: PRESETS[0].1.to_vec(),
        }
    }
}

/// The figure keys a chart can plot, in table order.
pub fn plottable() -> Vec<&'static str> {
    FIGURE_LABELS
        .iter()
        .map(|&(key, _, _)| key)
        .filter(|key| !WORDS.contains(key))
        .collect()
}

impl Plot {
    /// Parses `--plot`: presets (`price`, `cv`) and figure keys of `sweep.csv`
    /// (`cv_primary_after`), comma-separated; the message names what is wrong.
    pub fn parse(spec: &str) -> std::result::Result<Plot, GridProblem> {
        let keys = plottable();
        let mut figures: Vec<&'static str> = Vec::new();
        let mut unknown = Vec::new();
        for name in spec.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let named: &[&'static str] = match PRESETS.iter().find(|(p, _)| *p == name) {
                Some((_, set)) => set,
                None => match keys.iter().find(|&&key| key == name) {
                    Some(key) => std::slice::from_ref(key),
                    None => {
                        unknown.push(name);
                        continue;
                    }
                },
            };
            for &key in named {
                if !figures.contains(&key) {
                    figures.push(key);
                }
            }
        }
        let presets: Vec<String> = PRESETS.iter().map(|(p, _)| p.to_string()).collect();
        if !unknown.is_empty() {
            return Err(GridProblem::PlotUnknown {
                spec: spec.to_string(),
                unknown: unknown.iter().map(|u| u.to_string()).collect(),
                presets,
                figures: keys.iter().map(|k| k.to_string()).collect(),
            });
        }
        if figures.is_empty() {
            return Err(GridProblem::PlotEmpty {
                spec: spec.to_string(),
                presets,
            });
        }
        if figures.len() > MAX_PANELS {
            return Err(GridProblem::PlotTooMany {
                spec: spec.to_string(),
                figures: figures.len(),
                max: MAX_PANELS,
            });
        }
        Ok(Plot { figures })
    }

    /// The figure keys, one panel each.
    pub fn figures(&self) -> &[&'static str] {
        &self.figures
    }

    /// Whether every panel is a CV: the chart is then about balance, not price.
    pub fn is_balance(&self) -> bool {
        self.figures.iter().all(|f| f.starts_with("cv_"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::lang::Lang;

    #[test]
    fn presets_and_figures_parse_in_order_without_repeats() {
        let cv = Plot::parse("cv").unwrap();
        assert_eq!(cv.figures(), ["cv_primary_after", "cv_junior_after"]);
        assert!(cv.is_balance());
        let mixed = Plot::parse(" cv_junior_after, price ,cv").unwrap();
        assert_eq!(
            mixed.figures().join(" "),
            "cv_junior_after total_commute_km cross_group_moves moved cv_primary_after"
        );
        assert!(!mixed.is_balance());
        assert_eq!(Plot::parse("price").unwrap(), Plot::default());
    }

    #[test]
    fn words_unknown_names_and_empty_plots_are_refused() {
        let e = Plot::parse("cv,status,cv_primary")
            .unwrap_err()
            .text(Lang::En);
        assert!(
            e.contains("`status`, `cv_primary` are not figures to plot"),
            "{e}"
        );
        assert!(e.contains("use price, cv or figures of sweep.csv"), "{e}");
        let e = Plot::parse("targets").unwrap_err().text(Lang::En);
        assert!(e.contains("`targets` is not a figure"), "{e}");
        assert!(Plot::parse(" , ")
            .unwrap_err()
            .text(Lang::En)
            .contains("names no figure"));
        let many = plottable()[..MAX_PANELS + 1].join(",");
        assert!(Plot::parse(&many)
            .unwrap_err()
            .text(Lang::En)
            .contains("at most 8 panels"));
    }
}
