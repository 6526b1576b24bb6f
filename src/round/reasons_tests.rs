//! Unit tests of `round::reasons`: the reasons in English and Chinese.

use crate::model::county::{Backbone, Zone};
use crate::model::lang::Lang;
use crate::model::travel::CommuteUnit;
use crate::round::reasons::{Basis, MoveReason, WhyThere};
use crate::rules::eligibility::Eligibility;

fn reason() -> MoveReason {
    MoveReason {
        basis: Basis::Eligible {
            years: 8,
            school: "U1".into(),
        },
        from_zone: Zone::Urban,
        to_zone: Zone::Rural,
        from_group: 1,
        to_group: 1,
        rank: Some((2, 2)),
        commute: 12.0,
        unit: CommuteUnit::Km,
        subject: "math".into(),
        replaced_by: Some(("T13".into(), "R2".into())),
        backbone: Backbone::County,
        homeroom: false,
        graduating: false,
        why_there: None,
    }
}

#[test]
fn english_and_chinese_say_the_same() {
    let r = reason();
    assert_eq!(
        r.text(Lang::En),
        "8 years at U1 (eligible); urban→rural; inside partnership group 1; 2nd by commute of 2 allowed schools (12.0 km); their math post is taken by T13 from R2; county-level backbone teacher (counts toward the backbone target)"
    );
    assert_eq!(
        r.text(Lang::Zh),
        "在U1连续任教8年，符合交流条件；城区→农村；在第1教育共同体内交流；2所可去学校中通勤第2近（12.0公里）；其数学岗位由R2的T13接替；县级骨干教师（计入骨干教师交流比例）"
    );
}

#[test]
fn a_pin_replaces_eligibility_and_ranking() {
    let mut r = reason();
    r.basis = Basis::Pinned {
        pin: "T07 move_to R1".into(),
        pin_zh: "T07 调往 R1".into(),
        not_eligible: Some(Eligibility::Exempt {
            reason: "pregnancy".into(),
        }),
        eligible: None,
    };
    r.rank = None;
    let en = r.text(Lang::En);
    assert!(
        en.starts_with(
            "pinned `T07 move_to R1` by the bureau although not eligible (exempt); urban→rural"
        ),
        "{en}"
    );
    assert!(en.contains("; commute 12.0 km;"), "{en}");
    assert!(r
        .text(Lang::Zh)
        .starts_with("教育局指定（T07 调往 R1），虽不符合交流条件（免交流）"));
    assert!(!r.text(Lang::Zh).contains("move_to"));
}

/// A pinned move of an eligible teacher (a move the officer confirmed) keeps the
/// years that made the teacher eligible beside the pin.
#[test]
fn a_pinned_eligible_mover_keeps_their_eligibility_beside_the_pin() {
    let mut r = reason();
    r.basis = Basis::Pinned {
        pin: "T01 move_to R2".into(),
        pin_zh: "T01 调往 R2".into(),
        not_eligible: None,
        eligible: Some((8, "U1".into())),
    };
    r.rank = None;
    let en = r.text(Lang::En);
    assert!(
        en.starts_with(
            "pinned `T01 move_to R2` by the bureau; 8 years at U1 (eligible); urban→rural"
        ),
        "{en}"
    );
    let zh = r.text(Lang::Zh);
    assert!(
        zh.starts_with("教育局指定（T01 调往 R2）；在U1连续任教8年，符合交流条件；城区→农村"),
        "{zh}"
    );
}

#[test]
fn the_farthest_school_says_why_in_both_languages() {
    let mut r = reason();
    r.why_there = Some(WhyThere {
        fills: Some("T13".into()),
        balances: None,
        nearer_other_group: 1,
        nearer_full: 2,
    });
    let en = r.text(Lang::En);
    assert!(
        en.contains("2nd by commute of 2 allowed schools (12.0 km); the farthest allowed school because it fills the post T13 leaves there, 1 nearer school is in other partnership groups, 2 nearer schools already receive as many teachers as leave;"),
        "{en}"
    );
    let zh = r.text(Lang::Zh);
    assert!(
        zh.contains("调往最远的可去学校，因为接替该校调出的T13的同学科岗位，较近的1所学校属于其他教育共同体，较近的2所学校调入人数已与调出人数持平"),
        "{zh}"
    );
}
