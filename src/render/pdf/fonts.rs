//! The typeface the PDF is set in: Liberation Sans, shipped unmodified in `fonts/` under the SIL
//! Open Font License (see `fonts/OFL.txt`) and compiled into the binary. Text is measured with
//! ttf-parser from the same bytes that are embedded, so line breaks match what a reader draws.
//!
//! Each face reaches printpdf as a subset of the glyphs the document uses: printpdf built
//! without its `text_layout` feature (which would add a layout engine's worth of crates) embeds
//! whatever font program it is given, so the program is cut down here with `allsorts` (already a
//! printpdf dependency) and handed over as a printpdf font with its character map and advances;
//! printpdf then writes the font dictionaries, widths and ToUnicode map. Subsetting into the PDF
//! is document embedding, which the OFL allows for the unmodified font.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use sha2::{Digest, Sha256};
use ttf_parser::GlyphId;

/// The family name, as shown in messages.
pub use crate::render::design::FAMILY;

/// One of the four shipped faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Face {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl Face {
    /// Every face, in a fixed order (used for resource names).
    pub const ALL: [Face; 4] = [Face::Regular, Face::Bold, Face::Italic, Face::BoldItalic];

    /// The face for a combination of bold and italic.
    pub fn styled(bold: bool, italic: bool) -> Face {
        match (bold, italic) {
            (false, false) => Face::Regular,
            (true, false) => Face::Bold,
            (false, true) => Face::Italic,
            (true, true) => Face::BoldItalic,
        }
    }

    /// The bold variant of this face.
    pub fn bold(self) -> Face {
        match self {
            Face::Regular | Face::Bold => Face::Bold,
            Face::Italic | Face::BoldItalic => Face::BoldItalic,
        }
    }

    /// The italic variant of this face.
    pub fn italic(self) -> Face {
        match self {
            Face::Regular | Face::Italic => Face::Italic,
            Face::Bold | Face::BoldItalic => Face::BoldItalic,
        }
    }

    fn bytes(self) -> &'static [u8] {
        match self {
            Face::Regular => include_bytes!("../../../fonts/LiberationSans-Regular.ttf"),
            Face::Bold => include_bytes!("../../../fonts/LiberationSans-Bold.ttf"),
            Face::Italic => include_bytes!("../../../fonts/LiberationSans-Italic.ttf"),
            Face::BoldItalic => include_bytes!("../../../fonts/LiberationSans-BoldItalic.ttf"),
        }
    }

    /// The PostScript name written to the PDF font dictionary.
    pub fn postscript_name(self) -> &'static str {
        match self {
            Face::Regular => "LiberationSans",
            Face::Bold => "LiberationSans-Bold",
            Face::Italic => "LiberationSans-Italic",
            Face::BoldItalic => "LiberationSans-BoldItalic",
        }
    }

    /// The printpdf font id, which is also the resource name in content streams. Fixed per
    /// face (printpdf's own ids are random), so that the output is the same on every run.
    pub fn font_id(self) -> printpdf::FontId {
        printpdf::FontId(
            match self {
                Face::Regular => "F1",
                Face::Bold => "F2",
                Face::Italic => "F3",
                Face::BoldItalic => "F4",
            }
            .to_string(),
        )
    }

    /// A human name for error messages.
    pub fn describe(self) -> &'static str {
        match self {
            Face::Regular => "Liberation Sans Regular",
            Face::Bold => "Liberation Sans Bold",
            Face::Italic => "Liberation Sans Italic",
            Face::BoldItalic => "Liberation Sans Bold Italic",
        }
    }
}

/// Metrics of one face, in the units the PDF uses.
pub struct FaceMetrics {
    face: ttf_parser::Face<'static>,
    units_per_em: f32,
    /// Ascender above the baseline, in em.
    pub ascender: f32,
    /// Descender below the baseline, in em (positive).
    pub descender: f32,
    /// Height of capitals, in em.
    pub cap_height: f32,
    /// Glyph id and advance (thousandths of an em) for U+0000..U+00FF, the common case.
    latin: Vec<Option<(u16, i32)>>,
    /// Pair kerning by glyph pair (`left << 16 | right`), thousandths of an em.
    kern_pairs: HashMap<u32, f32>,
    /// Pair kerning between ASCII characters (`left << 7 | right`), the common case; a table of
    /// 64 KB per face, where one for all of Latin-1 would be 256 KB to fault in per face.
    ascii_kern: Vec<f32>,
}

