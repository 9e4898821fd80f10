//! The award questions this tender asks, each with its weighting, any minimum score and the
//! scored specification points marked under it. Decided once here; the pack, the record and
//! `assess` read it.

use serde::Serialize;

use super::SelectedClause;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::library::{apportion, Category, Library, Stage, DEFAULT_QUESTION_POINTS};
use crate::profile::ResolvedProfile;

/// How this tender's security award questions are marked.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AwardScheme {
    /// The security questions' share of the whole quality score, in percent.
    pub security_share: u32,
    /// `profile` or `library default`.
    pub share_from: &'static str,
    /// `profile` (award.weights) or `library default` (the questions' points, apportioned).
    pub weights_from: &'static str,
    /// In pack order.
    pub questions: Vec<AwardQuestion>,
    /// Scored points whose listed home questions are none of this tender's, placed under its
    /// first question instead (`check` refuses this in a shipped example).
    pub placed_by_fallback: Vec<String>,
    /// Scored points with no award question to be marked under (the tender asks none).
    pub homeless: Vec<String>,
}

/// One award question of this tender.
#[derive(Debug, Clone, Serialize)]
pub struct AwardQuestion {
    pub id: String,
    /// Percent of the whole quality score.
    pub weighting: u32,
    /// A score below this excludes the tender.
    pub minimum_score: Option<u8>,
    /// The scored points (not award questions) marked under this question, in pack order.
    pub covers: Vec<String>,
}

impl AwardScheme {
    /// The award question with this id.
    pub fn question(&self, id: &str) -> Option<&AwardQuestion> {
        self.questions.iter().find(|q| q.id == id)
    }
    /// The question a scored point is marked under.
    pub fn home_of(&self, id: &str) -> Option<&AwardQuestion> {
        self.questions
            .iter()
            .find(|q| q.covers.iter().any(|c| c == id))
    }
}

