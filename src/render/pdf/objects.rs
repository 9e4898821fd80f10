//! The PDF object graph: catalog, page tree, the embedded fonts and the compressed streams,
//! built with lopdf. Outline, links and metadata are added to the result by their own modules.

use flate2::write::ZlibEncoder;
use flate2::Compression;
use lopdf::xref::XrefType;
use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream};
use std::io::Write;

use super::fonts::{EmbeddedFace, Face};
use super::style::Geometry;

/// zlib level 6, the library default: within 2–3 % of level 9's size on our pages at a third of
/// the time.
const LEVEL: u32 = 2;

/// Compresses `streams` in order with one encoder, reset between streams (setting up an
/// encoder costs about as much as compressing a small page).
fn deflate_each(streams: &[Vec<u8>]) -> Vec<Vec<u8>> {
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::new(LEVEL));
    streams
        .iter()
        .map(|s| {
            // Writing into a Vec cannot fail.
            encoder.write_all(s).expect("deflate into memory");
            encoder
                .reset(Vec::with_capacity(s.len() / 3))
                .expect("deflate into memory")
        })
        .collect()
}

/// Compresses every stream, runs of streams in parallel on rayon's pool; the output does not
/// depend on how the work was split.
fn deflate_all(streams: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    use rayon::prelude::*;
    streams.par_chunks(8).flat_map_iter(deflate_each).collect()
}

fn flate_stream(mut dict: Dictionary, compressed: Vec<u8>) -> Stream {
    dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    let mut stream = Stream::new(dict, compressed);
    stream.allows_compression = false;
    stream
}

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

fn integers(values: impl IntoIterator<Item = i32>) -> Object {
    Object::Array(
        values
            .into_iter()
            .map(|v| Object::Integer(i64::from(v)))
            .collect(),
    )
}

/// `/W`: runs of consecutive codes share one array (`c [w1 w2 …]`).
fn width_array(widths: &[(u16, i32)]) -> Object {
    let mut out = Vec::new();
    let mut run: Vec<i32> = Vec::new();
    let mut start = 0u16;
    for (i, &(code, width)) in widths.iter().enumerate() {
        if i > 0 && code != widths[i - 1].0 + 1 {
            out.push(Object::Integer(i64::from(start)));
            out.push(integers(std::mem::take(&mut run)));
        }
        if run.is_empty() {
            start = code;
        }
        run.push(width);
    }
    if !run.is_empty() {
        out.push(Object::Integer(i64::from(start)));
        out.push(integers(run));
    }
    Object::Array(out)
}

/// The `/ToUnicode` CMap, so that copying and searching give the original characters.
fn to_unicode_cmap(pairs: &[(u16, char)]) -> Vec<u8> {
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    // A bfchar block may hold at most 100 entries.
    for block in pairs.chunks(100) {
        s.push_str(&format!("{} beginbfchar\n", block.len()));
        for (code, c) in block {
            s.push_str(&format!("<{code:04X}> <"));
            for unit in c.encode_utf16(&mut [0; 2]) {
                s.push_str(&format!("{unit:04X}"));
            }
            s.push_str(">\n");
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s.into_bytes()
}

/// Adds one face's Type 0 font with its descendant CIDFont, descriptor, program, code-to-glyph
/// map and ToUnicode CMap; returns the Type 0 font's id.
fn add_font(doc: &mut Document, face: Face, f: &EmbeddedFace) -> ObjectId {
    let [program, cid_to_gid, cmap]: [Vec<u8>; 3] = deflate_all(vec![
        f.program.clone(),
        f.cid_to_gid.clone(),
        to_unicode_cmap(&f.to_unicode),
    ])
    .try_into()
    .expect("three streams in, three out");
    let program = doc.add_object(flate_stream(
        dictionary! { "Length1" => f.program.len() as i64 },
        program,
    ));
    let cid_to_gid = doc.add_object(flate_stream(Dictionary::new(), cid_to_gid));
    let to_unicode = doc.add_object(flate_stream(Dictionary::new(), cmap));

    let italic = matches!(face, Face::Italic | Face::BoldItalic);
    let bold = matches!(face, Face::Bold | Face::BoldItalic);
    // Flags: nonsymbolic (32), plus italic (64).
    let flags = 32 + if italic { 64 } else { 0 };
    let descriptor = doc.add_object(dictionary! {
        "Type" => "FontDescriptor",
        "FontName" => name(&f.base_font),
        "Flags" => flags,
        "FontBBox" => integers(f.bbox),
        "ItalicAngle" => Object::Real(f.italic_angle),
        "Ascent" => f.ascent,
        "Descent" => f.descent,
        "CapHeight" => f.cap_height,
        // Dominant stem width: not in TrueType tables; the usual estimate by weight.
        "StemV" => if bold { 165 } else { 87 },
        "FontFile2" => program,
    });
    let cid_font = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType2",
        "BaseFont" => name(&f.base_font),
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Identity"),
            "Supplement" => 0,
        },
        "FontDescriptor" => descriptor,
        "DW" => 0,
        "W" => width_array(&f.widths),
        "CIDToGIDMap" => cid_to_gid,
    });
    doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => name(&f.base_font),
        "Encoding" => "Identity-H",
        "DescendantFonts" => vec![Object::Reference(cid_font)],
        "ToUnicode" => to_unicode,
    })
}

