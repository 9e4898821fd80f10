//! `[award]`: the security questions' share of the quality score, each question's weighting and
//! minimum scores. Whether a named question is asked in this tender is selection's to say.

use std::collections::BTreeMap;

use toml::Spanned;

use super::{amend, Ctx};
use crate::diagnostics::did_you_mean;
use crate::library::{Stage, TOP_SCORE};
use crate::profile::raw::{RawAward, RawCustomClause};
use crate::profile::{AwardSetting, AwardSettings};

type RawTable = Spanned<BTreeMap<Spanned<String>, Spanned<i64>>>;

/// `[award]` checked: the share is 1–100 percent, every id an award question (the library's or
/// the profile's own), weights 1–100 adding up to the share, minimum scores 0–5.
pub(super) fn resolve_award(
    ctx: &mut Ctx,
    raw: Option<&Spanned<RawAward>>,
    own: &[Spanned<RawCustomClause>],
) -> AwardSettings {
    let Some(raw) = raw else {
        return AwardSettings::default();
    };
    let raw = raw.get_ref();
    let mut questions: Vec<String> = ctx
        .lib
        .clauses
        .iter()
        .filter(|c| c.stage == Stage::Award)
        .map(|c| c.id.clone())
        .collect();
    questions.extend(
        own.iter()
            .map(|c| c.get_ref())
            .filter(|c| c.stage == Some(Stage::Award))
            .map(|c| c.id.get_ref().trim().to_string()),
    );
    let security_share = raw.security_share.as_ref().and_then(|s| {
        let v = *s.get_ref();
        if (1..=100).contains(&v) {
            Some(v as u32)
        } else {
            let d = ctx.error(
                s,
                format!("award.security_share is {v}; it must be 1 to 100"),
                "not a percentage",
            );
            amend(d, |d| d.help("the security questions' share of the whole quality score, in percent, e.g. security_share = 20"));
            None
        }
    });
    let weights = raw
        .weights
        .as_ref()
        .map(|t| settings(ctx, t, &questions, "weights", 1, 100))
        .unwrap_or_default();
    if let Some(table) = &raw.weights {
        let share = security_share.unwrap_or(ctx.lib.award.security_share);
        let sum: u32 = weights.iter().map(|w| w.value).sum();
        let share_valid = raw.security_share.is_none() || security_share.is_some();
        if sum != share && weights.len() == table.get_ref().len() && share_valid {
            let from = if security_share.is_some() {
                "award.security_share"
            } else {
                "the library's default security share"
            };
            let d = ctx.error(
                table,
                format!("award.weights add up to {sum}%, not the {share}% of {from}"),
                "weights do not add up",
            );
            amend(d, |d| {
                d.help(format!(
                    "give weights that add up to {share}, or set award.security_share = {sum}"
                ))
            });
        }
    }
    let minimum_scores = raw
        .minimum_scores
        .as_ref()
        .map(|t| {
            settings(
                ctx,
                t,
                &questions,
                "minimum_scores",
                0,
                i64::from(TOP_SCORE),
            )
        })
        .unwrap_or_default();
    AwardSettings {
        security_share,
        weights,
        weights_span: raw.weights.as_ref().map(|t| t.span()),
        minimum_scores,
    }
}

/// One `[award]` table of question id → number, each id an award question and each number in
/// `min..=max`; entries in error are left out.
fn settings(
    ctx: &mut Ctx,
    table: &RawTable,
    questions: &[String],
    key: &str,
    min: i64,
    max: i64,
) -> Vec<AwardSetting> {
    let mut out = Vec::new();
    for (id, value) in table.get_ref() {
        let name = id.get_ref().trim();
        let mut ok = true;
        if !questions.iter().any(|q| q == name) {
            ok = false;
            let is_clause = ctx.lib.clause(name).is_some();
            let message = if is_clause {
                format!("`{name}` in award.{key} is not an award question")
            } else {
                format!("unknown award question `{name}` in award.{key}")
            };
            let help = match did_you_mean(name, questions.iter().map(String::as_str)) {
                Some(close) if !is_clause => format!("did you mean `{close}`?"),
                _ => format!("award questions: {}", questions.join(", ")),
            };
            let d = ctx.error(id, message, "not an award question");
            amend(d, |d| d.help(help));
        }
        let v = *value.get_ref();
        if !(min..=max).contains(&v) {
            ok = false;
            let what = if key == "weights" {
                "a weighting in percent of the quality score"
            } else {
                "a score on the 0 to 5 scale (0 removes the minimum)"
            };
            let d = ctx.error(
                value,
                format!("award.{key}.\"{name}\" is {v}; it must be {min} to {max}"),
                "out of range",
            );
            amend(d, |d| d.help(format!("give {what}")));
        }
        if ok {
            out.push(AwardSetting {
                id: name.to_string(),
                value: v as u32,
                span: id.span(),
            });
        }
    }
    out
}
