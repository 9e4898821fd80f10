//! Raw profile → resolved profile. All profile errors are found here, each pointing at its key.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use sha2::{Digest, Sha256};
use toml::Spanned;

use super::raw::*;
use super::*;
use crate::diagnostics::{did_you_mean, parse_toml, Diagnostic, Diagnostics, SourceFile};
use crate::library::{
    hex, ClauseOrigin, Evidence, Library, ObligationTable, ParameterType, RawEvidence, SourceRef,
    Stage, VerifyStage, PERSONAL_DATA_TRAIT, SPECIAL_CATEGORY_DATA_TRAIT,
};

struct Ctx<'a> {
    file: Arc<SourceFile>,
    lib: &'a Library,
    diags: Diagnostics,
}

impl Ctx<'_> {
    fn error<T>(
        &mut self,
        s: &Spanned<T>,
        message: impl Into<String>,
        label: &str,
    ) -> &mut Diagnostic {
        let d = Diagnostic::error(message).at(&self.file, s.span(), label);
        self.diags.push(d);
        self.diags.0.last_mut().unwrap()
    }
    fn warn<T>(
        &mut self,
        s: &Spanned<T>,
        message: impl Into<String>,
        label: &str,
    ) -> &mut Diagnostic {
        let d = Diagnostic::warning(message).at(&self.file, s.span(), label);
        self.diags.push(d);
        self.diags.0.last_mut().unwrap()
    }
}

fn amend(d: &mut Diagnostic, f: impl FnOnce(Diagnostic) -> Diagnostic) {
    let taken = std::mem::replace(d, Diagnostic::error(""));
    *d = f(taken);
}

fn non_empty(ctx: &mut Ctx, s: &Spanned<String>, what: &str) -> String {
    let v = s.get_ref().trim().to_string();
    if v.is_empty() {
        ctx.error(s, format!("{what} must not be empty"), "empty");
    }
    v
}

/// Reads and validates a profile against a library.
pub fn resolve_profile(
    path: &str,
    bytes: &[u8],
    lib: &Library,
) -> Result<ResolvedProfile, Diagnostics> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(e) => return Err(crate::diagnostics::not_utf8(path, bytes, e.valid_up_to()).into()),
    };
    let file = Arc::new(SourceFile::new(path, text));
    if file.text.trim().is_empty() {
        return Err(Diagnostic::error("the profile is empty")
            .in_file(path)
            .help("it needs at least [tender] (title, reference, buyer) and [scope] (technologies); `tenderguard init` writes a starter")
            .into());
    }
    let raw: RawProfile = parse_toml(&file)?;
    let sha256 = hex(&Sha256::digest(bytes));

    let mut ctx = Ctx {
        file: file.clone(),
        lib,
        diags: Diagnostics::default(),
    };

    let tender = resolve_tender(&mut ctx, &raw.tender);
    let scope = raw.scope.get_ref();
    let technologies = resolve_technologies(&mut ctx, &scope.technologies);
    let raw_impact = raw
        .impact
        .as_ref()
        .map(|i| i.get_ref().clone())
        .unwrap_or_default();

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
    if let (Some(answer), Some(impact)) = (answered_pd, &raw.impact) {
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

    let risk = resolve_risk(&mut ctx, scope, &technologies, &impact);
    let parameters = resolve_parameters(&mut ctx, raw.parameters.as_ref(), risk.level);
    let own_ids: Vec<&str> = raw
        .clause
        .iter()
        .map(|c| c.get_ref().id.get_ref().trim())
        .collect();
    let tailoring = resolve_tailoring(&mut ctx, raw.tailoring.as_ref(), &own_ids);
    let custom = resolve_custom(&mut ctx, &raw.clause);
    let formats = raw
        .output
        .as_ref()
        .map(|o| resolve_formats(&mut ctx, &o.formats));

    if ctx.diags.has_errors() {
        return Err(ctx.diags);
    }
    let as_read = toml::from_str::<toml::Value>(&file.text)
        .map(|v| toml_to_json(&v))
        .unwrap_or(serde_json::Value::Null);
    let warnings = ctx.diags.0;
    Ok(ResolvedProfile {
        tender,
        technologies,
        traits,
        hosting: scope.hosting,
        impact,
        risk,
        parameters,
        tailoring,
        custom,
        formats,
        as_read,
        sha256,
        file,
        warnings,
    })
}

