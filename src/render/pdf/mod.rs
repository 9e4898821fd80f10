//! The pack as a PDF: the document that gets published and signed off.
//!
//! Built as a printpdf document — pages of printpdf operations, fonts through printpdf — with a
//! small layout engine of our own, split by concern like typst's PDF exporter:
//! - [`fonts`]: the shipped Liberation Sans faces, measuring, subsetting;
//! - [`text`]: styled runs, glyph coverage checks, line breaking;
//! - [`layout`]: frames and blocks, pagination with keep rules;
//! - [`table`]: tables with repeated headers and split rows;
//! - [`document`] and [`clause`]: the pack model turned into blocks;
//! - [`page`]: printpdf operations, the running header and footer, link annotations.
//!
//! printpdf (built with `default-features = false`) then writes the page objects, content
//! streams, fonts and link annotations, in parts of the document on rayon's pool joined into
//! one ([`convert`]). What it cannot express is added by named lopdf post-steps over the
//! document printpdf produces, each in its own module:
//! - [`outline`]: nested bookmarks (printpdf's are one flat list, sorted by page);
//! - [`link`]: named destinations (`file.pdf#sec-4-2`; printpdf has none);
//! - [`metadata`]: an info dictionary without printpdf's defaults (epoch dates, an empty
//!   `GTS_PDFXVersion`), `/Lang`, `DisplayDocTitle`, and a trailer `/ID` derived from the file
//!   (printpdf's is random, so two runs would differ);
//! - [`postpass::compress_streams`]: every stream deflated at level 2 on rayon's pool
//!   (printpdf's optimisation is lopdf's level 9 on one thread, a fifth of the writer's time).

pub mod clause;
pub mod convert;
pub mod document;
pub mod fonts;
pub mod layout;
pub mod link;
pub mod metadata;
pub mod outline;
pub mod page;
pub mod postpass;
pub mod style;
pub mod table;
pub mod tagging;
pub mod text;

use std::collections::BTreeMap;

use printpdf::{PdfParseErrorSeverity, PdfSaveOptions, PdfWarnMsg};

use super::RenderError;
use crate::pack::TenderPack;
use document::DocumentBuilder;
use fonts::{FontSet, FAMILY};
use layout::pagination::Paginator;
use link::Destinations;
use page::{emit_pages, Furniture};
use style::Geometry;
use text::{MissingGlyph, Typesetter};

/// Objects per object stream: lopdf sets up a new zlib encoder (and its window) per stream, so
/// its default of 100 spends more on encoder setup than on compressing ~12 000 small
/// structure elements.
const OBJECTS_PER_STREAM: usize = 2000;

/// lopdf's level for object streams: 1–3 is zlib's fast mode, within a few per cent of the
/// default's size on structure elements at half the time.
const OBJECT_STREAM_LEVEL: u32 = 6;

fn error(message: impl Into<String>) -> RenderError {
    RenderError {
        format: "pdf",
        message: message.into(),
    }
}

/// The message for characters the font cannot draw, naming each and where it came from.
fn missing_glyphs_message(missing: &[MissingGlyph]) -> String {
    const SHOWN: usize = 12;
    let mut lines: Vec<String> = missing
        .iter()
        .take(SHOWN)
        .map(|m| {
            let shown = if m.ch.is_control() {
                String::new()
            } else {
                format!("'{}' ", m.ch)
            };
            format!("  {shown}(U+{:04X}) in {}", m.ch as u32, m.origin)
        })
        .collect();
    if missing.len() > SHOWN {
        lines.push(format!("  … and {} more", missing.len() - SHOWN));
    }
    format!(
        "the PDF font ({FAMILY}) cannot draw {} character{}:\n{}\nreplace them with characters the font has (Latin, Greek and Cyrillic letters and common punctuation)",
        missing.len(),
        if missing.len() == 1 { "" } else { "s" },
        lines.join("\n")
    )
}

