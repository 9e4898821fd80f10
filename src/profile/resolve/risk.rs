//! The risk level: derived from the technologies and impact answers, or stated with a reason.

use super::{amend, Ctx};
use crate::library::{PersonalData, RiskLevel, Technology};
use crate::profile::raw::RawScope;
use crate::profile::{Impact, RiskAssessment, RiskReason, Scale};

/// How each impact answer moves the risk level. Our judgement, documented in the pack: the
/// guidance publishes no risk scale (see requirements/README.md).
fn impact_reasons(impact: &Impact) -> Vec<RiskReason> {
    // (answered yes, the profile's words, what it means, the bidder's words, why it matters, level)
    let answers = [
        (
            impact.safety,
            "impact.safety = true",
            "compromise or failure could harm people or public safety",
            "A compromise or failure of the system could harm people or public safety",
            "protecting people outweighs every other impact",
            RiskLevel::High,
        ),
        (
            impact.cni_dependency,
            "impact.cni_dependency = true",
            "depends on or connects to critical national infrastructure",
            "The system depends on or connects to critical national infrastructure",
            "a compromise could reach services the country depends on",
            RiskLevel::High,
        ),
        (
            impact.public_monitoring,
            "impact.public_monitoring = true",
            "systematic monitoring of publicly accessible space (a DPIA is mandatory); on its own it implies medium, not high",
            "The system monitors publicly accessible space",
            "a data protection impact assessment is mandatory",
            RiskLevel::Medium,
        ),
        (
            impact.personal_data.level == PersonalData::SpecialCategory,
            "personal data: special-category",
            "special category data (health, biometrics and the like)",
            "The system processes special category personal data, such as health or biometric data",
            "the law gives this data the strongest protection",
            RiskLevel::High,
        ),
        (
            impact.personal_data.level == PersonalData::Personal,
            "personal data: personal",
            "processes personal data",
            "The system processes personal data",
            "the Council must protect it as data protection law requires",
            RiskLevel::Medium,
        ),
        (
            impact.controls_physical_assets,
            "impact.controls_physical_assets = true",
            "actuates physical equipment",
            "The system operates physical equipment",
            "a compromise could change what the equipment does",
            RiskLevel::Medium,
        ),
        (
            impact.supplier_remote_access,
            "impact.supplier_remote_access = true",
            "the supplier connects in or administers remotely",
            "The Supplier will connect to the system remotely to support or administer it",
            "a remote connection is a route into the system",
            RiskLevel::Medium,
        ),
        (
            impact.connects_to_corporate_network,
            "impact.connects_to_corporate_network = true",
            "connects to the Council’s corporate network",
            "The system connects to the Council’s corporate network",
            "a compromise could spread to other Council services",
            RiskLevel::Medium,
        ),
    ];
    answers
        .into_iter()
        .filter(|a| a.0)
        .map(
            |(_, factor, explanation, described, why, implies)| RiskReason {
                factor: factor.to_string(),
                explanation: explanation.to_string(),
                implies,
                described: described.to_string(),
                why: why.to_string(),
            },
        )
        .collect()
}

