//! What evaluators mark: each award question with its weighting, any minimum score, the
//! supplier's answer length and the scored requirements marked under it, with the answers given
//! to them. `assess` never scores; it lays out what is to be scored and how.

use serde::Serialize;

use super::RequirementResult;
use crate::library::{Category, SCORING_SCALE};
use crate::pack::TenderPack;

/// The scoring sheet for one response.
#[derive(Debug, Clone, Serialize)]
pub struct ScoringSheet {
    /// The security questions' share of the quality score, in percent.
    pub security_share: u32,
    /// The published scale, highest score first.
    pub scale: Vec<ScaleStep>,
    /// In pack order.
    pub questions: Vec<ScoredQuestion>,
    /// Scored requirements with no award question in this tender.
    pub unplaced: Vec<ScoredPoint>,
}

/// One step of the published scale.
#[derive(Debug, Clone, Serialize)]
pub struct ScaleStep {
    pub score: u8,
    pub name: String,
    pub descriptor: String,
}

/// One award question as the evaluators mark it.
#[derive(Debug, Clone, Serialize)]
pub struct ScoredQuestion {
    pub id: String,
    pub pack_ref: String,
    pub title: String,
    /// Percent of the whole quality score.
    pub weighting_percent: u32,
    /// A score below this excludes the tender.
    pub minimum_score: Option<u8>,
    /// Words in the supplier's answer.
    pub response_words: usize,
    /// The scored requirements this question also marks.
    pub marks: Vec<ScoredPoint>,
}

/// A scored requirement and the supplier's answer to it.
#[derive(Debug, Clone, Serialize)]
pub struct ScoredPoint {
    pub id: String,
    pub pack_ref: String,
    pub title: String,
    /// The Compliance answer, as read (empty when none).
    pub compliance: String,
}

/// The scoring sheet for `requirements` (in pack order) against the pack as issued.
pub(super) fn scoring_sheet(pack: &TenderPack, requirements: &[RequirementResult]) -> ScoringSheet {
    let result = |id: &str| requirements.iter().find(|r| r.id == id);
    let point = |id: &str| {
        result(id).map(|r| ScoredPoint {
            id: r.id.clone(),
            pack_ref: r.pack_ref.clone(),
            title: r.title.clone(),
            compliance: r
                .compliance
                .map_or_else(|| r.compliance_text.clone(), |c| c.label().to_string()),
        })
    };
    let questions = pack
        .award
        .questions
        .iter()
        .filter_map(|q| {
            let r = result(&q.id)?;
            Some(ScoredQuestion {
                id: q.id.clone(),
                pack_ref: r.pack_ref.clone(),
                title: r.title.clone(),
                weighting_percent: q.weighting,
                minimum_score: q.minimum_score,
                response_words: r.response_words,
                marks: q.covers.iter().filter_map(|id| point(id)).collect(),
            })
        })
        .collect();
    let unplaced = requirements
        .iter()
        .filter(|r| r.category == Category::Scored && pack.award.question(&r.id).is_none())
        .filter(|r| pack.award.home_of(&r.id).is_none())
        .filter_map(|r| point(&r.id))
        .collect();
    ScoringSheet {
        security_share: pack.award.security_share,
        scale: SCORING_SCALE
            .iter()
            .map(|(score, name, descriptor)| ScaleStep {
                score: *score,
                name: name.to_string(),
                descriptor: descriptor.to_string(),
            })
            .collect(),
        questions,
        unplaced,
    }
}
