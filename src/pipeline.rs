//! The pipeline in one place: load the library and templates once, then for each profile
//! resolve → select → build the pack model, and render it.
//!
//! Every command, the benchmarks, the fuzz targets and the tests go through here, in the spirit
//! of mdBook's `MDBook::load(dir)?.build()`. An [`Engine`] is immutable once loaded and is
//! `Send + Sync`, so a long-running caller (a local web server) can load it once and build many
//! packs concurrently from shared references.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::format::Format;
use crate::library::{
    embedded_files, load_library, read_library_dir, Category, Clause, Library, LibraryFiles,
};
use crate::pack::{build_pack, Templates, TenderPack, RECORD_MARKDOWN, RECORD_PDF};
use crate::profile::text::check_profile_characters;
use crate::profile::{resolve_profile, ResolvedProfile};
use crate::render::library_check::pdf_can_draw;
use crate::render::{render, render_all, RenderError};
use crate::select::{select_clauses, Decision, Selection};

/// A loaded, validated clause library and the prose templates: everything a pack is built from
/// besides the profile.
pub struct Engine {
    library: Library,
    templates: Templates,
    /// What loading the library found worth saying without refusing it; `check` prints these.
    library_warnings: Vec<Diagnostic>,
}

impl Engine {
    /// The built-in library (or the one in `library_dir`) with the built-in templates.
    pub fn load(library_dir: Option<&Path>) -> Result<Engine, Diagnostics> {
        match library_dir {
            None => Engine::from_files(&embedded_files(), "built-in", "requirements"),
            Some(dir) => {
                let files = read_library_dir(dir)?;
                let shown = dir.display().to_string();
                Engine::from_files(&files, &shown, shown.trim_end_matches('/'))
            }
        }
    }

    /// A library from files already in memory (a synthetic or fuzzed library); `origin` names it
    /// in messages and `display_root` prefixes its file names.
    pub fn from_files(
        files: &LibraryFiles,
        origin: &str,
        display_root: &str,
    ) -> Result<Engine, Diagnostics> {
        // The two are independent, and compiling the templates is a third of the load.
        let (loaded, templates) = rayon::join(
            || load_library(files, origin, display_root),
            || Templates::load(None),
        );
        let (library, library_warnings) = loaded?;
        Ok(Engine {
            library,
            templates: templates?,
            library_warnings,
        })
    }

    /// Replaces the built-in prose with same-named `.hbs` files from `dir` (`--templates`).
    pub fn with_templates(mut self, dir: Option<&Path>) -> Result<Engine, Diagnostics> {
        if dir.is_some() {
            self.templates = Templates::load(dir)?;
        }
        Ok(self)
    }

    pub fn library(&self) -> &Library {
        &self.library
    }

    pub fn library_warnings(&self) -> &[Diagnostic] {
        &self.library_warnings
    }

    /// Reads a profile file and plans its tender.
    pub fn plan_file(&self, path: &Path) -> Result<Plan<'_>, Diagnostics> {
        let bytes = read_profile(path)?;
        self.plan(&path.display().to_string(), &bytes)
    }

    /// Plans a tender from a profile's bytes; `name` is how messages refer to the profile.
    pub fn plan(&self, name: &str, bytes: &[u8]) -> Result<Plan<'_>, Diagnostics> {
        let mut profile = resolve_profile(name, bytes, &self.library)?;
        match select_clauses(&self.library, &profile) {
            Ok(selection) => Ok(Plan {
                engine: self,
                profile,
                selection,
            }),
            Err(errors) => {
                // The profile's warnings first, as a run that got this far has found them.
                let mut all = Diagnostics(std::mem::take(&mut profile.warnings));
                all.extend(errors);
                Err(all)
            }
        }
    }
}

/// One tender planned: the resolved profile and what it selects, before any document exists.
pub struct Plan<'e> {
    engine: &'e Engine,
    pub profile: ResolvedProfile,
    pub selection: Selection,
}

impl Plan<'_> {
    pub fn library(&self) -> &Library {
        &self.engine.library
    }

    /// What resolving and selecting found worth saying without refusing the profile.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.profile.warnings.iter().chain(&self.selection.warnings)
    }

    /// The one document model every writer renders.
    pub fn build_pack(&self) -> Result<TenderPack, Diagnostics> {
        let engine = self.engine;
        Ok(build_pack(
            &engine.library,
            &self.profile,
            &self.selection,
            &engine.templates,
        )?)
    }

    /// The formats to write: those asked for, else the profile's `[output] formats`, else all.
    pub fn formats(&self, asked: Option<&[Format]>) -> Vec<Format> {
        asked
            .map(<[Format]>::to_vec)
            .or_else(|| self.profile.formats.clone())
            .unwrap_or_else(|| Format::ALL.to_vec())
    }
}

/// Whether a clause is in a tender, and in which category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    In(Category),
    Out,
}

/// Why one clause is in or out of a tender: what `explain` prints and the page shows.
#[derive(Debug, Clone)]
pub struct ClauseExplanation<'p> {
    pub id: &'p str,
    pub title: &'p str,
    pub verdict: Verdict,
    /// One line each: why it is in, or the one reason it is out.
    pub reasons: Vec<String>,
    /// The clause as the library (or the profile) has it, for its sources.
    pub clause: Option<&'p Clause>,
}

