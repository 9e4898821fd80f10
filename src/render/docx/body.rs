//! `word/document.xml`: cover page and document control, contents, then every chapter,
//! subsection, clause and annex of the model in order.
//!
//! Headings and clauses carry no typed numbers: the outline list (see `numbering`) numbers them,
//! and the clause's stable id and version sit beside the number (`4.2.3 [DES-004 v2] Title`).

use super::contents::{bookmark_name, write_contents};
use super::numbering::{OutlineCounter, ANNEXES, FIRST_ORDERED};
use super::page::section_properties;
use super::runs::{paragraph, run, styled_runs, RunFormat};
use super::styles::id;
use super::tables::{write_pairs_table, write_table};
use super::xml::{Xml, NS_R, NS_W};
use crate::pack::{Block, PackClause, PackSection, TenderPack, Text};
use crate::render::RenderError;

/// The main document part and what the numbering part must declare for it.
pub struct Body {
    /// The `word/document.xml` part.
    pub xml: Vec<u8>,
    /// How many ordered lists the body uses (each restarts at 1).
    pub ordered_lists: u32,
}

struct Writer<'a> {
    pack: &'a TenderPack,
    x: Xml,
    counter: OutlineCounter,
    /// The outline level of the last clause since a section at a shallower level: clause
    /// headings are not in Word's list (their number is text), so a section after clauses at
    /// its own level would be numbered by Word as if they were not there.
    clause_level: Option<usize>,
    bookmarks: u32,
    ordered_lists: u32,
}

/// Writes the body; fails if Word's numbering would not show the model's numbers.
pub fn document_xml(pack: &TenderPack) -> Result<Body, RenderError> {
    let mut w = Writer {
        pack,
        x: Xml::with_capacity(2_000 + pack.clauses.len() * 3_000),
        counter: OutlineCounter::default(),
        clause_level: None,
        bookmarks: 0,
        ordered_lists: 0,
    };
    w.x.open("w:document", &[("xmlns:w", NS_W), ("xmlns:r", NS_R)]);
    w.x.open("w:body", &[]);
    w.cover();
    write_contents(&mut w.x, pack);
    for s in &pack.sections {
        w.section(s)?;
    }
    section_properties(&mut w.x);
    w.x.close("w:body");
    w.x.close("w:document");
    Ok(Body {
        ordered_lists: w.ordered_lists,
        xml: w.x.into_bytes(),
    })
}

fn numbering_mismatch(what: &str, model: &str, word: &str) -> RenderError {
    RenderError {
        format: "docx",
        message: format!(
            "{what} is numbered {model} in the pack, but Word's list numbering would show {word}; the pack's numbers must run in document order"
        ),
    }
}

