//! Structural checks on a loaded library: unique ids, the id scheme, monotonic obligations, and
//! every reference (technology, trait, source, guidance item, parameter) resolving.
//! Any failure here is an error: a library that fails cannot build a pack.

use std::collections::BTreeMap;
use std::sync::Arc;

use toml::Spanned;

use super::raw::RawAppliesTo;
use super::*;
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, SourceFile};

/// Positions of the non-clause entries, collected while loading.
#[derive(Default)]
pub(super) struct IndexLocs {
    pub version: Option<Loc>,
    pub sources: Vec<Loc>,
    pub guidance: Vec<(Loc, Loc)>,
    pub traits: Vec<Loc>,
    pub technologies: Vec<(Loc, Loc, Loc)>,
    pub parameters: Vec<Loc>,
}

/// Technology ids that profiles may name: part of the product contract.
pub const CONTRACT_TECHNOLOGIES: [&str; 16] = [
    "cctv",
    "anpr",
    "street-lighting",
    "traffic-management",
    "parking",
    "environmental-sensors",
    "waste-management",
    "footfall-monitoring",
    "assisted-living",
    "ev-charging",
    "smart-energy",
    "building-management",
    "public-wifi",
    "iot-network",
    "data-platform",
    "physical-security",
];

/// Guidance item ids that are part of the product contract.
pub fn contract_guidance_ids() -> Vec<String> {
    let mut ids = Vec::new();
    ids.extend((1..=14).map(|n| format!("ncsc-cp-{n}")));
    ids.extend((1..=12).map(|n| format!("ncsc-sc-{n}")));
    ids.extend((1..=13).map(|n| format!("etsi-5.{n}")));
    ids.extend((1..=3).map(|n| format!("psti-{n}")));
    ids.extend((1..=5).map(|n| format!("ce-{n}")));
    ids.extend((1..=12).map(|n| format!("scc-{n}")));
    ids
}

fn err_at(loc: &Loc, message: impl Into<String>, label: &str) -> Diagnostic {
    Diagnostic::error(message).at(&loc.file, loc.span.clone(), label)
}

/// Reports an `applies_to` that does not use exactly one of its three forms.
pub(super) fn check_applies_form(
    file: &Arc<SourceFile>,
    a: &Spanned<RawAppliesTo>,
    diags: &mut Diagnostics,
) {
    let r = a.get_ref();
    let forms = usize::from(r.all.is_some())
        + usize::from(r.technologies.is_some())
        + usize::from(r.traits.is_some());
    if forms != 1 || r.all == Some(false) {
        diags.push(
            Diagnostic::error("`applies_to` must use exactly one form")
                .at(file, a.span(), "here")
                .help("write `{ all = true }`, `{ technologies = [\"cctv\"] }` or `{ traits = [\"device\"] }`"),
        );
    }
    for list in [&r.technologies, &r.traits].into_iter().flatten() {
        if list.is_empty() {
            diags.push(
                Diagnostic::error("`applies_to` names an empty list")
                    .at(file, a.span(), "here")
                    .help("name at least one, or write `{ all = true }`"),
            );
        }
    }
}

/// Checks a clause id against the `PREFIX-NNN` scheme and the declared prefixes.
pub fn id_problem(id: &str, prefixes: &[Prefix]) -> Option<String> {
    let Some((prefix, number)) = id.split_once('-') else {
        return Some(
            "ids look like `DES-004`: a declared prefix, a hyphen and three digits".into(),
        );
    };
    if number.len() != 3 || !number.chars().all(|c| c.is_ascii_digit()) {
        return Some("the number after the prefix must be exactly three digits (`DES-004`)".into());
    }
    if !prefixes.iter().any(|p| p.id == prefix) {
        let allowed: Vec<&str> = prefixes.iter().map(|p| p.id.as_str()).collect();
        return Some(format!(
            "`{prefix}` is not a declared prefix; library.toml allows {}",
            allowed.join(", ")
        ));
    }
    None
}

fn unknown_ref(loc: &Loc, what: &str, value: &str, allowed: &[&str]) -> Diagnostic {
    let mut d = err_at(loc, format!("unknown {what} `{value}`"), "referenced here");
    if let Some(close) = did_you_mean(value, allowed.iter().copied()) {
        d = d.help(format!("did you mean `{close}`?"));
    } else if allowed.len() <= 20 {
        d = d.help(format!("allowed: {}", allowed.join(", ")));
    }
    d
}

