//! A report as a Word document, built with docx-rs.
//!
//! Real heading styles, a shaded table header row that repeats on every page, "Page N of M" in
//! the footer, and tracked changes as genuine `w:ins`/`w:del` revisions that Word and LibreOffice
//! let a reviewer accept or reject. Deterministic: the core and custom properties are written
//! here (docx-rs would stamp no date but keeps custom properties in a `HashMap`), revision dates
//! come from the inputs, and the package is re-zipped with Deflate and fixed entry times
//! (docx-rs stores every part uncompressed).

use std::io::{Cursor, Read, Write};

use docx_rs::{
    AbstractNumbering, AlignmentType, BreakType, Delete, Docx, Footer, Header, IndentLevel, Insert,
    Level, LevelJc, LevelText, LineSpacing, NumPages, NumberFormat, Numbering, NumberingId,
    PageMargin, PageNum, Paragraph, Run, RunFonts, Shading, ShdType, SpecialIndentType, Start,
    Style, StyleType, Table, TableCell, TableLayoutType, TableRow, WidthType,
};

use super::{Inline, Report, ReportBlock, Rich};

/// Who tracked changes are attributed to.
const REVISION_AUTHOR: &str = "tenderguard";
/// A4 in twentieths of a point, with 2 cm margins.
const PAGE_WIDTH: u32 = 11906;
const PAGE_HEIGHT: u32 = 16838;
const MARGIN: i32 = 1134;
const TEXT_WIDTH: usize = (PAGE_WIDTH as usize) - 2 * (MARGIN as usize);
/// The bullet list numbering (docx-rs already defines numbering 1).
const BULLETS: usize = 2;

const HEADER_FILL: &str = "1F3864";
const EMPHASIS_FILL: &str = "FCE4D6";
const LABEL_FILL: &str = "F2F2F2";
const NOTICE_FILL: &str = "FFF2CC";

/// A failure to produce the DOCX (never expected with valid text).
#[derive(Debug, thiserror::Error)]
#[error("docx writer: {0}")]
pub struct DocxError(String);

