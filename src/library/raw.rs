//! The library files exactly as written: serde structs, strict about unknown keys, that keep
//! source spans so that `load` and `validate` can point at the key a problem is about.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::{
    Conditions, ObligationTable, ParameterType, RawEvidence, RiskLevel, Section, Stage, VerifyStage,
};

/// `library.toml`: the library's name, version and clause-id prefixes.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLibraryMeta {
    pub name: String,
    pub version: Spanned<String>,
    #[serde(default)]
    pub released: Option<toml::value::Datetime>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub prefix: Vec<RawPrefix>,
}

/// One `[[prefix]]` of `library.toml`: a clause-id prefix and what it stands for.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPrefix {
    pub id: String,
    pub meaning: String,
}

/// `sources.toml`: the documents clauses cite.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSources {
    #[serde(default)]
    pub source: Vec<RawSourceDocument>,
}

/// One `[[source]]` of `sources.toml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSourceDocument {
    pub id: Spanned<String>,
    pub title: String,
    pub publisher: String,
    #[serde(default)]
    pub year: Option<u32>,
    pub url: String,
    #[serde(default = "yes")]
    pub url_verified: bool,
}

/// Serde default for `url_verified`: a source URL counts as checked unless it says otherwise.
fn yes() -> bool {
    true
}

/// `guidance.toml`: the guidance items clauses and technologies point to.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGuidance {
    #[serde(default)]
    pub item: Vec<RawGuidanceItem>,
}

/// One `[[item]]` of `guidance.toml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGuidanceItem {
    pub id: Spanned<String>,
    pub title: String,
    pub source: Spanned<String>,
    pub section: String,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub not_covered: Option<String>,
}

/// `technologies.toml`: the traits and the technologies a profile can name.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTechnologies {
    #[serde(default, rename = "trait")]
    pub traits: Vec<RawTrait>,
    #[serde(default)]
    pub technology: Vec<RawTechnology>,
}

/// One `[[trait]]` of `technologies.toml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTrait {
    pub id: Spanned<String>,
    pub description: String,
}

/// One `[[technology]]` of `technologies.toml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTechnology {
    pub id: Spanned<String>,
    pub name: String,
    pub description: String,
    pub traits: Spanned<Vec<String>>,
    pub default_risk: RiskLevel,
    pub guidance: Spanned<Vec<String>>,
}

/// `parameters.toml`: the parameters clause text can use.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawParameters {
    #[serde(default)]
    pub parameter: Vec<RawParameter>,
}

/// One `[[parameter]]` of `parameters.toml`; its values are type-checked by `load`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawParameter {
    pub name: Spanned<String>,
    #[serde(rename = "type")]
    pub kind: ParameterType,
    pub default: Spanned<toml::Value>,
    #[serde(default)]
    pub by_risk: Option<Spanned<BTreeMap<RiskLevel, toml::Value>>>,
    #[serde(default)]
    pub min: Option<i64>,
    #[serde(default)]
    pub max: Option<i64>,
    #[serde(default)]
    pub unit: Option<String>,
    pub meaning: String,
    #[serde(default)]
    pub note: Option<String>,
}

/// A `clauses/*.toml` file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClauseFile {
    #[serde(default)]
    pub clause: Vec<RawClause>,
}

/// One `[[clause]]` as written, with spans for the fields later checks point at.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClause {
    pub id: Spanned<String>,
    pub version: u32,
    pub title: Spanned<String>,
    pub section: Section,
    pub stage: Stage,
    pub text: Spanned<String>,
    pub obligation: Spanned<ObligationTable>,
    pub applies_to: Spanned<RawAppliesTo>,
    #[serde(default)]
    pub when: Conditions,
    pub evidence: Spanned<Vec<Spanned<RawEvidence>>>,
    /// The stage of every plain-text evidence item; tables carry their own `due`.
    #[serde(default)]
    pub verify: Option<Spanned<Vec<VerifyStage>>>,
    pub rationale: Spanned<String>,
    pub guidance: Spanned<Vec<String>>,
    #[serde(default)]
    pub mappings: Vec<String>,
    pub source: Vec<Spanned<RawSource>>,
    #[serde(default)]
    pub strong_answer: Vec<String>,
    #[serde(default)]
    pub word_limit: Option<u32>,
    #[serde(default)]
    pub buyer_prerequisites: Option<Spanned<Vec<String>>>,
}

/// `applies_to` as written; `validate` checks that exactly one form is used.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawAppliesTo {
    #[serde(default)]
    pub all: Option<bool>,
    #[serde(default)]
    pub technologies: Option<Vec<String>>,
    #[serde(default)]
    pub traits: Option<Vec<String>>,
}

/// One `[[clause.source]]`: where in a source document the clause comes from.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub document: String,
    pub section: String,
    pub verified: bool,
    #[serde(default)]
    pub note: Option<String>,
}
