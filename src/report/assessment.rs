//! The assessment of a supplier's response as a report (Markdown/DOCX), as JSON for the
//! evaluation record, and as the plain-text summary `assess` prints.

use std::fmt::Write as _;

use super::{plain, strong, Block, Inline, Report, ReportProperties, ReportRow, Rich};
use crate::library::{Category, TOP_SCORE};
use crate::response::{Assessment, Finding, Severity, Status};

/// Text from a response file, made safe to print on a terminal: control characters (which
/// could move the cursor or recolour the screen) become spaces.
pub fn terminal_safe(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn figures(a: &Assessment) -> Vec<(&'static str, usize)> {
    let t = &a.totals;
    vec![
        ("Requirements issued", t.issued),
        ("of which tender gates", t.gates),
        ("of which contract requirements", t.contract_requirements),
        ("of which scored", t.scored),
        ("Rows read", t.rows_read),
        ("Full", t.full),
        ("Partial", t.partial),
        ("Non-compliant", t.non_compliant),
        ("Not applicable", t.not_applicable),
        ("No compliance answer", t.no_compliance),
        ("Invalid compliance value", t.invalid_compliance),
        ("Missing rows", t.missing_rows),
        ("Unknown requirement ids", t.unknown_ids),
        ("Rows answered twice", t.duplicate_rows),
        (
            "Requirements altered (text, version or obligation)",
            t.altered,
        ),
        ("Tender gates not met", t.gates_failed),
        (
            "Contract requirements not accepted",
            t.contract_not_accepted,
        ),
        (
            "Contract remediations to accept (become contract terms)",
            t.contract_remediations,
        ),
        (
            "Partial/Non-compliant without remediation",
            t.missing_remediation,
        ),
        ("Remediation without a date", t.remediation_without_date),
        (
            "Not applicable without justification",
            t.missing_justification,
        ),
        ("Empty responses", t.empty_responses),
        ("Missing evidence references", t.missing_evidence),
        ("Over the word limit", t.over_word_limit),
        ("Formulas read as text", t.formulas),
        ("Problems to resolve", t.problems + t.failed),
        ("Warnings for evaluators", t.warnings),
    ]
}

/// The assessment as a report for the evaluation record.
pub fn assessment_report(a: &Assessment) -> Report {
    let mut cover = vec![
        ("Tender".to_string(), a.tender_title.clone()),
        ("Reference".to_string(), a.reference.clone()),
        ("Contracting authority".to_string(), a.buyer.clone()),
    ];
    if let Some(d) = &a.issue_date {
        cover.push(("Issue date".to_string(), d.clone()));
    }
    if let Some(d) = &a.deadline {
        cover.push(("Response deadline".to_string(), d.clone()));
    }
    cover.extend([
        ("Response file".to_string(), a.response_file.clone()),
        ("Read as".to_string(), a.response_format.clone()),
        ("Response SHA-256".to_string(), a.response_sha256.clone()),
        (
            "Clause library".to_string(),
            format!("{} version {}", a.library_name, a.library_version),
        ),
        ("Library SHA-256".to_string(), a.library_sha256.clone()),
        ("Profile SHA-256".to_string(), a.profile_sha256.clone()),
        (
            "Produced by".to_string(),
            format!("tenderguard {}", a.tool_version),
        ),
    ]);
    let mut r = Report {
        title: format!("Response assessment: {}", a.tender_title),
        subtitle: "The supplier's response matrix checked against the security requirements as issued".to_string(),
        marking: a.marking.clone(),
        cover,
        blocks: Vec::new(),
        properties: ReportProperties {
            title: format!("Response assessment: {}", a.tender_title),
            subject: format!("Security requirements response assessment, {}", a.reference),
            author: a.buyer.clone(),
            keywords: vec!["response assessment".into(), "security requirements".into(), a.reference.clone()],
            description: format!(
                "Response {} (sha256 {}) checked by tenderguard {} against library {} (sha256 {}) and profile sha256 {}",
                a.response_file, a.response_sha256, a.tool_version, a.library_version, a.library_sha256, a.profile_sha256
            ),
            date: a.issue_date.clone(),
            custom: vec![
                ("Tender reference".into(), a.reference.clone()),
                ("Response SHA-256".into(), a.response_sha256.clone()),
                ("Library version".into(), a.library_version.clone()),
                ("Library SHA-256".into(), a.library_sha256.clone()),
                ("Profile SHA-256".into(), a.profile_sha256.clone()),
                ("Produced by".into(), format!("tenderguard {}", a.tool_version)),
            ],
                    application: Some(format!("tenderguard {}", env!("CARGO_PKG_VERSION"))),
            ..ReportProperties::default()
        },
    };
    r.blocks.push(Block::Notice(strong(a.verdict())));

    r.heading(1, "Summary");
    r.blocks.push(Block::Table {
        columns: vec![("Measure".into(), 70), ("Count".into(), 30)],
        rows: figures(a)
            .into_iter()
            .map(|(k, v)| ReportRow {
                cells: vec![plain(k), plain(v.to_string())],
                emphasis: v > 0
                    && matches!(
                        k,
                        "Tender gates not met"
                            | "Contract requirements not accepted"
                            | "Problems to resolve"
                    ),
            })
            .collect(),
    });

    let failed: Vec<_> = a
        .requirements
        .iter()
        .filter(|q| q.status == Status::Fail)
        .collect();
    if !failed.is_empty() {
        r.heading(1, "Failed requirements");
        r.text("A tender gate answered Partial or Non-compliant is not met, and the tender is excluded (Procurement Act 2023, section 23). A contract requirement answered Partial or Non-compliant with no dated remediation commitment is not accepted.");
        r.blocks.push(Block::Table {
            columns: vec![
                ("Ref".into(), 10),
                ("Requirement".into(), 16),
                ("Title".into(), 54),
                ("Row".into(), 10),
            ],
            rows: failed
                .iter()
                .map(|q| ReportRow {
                    cells: vec![
                        plain(&q.pack_ref),
                        plain(format!("{} v{}", q.id, q.version)),
                        plain(&q.title),
                        plain(q.row.map_or(String::new(), |n| n.to_string())),
                    ],
                    emphasis: true,
                })
                .collect(),
        });
    }

    let findings_table = |severities: &[Severity]| -> Vec<ReportRow> {
        a.all_findings()
            .filter(|(_, f)| severities.contains(&f.severity))
            .map(|(id, f)| ReportRow {
                cells: vec![
                    plain(id),
                    plain(&f.position),
                    strong(f.kind.title()),
                    plain(&f.message),
                ],
                emphasis: f.severity == Severity::Fail,
            })
            .collect()
    };
    let columns = || {
        vec![
            ("Requirement".into(), 14),
            ("Where".into(), 26),
            ("Finding".into(), 20),
            ("Detail".into(), 40),
        ]
    };
    let problems = findings_table(&[Severity::Fail, Severity::Problem]);
    r.heading(1, "Problems to resolve");
    if problems.is_empty() {
        r.text("None: every requirement is answered, with the remediation, justification, response and evidence its answer needs, and no requirement was altered.");
    } else {
        r.blocks.push(Block::Table {
            columns: columns(),
            rows: problems,
        });
    }
    let warnings = findings_table(&[Severity::Warning]);
    if !warnings.is_empty() {
        r.heading(1, "For the evaluators");
        r.text("These do not make the response incomplete, but need an evaluator's judgement.");
        r.blocks.push(Block::Table {
            columns: columns(),
            rows: warnings,
        });
    }

    scoring_section(&mut r, a);

    r.heading(1, "Requirement by requirement");
    r.blocks.push(Block::Table {
        columns: vec![
            ("Ref".into(), 8),
            ("Requirement".into(), 14),
            ("Title".into(), 32),
            ("Category".into(), 11),
            ("Compliance".into(), 15),
            ("Status".into(), 13),
            ("Row".into(), 7),
        ],
        rows: a
            .requirements
            .iter()
            .map(|q| {
                let compliance: Rich = match q.compliance {
                    Some(c) => plain(c.label()),
                    None if q.compliance_text.is_empty() => plain(""),
                    None => vec![
                        Inline::Text(q.compliance_text.clone()),
                        Inline::Strong(" (invalid)".into()),
                    ],
                };
                ReportRow {
                    cells: vec![
                        plain(&q.pack_ref),
                        plain(format!("{} v{}", q.id, q.version)),
                        plain(&q.title),
                        plain(q.category.label()),
                        compliance,
                        if q.status == Status::Complete {
                            plain(q.status.label())
                        } else {
                            strong(q.status.label())
                        },
                        plain(q.row.map_or(String::new(), |n| n.to_string())),
                    ],
                    emphasis: q.status != Status::Complete
                        && (q.category != Category::Scored || q.status == Status::Fail),
                }
            })
            .collect(),
    });
    r
}

/// For the evaluators to score: the scale, then each award question with its weighting, any
/// minimum score and the scored requirements it also marks, with the supplier's answers to them.
fn scoring_section(r: &mut Report, a: &Assessment) {
    let s = &a.scoring;
    r.heading(1, "Scored items for the evaluators");
    if s.questions.is_empty() && s.unplaced.is_empty() {
        r.text("This tender asks no security award questions and has no scored requirements.");
        return;
    }
    r.text(format!(
        "The award questions carry {}% of the quality score. Each is marked from 0 to {} on the published scale; a question's mark is its score times its weighting divided by {}. Where a minimum score is stated, a lower score excludes the tender (Procurement Act 2023, section 23). Scored requirements never exclude: each is marked within the award question listed with it.",
        s.security_share, TOP_SCORE, TOP_SCORE
    ));
    r.blocks.push(Block::Table {
        columns: vec![
            ("Score".into(), 10),
            ("Meaning".into(), 18),
            ("What the answer shows".into(), 72),
        ],
        rows: s
            .scale
            .iter()
            .map(|step| ReportRow {
                cells: vec![
                    plain(step.score.to_string()),
                    plain(&step.name),
                    plain(&step.descriptor),
                ],
                emphasis: false,
            })
            .collect(),
    });
    r.blocks.push(Block::Table {
        columns: vec![
            ("Ref".into(), 8),
            ("Award question".into(), 28),
            ("Weighting".into(), 11),
            ("Minimum score".into(), 11),
            ("Answer words".into(), 10),
            ("Scored requirements it also marks (answer)".into(), 32),
        ],
        rows: s
            .questions
            .iter()
            .map(|q| ReportRow {
                cells: vec![
                    plain(&q.pack_ref),
                    plain(format!("{} {}", q.id, q.title)),
                    plain(format!("{}%", q.weighting_percent)),
                    match q.minimum_score {
                        Some(m) => strong(format!("{m} (below excludes)")),
                        None => plain("none"),
                    },
                    plain(q.response_words.to_string()),
                    plain(
                        q.marks
                            .iter()
                            .map(|p| {
                                format!(
                                    "{} {} ({})",
                                    p.pack_ref,
                                    p.id,
                                    if p.compliance.is_empty() {
                                        "no answer"
                                    } else {
                                        &p.compliance
                                    }
                                )
                            })
                            .collect::<Vec<_>>()
                            .join("; "),
                    ),
                ],
                emphasis: q.minimum_score.is_some(),
            })
            .collect(),
    });
    if !s.unplaced.is_empty() {
        r.text(format!(
            "Scored requirements with no award question in this tender: {}.",
            s.unplaced
                .iter()
                .map(|p| format!("{} {}", p.pack_ref, p.id))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
}

/// The assessment as JSON: every count, every requirement and every finding.
pub fn assessment_json(a: &Assessment) -> Vec<u8> {
    let mut v = serde_json::json!({
        "tool": {"name": "tenderguard", "version": a.tool_version},
        "verdict": a.verdict(),
        "ready": !a.has_problems(),
    });
    if let (Some(obj), Ok(serde_json::Value::Object(rest))) =
        (v.as_object_mut(), serde_json::to_value(a))
    {
        obj.extend(rest);
    }
    let mut out = serde_json::to_vec_pretty(&v).unwrap_or_default();
    out.push(b'\n');
    out
}

fn finding_line(out: &mut String, id: &str, f: &Finding) {
    let tag = match f.severity {
        Severity::Fail => "FAIL ",
        Severity::Problem => "error",
        Severity::Warning => "warn ",
    };
    let id = if id.is_empty() {
        String::new()
    } else {
        format!("{id}: ")
    };
    let _ = writeln!(
        out,
        "  {tag} {}: {id}{}",
        terminal_safe(&f.position),
        terminal_safe(&f.message)
    );
}

/// The readable summary printed on stdout.
pub fn assessment_text(a: &Assessment) -> String {
    let t = &a.totals;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Response assessment: {} — {}",
        terminal_safe(&a.reference),
        terminal_safe(&a.tender_title)
    );
    let _ = writeln!(
        out,
        "Response {} ({}), {} rows read; checked against library {} and the profile as issued",
        terminal_safe(&a.response_file),
        a.response_format,
        t.rows_read,
        a.library_version
    );
    let _ = writeln!(out, "\n{}\n", a.verdict());
    let _ = writeln!(
        out,
        "  Issued {} ({} gates, {} contract, {} scored)   Full {}   Partial {}   Non-compliant {}   Not applicable {}   No answer {}   Invalid {}",
        t.issued, t.gates, t.contract_requirements, t.scored, t.full, t.partial, t.non_compliant, t.not_applicable, t.no_compliance, t.invalid_compliance
    );
    let _ = writeln!(
        out,
        "  Missing rows {}   Unknown ids {}   Duplicates {}   Altered {}   Gates not met {}   Contract not accepted {}   Contract remediations {}",
        t.missing_rows, t.unknown_ids, t.duplicate_rows, t.altered, t.gates_failed, t.contract_not_accepted, t.contract_remediations
    );
    let _ = writeln!(
        out,
        "  No remediation {}   Remediation without date {}   No justification {}   Empty responses {}   No evidence {}",
        t.missing_remediation, t.remediation_without_date, t.missing_justification, t.empty_responses, t.missing_evidence
    );
    if t.over_word_limit + t.formulas > 0 {
        let _ = writeln!(
            out,
            "  Over word limit {}   Formulas read as text {}",
            t.over_word_limit, t.formulas
        );
    }
    let scoring = &a.scoring;
    if !scoring.questions.is_empty() {
        let marked: usize = scoring.questions.iter().map(|q| q.marks.len()).sum();
        let minimums: Vec<String> = scoring
            .questions
            .iter()
            .filter_map(|q| q.minimum_score.map(|m| format!("{} ({m})", q.pack_ref)))
            .collect();
        let _ = writeln!(
            out,
            "  To score: {} award question{} carrying {}% of the quality score, {} scored requirement{} marked under them{}",
            scoring.questions.len(),
            plural_s(scoring.questions.len()),
            scoring.security_share,
            marked,
            plural_s(marked),
            if minimums.is_empty() {
                String::new()
            } else {
                format!("; minimum scores on {}", minimums.join(", "))
            }
        );
    }
    let problems: Vec<_> = a
        .all_findings()
        .filter(|(_, f)| f.severity != Severity::Warning)
        .collect();
    if !problems.is_empty() {
        let _ = writeln!(out, "\nProblems ({}):", problems.len());
        for (id, f) in problems {
            finding_line(&mut out, id, f);
        }
    }
    let warnings: Vec<_> = a
        .all_findings()
        .filter(|(_, f)| f.severity == Severity::Warning)
        .collect();
    if !warnings.is_empty() {
        let _ = writeln!(out, "\nFor the evaluators ({}):", warnings.len());
        for (id, f) in warnings {
            finding_line(&mut out, id, f);
        }
    }
    out
}

fn plural_s(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