pub(super) fn validate(lib: &Library, locs: &IndexLocs, diags: &mut Diagnostics) {
    if let Some(v) = &locs.version {
        let parts: Vec<&str> = lib.version.split('.').collect();
        if parts.len() != 3
            || !parts
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        {
            diags.push(err_at(
                v,
                "the library version must be MAJOR.MINOR.PATCH",
                "here",
            ));
        }
    }

    let source_ids: Vec<&str> = lib.sources.iter().map(|s| s.id.as_str()).collect();
    let guidance_ids: Vec<&str> = lib.guidance.iter().map(|g| g.id.as_str()).collect();
    let trait_ids: Vec<&str> = lib.traits.iter().map(|t| t.id.as_str()).collect();
    let tech_ids: Vec<&str> = lib.technologies.iter().map(|t| t.id.as_str()).collect();
    let param_names: Vec<&str> = lib.parameters.iter().map(|p| p.name.as_str()).collect();

    duplicates(&source_ids, &locs.sources, "source", diags);
    duplicates(
        &guidance_ids,
        &locs
            .guidance
            .iter()
            .map(|g| g.0.clone())
            .collect::<Vec<_>>(),
        "guidance item",
        diags,
    );
    duplicates(&trait_ids, &locs.traits, "trait", diags);
    duplicates(
        &tech_ids,
        &locs
            .technologies
            .iter()
            .map(|t| t.0.clone())
            .collect::<Vec<_>>(),
        "technology",
        diags,
    );
    duplicates(&param_names, &locs.parameters, "parameter", diags);

    for (s, loc) in lib.sources.iter().zip(&locs.sources) {
        if !s.url.starts_with("https://") {
            diags.push(err_at(
                loc,
                format!("source `{}` needs an https:// canonical URL", s.id),
                "this source",
            ));
        }
    }
    for (g, (_, src_loc)) in lib.guidance.iter().zip(&locs.guidance) {
        if !source_ids.contains(&g.source.as_str()) {
            diags.push(unknown_ref(src_loc, "source", &g.source, &source_ids));
        }
    }
    for id in contract_guidance_ids() {
        if !guidance_ids.contains(&id.as_str()) {
            let mut d = Diagnostic::error(format!("guidance item `{id}` is part of the product contract but missing from guidance.toml"));
            if let Some((first, _)) = locs.guidance.first() {
                d = d.at(&first.file, 0..0, "add it to this file");
            }
            diags.push(d);
        }
    }
    for (t, (_, traits_loc, guidance_loc)) in lib.technologies.iter().zip(&locs.technologies) {
        for tr in &t.traits {
            if !trait_ids.contains(&tr.as_str()) {
                diags.push(unknown_ref(traits_loc, "trait", tr, &trait_ids));
            }
        }
        for g in &t.guidance {
            if !guidance_ids.contains(&g.as_str()) {
                diags.push(unknown_ref(guidance_loc, "guidance item", g, &guidance_ids));
            }
        }
    }
    for id in CONTRACT_TECHNOLOGIES {
        if !tech_ids.contains(&id) {
            let mut d = Diagnostic::error(format!("technology `{id}` is part of the product contract and cannot be removed or renamed"));
            if let Some((first, _, _)) = locs.technologies.first() {
                d = d.at(&first.file, 0..0, "add it to this file");
            }
            diags.push(d);
        }
    }
    for (p, loc) in lib.parameters.iter().zip(&locs.parameters) {
        if let (Some(min), Some(max)) = (p.min, p.max) {
            let values = std::iter::once(&p.default).chain(p.by_risk.values());
            for v in values {
                if let ParamValue::Integer(n) = v {
                    if *n < min || *n > max {
                        diags.push(err_at(
                            loc,
                            format!(
                                "parameter `{}` has a default {n} outside its range {min}–{max}",
                                p.name
                            ),
                            "this parameter",
                        ));
                    }
                }
            }
        }
    }

    let mut first_seen: BTreeMap<&str, &Clause> = BTreeMap::new();
    for c in &lib.clauses {
        let Some(l) = &c.loc else { continue };
        if let Some(first) = first_seen.get(c.id.as_str()) {
            let mut d = err_at(
                &l.id,
                format!("duplicate clause id `{}`", c.id),
                "second use",
            );
            if let Some(fl) = &first.loc {
                let (line, _) = fl.id.file.line_col(fl.id.span.start);
                d = d.note(format!("first used at {}:{line}", fl.id.file.path));
            }
            diags
                .push(d.help("clause ids are never reused; give this clause the next free number"));
        } else {
            first_seen.insert(&c.id, c);
        }
        if let Some(problem) = id_problem(&c.id, &lib.prefixes) {
            diags.push(
                err_at(
                    &l.id,
                    format!("clause id `{}` breaks the id scheme", c.id),
                    "this id",
                )
                .help(problem),
            );
        }
        if c.version == 0 {
            diags.push(err_at(
                &l.id,
                format!("clause `{}` has version 0; versions start at 1", c.id),
                "this clause",
            ));
        }
        if c.obligation.strongest().is_none() {
            diags.push(
                err_at(
                    &l.obligation,
                    format!("clause `{}` applies at no risk level", c.id),
                    "no level set",
                )
                .help("give at least one of low, medium, high"),
            );
        }
        if let Some((lower, higher)) = c.obligation.weakening() {
            diags.push(
                err_at(
                    &l.obligation,
                    format!(
                        "clause `{}` is weaker at {higher} risk than at {lower} risk",
                        c.id
                    ),
                    "obligations must never weaken as risk rises",
                )
                .help("order is: absent < should < must"),
            );
        }
        for t in &c.applies_to.technologies {
            if !tech_ids.contains(&t.as_str()) {
                diags.push(unknown_ref(&l.applies_to, "technology", t, &tech_ids));
            }
        }
        for t in &c.applies_to.traits {
            if !trait_ids.contains(&t.as_str()) {
                diags.push(unknown_ref(&l.applies_to, "trait", t, &trait_ids));
            }
        }
        if c.guidance.is_empty() {
            diags.push(
                err_at(
                    &l.guidance,
                    format!("clause `{}` cites no guidance item", c.id),
                    "empty",
                )
                .help("name the guidance.toml items this clause covers"),
            );
        }
        for g in &c.guidance {
            if !guidance_ids.contains(&g.as_str()) {
                diags.push(unknown_ref(&l.guidance, "guidance item", g, &guidance_ids));
            }
        }
        if c.sources.is_empty() {
            diags.push(
                err_at(
                    &l.id,
                    format!("clause `{}` has no [[clause.source]]", c.id),
                    "this clause",
                )
                .help("every clause cites at least one source document, section and verified flag"),
            );
        }
        for (s, sloc) in c.sources.iter().zip(&l.sources) {
            if !source_ids.contains(&s.document.as_str()) {
                diags.push(unknown_ref(
                    sloc,
                    "source document",
                    &s.document,
                    &source_ids,
                ));
            }
            if s.section.trim().is_empty() {
                diags.push(err_at(
                    sloc,
                    "a source needs the section it comes from",
                    "this source",
                ));
            }
        }
        for (name, range) in placeholders(&c.text) {
            if !param_names.contains(&name.as_str()) {
                let mut span = l.text.span.clone();
                if let Some(off) = l.text.file.text[span.clone()].find(&format!("{{{{{name}}}}}")) {
                    span = span.start + off..span.start + off + range.len();
                }
                let mut d = Diagnostic::error(format!(
                    "parameter `{name}` is used but not declared in parameters.toml"
                ))
                .at(&l.text.file, span, "undeclared parameter");
                if let Some(close) = did_you_mean(&name, param_names.iter().copied()) {
                    d = d.help(format!("did you mean `{close}`?"));
                }
                diags.push(d);
            }
        }
        if c.evidence.is_empty() {
            diags.push(
                err_at(
                    &l.evidence,
                    format!("clause `{}` names no evidence", c.id),
                    "empty",
                )
                .help("say what the supplier hands over that the buyer can check"),
            );
        }
        if c.buyer_prerequisites.iter().any(|p| p.is_empty()) {
            diags.push(
                err_at(
                    &l.buyer_prerequisites,
                    format!("clause `{}` has an empty buyer prerequisite", c.id),
                    "empty entry",
                )
                .help("say what the Council must have or decide before it issues the tender, or remove the entry"),
            );
        }
        if c.rationale.is_empty() {
            diags.push(err_at(
                &l.rationale,
                format!("clause `{}` has an empty rationale", c.id),
                "empty",
            ));
        }
        if c.stage == Stage::Award {
            if c.strong_answer.is_empty() || c.word_limit.is_none() {
                diags.push(err_at(
                    &l.id,
                    format!(
                        "award criterion `{}` needs `strong_answer` and `word_limit`",
                        c.id
                    ),
                    "this clause",
                ));
            }
        } else if !c.strong_answer.is_empty() || c.word_limit.is_some() {
            diags.push(err_at(
                &l.id,
                format!(
                    "`strong_answer` and `word_limit` belong to award criteria, but `{}` is a {}",
                    c.id,
                    c.stage.as_str()
                ),
                "this clause",
            ));
        }
    }
}

fn duplicates(ids: &[&str], locs: &[Loc], what: &str, diags: &mut Diagnostics) {
    let mut seen = BTreeMap::new();
    for (id, loc) in ids.iter().zip(locs) {
        if let Some(first) = seen.insert(*id, loc) {
            let (line, _) = first.file.line_col(first.span.start);
            diags.push(
                err_at(loc, format!("duplicate {what} `{id}`"), "second definition")
                    .note(format!("first defined at {}:{line}", first.file.path)),
            );
        }
    }
}