/// The scheme for `selected` (in pack order), or the profile's `[award]` entries that do not
/// fit this tender as located errors.
pub(super) fn award_scheme(
    lib: &Library,
    profile: &ResolvedProfile,
    selected: &[SelectedClause],
    diags: &mut Diagnostics,
) -> AwardScheme {
    let settings = &profile.award;
    let asked: Vec<&SelectedClause> = selected
        .iter()
        .filter(|s| s.clause.stage == Stage::Award)
        .collect();
    let share = settings.security_share.unwrap_or(lib.award.security_share);
    let weightings: Vec<u32> = if settings.weights.is_empty() {
        let points: Vec<u32> = asked
            .iter()
            .map(|s| s.clause.weight.unwrap_or(DEFAULT_QUESTION_POINTS))
            .collect();
        apportion(&points, share)
    } else {
        for w in &settings.weights {
            if !asked.iter().any(|s| s.clause.id == w.id) {
                diags.push(
                    Diagnostic::error(format!(
                        "`{}` in award.weights is not asked in this tender",
                        w.id
                    ))
                    .at(&profile.file, w.span.clone(), "not in this pack")
                    .help(format!(
                        "this tender's award questions: {}",
                        ids(&asked).join(", ")
                    )),
                );
            }
        }
        let missing: Vec<String> = ids(&asked)
            .into_iter()
            .filter(|id| !settings.weights.iter().any(|w| &w.id == id))
            .collect();
        if !missing.is_empty() {
            let d = Diagnostic::error(format!(
                "award.weights gives no weighting to {}, asked in this tender",
                missing
                    .iter()
                    .map(|m| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            let d = match &settings.weights_span {
                Some(span) => d.at(&profile.file, span.clone(), "a question left out"),
                None => d.in_file(&profile.file.path),
            };
            diags.push(d.help("weight every award question this tender asks, or remove award.weights to use the library's defaults"));
        }
        asked
            .iter()
            .map(|s| {
                settings
                    .weights
                    .iter()
                    .find(|w| w.id == s.clause.id)
                    .map_or(0, |w| w.value)
            })
            .collect()
    };
    for m in &settings.minimum_scores {
        if !asked.iter().any(|s| s.clause.id == m.id) {
            diags.push(
                Diagnostic::warning(format!(
                    "`{}` in award.minimum_scores is not asked in this tender; the minimum has no effect",
                    m.id
                ))
                .at(&profile.file, m.span.clone(), "not in this pack"),
            );
        }
    }
    let mut questions: Vec<AwardQuestion> = asked
        .iter()
        .zip(weightings)
        .map(|(s, weighting)| AwardQuestion {
            id: s.clause.id.clone(),
            weighting,
            minimum_score: match settings.minimum_scores.iter().find(|m| m.id == s.clause.id) {
                Some(m) => (m.value > 0).then_some(m.value as u8),
                None => s.clause.minimum_score,
            },
            covers: Vec::new(),
        })
        .collect();
    let mut placed_by_fallback = Vec::new();
    let mut homeless = Vec::new();
    for s in selected
        .iter()
        .filter(|s| s.category == Category::Scored && s.clause.stage != Stage::Award)
    {
        let listed = lib.award.homes_for(&s.clause);
        let home = listed
            .iter()
            .find_map(|h| questions.iter().position(|q| &q.id == h));
        let home = match home {
            Some(i) => Some(i),
            None if questions.is_empty() => None,
            None => {
                placed_by_fallback.push(s.clause.id.clone());
                Some(0)
            }
        };
        match home {
            Some(i) => questions[i].covers.push(s.clause.id.clone()),
            None => homeless.push(s.clause.id.clone()),
        }
    }
    if !homeless.is_empty() {
        diags.push(
            Diagnostic::warning(format!(
                "{} scored item(s) have no award question to be marked under: this tender asks none ({})",
                homeless.len(),
                homeless.join(", ")
            ))
            .in_file(&profile.file.path)
            .help("include an award question (tailoring.include), or make these points contract requirements"),
        );
    }
    AwardScheme {
        security_share: share,
        share_from: if settings.security_share.is_some() {
            "profile"
        } else {
            "library default"
        },
        weights_from: if settings.weights.is_empty() {
            "library default"
        } else {
            "profile"
        },
        questions,
        placed_by_fallback,
        homeless,
    }
}

fn ids(asked: &[&SelectedClause]) -> Vec<String> {
    asked.iter().map(|s| s.clause.id.clone()).collect()
}

/// Adds to each award question's reasons its weighting and minimum score, and to each scored
/// point's the question it is marked under, so `explain` and `selection.json` say so.
pub(super) fn explain_marking(award: &AwardScheme, selected: &mut [SelectedClause]) {
    let titles: Vec<(String, String)> = selected
        .iter()
        .map(|s| (s.clause.id.clone(), s.clause.title.clone()))
        .collect();
    let title = |id: &str| {
        titles
            .iter()
            .find(|(i, _)| i == id)
            .map_or("", |(_, t)| t.as_str())
            .to_string()
    };
    for s in selected.iter_mut() {
        if let Some(q) = award.question(&s.clause.id) {
            let mut line = format!(
                "weighting {}% of the quality score ({} of {}%)",
                q.weighting, award.weights_from, award.security_share
            );
            if let Some(m) = q.minimum_score {
                line.push_str(&format!(
                    "; minimum score {m}: a lower score excludes the tender"
                ));
            }
            if !q.covers.is_empty() {
                line.push_str(&format!("; also marks {}", q.covers.join(", ")));
            }
            s.reasons.push(line);
        } else if let Some(q) = award.home_of(&s.clause.id) {
            let how = if award.placed_by_fallback.contains(&s.clause.id) {
                "none of its listed questions is asked, so"
            } else {
                "per [award.homes],"
            };
            s.reasons.push(format!(
                "scored: {how} marked under award question {} ({})",
                q.id,
                title(&q.id)
            ));
        }
    }
}
