//! The clause library: what every clause, technology, source, guidance item and parameter is.
//!
//! Loaded once (`load`), checked for structure and references (`validate`), linted for drafting
//! (`lint`). Everything downstream reads these types and never the TOML.

mod category;
mod evidence;
pub(crate) mod fields;
mod files;
pub(crate) mod json;
pub(crate) mod lint;
mod load;
mod raw;
mod validate;

pub use category::{budget, category_summary, render_verb, verb_disagreement, Budget, Category};

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::diagnostics::SourceFile;

pub use evidence::{stages as evidence_stages, Evidence, RawEvidence};
pub use files::read_library_dir;
pub use load::{
    embedded_files, embedded_templates, hex, load_library, normalise_text, LibraryFiles,
};

/// A position in a loaded file, kept so that checks can point at the line.
#[derive(Debug, Clone)]
pub struct Loc {
    pub file: Arc<SourceFile>,
    pub span: Range<usize>,
}

/// Risk levels, lowest first. The ordering is what "never weaker at a higher level" means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RiskLevel {
    Low,
    Medium,
    High,
}

impl RiskLevel {
    pub const ALL: [RiskLevel; 3] = [RiskLevel::Low, RiskLevel::Medium, RiskLevel::High];

    pub fn as_str(self) -> &'static str {
        match self {
            RiskLevel::Low => "low",
            RiskLevel::Medium => "medium",
            RiskLevel::High => "high",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            RiskLevel::Low => "Low",
            RiskLevel::Medium => "Medium",
            RiskLevel::High => "High",
        }
    }

    /// What the level means, in the words printed in packs and `list risk-levels`.
    pub fn meaning(self) -> &'static str {
        match self {
            RiskLevel::Low => "Commodity sensing: no personal data beyond the incidental, no control of physical equipment, limited impact if it fails.",
            RiskLevel::Medium => "Personal data, supplier connection into Council systems, or a service the Council relies on.",
            RiskLevel::High => "Safety-relevant control of physical equipment, critical national infrastructure dependency, special category data or large-scale public monitoring.",
        }
    }

    pub fn parse(s: &str) -> Option<RiskLevel> {
        RiskLevel::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

impl fmt::Display for RiskLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Mandatory (pass/fail) or desirable (scored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Obligation {
    Should,
    Must,
}

impl Obligation {
    pub fn as_str(self) -> &'static str {
        match self {
            Obligation::Should => "should",
            Obligation::Must => "must",
        }
    }
    /// As printed in the pack: MUST / SHOULD.
    pub fn keyword(self) -> &'static str {
        match self {
            Obligation::Should => "SHOULD",
            Obligation::Must => "MUST",
        }
    }
    /// As printed in matrices: Mandatory / Desirable.
    pub fn label(self) -> &'static str {
        match self {
            Obligation::Should => "Desirable",
            Obligation::Must => "Mandatory",
        }
    }
}

/// Where a clause sits in the NCSC Connected Places structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Section {
    Understand,
    Design,
    Manage,
    Technology,
}

impl Section {
    pub const ALL: [Section; 4] = [
        Section::Understand,
        Section::Design,
        Section::Manage,
        Section::Technology,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Section::Understand => "understand",
            Section::Design => "design",
            Section::Manage => "manage",
            Section::Technology => "technology",
        }
    }
    pub fn title(self) -> &'static str {
        match self {
            Section::Understand => "Understand",
            Section::Design => "Design",
            Section::Manage => "Manage",
            Section::Technology => "Technology-specific",
        }
    }
}

/// The procurement stage, which decides the pack chapter a clause appears in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Participation,
    Specification,
    Award,
    Contract,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Participation => "participation",
            Stage::Specification => "specification",
            Stage::Award => "award",
            Stage::Contract => "contract",
        }
    }
    pub fn title(self) -> &'static str {
        match self {
            Stage::Participation => "Condition of participation",
            Stage::Specification => "Specification requirement",
            Stage::Award => "Award criterion",
            Stage::Contract => "Contract obligation",
        }
    }
    /// The title of the pack chapter that holds this stage's clauses, also the heading of its
    /// group in the library review.
    pub fn chapter_title(self) -> &'static str {
        match self {
            Stage::Participation => "Conditions of participation",
            Stage::Specification => "Security requirements",
            Stage::Award => "Award criteria",
            Stage::Contract => "Contract security obligations",
        }
    }
}

