//! Reading a posted form: every page form posts as `multipart/form-data`, so one reader serves
//! the plain fields and the uploaded files alike. It checks the per-run token first, then reads
//! each part within its size limit, so an oversized upload is refused before it is held whole.
//! An uploaded profile or response matrix may be as large as `generate` or `assess` reads from
//! a file (`crate::input`'s cap, `TENDERGUARD_MAX_INPUT_MB`), and is refused in the same words.

use std::path::Path;

use axum::extract::multipart::{Field, Multipart, MultipartRejection};

use crate::diagnostics::Diagnostic;
use crate::input::{max_input_bytes, InputError};

/// The most all the plain fields of one form may hold together.
pub const FIELDS_LIMIT: usize = 1024 * 1024;
/// The most parts one form may have (the page's largest form has a few hundred).
pub const PARTS_LIMIT: usize = 5000;

/// The most an uploaded file may hold: the cap on any input file.
pub fn file_limit() -> usize {
    usize::try_from(max_input_bytes()).unwrap_or(usize::MAX)
}

/// The most a whole request body may hold: the largest upload and the fields, with room for
/// the multipart framing.
pub fn body_limit() -> usize {
    file_limit().saturating_add(FIELDS_LIMIT + 64 * 1024)
}

/// An uploaded file.
#[derive(Debug, Clone)]
pub struct Upload {
    /// The file name the browser gave, without any folder.
    pub name: String,
    pub bytes: Vec<u8>,
}

/// A posted form: its plain fields in the order sent, and its non-empty uploads.
#[derive(Debug, Clone, Default)]
pub struct Posted {
    pub fields: Vec<(String, String)>,
    pub profile_file: Option<Upload>,
    pub response_file: Option<Upload>,
}

/// Why a posted form was not read.
#[derive(Debug, Clone)]
pub enum Refusal {
    /// The token is missing or wrong (403).
    Forbidden(String),
    /// A part is over its limit (413).
    TooLarge(Diagnostic),
    /// Not a form this page sends (400).
    Malformed(String),
}

/// Reads a posted form whose first part must be the per-run `token`.
pub async fn read_posted(
    multipart: Result<Multipart, MultipartRejection>,
    token: &str,
) -> Result<Posted, Refusal> {
    let mut multipart = multipart.map_err(|e| {
        Refusal::Malformed(format!(
            "the page's forms post as multipart/form-data: {}",
            e.body_text()
        ))
    })?;
    let first = next_field(&mut multipart).await?;
    let given = match first {
        Some(field) if field.name() == Some("token") => {
            let bytes =
                read_limited(field, 256, || Diagnostic::error("the token is too long")).await?;
            String::from_utf8(bytes).unwrap_or_default()
        }
        _ => String::new(),
    };
    if !same_secret(given.as_bytes(), token.as_bytes()) {
        return Err(Refusal::Forbidden(
            "this form is not from the page this server gave out (its token is missing or wrong); reload the page and try again".to_string(),
        ));
    }
    let mut posted = Posted::default();
    let (mut parts, mut field_bytes) = (1, 0);
    while let Some(field) = next_field(&mut multipart).await? {
        parts += 1;
        if parts > PARTS_LIMIT {
            return Err(Refusal::TooLarge(Diagnostic::error(format!(
                "the form has more than {PARTS_LIMIT} fields"
            ))));
        }
        let name = field.name().unwrap_or("").to_string();
        match name.as_str() {
            "profile_file" | "response_file" => {
                let file_name = field
                    .file_name()
                    .map(base_name)
                    .unwrap_or_default()
                    .to_string();
                let limit = file_limit();
                let what = if name == "profile_file" {
                    "profile"
                } else {
                    "response matrix"
                };
                let too_large = || {
                    InputError::TooLarge(limit as u64)
                        .diagnostic(Path::new(&file_name), what)
                        .help("choose a smaller file")
                };
                let bytes = read_limited(field, limit, too_large).await?;
                if file_name.is_empty() && bytes.is_empty() {
                    continue;
                }
                let upload = Some(Upload {
                    name: file_name,
                    bytes,
                });
                if name == "profile_file" {
                    posted.profile_file = upload;
                } else {
                    posted.response_file = upload;
                }
            }
            _ => {
                let bytes = read_limited(field, FIELDS_LIMIT - field_bytes, || {
                    Diagnostic::error(format!(
                        "the form's fields hold more than the {} this page accepts",
                        size_text(FIELDS_LIMIT)
                    ))
                })
                .await?;
                field_bytes += bytes.len();
                let value = String::from_utf8(bytes).map_err(|_| {
                    Refusal::Malformed(format!("the field `{name}` is not UTF-8 text"))
                })?;
                posted.fields.push((name, value.replace("\r\n", "\n")));
            }
        }
    }
    Ok(posted)
}

async fn next_field(multipart: &mut Multipart) -> Result<Option<Field<'_>>, Refusal> {
    multipart.next_field().await.map_err(|e| {
        let text = e.body_text();
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            Refusal::TooLarge(Diagnostic::error(format!(
                "the upload is larger than the {} this page accepts",
                size_text(body_limit())
            )))
        } else {
            Refusal::Malformed(format!("the form could not be read: {text}"))
        }
    })
}

/// A part's bytes, refusing it (with `too_large`'s message) as soon as it passes `limit`.
async fn read_limited(
    mut field: Field<'_>,
    limit: usize,
    too_large: impl Fn() -> Diagnostic,
) -> Result<Vec<u8>, Refusal> {
    let mut bytes = Vec::new();
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) => {
                if bytes.len() + chunk.len() > limit {
                    return Err(Refusal::TooLarge(too_large()));
                }
                bytes.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(bytes),
            Err(e) if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(Refusal::TooLarge(too_large()))
            }
            Err(e) => {
                return Err(Refusal::Malformed(format!(
                    "the form could not be read: {}",
                    e.body_text()
                )))
            }
        }
    }
}

/// "1 MiB", "300 KiB".
pub fn size_text(bytes: usize) -> String {
    if bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 {
        format!("{} MiB", bytes / (1024 * 1024))
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}

/// The last component of a path a browser may send as a file name.
fn base_name(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

/// Compares two secrets in time that does not depend on where they first differ.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abc", b"abd"));
        assert!(!same_secret(b"abc", b"ab"));
        assert!(!same_secret(b"", b"a"));
    }

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(size_text(FIELDS_LIMIT), "1 MiB");
        assert_eq!(size_text(300 * 1024), "300 KiB");
        assert_eq!(base_name("C:\\Users\\me\\p.toml"), "p.toml");
    }
}
