//! Criterion benchmarks for each stage of `generate`: load the library, resolve the profile,
//! select clauses, build the pack model, and each writer. Every stage runs on the shipped
//! library and on a synthetic one ten times its size (the shipped clauses cloned under new
//! prefixes), with the all-technologies high-risk profile, so cost growth can be read off as the
//! ratio between the two.
//!
//! Run: `cargo bench --bench pipeline -- --warm-up-time 1 --measurement-time 3`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use tenderguard::format::Format;
use tenderguard::library::{embedded_files, load_library, Library, LibraryFiles};
use tenderguard::pack::{build_pack, Templates, TenderPack};
use tenderguard::pipeline::{render_files, Engine};
use tenderguard::profile::{resolve_profile, ResolvedProfile};
use tenderguard::render::render;
use tenderguard::select::{select_clauses, Selection};

/// The binary's allocator, so the figures are the ones `tenderguard` itself would show.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The benchmark's profile: all sixteen technologies at high risk.
const PROFILE: &str = include_str!("../examples/all-technologies.toml");

/// The shipped library with every clause file repeated `factor` times; copy `k` gets prefixes
/// with a `k`-th letter appended (`DES-004` → `DESB-004`), declared in `library.toml`.
fn scaled_library(factor: usize) -> LibraryFiles {
    let files = embedded_files();
    let prefixes: Vec<String> = files
        .iter()
        .find(|(p, _)| p == "library.toml")
        .expect("library.toml")
        .1
        .lines()
        .filter_map(|l| l.strip_prefix("id = \""))
        .map(|l| l.trim_end_matches('"').to_string())
        .collect();
    let mut out = Vec::new();
    for (path, text) in &files {
        if path == "library.toml" {
            let mut t = text.clone();
            // Each copied prefix is marked under the same award questions as its original.
            let homes: Vec<&str> = text
                .lines()
                .skip_while(|l| *l != "[award.homes]")
                .skip(1)
                .take_while(|l| !l.starts_with('['))
                .filter(|l| prefixes.iter().any(|p| l.starts_with(&format!("{p} = "))))
                .collect();
            let mut copied = String::new();
            for k in 1..factor {
                let letter = char::from(b'A' + k as u8);
                for home in &homes {
                    let (p, questions) = home.split_once(" = ").unwrap_or_default();
                    copied.push_str(&format!("{p}{letter} = {questions}\n"));
                }
            }
            t = t.replacen("[award.homes]\n", &format!("[award.homes]\n{copied}"), 1);
            for k in 1..factor {
                let letter = char::from(b'A' + k as u8);
                for p in &prefixes {
                    t.push_str(&format!(
                        "\n[[prefix]]\nid = \"{p}{letter}\"\nmeaning = \"Synthetic copy {k}\"\n"
                    ));
                }
            }
            out.push((path.clone(), t));
        } else if path.starts_with("clauses/") && path.ends_with(".toml") {
            out.push((path.clone(), text.clone()));
            for k in 1..factor {
                let letter = char::from(b'A' + k as u8);
                let mut t = text.clone();
                for p in &prefixes {
                    t = t.replace(&format!("id = \"{p}-"), &format!("id = \"{p}{letter}-"));
                }
                out.push((path.replace(".toml", &format!("-copy{k}.toml")), t));
            }
        } else {
            out.push((path.clone(), text.clone()));
        }
    }
    out.sort();
    out
}

/// One library size and everything built from it, so each stage can be timed on its own (the
/// stage functions are called directly here; the "whole" group goes through `pipeline`).
struct Case {
    name: &'static str,
    files: LibraryFiles,
    lib: Library,
    profile: ResolvedProfile,
    selection: Selection,
    templates: Templates,
    pack: TenderPack,
}

fn case(name: &'static str, factor: usize) -> Case {
    let files = scaled_library(factor);
    let (lib, _) = load_library(&files, "bench", "requirements").expect("library loads");
    let profile = resolve(&lib);
    let selection = select_clauses(&lib, &profile).expect("selection");
    let templates = Templates::load(None).expect("templates");
    let pack = build_pack(&lib, &profile, &selection, &templates).expect("pack");
    Case {
        name,
        files,
        lib,
        profile,
        selection,
        templates,
        pack,
    }
}

fn resolve(lib: &Library) -> ResolvedProfile {
    resolve_profile("all-technologies.toml", PROFILE.as_bytes(), lib).expect("profile resolves")
}

fn pipeline(c: &mut Criterion) {
    let cases = [case("shipped", 1), case("10x", 10)];
    for k in &cases {
        eprintln!(
            "{}: {} library clauses, {} in the pack",
            k.name,
            k.lib.clauses.len(),
            k.pack.clauses.len()
        );
    }
    let mut g = c.benchmark_group("stage");
    for k in &cases {
        g.bench_with_input(BenchmarkId::new("load", k.name), k, |b, k| {
            b.iter(|| load_library(black_box(&k.files), "bench", "requirements").unwrap())
        });
        g.bench_with_input(BenchmarkId::new("resolve", k.name), k, |b, k| {
            b.iter(|| resolve(black_box(&k.lib)))
        });
        g.bench_with_input(BenchmarkId::new("select", k.name), k, |b, k| {
            b.iter(|| select_clauses(black_box(&k.lib), &k.profile).unwrap())
        });
        g.bench_with_input(BenchmarkId::new("build_pack", k.name), k, |b, k| {
            b.iter(|| {
                build_pack(black_box(&k.lib), &k.profile, &k.selection, &k.templates).unwrap()
            })
        });
    }
    g.finish();
    let mut g = c.benchmark_group("writer");
    // The 10x PDF takes seconds per run: ten samples keep the suite to a few minutes.
    g.sample_size(10);
    for k in &cases {
        for f in Format::ALL {
            g.bench_with_input(BenchmarkId::new(f.key(), k.name), k, |b, k| {
                b.iter(|| render(black_box(&k.pack), f).unwrap())
            });
        }
    }
    g.finish();
    let mut g = c.benchmark_group("whole");
    g.sample_size(10);
    for k in &cases {
        // Everything `generate` does in memory for every format (no file writes), through the
        // same pipeline API, with the formats rendered in parallel as `generate` does.
        g.bench_with_input(BenchmarkId::new("all_formats", k.name), k, |b, k| {
            b.iter(|| {
                let engine = Engine::from_files(&k.files, "bench", "requirements").unwrap();
                let plan = engine
                    .plan("all-technologies.toml", PROFILE.as_bytes())
                    .unwrap();
                let pack = plan.build_pack().unwrap();
                render_files(&pack, &Format::ALL)
                    .unwrap()
                    .iter()
                    .map(|(_, bytes)| bytes.len())
                    .sum::<usize>()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
