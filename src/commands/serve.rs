//! `tenderguard serve [--port N] [--open] [--listen ADDR] [PROFILE]`: the profile form, what it
//! selects and the pack's downloads on a page in the officer's browser (`crate::serve`).

use std::io::Write as _;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};

use super::{report, CommandResult, Outcome};
use crate::diagnostics::Diagnostic;
use crate::pipeline::Engine;
use crate::serve::{ServeConfig, Server};

/// The port used unless `--port` says otherwise.
pub const DEFAULT_PORT: u16 = 8421;

/// Serve the profile form and the pack's downloads on a local page.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// A profile to open in the form; "Save" writes the form back to it.
    pub profile: Option<PathBuf>,
    /// The port to listen on (0: any free port).
    #[arg(long, default_value_t = DEFAULT_PORT, value_name = "N")]
    pub port: u16,
    /// Open the page in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Listen on ADDR instead of 127.0.0.1. Anyone who can reach ADDR can then use the page.
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<IpAddr>,
    /// Override the built-in prose templates with same-named .hbs files in DIR, as `generate`
    /// does, so that the page's downloads match its output.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

/// Loads the library, binds the address, prints it and serves until the process is stopped.
pub fn run(library: Option<&Path>, args: ServeArgs) -> CommandResult {
    let ip = args.listen.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    if !ip.is_loopback() {
        report(&[Diagnostic::warning(format!(
            "listening on {ip}, which other machines may reach: anyone who can connect can use the page and read the profile"
        ))
        .help("leave out --listen to serve this computer only")]);
    }
    if let Some(path) = &args.profile {
        if path.is_dir() {
            return Err(
                Diagnostic::error("expected a profile file but this is a directory")
                    .in_file(path)
                    .help("pass the profile's .toml file, or nothing to start with an empty form")
                    .into(),
            );
        }
    }
    let engine = Engine::load(library)?.with_templates(args.templates.as_deref())?;
    let server = Server::bind(
        engine,
        ServeConfig {
            listen: SocketAddr::new(ip, args.port),
            profile: args.profile,
        },
    )?;
    let url = server.url();
    println!("tenderguard is serving the profile page at {url}");
    println!("Open it in your browser; press Ctrl-C here to stop.");
    let _ = std::io::stdout().flush();
    if args.open {
        if let Err(why) = open_browser(&url) {
            report(
                &[Diagnostic::warning(format!("cannot open a browser: {why}"))
                    .help(format!("open {url} yourself"))],
            );
        }
    }
    server.run()?;
    Ok(Outcome::Clean)
}

/// Asks the desktop to open `url` in the default browser, without waiting for it.
fn open_browser(url: &str) -> Result<(), String> {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(drop)
        .map_err(|e| e.to_string())
}