/// Writes a report as DOCX bytes.
pub fn write_report_docx(report: &Report) -> Result<Vec<u8>, DocxError> {
    let revision_date = format!(
        "{}T00:00:00Z",
        report.properties.date.as_deref().unwrap_or("1980-01-01")
    );
    let ctx = Ctx { revision_date };
    let mut docx = base_document(report);

    docx = docx.add_paragraph(
        Paragraph::new()
            .style("Title")
            .add_run(Run::new().add_text(&report.title)),
    );
    if !report.subtitle.is_empty() {
        docx = docx.add_paragraph(
            Paragraph::new()
                .style("Subtitle")
                .add_run(Run::new().add_text(&report.subtitle)),
        );
    }
    if !report.cover.is_empty() {
        let facts: Vec<(String, Rich)> = report
            .cover
            .iter()
            .map(|(k, v)| (k.clone(), super::plain(v.clone())))
            .collect();
        docx = docx
            .add_table(ctx.facts_table(&facts))
            .add_paragraph(Paragraph::new());
    }
    for block in &report.blocks {
        docx = match block {
            ReportBlock::Heading { level, text } => {
                let level = (*level).clamp(1, 3);
                docx.add_paragraph(
                    Paragraph::new()
                        .style(&format!("Heading{level}"))
                        .keep_next(true)
                        .add_run(Run::new().add_text(text)),
                )
            }
            ReportBlock::Paragraph(r) => ctx
                .paragraphs(r, None, Paragraph::new)
                .into_iter()
                .fold(docx, Docx::add_paragraph),
            ReportBlock::Notice(r) => {
                let cell = ctx
                    .paragraphs(r, None, Paragraph::new)
                    .into_iter()
                    .fold(TableCell::new(), TableCell::add_paragraph)
                    .shading(fill(NOTICE_FILL))
                    .width(TEXT_WIDTH, WidthType::Dxa);
                let table = Table::new(vec![TableRow::new(vec![cell])])
                    .set_grid(vec![TEXT_WIDTH])
                    .width(TEXT_WIDTH, WidthType::Dxa)
                    .layout(TableLayoutType::Fixed);
                docx.add_table(table).add_paragraph(Paragraph::new())
            }
            ReportBlock::Bullets(items) => items.iter().fold(docx, |d, item| {
                ctx.paragraphs(item, None, || {
                    Paragraph::new().numbering(NumberingId::new(BULLETS), IndentLevel::new(0))
                })
                .into_iter()
                .fold(d, Docx::add_paragraph)
            }),
            ReportBlock::Facts(facts) => docx
                .add_table(ctx.facts_table(facts))
                .add_paragraph(Paragraph::new()),
            ReportBlock::Table { columns, rows } => {
                let total: usize = columns
                    .iter()
                    .map(|(_, w)| usize::from(*w))
                    .sum::<usize>()
                    .max(1);
                let widths: Vec<usize> = columns
                    .iter()
                    .map(|(_, w)| TEXT_WIDTH * usize::from(*w) / total)
                    .collect();
                // Wide tables get smaller text so that words are not broken across lines.
                let size = if columns.len() >= 6 { 16 } else { 18 };
                let header = TableRow::new(
                    columns
                        .iter()
                        .zip(&widths)
                        .map(|((title, _), w)| {
                            TableCell::new()
                                .add_paragraph(Paragraph::new().size(size).add_run(
                                    Run::new().add_text(title).bold().color("FFFFFF").size(size),
                                ))
                                .shading(fill(HEADER_FILL))
                                .width(*w, WidthType::Dxa)
                        })
                        .collect(),
                )
                .cant_split();
                let mut table_rows = vec![header];
                for row in rows {
                    let cells = row
                        .cells
                        .iter()
                        .zip(&widths)
                        .map(|(c, w)| {
                            let cell = ctx
                                .paragraphs(c, Some(size), || Paragraph::new().size(size))
                                .into_iter()
                                .fold(TableCell::new(), TableCell::add_paragraph)
                                .width(*w, WidthType::Dxa);
                            if row.emphasis {
                                cell.shading(fill(EMPHASIS_FILL))
                            } else {
                                cell
                            }
                        })
                        .collect();
                    table_rows.push(TableRow::new(cells));
                }
                let table = Table::new(table_rows)
                    .set_grid(widths)
                    .width(TEXT_WIDTH, WidthType::Dxa)
                    .layout(TableLayoutType::Fixed);
                docx.add_table(table).add_paragraph(Paragraph::new())
            }
        };
    }

    let mut xml = docx.build();
    xml.document = repeat_header_rows(&xml.document);
    xml.doc_props.core = core_xml(report).into_bytes();
    xml.doc_props.custom = custom_xml(&report.properties.custom).into_bytes();
    let mut stored = Cursor::new(Vec::new());
    xml.pack(&mut stored)
        .map_err(|e| DocxError(e.to_string()))?;
    recompress(&stored.into_inner())
}

fn fill(colour: &str) -> Shading {
    Shading::new()
        .shd_type(ShdType::Clear)
        .color("auto")
        .fill(colour)
}

struct Ctx {
    revision_date: String,
}

impl Ctx {
    /// Turns inline text into paragraphs: a blank line starts a new paragraph, a single line
    /// break stays a line break.
    fn paragraphs(
        &self,
        r: &Rich,
        size: Option<usize>,
        new: impl Fn() -> Paragraph,
    ) -> Vec<Paragraph> {
        let run = || match size {
            Some(s) => Run::new().size(s),
            None => Run::new(),
        };
        let mut out = Vec::new();
        let mut current = new();
        for piece in r {
            let text = piece.text();
            for (i, para) in text.split("\n\n").enumerate() {
                if i > 0 {
                    out.push(std::mem::replace(&mut current, new()));
                }
                for (j, line) in para.split('\n').enumerate() {
                    if j > 0 {
                        current = current.add_run(run().add_break(BreakType::TextWrapping));
                    }
                    if line.is_empty() {
                        continue;
                    }
                    current = match piece {
                        Inline::Text(_) => current.add_run(run().add_text(line)),
                        Inline::Strong(_) => current.add_run(run().add_text(line).bold()),
                        Inline::Inserted(_) => current.add_insert(
                            Insert::new(run().add_text(line))
                                .author(REVISION_AUTHOR)
                                .date(&self.revision_date),
                        ),
                        Inline::Deleted(_) => current.add_delete(
                            Delete::new()
                                .add_run(run().add_delete_text(line))
                                .author(REVISION_AUTHOR)
                                .date(&self.revision_date),
                        ),
                    };
                }
            }
        }
        out.push(current);
        out
    }