impl FaceMetrics {
    fn parse(which: Face) -> FaceMetrics {
        // The shipped fonts are compiled in; failing to parse them is a build defect.
        let face = ttf_parser::Face::parse(which.bytes(), 0).expect("shipped font parses");
        let units_per_em = f32::from(face.units_per_em());
        let mut m = FaceMetrics {
            ascender: f32::from(face.ascender()) / units_per_em,
            descender: -f32::from(face.descender()) / units_per_em,
            cap_height: f32::from(face.capital_height().unwrap_or(1409)) / units_per_em,
            units_per_em,
            face,
            latin: Vec::new(),
            kern_pairs: HashMap::new(),
            ascii_kern: vec![0.0; 128 * 128],
        };
        m.latin = (0u32..256)
            .map(|cp| {
                let c = char::from_u32(cp)?;
                let gid = m.face.glyph_index(c)?;
                Some((gid.0, m.milli_advance_of(gid)))
            })
            .collect();
        // Read the kern table once: looking pairs up in it directly is most of the layout time.
        if let Some(kern) = m.face.tables().kern {
            for st in kern.subtables {
                if let (true, false, ttf_parser::kern::Format::Format0(table)) =
                    (st.horizontal, st.has_cross_stream, st.format)
                {
                    for pair in table.pairs {
                        let value = f32::from(pair.value) * 1000.0 / units_per_em;
                        m.kern_pairs.entry(pair.pair).or_insert(value);
                    }
                }
            }
        }
        let mut ascii_of_glyph: HashMap<u16, Vec<usize>> = HashMap::new();
        for (cp, g) in m.latin.iter().take(128).enumerate() {
            if let Some((gid, _)) = g {
                ascii_of_glyph.entry(*gid).or_default().push(cp);
            }
        }
        for (&pair, &value) in &m.kern_pairs {
            let (left, right) = ((pair >> 16) as u16, (pair & 0xffff) as u16);
            if let (Some(ls), Some(rs)) = (ascii_of_glyph.get(&left), ascii_of_glyph.get(&right)) {
                for l in ls {
                    for r in rs {
                        m.ascii_kern[l << 7 | r] = value;
                    }
                }
            }
        }
        m
    }

    /// Advance in thousandths of an em, truncated exactly as the `/W` array gives it, so that
    /// what we measure is what a reader lays out.
    fn milli_advance_of(&self, gid: GlyphId) -> i32 {
        let adv = self.face.glyph_hor_advance(gid).unwrap_or(0);
        (f32::from(adv) * 1000.0 / self.units_per_em) as i32
    }

    fn glyph(&self, c: char) -> Option<(u16, i32)> {
        if (c as u32) < 256 {
            return self.latin[c as usize];
        }
        let gid = self.face.glyph_index(c)?;
        Some((gid.0, self.milli_advance_of(gid)))
    }

    /// The glyph id of `c` in the full face (0, the missing glyph, if it has none).
    pub fn glyph_id(&self, c: char) -> u16 {
        self.glyph(c).map_or(0, |(gid, _)| gid)
    }

    /// Whether the face can draw `c`.
    pub fn has_glyph(&self, c: char) -> bool {
        self.glyph(c).is_some_and(|(gid, _)| gid != 0)
    }

    /// Pair kerning from the `kern` table, in thousandths of an em (negative = closer).
    pub fn kern_milli(&self, left: char, right: char) -> f32 {
        let (l, r) = (left as usize, right as usize);
        if l < 128 && r < 128 {
            return self.ascii_kern[l << 7 | r];
        }
        match (self.glyph(left), self.glyph(right)) {
            (Some((lg, _)), Some((rg, _))) => self
                .kern_pairs
                .get(&(u32::from(lg) << 16 | u32::from(rg)))
                .copied()
                .unwrap_or(0.0),
            _ => 0.0,
        }
    }

    /// Width of `text` in thousandths of an em, with kerning, continuing after `prev` (the
    /// character drawn just before in the same run, if any).
    pub fn milli_width(&self, prev: Option<char>, text: &str) -> f32 {
        let mut total = 0.0f32;
        let mut last = prev;
        for c in text.chars() {
            let adv = match c as usize {
                cp if cp < 256 => self.latin[cp].map_or(0, |g| g.1),
                _ => self.glyph(c).map_or(0, |g| g.1),
            };
            if let Some(l) = last {
                total += self.kern_milli(l, c);
            }
            total += adv as f32;
            last = Some(c);
        }
        total
    }
}

