//! `rotation serve`'s JSON API against a real server on a free port: a round from a
//! zip of CSV files is queued, planned and its files served; bad uploads get the CLI's
//! diagnostics as HTTP 400, large ones 413, unknown rounds and file names (with `..`)
//! 404; rounds queue, keep apart, re-plan with pins, and survive a restart.

mod common;

use common::server::{start, start_with, wait_for, zip_of, Server};
use reqwest::multipart::{Form, Part};
use rotation::serve::ServeConfig;
use serde_json::Value;

fn round_form(zip: Vec<u8>, policy: &str) -> Form {
    Form::new()
        .part("instance", Part::bytes(zip).file_name("tiny.zip"))
        .text("policy", policy.to_string())
}

fn model(name: &str) -> String {
    std::fs::read_to_string(common::model(name)).unwrap()
}

async fn post(client: &reqwest::Client, server: &Server, form: Form) -> (u16, Value) {
    let r = client
        .post(server.url("/api/rounds"))
        .multipart(form)
        .send()
        .await
        .expect("post");
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_zip_of_csv_files_is_planned_and_its_files_served() {
    let data = tempfile::tempdir().unwrap();
    let server = start(data.path()).await;
    let client = reqwest::Client::new();
    let (code, body) = post(
        &client,
        &server,
        round_form(zip_of(&common::tiny()), &model("haiyan-2022")),
    )
    .await;
    assert_eq!(code, 202, "{body}");
    let id = body["id"].as_str().unwrap().to_string();
    let status = wait_for(&client, &server, &id, 60).await;
    assert_eq!(status["status"], "done", "{status}");
    // The hand-worked optimum of docs/format.md.
    assert_eq!(status["summary"]["moved"], 4);
    assert_eq!(status["summary"]["objective"], 40.0);
    let files: Vec<&str> = status["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    for f in [
        "plan.csv",
        "schools.csv",
        "summary.json",
        "plan.xlsx",
        "report.html",
        "stayed.csv",
        "notices.html",
        "notices-en.html",
    ] {
        assert!(files.contains(&f), "{f} missing from {files:?}");
    }
    // The notices are served, and the round's page lists each stayed teacher's reason
    // and offers the notices.
    let get = |path: String| {
        let client = client.clone();
        let url = server.url(&path);
        async move { client.get(url).send().await.unwrap().text().await.unwrap() }
    };
    let notices = get(format!("/api/rounds/{id}/files/notices.html")).await;
    assert_eq!(
        notices.matches("<h1>交流通知书</h1>").count(),
        4,
        "{notices}"
    );
    let english = get(format!("/api/rounds/{id}/files/notices-en.html")).await;
    assert_eq!(english.matches("<h1>Exchange notice</h1>").count(), 4);
    let page = get(format!("/rounds/{id}")).await;
    assert!(page.contains("id=\"stayed-T02\""), "{page}");
    assert!(page.contains("调出人数已达上限"), "{page}");
    assert!(page.contains(&format!("/api/rounds/{id}/files/notices.html")));
    let page = get(format!("/rounds/{id}?lang=en")).await;
    assert!(page.contains("is at its outflow cap"), "{page}");
    let plan = client
        .get(server.url(&format!("/api/rounds/{id}/files/plan.csv")))
        .send()
        .await
        .unwrap();
    assert_eq!(plan.status().as_u16(), 200);
    let text = plan.text().await.unwrap();
    assert_eq!(
        text.trim_start_matches('\u{feff}').lines().count(),
        5,
        "{text}"
    );
    assert!(text.contains("T01,"), "{text}");
    // The folder holds what went in and what came out.
    let dir = data.path().join(&id);
    for f in [
        "upload.zip",
        "instance/schools.csv",
        "policy.toml",
        "status.json",
        "view.json",
        "out/plan.xlsx",
    ] {
        assert!(dir.join(f).exists(), "{f}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_uploads_get_the_cli_diagnostics_as_400() {
    let data = tempfile::tempdir().unwrap();
    let server = start(data.path()).await;
    let client = reqwest::Client::new();
    let bad = common::tiny_copy();
    let schools = std::fs::read_to_string(bad.path().join("schools.csv")).unwrap();
    std::fs::write(
        bad.path().join("schools.csv"),
        schools.replacen("U2,城西小学,urban", "U2,城西小学,suburb", 1),
    )
    .unwrap();
    let policy = "[targets]\nexchange_rate = 2.0\n";
    let (code, body) = post(&client, &server, round_form(zip_of(bad.path()), policy)).await;
    assert_eq!(code, 400, "{body}");
    let diags = body["diagnostics"].as_array().unwrap();
    let zone = diags
        .iter()
        .find(|d| d["column_name"] == "zone")
        .expect("the zone cell is named");
    assert_eq!(zone["file"], "schools.csv");
    assert_eq!(zone["line"], 3);
    assert_eq!(zone["column"], 3);
    assert!(
        zone["message"]
            .as_str()
            .unwrap()
            .contains("`suburb` is not valid"),
        "{zone}"
    );
    // Every problem at once: the policy's too.
    assert!(
        diags.iter().any(|d| d["message"]
            .as_str()
            .unwrap()
            .contains("targets.exchange_rate")),
        "{body}"
    );
    // A file that is no county, and missing parts.
    let form = Form::new()
        .part(
            "instance",
            Part::bytes(b"hello".to_vec()).file_name("notes.txt"),
        )
        .text("policy", "");
    let (code, body) = post(&client, &server, form).await;
    assert_eq!(code, 400, "{body}");
    assert_eq!(body["diagnostics"][0]["file"], "notes.txt");
    let (code, body) = post(&client, &server, Form::new().text("policy", "")).await;
    assert_eq!(code, 400, "{body}");
    assert!(body["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .contains("instance"));
    // A broken workbook names the sheet.
    let book = common::tiny_copy();
    let xlsx = book.path().join("county.xlsx");
    common::rotation()
        .args(["template", "--from"])
        .arg(bad.path())
        .arg("--out")
        .arg(&xlsx)
        .assert()
        .code(2);
    // (the CLI refuses the bad folder too; a workbook made from the good one, then broken)
    common::rotation()
        .args(["template", "--from"])
        .arg(common::tiny())
        .arg("--out")
        .arg(&xlsx)
        .assert()
        .success();
    let mut bytes = std::fs::read(&xlsx).unwrap();
    bytes.truncate(bytes.len() / 2);
    let form = Form::new()
        .part("instance", Part::bytes(bytes).file_name("county.xlsx"))
        .text("policy", model("haiyan-2022"));
    let (code, body) = post(&client, &server, form).await;
    assert_eq!(code, 400, "{body}");
    assert_eq!(body["diagnostics"][0]["file"], "county.xlsx");
    // Nothing is kept of a refused upload.
    assert_eq!(std::fs::read_dir(data.path()).unwrap().count(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_above_the_limit_get_413() {
    let data = tempfile::tempdir().unwrap();
    let mut config = ServeConfig::local(0, data.path().to_path_buf());
    config.max_upload = 64 * 1024;
    let server = start_with(config).await;
    let client = reqwest::Client::new();
    let form = Form::new()
        .part(
            "instance",
            Part::bytes(vec![0u8; 200 * 1024]).file_name("big.xlsx"),
        )
        .text("policy", "");
    let (code, body) = post(&client, &server, form).await;
    assert_eq!(code, 413, "{body}");
    assert!(body["error"].as_str().unwrap().contains("too large"));
}

/// A request sent as written, so that `..` reaches the server unnormalised.
fn raw_get(server: &Server, path: &str) -> u16 {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(server.addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    s.read_to_string(&mut response).unwrap();
    response.split(' ').nth(1).unwrap().parse().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_rounds_and_file_names_get_404() {
    let data = tempfile::tempdir().unwrap();
    let server = start(data.path()).await;
    let client = reqwest::Client::new();
    let (_, body) = post(
        &client,
        &server,
        round_form(zip_of(&common::tiny()), &model("haiyan-2022")),
    )
    .await;
    let id = body["id"].as_str().unwrap().to_string();
    wait_for(&client, &server, &id, 60).await;
    assert_eq!(
        raw_get(&server, &format!("/api/rounds/{id}/files/plan.csv")),
        200
    );
    for path in [
        "/api/rounds/000000000000".to_string(),
        "/api/rounds/..".to_string(),
        format!("/api/rounds/{id}/files/status.json"),
        format!("/api/rounds/{id}/files/policy.toml"),
        format!("/api/rounds/{id}/files/changes.csv"),
        format!("/api/rounds/{id}/files/../status.json"),
        format!("/api/rounds/{id}/files/..%2fstatus.json"),
        format!("/api/rounds/{id}/files/..%2F..%2Fetc%2Fpasswd"),
        format!("/api/rounds/..%2f{id}/files/plan.csv"),
        "/api/rounds/../../etc/passwd".to_string(),
        format!("/rounds/{id}x"),
        "/nowhere".to_string(),
    ] {
        assert_eq!(raw_get(&server, &path), 404, "{path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rounds_queue_and_keep_apart() {
    let data = tempfile::tempdir().unwrap();
    let server = start(data.path()).await;
    let client = reqwest::Client::new();
    let zip = zip_of(&common::tiny());
    let policies = [
        "haiyan-2022",
        "national-minimum",
        "haiyan-2022",
        "national-minimum",
    ];
    let mut ids = Vec::new();
    for p in policies {
        let (code, body) = post(&client, &server, round_form(zip.clone(), &model(p))).await;
        assert_eq!(code, 202);
        ids.push(body["id"].as_str().unwrap().to_string());
    }
    // Submitted at once, planned one after the other.
    let first: Value = client
        .get(server.url(&format!("/api/rounds/{}", ids[3])))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(["queued", "running", "done"].contains(&first["status"].as_str().unwrap()));
    let mut names = Vec::new();
    for id in &ids {
        let s = wait_for(&client, &server, id, 60).await;
        assert_eq!(s["status"], "done", "{s}");
        names.push(s["summary"]["policy"].as_str().unwrap().to_string());
        let summary: Value = client
            .get(server.url(&format!("/api/rounds/{id}/files/summary.json")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(summary["policy"], s["summary"]["policy"]);
    }
    assert_eq!(
        names,
        [
            "Haiyan 2022",
            "national minimum",
            "Haiyan 2022",
            "national minimum"
        ]
    );
    // Under the national minimum (10%) fewer teachers rotate than under Haiyan's 35%.
    let moved = |i: usize| {
        std::fs::read_to_string(data.path().join(&ids[i]).join("out/plan.csv"))
            .unwrap()
            .lines()
            .count()
    };
    assert_eq!(moved(0), moved(2));
    assert_eq!(moved(1), moved(3));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replan_with_pins_lists_its_changes() {
    let data = tempfile::tempdir().unwrap();
    let server = start(data.path()).await;
    let client = reqwest::Client::new();
    let zip = zip_of(&common::tiny());
    let (_, body) = post(
        &client,
        &server,
        round_form(zip.clone(), &model("haiyan-2022")),
    )
    .await;
    let first = body["id"].as_str().unwrap().to_string();
    wait_for(&client, &server, &first, 60).await;
    let form = round_form(zip.clone(), &model("haiyan-2022"))
        .text("pins", "teacher,action,school\nT05,stay,\n")
        .text("previous", first.clone());
    let (code, body) = post(&client, &server, form).await;
    assert_eq!(code, 202, "{body}");
    let second = body["id"].as_str().unwrap().to_string();
    let s = wait_for(&client, &server, &second, 60).await;
    assert_eq!(s["status"], "done", "{s}");
    assert_eq!(s["pins"], 1);
    assert_eq!(s["previous"], first.as_str());
    let changes = s["summary"]["changes"]["changes"].as_array().unwrap();
    assert!(
        changes
            .iter()
            .any(|c| c["teacher"] == "T05" && c["kind"] == "dropped"),
        "{changes:?}"
    );
    let csv = client
        .get(server.url(&format!("/api/rounds/{second}/files/changes.csv")))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status().as_u16(), 200);
    // A pin naming an unknown teacher is refused with its line and column.
    let form = round_form(zip, &model("haiyan-2022"))
        .text("pins", "teacher,action,school\nT99,stay,\n")
        .text("previous", first.clone());
    let (code, body) = post(&client, &server, form).await;
    assert_eq!(code, 400, "{body}");
    assert_eq!(body["diagnostics"][0]["file"], "pins.csv");
    assert_eq!(body["diagnostics"][0]["line"], 2);
    assert_eq!(body["diagnostics"][0]["column"], 1);
    // A previous round that does not exist is refused too.
    let form =
        round_form(zip_of(&common::tiny()), &model("haiyan-2022")).text("previous", "000000000000");
    assert_eq!(post(&client, &server, form).await.0, 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rounds_survive_a_restart() {
    let data = tempfile::tempdir().unwrap();
    let client = reqwest::Client::new();
    let server = start(data.path()).await;
    let (_, body) = post(
        &client,
        &server,
        round_form(zip_of(&common::tiny()), &model("haiyan-2022")),
    )
    .await;
    let id = body["id"].as_str().unwrap().to_string();
    wait_for(&client, &server, &id, 60).await;
    server.task.abort();
    // A round left queued by the stopped server: the done one's inputs, without a plan.
    let waiting = "0123456789ab";
    let (from, to) = (data.path().join(&id), data.path().join(waiting));
    std::fs::create_dir_all(to.join("instance")).unwrap();
    for f in ["upload.zip", "policy.toml"] {
        std::fs::copy(from.join(f), to.join(f)).unwrap();
    }
    for e in std::fs::read_dir(from.join("instance")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, to.join("instance").join(p.file_name().unwrap())).unwrap();
    }
    let mut record: Value =
        serde_json::from_slice(&std::fs::read(from.join("status.json")).unwrap()).unwrap();
    record["id"] = waiting.into();
    record["status"] = "running".into();
    record.as_object_mut().unwrap().remove("summary");
    std::fs::write(to.join("status.json"), serde_json::to_vec(&record).unwrap()).unwrap();

    let again = start(data.path()).await;
    let s: Value = client
        .get(again.url(&format!("/api/rounds/{id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(s["status"], "done");
    assert_eq!(s["summary"]["moved"], 4);
    let plan = client
        .get(again.url(&format!("/api/rounds/{id}/files/plan.xlsx")))
        .send()
        .await
        .unwrap();
    assert_eq!(plan.status().as_u16(), 200);
    let s = wait_for(&client, &again, waiting, 60).await;
    assert_eq!(s["status"], "done", "{s}");
    assert_eq!(s["summary"]["moved"], 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_policies_on_one_county_are_planned_side_by_side() {
    let data = tempfile::tempdir().unwrap();
    let server = start(data.path()).await;
    let client = reqwest::Client::new();
    let form = Form::new()
        .part(
            "instance",
            Part::bytes(zip_of(&common::tiny())).file_name("tiny.zip"),
        )
        .text("model", "haiyan-2022")
        .text("policy", model("national-minimum"));
    let r = client
        .post(server.url("/api/comparisons"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 202);
    let body: Value = r.json().await.unwrap();
    let ids: Vec<String> = body["rounds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 2, "{body}");
    assert_eq!(body["page"], format!("/policies?ids={},{}", ids[0], ids[1]));
    let mut moved = Vec::new();
    for id in &ids {
        let status = wait_for(&client, &server, id, 60).await;
        assert_eq!(status["status"], "done", "{status}");
        moved.push(status["summary"]["moved"].as_u64().unwrap());
    }
    // 35% of tiny's eligible teachers against 10%: the first moves more.
    assert!(moved[0] > moved[1], "{moved:?}");
    let api: Value = client
        .get(server.url(&format!("/api/comparisons?ids={},{}", ids[0], ids[1])))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(api["rounds"][1]["id"], ids[1].as_str());
    assert_eq!(api["rounds"][0]["status"], "done");
    // The page: one column per policy, in Chinese.
    let page = client
        .get(server.url(body["page"].as_str().unwrap()))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("多个政策并列比较"), "{page}");
    assert!(
        page.contains("Haiyan 2022") && page.contains("national minimum"),
        "{page}"
    );
    assert!(
        !page.contains("http-equiv=\"refresh\""),
        "done rounds do not reload"
    );
    // The same county again, by round id, from the page's form.
    let r = client
        .post(server.url("/policies"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "round={}&model=stay-in-groups&model=commute-20km",
            ids[0]
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200, "redirected to the table");
    assert!(r.url().as_str().contains("/policies?ids="), "{}", r.url());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_policy_in_a_comparison_is_named_and_nothing_is_queued() {
    let data = tempfile::tempdir().unwrap();
    let server = start(data.path()).await;
    let client = reqwest::Client::new();
    let post = |form: Form| {
        let client = client.clone();
        let url = server.url("/api/comparisons");
        async move {
            let r = client.post(url).multipart(form).send().await.unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        }
    };
    let zip = || Part::bytes(zip_of(&common::tiny())).file_name("tiny.zip");
    // The second policy has a rate above 1.
    let (code, body) = post(
        Form::new()
            .part("instance", zip())
            .text("policy", model("haiyan-2022"))
            .text("policy", "[targets]\nexchange_rate = 1.5\n"),
    )
    .await;
    assert_eq!(code, 400, "{body}");
    let text = body.to_string();
    assert!(text.contains("policy 2"), "{text}");
    assert!(text.contains("targets.exchange_rate"), "{text}");
    // One policy is not a comparison; an unknown model is named.
    let (code, body) = post(
        Form::new()
            .part("instance", zip())
            .text("model", "haiyan-2022"),
    )
    .await;
    assert_eq!(code, 400, "{body}");
    assert!(body.to_string().contains("2 to 8"), "{body}");
    let (code, body) = post(
        Form::new()
            .part("instance", zip())
            .text("model", "haiyan-2022")
            .text("model", "nowhere"),
    )
    .await;
    assert_eq!(code, 400, "{body}");
    assert!(body.to_string().contains("no model `nowhere`"), "{body}");
    // No county at all; an unknown round id.
    let (code, _) = post(
        Form::new()
            .text("model", "haiyan-2022")
            .text("model", "commute-20km"),
    )
    .await;
    assert_eq!(code, 400);
    let (code, body) = post(
        Form::new()
            .text("round", "r999")
            .text("model", "haiyan-2022")
            .text("model", "commute-20km"),
    )
    .await;
    assert_eq!(code, 400, "{body}");
    let rounds: Value = client
        .get(server.url("/api/rounds"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        rounds["rounds"].as_array().map(Vec::len),
        Some(0),
        "{rounds}"
    );
    // Unknown ids: 404.
    let r = client
        .get(server.url("/policies?ids=nope"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_upload_is_explained_in_the_page_language() {
    let data = tempfile::tempdir().unwrap();
    let server = start(data.path()).await;
    let client = reqwest::Client::new();
    let bad = common::tiny_copy();
    let schools = std::fs::read_to_string(bad.path().join("schools.csv")).unwrap();
    std::fs::write(
        bad.path().join("schools.csv"),
        schools.replacen("U2,城西小学,urban", "U2,城西小学,suburb", 1),
    )
    .unwrap();
    // The JSON carries both languages.
    let policy = model("haiyan-2022");
    let (code, body) = post(&client, &server, round_form(zip_of(bad.path()), &policy)).await;
    assert_eq!(code, 400, "{body}");
    let zone = body["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["column_name"] == "zone")
        .cloned()
        .expect("the zone cell is named");
    assert!(
        zone["message_zh"]
            .as_str()
            .unwrap()
            .contains("`suburb` 无效；应为城区或农村"),
        "{zone}"
    );
    // The upload page, Chinese by default, shows the Chinese; `lang=en` the English.
    for (cookie, expected) in [
        ("", "`suburb` 无效；应为城区或农村"),
        (
            "lang=en",
            "`suburb` is not valid; expected `urban` or `rural`",
        ),
    ] {
        let form = Form::new()
            .part(
                "instance",
                Part::bytes(zip_of(bad.path())).file_name("tiny.zip"),
            )
            .text("model", "haiyan-2022");
        let r = client
            .post(server.url("/rounds"))
            .header("cookie", cookie)
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 400);
        let page = r.text().await.unwrap();
        assert!(page.contains(expected), "{cookie}: {page}");
    }
}

/// A workbook with the teacher side (交流记录, 意愿, 组团交流 beside the county's sheets)
/// gives a round that uses it: T11's term ends and T11 returns, the wishes are audited
/// in the summary, the U1 team moves together, and the page says so in both languages.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_workbook_with_history_wishes_and_teams_gives_a_round_that_uses_them() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let teams =
        std::fs::read_to_string(common::fixture("exchange-teams").join("teams.csv")).unwrap();
    let book = common::csv_workbook::tiny_workbook(
        work.path(),
        "county.xlsx",
        &[
            (
                "交流记录",
                "teacher,from_school,to_school,start_year,end_year\nT11,U1,R1,2019,\nT05,U2,R2,2016,2019\n",
            ),
            (
                "意愿",
                "teacher,rank,school,priority\nT01,1,R1,12\nT05,1,R1,9\nT05,2,R2,9\nT13,1,stay,\n",
            ),
            ("组团交流", &teams),
        ],
    );
    let policy = "name = \"tiny, teacher side\"\nyear = 2022\n\
                  [targets]\nexchange_rate = 0.35\nbackbone_share = 0.0\n\
                  [eligibility]\nno_repeat_years = 10\n[balance]\nbackbone_cv = \"off\"\n\
                  [rules]\nterm_years = 3\non_term_end = \"return\"\nstaffing_tolerance = 2\n\
                  subject_tolerance = 2\noutflow_cap = 0.5\n";
    let server = start(data.path()).await;
    let client = reqwest::Client::new();
    let form = Form::new()
        .part(
            "instance",
            Part::bytes(std::fs::read(&book).unwrap()).file_name("county.xlsx"),
        )
        .text("policy", policy.to_string());
    let (code, body) = post(&client, &server, form).await;
    assert_eq!(code, 202, "{body}");
    let id = body["id"].as_str().unwrap().to_string();
    let status = wait_for(&client, &server, &id, 60).await;
    assert_eq!(status["status"], "done", "{status}");
    let summary = &status["summary"];
    assert_eq!(summary["returns"], 1, "{summary}");
    assert_eq!(summary["wishes"]["granted"]["teachers"], 3, "{summary}");
    assert!(summary["wishes"]["envy"].is_array(), "{summary}");
    assert_eq!(summary["exchange_teams"]["moved"], 1, "{summary}");
    assert_eq!(
        summary["teacher_side"],
        serde_json::json!([
            "county.xlsx[交流记录]",
            "county.xlsx[意愿]",
            "county.xlsx[组团交流]"
        ])
    );
    let files: Vec<&str> = status["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert!(
        files.contains(&"history.csv") && files.contains(&"wishes.json"),
        "{files:?}"
    );
    let get = |path: String| {
        let client = client.clone();
        let url = server.url(&path);
        async move { client.get(url).send().await.unwrap().text().await.unwrap() }
    };
    // The updated history closes T11's term; T11 is not in the plan.
    let history = get(format!("/api/rounds/{id}/files/history.csv")).await;
    assert!(history.contains("T11,U1,R1,2019,2022"), "{history}");
    let plan = get(format!("/api/rounds/{id}/files/plan.csv")).await;
    assert!(!plan.contains("T11,"), "{plan}");
    let page = get(format!("/rounds/{id}")).await;
    assert!(page.contains("id=\"return-T11\""), "{page}");
    assert!(page.contains("城东小学数语组"), "{page}");
    assert!(page.contains("整体调往"), "{page}");
    assert!(page.contains("名教师交流期满返回"), "{page}");
    let page = get(format!("/rounds/{id}?lang=en")).await;
    assert!(page.contains("back from exchange"), "{page}");
    assert!(page.contains("moved together to"), "{page}");
}

/// A workbook carrying joint appointments (联聘 beside the county's sheets) gives a
/// round that honours them: T01 stays, the summary counts the appointment, the round
/// page's teacher-side section lists it in both languages, the stay reason names both
/// schools, and the notices of both schools carry it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_workbook_with_joint_appointments_gives_a_round_that_honours_them() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let book = common::csv_workbook::tiny_workbook(
        work.path(),
        "county.xlsx",
        &[("联聘", "教师编号,联聘学校\nT01,R1\n")],
    );
    let server = start(data.path()).await;
    let client = reqwest::Client::new();
    let form = Form::new()
        .part(
            "instance",
            Part::bytes(std::fs::read(&book).unwrap()).file_name("county.xlsx"),
        )
        .text("policy", model("haiyan-2022"));
    let (code, body) = post(&client, &server, form).await;
    assert_eq!(code, 202, "{body}");
    let id = body["id"].as_str().unwrap().to_string();
    let status = wait_for(&client, &server, &id, 60).await;
    assert_eq!(status["status"], "done", "{status}");
    let summary = &status["summary"];
    assert_eq!(summary["joint_appointments"], 1, "{summary}");
    assert_eq!(
        summary["teacher_side"],
        serde_json::json!(["county.xlsx[联聘]"]),
        "{summary}"
    );
    let get = |path: String| {
        let client = client.clone();
        let url = server.url(&path);
        async move { client.get(url).send().await.unwrap().text().await.unwrap() }
    };
    let plan = get(format!("/api/rounds/{id}/files/plan.csv")).await;
    assert!(!plan.contains("T01,"), "{plan}");
    let page = get(format!("/rounds/{id}")).await;
    assert!(page.contains("id=\"joint-T01\""), "{page}");
    assert!(page.contains("联聘教师"), "{page}");
    assert!(page.contains("1 名教师联聘"), "{page}");
    assert!(page.contains("联聘：本轮留在 U1，同时在 R1 任教"), "{page}");
    let page = get(format!("/rounds/{id}?lang=en")).await;
    assert!(page.contains("Joint appointments"), "{page}");
    assert!(page.contains("1 joint appointment(s)"), "{page}");
    assert!(
        page.contains("joint appointment: stays at U1 and also serves R1"),
        "{page}"
    );
    for (file, words) in [
        ("notices.html", "联聘教师"),
        ("notices-en.html", "Joint appointments"),
    ] {
        let notices = get(format!("/api/rounds/{id}/files/{file}")).await;
        for school in ["U1", "R1"] {
            let start = notices
                .find(&format!("id=\"school-{school}\""))
                .unwrap_or_else(|| panic!("{file}: no notice for {school}"));
            let end = start + notices[start..].find("</section>").unwrap();
            assert!(notices[start..end].contains(words), "{file} {school}");
        }
    }
}

/// A zip carrying `联聘.csv` beside the county's files is honoured the same way.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_zip_with_a_joint_file_gives_a_round_that_honours_it() {
    let data = tempfile::tempdir().unwrap();
    let county = common::tiny_copy();
    common::write(county.path(), "联聘.csv", "教师编号,联聘学校\nT01,R1\n");
    let server = start(data.path()).await;
    let client = reqwest::Client::new();
    let (code, body) = post(
        &client,
        &server,
        round_form(zip_of(county.path()), &model("haiyan-2022")),
    )
    .await;
    assert_eq!(code, 202, "{body}");
    let id = body["id"].as_str().unwrap().to_string();
    let status = wait_for(&client, &server, &id, 60).await;
    assert_eq!(status["status"], "done", "{status}");
    assert_eq!(status["summary"]["joint_appointments"], 1, "{status}");
    assert_eq!(
        status["summary"]["teacher_side"],
        serde_json::json!(["联聘.csv"]),
        "{status}"
    );
    let stayed = client
        .get(server.url(&format!("/api/rounds/{id}/files/stayed.csv")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        stayed.contains("T01,") && stayed.contains("joint_appointment"),
        "{stayed}"
    );
}

/// A bad row of the 联聘 sheet of an upload is refused as on the command line: HTTP
/// 400 with the sheet, row and column, in English and Chinese.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_joint_row_in_an_upload_gets_400_with_its_row_and_column() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let book = common::csv_workbook::tiny_workbook(
        work.path(),
        "county.xlsx",
        &[("联聘", "教师编号,联聘学校\nT01,R1\nT02,U1\n")],
    );
    let server = start(data.path()).await;
    let client = reqwest::Client::new();
    let form = Form::new()
        .part(
            "instance",
            Part::bytes(std::fs::read(&book).unwrap()).file_name("county.xlsx"),
        )
        .text("policy", model("haiyan-2022"));
    let (code, body) = post(&client, &server, form).await;
    assert_eq!(code, 400, "{body}");
    let d = &body["diagnostics"][0];
    assert_eq!(d["file"], "county.xlsx[联聘]", "{body}");
    assert_eq!(d["line"], 3, "{body}");
    assert_eq!(d["column_name"], "联聘学校", "{body}");
    assert!(
        d["message_zh"]
            .as_str()
            .unwrap_or("")
            .contains("教师 `T02` 本就在 U1 任教"),
        "{body}"
    );
    assert!(
        d["message"]
            .as_str()
            .unwrap_or("")
            .contains("teacher `T02` already works at U1"),
        "{body}"
    );
}

/// A bad row in the history of a zip is refused as on the command line: HTTP 400 with
/// the file, line and column, in English and Chinese.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_history_row_in_an_upload_gets_400_with_its_line_and_column() {
    let data = tempfile::tempdir().unwrap();
    let server = start(data.path()).await;
    let client = reqwest::Client::new();
    let county = common::tiny_copy();
    common::write(
        county.path(),
        "history.csv",
        "teacher,from_school,to_school,start_year,end_year\nT11,U1,R1,2019,\nT05,U2,R2,2016,1900\n",
    );
    let (code, body) = post(
        &client,
        &server,
        round_form(zip_of(county.path()), &model("haiyan-2022")),
    )
    .await;
    assert_eq!(code, 400, "{body}");
    let d = &body["diagnostics"][0];
    assert_eq!(d["file"], "history.csv", "{body}");
    assert_eq!(d["line"], 3, "{body}");
    assert_eq!(d["column_name"], "end_year", "{body}");
    assert!(!d["message_zh"].as_str().unwrap_or("").is_empty(), "{body}");
}

/// The text of an HTML file as a reader meets it: without its style sheet and tags
/// (the tooltips of the pictures kept).
fn visible_text(html: &str) -> String {
    let body = match (html.find("</style>"), html.find("<body")) {
        (Some(s), _) => &html[s..],
        (None, Some(b)) => &html[b..],
        _ => html,
    };
    let mut text = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&#39;", "'").replace("&amp;", "&")
}

/// The cells of CSV `text`'s column `column`.
fn column(text: &str, column: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let at = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == column)
        .unwrap_or_else(|| panic!("no column {column}"));
    reader
        .records()
        .map(|r| r.unwrap()[at].to_string())
        .collect()
}

#[test]
fn english_words_leave_out_ids_file_names_and_units() {
    use common::english::english_words;
    assert!(
        english_words("T000012 调往 H033（12.5 km），见 plan.csv、haiyan-like.xlsx；Excel")
            .is_empty()
    );
    assert_eq!(
        english_words("其math岗位 the targets were met"),
        vec!["math", "met", "targets", "the", "were"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chinese_round_writes_its_downloads_in_chinese() {
    use common::english::english_words;
    let data = tempfile::tempdir().unwrap();
    let server = start(data.path()).await;
    let client = reqwest::Client::new();
    let zip = zip_of(&common::tiny());
    // A round started in Chinese (as from a Chinese page, which names the policy in
    // Chinese), then a re-plan with a pin.
    let policy = model("haiyan-2022").replace("name = \"Haiyan 2022\"", "name = \"海盐 2022\"");
    let (code, body) = post(
        &client,
        &server,
        round_form(zip.clone(), &policy).text("lang", "zh"),
    )
    .await;
    assert_eq!(code, 202, "{body}");
    let first = body["id"].as_str().unwrap().to_string();
    assert_eq!(wait_for(&client, &server, &first, 60).await["lang"], "zh");
    let form = round_form(zip.clone(), &policy)
        .text("lang", "zh")
        .text("pins", "teacher,action,school\nT05,stay,\n")
        .text("previous", first.clone());
    let (_, body) = post(&client, &server, form).await;
    let id = body["id"].as_str().unwrap().to_string();
    assert_eq!(wait_for(&client, &server, &id, 60).await["status"], "done");
    let get = |name: &str| {
        let url = server.url(&format!("/api/rounds/{id}/files/{name}"));
        let client = client.clone();
        async move { client.get(url).send().await.unwrap().text().await.unwrap() }
    };
    // The reasons and causes in the CSV files (their columns and codes are for scripts).
    for (file, col) in [
        ("plan.csv", "reason"),
        ("stayed.csv", "reason"),
        ("changes.csv", "why"),
    ] {
        let text = get(file).await;
        let cells = column(&text, col);
        assert!(!cells.is_empty(), "{file} has rows");
        for cell in cells {
            assert!(
                english_words(&cell).is_empty(),
                "{file}: English in {cell:?}"
            );
        }
    }
    // The report and the notices, every sentence, heading and label (the county is
    // named by the uploaded file, `tiny.zip`).
    for file in ["report.html", "notices.html"] {
        let text = visible_text(&get(file).await).replace("tiny", "");
        let words = english_words(&text);
        assert!(words.is_empty(), "{file} has English {words:?}");
    }
    // The same county planned from the API without `lang` is English, as before; a
    // language the server does not know is refused.
    let (_, body) = post(
        &client,
        &server,
        round_form(zip.clone(), &model("haiyan-2022")),
    )
    .await;
    let english = body["id"].as_str().unwrap().to_string();
    assert_eq!(wait_for(&client, &server, &english, 60).await["lang"], "en");
    let plan = client
        .get(server.url(&format!("/api/rounds/{english}/files/plan.csv")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(plan.contains("(eligible)"), "{plan}");
    let (code, body) = post(
        &client,
        &server,
        round_form(zip, &model("haiyan-2022")).text("lang", "fr"),
    )
    .await;
    assert_eq!(code, 400, "{body}");
    assert_eq!(body["diagnostics"][0]["file"], "lang");
    assert!(body["diagnostics"][0]["message_zh"]
        .as_str()
        .unwrap()
        .contains("应为"));
}

/// A submission dropped while its round is being saved (the browser closed, or a
/// double click that cancels the first request) still queues the round it saved: no
/// round is left on disk as queued that the worker never hears of. (Found by trying
/// it: such a round stayed 排队中 for ever while later rounds were planned past it.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_submission_still_queues_the_round_it_saved() {
    use rotation::model::lang::Lang;
    use rotation::serve::{api::submit, store::Store, upload, worker::Queue, AppState};
    use std::sync::Arc;
    use std::time::{Duration, Instant};
    // The save runs on a blocking thread, and on a busy machine it can finish before
    // the submission's first poll is over; such a try proves nothing about a drop, so
    // a fresh server tries again until one submission is dropped mid-save. Every try,
    // dropped or not, must leave its round queued.
    for _ in 0..50 {
        let data = tempfile::tempdir().unwrap();
        let state = AppState {
            store: Store::open(data.path()).unwrap(),
            queue: Arc::new(Queue::default()),
            config: Arc::new(ServeConfig::local(0, data.path().to_path_buf())),
        };
        let new = upload::NewRound {
            instance: upload::Upload {
                filename: "tiny.zip".into(),
                bytes: zip_of(&common::tiny()),
            },
            policy: model("haiyan-2022"),
            pins: None,
            previous: None,
        };
        // Polled once, which starts the save on a blocking thread, then dropped.
        let dropped = tokio::time::timeout(Duration::ZERO, submit(&state, new, Lang::Zh))
            .await
            .is_err();
        let deadline = Instant::now() + Duration::from_secs(30);
        let id = loop {
            let saved = state.store.list();
            if let Some(r) = saved.first() {
                assert_eq!(saved.len(), 1);
                if state.queue.position(&r.id) == Some(1) {
                    break r.id.clone();
                }
            }
            assert!(
                Instant::now() < deadline,
                "a round saved as {:?} is not in the worker's queue",
                saved.first().map(|r| r.status)
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        };
        assert_eq!(
            state.store.get(&id).unwrap().status,
            rotation::serve::store::Status::Queued
        );
        if dropped {
            return;
        }
    }
    panic!("50 submissions were all saved within their first poll; none was dropped mid-save");
}

/// A form of the pages posted as the browser posts it: its status and the page.
async fn post_form(client: &reqwest::Client, url: String, body: String) -> (u16, String) {
    let r = client
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// An upload above `--max-upload-mb` from a page's form is that page again saying the
/// file is larger than the limit, in MB and in the page's language; the API keeps its
/// JSON 413.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_above_the_limit_is_refused_on_its_page_in_its_language() {
    let data = tempfile::tempdir().unwrap();
    let mut config = ServeConfig::local(0, data.path().to_path_buf());
    config.max_upload = 1024 * 1024;
    let server = start_with(config).await;
    let client = reqwest::Client::new();
    let big = || vec![b'a'; 3 * 512 * 1024];
    for (cookie, expected) in [
        ("", "上传的文件大于 1 MB 的上限"),
        ("lang=en", "larger than the limit of 1 MB"),
    ] {
        let form = Form::new()
            .part("instance", Part::bytes(big()).file_name("big.xlsx"))
            .text("model", "haiyan-2022");
        let r = client
            .post(server.url("/rounds"))
            .header("cookie", cookie)
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 413);
        let page = r.text().await.unwrap();
        assert!(page.contains(expected), "{cookie}: {page}");
        assert!(page.contains("id=\"upload-form\""), "the form again");
    }
    // A re-plan and the policies form of a planned round.
    let (_, body) = post(
        &client,
        &server,
        round_form(zip_of(&common::tiny()), &model("haiyan-2022")),
    )
    .await;
    let id = body["id"].as_str().unwrap().to_string();
    wait_for(&client, &server, &id, 60).await;
    let filler = String::from_utf8(big()).unwrap();
    let (code, page) = post_form(
        &client,
        server.url(&format!("/rounds/{id}/replan")),
        format!("extra_teacher={filler}"),
    )
    .await;
    assert_eq!(code, 413);
    assert!(page.contains("上传的文件大于 1 MB 的上限"), "{page}");
    assert!(page.contains("id=\"replan\""), "the round again: {page}");
    let (code, page) = post_form(
        &client,
        server.url(&format!("/policies?round={id}")),
        format!("round={id}&model=haiyan-2022&policy={filler}"),
    )
    .await;
    assert_eq!(code, 413);
    assert!(page.contains("上传的文件大于 1 MB 的上限"), "{page}");
    assert!(page.contains("id=\"policies-form\""), "the form again");
    // The API's answer stays JSON.
    let form = Form::new()
        .part("instance", Part::bytes(big()).file_name("big.xlsx"))
        .text("policy", "");
    let (code, body) = post(&client, &server, form).await;
    assert_eq!(code, 413, "{body}");
    assert_eq!(
        body["error"],
        "upload too large: the upload is larger than the limit of 1 MB; upload a smaller file, or start the server with a larger --max-upload-mb"
    );
}

/// One model ticked on the `/policies` form is refused in the page's language (the
/// API keeps its English, with the Chinese beside it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_policy_ticked_is_refused_in_the_page_language() {
    let data = tempfile::tempdir().unwrap();
    let server = start(data.path()).await;
    let client = reqwest::Client::new();
    let (_, body) = post(
        &client,
        &server,
        round_form(zip_of(&common::tiny()), &model("haiyan-2022")),
    )
    .await;
    let id = body["id"].as_str().unwrap().to_string();
    for (lang, expected, not) in [
        ("zh", "请选择 2 至 8 个政策进行比较", "policies given"),
        ("en", "1 policy given; a comparison takes 2 to 8", "请选择"),
    ] {
        let (code, page) = post_form(
            &client,
            server.url(&format!("/policies?round={id}&lang={lang}")),
            format!("round={id}&model=haiyan-2022"),
        )
        .await;
        assert_eq!(code, 400, "{page}");
        assert!(page.contains(expected), "{lang}: {page}");
        assert!(!page.contains(not), "{lang}: {page}");
    }
}

/// The upload form posted with `file` as the county, in Chinese: its status and page.
async fn upload_page(client: &reqwest::Client, server: &Server, file: Part) -> (u16, String) {
    let form = Form::new()
        .part("instance", file)
        .text("model", "haiyan-2022");
    let r = client
        .post(server.url("/rounds"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// A county file of 0 bytes is refused as empty, not as no file chosen.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_county_file_is_refused_as_empty() {
    let data = tempfile::tempdir().unwrap();
    let server = start(data.path()).await;
    let client = reqwest::Client::new();
    let (code, page) = upload_page(
        &client,
        &server,
        Part::bytes(Vec::new()).file_name("county.xlsx"),
    )
    .await;
    assert_eq!(code, 400, "{page}");
    assert!(page.contains("文件是空的（0 字节）"), "{page}");
    assert!(!page.contains("请选择县域数据文件"), "{page}");
    let (code, body) = post(
        &client,
        &server,
        round_form(Vec::new(), &model("haiyan-2022")),
    )
    .await;
    assert_eq!(code, 400, "{body}");
    assert!(body.to_string().contains("the file is empty"), "{body}");
}

/// A file that is not a workbook but is named `.xlsx` (a renamed .docx, a text file)
/// is refused with a plain sentence first; the reader's own words come after it, in
/// brackets, as the other readers give them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_that_is_not_a_workbook_is_said_so_in_plain_words() {
    let data = tempfile::tempdir().unwrap();
    let server = start(data.path()).await;
    let client = reqwest::Client::new();
    for bytes in [b"not a workbook".to_vec(), zip_of(&common::tiny())] {
        let (code, page) = upload_page(
            &client,
            &server,
            Part::bytes(bytes).file_name("county.xlsx"),
        )
        .await;
        assert_eq!(code, 400, "{page}");
        let sentence = "无法作为工作簿读取（文件已损坏、设有密码，或不是 Excel 工作簿）；请在 Excel 或 WPS 中另存为不设密码的 .xlsx（读取程序原文：";
        assert!(page.contains(sentence), "{page}");
        assert!(!page.contains("无法打开工作簿：Xlsx error"), "{page}");
    }
}

/// A zip without `teachers.csv` names the file the zip lacks, not where the server
/// keeps the round.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_zip_without_teachers_names_the_file_not_the_server_path() {
    let data = tempfile::tempdir().unwrap();
    let server = start(data.path()).await;
    let client = reqwest::Client::new();
    let county = common::tiny_copy();
    std::fs::remove_file(county.path().join("teachers.csv")).unwrap();
    let (code, body) = post(
        &client,
        &server,
        round_form(zip_of(county.path()), &model("haiyan-2022")),
    )
    .await;
    assert_eq!(code, 400, "{body}");
    let text = body.to_string();
    assert!(
        text.contains("找不到文件 teachers.csv（也没有 教师.csv）"),
        "{text}"
    );
    assert!(
        text.contains("file not found at teachers.csv (nor 教师.csv)"),
        "{text}"
    );
    let data_path = data.path().display().to_string();
    assert!(!text.contains(&data_path), "{text}");
    let (code, page) = upload_page(
        &client,
        &server,
        Part::bytes(zip_of(county.path())).file_name("tiny.zip"),
    )
    .await;
    assert_eq!(code, 400, "{page}");
    assert!(
        page.contains("找不到文件 teachers.csv（也没有 教师.csv）"),
        "{page}"
    );
    assert!(!page.contains(&data_path), "{page}");
}

/// A form's address entered again in the address bar (a GET of `/rounds` after a
/// refused upload, or of a re-plan) leads back to its page, not to a blank 405.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forms_address_entered_again_leads_back_to_its_page() {
    use std::io::{Read, Write};
    let data = tempfile::tempdir().unwrap();
    let server = start(data.path()).await;
    for (path, to) in [
        ("/rounds", "/"),
        ("/rounds/0123456789ab/replan", "/rounds/0123456789ab"),
    ] {
        let mut s = std::net::TcpStream::connect(server.addr).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        s.read_to_string(&mut response).unwrap();
        let status: u16 = response.split(' ').nth(1).unwrap().parse().unwrap();
        assert_eq!(status, 303, "{path}: {response}");
        assert!(
            response
                .to_ascii_lowercase()
                .contains(&format!("location: {to}\r\n")),
            "{path}: {response}"
        );
    }
}

/// `/compare` without two different rounds ticked, or with a round that has no plan,
/// is the list of rounds again saying why in the page's language (HTTP 400), not the
/// "not found" page; an id no round has stays a 404.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_comparison_without_two_done_rounds_says_why_on_the_list() {
    let data = tempfile::tempdir().unwrap();
    let server = start(data.path()).await;
    let client = reqwest::Client::new();
    let (_, body) = post(
        &client,
        &server,
        round_form(zip_of(&common::tiny()), &model("haiyan-2022")),
    )
    .await;
    let id = body["id"].as_str().unwrap().to_string();
    wait_for(&client, &server, &id, 60).await;
    // A round that failed: the done one's record without its plan.
    let failed = "0123456789ab";
    std::fs::create_dir_all(data.path().join(failed)).unwrap();
    let mut record: Value =
        serde_json::from_slice(&std::fs::read(data.path().join(&id).join("status.json")).unwrap())
            .unwrap();
    record["id"] = failed.into();
    record["status"] = "failed".into();
    record.as_object_mut().unwrap().remove("summary");
    std::fs::write(
        data.path().join(failed).join("status.json"),
        serde_json::to_vec(&record).unwrap(),
    )
    .unwrap();
    let get = |path: String, cookie: &'static str| {
        let request = client.get(server.url(&path)).header("cookie", cookie);
        async move {
            let r = request.send().await.unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    let two = "请在方案列表中勾选两个不同的方案进行比较";
    let two_en = "tick two different rounds to compare";
    for (path, cookie, expected, not) in [
        ("/compare".to_string(), "", two, two_en),
        ("/compare".to_string(), "lang=en", two_en, two),
        (format!("/compare?a={id}"), "", two, two_en),
        (format!("/compare?a=&b={id}"), "lang=en", two_en, two),
        (format!("/compare?a={id}&b={id}"), "", two, two_en),
        (
            format!("/compare?a={id}&b={failed}"),
            "",
            "方案 `0123456789ab` 没有编制结果",
            "has no plan",
        ),
        (
            format!("/compare?a={failed}&b={id}"),
            "lang=en",
            "round `0123456789ab` has no plan",
            "没有编制结果",
        ),
    ] {
        let (code, page) = get(path.clone(), cookie).await;
        assert_eq!(code, 400, "{path} {cookie}: {page}");
        assert!(page.contains(expected), "{path} {cookie}: {page}");
        assert!(!page.contains(not), "{path} {cookie}: {page}");
        // The list of rounds to tick them on, with what was ticked kept.
        assert!(page.contains("id=\"rounds\""), "{path}: {page}");
        assert!(page.contains("id=\"compare-problem\""), "{path}: {page}");
    }
    let (_, page) = get(format!("/compare?a={id}"), "").await;
    assert!(
        page.contains(&format!("name=\"a\" value=\"{id}\" checked=\"checked\"")),
        "{page}"
    );
    let (code, _) = get(format!("/compare?a={id}&b=fedcba987654"), "").await;
    assert_eq!(code, 404);
    let (code, page) = get(format!("/compare?a={id}&b={id}x"), "").await;
    assert_eq!(code, 404, "{page}");
}

/// The moves table's commute column says its unit, in the page's language: km for a
/// county on coordinates, minutes for one with travel times on roads.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_commute_column_says_its_unit() {
    let data = tempfile::tempdir().unwrap();
    let server = start(data.path()).await;
    let client = reqwest::Client::new();
    let on_roads = common::tiny_copy();
    std::fs::write(
        on_roads.path().join("roads.csv"),
        "from,to,minutes\nU1,U2,5\nU1,R1,20\nU1,R2,25\nU2,R1,18\nU2,R2,28\nR1,R2,30\n",
    )
    .unwrap();
    for (county, zh, en) in [
        (common::tiny(), "通勤（公里）", "Commute (km)"),
        (
            on_roads.path().to_path_buf(),
            "通勤（分钟）",
            "Commute (min)",
        ),
    ] {
        let (code, body) = post(
            &client,
            &server,
            round_form(zip_of(&county), &model("haiyan-2022")),
        )
        .await;
        assert_eq!(code, 202, "{body}");
        let id = body["id"].as_str().unwrap().to_string();
        let s = wait_for(&client, &server, &id, 60).await;
        assert_eq!(s["status"], "done", "{s}");
        for (lang, header) in [("zh", zh), ("en", en)] {
            let page = client
                .get(server.url(&format!("/rounds/{id}?lang={lang}")))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            assert!(
                page.contains(&format!("<th id=\"commute-header\">{header}</th>")),
                "{header}: {page}"
            );
        }
    }
}

/// The re-plan form refuses a teacher given two choices that disagree (留任 in the
/// table and 调往 in the free row), naming the teacher and both choices in the page's
/// language, and queues nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn contradictory_pins_on_the_replan_form_are_refused_by_name() {
    let data = tempfile::tempdir().unwrap();
    let server = start(data.path()).await;
    let client = reqwest::Client::new();
    let (_, body) = post(
        &client,
        &server,
        round_form(zip_of(&common::tiny()), &model("haiyan-2022")),
    )
    .await;
    let id = body["id"].as_str().unwrap().to_string();
    wait_for(&client, &server, &id, 60).await;
    for (cookie, expected) in [
        ("", "教师 T01 的锁定互相矛盾：“留任”与“调往 R2”"),
        (
            "lang=en",
            "contradictory pins for teacher T01: `stay` and `move_to R2`",
        ),
    ] {
        let r = client
            .post(server.url(&format!("/rounds/{id}/replan")))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", cookie)
            .body("pin.T01=stay&extra_teacher=T01&extra_action=move_to&extra_school=R2")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 400);
        let page = r.text().await.unwrap();
        assert!(page.contains(expected), "{cookie}: {page}");
        assert!(page.contains("id=\"replan\""), "the round again: {page}");
    }
    let rounds: Value = client
        .get(server.url("/api/rounds"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(rounds["rounds"].as_array().unwrap().len(), 1, "{rounds}");
}

/// A pin the server refuses is named on the page by the form the officer filled and
/// the teacher of the row, never by `pins.csv`, a file they never saw: the upload
/// form's pins box keeps its line, the re-plan form (which has none) the teacher alone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_pin_names_the_form_and_the_teacher_not_pins_csv() {
    let data = tempfile::tempdir().unwrap();
    let server = start(data.path()).await;
    let client = reqwest::Client::new();
    let form = Form::new()
        .part(
            "instance",
            Part::bytes(zip_of(&common::tiny())).file_name("tiny.zip"),
        )
        .text("model", "haiyan-2022")
        .text("pins", "教师编号,操作,学校编号\nT01,留任,\nT99,留任,\n");
    let r = client
        .post(server.url("/rounds"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("<td>锁定（教师 T99）</td><td>3</td>"),
        "{page}"
    );
    assert!(!page.contains("pins.csv"), "{page}");

    let (_, body) = post(
        &client,
        &server,
        round_form(zip_of(&common::tiny()), &model("haiyan-2022")),
    )
    .await;
    let id = body["id"].as_str().unwrap().to_string();
    wait_for(&client, &server, &id, 60).await;
    for (cookie, file) in [("", "锁定（教师 T99）"), ("lang=en", "pins (teacher T99)")] {
        let r = client
            .post(server.url(&format!("/rounds/{id}/replan")))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", cookie)
            .body("extra_teacher=T99&extra_action=stay")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 400);
        let page = r.text().await.unwrap();
        assert!(
            page.contains(&format!("<td>{file}</td><td></td><td></td>")),
            "{cookie}: {page}"
        );
        assert!(!page.contains("pins.csv"), "{cookie}: {page}");
    }
}

/// Pins pasted from Excel (tab-separated, without the header) and typed with a
/// full-width comma are read as meant; a refused upload shows the box again with what
/// was typed (read as the server read it), so nothing typed is lost.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pins_pasted_from_excel_are_read_and_kept_when_the_form_comes_back() {
    let data = tempfile::tempdir().unwrap();
    let server = start(data.path()).await;
    let client = reqwest::Client::new();
    // T99 does not exist: the upload is refused, naming its row of the box.
    let form = Form::new()
        .part(
            "instance",
            Part::bytes(zip_of(&common::tiny())).file_name("tiny.zip"),
        )
        .text("model", "haiyan-2022")
        .text("pins", "T01\t留任\t\nT05，留任\nT99\t留任\n");
    let r = client
        .post(server.url("/rounds"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    let page = r.text().await.unwrap();
    // One problem, T99's, on the box's line 4 (the header restored above the rows).
    assert!(
        page.contains("<td>锁定（教师 T99）</td><td>4</td>"),
        "{page}"
    );
    assert!(!page.contains("个字段"), "{page}");
    assert!(
        page.contains("教师编号,操作,学校编号\nT01,留任,\nT05,留任,\nT99,留任,"),
        "the box keeps the pins: {page}"
    );
    // Without T99 the same paste plans, with the two pins.
    let form = Form::new()
        .part(
            "instance",
            Part::bytes(zip_of(&common::tiny())).file_name("tiny.zip"),
        )
        .text("model", "haiyan-2022")
        .text("pins", "T01\t留任\t\nT05，留任\n");
    let r = client
        .post(server.url("/rounds"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    // Redirected to the new round's page.
    assert!(r.url().path().starts_with("/rounds/"), "{}", r.url());
    assert_eq!(r.status().as_u16(), 200);
}

/// The warnings on a round's page name the files as its errors do: a zip's exchange
/// teams as `teams.csv`, not by the round's `instance/` folder, and the previous plan
/// a re-plan reads as `out/plan.csv`, never by the server's path.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rounds_warnings_name_the_files_as_its_errors_do() {
    let data = tempfile::tempdir().unwrap();
    let server = start(data.path()).await;
    let client = reqwest::Client::new();
    let warnings_of = |id: String, lang: &'static str| {
        let request = client.get(server.url(&format!("/rounds/{id}?lang={lang}")));
        async move {
            let page = request.send().await.unwrap().text().await.unwrap();
            let at = page.find("id=\"warnings\"").unwrap_or(page.len());
            page[at..].to_string()
        }
    };
    // A team of one in the zip.
    let county = common::tiny_copy();
    common::write(county.path(), "teams.csv", "team,teacher\nSolo,T01\n");
    let (code, body) = post(
        &client,
        &server,
        round_form(zip_of(county.path()), &model("haiyan-2022")),
    )
    .await;
    assert_eq!(code, 202, "{body}");
    let first = body["id"].as_str().unwrap().to_string();
    let s = wait_for(&client, &server, &first, 60).await;
    assert_eq!(s["status"], "done", "{s}");
    for (lang, expected) in [
        ("zh", "<li>teams.csv 第2 行: 团队 `Solo` 只有一名成员"),
        ("en", "<li>teams.csv line 2: team `Solo` has one member"),
    ] {
        let warnings = warnings_of(first.clone(), lang).await;
        assert!(warnings.contains(expected), "{lang}: {warnings}");
        assert!(!warnings.contains("instance/"), "{lang}: {warnings}");
    }
    // A re-plan of a county without one of the first plan's movers.
    let moved = common::plan_moves(&data.path().join(&first).join("out/plan.csv"));
    let gone = moved[0].0.clone();
    let smaller = common::tiny_copy();
    let teachers = std::fs::read_to_string(smaller.path().join("teachers.csv")).unwrap();
    let kept: Vec<&str> = teachers
        .lines()
        .filter(|l| !l.starts_with(&format!("{gone},")))
        .collect();
    std::fs::write(smaller.path().join("teachers.csv"), kept.join("\n")).unwrap();
    let form =
        round_form(zip_of(smaller.path()), &model("haiyan-2022")).text("previous", first.clone());
    let (code, body) = post(&client, &server, form).await;
    assert_eq!(code, 202, "{body}");
    let second = body["id"].as_str().unwrap().to_string();
    let s = wait_for(&client, &server, &second, 60).await;
    assert_eq!(s["status"], "done", "{s}");
    let warnings = warnings_of(second, "en").await;
    assert!(warnings.contains("<li>out/plan.csv line "), "{warnings}");
    assert!(
        warnings.contains(&format!("teacher `{gone}` is no longer in the county")),
        "{warnings}"
    );
    assert!(
        !warnings.contains(&data.path().display().to_string()),
        "{warnings}"
    );
}
