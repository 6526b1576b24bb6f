//! `--help` in Chinese. clap's derive help is the English of the doc comments; with
//! `--lang zh` (or a Chinese locale) the parser's texts are replaced from the tables
//! here, keyed by subcommand and argument id. A test walks every subcommand and
//! argument and fails when one has no Chinese.

use clap::Command;

/// The program's one-line description.
const ABOUT: &str = "规划县域教师年度交流轮岗方案";

/// Each subcommand's one-line help.
const SUBCOMMANDS: &[(&str, &str)] = &[
    ("validate", "读取县域数据，一次列出全部问题（数据无效时退出码为 2）"),
    ("groups", "列出教育共同体及其学校、城乡构成和教师人数"),
    ("eligibility", "列出每位教师是否符合交流条件及原因"),
    (
        "plan",
        "求解本年度交流轮岗方案，写出 plan.csv、schools.csv、summary.json、stayed.csv、notices.html 和 manifest.json（给出 --previous、--history、--wishes 时另有 changes.csv、history.csv、wishes.json）。\
         退出码：0 达到全部目标；3 未达到交流比例或骨干比例目标（方案照常写出，并说明原因）；\
         1 无法得出方案；2 输入或用法有误",
    ),
    ("compare", "在同一县域上求解多套政策，并排列出关键指标"),
    ("sweep", "在政策的数值参数网格上逐点求解：每点一行，并画出权衡曲线"),
    ("report", "为方案写出独立的 HTML 报告（地图、流向、指标、差异系数）"),
    ("verify", "不用求解器，逐条规则检查任一方案（有规则未满足时退出码为 1）"),
    ("template", "写出带说明的空白录入模板：一个 .xlsx 工作簿，或一个 CSV 文件夹"),
    ("generate", "生成一个模拟县域（同一随机种子结果相同）"),
    ("export", "把 plan 求解的模型写成 MPS 或 LP 文件，变量和约束名称可读"),
    (
        "anonymize",
        "写出可交给研究者的县域数据：编号和姓名假名化、去掉免交流原因、地图整体平移旋转（距离不变，最优解相同）",
    ),
    ("bench", "生成多个规模的县域，逐个求解，每个实例写一行 CSV"),
    ("serve", "启动网页应用：上传县域数据、制定方案、查看并下载（127.0.0.1）"),
    ("notices", "为方案写出可打印的通知（A4 网页）：各校调出/调入名单及原因，每位交流教师一份交流通知书"),
    ("teams", "交流之后：为每所学校每个年级组建均衡的班级教学团队"),
    ("classes", "按成绩蛇形（S 形）分班，性别为第二关键字，保留同班/分班要求"),
    (
        "draw",
        "以事先公布的文字为种子抽签，把教学团队分配到班级；--check 复核抽签。\
         退出码：0 已抽签或复核一致；1 复核发现不一致；2 输入或用法有误",
    ),
    ("study help", "显示本帮助或某个子命令的帮助"),
    ("study merge", "把分片的输出（研究文件夹，或分片的 sweep 文件夹、bench 文件）合并为一张结果表，并报告缺少和重复的作业"),
    ("study", "运行一项研究（县域 × 政策 × 参数点）：编号、可续跑的作业，可用 --shard I/N 分片；study merge 合并分片"),
    ("help", "显示本帮助或某个子命令的帮助"),
];

