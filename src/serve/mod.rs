//! `rotation serve`: a local web application over the library. Pages in Chinese (or
//! English) to upload a county, choose and edit a policy, run a round with live
//! progress, read the plan with every teacher's reason, pin teachers and re-plan, and
//! download the outputs; under them a JSON API (`docs/serve.md`).
//!
//! Rounds live in the data folder, one folder each ([`store`]), and are planned one at
//! a time by a single worker ([`worker`]); a restart queues again what was waiting.

pub mod api;
pub mod explained;
pub mod figures;
pub mod form_pins;
pub mod home;
pub mod page;
pub mod policies;
pub mod policy_form;
pub mod round_inputs;
pub mod round_page;
pub mod store;
pub mod teacher_side;
pub mod upload;
pub mod upload_message;
pub mod worker;

use crate::model::error::{Result, RotationError};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The address to listen on (127.0.0.1 unless told otherwise).
    pub listen: SocketAddr,
    /// The data folder: one folder per round.
    pub data: PathBuf,
    /// The largest request body accepted, bytes (larger uploads get HTTP 413).
    pub max_upload: usize,
    /// Seconds a solve may take before the best plan found is kept.
    pub time_limit: f64,
}

impl ServeConfig {
    /// 127.0.0.1:`port`, data in `data`, 50 MB uploads, 300 s per solve.
    pub fn local(port: u16, data: PathBuf) -> ServeConfig {
        ServeConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], port)),
            data,
            max_upload: 50 * 1024 * 1024,
            time_limit: 300.0,
        }
    }
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    /// The rounds on disk.
    pub store: store::Store,
    /// The worker's queue.
    pub queue: Arc<worker::Queue>,
    /// The settings.
    pub config: Arc<ServeConfig>,
}

/// The pages and the API.
pub fn router(state: AppState) -> axum::Router {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/", get(home::home))
        // A form's address left in the address bar (after a refused upload the page
        // shows `/rounds`) and entered again is a GET: it leads back to the form, not
        // to a blank "405 Method Not Allowed".
        .route(
            "/rounds",
            get(|| async { axum::response::Redirect::to("/") }).post(home::create),
        )
        .route("/rounds/{id}", get(round_page::round))
        .route(
            "/rounds/{id}/replan",
            get(
                |axum::extract::Path(id): axum::extract::Path<String>| async move {
                    axum::response::Redirect::to(&format!("/rounds/{id}"))
                },
            )
            .post(round_page::replan),
        )
        .route("/compare", get(round_page::compare))
        .route("/policies", get(policies::page).post(policies::create))
        .route(
            "/api/comparisons",
            post(policies::create_api).get(policies::status_api),
        )
        .route("/api/rounds", post(api::create).get(api::list))
        .route("/api/rounds/{id}", get(api::status))
        .route("/api/rounds/{id}/files/{name}", get(api::file))
        .fallback(api::not_found)
        .layer(axum::extract::DefaultBodyLimit::max(
            state.config.max_upload,
        ))
        .with_state(state)
}

/// Binds, queues again the rounds a stopped server left, starts the worker, calls
/// `ready` with the address bound, and serves until the process ends.
pub async fn serve(config: ServeConfig, ready: impl FnOnce(SocketAddr)) -> Result<()> {
    let store = store::Store::open(&config.data)?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| RotationError::io(config.listen.to_string(), e))?;
    let addr = listener
        .local_addr()
        .map_err(|e| RotationError::io(config.listen.to_string(), e))?;
    let queue = Arc::new(worker::Queue::default());
    worker::requeue(&store, &queue);
    tokio::spawn(worker::work(
        store.clone(),
        queue.clone(),
        config.time_limit,
    ));
    let state = AppState {
        store,
        queue,
        config: Arc::new(config),
    };
    ready(addr);
    axum::serve(listener, router(state))
        .await
        .map_err(|e| RotationError::io(addr.to_string(), e))
}

/// Runs [`serve`] on a runtime of its own until the process is stopped.
pub fn run(config: ServeConfig, ready: impl FnOnce(SocketAddr)) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| RotationError::io("tokio runtime", e))?;
    runtime.block_on(serve(config, ready))
}
