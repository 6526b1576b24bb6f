//! Reading a policy file (`models/*.toml`); parsing and range checks are the
//! policy's own ([`Policy::parse`]).

use crate::model::diagnostics::Diagnostics;
use crate::model::error::Result;
use crate::model::error::RotationError;
use crate::model::input_message::InputMessage;
use crate::model::policy::Policy;
use std::path::Path;

impl Policy {
    /// Reads and checks a policy file.
    pub fn read(path: &Path) -> Result<Policy> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            let mut d = Diagnostics::default();
            d.error(
                &file,
                None,
                None,
                InputMessage::CannotReadPolicy {
                    error: e.to_string(),
                },
            );
            RotationError::Invalid(d)
        })?;
        Policy::parse(&text, &file)
    }
}
