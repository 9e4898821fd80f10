//! Library + resolved profile → the clauses in this tender, each with the reasons it is in, and
//! every other clause with the reason it is out. Deterministic: pack order is stage, section,
//! prefix (as declared in library.toml), id; buyer clauses last in their section, in profile order.

use std::collections::HashMap;

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::library::{
    fill_placeholders, render_verb, Category, Clause, ClauseOrigin, Library, Obligation, Section,
    Stage,
};
use crate::profile::ResolvedProfile;

/// A clause in the pack.
#[derive(Debug, Clone)]
pub struct SelectedClause {
    pub clause: Clause,
    /// The obligation in force for this tender (after tailoring).
    pub obligation: Obligation,
    /// What failing it means for this tender, from `Category::of` on `obligation`: the one
    /// decision every writer, `assess` and `explain` read.
    pub category: Category,
    /// What the library says at this risk level (`None` when force-included at a level it does
    /// not cover, or a buyer clause).
    pub library_obligation: Option<Obligation>,
    /// Why it is in, one line each.
    pub reasons: Vec<String>,
    /// Text with declared parameters filled in and its verb rendered for `category`.
    pub text: String,
}

impl SelectedClause {
    fn new(clause: &Clause, obligation: Obligation, library: Option<Obligation>) -> Self {
        SelectedClause {
            clause: clause.clone(),
            obligation,
            category: Category::of(clause, obligation),
            library_obligation: library,
            reasons: Vec::new(),
            text: String::new(),
        }
    }
}

/// What happened to one clause.
#[derive(Debug, Clone)]
pub enum Decision {
    Selected,
    /// Did not apply to this profile.
    NotApplicable {
        reason: String,
    },
    /// Would have applied; the buyer excluded it.
    Excluded {
        reason: String,
        would_have_been: Obligation,
    },
}

/// A clause the buyer's tailoring took out of the pack or forced into it, with the buyer's reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TailoredClause {
    pub id: String,
    pub title: String,
    pub reason: String,
}

impl TailoredClause {
    fn new(clause: &Clause, reason: &str) -> TailoredClause {
        TailoredClause {
            id: clause.id.clone(),
            title: clause.title.clone(),
            reason: reason.to_string(),
        }
    }
}

/// Tailoring that changed a clause's obligation, for the tailoring annex.
#[derive(Debug, Clone)]
pub struct ObligationChangeRecord {
    pub id: String,
    pub title: String,
    pub from: Option<Obligation>,
    pub to: Obligation,
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct Selection {
    /// In pack order.
    pub selected: Vec<SelectedClause>,
    /// Every library clause, in library order, with its fate.
    pub decisions: Vec<(String, Decision)>,
    /// Clauses that would have applied but the buyer excluded, in library order.
    pub excluded: Vec<TailoredClause>,
    /// Clauses that would not have applied but the buyer included, in library order.
    pub included: Vec<TailoredClause>,
    pub changed: Vec<ObligationChangeRecord>,
    pub warnings: Vec<Diagnostic>,
    /// Position of each id in `decisions`, so look-ups stay cheap as the library grows.
    decision_index: HashMap<String, usize>,
}

impl Selection {
    pub fn decision(&self, id: &str) -> Option<&Decision> {
        self.decision_index.get(id).map(|&i| &self.decisions[i].1)
    }
    pub fn selected(&self, id: &str) -> Option<&SelectedClause> {
        self.selected.iter().find(|s| s.clause.id == id)
    }
}

/// How many requirements of one kind a tender has, split by category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequirementCount {
    /// The kind, as a buyer calls it ("Conditions of participation").
    pub label: &'static str,
    /// Tender gates, contract requirements and scored items, in `Category::ALL` order.
    pub by_category: [usize; 3],
}

impl RequirementCount {
    pub fn of(&self, category: Category) -> usize {
        self.by_category[Category::ALL
            .iter()
            .position(|c| *c == category)
            .unwrap_or_default()]
    }

    pub fn total(&self) -> usize {
        self.by_category.iter().sum()
    }
}