/// When a piece of evidence is due and the Council checks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VerifyStage {
    Tender,
    GoLive,
    InLife,
}

impl VerifyStage {
    pub fn as_str(self) -> &'static str {
        match self {
            VerifyStage::Tender => "tender",
            VerifyStage::GoLive => "go-live",
            VerifyStage::InLife => "in-life",
        }
    }
    pub fn title(self) -> &'static str {
        match self {
            VerifyStage::Tender => "at tender evaluation",
            VerifyStage::GoLive => "before go-live",
            VerifyStage::InLife => "in life",
        }
    }
    /// When an item is due, as printed beside it: "with the tender", "before go-live", "in life".
    pub fn due_text(self) -> &'static str {
        match self {
            VerifyStage::Tender => "with the tender",
            VerifyStage::GoLive => "before go-live",
            VerifyStage::InLife => "in life",
        }
    }
}

/// The obligation at each risk level; `None` means the clause is not used at that level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObligationTable {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<Obligation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medium: Option<Obligation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<Obligation>,
}

impl ObligationTable {
    pub fn at(&self, level: RiskLevel) -> Option<Obligation> {
        match level {
            RiskLevel::Low => self.low,
            RiskLevel::Medium => self.medium,
            RiskLevel::High => self.high,
        }
    }
    /// The first level (lowest first) at which the obligation weakens, if any.
    pub fn weakening(&self) -> Option<(RiskLevel, RiskLevel)> {
        RiskLevel::ALL
            .windows(2)
            .find(|w| self.at(w[1]) < self.at(w[0]))
            .map(|w| (w[0], w[1]))
    }
    pub fn strongest(&self) -> Option<Obligation> {
        RiskLevel::ALL.into_iter().filter_map(|l| self.at(l)).max()
    }
    pub fn weakest(&self) -> Option<Obligation> {
        RiskLevel::ALL.into_iter().filter_map(|l| self.at(l)).min()
    }
}

/// Which profiles a clause applies to.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct AppliesTo {
    pub all: bool,
    pub technologies: Vec<String>,
    pub traits: Vec<String>,
}

/// Extra conditions on the profile's impact answers and hosting; all must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conditions {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub safety: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controls_physical_assets: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_monitoring: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cni_dependency: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplier_remote_access: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connects_to_corporate_network: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_data: Option<Vec<PersonalData>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hosting: Option<Vec<Hosting>>,
}

impl Conditions {
    pub fn is_empty(&self) -> bool {
        *self == Conditions::default()
    }
}

/// How much personal data the purchase involves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PersonalData {
    None,
    Personal,
    SpecialCategory,
}

