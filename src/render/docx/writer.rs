//! Document blocks to docx-rs paragraphs and tables: headings with their numbers, bookmarks and
//! badges, runs (strong, emphasis, tracked insertions and deletions, links to bookmarks and web
//! addresses), lists, facts, tables, notices, labelled details and the contents.
//!
//! Headings are checked as they are written: a heading numbered by Word's outline or annex
//! list must get from Word's count exactly the number the document gives it, and a
//! text-numbered entry must continue the same count (`OutlineCounter`).

use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};

use docx_rs::{
    BorderType, BreakType, Delete, DocumentChild, Docx, FieldCharType, Hyperlink, HyperlinkData,
    HyperlinkType, IndentLevel, Insert, InstrText, NumberingId, Paragraph, ParagraphBorder,
    ParagraphBorderPosition, ParagraphBorders, ParagraphChild, Run, Shading, ShdType,
    SpecialIndentType, Tab, TabLeaderType, TabValueType, Table, TableBorder, TableBorderPosition,
    TableBorders, TableCell, TableCellBorder, TableCellBorderPosition, TableCellBorders,
    TableCellContent, TableCellMargins, TableLayoutType, TableRow, TextBorder, WidthType,
};

use super::numbering::{OutlineCounter, ANNEXES, BULLETS, FIRST_ORDERED, OUTLINE};
use super::styles::{half_points, hex, id, pt, GUTTER, TEXT_WIDTH};
use super::tables::column_widths;
use crate::document::{Block, Document, Heading, Inline, LinkTarget, Number, Rich, Role, Row};
use crate::render::pdf::fonts::{Face, FontSet};
use crate::render::{design, RenderError};

/// Who tracked changes are attributed to.
pub const REVISION_AUTHOR: &str = "tenderguard";

/// Shown under the contents entries: how Word refreshes their page numbers after editing.
pub const REFRESH_NOTE: &str = "After editing in Word, select the contents and press F9 to refresh the page numbers; LibreOffice keeps them up to date.";

/// A contents entry's page number: a `PAGEREF` field to the heading's bookmark, as a link
/// (`\h`). LibreOffice computes it from its own layout when it opens the document; Word shows
/// the result stored with the field until the field is refreshed.
fn pageref_instruction(bookmark: &str) -> String {
    format!(" PAGEREF {bookmark} \\h ")
}

/// The bookmark name of an anchor: Word allows letters, digits and underscores, starting with
/// a letter; a leading underscore keeps it out of Word's bookmark list.
pub fn bookmark_name(anchor: &str) -> String {
    let safe: String = anchor
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("_{safe}")
}

/// What the post-steps need to know about each table, in document order.
pub struct TableInfo {
    /// The first row is a header row that repeats on each page.
    pub header_row: bool,
    /// The alternative text (`w:tblCaption`).
    pub caption: Option<String>,
}

/// A contents entry written into the body: where it is among the document's children, and
/// the heading it points to.
pub struct ContentsEntry {
    child: usize,
    heading: Heading,
}

/// The written body.
pub struct Body {
    /// The document with the body added.
    pub docx: Docx,
    pub tables: Vec<TableInfo>,
    pub ordered_lists: usize,
    /// The contents entries, whose page numbers [`Body::fill_contents`] stores.
    pub contents: Vec<ContentsEntry>,
    /// Each external link's relationship id and address, in document order.
    pub external_links: Vec<(String, String)>,
}

impl Body {
    /// Stores each contents entry's page, by its heading's anchor. The pages are known only
    /// after a layout that can run beside the writing (`render::pdf::heading_pages`), so the
    /// entries are written first and rewritten here; an entry without a page keeps an empty
    /// result, which LibreOffice fills in and Word on refreshing.
    pub fn fill_contents(&mut self, pages: &BTreeMap<String, usize>) {
        for entry in &self.contents {
            let page = entry
                .heading
                .anchor
                .as_ref()
                .and_then(|a| pages.get(a))
                .copied();
            self.docx.document.children[entry.child] =
                DocumentChild::Paragraph(Box::new(contents_entry(&entry.heading, page)));
        }
    }
}