impl Writer<'_> {
    /// Opens a paragraph: its style, then direct properties in schema order.
    fn p_open(&mut self, style: &str, num: Option<(u32, u32)>, keep_next: bool) {
        self.p_open_spaced(style, num, keep_next, None);
    }

    fn p_open_spaced(
        &mut self,
        style: &str,
        num: Option<(u32, u32)>,
        keep_next: bool,
        space_after: Option<u32>,
    ) {
        self.x.raw("<w:p><w:pPr>");
        self.x.val("w:pStyle", style);
        if keep_next {
            self.x.empty("w:keepNext", &[]);
        }
        if let Some((num_id, level)) = num {
            self.x.raw(&format!(
                "<w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"{num_id}\"/></w:numPr>"
            ));
        }
        if let Some(after) = space_after {
            self.x
                .empty("w:spacing", &[("w:after", &after.to_string())]);
        }
        self.x.raw("</w:pPr>");
    }

    fn cover(&mut self) {
        let m = &self.pack.meta;
        let x = &mut self.x;
        paragraph(x, id::COVER_BUYER, &m.buyer, RunFormat::PLAIN);
        paragraph(x, id::TITLE, &m.title, RunFormat::PLAIN);
        paragraph(x, id::SUBTITLE, &m.subtitle, RunFormat::PLAIN);
        x.raw(&format!(
            "<w:p><w:pPr><w:pStyle w:val=\"{}\"/></w:pPr>",
            id::COVER_DETAILS
        ));
        let mut details = vec![
            ("Reference", m.reference.as_str()),
            ("Version", m.version.as_str()),
        ];
        let issued = m.issue_date.as_deref().map(crate::typography::long_date);
        if let Some(d) = &issued {
            details.push(("Issue date", d));
        }
        for (i, (label, value)) in details.iter().enumerate() {
            if i > 0 {
                run(x, "\n", RunFormat::PLAIN);
            }
            run(x, &format!("{label}: "), RunFormat::BOLD);
            run(x, value, RunFormat::PLAIN);
        }
        x.close("w:p");
        for b in &self.pack.cover {
            self.block(b);
        }
        // Document control has its own page, so a long title or notice never splits it.
        write_pairs_table(
            &mut self.x,
            "Document control",
            &self.pack.document_control,
            true,
        );
    }

    fn section(&mut self, s: &PackSection) -> Result<(), RenderError> {
        let (style, num) = if s.annex {
            let word = self.counter.next_annex();
            if word != s.number {
                return Err(numbering_mismatch(
                    &format!("annex \"{}\"", s.title),
                    &s.number,
                    &word,
                ));
            }
            (id::HEADING1, Some((ANNEXES, 0)))
        } else {
            let level = usize::from(s.level.max(1) - 1);
            let word = self.counter.next(level);
            if self.clause_level.take() == Some(level) {
                return Err(RenderError {
                    format: "docx",
                    message: format!(
                        "section \"{}\" ({}) follows clauses at its own level; Word's list would number it without them",
                        s.title, s.number
                    ),
                });
            }
            if word != s.number {
                return Err(numbering_mismatch(
                    &format!("section \"{}\"", s.title),
                    &s.number,
                    &word,
                ));
            }
            (
                if level == 0 {
                    id::HEADING1
                } else {
                    id::HEADING2
                },
                None,
            )
        };
        self.p_open(style, num, false);
        let bookmark = bookmark_name(s);
        let bid = self.bookmarks.to_string();
        self.bookmarks += 1;
        self.x
            .empty("w:bookmarkStart", &[("w:id", &bid), ("w:name", &bookmark)]);
        run(&mut self.x, &s.title, RunFormat::PLAIN);
        self.x.empty("w:bookmarkEnd", &[("w:id", &bid)]);
        self.x.close("w:p");
        for b in &s.blocks {
            if let Block::Clause(i) = b {
                self.clause(*i)?;
            } else {
                self.block(b);
            }
        }
        for c in &s.children {
            self.section(c)?;
        }
        Ok(())
    }

    fn block(&mut self, b: &Block) {
        match b {
            Block::Paragraph(t) => self.styled(id::NORMAL, t),
            Block::Notice(t) => self.styled(id::NOTICE, t),
            Block::List { ordered, items } => {
                let num = if *ordered {
                    let n = FIRST_ORDERED + self.ordered_lists;
                    self.ordered_lists += 1;
                    Some((n, 0))
                } else {
                    None
                };
                let style = if *ordered {
                    id::LIST_NUMBER
                } else {
                    id::LIST_BULLET
                };
                for (i, item) in items.iter().enumerate() {
                    // The list's last item keeps a paragraph's distance from what follows.
                    let after = (i + 1 == items.len()).then_some(200);
                    self.p_open_spaced(style, num, false, after);
                    styled_runs(&mut self.x, item);
                    self.x.close("w:p");
                }
            }
            Block::Facts(facts) => {
                for (k, v) in facts {
                    paragraph(&mut self.x, id::FACT_LABEL, k, RunFormat::PLAIN);
                    paragraph(&mut self.x, id::NORMAL, v, RunFormat::PLAIN);
                }
            }
            Block::Table(t) => write_table(&mut self.x, t),
            // Clauses are written by `section`, which can report numbering errors.
            Block::Clause(_) => {}
        }
    }

    fn styled(&mut self, style: &str, t: &Text) {
        self.p_open(style, None, false);
        styled_runs(&mut self.x, t);
        self.x.close("w:p");
    }

    fn clause(&mut self, index: usize) -> Result<(), RenderError> {
        let Some(c) = self.pack.clauses.get(index) else {
            return Err(RenderError {
                format: "docx",
                message: format!(
                    "the pack refers to clause {index}, but it has {} clauses",
                    self.pack.clauses.len()
                ),
            });
        };
        let level = c.pack_ref.split('.').count().clamp(2, 3) - 1;
        let word = self.counter.next(level);
        if word != c.pack_ref {
            return Err(numbering_mismatch(
                &format!("clause {}", c.id),
                &c.pack_ref,
                &word,
            ));
        }
        // Clauses in chapters without subsections sit one level up and take the level-2
        // clause style, so that no heading level is skipped.
        let style = if level == 1 {
            id::CLAUSE_HEADING2
        } else {
            id::HEADING3
        };
        // The number is text, so that every reader (pandoc's docx reader among them) sees
        // "4.2.3", not a list number only Word and LibreOffice compute; numId 0 turns off the
        // heading style's own list numbering, and the tab lands on the hanging indent where
        // the list number's tab did.
        self.clause_level = Some(level);
        self.p_open(style, Some((0, 0)), false);
        run(&mut self.x, &c.pack_ref, RunFormat::PLAIN);
        self.x.raw("<w:r><w:tab/></w:r>");
        run(
            &mut self.x,
            &c.tag(),
            RunFormat {
                style: Some(id::CLAUSE_TAG),
                ..RunFormat::PLAIN
            },
        );
        run(&mut self.x, &format!(" {}", c.title), RunFormat::PLAIN);
        self.x.close("w:p");

        self.p_open(id::CLAUSE_TEXT, None, true);
        run(&mut self.x, "Obligation: ", RunFormat::BOLD);
        run(&mut self.x, c.category.keyword(), RunFormat::BOLD);
        run(
            &mut self.x,
            &format!(" ({})", c.category.label()),
            RunFormat::PLAIN,
        );
        self.x.close("w:p");
        for para in c.text.split("\n\n") {
            paragraph(&mut self.x, id::CLAUSE_TEXT, para, RunFormat::PLAIN);
        }
        self.clause_details(c);
        Ok(())
    }

    fn clause_details(&mut self, c: &PackClause) {
        let x = &mut self.x;
        if !c.strong_answer.is_empty() {
            paragraph(
                x,
                id::CLAUSE_LABEL,
                "A strong answer covers:",
                RunFormat::PLAIN,
            );
            for s in &c.strong_answer {
                paragraph(x, id::CLAUSE_BULLET, s, RunFormat::PLAIN);
            }
            if let Some(limit) = c.word_limit {
                x.raw(&format!(
                    "<w:p><w:pPr><w:pStyle w:val=\"{}\"/><w:spacing w:before=\"80\"/></w:pPr>",
                    id::CLAUSE_TEXT
                ));
                run(x, "Word limit: ", RunFormat::BOLD);
                run(x, &limit.to_string(), RunFormat::PLAIN);
                x.close("w:p");
            }
        }
        if !c.evidence.is_empty() {
            paragraph(x, id::CLAUSE_LABEL, "Evidence required:", RunFormat::PLAIN);
            for e in c.evidence_lines() {
                paragraph(x, id::CLAUSE_BULLET, &e, RunFormat::PLAIN);
            }
        }
    }
}