/// The risk level with the reasons for it: the highest that the technologies and impact answers
/// imply, unless `scope.risk` states one (lower only with a `risk_reason`).
pub(super) fn resolve_risk(
    ctx: &mut Ctx,
    scope: &RawScope,
    technologies: &[Technology],
    impact: &Impact,
) -> RiskAssessment {
    let mut reasons: Vec<RiskReason> = technologies
        .iter()
        .map(|t| RiskReason {
            factor: format!("technology {}", t.id),
            explanation: format!(
                "{} defaults to {} risk in the library",
                t.name, t.default_risk
            ),
            implies: t.default_risk,
            described: format!(
                "The tender includes {}",
                crate::typography::in_sentence(&t.name)
            ),
            why: match t.default_risk {
                RiskLevel::Low => "systems of this kind usually hold no personal data and control nothing physical",
                RiskLevel::Medium => "systems of this kind usually process personal data or run a service the Council relies on",
                RiskLevel::High => "systems of this kind usually control safety-relevant equipment or services the public depends on",
            }
            .to_string(),
        })
        .collect();
    reasons.extend(impact_reasons(impact));
    let scale = Scale::of(scope.sites, scope.devices, scope.contract_value);
    apply_scale(&mut reasons, scale, impact);
    let derived = reasons
        .iter()
        .map(|r| r.implies)
        .max()
        .unwrap_or(RiskLevel::Low);
    let stated = scope.risk.as_ref().map(|r| *r.get_ref());
    let reason_text = scope
        .risk_reason
        .as_ref()
        .map(|r| r.get_ref().trim().to_string());
    let mut override_reason = None;
    if let Some(rr) = &scope.risk_reason {
        if rr.get_ref().trim().is_empty() {
            ctx.error(rr, "risk_reason must not be empty", "empty");
        }
    }
    if let (Some(level), Some(span)) = (stated, &scope.risk) {
        if level < derived {
            match reason_text.filter(|s| !s.is_empty()) {
                Some(reason) => override_reason = Some(reason),
                None if scope.risk_reason.is_none() => {
                    let drivers: Vec<String> = reasons
                        .iter()
                        .filter(|r| r.implies == derived)
                        .map(|r| r.factor.clone())
                        .collect();
                    let d = ctx.error(
                        span,
                        format!("risk = \"{level}\" is lower than the derived level \"{derived}\" and no risk_reason is given"),
                        "lower than derived",
                    );
                    let note = format!("{derived} comes from: {}", drivers.join("; "));
                    amend(d, |d| {
                        d.note(note)
                            .help(format!("add `risk_reason = \"…\"` to [scope] explaining why {level} is right, or remove `risk` to use {derived}"))
                    });
                }
                None => {}
            }
        } else if let Some(rr) = &scope.risk_reason {
            ctx.warn(
                rr,
                "risk_reason is only used when `risk` is lower than the derived level",
                "has no effect",
            );
        }
    } else if let Some(rr) = &scope.risk_reason {
        ctx.warn(
            rr,
            "risk_reason is only used when `risk` is lower than the derived level",
            "has no effect",
        );
    }
    RiskAssessment {
        level: stated.unwrap_or(derived),
        derived_level: derived,
        stated,
        override_reason,
        reasons,
        scale,
    }
}

/// The scale factor: at small scale (a two-building estate) what would imply medium implies
/// low, and special category data implies medium; safety and CNI stay high at every scale. At
/// large scale, public monitoring implies high (a city-wide camera network). Our judgement,
/// documented in requirements/README.md: the guidance publishes no scale thresholds.
fn apply_scale(reasons: &mut Vec<RiskReason>, scale: Scale, impact: &Impact) {
    let keeps = |r: &RiskReason| {
        r.factor == "impact.safety = true" || r.factor == "impact.cni_dependency = true"
    };
    match scale {
        Scale::Standard => {}
        Scale::Small => {
            for r in reasons.iter_mut().filter(|r| !keeps(r)) {
                let lower = match r.implies {
                    RiskLevel::High => RiskLevel::Medium,
                    _ => RiskLevel::Low,
                };
                if lower != r.implies {
                    r.explanation = format!("{}; one level lower at small scale", r.explanation);
                    r.implies = lower;
                }
            }
            reasons.push(RiskReason {
                factor: "scope: small scale".into(),
                explanation: "at most 2 sites and 50 devices, under £250,000: each answer but safety and CNI implies one level lower".into(),
                implies: RiskLevel::Low,
                described: "The deployment is small (at most 2 sites and 50 devices)".into(),
                why: "a compromise reaches few people and little equipment".into(),
            });
        }
        Scale::Large => {
            if impact.public_monitoring {
                reasons.push(RiskReason {
                    factor: "scope: large scale with public monitoring".into(),
                    explanation: "more than 20 sites or 500 devices, or £2 million or more, monitoring public space".into(),
                    implies: RiskLevel::High,
                    described: "The system monitors public space at large scale".into(),
                    why: "monitoring of this reach affects many people".into(),
                });
            }
        }
    }
}