/// The four faces, parsed once per process.
pub struct FontSet {
    faces: [FaceMetrics; 4],
}

impl FontSet {
    /// The shipped Liberation Sans faces.
    pub fn shipped() -> &'static FontSet {
        static SET: OnceLock<FontSet> = OnceLock::new();
        SET.get_or_init(|| FontSet {
            faces: Face::ALL.map(FaceMetrics::parse),
        })
    }

    /// Metrics of one face.
    pub fn face(&self, face: Face) -> &FaceMetrics {
        &self.faces[face as usize]
    }

    /// Width in points of `text` set in `face` at `size`, continuing after `prev`.
    pub fn width_after(&self, face: Face, size: f32, prev: Option<char>, text: &str) -> f32 {
        self.face(face).milli_width(prev, text) * size / 1000.0
    }

    /// Width in points of `text` set in `face` at `size`.
    pub fn width(&self, face: Face, size: f32, text: &str) -> f32 {
        self.width_after(face, size, None, text)
    }

    /// Where to cut `text` so that it fits `max` points followed by `after` (an ellipsis): the
    /// byte length of its longest proper prefix that does, and never less than its first
    /// character. A prefix's width only grows with its length, so the cut is found by
    /// bisection (a web address can be long).
    pub fn cut_before(&self, face: Face, size: f32, text: &str, after: &str, max: f32) -> usize {
        let after = self.width(face, size, after);
        // ends[k]: the byte length of the first k + 1 characters, short of the whole text.
        let ends: Vec<usize> = text.char_indices().map(|(at, _)| at).skip(1).collect();
        // The number of ends that fit: ends[..lo] do, ends[hi..] do not.
        let (mut lo, mut hi) = (0, ends.len());
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if self.width(face, size, &text[..ends[mid - 1]]) + after <= max {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        match lo {
            0 => ends.first().copied().unwrap_or(text.len()),
            n => ends[n - 1],
        }
    }
}

/// The characters drawn in one face: a bitmap for U+0000..U+00FF, where nearly all text falls,
/// and a set for the rest.
#[derive(Debug, Clone)]
pub struct UsedChars {
    latin: [bool; 256],
    other: BTreeSet<char>,
}

impl Default for UsedChars {
    fn default() -> UsedChars {
        UsedChars {
            latin: [false; 256],
            other: BTreeSet::new(),
        }
    }
}

impl UsedChars {
    /// Records every character of `text`.
    pub fn extend(&mut self, text: &str) {
        for c in text.chars() {
            match self.latin.get_mut(c as usize) {
                Some(seen) => *seen = true,
                None => {
                    self.other.insert(c);
                }
            }
        }
    }

    /// Adds every character of `other`.
    pub fn merge(&mut self, other: &UsedChars) {
        for (seen, theirs) in self.latin.iter_mut().zip(other.latin) {
            *seen |= theirs;
        }
        self.other.extend(other.other.iter().copied());
    }

    /// The characters, ascending.
    pub fn iter(&self) -> impl Iterator<Item = char> + '_ {
        (0u8..=255)
            .filter(|&b| self.latin[usize::from(b)])
            .map(char::from)
            .chain(self.other.iter().copied())
    }
}

