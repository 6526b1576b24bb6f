//! Unit tests of `rules::stay`: each reason produced on a tiny hand-made county.

use crate::model::county::County;
use crate::model::county::{
    Backbone, Gender, Level, Position, School, SchoolId, Teacher, TeacherId, Title, Zone,
};
use crate::model::lang::Lang;
use crate::model::moves::Move;
use crate::model::pins::Pin;
use crate::model::pins::{PinAction, Pins};
use crate::model::policy::Policy;
use crate::rules::breach::Rule;
use crate::rules::candidates::candidates;
use crate::rules::candidates::MoveRefusal;
use crate::rules::eligibility::county_eligibility;
use crate::rules::pins::apply;
use crate::rules::stay::{stay_reasons, stay_reasons_known, Known, StayReason};
use crate::rules::verify::verify;

fn school(id: &str, zone: Zone, level: Level, x_km: f64, y_km: f64) -> School {
    School {
        id: SchoolId(id.into()),
        name: format!("{id} school"),
        zone,
        level,
        students: 300,
        position: Position::Grid { x_km, y_km },
    }
}

fn teacher(id: &str, school: usize, subject: &str, home: Option<(f64, f64)>) -> Teacher {
    Teacher {
        id: TeacherId(id.into()),
        name: String::new(),
        school,
        subject: subject.into(),
        gender: Gender::F,
        birth_year: 1985,
        years_at_school: 8,
        backbone: Backbone::None,
        title: Title::Intermediate,
        homeroom: false,
        graduating: false,
        exempt: None,
        home: home.map(|(x_km, y_km)| Position::Grid { x_km, y_km }),
        degree: None,
    }
}

/// Urban U1 at the origin, rural R1 10 km east, both primary, no groups.
fn two_schools(teachers: Vec<Teacher>) -> County {
    County::new(
        vec![
            school("U1", Zone::Urban, Level::Primary, 0.0, 0.0),
            school("R1", Zone::Rural, Level::Primary, 10.0, 0.0),
        ],
        teachers,
        Vec::new(),
    )
}

fn open_policy() -> Policy {
    let mut p = Policy::default();
    p.rules.outflow_cap = 1.0;
    // Each school is its own group here: no cost for leaving it.
    p.rules.partnership = crate::model::policy::PartnershipRule::Ignore;
    p
}

fn reasons(
    county: &County,
    policy: &Policy,
    pins: Option<&Pins>,
    moves: &[Move],
) -> Vec<(String, StayReason)> {
    let e = county_eligibility(county, policy);
    let checked = stay_reasons(county, policy, &e, pins, moves);
    // The round's path, from its candidate moves, must give the same reasons.
    let mut cands = candidates(county, policy, &e);
    let pins_hold = pins.is_none_or(|p| apply(county, policy, p, &mut cands).is_ok());
    if pins_hold {
        let targets_met = !verify(county, policy, &e, moves)
            .iter()
            .any(|v| matches!(v.rule(), Rule::ExchangeTarget | Rule::BackboneTarget));
        let known = Known {
            targets_met,
            no_plan_in_time: false,
            candidates: Some(&cands),
        };
        assert_eq!(
            stay_reasons_known(county, policy, &e, pins, moves, known),
            checked,
            "the reasons from the candidate moves differ from those checked school by school"
        );
    }
    checked
        .into_iter()
        .map(|s| (county.teachers[s.teacher].id.0.clone(), s.reason))
        .collect()
}

fn mv(county: &County, t: usize, to: usize) -> Move {
    Move {
        teacher: t,
        to,
        km: county.commute(t, to),
    }
}

#[test]
fn a_teacher_pinned_to_stay_is_pinned() {
    let county = two_schools(vec![
        teacher("A", 0, "math", None),
        teacher("B", 1, "math", None),
    ]);
    let pins = Pins {
        file: "pins.csv".into(),
        pins: vec![Pin {
            teacher: 0,
            action: PinAction::Stay,
            line: 2,
        }],
    };
    let r = reasons(&county, &open_policy(), Some(&pins), &[]);
    assert_eq!(r[0], ("A".into(), StayReason::Pinned));
    assert_ne!(r[1].1, StayReason::Pinned);
}

#[test]
fn a_special_school_teacher_without_another_special_school_has_none() {
    let county = County::new(
        vec![
            school("X1", Zone::Urban, Level::Special, 0.0, 0.0),
            school("R1", Zone::Rural, Level::Primary, 5.0, 0.0),
        ],
        vec![teacher("A", 0, "math", None)],
        Vec::new(),
    );
    let r = reasons(&county, &open_policy(), None, &[]);
    assert_eq!(
        r[0].1,
        StayReason::NoCompatibleSchool {
            refusal: Some(MoveRefusal::LevelMismatch)
        }
    );
    assert!(r[0].1.text(Lang::Zh).starts_with("没有符合交流规则的学校"));
}

