//! A structured, valid-ish profile (technologies, risk, impact answers, parameters, tailoring,
//! the buyer's own clauses with fuzz text) → resolve → select → build the pack → render every
//! format. A failure anywhere must be a diagnostic or a clean `RenderError`, never a panic; the
//! cheap formats must come out byte-identical when rendered twice.

#![no_main]

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use tenderguard::library::Library;
use tenderguard::pipeline::Engine;
use tenderguard::format::Format;
use tenderguard::render::render;
use toml::{Table, Value};

#[derive(Arbitrary, Debug)]
struct Input {
    title: String,
    reference: String,
    buyer: String,
    issue_date: Option<(u16, u8, u8)>,
    deadline: Option<(u16, u8, u8, Option<(u8, u8)>)>,
    version: Option<String>,
    contact: Option<String>,
    marking: Option<String>,
    technologies: Vec<u8>,
    hosting: Option<u8>,
    risk: Option<(u8, Option<String>)>,
    impact: Option<Impact>,
    parameters: Vec<(u8, Param)>,
    exclude: Vec<(u16, String)>,
    include: Vec<(u16, String)>,
    obligation: Vec<(u16, bool, String)>,
    clauses: Vec<CustomClause>,
}

#[derive(Arbitrary, Debug)]
struct Impact {
    safety: Option<bool>,
    controls_physical_assets: Option<bool>,
    personal_data: Option<u8>,
    public_monitoring: Option<bool>,
    cni_dependency: Option<bool>,
    supplier_remote_access: Option<bool>,
    connects_to_corporate_network: Option<bool>,
}

#[derive(Arbitrary, Debug)]
enum Param {
    /// Scaled into the parameter's allowed range.
    InRange(u16),
    Raw(i64),
    Text(String),
}

#[derive(Arbitrary, Debug)]
struct CustomClause {
    id: u16,
    section: u8,
    stage: Option<u8>,
    title: String,
    text: String,
    must: bool,
    evidence: Vec<String>,
    verify: Option<Vec<u8>>,
    rationale: Option<String>,
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::load(None).expect("the embedded library loads"))
}

fn pick<'a>(options: &[&'a str], n: u8) -> &'a str {
    options[n as usize % options.len()]
}

fn date(y: u16, m: u8, d: u8) -> String {
    format!("{:04}-{:02}-{:02}", 1990 + y % 100, 1 + m % 12, 1 + d % 28)
}

fn datetime(text: &str) -> Value {
    Value::Datetime(text.parse().expect("a valid TOML date"))
}

fn entry(lib: &Library, index: u16, reason: String) -> Value {
    let mut t = Table::new();
    let id = &lib.clauses[index as usize % lib.clauses.len()].id;
    t.insert("id".into(), Value::String(id.clone()));
    t.insert("reason".into(), Value::String(reason));
    Value::Table(t)
}

