//! Selection → tender pack: numbering, chapters, annexes, coverage, and the template prose.

use serde_json::json;

use super::*;
use crate::diagnostics::Diagnostic;
use crate::library::{Library, Obligation, Section, Stage, VerifyStage};
use crate::profile::ResolvedProfile;
use crate::select::Selection;

pub const TOOL_NAME: &str = "tenderguard";
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

fn section(number: &str, title: &str, blocks: Vec<Block>) -> PackSection {
    let annex = number.chars().all(|c| c.is_ascii_uppercase());
    PackSection {
        number: number.to_string(),
        title: title.to_string(),
        anchor: if annex {
            format!("annex-{}", number.to_lowercase())
        } else {
            format!("sec-{}", number.replace('.', "-"))
        },
        level: if number.contains('.') { 2 } else { 1 },
        annex,
        blocks,
        children: Vec::new(),
    }
}

fn col(title: &str, weight: u16) -> Column {
    Column {
        title: title.to_string(),
        weight,
    }
}

fn row(cells: Vec<String>) -> Row {
    Row {
        cells,
        emphasis: false,
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
        },
        "risk": {
            "level": r.level.as_str(), "level_title": r.level.title(), "meaning": r.level.meaning(),
            "derived_level": r.derived_level.as_str(), "derived_title": r.derived_level.title(),
            "stated": r.stated.map(|l| l.as_str()), "override_reason": r.override_reason,
            "overridden": r.override_reason.is_some(),
        },
        "technologies": profile.technologies.iter().map(|t| json!({"id": t.id, "name": t.name, "description": t.description})).collect::<Vec<_>>(),
        "counts": {
            "total": clauses.len(),
            "must": count(&|c| c.obligation == Obligation::Must),
            "should": count(&|c| c.obligation == Obligation::Should),
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

/// Builds the pack. Fails only when a template fails.
pub fn build_pack(
    lib: &Library,
    profile: &ResolvedProfile,
    selection: &Selection,
    templates: &Templates,
) -> Result<TenderPack, Diagnostic> {
    // Number clauses chapter by chapter.
    let chapter_of = |s: Stage| match s {
        Stage::Participation => 3,
        Stage::Specification => 4,
        Stage::Award => 5,
        Stage::Contract => 6,
    };
    let sub_of = |s: Section| Section::ALL.iter().position(|x| *x == s).unwrap() + 1;
    let mut counters = std::collections::BTreeMap::<(u32, usize), usize>::new();
    let mut clauses = Vec::new();
    for sel in &selection.selected {
        let c = &sel.clause;
        let ch = chapter_of(c.stage);
        let pack_ref = if c.stage == Stage::Specification {
            let sub = sub_of(c.section);
            let n = counters.entry((ch, sub)).or_default();
            *n += 1;
            format!("{ch}.{sub}.{n}")
        } else {
            let n = counters.entry((ch, 0)).or_default();
            *n += 1;
            format!("{ch}.{n}")
        };
        clauses.push(PackClause {
            id: c.id.clone(),
            version: c.version,
            pack_ref,
            stage: c.stage,
            section: c.section,
            title: c.title.clone(),
            text: sel.text.clone(),
            obligation: sel.obligation,
            library_obligation: sel.library_obligation,
            evidence: c.evidence.clone(),
            rationale: c.rationale.clone(),
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
                        document: format!("{} (buyer)", profile.tender.buyer),
                        publisher: profile.tender.buyer.clone(),
                        section: s.section.clone(),
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
            buyer_clause: c.origin == crate::library::ClauseOrigin::Buyer,
        });
    }

    let ctx = template_context(lib, profile, &clauses);
    let prose = |name: &str| templates.render(name, &ctx);
    let clause_blocks = |f: &dyn Fn(&PackClause) -> bool| -> Vec<Block> {
        clauses
            .iter()
            .enumerate()
            .filter(|(_, c)| f(c))
            .map(|(i, _)| Block::Clause(i))
            .collect()
    };
    let with_clauses = |mut intro: Vec<Block>, found: Vec<Block>, none: &str| {
        if found.is_empty() {
            intro.push(Block::Notice(Text::plain(none)));
        } else {
            intro.extend(found);
        }
        intro
    };

    let mut sections = Vec::new();
    sections.push(section(
        "1",
        "How to read this document",
        prose("how-to-read")?,
    ));

    // 2 Context and risk
    let mut ch2 = section("2", "Context and risk", prose("context")?);
    ch2.children.push(section(
        "2.1",
        "Technologies in scope",
        vec![Block::Facts(
            profile
                .technologies
                .iter()
                .map(|t| (t.name.clone(), t.description.clone()))
                .collect(),
        )],
    ));
    let mut risk_blocks = prose("risk")?;
    risk_blocks.push(Block::Table(Table {
        kind: TableKind::Risk,
        caption: "How the risk level was reached".to_string(),
        columns: vec![
            col("Factor", 30),
            col("What it means", 55),
            col("Implies", 15),
        ],
        rows: profile
            .risk
            .reasons
            .iter()
            .map(|r| {
                row(vec![
                    r.factor.clone(),
                    r.explanation.clone(),
                    r.implies.title().to_string(),
                ])
            })
            .collect(),
    }));
    if let Some(reason) = &profile.risk.override_reason {
        risk_blocks.push(Block::Notice(Text::plain(format!(
            "The buyer set the risk level to {} although the answers above imply {}. Reason given: {}",
            profile.risk.level.title(),
            profile.risk.derived_level.title(),
            reason
        ))));
    }
    ch2.children.push(section("2.2", "Risk level", risk_blocks));
    let used_params: Vec<&crate::library::Parameter> = lib
        .parameters
        .iter()
        .filter(|p| {
            let needle = format!("{{{{{}}}}}", p.name);
            selection
                .selected
                .iter()
                .any(|s| s.clause.text.contains(&needle))
        })
        .collect();
    if !used_params.is_empty() {
        ch2.children.push(section(
            "2.3",
            "Values used in the requirements",
            vec![Block::Table(Table {
                kind: TableKind::Parameters,
                caption: "Values the requirements use for this tender".to_string(),
                columns: vec![col("Value", 20), col("Meaning", 60), col("Set by", 20)],
                rows: used_params
                    .iter()
                    .map(|p| {
                        let r = &profile.parameters[&p.name];
                        let value = match &p.unit {
                            Some(u) => format!("{} {u}", r.value),
                            None => r.value.to_string(),
                        };
                        row(vec![value, p.meaning.clone(), r.from.to_string()])
                    })
                    .collect(),
            })],
        ));
    }
    sections.push(ch2);

    sections.push(section(
        "3",
        "Conditions of participation",
        with_clauses(
            prose("participation")?,
            clause_blocks(&|c| c.stage == Stage::Participation),
            "This tender sets no conditions of participation.",
        ),
    ));

    let mut ch4 = section("4", "Security requirements", prose("requirements")?);
    for (i, s) in Section::ALL.iter().enumerate() {
        let found = clause_blocks(&|c| c.stage == Stage::Specification && c.section == *s);
        let intro = prose(s.as_str())?;
        ch4.children.push(section(
            &format!("4.{}", i + 1),
            s.title(),
            with_clauses(
                intro,
                found,
                "No requirements in this group apply to this tender.",
            ),
        ));
    }
    sections.push(ch4);

    sections.push(section(
        "5",
        "Award criteria",
        with_clauses(
            prose("award")?,
            clause_blocks(&|c| c.stage == Stage::Award),
            "This tender has no security award criteria.",
        ),
    ));
    sections.push(section(
        "6",
        "Contract security obligations",
        with_clauses(
            prose("contract")?,
            clause_blocks(&|c| c.stage == Stage::Contract),
            "This tender sets no contract security obligations.",
        ),
    ));

    let mut evidence = prose("evidence")?;
    for stage in [
        VerifyStage::Tender,
        VerifyStage::GoLive,
        VerifyStage::InLife,
    ] {
        let rows: Vec<Row> = clauses
            .iter()
            .flat_map(|c| {
                c.evidence
                    .iter()
                    .filter(|e| e.due == stage)
                    .map(move |e| Row {
                        cells: vec![
                            c.pack_ref.clone(),
                            c.id.clone(),
                            e.item.clone(),
                            c.obligation.keyword().to_string(),
                        ],
                        emphasis: c.obligation == Obligation::Must,
                    })
            })
            .collect();
        if !rows.is_empty() {
            let title = match stage {
                VerifyStage::Tender => "Evidence checked at tender evaluation",
                VerifyStage::GoLive => "Evidence checked before go-live",
                VerifyStage::InLife => "Evidence checked in life",
            };
            evidence.push(Block::Table(Table {
                kind: TableKind::Evidence,
                caption: title.to_string(),
                columns: vec![
                    col("Ref", 10),
                    col("Requirement", 14),
                    col("Evidence", 62),
                    col("Obligation", 14),
                ],
                rows,
            }));
        }
    }
    sections.push(section("7", "Evidence checklist", evidence));

    // Annex A: response matrix
    let mut annex_a = prose("annex-matrix")?;
    annex_a.push(Block::Table(Table {
        kind: TableKind::ResponseMatrix,
        caption: "Supplier response matrix".to_string(),
        columns: vec![
            col("Ref", 8),
            col("Requirement", 14),
            col("Title", 34),
            col("Obligation", 12),
            col("Compliance", 14),
            col("Evidence reference", 18),
        ],
        rows: clauses
            .iter()
            .map(|c| Row {
                cells: vec![
                    c.pack_ref.clone(),
                    c.tag(),
                    c.title.clone(),
                    c.obligation.keyword().to_string(),
                    String::new(),
                    String::new(),
                ],
                emphasis: c.obligation == Obligation::Must,
            })
            .collect(),
    }));
    sections.push(section("A", "Supplier response matrix", annex_a));

    // Annex B: sources and rationale
    let mut annex_b = prose("annex-sources")?;
    annex_b.push(Block::Table(Table {
        kind: TableKind::Sources,
        caption: "Sources and rationale".to_string(),
        columns: vec![
            col("Requirement", 14),
            col("Rationale", 38),
            col("Source", 48),
        ],
        rows: clauses
            .iter()
            .map(|c| {
                let sources = c
                    .sources
                    .iter()
                    .map(|s| {
                        let mut line = format!("{}, {}", s.document, s.section);
                        if !s.url.is_empty() {
                            line.push_str(&format!(", {}", s.url));
                        }
                        if !s.verified {
                            line.push_str(" (not verified against the source text)");
                        }
                        line
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                row(vec![
                    format!("{} {}", c.pack_ref, c.tag()),
                    c.rationale.clone(),
                    sources,
                ])
            })
            .collect(),
    }));
    sections.push(section("B", "Sources and rationale", annex_b));

    // Annex C: tailoring
    let mut annex_c = prose("annex-tailoring")?;
    let mut tail_rows = Vec::new();
    if let Some(reason) = &profile.risk.override_reason {
        tail_rows.push(row(vec![
            "Risk level set".to_string(),
            format!(
                "{} (derived: {})",
                profile.risk.level.title(),
                profile.risk.derived_level.title()
            ),
            reason.clone(),
        ]));
    }
    for (id, title, reason) in &selection.excluded {
        tail_rows.push(row(vec![
            "Excluded".to_string(),
            format!("{id} {title}"),
            reason.clone(),
        ]));
    }
    for (id, title, reason) in &selection.included {
        tail_rows.push(row(vec![
            "Included".to_string(),
            format!("{id} {title}"),
            reason.clone(),
        ]));
    }
    for ch in &selection.changed {
        let from = ch.from.map_or("not applied", |o| o.keyword());
        tail_rows.push(row(vec![
            format!("Obligation {from} → {}", ch.to.keyword()),
            format!("{} {}", ch.id, ch.title),
            ch.reason.clone(),
        ]));
    }
    for c in clauses.iter().filter(|c| c.buyer_clause) {
        tail_rows.push(row(vec![
            "Buyer clause added".to_string(),
            format!("{} {}", c.id, c.title),
            c.rationale.clone(),
        ]));
    }
    if tail_rows.is_empty() {
        annex_c.push(Block::Notice(Text::plain(
            "The buyer made no changes to the library's selection for this tender.",
        )));
    } else {
        annex_c.push(Block::Table(Table {
            kind: TableKind::Tailoring,
            caption: "Tailoring record".to_string(),
            columns: vec![col("Change", 22), col("Clause", 38), col("Reason", 40)],
            rows: tail_rows,
        }));
    }
    sections.push(section("C", "Tailoring record", annex_c));

    // Annex D: coverage
    let coverage = coverage_rows(lib, selection, &clauses);
    // Looked up once per citation; a map keeps Annex D linear in the size of the pack.
    let pack_ref_of: std::collections::BTreeMap<&str, &str> = clauses
        .iter()
        .map(|c| (c.id.as_str(), c.pack_ref.as_str()))
        .collect();
    let mut annex_d = prose("annex-coverage")?;
    annex_d.push(Block::Table(Table {
        kind: TableKind::Coverage,
        caption: "Guidance coverage".to_string(),
        columns: vec![
            col("Guidance item", 36),
            col("Clauses in this pack", 28),
            col("Where none, why", 36),
        ],
        rows: coverage
            .iter()
            .map(|c| {
                let refs: Vec<String> = c
                    .clauses
                    .iter()
                    .map(|id| format!("{} {id}", pack_ref_of[id.as_str()]))
                    .collect();
                Row {
                    cells: vec![
                        format!("{} ({})", c.title, c.guidance),
                        refs.join(", "),
                        c.reason.clone().unwrap_or_default(),
                    ],
                    emphasis: false,
                }
            })
            .collect(),
    }));
    sections.push(section("D", "Guidance coverage", annex_d));

    let t = &profile.tender;
    let meta = PackMeta {
        title: t.title.clone(),
        subtitle: "Security requirements".to_string(),
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
    };
    let mut document_control = vec![
        ("Title".to_string(), t.title.clone()),
        ("Reference".to_string(), t.reference.clone()),
        ("Contracting authority".to_string(), t.buyer.clone()),
        ("Document version".to_string(), t.version.clone()),
    ];
    if let Some(d) = &t.issue_date {
        document_control.push(("Issue date".to_string(), d.clone()));
    }
    if let Some(d) = &t.deadline {
        document_control.push(("Response deadline".to_string(), d.clone()));
    }
    if let Some(m) = &t.marking {
        document_control.push(("Protective marking".to_string(), m.clone()));
    }
    if let Some(c) = &t.contact {
        document_control.push(("Contact".to_string(), c.clone()));
    }
    document_control.push((
        "Risk level".to_string(),
        profile.risk.level.title().to_string(),
    ));
    document_control.push((
        "Technologies".to_string(),
        profile
            .technologies
            .iter()
            .map(|t| t.name.clone())
            .collect::<Vec<_>>()
            .join("; "),
    ));
    let (must, should) = (
        clauses
            .iter()
            .filter(|c| c.obligation == Obligation::Must)
            .count(),
        clauses
            .iter()
            .filter(|c| c.obligation == Obligation::Should)
            .count(),
    );
    document_control.push((
        "Requirements".to_string(),
        format!("{} ({must} mandatory, {should} desirable)", clauses.len()),
    ));
    document_control.push((
        "Clause library".to_string(),
        format!("{} version {}", lib.name, lib.version),
    ));
    document_control.push(("Library SHA-256".to_string(), lib.sha256.clone()));
    document_control.push(("Profile SHA-256".to_string(), profile.sha256.clone()));
    document_control.push((
        "Produced by".to_string(),
        format!("{TOOL_NAME} {TOOL_VERSION}"),
    ));

    Ok(TenderPack {
        meta,
        document_control,
        cover: prose("cover-notice")?,
        clauses,
        sections,
        risk: profile.risk.clone(),
        excluded: selection
            .excluded
            .iter()
            .map(|(id, title, reason)| ExcludedClause {
                id: id.clone(),
                title: title.clone(),
                reason: reason.clone(),
            })
            .collect(),
        coverage,
        profile: profile.as_read.clone(),
    })
}

/// For every guidance item: the pack's clauses that cite it, or why none does.
fn coverage_rows(lib: &Library, selection: &Selection, clauses: &[PackClause]) -> Vec<CoverageRow> {
    lib.guidance
        .iter()
        .map(|g| {
            let in_pack: Vec<String> = clauses.iter().filter(|c| c.guidance.contains(&g.id)).map(|c| c.id.clone()).collect();
            let reason = if !in_pack.is_empty() {
                None
            } else if let Some(why) = &g.not_covered {
                Some(why.clone())
            } else {
                let library: Vec<&str> = lib.clauses.iter().filter(|c| c.guidance.contains(&g.id)).map(|c| c.id.as_str()).collect();
                if library.is_empty() {
                    Some("No clause in this library version covers this item.".to_string())
                } else {
                    let excluded: Vec<&str> = library
                        .iter()
                        .copied()
                        .filter(|id| matches!(selection.decision(id), Some(crate::select::Decision::Excluded { .. })))
                        .collect();
                    if excluded.is_empty() {
                        Some(format!("Library clauses {} do not apply to this tender's technologies, risk level or answers.", library.join(", ")))
                    } else {
                        Some(format!("Excluded by the buyer: {} (see Annex C).", excluded.join(", ")))
                    }
                }
            };
            CoverageRow {
                guidance: g.id.clone(),
                title: g.title.clone(),
                document: lib.source(&g.source).map(|s| s.title.clone()).unwrap_or_default(),
                url: lib.guidance_url(g),
                clauses: in_pack,
                reason,
            }
        })
        .collect()
}
