//! The policy keys in words: each key's English and Chinese label and a short help,
//! in one table that the policy form of `rotation serve`, the `compare` and `sweep`
//! tables and the sweep chart all read, so a key is named the same way everywhere a
//! leader reads it (`targets.exchange_rate` is 交流比例).

use crate::model::lang::Lang;

/// One policy key with its labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PolicyKeyLabel {
    /// The key as the policy file writes it, `section.key` (`targets.exchange_rate`).
    pub key: &'static str,
    /// English label, e.g. `Exchange rate`.
    pub en: &'static str,
    /// Chinese label, e.g. `交流比例`.
    pub zh: &'static str,
    /// What the key does, in English.
    pub help_en: &'static str,
    /// What the key does, in Chinese.
    pub help_zh: &'static str,
}

impl PolicyKeyLabel {
    /// The label in `lang`.
    pub fn label(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Zh => self.zh,
        }
    }

    /// The help in `lang`.
    pub fn help(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.help_en,
            Lang::Zh => self.help_zh,
        }
    }
}

/// Every policy key a person sets or a sweep varies, in the order of the policy form.
#[rustfmt::skip]
pub const POLICY_KEY_LABELS: &[PolicyKeyLabel] = &[
    PolicyKeyLabel { key: "name", en: "Name", zh: "方案名称", help_en: "Shown on the results and in the workbook.", help_zh: "显示在结果和工作簿中的名称。" },
    PolicyKeyLabel { key: "name_zh", en: "Name in Chinese", zh: "中文名称", help_en: "Shown instead of the name wherever the output is Chinese.", help_zh: "中文结果和页面中代替方案名称显示。" },
    PolicyKeyLabel { key: "year", en: "Planning year", zh: "编制年份", help_en: "A teacher's age is year − birth year.", help_zh: "年龄按 年份 − 出生年份 计算。" },
    PolicyKeyLabel { key: "targets.exchange_rate", en: "Exchange rate", zh: "交流比例", help_en: "Share of eligible teachers who must rotate (target ⌈rate · eligible⌉). National minimum 0.10; Haiyan 2022: 0.35.", help_zh: "符合交流条件的教师中必须交流的比例，目标人数为 ⌈比例 × 符合条件人数⌉。国家要求 ≥ 0.10，海盐 2022 年为 0.35。" },
    PolicyKeyLabel { key: "targets.backbone_share", en: "Backbone share", zh: "骨干教师比例", help_en: "Backbone teachers among the movers (on the base below). National minimum 0.20; Haiyan: 0.3252.", help_zh: "骨干教师占交流教师的比例（按下面的基数计）。国家要求 ≥ 0.20，海盐为 0.3252。" },
    PolicyKeyLabel { key: "targets.backbone_base", en: "Backbone base", zh: "骨干比例基数", help_en: "Measured on the movers (national rule) or on the eligible backbone teachers (a provincial variant).", help_zh: "按交流教师计（国家规定），或按符合条件的骨干教师计（省级做法）。" },
    PolicyKeyLabel { key: "eligibility.min_years_at_school", en: "Years at the school", zh: "本校连续任教年限", help_en: "Consecutive years at the current school before a teacher is eligible.", help_zh: "在本校连续任教满此年限才符合交流条件。" },
    PolicyKeyLabel { key: "eligibility.max_age_female", en: "Age limit, women", zh: "女教师年龄上限", help_en: "Women older than this are not eligible (near retirement).", help_zh: "超过此年龄的女教师不交流（临近退休）。" },
    PolicyKeyLabel { key: "eligibility.max_age_male", en: "Age limit, men", zh: "男教师年龄上限", help_en: "Men older than this are not eligible.", help_zh: "超过此年龄的男教师不交流。" },
    PolicyKeyLabel { key: "eligibility.homeroom_may_move", en: "Class heads may move", zh: "班主任可交流", help_en: "Whether class head teachers may rotate.", help_zh: "班主任是否可以交流。" },
    PolicyKeyLabel { key: "eligibility.graduating_may_move", en: "Graduating-class teachers may move", zh: "毕业班教师可交流", help_en: "Whether teachers of a graduating class may rotate.", help_zh: "任教毕业班的教师是否可以交流。" },
    PolicyKeyLabel { key: "eligibility.no_repeat_years", en: "No repeat within (years)", zh: "再次交流间隔年限", help_en: "A teacher whose latest term began fewer than this many years before the year is not eligible (0: off).", help_zh: "最近一次交流开始不满此年数的教师不符合交流条件（0 为不限）。" },
    PolicyKeyLabel { key: "rules.direction", en: "Direction", zh: "交流方向", help_en: "cross_zone: only urban ↔ rural; any: any school of a compatible level.", help_zh: "城乡交流：只在城区与农村之间；不限：同学段任一学校。" },
    PolicyKeyLabel { key: "rules.partnership", en: "Partnership groups", zh: "教育共同体", help_en: "require: stay inside the group; prefer: a move across groups costs weights.cross_group; ignore.", help_zh: "必须在共同体内交流、优先（跨共同体计成本）或不考虑。" },
    PolicyKeyLabel { key: "rules.outflow_cap", en: "Outflow cap", zh: "每校调出上限", help_en: "At most ⌊cap · staff⌋ teachers leave a school.", help_zh: "每所学校调出教师不超过 ⌊比例 × 教职工数⌋。" },
    PolicyKeyLabel { key: "rules.max_commute_km", en: "Longest commute (km)", zh: "最远通勤距离（公里）", help_en: "Longest commute from home (else the current school) to the new school.", help_zh: "从家（无住址时从现学校）到新学校的最远距离。" },
    PolicyKeyLabel { key: "rules.max_commute_minutes", en: "Longest commute (minutes)", zh: "最长通勤时间（分钟）", help_en: "With a road table (roads) or a distance table in minutes: the longest travel time from home (else the current school) to the new school, used instead of the km cap.", help_zh: "县域给出道路表（道路）或按分钟计的距离表时，从家（无住址时从现学校）到新学校的最长车程；此时不用公里上限。" },
    PolicyKeyLabel { key: "rules.staffing_tolerance", en: "Staffing tolerance", zh: "编制人数允许变动", help_en: "How far a school's headcount may change, |in − out|.", help_zh: "每校调入与调出人数之差的上限 |调入 − 调出|。" },
    PolicyKeyLabel { key: "rules.subject_tolerance", en: "Subject tolerance", zh: "学科人数允许净减少", help_en: "How many teachers of one subject a school may lose net.", help_zh: "每校每学科允许净减少的教师数。" },
    PolicyKeyLabel { key: "weights.km", en: "Cost per km", zh: "每公里通勤成本", help_en: "Cost per km of commute to the new school.", help_zh: "目标函数中每公里通勤的成本。" },
    PolicyKeyLabel { key: "weights.minute", en: "Cost per minute", zh: "每分钟通勤成本", help_en: "When commutes are minutes (roads, or a distance table in minutes): cost per minute of travel, instead of the cost per km.", help_zh: "通勤按分钟计时（道路表或按分钟的距离表），目标函数中每分钟车程的成本，代替每公里成本。" },
    PolicyKeyLabel { key: "weights.cross_group", en: "Cost across groups", zh: "跨共同体交流成本", help_en: "Cost of a move across groups (rule prefer).", help_zh: "“优先在共同体内”时每次跨共同体交流的成本。" },
    PolicyKeyLabel { key: "weights.homeroom", en: "Cost of moving a class head", zh: "班主任交流成本", help_en: "Cost of moving a class head teacher.", help_zh: "每交流一名班主任的成本。" },
    PolicyKeyLabel { key: "weights.graduating", en: "Cost of moving a graduating-class teacher", zh: "毕业班教师交流成本", help_en: "Cost of moving a teacher of a graduating class.", help_zh: "每交流一名毕业班教师的成本。" },
    PolicyKeyLabel { key: "weights.stability", en: "Cost of a change (re-plan)", zh: "重新编制的变动成本", help_en: "Re-planning: cost of each change to the previous plan.", help_zh: "重新编制时，相对上一方案每一处变动的成本。" },
    PolicyKeyLabel { key: "weights.balance", en: "Balance reward", zh: "差异系数改善奖励", help_en: "Under improve: cost saved per 0.001 a level's CV is lowered.", help_zh: "差异系数规则为“改善”时，每降低 0.001 节省的成本。" },
    PolicyKeyLabel { key: "weights.wish", en: "Wish granted", zh: "满足志愿奖励", help_en: "What granting a first wish saves (rank r: wish / r), under rules.wishes prefer or only.", help_zh: "满足第一志愿节省的成本（第 r 志愿为 wish / r），适用于志愿规则“优先”或“仅限”。" },
    PolicyKeyLabel { key: "balance.indicator", en: "Balance indicator", zh: "均衡指标", help_en: "The national indicator the balance keys apply to (qualified needs the degree column).", help_zh: "下列均衡规则所针对的国家教师指标（高于规定学历需要学历列）。" },
    PolicyKeyLabel { key: "balance.backbone_cv", en: "CV rule", zh: "差异系数规则", help_en: "never_worse: the CV after is at most the CV before, per level; improve: and lowering it is rewarded; off: only reported.", help_zh: "不得变差：方案后小学、初中的校际差异系数不高于方案前；改善：并奖励降低；关闭：仅报告。" },
    PolicyKeyLabel { key: "balance.cv_primary_max", en: "CV cap, primary", zh: "小学差异系数上限", help_en: "Cap on the primary schools' CV after the plan (standard 0.50); empty for none.", help_zh: "方案后小学校际差异系数的上限（国家标准 0.50）；留空为不限。" },
    PolicyKeyLabel { key: "balance.cv_junior_max", en: "CV cap, junior", zh: "初中差异系数上限", help_en: "Cap on the junior schools' CV after the plan (standard 0.45); empty for none.", help_zh: "方案后初中校际差异系数的上限（国家标准 0.45）；留空为不限。" },
    PolicyKeyLabel { key: "balance.min_backbone_per_100", en: "Floor per 100 students", zh: "每校每百名学生下限", help_en: "Per-school floor of the indicator per 100 students after the plan (backbone standard 1.0); empty for none.", help_zh: "方案后每校该指标每百名学生的下限（骨干教师国家标准 1.0）；留空为不限。" },
    PolicyKeyLabel { key: "indicators.qualified_from_primary", en: "Qualified from (primary)", zh: "小学“高于规定学历”起点", help_en: "The national indicator \"above the required qualification\": the lowest degree that counts at a primary school (national: associate).", help_zh: "国家教师指标“高于规定学历”：小学教师达到此学历即计入（国家标准为大专）。" },
    PolicyKeyLabel { key: "indicators.qualified_from_junior", en: "Qualified from (junior)", zh: "初中“高于规定学历”起点", help_en: "The lowest degree that counts at a junior school (national: bachelor).", help_zh: "初中教师达到此学历即计入（国家标准为本科）。" },
];