/// The selected requirements counted by the stage of the tender they belong to, in tender
/// order, each split into tender gates, contract requirements and scored items (the category
/// selection decided, after tailoring), so the page counts what the pack prints.
pub fn requirement_counts(selection: &Selection) -> Vec<RequirementCount> {
    [
        (Stage::Participation, "Conditions of participation"),
        (Stage::Specification, "Specification requirements"),
        (Stage::Award, "Award criteria"),
        (Stage::Contract, "Contract obligations"),
    ]
    .into_iter()
    .map(|(stage, label)| {
        let mut by_category = [0; 3];
        for s in selection
            .selected
            .iter()
            .filter(|s| s.clause.stage == stage)
        {
            if let Some(i) = Category::ALL.iter().position(|c| *c == s.category) {
                by_category[i] += 1;
            }
        }
        RequirementCount { label, by_category }
    })
    .collect()
}

/// Why a clause applies to the profile, or why not.
fn applicability(clause: &Clause, profile: &ResolvedProfile) -> Result<Vec<String>, String> {
    let mut reasons = Vec::new();
    let a = &clause.applies_to;
    if a.all {
        reasons.push("applies to every connected-places purchase".to_string());
    } else if !a.technologies.is_empty() {
        let hits: Vec<&str> = a
            .technologies
            .iter()
            .filter(|t| profile.has_technology(t))
            .map(String::as_str)
            .collect();
        if hits.is_empty() {
            return Err(format!(
                "applies only to {}, none of which is in scope",
                a.technologies.join(", ")
            ));
        }
        reasons.push(format!("technology in scope: {}", hits.join(", ")));
    } else {
        let hits: Vec<&str> = a
            .traits
            .iter()
            .filter(|t| profile.traits.contains(*t))
            .map(String::as_str)
            .collect();
        if hits.is_empty() {
            return Err(format!(
                "applies to technologies with trait {}, and none in scope has it",
                a.traits.join(" or ")
            ));
        }
        for tr in hits {
            let from: Vec<&str> = profile
                .technologies
                .iter()
                .filter(|t| t.traits.iter().any(|x| x == tr))
                .map(|t| t.id.as_str())
                .collect();
            if from.is_empty() {
                reasons.push(format!("trait {tr}: from the personal data answer"));
            } else {
                reasons.push(format!("trait {tr}: {}", from.join(", ")));
            }
        }
    }
    let w = &clause.when;
    let impact = &profile.impact;
    let bools = [
        ("safety", w.safety, impact.safety),
        (
            "controls_physical_assets",
            w.controls_physical_assets,
            impact.controls_physical_assets,
        ),
        (
            "public_monitoring",
            w.public_monitoring,
            impact.public_monitoring,
        ),
        ("cni_dependency", w.cni_dependency, impact.cni_dependency),
        (
            "supplier_remote_access",
            w.supplier_remote_access,
            impact.supplier_remote_access,
        ),
        (
            "connects_to_corporate_network",
            w.connects_to_corporate_network,
            impact.connects_to_corporate_network,
        ),
    ];
    for (name, wanted, actual) in bools {
        if let Some(wanted) = wanted {
            if wanted != actual {
                return Err(format!("condition impact.{name} = {wanted} is not met"));
            }
            reasons.push(format!("condition met: impact.{name} = {wanted}"));
        }
    }
    if let Some(allowed) = &w.personal_data {
        let level = impact.personal_data.level;
        if !allowed.contains(&level) {
            let names: Vec<&str> = allowed.iter().map(|p| p.as_str()).collect();
            return Err(format!(
                "condition personal_data in [{}] is not met (it is {})",
                names.join(", "),
                level.as_str()
            ));
        }
        reasons.push(format!("condition met: personal_data = {}", level.as_str()));
    }
    if let Some(allowed) = &w.hosting {
        match profile.hosting {
            Some(h) if allowed.contains(&h) => {
                reasons.push(format!("condition met: hosting = {}", h.as_str()))
            }
            _ => {
                let names: Vec<&str> = allowed.iter().map(|h| h.as_str()).collect();
                return Err(format!(
                    "condition hosting in [{}] is not met (it is {})",
                    names.join(", "),
                    profile.hosting.map_or("not stated", |h| h.as_str())
                ));
            }
        }
    }
    Ok(reasons)
}

