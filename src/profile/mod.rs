//! The buyer's profile: read with spans (`raw`), then resolved into a validated `ResolvedProfile`
//! (defaults applied, technologies looked up, risk derived with reasons, tailoring and parameters
//! checked). Only the resolved profile flows on.

mod raw;
mod resolve;
pub mod text;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::Serialize;

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::format::Format;
use crate::library::{
    Clause, Hosting, Obligation, ParamValue, PersonalData, RiskLevel, Technology,
};

pub use resolve::resolve_profile;

/// Tender identity, printed on the cover and in headers.
#[derive(Debug, Clone, Serialize)]
pub struct Tender {
    pub title: String,
    pub reference: String,
    /// Where the reference is written in the profile, for a message about the folder it names.
    #[serde(skip)]
    pub reference_span: std::ops::Range<usize>,
    pub buyer: String,
    /// `YYYY-MM-DD`, from the profile only (never the clock).
    pub issue_date: Option<String>,
    /// When responses are due: `YYYY-MM-DD` or `YYYY-MM-DD HH:MM`, from the profile only.
    pub deadline: Option<String>,
    pub version: String,
    pub contact: Option<String>,
    pub marking: Option<String>,
    /// Where the document sits in the tender pack ("Schedule 4", "Attachment 3"), shown on the
    /// cover with the subtitle.
    pub schedule: Option<String>,
    /// Earlier versions of this document, oldest first, as the profile lists them.
    pub history: Vec<VersionEntry>,
}

/// One row of the document's version history.
#[derive(Debug, Clone, Serialize)]
pub struct VersionEntry {
    pub version: String,
    /// `YYYY-MM-DD`, when the profile gives one.
    pub date: Option<String>,
    pub change: String,
}

impl Tender {
    /// The output folder name: the reference lower-cased, each run of other characters as `-`.
    pub fn slug(&self) -> String {
        slugify(&self.reference)
    }
}

pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in s.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            out.push(c);
            gap = false;
        } else {
            gap = true;
        }
    }
    if gap && !out.is_empty() {
        out.push('-');
    }
    out
}

/// One yes/no question of `[impact]`: its key and the question the buyer answers, as the
/// starter profile and the page ask it.
#[derive(Debug, Clone, Copy)]
pub struct ImpactQuestion {
    pub key: &'static str,
    pub question: &'static str,
}

/// The yes/no impact questions in the order they are asked; `personal_data` is the one that is
/// not yes/no (none | personal | special-category).
pub const IMPACT_QUESTIONS: &[ImpactQuestion] = &[
    ImpactQuestion {
        key: "safety",
        question: "could compromise or failure harm people or public safety?",
    },
    ImpactQuestion {
        key: "controls_physical_assets",
        question: "does it actuate equipment (signals, lighting, barriers)?",
    },
    ImpactQuestion {
        key: "public_monitoring",
        question: "systematic monitoring of publicly accessible space?",
    },
    ImpactQuestion {
        key: "cni_dependency",
        question: "depends on or connects to critical national infrastructure?",
    },
    ImpactQuestion {
        key: "supplier_remote_access",
        question: "will the supplier connect in or administer remotely?",
    },
    ImpactQuestion {
        key: "connects_to_corporate_network",
        question: "does it connect to the Council's corporate network?",
    },
];

/// The impact answers after defaults: an unanswered yes/no question counts as "no".
#[derive(Debug, Clone, Default, Serialize)]
pub struct Impact {
    pub safety: bool,
    pub controls_physical_assets: bool,
    pub personal_data: PersonalDataAnswer,
    pub public_monitoring: bool,
    pub cni_dependency: bool,
    pub supplier_remote_access: bool,
    pub connects_to_corporate_network: bool,
}

/// The personal data level in effect, and whether the buyer said so or the technologies imply it.
#[derive(Debug, Clone, Serialize)]
pub struct PersonalDataAnswer {
    pub level: PersonalData,
    pub answered: Option<PersonalData>,
}

impl Default for PersonalDataAnswer {
    fn default() -> Self {
        PersonalDataAnswer {
            level: PersonalData::None,
            answered: None,
        }
    }
}

/// One step in how the risk level was reached.
#[derive(Debug, Clone, Serialize)]
pub struct RiskReason {
    /// What was looked at, as the profile says it (`impact.safety = true`, `technology cctv`):
    /// for the Council's record and messages, never for bidders.
    pub factor: String,
    /// What it means, in the profile's terms.
    pub explanation: String,
    pub implies: RiskLevel,
    /// The factor in plain English for bidders: "The system monitors publicly accessible space".
    pub described: String,
    /// Why it matters, in plain English, without the level: "a data protection impact
    /// assessment is mandatory".
    pub why: String,
}

