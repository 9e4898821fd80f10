//! `tenderguard serve`: the engine behind a page in the officer's own browser. The form is the
//! profile (written out as the same TOML `generate` reads, and read back from it), every answer
//! is planned by the same pipeline the commands use, and the pack is rendered by the same
//! writers, in memory: nothing is written to disk unless the officer asks to save.
//!
//! HTTP is axum's router served by hyper's HTTP/1 on a current-thread tokio runtime; building a
//! pack is CPU work, so it runs on tokio's blocking threads, at most [`BUILDS_AT_ONCE`] at a
//! time. The server answers only to
//! the address it printed (`guard`), and every form carries a per-run token (`upload`).

mod form;
mod guard;
mod pages;
mod upload;
mod view;

use std::io::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::QueryRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path as UrlPath, Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Serialize;
use tokio::sync::Semaphore;

use crate::diagnostics::{io_reason, Diagnostic, Diagnostics};
use crate::format::Format;
use crate::output::write_atomically;
use crate::pack::TenderPack;
use crate::pipeline::{
    check_characters, read_profile, render_files, render_outputs, render_record, Engine, Plan,
};
use crate::render::RenderError;
use crate::report::assessment::assessment_text;
use crate::response::{assess_response, read_response_bytes};

use form::ProfileForm;
use guard::{plain, AllowedHosts};
use pages::{Nav, Pages};
use upload::{read_posted, Posted, Refusal, Upload};
use view::{ProfileInputs, ProfilePage};

/// How many packs are built at once; more requests wait their turn. Each build already uses
/// every core for its writers, so more at once would only share the same cores more thinly.
pub const BUILDS_AT_ONCE: usize = 2;

/// How many connections are served at once; more wait to be accepted. A browser opens about
/// six per tab.
pub const CONNECTIONS_AT_ONCE: usize = 256;

/// The name of a profile made in the form when it has no reference to name it.
const FORM_PROFILE_NAME: &str = "profile.toml";

/// What `serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// Where to listen; loopback unless the officer said otherwise.
    pub listen: SocketAddr,
    /// A profile to open in the form, and where "Save" writes.
    pub profile: Option<PathBuf>,
}

struct AppState {
    engine: Engine,
    pages: Pages,
    token: String,
    allowed: AllowedHosts,
    profile: Option<PathBuf>,
    builds: Semaphore,
}

/// A bound server, ready to run.
pub struct Server {
    listener: std::net::TcpListener,
    local: SocketAddr,
    state: Arc<AppState>,
}

impl Server {
    /// Binds the address (so a port in use is reported before anything is printed) and makes
    /// the run's token.
    pub fn bind(engine: Engine, config: ServeConfig) -> Result<Server, Diagnostics> {
        let listener = std::net::TcpListener::bind(config.listen).map_err(|e| {
            let help = if e.kind() == std::io::ErrorKind::AddrInUse {
                "another program uses this port: choose another with --port N, or --port 0 for any free one"
            } else {
                "check --listen and --port"
            };
            Diagnostic::error(format!("cannot listen on {}: {}", config.listen, io_reason(&e)))
                .help(help)
        })?;
        let local = listener
            .local_addr()
            .map_err(|e| Diagnostic::error(format!("cannot read the address listened on: {e}")))?;
        listener
            .set_nonblocking(true)
            .map_err(|e| Diagnostic::error(format!("cannot set up the socket: {e}")))?;
        let pages = Pages::new(&engine.library().version)
            .map_err(|e| Diagnostic::error(format!("a page template is broken: {e}")))?;
        Ok(Server {
            listener,
            local,
            state: Arc::new(AppState {
                engine,
                pages,
                token: new_token()?,
                allowed: AllowedHosts::for_address(local),
                profile: config.profile,
                builds: Semaphore::new(BUILDS_AT_ONCE),
            }),
        })
    }

    /// The address the server listens on, with the port the system chose for `--port 0`.
    pub fn local_addr(&self) -> SocketAddr {
        self.local
    }

