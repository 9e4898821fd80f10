//! Arbitrary bytes as a profile file: parse and resolve against the embedded library, then
//! select. Every outcome is a profile or diagnostics, never a panic; every diagnostic has a
//! message, a span inside the file it quotes, and renders.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tenderguard::diagnostics::Diagnostic;
use tenderguard::library::{embedded_files, load_library, Library};
use tenderguard::profile::resolve_profile;
use tenderguard::select::select_clauses;

const NAME: &str = "fuzz.toml";

fn library() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(|| {
        load_library(&embedded_files(), "built-in", "requirements")
            .expect("the embedded library loads")
            .0
    })
}

fn check(d: &Diagnostic, input: &[u8]) {
    assert!(
        !d.message.trim().is_empty(),
        "diagnostic without a message: {d:?}"
    );
    if let Some(loc) = &d.location {
        let text = &loc.file.text;
        assert!(
            loc.span.start <= loc.span.end && loc.span.end <= text.len(),
            "span {:?} outside {} ({} bytes)",
            loc.span,
            loc.file.path,
            text.len()
        );
        assert!(text.is_char_boundary(loc.span.start) && text.is_char_boundary(loc.span.end));
        if loc.file.path == NAME {
            assert!(
                loc.span.end <= input.len(),
                "span {:?} past the input",
                loc.span
            );
        }
    }
    let shown = d.render(false);
    assert!(!shown.is_empty());
}

fuzz_target!(|data: &[u8]| {
    let lib = library();
    match resolve_profile(NAME, data, lib) {
        Ok(profile) => {
            for w in &profile.warnings {
                check(w, data);
            }
            match select_clauses(lib, &profile) {
                Ok(selection) => selection.warnings.iter().for_each(|w| check(w, data)),
                Err(diags) => {
                    assert!(!diags.0.is_empty(), "an empty error list");
                    diags.0.iter().for_each(|d| check(d, data));
                }
            }
        }
        Err(diags) => {
            assert!(!diags.0.is_empty(), "an empty error list");
            assert!(diags.has_errors(), "failed with warnings only: {diags:?}");
            diags.0.iter().for_each(|d| check(d, data));
        }
    }
});
