//! What each page shows, as plain values the templates print: the profile form with each
//! field's value and its messages, the consequences of the answers (risk, counts, every clause
//! in or out with why), a response assessment, and the library. Built from the engine's own
//! types; the templates decide nothing.

use std::collections::BTreeMap;

use serde::Serialize;

use super::form::{
    ClauseRow, EvidenceRow, HistoryRow, ObligationRow, ProfileForm, TailorRow, WrittenProfile,
};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::format::Format;
use crate::library::fields::{applies_to_technology, clause_fields, FieldKind};
use crate::library::{Category, Clause, Library, ParamValue, RiskLevel};
use crate::pipeline::{Plan, Verdict};
use crate::profile::IMPACT_QUESTIONS;
use crate::select::requirement_counts;

/// A message about the input, worded as the command line words it.
#[derive(Debug, Clone, Serialize)]
pub struct Message {
    pub error: bool,
    pub text: String,
    pub notes: Vec<String>,
    pub help: Option<String>,
    /// The form field it is about.
    pub field: Option<String>,
    /// The id of the element the summary links to for it.
    pub anchor: Option<String>,
    /// `file:line:col`, for messages about an uploaded file.
    pub position: Option<String>,
}

impl Message {
    fn from_diagnostic(d: &Diagnostic, field: Option<String>, positioned: bool) -> Message {
        Message {
            error: d.severity == Severity::Error,
            text: d.message.clone(),
            notes: d.notes.clone(),
            help: d.help.clone(),
            anchor: field.as_deref().map(anchor),
            field,
            position: positioned.then(|| d.position()).flatten(),
        }
    }
}

/// The element a message about `field` is shown at: the field itself, or for a whole table
/// or a yes/no answer the heading or checkbox that stands for it.
fn anchor(field: &str) -> String {
    match field {
        "tender" => "section-tender".to_string(),
        "scope" => "technologies".to_string(),
        key if IMPACT_QUESTIONS.iter().any(|q| q.key == key) => format!("impact-{key}"),
        other => other.to_string(),
    }
}

/// One choice of a select, radio or checkbox group.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    pub id: String,
    pub value: String,
    pub label: String,
    pub hint: Option<String>,
    pub selected: bool,
}

/// One form field with its value and what is wrong with it.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub id: String,
    pub name: String,
    pub label: String,
    pub hint: Option<String>,
    pub value: String,
    /// `text`, `date`, `datetime`, `number`, `textarea`, `select` or `clause-id`.
    pub kind: &'static str,
    pub options: Vec<Choice>,
    pub min: Option<String>,
    pub max: Option<String>,
    pub messages: Vec<Message>,
    pub invalid: bool,
}

/// Messages by the form field they are about.
#[derive(Default)]
struct FieldMessages(BTreeMap<String, Vec<Message>>);

impl FieldMessages {
    fn take(&mut self, id: &str) -> Vec<Message> {
        self.0.remove(id).unwrap_or_default()
    }
}

struct FieldSpec<'a> {
    id: String,
    name: String,
    label: String,
    hint: Option<String>,
    value: &'a str,
    kind: &'static str,
}

fn field(spec: FieldSpec, messages: &mut FieldMessages) -> Field {
    let messages = messages.take(&spec.id);
    Field {
        invalid: messages.iter().any(|m| m.error),
        id: spec.id,
        name: spec.name,
        label: spec.label,
        hint: spec.hint,
        value: spec.value.to_string(),
        kind: spec.kind,
        options: Vec::new(),
        min: None,
        max: None,
        messages,
    }
}

fn simple<'a>(
    id: &str,
    label: &str,
    hint: Option<&str>,
    value: &'a str,
    kind: &'static str,
) -> FieldSpec<'a> {
    FieldSpec {
        id: id.to_string(),
        name: id.to_string(),
        label: label.to_string(),
        hint: hint.map(str::to_string),
        value,
        kind,
    }
}

fn select(mut f: Field, blank: &str, options: &[(&str, &str)]) -> Field {
    let mut all = vec![(String::new(), blank.to_string())];
    all.extend(options.iter().map(|(v, l)| (v.to_string(), l.to_string())));
    f.options = all
        .into_iter()
        .map(|(value, label)| Choice {
            id: String::new(),
            selected: value == f.value,
            value,
            label,
            hint: None,
        })
        .collect();
    f.kind = "select";
    f
}