struct Writer {
    /// Children go straight into docx-rs's document: its builders take the whole `Docx` by
    /// value, a copy of several kilobytes per paragraph.
    docx: Docx,
    tables: Vec<TableInfo>,
    contents: Vec<ContentsEntry>,
    /// Every heading anchor of the document: a link is made only to one of these.
    anchors: HashSet<String>,
    counter: OutlineCounter,
    /// The outline level of the last text-numbered entry since a numbered section at a
    /// shallower level.
    entry_level: Option<usize>,
    bookmarks: usize,
    ordered_lists: usize,
    caption: Option<String>,
    page_break: bool,
    /// The last block was a table: the next paragraph keeps the design's distance from it.
    after_table: bool,
    indented: bool,
    /// Writing a labelled detail's bullets (a clause's evidence): the smaller clause type.
    in_detail: bool,
    revision_date: String,
    /// External links as written: docx-rs's relationship id and the address.
    external_links: RefCell<Vec<(String, String)>>,
}

/// Adds the body of `doc` to `docx`; fails if Word's numbering would not show the document's
/// numbers.
pub fn write_body(docx: Docx, doc: &Document) -> Result<Body, RenderError> {
    let mut w = Writer {
        docx,
        tables: Vec::new(),
        contents: Vec::new(),
        anchors: doc
            .headings()
            .iter()
            .filter_map(|h| h.anchor.clone())
            .collect(),
        counter: OutlineCounter::default(),
        entry_level: None,
        bookmarks: 0,
        ordered_lists: 0,
        caption: None,
        page_break: false,
        after_table: false,
        indented: false,
        in_detail: false,
        external_links: RefCell::default(),
        revision_date: format!(
            "{}T00:00:00Z",
            doc.properties.date.as_deref().unwrap_or("1980-01-01")
        ),
    };
    for b in &doc.blocks {
        w.block(b, doc)?;
    }
    let mut docx = w.docx;
    docx.document_rels.has_numberings = true;
    Ok(Body {
        docx,
        tables: w.tables,
        ordered_lists: w.ordered_lists,
        contents: w.contents,
        external_links: w.external_links.into_inner(),
    })
}

fn fill(colour: design::Rgb) -> Shading {
    Shading::new()
        .shd_type(ShdType::Clear)
        .color("auto")
        .fill(hex(colour))
}

fn numbering_mismatch(what: &str, model: &str, word: &str) -> RenderError {
    RenderError {
        format: "docx",
        message: format!(
            "{what} is numbered {model} in the document, but Word's list numbering would show {word}; the numbers must run in document order"
        ),
    }
}

impl Writer {
    fn push(&mut self, mut p: Paragraph) {
        if std::mem::take(&mut self.page_break) {
            p = p.page_break_before(true);
        }
        if std::mem::take(&mut self.after_table) && p.property.line_spacing.is_none() {
            let heading = p
                .property
                .style
                .as_ref()
                .is_some_and(|s| s.val.starts_with("Heading") || s.val == id::CLAUSE_HEADING2);
            if !heading {
                p = p.line_spacing(docx_rs::LineSpacing::new().before(pt(design::TABLE_BELOW)));
            }
        }
        self.docx
            .document
            .children
            .push(DocumentChild::Paragraph(Box::new(p)));
    }