/// Subsets `face` to the glyphs of `used`, as a printpdf font.
///
/// The subset keeps glyph 0 (.notdef) first; every other glyph is renumbered to its position in
/// the list given to the subsetter, and the font's character map and advances are given in the
/// new numbering, which is what printpdf writes into the content streams, `/W` and ToUnicode.
pub fn embed_subset(face: Face, used: &UsedChars) -> Result<printpdf::PdfFont, String> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{subset, CmapTarget, SubsetProfile};
    use printpdf::{FontMetrics, FontType, ParsedFont, PdfFont, PdfFontMetricsStub};

    let metrics = FontSet::shipped().face(face);
    let mut by_glyph: BTreeMap<u16, Vec<char>> = BTreeMap::new();
    for c in used.iter() {
        match metrics.glyph(c) {
            Some((gid, _)) if gid != 0 => by_glyph.entry(gid).or_default().push(c),
            _ => return Err(format!("{} has no glyph for {c:?}", face.describe())),
        }
    }
    let ids: Vec<u16> = std::iter::once(0).chain(by_glyph.keys().copied()).collect();

    let scope = ReadScope::new(face.bytes());
    let font_file = scope
        .read::<FontData<'_>>()
        .map_err(|e| format!("{}: {e}", face.describe()))?;
    let provider = font_file
        .table_provider(0)
        .map_err(|e| format!("{}: {e}", face.describe()))?;
    let program = subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| format!("cannot subset {}: {e}", face.describe()))?;

    let mut codepoint_to_glyph = BTreeMap::new();
    let mut glyph_widths = BTreeMap::new();
    for (new_gid, &old_gid) in ids.iter().enumerate() {
        let new_gid = new_gid as u16;
        let advance = metrics
            .face
            .glyph_hor_advance(GlyphId(old_gid))
            .unwrap_or(0);
        glyph_widths.insert(new_gid, advance);
        for c in by_glyph.get(&old_gid).into_iter().flatten() {
            codepoint_to_glyph.insert(*c as u32, new_gid);
        }
    }

    // The six-letter subset tag (ISO 32000-1, 9.6.4), derived from the glyph set so that the
    // same document always gets the same tag.
    let digest = Sha256::digest(
        ids.iter()
            .flat_map(|g| g.to_be_bytes())
            .collect::<Vec<u8>>(),
    );
    let tag: String = digest
        .iter()
        .take(6)
        .map(|b| char::from(b'A' + b % 26))
        .collect();

    let f = &metrics.face;
    let bbox = f.global_bounding_box();
    // The caret slope (hhea, bytes 18..22), from which printpdf derives `/ItalicAngle`.
    let hhea = f
        .raw_face()
        .table(ttf_parser::Tag::from_bytes(b"hhea"))
        .unwrap_or_default();
    let slope = |at: usize| {
        hhea.get(at..at + 2)
            .map(|b| i16::from_be_bytes([b[0], b[1]]))
    };
    let (rise, run) = (slope(18).unwrap_or(1), slope(20).unwrap_or(0));
    Ok(PdfFont::new(ParsedFont {
        original_bytes: program,
        font_index: 0,
        font_name: Some(format!("{tag}+{}", face.postscript_name())),
        codepoint_to_glyph,
        glyph_widths,
        units_per_em: f.units_per_em(),
        font_metrics: FontMetrics {
            ascent: f.ascender(),
            descent: f.descender(),
        },
        font_type: FontType::TrueType,
        pdf_font_metrics: PdfFontMetricsStub {
            units_per_em: f.units_per_em(),
            x_min: bbox.x_min,
            y_min: bbox.y_min,
            x_max: bbox.x_max,
            y_max: bbox.y_max,
            caret_slope_rise: rise,
            caret_slope_run: run,
            us_weight_class: f.weight().to_number(),
        },
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_is_the_longest_prefix_that_fits_with_its_ellipsis_and_keeps_a_character() {
        let fonts = FontSet::shipped();
        let (face, size) = (Face::Regular, 9.0);
        let text = "https://www.example.org/a/long/address/é/ü";
        let width = |s: &str| fonts.width(face, size, s);
        for max in [0.0, 20.0, 55.5, 100.0, 140.0] {
            let end = fonts.cut_before(face, size, text, "\u{2026}", max);
            assert!(end >= 1 && end < text.len() && text.is_char_boundary(end));
            let fits = |at: usize| width(&text[..at]) + width("\u{2026}") <= max;
            // Linear search, the rule spelt out: every longer proper prefix does not fit.
            let longest = text
                .char_indices()
                .map(|(at, _)| at)
                .skip(1)
                .filter(|&at| fits(at))
                .last()
                .unwrap_or(1);
            assert_eq!(end, longest, "max {max}");
        }
    }

    #[test]
    fn latin_1_letters_are_all_drawable() {
        let fonts = FontSet::shipped();
        for cp in 0xC0u32..=0xFF {
            let c = char::from_u32(cp).unwrap();
            for face in Face::ALL {
                assert!(fonts.face(face).has_glyph(c), "{face:?} lacks {c}");
            }
        }
    }

    #[test]
    fn kerning_tightens_known_pairs() {
        let fonts = FontSet::shipped();
        let pair = fonts.width(Face::Regular, 10.0, "AV");
        let apart = fonts.width(Face::Regular, 10.0, "A") + fonts.width(Face::Regular, 10.0, "V");
        assert!(pair < apart, "{pair} vs {apart}");
    }

    #[test]
    fn check_mark_is_not_in_the_font() {
        assert!(!FontSet::shipped().face(Face::Regular).has_glyph('\u{2713}'));
    }
}
