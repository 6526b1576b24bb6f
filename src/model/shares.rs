//! Shares of whole teachers: targets are ceilings of rates times counts, computed
//! so that a product that "is" an integer in decimal stays that integer.

/// Ceil of a product that should be an integer when it "is" one: 0.35 · 1000 is
/// 350.00000000000006 in floating point, and the target is 350, not 351.
pub fn ceil_share(share: f64, n: u32) -> u32 {
    (share * n as f64 - 1e-9).ceil().max(0.0) as u32
}

/// Floor of a product that should be an integer when it "is" one, e.g. an outflow cap
/// `⌊0.3 · 10⌋ = 3` teachers, with the same 1e-9 tolerance as [`ceil_share`].
pub fn floor_share(share: f64, n: u32) -> u32 {
    (share * n as f64 + 1e-9).floor().max(0.0) as u32
}

/// A share as a percentage for messages: 0.3252 → "32.52", 0.35 → "35".
pub fn percent(share: f64) -> String {
    let s = format!("{:.2}", share * 100.0);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_round_as_people_expect() {
        assert_eq!(ceil_share(0.35, 1000), 350);
        assert_eq!(ceil_share(0.35, 1001), 351);
        assert_eq!(ceil_share(0.1, 10), 1);
        assert_eq!(floor_share(0.3, 10), 3);
        assert_eq!(floor_share(0.29, 10), 2);
    }
}
