//! The preview server: serves the last good [`Site`] from memory over HTTP/1.1, injects a
//! live-reload script into every page, shows an error overlay while the latest build has errors,
//! and tells open pages to reload when the rebuild loop publishes a new snapshot.
//!
//! It runs its own tokio runtime behind a blocking call ([`run`], or [`spawn`] on a thread), so
//! the rest of sotay stays synchronous. The watcher and the rebuild loop only see [`Live`].

mod events;
mod inject;
mod mime;
mod paths;
mod respond;

use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::{Arc, PoisonError, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::sync::{broadcast, mpsc, oneshot, watch};

use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::render::Site;

/// What the server shows: the last good site, the diagnostics of the latest run, and a version
/// that changes on every rebuild.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub site: Arc<Site>,
    pub diagnostics: Vec<Diagnostic>,
    pub version: u64,
    /// The language the overlay is written in: `--lang`, else the manual's as of this run.
    pub lang: crate::lang::Lang,
}

impl Snapshot {
    /// Whether the latest run failed, so pages show the error overlay.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Shared between the rebuild loop and the server.
#[derive(Debug)]
pub struct Live {
    snapshot: RwLock<Arc<Snapshot>>,
    reload: broadcast::Sender<u64>,
}

impl Live {
    pub fn new(first: Snapshot) -> Arc<Live> {
        // A page that misses versions only needs one reload, so a short queue is enough.
        let (reload, _) = broadcast::channel(16);
        Arc::new(Live { snapshot: RwLock::new(Arc::new(first)), reload })
    }

    /// Replaces the snapshot and tells every open page to reload (sends the version).
    pub fn publish(&self, next: Snapshot) {
        let version = next.version;
        // The lock only guards a pointer swap, so a poisoned lock still holds a whole snapshot.
        let old =
            std::mem::replace(&mut *self.snapshot.write().unwrap_or_else(PoisonError::into_inner), Arc::new(next));
        // An error here only means no page is open.
        let _ = self.reload.send(version);
        // Freeing a large site takes a while; the reload need not wait for it.
        std::thread::spawn(move || drop(old));
    }

    pub fn current(&self) -> Arc<Snapshot> {
        self.snapshot.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// The versions published from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<u64> {
        self.reload.subscribe()
    }
}

/// Where to listen. Port 0 means any free port (see the listener's `local_addr`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServerConfig {
    pub bind: IpAddr,
    pub port: u16,
}

/// Pending connections the kernel queues before they are accepted: enough for a burst of a
/// thousand page loads.
const BACKLOG: i32 = 1024;
/// How many ports after a busy one are tried to suggest a free one.
const PORTS_TO_TRY: u16 = 20;
/// How long open connections get to finish once the server is told to stop.
const GRACE: Duration = Duration::from_secs(2);

/// Binds the port; a port in use is [`Error::PortInUse`], naming a free port nearby if there is
/// one.
pub fn bind(config: &ServerConfig) -> Result<TcpListener, Error> {
    let addr = SocketAddr::new(config.bind, config.port);
    listen(addr).map_err(|source| match source.kind() {
        io::ErrorKind::AddrInUse => Error::PortInUse { addr, free: free_port_after(*config) },
        _ => Error::Bind { addr, source },
    })
}

fn listen(addr: SocketAddr) -> io::Result<TcpListener> {
    use socket2::{Domain, Protocol, Socket, Type};
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?;
    // As std's `TcpListener::bind` does on Unix: a restarted server may rebind a port whose old
    // connections linger in TIME_WAIT. (On Windows the option would let others share the port.)
    #[cfg(unix)]
    socket.set_reuse_address(true)?;
    socket.bind(&addr.into())?;
    socket.listen(BACKLOG)?;
    Ok(socket.into())
}

fn free_port_after(config: ServerConfig) -> Option<u16> {
    let last = config.port.saturating_add(PORTS_TO_TRY);
    (config.port.saturating_add(1)..=last)
        .filter(|port| *port != config.port)
        .find(|port| listen(SocketAddr::new(config.bind, *port)).is_ok())
}

/// Serves until `shutdown` resolves (the caller passes Ctrl-C); runs its own tokio runtime
/// (blocking call), so the rest of sotay stays synchronous.
pub fn run(
    listener: TcpListener,
    live: Arc<Live>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("sotay-serve")
        .build()
        .map_err(|source| Error::Serve { source })?;
    let result = runtime.block_on(serve(listener, live, shutdown));
    runtime.shutdown_timeout(GRACE);
    result
}

async fn serve(listener: TcpListener, live: Arc<Live>, shutdown: impl Future<Output = ()>) -> Result<(), Error> {
    listener.set_nonblocking(true).map_err(|source| Error::Serve { source })?;
    let listener = tokio::net::TcpListener::from_std(listener).map_err(|source| Error::Serve { source })?;
    let (stop_tx, stop) = watch::channel(false);
    let app = respond::router(respond::AppState { live, boot: boot_id(), stop: stop.clone() });
    let http = respond::http1();
    // Every connection task holds a clone; when all are gone, `recv` returns `None`.
    let (alive_tx, mut alive_rx) = mpsc::channel::<()>(1);
    tokio::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors or a connection reset before it was accepted: wait a
                // little instead of spinning, and keep serving.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let conn = http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone()));
        let mut stop = stop.clone();
        let alive = alive_tx.clone();
        tokio::spawn(async move {
            let _alive = alive;
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => return,
                _ = stop.changed() => {}
            }
            conn.as_mut().graceful_shutdown();
            let _ = tokio::time::timeout(GRACE, conn).await;
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    drop(alive_tx);
    let _ = tokio::time::timeout(GRACE, alive_rx.recv()).await;
    Ok(())
}

/// Tells this server's event streams from those of an earlier run, so a page that reconnects
/// after a restart knows to reload.
fn boot_id() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| since.as_nanos() as u64)
}

/// A server running on a background thread; dropping it or calling [`ServerHandle::stop`] shuts
/// it down and joins the thread.
#[derive(Debug)]
pub struct ServerHandle {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<Result<(), Error>>>,
}

/// The same as [`run`], started on a background thread, for tests and for `serve`.
pub fn spawn(listener: TcpListener, live: Arc<Live>) -> ServerHandle {
    let addr = listener.local_addr().expect("a bound listener has a local address");
    let (stop, stopped) = oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("sotay-serve".into())
        .spawn(move || {
            run(listener, live, async move {
                // A dropped sender stops the server too.
                let _ = stopped.await;
            })
        })
        .expect("the system can start one more thread");
    ServerHandle { addr, stop: Some(stop), thread: Some(thread) }
}

impl ServerHandle {
    /// The address the server listens on (with the real port when port 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops the server and waits for its thread; reports why it stopped early, if it did.
    pub fn stop(mut self) -> Result<(), Error> {
        self.shut_down()
    }

    fn shut_down(&mut self) -> Result<(), Error> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.thread.take().map(JoinHandle::join) {
            None => Ok(()),
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(Error::Serve { source: io::Error::other("the server thread panicked") }),
        }
    }
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        let _ = self.shut_down();
    }
}
