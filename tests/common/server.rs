//! `rotation serve` in the test's own runtime, on a free port of 127.0.0.1, with a
//! fresh data folder; and the sample counties as uploads.
#![allow(dead_code)]

use rotation::serve::{serve, ServeConfig};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// A running server: its address, its data folder and the task serving it.
pub struct Server {
    pub addr: SocketAddr,
    pub data: PathBuf,
    pub task: tokio::task::JoinHandle<()>,
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

/// Starts a server with `config` (its port is replaced by a free one).
pub async fn start_with(mut config: ServeConfig) -> Server {
    config.listen = SocketAddr::from(([127, 0, 0, 1], 0));
    let data = config.data.clone();
    let (tx, rx) = tokio::sync::oneshot::channel();
    let task = tokio::spawn(async move {
        serve(config, |addr| {
            let _ = tx.send(addr);
        })
        .await
        .expect("server runs");
    });
    let addr = rx.await.expect("server bound");
    Server { addr, data, task }
}

/// Starts a server keeping its rounds in `data`.
pub async fn start(data: &Path) -> Server {
    start_with(ServeConfig::local(0, data.to_path_buf())).await
}

/// The CSV files of `dir` as one zip, as an HR office would upload them.
pub fn zip_of(dir: &Path) -> Vec<u8> {
    use std::io::Write;
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default();
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("instance folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    names.sort();
    for path in names {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        zip.start_file(name, options).expect("zip entry");
        zip.write_all(&std::fs::read(&path).expect("csv"))
            .expect("zip write");
    }
    zip.finish().expect("zip");
    out.into_inner()
}

/// Polls `GET /api/rounds/{id}` until the round is done or failed (at most `secs`).
pub async fn wait_for(
    client: &reqwest::Client,
    server: &Server,
    id: &str,
    secs: u64,
) -> serde_json::Value {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    loop {
        let status: serde_json::Value = client
            .get(server.url(&format!("/api/rounds/{id}")))
            .send()
            .await
            .expect("status")
            .json()
            .await
            .expect("status json");
        if status["status"] == "done" || status["status"] == "failed" {
            return status;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "round {id} not finished: {status}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}
