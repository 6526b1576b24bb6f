//! The CV chart of the report: the student-weighted inter-school variation (差异系数)
//! of backbone teachers per 100 students, before and after, against the standards.

use crate::model::indicator::Side;
use crate::model::lang::Lang;
use crate::output::chart::{Frame, SHORT};
use crate::output::markup::render;
use crate::output::report_text::ReportText as T;
use crate::rules::metrics::CvFigures;
use askama::Template;

/// The CV chart's colours before and after the plan, and the height of a bar.
const BEFORE: &str = "#bab0ac";
const AFTER: &str = "#59a14f";
const BAR_H: f64 = 16.0;

/// One bar of the CV chart: its top edge, where it ends, and the CV it shows.
struct CvBar {
    y: f64,
    end: f64,
    value: Option<f64>,
    colour: &'static str,
}

/// One school level of the CV chart: before and after, against the standard.
struct CvRow {
    label: String,
    y: f64,
    bars: [CvBar; 2],
    standard: f64,
    standard_at: f64,
}

/// The CV chart as a template (`templates/chart/cv_chart.svg`); see [`cv_chart`].
#[derive(Template)]
#[template(path = "chart/cv_chart.svg", config = "templates/askama.toml")]
pub(crate) struct CvChart {
    /// The chart's language: Chinese alone, or English beside the Chinese.
    lang: Lang,
    frame: Frame,
    left: f64,
    rows: Vec<CvRow>,
}

/// The CV of backbone teachers per 100 students, before and after, against the
/// 0.50 (primary) / 0.45 (junior) standard.
pub fn cv_chart(cv: &CvFigures) -> String {
    render(&CvChart::new(cv, Lang::En))
}

impl CvChart {
    /// The chart of `cv`; see [`cv_chart`].
    pub(crate) fn new(cv: &CvFigures, lang: Lang) -> CvChart {
        use crate::rules::metrics::{CV_STANDARD_JUNIOR, CV_STANDARD_PRIMARY};
        let rows = [
            (
                Side::Primary,
                cv.primary_before,
                cv.primary_after,
                CV_STANDARD_PRIMARY,
            ),
            (
                Side::Junior,
                cv.junior_before,
                cv.junior_after,
                CV_STANDARD_JUNIOR,
            ),
        ];
        let (width, left) = (640.0, 110.0);
        let height = 40.0 + rows.len() as f64 * 60.0;
        let hi = rows
            .iter()
            .flat_map(|r| [r.1.unwrap_or(0.0), r.2.unwrap_or(0.0), r.3])
            .fold(0.0f64, f64::max)
            * 1.15;
        let plot_w = width - left - 70.0;
        let sx = |v: f64| left + v / hi * plot_w;
        let bar = |y: f64, value: Option<f64>, colour| CvBar {
            y,
            end: value.map(sx).unwrap_or(left),
            value,
            colour,
        };
        CvChart {
            lang,
            frame: Frame {
                width,
                height,
                standalone: false,
                label: T::CvChartTitle.label(lang),
            },
            left,
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, &(side, before, after, standard))| {
                    let y = 34.0 + i as f64 * 60.0;
                    CvRow {
                        label: T::Side(side).label(lang),
                        y,
                        bars: [bar(y, before, BEFORE), bar(y + (BAR_H + 4.0), after, AFTER)],
                        standard,
                        standard_at: sx(standard),
                    }
                })
                .collect(),
        }
    }

    fn l(&self, text: impl std::borrow::Borrow<T>) -> String {
        text.borrow().label(self.lang)
    }
}
