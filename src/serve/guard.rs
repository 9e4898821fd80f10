//! What every request passes before a page sees it: its `Host` must be the address this server
//! was started on (so a web page on another name that resolves to 127.0.0.1 — DNS rebinding —
//! gets nothing), its `Origin`, when sent, must be this server (so another site cannot post the
//! page's forms), and it must finish within a time limit. Every answer carries headers that keep
//! the page from loading anything from elsewhere or being framed.

use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderValue, Request, Response, StatusCode};

/// The longest one request may take, reading its body included.
pub const REQUEST_TIME_LIMIT: Duration = Duration::from_secs(120);

/// The longest a connection may take to send a request's headers, or stay idle between
/// requests.
pub const HEADER_TIME_LIMIT: Duration = Duration::from_secs(10);

/// The `Host` values this server answers to.
#[derive(Debug, Clone)]
pub struct AllowedHosts {
    hosts: Vec<String>,
    /// Listening on every address: any IP address with the right port is this server.
    any_ip_port: Option<u16>,
}

impl AllowedHosts {
    /// The names a browser uses for `addr`: the address itself and, on loopback, `localhost`.
    pub fn for_address(addr: SocketAddr) -> AllowedHosts {
        let port = addr.port();
        let ip = addr.ip();
        let mut hosts = vec![addr.to_string()];
        if ip.is_loopback() {
            hosts.push(format!("localhost:{port}"));
            hosts.push(format!("127.0.0.1:{port}"));
            hosts.push(format!("[::1]:{port}"));
        }
        hosts.sort();
        hosts.dedup();
        AllowedHosts {
            hosts,
            any_ip_port: ip.is_unspecified().then_some(port),
        }
    }

    /// Whether `host` (a `Host` header value) names this server.
    pub fn allows(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        if self.hosts.contains(&host) {
            return true;
        }
        match (self.any_ip_port, host.parse::<SocketAddr>()) {
            (Some(port), Ok(addr)) => addr.port() == port,
            _ => false,
        }
    }

    /// Whether `origin` (an `Origin` header value) is this server.
    pub fn allows_origin(&self, origin: &str) -> bool {
        origin
            .strip_prefix("http://")
            .is_some_and(|host| self.allows(host))
    }
}

/// Why a request was turned away before any page saw it, or `None` to let it through.
pub fn refusal(allowed: &AllowedHosts, request: &Request<Body>) -> Option<&'static str> {
    let headers = request.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if !host.is_some_and(|h| allowed.allows(h)) {
        return Some("this server answers only to the address it printed when it started (the request's Host is another name)");
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let ok = origin.to_str().is_ok_and(|o| allowed.allows_origin(o));
        if !ok {
            return Some("this server accepts forms only from its own pages (the request comes from another site)");
        }
    }
    None
}

/// The headers every answer carries: nothing may be loaded from elsewhere, scripts and styles
/// only from this server, no framing, no caching of a tender's details. The referrer policy is
/// `same-origin` because with `no-referrer` browsers send `Origin: null` on the page's own form
/// posts, which the origin check must refuse.
pub fn secure(response: &mut Response<Body>, inline_styles: bool) {
    let csp = if inline_styles {
        // The pack preview is the HTML writer's page, whose styles are inline; it has no script.
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
    } else {
        "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    };
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, csp),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "same-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
}

/// A plain-text refusal with its status.
pub fn plain(status: StatusCode, message: &str) -> Response<Body> {
    let mut response = Response::new(Body::from(format!("{message}\n")));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    secure(&mut response, false);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_answers_to_its_address_and_localhost_only() {
        let allowed = AllowedHosts::for_address("127.0.0.1:8421".parse().unwrap());
        assert!(allowed.allows("127.0.0.1:8421"));
        assert!(allowed.allows("LOCALHOST:8421"));
        assert!(!allowed.allows("127.0.0.1:8422"));
        assert!(!allowed.allows("evil.example:8421"));
        assert!(!allowed.allows("127.0.0.1"));
        assert!(allowed.allows_origin("http://localhost:8421"));
        assert!(!allowed.allows_origin("https://localhost:8421"));
        assert!(!allowed.allows_origin("null"));
    }

    #[test]
    fn every_address_answers_to_any_ip_with_its_port_but_no_name() {
        let allowed = AllowedHosts::for_address("0.0.0.0:9000".parse().unwrap());
        assert!(allowed.allows("192.0.2.7:9000"));
        assert!(!allowed.allows("192.0.2.7:9001"));
        assert!(!allowed.allows("rebind.example:9000"));
    }
}
