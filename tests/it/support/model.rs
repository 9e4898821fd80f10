//! The library API, called from here and nowhere else in the tests: the model an output is
//! compared against (the pack built for a profile, the clauses selected) and the synthetic
//! libraries the selection rules are tested on. Everything goes through the pipeline
//! (`tenderguard::pipeline::Engine`), as the commands do; when it changes, only this file changes.

use std::path::Path;
use std::sync::OnceLock;

use tenderguard::format::Format;
use tenderguard::library::embedded_files;
use tenderguard::pack::Block;
use tenderguard::pipeline::Engine;
use tenderguard::render::render;

pub use tenderguard::library::{
    budget, named_requirements, verb_disagreement, Category, Library, Obligation, RiskLevel, Stage,
};
pub use tenderguard::pack::{PackSection, TenderPack};
pub use tenderguard::pipeline::Plan;
pub use tenderguard::profile::ResolvedProfile;
pub use tenderguard::select::{Decision, Selection, TailoredClause};

/// A loaded clause library, ready to plan tenders.
pub struct Model {
    engine: Engine,
}

impl Model {
    /// The library built into the binary (`requirements/`).
    pub fn shipped() -> Model {
        Model {
            engine: Engine::load(None)
                .unwrap_or_else(|d| panic!("the shipped library loads: {}", messages(&d.0))),
        }
    }

    /// The shipped index files (technologies, parameters, sources, guidance) with `clauses` as
    /// the only clause file, so that edits to the shipped clauses cannot change a rule's test.
    pub fn with_clauses(clauses: &str) -> Model {
        let mut files: Vec<(String, String)> = embedded_files()
            .into_iter()
            .filter(|(p, _)| !p.starts_with("clauses/"))
            .collect();
        files.push(("clauses/test.toml".into(), clauses.into()));
        Model {
            engine: Engine::from_files(&files, "test", "test")
                .unwrap_or_else(|d| panic!("the test library loads: {}", messages(&d.0))),
        }
    }

    /// The loaded library.
    pub fn library(&self) -> &Library {
        self.engine.library()
    }

    /// Every clause id, in library order.
    pub fn clause_ids(&self) -> Vec<String> {
        let clauses = &self.engine.library().clauses;
        clauses.iter().map(|c| c.id.clone()).collect()
    }

    /// The ids of the clauses used at `level` (with an obligation there), in library order.
    pub fn clause_ids_used_at(&self, level: RiskLevel) -> Vec<String> {
        let clauses = &self.engine.library().clauses;
        clauses
            .iter()
            .filter(|c| c.obligation.at(level).is_some())
            .map(|c| c.id.clone())
            .collect()
    }

    /// Resolves the profile text (as a file `p.toml`) and selects its clauses; the error is
    /// every problem found, one message each.
    pub fn plan(&self, profile: &str) -> Result<Plan<'_>, Vec<String>> {
        self.engine
            .plan("p.toml", profile.as_bytes())
            .map_err(|d| d.0.iter().map(ToString::to_string).collect())
    }
}

fn messages(d: &[impl ToString]) -> String {
    d.iter().map(ToString::to_string).collect()
}

/// The tender pack the binary builds for `profile` with the shipped library and templates.
pub fn pack(profile: &Path) -> TenderPack {
    static SHIPPED: OnceLock<Engine> = OnceLock::new();
    let engine = SHIPPED.get_or_init(|| Model::shipped().engine);
    engine
        .plan_file(profile)
        .and_then(|plan| plan.build_pack())
        .unwrap_or_else(|d| panic!("{} builds: {}", profile.display(), messages(&d.0)))
}

/// The clauses of the pack the binary builds for `profile`, as documents show them.
pub fn pack_clauses(profile: &Path) -> Vec<super::SelectedClause> {
    pack(profile)
        .clauses
        .into_iter()
        .map(|c| super::SelectedClause {
            id: c.id,
            version: u64::from(c.version),
            pack_ref: c.pack_ref,
        })
        .collect()
}

/// The PDF writer's bytes for a pack, rendered in this process.
pub fn render_pdf(pack: &TenderPack) -> Vec<u8> {
    render(pack, Format::Pdf).expect("the PDF renders")
}

/// The DOCX writer's bytes for a pack, rendered in this process, or its error message.
pub fn render_docx(pack: &TenderPack) -> Result<Vec<u8>, String> {
    render(pack, Format::Docx).map_err(|e| e.to_string())
}

/// How many label/value fact lists the pack has, document control included (the DOCX sets
/// each as a table without a header row).
pub fn facts_count(pack: &TenderPack) -> usize {
    let blocks = pack.cover.iter().chain(
        pack.all_sections()
            .into_iter()
            .flat_map(|s| s.blocks.iter()),
    );
    1 + blocks.filter(|b| matches!(b, Block::Facts(_))).count()
}

/// The tables a writer draws for a pack: document control, and every table block of the cover
/// and the sections.
pub fn table_count(pack: &TenderPack) -> usize {
    let blocks = pack.cover.iter().chain(
        pack.all_sections()
            .into_iter()
            .flat_map(|s| s.blocks.iter()),
    );
    1 + blocks.filter(|b| matches!(b, Block::Table(_))).count()
}
