//! The typeface the PDF is set in: Liberation Sans, shipped unmodified in `fonts/` under the SIL
//! Open Font License (see `fonts/OFL.txt`) and compiled into the binary. Text is measured with
//! ttf-parser from the same bytes that are embedded, so line breaks match what a reader draws.
//!
//! Each face is embedded as a subset of the glyphs the document uses. The subsetting is done
//! here with `allsorts`, which printpdf already depends on (without its `text_layout` feature,
//! printpdf would embed the whole 400 KB face; with it, a cold build takes about 100 s longer).
//! Subsetting into the PDF is document embedding, which the OFL allows for the unmodified font.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use printpdf::{FontId, ParsedFont, PdfFont};
use sha2::{Digest, Sha256};
use ttf_parser::GlyphId;

/// The family name, as shown in messages.
pub const FAMILY: &str = "Liberation Sans";

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
    fn postscript_name(self) -> &'static str {
        match self {
            Face::Regular => "LiberationSans",
            Face::Bold => "LiberationSans-Bold",
            Face::Italic => "LiberationSans-Italic",
            Face::BoldItalic => "LiberationSans-BoldItalic",
        }
    }

    /// The font resource name used in content streams. Fixed, so output is deterministic
    /// (printpdf's own ids are random per process).
    pub fn resource_id(self) -> FontId {
        FontId(
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
    /// Pair kerning between characters U+0000..U+00FF (`left << 8 | right`), the common case.
    latin_kern: Vec<f32>,
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
            latin_kern: vec![0.0; 256 * 256],
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
        let mut latin_of_glyph: HashMap<u16, Vec<usize>> = HashMap::new();
        for (cp, g) in m.latin.iter().enumerate() {
            if let Some((gid, _)) = g {
                latin_of_glyph.entry(*gid).or_default().push(cp);
            }
        }
        for (&pair, &value) in &m.kern_pairs {
            let (left, right) = ((pair >> 16) as u16, (pair & 0xffff) as u16);
            if let (Some(ls), Some(rs)) = (latin_of_glyph.get(&left), latin_of_glyph.get(&right)) {
                for l in ls {
                    for r in rs {
                        m.latin_kern[l << 8 | r] = value;
                    }
                }
            }
        }
        m
    }

    /// Advance in thousandths of an em, truncated exactly as printpdf writes the `/W` array,
    /// so that what we measure is what a reader lays out.
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

    /// Whether the face can draw `c`.
    pub fn has_glyph(&self, c: char) -> bool {
        self.glyph(c).is_some_and(|(gid, _)| gid != 0)
    }

    /// Pair kerning from the `kern` table, in thousandths of an em (negative = closer).
    fn kern_milli(&self, left: char, right: char) -> f32 {
        let (l, r) = (left as usize, right as usize);
        if l < 256 && r < 256 {
            return self.latin_kern[l << 8 | r];
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

    /// The kerning adjustments of `text`: for each character after the first, the shift in
    /// thousandths of an em applied before it (negative = closer).
    pub fn kerning(&self, text: &str) -> Vec<f32> {
        let mut out = Vec::new();
        let mut last: Option<char> = None;
        for c in text.chars() {
            if let Some(l) = last {
                out.push(self.kern_milli(l, c));
            }
            last = Some(c);
        }
        out
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
}

/// Builds the PDF font for `face`, embedding only the glyphs of `used`.
///
/// The subset keeps glyph 0 (.notdef) first; every other glyph is renumbered to its position in
/// the list given to the subsetter. The content stream, `/W` and `/ToUnicode` are all written
/// by printpdf from the mapping built here, so they agree by construction.
pub fn embed_subset(face: Face, used: &BTreeSet<char>) -> Result<PdfFont, String> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{subset, CmapTarget, SubsetProfile};

    let metrics = FontSet::shipped().face(face);
    let mut warnings = Vec::new();
    let mut parsed = ParsedFont::from_bytes(face.bytes(), 0, &mut warnings)
        .ok_or_else(|| format!("cannot read the embedded font {}", face.describe()))?;

    let mut by_glyph: BTreeMap<u16, Vec<char>> = BTreeMap::new();
    for &c in used {
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
    let bytes = subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| format!("cannot subset {}: {e}", face.describe()))?;

    let mut codepoint_to_glyph = BTreeMap::new();
    let mut glyph_widths = BTreeMap::new();
    for (new_gid, old_gid) in ids.iter().enumerate() {
        let new_gid = new_gid as u16;
        let advance = metrics
            .face
            .glyph_hor_advance(GlyphId(*old_gid))
            .unwrap_or(0);
        glyph_widths.insert(new_gid, advance);
        for c in by_glyph.get(old_gid).into_iter().flatten() {
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

    parsed.original_bytes = bytes;
    parsed.font_name = Some(format!("{tag}+{}", face.postscript_name()));
    parsed.codepoint_to_glyph = codepoint_to_glyph;
    parsed.glyph_widths = glyph_widths;
    Ok(PdfFont::new(parsed))
}

#[cfg(test)]
mod tests {
    use super::*;

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
