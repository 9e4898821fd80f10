//! Reads library files (embedded or from a directory) into the `Library` model.
//!
//! Parsing is strict (`deny_unknown_fields`), and every problem becomes a diagnostic that points
//! at its file and line. Cross-references are checked afterwards by `validate`.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use toml::Spanned;

use super::raw::{
    RawClauseFile, RawGuidance, RawLibraryMeta, RawParameter, RawParameters, RawSources,
    RawTechnologies,
};
use super::*;
use crate::diagnostics::{parse_toml, Diagnostic, Diagnostics, SourceFile};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The files of a library: path relative to the library root, and text.
pub type LibraryFiles = Vec<(String, String)>;

/// The library shipped inside the binary.
pub fn embedded_files() -> LibraryFiles {
    embedded::LIBRARY_FILES
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect()
}

/// The shipped templates, as (file name, text).
pub fn embedded_templates() -> &'static [(&'static str, &'static str)] {
    embedded::TEMPLATE_FILES
}

fn parse<T: DeserializeOwned>(file: &Arc<SourceFile>, diags: &mut Diagnostics) -> Option<T> {
    match parse_toml::<T>(file) {
        Ok(v) => Some(v),
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// Parses `files` on as many threads as there are cores (TOML parsing is most of loading a
/// library), giving the results in the order of `files` whatever the split.
fn parse_in_parallel<T: DeserializeOwned + Send>(
    files: &[Arc<SourceFile>],
) -> Vec<Result<T, Diagnostic>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len());
    if threads < 2 {
        return files.iter().map(|f| parse_toml::<T>(f)).collect();
    }
    let per_thread = files.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = files
            .chunks(per_thread)
            .map(|part| {
                scope.spawn(move || part.iter().map(|f| parse_toml::<T>(f)).collect::<Vec<_>>())
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

fn loc<T>(file: &Arc<SourceFile>, s: &Spanned<T>) -> Loc {
    Loc {
        file: file.clone(),
        span: s.span(),
    }
}

const REQUIRED: [&str; 5] = [
    "library.toml",
    "sources.toml",
    "guidance.toml",
    "technologies.toml",
    "parameters.toml",
];

/// Parses and validates a library. `origin` names it in messages; `display_root` prefixes paths.
pub fn load_library(
    files: &LibraryFiles,
    origin: &str,
    display_root: &str,
) -> Result<(Library, Vec<Diagnostic>), Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut hasher = Sha256::new();
    for (path, text) in files {
        hasher.update(path.as_bytes());
        hasher.update([0]);
        hasher.update(text.as_bytes());
        hasher.update([0]);
    }
    let sha256 = hex(&hasher.finalize());

    let source = |rel: &str| -> Option<Arc<SourceFile>> {
        files
            .iter()
            .find(|(p, _)| p == rel)
            .map(|(p, t)| Arc::new(SourceFile::new(format!("{display_root}/{p}"), t.clone())))
    };
    for rel in REQUIRED {
        if source(rel).is_none() {
            diags.push(
                Diagnostic::error(format!("the library has no `{rel}`"))
                    .in_file(format!("{display_root}/{rel}"))
                    .help(format!(
                        "a library directory holds {}",
                        REQUIRED.join(", ") + " and clauses/*.toml"
                    )),
            );
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }

    let meta_file = source("library.toml").unwrap();
    let meta: Option<RawLibraryMeta> = parse(&meta_file, &mut diags);
    let sources_file = source("sources.toml").unwrap();
    let raw_sources: Option<RawSources> = parse(&sources_file, &mut diags);
    let guidance_file = source("guidance.toml").unwrap();
    let raw_guidance: Option<RawGuidance> = parse(&guidance_file, &mut diags);
    let tech_file = source("technologies.toml").unwrap();
    let raw_tech: Option<RawTechnologies> = parse(&tech_file, &mut diags);
    let param_file = source("parameters.toml").unwrap();
    let raw_params: Option<RawParameters> = parse(&param_file, &mut diags);

    let mut lib = Library {
        name: String::new(),
        version: String::new(),
        released: None,
        owner: None,
        prefixes: Vec::new(),
        clauses: Vec::new(),
        technologies: Vec::new(),
        traits: Vec::new(),
        sources: Vec::new(),
        guidance: Vec::new(),
        parameters: Vec::new(),
        sha256,
        origin: origin.to_string(),
    };
    let mut locs = validate::IndexLocs::default();

    if let Some(meta) = meta {
        lib.name = meta.name;
        locs.version = Some(loc(&meta_file, &meta.version));
        lib.version = meta.version.into_inner();
        lib.released = meta.released.map(|d| d.to_string());
        lib.owner = meta.owner;
        lib.prefixes = meta
            .prefix
            .into_iter()
            .map(|p| Prefix {
                id: p.id,
                meaning: p.meaning,
            })
            .collect();
    }
    if let Some(raw) = raw_sources {
        for s in raw.source {
            locs.sources.push(loc(&sources_file, &s.id));
            lib.sources.push(SourceDocument {
                id: s.id.into_inner(),
                title: s.title,
                publisher: s.publisher,
                year: s.year,
                url: s.url,
                url_verified: s.url_verified,
            });
        }
    }
    if let Some(raw) = raw_guidance {
        for g in raw.item {
            locs.guidance
                .push((loc(&guidance_file, &g.id), loc(&guidance_file, &g.source)));
            lib.guidance.push(GuidanceItem {
                id: g.id.into_inner(),
                title: g.title,
                source: g.source.into_inner(),
                section: g.section,
                url: g.url,
                not_covered: g.not_covered,
            });
        }
    }
    if let Some(raw) = raw_tech {
        for t in raw.traits {
            locs.traits.push(loc(&tech_file, &t.id));
            lib.traits.push(Trait {
                id: t.id.into_inner(),
                description: t.description,
            });
        }
        for t in raw.technology {
            locs.technologies.push((
                loc(&tech_file, &t.id),
                loc(&tech_file, &t.traits),
                loc(&tech_file, &t.guidance),
            ));
            lib.technologies.push(Technology {
                id: t.id.into_inner(),
                name: t.name,
                description: t.description,
                traits: t.traits.into_inner(),
                default_risk: t.default_risk,
                guidance: t.guidance.into_inner(),
            });
        }
    }
    if let Some(raw) = raw_params {
        for p in raw.parameter {
            if let Some(param) = convert_parameter(&param_file, p, &mut diags, &mut locs) {
                lib.parameters.push(param);
            }
        }
    }

    let clause_files: Vec<&(String, String)> = files
        .iter()
        .filter(|(p, _)| p.starts_with("clauses/") && p.ends_with(".toml"))
        .collect();
    if clause_files.is_empty() {
        diags.push(
            Diagnostic::error("the library has no clause files")
                .in_file(format!("{display_root}/clauses"))
                .help("clauses live in clauses/*.toml as [[clause]] tables"),
        );
    }
    let clause_files: Vec<Arc<SourceFile>> = clause_files
        .into_iter()
        .map(|(rel, text)| {
            Arc::new(SourceFile::new(
                format!("{display_root}/{rel}"),
                text.clone(),
            ))
        })
        .collect();
    let parsed = parse_in_parallel::<RawClauseFile>(&clause_files);
    for (file, raw) in clause_files.into_iter().zip(parsed) {
        let raw = match raw {
            Ok(raw) => raw,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        for c in raw.clause {
            let applies = c.applies_to.get_ref();
            let applies_to = AppliesTo {
                all: applies.all.unwrap_or(false),
                technologies: applies.technologies.clone().unwrap_or_default(),
                traits: applies.traits.clone().unwrap_or_default(),
            };
            validate::check_applies_form(&file, &c.applies_to, &mut diags);
            let clause_locs = ClauseLocs {
                id: loc(&file, &c.id),
                text: loc(&file, &c.text),
                title: loc(&file, &c.title),
                obligation: loc(&file, &c.obligation),
                applies_to: loc(&file, &c.applies_to),
                guidance: loc(&file, &c.guidance),
                sources: c.source.iter().map(|s| loc(&file, s)).collect(),
                evidence: loc(&file, &c.evidence),
                rationale: loc(&file, &c.rationale),
                buyer_prerequisites: match &c.buyer_prerequisites {
                    Some(p) => loc(&file, p),
                    None => loc(&file, &c.id),
                },
            };
            let evidence = settle_evidence(&file, &c.evidence, c.verify.as_ref(), &mut diags);
            lib.clauses.push(Clause {
                id: c.id.into_inner(),
                version: c.version,
                title: c.title.into_inner(),
                section: c.section,
                stage: c.stage,
                text: normalise_text(c.text.get_ref()),
                obligation: c.obligation.into_inner(),
                applies_to,
                when: c.when,
                evidence,
                rationale: c.rationale.into_inner().trim().to_string(),
                guidance: c.guidance.into_inner(),
                mappings: c.mappings,
                sources: c
                    .source
                    .into_iter()
                    .map(|s| {
                        let s = s.into_inner();
                        SourceRef {
                            document: s.document,
                            section: s.section,
                            verified: s.verified,
                            note: s.note,
                        }
                    })
                    .collect(),
                strong_answer: c.strong_answer,
                word_limit: c.word_limit,
                buyer_prerequisites: c
                    .buyer_prerequisites
                    .map(|p| p.into_inner().iter().map(|p| normalise_text(p)).collect())
                    .unwrap_or_default(),
                origin: ClauseOrigin::Library,
                loc: Some(clause_locs),
            });
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    // Library order: by prefix as declared in library.toml, then id, whatever the file layout.
    let ranks: Vec<String> = lib.prefixes.iter().map(|p| p.id.clone()).collect();
    lib.clauses.sort_by_cached_key(|c| {
        (
            ranks
                .iter()
                .position(|r| r == c.prefix())
                .unwrap_or(ranks.len()),
            c.id.clone(),
        )
    });
    validate::validate(&lib, &locs, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    Ok((lib, diags.0))
}

/// Gives each evidence item of a library clause its stage: a table's `due`, or for plain text
/// the stage `verify` names. Plain text with no `verify` is refused. Plain text with several
/// stages in `verify` (the format before evidence carried its own stage, which `diff` must
/// still read) is taken as due at the earliest of them, with a warning for `check`.
fn settle_evidence(
    file: &Arc<SourceFile>,
    raw: &Spanned<Vec<Spanned<RawEvidence>>>,
    verify: Option<&Spanned<Vec<VerifyStage>>>,
    diags: &mut Diagnostics,
) -> Vec<Evidence> {
    let earliest = verify.and_then(|v| v.get_ref().iter().min().copied());
    let several = verify.is_some_and(|v| {
        let mut stages = v.get_ref().clone();
        stages.sort();
        stages.dedup();
        stages.len() > 1
    });
    let mut out = Vec::new();
    for e in raw.get_ref() {
        if e.get_ref().text().trim().is_empty() {
            diags.push(
                Diagnostic::error("an evidence item is empty")
                    .at(file, e.span(), "empty")
                    .help("say what the supplier hands over that the buyer can check"),
            );
            continue;
        }
        let (item, due) = match (e.get_ref(), earliest) {
            (RawEvidence::Item { item, due }, _) => (item, *due),
            (RawEvidence::Text(item), Some(due)) => {
                if several {
                    diags.push(
                        Diagnostic::warning(format!(
                            "evidence item is taken as due {}, the earliest stage in `verify`",
                            due.due_text()
                        ))
                        .code("evidence-stage")
                        .at(file, e.span(), "which stage is this item due at?")
                        .help(format!(
                            "write it as {{ item = \"{}\", due = \"{}\" }} and drop `verify`",
                            item.trim(),
                            due.as_str()
                        )),
                    );
                }
                (item, due)
            }
            (RawEvidence::Text(item), None) => {
                diags.push(
                    Diagnostic::error("evidence item does not say when it is due")
                        .at(file, e.span(), "no stage for this item")
                        .help(format!(
                            "write it as {{ item = \"{}\", due = \"tender\" }} (or \"go-live\", \"in-life\")",
                            item.trim()
                        )),
                );
                continue;
            }
        };
        out.push(Evidence {
            item: item.trim().to_string(),
            due,
        });
    }
    if let Some(v) = verify {
        if !raw
            .get_ref()
            .iter()
            .any(|e| matches!(e.get_ref(), RawEvidence::Text(_)))
        {
            diags.push(
                Diagnostic::warning(
                    "`verify` is not used: every evidence item says when it is due",
                )
                .code("evidence-stage")
                .at(file, v.span(), "remove this")
                .help("`verify` gives the stage of plain-text evidence items only"),
            );
        }
    }
    out
}

/// Clause text as printed: surrounding blank lines dropped, each paragraph on one line.
pub fn normalise_text(text: &str) -> String {
    text.trim()
        .split("\n\n")
        .map(|para| para.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn convert_parameter(
    file: &Arc<SourceFile>,
    p: RawParameter,
    diags: &mut Diagnostics,
    locs: &mut validate::IndexLocs,
) -> Option<Parameter> {
    let mut ok = true;
    let mut value = |v: &toml::Value, span: std::ops::Range<usize>| -> Option<ParamValue> {
        match (p.kind, v) {
            (ParameterType::Integer, toml::Value::Integer(n)) => Some(ParamValue::Integer(*n)),
            (ParameterType::Text, toml::Value::String(s)) => Some(ParamValue::Text(s.clone())),
            _ => {
                diags.push(
                    Diagnostic::error(format!(
                        "parameter `{}` is declared as {} but this value is not",
                        p.name.get_ref(),
                        match p.kind {
                            ParameterType::Integer => "an integer",
                            ParameterType::Text => "text",
                        }
                    ))
                    .at(file, span, "wrong type"),
                );
                ok = false;
                None
            }
        }
    };
    let default = value(p.default.get_ref(), p.default.span());
    let mut by_risk = BTreeMap::new();
    if let Some(br) = &p.by_risk {
        for (level, v) in br.get_ref() {
            if let Some(v) = value(v, br.span()) {
                by_risk.insert(*level, v);
            }
        }
    }
    let name_loc = loc(file, &p.name);
    locs.parameters.push(name_loc.clone());
    let param = Parameter {
        loc: Some(name_loc),
        name: p.name.into_inner(),
        kind: p.kind,
        default: default?,
        by_risk,
        min: p.min,
        max: p.max,
        unit: p.unit,
        meaning: p.meaning,
        note: p.note,
    };
    ok.then_some(param)
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_library_loads() {
        let files = embedded_files();
        let (lib, _) = load_library(&files, "built-in", "requirements").unwrap_or_else(|d| {
            panic!("{}", d.0.iter().map(|d| d.to_string()).collect::<String>())
        });
        assert_eq!(lib.technologies.len(), 16);
        assert!(!lib.clauses.is_empty());
    }

    #[test]
    fn text_is_normalised_to_paragraphs() {
        assert_eq!(normalise_text("\n a\n  b \n\n c\n"), "a b\n\nc");
    }
}
