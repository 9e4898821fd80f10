//! `word/numbering.xml`: real Word numbering, so that section and annex numbers are generated
//! by Word and LibreOffice, never typed into the text. Clause numbers are the exception: they
//! are text (`4.2.3<tab>[ID vN] Title`), because readers other than Word and LibreOffice
//! (pandoc's docx reader, screen-reader exports) do not compute list numbers, and a clause is
//! cited by its number.
//!
//! * `OUTLINE` — one multilevel list bound to Heading 1–3: `4`, `4.2`, `4.2.3`. Chapter and
//!   subsection headings take their level from the style. Clause headings (Heading 3, or
//!   "Clause heading 2" for clauses in chapters without subsections, 3, 5 and 6) turn the
//!   style's numbering off with `numId 0`.
//! * `ANNEXES` — `Annex A:` … for annex headings (Heading 1 style, its own list).
//! * `BULLETS` — bullets at body and clause indent.
//! * ordered lists — one list instance each, restarting at 1.
//!
//! The writer checks that Word's counting gives exactly the model's number for every heading,
//! and the clause text numbers the same count (`OutlineCounter`); since clauses are not in
//! Word's list, it refuses a section that follows clauses at its own level, which Word would
//! number as if they were not there.

use super::styles::{id, BULLET_INDENT, FONT, NUMBER_INDENT};
use super::xml::{Xml, NS_W};

/// List instance of the heading and clause outline.
pub const OUTLINE: u32 = 1;
/// List instance of the annex letters.
pub const ANNEXES: u32 = 2;
/// List instance of bullets.
pub const BULLETS: u32 = 3;
/// The first list instance of ordered lists; each ordered list takes the next id.
pub const FIRST_ORDERED: u32 = 4;

const ABSTRACT_OUTLINE: u32 = 0;
const ABSTRACT_ANNEXES: u32 = 1;
const ABSTRACT_BULLETS: u32 = 2;
const ABSTRACT_ORDERED: u32 = 3;

/// One level of a list definition.
struct Level<'a> {
    ilvl: u32,
    /// `decimal`, `upperLetter`, `bullet`.
    format: &'a str,
    /// `%1.%2`, `Annex %1:`, `•`.
    text: &'a str,
    /// The paragraph style bound to this level.
    style: Option<&'a str>,
    /// A space rather than a tab after the number.
    space_after: bool,
    /// Text indent; the number hangs into it.
    indent: u32,
    /// Numbers take the paragraph's bold; bullets and list numbers never are.
    plain_number: bool,
}

fn level(x: &mut Xml, l: &Level<'_>) {
    x.open("w:lvl", &[("w:ilvl", &l.ilvl.to_string())]);
    x.val("w:start", "1");
    x.val("w:numFmt", l.format);
    if let Some(s) = l.style {
        x.val("w:pStyle", s);
    }
    if l.space_after {
        x.val("w:suff", "space");
    }
    x.val("w:lvlText", l.text);
    x.val("w:lvlJc", "left");
    x.raw(&format!(
        "<w:pPr><w:ind w:left=\"{0}\" w:hanging=\"{0}\"/></w:pPr>",
        l.indent
    ));
    if l.format == "bullet" {
        x.raw(&format!("<w:rPr><w:rFonts w:ascii=\"{FONT}\" w:hAnsi=\"{FONT}\" w:cs=\"{FONT}\"/><w:b w:val=\"0\"/><w:bCs w:val=\"0\"/></w:rPr>"));
    } else if l.plain_number {
        x.raw("<w:rPr><w:b w:val=\"0\"/><w:bCs w:val=\"0\"/></w:rPr>");
    }
    x.close("w:lvl");
}

