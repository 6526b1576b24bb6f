//! What the command line says of its own (summaries, "wrote …", the closing line of a
//! list of problems), as data rendered in English or Chinese here and nowhere else.

use rotation::lab::stopped::{stopped_sentence, StoppedAtLimit};
use rotation::model::lang::Lang;
use rotation::rules::eligibility::Eligibility;
use rotation::solve::highs::LimitStop;

/// How a year of `plan --years` stopped at the time limit, on its line.
fn year_stopped(stop: LimitStop, lang: Lang) -> String {
    let pct = |g: f64| format!("{:.2}%", 100.0 * g);
    match (stop, lang) {
        (LimitStop::NoPlan, Lang::En) => {
            "  (time limit: no plan found in time, nobody moves)".into()
        }
        (LimitStop::NoPlan, Lang::Zh) => "（达到时间上限：未找到任何方案，无人交流）".into(),
        (LimitStop::Found { gap: Some(g) }, Lang::En) => {
            format!("  (time limit: best plan found, gap {})", pct(g))
        }
        (LimitStop::Found { gap: Some(g) }, Lang::Zh) => {
            format!("（达到时间上限：已找到的最好方案，最优间隙 {}）", pct(g))
        }
        (LimitStop::Found { gap: None }, Lang::En) => {
            "  (time limit: best plan found, no bound yet)".into()
        }
        (LimitStop::Found { gap: None }, Lang::Zh) => {
            "（达到时间上限：已找到的最好方案，尚无下界）".into()
        }
    }
}

