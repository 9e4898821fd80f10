//! The risk level: derived from the technologies and impact answers, or stated with a reason.

use super::{amend, Ctx};
use crate::library::{PersonalData, RiskLevel, Technology};
use crate::profile::raw::RawScope;
use crate::profile::{Impact, RiskAssessment, RiskReason};

/// How each impact answer moves the risk level. Our judgement, documented in the pack: the
/// guidance publishes no risk scale (see requirements/README.md).
fn impact_reasons(impact: &Impact) -> Vec<RiskReason> {
    let mut r = Vec::new();
    let mut add = |on: bool, factor: &str, explanation: &str, implies: RiskLevel| {
        if on {
            r.push(RiskReason {
                factor: factor.to_string(),
                explanation: explanation.to_string(),
                implies,
            });
        }
    };
    add(
        impact.safety,
        "impact.safety = true",
        "compromise or failure could harm people or public safety",
        RiskLevel::High,
    );
    add(
        impact.cni_dependency,
        "impact.cni_dependency = true",
        "depends on or connects to critical national infrastructure",
        RiskLevel::High,
    );
    add(
        impact.public_monitoring,
        "impact.public_monitoring = true",
        "systematic monitoring of publicly accessible space (a DPIA is mandatory)",
        RiskLevel::High,
    );
    add(
        impact.personal_data.level == PersonalData::SpecialCategory,
        "personal data: special-category",
        "special category data (health, biometrics and the like)",
        RiskLevel::High,
    );
    add(
        impact.personal_data.level == PersonalData::Personal,
        "personal data: personal",
        "processes personal data",
        RiskLevel::Medium,
    );
    add(
        impact.controls_physical_assets,
        "impact.controls_physical_assets = true",
        "actuates physical equipment",
        RiskLevel::Medium,
    );
    add(
        impact.supplier_remote_access,
        "impact.supplier_remote_access = true",
        "the supplier connects in or administers remotely",
        RiskLevel::Medium,
    );
    add(
        impact.connects_to_corporate_network,
        "impact.connects_to_corporate_network = true",
        "connects to the Council's corporate network",
        RiskLevel::Medium,
    );
    r
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
        })
        .collect();
    reasons.extend(impact_reasons(impact));
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
    }
}