#[test]
fn a_teacher_far_from_every_school_is_beyond_the_cap() {
    // Home 45 km from R1 (and U1 is their own school).
    let county = two_schools(vec![teacher("A", 0, "math", Some((-35.0, 0.0)))]);
    let r = reasons(&county, &open_policy(), None, &[]);
    match &r[0].1 {
        StayReason::BeyondCommuteCap {
            school,
            refusal: MoveRefusal::TooFar { km, limit },
        } => {
            assert_eq!(school, "R1");
            assert!((km - 45.0).abs() < 1e-9 && *limit == 40.0);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_school_at_its_outflow_cap_keeps_the_rest() {
    // U1 has three teachers, a cap of 34 % lets one leave; the plan moves A.
    let county = two_schools(vec![
        teacher("A", 0, "math", None),
        teacher("B", 0, "math", None),
        teacher("C", 0, "chinese", None),
        teacher("D", 1, "math", None),
    ]);
    let mut policy = open_policy();
    policy.rules.outflow_cap = 0.34;
    let moves = [mv(&county, 0, 1), mv(&county, 3, 0)];
    let r = reasons(&county, &policy, None, &moves);
    assert_eq!(r.len(), 2, "{r:?}");
    for (id, reason) in &r {
        assert!(id == "B" || id == "C");
        assert_eq!(
            reason,
            &StayReason::OutflowCap {
                school: "U1".into(),
                leave: 1,
                staff: 3,
                cap: 1
            }
        );
    }
}

#[test]
fn nobody_of_the_subject_can_take_the_post() {
    // The only music teacher; no music teacher elsewhere.
    let county = two_schools(vec![
        teacher("A", 0, "music", None),
        teacher("B", 1, "math", None),
    ]);
    let r = reasons(&county, &open_policy(), None, &[]);
    assert_eq!(
        r[0].1,
        StayReason::NoReplacement {
            school: "U1".into(),
            subject: "music".into(),
            tolerance: 0
        }
    );
    assert!(
        r[0].1.text(Lang::Zh).contains("音乐"),
        "{}",
        r[0].1.text(Lang::Zh)
    );
    // With a tolerance of one, the post may stay open: another reason.
    let mut policy = open_policy();
    policy.rules.subject_tolerance = 1;
    let r = reasons(&county, &policy, None, &[]);
    assert_ne!(r[0].1.key(), "no_replacement");
}

#[test]
fn a_colleague_who_costs_less_went_instead() {
    // A lives at U1, B 6 km west of it: to R1, A's commute is 10 km, B's 16 km.
    let county = two_schools(vec![
        teacher("A", 0, "math", None),
        teacher("B", 0, "math", Some((-6.0, 0.0))),
        teacher("D", 1, "math", None),
    ]);
    let moves = [mv(&county, 0, 1), mv(&county, 2, 0)];
    let r = reasons(&county, &open_policy(), None, &moves);
    assert_eq!(r.len(), 1);
    match &r[0].1 {
        StayReason::Costlier {
            colleague,
            school,
            own,
            theirs,
            extra,
        } => {
            assert_eq!((colleague.as_str(), school.as_str()), ("A", "R1"));
            assert!((own - 16.0).abs() < 1e-9 && (theirs - 10.0).abs() < 1e-9);
            assert!((extra - 6.0).abs() < 1e-9);
        }
        other => panic!("{other:?}"),
    }
    assert!(r[0].1.text(Lang::En).contains("6.0 more"));
}

/// The plan in which nobody moves, written for lack of time: a teacher who would
/// need further moves stays for lack of time, and says so with their cheapest move; a
/// reason of the rules (here a teacher beyond the commute cap) stays what it is.
#[test]
fn nobody_moving_for_lack_of_time_is_the_reason_not_the_rules() {
    let county = two_schools(vec![
        teacher("A", 0, "math", None),
        teacher("B", 0, "math", Some((-35.0, 0.0))),
        teacher("D", 1, "math", None),
    ]);
    let policy = open_policy();
    let e = county_eligibility(&county, &policy);
    let cands = candidates(&county, &policy, &e);
    let known = |no_plan_in_time| Known {
        targets_met: false,
        no_plan_in_time,
        candidates: Some(&cands),
    };
    let timed_out = stay_reasons_known(&county, &policy, &e, None, &[], known(true));
    let solved = stay_reasons_known(&county, &policy, &e, None, &[], known(false));
    assert_eq!(timed_out.len(), 3);
    for (late, done) in timed_out.iter().zip(&solved) {
        match (&late.reason, &done.reason) {
            (
                StayReason::NoPlanInTime { school, cheapest },
                StayReason::NeedsMoreMoves {
                    school: s,
                    cheapest: c,
                    dearest: None,
                    ..
                },
            ) => {
                assert_eq!((school, cheapest), (s, c));
                assert_eq!(late.reason.key(), "no_plan_in_time");
                assert_eq!(late.reason.extra_cost(), None);
                assert!(late.reason.text(Lang::En).contains("time limit ran out"));
                assert!(late.reason.text(Lang::Zh).contains("时限内未找到方案"));
            }
            (a, b) => {
                assert_eq!(a, b, "a reason of the rules changed");
                assert!(matches!(a, StayReason::BeyondCommuteCap { .. }), "{a:?}");
            }
        }
    }
    assert!(timed_out
        .iter()
        .any(|s| matches!(s.reason, StayReason::NoPlanInTime { .. })));
}

#[test]
fn a_backbone_teacher_is_not_compared_with_a_colleague_who_is_not() {
    let mut b = teacher("B", 0, "math", Some((-6.0, 0.0)));
    b.backbone = Backbone::County;
    let county = two_schools(vec![
        teacher("A", 0, "math", None),
        b,
        teacher("D", 1, "math", None),
        teacher("E", 1, "chinese", None),
    ]);
    let moves = [mv(&county, 0, 1), mv(&county, 2, 0)];
    let mut policy = open_policy();
    policy.targets.backbone_share = 0.0;
    let r = reasons(&county, &policy, None, &moves);
    let b = r.iter().find(|(id, _)| id == "B").unwrap();
    match &b.1 {
        StayReason::NeedsMoreMoves {
            school,
            cheapest,
            dearest,
            targets_met,
        } => {
            assert_eq!(school, "R1");
            assert!((cheapest - 16.0).abs() < 1e-9);
            assert_eq!(*dearest, Some(10.0));
            assert!(*targets_met);
        }
        other => panic!("{other:?}"),
    }
    assert!(b
        .1
        .text(Lang::En)
        .contains("6.0 more than the dearest move"));
}

#[test]
fn a_team_member_takes_no_post_the_team_cannot_reach() {
    // B could take A's music post at U1 alone, but B moves only with C, who lives
    // 80 km from U1: the team cannot go there, so nobody can replace A. Both ways of
    // finding the reasons (school by school, and from the candidates) must say so.
    let mut county = two_schools(vec![
        teacher("A", 0, "music", None),
        teacher("B", 1, "music", None),
        teacher("C", 1, "music", Some((80.0, 0.0))),
    ]);
    county.exchange_teams = crate::model::exchange_teams::ExchangeTeams::from_members(
        3,
        vec![("pair".into(), vec![1, 2])],
    );
    let mut policy = open_policy();
    policy.rules.max_commute_km = 40.0;
    let r = reasons(&county, &policy, None, &[]);
    assert!(
        matches!(&r[0], (id, StayReason::NoReplacement { .. }) if id == "A"),
        "{r:?}"
    );
    assert!(
        r[1..]
            .iter()
            .all(|(_, reason)| matches!(reason, StayReason::WithTeam { .. })),
        "{r:?}"
    );
}

/// A school pair's rules coded in a byte (`pair_code`) read back as the same answer
/// (`pair_refusal`), and a refusal the byte does not hold is asked again.
#[test]
fn a_pair_refusal_coded_in_a_byte_reads_back_the_same() {
    use super::{pair_code, pair_refusal};
    let answers = [
        Ok(()),
        Err(MoveRefusal::SameSchool),
        Err(MoveRefusal::LevelMismatch),
        Err(MoveRefusal::SameZone),
        Err(MoveRefusal::OtherGroup),
        Err(MoveRefusal::NotWished),
        Err(MoveRefusal::TooFar {
            km: 41.0,
            limit: 40.0,
        }),
    ];
    for answer in answers {
        let code = pair_code(answer.clone());
        let mut asked = false;
        let back = pair_refusal(code, || {
            asked = true;
            answer.clone()
        });
        assert_eq!(back, answer);
        // Only what the byte cannot hold is asked again.
        assert_eq!(asked, code == 5, "{answer:?}");
    }
}