fn resolve_tender(ctx: &mut Ctx, raw: &Spanned<RawTender>) -> Tender {
    let t = raw.get_ref();
    let title = non_empty(ctx, &t.title, "the tender title");
    let reference = non_empty(ctx, &t.reference, "the tender reference");
    if !reference.is_empty() && slugify(&reference).is_empty() {
        let d = ctx.error(
            &t.reference,
            "the tender reference has no letters or digits",
            "cannot name an output folder",
        );
        amend(d, |d| {
            d.help("use the authority's reference, e.g. \"ECC-2026-0142\"")
        });
    }
    let buyer = non_empty(ctx, &t.buyer, "the buyer");
    let issue_date = t.issue_date.as_ref().and_then(|d| {
        let v = d.get_ref();
        match (v.date, v.time, v.offset) {
            (Some(date), None, None) => Some(date.to_string()),
            _ => {
                let e = ctx.error(d, "issue_date must be a date only", "not a plain date");
                amend(e, |e| {
                    e.help("write it unquoted as YYYY-MM-DD, e.g. issue_date = 2026-12-01")
                });
                None
            }
        }
    });
    let deadline = t.deadline.as_ref().and_then(|d| {
        let v = d.get_ref();
        match (v.date, v.time, v.offset) {
            (Some(date), None, None) => Some(date.to_string()),
            (Some(date), Some(time), None) => Some(format!("{date} {:02}:{:02}", time.hour, time.minute)),
            _ => {
                let e = ctx.error(d, "deadline must be a date, or a date and a local time", "not a date");
                amend(e, |e| e.help("write it unquoted, e.g. deadline = 2027-01-15 or deadline = 2027-01-15T12:00:00"));
                None
            }
        }
    });
    if let (Some(issued), Some(due), Some(span)) = (&issue_date, &deadline, &t.deadline) {
        if due.as_str() < issued.as_str() {
            let d = ctx.warn(
                span,
                format!("the deadline {due} is before the issue date {issued}"),
                "before the issue date",
            );
            amend(d, |d| d.help("check both dates"));
        }
    }
    let version = match &t.version {
        Some(v) => non_empty(ctx, v, "the tender version"),
        None => "1.0".to_string(),
    };
    let schedule = t
        .schedule
        .as_ref()
        .map(|s| non_empty(ctx, s, "the schedule number"));
    let history = t
        .history
        .iter()
        .map(|h| resolve_history_entry(ctx, h.get_ref()))
        .collect();
    Tender {
        title,
        reference,
        buyer,
        issue_date,
        deadline,
        version,
        contact: t.contact.clone().filter(|s| !s.trim().is_empty()),
        marking: t.marking.clone().filter(|s| !s.trim().is_empty()),
        schedule,
        history,
    }
}

fn resolve_history_entry(ctx: &mut Ctx, h: &RawVersionEntry) -> VersionEntry {
    let date = h.date.as_ref().and_then(|d| {
        let v = d.get_ref();
        match (v.date, v.time, v.offset) {
            (Some(date), None, None) => Some(date.to_string()),
            _ => {
                let e = ctx.error(d, "a history date must be a date only", "not a plain date");
                amend(e, |e| {
                    e.help("write it unquoted as YYYY-MM-DD, e.g. date = 2026-11-20")
                });
                None
            }
        }
    });
    VersionEntry {
        version: non_empty(ctx, &h.version, "a history entry's version"),
        date,
        change: non_empty(ctx, &h.change, "a history entry's change"),
    }
}