/// The labels of `key` (a full `section.key` name), if it is a known key.
pub fn policy_key_label(key: &str) -> Option<&'static PolicyKeyLabel> {
    POLICY_KEY_LABELS.iter().find(|l| l.key == key)
}

/// `key`'s label in `lang`, or the key itself when it has none.
pub fn key_label(key: &str, lang: Lang) -> String {
    policy_key_label(key).map_or_else(|| key.to_string(), |l| l.label(lang).to_string())
}

/// `key`'s label for a table heading: in English the key itself (what a script and
/// the `--vary` flag use), in Chinese its Chinese label (交流比例), the name a leader
/// reads; a key without a label stays itself in both.
pub fn key_heading(key: &str, lang: Lang) -> String {
    match (lang, policy_key_label(key)) {
        (Lang::Zh, Some(l)) => l.zh.to_string(),
        _ => key.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::policy::NUMERIC_KEYS;

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn every_numeric_key_has_labels_in_both_languages() {
        for key in NUMERIC_KEYS {
            let l = policy_key_label(key).unwrap_or_else(|| panic!("no label for {key}"));
            assert!(has_cjk(l.zh) && has_cjk(l.help_zh), "{key} has no Chinese");
            assert!(
                !has_cjk(l.en) && !has_cjk(l.help_en),
                "{key} English has Chinese"
            );
            assert!(!l.en.is_empty() && !l.help_en.is_empty(), "{key}");
        }
    }

    #[test]
    fn every_key_is_listed_once() {
        for l in POLICY_KEY_LABELS {
            let n = POLICY_KEY_LABELS.iter().filter(|m| m.key == l.key).count();
            assert_eq!(n, 1, "{} is listed {n} times", l.key);
        }
    }

    #[test]
    fn a_key_reads_in_chinese_and_stays_a_key_in_english() {
        assert_eq!(key_label("targets.exchange_rate", Lang::Zh), "交流比例");
        assert_eq!(
            key_label("targets.exchange_rate", Lang::En),
            "Exchange rate"
        );
        assert_eq!(key_heading("targets.exchange_rate", Lang::Zh), "交流比例");
        assert_eq!(
            key_heading("targets.exchange_rate", Lang::En),
            "targets.exchange_rate"
        );
        assert_eq!(key_label("no.such_key", Lang::Zh), "no.such_key");
    }
}