/// Argument help, by subcommand (`*` for every subcommand) and argument id. A
/// subcommand's own entry wins over the shared one.
const ARGS: &[(&str, &str, &str)] = &[
    ("*", "lang", "消息、帮助和输出的语言：zh（中文）或 en（英文）。默认取 LC_ALL、LC_MESSAGES 或 LANG（zh_* 为中文，其余为英文）"),
    ("*", "help", "显示帮助"),
    ("*", "version", "显示版本"),
    ("*", "instance", "县域数据：CSV 文件夹（schools.csv、teachers.csv、partnerships.csv、roads.csv）或一个 .xlsx 工作簿"),
    ("*", "policy", "政策文件（TOML）"),
    ("*", "force", "覆盖已有的输出（绝不覆盖本命令读取的文件）"),
    ("*", "format", "输出格式：text（文字）或 json"),
    ("*", "out", "输出位置"),
    ("*", "time_limit", "求解时限（秒），整条命令的截止时间：到时保留找到的最好方案（并报告其下界和间隙）；compare 和 sweep 在各次求解之间分配"),
    ("*", "gap", "相对 MIP 间隙，达到即视为最优"),
    ("*", "threads", "求解器线程数（默认由 HiGHS 决定；最小缺额阶段在另一线程上并行求骨干最多可交流人数时少用一个，至少一个）；大县逐轮定价所用线程数的上限（默认用全部核心）"),
    ("*", "seed", "随机种子；相同输入和种子得出相同结果"),
    ("*", "verbose", "显示 HiGHS 求解日志"),
    ("*", "no_lp_first", "直接分支定界，不先求解线性松弛"),
    ("*", "candidates", "每位教师只保留最近的 K 所可去学校：模型更小，但最优值可能高于完整模型（大县的启发式做法）"),
    ("*", "jobs", "同时求解的个数（默认：可用的处理器核数）"),
    ("*", "report", "同时在此写出独立的 HTML 报告"),
    ("validate", "policy", "政策文件；给出时同时统计符合交流条件的教师"),
    ("eligibility", "out", "把名单写成 CSV 文件，而不是打印出来"),
    ("eligibility", "excel_csv", "CSV 带 UTF-8 BOM，Excel/WPS 直接打开不乱码；中文时“是否符合”写作 是/否"),
    ("plan", "out", "输出文件夹"),
    ("plan", "force", "替换输出文件夹中已有的方案（以及已有的 --xlsx、--report 文件）；绝不覆盖本命令读取的文件"),
    ("plan", "xlsx", "同时写出 Excel 方案工作簿（汇总、调动名单、每校一张表、每个共同体一张表；中文标签）"),
    ("plan", "excel_csv", "CSV 输出带 UTF-8 BOM，Excel 打开不乱码"),
    ("plan", "pins", "锁定的决定：CSV（或工作簿），列为 teacher、action、school；动作 stay（留任）、move（交流）、move_to（调往指定学校）。锁定是硬性规则"),
    ("plan", "previous", "上一版方案（plan.csv 或方案工作簿）：规则允许时保留其调动，变动写入 changes.csv"),
    ("compare", "policies", "一个政策文件；每套要比较的政策各给一次（只给一套时列出它自己的一行）"),
    ("compare", "out", "在此写出 compare.csv、compare.json 和每套政策的方案文件夹"),
    ("compare", "force", "替换 --out 中上次运行写出的内容（以及已有的 --report 文件）"),
    ("compare", "format", "表格格式：table（对齐的列）、csv 或 json"),
    ("sweep", "policy", "网格所变动的基础政策"),
    ("sweep", "varies", "KEY=FROM:TO:STEP，例如 targets.exchange_rate=0.10:0.50:0.05；重复给出即为网格"),
    ("sweep", "out", "在此写出 sweep.csv 和 sweep.svg"),
    ("sweep", "force", "替换 --out 中上次运行写出的内容（以及已有的 --report 文件）"),
    ("sweep", "plot", "图（sweep.svg、报告）以第一个变动参数为横轴所画的内容，逗号分隔：price（总通勤、跨共同体调动、调动人数）、cv（方案后小学和初中的差异系数，虚线为方案前和国家标准 0.50 / 0.45），或 sweep.csv 的列名"),
    ("sweep", "format", "表格格式：table（对齐的列）、csv 或 json"),
    ("report", "plan", "要报告的方案（plan.csv）"),
    ("report", "out", "要写出的 HTML 文件"),
    ("verify", "plan", "要检查的方案（plan.csv 或方案工作簿）"),
    ("verify", "pins", "制定方案时的锁定：接受不符合条件教师的锁定调动，且每条锁定都必须成立"),
    ("template", "out", "以 .xlsx 结尾写工作簿，否则写 CSV 文件夹"),
    ("template", "from", "用此县域数据（文件夹或工作簿）填好工作簿，而不是留空：交给 Excel 用户的县域数据"),
    ("template", "lang", "模板的表头、工作表名和示例值的语言（默认中文），也是消息的语言"),
    ("generate", "like", "预设形态：haiyan（21 所小学、13 所初中、1 所特殊教育学校，4,000 名教师）"),
    ("generate", "teachers", "教师人数（不用 --like 时）"),
    ("generate", "schools", "学校数（不用 --like 时）"),
    ("generate", "groups", "“1+X”教育共同体个数"),
    ("generate", "urban_share", "城区学校所占比例"),
    ("generate", "calibration", "抽取教师的比例：classic（最初的生成器；用 --teachers 时默认）或 haiyan（按海盐数据校准；用 --like haiyan 时默认）"),
    ("generate", "backbone_share", "骨干教师占全部教师的比例，[0, 1]（如 0.25）"),
    ("generate", "latlon", "位置写成经纬度（lat、lon，约北纬 30.5° 东经 120.9°），而不是公里网格"),
    ("generate", "out", "输出文件夹"),
    ("generate", "force", "替换输出文件夹中已有的县域"),
    ("generate", "figures", "同时以 Markdown 表格打印县域指标与海盐 2022 年数据的对照"),
    ("generate", "policy", "计算指标所用的交流条件政策（默认：本校任教满 6 年，女 50 岁、男 55 岁以下）"),
    ("export", "mps", "在此写出自由格式的 MPS 文件"),
    ("export", "lp", "在此写出 CPLEX LP 格式文件"),
    ("export", "history", "交流记录（代替县数据自带的 history.csv 或“交流记录”表，与 plan --history 相同）：本年期满返回的教师计入编制和学科约束"),
    ("export", "wishes", "教师意愿（代替县数据自带的意愿表，与 plan --wishes 相同）"),
    ("export", "teams", "交流团队（代替县数据自带的组团交流表，与 plan --teams 相同）"),
    ("export", "joint", "联聘（代替县数据自带的联聘表，与 plan --joint 相同）"),
    ("anonymize", "out", "输出文件夹（CSV 格式的县域数据）"),
    ("anonymize", "seed", "生成假名和地图变换的密钥：保留它，明年同一教师得到同一假名；不给出则随机生成并打印"),
    ("anonymize", "jitter_km", "另把每位教师的住址随机移动至多这么多公里（默认 0：距离全部不变）"),
    ("anonymize", "force", "替换输出文件夹中上次写出的内容"),
    ("bench", "sizes", "每个县域的教师人数，逗号分隔；写成 教师数x学校数 可同时指定学校数"),
    ("bench", "policy", "政策文件（默认：内置的海盐 2022 政策）"),
    ("bench", "time_limit", "每次求解的时限（秒）：到时保留找到的最好方案（并报告其下界和间隙）"),
    ("bench", "out", "要写出的 CSV（已有文件需 --force）"),
    ("bench", "family", "运行此清单中的基准实例族，而不是 --sizes"),
    ("bench", "practice", "与 --family 一起：另外运行的县域文件夹（可重复）"),
    ("eligibility", "history", "交流记录（history.csv 或工作簿的“交流记录”表）：仍在交流、期满返回或 eligibility.no_repeat_years 年内交流过的教师不符合交流条件，并写明原因"),
    ("eligibility", "plan", "一个方案（plan.csv 或方案工作簿）：另列出每位教师在方案中的去向，以及符合条件却未交流的原因"),
    ("eligibility", "pins", "制定该方案时的锁定（被锁定留任的教师会注明）"),
    ("plan", "history", "交流记录（history.csv 或工作簿的“交流记录”表）：期满教师按 rules.on_term_end 返回或留任，并写出更新后的 history.csv"),
    ("plan", "wishes", "教师意愿（wishes.csv 或工作簿的“意愿”表）：按 rules.wishes 和 weights.wish 计价，并检查方案中的合理嫉妒"),
    ("compare", "history", "交流记录（history.csv 或工作簿的“交流记录”表）：每个政策的方案按 plan 的方式使用，各政策文件夹写出更新后的 history.csv"),
    ("compare", "wishes", "教师意愿（wishes.csv 或工作簿的“意愿”表）：每个政策的方案按 plan 的方式使用；表中增加志愿满足和合理嫉妒对数，各政策文件夹写出 wishes.json"),
    ("sweep", "history", "交流记录（history.csv 或工作簿的“交流记录”表）：每个参数点的方案按 plan 的方式使用"),
    ("sweep", "wishes", "教师意愿（wishes.csv 或工作簿的“意愿”表）：每个参数点的方案按 plan 的方式使用；sweep.csv 增加志愿满足和合理嫉妒对数"),
    ("plan", "date", "通知上印的日期，YYYY-MM-DD（默认：今天）"),
    ("plan", "years", "连续规划今后 N 轮（1–20）：每年以前几年留下的县域为起点（任期结束、年龄增长、在校年限增加），并在整个期间检查 rules.cycle_years / rules.cycle_share；写出 year-1/ … year-N/ 和 horizon.csv、horizon.json（某年无方案时规划到此为止：写出此前各年，退出码 1）"),
    ("verify", "history", "制定方案时的交流记录：期满返回的教师计入两校的编制和学科规则"),
    ("plan", "teams", "交流团队（teams.csv 或工作簿的“组团交流”表，列为 团队、教师编号）：同一团队整体调往同一所学校，或整体留任"),
    ("verify", "teams", "制定方案时的交流团队：团队被拆散即违反规则 exchange_team"),
    ("validate", "teams", "交流团队（teams.csv 或工作簿的“组团交流”表）：一并检查"),
    ("eligibility", "teams", "交流团队（teams.csv）：有成员不符合交流条件的团队整体留任，并写明原因"),
    ("plan", "joint", "联聘（joint.csv 或工作簿的“联聘”表，列为 教师编号、联聘学校）：教师本轮留在本校，同时在联聘学校任教，两校各按半人计入编制和学科；代替县数据自带的联聘表"),
    ("compare", "joint", "联聘（joint.csv 或工作簿的“联聘”表）：每个政策的方案按 plan 的方式使用；代替县数据自带的联聘表"),
    ("sweep", "joint", "联聘（joint.csv 或工作簿的“联聘”表）：每个参数点的方案按 plan 的方式使用；代替县数据自带的联聘表"),
    ("verify", "joint", "制定方案时的联聘：两校各按半人检查编制、学科和均衡指标；代替县数据自带的联聘表"),
    ("validate", "joint", "联聘（joint.csv 或工作簿的“联聘”表）：一并检查；代替县数据自带的联聘表"),
    ("eligibility", "joint", "联聘（joint.csv）：联聘教师本轮留任，并写明原因；代替县数据自带的联聘表"),
    ("verify", "wishes", "制定方案时的教师意愿：rules.wishes = \"only\" 和 rules.stable 据此检查"),
    ("sweep", "shard", "只运行编号 j 满足 j mod N = I−1 的参数点（I/N，编号从 0 开始）；--out 中只有本分片的行，用 rotation study merge 合并"),
    ("bench", "shard", "只运行编号 j 满足 j mod N = I−1 的实例（I/N）；用 rotation study merge 合并"),
    ("notices", "plan", "要写通知的方案（plan.csv 或方案工作簿）"),
    ("notices", "pins", "制定方案时的锁定（锁定的调动在原因中注明）"),
    ("notices", "date", "通知上印的日期，YYYY-MM-DD（默认：今天）"),
    ("notices", "out", "输出文件夹：notices.html（及 manifest.json）作为一套写出"),
    ("teams", "plan", "组建团队所依据的方案（默认：交流前的教师）"),
    ("teams", "policy", "含 [teams] 表的政策文件（默认：文档中的默认值）"),
    ("teams", "classes", "classes.csv：各校各年级的班级"),
    ("teams", "school", "只为此学校组建团队"),
    ("teams", "all", "为 classes.csv 中的每所学校组建团队"),
    ("teams", "out", "输出文件夹（team_members.csv、team_summary.csv、team_notes.csv、teams.xlsx）"),
    ("classes", "students", "students.csv：学号、年级、性别、成绩（及学校、同班、分班）"),
    ("classes", "classes", "每个年级的班级数，或列出各校各年级班级的 classes.csv"),
    ("classes", "out", "输出文件夹（class_lists.csv、class_summary.csv、class_notes.csv、classes.xlsx）"),
    ("classes", "seed", "为同分学生排序的抽签文字（默认：按学号）"),
    ("draw", "teams", "rotation teams 的输出文件夹（team_members.csv）"),
    ("draw", "classes", "rotation classes 的输出文件夹（class_lists.csv）"),
    ("draw", "seed_from", "抽签前公布的文字，例如“2026-08-31 福彩3D 第2026235期 407”"),
    ("draw", "check", "重新运行此文件夹中记录的抽签（draw.json）并复核"),
    ("draw", "out", "输出文件夹（draw.csv、draw.json、draw.xlsx、notices.html）"),
    ("draw", "instance", "可选的县域数据（文件夹或工作簿），通知中显示学校名称"),
    ("study", "study", "研究文件（县域、政策、可选的参数网格和求解设置；见 docs/cluster.md）"),
    ("study", "out", "研究文件夹：每个完成的作业一个子文件夹，不分片时另有 results.csv；再次运行会跳过已完成的作业"),
    ("study", "list", "打印编号的作业列表（给出 --shard 时只列本分片）后停止"),
    ("study", "shard", "只运行编号 j 满足 j mod N = I−1 的作业（编号从 0 开始），例如 --shard $SLURM_ARRAY_TASK_ID/100"),
    ("study", "jobs", "本进程同时求解的作业数，每个用一个 HiGHS 线程（默认 1：集群的一个任务或 GNU parallel 的一个槽位占一个核）"),
    ("study", "retry_failed", "重新运行以前失败的作业（否则跳过已完成的作业）"),
    ("study", "history", "交流记录：研究中每个从文件读取的县都读此文件，代替其自带的 history.csv（“交流记录”表）"),
    ("study merge", "outputs", "研究文件夹（或分片的 sweep 文件夹、分片的 bench CSV 文件）"),
    ("study merge", "out", "合并结果写到这里：研究或 sweep 为文件夹（results.csv、results.json、timings.csv 或 sweep.csv），bench 为一个 CSV 文件"),
    ("study merge", "force", "替换以前合并写在 --out 中的结果"),
    ("study merge", "allow_missing", "缺少作业时也写出结果（仍会报告缺少的作业，退出码仍为 1）"),
    ("study", "wishes", "教师意愿：研究中每个从文件读取的县都读此文件，代替其自带的 wishes.csv（“意愿”表）"),
    ("study", "teams", "交流团队：研究中每个从文件读取的县都读此文件，代替其自带的 teams.csv（“组团交流”表）"),
    ("study", "joint", "联聘：研究中每个从文件读取的县都读此文件，代替其自带的 joint.csv（“联聘”表）"),
    ("report", "history", "制定方案时的交流记录（history.csv 或工作簿的“交流记录”表）：期满返回的教师计入编制和学科；代替县数据自带的交流记录"),
    ("report", "wishes", "制定方案时的教师意愿（wishes.csv 或工作簿的“意愿”表）；代替县数据自带的意愿"),
    ("report", "teams", "制定方案时的交流团队（teams.csv 或工作簿的“组团交流”表）；代替县数据自带的交流团队"),
    ("report", "joint", "制定方案时的联聘（joint.csv 或工作簿的“联聘”表）；代替县数据自带的联聘"),
    ("compare", "teams", "交流团队（teams.csv 或工作簿的“组团交流”表）：每个政策的方案按 plan 的方式使用；--history、--wishes、--teams 均代替县数据自带的表"),
    ("sweep", "teams", "交流团队（teams.csv 或工作簿的“组团交流”表）：每个参数点的方案按 plan 的方式使用；--history、--wishes、--teams 均代替县数据自带的表"),
    ("serve", "port", "127.0.0.1 上的端口（0 表示自动选空闲端口）"),
    ("serve", "listen", "改为监听此地址（如 0.0.0.0:8080，供办公室局域网访问）"),
    ("serve", "data", "保存各轮次的文件夹（每轮一个子文件夹），重启后仍在"),
    ("serve", "max_upload_mb", "允许上传的最大文件（MB），更大的返回 HTTP 413"),
    ("serve", "time_limit", "一次求解的时限（秒），到时保留找到的最好方案"),
];