    fn facts_table(&self, facts: &[(String, Rich)]) -> Table {
        let label_w = TEXT_WIDTH * 3 / 10;
        let value_w = TEXT_WIDTH - label_w;
        let rows = facts
            .iter()
            .map(|(k, v)| {
                let label = TableCell::new()
                    .add_paragraph(
                        Paragraph::new()
                            .size(18)
                            .add_run(Run::new().add_text(k).bold().size(18)),
                    )
                    .shading(fill(LABEL_FILL))
                    .width(label_w, WidthType::Dxa);
                let value = self
                    .paragraphs(v, Some(18), || Paragraph::new().size(18))
                    .into_iter()
                    .fold(TableCell::new(), TableCell::add_paragraph)
                    .width(value_w, WidthType::Dxa);
                TableRow::new(vec![label, value])
            })
            .collect();
        Table::new(rows)
            .set_grid(vec![label_w, value_w])
            .width(TEXT_WIDTH, WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
    }
}

fn base_document(report: &Report) -> Docx {
    let font = RunFonts::new()
        .ascii("Liberation Sans")
        .hi_ansi("Liberation Sans")
        .cs("Liberation Sans");
    let heading = |id: &str, name: &str, size: usize, level: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .bold()
            .size(size)
            .color(HEADER_FILL)
            .outline_lvl(level)
            .line_spacing(
                LineSpacing::new()
                    .before(if level == 0 { 360 } else { 240 })
                    .after(80),
            )
    };
    let marking = report.marking.clone().unwrap_or_default();
    let mut footer = Paragraph::new().align(AlignmentType::Center).size(16);
    if !marking.is_empty() {
        footer = footer.add_run(Run::new().add_text(format!("{marking}    ")).bold());
    }
    footer = footer
        .add_run(Run::new().add_text("Page "))
        .add_page_num(PageNum::new())
        .add_run(Run::new().add_text(" of "))
        .add_num_pages(NumPages::new());
    let header = Paragraph::new()
        .align(AlignmentType::Center)
        .size(16)
        .add_run(Run::new().add_text(if marking.is_empty() {
            report.title.clone()
        } else {
            format!("{marking}    {}", report.title)
        }));
    Docx::new()
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(MARGIN)
                .bottom(MARGIN)
                .left(MARGIN)
                .right(MARGIN)
                .header(567)
                .footer(567),
        )
        .default_fonts(font)
        .default_size(20)
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .based_on("Normal")
                .next("Normal")
                .bold()
                .size(40)
                .color(HEADER_FILL),
        )
        .add_style(
            Style::new("Subtitle", StyleType::Paragraph)
                .name("Subtitle")
                .based_on("Normal")
                .next("Normal")
                .size(28),
        )
        .add_style(heading("Heading1", "heading 1", 32, 0))
        .add_style(heading("Heading2", "heading 2", 26, 1))
        .add_style(heading("Heading3", "heading 3", 22, 2))
        .add_abstract_numbering(
            AbstractNumbering::new(BULLETS).add_level(
                Level::new(
                    0,
                    Start::new(1),
                    NumberFormat::new("bullet"),
                    LevelText::new("•"),
                    LevelJc::new("left"),
                )
                .indent(
                    Some(567),
                    Some(SpecialIndentType::Hanging(283)),
                    None,
                    None,
                ),
            ),
        )
        .add_numbering(Numbering::new(BULLETS, BULLETS))
        .header(Header::new().add_paragraph(header))
        .footer(Footer::new().add_paragraph(footer))
}

