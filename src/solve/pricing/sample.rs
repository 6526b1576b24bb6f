//! The county the pricing modules' tests start from.

use crate::model::county::County;
use crate::model::policy::Policy;
use crate::rules::candidates::Candidates;

/// The sample county under the Haiyan policy, and its candidate moves: the pricing
/// modules' tests start from them.
pub(super) fn haiyan_sample() -> (County, Policy, Candidates) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let county = crate::input::instance::read_instance(&root.join("instances/haiyan-like"))
        .expect("sample county")
        .county;
    let policy = Policy::read(&root.join("models/haiyan-2022.toml")).expect("policy");
    let eligibility = crate::rules::eligibility::county_eligibility(&county, &policy);
    let full = crate::rules::candidates::candidates(&county, &policy, &eligibility);
    (county, policy, full)
}