/// The page (from 1) each anchored heading and clause is on in the printed layout, by anchor:
/// the DOCX's contents store these as their page numbers, so a reader whose word processor
/// does not lay the document out again (Word, until the fields are refreshed) sees the PDF's.
/// Only the layout runs; characters the font lacks are left to `write_pdf` to refuse.
pub fn heading_pages(pack: &TenderPack) -> BTreeMap<String, usize> {
    let mut ts = Typesetter::new(FontSet::shipped());
    let (blocks, _) = DocumentBuilder::new(&mut ts, pack, Geometry::A4).build();
    let mut paginator = Paginator::new(Geometry::A4);
    paginator.run(&blocks);
    let (_, anchors) = paginator.finish();
    anchors
        .into_iter()
        .map(|(anchor, at)| (anchor, at.page + 1))
        .collect()
}

/// Renders the pack as PDF bytes.
pub fn write_pdf(pack: &TenderPack) -> Result<Vec<u8>, RenderError> {
    let fonts = FontSet::shipped();
    let geometry = Geometry::A4;
    let mut ts = Typesetter::new(fonts);

    let (blocks, mut trees) = DocumentBuilder::new(&mut ts, pack, geometry).build();
    let m = &pack.meta;
    let mut furniture = Furniture {
        title: ts.line(
            &m.title,
            style::FURNITURE.style,
            "tender title (running header)",
        ),
        reference: ts.line(
            &m.reference,
            style::FURNITURE.style,
            "tender reference (running header)",
        ),
        buyer: ts.line(
            &m.buyer,
            style::FURNITURE.style,
            "tender buyer (running footer)",
        ),
        marking: m
            .marking
            .as_deref()
            .map(|mk| ts.line(mk, style::MARKING.style, "protective marking")),
        page_labels: Vec::new(),
    };
    if !ts.missing().is_empty() {
        return Err(error(missing_glyphs_message(ts.missing())));
    }

    let mut paginator = Paginator::new(geometry);
    paginator.run(&blocks);
    // Each stage's input is dropped as soon as the next stage has it: the blocks, the laid-out
    // pages and printpdf's operations are each tens of megabytes, and memory first touched
    // costs page faults.
    drop(blocks);
    let (pages, anchors) = paginator.finish();
    let total = pages.len();
    furniture.page_labels = (1..=total)
        .map(|n| {
            ts.line(
                &format!("Page {n} of {total}"),
                style::FURNITURE.style,
                "page number",
            )
        })
        .collect();

    let page::EmittedPages {
        pages: pdf_pages,
        used,
        mut marks,
    } = emit_pages(fonts, geometry, &pages, &anchors, &furniture, &trees);
    tagging::resolve_uri_links(&mut trees, &mut marks);
    drop(pages);
    let mut embedded = Vec::with_capacity(used.len());
    for (face, used) in &used {
        embedded.push((*face, fonts::embed_subset(*face, used).map_err(error)?));
    }
    let carrier = convert::carrier_text(fonts, &used);
    let mut warnings: Vec<PdfWarnMsg> = Vec::new();
    let options = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let title = metadata::document_title(pack);
    let mut lo = convert::to_lopdf(
        &title,
        embedded,
        pdf_pages,
        carrier.as_deref(),
        &options,
        &mut warnings,
    )
    .map_err(error)?;
    if let Some(w) = warnings
        .iter()
        .find(|w| w.severity == PdfParseErrorSeverity::Error)
    {
        return Err(error(format!("printpdf: {}", w.msg)));
    }

    lo.version = "1.7".to_string();
    let lopdf_error = |e: lopdf::Error| error(format!("cannot assemble the PDF: {e}"));
    let dests = Destinations::new(&lo, &anchors, geometry.height);
    metadata::write_metadata(&mut lo, pack).map_err(lopdf_error)?;
    outline::write_outline(&mut lo, &outline::outline_items(pack), &dests).map_err(lopdf_error)?;
    dests.write_named(&mut lo).map_err(lopdf_error)?;
    tagging::write_structure(&mut lo, &trees, &marks).map_err(lopdf_error)?;
    metadata::placeholder_id(&mut lo);
    postpass::compress_streams(&mut lo);
    let mut bytes = Vec::new();
    let save = lopdf::SaveOptions::builder()
        .use_object_streams(true)
        .use_xref_streams(true)
        .max_objects_per_stream(OBJECTS_PER_STREAM)
        .compression_level(OBJECT_STREAM_LEVEL)
        .build();
    lo.save_with_options(&mut bytes, save)
        .map_err(|e| error(format!("cannot write the PDF: {e}")))?;
    metadata::finish_id(&mut bytes).map_err(error)?;
    Ok(bytes)
}
