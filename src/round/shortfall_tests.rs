//! Tests of the shortfall causes: every kind in both languages, the words kept.

use super::*;

fn every_kind() -> Vec<ShortfallCause> {
    vec![
        ShortfallCause::TimeLimit { gap: 0.012 },
        ShortfallCause::Exchange {
            moved: 10,
            target: 12,
            short: 2.0,
        },
        ShortfallCause::Stranded {
            teachers: 3,
            cap: 40.0,
            unit: CommuteUnit::Km,
            direction: Direction::CrossZone,
            partnership: PartnershipRule::Prefer,
        },
        ShortfallCause::NoPartner {
            level: Level::Primary,
            subject: "math".into(),
            movable: 5,
            zone: Zone::Urban,
            partners: 2,
            partner_zone: Zone::Rural,
            cap: 40.0,
            unit: CommuteUnit::Km,
        },
        ShortfallCause::OutflowCap {
            share: 0.3,
            schools: vec![("U1".into(), 3, 10)],
        },
        ShortfallCause::Backbone {
            moved: 4,
            share: 0.25,
            short: 1.2,
            movable: 4,
        },
        ShortfallCause::CvAboveCap {
            indicator: Indicator::Backbone,
            side: Side::Junior,
            after: 0.47,
            cap: 0.45,
            held_back_by: vec![("J1".into(), 0.4, 1.7)],
        },
        ShortfallCause::BelowFloor {
            indicator: Indicator::Backbone,
            side: Side::Primary,
            floor: 1.0,
            schools: vec![("R1".into(), 1, 3, 1)],
        },
        ShortfallCause::BalanceBinds {
            indicator: Indicator::Backbone,
            with_rule: 2.0,
            without_rule: 0.0,
        },
        ShortfallCause::NoPlanInTime,
        ShortfallCause::LeastAmongPriced,
        ShortfallCause::LeastNotProven,
        ShortfallCause::TimeLimit { gap: f64::NAN },
    ]
}

#[test]
fn every_cause_reads_in_both_languages() {
    for cause in every_kind() {
        let (en, zh) = (cause.text(Lang::En), cause.text(Lang::Zh));
        assert!(en.is_ascii() || en.contains('–'), "English: {en}");
        assert!(
            zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "no Chinese in {zh}"
        );
    }
}

#[test]
fn english_keeps_the_words_of_earlier_versions() {
    let texts: Vec<String> = every_kind().iter().map(|c| c.text(Lang::En)).collect();
    assert_eq!(
        texts[1],
        "exchange target: 10 of 12 required teachers rotate (2 short)"
    );
    assert_eq!(
        texts[3],
        "primary math: 5 eligible urban teachers can move but only 2 eligible rural teachers can take their posts within 40 km"
    );
    assert_eq!(
        texts[4],
        "the outflow cap (30% of staff) is reached at: U1 (3 of 10)"
    );
    assert!(texts[2].contains("commute cap 40 km, direction cross_zone, partnership prefer"));
    // A long list of schools is cut short and counted.
    let many = ShortfallCause::OutflowCap {
        share: 0.1,
        schools: (0..20).map(|i| (format!("S{i}"), 1, 10)).collect(),
    };
    assert!(many.text(Lang::En).ends_with("S7 (1 of 10), and 12 more"));
    assert!(many.text(Lang::Zh).ends_with("另有 12 所"));
    assert!(texts[5].contains("(25.0% of movers; 1.20 short)"));
    let zh = every_kind()[3].text(Lang::Zh);
    assert!(zh.starts_with("小学数学"), "{zh}");
}

#[test]
fn stranded_teachers_name_the_rules_as_the_policy_file_spells_them() {
    for (direction, partnership, en) in [
        (
            Direction::CrossZone,
            PartnershipRule::Prefer,
            "direction cross_zone, partnership prefer",
        ),
        (
            Direction::Any,
            PartnershipRule::Require,
            "direction any, partnership require",
        ),
    ] {
        let cause = ShortfallCause::Stranded {
            teachers: 3,
            cap: 20.0,
            unit: CommuteUnit::Km,
            direction,
            partnership,
        };
        assert!(
            cause.text(Lang::En).contains(en),
            "{}",
            cause.text(Lang::En)
        );
        for text in [cause.text(Lang::En), cause.text(Lang::Zh)] {
            for debug in ["CrossZone", "Prefer", "Require", "Any,"] {
                assert!(!text.contains(debug), "{text}");
            }
        }
    }
}
