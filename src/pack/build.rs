//! Selection → tender pack: clause numbering, the template context, the front matter, and each
//! chapter and annex (built in `chapters` and `annexes`) in document order.

use std::collections::BTreeMap;

use serde_json::json;

use super::annexes;
use super::chapters;
use super::parts::{requirements_subsection, Part};
use super::record::{build_record, RecordInputs};
use super::*;
use crate::diagnostics::Diagnostic;
use crate::library::{
    category_summary, Category, ClauseOrigin, Evidence, Library, Obligation, Stage,
};
use crate::profile::ResolvedProfile;
use crate::select::{SelectedClause, Selection};
use crate::typography::{in_sentence, long_date, long_date_time, smart_quotes};

pub const TOOL_NAME: &str = "tenderguard";
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// What every chapter and annex is built from.
pub(super) struct Inputs<'a> {
    pub lib: &'a Library,
    pub profile: &'a ResolvedProfile,
    pub selection: &'a Selection,
    /// Numbered, in pack order.
    pub clauses: &'a [PackClause],
    templates: &'a Templates,
    /// The data templates may use.
    context: serde_json::Value,
}

impl Inputs<'_> {
    /// Renders a prose template.
    pub fn prose(&self, name: &str) -> Result<Vec<Block>, Diagnostic> {
        self.templates.render(name, &self.context)
    }

    /// The clauses `wanted` picks, as blocks in pack order.
    pub fn clause_blocks(&self, wanted: impl Fn(&PackClause) -> bool) -> Vec<Block> {
        self.clauses
            .iter()
            .enumerate()
            .filter(|(_, c)| wanted(c))
            .map(|(i, _)| Block::Clause(i))
            .collect()
    }
}

/// `intro` followed by the clauses `found`, or by a notice saying `none` when there are none.
pub(super) fn with_clauses(mut intro: Vec<Block>, found: Vec<Block>, none: &str) -> Vec<Block> {
    if found.is_empty() {
        intro.push(Block::Notice(Text::plain(none)));
    } else {
        intro.extend(found);
    }
    intro
}

pub(super) fn col(title: &str, weight: u16) -> Column {
    Column {
        title: title.to_string(),
        weight,
    }
}

pub(super) fn row(cells: Vec<String>) -> Row {
    Row {
        cells,
        emphasis: false,
    }
}