fn checkboxes(mut f: Field, options: &[(&str, &str)], chosen: &[String]) -> Field {
    f.options = options
        .iter()
        .map(|(value, label)| Choice {
            id: format!("{}-{value}", f.id),
            value: value.to_string(),
            label: label.to_string(),
            hint: None,
            selected: chosen.iter().any(|c| c == value),
        })
        .collect();
    f.kind = "checkboxes";
    f
}

/// One row of tailoring that excludes or includes a clause.
#[derive(Debug, Clone, Serialize)]
pub struct TailorRowView {
    pub number: usize,
    pub id: Field,
    pub reason: Field,
}

/// One row of tailoring that changes an obligation.
#[derive(Debug, Clone, Serialize)]
pub struct ObligationRowView {
    pub number: usize,
    pub id: Field,
    pub to: Field,
    pub reason: Field,
}

/// One piece of evidence of an own clause, and when it is due.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceRowView {
    pub item: Field,
    pub due: Field,
}

/// One of the buyer's own clauses: its fields before the evidence, the evidence rows, and the
/// fields after.
#[derive(Debug, Clone, Serialize)]
pub struct ClauseRowView {
    pub number: usize,
    pub fields: Vec<Field>,
    pub evidence_id: String,
    pub evidence: Vec<EvidenceRowView>,
    pub evidence_messages: Vec<Message>,
    pub after: Vec<Field>,
}

/// One earlier version of the document.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryRowView {
    pub version: Field,
    pub date: Field,
    pub change: Field,
}

/// A source a clause is drawn from.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    pub title: String,
    pub section: String,
    pub url: String,
    pub verified: bool,
    pub note: Option<String>,
}

/// One clause with why it is in or out.
#[derive(Debug, Clone, Serialize)]
pub struct ExplainedClause {
    pub id: String,
    pub title: String,
    /// Its category when it is in: "Tender gate", "Contract requirement" or "Scored".
    pub category: Option<&'static str>,
    /// The category as a class name (`gate`, `contract`, `scored`).
    pub category_class: Option<&'static str>,
    pub reasons: Vec<String>,
    pub sources: Vec<SourceView>,
    pub library: bool,
}

/// One factor of the derived risk level.
#[derive(Debug, Clone, Serialize)]
pub struct RiskFactor {
    pub factor: String,
    pub implies: &'static str,
    pub explanation: String,
    /// It implies the derived level, so it is one of the factors that set it.
    pub decisive: bool,
}

/// A count of requirements of one kind, by category.
#[derive(Debug, Clone, Serialize)]
pub struct CountView {
    pub label: &'static str,
    pub gate: usize,
    pub contract: usize,
    pub scored: usize,
    pub total: usize,
}

/// What the answers mean for the tender, shown beside the form and updated as it changes.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Consequence {
    pub ready: bool,
    /// Why nothing can be shown yet.
    pub blocked: Option<String>,
    /// What the figures leave out while the form has problems.
    pub caveat: Option<String>,
    pub risk_level: String,
    pub derived_level: String,
    pub stated_level: Option<String>,
    pub override_reason: Option<String>,
    pub factors: Vec<RiskFactor>,
    pub counts: Vec<CountView>,
    pub total: usize,
    /// Tender gates: not met at tender, the tender is excluded.
    pub gate: usize,
    /// Contract requirements: accepted at tender, verified at go-live or in life.
    pub contract: usize,
    /// Scored under a named award question.
    pub scored: usize,
    pub clauses_in: Vec<ExplainedClause>,
    pub clauses_out: Vec<ExplainedClause>,
}

/// A supplier's response checked against the pack as issued.
#[derive(Debug, Clone, Serialize)]
pub struct AssessView {
    pub file: String,
    pub verdict: String,
    pub problems: bool,
    pub text: String,
    pub messages: Vec<Message>,
}

/// Messages about an uploaded file, with where in it each is.
#[derive(Debug, Clone, Serialize)]
pub struct UploadReport {
    pub file: String,
    pub messages: Vec<Message>,
    /// The messages as the command line prints them.
    pub rendered: String,
}

