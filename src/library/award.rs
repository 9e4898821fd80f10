//! How award criteria are marked: the published 0–5 scoring scale, the security questions' share
//! of the quality score with each question's default points, and where each scored
//! specification point is marked (its home question), as `library.toml`'s `[award]` states.

use serde::Serialize;

use super::{Clause, Loc};

/// The scoring scale every award question is marked on, highest first: the score, its name and
/// what an answer must show to earn it. Printed to bidders with the award criteria and in the
/// response matrix's instructions, and to evaluators in the assess report.
pub const SCORING_SCALE: [(u8, &str, &str); 6] = [
    (5, "Excellent", "Answers every part of the question specifically for this contract, with evidence of past delivery of the same approach; gives full confidence, with no weaknesses."),
    (4, "Good", "Answers every part of the question with detail specific to this contract and some evidence; minor weaknesses only."),
    (3, "Satisfactory", "Answers every part of the question, but is generic in places or gives little evidence; some weaknesses."),
    (2, "Limited", "Answers only some parts of the question, or mostly in general terms; significant weaknesses."),
    (1, "Poor", "Barely addresses the question; serious gaps or claims with no support."),
    (0, "Unacceptable", "No answer, or nothing in it addresses the question."),
];

/// The highest score on the scale.
pub const TOP_SCORE: u8 = 5;

/// The security questions' share of the quality score when neither library nor profile says.
pub const DEFAULT_SECURITY_SHARE: u32 = 20;

/// The default points of a question that states none (a buyer's own award question).
pub const DEFAULT_QUESTION_POINTS: u32 = 10;

/// What `library.toml`'s `[award]` says.
#[derive(Debug, Clone, Serialize)]
pub struct AwardRules {
    /// The security questions' share of the whole quality score, in percent, unless the profile
    /// sets another.
    pub security_share: u32,
    /// Where scored specification points are marked: a clause id or an id prefix, with the award
    /// questions that can hold it in order of preference (the first asked in a tender is used).
    pub homes: Vec<AwardHome>,
    /// Where `security_share` and `homes` are written, for `check`'s messages.
    #[serde(skip)]
    pub locs: Option<AwardLocs>,
}

impl Default for AwardRules {
    fn default() -> Self {
        AwardRules {
            security_share: DEFAULT_SECURITY_SHARE,
            homes: Vec::new(),
            locs: None,
        }
    }
}

/// One `[award.homes]` entry.
#[derive(Debug, Clone, Serialize)]
pub struct AwardHome {
    /// A clause id (`MAN-050`) or an id prefix (`MAN`).
    pub key: String,
    /// Award question ids, first choice first.
    pub questions: Vec<String>,
    #[serde(skip)]
    pub loc: Option<Loc>,
}

/// Positions in `library.toml` of the `[award]` keys.
#[derive(Debug, Clone)]
pub struct AwardLocs {
    pub security_share: Loc,
    pub homes: Loc,
}

impl AwardRules {
    /// The award questions that can mark `clause`, first choice first: its own entry, or its
    /// prefix's; empty when neither is listed.
    pub fn homes_for(&self, clause: &Clause) -> &[String] {
        self.homes
            .iter()
            .find(|h| h.key == clause.id)
            .or_else(|| self.homes.iter().find(|h| h.key == clause.prefix()))
            .map_or(&[], |h| h.questions.as_slice())
    }
}

/// `weighting: 4% of the quality score`, as printed to bidders.
pub fn weighting_text(percent: u32) -> String {
    format!("{percent}% of the quality score")
}

/// What a minimum score means, in the sentence bidders read (Procurement Act 2023 s.23: the
/// tender documents say whether failing a criterion disqualifies).
pub fn threshold_text(minimum: u8) -> String {
    format!("A score below {minimum} on this question excludes the tender.")
}

/// Shares `total` among `points` in proportion, as whole numbers that add up to `total`
/// (largest remainder; ties go to the earlier entry). Every entry with points gets at least 1
/// when `total` allows.
pub fn apportion(points: &[u32], total: u32) -> Vec<u32> {
    let sum: u64 = points.iter().map(|&p| u64::from(p)).sum();
    if sum == 0 || points.is_empty() {
        return vec![0; points.len()];
    }
    let exact: Vec<(u64, u64)> = points
        .iter()
        .map(|&p| {
            let n = u64::from(p) * u64::from(total);
            (n / sum, n % sum)
        })
        .collect();
    let mut out: Vec<u32> = exact.iter().map(|&(q, _)| q as u32).collect();
    let given: u32 = out.iter().sum();
    let mut order: Vec<usize> = (0..points.len()).collect();
    order.sort_by(|&a, &b| exact[b].1.cmp(&exact[a].1).then(a.cmp(&b)));
    for &i in order.iter().take((total - given) as usize) {
        out[i] += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportion_sums_to_the_total_in_proportion() {
        assert_eq!(apportion(&[10, 10], 20), vec![10, 10]);
        let shares = apportion(&[10, 12, 12, 12, 8, 10, 8], 20);
        assert_eq!(shares.iter().sum::<u32>(), 20);
        assert!(shares[1] >= shares[0] && shares[0] >= shares[4]);
        assert_eq!(apportion(&[1, 1, 1], 10), vec![4, 3, 3]);
        assert_eq!(apportion(&[], 20), Vec::<u32>::new());
    }

    #[test]
    fn the_scale_runs_from_the_top_score_to_zero() {
        let scores: Vec<u8> = SCORING_SCALE.iter().map(|s| s.0).collect();
        assert_eq!(scores, vec![TOP_SCORE, 4, 3, 2, 1, 0]);
    }
}