/// One message of the command line.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(strum::EnumDiscriminants))]
#[cfg_attr(test, strum_discriminants(derive(strum::EnumIter), vis(pub(crate))))]
pub enum CliMessage {
    /// The closing line of a list of input problems.
    NothingWritten { problems: usize },
    /// `validate`: the instance is usable.
    Valid { instance: String },
    /// `validate`: schools, by zone and level (`urban/primary` keys).
    Schools {
        total: usize,
        by_kind: Vec<(String, usize)>,
    },
    /// `validate`: students.
    Students { total: u64 },
    /// `validate`: teachers and backbone teachers.
    Teachers { total: usize, backbone: usize },
    /// `validate`: partnership groups and the partnerships they come from.
    Groups { groups: usize, partnerships: usize },
    /// `validate`: the joint appointments (联聘) the round reads.
    JointAppointments { appointments: usize, schools: usize },
    /// `validate --policy`: eligible teachers under a policy.
    Eligible {
        eligible: usize,
        share: f64,
        backbone: usize,
        policy: String,
    },
    /// `validate --policy`: teachers excluded by one rule (`too_few_years`, ...).
    NotEligible { teachers: usize, rule: String },
    /// `eligibility --out`: the list was written.
    WroteEligibility {
        path: String,
        teachers: usize,
        eligible: usize,
    },
    /// A file or files written beside the main output (`--report`, `--out`).
    Wrote { what: String },
    /// `verify`: the heading when every rule holds.
    EveryRuleHolds { plan: String },
    /// `verify`: the heading when rules are broken.
    RulesBroken { plan: String, count: usize },
    /// `verify --pins`: a teacher moves by a pin although not eligible (why: rendered).
    PinnedNotEligible {
        teacher: String,
        name: String,
        why: String,
    },
    /// `compare`: why a policy misses a target (why: rendered).
    WhyShortOf { label: String, why: String },
    /// `sweep`: how the grid points ended.
    SweepTally {
        points: usize,
        met: usize,
        short: usize,
        failed: usize,
    },
    /// `sweep`: the points that stopped at the time limit, of `points`.
    SweepStopped {
        stopped: StoppedAtLimit,
        points: usize,
    },
    /// `eligibility --plan`: a teacher's place in the plan (`moves`, `stays`,
    /// `not_eligible`) and why (rendered), after a tab.
    PlanPlace { key: String, why: String },
    /// `groups`: the heading row of the table.
    GroupsHeading,
    /// `groups`: a group without an urban (or without a rural) school.
    GroupOneZone { group: usize, has_urban: bool },
    /// `plan --years`: the horizon planned.
    HorizonPlanned {
        years: usize,
        first: i32,
        last: i32,
        policy: String,
        seconds: f64,
    },
    /// `plan --years`: one year of the horizon.
    HorizonYear {
        year: i32,
        eligible: u32,
        target: u32,
        movers: u32,
        backbone: u32,
        returns: u32,
        met: bool,
        /// The policy's own exchange rate and the rate the cycle look-ahead set.
        raised: Option<(f64, f64)>,
        /// How the year's solve stopped at the time limit, when it did.
        stopped: Option<LimitStop>,
    },
    /// `plan --years`: the folders written.
    WroteHorizon { out: String, years: usize },
    /// `plan --years`: a year after the first had no plan; the years before it are
    /// written. `reason` is the year's error, rendered.
    HorizonStopped {
        year: i32,
        planned: usize,
        reason: String,
    },
    /// A flag (`--history`, `--wishes`, `--teams`) read instead of the table the
    /// instance carries.
    TeacherFileOverridden {
        flag: String,
        given: String,
        instead: String,
    },
    /// `plan --years`: a table of the instance's teacher side that a horizon does not
    /// use (the wishes, the teams).
    TeacherTableNotUsed { table: String },
    /// `draw`: the record of a draw (its seed text, the hashes, the algorithm).
    DrawRecorded {
        seed_text: String,
        seed_sha256: String,
        inputs_sha256: String,
        algorithm: String,
    },
    /// `draw`: one class and the team it drew.
    DrawPair {
        school: String,
        grade: String,
        class: String,
        team: String,
    },
    /// `draw --check`: the draw is confirmed.
    DrawConfirmed {
        classes: usize,
        seed_text: String,
        inputs_sha256: String,
    },
    /// `draw --check --seed-from`: the record was seeded by another text.
    DrawSeedDiffers { recorded: String, given: String },
    /// `draw --check`: differences from the record.
    DrawNotConfirmed { differences: usize, record: String },
    /// `teams`: the teams of one school and grade.
    TeamsOfGrade {
        school: String,
        grade: String,
        teams: usize,
        strengths: Vec<String>,
        spread: String,
        proven: bool,
    },
    /// `teams`: a note on a school's teams (rendered).
    TeamNote { note: String },
    /// `report`: the report written, with the plan's moves and broken rules.
    WroteReport {
        path: String,
        moves: usize,
        violations: usize,
    },
    /// `notices`: the notices written.
    WroteNotices {
        path: String,
        schools: usize,
        teachers: usize,
        date: String,
    },
    /// `export`: the model written, with its size.
    WroteModel {
        path: String,
        columns: usize,
        binaries: usize,
        rows: usize,
        nonzeros: usize,
    },
    /// `generate`: the county written.
    WroteCounty {
        path: String,
        schools: usize,
        teachers: usize,
        groups: usize,
        seed: u64,
    },
    /// `generate --groups N`: the county has another number of groups.
    GroupsNotAsAsked { asked: usize, got: usize },
    /// `anonymize`: the county written, with the seed to keep private.
    WroteAnonymized {
        path: String,
        schools: usize,
        teachers: usize,
        seed: u64,
    },
    /// `serve`: where the application listens.
    Serving { url: String, data: String },
    /// `classes`: the classes of one grade.
    ClassesOfGrade {
        school: String,
        grade: String,
        students: usize,
        classes: usize,
        means: Vec<String>,
        spread: f64,
    },
}

/// The year folders of a horizon of `years` years: `year-1/`, or `year-1/ … year-N/`.
fn year_folders(years: usize) -> String {
    if years == 1 {
        "year-1/".into()
    } else {
        format!("year-1/ … year-{years}/")
    }
}

/// `text` padded on the left to `width` display columns (a Chinese character is two),
/// so a column of numbers lines up under a Chinese heading.
fn pad_left(text: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(text);
    format!("{}{text}", " ".repeat(width.saturating_sub(w)))
}

/// The widths of the `groups` table's number columns in `lang`, each as wide as its
/// heading (English: the widths earlier versions printed).
pub fn group_columns(lang: Lang) -> [usize; 5] {
    match lang {
        Lang::En => [5, 5, 5, 8, 8],
        Lang::Zh => [6, 8, 8, 8, 8],
    }
}