/// The profile page: the form, the consequences and what the last action produced.
#[derive(Debug, Clone, Serialize)]
pub struct ProfilePage {
    pub token: String,
    pub profile_path: Option<String>,
    pub notice: Option<String>,
    pub problems: Vec<Message>,
    pub error_count: usize,
    pub upload_report: Option<UploadReport>,
    pub tender: Vec<Field>,
    pub tender_messages: Vec<Message>,
    pub history: Vec<HistoryRowView>,
    pub technologies: Vec<Choice>,
    pub technology_messages: Vec<Message>,
    pub scope: Vec<Field>,
    pub impact: Vec<Choice>,
    pub impact_messages: Vec<Message>,
    pub personal_data: Field,
    pub parameters: Vec<Field>,
    pub parameter_messages: Vec<Message>,
    pub exclude: Vec<TailorRowView>,
    pub include: Vec<TailorRowView>,
    pub obligation: Vec<ObligationRowView>,
    pub clauses: Vec<ClauseRowView>,
    pub formats: Vec<Choice>,
    pub format_messages: Vec<Message>,
    pub downloads: Vec<Choice>,
    /// The most an uploaded file may hold, as people say it.
    pub upload_limit: String,
    pub clause_ids: Vec<String>,
    pub consequence: Consequence,
    pub assessment: Option<AssessView>,
}

/// Everything the profile page needs besides the form: the written profile and what planning
/// it gave, the plan of the same answers with placeholder tender details for the consequences,
/// and whether to show messages yet (not before the officer has changed anything).
pub struct ProfileInputs<'a> {
    pub token: &'a str,
    pub profile_path: Option<String>,
    pub form: &'a ProfileForm,
    pub written: &'a WrittenProfile,
    pub problems: Option<&'a Diagnostics>,
    pub warnings: Vec<Diagnostic>,
    pub consequence: Consequence,
    pub show_messages: bool,
}

