//! `tenderguard serve`: the real binary serving the real page on 127.0.0.1. The browser tests
//! drive the page in headless Chromium (`tests/js/drive-serve.js`, steps written here) and check
//! what it gives against `tenderguard generate` and `assess` on the same profile; axe-core audits
//! every page. The HTTP tests speak HTTP/1.1 over a plain socket to check the refusals: another
//! Host or Origin, a missing token, oversized uploads, and fifty builds at once.
//!
//! Every connection goes to the loopback address the server printed; every loop is bounded.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::support::{require_tool, root};

fn cctv_example() -> PathBuf {
    root().join("examples/city-centre-cctv.toml")
}

fn work_dir(name: &str) -> PathBuf {
    crate::support::work_dir("serve-tests", name)
}

fn tenderguard(args: &[&str]) -> std::process::Output {
    Command::new(crate::support::bin())
        .args(args)
        .output()
        .expect("run tenderguard")
}

/// A running `tenderguard serve`, stopped when dropped.
struct Served {
    child: Child,
    addr: SocketAddr,
    url: String,
}

impl Served {
    /// Starts the server on a free loopback port and waits (at most 60 s) for its address.
    fn start(extra: &[&str]) -> Served {
        Served::start_with(extra, &[])
    }

    /// The same, with environment variables set for the server.
    fn start_with(extra: &[&str], env: &[(&str, &str)]) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tenderguard"))
            .args(["serve", "--port", "0"])
            .args(extra)
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start tenderguard serve");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        // Reads the address, then keeps reading so that the server never writes to a closed pipe.
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let _ = tx.send(line);
            let _ = std::io::copy(&mut reader, &mut std::io::sink());
        });
        let line = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(line) => line,
            Err(_) => {
                let _ = child.kill();
                panic!("serve printed no address within 60 s");
            }
        };
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in `{line}`"))
            .to_string();
        let addr: SocketAddr = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .parse()
            .unwrap();
        assert!(addr.ip().is_loopback(), "serves on loopback: {url}");
        Served { child, addr, url }
    }

    fn host(&self) -> String {
        self.addr.to_string()
    }

    /// The per-run token, as the page gives it to its forms.
    fn token(&self) -> String {
        let page = self.get("/", &[]).text();
        let at = page
            .find("name=\"token\" value=\"")
            .expect("the page has a token")
            + 20;
        page[at..at + 64].to_string()
    }

    fn get(&self, path: &str, headers: &[(&str, &str)]) -> Reply {
        let mut request = format!("GET {path} HTTP/1.1\r\nConnection: close\r\n");
        if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
            request.push_str(&format!("Host: {}\r\n", self.host()));
        }
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        exchange(self.addr, request.as_bytes())
    }

    /// Posts a multipart form, with the right Host unless `headers` gives one.
    fn post(&self, path: &str, headers: &[(&str, &str)], parts: &[Part]) -> Reply {
        let boundary = "tenderguard-test-boundary-7d1c";
        let mut body = Vec::new();
        for part in parts {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            match part {
                Part::Field(name, value) => {
                    body.extend_from_slice(
                        format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n")
                            .as_bytes(),
                    );
                    body.extend_from_slice(value.as_bytes());
                }
                Part::File(name, file, bytes) => {
                    body.extend_from_slice(
                        format!(
                            "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                        )
                        .as_bytes(),
                    );
                    body.extend_from_slice(bytes);
                }
            }
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let mut request = format!(
            "POST {path} HTTP/1.1\r\nConnection: close\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\n",
            body.len()
        );
        if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
            request.push_str(&format!("Host: {}\r\n", self.host()));
        }
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        let mut bytes = request.into_bytes();
        bytes.extend_from_slice(&body);
        exchange(self.addr, &bytes)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One part of a posted form.
enum Part {
    Field(&'static str, String),
    File(&'static str, &'static str, Vec<u8>),
}

fn field(name: &'static str, value: &str) -> Part {
    Part::Field(name, value.to_string())
}

/// An HTTP answer.
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends one request and reads the answer to the end (the request asks to close), within two
/// minutes. A server that refuses an upload early may close before the body is all sent; the
/// answer it wrote is still read.
fn exchange(addr: SocketAddr, request: &[u8]) -> Reply {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(10)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .unwrap();
    stream
        .set_write_timeout(Some(Duration::from_secs(120)))
        .unwrap();
    let _ = stream.write_all(request);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no HTTP answer: {:?}", String::from_utf8_lossy(&raw)));
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Reply {
        status,
        headers,
        body,
    }
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(line_end) = raw.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(
            String::from_utf8_lossy(&raw[..line_end])
                .split(';')
                .next()
                .unwrap()
                .trim(),
            16,
        )
        .unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = line_end + 2;
        out.extend_from_slice(&raw[start..start + size]);
        raw = &raw[start + size + 2..];
    }
    out
}

/// A small valid form: one technology, the cover details.
fn small_form(token: &str, reference: &str, technology: &str) -> Vec<Part> {
    vec![
        field("token", token),
        field("title", &format!("Test tender {reference}")),
        field("reference", reference),
        field("buyer", "Example City Council"),
        field("technology", technology),
        field("impact", "supplier_remote_access"),
    ]
}

// ---------------------------------------------------------------------------------------------
// HTTP: what the server refuses.

#[test]
fn it_listens_on_loopback_and_answers_with_a_strict_page() {
    let served = Served::start(&[]);
    assert!(
        served.url.starts_with("http://127.0.0.1:"),
        "{}",
        served.url
    );
    let page = served.get("/", &[]);
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let csp = page.header("content-security-policy").unwrap();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    let text = page.text();
    assert!(text.contains("<form id=\"profile-form\""));
    assert!(
        !text.contains("http://") || !text.contains("<link rel=\"stylesheet\" href=\"http"),
        "no external stylesheet"
    );
    for asset in ["/assets/page.css", "/assets/live.js"] {
        assert_eq!(served.get(asset, &[]).status, 200, "{asset} is built in");
    }
    assert_eq!(served.get("/no-such-page", &[]).status, 404);
}

#[test]
fn a_request_naming_another_host_is_refused() {
    let served = Served::start(&[]);
    let port = served.addr.port();
    for host in [
        format!("rebind.example:{port}"),
        format!("127.0.0.1:{}", port + 1),
        "127.0.0.1".to_string(),
    ] {
        let reply = served.get("/", &[("Host", &host)]);
        assert_eq!(reply.status, 403, "Host: {host}");
        assert!(
            reply.text().contains("answers only to the address"),
            "{}",
            reply.text()
        );
    }
    assert_eq!(
        served
            .get("/", &[("Host", &format!("localhost:{port}"))])
            .status,
        200
    );
    let token = served.token();
    let reply = served.post(
        "/update",
        &[("Host", "rebind.example")],
        &small_form(&token, "R-1", "cctv"),
    );
    assert_eq!(reply.status, 403);
}

#[test]
fn a_form_posted_from_another_site_is_refused() {
    let served = Served::start(&[]);
    let token = served.token();
    for origin in ["http://evil.example", "null", "https://127.0.0.1"] {
        let reply = served.post(
            "/download/profile",
            &[("Origin", origin)],
            &small_form(&token, "R-1", "cctv"),
        );
        assert_eq!(reply.status, 403, "Origin: {origin}");
        assert!(reply.header("content-disposition").is_none());
    }
    let own = format!("http://{}", served.host());
    let reply = served.post(
        "/download/profile",
        &[("Origin", &own)],
        &small_form(&token, "R-1", "cctv"),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
}

#[test]
fn a_form_without_this_runs_token_is_refused() {
    let served = Served::start(&[]);
    let token = served.token();
    let mut wrong = small_form(&"0".repeat(64), "R-1", "cctv");
    let missing: Vec<Part> = small_form(&token, "R-1", "cctv")
        .into_iter()
        .skip(1)
        .collect();
    let mut late = small_form(&token, "R-1", "cctv");
    late.rotate_left(1);
    for (what, parts) in [
        ("wrong", &mut wrong),
        ("missing", &mut missing.into_iter().collect()),
        ("not first", &mut late),
    ] {
        let reply = served.post("/download/profile", &[], parts);
        assert_eq!(reply.status, 403, "{what} token");
        assert!(reply.text().contains("token"), "{}", reply.text());
    }
    let other_run = Served::start(&[]);
    let reply = other_run.post("/download/profile", &[], &small_form(&token, "R-1", "cctv"));
    assert_eq!(reply.status, 403, "a token from another run");
    let reply = served.post("/download/profile", &[], &small_form(&token, "R-1", "cctv"));
    assert_eq!(reply.status, 200);
    assert!(
        reply.text().contains("reference = \"R-1\""),
        "{}",
        reply.text()
    );
}

#[test]
fn an_oversized_upload_is_refused_with_the_command_lines_limit() {
    // The cap every input file has (32 MiB unless set), lowered so the test sends little.
    let served = Served::start_with(&[], &[("TENDERGUARD_MAX_INPUT_MB", "2")]);
    let token = served.token();
    let over = 2 * 1024 * 1024 + 1;
    let mut parts = small_form(&token, "R-1", "cctv");
    parts.push(Part::File("profile_file", "huge.toml", vec![b'#'; over]));
    let reply = served.post("/open", &[], &parts);
    assert_eq!(reply.status, 413);
    assert!(
        reply
            .text()
            .contains("the profile file is larger than the limit of 2 MiB")
            && reply.text().contains("TENDERGUARD_MAX_INPUT_MB"),
        "{}",
        reply.text()
    );
    let mut parts = small_form(&token, "R-1", "cctv");
    parts.push(Part::File("response_file", "huge.xlsx", vec![0; over]));
    let reply = served.post("/assess", &[], &parts);
    assert_eq!(reply.status, 413);
    assert!(
        reply
            .text()
            .contains("the response matrix file is larger than the limit of 2 MiB"),
        "{}",
        reply.text()
    );
    // Larger than any form: refused from its declared length, before the body is read.
    let mut parts = small_form(&token, "R-1", "cctv");
    parts.push(Part::File("other", "x.bin", vec![0; 4 * 1024 * 1024]));
    let reply = served.post("/update", &[], &parts);
    assert_eq!(reply.status, 413, "{}", reply.text());
    let page = served.get("/", &[]);
    assert_eq!(page.status, 200, "the server carries on");
    assert!(
        page.text().contains("At most 2 MiB."),
        "the page states the limit"
    );
    // Within the limit, a large upload is read and judged as the command line would.
    let mut parts = small_form(&token, "R-1", "cctv");
    parts.push(Part::File("profile_file", "big.toml", vec![b'#'; over - 2]));
    let reply = served.post("/open", &[], &parts);
    assert_eq!(reply.status, 422);
    assert!(
        reply.text().contains("big.toml:1:1") && reply.text().contains("missing field"),
        "{}",
        reply.text()
    );
}

#[test]
fn malformed_uploads_get_the_command_lines_messages_and_never_a_500() {
    let served = Served::start(&[]);
    let token = served.token();
    let bad_profiles: [(&str, &[u8], &str); 4] = [
        ("typo.toml", b"[tender]\ntitle = \"T\"\nreference = \"R\"\nbuyer = \"B\"\n\n[scope]\ntechnologies = [\"cctvv\"]\n", "typo.toml:7:17"),
        ("latin1.toml", b"[tender]\ntitle = \"Caf\xe9\"\n", "latin1.toml:2:"),
        ("broken.toml", b"[tender\n", "broken.toml:1:"),
        ("empty.toml", b"", "the profile is empty"),
    ];
    for (name, bytes, expect) in bad_profiles {
        let mut parts = small_form(&token, "R-1", "cctv");
        parts.push(Part::File("profile_file", name, bytes.to_vec()));
        let reply = served.post("/open", &[], &parts);
        assert_eq!(reply.status, 422, "{name}");
        assert!(
            reply.text().contains(expect),
            "{name}: expected `{expect}` in\n{}",
            reply.text()
        );
    }
    let cli = tenderguard(&["generate", "/dev/null"]);
    assert_eq!(cli.status.code(), Some(2));
    for (name, bytes) in [
        ("garbage.xlsx", b"PK\x03\x04 not a workbook".to_vec()),
        ("garbage.csv", b"\xff\xfe\x00".to_vec()),
        ("notes.txt", b"hello".to_vec()),
    ] {
        let mut parts = small_form(&token, "R-1", "cctv");
        parts.push(Part::File("response_file", name, bytes));
        let reply = served.post("/assess", &[], &parts);
        assert_eq!(reply.status, 422, "{name}: {}", reply.text());
        assert!(reply.text().contains("upload-report"), "{name}");
    }
    let reply = served.post(
        "/update",
        &[],
        &[field("token", &token), field("title", "x")],
    );
    assert_eq!(
        reply.status, 200,
        "an incomplete form is a page with its problems"
    );
    let not_multipart = exchange(
        served.addr,
        format!("POST /update HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nabc", served.host()).as_bytes(),
    );
    assert_eq!(not_multipart.status, 400);
}

#[test]
fn nothing_is_written_unless_saving_and_then_the_profile_as_downloaded() {
    let dir = work_dir("save");
    let profile = dir.join("tender.toml");
    std::fs::copy(cctv_example(), &profile).unwrap();
    let before = std::fs::read(&profile).unwrap();
    let served = Served::start(&[profile.to_str().unwrap()]);
    let token = served.token();
    assert!(
        served
            .get("/", &[])
            .text()
            .contains("value=\"ECC-2026-0142\""),
        "the profile opens in the form"
    );
    for path in [
        "/update",
        "/download/record",
        "/download/docx",
        "/download/zip",
        "/preview",
        "/download/profile",
    ] {
        assert_eq!(
            served
                .post(path, &[], &small_form(&token, "R-2", "anpr"))
                .status,
            200,
            "{path}"
        );
    }
    assert_eq!(std::fs::read(&profile).unwrap(), before, "only Save writes");
    let record = served.post("/download/record", &[], &small_form(&token, "R-2", "anpr"));
    assert_eq!(
        record.header("content-disposition"),
        Some("attachment; filename=\"pack-record.md\"")
    );
    assert!(
        record.text().contains("R-2"),
        "the buyer's record of this tender"
    );
    let downloaded = served
        .post("/download/profile", &[], &small_form(&token, "R-2", "anpr"))
        .body;
    let saved = served.post("/save", &[], &small_form(&token, "R-2", "anpr"));
    assert_eq!(saved.status, 200);
    assert!(saved.text().contains("Saved to"), "{}", saved.text());
    assert_eq!(std::fs::read(&profile).unwrap(), downloaded);
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["tender.toml"], "no staging file is left behind");
}

#[test]
fn what_an_officer_types_is_shown_as_text_never_as_markup() {
    let served = Served::start(&[]);
    let token = served.token();
    let typed = "<script>alert(1)</script> \"quoted\" & <b>bold</b>";
    let mut parts = small_form(&token, "R-1", "cctv");
    parts.push(field("title", typed));
    parts.push(field("exclude-0-id", "<img src=x onerror=alert(1)>"));
    parts.push(field("exclude-0-reason", "because"));
    let page = served.post("/update", &[], &parts).text();
    assert!(
        !page.contains("<script>alert")
            && !page.contains("<b>bold")
            && !page.contains("<img src=x"),
        "markup from the form reached the page"
    );
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the title is shown escaped"
    );
    assert!(
        page.contains("cannot exclude") && page.contains("&lt;img src"),
        "the message quotes it escaped"
    );
}

#[test]
fn a_client_that_sends_no_complete_request_is_disconnected() {
    let served = Served::start(&[]);
    let mut stream = TcpStream::connect(served.addr).unwrap();
    stream
        .write_all(format!("GET / HTTP/1.1\r\nHost: {}\r\n", served.host()).as_bytes())
        .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(40)))
        .unwrap();
    let started = Instant::now();
    let mut rest = Vec::new();
    let read = stream.read_to_end(&mut rest);
    assert!(read.is_ok(), "the server closes the connection: {read:?}");
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(5) && waited < Duration::from_secs(30),
        "closed after {waited:?}"
    );
    assert_eq!(
        served.get("/", &[]).status,
        200,
        "and serves others meanwhile"
    );
}