/// The Chinese help of argument `id` of subcommand `sub` (`""` for the top level).
pub fn arg_help(sub: &str, id: &str) -> Option<&'static str> {
    let find = |s: &str| {
        ARGS.iter()
            .find(|(c, a, _)| *c == s && *a == id)
            .map(|e| e.2)
    };
    find(sub).or_else(|| find("*"))
}

/// The Chinese one-line help of subcommand `name`.
pub fn subcommand_help(name: &str) -> Option<&'static str> {
    SUBCOMMANDS.iter().find(|(n, _)| *n == name).map(|e| e.1)
}

/// Chinese placeholders for clap's value names (`--policy <政策文件>`). Names of files
/// (`teams.csv`, `FILE.xlsx`) and formulas the help refers to (`K`, `N`, `I/N`) stay.
const VALUE_NAMES: &[(&str, &str)] = &[
    ("INSTANCE", "县域数据"),
    ("OUTPUTS", "分片输出"),
    ("OUT", "输出"),
    ("POLICY", "政策文件"),
    ("POLICIES", "政策文件"),
    ("LANG", "语言"),
    ("PLAN", "方案"),
    ("FORMAT", "格式"),
    ("SEED", "种子"),
    ("TIME_LIMIT", "秒"),
    ("THREADS", "线程数"),
    ("GAP", "间隙"),
    ("CLASSES", "班级"),
    ("REPORT", "报告文件"),
    ("PINS", "锁定文件"),
    ("JOBS", "个数"),
    ("VARIES", "参数=起:止:步长"),
    ("TEAMS", "教学团队"),
    ("STUDY", "研究文件"),
    ("STUDENTS", "学生名单"),
    ("DATE", "日期"),
    ("COMMAND", "命令"),
    ("URBAN_SHARE", "城区比例"),
    ("TEXT", "文字"),
    ("TEACHERS", "教师数"),
    ("SIZES", "规模"),
    ("SHARE", "比例"),
    ("SCHOOLS", "学校数"),
    ("SCHOOL", "学校"),
    ("PORT", "端口"),
    ("MPS", "MPS文件"),
    ("LP", "LP文件"),
    ("MAX_UPLOAD_MB", "兆字节"),
    ("MANIFEST", "清单文件"),
    ("LIKE", "形态"),
    ("JITTER_KM", "公里"),
    ("GROUPS", "共同体数"),
    ("FROM", "县域数据"),
    ("FIGURES", "图"),
    ("DRAW_DIR", "抽签文件夹"),
    ("DIR", "文件夹"),
    ("DATA", "文件夹"),
    ("CANDIDATES", "K"),
    ("CALIBRATION", "校准"),
    ("ADDR", "地址"),
];