/// The page for a form, its messages placed beside their fields.
pub fn profile_page(lib: &Library, inputs: ProfileInputs) -> ProfilePage {
    let form = inputs.form;
    let mut all: Vec<Message> = Vec::new();
    if inputs.show_messages {
        let diags = inputs.problems.map(|d| d.0.as_slice()).unwrap_or(&[]);
        for d in diags.iter().chain(&inputs.warnings) {
            let field = d
                .location
                .as_ref()
                .and_then(|l| inputs.written.field_at(l.span.start))
                .map(str::to_string);
            all.push(Message::from_diagnostic(d, field, false));
        }
    }
    let mut messages = FieldMessages::default();
    for m in &all {
        if let Some(f) = &m.field {
            messages.0.entry(f.clone()).or_default().push(m.clone());
        }
    }
    let error_count = all.iter().filter(|m| m.error).count();

    let tender = vec![
        field(simple("title", "Tender title", None, &form.title, "text"), &mut messages),
        field(
            simple("reference", "Reference", Some("The authority's reference, e.g. ECC-2026-0142; it also names the files"), &form.reference, "text"),
            &mut messages,
        ),
        field(simple("buyer", "Buyer", Some("The contracting authority"), &form.buyer, "text"), &mut messages),
        field(
            simple(
                "issue_date",
                "Issue date (optional)",
                Some("Printed on the cover; no date is printed without it"),
                &form.issue_date,
                if form.issue_date.is_empty() || is_plain_date(&form.issue_date) { "date" } else { "text" },
            ),
            &mut messages,
        ),
        field(
            simple("deadline", "Response deadline (optional)", Some("When supplier responses are due: a date such as 2027-01-15, or a date and time such as 2027-01-15T12:00"), &form.deadline, "text"),
            &mut messages,
        ),
        field(simple("version", "Version (optional)", Some("Default 1.0"), &form.version, "text"), &mut messages),
        field(simple("contact", "Contact (optional)", None, &form.contact, "text"), &mut messages),
        field(
            simple("marking", "Protective marking (optional)", Some("Printed in the header and footer, e.g. OFFICIAL"), &form.marking, "text"),
            &mut messages,
        ),
        field(
            simple("schedule", "Schedule (optional)", Some("Where this document sits in the tender pack, shown on the cover, e.g. Schedule 4"), &form.schedule, "text"),
            &mut messages,
        ),
    ];
    let mut history_rows = form.history.clone();
    history_rows.push(HistoryRow::default());
    let history = history_rows
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let spec = |part: &str, label: &str, kind| FieldSpec {
                id: format!("history-{i}-{part}"),
                name: format!("history-{i}-{part}"),
                label: format!("{label} (earlier version {})", i + 1),
                hint: None,
                value: "",
                kind,
            };
            HistoryRowView {
                version: field(
                    spec("version", "Version", "text").with_value(&h.version),
                    &mut messages,
                ),
                date: field(
                    spec(
                        "date",
                        "Date",
                        if h.date.is_empty() || is_plain_date(&h.date) {
                            "date"
                        } else {
                            "text"
                        },
                    )
                    .with_value(&h.date),
                    &mut messages,
                ),
                change: field(
                    spec("change", "What changed", "text").with_value(&h.change),
                    &mut messages,
                ),
            }
        })
        .collect();
    let tender_messages = messages.take("tender");
    let technologies = lib
        .technologies
        .iter()
        .map(|t| Choice {
            id: format!("technology-{}", t.id),
            value: t.id.clone(),
            label: t.name.clone(),
            hint: Some(format!(
                "{} (default risk {})",
                t.description, t.default_risk
            )),
            selected: form.technologies.contains(&t.id),
        })
        .collect();
    let mut technology_messages = messages.take("technologies");
    let hosting = select(
        field(
            simple(
                "hosting",
                "Hosting (optional)",
                Some("Where the system runs"),
                &form.hosting,
                "select",
            ),
            &mut messages,
        ),
        "Not stated",
        &[
            ("on-premises", "On the Council's premises"),
            ("cloud", "Cloud"),
            ("hybrid", "Hybrid"),
        ],
    );
    let risk_options: Vec<(String, String)> = RiskLevel::ALL
        .iter()
        .map(|l| {
            (
                l.as_str().to_string(),
                format!("{} — {}", l.title(), l.meaning()),
            )
        })
        .collect();
    let risk_options: Vec<(&str, &str)> = risk_options
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let risk = select(
        field(
            simple("risk", "Risk level", Some("Leave it derived unless you have a reason; a level lower than the derived one needs a reason"), &form.risk, "select"),
            &mut messages,
        ),
        "Derived from the answers (recommended)",
        &risk_options,
    );
    let risk_reason = field(
        simple("risk_reason", "Reason for a lower risk level", Some("Required when the level you state is lower than the derived one; printed in the pack"), &form.risk_reason, "textarea"),
        &mut messages,
    );
    let mut scope_messages = messages.take("scope");
    technology_messages.append(&mut scope_messages);
    let impact = IMPACT_QUESTIONS
        .iter()
        .map(|q| Choice {
            id: format!("impact-{}", q.key),
            value: q.key.to_string(),
            label: sentence(q.question),
            hint: None,
            selected: form.impact_yes.iter().any(|k| k == q.key),
        })
        .collect();
    let personal_data = select(
        field(
            simple("personal_data", "Does it process personal data?", Some("Images of people and pseudonymous identifiers are personal data (ICO); the technologies may imply more"), &form.personal_data, "select"),
            &mut messages,
        ),
        "Not answered (implied by the technologies)",
        &[("none", "None"), ("personal", "Personal data"), ("special-category", "Special category data (health, biometrics and the like)")],
    );
    let mut impact_messages = messages.take("impact");
    for q in IMPACT_QUESTIONS {
        impact_messages.append(&mut messages.take(q.key));
    }
    let parameters = lib
        .parameters
        .iter()
        .map(|p| {
            let id = format!("param-{}", p.name);
            let value = form.parameters.get(&p.name).map_or("", String::as_str);
            let defaults: Vec<String> = RiskLevel::ALL
                .iter()
                .map(|l| format!("{} {}", l.as_str(), p.default_at(*l)))
                .collect();
            let unit = p
                .unit
                .as_deref()
                .map(|u| format!(" {u}"))
                .unwrap_or_default();
            let hint = format!(
                "{}. Allowed: {}{unit}. Default by risk level: {}",
                p.meaning.trim_end_matches('.'),
                p.allowed(),
                defaults.join(", ")
            );
            let integer = matches!(p.default, ParamValue::Integer(_));
            let mut f = field(
                FieldSpec {
                    id: id.clone(),
                    name: id,
                    label: p.name.replace('_', " "),
                    hint: Some(hint),
                    value,
                    kind: if integer { "number" } else { "text" },
                },
                &mut messages,
            );
            f.min = p.min.map(|m| m.to_string());
            f.max = p.max.map(|m| m.to_string());
            f
        })
        .collect();
    let parameter_messages = messages.take("parameters");
    let tailor_rows =
        |kind: &str, rows: &[TailorRow], messages: &mut FieldMessages| -> Vec<TailorRowView> {
            let mut rows: Vec<TailorRow> = rows.to_vec();
            rows.push(TailorRow::default());
            rows.iter()
                .enumerate()
                .map(|(i, r)| TailorRowView {
                    number: i + 1,
                    id: field(
                        FieldSpec {
                            id: format!("{kind}-{i}-id"),
                            name: format!("{kind}-{i}-id"),
                            label: format!("Clause id ({kind} {})", i + 1),
                            hint: None,
                            value: &r.id,
                            kind: "clause-id",
                        },
                        messages,
                    ),
                    reason: field(
                        FieldSpec {
                            id: format!("{kind}-{i}-reason"),
                            name: format!("{kind}-{i}-reason"),
                            label: format!("Reason ({kind} {})", i + 1),
                            hint: None,
                            value: &r.reason,
                            kind: "text",
                        },
                        messages,
                    ),
                })
                .collect()
        };
    let exclude = tailor_rows("exclude", &form.exclude, &mut messages);
    let include = tailor_rows("include", &form.include, &mut messages);
    let mut obligation_rows: Vec<ObligationRow> = form.obligation.clone();
    obligation_rows.push(ObligationRow::default());
    let obligation = obligation_rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let id = |part: &str| format!("obligation-{i}-{part}");
            ObligationRowView {
                number: i + 1,
                id: field(
                    FieldSpec {
                        id: id("id"),
                        name: id("id"),
                        label: format!("Clause id (change {})", i + 1),
                        hint: None,
                        value: &r.id,
                        kind: "clause-id",
                    },
                    &mut messages,
                ),
                to: select(
                    field(
                        FieldSpec {
                            id: id("to"),
                            name: id("to"),
                            label: format!("New obligation (change {})", i + 1),
                            hint: None,
                            value: &r.to,
                            kind: "select",
                        },
                        &mut messages,
                    ),
                    "Choose",
                    &[
                        ("must", "MUST (a tender gate, or a contract requirement)"),
                        ("should", "SHOULD (scored)"),
                    ],
                ),
                reason: field(
                    FieldSpec {
                        id: id("reason"),
                        name: id("reason"),
                        label: format!("Reason (change {})", i + 1),
                        hint: None,
                        value: &r.reason,
                        kind: "text",
                    },
                    &mut messages,
                ),
            }
        })
        .collect();
    let mut clause_rows: Vec<ClauseRow> = form.clauses.clone();
    clause_rows.push(ClauseRow::default());
    let clauses = clause_rows
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let n = i + 1;
            let spec = |part: &str, label: &str, hint: Option<&str>, kind| FieldSpec {
                id: format!("clause-{i}-{part}"),
                name: format!("clause-{i}-{part}"),
                label: format!("{label} (own clause {n})"),
                hint: hint.map(str::to_string),
                value: "",
                kind,
            };
            let fields = vec![
                field(
                    spec(
                        "id",
                        "Id",
                        Some("Letters, digits and hyphens, starting with a letter, e.g. ECC-01"),
                        "text",
                    )
                    .with_value(&c.id),
                    &mut messages,
                ),
                select(
                    field(
                        spec("section", "Section", None, "select").with_value(&c.section),
                        &mut messages,
                    ),
                    "Choose",
                    &[
                        ("understand", "Understand"),
                        ("design", "Design"),
                        ("manage", "Manage"),
                        ("technology", "Technology-specific"),
                    ],
                ),
                field(
                    spec("title", "Title", None, "text").with_value(&c.title),
                    &mut messages,
                ),
                field(
                    spec(
                        "text",
                        "Text",
                        Some("Say MUST or SHOULD, as the obligation is"),
                        "textarea",
                    )
                    .with_value(&c.text),
                    &mut messages,
                ),
                select(
                    field(
                        spec("obligation", "Obligation", None, "select").with_value(&c.obligation),
                        &mut messages,
                    ),
                    "Choose",
                    &[
                        ("must", "MUST (a tender gate, or a contract requirement)"),
                        ("should", "SHOULD (scored)"),
                    ],
                ),
            ];
            let mut evidence_rows = c.evidence.clone();
            evidence_rows.push(EvidenceRow::default());
            let evidence = evidence_rows
                .iter()
                .enumerate()
                .map(|(j, e)| EvidenceRowView {
                    item: field(
                        spec(
                            &format!("evidence-{j}-item"),
                            &format!("Evidence {}", j + 1),
                            None,
                            "text",
                        )
                        .with_value(&e.item),
                        &mut messages,
                    ),
                    due: select(
                        field(
                            spec(
                                &format!("evidence-{j}-due"),
                                &format!("Due (evidence {})", j + 1),
                                None,
                                "select",
                            )
                            .with_value(&e.due),
                            &mut messages,
                        ),
                        "At the clause's first check (default)",
                        &[
                            ("tender", "With the tender"),
                            ("go-live", "Before go-live"),
                            ("in-life", "During the contract"),
                        ],
                    ),
                })
                .collect();
            let evidence_messages = messages.take(&format!("clause-{i}-evidence"));
            let after = vec![
                select(
                    field(
                        spec("stage", "Stage", None, "select").with_value(&c.stage),
                        &mut messages,
                    ),
                    "Specification requirement (the default)",
                    &[
                        ("participation", "Condition of participation"),
                        ("specification", "Specification requirement"),
                        ("award", "Award criterion"),
                        ("contract", "Contract obligation"),
                    ],
                ),
                checkboxes(
                    field(
                        spec(
                            "verify",
                            "When the evidence is checked",
                            Some("None ticked: at tender"),
                            "checkboxes",
                        ),
                        &mut messages,
                    ),
                    &[
                        ("tender", "At tender"),
                        ("go-live", "Before go-live"),
                        ("in-life", "During the contract"),
                    ],
                    &c.verify,
                ),
                field(
                    spec("rationale", "Rationale (optional)", None, "textarea")
                        .with_value(&c.rationale),
                    &mut messages,
                ),
            ];
            ClauseRowView {
                number: n,
                fields,
                evidence_id: format!("clause-{i}-evidence"),
                evidence,
                evidence_messages,
                after,
            }
        })
        .collect();
    let formats = Format::ALL
        .iter()
        .map(|f| Choice {
            id: format!("format-{}", f.key()),
            value: f.key().to_string(),
            label: f.file_name().to_string(),
            hint: None,
            selected: form.formats.iter().any(|x| x == f.key()),
        })
        .collect();
    let format_messages = messages.take("formats");
    let downloads = Format::ALL
        .iter()
        .map(|f| Choice {
            id: format!("download-{}", f.key()),
            value: f.key().to_string(),
            label: f.file_name().to_string(),
            hint: None,
            selected: false,
        })
        .collect();
    let mut problems = all;
    problems.sort_by_key(|m| !m.error);
    ProfilePage {
        token: inputs.token.to_string(),
        profile_path: inputs.profile_path,
        notice: None,
        problems,
        error_count,
        upload_report: None,
        tender,
        tender_messages,
        history,
        technologies,
        technology_messages,
        scope: vec![hosting, risk, risk_reason],
        impact,
        impact_messages,
        personal_data,
        parameters,
        parameter_messages,
        exclude,
        include,
        obligation,
        clauses,
        formats,
        format_messages,
        downloads,
        upload_limit: crate::input::show_size(crate::input::max_input_bytes()),
        clause_ids: lib.clauses.iter().map(|c| c.id.clone()).collect(),
        consequence: inputs.consequence,
        assessment: None,
    }
}

