//! Styled text: runs in, measured lines out. Every character is checked against the face it
//! will be drawn in; a character the font cannot draw is recorded with where it came from, so
//! the writer can refuse with a precise message instead of drawing an empty box.

pub mod linebreak;

use super::fonts::{Face, FontSet};
use super::style::Rgb;

pub use linebreak::{break_lines, Segment, TextLine};

/// How a run of text is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    pub face: Face,
    pub size: f32,
    pub color: Rgb,
}

impl TextStyle {
    /// The same style in bold.
    pub fn bold(self) -> TextStyle {
        TextStyle {
            face: self.face.bold(),
            ..self
        }
    }
    /// The same style in italic.
    pub fn italic(self) -> TextStyle {
        TextStyle {
            face: self.face.italic(),
            ..self
        }
    }
    /// The same style in another colour.
    pub fn colored(self, color: Rgb) -> TextStyle {
        TextStyle { color, ..self }
    }
}

/// A piece of text in one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub text: String,
    pub style: TextStyle,
}

impl Run {
    /// A run of `text` in `style`.
    pub fn new(text: impl Into<String>, style: TextStyle) -> Run {
        Run {
            text: text.into(),
            style,
        }
    }
}

/// A character the font cannot draw, and where in the pack it came from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct MissingGlyph {
    pub ch: char,
    pub face: Face,
    pub origin: String,
}

/// Characters the line breaker handles itself and never draws.
fn is_layout_control(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\t' | '\u{ad}' | '\u{200b}')
}

/// Sets text: validates characters against the fonts and breaks lines.
pub struct Typesetter<'f> {
    pub fonts: &'f FontSet,
    missing: Vec<MissingGlyph>,
}

impl<'f> Typesetter<'f> {
    /// A typesetter over `fonts`.
    pub fn new(fonts: &'f FontSet) -> Typesetter<'f> {
        Typesetter {
            fonts,
            missing: Vec::new(),
        }
    }

    /// Breaks `runs` into lines no wider than `width`. `origin` names where the text came from
    /// (for example "clause DES-004, field `text`") in case a character cannot be drawn.
    pub fn lines(&mut self, runs: &[Run], width: f32, origin: &str) -> Vec<TextLine> {
        let clean = self.validated(runs, origin);
        break_lines(self.fonts, &clean, width)
    }

    /// One line of `text`, never wrapped (page furniture, badges, numbers).
    pub fn line(&mut self, text: &str, style: TextStyle, origin: &str) -> TextLine {
        let clean = self.validated(
            &[Run::new(text.replace(['\n', '\r', '\t'], " "), style)],
            origin,
        );
        break_lines(self.fonts, &clean, f32::INFINITY)
            .into_iter()
            .next()
            .unwrap_or_default()
    }

    /// Checks that `text` can be drawn in `style`, recording any character that cannot.
    pub fn check(&mut self, text: &str, style: TextStyle, origin: &str) {
        self.validated(&[Run::new(text, style)], origin);
    }

    /// Width of `text` in `style` (no wrapping, no validation).
    pub fn width(&self, text: &str, style: TextStyle) -> f32 {
        self.fonts.width(style.face, style.size, text)
    }

    /// The characters that could not be drawn, in the order met (duplicates removed).
    pub fn missing(&self) -> &[MissingGlyph] {
        &self.missing
    }

    /// Takes over what another typesetter found missing, as if its text had been set here next.
    pub fn absorb(&mut self, other: Typesetter<'_>) {
        for m in other.missing {
            if !self.missing.contains(&m) {
                self.missing.push(m);
            }
        }
    }

    fn validated(&mut self, runs: &[Run], origin: &str) -> Vec<Run> {
        let mut out = Vec::with_capacity(runs.len());
        for run in runs {
            let face = self.fonts.face(run.style.face);
            if run
                .text
                .chars()
                .all(|c| is_layout_control(c) || c == ' ' || face.has_glyph(c))
            {
                out.push(run.clone());
                continue;
            }
            let mut text = String::with_capacity(run.text.len());
            for c in run.text.chars() {
                if is_layout_control(c) || c == ' ' || face.has_glyph(c) {
                    text.push(c);
                } else {
                    let m = MissingGlyph {
                        ch: c,
                        face: run.style.face,
                        origin: origin.to_string(),
                    };
                    if !self.missing.contains(&m) {
                        self.missing.push(m);
                    }
                }
            }
            out.push(Run {
                text,
                style: run.style,
            });
        }
        out
    }
}
