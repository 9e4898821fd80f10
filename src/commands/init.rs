//! `tenderguard init`: a commented starter profile a procurement officer can fill in.

use std::path::{Path, PathBuf};

use handlebars::Handlebars;
use serde_json::json;

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
    let starter = starter_profile(path, &techs, risk)?;
    write_atomically(path, starter.as_bytes())?;
    println!(
        "Wrote {}: fill in [tender], then run `tenderguard generate {}`",
        path.display(),
        path.display()
    );
    Ok(Outcome::Clean)
}

/// The starter profile, commented key by key. It is not a pack template (`templates/` holds
/// those, and `--templates` overrides them), so it lives beside this command.
const STARTER_PROFILE: &str = include_str!("starter-profile.toml.hbs");

/// The starter profile for `path`, with `technologies` in scope and `risk` stated or left to be
/// derived. Values are written as given: the output is TOML, not HTML.
fn starter_profile(
    path: &Path,
    technologies: &[String],
    risk: Option<RiskLevel>,
) -> Result<String, Diagnostic> {
    let mut registry = Handlebars::new();
    registry.set_strict_mode(true);
    registry.register_escape_fn(handlebars::no_escape);
    let data = json!({
        "path": path.display().to_string(),
        "technologies": technologies,
        "risk": risk.map(|l| l.to_string()),
        "impact": impact_lines(),
    });
    registry
        .render_template(STARTER_PROFILE, &data)
        .map_err(|e| Diagnostic::error(format!("the starter profile could not be written: {e}")))
}

/// The `[impact]` answers, commented out, each with the question it answers (the questions the
/// page asks too).
fn impact_lines() -> Vec<String> {
    let mut lines: Vec<String> = IMPACT_QUESTIONS
        .iter()
        .map(|q| format!("# {:<36} # {}", format!("{} = false", q.key), q.question))
        .collect();
    lines.insert(
        2,
        "# personal_data = \"none\"               # none | personal | special-category".to_string(),
    );
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_states_the_risk_only_when_given() {
        let cctv = ["cctv".to_string()];
        let derived = starter_profile(Path::new("p.toml"), &cctv, None).unwrap();
        assert!(derived.contains("\n# risk = \"medium\" "));
        assert!(!derived.contains("\nrisk = "));
        let stated = starter_profile(Path::new("p.toml"), &cctv, Some(RiskLevel::Low)).unwrap();
        assert!(stated.contains("\nrisk = \"low\" "));
        assert!(!stated.contains("# risk = \"medium\""));
    }

    #[test]
    fn the_starter_lists_every_technology_and_names_the_path_as_given() {
        let techs = ["parking".to_string(), "data-platform".to_string()];
        let s = starter_profile(Path::new("a&b <x>.toml"), &techs, None).unwrap();
        assert!(s.contains("technologies = [\"parking\", \"data-platform\"]   #"));
        assert!(s.contains("tenderguard generate a&b <x>.toml\n"));
    }
}
