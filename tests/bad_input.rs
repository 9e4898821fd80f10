//! Every malformed input gets exit status 2, a message naming the file (and line where there is
//! one) and what is allowed, no panic, and no output written. Profiles are a corpus in
//! `tests/bad-inputs/profiles/`, each with `# expect:` (a phrase of the message) and `# at:`
//! (`:line:col`) headers; library and template cases are built from the shipped ones.

mod common;

use std::path::Path;

use common::*;

/// Asserts the run was rejected as bad input and wrote nothing into `out`.
fn assert_rejected(o: &std::process::Output, out: &Path, must_contain: &[&str], case: &str) {
    let err = stderr(o);
    assert_eq!(
        o.status.code(),
        Some(2),
        "{case}: expected exit 2, got {:?}\n{err}",
        o.status.code()
    );
    assert!(!err.contains("panicked"), "{case}: panicked\n{err}");
    for needle in must_contain {
        assert!(
            err.contains(needle),
            "{case}: message lacks {needle:?}\n{err}"
        );
    }
    assert!(
        files_below(out).is_empty(),
        "{case}: wrote {:?}",
        files_below(out)
    );
}

#[test]
fn every_malformed_profile_is_rejected_precisely() {
    let dir = root().join("tests/bad-inputs/profiles");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 30, "the corpus shrank to {}", cases.len());
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let text = String::from_utf8_lossy(&std::fs::read(&case).unwrap()).into_owned();
        let header = |key: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(key))
                .map(|s| s.trim().to_string())
        };
        let out = tempfile::tempdir().unwrap();
        let target = out.path().join("pack");
        let rel = format!("tests/bad-inputs/profiles/{name}");
        let o = run(&["generate", &rel, "-o", target.to_str().unwrap()]);
        let mut needles = vec![rel.clone()];
        if let Some(expect) = header("# expect:") {
            needles.push(expect);
        }
        if let Some(at) = header("# at:") {
            needles.push(format!("{rel}{at}"));
        }
        let needles: Vec<&str> = needles.iter().map(String::as_str).collect();
        assert_rejected(&o, out.path(), &needles, &name);
    }
}

#[test]
fn a_missing_profile_is_named() {
    let out = tempfile::tempdir().unwrap();
    let o = run(&[
        "generate",
        "no-such-profile.toml",
        "-o",
        out.path().join("p").to_str().unwrap(),
    ]);
    assert_rejected(
        &o,
        out.path(),
        &["no-such-profile.toml", "no such file"],
        "missing profile",
    );
}

#[test]
fn a_directory_given_as_profile_is_named() {
    let out = tempfile::tempdir().unwrap();
    let o = run(&[
        "generate",
        "examples",
        "-o",
        out.path().join("p").to_str().unwrap(),
    ]);
    assert_rejected(
        &o,
        out.path(),
        &["examples", "directory"],
        "directory profile",
    );
}

#[test]
fn an_unknown_format_flag_is_rejected() {
    let out = tempfile::tempdir().unwrap();
    let o = run(&[
        "generate",
        "examples/air-quality-sensors.toml",
        "--format",
        "md,pfd",
        "-o",
        out.path().join("p").to_str().unwrap(),
    ]);
    assert_rejected(
        &o,
        out.path(),
        &["pfd", "did you mean `pdf`"],
        "unknown --format",
    );
}

/// Library cases: (name, file to edit, edit, phrases the message must contain).
type LibraryEdit = (
    &'static str,
    &'static str,
    fn(&str) -> String,
    &'static [&'static str],
);

