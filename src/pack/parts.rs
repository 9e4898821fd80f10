//! The chapters and annexes of a tender pack, in document order. Their numbers come from that
//! order (chapters 1, 2, …, annexes A, B, …) and their titles are defined here once, so a clause
//! reference, an anchor and a cross-reference such as "see Annex C" cannot disagree.

use super::{Block, PackSection};
use crate::library::{Section, Stage};

/// A chapter or annex of the pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    HowToRead,
    Context,
    Participation,
    Requirements,
    Award,
    Contract,
    Evidence,
    ResponseMatrix,
    Sources,
    Coverage,
}

impl Part {
    /// Every part, in document order.
    pub const ALL: [Part; 10] = [
        Part::HowToRead,
        Part::Context,
        Part::Participation,
        Part::Requirements,
        Part::Award,
        Part::Contract,
        Part::Evidence,
        Part::ResponseMatrix,
        Part::Sources,
        Part::Coverage,
    ];

    /// The first annex; every part before it is a numbered chapter.
    const FIRST_ANNEX: Part = Part::ResponseMatrix;

    /// The chapter that holds the clauses of a stage.
    pub fn of_stage(stage: Stage) -> Part {
        match stage {
            Stage::Participation => Part::Participation,
            Stage::Specification => Part::Requirements,
            Stage::Award => Part::Award,
            Stage::Contract => Part::Contract,
        }
    }

    /// Annexes are lettered and headed `Annex C: …`; chapters are numbered.
    pub fn is_annex(self) -> bool {
        self >= Part::FIRST_ANNEX
    }

    /// `4` for a chapter, `C` for an annex.
    pub fn number(self) -> String {
        let position = self as usize;
        if self.is_annex() {
            let letter = b'A' + (position - Part::FIRST_ANNEX as usize) as u8;
            char::from(letter).to_string()
        } else {
            (position + 1).to_string()
        }
    }

    /// The heading's words, after the number.
    pub fn title(self) -> &'static str {
        match self {
            Part::HowToRead => "How to read this document",
            Part::Context => "Context and risk",
            Part::Participation => Stage::Participation.chapter_title(),
            Part::Requirements => Stage::Specification.chapter_title(),
            Part::Award => Stage::Award.chapter_title(),
            Part::Contract => Stage::Contract.chapter_title(),
            Part::Evidence => "Evidence checklist",
            Part::ResponseMatrix => "Supplier response matrix",
            Part::Sources => "Sources and rationale",
            Part::Coverage => "Guidance coverage",
        }
    }

    /// The part as a top-level section of the pack, holding `blocks`.
    pub fn section(self, blocks: Vec<Block>) -> PackSection {
        let number = self.number();
        let anchor = if self.is_annex() {
            format!("annex-{}", number.to_lowercase())
        } else {
            format!("sec-{number}")
        };
        PackSection {
            number,
            title: self.title().to_string(),
            anchor,
            level: 1,
            annex: self.is_annex(),
            blocks,
            children: Vec::new(),
        }
    }

    /// Subsection `n` (counting from 1) of this chapter: `4.2`, anchored `sec-4-2`.
    pub fn subsection(self, n: usize, title: &str, blocks: Vec<Block>) -> PackSection {
        let chapter = self.number();
        PackSection {
            number: format!("{chapter}.{n}"),
            title: title.to_string(),
            anchor: format!("sec-{chapter}-{n}"),
            level: 2,
            annex: false,
            blocks,
            children: Vec::new(),
        }
    }
}

/// The subsection of the requirements chapter that holds a library section's clauses: `2` for
/// Design (chapter 4.2).
pub fn requirements_subsection(section: Section) -> usize {
    Section::ALL
        .iter()
        .position(|s| *s == section)
        .map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapters_are_numbered_then_annexes_lettered_in_document_order() {
        let numbers: Vec<String> = Part::ALL.iter().map(|p| p.number()).collect();
        assert_eq!(numbers, ["1", "2", "3", "4", "5", "6", "7", "A", "B", "C"]);
        assert_eq!(Part::of_stage(Stage::Specification).number(), "4");
    }

    #[test]
    fn sections_carry_their_anchor_and_level() {
        let annex = Part::Coverage.section(Vec::new());
        assert_eq!(
            (annex.heading(), annex.anchor.as_str(), annex.level),
            ("Annex C: Guidance coverage".to_string(), "annex-c", 1)
        );
        let sub = Part::Requirements.subsection(2, "Design", Vec::new());
        assert_eq!(
            (sub.heading(), sub.anchor.as_str(), sub.level),
            ("4.2 Design".to_string(), "sec-4-2", 2)
        );
    }
}