/// A PDF 1.7 document holding `contents` as pages of `geometry`, with the `fonts` they use
/// available under each face's resource name.
pub fn document(
    contents: Vec<Vec<u8>>,
    fonts: &[(Face, EmbeddedFace)],
    geometry: Geometry,
) -> Document {
    let mut doc = Document::with_version("1.7");
    // A classic cross-reference table: the trailer `/ID` is patched in place after saving.
    doc.reference_table.cross_reference_type = XrefType::CrossReferenceTable;
    let pages_id = doc.new_object_id();

    let mut font_resources = Dictionary::new();
    for (face, embedded) in fonts {
        let id = add_font(&mut doc, *face, embedded);
        font_resources.set(face.resource_name(), Object::Reference(id));
    }
    let resources = doc.add_object(dictionary! { "Font" => font_resources });

    let media_box = Object::Array(vec![
        Object::Integer(0),
        Object::Integer(0),
        Object::Real(geometry.width),
        Object::Real(geometry.height),
    ]);
    let kids: Vec<Object> = deflate_all(contents)
        .into_iter()
        .map(|compressed| {
            let content = doc.add_object(flate_stream(Dictionary::new(), compressed));
            let page = doc.add_object(dictionary! {
                "Type" => "Page",
                "Parent" => pages_id,
                "MediaBox" => media_box.clone(),
                "Resources" => resources,
                "Contents" => content,
            });
            Object::Reference(page)
        })
        .collect();
    let count = kids.len() as i64;
    doc.set_object(
        pages_id,
        dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count },
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_group_consecutive_codes() {
        let w = width_array(&[(3, 500), (4, 600), (9, 250)]);
        assert_eq!(
            w,
            Object::Array(vec![
                Object::Integer(3),
                integers([500, 600]),
                Object::Integer(9),
                integers([250]),
            ])
        );
    }

    #[test]
    fn the_cmap_maps_codes_to_utf16() {
        let cmap =
            String::from_utf8(to_unicode_cmap(&[(0x24, 'A'), (0x3c1, '\u{1F600}')])).unwrap();
        assert!(
            cmap.contains("2 beginbfchar\n<0024> <0041>\n<03C1> <D83DDE00>\n"),
            "{cmap}"
        );
    }

    #[test]
    fn split_compression_matches_one_thread() {
        let streams: Vec<Vec<u8>> = (0..20)
            .map(|i| format!("BT {i} ET\n").repeat(50).into_bytes())
            .collect();
        let one: Vec<Vec<u8>> = streams
            .iter()
            .map(|s| deflate_each(std::slice::from_ref(s)).remove(0))
            .collect();
        assert_eq!(deflate_all(streams), one);
    }
}