const LIBRARY_CASES: &[LibraryEdit] = &[
    (
        "syntax error",
        "technologies.toml",
        |s| format!("{s}\n[[technology]\nid = \"x\"\n"),
        &["technologies.toml:"],
    ),
    (
        "duplicate clause id",
        "clauses/design.toml",
        |s| s.replacen("id = \"DES-003\"", "id = \"DES-001\"", 1),
        &[
            "duplicate clause id `DES-001`",
            "design.toml:",
            "first used at",
        ],
    ),
    (
        "obligation weakens",
        "clauses/design.toml",
        |s| {
            add_clause(
                s,
                "DES-900",
                "{ low = \"must\", medium = \"should\", high = \"must\" }",
                "{ all = true }",
                "[\"ncsc-cp-6\"]",
                "ncsc-cp",
                "{{restore_hours}}",
            )
        },
        &["weaker at medium risk than at low risk", "design.toml:"],
    ),
    (
        "unknown trait",
        "clauses/design.toml",
        |s| {
            add_clause(
                s,
                "DES-901",
                "{ high = \"must\" }",
                "{ traits = [\"camra\"] }",
                "[\"ncsc-cp-6\"]",
                "ncsc-cp",
                "",
            )
        },
        &["unknown trait `camra`", "did you mean `camera`"],
    ),
    (
        "unknown technology",
        "clauses/design.toml",
        |s| {
            add_clause(
                s,
                "DES-902",
                "{ high = \"must\" }",
                "{ technologies = [\"cctvv\"] }",
                "[\"ncsc-cp-6\"]",
                "ncsc-cp",
                "",
            )
        },
        &["unknown technology `cctvv`"],
    ),
    (
        "unknown guidance item",
        "clauses/design.toml",
        |s| {
            add_clause(
                s,
                "DES-903",
                "{ high = \"must\" }",
                "{ all = true }",
                "[\"ncsc-cp-99\"]",
                "ncsc-cp",
                "",
            )
        },
        &["unknown guidance item `ncsc-cp-99`"],
    ),
    (
        "unknown source",
        "clauses/design.toml",
        |s| {
            add_clause(
                s,
                "DES-904",
                "{ high = \"must\" }",
                "{ all = true }",
                "[\"ncsc-cp-6\"]",
                "ncsc-cpp",
                "",
            )
        },
        &[
            "unknown source document `ncsc-cpp`",
            "did you mean `ncsc-cp`",
        ],
    ),
    (
        "undeclared parameter",
        "clauses/design.toml",
        |s| {
            add_clause(
                s,
                "DES-905",
                "{ high = \"must\" }",
                "{ all = true }",
                "[\"ncsc-cp-6\"]",
                "ncsc-cp",
                "{{restore_hour}}",
            )
        },
        &[
            "parameter `restore_hour` is used but not declared",
            "did you mean `restore_hours`",
        ],
    ),
    (
        "bad id scheme",
        "clauses/design.toml",
        |s| {
            add_clause(
                s,
                "DESIGN-1",
                "{ high = \"must\" }",
                "{ all = true }",
                "[\"ncsc-cp-6\"]",
                "ncsc-cp",
                "",
            )
        },
        &["breaks the id scheme"],
    ),
    (
        "undeclared prefix",
        "clauses/design.toml",
        |s| {
            add_clause(
                s,
                "XYZ-001",
                "{ high = \"must\" }",
                "{ all = true }",
                "[\"ncsc-cp-6\"]",
                "ncsc-cp",
                "",
            )
        },
        &["`XYZ` is not a declared prefix"],
    ),
    (
        "two applies_to forms",
        "clauses/design.toml",
        |s| {
            add_clause(
                s,
                "DES-906",
                "{ high = \"must\" }",
                "{ all = true, traits = [\"device\"] }",
                "[\"ncsc-cp-6\"]",
                "ncsc-cp",
                "",
            )
        },
        &["exactly one form"],
    ),
    (
        "unknown clause key",
        "clauses/design.toml",
        |s| s.replacen("[[clause]]\n", "[[clause]]\ncategory = \"x\"\n", 1),
        &["unknown field `category`", "design.toml:"],
    ),
    (
        "contract technology removed",
        "technologies.toml",
        |s| s.replace("id = \"parking\"", "id = \"car-parking\""),
        &["`parking` is part of the product contract"],
    ),
    (
        "bad parameter default",
        "parameters.toml",
        |s| s.replacen("default = 14", "default = \"fourteen\"", 1),
        &["declared as an integer", "parameters.toml:"],
    ),
    (
        "library version",
        "library.toml",
        |s| s.replacen("version = \"0.1.0\"", "version = \"one\"", 1),
        &["MAJOR.MINOR.PATCH", "library.toml:"],
    ),
];