    /// The address to open in a browser.
    pub fn url(&self) -> String {
        let addr = self.local_addr();
        if addr.ip().is_unspecified() {
            format!("http://127.0.0.1:{}/", addr.port())
        } else {
            format!("http://{addr}/")
        }
    }

    /// Serves until the process is stopped: each connection on its own task, at most
    /// [`CONNECTIONS_AT_ONCE`] at a time, each request's headers read within
    /// [`guard::HEADER_TIME_LIMIT`] (so a client that sends nothing cannot hold a connection).
    pub fn run(self) -> Result<(), Diagnostics> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .max_blocking_threads(8)
            .build()
            .map_err(|e| Diagnostic::error(format!("cannot start the server: {e}")))?;
        let app = router(self.state);
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(self.listener)
                .map_err(|e| Diagnostic::error(format!("cannot start the server: {e}")))?;
            let connections = Arc::new(Semaphore::new(CONNECTIONS_AT_ONCE));
            loop {
                let Ok(slot) = connections.clone().acquire_owned().await else {
                    return Ok(());
                };
                let stream = match listener.accept().await {
                    Ok((stream, _)) => stream,
                    Err(_) => {
                        // Out of file descriptors and the like: wait, rather than spin.
                        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                        continue;
                    }
                };
                let service = hyper_util::service::TowerToHyperService::new(app.clone());
                tokio::spawn(async move {
                    let _slot = slot;
                    let _ = hyper::server::conn::http1::Builder::new()
                        .timer(hyper_util::rt::TokioTimer::new())
                        .header_read_timeout(guard::HEADER_TIME_LIMIT)
                        .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                        .await;
                });
            }
        })
    }
}

/// 32 random bytes from the operating system, as hex.
fn new_token() -> Result<String, Diagnostic> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| Diagnostic::error(format!("cannot make a random token: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/update", post(update))
        .route("/open", post(open))
        .route("/save", post(save))
        .route("/preview", post(preview))
        .route("/download/{what}", post(download))
        .route("/assess", post(assess))
        .route("/library", get(library))
        .route("/library/{id}", get(clause))
        .route(
            "/assets/page.css",
            get(|| async { asset(pages::PAGE_CSS, "text/css; charset=utf-8") }),
        )
        .route(
            "/assets/live.js",
            get(|| async { asset(pages::LIVE_JS, "text/javascript; charset=utf-8") }),
        )
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(upload::body_limit()))
        .layer(middleware::from_fn_with_state(state.clone(), guarded))
        .with_state(state)
}

/// Refuses requests for another host or from another site, bounds each in time and adds the
/// security headers to every answer.
async fn guarded(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    if let Some(why) = guard::refusal(&state.allowed, &request) {
        return plain(StatusCode::FORBIDDEN, why);
    }
    let preview = request.uri().path() == "/preview";
    let mut response =
        match tokio::time::timeout(guard::REQUEST_TIME_LIMIT, next.run(request)).await {
            Ok(response) => response,
            Err(_) => plain(
                StatusCode::SERVICE_UNAVAILABLE,
                "the request took longer than the server allows; try again",
            ),
        };
    let inline_styles = preview && response.status() == StatusCode::OK;
    guard::secure(&mut response, inline_styles);
    response
}

