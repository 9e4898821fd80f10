//! printpdf's conversion of the pages into a lopdf document, in parts on rayon's pool.
//!
//! `PdfDocument::to_lopdf_document` converts page after page on one thread (its operations into
//! lopdf's, then into content bytes), and was a third of the writer's time on the largest
//! pack. The pages are independent once laid out, so each part of the document is converted
//! by printpdf as a document of its own, and the parts are joined into one.
//!
//! Joining needs no renumbering: every part is a document with *all* the pages, where the pages
//! of other parts are blank. printpdf numbers objects in a fixed order — fonts, the shared
//! resource dictionaries, one id per page, then each page's resources and content stream — so
//! the same page has the same object ids in every part, and a link's `/Dest` names the same
//! page object. Only the fonts could differ, because printpdf writes each font's `/W` and
//! ToUnicode from the glyphs the part's pages use; so every part also draws, on one of its
//! blank pages, each glyph the whole document uses (the carrier). The joined document takes
//! the first part's document and moves in each other part's content streams and `/Annots`:
//! it is, object for object, what one conversion of all the pages gives, whatever the split
//! and however many threads ran it.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Document, Object, ObjectId};
use printpdf::{
    Op, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, PdfWarnMsg, Pt, TextItem,
};

use super::fonts::{Face, FontSet, UsedChars};

/// Pages per part, at most: small enough that both cores get a share of the pack, large
/// enough that each part's fixed cost (the blank pages, the fonts) stays small.
const PART_PAGES: usize = 40;

/// The glyphs each face draws, one character per glyph: the text the carrier page shows.
///
/// `None` when two characters the document draws share a glyph (the shipped faces have no
/// such pair): printpdf's ToUnicode entry for a glyph is then the character drawn with it
/// last, which only a conversion of all the pages in order knows.
pub fn carrier_text(
    fonts: &FontSet,
    used: &BTreeMap<Face, UsedChars>,
) -> Option<Vec<(Face, String)>> {
    let mut glyphs: BTreeSet<(Face, u16)> = BTreeSet::new();
    let mut text: Vec<(Face, String)> = Vec::new();
    for (face, chars) in used {
        let metrics = fonts.face(*face);
        let mut shown = String::new();
        for c in chars.iter() {
            if !glyphs.insert((*face, metrics.glyph_id(c))) {
                return None;
            }
            shown.push(c);
        }
        text.push((*face, shown));
    }
    Some(text)
}

/// The operations of the carrier page: each face's glyphs, once.
fn carrier_ops(carrier: &[(Face, String)]) -> Vec<Op> {
    carrier
        .iter()
        .flat_map(|(face, text)| {
            [
                Op::StartTextSection,
                Op::SetFont {
                    font: PdfFontHandle::External(face.font_id()),
                    size: Pt(10.0),
                },
                Op::ShowText {
                    items: vec![TextItem::Text(text.clone())],
                },
                Op::EndTextSection,
            ]
        })
        .collect()
}

fn blank(page: &PdfPage) -> PdfPage {
    PdfPage {
        media_box: page.media_box.clone(),
        trim_box: page.trim_box.clone(),
        crop_box: page.crop_box.clone(),
        ops: Vec::new(),
    }
}

/// Converts `pages` (with `fonts` as the document's fonts) into one lopdf document, in parts
/// on rayon's pool; see the module comment. `carrier` is [`carrier_text`] for these pages
/// (`None`: in one part).
pub fn to_lopdf(
    title: &str,
    fonts: Vec<(Face, PdfFont)>,
    pages: Vec<PdfPage>,
    carrier: Option<&[(Face, String)]>,
    options: &PdfSaveOptions,
    warnings: &mut Vec<PdfWarnMsg>,
) -> Result<Document, String> {
    to_lopdf_by(PART_PAGES, title, fonts, pages, carrier, options, warnings)
}

