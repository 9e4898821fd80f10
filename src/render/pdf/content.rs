//! PDF content streams written straight to bytes: the handful of operators the layout needs,
//! numbers rounded to a thousandth of a point (far below what a printer resolves) and printed
//! without going through `core::fmt`, and text as two-byte glyph ids.
//!
//! The PDF writer spends most of its time here and in compression, so this avoids building an
//! operator list first: each call appends its operator's bytes.

use super::style::Rgb;

/// One page's content stream under construction.
#[derive(Debug, Default)]
pub struct Content {
    bytes: Vec<u8>,
}

impl Content {
    /// An empty stream with room for a typical page.
    pub fn new() -> Content {
        Content {
            bytes: Vec::with_capacity(16 * 1024),
        }
    }

    /// The finished stream.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// Appends a number rounded to three decimals, without trailing zeros (`12`, `0.5`, `-3.125`).
    pub fn number(&mut self, v: f32) {
        let milli = (f64::from(v) * 1000.0).round() as i64;
        if milli < 0 {
            self.bytes.push(b'-');
        }
        let milli = milli.unsigned_abs();
        self.integer(milli / 1000);
        let mut frac = milli % 1000;
        if frac != 0 {
            self.bytes.push(b'.');
            let mut digits = 3;
            while frac % 10 == 0 {
                frac /= 10;
                digits -= 1;
            }
            let divisor = 10u64.pow(digits - 1);
            let mut d = divisor;
            while d > 0 {
                self.bytes.push(b'0' + (frac / d % 10) as u8);
                d /= 10;
            }
        }
    }

    fn integer(&mut self, mut n: u64) {
        let mut buf = [0u8; 20];
        let mut i = buf.len();
        loop {
            i -= 1;
            buf[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.bytes.extend_from_slice(&buf[i..]);
    }

    /// Numbers separated by spaces, then the operator and a newline.
    fn op(&mut self, operands: &[f32], operator: &str) {
        for v in operands {
            self.number(*v);
            self.bytes.push(b' ');
        }
        self.bytes.extend_from_slice(operator.as_bytes());
        self.bytes.push(b'\n');
    }

    /// `BT`: starts a text object.
    pub fn begin_text(&mut self) {
        self.op(&[], "BT");
    }

    /// `ET`: ends a text object.
    pub fn end_text(&mut self) {
        self.op(&[], "ET");
    }

    /// `Tf`: selects a font resource (`F1`…) and size.
    pub fn set_font(&mut self, resource: &str, size: f32) {
        self.bytes.push(b'/');
        self.bytes.extend_from_slice(resource.as_bytes());
        self.bytes.push(b' ');
        self.op(&[size], "Tf");
    }

    /// `Tm`: puts the text origin at `(x, y)` in PDF coordinates (origin bottom left).
    pub fn text_at(&mut self, x: f32, y: f32) {
        self.op(&[1.0, 0.0, 0.0, 1.0, x, y], "Tm");
    }

    /// `TJ`: shows glyphs; `shift_before[i]` (thousandths of an em, positive = closer) is
    /// applied before glyph `i`, zero for none. Plain `Tj` when nothing shifts.
    ///
    /// Glyph ids go in literal strings, two bytes each, escaping the three bytes that would end
    /// or escape the string and the line ends a reader would normalise: half the bytes of hex,
    /// so less to compress.
    pub fn show_glyphs(&mut self, glyphs: &[u16], shift_before: &[f32]) {
        let kerned = shift_before.iter().any(|k| *k != 0.0);
        if kerned {
            self.bytes.push(b'[');
        }
        self.bytes.push(b'(');
        for (i, gid) in glyphs.iter().enumerate() {
            let shift = shift_before.get(i).copied().unwrap_or(0.0);
            if i > 0 && shift != 0.0 {
                self.bytes.extend_from_slice(b") ");
                self.number(shift);
                self.bytes.push(b'(');
            }
            for byte in gid.to_be_bytes() {
                match byte {
                    b'(' | b')' | b'\\' => self.bytes.extend_from_slice(&[b'\\', byte]),
                    b'\r' => self.bytes.extend_from_slice(b"\\r"),
                    b'\n' => self.bytes.extend_from_slice(b"\\n"),
                    _ => self.bytes.push(byte),
                }
            }
        }
        self.bytes.push(b')');
        if kerned {
            self.bytes.extend_from_slice(b"] TJ\n");
        } else {
            self.bytes.extend_from_slice(b" Tj\n");
        }
    }

    /// `rg`: the fill colour.
    pub fn fill_color(&mut self, c: Rgb) {
        let (r, g, b) = c.unit();
        self.op(&[r, g, b], "rg");
    }

    /// `RG`: the stroke colour.
    pub fn stroke_color(&mut self, c: Rgb) {
        let (r, g, b) = c.unit();
        self.op(&[r, g, b], "RG");
    }

    /// `w`: the line width.
    pub fn line_width(&mut self, width: f32) {
        self.op(&[width], "w");
    }

    /// `J`: line cap, 0 butt or 1 round.
    pub fn line_cap(&mut self, round: bool) {
        self.op(&[if round { 1.0 } else { 0.0 }], "J");
    }

    /// `d`: a dash pattern of zero-length dashes `pitch` apart (dots, with round caps), or solid.
    pub fn dots(&mut self, pitch: Option<f32>) {
        match pitch {
            Some(p) => {
                self.bytes.extend_from_slice(b"[0 ");
                self.number(p);
                self.bytes.extend_from_slice(b"] 0 d\n");
            }
            None => self.bytes.extend_from_slice(b"[] 0 d\n"),
        }
    }

    /// `re f`: fills a rectangle given by its lower left corner.
    pub fn fill_rect(&mut self, x: f32, y: f32, w: f32, h: f32) {
        self.op(&[x, y, w, h], "re f");
    }

    /// `re S`: strokes a rectangle given by its lower left corner.
    pub fn stroke_rect(&mut self, x: f32, y: f32, w: f32, h: f32) {
        self.op(&[x, y, w, h], "re S");
    }

    /// `m l S`: strokes a straight line.
    pub fn stroke_line(&mut self, (x1, y1): (f32, f32), (x2, y2): (f32, f32)) {
        self.op(&[x1, y1], "m");
        self.op(&[x2, y2], "l S");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(v: f32) -> String {
        let mut c = Content::new();
        c.number(v);
        String::from_utf8(c.into_bytes()).unwrap()
    }

    #[test]
    fn numbers_are_short_and_exact_to_a_thousandth() {
        assert_eq!(num(0.0), "0");
        assert_eq!(num(12.0), "12");
        assert_eq!(num(0.5), "0.5");
        assert_eq!(num(-3.125), "-3.125");
        assert_eq!(num(595.27563), "595.276");
        assert_eq!(num(0.0004), "0");
        assert_eq!(num(-0.0004), "0");
        assert_eq!(num(10.05), "10.05");
        assert_eq!(num(0.101_960_786), "0.102");
        assert_eq!(num(1_000_000.0), "1000000");
    }

    #[test]
    fn kerned_text_becomes_a_tj_array() {
        let mut c = Content::new();
        c.show_glyphs(&[0x15, 0x3a], &[0.0, 37.1]);
        c.show_glyphs(&[0x28, 0x5c0a, 0x0d29], &[0.0, 0.0, 0.0]);
        assert_eq!(
            c.into_bytes(),
            b"[(\0\x15) 37.1(\0:)] TJ\n(\0\\(\\\\\\n\\r\\)) Tj\n".to_vec()
        );
    }
}
