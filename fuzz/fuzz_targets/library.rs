//! One library file replaced by fuzz bytes (the first byte picks which; the rest of the embedded
//! library is unchanged): load and validate. Never a panic; every diagnostic renders. The lint
//! (`check`) is left out: its near-duplicate pass takes seconds per run under the sanitizer.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tenderguard::diagnostics::Diagnostic;
use tenderguard::library::embedded_files;
use tenderguard::pipeline::Engine;

fn check(d: &Diagnostic) {
    assert!(
        !d.message.trim().is_empty(),
        "diagnostic without a message: {d:?}"
    );
    if let Some(loc) = &d.location {
        let text = &loc.file.text;
        assert!(loc.span.start <= loc.span.end && loc.span.end <= text.len());
    }
    let _ = d.render(false);
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let mut files = embedded_files();
    let index = pick as usize % files.len();
    files[index].1 = String::from_utf8_lossy(bytes).into_owned();
    match Engine::from_files(&files, "built-in", "requirements") {
        Ok(engine) => engine.library_warnings().iter().for_each(check),
        Err(diags) => {
            assert!(diags.has_errors(), "failed with warnings only: {diags:?}");
            diags.0.iter().for_each(check);
        }
    }
});