/// [`to_lopdf`] with parts of at most `part_pages` pages.
fn to_lopdf_by(
    part_pages: usize,
    title: &str,
    fonts: Vec<(Face, PdfFont)>,
    pages: Vec<PdfPage>,
    carrier: Option<&[(Face, String)]>,
    options: &PdfSaveOptions,
    warnings: &mut Vec<PdfWarnMsg>,
) -> Result<Document, String> {
    use rayon::prelude::*;
    let n = pages.len();
    let parts = match carrier {
        Some(_) => n.div_ceil(part_pages.max(1)).max(1),
        None => 1,
    };
    let document = |pages: Vec<PdfPage>| {
        let mut doc = PdfDocument::new(title);
        for (face, font) in &fonts {
            doc.resources.fonts.map.insert(face.font_id(), font.clone());
        }
        doc.with_pages(pages);
        doc
    };
    if parts == 1 {
        return Ok(document(pages).to_lopdf_document(options, warnings));
    }

    // Part k holds pages ranges[k]; every other page of its document is blank, and one of
    // them (the first) carries the glyphs.
    let size = n.div_ceil(parts);
    let ranges: Vec<std::ops::Range<usize>> = (0..parts)
        .map(|k| k * size..((k + 1) * size).min(n))
        .collect();
    let blanks: Vec<PdfPage> = pages.iter().map(blank).collect();
    let carried = carrier_ops(carrier.unwrap_or_default());
    let mut own: Vec<Vec<PdfPage>> = ranges.iter().map(|_| Vec::new()).collect();
    for (i, page) in pages.into_iter().enumerate() {
        own[i / size].push(page);
    }
    let part_pages: Vec<Vec<PdfPage>> = own
        .into_iter()
        .zip(&ranges)
        .map(|(mine, range)| {
            let carrier_page = if range.start > 0 { 0 } else { range.end };
            let mut mine = mine.into_iter();
            (0..n)
                .map(|i| {
                    if range.contains(&i) {
                        mine.next().unwrap_or_else(|| blank(&blanks[i]))
                    } else if i == carrier_page {
                        PdfPage {
                            ops: carried.clone(),
                            ..blank(&blanks[i])
                        }
                    } else {
                        blank(&blanks[i])
                    }
                })
                .collect()
        })
        .collect();
    drop(blanks);

    let converted: Vec<(Document, Vec<PdfWarnMsg>)> = part_pages
        .into_par_iter()
        .map(|pages| {
            let mut w = Vec::new();
            let doc = document(pages).to_lopdf_document(options, &mut w);
            (doc, w)
        })
        .collect();
    let mut converted = converted.into_iter();
    let (mut joined, w) = converted.next().ok_or("no parts")?;
    warnings.extend(w);
    let page_ids: Vec<ObjectId> = joined.get_pages().into_values().collect();
    for ((mut part, w), range) in converted.zip(ranges.into_iter().skip(1)) {
        warnings.extend(w);
        if part.max_id != joined.max_id {
            return Err("printpdf numbered the parts of the document differently".to_string());
        }
        for i in range {
            let page = page_ids[i];
            let (contents, annots) = {
                let dict = part.get_dictionary_mut(page).map_err(|e| e.to_string())?;
                let contents = dict.get(b"Contents").and_then(Object::as_reference);
                let annots = dict.remove(b"Annots");
                (contents.map_err(|e| e.to_string())?, annots)
            };
            let dict = joined.get_dictionary_mut(page).map_err(|e| e.to_string())?;
            if dict.get(b"Contents").and_then(Object::as_reference).ok() != Some(contents) {
                return Err("printpdf numbered the parts' pages differently".to_string());
            }
            if let Some(annots) = annots {
                dict.set("Annots", annots);
            }
            let stream = part
                .objects
                .remove(&contents)
                .ok_or("a part has no content stream for its page")?;
            joined.objects.insert(contents, stream);
        }
    }
    Ok(joined)
}

#[cfg(test)]
mod tests {
    use super::*;
    use printpdf::{Actions, Destination, LinkAnnotation, Mm, Rect, TextMatrix};

    /// Pages of text in two faces, each linking to the page after the next.
    fn pages(texts: &[String]) -> Vec<PdfPage> {
        let n = texts.len();
        texts
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let face = if i % 3 == 0 {
                    Face::Bold
                } else {
                    Face::Regular
                };
                let ops = vec![
                    Op::StartTextSection,
                    Op::SetFont {
                        font: PdfFontHandle::External(face.font_id()),
                        size: Pt(11.0),
                    },
                    Op::SetTextMatrix {
                        matrix: TextMatrix::Translate(Pt(72.0), Pt(700.0)),
                    },
                    Op::ShowText {
                        items: vec![
                            TextItem::Text(text.clone()),
                            TextItem::Offset(40.0),
                            TextItem::Text("!".to_string()),
                        ],
                    },
                    Op::EndTextSection,
                    Op::LinkAnnotation {
                        link: LinkAnnotation::new(
                            Rect::from_wh(Pt(100.0), Pt(20.0)),
                            Actions::go_to(Destination::Xyz {
                                page: (i + 2) % n + 1,
                                left: None,
                                top: Some(500.0),
                                zoom: None,
                            }),
                            None,
                            None,
                            None,
                        ),
                    },
                ];
                PdfPage::new(Mm(210.0), Mm(297.0), ops)
            })
            .collect()
    }

    fn convert(part_pages: usize, texts: &[String]) -> String {
        let fonts = FontSet::shipped();
        let pages = pages(texts);
        let mut used: BTreeMap<Face, UsedChars> = BTreeMap::new();
        for (i, t) in texts.iter().enumerate() {
            let face = if i % 3 == 0 {
                Face::Bold
            } else {
                Face::Regular
            };
            let chars = used.entry(face).or_default();
            chars.extend(t);
            chars.extend("!");
        }
        let embedded = used
            .iter()
            .map(|(f, u)| (*f, super::super::fonts::embed_subset(*f, u).unwrap()))
            .collect();
        let carrier = carrier_text(fonts, &used);
        let options = PdfSaveOptions {
            optimize: false,
            subset_fonts: false,
            secure: true,
            image_optimization: None,
        };
        let mut warnings = Vec::new();
        let doc = to_lopdf_by(
            part_pages,
            "t",
            embedded,
            pages,
            carrier.as_deref(),
            &options,
            &mut warnings,
        )
        .unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        // The trailer's /ID is printpdf's random one; the objects are what must agree.
        format!("{:?}", doc.objects)
    }

    #[test]
    fn parts_join_into_what_one_conversion_gives() {
        let texts: Vec<String> = (0..11)
            .map(|i| format!("Page {i}: The quick brown fox, {}", "x".repeat(i)))
            .collect();
        let whole = convert(usize::MAX, &texts);
        for part_pages in [1, 2, 3, 4, 5, 10] {
            assert_eq!(convert(part_pages, &texts), whole, "parts of {part_pages}");
        }
    }
}
