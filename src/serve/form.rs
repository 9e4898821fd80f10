//! The profile as the page's form holds it, and the two ways between it and TOML: the form is
//! written out as a profile (remembering where each field's value landed, so that a diagnostic
//! about a span can be shown beside its field) and a profile is read back into the form.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::library::{Library, ParamValue};
use crate::profile::IMPACT_QUESTIONS;

/// One tailoring entry that excludes or includes a clause.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TailorRow {
    pub id: String,
    pub reason: String,
}

/// One tailoring entry that changes a clause's obligation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ObligationRow {
    pub id: String,
    pub to: String,
    pub reason: String,
}

/// One earlier version of the document, for the version history.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryRow {
    pub version: String,
    pub date: String,
    pub change: String,
}

/// One piece of evidence an own clause asks for, and when it is due (empty: the default).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EvidenceRow {
    pub item: String,
    pub due: String,
}

/// One of the buyer's own clauses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClauseRow {
    pub id: String,
    pub section: String,
    pub title: String,
    pub text: String,
    pub obligation: String,
    pub evidence: Vec<EvidenceRow>,
    /// The tender stage; empty for the default (specification).
    pub stage: String,
    /// When the evidence is checked (`tender`, `go-live`, `in-life`); none for the default.
    pub verify: Vec<String>,
    pub rationale: String,
}

/// Every field of the profile form, as the text the officer typed or chose.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileForm {
    pub title: String,
    pub reference: String,
    pub buyer: String,
    pub issue_date: String,
    pub deadline: String,
    pub version: String,
    pub contact: String,
    pub marking: String,
    pub schedule: String,
    pub history: Vec<HistoryRow>,
    pub technologies: Vec<String>,
    pub hosting: String,
    pub risk: String,
    pub risk_reason: String,
    /// The yes/no impact answers that are "yes", by key.
    pub impact_yes: Vec<String>,
    pub personal_data: String,
    /// Parameter values given, by name; an empty value means the default.
    pub parameters: BTreeMap<String, String>,
    pub exclude: Vec<TailorRow>,
    pub include: Vec<TailorRow>,
    pub obligation: Vec<ObligationRow>,
    pub clauses: Vec<ClauseRow>,
    /// The `[output] formats` chosen; none means every format.
    pub formats: Vec<String>,
}

/// Where a field's value was written in the profile text, and the form field it came from.
#[derive(Debug, Clone)]
pub struct FieldSpan {
    pub span: Range<usize>,
    /// The form field's id (`title`, `exclude-0-reason`).
    pub field: String,
}

/// A profile written from the form, with where each field is in it.
#[derive(Debug, Clone)]
pub struct WrittenProfile {
    pub text: String,
    pub spans: Vec<FieldSpan>,
}

impl WrittenProfile {
    /// The form field a byte offset of the profile belongs to: the narrowest span holding it.
    pub fn field_at(&self, offset: usize) -> Option<&str> {
        self.spans
            .iter()
            .filter(|s| s.span.start <= offset && offset < s.span.end.max(s.span.start + 1))
            .min_by_key(|s| s.span.len())
            .map(|s| s.field.as_str())
    }
}

struct Writer {
    text: String,
    spans: Vec<FieldSpan>,
}

impl Writer {
    fn table(&mut self, header: &str) {
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        self.text.push_str(header);
        self.text.push('\n');
    }

    /// `key = literal`, the whole line belonging to `field`.
    fn raw(&mut self, key: &str, literal: &str, field: &str) {
        let start = self.text.len();
        self.text.push_str(key);
        self.text.push_str(" = ");
        self.text.push_str(literal);
        self.spans.push(FieldSpan {
            span: start..self.text.len(),
            field: field.to_string(),
        });
        self.text.push('\n');
    }

    fn string(&mut self, key: &str, value: &str, field: &str) {
        self.raw(key, &quoted(value), field);
    }

    /// A span over everything written since `start`, for messages about a whole table.
    fn group(&mut self, start: usize, field: &str) {
        self.spans.push(FieldSpan {
            span: start..self.text.len(),
            field: field.to_string(),
        });
    }
}

/// A TOML string literal of `value`.
fn quoted(value: &str) -> String {
    toml::Value::String(value.to_string()).to_string()
}

