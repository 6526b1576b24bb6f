//! The lottery's random stream, documented so that anyone can re-run it with any
//! ChaCha20 implementation: the key is SHA-256 of the announced text's UTF-8 bytes; the
//! stream is ChaCha20 (20 rounds, nonce 0, counter from 0, as `rand_chacha`'s
//! `ChaCha20Rng::from_seed`), read as little-endian 32-bit words; a uniform integer in
//! `[0, n)` is the first word `w` below `2^32 − (2^32 mod n)`, taken `mod n`
//! (rejection, so no value is favoured); a shuffle is Fisher–Yates (Durstenfeld): for
//! `i` from `len − 1` down to 1, swap item `i` with item `uniform(i + 1)`.

use rand::RngCore;
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use sha2::{Digest, Sha256};

/// SHA-256 of a text's UTF-8 bytes: the stream's key.
pub fn seed_of(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

/// Bytes as lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A lottery stream keyed by an announced text.
pub struct Lottery {
    rng: ChaCha20Rng,
}

impl Lottery {
    /// The stream of `text`: ChaCha20 keyed by SHA-256 of its UTF-8 bytes.
    pub fn from_text(text: &str) -> Lottery {
        Lottery {
            rng: ChaCha20Rng::from_seed(seed_of(text)),
        }
    }

    /// A uniform integer in `[0, n)`, `n ≥ 1`, by rejection from 32-bit words.
    pub fn below(&mut self, n: u32) -> u32 {
        assert!(n >= 1, "a draw needs at least one outcome");
        let n64 = u64::from(n);
        let limit = (1u64 << 32) - ((1u64 << 32) % n64);
        loop {
            let w = u64::from(self.rng.next_u32());
            if w < limit {
                return (w % n64) as u32;
            }
        }
    }

    /// Shuffles `items` in place (Fisher–Yates, Durstenfeld's form).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u32 + 1) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_sha256_of_the_text() {
        // SHA-256("abc"), the FIPS 180-2 example.
        assert_eq!(
            hex(&seed_of("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn the_stream_is_chacha20_of_rfc_7539_with_a_zero_nonce() {
        // RFC 7539 section 2.3.2's key and counter 0 differ from its example; the
        // all-zero key of RFC 7539 A.1 (test vector 1) starts 76 b8 e0 ad.
        let mut rng = ChaCha20Rng::from_seed([0; 32]);
        assert_eq!(rng.next_u32(), u32::from_le_bytes([0x76, 0xb8, 0xe0, 0xad]));
    }

    #[test]
    fn the_same_text_gives_the_same_shuffle() {
        let mut a: Vec<u32> = (0..10).collect();
        let mut b = a.clone();
        Lottery::from_text("2026-09-01 福彩3D 123").shuffle(&mut a);
        Lottery::from_text("2026-09-01 福彩3D 123").shuffle(&mut b);
        assert_eq!(a, b);
        let mut c: Vec<u32> = (0..10).collect();
        Lottery::from_text("2026-09-01 福彩3D 124").shuffle(&mut c);
        assert_ne!(a, c);
    }

    #[test]
    fn below_stays_in_range() {
        let mut l = Lottery::from_text("x");
        for n in 1..50 {
            assert!(l.below(n) < n);
        }
    }
}