impl RiskReason {
    /// "The system monitors publicly accessible space: a data protection impact assessment is
    /// mandatory, so the risk is high."
    pub fn sentence(&self) -> String {
        format!("{}: {}, {}.", self.described, self.why, self.consequence())
    }
    /// "so the risk is high" / "so the risk is at least medium" / "so on its own the risk is low".
    pub fn consequence(&self) -> String {
        match self.implies {
            RiskLevel::High => "so the risk is high".to_string(),
            RiskLevel::Medium => "so the risk is at least medium".to_string(),
            RiskLevel::Low => "so on its own the risk is low".to_string(),
        }
    }
}

/// The risk level in force and how it was reached.
#[derive(Debug, Clone, Serialize)]
pub struct RiskAssessment {
    pub level: RiskLevel,
    pub derived_level: RiskLevel,
    /// The level the buyer stated, if any.
    pub stated: Option<RiskLevel>,
    /// Required when the stated level is lower than the derived one.
    pub override_reason: Option<String>,
    pub reasons: Vec<RiskReason>,
    /// How big the deployment is, from `[scope]` sites, devices and contract value.
    pub scale: Scale,
}

/// The scale factor of the risk level: a two-building estate is not a city.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scale {
    /// At most 2 sites and 50 devices, under £250,000, every figure the profile gives.
    Small,
    /// Neither small nor large, or not stated.
    Standard,
    /// More than 20 sites or 500 devices, or £2 million or more.
    Large,
}

impl Scale {
    /// The band for the figures a profile gives; none given is standard.
    pub fn of(sites: Option<u32>, devices: Option<u32>, value: Option<u64>) -> Scale {
        if sites.is_some_and(|n| n > 20)
            || devices.is_some_and(|n| n > 500)
            || value.is_some_and(|v| v >= 2_000_000)
        {
            Scale::Large
        } else if (sites.is_some() || devices.is_some() || value.is_some())
            && sites.is_none_or(|n| n <= 2)
            && devices.is_none_or(|n| n <= 50)
            && value.is_none_or(|v| v < 250_000)
        {
            Scale::Small
        } else {
            Scale::Standard
        }
    }
}

/// A parameter's value for this profile and where it came from.
#[derive(Debug, Clone, Serialize)]
pub struct ResolvedParameter {
    pub value: ParamValue,
    /// `profile`, `risk level default` or `library default`.
    pub from: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct TailorEntry {
    pub id: String,
    pub reason: String,
    /// Where the id is written in the profile, for messages found later in selection.
    #[serde(skip)]
    pub span: std::ops::Range<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ObligationChange {
    pub id: String,
    pub to: Obligation,
    pub reason: String,
    #[serde(skip)]
    pub span: std::ops::Range<usize>,
}

/// Buyer tailoring, checked: every id exists, every entry has a reason, nothing contradicts.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Tailoring {
    pub exclude: Vec<TailorEntry>,
    pub include: Vec<TailorEntry>,
    pub obligation: Vec<ObligationChange>,
}

/// A validated profile: everything selection and the pack need, nothing unchecked.
#[derive(Debug, Clone)]
pub struct ResolvedProfile {
    pub tender: Tender,
    pub technologies: Vec<Technology>,
    pub traits: BTreeSet<String>,
    pub hosting: Option<Hosting>,
    pub impact: Impact,
    pub risk: RiskAssessment,
    pub parameters: BTreeMap<String, ResolvedParameter>,
    pub tailoring: Tailoring,
    /// The buyer's own clauses, as clauses.
    pub custom: Vec<Clause>,
    pub formats: Option<Vec<Format>>,
    /// The profile as read, for `selection.json`.
    pub as_read: serde_json::Value,
    /// SHA-256 of the profile file's bytes.
    pub sha256: String,
    pub file: Arc<SourceFile>,
    /// Non-fatal findings (tailoring with no effect and the like).
    pub warnings: Vec<Diagnostic>,
}

impl ResolvedProfile {
    pub fn has_technology(&self, id: &str) -> bool {
        self.technologies.iter().any(|t| t.id == id)
    }

    /// A parameter's value as printed in clause text (with no unit; the text carries it).
    pub fn parameter_text(&self, name: &str) -> Option<String> {
        self.parameters.get(name).map(|p| p.value.to_string())
    }
}