impl<'a> FieldSpec<'a> {
    fn with_value(mut self, value: &'a str) -> FieldSpec<'a> {
        self.value = value;
        self
    }
}

/// `2026-12-01`: what a date input can show.
fn is_plain_date(s: &str) -> bool {
    s.len() == 10
        && s.parse::<toml::value::Datetime>()
            .is_ok_and(|d| d.date.is_some() && d.time.is_none())
}

/// "could compromise…?" → "Could compromise…?"
fn sentence(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn sources(lib: &Library, c: &Clause) -> Vec<SourceView> {
    c.sources
        .iter()
        .map(|s| {
            let doc = lib.source(&s.document);
            SourceView {
                title: doc.map_or_else(|| s.document.clone(), |d| d.title.clone()),
                section: s.section.clone(),
                url: doc.map_or_else(String::new, |d| d.url.clone()),
                verified: s.verified,
                note: s.note.clone(),
            }
        })
        .collect()
}

/// What a plan means: the risk with its factors, the counts, and every clause with why.
pub fn consequence(plan: &Plan) -> Consequence {
    let lib = plan.library();
    let risk = &plan.profile.risk;
    let counts: Vec<CountView> = requirement_counts(&plan.selection)
        .into_iter()
        .map(|c| CountView {
            label: c.label,
            gate: c.of(Category::Gate),
            contract: c.of(Category::Contract),
            scored: c.of(Category::Scored),
            total: c.total(),
        })
        .collect();
    let (mut clauses_in, mut clauses_out) = (Vec::new(), Vec::new());
    for e in plan.explanations() {
        let view = ExplainedClause {
            id: e.id.to_string(),
            title: e.title.to_string(),
            category: match e.verdict {
                Verdict::In(c) => Some(c.label()),
                Verdict::Out => None,
            },
            category_class: match e.verdict {
                Verdict::In(c) => Some(c.as_str()),
                Verdict::Out => None,
            },
            reasons: e.reasons.clone(),
            sources: e.clause.map(|c| sources(lib, c)).unwrap_or_default(),
            library: lib.clause(e.id).is_some(),
        };
        match e.verdict {
            Verdict::In(_) => clauses_in.push(view),
            Verdict::Out => clauses_out.push(view),
        }
    }
    Consequence {
        ready: true,
        blocked: None,
        caveat: None,
        risk_level: risk.level.as_str().to_string(),
        derived_level: risk.derived_level.as_str().to_string(),
        stated_level: risk.stated.map(|l| l.as_str().to_string()),
        override_reason: risk.override_reason.clone(),
        factors: risk
            .reasons
            .iter()
            .map(|r| RiskFactor {
                factor: r.factor.clone(),
                implies: r.implies.as_str(),
                explanation: r.explanation.clone(),
                decisive: r.implies == risk.derived_level,
            })
            .collect(),
        total: counts.iter().map(|c| c.total).sum(),
        gate: counts.iter().map(|c| c.gate).sum(),
        contract: counts.iter().map(|c| c.contract).sum(),
        scored: counts.iter().map(|c| c.scored).sum(),
        counts,
        clauses_in,
        clauses_out,
    }
}

/// The consequences cannot be shown: say what to fix first.
pub fn blocked(problems: &Diagnostics) -> Consequence {
    let first = problems
        .0
        .iter()
        .find(|d| d.is_error())
        .map_or_else(String::new, |d| d.message.clone());
    Consequence {
        blocked: Some(format!(
            "Fix the answers marked in the form to see the risk level and the requirements ({first})."
        )),
        ..Consequence::default()
    }
}

/// Messages about an uploaded file, as the command line shows them.
pub fn upload_report(file: &str, diags: &Diagnostics) -> UploadReport {
    UploadReport {
        file: file.to_string(),
        messages: diags
            .0
            .iter()
            .map(|d| Message::from_diagnostic(d, None, true))
            .collect(),
        rendered: diags
            .0
            .iter()
            .map(|d| d.render(false))
            .collect::<Vec<_>>()
            .join("\n\n"),
    }
}

/// A diagnostic with no place in the form (a refused upload), with its notes and help.
pub fn message(d: &Diagnostic) -> Message {
    Message::from_diagnostic(d, None, false)
}

/// A plain message with no location (a missing file).
pub fn plain_message(text: &str, help: Option<&str>) -> Message {
    Message {
        error: true,
        text: text.to_string(),
        notes: Vec::new(),
        help: help.map(str::to_string),
        field: None,
        anchor: None,
        position: None,
    }
}

/// One technology in the library listing.
#[derive(Debug, Clone, Serialize)]
pub struct TechnologyView {
    pub id: String,
    pub name: String,
    pub description: String,
    pub default_risk: &'static str,
    pub traits: String,
}

/// One clause in the library listing.
#[derive(Debug, Clone, Serialize)]
pub struct ClauseSummary {
    pub id: String,
    pub version: u32,
    pub title: String,
    pub stage: &'static str,
    pub section: &'static str,
    pub low: &'static str,
    pub medium: &'static str,
    pub high: &'static str,
}

/// The library page: what `list` shows, with its filters.
#[derive(Debug, Clone, Serialize)]
pub struct LibraryPage {
    pub library_version: String,
    pub technologies: Vec<TechnologyView>,
    pub risk_levels: Vec<Choice>,
    pub technology_filter: Vec<Choice>,
    pub risk_filter: Vec<Choice>,
    pub clauses: Vec<ClauseSummary>,
    pub filtered: bool,
    pub message: Option<String>,
}

/// The library listing, its clauses filtered as `list clauses --technology --risk` does.
pub fn library_page(lib: &Library, technology: Option<&str>, risk: Option<&str>) -> LibraryPage {
    let mut message = None;
    let technology = technology.filter(|t| !t.is_empty());
    let risk = risk.filter(|r| !r.is_empty());
    let tech = technology.and_then(|t| {
        let known = lib.technology(t).map(|t| t.id.clone());
        if known.is_none() {
            message = Some(format!("unknown technology `{t}`: showing every clause"));
        }
        known
    });
    let level = risk.and_then(|r| {
        let known = RiskLevel::parse(r);
        if known.is_none() {
            message = Some(format!("unknown risk level `{r}`: showing every clause"));
        }
        known
    });
    let keyword = |c: &Clause, l: RiskLevel| c.obligation.at(l).map_or("–", |o| o.keyword());
    let clauses = lib
        .clauses
        .iter()
        .filter(|c| {
            tech.as_deref()
                .is_none_or(|t| applies_to_technology(lib, c, t))
        })
        .filter(|c| level.is_none_or(|l| c.obligation.at(l).is_some()))
        .map(|c| ClauseSummary {
            id: c.id.clone(),
            version: c.version,
            title: c.title.clone(),
            stage: c.stage.title(),
            section: c.section.title(),
            low: keyword(c, RiskLevel::Low),
            medium: keyword(c, RiskLevel::Medium),
            high: keyword(c, RiskLevel::High),
        })
        .collect();
    let mut technology_filter = vec![Choice {
        id: String::new(),
        value: String::new(),
        label: "Any technology".to_string(),
        hint: None,
        selected: tech.is_none(),
    }];
    technology_filter.extend(lib.technologies.iter().map(|t| Choice {
        id: String::new(),
        value: t.id.clone(),
        label: t.name.clone(),
        hint: None,
        selected: tech.as_deref() == Some(t.id.as_str()),
    }));
    let mut risk_filter = vec![Choice {
        id: String::new(),
        value: String::new(),
        label: "Any risk level".to_string(),
        hint: None,
        selected: level.is_none(),
    }];
    risk_filter.extend(RiskLevel::ALL.iter().map(|l| Choice {
        id: String::new(),
        value: l.as_str().to_string(),
        label: l.title().to_string(),
        hint: None,
        selected: level == Some(*l),
    }));
    LibraryPage {
        library_version: lib.version.clone(),
        technologies: lib
            .technologies
            .iter()
            .map(|t| TechnologyView {
                id: t.id.clone(),
                name: t.name.clone(),
                description: t.description.clone(),
                default_risk: t.default_risk.as_str(),
                traits: t.traits.join(", "),
            })
            .collect(),
        risk_levels: RiskLevel::ALL
            .iter()
            .map(|l| Choice {
                id: String::new(),
                value: l.as_str().to_string(),
                label: l.title().to_string(),
                hint: Some(l.meaning().to_string()),
                selected: false,
            })
            .collect(),
        technology_filter,
        risk_filter,
        filtered: tech.is_some() || level.is_some(),
        clauses,
        message,
    }
}

/// One labelled field of a clause on its page.
#[derive(Debug, Clone, Serialize)]
pub struct ClauseFieldView {
    pub label: &'static str,
    pub value: String,
    pub lines: Vec<String>,
    pub list: bool,
}

/// A clause's page: what `show` prints.
#[derive(Debug, Clone, Serialize)]
pub struct ClausePage {
    pub tag: String,
    pub title: String,
    pub fields: Vec<ClauseFieldView>,
    pub sources: Vec<SourceView>,
}

/// Every field of a clause, as the legal review export lists them.
pub fn clause_page(lib: &Library, c: &Clause) -> ClausePage {
    ClausePage {
        tag: c.tag(),
        title: c.title.clone(),
        fields: clause_fields(c, Some(lib))
            .into_iter()
            .filter(|f| !f.value.is_empty() && f.key != "sources")
            .map(|f| ClauseFieldView {
                label: f.label,
                lines: f.value.lines().map(str::to_string).collect(),
                list: f.kind == FieldKind::List,
                value: f.value,
            })
            .collect(),
        sources: sources(lib, c),
    }
}