/// Marks the first row of every table as a header row that repeats on each page. docx-rs has no
/// API for `w:tblHeader`; header rows are built with `cantSplit`, which this extends.
fn repeat_header_rows(document: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(document);
    let mut out = String::with_capacity(text.len() + 1024);
    let mut rest: &str = &text;
    while let Some(tbl) = rest.find("<w:tbl>") {
        let (before, after) = rest.split_at(tbl);
        out.push_str(before);
        // The first row's properties come before its first cell.
        let row_end = after.find("<w:tc>").unwrap_or(after.len());
        let first_row = &after[..row_end];
        out.push_str(&first_row.replacen("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />", 1));
        rest = &after[row_end..];
    }
    out.push_str(rest);
    out.into_bytes()
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

fn core_xml(report: &Report) -> String {
    let p = &report.properties;
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
    );
    xml.push_str(&format!("<dc:title>{}</dc:title>", xml_escape(&p.title)));
    xml.push_str(&format!(
        "<dc:subject>{}</dc:subject>",
        xml_escape(&p.subject)
    ));
    xml.push_str(&format!(
        "<dc:creator>{}</dc:creator>",
        xml_escape(&p.author)
    ));
    xml.push_str(&format!(
        "<cp:keywords>{}</cp:keywords>",
        xml_escape(&p.keywords.join(", "))
    ));
    xml.push_str(&format!(
        "<dc:description>{}</dc:description>",
        xml_escape(&p.description)
    ));
    xml.push_str(&format!(
        "<cp:lastModifiedBy>{}</cp:lastModifiedBy>",
        xml_escape(&p.author)
    ));
    if let Some(d) = &p.date {
        let d = xml_escape(d);
        xml.push_str(&format!(
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{d}T00:00:00Z</dcterms:created>"#
        ));
        xml.push_str(&format!(
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{d}T00:00:00Z</dcterms:modified>"#
        ));
    }
    xml.push_str("</cp:coreProperties>");
    xml
}

fn custom_xml(props: &[(String, String)]) -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">"#,
    );
    for (i, (name, value)) in props.iter().enumerate() {
        xml.push_str(&format!(
            r#"<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{}" name="{}"><vt:lpwstr>{}</vt:lpwstr></property>"#,
            i + 2,
            xml_escape(name),
            xml_escape(value)
        ));
    }
    xml.push_str("</Properties>");
    xml
}

/// Re-zips a package with Deflate and a fixed entry time (1980-01-01), dropping directory
/// entries: the same parts in the same order give the same bytes.
pub fn recompress(stored: &[u8]) -> Result<Vec<u8>, DocxError> {
    let e = |e: zip::result::ZipError| DocxError(e.to_string());
    let mut archive = zip::ZipArchive::new(Cursor::new(stored)).map_err(e)?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(e)?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().to_string();
        let mut bytes = Vec::new();
        entry
            .read_to_end(&mut bytes)
            .map_err(|x| DocxError(x.to_string()))?;
        out.start_file(name, options).map_err(e)?;
        out.write_all(&bytes)
            .map_err(|x| DocxError(x.to_string()))?;
    }
    Ok(out.finish().map_err(e)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_first_row_of_each_table_repeats() {
        let doc = "<w:tbl><w:tr><w:trPr><w:cantSplit /></w:trPr><w:tc>a</w:tc></w:tr><w:tr><w:trPr><w:cantSplit /></w:trPr><w:tc>b</w:tc></w:tr></w:tbl>";
        let out = String::from_utf8(repeat_header_rows(doc.as_bytes())).unwrap();
        assert_eq!(out.matches("<w:tblHeader />").count(), 1);
        assert!(out.starts_with("<w:tbl><w:tr><w:trPr><w:cantSplit /><w:tblHeader />"));
    }
}