fn lowest_level_with_obligation(clause: &Clause) -> Option<String> {
    crate::library::RiskLevel::ALL
        .into_iter()
        .find(|l| clause.obligation.at(*l).is_some())
        .map(|l| l.to_string())
}

/// Sort key giving the pack order.
fn pack_order_key(
    prefix_ranks: &HashMap<&str, usize>,
    s: &SelectedClause,
    index: usize,
) -> (Stage, Section, bool, usize, String, usize) {
    let c = &s.clause;
    let section = if c.stage == Stage::Specification {
        c.section
    } else {
        Section::Understand
    };
    let buyer = c.origin == ClauseOrigin::Buyer;
    let rank = if buyer {
        usize::MAX
    } else {
        prefix_ranks
            .get(c.prefix())
            .copied()
            .unwrap_or(prefix_ranks.len())
    };
    let id = if buyer { String::new() } else { c.id.clone() };
    (c.stage, section, buyer, rank, id, index)
}

/// Decides the clauses of the pack.
pub fn select_clauses(lib: &Library, profile: &ResolvedProfile) -> Result<Selection, Diagnostics> {
    let level = profile.risk.level;
    let mut diags = Diagnostics::default();
    let mut selected: Vec<SelectedClause> = Vec::new();
    let mut decisions = Vec::new();
    let mut excluded = Vec::new();
    let mut included = Vec::new();
    let mut changed = Vec::new();
    let tailoring = &profile.tailoring;
    let fill = |c: &Clause| fill_placeholders(&c.text, |name| profile.parameter_text(name));

    for clause in &lib.clauses {
        let applies = applicability(clause, profile);
        let at_level = clause.obligation.at(level);
        let exclusion = tailoring.exclude.iter().find(|e| e.id == clause.id);
        let inclusion = tailoring.include.iter().find(|e| e.id == clause.id);
        let natural = match (&applies, at_level) {
            (Ok(reasons), Some(ob)) => {
                let mut reasons = reasons.clone();
                reasons.push(format!(
                    "{} ({}) at {} risk",
                    Category::of(clause, ob).label(),
                    ob.keyword(),
                    level
                ));
                Ok((reasons, ob))
            }
            (Ok(_), None) => Err(match lowest_level_with_obligation(clause) {
                Some(from) => format!("not used at {level} risk (used from {from} risk upwards)"),
                None => "used at no risk level".to_string(),
            }),
            (Err(why), _) => Err(why.clone()),
        };
        let decision = match (natural, exclusion, inclusion) {
            (Ok((_, ob)), Some(e), _) => {
                excluded.push(TailoredClause::new(clause, &e.reason));
                Decision::Excluded {
                    reason: e.reason.clone(),
                    would_have_been: ob,
                }
            }
            (Err(why), Some(e), _) => {
                diags.push(
                    Diagnostic::warning(format!(
                        "excluding `{}` has no effect: it is not in this pack ({why})",
                        clause.id
                    ))
                    .at(&profile.file, e.span.clone(), "not selected anyway"),
                );
                Decision::NotApplicable { reason: why }
            }
            (Ok((reasons, ob)), None, inc) => {
                if let Some(inc) = inc {
                    diags.push(
                        Diagnostic::warning(format!(
                            "including `{}` has no effect: it is already in this pack",
                            clause.id
                        ))
                        .at(
                            &profile.file,
                            inc.span.clone(),
                            "already selected",
                        ),
                    );
                }
                selected.push(SelectedClause {
                    reasons,
                    ..SelectedClause::new(clause, ob, Some(ob))
                });
                Decision::Selected
            }
            (Err(why), None, Some(inc)) => {
                let ob = at_level
                    .or(clause.obligation.weakest())
                    .unwrap_or(Obligation::Should);
                included.push(TailoredClause::new(clause, &inc.reason));
                selected.push(SelectedClause {
                    reasons: vec![
                        format!("included by tailoring: {}", inc.reason),
                        format!("would otherwise be out: {why}"),
                        format!(
                            "{} (the library's {} obligation)",
                            ob.keyword(),
                            if at_level.is_some() {
                                "at this level"
                            } else {
                                "lowest"
                            }
                        ),
                    ],
                    ..SelectedClause::new(clause, ob, at_level)
                });
                Decision::Selected
            }
            (Err(why), None, None) => Decision::NotApplicable { reason: why },
        };
        decisions.push((clause.id.clone(), decision));
    }

    for change in &tailoring.obligation {
        match selected.iter_mut().find(|s| s.clause.id == change.id) {
            Some(s) => {
                if s.obligation == change.to {
                    diags.push(
                        Diagnostic::warning(format!("`{}` is already {} at {level} risk; the obligation change has no effect", change.id, change.to.keyword()))
                            .at(&profile.file, change.span.clone(), "no change"),
                    );
                    continue;
                }
                changed.push(ObligationChangeRecord {
                    id: s.clause.id.clone(),
                    title: s.clause.title.clone(),
                    from: Some(s.obligation),
                    to: change.to,
                    reason: change.reason.clone(),
                });
                s.reasons.push(format!(
                    "obligation changed from {} to {} by tailoring: {}",
                    Category::of(&s.clause, s.obligation).label(),
                    Category::of(&s.clause, change.to).label(),
                    change.reason
                ));
                s.obligation = change.to;
                s.category = Category::of(&s.clause, change.to);
            }
            None => {
                let why = match profile_decision(&decisions, &change.id) {
                    Some(Decision::NotApplicable { reason }) => reason.clone(),
                    _ => "it is not selected".to_string(),
                };
                diags.push(
                    Diagnostic::error(format!(
                        "cannot change the obligation of `{}`: it is not in this pack ({why})",
                        change.id
                    ))
                    .at(&profile.file, change.span.clone(), "not selected")
                    .help(format!(
                        "add `{{ id = \"{}\", reason = \"…\" }}` to tailoring.include first",
                        change.id
                    )),
                );
            }
        }
    }

    for c in &profile.custom {
        selected.push(SelectedClause {
            reasons: vec!["the buyer's own clause (profile [[clause]])".to_string()],
            ..SelectedClause::new(c, c.obligation.at(level).unwrap_or(Obligation::Must), None)
        });
    }
    for s in &mut selected {
        s.text = render_verb(&fill(&s.clause), s.category);
    }

    if selected.is_empty() && !diags.has_errors() {
        let message = if excluded.is_empty() {
            "the pack has no requirements: no clause applies to this profile"
        } else {
            "the pack has no requirements: tailoring excludes every clause that applies"
        };
        let d = Diagnostic::warning(message);
        let d = match profile.tailoring.exclude.first() {
            Some(first) => d.at(&profile.file, first.span.clone(), "the first exclusion"),
            None => d.in_file(&profile.file.path),
        };
        diags.push(d.help(
            "a tender pack without requirements asks suppliers for nothing: check [tailoring] exclude and [scope]",
        ));
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let prefix_ranks: HashMap<&str, usize> = lib
        .prefixes
        .iter()
        .enumerate()
        .map(|(rank, p)| (p.id.as_str(), rank))
        .collect();
    let mut keyed: Vec<_> = selected
        .into_iter()
        .enumerate()
        .map(|(i, s)| (pack_order_key(&prefix_ranks, &s, i), s))
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    let decision_index = decisions
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (id.clone(), i))
        .collect();
    Ok(Selection {
        selected: keyed.into_iter().map(|(_, s)| s).collect(),
        decisions,
        decision_index,
        excluded,
        included,
        changed,
        warnings: diags.0,
    })
}

fn profile_decision<'a>(decisions: &'a [(String, Decision)], id: &str) -> Option<&'a Decision> {
    // Only reached for a tailoring error, so a scan is fine.
    decisions.iter().find(|(i, _)| i == id).map(|(_, d)| d)
}