    fn push_table(&mut self, t: Table, header_row: bool) {
        if std::mem::take(&mut self.page_break) {
            self.push(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)));
        }
        self.tables.push(TableInfo {
            header_row,
            caption: self.caption.take(),
        });
        self.docx
            .document
            .children
            .push(DocumentChild::Table(Box::new(t)));
        self.after_table = true;
    }

    fn block(&mut self, b: &Block, doc: &Document) -> Result<(), RenderError> {
        match b {
            Block::Heading(h) => self.heading(h)?,
            Block::Paragraph(r) => {
                let style = if self.indented {
                    id::CLAUSE_TEXT
                } else {
                    id::NORMAL
                };
                for p in self.paragraphs(r, || Paragraph::new().style(style)) {
                    self.push(p);
                }
            }
            Block::Styled(role, r) => self.styled(*role, r),
            Block::List { ordered, items } => self.list(*ordered, items),
            Block::Facts(facts) => self.facts(facts),
            Block::Table { columns, rows } => self.table(columns, rows),
            Block::Notice(r) => {
                for p in self.paragraphs(r, || {
                    let mut p = Paragraph::new().style(id::NOTICE).keep_lines(true);
                    p.property = p.property.shading(fill(design::NOTICE_FILL)).set_borders(
                        ParagraphBorders::with_empty().set(
                            ParagraphBorder::new(ParagraphBorderPosition::Left)
                                .val(BorderType::Single)
                                .size(24)
                                .space(6)
                                .color(hex(design::ACCENT)),
                        ),
                    );
                    p
                }) {
                    self.push(p);
                }
            }
            Block::Detail {
                label,
                items,
                bulleted,
            } => self.detail(label, items, *bulleted),
            Block::Indented(inner) => {
                let was = std::mem::replace(&mut self.indented, true);
                for b in inner {
                    self.block(b, doc)?;
                }
                self.indented = was;
            }
            Block::PageBreak => self.page_break = true,
            Block::Contents => self.contents(doc),
        }
        Ok(())
    }

    /// Paragraphs from inline text: a blank line starts a new paragraph, a line break stays a
    /// line break, a tab a tab. Children are pushed in place: a docx-rs paragraph is over
    /// 2 KB, and its builder methods move it on every call.
    fn paragraphs(&self, r: &Rich, new: impl Fn() -> Paragraph) -> Vec<Paragraph> {
        let mut out = Vec::new();
        let mut current = new();
        for piece in r {
            for (i, para) in piece.text().split("\n\n").enumerate() {
                if i > 0 {
                    out.push(std::mem::replace(&mut current, new()));
                }
                for (j, line) in para.split('\n').enumerate() {
                    if j > 0 {
                        current.children.push(ParagraphChild::Run(Box::new(
                            Run::new().add_break(BreakType::TextWrapping),
                        )));
                    }
                    if !line.is_empty() {
                        current.children.push(self.inline(piece, line));
                    }
                }
            }
        }
        out.push(current);
        out
    }

    fn inline(&self, piece: &Inline, line: &str) -> ParagraphChild {
        let run = |r: Run| ParagraphChild::Run(Box::new(text_run(r, line)));
        match piece {
            Inline::Text(_) => run(Run::new()),
            Inline::Strong(_) => run(Run::new().bold()),
            Inline::Emphasis(_) => run(Run::new().italic()),
            Inline::Inserted(_) => ParagraphChild::Insert(
                Insert::new(text_run(Run::new(), line))
                    .author(REVISION_AUTHOR)
                    .date(&self.revision_date),
            ),
            Inline::Deleted(_) => ParagraphChild::Delete(
                Delete::new()
                    .add_run(Run::new().add_delete_text(line))
                    .author(REVISION_AUTHOR)
                    .date(&self.revision_date),
            ),
            Inline::Link { target, .. } => {
                let linked = text_run(Run::new().style(id::HYPERLINK), line);
                match target {
                    LinkTarget::Anchor(a) if self.anchors.contains(a) => ParagraphChild::Hyperlink(
                        Hyperlink::new(bookmark_name(a), HyperlinkType::Anchor).add_run(linked),
                    ),
                    LinkTarget::Url(u) => {
                        let link = Hyperlink::new(u, HyperlinkType::External).add_run(linked);
                        if let HyperlinkData::External { rid, .. } = &link.link {
                            self.external_links
                                .borrow_mut()
                                .push((rid.clone(), u.clone()));
                        }
                        ParagraphChild::Hyperlink(link)
                    }
                    LinkTarget::Anchor(_) => run(Run::new()),
                }
            }
        }
    }

    fn heading(&mut self, h: &Heading) -> Result<(), RenderError> {
        let level = usize::from(h.level.clamp(1, 3)) - 1;
        let mut p = Paragraph::new().keep_next(true).keep_lines(true);
        match &h.number {
            Some(Number::Outline(n)) => {
                let word = self.counter.next(level);
                if self.entry_level.take() == Some(level) {
                    return Err(RenderError {
                        format: "docx",
                        message: format!(
                            "section \"{}\" ({n}) follows clauses at its own level; Word's list would number it without them",
                            h.text
                        ),
                    });
                }
                if word != *n {
                    return Err(numbering_mismatch(
                        &format!("section \"{}\"", h.text),
                        n,
                        &word,
                    ));
                }
                p = p
                    .style(heading_style(level))
                    .numbering(NumberingId::new(OUTLINE), IndentLevel::new(level));
                if level == 0 {
                    p = p.page_break_before(true);
                }
            }
            Some(Number::Annex(x)) => {
                let word = self.counter.next_annex();
                if word != *x {
                    return Err(numbering_mismatch(
                        &format!("annex \"{}\"", h.text),
                        x,
                        &word,
                    ));
                }
                p = p
                    .style(id::HEADING1)
                    .numbering(NumberingId::new(ANNEXES), IndentLevel::new(0))
                    .page_break_before(true);
            }
            Some(Number::Text(n)) => {
                let word = self.counter.next(level);
                if word != *n {
                    return Err(numbering_mismatch(
                        &format!("entry \"{}\"", h.text),
                        n,
                        &word,
                    ));
                }
                self.entry_level = Some(level);
                // An entry directly under a chapter is a level-2 heading (no gap in levels).
                let style = if level == 1 {
                    id::CLAUSE_HEADING2
                } else {
                    id::HEADING3
                };
                // numId 0: the number is text, not also a list number.
                p = p
                    .style(style)
                    .numbering(NumberingId::new(0), IndentLevel::new(0));
            }
            None => {
                // No number hangs in the gutter: the heading starts at the margin, and a
                // chapter-level heading that does not start a page gets the space above one.
                p = p.style(heading_style(level)).indent(
                    Some(0),
                    Some(SpecialIndentType::Hanging(0)),
                    None,
                    None,
                );
                if level == 0 {
                    p = p.line_spacing(docx_rs::LineSpacing::new().before(pt(design::H1_ABOVE)));
                }
            }
        }
        let bookmark = h.anchor.as_ref().map(|a| {
            self.bookmarks += 1;
            (self.bookmarks, bookmark_name(a))
        });
        if let Some((bid, name)) = &bookmark {
            p = p.add_bookmark_start(*bid, name.clone());
        }
        if let Some(Number::Text(n)) = &h.number {
            // The title starts at the gutter, where the hanging indent puts it.
            p = p.add_tab(Tab::new().val(TabValueType::Left).pos(GUTTER as usize));
            p = p.add_run(
                Run::new()
                    .add_text(n.clone())
                    .color(hex(design::CLAUSE_NUMBER.color))
                    .add_tab(),
            );
        }
        p = p.add_run(text_run(Run::new(), &h.text));
        if let Some((bid, _)) = bookmark {
            p = p.add_bookmark_end(bid);
        }
        if let Some(badge) = &h.badge {
            // The badge sits at the right margin: a right tab, then the word on a navy fill
            // (or in a navy outline), padded with no-break spaces.
            p = p.add_tab(Tab::new().val(TabValueType::Right).pos(TEXT_WIDTH as usize));
            let text = format!("\u{a0}{}\u{a0}", badge.text);
            let run = Run::new().add_tab();
            p = p.add_run(run);
            let word = Run::new().style(id::BADGE).add_text(text);
            p = p.add_run(if badge.filled {
                word.shading(fill(design::ACCENT))
            } else {
                word.color(hex(design::ACCENT)).text_border(
                    TextBorder::new()
                        .border_type(BorderType::Single)
                        .size(6)
                        .color(hex(design::ACCENT)),
                )
            });
        }
        self.push(p);
        Ok(())
    }

    fn styled(&mut self, role: Role, r: &Rich) {
        let (style, keep_next) = match role {
            Role::Title => (id::TITLE, true),
            Role::Subtitle => (id::SUBTITLE, true),
            Role::Lead => (id::COVER_BUYER, true),
            Role::CoverDetails => (id::COVER_DETAILS, false),
            Role::Meta => (id::CLAUSE_META, false),
            Role::Caption => {
                self.caption = Some(crate::document::to_plain(r));
                (id::CAPTION, true)
            }
        };
        for p in self.paragraphs(r, || Paragraph::new().style(style).keep_next(keep_next)) {
            self.push(p);
        }
    }

    fn list(&mut self, ordered: bool, items: &[Rich]) {
        let (style, num, level) = if ordered {
            let n = FIRST_ORDERED + self.ordered_lists;
            self.ordered_lists += 1;
            (id::LIST_NUMBER, n, 0)
        } else if self.in_detail {
            (id::CLAUSE_BULLET, BULLETS, 1)
        } else if self.indented {
            (id::TEXT_BULLET, BULLETS, 2)
        } else {
            (id::LIST_BULLET, BULLETS, 0)
        };
        for (i, item) in items.iter().enumerate() {
            let last = i + 1 == items.len();
            for p in self.paragraphs(item, || {
                let p = Paragraph::new()
                    .style(style)
                    .numbering(NumberingId::new(num), IndentLevel::new(level));
                if last && !self.in_detail {
                    p.line_spacing(docx_rs::LineSpacing::new().after(pt(design::PARA_GAP)))
                } else {
                    p
                }
            }) {
                self.push(p);
            }
        }
    }

    fn detail(&mut self, label: &str, items: &[Rich], bulleted: bool) {
        let left = if self.indented { GUTTER } else { 0 };
        let label_run = |s: &str| {
            Run::new()
                .add_text(s)
                .bold()
                .size(half_points(design::LABEL))
                .color(hex(design::LABEL.color))
        };
        if bulleted {
            self.push(
                Paragraph::new()
                    .style(id::CLAUSE_LABEL)
                    .keep_next(true)
                    .indent(Some(left as i32), None, None, None)
                    .add_run(label_run(label)),
            );
            let was = std::mem::replace(&mut self.in_detail, true);
            self.list(false, items);
            self.in_detail = was;
            return;
        }
        // The label in its column, the value beside it.
        let column = pt(design::LABEL_COLUMN);
        let mut value: Rich = Vec::new();
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                value.push(Inline::Text("; ".into()));
            }
            value.extend(item.iter().cloned());
        }
        for (i, p) in self
            .paragraphs(&value, || {
                Paragraph::new().style(id::CLAUSE_TEXT).indent(
                    Some((left + column) as i32),
                    Some(SpecialIndentType::Hanging(column as i32)),
                    None,
                    None,
                )
            })
            .into_iter()
            .enumerate()
        {
            let p = if i == 0 {
                // The label goes first: rebuild the paragraph with it in front.
                let mut labelled = p.clone();
                labelled.children.clear();
                labelled = labelled.add_run(label_run(label).add_tab());
                labelled.children.extend(p.children);
                labelled
            } else {
                p
            };
            self.push(p);
        }
    }

    fn cell(&self, r: &Rich, width: u32, style: &str) -> TableCell {
        let mut cell = TableCell::new().width(width as usize, WidthType::Dxa);
        for p in self.paragraphs(r, || Paragraph::new().style(style)) {
            cell.children.push(TableCellContent::Paragraph(Box::new(p)));
        }
        cell
    }

    fn table_frame(rows: Vec<TableRow>, widths: &[u32]) -> Table {
        let rule = |pos| {
            TableBorder::new(pos)
                .border_type(BorderType::Single)
                .size(4)
                .color(hex(design::RULE))
        };
        let pad_x = pt(design::CELL_PAD_X) as usize;
        let pad_y = pt(design::CELL_PAD_Y) as usize;
        Table::new(rows)
            .set_grid(widths.iter().map(|w| *w as usize).collect())
            .width(TEXT_WIDTH as usize, WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
            .set_borders(
                TableBorders::with_empty()
                    .set(rule(TableBorderPosition::Top))
                    .set(rule(TableBorderPosition::Bottom))
                    .set(rule(TableBorderPosition::InsideH)),
            )
            .margins(TableCellMargins::new().margin(pad_y, pad_x, pad_y, pad_x))
    }

    fn table(&mut self, columns: &[(String, u16)], rows: &[Row]) {
        let widths = column_widths(columns, rows, TEXT_WIDTH);
        let header = TableRow::new(
            columns
                .iter()
                .zip(&widths)
                .map(|((title, _), w)| {
                    self.cell(
                        &crate::document::plain(title.clone()),
                        *w,
                        id::TABLE_HEADING,
                    )
                    .shading(fill(design::HEADER_FILL))
                    .set_borders(
                        TableCellBorders::with_empty().set(
                            TableCellBorder::new(TableCellBorderPosition::Bottom)
                                .border_type(BorderType::Single)
                                .size(6)
                                .color(hex(design::ACCENT)),
                        ),
                    )
                })
                .collect(),
        )
        .cant_split();
        let mut table_rows = vec![header];
        for row in rows {
            let cells = widths
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    let empty = Vec::new();
                    let text = row.cells.get(i).unwrap_or(&empty);
                    let fitted = fit_addresses(text, *w);
                    let cell = self.cell(fitted.as_ref().unwrap_or(text), *w, id::TABLE_TEXT);
                    if row.emphasis {
                        cell.shading(fill(design::EMPHASIS_FILL))
                    } else {
                        cell
                    }
                })
                .collect();
            table_rows.push(TableRow::new(cells).cant_split());
        }
        self.push_table(Self::table_frame(table_rows, &widths), true);
    }

    fn facts(&mut self, facts: &[(String, Rich)]) {
        let label = (TEXT_WIDTH * 3 / 10).min(2835);
        let widths = [label, TEXT_WIDTH - label];
        let rows = facts
            .iter()
            .map(|(k, v)| {
                TableRow::new(vec![
                    self.cell(
                        &crate::document::plain(k.clone()),
                        widths[0],
                        id::TABLE_HEADING,
                    )
                    .shading(fill(design::HEADER_FILL)),
                    self.cell(v, widths[1], id::TABLE_TEXT),
                ])
                .cant_split()
            })
            .collect();
        if self.caption.is_none() {
            self.caption = facts.first().map(|(k, _)| k.clone());
        }
        self.push_table(Self::table_frame(rows, &widths), false);
    }

    /// The "Contents" heading and one linked entry per level 1 and 2 heading, each ending with
    /// its page number as a `PAGEREF` field (see [`pageref_instruction`]), stored empty until
    /// [`Body::fill_contents`] gives the pages.
    ///
    /// Not a `TOC` field: LibreOffice keeps a `TOC` field's stored result as static text, page
    /// references inside it included, so its numbers would be whatever was stored; and Word
    /// refreshes a `TOC` field on opening only with `w:updateFields`, which makes it ask
    /// "This document contains fields that may refer to other files…" on every opening.
    fn contents(&mut self, doc: &Document) {
        self.push(
            Paragraph::new()
                .style(id::TOC_HEADING)
                .keep_next(true)
                .page_break_before(true)
                .add_run(Run::new().add_text("Contents")),
        );
        for h in doc
            .headings()
            .into_iter()
            .filter(|h| h.level <= 2 && !matches!(h.number, Some(Number::Text(_))))
        {
            self.push(contents_entry(h, None));
            self.contents.push(ContentsEntry {
                child: self.docx.document.children.len() - 1,
                heading: h.clone(),
            });
        }
        self.push(
            Paragraph::new()
                .style(id::TOC_NOTE)
                .add_run(Run::new().add_text(REFRESH_NOTE)),
        );
    }
}