/// The Chinese placeholder of clap's value name `name`, or `name` itself.
fn value_name(name: &clap::builder::Str) -> clap::builder::Str {
    VALUE_NAMES
        .iter()
        .find(|(en, _)| *en == name.as_str())
        .map_or_else(|| name.clone(), |e| e.1.into())
}

/// clap's help layout with Chinese headings (`用法`, `命令`, `选项`, `参数`).
const TEMPLATE: &str = "{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

fn localize(mut cmd: Command, sub: &str) -> Command {
    cmd = cmd
        .help_template(TEMPLATE)
        .subcommand_help_heading("命令")
        .next_help_heading("选项");
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let text = arg_help(sub, &id);
        cmd = cmd.mut_arg(id.as_str(), |a| {
            let heading = if a.is_positional() {
                "参数"
            } else {
                "选项"
            };
            let mut a = a.help_heading(heading);
            if let Some(names) = a.get_value_names() {
                let zh: Vec<clap::builder::Str> = names.iter().map(value_name).collect();
                a = a.value_names(zh);
            }
            let Some(t) = text else { return a };
            // clap's `[default: …]` and `Possible values:` are English: said here instead.
            let mut full = t.to_string();
            let defaults: Vec<String> = a
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            let possible: Vec<String> = if a.get_action().takes_values() {
                a.get_possible_values()
                    .iter()
                    .map(|v| v.get_name().to_string())
                    .collect()
            } else {
                Vec::new()
            };
            if !possible.is_empty() {
                full.push_str(&format!("。可选：{}", possible.join("、")));
            }
            if a.get_action().takes_values()
                && !defaults.is_empty()
                && !a.is_hide_default_value_set()
            {
                full.push_str(&format!("。默认：{}", defaults.join("、")));
            }
            a.help(full.clone())
                .long_help(full)
                .hide_default_value(true)
                .hide_possible_values(true)
        });
    }
    cmd
}