impl PersonalData {
    pub fn as_str(self) -> &'static str {
        match self {
            PersonalData::None => "none",
            PersonalData::Personal => "personal",
            PersonalData::SpecialCategory => "special-category",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Hosting {
    OnPremises,
    Cloud,
    Hybrid,
}

impl Hosting {
    pub fn as_str(self) -> &'static str {
        match self {
            Hosting::OnPremises => "on-premises",
            Hosting::Cloud => "cloud",
            Hosting::Hybrid => "hybrid",
        }
    }
}

/// Where a clause's content comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceRef {
    pub document: String,
    pub section: String,
    pub verified: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Who wrote a clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClauseOrigin {
    Library,
    /// The buyer's own clause from the profile's `[[clause]]`.
    Buyer,
}

/// One requirement clause.
#[derive(Debug, Clone)]
pub struct Clause {
    pub id: String,
    pub version: u32,
    pub title: String,
    pub section: Section,
    pub stage: Stage,
    /// Normative text with `{{parameter}}` placeholders unfilled.
    pub text: String,
    pub obligation: ObligationTable,
    pub applies_to: AppliesTo,
    pub when: Conditions,
    /// What the supplier hands over, each item with when it is due.
    pub evidence: Vec<Evidence>,
    pub rationale: String,
    pub guidance: Vec<String>,
    pub mappings: Vec<String>,
    pub sources: Vec<SourceRef>,
    pub strong_answer: Vec<String>,
    pub word_limit: Option<u32>,
    /// What the Council must have or decide before it issues a tender with this clause (a
    /// workshop date, a log destination, a threshold it sets): the buyer's record turns these
    /// into its "before you issue" checklist. Never shown to bidders.
    pub buyer_prerequisites: Vec<String>,
    pub origin: ClauseOrigin,
    /// Where the clause is written, for messages.
    pub loc: Option<ClauseLocs>,
}

/// Positions of a clause's fields in its file.
#[derive(Debug, Clone)]
pub struct ClauseLocs {
    pub id: Loc,
    pub text: Loc,
    pub title: Loc,
    pub obligation: Loc,
    pub applies_to: Loc,
    pub guidance: Loc,
    pub sources: Vec<Loc>,
    pub evidence: Loc,
    pub rationale: Loc,
    pub buyer_prerequisites: Loc,
}

impl Clause {
    /// The id prefix (`DES` of `DES-004`).
    pub fn prefix(&self) -> &str {
        self.id.split('-').next().unwrap_or("")
    }
    /// `[DES-004 v2]`.
    pub fn tag(&self) -> String {
        format!("[{} v{}]", self.id, self.version)
    }
    /// The stages at which this clause's evidence is due, earliest first.
    pub fn verify(&self) -> Vec<VerifyStage> {
        evidence_stages(&self.evidence)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Trait {
    pub id: String,
    pub description: String,
}

/// The trait of technologies that process personal data. The profile gives it to every scope
/// whose `impact.personal_data` answer is personal or special-category, and a technology with it
/// raises the answer to at least personal.
pub const PERSONAL_DATA_TRAIT: &str = "personal-data";

/// The trait of technologies that process special-category data (health, biometrics…): as
/// `PERSONAL_DATA_TRAIT`, for the special-category answer.
pub const SPECIAL_CATEGORY_DATA_TRAIT: &str = "special-category-data";

#[derive(Debug, Clone, Serialize)]
pub struct Technology {
    pub id: String,
    pub name: String,
    pub description: String,
    pub traits: Vec<String>,
    pub default_risk: RiskLevel,
    pub guidance: Vec<String>,
}

/// A guidance document clauses cite.
#[derive(Debug, Clone, Serialize)]
pub struct SourceDocument {
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub year: Option<u32>,
    pub url: String,
    pub url_verified: bool,
}

/// A unit of guidance (a principle, a provision area) that coverage is counted against.
#[derive(Debug, Clone, Serialize)]
pub struct GuidanceItem {
    pub id: String,
    pub title: String,
    pub source: String,
    pub section: String,
    pub url: Option<String>,
    /// Why the library deliberately has no clause for this item.
    pub not_covered: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ParameterType {
    Integer,
    Text,
}

/// A value a parameter can take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ParamValue {
    Integer(i64),
    Text(String),
}

impl fmt::Display for ParamValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamValue::Integer(n) => write!(f, "{n}"),
            ParamValue::Text(s) => f.write_str(s),
        }
    }
}

/// A `{{name}}` placeholder that clause text may use.
#[derive(Debug, Clone, Serialize)]
pub struct Parameter {
    pub name: String,
    pub kind: ParameterType,
    pub default: ParamValue,
    pub by_risk: BTreeMap<RiskLevel, ParamValue>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub unit: Option<String>,
    /// What the value is, in words printed to bidders beside it.
    pub meaning: String,
    /// Why the default or the limits are what they are: for the Council's record, not bidders.
    pub note: Option<String>,
    /// Where it is declared, for messages.
    #[serde(skip)]
    pub loc: Option<Loc>,
}

impl Parameter {
    pub fn default_at(&self, level: RiskLevel) -> &ParamValue {
        self.by_risk.get(&level).unwrap_or(&self.default)
    }
    /// What values are allowed, for messages.
    pub fn allowed(&self) -> String {
        match (self.kind, self.min, self.max) {
            (ParameterType::Integer, Some(min), Some(max)) => {
                format!("a whole number from {min} to {max}")
            }
            (ParameterType::Integer, _, _) => "a whole number".to_string(),
            (ParameterType::Text, _, _) => "text".to_string(),
        }
    }
}

