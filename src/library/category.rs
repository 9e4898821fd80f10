//! The requirement model a bidder reads: every clause in a pack is a tender gate, a contract
//! requirement or scored, and the verb its text prints is derived from that category here, so a
//! heading, a matrix row and the sentence under them can never disagree.
//!
//! The library records, per risk level, whether a clause is `must` or `should` (or unused);
//! `Category::of` turns that, with the clause's stage, into the category. It is the only place
//! that decision is made: selection calls it (after tailoring), `check` lints with it, and every
//! writer, `assess` and `explain` read the category selection stored.

use std::fmt;

use serde::Serialize;

use super::{Clause, Obligation, RiskLevel, Stage};

/// What failing a requirement means for a bidder (Procurement Act 2023 s.23: the tender
/// documents say whether failing a criterion disqualifies).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Met at tender or the tender is excluded: the conditions of participation. A short list.
    Gate,
    /// Accepted at tender as an obligation and verified at go-live or in life; a dated
    /// remediation commitment is allowed and is then a term of the contract.
    Contract,
    /// Marked in the quality evaluation under a named, weighted question; never excludes.
    Scored,
}

impl Category {
    /// Every category, in the order the pack lists them.
    pub const ALL: [Category; 3] = [Category::Gate, Category::Contract, Category::Scored];

    /// The category of `clause` when its obligation for this tender is `obligation`: award
    /// criteria and `should` are scored; `must` is a tender gate for a condition of
    /// participation and a contract requirement otherwise.
    pub fn of(clause: &Clause, obligation: Obligation) -> Category {
        match (clause.stage, obligation) {
            (Stage::Award, _) | (_, Obligation::Should) => Category::Scored,
            (Stage::Participation, Obligation::Must) => Category::Gate,
            (_, Obligation::Must) => Category::Contract,
        }
    }

    /// `gate`, `contract` or `scored`, as in JSON and the profile.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Gate => "gate",
            Category::Contract => "contract",
            Category::Scored => "scored",
        }
    }

    /// As headed in the pack and the matrix.
    pub fn label(self) -> &'static str {
        match self {
            Category::Gate => "Tender gate",
            Category::Contract => "Contract requirement",
            Category::Scored => "Scored",
        }
    }

    /// The normative verb the clause text prints in this category.
    pub fn keyword(self) -> &'static str {
        match self {
            Category::Gate | Category::Contract => "MUST",
            Category::Scored => "SHOULD",
        }
    }

    /// What failing it means, in one sentence a bidder reads.
    pub fn consequence(self) -> &'static str {
        match self {
            Category::Gate => "Not met at tender: the tender is excluded.",
            Category::Contract => "Accepted at tender as a contract obligation and verified at go-live or in life; a dated remediation commitment is allowed and becomes a contract term.",
            Category::Scored => "Marked under its award question; not meeting it never excludes.",
        }
    }

    /// The verb that the other category of the pair would print, which must not appear.
    fn other_keyword(self) -> &'static str {
        match self {
            Category::Gate | Category::Contract => "SHOULD",
            Category::Scored => "MUST",
        }
    }
}

/// The most tender gates and contract requirements a pack may hold at a risk level (`check`
/// holds every shipped example to it). Gates: the conditions of participation, a short list at
/// every level. Contract requirements: what a council can verify and enforce for one contract —
/// measured on the shipped examples after issue 13's calibration (low 35, medium 112, high 131
/// for traffic and lighting) with headroom; high is set by the all-technologies framework (211),
/// the largest pack the library can produce.
pub fn budget(level: RiskLevel) -> Budget {
    match level {
        RiskLevel::Low => Budget {
            gates: 6,
            contract: 40,
        },
        RiskLevel::Medium => Budget {
            gates: 6,
            contract: 120,
        },
        RiskLevel::High => Budget {
            gates: 8,
            contract: 220,
        },
    }
}