/// A contents entry: the heading's number and text linked to its bookmark, a dot leader, and
/// the page as a `PAGEREF` field whose stored result is `page` (empty when `None`).
fn contents_entry(h: &Heading, page: Option<usize>) -> Paragraph {
    let style = if h.level <= 1 { id::TOC1 } else { id::TOC2 };
    let dots = Tab::new()
        .val(TabValueType::Right)
        .leader(TabLeaderType::Dot)
        .pos(TEXT_WIDTH as usize);
    let p = Paragraph::new().style(style).add_tab(dots);
    let shown = match &h.number {
        Some(Number::Outline(n)) => format!("{n}\t{}", h.text),
        Some(Number::Annex(x)) => format!("Annex {x}: {}", h.text),
        _ => h.text.clone(),
    };
    let run = text_run(Run::new(), &shown);
    let Some(a) = &h.anchor else {
        return p.add_run(run);
    };
    let bookmark = bookmark_name(a);
    let page = page.map(|n| n.to_string()).unwrap_or_default();
    p.add_hyperlink(
        Hyperlink::new(&bookmark, HyperlinkType::Anchor)
            .add_run(run)
            .add_run(Run::new().add_tab())
            .add_run(Run::new().add_field_char(FieldCharType::Begin, false))
            .add_run(
                Run::new().add_instr_text(InstrText::Unsupported(pageref_instruction(&bookmark))),
            )
            .add_run(Run::new().add_field_char(FieldCharType::Separate, false))
            .add_run(Run::new().add_text(page))
            .add_run(Run::new().add_field_char(FieldCharType::End, false)),
    )
}