/// Appends a clause with the given fields to a clause file's text.
fn add_clause(
    s: &str,
    id: &str,
    obligation: &str,
    applies: &str,
    guidance: &str,
    source: &str,
    param: &str,
) -> String {
    format!(
        "{s}\n[[clause]]\nid = \"{id}\"\nversion = 1\ntitle = \"Test clause\"\nsection = \"design\"\nstage = \"specification\"\n\
text = \"The Supplier MUST restore service within {param} hours of a test failure.\"\nobligation = {obligation}\napplies_to = {applies}\n\
evidence = [\"A test report\"]\nverify = [\"go-live\"]\nrationale = \"Tests the checker.\"\nguidance = {guidance}\n\n\
[[clause.source]]\ndocument = \"{source}\"\nsection = \"Principle #9\"\nverified = false\n"
    )
}

#[test]
fn every_malformed_library_is_rejected_precisely() {
    for (name, file, edit, needles) in LIBRARY_CASES {
        let lib = library_copy();
        let path = lib.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let edited = edit(&text);
        assert_ne!(edited, text, "{name}: the edit changed nothing");
        std::fs::write(&path, edited).unwrap();
        let out = tempfile::tempdir().unwrap();
        let o = run(&[
            "generate",
            "examples/air-quality-sensors.toml",
            "--library",
            lib.path().to_str().unwrap(),
            "-o",
            out.path().join("p").to_str().unwrap(),
        ]);
        assert_rejected(&o, out.path(), needles, name);
        // `check` reports the same problem with the same exit status.
        let c = run(&["check", "--library", lib.path().to_str().unwrap()]);
        assert_eq!(
            c.status.code(),
            Some(2),
            "{name}: check exit status\n{}",
            stderr(&c)
        );
    }
}

#[test]
fn a_library_file_that_is_not_utf8_is_located() {
    let lib = library_copy();
    std::fs::write(lib.path().join("clauses/zz.toml"), b"# caf\xe9\n").unwrap();
    let o = run(&["check", "--library", lib.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("zz.toml:1:6"), "{}", stderr(&o));
}

#[test]
fn a_missing_library_directory_is_named() {
    let out = tempfile::tempdir().unwrap();
    let o = run(&[
        "generate",
        "examples/air-quality-sensors.toml",
        "--library",
        "no-such-library",
        "-o",
        out.path().join("p").to_str().unwrap(),
    ]);
    assert_rejected(
        &o,
        out.path(),
        &["no-such-library", "does not exist"],
        "missing library",
    );
}

#[test]
fn a_library_without_an_index_file_is_named() {
    let lib = library_copy();
    std::fs::remove_file(lib.path().join("guidance.toml")).unwrap();
    let o = run(&["check", "--library", lib.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("guidance.toml"), "{}", stderr(&o));
}

#[test]
fn malformed_templates_are_rejected_precisely() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "how-to-read.hbs",
            "Hello {{#if tender.title}} unclosed\n",
            &["how-to-read.hbs:", "template syntax error"],
        ),
        (
            "context.hbs",
            "Buyer: {{tender.nosuchfield}}\n",
            &["template `context` failed", "context.hbs:1:"],
        ),
        (
            "how-to-raed.hbs",
            "x",
            &[
                "not a template tenderguard uses",
                "did you mean `how-to-read.hbs`",
            ],
        ),
    ];
    for (file, text, needles) in cases {
        let templates = tempfile::tempdir().unwrap();
        std::fs::write(templates.path().join(file), text).unwrap();
        let out = tempfile::tempdir().unwrap();
        let o = run(&[
            "generate",
            "examples/air-quality-sensors.toml",
            "--templates",
            templates.path().to_str().unwrap(),
            "-o",
            out.path().join("p").to_str().unwrap(),
        ]);
        assert_rejected(&o, out.path(), needles, file);
    }
}
