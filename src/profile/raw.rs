//! The profile exactly as the buyer wrote it: serde structs that keep source spans so that every
//! later check can point at the key it is about.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::library::{
    Hosting, Obligation, PersonalData, RawEvidence, RiskLevel, Section, Stage, VerifyStage,
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProfile {
    pub tender: Spanned<RawTender>,
    pub scope: Spanned<RawScope>,
    #[serde(default)]
    pub impact: Option<Spanned<RawImpact>>,
    #[serde(default)]
    pub parameters: Option<Spanned<BTreeMap<Spanned<String>, Spanned<toml::Value>>>>,
    #[serde(default)]
    pub tailoring: Option<RawTailoring>,
    #[serde(default)]
    pub clause: Vec<Spanned<RawCustomClause>>,
    #[serde(default)]
    pub output: Option<RawOutput>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTender {
    pub title: Spanned<String>,
    pub reference: Spanned<String>,
    pub buyer: Spanned<String>,
    #[serde(default)]
    pub issue_date: Option<Spanned<toml::value::Datetime>>,
    #[serde(default)]
    pub schedule: Option<Spanned<String>>,
    #[serde(default)]
    pub history: Vec<Spanned<RawVersionEntry>>,
    /// When supplier responses are due: a TOML date, or a local date-time for a time of day.
    #[serde(default)]
    pub deadline: Option<Spanned<toml::value::Datetime>>,
    #[serde(default)]
    pub version: Option<Spanned<String>>,
    #[serde(default)]
    pub contact: Option<String>,
    #[serde(default)]
    pub marking: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScope {
    pub technologies: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    pub hosting: Option<Hosting>,
    #[serde(default)]
    pub risk: Option<Spanned<RiskLevel>>,
    #[serde(default)]
    pub risk_reason: Option<Spanned<String>>,
    /// How many sites the Solution covers (the scale factor of the risk level).
    #[serde(default)]
    pub sites: Option<u32>,
    /// How many connected devices the Solution has (the scale factor of the risk level).
    #[serde(default)]
    pub devices: Option<u32>,
    /// The contract's estimated total value in pounds (the scale factor of the risk level).
    #[serde(default)]
    pub contract_value: Option<u64>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawImpact {
    #[serde(default)]
    pub safety: Option<bool>,
    #[serde(default)]
    pub controls_physical_assets: Option<bool>,
    #[serde(default)]
    pub personal_data: Option<PersonalData>,
    #[serde(default)]
    pub public_monitoring: Option<bool>,
    #[serde(default)]
    pub cni_dependency: Option<bool>,
    #[serde(default)]
    pub supplier_remote_access: Option<bool>,
    #[serde(default)]
    pub connects_to_corporate_network: Option<bool>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawTailoring {
    #[serde(default)]
    pub exclude: Vec<Spanned<RawTailorEntry>>,
    #[serde(default)]
    pub include: Vec<Spanned<RawTailorEntry>>,
    #[serde(default)]
    pub obligation: Vec<Spanned<RawObligationChange>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTailorEntry {
    pub id: Spanned<String>,
    pub reason: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawObligationChange {
    pub id: Spanned<String>,
    pub to: Obligation,
    pub reason: Spanned<String>,
}

/// One `[[tender.history]]` entry: an earlier version of the document.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVersionEntry {
    pub version: Spanned<String>,
    #[serde(default)]
    pub date: Option<Spanned<toml::value::Datetime>>,
    pub change: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCustomClause {
    pub id: Spanned<String>,
    pub section: Section,
    #[serde(default)]
    pub stage: Option<Stage>,
    pub title: Spanned<String>,
    pub text: Spanned<String>,
    pub obligation: Obligation,
    /// Plain text (due at the earliest `verify` stage, or with the tender) or
    /// `{ item = "…", due = "go-live" }`.
    pub evidence: Spanned<Vec<RawEvidence>>,
    #[serde(default)]
    pub verify: Option<Vec<VerifyStage>>,
    #[serde(default)]
    pub rationale: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOutput {
    pub formats: Spanned<Vec<Spanned<String>>>,
}
