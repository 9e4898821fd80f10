//! `[scope]` and `[impact]`: the technologies in scope, their traits, and the impact answers.

use std::collections::BTreeSet;

use toml::Spanned;

use super::{amend, Ctx};
use crate::diagnostics::did_you_mean;
use crate::library::{PersonalData, Technology, PERSONAL_DATA_TRAIT, SPECIAL_CATEGORY_DATA_TRAIT};
use crate::profile::raw::RawImpact;
use crate::profile::{Impact, PersonalDataAnswer};

/// The technologies named in `scope.technologies`, looked up in the library, each once.
pub(super) fn resolve_technologies(
    ctx: &mut Ctx,
    raw: &Spanned<Vec<Spanned<String>>>,
) -> Vec<Technology> {
    if raw.get_ref().is_empty() {
        let allowed: Vec<&str> = ctx.lib.technologies.iter().map(|t| t.id.as_str()).collect();
        let msg = format!("allowed: {}", allowed.join(", "));
        let d = ctx.error(
            raw,
            "scope.technologies must name at least one technology",
            "empty list",
        );
        amend(d, |d| d.help(msg));
        return Vec::new();
    }
    let mut out: Vec<Technology> = Vec::new();
    for id in raw.get_ref() {
        let lib = ctx.lib;
        match lib.technology(id.get_ref()) {
            Some(t) if out.iter().any(|o| o.id == t.id) => {
                ctx.error(
                    id,
                    format!("technology `{}` is listed twice", t.id),
                    "duplicate",
                );
            }
            Some(t) => out.push(t.clone()),
            None => {
                let allowed: Vec<&str> = lib.technologies.iter().map(|t| t.id.as_str()).collect();
                let help = match did_you_mean(id.get_ref(), allowed.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!(
                        "allowed: {} (see `tenderguard list technologies`)",
                        allowed.join(", ")
                    ),
                };
                let d = ctx.error(
                    id,
                    format!("unknown technology `{}`", id.get_ref()),
                    "not in the library",
                );
                amend(d, |d| d.help(help));
            }
        }
    }
    out
}

/// The impact answers with defaults applied, and the traits in scope: the technologies' own,
/// plus the personal-data traits when the answer, raised to what the technologies imply, says so.
pub(super) fn resolve_impact(
    ctx: &mut Ctx,
    raw: Option<&Spanned<RawImpact>>,
    technologies: &[Technology],
) -> (Impact, BTreeSet<String>) {
    let raw_impact = raw.map(|i| i.get_ref().clone()).unwrap_or_default();

    let mut traits: BTreeSet<String> = technologies
        .iter()
        .flat_map(|t| t.traits.iter().cloned())
        .collect();
    let implied_pd = if traits.contains(SPECIAL_CATEGORY_DATA_TRAIT) {
        PersonalData::SpecialCategory
    } else if traits.contains(PERSONAL_DATA_TRAIT) {
        PersonalData::Personal
    } else {
        PersonalData::None
    };
    let answered_pd = raw_impact.personal_data;
    let pd_level = answered_pd.unwrap_or(PersonalData::None).max(implied_pd);
    if let (Some(answer), Some(impact)) = (answered_pd, raw) {
        if answer < implied_pd {
            let techs: Vec<&str> = technologies
                .iter()
                .filter(|t| {
                    t.traits
                        .iter()
                        .any(|tr| tr == PERSONAL_DATA_TRAIT || tr == SPECIAL_CATEGORY_DATA_TRAIT)
                })
                .map(|t| t.id.as_str())
                .collect();
            let d = ctx.warn(
                impact,
                format!(
                    "personal_data = \"{}\" but {} process {} data; using \"{}\"",
                    answer.as_str(),
                    techs.join(", "),
                    implied_pd.as_str(),
                    implied_pd.as_str()
                ),
                "in this table",
            );
            amend(d, |d| {
                d.help("pseudonymous identifiers and images of people are personal data (ICO)")
            });
        }
    }
    if pd_level >= PersonalData::Personal {
        traits.insert(PERSONAL_DATA_TRAIT.into());
    }
    if pd_level == PersonalData::SpecialCategory {
        traits.insert(SPECIAL_CATEGORY_DATA_TRAIT.into());
    }
    let impact = Impact {
        safety: raw_impact.safety.unwrap_or(false),
        controls_physical_assets: raw_impact.controls_physical_assets.unwrap_or(false),
        personal_data: PersonalDataAnswer {
            level: pd_level,
            answered: answered_pd,
        },
        public_monitoring: raw_impact.public_monitoring.unwrap_or(false),
        cni_dependency: raw_impact.cni_dependency.unwrap_or(false),
        supplier_remote_access: raw_impact.supplier_remote_access.unwrap_or(false),
        connects_to_corporate_network: raw_impact.connects_to_corporate_network.unwrap_or(false),
    };
    (impact, traits)
}
