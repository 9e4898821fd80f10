//! Arbitrary bytes as a profile file, planned against the embedded library (parse, resolve,
//! select). Every outcome is a profile or diagnostics, never a panic; every diagnostic has a
//! message, a span inside the file it quotes, and renders.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tenderguard::diagnostics::Diagnostic;
use tenderguard::pipeline::Engine;

const NAME: &str = "fuzz.toml";

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::load(None).expect("the embedded library loads"))
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
    match engine().plan(NAME, data) {
        Ok(plan) => plan.warnings().for_each(|w| check(w, data)),
        Err(diags) => {
            assert!(!diags.0.is_empty(), "an empty error list");
            assert!(diags.has_errors(), "failed with warnings only: {diags:?}");
            diags.0.iter().for_each(|d| check(d, data));
        }
    }
});
