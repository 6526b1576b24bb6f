//! `rotation serve` end to end in a real headless browser (Debian's chromium through
//! chromedriver, driven over WebDriver by fantoccini): upload the sample county as a
//! workbook, plan it, read the summary, pin a teacher, re-plan against the first plan
//! and see the change, download the plan workbook and read it back. A bad upload shows
//! its problems on the page. `make test` installs chromium and chromium-driver; where
//! they are missing the test says so and passes without running.
//!
//! With the page in Chinese (the default) every page and file the officer opens on the
//! way — the home page, a bad upload's problems, the round, the re-plan with its
//! changes, the report and the notices, two rounds compared, the policies form, a
//! page that does not exist and a round whose workbook carries its teacher side
//! (交流记录, 意愿, 组团交流) — is checked for English: its visible text
//! (`document.body.innerText`) keeps no English word outside a short allow-list
//! (`tests/common/english.rs`: ids, file names, units, Excel/CSV, the switch's
//! `English`).
//!
//! `ROTATION_SCREENSHOTS=docs cargo test --release --test browser` also saves the
//! screenshots of the main pages used in `docs/serve.md`.

mod common;

use common::server::{start, zip_of};
use fantoccini::{ClientBuilder, Locator};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// chromedriver on a free port, stopped when dropped.
struct Driver {
    child: std::process::Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_driver(chromedriver: &Path) -> Driver {
    let port = free_port();
    let child = std::process::Command::new(chromedriver)
        .arg(format!("--port={port}"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "chromedriver did not listen on {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Driver { child, port }
}

async fn screenshot(client: &fantoccini::Client, name: &str) {
    if let Some(dir) = std::env::var_os("ROTATION_SCREENSHOTS") {
        let png = client.screenshot().await.expect("screenshot");
        let path = common::root().join(dir).join(name);
        std::fs::write(&path, png).expect("screenshot written");
        eprintln!("saved {}", path.display());
    }
}

/// Fails when the visible text of the page (`document.body.innerText`) has an English
/// word a Chinese officer would have to read.
async fn assert_no_english(client: &fantoccini::Client, what: &str) {
    let text = client
        .execute("return document.body.innerText", vec![])
        .await
        .expect("the page's text");
    let text = text.as_str().unwrap_or_default();
    let words = common::english::english_words(text);
    assert!(
        words.is_empty(),
        "English on the Chinese {what}: {words:?}\n{}",
        text.chars().take(3000).collect::<String>()
    );
}

/// Waits for an element, for up to a minute (a round is planned meanwhile).
async fn wait_for(client: &fantoccini::Client, css: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(Duration::from_secs(60))
        .every(Duration::from_millis(100))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no `{css}` on the page: {e}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_hr_officer_plans_pins_replans_and_downloads_in_a_browser() {
    let (Some(chromium), Some(chromedriver)) = (program("chromium"), program("chromedriver"))
    else {
        eprintln!(
            "SKIPPED: the browser test needs Debian's `chromium` and `chromium-driver` \
             (`make test` installs them: apt-get install chromium chromium-driver)"
        );
        return;
    };
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let server = start(data.path()).await;
    // The sample county as the Chinese workbook an HR office keeps.
    let county = rotation::read_instance(&common::haiyan_like())
        .unwrap()
        .county;
    let book = work.path().join("海盐县.xlsx");
    let bytes = rotation::output::template::county_workbook(&county, rotation::Lang::Zh).unwrap();
    std::fs::write(&book, bytes).unwrap();
    let downloads = work.path().join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let profile = work.path().join("profile");

    let driver = start_driver(&chromedriver);
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1000",
                format!("--user-data-dir={}", profile.display()),
            ],
            "prefs": {
                "download.default_directory": downloads,
                "download.prompt_for_download": false,
            },
        }),
    );
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a WebDriver session");