/// A TOML date or date-time written unquoted when it is one, else quoted (which the profile
/// reader then refuses with its own words, pointing at this field).
fn datetime_literal(value: &str) -> String {
    match value.parse::<toml::value::Datetime>() {
        Ok(_) => value.to_string(),
        Err(_) => quoted(value),
    }
}

impl ProfileForm {
    /// The form as a profile: the keys in the order the starter profile has them, empty
    /// optional fields left out.
    pub fn to_toml(&self, lib: &Library) -> WrittenProfile {
        let mut w = Writer {
            text: String::new(),
            spans: Vec::new(),
        };
        let start = w.text.len();
        w.table("[tender]");
        w.string("title", &self.title, "title");
        w.string("reference", &self.reference, "reference");
        w.string("buyer", &self.buyer, "buyer");
        for (key, value) in [
            ("issue_date", &self.issue_date),
            ("deadline", &self.deadline),
        ] {
            if !value.trim().is_empty() {
                w.raw(key, &datetime_literal(value.trim()), key);
            }
        }
        for (key, value) in [
            ("version", &self.version),
            ("contact", &self.contact),
            ("marking", &self.marking),
            ("schedule", &self.schedule),
        ] {
            if !value.trim().is_empty() {
                w.string(key, value, key);
            }
        }
        for (i, h) in self.history.iter().enumerate() {
            if [&h.version, &h.date, &h.change]
                .iter()
                .all(|v| v.trim().is_empty())
            {
                continue;
            }
            let entry = w.text.len();
            w.table("[[tender.history]]");
            let field = |name: &str| format!("history-{i}-{name}");
            w.string("version", &h.version, &field("version"));
            if !h.date.trim().is_empty() {
                w.raw("date", &datetime_literal(h.date.trim()), &field("date"));
            }
            w.string("change", &h.change, &field("change"));
            w.group(entry, &field("version"));
        }
        w.group(start, "tender");

        let start = w.text.len();
        w.table("[scope]");
        let techs: Vec<String> = self.technologies.iter().map(|t| quoted(t)).collect();
        w.raw(
            "technologies",
            &format!("[{}]", techs.join(", ")),
            "technologies",
        );
        if !self.hosting.is_empty() {
            w.string("hosting", &self.hosting, "hosting");
        }
        if !self.risk.is_empty() {
            w.string("risk", &self.risk, "risk");
        }
        if !self.risk_reason.trim().is_empty() {
            w.string("risk_reason", &self.risk_reason, "risk_reason");
        }
        w.group(start, "scope");

        let start = w.text.len();
        w.table("[impact]");
        for (i, q) in IMPACT_QUESTIONS.iter().enumerate() {
            let yes = self.impact_yes.iter().any(|k| k == q.key);
            w.raw(q.key, if yes { "true" } else { "false" }, q.key);
            if i == 1 && !self.personal_data.is_empty() {
                w.string("personal_data", &self.personal_data, "personal_data");
            }
        }
        w.group(start, "impact");

        let given: Vec<(&String, &String)> = self
            .parameters
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .collect();
        if !given.is_empty() {
            let start = w.text.len();
            w.table("[parameters]");
            for (name, value) in given {
                let value = value.trim();
                let integer = lib
                    .parameter(name)
                    .is_some_and(|p| matches!(p.default, ParamValue::Integer(_)));
                let literal = match value.parse::<i64>() {
                    Ok(n) if integer => n.to_string(),
                    _ => quoted(value),
                };
                let key = if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    name.clone()
                } else {
                    quoted(name)
                };
                w.raw(&key, &literal, &format!("param-{name}"));
            }
            w.group(start, "parameters");
        }