fn abstract_num(x: &mut Xml, id: u32, multi: bool, name: &str, levels: &[Level<'_>]) {
    x.open("w:abstractNum", &[("w:abstractNumId", &id.to_string())]);
    x.val(
        "w:multiLevelType",
        if multi { "multilevel" } else { "singleLevel" },
    );
    x.val("w:name", name);
    for l in levels {
        level(x, l);
    }
    x.close("w:abstractNum");
}

/// The numbering part, with `ordered_lists` restarting instances of the ordered-list format.
pub fn numbering_xml(ordered_lists: u32) -> Vec<u8> {
    let mut x = Xml::with_capacity(6000);
    x.open("w:numbering", &[("xmlns:w", NS_W)]);

    let heading_styles = [id::HEADING1, id::HEADING2, id::HEADING3];
    let outline_texts: Vec<String> = (1..=9)
        .map(|n| {
            (1..=n)
                .map(|i| format!("%{i}"))
                .collect::<Vec<_>>()
                .join(".")
        })
        .collect();
    let outline: Vec<Level<'_>> = outline_texts
        .iter()
        .enumerate()
        .map(|(i, text)| Level {
            ilvl: i as u32,
            format: "decimal",
            text,
            style: heading_styles.get(i).copied(),
            space_after: false,
            indent: NUMBER_INDENT,
            plain_number: false,
        })
        .collect();
    abstract_num(
        &mut x,
        ABSTRACT_OUTLINE,
        true,
        "Tender pack outline",
        &outline,
    );

    let annex = Level {
        ilvl: 0,
        format: "upperLetter",
        text: "Annex %1:",
        style: None,
        space_after: true,
        indent: 0,
        plain_number: false,
    };
    abstract_num(
        &mut x,
        ABSTRACT_ANNEXES,
        false,
        "Tender pack annexes",
        &[annex],
    );

    let bullet = |ilvl: u32, style: &'static str, indent: u32| Level {
        ilvl,
        format: "bullet",
        text: "\u{2022}",
        style: Some(style),
        space_after: false,
        indent,
        plain_number: true,
    };
    abstract_num(
        &mut x,
        ABSTRACT_BULLETS,
        true,
        "Tender pack bullets",
        &[
            bullet(0, id::LIST_BULLET, BULLET_INDENT),
            bullet(1, id::CLAUSE_BULLET, NUMBER_INDENT + BULLET_INDENT),
        ],
    );

    let ordered = Level {
        ilvl: 0,
        format: "decimal",
        text: "%1.",
        style: None,
        space_after: false,
        indent: BULLET_INDENT + 57,
        plain_number: true,
    };
    abstract_num(
        &mut x,
        ABSTRACT_ORDERED,
        false,
        "Tender pack numbered list",
        &[ordered],
    );

    for (num, abs) in [
        (OUTLINE, ABSTRACT_OUTLINE),
        (ANNEXES, ABSTRACT_ANNEXES),
        (BULLETS, ABSTRACT_BULLETS),
    ] {
        x.open("w:num", &[("w:numId", &num.to_string())]);
        x.val("w:abstractNumId", &abs.to_string());
        x.close("w:num");
    }
    for k in 0..ordered_lists {
        x.open("w:num", &[("w:numId", &(FIRST_ORDERED + k).to_string())]);
        x.val("w:abstractNumId", &ABSTRACT_ORDERED.to_string());
        x.raw("<w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"1\"/></w:lvlOverride>");
        x.close("w:num");
    }
    x.close("w:numbering");
    x.into_bytes()
}

/// Counts the way Word counts the outline and annex lists, to check the model's numbers.
#[derive(Debug, Default)]
pub struct OutlineCounter {
    counts: [u32; 3],
    annexes: u32,
}

impl OutlineCounter {
    /// The number Word shows on the next paragraph at outline level `level` (0–2).
    pub fn next(&mut self, level: usize) -> String {
        let level = level.min(2);
        self.counts[level] += 1;
        for c in &mut self.counts[level + 1..] {
            *c = 0;
        }
        self.counts[..=level]
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(".")
    }

    /// The letter Word shows on the next annex heading (A … Z, then AA …).
    pub fn next_annex(&mut self) -> String {
        self.annexes += 1;
        let letter = char::from(b'A' + ((self.annexes - 1) % 26) as u8);
        letter
            .to_string()
            .repeat(((self.annexes - 1) / 26 + 1) as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counter_restarts_lower_levels_like_word() {
        let mut c = OutlineCounter::default();
        assert_eq!(c.next(0), "1");
        assert_eq!(c.next(0), "2");
        assert_eq!(c.next(1), "2.1");
        assert_eq!(c.next(2), "2.1.1");
        assert_eq!(c.next(2), "2.1.2");
        assert_eq!(c.next(1), "2.2");
        assert_eq!(c.next(2), "2.2.1");
        assert_eq!(c.next(0), "3");
        assert_eq!(c.next(1), "3.1");
        assert_eq!(c.next_annex(), "A");
        assert_eq!(c.next_annex(), "B");
    }
}