/// `urban/primary` as `城区/小学`; each part's English code mapped, unknown ones kept.
fn kind_zh(kind: &str) -> String {
    kind.split('/')
        .map(|part| match part {
            "urban" => "城区",
            "rural" => "农村",
            "primary" => "小学",
            "junior" => "初中",
            "nine_year" => "九年一贯制",
            "special" => "特殊教育",
            other => other,
        })
        .collect::<Vec<_>>()
        .join("/")
}

impl CliMessage {
    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use CliMessage as M;
        match (self, lang) {
            (M::NothingWritten { problems }, Lang::En) => format!(
                "{problems} problem{} found; nothing was written",
                if *problems == 1 { "" } else { "s" }
            ),
            (M::NothingWritten { problems }, Lang::Zh) => {
                format!("发现 {problems} 个问题；未写入任何文件")
            }
            (M::Valid { instance }, Lang::En) => format!("{instance}: valid"),
            (M::Valid { instance }, Lang::Zh) => format!("{instance}：数据有效"),
            (M::Schools { total, by_kind }, Lang::En) => format!(
                "  schools   {total} ({})",
                by_kind
                    .iter()
                    .map(|(k, n)| format!("{n} {k}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            (M::Schools { total, by_kind }, Lang::Zh) => format!(
                "  学校      {total} 所（{}）",
                by_kind
                    .iter()
                    .map(|(k, n)| format!("{} {n} 所", kind_zh(k)))
                    .collect::<Vec<_>>()
                    .join("，")
            ),
            (M::Students { total }, Lang::En) => format!("  students  {total}"),
            (M::Students { total }, Lang::Zh) => format!("  学生      {total} 人"),
            (M::Teachers { total, backbone }, Lang::En) => {
                format!("  teachers  {total} ({backbone} backbone)")
            }
            (M::Teachers { total, backbone }, Lang::Zh) => {
                format!("  教师      {total} 人（骨干教师 {backbone} 人）")
            }
            (M::Groups { groups, partnerships }, Lang::En) => {
                format!("  groups    {groups} (from {partnerships} partnerships)")
            }
            (M::Groups { groups, partnerships }, Lang::Zh) => {
                format!("  共同体    {groups} 个（由 {partnerships} 条结对关系组成）")
            }
            (M::JointAppointments { appointments, schools }, Lang::En) => format!(
                "  joint     {appointments} joint appointment{} (teachers who stay and also \
                 serve a second school; {schools} school{} concerned)",
                if *appointments == 1 { "" } else { "s" },
                if *schools == 1 { "" } else { "s" }
            ),
            (M::JointAppointments { appointments, schools }, Lang::Zh) => format!(
                "  联聘      {appointments} 人（本轮留任并在另一所学校任教，涉及 {schools} 所学校）"
            ),
            (M::Eligible { eligible, share, backbone, policy }, Lang::En) => format!(
                "  eligible  {eligible} ({:.1}% of teachers, {backbone} backbone) under \"{policy}\"",
                100.0 * share
            ),
            (M::Eligible { eligible, share, backbone, policy }, Lang::Zh) => format!(
                "  符合条件  {eligible} 人（占教师 {:.1}%，骨干教师 {backbone} 人），政策「{policy}」",
                100.0 * share
            ),
            (M::NotEligible { teachers, rule }, Lang::En) => {
                format!("            {teachers} not eligible: {rule}")
            }
            (M::NotEligible { teachers, rule }, Lang::Zh) => format!(
                "            {teachers} 人不符合条件：{}",
                Eligibility::rule_label(rule, Lang::Zh)
            ),
            (M::WroteEligibility { path, teachers, eligible }, Lang::En) => {
                format!("wrote {path} ({teachers} teachers, {eligible} eligible)")
            }
            (M::WroteEligibility { path, teachers, eligible }, Lang::Zh) => {
                format!("已写入 {path}（教师 {teachers} 人，符合交流条件 {eligible} 人）")
            }
            (M::TeacherFileOverridden { flag, given, instead }, Lang::En) => {
                format!("note: {flag} {given} is read instead of the instance's {instead}")
            }
            (M::TeacherFileOverridden { flag, given, instead }, Lang::Zh) => {
                format!("提示：读取 {flag} {given}，不读取县数据自带的 {instead}")
            }
            (M::TeacherTableNotUsed { table }, Lang::En) => format!(
                "warning: {table} is not used by --years (a horizon plans without wishes and teams)"
            ),
            (M::TeacherTableNotUsed { table }, Lang::Zh) => {
                format!("警告：--years 不使用 {table}（多年规划不考虑教师意愿和交流团队）")
            }
            (M::Wrote { what }, Lang::En) => format!("wrote {what}"),
            (M::Wrote { what }, Lang::Zh) => format!("已写入 {what}"),
            (M::EveryRuleHolds { plan }, Lang::En) => format!("{plan}: every rule holds"),
            (M::EveryRuleHolds { plan }, Lang::Zh) => format!("{plan}：全部规则均满足"),
            (M::RulesBroken { plan, count }, Lang::En) => format!(
                "{plan}: {count} rule violation{}",
                if *count == 1 { "" } else { "s" }
            ),
            (M::RulesBroken { plan, count }, Lang::Zh) => {
                format!("{plan}：{count} 处违反规则")
            }
            (M::PinnedNotEligible { teacher, why, .. }, Lang::En) => {
                format!("  pinned: {teacher} moves by a pin although not eligible ({why})")
            }
            (M::PinnedNotEligible { teacher, name, why }, Lang::Zh) => {
                let who = if name.trim().is_empty() {
                    teacher.clone()
                } else {
                    format!("{teacher}（{name}）")
                };
                format!("  锁定：{who} 不符合交流条件（{why}），因锁定而交流")
            }
            (M::WhyShortOf { label, why }, Lang::En) => format!("  why short ({label}): {why}"),
            (M::WhyShortOf { label, why }, Lang::Zh) => {
                format!("  未达标原因（{label}）：{why}")
            }
            (M::SweepTally { points, met, short, failed }, Lang::En) => format!(
                "{points} {}: {met} {} the targets, {short} short, {failed} failed",
                if *points == 1 { "point" } else { "points" },
                if *met == 1 { "meets" } else { "meet" }
            ),
            (M::SweepTally { points, met, short, failed }, Lang::Zh) => format!(
                "共 {points} 个取值点：{met} 个达到目标，{short} 个未达标，{failed} 个失败"
            ),
            (M::SweepStopped { stopped, points }, lang) => {
                stopped_sentence(stopped, *points, lang, true)
            }
            (M::PlanPlace { key, why }, Lang::En) => format!("\t{key}: {why}"),
            (M::PlanPlace { key, why }, Lang::Zh) => {
                let word = match key.as_str() {
                    "moves" => "交流",
                    "stays" => "留任",
                    "not_eligible" => "不符合条件",
                    other => other,
                };
                if why.is_empty() {
                    format!("\t{word}")
                } else {
                    format!("\t{word}：{why}")
                }
            }
            (M::GroupsHeading, lang) => {
                let [g, u, r, t, s] = group_columns(lang);
                let cells = match lang {
                    Lang::En => ["group", "urban", "rural", "teachers", "students", "schools"],
                    Lang::Zh => ["共同体", "城区学校", "农村学校", "教师", "学生", "学校"],
                };
                format!(
                    "{}  {}  {}  {}  {}  {}",
                    pad_left(cells[0], g),
                    pad_left(cells[1], u),
                    pad_left(cells[2], r),
                    pad_left(cells[3], t),
                    pad_left(cells[4], s),
                    cells[5]
                )
            }
            (M::GroupOneZone { group, has_urban }, Lang::En) => format!(
                "group {group} has no {} school: cross-zone exchange must leave the group",
                if *has_urban { "rural" } else { "urban" }
            ),
            (M::GroupOneZone { group, has_urban }, Lang::Zh) => format!(
                "第 {group} 教育共同体没有{}学校：城乡交流必须跨出本共同体",
                if *has_urban { "农村" } else { "城区" }
            ),
            (M::HorizonPlanned { years, first, last, policy, seconds }, Lang::En) => format!(
                "planned {years} rounds, {first}–{last}, under \"{policy}\" in {seconds:.1} s \
                 (rolling horizon: each year on the county the earlier years leave)"
            ),
            (M::HorizonPlanned { years, first, last, policy, seconds }, Lang::Zh) => format!(
                "已规划 {first}–{last} 年共 {years} 轮，政策「{policy}」，用时 {seconds:.1} 秒\
                 （滚动规划：每年以前几年留下的县域为起点）"
            ),
            (M::HorizonYear { year, eligible, target, movers, backbone, returns, met, raised, stopped }, Lang::En) => {
                format!(
                    "  {year}  eligible {eligible:>5}  target {target:>4}  moved {movers:>4} \
                     ({backbone} backbone)  returns {returns:>3}  {}{}{}",
                    if *met { "targets met" } else { "TARGET MISSED" },
                    raised
                        .map(|(from, to)| format!(
                            "  (exchange rate raised from {:.1}% to {:.1}% for the cycle)",
                            100.0 * from,
                            100.0 * to
                        ))
                        .unwrap_or_default(),
                    stopped.map(|s| year_stopped(s, Lang::En)).unwrap_or_default()
                )
            }
            (M::HorizonYear { year, eligible, target, movers, backbone, returns, met, raised, stopped }, Lang::Zh) => {
                format!(
                    "  {year} 年  符合条件 {eligible:>5} 人  目标 {target:>4} 人  交流 {movers:>4} 人\
                     （骨干 {backbone} 人）  期满返回 {returns:>3} 人  {}{}{}",
                    if *met { "达标" } else { "未达标" },
                    raised
                        .map(|(from, to)| format!(
                            "（为轮岗周期，交流比例由 {:.1}% 提高到 {:.1}%）",
                            100.0 * from,
                            100.0 * to
                        ))
                        .unwrap_or_default(),
                    stopped.map(|s| year_stopped(s, Lang::Zh)).unwrap_or_default()
                )
            }
            (M::DrawRecorded { seed_text, seed_sha256, inputs_sha256, algorithm }, Lang::En) => format!(
                "seed text      {seed_text:?}\nseed SHA-256   {seed_sha256}\n\
                 inputs SHA-256 {inputs_sha256}\nalgorithm      {algorithm}"
            ),
            // The algorithm's full statement stays in draw.json (English, as the record
            // states it); the terminal names it in Chinese.
            (M::DrawRecorded { seed_text, seed_sha256, inputs_sha256, .. }, Lang::Zh) => format!(
                "种子文本        「{seed_text}」\n种子 SHA-256    {seed_sha256}\n\
                 名单 SHA-256    {inputs_sha256}\n\
                 抽签方法        以种子文本的 SHA-256 为密钥生成随机数，逐校逐年级洗牌\
                 （步骤全文见 draw.json，任何人可重新抽签核对）"
            ),
            (M::DrawPair { school, grade, class, team }, Lang::En) => {
                format!("  {school} grade {grade} class {class} ← team {team}")
            }
            (M::DrawPair { school, grade, class, team }, Lang::Zh) => {
                format!("  {school} {grade}年级 {class}班 ← 第{team}团队")
            }
            (M::DrawConfirmed { classes, seed_text, inputs_sha256 }, Lang::En) => format!(
                "draw confirmed: {classes} classes, seed text {seed_text:?}, inputs SHA-256 {inputs_sha256}"
            ),
            (M::DrawConfirmed { classes, seed_text, inputs_sha256 }, Lang::Zh) => format!(
                "抽签结果核对无误：{classes} 个班，种子文本「{seed_text}」，名单 SHA-256 {inputs_sha256}"
            ),
            (M::DrawSeedDiffers { recorded, given }, Lang::En) => format!(
                "draw NOT confirmed: the draw was seeded by {recorded:?}, not {given:?}"
            ),
            (M::DrawSeedDiffers { recorded, given }, Lang::Zh) => format!(
                "抽签结果未能核实：抽签的种子文本是「{recorded}」，不是「{given}」"
            ),
            (M::DrawNotConfirmed { differences, record }, Lang::En) => format!(
                "draw NOT confirmed: {differences} difference(s) from {record}"
            ),
            (M::DrawNotConfirmed { differences, record }, Lang::Zh) => {
                format!("抽签结果未能核实：与 {record} 有 {differences} 处不同")
            }
            (M::TeamsOfGrade { school, grade, teams, strengths, spread, proven }, Lang::En) => format!(
                "{school} grade {grade}: {teams} teams, strengths {} (spread {spread}{})",
                strengths.join(" "),
                if *proven { ", the least possible" } else { ", best found" }
            ),
            (M::TeamsOfGrade { school, grade, teams, strengths, spread, proven }, Lang::Zh) => format!(
                "{school} {grade}年级：{teams} 个教学团队，实力分 {}（差距 {spread}，{}）",
                strengths.join(" "),
                if *proven { "已是最小" } else { "为找到的最好结果" }
            ),
            (M::TeamNote { note }, Lang::En) => format!("  note: {note}"),
            (M::TeamNote { note }, Lang::Zh) => format!("  提示：{note}"),
            (M::ClassesOfGrade { school, grade, students, classes, means, spread }, Lang::En) => {
                let school = if school.is_empty() { String::new() } else { format!("{school} ") };
                format!(
                    "{school}grade {grade}: {students} students in {classes} classes; class means {} (largest difference {spread:.2})",
                    means.join(" ")
                )
            }
            (M::ClassesOfGrade { school, grade, students, classes, means, spread }, Lang::Zh) => {
                let school = if school.is_empty() { String::new() } else { format!("{school} ") };
                format!(
                    "{school}{grade}年级：{students} 名学生分为 {classes} 个班；各班平均分 {}（最大差距 {spread:.2}）",
                    means.join(" ")
                )
            }
            (M::WroteReport { path, moves, violations }, Lang::En) => format!(
                "wrote {path}: {moves} moves, {violations} rule violation{}",
                if *violations == 1 { "" } else { "s" }
            ),
            (M::WroteReport { path, moves, violations }, Lang::Zh) => {
                format!("已写入 {path}：交流 {moves} 人，违反规则 {violations} 处")
            }
            (M::WroteNotices { path, schools, teachers, date }, Lang::En) => format!(
                "wrote {path}: {schools} school notices and {teachers} teacher notices, dated {date}"
            ),
            (M::WroteNotices { path, schools, teachers, date }, Lang::Zh) => format!(
                "已写入 {path}：学校通知 {schools} 份，教师交流通知书 {teachers} 份，落款日期 {date}"
            ),
            (M::WroteModel { path, columns, binaries, rows, nonzeros }, Lang::En) => format!(
                "wrote {path} ({columns} columns, {binaries} binary, {rows} rows, {nonzeros} nonzeros)"
            ),
            (M::WroteModel { path, columns, binaries, rows, nonzeros }, Lang::Zh) => format!(
                "已写入 {path}（{columns} 个变量，其中 {binaries} 个 0-1 变量；{rows} 个约束；{nonzeros} 个非零系数）"
            ),
            (M::WroteCounty { path, schools, teachers, groups, seed }, Lang::En) => format!(
                "wrote {path} ({schools} schools, {teachers} teachers, {groups} groups, seed {seed})"
            ),
            (M::WroteCounty { path, schools, teachers, groups, seed }, Lang::Zh) => format!(
                "已写入 {path}（学校 {schools} 所，教师 {teachers} 人，共同体 {groups} 个，随机种子 {seed}）"
            ),
            (M::GroupsNotAsAsked { asked, got }, Lang::En) => format!(
                "note: the county has {got} \"1+X\" groups of two schools or more, not the {asked} asked for: the \
                 generator cuts the groups from each district's rural towns around its core, so \
                 their number depends on the schools per district (`rotation groups` lists them)"
            ),
            (M::GroupsNotAsAsked { asked, got }, Lang::Zh) => format!(
                "注意：生成的县域有 {got} 个（两所学校以上的）教育共同体，而不是要求的 {asked} 个：生成器按各区\
                 中心周围的农村乡镇划分共同体，个数取决于每区的学校数（`rotation groups` 可列出）"
            ),
            (M::WroteAnonymized { path, schools, teachers, seed }, Lang::En) => format!(
                "wrote {path} ({schools} schools, {teachers} teachers; seed {seed}: keep it private)"
            ),
            (M::WroteAnonymized { path, schools, teachers, seed }, Lang::Zh) => format!(
                "已写入 {path}（学校 {schools} 所，教师 {teachers} 人；随机种子 {seed}：请勿公开）"
            ),
            (M::Serving { url, data }, Lang::En) => {
                format!("rotation serve: {url} (rounds kept in {data}; Ctrl-C stops)")
            }
            (M::Serving { url, data }, Lang::Zh) => {
                format!("交流轮岗网页已启动：{url}（各轮数据保存在 {data}；按 Ctrl-C 停止）")
            }
            (M::WroteHorizon { out, years }, Lang::En) => format!(
                "  wrote     {out}/{} (each a plan folder with input/), \
                 horizon.csv, horizon.json, manifest.json",
                year_folders(*years)
            ),
            (M::WroteHorizon { out, years }, Lang::Zh) => format!(
                "  已写入    {out}/{}（每年一个方案文件夹，含 input/），\
                 horizon.csv、horizon.json、manifest.json",
                year_folders(*years)
            ),
            (M::HorizonStopped { year, planned, reason }, Lang::En) => format!(
                "error: {reason}\n  the horizon stops at {year}: the plan{} of the {planned} \
                 year{} before it {} written (each checked on its own); no year from {year} on \
                 is planned",
                if *planned == 1 { "" } else { "s" },
                if *planned == 1 { "" } else { "s" },
                if *planned == 1 { "is" } else { "are" }
            ),
            (M::HorizonStopped { year, planned, reason }, Lang::Zh) => format!(
                "错误：{reason}\n  多年规划止于 {year} 年：此前 {planned} 年的方案已写出\
                 （每年各自核验）；{year} 年起未作规划"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    /// One example of every kind of message; the test below fails when a kind has
    /// none, so a new message cannot go without its Chinese.
    fn examples() -> Vec<CliMessage> {
        use CliMessage as M;
        vec![
            M::NothingWritten { problems: 2 },
            M::Valid {
                instance: "county".into(),
            },
            M::Schools {
                total: 3,
                by_kind: vec![("urban/primary".into(), 3)],
            },
            M::Students { total: 900 },
            M::Teachers {
                total: 40,
                backbone: 8,
            },
            M::Groups {
                groups: 2,
                partnerships: 3,
            },
            M::JointAppointments {
                appointments: 2,
                schools: 3,
            },
            M::Eligible {
                eligible: 10,
                share: 0.25,
                backbone: 2,
                policy: "p".into(),
            },
            M::NotEligible {
                teachers: 4,
                rule: "too_few_years".into(),
            },
            M::WroteEligibility {
                path: "e.csv".into(),
                teachers: 40,
                eligible: 10,
            },
            M::Wrote {
                what: "out/compare.csv".into(),
            },
            M::EveryRuleHolds {
                plan: "plan.csv".into(),
            },
            M::RulesBroken {
                plan: "plan.csv".into(),
                count: 2,
            },
            M::PinnedNotEligible {
                teacher: "T01".into(),
                name: String::new(),
                why: "exempt".into(),
            },
            M::WhyShortOf {
                label: "p".into(),
                why: "exchange target".into(),
            },
            M::SweepTally {
                points: 5,
                met: 3,
                short: 2,
                failed: 0,
            },
            M::SweepStopped {
                stopped: StoppedAtLimit {
                    stopped: 3,
                    nobody_moves: 1,
                    largest_gap: Some(0.002),
                    without_bound: 1,
                },
                points: 5,
            },
            M::PlanPlace {
                key: "stays".into(),
                why: "why".into(),
            },
            M::GroupsHeading,
            M::GroupOneZone {
                group: 8,
                has_urban: true,
            },
            M::HorizonPlanned {
                years: 3,
                first: 2022,
                last: 2024,
                policy: "p".into(),
                seconds: 12.0,
            },
            M::HorizonYear {
                year: 2023,
                eligible: 900,
                target: 315,
                movers: 315,
                backbone: 103,
                returns: 30,
                met: true,
                raised: Some((0.35, 0.4)),
                stopped: None,
            },
            M::HorizonYear {
                year: 2024,
                eligible: 900,
                target: 315,
                movers: 315,
                backbone: 103,
                returns: 0,
                met: true,
                raised: None,
                stopped: Some(LimitStop::Found { gap: Some(0.012) }),
            },
            M::HorizonYear {
                year: 2025,
                eligible: 900,
                target: 315,
                movers: 0,
                backbone: 0,
                returns: 0,
                met: false,
                raised: None,
                stopped: Some(LimitStop::NoPlan),
            },
            M::HorizonYear {
                year: 2026,
                eligible: 900,
                target: 315,
                movers: 315,
                backbone: 103,
                returns: 0,
                met: true,
                raised: None,
                stopped: Some(LimitStop::Found { gap: None }),
            },
            M::WroteHorizon {
                out: "out".into(),
                years: 3,
            },
            M::HorizonStopped {
                year: 2024,
                planned: 2,
                reason: "year 2024 (round 3 of the horizon): no plan".into(),
            },
            M::TeacherFileOverridden {
                flag: "--history".into(),
                given: "h.csv".into(),
                instead: "county.xlsx[history]".into(),
            },
            M::TeacherTableNotUsed {
                table: "wishes.csv".into(),
            },
            M::DrawRecorded {
                seed_text: "2026-08-31 407".into(),
                seed_sha256: "ab12".into(),
                inputs_sha256: "cd34".into(),
                algorithm: "key = SHA-256".into(),
            },
            M::DrawPair {
                school: "J01".into(),
                grade: "7".into(),
                class: "1".into(),
                team: "A".into(),
            },
            M::DrawConfirmed {
                classes: 6,
                seed_text: "407".into(),
                inputs_sha256: "cd34".into(),
            },
            M::DrawSeedDiffers {
                recorded: "407".into(),
                given: "408".into(),
            },
            M::DrawNotConfirmed {
                differences: 2,
                record: "draw/draw.json".into(),
            },
            M::TeamsOfGrade {
                school: "J01".into(),
                grade: "7".into(),
                teams: 3,
                strengths: vec!["10".into(), "11".into()],
                spread: "1".into(),
                proven: true,
            },
            M::TeamNote {
                note: "too few math teachers".into(),
            },
            M::WroteReport {
                path: "r.html".into(),
                moves: 3,
                violations: 1,
            },
            M::WroteNotices {
                path: "n/notices.html".into(),
                schools: 2,
                teachers: 3,
                date: "2026-08-31".into(),
            },
            M::WroteModel {
                path: "m.mps".into(),
                columns: 10,
                binaries: 8,
                rows: 4,
                nonzeros: 30,
            },
            M::GroupsNotAsAsked { asked: 20, got: 15 },
            M::WroteCounty {
                path: "gen".into(),
                schools: 10,
                teachers: 300,
                groups: 2,
                seed: 1,
            },
            M::WroteAnonymized {
                path: "anon".into(),
                schools: 10,
                teachers: 300,
                seed: 7,
            },
            M::Serving {
                url: "http://127.0.0.1:8080/".into(),
                data: "data".into(),
            },
            M::ClassesOfGrade {
                school: String::new(),
                grade: "7".into(),
                students: 90,
                classes: 2,
                means: vec!["80.1".into()],
                spread: 0.2,
            },
        ]
    }

    #[test]
    fn every_cli_message_has_chinese() {
        let examples = examples();
        for kind in CliMessageDiscriminants::iter() {
            let m = examples
                .iter()
                .find(|m| CliMessageDiscriminants::from(*m) == kind)
                .unwrap_or_else(|| panic!("no example of {kind:?}"));
            let zh = m.text(Lang::Zh);
            assert!(has_cjk(&zh), "{kind:?} has no Chinese: {zh}");
            assert!(!m.text(Lang::En).trim().is_empty(), "{kind:?}");
            assert!(!has_cjk(&m.text(Lang::En)), "{kind:?} English has Chinese");
        }
    }

    #[test]
    fn the_groups_heading_lines_up_in_both_languages() {
        // The English heading is the one earlier versions printed.
        assert_eq!(
            CliMessage::GroupsHeading.text(Lang::En),
            "group  urban  rural  teachers  students  schools"
        );
        let zh = CliMessage::GroupsHeading.text(Lang::Zh);
        let width = unicode_width::UnicodeWidthStr::width(zh.as_str());
        let columns: usize = group_columns(Lang::Zh).iter().sum();
        // Five columns, five gaps of two, and 学校 (four columns wide).
        assert_eq!(width, columns + 5 * 2 + 4, "{zh}");
    }

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }
}
