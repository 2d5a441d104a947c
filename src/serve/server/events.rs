//! `/__sotay/events`: a Server-Sent Events stream telling open pages to reload. It starts with a
//! `hello` naming this server run and the current version (so a page that reconnects to a
//! restarted server can tell), then sends `event: reload` with the version on every publish,
//! and ends when the server stops, so shutting down does not wait for open tabs.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{broadcast, watch};

use super::Live;

/// How soon a page retries after losing the stream.
const RETRY: Duration = Duration::from_secs(1);
/// How often a comment is sent to keep idle connections (and proxies) from timing out.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

struct Stream {
    hello: Option<Event>,
    reload: broadcast::Receiver<u64>,
    stop: watch::Receiver<bool>,
    live: Arc<Live>,
    boot: u64,
}

/// The event stream response.
pub fn events(live: &Arc<Live>, boot: u64, stop: &watch::Receiver<bool>) -> Response {
    // Subscribe before reading the version, so a publish in between is not lost.
    let reload = live.subscribe();
    let version = live.current().version;
    let hello = Event::default().event("hello").data(version.to_string()).id(id(boot, version)).retry(RETRY);
    let state = Stream { hello: Some(hello), reload, stop: stop.clone(), live: live.clone(), boot };
    let stream = futures_util::stream::unfold(state, next);
    Sse::new(stream).keep_alive(KeepAlive::new().interval(KEEP_ALIVE)).into_response()
}

fn id(boot: u64, version: u64) -> String {
    format!("{boot}-{version}")
}

async fn next(mut state: Stream) -> Option<(Result<Event, Infallible>, Stream)> {
    if let Some(hello) = state.hello.take() {
        return Some((Ok(hello), state));
    }
    if *state.stop.borrow() {
        return None;
    }
    let version = tokio::select! {
        _ = state.stop.changed() => return None,
        received = state.reload.recv() => match received {
            Ok(version) => version,
            // Versions were missed; one reload to the newest is all a page needs.
            Err(RecvError::Lagged(_)) => state.live.current().version,
            Err(RecvError::Closed) => return None,
        },
    };
    let event = Event::default().event("reload").data(version.to_string()).id(id(state.boot, version));
    Some((Ok(event), state))
}
