//! What every message enum has in common: a text in each language. An error carries
//! a message of the layer that found the problem ([`RotationError::Rejected`]) through
//! this trait, since `model` cannot name the enums of the layers above it.
//!
//! [`RotationError::Rejected`]: crate::model::error::RotationError::Rejected

use crate::model::lang::Lang;

/// A message rendered per language (English for scripts and logs, Chinese for the
/// county's office).
pub trait Message: std::fmt::Debug + Send + Sync {
    /// The message in `lang`.
    fn text(&self, lang: Lang) -> String;
}
