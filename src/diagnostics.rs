//! Problems found in a user's input, and how they are shown to a person.
//!
//! Every message names the file, line and column and says what is allowed. Diagnostics are values:
//! loaders collect them, commands decide the exit status, and only `render` turns them into text.

use std::fmt;
use std::ops::Range;
use std::path::Path;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// One input file held in memory so that messages can quote it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user would recognise it (relative where possible).
    pub path: String,
    pub text: String,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        SourceFile {
            path: path.into(),
            text: text.into(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = &self.text[..floor_char_boundary(&self.text, offset)];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, col)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// Where in which file a problem is.
#[derive(Debug, Clone)]
pub struct Location {
    pub file: std::sync::Arc<SourceFile>,
    pub span: Range<usize>,
    pub label: String,
}

/// A problem with the user's input.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// Where it is; `None` for problems with no position (a missing file).
    pub location: Option<Location>,
    /// Path named when there is no location to quote.
    pub path: Option<String>,
    pub notes: Vec<String>,
    pub help: Option<String>,
    /// Short rule name for lint findings (`vague-word`), shown in brackets.
    pub code: Option<&'static str>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            location: None,
            path: None,
            notes: Vec::new(),
            help: None,
            code: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn at(
        mut self,
        file: &std::sync::Arc<SourceFile>,
        span: Range<usize>,
        label: impl Into<String>,
    ) -> Self {
        let len = file.text.len();
        let start = floor_char_boundary(&file.text, span.start.min(len));
        let end = floor_char_boundary(&file.text, span.end.min(len)).max(start);
        self.location = Some(Location {
            file: file.clone(),
            span: start..end,
            label: label.into(),
        });
        self
    }

    pub fn in_file(mut self, path: impl AsRef<Path>) -> Self {
        self.path = Some(path.as_ref().display().to_string());
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds "did you mean `x`?" for a near miss among `allowed`, or else `otherwise`.
    pub fn suggest_or<'a>(
        self,
        given: &str,
        allowed: impl IntoIterator<Item = &'a str>,
        otherwise: impl Into<String>,
    ) -> Self {
        match did_you_mean(given, allowed) {
            Some(close) => self.help(format!("did you mean `{close}`?")),
            None => self.help(otherwise),
        }
    }

    pub fn code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col` of the problem, when it has one.
    pub fn position(&self) -> Option<String> {
        match (&self.location, &self.path) {
            (Some(loc), _) => {
                let (line, col) = loc.file.line_col(loc.span.start);
                Some(format!("{}:{}:{}", loc.file.path, line, col))
            }
            (None, Some(path)) => Some(path.clone()),
            _ => None,
        }
    }

    /// Renders in the style of rustc and cargo; `color` for a terminal.
    pub fn render(&self, color: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = match self.code {
            Some(code) => format!("{} [{code}]", self.message),
            None => self.message.clone(),
        };
        let mut group = Group::with_title(level.primary_title(title));
        if let Some(loc) = &self.location {
            group = group.element(
                Snippet::source(loc.file.text.as_str())
                    .path(loc.file.path.as_str())
                    .fold(true)
                    .annotation(
                        AnnotationKind::Primary
                            .span(loc.span.clone())
                            .label(loc.label.as_str()),
                    ),
            );
        } else if let Some(path) = &self.path {
            group = group.element(annotate_snippets::Origin::path(path.as_str()));
        }
        for note in &self.notes {
            group = group.element(Level::NOTE.message(note.as_str()));
        }
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.render(&[group])
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// A set of diagnostics: what loaders return when input is bad.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }
    pub fn errors(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }
    pub fn warnings(&self) -> usize {
        self.0.len() - self.errors()
    }
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }
    /// `Err(self)` when any diagnostic is an error, so `?` stops the pipeline.
    pub fn into_result(self) -> Result<Vec<Diagnostic>, Diagnostics> {
        if self.has_errors() {
            Err(self)
        } else {
            Ok(self.0)
        }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

/// A file that is not UTF-8, located to the line and column of the first bad byte.
pub fn not_utf8(path: impl AsRef<Path>, bytes: &[u8], valid_up_to: usize) -> Diagnostic {
    let before = &bytes[..valid_up_to];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    Diagnostic::error(format!(
        "the file is not valid UTF-8 (byte 0x{:02x})",
        bytes[valid_up_to]
    ))
    .in_file(format!("{}:{line}:{col}", path.as_ref().display()))
    .help("save the file as UTF-8")
}

/// The closest allowed value to a near miss, for "did you mean".
pub fn did_you_mean<'a>(
    given: &str,
    allowed: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let given_lower = given.to_lowercase();
    allowed
        .into_iter()
        .map(|a| (edit_distance(&given_lower, &a.to_lowercase()), a))
        .filter(|(d, a)| *d <= (a.chars().count() / 3).clamp(1, 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a)
}

/// Edit distance over characters, counting a swap of neighbours as one edit (optimal string
/// alignment), so `pfd` is one step from `pdf`.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// Builds a diagnostic from a toml/serde error, enriching "unknown field" and "unknown variant"
/// messages with a "did you mean".
pub fn from_toml_error(file: &std::sync::Arc<SourceFile>, err: &toml::de::Error) -> Diagnostic {
    let message = err.message().trim().to_string();
    let mut d = Diagnostic::error(first_line(&message).to_string());
    let span = err.span().unwrap_or(0..0);
    let label = if message.contains("unknown field") {
        "not a known key here"
    } else if message.contains("unknown variant") {
        "not an allowed value"
    } else if message.contains("missing field") {
        "in this table"
    } else if message.contains("invalid type") {
        "wrong type"
    } else {
        "here"
    };
    d = d.at(file, span, label);
    if let Some((given, allowed)) = parse_expected(&message) {
        let options: Vec<&str> = allowed.iter().map(String::as_str).collect();
        if let Some(close) = did_you_mean(&given, options.iter().copied()) {
            d = d.help(format!("did you mean `{close}`?"));
        }
    }
    for extra in message.lines().skip(1) {
        if !extra.trim().is_empty() {
            d = d.note(extra.trim().to_string());
        }
    }
    d
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}

/// From "unknown field `authr`, expected one of `title`, `author`" get ("authr", [title, author]).
fn parse_expected(message: &str) -> Option<(String, Vec<String>)> {
    let first = first_line(message);
    let given = first.split('`').nth(1)?.to_string();
    let expected = first.split_once("expected")?.1;
    let allowed: Vec<String> = expected
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s.to_string())
        .collect();
    (!allowed.is_empty()).then_some((given, allowed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_are_suggested() {
        assert_eq!(
            did_you_mean("technolgies", ["technologies", "hosting"]),
            Some("technologies")
        );
        assert_eq!(did_you_mean("cctvv", ["cctv", "anpr"]), Some("cctv"));
        assert_eq!(did_you_mean("zzzzzz", ["cctv", "anpr"]), None);
        assert_eq!(did_you_mean("pfd", ["docx", "pdf"]), Some("pdf"));
    }

    #[test]
    fn line_and_column_are_one_based() {
        let f = SourceFile::new("p.toml", "a = 1\nbc = 2\n");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(7), (2, 2));
    }
}
