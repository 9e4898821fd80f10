//! tenderguard as a library: load and validate (library, profile), select, build one tender-pack
//! model, and let each writer turn it into bytes. The binary in `main.rs` is a thin layer on top.

// Diagnostics are large values on a cold path (bad input ends the run); boxing them everywhere
// would add noise for no measurable gain.
#![allow(clippy::result_large_err)]

/// Every `println!` in this crate writes through `output::print_line`, which keeps the first
/// error writing to standard output (a full disk, a closed terminal) for `main` to report with
/// exit 2, where std's `println!` panics. Defined before the modules so it is the one they see.
macro_rules! println {
    () => {
        $crate::output::print_line(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::output::print_line(format_args!($($arg)*))
    };
}

pub mod commands;
pub mod diagnostics;
pub mod document;
pub mod format;
pub(crate) mod input;
pub(crate) mod libdiff;
pub mod library;
pub(crate) mod output;
pub mod pack;
pub mod pipeline;
pub mod profile;
pub mod render;
pub mod report;
pub mod response;
pub mod select;
pub(crate) mod serve;
pub(crate) mod textdiff;
pub(crate) mod typography;

/// The layers, lowest first: a module may import from its own layer's module and from lower
/// layers, never from a higher one or from a sibling on the same layer. ARCHITECTURE.md explains
/// each; the test below holds the code to it.
#[cfg(test)]
const LAYERS: &[&[&str]] = &[
    &["diagnostics"],
    &["input"],
    &["format", "textdiff", "output", "typography", "document"],
    &["library"],
    &["profile"],
    &["select"],
    &["pack"],
    &["render", "response", "libdiff"],
    &["report"],
    &["pipeline"],
    &["serve"],
    &["commands"],
];

#[cfg(test)]
mod layering {
    use std::path::Path;

    use super::LAYERS;

    fn rank(module: &str) -> Option<usize> {
        LAYERS.iter().position(|layer| layer.contains(&module))
    }

    /// Every `crate::module` a source file names outside comments.
    fn imports(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for line in text.lines() {
            let code = line.split("//").next().unwrap_or("");
            let mut rest = code;
            while let Some(i) = rest.find("crate::") {
                let after = &rest[i + "crate::".len()..];
                let name: String = after
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.push(name);
                }
                rest = after;
            }
        }
        out
    }

    fn files_below(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files_below(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    #[test]
    fn no_module_imports_from_a_layer_above_or_beside_it() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        files_below(&src, &mut files);
        files.sort();
        let mut wrong = Vec::new();
        for file in &files {
            let relative = file.strip_prefix(&src).unwrap();
            let module = relative
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_string();
            if module == "lib" || module == "main" {
                continue;
            }
            let own = rank(&module)
                .unwrap_or_else(|| panic!("src/{module} is in no layer: add it to LAYERS"));
            for target in imports(&std::fs::read_to_string(file).unwrap()) {
                let Some(theirs) = rank(&target) else {
                    continue;
                };
                if target != module && theirs >= own {
                    wrong.push(format!("{} imports crate::{target}", relative.display()));
                }
            }
        }
        wrong.sort();
        wrong.dedup();
        assert!(
            wrong.is_empty(),
            "imports against the layers:\n{}",
            wrong.join("\n")
        );
    }

    #[test]
    fn the_layer_check_sees_an_upward_import() {
        assert_eq!(
            imports("use crate::render::Format; // crate::commands"),
            ["render"]
        );
        assert!(rank("render") > rank("profile"));
    }
}