/// A per-level ceiling on the pass/fail weight of a pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Budget {
    pub gates: usize,
    pub contract: usize,
}

impl Budget {
    /// What a pack with `counts` (in `Category::ALL` order) exceeds, one line each.
    pub fn exceeded(self, counts: [usize; 3]) -> Vec<String> {
        let mut out = Vec::new();
        if counts[0] > self.gates {
            out.push(format!(
                "{} tender gates (budget {})",
                counts[0], self.gates
            ));
        }
        if counts[1] > self.contract {
            out.push(format!(
                "{} contract requirements (budget {})",
                counts[1], self.contract
            ));
        }
        out
    }
}

/// `3 tender gates, 80 contract requirements, 12 scored` from counts in `Category::ALL` order.
pub fn category_summary(counts: [usize; 3]) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{}, {}, {}",
        plural(counts[0], "tender gate", "tender gates"),
        plural(counts[1], "contract requirement", "contract requirements"),
        plural(counts[2], "scored", "scored")
    )
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl Clause {
    /// The clause's category at `level` before tailoring, or `None` when it is unused there.
    pub fn category_at(&self, level: RiskLevel) -> Option<Category> {
        self.obligation.at(level).map(|o| Category::of(self, o))
    }
}

/// `text` with every normative verb (MUST, SHOULD as whole words) replaced by `category`'s.
/// Award questions carry no verb and come back unchanged.
pub fn render_verb(text: &str, category: Category) -> String {
    let from = category.other_keyword();
    let to = category.keyword();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(from) {
        let before = rest[..i].chars().next_back();
        let after = rest[i + from.len()..].chars().next();
        let word_char = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        out.push_str(&rest[..i]);
        if word_char(before) || word_char(after) {
            out.push_str(from);
        } else {
            out.push_str(to);
        }
        rest = &rest[i + from.len()..];
    }
    out.push_str(rest);
    out
}

/// Why `text`, rendered in `category`, does not read as that category: it names the other
/// verb, or names no verb where one is needed (everything but an award question).
pub fn verb_disagreement(text: &str, stage: Stage, category: Category) -> Option<String> {
    let has = |w: &str| {
        text.match_indices(w).any(|(i, _)| {
            let b = text[..i].chars().next_back();
            let a = text[i + w.len()..].chars().next();
            !b.is_some_and(char::is_alphanumeric) && !a.is_some_and(char::is_alphanumeric)
        })
    };
    if stage == Stage::Award {
        return (has("MUST") || has("SHOULD"))
            .then(|| "an award question names MUST or SHOULD; it is scored, not pass/fail".into());
    }
    if has(category.other_keyword()) {
        return Some(format!(
            "as {} it reads {}, which contradicts it",
            category.label(),
            category.other_keyword()
        ));
    }
    if !has(category.keyword()) {
        return Some(format!(
            "as {} it never says {}",
            category.label(),
            category.keyword()
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_verb_replaces_whole_words_only() {
        assert_eq!(
            render_verb("The Supplier MUST NOT; MUSTARD MUST.", Category::Scored),
            "The Supplier SHOULD NOT; MUSTARD SHOULD."
        );
        assert_eq!(
            render_verb("It SHOULD; SHOULDER", Category::Contract),
            "It MUST; SHOULDER"
        );
        assert_eq!(render_verb("It MUST", Category::Gate), "It MUST");
    }

    #[test]
    fn disagreement_is_found_and_agreement_passes() {
        let s = Stage::Specification;
        assert!(verb_disagreement("It MUST", s, Category::Contract).is_none());
        assert!(verb_disagreement("It MUST", s, Category::Scored).is_some());
        assert!(verb_disagreement("It does", s, Category::Gate).is_some());
        assert!(verb_disagreement("Describe", Stage::Award, Category::Scored).is_none());
        assert!(verb_disagreement("It SHOULD", Stage::Award, Category::Scored).is_some());
    }
}