        let rows = |rows: &[TailorRow]| -> Vec<(usize, TailorRow)> {
            rows.iter()
                .cloned()
                .enumerate()
                .filter(|(_, r)| !(r.id.trim().is_empty() && r.reason.trim().is_empty()))
                .collect()
        };
        for (kind, entries) in [
            ("exclude", rows(&self.exclude)),
            ("include", rows(&self.include)),
        ] {
            for (i, row) in entries {
                let start = w.text.len();
                w.table(&format!("[[tailoring.{kind}]]"));
                w.string("id", row.id.trim(), &format!("{kind}-{i}-id"));
                w.string("reason", &row.reason, &format!("{kind}-{i}-reason"));
                w.group(start, &format!("{kind}-{i}-id"));
            }
        }
        for (i, row) in self.obligation.iter().enumerate() {
            if row.id.trim().is_empty() && row.reason.trim().is_empty() {
                continue;
            }
            let start = w.text.len();
            w.table("[[tailoring.obligation]]");
            w.string("id", row.id.trim(), &format!("obligation-{i}-id"));
            w.string("to", &row.to, &format!("obligation-{i}-to"));
            w.string("reason", &row.reason, &format!("obligation-{i}-reason"));
            w.group(start, &format!("obligation-{i}-id"));
        }

        for (i, c) in self.clauses.iter().enumerate() {
            let blank = [&c.id, &c.title, &c.text]
                .iter()
                .all(|v| v.trim().is_empty())
                && c.evidence.iter().all(|e| e.item.trim().is_empty());
            if blank {
                continue;
            }
            let start = w.text.len();
            w.table("[[clause]]");
            let field = |name: &str| format!("clause-{i}-{name}");
            w.string("id", c.id.trim(), &field("id"));
            w.string("section", &c.section, &field("section"));
            w.string("title", &c.title, &field("title"));
            w.string("text", &c.text, &field("text"));
            w.string("obligation", &c.obligation, &field("obligation"));
            let evidence: Vec<String> = c
                .evidence
                .iter()
                .filter(|e| !e.item.trim().is_empty() || !e.due.is_empty())
                .map(|e| match e.due.as_str() {
                    "" => quoted(e.item.trim()),
                    due => format!(
                        "{{ item = {}, due = {} }}",
                        quoted(e.item.trim()),
                        quoted(due)
                    ),
                })
                .collect();
            w.raw(
                "evidence",
                &format!("[{}]", evidence.join(", ")),
                &field("evidence"),
            );
            if !c.stage.is_empty() {
                w.string("stage", &c.stage, &field("stage"));
            }
            if !c.verify.is_empty() {
                let verify: Vec<String> = c.verify.iter().map(|v| quoted(v)).collect();
                w.raw(
                    "verify",
                    &format!("[{}]", verify.join(", ")),
                    &field("verify"),
                );
            }
            if !c.rationale.trim().is_empty() {
                w.string("rationale", &c.rationale, &field("rationale"));
            }
            w.group(start, &field("id"));
        }