/// An id prefix and what it is for.
#[derive(Debug, Clone, Serialize)]
pub struct Prefix {
    pub id: String,
    pub meaning: String,
}

/// The whole loaded library.
#[derive(Debug, Clone)]
pub struct Library {
    pub name: String,
    pub version: String,
    pub released: Option<String>,
    pub owner: Option<String>,
    pub prefixes: Vec<Prefix>,
    pub clauses: Vec<Clause>,
    pub technologies: Vec<Technology>,
    pub traits: Vec<Trait>,
    pub sources: Vec<SourceDocument>,
    pub guidance: Vec<GuidanceItem>,
    pub parameters: Vec<Parameter>,
    /// SHA-256 over every file's path and bytes, in path order: proves which library built a pack.
    pub sha256: String,
    /// Where the library came from (`built-in` or a directory), for messages.
    pub origin: String,
}

impl Library {
    pub fn clause(&self, id: &str) -> Option<&Clause> {
        self.clauses.iter().find(|c| c.id == id)
    }
    pub fn technology(&self, id: &str) -> Option<&Technology> {
        self.technologies.iter().find(|t| t.id == id)
    }
    pub fn source(&self, id: &str) -> Option<&SourceDocument> {
        self.sources.iter().find(|s| s.id == id)
    }
    pub fn guidance_item(&self, id: &str) -> Option<&GuidanceItem> {
        self.guidance.iter().find(|g| g.id == id)
    }
    pub fn parameter(&self, name: &str) -> Option<&Parameter> {
        self.parameters.iter().find(|p| p.name == name)
    }
    /// Position of a prefix in `library.toml`, used to order clauses within a pack section.
    pub fn prefix_rank(&self, prefix: &str) -> usize {
        self.prefixes
            .iter()
            .position(|p| p.id == prefix)
            .unwrap_or(self.prefixes.len())
    }
    /// The URL of a guidance item: its own, or its source document's.
    pub fn guidance_url(&self, item: &GuidanceItem) -> String {
        item.url
            .clone()
            .or_else(|| self.source(&item.source).map(|s| s.url.clone()))
            .unwrap_or_default()
    }
}

/// `{{name}}` placeholders in a text, with their byte ranges.
pub fn placeholders(text: &str) -> Vec<(String, Range<usize>)> {
    let mut found = Vec::new();
    let mut rest = 0;
    while let Some(open) = text[rest..].find("{{") {
        let start = rest + open;
        let Some(close) = text[start + 2..].find("}}") else {
            break;
        };
        let end = start + 2 + close + 2;
        let name = text[start + 2..end - 2].trim();
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            found.push((name.to_string(), start..end));
        }
        rest = end;
    }
    found
}

/// Fills declared placeholders; anything else is left exactly as written.
pub fn fill_placeholders(text: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (name, range) in placeholders(text) {
        if let Some(v) = value(&name) {
            out.push_str(&text[last..range.start]);
            out.push_str(&v);
            last = range.end;
        }
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weakening_obligation_is_found() {
        let t = ObligationTable {
            low: Some(Obligation::Must),
            medium: Some(Obligation::Should),
            high: Some(Obligation::Must),
        };
        assert_eq!(t.weakening(), Some((RiskLevel::Low, RiskLevel::Medium)));
        let t = ObligationTable {
            low: None,
            medium: Some(Obligation::Should),
            high: Some(Obligation::Must),
        };
        assert_eq!(t.weakening(), None);
        let t = ObligationTable {
            low: Some(Obligation::Should),
            medium: None,
            high: Some(Obligation::Must),
        };
        assert_eq!(t.weakening(), Some((RiskLevel::Low, RiskLevel::Medium)));
    }

    #[test]
    fn only_declared_placeholders_are_filled() {
        let filled = fill_placeholders("within {{days}} days; {{#each x}} {{other}}", |n| {
            (n == "days").then(|| "14".to_string())
        });
        assert_eq!(filled, "within 14 days; {{#each x}} {{other}}");
    }
}
