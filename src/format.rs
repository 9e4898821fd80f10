//! The output formats of `generate`: a leaf that the profile (which may name formats) and the
//! writers (which produce them) both depend on, so neither has to import the other.

/// An output format of `generate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Docx,
    Pdf,
    Md,
    Html,
    Csv,
    Xlsx,
    Json,
}

impl Format {
    pub const ALL: [Format; 7] = [
        Format::Docx,
        Format::Pdf,
        Format::Md,
        Format::Html,
        Format::Csv,
        Format::Xlsx,
        Format::Json,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Pdf => "pdf",
            Format::Md => "md",
            Format::Html => "html",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Json => "json",
        }
    }

    pub fn from_key(key: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.key() == key.trim().to_ascii_lowercase())
    }

    /// The file name inside the output directory (product contract §3).
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Docx => "security-requirements.docx",
            Format::Pdf => "security-requirements.pdf",
            Format::Md => "security-requirements.md",
            Format::Html => "security-requirements.html",
            Format::Csv => "response-matrix.csv",
            Format::Xlsx => "response-matrix.xlsx",
            Format::Json => "selection.json",
        }
    }
}
