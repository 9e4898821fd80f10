//! `tenderguard init`: a commented starter profile a procurement officer can fill in.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::{CommandResult, Outcome};
use crate::diagnostics::Diagnostic;
use crate::library::RiskLevel;
use crate::output::write_atomically;
use crate::pipeline::Engine;
use crate::profile::IMPACT_QUESTIONS;

/// Write a commented starter profile (refuses to overwrite).
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Where to write it.
    #[arg(default_value = "profile.toml")]
    pub path: PathBuf,
    /// A technology to put in scope (repeatable); see `list technologies`.
    #[arg(long = "technology", value_name = "ID")]
    pub technologies: Vec<String>,
    /// The risk level (omit to derive it).
    #[arg(long, value_name = "LEVEL")]
    pub risk: Option<RiskLevel>,
}

pub fn run(library: Option<&Path>, args: InitArgs) -> CommandResult {
    let engine = Engine::load(library)?;
    let lib = engine.library();
    let (path, technologies, risk) = (args.path.as_path(), &args.technologies, args.risk);
    if path.exists() {
        return Err(
            Diagnostic::error("the file already exists; init never overwrites")
                .in_file(path)
                .help("choose another path, e.g. `tenderguard init my-tender.toml`")
                .into(),
        );
    }
    for t in technologies {
        if lib.technology(t).is_none() {
            let ids: Vec<&str> = lib.technologies.iter().map(|t| t.id.as_str()).collect();
            let d = Diagnostic::error(format!("unknown technology `{t}` in --technology"));
            return Err(d
                .suggest_or(
                    t,
                    ids.iter().copied(),
                    format!("allowed: {}", ids.join(", ")),
                )
                .into());
        }
    }
    let techs = if technologies.is_empty() {
        vec!["cctv".to_string()]
    } else {
        technologies.to_vec()
    };
    let mut s = String::new();
    let _ = writeln!(s, "# tenderguard profile: the security part of one tender.");
    let _ = writeln!(
        s,
        "# Generate the pack with: tenderguard generate {}",
        path.display()
    );
    let _ = writeln!(
        s,
        "# Every key is explained in the README; unknown keys are errors.\n"
    );
    let _ = writeln!(s, "[tender]");
    let _ = writeln!(
        s,
        "title = \"Replace with the tender title\"          # required"
    );
    let _ = writeln!(s, "reference = \"ABC-2026-0001\"                     # required; also names the output folder");
    let _ = writeln!(
        s,
        "buyer = \"Replace with the contracting authority\" # required"
    );
    let _ = writeln!(s, "# issue_date = 2026-12-01                        # printed on the cover (no date is printed without it)");
    let _ = writeln!(s, "# deadline = 2027-01-15T12:00:00                 # when responses are due (date, or date and time)");
    let _ = writeln!(s, "# version = \"1.0\"");
    let _ = writeln!(s, "# contact = \"procurement@example.gov.uk\"");
    let _ = writeln!(s, "# marking = \"OFFICIAL\"                          # protective marking for header and footer\n");
    let _ = writeln!(s, "[scope]");
    let list: Vec<String> = techs.iter().map(|t| format!("\"{t}\"")).collect();
    let _ = writeln!(
        s,
        "technologies = [{}]   # ids from `tenderguard list technologies`",
        list.join(", ")
    );
    let _ = writeln!(
        s,
        "# hosting = \"cloud\"                             # on-premises | cloud | hybrid"
    );
    match risk {
        Some(l) => {
            let _ = writeln!(s, "risk = \"{l}\"                                   # low | medium | high; omit to derive it from the answers below");
        }
        None => {
            let _ = writeln!(s, "# risk = \"medium\"                              # low | medium | high; omit to derive it from the answers below");
        }
    }
    let _ = writeln!(s, "# risk_reason = \"...\"                           # required when risk is lower than the derived level\n");
    let _ = writeln!(s, "[impact]   # answer what you know; each \"true\" can raise the risk level and switch on clauses");
    for (i, q) in IMPACT_QUESTIONS.iter().enumerate() {
        let _ = writeln!(s, "# {:<36} # {}", format!("{} = false", q.key), q.question);
        if i == 1 {
            let _ = writeln!(
                s,
                "# personal_data = \"none\"               # none | personal | special-category"
            );
        }
    }
    s.push('\n');
    let _ = writeln!(s, "# [parameters]                         # override library values; see `tenderguard list clauses`");
    let _ = writeln!(s, "# critical_patch_days = 14\n");
    let _ = writeln!(s, "# [tailoring]                          # every entry needs a reason; all are listed in Annex C");
    let _ = writeln!(
        s,
        "# exclude = [ {{ id = \"DES-012\", reason = \"No wireless interfaces in scope\" }} ]"
    );
    let _ = writeln!(
        s,
        "# include = [ {{ id = \"SUP-030\", reason = \"Supplier will host data offshore\" }} ]"
    );
    let _ = writeln!(
        s,
        "# obligation = [ {{ id = \"MAN-004\", to = \"must\", reason = \"Council policy\" }} ]\n"
    );
    let _ = writeln!(
        s,
        "# [[clause]]                           # your own clauses, printed like library clauses"
    );
    let _ = writeln!(s, "# id = \"ABC-01\"");
    let _ = writeln!(
        s,
        "# section = \"design\"                   # understand | design | manage | technology"
    );
    let _ = writeln!(
        s,
        "# title = \"Integration with the existing control room\""
    );
    let _ = writeln!(s, "# text = \"The Supplier MUST integrate with the Council's existing video management system.\"");
    let _ = writeln!(
        s,
        "# obligation = \"must\"                  # must | should"
    );
    let _ = writeln!(s, "# evidence = [\"Integration design document\"]\n");
    let _ = writeln!(s, "# [output]");
    let _ = writeln!(s, "# formats = [\"docx\", \"pdf\", \"csv\", \"json\"]");
    write_atomically(path, s.as_bytes())?;
    println!(
        "Wrote {}: fill in [tender], then run `tenderguard generate {}`",
        path.display(),
        path.display()
    );
    Ok(Outcome::Clean)
}