    // A bad upload: the page lists each problem with its file, line and column. The
    // office's file has Chinese headers.
    let bad = common::tiny_copy();
    let schools = std::fs::read_to_string(bad.path().join("schools.csv")).unwrap();
    std::fs::write(
        bad.path().join("schools.csv"),
        schools
            .replacen("U2,城西小学,urban", "U2,城西小学,郊区", 1)
            .replacen(
                "id,name,zone,level,students,x_km,y_km",
                "学校编号,学校名称,城乡,学段,学生数,横坐标km,纵坐标km",
                1,
            ),
    )
    .unwrap();
    let bad_zip = work.path().join("bad.zip");
    std::fs::write(&bad_zip, zip_of(bad.path())).unwrap();
    client.goto(&server.url("/")).await.unwrap();
    client
        .find(Locator::Id("instance"))
        .await
        .unwrap()
        .send_keys(&bad_zip.display().to_string())
        .await
        .unwrap();
    client
        .find(Locator::Id("run"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let problems = wait_for(&client, "#problems").await.text().await.unwrap();
    assert!(
        problems.contains("schools.csv") && problems.contains("郊区"),
        "{problems}"
    );
    assert_no_english(&client, "problems of a bad upload").await;
    screenshot(&client, "serve-problems.png").await;

    // Upload the county under the Haiyan policy (the default model), edited on the form.
    client.goto(&server.url("/")).await.unwrap();
    let home = client.source().await.unwrap();
    assert!(
        home.contains("交流比例") && home.contains("targets.exchange_rate"),
        "the policy form is in Chinese"
    );
    assert_no_english(&client, "home page").await;
    screenshot(&client, "serve-home.png").await;
    let name = client.find(Locator::Id("name")).await.unwrap();
    name.clear().await.unwrap();
    name.send_keys("海盐 2022（网页）").await.unwrap();
    client
        .find(Locator::Id("instance"))
        .await
        .unwrap()
        .send_keys(&book.display().to_string())
        .await
        .unwrap();
    client
        .find(Locator::Id("run"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let summary = wait_for(&client, "#summary").await.text().await.unwrap();
    assert!(summary.contains("全部达成"), "{summary}");
    assert!(summary.contains("546 / 1559"), "{summary}");
    let page = client.source().await.unwrap();
    assert!(
        page.contains("海盐 2022（网页）"),
        "the edited policy name is shown"
    );
    assert!(
        page.contains("交流理由") && page.contains("符合交流条件"),
        "reasons in Chinese"
    );
    assert_no_english(&client, "round page").await;
    screenshot(&client, "serve-round.png").await;
    let first = client.current_url().await.unwrap();

    // In a narrow window each teacher's id and name stays on one line (the table
    // scrolls sideways in its box) instead of a Chinese name breaking one character a
    // line.
    client.set_window_size(480, 1000).await.unwrap();
    let lines = client
        .execute(
            r##"var broken = [], checked = 0;
            document.querySelectorAll("#moves tr.move, #stayed tr.stayed").forEach(function (tr) {
              [0, 1].forEach(function (i) {
                var range = document.createRange();
                range.selectNodeContents(tr.cells[i]);
                var tops = {};
                Array.prototype.forEach.call(range.getClientRects(), function (r) { tops[Math.round(r.top)] = 1; });
                checked += 1;
                if (Object.keys(tops).length > 1) broken.push(tr.cells[i].textContent);
              });
            });
            return {checked: checked, broken: broken.slice(0, 10)};"##,
            vec![],
        )
        .await
        .unwrap();
    assert!(lines["checked"].as_u64().unwrap() > 1000, "{lines}");
    assert_eq!(lines["broken"], serde_json::json!([]), "{lines}");
    client.set_window_size(1280, 1000).await.unwrap();

    // Pin the first mover to stay and re-plan against this plan.
    let row = client.find(Locator::Css("tr.move")).await.unwrap();
    let teacher = row
        .attr("id")
        .await
        .unwrap()
        .unwrap()
        .trim_start_matches("move-")
        .to_string();
    row.find(Locator::Css("select.pin"))
        .await
        .unwrap()
        .select_by_value("stay")
        .await
        .unwrap();
    client
        .find(Locator::Id("replan"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let changes = wait_for(&client, "#changes").await.text().await.unwrap();
    assert!(
        changes.contains(&teacher),
        "{teacher} is among the changes: {changes}"
    );
    assert!(client.current_url().await.unwrap() != first, "a new round");
    let summary = client
        .find(Locator::Id("summary"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(summary.contains("全部达成"), "{summary}");
    assert_no_english(&client, "re-planned round with its changes").await;
    client
        .execute(
            "document.getElementById('changes').scrollIntoView()",
            vec![],
        )
        .await
        .unwrap();
    screenshot(&client, "serve-replan.png").await;

    // Download the plan workbook through the browser and read it back.
    let link = client
        .find(Locator::Css("a[href$='/files/plan.xlsx']"))
        .await
        .unwrap();
    let href = link.attr("href").await.unwrap().unwrap();
    let id = href.split('/').nth(3).unwrap().to_string();
    link.click().await.unwrap();
    let file = downloads.join(format!("{id}-plan.xlsx"));
    let deadline = Instant::now() + Duration::from_secs(30);
    while !file.is_file() {
        assert!(
            Instant::now() < deadline,
            "the workbook was not downloaded to {}",
            downloads.display()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook(&file).expect("the downloaded workbook opens");
    use calamine::Reader;
    let moves = workbook
        .worksheet_range("交流名单")
        .expect("the move list sheet");
    let ids: Vec<String> = moves.rows().skip(1).map(|r| r[0].to_string()).collect();
    assert!(ids.len() >= 546, "{} moves", ids.len());
    assert!(
        !ids.contains(&teacher),
        "the pinned teacher {teacher} stays"
    );
    assert!(
        workbook.sheet_names().iter().any(|s| s == "变动"),
        "the changes sheet"
    );

    // The report and the notices open in the browser, in Chinese; so do two rounds
    // compared, the policies form and a page that does not exist.
    let second = client.current_url().await.unwrap();
    let first_id = first.path().trim_start_matches("/rounds/").to_string();
    for (path, what) in [
        (format!("/api/rounds/{id}/files/report.html"), "report"),
        (format!("/api/rounds/{id}/files/notices.html"), "notices"),
        (
            format!("/compare?a={first_id}&b={id}"),
            "comparison of two rounds",
        ),
        (format!("/policies?round={id}"), "policies form"),
        ("/rounds/000000000000".to_string(), "page not found"),
    ] {
        client.goto(&server.url(&path)).await.unwrap();
        wait_for(&client, "body").await;
        assert_no_english(&client, what).await;
    }

    // A county that carries its teacher side: the workbook's 交流记录, 意愿, 组团交流
    // and 联聘 sheets. The round page's section on it is in Chinese too.
    let side = work.path().join("side");
    std::fs::create_dir_all(&side).unwrap();
    let teachers = common::haiyan_like_teachers();
    let at_p01: Vec<&str> = county
        .teachers
        .iter()
        .filter(|t| county.schools[t.school].id.0 == "P01")
        .map(|t| t.id.0.as_str())
        // Not the sample's jointly appointed teachers: they move with no team.
        .filter(|id| !["T000028", "T000036"].contains(id))
        .take(2)
        .collect();
    let teams = common::write(
        &side,
        "teams.csv",
        &format!(
            "团队,教师编号\n城东小学数语组,{}\n城东小学数语组,{}\n",
            at_p01[0], at_p01[1]
        ),
    );
    let files = rotation::input::teacher_files::TeacherFiles {
        history: Some(teachers.join("history.csv")),
        wishes: Some(teachers.join("wishes.csv")),
        teams: Some(teams),
        joint: Some(teachers.join("joint.csv")),
    };
    let book_side = work.path().join("海盐县（含交流记录）.xlsx");
    let bytes =
        rotation::output::template::county_workbook_with(&county, &files, rotation::Lang::Zh)
            .unwrap();
    std::fs::write(&book_side, bytes).unwrap();
    client.goto(&server.url("/")).await.unwrap();
    client
        .find(Locator::Id("instance"))
        .await
        .unwrap()
        .send_keys(&book_side.display().to_string())
        .await
        .unwrap();
    client
        .find(Locator::Id("run"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(&client, "#summary").await;
    let section = wait_for(&client, "#teacher-side")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        section.contains("组团交流") && section.contains("城东小学数语组"),
        "{section}"
    );
    assert_no_english(&client, "round page with the teacher side").await;
    client.goto(second.as_str()).await.unwrap();

    // The English switch.
    client
        .find(Locator::Id("lang-en"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let summary = wait_for(&client, "#summary").await.text().await.unwrap();
    assert!(summary.contains("all met"), "{summary}");
    client.close().await.unwrap();
}