fn resolve_technologies(ctx: &mut Ctx, raw: &Spanned<Vec<Spanned<String>>>) -> Vec<Technology> {
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
            "systematic monitoring of publicly accessible space (a DPIA is mandatory)",
            "The system monitors publicly accessible space",
            "a data protection impact assessment is mandatory",
            RiskLevel::High,
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

fn resolve_risk(
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

type RawParams = Spanned<BTreeMap<Spanned<String>, Spanned<toml::Value>>>;

fn resolve_parameters(
    ctx: &mut Ctx,
    raw: Option<&RawParams>,
    level: RiskLevel,
) -> BTreeMap<String, ResolvedParameter> {
    let lib = ctx.lib;
    let mut out: BTreeMap<String, ResolvedParameter> = lib
        .parameters
        .iter()
        .map(|p| {
            let from = if p.by_risk.contains_key(&level) {
                "risk level default"
            } else {
                "library default"
            };
            (
                p.name.clone(),
                ResolvedParameter {
                    value: p.default_at(level).clone(),
                    from,
                },
            )
        })
        .collect();
    let Some(raw) = raw else { return out };
    for (name, value) in raw.get_ref() {
        let Some(param) = lib.parameter(name.get_ref()) else {
            let names: Vec<&str> = lib.parameters.iter().map(|p| p.name.as_str()).collect();
            let help = match did_you_mean(name.get_ref(), names.iter().copied()) {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!("allowed: {}", names.join(", ")),
            };
            let d = ctx.error(
                name,
                format!("unknown parameter `{}`", name.get_ref()),
                "not declared by the library",
            );
            amend(d, |d| d.help(help));
            continue;
        };
        let resolved = match (param.kind, value.get_ref()) {
            (ParameterType::Integer, toml::Value::Integer(n)) => {
                let below = param.min.is_some_and(|m| *n < m);
                let above = param.max.is_some_and(|m| *n > m);
                if below || above {
                    let msg = format!("{} is out of range for `{}`", n, param.name);
                    let help = format!("allowed: {} ({})", param.allowed(), param.meaning);
                    let d = ctx.error(value, msg, "out of range");
                    amend(d, |d| d.help(help));
                    continue;
                }
                ParamValue::Integer(*n)
            }
            (ParameterType::Text, toml::Value::String(s)) if !s.trim().is_empty() => {
                ParamValue::Text(s.trim().to_string())
            }
            (_, v) => {
                let msg = format!(
                    "`{}` takes {}, not {}",
                    param.name,
                    param.allowed(),
                    v.type_str()
                );
                let help = param.meaning.clone();
                let d = ctx.error(value, msg, "wrong type");
                amend(d, |d| d.note(help));
                continue;
            }
        };
        out.insert(
            param.name.clone(),
            ResolvedParameter {
                value: resolved,
                from: "profile",
            },
        );
    }
    out
}

fn clause_id_help(lib: &Library, id: &str) -> String {
    match did_you_mean(id, lib.clauses.iter().map(|c| c.id.as_str())) {
        Some(close) => format!("did you mean `{close}`?"),
        None => "see `tenderguard list clauses` for the library's ids".to_string(),
    }
}

/// Tailoring has no references between entries, so nothing in it can form a cycle; what can go
/// wrong is an entry that repeats or contradicts an earlier one, or names a clause the library
/// does not have (the profile's own clauses included: they are removed, not tailored).
fn resolve_tailoring(ctx: &mut Ctx, raw: Option<&RawTailoring>, own_ids: &[&str]) -> Tailoring {
    let mut out = Tailoring::default();
    let Some(raw) = raw else { return out };
    let lib = ctx.lib;
    let mut seen: BTreeMap<String, (&'static str, usize)> = BTreeMap::new();
    let mut check_id = |ctx: &mut Ctx, id: &Spanned<String>, kind: &'static str| -> bool {
        if lib.clause(id.get_ref()).is_none() {
            let help = if own_ids.contains(&id.get_ref().trim()) {
                format!(
                    "`{}` is one of this profile's own clauses: delete its [[clause]] table instead",
                    id.get_ref().trim()
                )
            } else {
                clause_id_help(lib, id.get_ref())
            };
            let d = ctx.error(
                id,
                format!(
                    "cannot {kind} `{}`: the library has no such clause",
                    id.get_ref()
                ),
                "unknown clause id",
            );
            amend(d, |d| d.help(help));
            return false;
        }
        if let Some((prev, at)) = seen.get(id.get_ref()).copied() {
            if prev == kind
                || (kind != "change" && prev != "change")
                || (kind == "change" && prev == "exclude")
            {
                let (line, col) = ctx.file.line_col(at);
                let first = format!("the {prev} is at {}:{line}:{col}", ctx.file.path);
                let d = ctx.error(
                    id,
                    format!(
                        "`{}` is already tailored ({prev}); this {kind} contradicts or repeats it",
                        id.get_ref()
                    ),
                    "contradictory tailoring",
                );
                amend(d, |d| {
                    d.note(first).help("each clause may be excluded, or included, once; an obligation change cannot apply to an excluded clause")
                });
                return false;
            }
        }
        seen.insert(id.get_ref().clone(), (kind, id.span().start));
        true
    };
    for e in &raw.exclude {
        let e = e.get_ref();
        let reason = non_empty(ctx, &e.reason, "an exclusion reason");
        if check_id(ctx, &e.id, "exclude") {
            out.exclude.push(TailorEntry {
                id: e.id.get_ref().clone(),
                reason,
                span: e.id.span(),
            });
        }
    }
    for e in &raw.include {
        let e = e.get_ref();
        let reason = non_empty(ctx, &e.reason, "an inclusion reason");
        if check_id(ctx, &e.id, "include") {
            out.include.push(TailorEntry {
                id: e.id.get_ref().clone(),
                reason,
                span: e.id.span(),
            });
        }
    }
    for e in &raw.obligation {
        let e = e.get_ref();
        let reason = non_empty(ctx, &e.reason, "an obligation change reason");
        if check_id(ctx, &e.id, "change") {
            out.obligation.push(ObligationChange {
                id: e.id.get_ref().clone(),
                to: e.to,
                reason,
                span: e.id.span(),
            });
        }
    }
    out
}

/// Buyer clause ids: letters, digits and hyphens, starting with a letter.
fn valid_custom_id(id: &str) -> bool {
    id.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && id.len() <= 24
}

fn resolve_custom(ctx: &mut Ctx, raw: &[Spanned<RawCustomClause>]) -> Vec<Clause> {
    let mut out: Vec<Clause> = Vec::new();
    let mut first_use: BTreeMap<String, usize> = BTreeMap::new();
    for c in raw {
        let c = c.get_ref();
        let id = c.id.get_ref().trim().to_string();
        if !valid_custom_id(&id) {
            let d = ctx.error(
                &c.id,
                format!("`{id}` is not a usable clause id"),
                "invalid id",
            );
            amend(d, |d| {
                d.help("use letters, digits and hyphens, starting with a letter, at most 24 characters (e.g. \"ECC-01\")")
            });
            continue;
        }
        if ctx.lib.clause(&id).is_some() {
            let d = ctx.error(
                &c.id,
                format!("`{id}` is a library clause id"),
                "already used by the library",
            );
            amend(d, |d| {
                d.help("give your own clauses ids with your authority's prefix, e.g. \"ECC-01\"")
            });
            continue;
        }
        if let Some(first) = first_use.get(&id) {
            let (line, col) = ctx.file.line_col(*first);
            let note = format!("first used at {}:{line}:{col}", ctx.file.path);
            let d = ctx.error(
                &c.id,
                format!("clause id `{id}` is used twice in this profile"),
                "duplicate",
            );
            amend(d, |d| {
                d.note(note)
                    .help("give each of your own clauses its own id")
            });
            continue;
        }
        first_use.insert(id.clone(), c.id.span().start);
        let title = non_empty(ctx, &c.title, "a clause title");
        let text = non_empty(ctx, &c.text, "clause text");
        if c.evidence
            .get_ref()
            .iter()
            .all(|e| e.text().trim().is_empty())
        {
            let d = ctx.error(
                &c.evidence,
                format!("clause `{id}` names no evidence"),
                "empty",
            );
            amend(d, |d| {
                d.help("say what the supplier hands over that you can check, e.g. [\"Integration design document\"]")
            });
        }
        let keyword = c.obligation.keyword();
        if !text.contains(keyword) {
            let d = ctx.warn(
                &c.text,
                format!(
                    "clause `{id}` is `{}` but its text does not say {keyword}",
                    c.obligation.as_str()
                ),
                "text",
            );
            amend(d, |d| {
                d.help(format!(
                    "write \"The Supplier {keyword} …\" so the text and the obligation agree"
                ))
            });
        }
        let stage = c.stage.unwrap_or(Stage::Specification);
        out.push(Clause {
            id,
            version: 1,
            title,
            section: c.section,
            stage,
            text: crate::library::normalise_text(&text),
            obligation: ObligationTable {
                low: Some(c.obligation),
                medium: Some(c.obligation),
                high: Some(c.obligation),
            },
            applies_to: crate::library::AppliesTo {
                all: true,
                ..Default::default()
            },
            when: Default::default(),
            evidence: {
                let first_stage = c
                    .verify
                    .as_ref()
                    .and_then(|v| v.iter().min().copied())
                    .unwrap_or(VerifyStage::Tender);
                c.evidence
                    .get_ref()
                    .iter()
                    .filter(|e| !e.text().trim().is_empty())
                    .map(|e| Evidence {
                        item: e.text().trim().to_string(),
                        due: match e {
                            RawEvidence::Item { due, .. } => *due,
                            RawEvidence::Text(_) => first_stage,
                        },
                    })
                    .collect()
            },
            rationale: c
                .rationale
                .clone()
                .unwrap_or_else(|| "A requirement the Council set for this tender.".to_string()),
            guidance: Vec::new(),
            mappings: Vec::new(),
            sources: vec![SourceRef {
                document: "buyer".to_string(),
                section: "Profile [[clause]]".to_string(),
                verified: true,
                note: None,
            }],
            strong_answer: Vec::new(),
            word_limit: None,
            buyer_prerequisites: Vec::new(),
            origin: ClauseOrigin::Buyer,
            loc: None,
        });
    }
    out
}

fn resolve_formats(ctx: &mut Ctx, raw: &Spanned<Vec<Spanned<String>>>) -> Vec<Format> {
    let mut out = Vec::new();
    if raw.get_ref().is_empty() {
        let keys: Vec<&str> = Format::ALL.iter().map(|f| f.key()).collect();
        let help = format!("name at least one of: {}", keys.join(", "));
        let d = ctx.error(raw, "output.formats is empty", "no formats");
        amend(d, |d| d.help(help));
    }
    for key in raw.get_ref() {
        match Format::from_key(key.get_ref()) {
            Some(f) if !out.contains(&f) => out.push(f),
            Some(_) => {}
            None => {
                let keys: Vec<&str> = Format::ALL.iter().map(|f| f.key()).collect();
                let help = match did_you_mean(key.get_ref(), keys.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!("allowed: {}", keys.join(", ")),
                };
                let d = ctx.error(
                    key,
                    format!("unknown output format `{}`", key.get_ref()),
                    "not a format",
                );
                amend(d, |d| d.help(help));
            }
        }
    }
    out
}

/// The profile as JSON for `selection.json`: dates become their TOML text (`2026-12-01`)
/// rather than serde's private datetime wrapper.
fn toml_to_json(v: &toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        toml::Value::String(s) => J::String(s.clone()),
        toml::Value::Integer(i) => J::from(*i),
        toml::Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
        toml::Value::Boolean(b) => J::Bool(*b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => J::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}
