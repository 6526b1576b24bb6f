//! One varied key of a sweep (`--vary KEY=FROM:TO:STEP`): the key resolved among the
//! numeric policy keys, the range checked, and its values without rounding noise.

use crate::lab::grid_message::{GridProblem, RangePart};
use crate::model::policy::NUMERIC_KEYS;

/// The most grid points a sweep accepts (each is a full solve).
pub const MAX_POINTS: usize = 2_000;

/// One varied key: `key=from:to:step`.
#[derive(Debug, Clone, PartialEq)]
pub struct Vary {
    /// The full `section.key` name from [`NUMERIC_KEYS`].
    pub key: String,
    /// First value of the key.
    pub from: f64,
    /// Last value the grid may reach (included when a whole number of steps away).
    pub to: f64,
    /// Step between values, never 0; its sign points from `from` towards `to`.
    pub step: f64,
}

/// Rounds away the binary noise of `from + i·step` (0.1 + 8·0.05 = 0.5000000000000001).
fn clean(x: f64) -> f64 {
    let r = (x * 1e9).round() / 1e9;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// The full key for `name`: itself, or the one key ending in `.name`
/// (`exchange_rate` → `targets.exchange_rate`); `None` when no key or several match.
pub fn resolve_key(name: &str) -> Option<&'static str> {
    if let Some(k) = NUMERIC_KEYS.iter().find(|k| **k == name) {
        return Some(k);
    }
    let suffix = format!(".{name}");
    let matches: Vec<&'static str> = NUMERIC_KEYS
        .iter()
        .copied()
        .filter(|k| k.ends_with(&suffix))
        .collect();
    match matches.as_slice() {
        [k] => Some(k),
        _ => None,
    }
}

impl Vary {
    /// Parses `KEY=FROM:TO:STEP`; the message names the key and what is wrong.
    pub fn parse(spec: &str) -> std::result::Result<Vary, GridProblem> {
        let spec_ = || spec.to_string();
        let Some((name, range)) = spec.split_once('=') else {
            return Err(GridProblem::NoEquals { spec: spec_() });
        };
        let name = name.trim();
        let key = resolve_key(name).ok_or_else(|| GridProblem::UnknownKey {
            spec: spec_(),
            name: name.to_string(),
            keys: NUMERIC_KEYS.iter().map(|k| k.to_string()).collect(),
        })?;
        let parts: Vec<&str> = range.split(':').collect();
        if parts.len() != 3 {
            return Err(GridProblem::RangeShape {
                spec: spec_(),
                key: key.to_string(),
                range: range.to_string(),
            });
        }
        let mut numbers = [0.0; 3];
        for (slot, (part, what)) in numbers.iter_mut().zip(parts.iter().zip([
            RangePart::From,
            RangePart::To,
            RangePart::Step,
        ])) {
            *slot = match part.trim().parse::<f64>() {
                Ok(x) if x.is_finite() => x,
                _ => {
                    return Err(GridProblem::NotANumber {
                        spec: spec_(),
                        key: key.to_string(),
                        part: what,
                        text: part.to_string(),
                    })
                }
            };
        }
        let [from, to, step] = numbers;
        if step == 0.0 {
            return Err(GridProblem::ZeroStep {
                spec: spec_(),
                key: key.to_string(),
                from,
                to,
            });
        }
        if (to - from) * step < 0.0 {
            return Err(GridProblem::StepAway {
                spec: spec_(),
                key: key.to_string(),
                from,
                to,
                step,
            });
        }
        let vary = Vary {
            key: key.to_string(),
            from,
            to,
            step,
        };
        let n = vary.count();
        if n > MAX_POINTS {
            return Err(GridProblem::TooManyValues {
                spec: spec_(),
                key: key.to_string(),
                values: n,
                max: MAX_POINTS,
            });
        }
        Ok(vary)
    }

    fn count(&self) -> usize {
        ((self.to - self.from) / self.step + 1e-9).floor().max(0.0) as usize + 1
    }

    /// `from + i·step` for every `i` that does not pass `to`, with rounding noise removed:
    /// `0.1:0.5:0.05` gives exactly 9 values, the last 0.5.
    pub fn values(&self) -> Vec<f64> {
        (0..self.count())
            .map(|i| clean(self.from + i as f64 * self.step))
            .collect()
    }
}