fn profile_toml(lib: &Library, input: Input) -> String {
    let mut tender = Table::new();
    tender.insert("title".into(), Value::String(input.title));
    tender.insert("reference".into(), Value::String(input.reference));
    tender.insert("buyer".into(), Value::String(input.buyer));
    if let Some((y, m, d)) = input.issue_date {
        tender.insert("issue_date".into(), datetime(&date(y, m, d)));
    }
    if let Some((y, m, d, time)) = input.deadline {
        let text = match time {
            Some((h, min)) => format!("{}T{:02}:{:02}:00", date(y, m, d), h % 24, min % 60),
            None => date(y, m, d),
        };
        tender.insert("deadline".into(), datetime(&text));
    }
    for (key, value) in [
        ("version", input.version),
        ("contact", input.contact),
        ("marking", input.marking),
    ] {
        if let Some(v) = value {
            tender.insert(key.into(), Value::String(v));
        }
    }

    let mut scope = Table::new();
    let mut technologies: Vec<Value> = Vec::new();
    for n in input.technologies.iter().take(lib.technologies.len()) {
        let id = Value::String(
            lib.technologies[*n as usize % lib.technologies.len()]
                .id
                .clone(),
        );
        if !technologies.contains(&id) {
            technologies.push(id);
        }
    }
    if technologies.is_empty() {
        technologies.push(Value::String(lib.technologies[0].id.clone()));
    }
    scope.insert("technologies".into(), Value::Array(technologies));
    if let Some(h) = input.hosting {
        let hosting = pick(&["on-premises", "cloud", "hybrid"], h);
        scope.insert("hosting".into(), Value::String(hosting.into()));
    }
    if let Some((level, reason)) = input.risk {
        let risk = pick(&["low", "medium", "high"], level);
        scope.insert("risk".into(), Value::String(risk.into()));
        if let Some(r) = reason {
            scope.insert("risk_reason".into(), Value::String(r));
        }
    }

    let mut root = Table::new();
    root.insert("tender".into(), Value::Table(tender));
    root.insert("scope".into(), Value::Table(scope));

    if let Some(i) = input.impact {
        let mut impact = Table::new();
        for (key, value) in [
            ("safety", i.safety),
            ("controls_physical_assets", i.controls_physical_assets),
            ("public_monitoring", i.public_monitoring),
            ("cni_dependency", i.cni_dependency),
            ("supplier_remote_access", i.supplier_remote_access),
            (
                "connects_to_corporate_network",
                i.connects_to_corporate_network,
            ),
        ] {
            if let Some(v) = value {
                impact.insert(key.into(), Value::Boolean(v));
            }
        }
        if let Some(p) = i.personal_data {
            let level = pick(&["none", "personal", "special-category"], p);
            impact.insert("personal_data".into(), Value::String(level.into()));
        }
        root.insert("impact".into(), Value::Table(impact));
    }

    if !input.parameters.is_empty() {
        let mut parameters = Table::new();
        for (n, value) in input.parameters {
            let p = &lib.parameters[n as usize % lib.parameters.len()];
            let value = match value {
                Param::InRange(k) => {
                    let (min, max) = (p.min.unwrap_or(0), p.max.unwrap_or(i64::from(u16::MAX)));
                    Value::Integer(min + i64::from(k) % (max - min + 1).max(1))
                }
                Param::Raw(k) => Value::Integer(k),
                Param::Text(s) => Value::String(s),
            };
            parameters.insert(p.name.clone(), value);
        }
        root.insert("parameters".into(), Value::Table(parameters));
    }

    let mut tailoring = Table::new();
    let exclude: Vec<Value> = input
        .exclude
        .into_iter()
        .map(|(i, r)| entry(lib, i, r))
        .collect();
    let include: Vec<Value> = input
        .include
        .into_iter()
        .map(|(i, r)| entry(lib, i, r))
        .collect();
    let obligation: Vec<Value> = input
        .obligation
        .into_iter()
        .map(|(i, must, r)| {
            let mut t = match entry(lib, i, r) {
                Value::Table(t) => t,
                _ => unreachable!(),
            };
            t.insert(
                "to".into(),
                Value::String(if must { "must" } else { "should" }.into()),
            );
            Value::Table(t)
        })
        .collect();
    for (key, list) in [
        ("exclude", exclude),
        ("include", include),
        ("obligation", obligation),
    ] {
        if !list.is_empty() {
            tailoring.insert(key.into(), Value::Array(list));
        }
    }
    if !tailoring.is_empty() {
        root.insert("tailoring".into(), Value::Table(tailoring));
    }

    let clauses: Vec<Value> = input
        .clauses
        .into_iter()
        .map(|c| {
            let mut t = Table::new();
            t.insert("id".into(), Value::String(format!("BUY-{:02}", c.id % 100)));
            let section = pick(&["understand", "design", "manage", "technology"], c.section);
            t.insert("section".into(), Value::String(section.into()));
            if let Some(s) = c.stage {
                let stage = pick(&["participation", "specification", "award", "contract"], s);
                t.insert("stage".into(), Value::String(stage.into()));
            }
            t.insert("title".into(), Value::String(c.title));
            t.insert("text".into(), Value::String(c.text));
            let obligation = if c.must { "must" } else { "should" };
            t.insert("obligation".into(), Value::String(obligation.into()));
            let evidence = c.evidence.into_iter().map(Value::String).collect();
            t.insert("evidence".into(), Value::Array(evidence));
            if let Some(v) = c.verify {
                let stages = v
                    .into_iter()
                    .map(|s| Value::String(pick(&["tender", "go-live", "in-life"], s).into()))
                    .collect();
                t.insert("verify".into(), Value::Array(stages));
            }
            if let Some(r) = c.rationale {
                t.insert("rationale".into(), Value::String(r));
            }
            Value::Table(t)
        })
        .collect();
    if !clauses.is_empty() {
        root.insert("clause".into(), Value::Array(clauses));
    }
    toml::to_string(&root).expect("a TOML table serialises")
}

fuzz_target!(|input: Input| {
    let engine = engine();
    let text = profile_toml(engine.library(), input);
    let plan = match engine.plan("fuzz.toml", text.as_bytes()) {
        Ok(p) => p,
        Err(diags) => {
            assert!(diags.has_errors());
            return;
        }
    };
    let pack = match plan.build_pack() {
        Ok(p) => p,
        Err(diags) => {
            assert!(diags.0.iter().all(|d| !d.message.is_empty()));
            return;
        }
    };
    for format in Format::ALL {
        match render(&pack, format) {
            Ok(bytes) => {
                assert!(!bytes.is_empty(), "{} writer: no bytes", format.key());
                if matches!(
                    format,
                    Format::Md | Format::Json | Format::Csv | Format::Html
                ) {
                    let again = render(&pack, format).expect("a second render succeeds");
                    assert!(bytes == again, "{} writer: not deterministic", format.key());
                }
            }
            Err(e) => assert!(
                !e.message.is_empty(),
                "{} writer: empty error",
                format.key()
            ),
        }
    }
});