/// Builds the pack. Fails only when a template fails.
pub fn build_pack(
    lib: &Library,
    profile: &ResolvedProfile,
    selection: &Selection,
    templates: &Templates,
) -> Result<TenderPack, Diagnostic> {
    let clauses = number_clauses(lib, profile, selection);
    let coverage = annexes::coverage_rows(lib, selection, &clauses);
    let inputs = Inputs {
        lib,
        profile,
        selection,
        clauses: &clauses,
        templates,
        context: template_context(lib, profile, &clauses),
    };
    let sections = Part::ALL
        .into_iter()
        .map(|part| match part {
            Part::HowToRead => chapters::how_to_read(&inputs),
            Part::Context => chapters::context_and_risk(&inputs),
            Part::Participation => chapters::participation(&inputs),
            Part::Requirements => chapters::requirements(&inputs),
            Part::Award => chapters::award(&inputs),
            Part::Contract => chapters::contract(&inputs),
            Part::Evidence => chapters::evidence_checklist(&inputs),
            Part::ResponseMatrix => annexes::response_matrix(&inputs),
            Part::Sources => annexes::sources_and_rationale(&inputs),
            Part::Coverage => annexes::guidance_coverage(&inputs, &coverage),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut sections = sections;
    if let Some(last) = sections.last_mut() {
        last.blocks.extend(inputs.prose("end-of-document")?);
    }
    let cover = inputs.prose("cover-notice")?;
    let record = build_record(
        &RecordInputs {
            lib,
            profile,
            selection,
            clauses: &clauses,
            coverage: &coverage,
            manifest: manifest(lib, profile, &clauses),
        },
        |name| inputs.prose(name),
    )?;

    Ok(TenderPack {
        meta: pack_meta(lib, profile),
        document_control: document_control(profile, &clauses),
        cover,
        clauses,
        sections,
        risk: profile.risk.clone(),
        excluded: selection.excluded.clone(),
        coverage,
        profile: profile.as_read.clone(),
        record,
    })
}

/// The selected clauses as they appear in the pack, numbered chapter by chapter (`3.2`) and,
/// in the requirements chapter, subsection by subsection (`4.2.3`).
fn number_clauses(
    lib: &Library,
    profile: &ResolvedProfile,
    selection: &Selection,
) -> Vec<PackClause> {
    let mut counters = BTreeMap::<(Part, usize), usize>::new();
    selection
        .selected
        .iter()
        .map(|sel| {
            let c = &sel.clause;
            let chapter = Part::of_stage(c.stage);
            let sub = if c.stage == Stage::Specification {
                Some(requirements_subsection(c.section))
            } else {
                None
            };
            let n = counters.entry((chapter, sub.unwrap_or(0))).or_default();
            *n += 1;
            let pack_ref = match sub {
                Some(sub) => format!("{}.{sub}.{n}", chapter.number()),
                None => format!("{}.{n}", chapter.number()),
            };
            pack_clause(lib, profile, sel, pack_ref)
        })
        .collect()
}

fn pack_clause(
    lib: &Library,
    profile: &ResolvedProfile,
    sel: &SelectedClause,
    pack_ref: String,
) -> PackClause {
    let c = &sel.clause;
    // The library's text is already typographic; the Council's own clauses get the same
    // apostrophes and quotes (code-like quotes stay straight).
    let own = c.origin == ClauseOrigin::Buyer;
    let prose = |s: &str| if own { smart_quotes(s) } else { s.to_string() };
    PackClause {
        id: c.id.clone(),
        version: c.version,
        pack_ref,
        stage: c.stage,
        section: c.section,
        title: prose(&c.title),
        text: prose(&sel.text),
        obligation: sel.obligation,
        category: sel.category,
        library_obligation: sel.library_obligation,
        evidence: c
            .evidence
            .iter()
            .map(|e| Evidence {
                item: prose(&e.item),
                due: e.due,
            })
            .collect(),
        rationale: prose(&c.rationale),
        guidance: c.guidance.clone(),
        sources: c
            .sources
            .iter()
            .map(|s| match lib.source(&s.document) {
                Some(doc) => PackSource {
                    document: doc.title.clone(),
                    publisher: doc.publisher.clone(),
                    section: s.section.clone(),
                    url: doc.url.clone(),
                    verified: s.verified,
                    note: s.note.clone(),
                },
                None => PackSource {
                    document: profile.tender.buyer.clone(),
                    publisher: profile.tender.buyer.clone(),
                    section: "Requirement the Council set for this tender".to_string(),
                    url: String::new(),
                    verified: s.verified,
                    note: s.note.clone(),
                },
            })
            .collect(),
        mappings: c.mappings.clone(),
        reasons: sel.reasons.clone(),
        strong_answer: c.strong_answer.clone(),
        word_limit: c.word_limit,
        buyer_prerequisites: c.buyer_prerequisites.clone(),
        buyer_clause: c.origin == ClauseOrigin::Buyer,
    }
}

/// The data templates may use.
fn template_context(
    lib: &Library,
    profile: &ResolvedProfile,
    clauses: &[PackClause],
) -> serde_json::Value {
    let count = |f: &dyn Fn(&PackClause) -> bool| clauses.iter().filter(|c| f(c)).count();
    let t = &profile.tender;
    let r = &profile.risk;
    let params: serde_json::Map<String, serde_json::Value> = profile
        .parameters
        .iter()
        .map(|(k, v)| (k.clone(), json!(v.value.to_string())))
        .collect();
    json!({
        "tender": {
            "title": t.title, "reference": t.reference, "buyer": t.buyer, "version": t.version,
            "issue_date": t.issue_date, "deadline": t.deadline, "contact": t.contact, "marking": t.marking,
            "issue_date_text": t.issue_date.as_deref().map(long_date),
            "deadline_text": t.deadline.as_deref().map(long_date_time),
            "schedule": t.schedule,
        },
        "risk": {
            "level": r.level.as_str(), "level_title": r.level.title(), "meaning": r.level.meaning(),
            "meaning_in_sentence": in_sentence(r.level.meaning()),
            "derived_level": r.derived_level.as_str(), "derived_title": r.derived_level.title(),
            "derived": r.derived_level.as_str(),
            "stated": r.stated.map(|l| l.as_str()),
            "override_reason": r.override_reason.as_deref().map(as_sentence),
            "overridden": r.override_reason.is_some(),
            "stated_higher": r.stated.is_some_and(|s| s > r.derived_level),
        },
        "technologies": profile.technologies.iter().map(|t| json!({"id": t.id, "name": t.name, "in_sentence": in_sentence(&t.name), "description": t.description})).collect::<Vec<_>>(),
        "counts": {
            "total": clauses.len(),
            "must": count(&|c| c.obligation == Obligation::Must),
            "should": count(&|c| c.obligation == Obligation::Should),
            "gate": count(&|c| c.category == Category::Gate),
            "contract_requirement": count(&|c| c.category == Category::Contract),
            "scored": count(&|c| c.category == Category::Scored),
            "participation": count(&|c| c.stage == Stage::Participation),
            "specification": count(&|c| c.stage == Stage::Specification),
            "award": count(&|c| c.stage == Stage::Award),
            "contract": count(&|c| c.stage == Stage::Contract),
        },
        "library": {"name": lib.name, "version": lib.version},
        "tool": {"name": TOOL_NAME, "version": TOOL_VERSION},
        "parameters": params,
    })
}

/// The front page and the document's metadata.
fn pack_meta(lib: &Library, profile: &ResolvedProfile) -> PackMeta {
    let t = &profile.tender;
    PackMeta {
        title: t.title.clone(),
        subtitle: match &t.schedule {
            Some(s) => format!("{s}: Security requirements"),
            None => "Security requirements".to_string(),
        },
        reference: t.reference.clone(),
        buyer: t.buyer.clone(),
        version: t.version.clone(),
        issue_date: t.issue_date.clone(),
        deadline: t.deadline.clone(),
        contact: t.contact.clone(),
        marking: t.marking.clone(),
        risk_level: profile.risk.level,
        technologies: profile
            .technologies
            .iter()
            .map(|t| (t.id.clone(), t.name.clone()))
            .collect(),
        library_name: lib.name.clone(),
        library_version: lib.version.clone(),
        library_sha256: lib.sha256.clone(),
        profile_sha256: profile.sha256.clone(),
        tool_name: TOOL_NAME.to_string(),
        tool_version: TOOL_VERSION.to_string(),
        keywords: {
            let mut k = vec![
                "security requirements".to_string(),
                "connected places".to_string(),
                t.reference.clone(),
            ];
            k.extend(profile.technologies.iter().map(|t| t.id.clone()));
            k
        },
    }
}

/// Label and value rows of the document control table, as bidders read it: what the document
/// is and when it is due. The manifest (tool, library and profile SHA-256) stays in the files'
/// metadata and in the buyer's record.
fn document_control(profile: &ResolvedProfile, clauses: &[PackClause]) -> Vec<(String, String)> {
    let t = &profile.tender;
    let mut rows = vec![("Title".to_string(), t.title.clone())];
    if let Some(s) = &t.schedule {
        rows.push(("Schedule".to_string(), s.clone()));
    }
    rows.extend([
        ("Reference".to_string(), t.reference.clone()),
        ("Contracting authority".to_string(), t.buyer.clone()),
        ("Document version".to_string(), t.version.clone()),
    ]);
    if let Some(d) = &t.issue_date {
        rows.push(("Issue date".to_string(), long_date(d)));
    }
    if let Some(d) = &t.deadline {
        rows.push(("Response deadline".to_string(), long_date_time(d)));
    }
    if let Some(m) = &t.marking {
        rows.push(("Protective marking".to_string(), m.clone()));
    }
    if let Some(c) = &t.contact {
        rows.push(("Contact".to_string(), c.clone()));
    }
    rows.push((
        "Risk level".to_string(),
        profile.risk.level.title().to_string(),
    ));
    rows.push((
        "Technologies".to_string(),
        profile
            .technologies
            .iter()
            .map(|t| t.name.clone())
            .collect::<Vec<_>>()
            .join("; "),
    ));
    rows.push(("Requirements".to_string(), requirement_counts(clauses)));
    rows
}

/// "165 (6 tender gates, 140 contract requirements, 19 scored)".
fn requirement_counts(clauses: &[PackClause]) -> String {
    let counts = Category::ALL.map(|k| clauses.iter().filter(|c| c.category == k).count());
    format!("{} ({})", clauses.len(), category_summary(counts))
}

/// The buyer's record's document control: which tender, and exactly what produced it.
fn manifest(
    lib: &Library,
    profile: &ResolvedProfile,
    clauses: &[PackClause],
) -> Vec<(String, String)> {
    let t = &profile.tender;
    let mut rows = vec![
        ("Title".to_string(), t.title.clone()),
        ("Reference".to_string(), t.reference.clone()),
        ("Contracting authority".to_string(), t.buyer.clone()),
        ("Document version".to_string(), t.version.clone()),
    ];
    if let Some(d) = &t.issue_date {
        rows.push(("Issue date".to_string(), long_date(d)));
    }
    rows.extend([
        (
            "Risk level".to_string(),
            profile.risk.level.title().to_string(),
        ),
        ("Requirements".to_string(), requirement_counts(clauses)),
        (
            "Produced by".to_string(),
            format!("{TOOL_NAME} {TOOL_VERSION}"),
        ),
        (
            "Clause library".to_string(),
            format!("{} version {}", lib.name, lib.version),
        ),
        ("Library SHA-256".to_string(), lib.sha256.clone()),
        // The file name only: where the profile sat on someone's disk is not the Council's
        // record, and would make the record differ between two runs of the same profile.
        ("Profile".to_string(), file_name(&profile.file.path)),
        ("Profile SHA-256".to_string(), profile.sha256.clone()),
    ]);
    rows
}

/// The last component of a path as given (`profiles/cctv.toml` → `cctv.toml`).
fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
}

/// A reason as a sentence: trimmed, with a full stop.
fn as_sentence(s: &str) -> String {
    let s = s.trim();
    if s.ends_with(['.', '!', '?']) {
        s.to_string()
    } else {
        format!("{s}.")
    }
}
