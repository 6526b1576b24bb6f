//! `rotation serve`: the local web application (pages in Chinese, a JSON API), bound
//! to 127.0.0.1 unless `--listen` says otherwise.

use rotation::model::usage_message::UsageMessage;
use rotation::serve::{run, ServeConfig};
use rotation::{Result, RotationError};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Listen on this address instead (e.g. 0.0.0.0:8080 to serve the office network).
    #[arg(long, value_name = "ADDR")]
    listen: Option<SocketAddr>,
    /// Folder where rounds are kept (one folder each), so they survive a restart.
    #[arg(long, default_value = "rotation-data")]
    data: PathBuf,
    /// Largest upload accepted, MB (larger ones get HTTP 413).
    #[arg(long, default_value_t = 50)]
    max_upload_mb: usize,
    /// Seconds a solve may take before the best plan found is kept.
    #[arg(long, default_value_t = 300.0)]
    time_limit: f64,
}

impl Args {
    pub fn run(self) -> Result<i32> {
        let lang = super::lang();
        if !(self.time_limit.is_finite() && self.time_limit > 0.0) {
            return Err(RotationError::Refused(UsageMessage::SolverSetting {
                flag: "--time-limit".into(),
                setting: "time_limit".into(),
                value: self.time_limit.to_string(),
            }));
        }
        let mut config = ServeConfig::local(self.port, self.data);
        if let Some(listen) = self.listen {
            config.listen = listen;
        }
        config.max_upload = self.max_upload_mb.max(1) * 1024 * 1024;
        config.time_limit = self.time_limit;
        let data = config.data.clone();
        run(config, |addr| {
            let serving = crate::cli::messages::CliMessage::Serving {
                url: format!("http://{addr}/"),
                data: data.display().to_string(),
            };
            println!("{}", serving.text(lang));
        })?;
        Ok(0)
    }
}