#[test]
fn with_templates_the_downloads_match_generate_with_the_same_templates() {
    let dir = work_dir("templates");
    let templates = dir.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("annex-coverage.hbs"),
        "Our own words about coverage, from the buyer's templates.\n",
    )
    .unwrap();
    let served = Served::start(&["--templates", templates.to_str().unwrap()]);
    let token = served.token();
    let toml = served.post(
        "/download/profile",
        &[],
        &small_form(&token, "TPL-1", "cctv"),
    );
    let profile = dir.join("tpl.toml");
    std::fs::write(&profile, &toml.body).unwrap();
    let md = served.post("/download/md", &[], &small_form(&token, "TPL-1", "cctv"));
    assert_eq!(md.status, 200);
    assert!(md.text().contains("Our own words about coverage"));
    let out = dir.join("out");
    let o = tenderguard(&[
        "generate",
        profile.to_str().unwrap(),
        "--templates",
        templates.to_str().unwrap(),
        "--format",
        "md",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(md.body == std::fs::read(out.join("security-requirements.md")).unwrap());
}

#[test]
fn a_profile_that_does_not_exist_yet_is_written_by_save() {
    let dir = work_dir("new-profile");
    let profile = dir.join("new.toml");
    let served = Served::start(&[profile.to_str().unwrap()]);
    assert!(served.get("/", &[]).text().contains("does not exist yet"));
    assert!(!profile.exists());
    let token = served.token();
    assert_eq!(
        served
            .post("/save", &[], &small_form(&token, "NEW-1", "cctv"))
            .status,
        200
    );
    let o = tenderguard(&["explain", profile.to_str().unwrap()]);
    assert!(
        o.status.success(),
        "the saved profile plans: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[cfg(unix)]
#[test]
fn a_profile_that_is_a_named_pipe_is_refused_not_waited_on() {
    let dir = work_dir("fifo-profile");
    let fifo = dir.join("pipe.toml");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let served = Served::start(&[fifo.to_str().unwrap()]);
    let page = served.get("/", &[]);
    assert_eq!(page.status, 200);
    assert!(
        page.text().contains("a named pipe (FIFO)"),
        "{}",
        page.text()
    );
}

#[test]
fn fifty_concurrent_builds_each_give_what_generate_writes() {
    let served = Served::start(&[]);
    let token = served.token();
    let dir = work_dir("concurrent");
    let profiles = [("CONC-A", "cctv"), ("CONC-B", "street-lighting")];
    let formats = ["docx", "pdf", "json"];
    // The expected bytes: generate on the profile each form downloads as.
    let mut expected = std::collections::BTreeMap::new();
    for (reference, technology) in profiles {
        let toml = served.post(
            "/download/profile",
            &[],
            &small_form(&token, reference, technology),
        );
        assert_eq!(toml.status, 200);
        let path = dir.join(format!("{reference}.toml"));
        std::fs::write(&path, &toml.body).unwrap();
        let out = dir.join(reference);
        let o = tenderguard(&[
            "generate",
            path.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--format",
            "docx,pdf,json",
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        for format in formats {
            let name = match format {
                "json" => "selection.json",
                other => {
                    if other == "docx" {
                        "security-requirements.docx"
                    } else {
                        "security-requirements.pdf"
                    }
                }
            };
            expected.insert((reference, format), std::fs::read(out.join(name)).unwrap());
        }
    }
    let started = Instant::now();
    let barrier = std::sync::Barrier::new(50);
    let results: Vec<(usize, u16, Vec<u8>, Duration)> = std::thread::scope(|s| {
        let jobs: Vec<_> = (0..50)
            .map(|i| {
                let (served, token, barrier) = (&served, &token, &barrier);
                s.spawn(move || {
                    let (reference, technology) = profiles[i % 2];
                    let format = formats[i % 3];
                    barrier.wait();
                    let t0 = Instant::now();
                    let reply = served.post(
                        &format!("/download/{format}"),
                        &[],
                        &small_form(token, reference, technology),
                    );
                    (i, reply.status, reply.body, t0.elapsed())
                })
            })
            .collect();
        jobs.into_iter().map(|j| j.join().unwrap()).collect()
    });
    let total = started.elapsed();
    let mut times: Vec<Duration> = results.iter().map(|r| r.3).collect();
    times.sort();
    eprintln!(
        "50 concurrent builds: all done in {:.1} s; each answered in {:.2} s (fastest), {:.2} s (median), {:.2} s (slowest)",
        total.as_secs_f64(),
        times[0].as_secs_f64(),
        times[25].as_secs_f64(),
        times[49].as_secs_f64()
    );
    for (i, status, body, _) in &results {
        let (reference, _) = profiles[i % 2];
        let format = formats[i % 3];
        assert_eq!(*status, 200, "request {i}");
        assert!(
            body == &expected[&(reference, format)],
            "request {i} ({reference} {format}) differs from generate"
        );
    }
    assert!(
        total < Duration::from_secs(300),
        "fifty builds took {total:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// The page in a real browser.

/// Runs the browser steps and returns what they recorded.
fn drive(name: &str, steps: Value) -> Value {
    require_tool("node");
    require_tool("chromium");
    let dir = work_dir(&format!("browser-{name}"));
    let file = dir.join("steps.json");
    std::fs::write(&file, serde_json::to_vec_pretty(&steps).unwrap()).unwrap();
    let o = Command::new("node")
        .arg(root().join("tests/js/drive-serve.js"))
        .arg(&file)
        .args(["--chromium", "chromium"])
        .output()
        .expect("run node");
    assert!(
        o.status.success(),
        "the browser steps failed for {name}:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("the driver prints JSON")
}

fn assert_no_axe_violations(report: &Value, pages: &[&str]) {
    for page in pages {
        let violations = report[*page]
            .as_array()
            .unwrap_or_else(|| panic!("no axe run for {page}"));
        assert!(violations.is_empty(), "axe-core on {page}: {violations:#?}");
    }
}

/// Every request the page made went to the server itself.
fn assert_only_own_requests(report: &Value, served: &Served) {
    for url in report["requests"].as_array().unwrap() {
        let url = url.as_str().unwrap();
        assert!(
            url.starts_with(&served.url) || url.starts_with("about:") || url.starts_with("data:"),
            "the page fetched {url}"
        );
    }
}

/// The steps that fill the form as examples/city-centre-cctv.toml has it, in two parts: all
/// but the tailoring, then the tailoring (which names clauses the answers decide, so the
/// answers can be changed before it without making the profile wrong).
fn fill_cctv_example() -> (Vec<Value>, Vec<Value>) {
    let fill = |id: &str, value: &str| json!({"fill": format!("#{id}"), "value": value});
    let mut steps = vec![
        fill("title", "City Centre CCTV and ANPR Modernisation"),
        fill("reference", "ECC-2026-0142"),
        fill("buyer", "Example City Council"),
        fill("issue_date", "2026-12-01"),
        fill("deadline", "2027-01-15T12:00:00"),
        fill("version", "1.0"),
        fill("contact", "procurement@example.gov.uk"),
        fill("marking", "OFFICIAL"),
        fill("param-cctv_retention_days", "31"),
        fill("param-critical_patch_days", "14"),
        fill("clause-0-id", "ECC-01"),
        fill("clause-0-title", "Integration with the existing control room"),
        fill("clause-0-text", "The Supplier MUST integrate the new cameras with the Council's existing video management system in the Civic Centre control room, without a second operator console."),
        fill("clause-0-evidence-0-item", "Integration design document naming the video management system version and interface"),
        fill("clause-0-rationale", "Control-room operators must see every camera on one console."),
    ];
    let checks = [
        "technology-cctv",
        "technology-anpr",
        "technology-data-platform",
    ]
    .into_iter()
    .chain([
        "impact-public_monitoring",
        "impact-supplier_remote_access",
        "impact-connects_to_corporate_network",
    ])
    .chain(["clause-0-verify-tender", "clause-0-verify-go-live"])
    .map(String::from)
    .chain(["docx", "pdf", "md", "html", "csv", "xlsx", "json"].map(|f| format!("format-{f}")));
    steps.extend(checks.map(|id| json!({"check": format!("#{id}"), "on": true})));
    for (id, value) in [
        ("hosting", "hybrid"),
        ("personal_data", "personal"),
        ("clause-0-section", "design"),
        ("clause-0-obligation", "must"),
        ("clause-0-evidence-0-due", "tender"),
    ] {
        steps.push(json!({"select": format!("#{id}"), "value": value}));
    }
    // A second piece of evidence needs a second row: "Update" posts the form and the page
    // comes back with one more, as it does without JavaScript.
    steps.push(json!({"click": "#update", "navigates": true}));
    steps.push(fill(
        "clause-0-evidence-1-item",
        "Acceptance test record showing every new camera on the existing operator console",
    ));
    steps.push(json!({"select": "#clause-0-evidence-1-due", "value": "go-live"}));
    let tailoring = vec![
        fill("obligation-0-id", "SUP-030"),
        json!({"select": "#obligation-0-to", "value": "must"}),
        fill("obligation-0-reason", "Bidders have said the video platform may be hosted outside the UK; offshore assurance is mandatory for this contract."),
        fill("include-0-id", "SUP-030"),
        fill("include-0-reason", "Bidders have said the video platform may be hosted outside the UK; the offshore assurance clause is needed even at medium risk."),
        fill("exclude-0-id", "TEC-012"),
        fill("exclude-0-reason", "The ANPR cameras serve civil enforcement only: no journey-time analysis is in scope, so no plates are kept for it."),
    ];
    (steps, tailoring)
}

const SETTLED: &str =
    "document.body.getAttribute('data-live') === 'done' && !!document.getElementById('risk-level')";

const SNAPSHOT: &str = "({ risk: document.getElementById('risk-level').textContent, total: Number(document.getElementById('total-count').textContent), \
    gate: Number(document.getElementById('gate-count').textContent), contract: Number(document.getElementById('contract-count').textContent), \
    scored: Number(document.getElementById('scored-count').textContent), \
    counts: [...document.querySelectorAll('#counts tbody tr')].map((r) => r.innerText.replace(/\\s+/g, ' ').trim()), \
    factors: [...document.querySelectorAll('#risk-factors li')].map((li) => li.innerText.replace(/\\s+/g, ' ').trim()), \
    problems: document.getElementById('problems') ? document.getElementById('problems').innerText : '' })";

/// Ticks and unticks the safety question six times, timing each from the click to the new
/// risk level and counts on screen.
const TOGGLE_TIMES: &str = "(async () => {
  const times = [];
  for (let i = 0; i < 6; i++) {
    const shown = () => ['risk-level', 'total-count', 'gate-count', 'contract-count', 'scored-count'].map((id) => (document.getElementById(id) || {}).textContent).join(' ');
    const before = shown();
    const t0 = performance.now();
    document.getElementById('impact-safety').click();
    for (;;) {
      if (shown() !== before && document.body.getAttribute('data-live') === 'done') break;
      if (performance.now() - t0 > 20000) throw new Error('the counts did not change within 20 s');
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    times.push(Math.round(performance.now() - t0));
    if (i === 0) window.afterToggle = ({ risk: document.getElementById('risk-level').textContent, total: Number(document.getElementById('total-count').textContent),
      contract: Number(document.getElementById('contract-count').textContent) });
  }
  return times;
})()";

fn zip_entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP");
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).unwrap();
            let mut content = Vec::new();
            entry.read_to_end(&mut content).unwrap();
            (entry.name().to_string(), content)
        })
        .collect()
}

#[test]
fn the_cctv_example_filled_in_the_browser_gives_what_generate_gives() {
    let served = Served::start(&[]);
    let dir = work_dir("cctv-browser");
    let downloads = dir.join("downloads");
    let (answers, tailoring) = fill_cctv_example();
    let medium_and_clean = format!("{SETTLED} && document.getElementById('risk-level').textContent === 'medium' && !document.getElementById('problems')");
    let mut steps = vec![json!({"goto": served.url}), json!({"axe": "axe_empty"})];
    steps.extend(answers);
    steps.extend([
        json!({"wait": medium_and_clean, "ms": 60000}),
        json!({"eval": SNAPSHOT, "as": "before"}),
        json!({"eval": TOGGLE_TIMES, "as": "latency_ms"}),
        json!({"eval": "window.afterToggle", "as": "after"}),
    ]);
    steps.extend(tailoring);
    steps.extend([
        json!({"wait": medium_and_clean, "ms": 60000}),
        json!({"eval": SNAPSHOT, "as": "tailored"}),
        // Without ANPR, the tailoring excludes a clause the pack no longer has: the page says
        // so beside it and still shows what the other answers mean.
        json!({"check": "#technology-anpr", "on": false}),
        json!({"wait": format!("{SETTLED} && !!document.getElementById('exclude-0-id-messages') && document.getElementById('exclude-0-id-messages').innerText.length > 0"), "ms": 60000}),
        json!({"eval": "({ risk: document.getElementById('risk-level').textContent, beside: document.getElementById('exclude-0-id-messages').innerText })", "as": "untailorable"}),
        json!({"check": "#technology-anpr", "on": true}),
        json!({"wait": medium_and_clean, "ms": 60000}),
        json!({"eval": "(() => { const d = document.querySelector('#clause-SUP-030'); d.open = true; return d.innerText; })()", "as": "explained"}),
        json!({"axe": "axe_filled"}),
        json!({"screenshot": dir.join("desktop.png"), "height": 2600}),
        json!({"width": 390}),
        json!({"screenshot": dir.join("phone.png"), "height": 2600}),
        json!({"width": 1280}),
        json!({"download": "#download-profile", "dir": downloads, "as": "profile_name"}),
        json!({"download": "#download-docx", "dir": downloads, "as": "docx_name"}),
        json!({"download": "#download-pdf", "dir": downloads, "as": "pdf_name"}),
        json!({"download": "#download-zip", "dir": downloads, "as": "zip_name"}),
        json!({"eval": "document.getElementById('preview').removeAttribute('formtarget')"}),
        json!({"click": "#preview", "navigates": true}),
        json!({"eval": "document.title", "as": "preview_title"}),
        json!({"axe": "axe_preview"}),
    ]);
    let report = drive("cctv", Value::Array(steps));
    assert_no_axe_violations(&report, &["axe_empty", "axe_filled", "axe_preview"]);
    assert_only_own_requests(&report, &served);

    let before = &report["before"];
    assert_eq!(before["risk"], "medium");
    assert!(
        before["gate"].as_u64() > Some(0) && before["scored"].as_u64() > Some(0),
        "{before}"
    );
    assert_eq!(
        before["gate"].as_u64().unwrap()
            + before["contract"].as_u64().unwrap()
            + before["scored"].as_u64().unwrap(),
        before["total"].as_u64().unwrap(),
        "every requirement is in one category: {before}"
    );
    assert_eq!(before["counts"].as_array().unwrap().len(), 4, "{before}");
    assert!(before["factors"].as_array().unwrap().iter().any(|f| f
        .as_str()
        .unwrap()
        .contains("impact.public_monitoring = true")));
    let after = &report["after"];
    assert_eq!(after["risk"], "high", "ticking safety raises the risk");
    assert!(
        after["total"].as_u64() > before["total"].as_u64()
            && after["contract"].as_u64() > before["contract"].as_u64(),
        "{before} {after}"
    );
    let times: Vec<u64> = report["latency_ms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_u64().unwrap())
        .collect();
    let mut sorted = times.clone();
    sorted.sort();
    eprintln!(
        "changed answer to updated counts: {times:?} ms (median {} ms)",
        sorted[sorted.len() / 2]
    );
    let untailorable = &report["untailorable"];
    assert_eq!(untailorable["risk"], "medium", "{untailorable}");
    assert!(
        untailorable["beside"]
            .as_str()
            .unwrap()
            .contains("excluding `TEC-012` has no effect"),
        "{untailorable}"
    );
    let explained = report["explained"].as_str().unwrap();
    assert!(
        explained.contains("Why it is in:") && explained.contains("Sources:"),
        "{explained}"
    );

    // The downloaded profile is the example: the same risk, the same clauses in and out.
    let profile = downloads.join(report["profile_name"].as_str().unwrap());
    assert_eq!(profile.file_name().unwrap(), "ecc-2026-0142.toml");
    let explain = |p: &Path| {
        String::from_utf8(tenderguard(&["explain", p.to_str().unwrap()]).stdout).unwrap()
    };
    assert_eq!(
        explain(&profile),
        explain(&cctv_example()),
        "the form filled in the browser is the CCTV example"
    );
    assert_eq!(
        report["tailored"]["total"].as_u64(),
        Some(report_total(&explain(&profile))),
        "the page counts what explain lists"
    );

    // And every download is byte for byte what generate writes from it.
    // Run beside the downloaded profile, as the officer would: the buyer's record names the
    // profile file, and the page names it as it downloads.
    let generated = dir.join("generated");
    let o = Command::new(env!("CARGO_BIN_EXE_tenderguard"))
        .current_dir(&downloads)
        .args(["generate", "ecc-2026-0142.toml", "-o"])
        .arg(&generated)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for key in ["docx_name", "pdf_name"] {
        let name = report[key].as_str().unwrap();
        assert!(
            std::fs::read(downloads.join(name)).unwrap()
                == std::fs::read(generated.join(name)).unwrap(),
            "{name} from the page differs from generate's"
        );
    }
    let zip = std::fs::read(downloads.join(report["zip_name"].as_str().unwrap())).unwrap();
    let entries = zip_entries(&zip);
    let mut written: Vec<String> = std::fs::read_dir(&generated)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    let mut zipped: Vec<String> = entries
        .iter()
        .map(|(n, _)| n.trim_start_matches("ecc-2026-0142/").to_string())
        .collect();
    zipped.sort();
    written.push("ecc-2026-0142.toml".to_string());
    written.sort();
    assert_eq!(
        zipped, written,
        "the ZIP holds what generate writes and the profile"
    );
    for (name, bytes) in &entries {
        let file = name.trim_start_matches("ecc-2026-0142/");
        let want = if file == "ecc-2026-0142.toml" {
            std::fs::read(&profile).unwrap()
        } else {
            std::fs::read(generated.join(file)).unwrap()
        };
        assert!(bytes == &want, "{name} in the ZIP differs");
    }
    assert!(
        report["preview_title"]
            .as_str()
            .unwrap()
            .contains("City Centre CCTV"),
        "{}",
        report["preview_title"]
    );
}

#[test]
fn without_javascript_the_buttons_post_the_form_and_the_page_shows_the_result() {
    let dir = work_dir("no-javascript");
    let profile = dir.join("cameras.toml");
    std::fs::write(
        &profile,
        "[tender]\ntitle = \"Cameras\"\nreference = \"CAM-1\"\nbuyer = \"Example City Council\"\n\n[scope]\ntechnologies = [\"cctv\"]\n\n[impact]\npublic_monitoring = true\nsafety = true\n",
    )
    .unwrap();
    let served = Served::start(&[profile.to_str().unwrap()]);
    let downloads = dir.join("downloads");
    let report = drive(
        "no-javascript",
        json!([
            {"javascript": false},
            {"goto": served.url},
            {"eval": SNAPSHOT, "as": "before"},
            {"check": "#impact-safety", "on": false},
            {"eval": "document.getElementById('risk-level').textContent", "as": "unchanged"},
            {"click": "#update", "navigates": true},
            {"eval": SNAPSHOT, "as": "after"},
            {"eval": "document.body.hasAttribute('data-live')", "as": "script_ran"},
            // axe-core is itself a script: the page as loaded without scripts is audited.
            {"javascript": true},
            {"axe": "axe_desktop"},
            {"width": 390},
            {"eval": "({ scroll: document.documentElement.scrollWidth, width: window.innerWidth })", "as": "phone"},
            {"axe": "axe_phone"},
            {"width": 1280},
            {"download": "#download-docx", "dir": downloads, "as": "docx_name"},
        ]),
    );
    assert_no_axe_violations(&report, &["axe_desktop", "axe_phone"]);
    assert_eq!(report["script_ran"], false, "the script was off");
    assert_eq!(report["before"]["risk"], "high");
    assert_eq!(
        report["unchanged"], "high",
        "nothing changes until the form is posted"
    );
    assert_eq!(report["after"]["risk"], "medium");
    assert!(report["after"]["contract"].as_u64() < report["before"]["contract"].as_u64());
    let phone = &report["phone"];
    assert!(
        phone["scroll"].as_u64() <= phone["width"].as_u64(),
        "no sideways scrolling on a phone: {phone}"
    );
    assert_eq!(report["docx_name"], "security-requirements.docx");
}

/// `IN (165):` in explain's output.
fn report_total(explain: &str) -> u64 {
    let at = explain.find("IN (").unwrap() + 4;
    explain[at..].split(')').next().unwrap().parse().unwrap()
}

#[test]
fn a_bad_profile_opened_in_the_browser_shows_its_located_error() {
    let served = Served::start(&[]);
    let dir = work_dir("bad-profile-browser");
    let bad = dir.join("bad.toml");
    std::fs::write(&bad, "[tender]\ntitle = \"T\"\nreference = \"R-1\"\nbuyer = \"B\"\n\n[scope]\ntechnologies = [\"cctvv\"]\n").unwrap();
    let report = drive(
        "bad-profile",
        json!([
            {"goto": served.url},
            {"upload": "#profile_file", "file": bad},
            {"click": "#open", "navigates": true},
            {"eval": "document.getElementById('upload-report').innerText", "as": "report"},
            {"axe": "axe_report"},
            {"fill": "#title", "value": ""},
            {"check": "#technology-cctv", "on": true},
            {"select": "#personal_data", "value": "none"},
            {"select": "#risk", "value": "low"},
            {"wait": "document.body.getAttribute('data-live') === 'done' && !!document.getElementById('problems')"},
            {"eval": "({ summary: document.getElementById('problems').innerText, beside: document.getElementById('title-messages').innerText, invalid: document.getElementById('title').getAttribute('aria-invalid') })", "as": "field"},
            {"eval": "[...document.querySelectorAll('#problems a')].map((a) => a.getAttribute('href')).filter((h) => !document.getElementById(h.slice(1)))", "as": "broken_links"},
            {"eval": "document.getElementById('problems').querySelectorAll('li').length", "as": "problem_count"},
            {"eval": "document.getElementById('risk-messages').innerText", "as": "beside_risk"},
            {"axe": "axe_field_errors"},
            {"goto": format!("{}library", served.url)},
            {"axe": "axe_library"},
            {"goto": format!("{}library?technology=cctv&risk=low", served.url)},
            {"eval": "document.getElementById('clauses-caption').innerText", "as": "filtered"},
            {"goto": format!("{}library/DES-004", served.url)},
            {"eval": "document.querySelector('h1').innerText", "as": "clause_heading"},
            {"axe": "axe_clause"},
            {"goto": format!("{}library/NOPE-1", served.url)},
            {"axe": "axe_not_found"},
        ]),
    );
    assert_no_axe_violations(
        &report,
        &[
            "axe_report",
            "axe_field_errors",
            "axe_library",
            "axe_clause",
            "axe_not_found",
        ],
    );
    let text = report["report"].as_str().unwrap();
    assert!(text.contains("unknown technology `cctvv`"), "{text}");
    assert!(
        text.contains("bad.toml:7:17"),
        "the line and column: {text}"
    );
    assert!(text.contains("did you mean `cctv`?"), "{text}");
    let cli = tenderguard(&["generate", bad.to_str().unwrap()]);
    let cli_text = String::from_utf8_lossy(&cli.stderr);
    assert!(
        cli_text.contains("unknown technology `cctvv`")
            && cli_text.contains("help: did you mean `cctv`?"),
        "the same words as the command line: {cli_text}"
    );
    let field = &report["field"];
    assert!(
        field["beside"]
            .as_str()
            .unwrap()
            .contains("the tender title must not be empty"),
        "{field}"
    );
    assert!(
        field["summary"]
            .as_str()
            .unwrap()
            .contains("the tender title must not be empty"),
        "{field}"
    );
    assert_eq!(field["invalid"], "true");
    assert_eq!(
        report["broken_links"],
        json!([]),
        "every problem links to its place"
    );
    assert!(
        report["problem_count"].as_u64().unwrap() >= 3,
        "title, risk and the personal data warning"
    );
    let beside_risk = report["beside_risk"].as_str().unwrap();
    assert!(
        beside_risk.contains("lower than the derived level") && beside_risk.contains("risk_reason"),
        "a lower risk asks for its reason beside the field: {beside_risk}"
    );
    assert!(report["filtered"]
        .as_str()
        .unwrap()
        .contains("matching the filter"));
    assert!(report["clause_heading"]
        .as_str()
        .unwrap()
        .contains("DES-004"));
}

/// The matrix generated for `profile`, answered "Full" throughout except one tender gate
/// answered "Non-compliant" (a remediation does not cure it), written as a supplier's XLSX.
fn filled_matrix(profile: &Path, dir: &Path) -> PathBuf {
    let o = tenderguard(&[
        "generate",
        profile.to_str().unwrap(),
        "-o",
        dir.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut reader = csv::Reader::from_path(dir.join("response-matrix.csv")).unwrap();
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
    };
    let (category, compliance, response, evidence, remediation) = (
        column("Category"),
        column("Compliance"),
        column("Supplier response"),
        column("Evidence reference"),
        column("Remediation commitment"),
    );
    let mut rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let mut failed = false;
    for row in &mut rows {
        row[compliance] = "Full".into();
        row[response] = "Met by the standard product configuration.".into();
        row[evidence] = "Security pack, section 2".into();
        if !failed && row[category] == "Tender gate" {
            row[compliance] = "Non-compliant".into();
            row[remediation] = "Will be met by release 4.2 on 31 March 2027".into();
            failed = true;
        }
    }
    let path = dir.join("filled.xlsx");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Matrix").unwrap();
    for (r, row) in std::iter::once(&header).chain(rows.iter()).enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                sheet.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
    }
    workbook.save(&path).unwrap();
    path
}

#[test]
fn a_filled_xlsx_matrix_uploaded_in_the_browser_shows_the_assess_summary() {
    let dir = work_dir("assess-browser");
    let profile = dir.join("cctv.toml");
    std::fs::copy(cctv_example(), &profile).unwrap();
    let served = Served::start(&[profile.to_str().unwrap()]);
    // The page's form writes the profile out anew, so the matrix is issued from that text.
    assert!(
        served.get("/", &[]).text().contains("Opened"),
        "the profile opened"
    );
    let downloads = dir.join("downloads");
    let report = drive(
        "assess",
        json!([
            {"goto": served.url},
            {"download": "#download-profile", "dir": downloads, "as": "profile_name"},
        ]),
    );
    let issued = downloads.join(report["profile_name"].as_str().unwrap());
    let matrix = filled_matrix(&issued, &dir.join("issued"));
    let report = drive(
        "assess-upload",
        json!([
            {"goto": served.url},
            {"upload": "#response_file", "file": matrix},
            {"click": "#assess", "navigates": true},
            {"eval": "({ verdict: document.getElementById('assessment-verdict').innerText, text: document.querySelector('#assessment pre').innerText })", "as": "assessment"},
            {"axe": "axe_assessment"},
        ]),
    );
    assert_no_axe_violations(&report, &["axe_assessment"]);
    let cli = Command::new(env!("CARGO_BIN_EXE_tenderguard"))
        .current_dir(matrix.parent().unwrap())
        .args(["assess", issued.to_str().unwrap(), "filled.xlsx"])
        .output()
        .unwrap();
    assert_eq!(cli.status.code(), Some(1), "one tender gate not met");
    let cli_text = String::from_utf8(cli.stdout).unwrap();
    let page_text = report["assessment"]["text"].as_str().unwrap();
    assert_eq!(
        page_text.trim(),
        cli_text.trim(),
        "the page shows what assess prints"
    );
    assert!(page_text.contains("Gates not met 1"), "{page_text}");
    assert!(!report["assessment"]["verdict"].as_str().unwrap().is_empty());
}