impl Plan<'_> {
    /// Every clause with why it is in or out: the selected ones in pack order, then the others
    /// in library order.
    pub fn explanations(&self) -> Vec<ClauseExplanation<'_>> {
        let lib = self.library();
        let selected = self.selection.selected.iter().map(|s| ClauseExplanation {
            id: &s.clause.id,
            title: &s.clause.title,
            verdict: Verdict::In(s.category),
            reasons: s.reasons.clone(),
            clause: Some(&s.clause),
        });
        let out = self
            .selection
            .decisions
            .iter()
            .filter_map(|(id, decision)| {
                let clause = lib.clause(id);
                let reason = match decision {
                    Decision::Selected => return None,
                    Decision::NotApplicable { reason } => reason.clone(),
                    Decision::Excluded {
                        reason,
                        would_have_been,
                    } => {
                        let was = clause.map_or(would_have_been.keyword(), |c| {
                            Category::of(c, *would_have_been).label()
                        });
                        format!("excluded by tailoring (would have been {was}): {reason}")
                    }
                };
                Some(ClauseExplanation {
                    id,
                    title: clause.map_or("", |c| c.title.as_str()),
                    verdict: Verdict::Out,
                    reasons: vec![reason],
                    clause,
                })
            });
        selected.chain(out).collect()
    }
}

/// Renders `formats` of a built pack, in the order given, each with its file name.
pub fn render_files(
    pack: &TenderPack,
    formats: &[Format],
) -> Result<Vec<(Format, Vec<u8>)>, RenderError> {
    Ok(formats
        .iter()
        .copied()
        .zip(render_all(pack, formats)?)
        .collect())
}

/// The buyer's record that goes beside the pack, with its file names: always the Markdown
/// (`pack-record.md`), and the PDF (`pack-record.pdf`) when the pack's PDF is among `formats`.
pub fn render_record(
    pack: &TenderPack,
    formats: &[Format],
) -> Result<Vec<(&'static str, Vec<u8>)>, RenderError> {
    let record = pack.record_document();
    let mut out = vec![(RECORD_MARKDOWN, render(&record, Format::Md)?)];
    if formats.contains(&Format::Pdf) {
        out.push((RECORD_PDF, render(&record, Format::Pdf)?));
    }
    Ok(out)
}

/// Refuses a profile holding a character the fonts of one of `formats` cannot draw (the PDF's),
/// at its line and column, before anything is rendered.
pub fn check_characters(plan: &Plan, formats: &[Format]) -> Result<(), Diagnostics> {
    if formats.contains(&Format::Pdf) {
        check_profile_characters(&plan.profile.file, &pdf_can_draw, "PDF").into_result()?;
    }
    Ok(())
}

/// Every file `generate` writes for a planned tender, in memory and named as on disk: the pack
/// in `formats`, then the buyer's record beside it.
pub fn render_outputs(
    plan: &Plan,
    pack: &TenderPack,
    formats: &[Format],
) -> Result<Vec<(String, Vec<u8>)>, Diagnostics> {
    check_characters(plan, formats)?;
    let failed = |e: RenderError| Diagnostic::error(e.to_string()).help("nothing was written");
    // The record (with its own PDF) is rendered beside the pack, not after it: the two PDFs are
    // the longest jobs, and each is mostly sequential once its pages are laid out. A pack
    // error is still the one reported when both fail.
    let (rendered, record) = rayon::join(
        || render_files(pack, formats),
        || render_record(pack, formats),
    );
    let rendered = rendered.map_err(failed)?;
    let record = record.map_err(failed)?;
    Ok(rendered
        .into_iter()
        .map(|(format, bytes)| (format.file_name().to_string(), bytes))
        .chain(
            record
                .into_iter()
                .map(|(name, bytes)| (name.to_string(), bytes)),
        )
        .collect())
}

/// A profile's bytes, read within the input cap, with a message that says what to do when it
/// cannot be read: how `generate` and the page's `serve PROFILE` read a profile file.
pub fn read_profile(path: &Path) -> Result<Vec<u8>, Diagnostics> {
    crate::input::read_input(path).map_err(|e| {
        let d = e.diagnostic(path, "profile");
        match e {
            crate::input::InputError::Directory => {
                d.help("pass the profile's .toml file; `tenderguard init` writes a starter")
            }
            _ => d.help("`tenderguard init` writes a starter profile"),
        }
        .into()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_shareable<T: Send + Sync>() {}

    #[test]
    fn an_engine_can_be_shared_between_threads() {
        assert_shareable::<Engine>();
    }

    #[test]
    fn packs_built_concurrently_from_one_engine_are_identical() {
        let engine = Engine::load(None).unwrap();
        let profile = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/city-centre-cctv.toml"),
        )
        .unwrap();
        let build = || {
            let plan = engine.plan("cctv.toml", &profile).unwrap();
            let pack = plan.build_pack().unwrap();
            render_files(&pack, &[Format::Md, Format::Json]).unwrap()
        };
        let first = build();
        let others: Vec<_> = std::thread::scope(|s| {
            let jobs: Vec<_> = (0..4).map(|_| s.spawn(build)).collect();
            jobs.into_iter().map(|j| j.join().unwrap()).collect()
        });
        for other in others {
            assert_eq!(other, first);
        }
    }
}