/// A cell's text with each web address wider than the column shortened with an ellipsis, the
/// link keeping the whole address, as the PDF shows it (`render::pdf::text`): Word and
/// LibreOffice would break such an address over several lines, and Annex B would run pages
/// longer than the printed pack whose page numbers the contents store. `None` when nothing
/// needs shortening.
fn fit_addresses(text: &Rich, column: u32) -> Option<Rich> {
    // A little short of the column: a word processor's own measure and its break at a hyphen
    // inside the address would otherwise push the ellipsis onto a line of its own.
    const SLACK: f32 = 8.0;
    let max = column as f32 / 20.0 - 2.0 * design::CELL_PAD_X - SLACK;
    let fonts = FontSet::shipped();
    let width = |s: &str| fonts.width(Face::Regular, design::CELL.size, s);
    let too_wide = |piece: &Inline| matches!(piece, Inline::Link { text, target: LinkTarget::Url(_) } if width(text) > max);
    if !text.iter().any(too_wide) {
        return None;
    }
    Some(
        text.iter()
            .map(|piece| match piece {
                Inline::Link { text, target } if too_wide(piece) => {
                    let end =
                        fonts.cut_before(Face::Regular, design::CELL.size, text, ELLIPSIS, max);
                    Inline::Link {
                        text: format!("{}{ELLIPSIS}", &text[..end]),
                        target: target.clone(),
                    }
                }
                other => other.clone(),
            })
            .collect(),
    )
}

/// Shown at the end of a shortened web address.
const ELLIPSIS: &str = "\u{2026}";

fn heading_style(level: usize) -> &'static str {
    match level {
        0 => id::HEADING1,
        1 => id::HEADING2,
        _ => id::HEADING3,
    }
}

/// Text with its tabs as Word's tabs.
fn text_run(mut run: Run, text: &str) -> Run {
    for (i, piece) in text.split('\t').enumerate() {
        if i > 0 {
            run = run.add_tab();
        }
        if !piece.is_empty() {
            run = run.add_text(piece);
        }
    }
    run
}