        if !self.formats.is_empty() {
            let start = w.text.len();
            w.table("[output]");
            let formats: Vec<String> = self.formats.iter().map(|f| quoted(f)).collect();
            w.raw("formats", &format!("[{}]", formats.join(", ")), "formats");
            w.group(start, "formats");
        }
        WrittenProfile {
            text: w.text,
            spans: w.spans,
        }
    }

    /// The form from posted fields (name, value) in the order the browser sent them. Rows of
    /// tailoring and own clauses are numbered in their names (`exclude-0-id`).
    pub fn from_fields(fields: &[(String, String)]) -> ProfileForm {
        let mut f = ProfileForm::default();
        let mut exclude: BTreeMap<usize, TailorRow> = BTreeMap::new();
        let mut include: BTreeMap<usize, TailorRow> = BTreeMap::new();
        let mut obligation: BTreeMap<usize, ObligationRow> = BTreeMap::new();
        let mut clauses: BTreeMap<usize, ClauseRow> = BTreeMap::new();
        let mut history: BTreeMap<usize, HistoryRow> = BTreeMap::new();
        let mut evidence: BTreeMap<(usize, usize), EvidenceRow> = BTreeMap::new();
        for (name, value) in fields {
            let value = value.clone();
            match name.as_str() {
                "title" => f.title = value,
                "reference" => f.reference = value,
                "buyer" => f.buyer = value,
                "issue_date" => f.issue_date = value,
                "deadline" => f.deadline = value,
                "version" => f.version = value,
                "contact" => f.contact = value,
                "marking" => f.marking = value,
                "schedule" => f.schedule = value,
                "technology" => f.technologies.push(value),
                "hosting" => f.hosting = value,
                "risk" => f.risk = value,
                "risk_reason" => f.risk_reason = value,
                "impact" => f.impact_yes.push(value),
                "personal_data" => f.personal_data = value,
                "format" => f.formats.push(value),
                other => {
                    if let Some(param) = other.strip_prefix("param-") {
                        f.parameters.insert(param.to_string(), value);
                        continue;
                    }
                    let Some((kind, index, part)) = row_name(other) else {
                        continue;
                    };
                    match kind {
                        "exclude" | "include" => {
                            let rows = if kind == "exclude" {
                                &mut exclude
                            } else {
                                &mut include
                            };
                            let row = rows.entry(index).or_default();
                            match part {
                                "id" => row.id = value,
                                "reason" => row.reason = value,
                                _ => {}
                            }
                        }
                        "obligation" => {
                            let row = obligation.entry(index).or_default();
                            match part {
                                "id" => row.id = value,
                                "to" => row.to = value,
                                "reason" => row.reason = value,
                                _ => {}
                            }
                        }
                        "history" => {
                            let row = history.entry(index).or_default();
                            match part {
                                "version" => row.version = value,
                                "date" => row.date = value,
                                "change" => row.change = value,
                                _ => {}
                            }
                        }
                        "clause" if part.starts_with("evidence-") => {
                            let Some((j, sub)) = part["evidence-".len()..].split_once('-') else {
                                continue;
                            };
                            let Some(j) = j.parse::<usize>().ok().filter(|j| *j < 200) else {
                                continue;
                            };
                            clauses.entry(index).or_default();
                            let row = evidence.entry((index, j)).or_default();
                            match sub {
                                "item" => row.item = value,
                                "due" => row.due = value,
                                _ => {}
                            }
                        }
                        "clause" => {
                            let row = clauses.entry(index).or_default();
                            match part {
                                "id" => row.id = value,
                                "section" => row.section = value,
                                "title" => row.title = value,
                                "text" => row.text = value,
                                "obligation" => row.obligation = value,
                                "stage" => row.stage = value,
                                "verify" => row.verify.push(value),
                                "rationale" => row.rationale = value,
                                _ => {}
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        f.exclude = exclude.into_values().collect();
        f.include = include.into_values().collect();
        f.obligation = obligation.into_values().collect();
        for ((i, _), row) in evidence {
            if let Some(c) = clauses.get_mut(&i) {
                c.evidence.push(row);
            }
        }
        f.clauses = clauses.into_values().collect();
        f.history = history.into_values().collect();
        f
    }

    /// The form filled from a profile's text, as far as its values have the expected shapes;
    /// `None` when it is not TOML at all. What cannot be shown is reported by planning the file.
    pub fn from_toml(text: &str) -> Option<ProfileForm> {
        let root: toml::Table = text.parse().ok()?;
        let mut f = ProfileForm::default();
        let table = |name: &str| root.get(name).and_then(toml::Value::as_table);
        let text_of = |v: Option<&toml::Value>| -> String {
            match v {
                Some(toml::Value::String(s)) => s.clone(),
                Some(toml::Value::Datetime(d)) => d.to_string(),
                Some(toml::Value::Integer(n)) => n.to_string(),
                Some(toml::Value::Float(n)) => n.to_string(),
                Some(toml::Value::Boolean(b)) => b.to_string(),
                _ => String::new(),
            }
        };
        let strings = |v: Option<&toml::Value>| -> Vec<String> {
            v.and_then(toml::Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|s| s.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        if let Some(t) = table("tender") {
            f.title = text_of(t.get("title"));
            f.reference = text_of(t.get("reference"));
            f.buyer = text_of(t.get("buyer"));
            f.issue_date = text_of(t.get("issue_date"));
            f.deadline = text_of(t.get("deadline"));
            f.version = text_of(t.get("version"));
            f.contact = text_of(t.get("contact"));
            f.marking = text_of(t.get("marking"));
            f.schedule = text_of(t.get("schedule"));
            f.history = t
                .get("history")
                .and_then(toml::Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(toml::Value::as_table)
                        .map(|h| HistoryRow {
                            version: text_of(h.get("version")),
                            date: text_of(h.get("date")),
                            change: text_of(h.get("change")),
                        })
                        .collect()
                })
                .unwrap_or_default();
        }
        if let Some(s) = table("scope") {
            f.technologies = strings(s.get("technologies"));
            f.hosting = text_of(s.get("hosting"));
            f.risk = text_of(s.get("risk"));
            f.risk_reason = text_of(s.get("risk_reason"));
        }
        if let Some(i) = table("impact") {
            for q in IMPACT_QUESTIONS {
                if i.get(q.key).and_then(toml::Value::as_bool) == Some(true) {
                    f.impact_yes.push(q.key.to_string());
                }
            }
            f.personal_data = text_of(i.get("personal_data"));
        }
        if let Some(p) = table("parameters") {
            for (name, value) in p {
                f.parameters.insert(name.clone(), text_of(Some(value)));
            }
        }
        let entries = |t: Option<&toml::Table>, key: &str| -> Vec<toml::Table> {
            t.and_then(|t| t.get(key))
                .and_then(toml::Value::as_array)
                .map(|a| a.iter().filter_map(|e| e.as_table().cloned()).collect())
                .unwrap_or_default()
        };
        let tailoring = table("tailoring");
        let tailor_rows = |key: &str| -> Vec<TailorRow> {
            entries(tailoring, key)
                .iter()
                .map(|e| TailorRow {
                    id: text_of(e.get("id")),
                    reason: text_of(e.get("reason")),
                })
                .collect()
        };
        f.exclude = tailor_rows("exclude");
        f.include = tailor_rows("include");
        f.obligation = entries(tailoring, "obligation")
            .iter()
            .map(|e| ObligationRow {
                id: text_of(e.get("id")),
                to: text_of(e.get("to")),
                reason: text_of(e.get("reason")),
            })
            .collect();
        f.clauses = entries(Some(&root), "clause")
            .iter()
            .map(|c| ClauseRow {
                id: text_of(c.get("id")),
                section: text_of(c.get("section")),
                title: text_of(c.get("title")),
                text: text_of(c.get("text")),
                obligation: text_of(c.get("obligation")),
                evidence: c
                    .get("evidence")
                    .and_then(toml::Value::as_array)
                    .map(|a| {
                        a.iter()
                            .map(|e| match e {
                                toml::Value::Table(t) => EvidenceRow {
                                    item: text_of(t.get("item")),
                                    due: text_of(t.get("due")),
                                },
                                other => EvidenceRow {
                                    item: text_of(Some(other)),
                                    due: String::new(),
                                },
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                stage: text_of(c.get("stage")),
                verify: strings(c.get("verify")),
                rationale: text_of(c.get("rationale")),
            })
            .collect();
        if let Some(o) = table("output") {
            f.formats = strings(o.get("formats"));
        }
        Some(f)
    }

    /// A copy with no tailoring, for showing what the other answers mean while it is wrong.
    pub fn without_tailoring(&self) -> ProfileForm {
        ProfileForm {
            exclude: Vec::new(),
            include: Vec::new(),
            obligation: Vec::new(),
            ..self.clone()
        }
    }

    /// A copy with placeholder tender details where they are empty, so that the consequences of
    /// the scope and impact answers can be shown before the cover is filled in.
    pub fn with_placeholder_details(&self) -> ProfileForm {
        let mut f = self.clone();
        for (value, placeholder) in [
            (&mut f.title, "Untitled tender"),
            (&mut f.reference, "DRAFT"),
            (&mut f.buyer, "The Council"),
        ] {
            if value.trim().is_empty() {
                *value = placeholder.to_string();
            }
        }
        f
    }
}

/// The keys of a profile's text that the form does not hold, as `table.key` paths: what writing
/// the form back out would lose. Comments are never kept and are not counted.
pub fn keys_the_form_drops(text: &str, lib: &Library) -> Vec<String> {
    let (Ok(original), Some(form)) = (text.parse::<toml::Table>(), ProfileForm::from_toml(text))
    else {
        return Vec::new();
    };
    let Ok(kept) = form.to_toml(lib).text.parse::<toml::Table>() else {
        return Vec::new();
    };
    let mut dropped = Vec::new();
    missing_keys(
        "",
        &toml::Value::Table(original),
        &toml::Value::Table(kept),
        &mut dropped,
    );
    dropped
}

fn missing_keys(path: &str, original: &toml::Value, kept: &toml::Value, out: &mut Vec<String>) {
    match (original, kept) {
        (toml::Value::Table(a), toml::Value::Table(b)) => {
            for (key, value) in a {
                let here = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                match b.get(key) {
                    Some(other) => missing_keys(&here, value, other, out),
                    // `false` and an empty list are what the form writes for "not given".
                    None if value.as_bool() == Some(false) => {}
                    None => out.push(here),
                }
            }
        }
        (toml::Value::Array(a), toml::Value::Array(b)) => {
            for (i, value) in a.iter().enumerate() {
                match b.get(i) {
                    Some(other) => missing_keys(&format!("{path}[{i}]"), value, other, out),
                    None => out.push(format!("{path}[{i}]")),
                }
            }
        }
        _ => {}
    }
}

/// `exclude-3-reason` → (`exclude`, 3, `reason`).
fn row_name(name: &str) -> Option<(&str, usize, &str)> {
    let (kind, rest) = name.split_once('-')?;
    let (index, part) = rest.split_once('-')?;
    let index: usize = index.parse().ok()?;
    // A form can add a row or two at a time; a higher number is not a row the page made.
    (index < 200).then_some((kind, index, part))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::Engine;

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_form_written_as_toml_reads_back_as_the_same_form() {
        let engine = Engine::load(None).unwrap();
        let form = ProfileForm::from_fields(&fields(&[
            ("title", "Café \"Smart\" kiosks"),
            ("reference", "ECC-1"),
            ("buyer", "Example City Council"),
            ("issue_date", "2026-12-01"),
            ("deadline", "2027-01-15T12:00"),
            ("technology", "cctv"),
            ("technology", "anpr"),
            ("hosting", "cloud"),
            ("impact", "public_monitoring"),
            ("personal_data", "personal"),
            ("param-critical_patch_days", "7"),
            ("exclude-0-id", "DES-012"),
            ("exclude-0-reason", "No wireless"),
            ("clause-0-id", "ECC-01"),
            ("clause-0-section", "design"),
            ("clause-0-title", "Control room"),
            ("clause-0-text", "The Supplier MUST integrate.\nWith care."),
            ("clause-0-obligation", "must"),
            ("clause-0-evidence-0-item", "Design"),
            ("clause-0-evidence-1-item", "Test report"),
            ("clause-0-evidence-1-due", "go-live"),
            ("schedule", "Schedule 4"),
            ("history-0-version", "0.9"),
            ("history-0-date", "2026-11-01"),
            ("history-0-change", "Draft for market engagement"),
            ("clause-0-stage", "contract"),
            ("clause-0-verify", "tender"),
            ("clause-0-verify", "go-live"),
            ("clause-0-rationale", "Operators need one console."),
        ]));
        let written = form.to_toml(engine.library());
        assert_eq!(ProfileForm::from_toml(&written.text), Some(form));
        assert!(engine.plan("form.toml", written.text.as_bytes()).is_ok());
    }

    #[test]
    fn every_key_of_the_examples_is_held_by_the_form() {
        let engine = Engine::load(None).unwrap();
        let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        for entry in std::fs::read_dir(examples).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let dropped = keys_the_form_drops(&text, engine.library());
            assert!(dropped.is_empty(), "{}: {dropped:?}", path.display());
        }
        let dropped = keys_the_form_drops(
            "[tender]\ntitle = \"T\"\nreference = \"R\"\nbuyer = \"B\"\nfuture = 1\n[scope]\ntechnologies = [\"cctv\"]\n",
            engine.library(),
        );
        assert_eq!(dropped, ["tender.future"]);
    }

    #[test]
    fn a_message_about_a_value_finds_its_field() {
        let engine = Engine::load(None).unwrap();
        let form = ProfileForm::from_fields(&fields(&[
            ("title", ""),
            ("reference", "R"),
            ("buyer", "B"),
            ("technology", "cctv"),
        ]));
        let written = form.to_toml(engine.library());
        let errors = engine
            .plan("form.toml", written.text.as_bytes())
            .err()
            .unwrap();
        let span = errors.0[0].location.as_ref().unwrap().span.clone();
        assert_eq!(written.field_at(span.start), Some("title"));
    }
}