/// The parser `cmd` with every text it has a Chinese one for replaced, headings in
/// Chinese, and the same for each subcommand.
pub fn apply(mut cmd: Command) -> Command {
    // Built first, so that `--help`, `--version` and the global `--lang` are in every
    // subcommand and get their Chinese too.
    cmd.build();
    let cmd = localize(cmd.about(ABOUT).long_about(None::<&str>), "");
    chinese_usage(localize_subcommands(cmd, ""))
}

/// Each subcommand of `cmd` in Chinese, and theirs in turn, keyed by their path
/// below the top (`plan`, `study merge`).
fn localize_subcommands(mut cmd: Command, path: &str) -> Command {
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        let key = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd = cmd.mut_subcommand(name.as_str(), |s| {
            let s = match subcommand_help(&key) {
                Some(t) => s.about(t).long_about(t),
                None => s,
            };
            chinese_usage(localize_subcommands(localize(s, &key), &key))
        });
    }
    cmd
}

/// The usage line clap makes (with the Chinese value names), with `[选项]` for clap's
/// `[OPTIONS]`.
fn chinese_usage(mut cmd: Command) -> Command {
    let usage = cmd.render_usage().to_string();
    let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage);
    // clap indents a second usage line by the width of "Usage: "; "用法：" is six
    // columns wide.
    let usage = usage
        .replace("[OPTIONS]", "[选项]")
        .replace("<COMMAND>", "<命令>")
        .replace("[COMMAND]", "[命令]")
        .replace("\n       ", "\n      ");
    cmd.override_usage(usage)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn every_subcommand_and_argument_has_chinese_help() {
        let mut cmd = crate::cli::Cli::command();
        cmd.build();
        let mut missing = Vec::new();
        for a in cmd.get_arguments() {
            if arg_help("", a.get_id().as_str()).is_none() {
                missing.push(format!("--{}", a.get_id()));
            }
        }
        // Every subcommand, and its own subcommands keyed "study merge".
        let mut subs: Vec<(String, &Command)> = Vec::new();
        for sub in cmd.get_subcommands() {
            subs.push((sub.get_name().to_string(), sub));
            for inner in sub.get_subcommands().filter(|_| sub.get_name() != "help") {
                subs.push((format!("{} {}", sub.get_name(), inner.get_name()), inner));
            }
        }
        for (name, sub) in subs {
            if !subcommand_help(&name).is_some_and(has_cjk) {
                missing.push(name.to_string());
            }
            for a in sub.get_arguments() {
                if !arg_help(&name, a.get_id().as_str()).is_some_and(has_cjk) {
                    missing.push(format!("{name} {}", a.get_id()));
                }
            }
        }
        assert!(missing.is_empty(), "no Chinese help for: {missing:?}");
    }

    #[test]
    fn chinese_help_is_rendered_for_every_subcommand() {
        let mut cmd = apply(crate::cli::Cli::command());
        cmd.build();
        let top = cmd.render_help().to_string();
        assert!(
            top.contains("用法") && top.contains("规划县域教师"),
            "{top}"
        );
        for sub in cmd.get_subcommands_mut() {
            let help = sub.render_long_help().to_string();
            assert!(help.contains("用法"), "{help}");
            for line in help.lines().filter(|l| l.trim_start().starts_with("--")) {
                // Every option line is followed by (or holds) Chinese text: no English
                // sentence is left from the doc comments.
                assert!(!line.contains(". "), "{}: {line}", sub.get_name());
            }
        }
    }

    #[test]
    fn chinese_help_has_chinese_placeholders() {
        let mut cmd = apply(crate::cli::Cli::command());
        cmd.build();
        let mut helps = vec![cmd.render_long_help().to_string()];
        for sub in cmd.get_subcommands_mut() {
            helps.push(sub.render_long_help().to_string());
            if sub.get_name() != "help" {
                for inner in sub.get_subcommands_mut() {
                    helps.push(inner.render_long_help().to_string());
                }
            }
        }
        for help in helps {
            for english in ["[OPTIONS]", "<COMMAND>", "<POLICY>", "<OUT>", "<INSTANCE>"] {
                assert!(!help.contains(english), "{english} in: {help}");
            }
            for (en, _) in VALUE_NAMES {
                assert!(!help.contains(&format!("<{en}>")), "<{en}> in: {help}");
            }
            assert!(
                help.contains("用法") && has_cjk(help.lines().next().unwrap_or("")),
                "{help}"
            );
        }
        let plan = plan_usage(cmd);
        assert!(
            plan.contains("rotation plan [选项] --policy <政策文件> --out <输出> <县域数据>"),
            "{plan}"
        );
    }

    /// The usage line of `plan` in the parser `cmd`.
    fn plan_usage(mut cmd: Command) -> String {
        let plan = cmd.find_subcommand_mut("plan").expect("plan");
        plan.render_usage().to_string()
    }

    #[test]
    fn english_help_keeps_clap_placeholders() {
        let plan = plan_usage(crate::cli::Cli::command());
        assert!(
            plan.contains("[OPTIONS] --policy <POLICY> --out <OUT> <INSTANCE>"),
            "{plan}"
        );
    }

    #[test]
    fn no_table_entry_names_an_argument_that_does_not_exist() {
        let mut cmd = crate::cli::Cli::command();
        cmd.build();
        for (sub, id, _) in ARGS {
            let exists = if *sub == "*" {
                true
            } else {
                sub.split(' ')
                    .try_fold(&cmd, |c, name| c.find_subcommand(name))
                    .is_some_and(|s| s.get_arguments().any(|a| a.get_id() == *id))
            };
            assert!(exists, "{sub} {id}");
        }
    }
}