fn asset(text: &'static str, content_type: &'static str) -> Response {
    let mut response = Response::new(Body::from(text));
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

fn html(status: StatusCode, body: String) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

fn attachment(name: &str, content_type: &'static str, bytes: Vec<u8>) -> Response {
    let mut response = Response::new(Body::from(bytes));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    // File names here are made from the format table or a slug: letters, digits, `-` and `.`.
    let disposition = format!("attachment; filename=\"{name}\"");
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// Runs page work on a blocking thread; `build` work waits for one of the build slots.
async fn blocking(
    state: Arc<AppState>,
    build: bool,
    work: impl FnOnce(&AppState) -> Response + Send + 'static,
) -> Response {
    let _slot = if build {
        match state.builds.acquire().await {
            Ok(slot) => Some(slot),
            Err(_) => return plain(StatusCode::SERVICE_UNAVAILABLE, "the server is stopping"),
        }
    } else {
        None
    };
    let worker = state.clone();
    match tokio::task::spawn_blocking(move || work(&worker)).await {
        Ok(response) => response,
        Err(_) => plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            "tenderguard failed on this request: this is a bug, please report it with the profile",
        ),
    }
}

/// A message page (a refused upload, a missing clause).
#[derive(Serialize)]
struct ProblemPage {
    heading: String,
    messages: Vec<view::Message>,
    back: &'static str,
    back_text: &'static str,
}

impl AppState {
    fn page(
        &self,
        status: StatusCode,
        template: &str,
        title: &str,
        nav: Nav,
        data: &impl Serialize,
    ) -> Response {
        match self.pages.render(template, title, nav, data) {
            Ok(body) => html(status, body),
            Err(e) => plain(
                StatusCode::INTERNAL_SERVER_ERROR,
                &format!("a page template failed (a bug): {e}"),
            ),
        }
    }

    fn problem(
        &self,
        status: StatusCode,
        heading: &str,
        message: view::Message,
        nav: Nav,
    ) -> Response {
        let back = match nav {
            Nav::Profile => (
                "/",
                "Back to the form (your browser's Back button keeps your answers)",
            ),
            Nav::Library => ("/library", "Back to the library"),
        };
        self.page(
            status,
            "problem",
            heading,
            nav,
            &ProblemPage {
                heading: heading.to_string(),
                messages: vec![message],
                back: back.0,
                back_text: back.1,
            },
        )
    }

    fn refused(&self, refusal: Refusal) -> Response {
        match refusal {
            Refusal::Forbidden(why) => plain(StatusCode::FORBIDDEN, &why),
            Refusal::TooLarge(why) => self.problem(
                StatusCode::PAYLOAD_TOO_LARGE,
                "The upload is too large",
                view::message(&why),
                Nav::Profile,
            ),
            Refusal::Malformed(why) => self.problem(
                StatusCode::BAD_REQUEST,
                "The form could not be read",
                view::plain_message(&why, Some("reload the page and try again")),
                Nav::Profile,
            ),
        }
    }

    /// The profile page for a form, with its messages when `show_messages`, and `found` (the
    /// problems building its pack found) when planning found none.
    fn profile_page(
        &self,
        form: &ProfileForm,
        show_messages: bool,
        found: Option<&Diagnostics>,
    ) -> ProfilePage {
        let lib = self.engine.library();
        let written = form.to_toml(lib);
        let name = self.profile_name(form);
        let planned = self.engine.plan(&name, written.text.as_bytes());
        let (problems, warnings, consequence) = match &planned {
            Ok(plan) => (
                found,
                plan.warnings().cloned().collect(),
                view::consequence(plan),
            ),
            Err(problems) => {
                // What the answers mean while the form still has problems: with placeholder
                // cover details, then also without the tailoring (which can name clauses a
                // changed answer no longer selects), saying so.
                let draft = form.with_placeholder_details();
                let planned = |f: &ProfileForm| {
                    let text = f.to_toml(lib).text;
                    self.engine
                        .plan(&name, text.as_bytes())
                        .map(|plan| view::consequence(&plan))
                };
                let consequence = match planned(&draft) {
                    Ok(consequence) => consequence,
                    Err(draft_problems) => match planned(&draft.without_tailoring()) {
                        Ok(mut consequence) => {
                            consequence.caveat = Some(
                                "Shown without your tailoring until its problems are fixed."
                                    .to_string(),
                            );
                            consequence
                        }
                        Err(_) => view::blocked(&draft_problems),
                    },
                };
                (Some(problems), Vec::new(), consequence)
            }
        };
        view::profile_page(
            lib,
            ProfileInputs {
                token: &self.token,
                profile_path: self.profile.as_ref().map(|p| p.display().to_string()),
                form,
                written: &written,
                problems,
                warnings,
                consequence,
                show_messages,
            },
        )
    }

    /// The name the form's profile goes by (in the buyer's record, the ZIP and messages): the
    /// file this server was started with, else the file it downloads as (`<reference>.toml`),
    /// so that `generate` run on that file names it the same.
    fn profile_name(&self, form: &ProfileForm) -> String {
        match &self.profile {
            Some(path) => path.display().to_string(),
            None => download_name(form),
        }
    }

    fn show_profile(&self, status: StatusCode, page: &ProfilePage) -> Response {
        self.page(
            status,
            "profile",
            "Build the security requirements",
            Nav::Profile,
            page,
        )
    }
}

async fn index(State(state): State<Arc<AppState>>) -> Response {
    blocking(state, false, |state| {
        let Some(path) = &state.profile else {
            let page = state.profile_page(&ProfileForm::default(), false, None);
            return state.show_profile(StatusCode::OK, &page);
        };
        let shown = path.display().to_string();
        if !path.exists() {
            let mut page = state.profile_page(&ProfileForm::default(), false, None);
            page.notice = Some(format!(
                "{shown} does not exist yet: \"Save\" writes the form to it."
            ));
            return state.show_profile(StatusCode::OK, &page);
        }
        match read_profile(path) {
            Ok(bytes) => opened(state, &shown, &bytes, ProfileForm::default()),
            Err(problems) => {
                let mut page = state.profile_page(&ProfileForm::default(), false, None);
                page.upload_report = Some(view::upload_report(&shown, &problems));
                state.show_profile(StatusCode::OK, &page)
            }
        }
    })
    .await
}

/// The page after opening a profile's bytes: the form filled from it, or its problems located
/// in it (and the form as it was, or as far as the file could be read).
fn opened(state: &AppState, name: &str, bytes: &[u8], fallback: ProfileForm) -> Response {
    let text = std::str::from_utf8(bytes).ok();
    let form = text.and_then(ProfileForm::from_toml);
    match state.engine.plan(name, bytes) {
        Ok(_) => {
            let form = form.unwrap_or(fallback);
            let mut page = state.profile_page(&form, true, None);
            let dropped = text
                .map(|t| form::keys_the_form_drops(t, state.engine.library()))
                .unwrap_or_default();
            page.notice = Some(if dropped.is_empty() {
                format!("Opened {name}.")
            } else {
                format!(
                    "Opened {name}. The form has no place for {}: a profile saved or downloaded from this page leaves {} out.",
                    dropped.join(", "),
                    if dropped.len() == 1 { "it" } else { "them" }
                )
            });
            state.show_profile(StatusCode::OK, &page)
        }
        Err(problems) => {
            let form = form.unwrap_or(fallback);
            let mut page = state.profile_page(&form, false, None);
            page.upload_report = Some(view::upload_report(name, &problems));
            state.show_profile(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

/// Reads a posted form, or answers the refusal.
async fn posted(
    state: &AppState,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Posted, Response> {
    read_posted(multipart, &state.token)
        .await
        .map_err(|r| state.refused(r))
}

async fn update(
    State(state): State<Arc<AppState>>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let posted = match posted(&state, multipart).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    blocking(state, false, move |state| {
        let form = ProfileForm::from_fields(&posted.fields);
        let page = state.profile_page(&form, true, None);
        state.show_profile(StatusCode::OK, &page)
    })
    .await
}

async fn open(
    State(state): State<Arc<AppState>>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let posted = match posted(&state, multipart).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    blocking(state, false, move |state| {
        let form = ProfileForm::from_fields(&posted.fields);
        match &posted.profile_file {
            Some(Upload { name, bytes }) => {
                let name = if name.is_empty() {
                    "uploaded.toml"
                } else {
                    name
                };
                opened(state, name, bytes, form)
            }
            None => {
                let mut page = state.profile_page(&form, true, None);
                page.problems.insert(
                    0,
                    view::plain_message("choose a profile file to open first", None),
                );
                state.show_profile(StatusCode::UNPROCESSABLE_ENTITY, &page)
            }
        }
    })
    .await
}

async fn save(
    State(state): State<Arc<AppState>>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let posted = match posted(&state, multipart).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    blocking(state, false, move |state| {
        let form = ProfileForm::from_fields(&posted.fields);
        let mut page = state.profile_page(&form, true, None);
        let Some(path) = &state.profile else {
            page.problems.insert(
                0,
                view::plain_message(
                    "this server was started without a profile file to save to",
                    Some("download the profile instead, or start `tenderguard serve PROFILE`"),
                ),
            );
            return state.show_profile(StatusCode::UNPROCESSABLE_ENTITY, &page);
        };
        let text = form.to_toml(state.engine.library()).text;
        match write_atomically(path, text.as_bytes()) {
            Ok(()) => {
                page.notice = Some(if page.error_count == 0 {
                    format!("Saved to {}.", path.display())
                } else {
                    format!(
                        "Saved to {}, with the problems listed below still to fix.",
                        path.display()
                    )
                });
                state.show_profile(StatusCode::OK, &page)
            }
            Err(d) => {
                page.problems.insert(
                    0,
                    view::plain_message(&d.message, Some("nothing was written")),
                );
                state.show_profile(StatusCode::INTERNAL_SERVER_ERROR, &page)
            }
        }
    })
    .await
}

/// Answers a valid form with `make` (given its plan, the pack, the profile's text and name), or with
/// the form page and the problems, each beside its field when it has one: the form's own, or
/// those found while building (a character the PDF cannot draw, say).
fn with_pack(
    state: &AppState,
    form: &ProfileForm,
    make: impl FnOnce(&Plan, &TenderPack, &str, &str) -> Result<Response, Diagnostics>,
) -> Response {
    let written = form.to_toml(state.engine.library());
    let name = state.profile_name(form);
    let Ok(plan) = state.engine.plan(&name, written.text.as_bytes()) else {
        let page = state.profile_page(form, true, None);
        return state.show_profile(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    match plan
        .build_pack()
        .and_then(|pack| make(&plan, &pack, &written.text, &name))
    {
        Ok(response) => response,
        Err(problems) => {
            let page = state.profile_page(form, true, Some(&problems));
            state.show_profile(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

/// A writer's failure as a diagnostic.
fn render_failed(e: RenderError) -> Diagnostics {
    Diagnostic::error(e.to_string())
        .help("nothing was produced")
        .into()
}

async fn preview(
    State(state): State<Arc<AppState>>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let posted = match posted(&state, multipart).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    blocking(state, true, move |state| {
        let form = ProfileForm::from_fields(&posted.fields);
        with_pack(state, &form, |_, pack, _, _| {
            let mut files = render_files(pack, &[Format::Html]).map_err(render_failed)?;
            let page = String::from_utf8_lossy(&files.remove(0).1).into_owned();
            Ok(html(StatusCode::OK, page))
        })
    })
    .await
}

/// The content type of a downloaded file, by its name.
fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or("") {
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "pdf" => "application/pdf",
        "html" => "text/html; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "csv" => "text/csv; charset=utf-8",
        "json" => "application/json",
        "toml" => "application/toml; charset=utf-8",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

async fn download(
    State(state): State<Arc<AppState>>,
    UrlPath(what): UrlPath<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let posted = match posted(&state, multipart).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let format = Format::from_key(&what);
    if format.is_none() && !["zip", "profile", "record"].contains(&what.as_str()) {
        return not_found_page(&state);
    }
    let build = what != "profile";
    blocking(state, build, move |state| {
        let form = ProfileForm::from_fields(&posted.fields);
        if what == "profile" {
            let written = form.to_toml(state.engine.library());
            let name = download_name(&form);
            return attachment(&name, content_type(&name), written.text.into_bytes());
        }
        with_pack(state, &form, |plan, pack, profile_text, profile_name| {
            let (name, bytes) = match format {
                Some(format) => {
                    check_characters(plan, &[format])?;
                    let mut files = render_files(pack, &[format]).map_err(render_failed)?;
                    (format.file_name().to_string(), files.remove(0).1)
                }
                None if what == "record" => {
                    let mut record = render_record(pack, &[]).map_err(render_failed)?;
                    let (name, bytes) = record.remove(0);
                    (name.to_string(), bytes)
                }
                None => {
                    let outputs = render_outputs(plan, pack, &plan.formats(None))?;
                    let slug = plan.profile.tender.slug();
                    let slug = if slug.is_empty() {
                        "tender".to_string()
                    } else {
                        slug
                    };
                    let profile_file = std::path::Path::new(profile_name)
                        .file_name()
                        .map_or(FORM_PROFILE_NAME.into(), |n| n.to_string_lossy());
                    let bytes = zip_of(&slug, (&profile_file, profile_text), &outputs)
                        .map_err(|e| Diagnostics::from(Diagnostic::error(e)))?;
                    (format!("{slug}.zip"), bytes)
                }
            };
            Ok(attachment(&name, content_type(&name), bytes))
        })
    })
    .await
}

/// The file the form's profile downloads as: `<reference>.toml`.
fn download_name(form: &ProfileForm) -> String {
    let slug = crate::profile::slugify(&form.reference);
    if slug.is_empty() {
        FORM_PROFILE_NAME.to_string()
    } else {
        format!("{slug}.toml")
    }
}

/// Every file `generate` writes and the profile that made them, in a folder named by the
/// reference. Entries carry a fixed date, so the same answers give the same bytes.
fn zip_of(
    slug: &str,
    (profile_name, profile): (&str, &str),
    files: &[(String, Vec<u8>)],
) -> Result<Vec<u8>, String> {
    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let entries = files
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .chain(std::iter::once((profile_name, profile.as_bytes())));
    for (name, bytes) in entries {
        zip.start_file(format!("{slug}/{name}"), options)
            .and_then(|()| zip.write_all(bytes).map_err(Into::into))
            .map_err(|e| format!("cannot make the ZIP: {e}"))?;
    }
    zip.finish()
        .map(std::io::Cursor::into_inner)
        .map_err(|e| format!("cannot make the ZIP: {e}"))
}

async fn assess(
    State(state): State<Arc<AppState>>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let posted = match posted(&state, multipart).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    blocking(state, true, move |state| {
        let form = ProfileForm::from_fields(&posted.fields);
        let Some(Upload { name, bytes }) = &posted.response_file else {
            let mut page = state.profile_page(&form, true, None);
            page.problems.insert(
                0,
                view::plain_message("choose the supplier's response file first", None),
            );
            return state.show_profile(StatusCode::UNPROCESSABLE_ENTITY, &page);
        };
        let name = if name.is_empty() {
            "response.xlsx"
        } else {
            name
        };
        with_pack(state, &form, |_, pack, _, _| {
            let mut page = state.profile_page(&form, true, None);
            Ok(match read_response_bytes(name, bytes) {
                Ok(sheet) => {
                    let assessment = assess_response(pack, &sheet);
                    page.assessment = Some(view::AssessView {
                        file: name.to_string(),
                        verdict: assessment.verdict().to_string(),
                        problems: assessment.has_problems(),
                        text: assessment_text(&assessment),
                        messages: sheet.warnings.iter().map(view::message).collect(),
                    });
                    state.show_profile(StatusCode::OK, &page)
                }
                Err(problems) => {
                    page.upload_report = Some(view::upload_report(name, &problems));
                    state.show_profile(StatusCode::UNPROCESSABLE_ENTITY, &page)
                }
            })
        })
    })
    .await
}

/// The library listing's filters.
#[derive(Debug, serde::Deserialize)]
struct LibraryQuery {
    technology: Option<String>,
    risk: Option<String>,
}

async fn library(
    State(state): State<Arc<AppState>>,
    query: Result<Query<LibraryQuery>, QueryRejection>,
) -> Response {
    blocking(state, false, move |state| {
        let (technology, risk) = query.map_or((None, None), |Query(q)| (q.technology, q.risk));
        let page = view::library_page(
            state.engine.library(),
            technology.as_deref(),
            risk.as_deref(),
        );
        state.page(
            StatusCode::OK,
            "library",
            "The clause library",
            Nav::Library,
            &page,
        )
    })
    .await
}

async fn clause(State(state): State<Arc<AppState>>, UrlPath(id): UrlPath<String>) -> Response {
    blocking(state, false, move |state| {
        let lib = state.engine.library();
        match lib
            .clause(&id)
            .or_else(|| lib.clause(&id.to_ascii_uppercase()))
        {
            Some(c) => {
                let page = view::clause_page(lib, c);
                state.page(
                    StatusCode::OK,
                    "clause-page",
                    &page.tag.clone(),
                    Nav::Library,
                    &page,
                )
            }
            None => {
                let d = Diagnostic::error(format!("the library has no clause `{id}`")).suggest_or(
                    &id,
                    lib.clauses.iter().map(|c| c.id.as_str()),
                    "see the list of clauses",
                );
                state.problem(
                    StatusCode::NOT_FOUND,
                    "No such clause",
                    view::plain_message(&d.message, d.help.as_deref()),
                    Nav::Library,
                )
            }
        }
    })
    .await
}

fn not_found_page(state: &AppState) -> Response {
    state.problem(
        StatusCode::NOT_FOUND,
        "Page not found",
        view::plain_message("there is no page at this address", None),
        Nav::Profile,
    )
}

async fn not_found(State(state): State<Arc<AppState>>) -> Response {
    not_found_page(&state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_template_renders_with_its_model() {
        let engine = Engine::load(None).unwrap();
        let pages = Pages::new("test").unwrap();
        let state = AppState {
            pages,
            token: "t".into(),
            allowed: AllowedHosts::for_address("127.0.0.1:1".parse().unwrap()),
            profile: None,
            builds: Semaphore::new(1),
            engine,
        };
        let form =
            ProfileForm::from_toml(include_str!("../../examples/city-centre-cctv.toml")).unwrap();
        let page = state.profile_page(&form, true, None);
        assert!(page.consequence.ready);
        let html = state
            .pages
            .render("profile", "t", Nav::Profile, &page)
            .unwrap();
        assert!(html.contains("id=\"risk-level\""));
        let empty = state.profile_page(&ProfileForm::default(), true, None);
        assert!(!empty.consequence.ready);
        state
            .pages
            .render("profile", "t", Nav::Profile, &empty)
            .unwrap();
        let lib = state.engine.library();
        state
            .pages
            .render(
                "library",
                "t",
                Nav::Library,
                &view::library_page(lib, Some("cctv"), Some("high")),
            )
            .unwrap();
        state
            .pages
            .render(
                "clause-page",
                "t",
                Nav::Library,
                &view::clause_page(lib, &lib.clauses[0]),
            )
            .unwrap();
    }

    #[test]
    fn the_zip_holds_every_file_under_the_reference() {
        let bytes = zip_of(
            "ecc-1",
            ("ecc-1.toml", "x = 1\n"),
            &[("security-requirements.md".to_string(), b"# hi".to_vec())],
        )
        .unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let names: Vec<String> = (0..zip.len())
            .map(|i| zip.by_index(i).unwrap().name().to_string())
            .collect();
        assert_eq!(
            names,
            ["ecc-1/security-requirements.md", "ecc-1/ecc-1.toml"]
        );
    }
}
