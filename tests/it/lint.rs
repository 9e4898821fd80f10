//! Each drafting lint rule has a failing fixture (the finding appears, pointing at the clause's
//! file and line, with the right severity) and a passing one (the same clause, drafted well,
//! draws no finding). Fixtures are added to a copy of the shipped library.

use crate::support::*;

/// A clause for the fixture file; `{text}` and `{obligation}` vary per case.
fn clause(id: &str, stage: &str, text: &str, obligation: &str, extra: &str) -> String {
    format!(
        "[[clause]]\nid = \"{id}\"\nversion = 1\ntitle = \"Lint fixture {id}\"\nsection = \"design\"\nstage = \"{stage}\"\n\
text = \"{text}\"\nobligation = {obligation}\napplies_to = {{ all = true }}\nevidence = [\"A report\"]\nverify = [\"go-live\"]\n\
rationale = \"Fixture.\"\nguidance = [\"ncsc-cp-6\"]\n{extra}\n[[clause.source]]\ndocument = \"ncsc-cp\"\nsection = \"#6\"\nverified = false\n\n"
    )
}

const MUST: &str = "{ low = \"must\", medium = \"must\", high = \"must\" }";
const SHOULD: &str = "{ low = \"should\", medium = \"should\", high = \"should\" }";

/// Runs `check` on the shipped library plus `fixture` and returns (exit code, stderr).
fn check_with(fixture: &str) -> (Option<i32>, String) {
    let lib = library_copy();
    std::fs::write(lib.path().join("clauses/zz-lint.toml"), fixture).unwrap();
    let o = run(&["check", "--library", lib.path().to_str().unwrap()]);
    (o.status.code(), stderr(&o))
}

/// The findings about the fixture file only: (severity line, rule code).
fn findings(stderr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let lines: Vec<&str> = stderr.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if (line.starts_with("error") || line.starts_with("warning"))
            && lines
                .get(i + 1)
                .is_some_and(|l| l.contains("zz-lint.toml:"))
        {
            out.push(line.to_string());
        }
    }
    out
}

struct Case {
    rule: &'static str,
    error: bool,
    bad: String,
    good: String,
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            rule: "[verb-agreement]",
            error: true,
            bad: clause("DES-950", "specification", "The Supplier will patch devices.", MUST, ""),
            good: clause("DES-950", "specification", "The Supplier MUST patch devices.", MUST, ""),
        },
        Case {
            rule: "[verb-agreement]",
            error: true,
            bad: clause("DES-951", "specification", "The Supplier will patch devices.", SHOULD, ""),
            good: clause("DES-951", "specification", "The Supplier SHOULD patch devices.", SHOULD, ""),
        },
        Case {
            rule: "[keyword-case]",
            error: false,
            bad: clause("DES-952", "specification", "The Supplier MUST patch devices and shall report.", MUST, ""),
            good: clause("DES-952", "specification", "The Supplier MUST patch devices and report each patch.", MUST, ""),
        },
        Case {
            rule: "[vague-word]",
            error: false,
            bad: clause("DES-953", "specification", "The Supplier MUST apply appropriate controls.", MUST, ""),
            good: clause("DES-953", "specification", "The Supplier MUST apply the controls listed in Annex 3.", MUST, ""),
        },
        Case {
            rule: "[or-equivalent]",
            error: true,
            bad: clause("DES-954", "specification", "The Supplier MUST hold ISO/IEC 27001 certification.", MUST, ""),
            good: clause("DES-954", "specification", "The Supplier MUST hold ISO/IEC 27001 certification, or equivalent.", MUST, ""),
        },
        Case {
            rule: "[template-syntax]",
            error: true,
            bad: clause("DES-955", "specification", "The Supplier MUST report {{#if x}} monthly.", MUST, ""),
            good: clause("DES-955", "specification", "The Supplier MUST report within {{critical_patch_days}} days.", MUST, ""),
        },
        Case {
            rule: "[id-scheme]",
            error: true,
            bad: clause("CON-950", "specification", "The Supplier MUST sign the schedule.", MUST, ""),
            good: clause("CON-950", "contract", "The Supplier MUST sign the schedule.", MUST, ""),
        },
        Case {
            rule: "[verb-agreement]",
            error: true,
            bad: clause("AWD-950", "award", "Describe how you MUST patch.", SHOULD, "strong_answer = [\"x\"]\nword_limit = 500"),
            good: clause("AWD-950", "award", "Describe how you patch.", SHOULD, "strong_answer = [\"x\"]\nword_limit = 500"),
        },
        Case {
            rule: "[obligation-keyword]",
            error: true,
            bad: clause("PAR-950", "participation", "The Supplier MUST hold a certificate.", "{ low = \"should\", medium = \"must\", high = \"must\" }", ""),
            good: clause("PAR-950", "participation", "The Supplier MUST hold a certificate.", "{ medium = \"must\", high = \"must\" }", ""),
        },
        Case {
            rule: "[duplicate]",
            error: true,
            bad: clause("DES-956", "specification", "The Supplier MUST log every login.", MUST, "") + &clause("DES-957", "specification", "The Supplier MUST log every login.", MUST, ""),
            good: clause("DES-956", "specification", "The Supplier MUST log every login.", MUST, "") + &clause("DES-957", "specification", "The Supplier MUST keep logs for a year.", MUST, ""),
        },
        Case {
            rule: "[near-duplicate]",
            error: false,
            bad: clause("DES-958", "specification", "The Supplier MUST record every administrator login to the central management system with time and source address.", MUST, "")
                + &clause("DES-959", "specification", "The Supplier MUST record every administrator login to the central management system with time, user and source address.", MUST, ""),
            good: clause("DES-958", "specification", "The Supplier MUST record every administrator login to the central management system with time and source address.", MUST, "")
                + &clause("DES-959", "specification", "The Supplier MUST encrypt backups with keys held by the Council.", MUST, ""),
        },
    ]
}

#[test]
fn each_lint_rule_fails_its_bad_fixture_and_passes_its_good_one() {
    for case in cases() {
        let (code, err) = check_with(&case.bad);
        let found = findings(&err);
        assert!(
            found.iter().any(|f| f.contains(case.rule)),
            "{}: bad fixture not flagged\n{err}",
            case.rule
        );
        let severity = if case.error { "error" } else { "warning" };
        assert!(
            found
                .iter()
                .any(|f| f.contains(case.rule) && f.starts_with(severity)),
            "{}: wrong severity: {found:?}",
            case.rule
        );
        assert_eq!(
            code,
            Some(if case.error { 1 } else { 0 }),
            "{}: exit status\n{err}",
            case.rule
        );

        let (code, err) = check_with(&case.good);
        let found = findings(&err);
        assert!(
            !found.iter().any(|f| f.contains(case.rule)),
            "{}: good fixture flagged: {found:?}",
            case.rule
        );
        assert_eq!(
            code,
            Some(0),
            "{}: good fixture exit status\n{err}",
            case.rule
        );
    }
}

#[test]
fn an_unused_parameter_is_a_warning_at_its_declaration() {
    let lib = library_copy();
    let path = lib.path().join("parameters.toml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("\n[[parameter]]\nname = \"never_used_days\"\ntype = \"integer\"\ndefault = 5\nmin = 1\nmax = 9\nunit = \"days\"\nmeaning = \"Fixture\"\n");
    std::fs::write(&path, text).unwrap();
    let o = run(&["check", "--library", lib.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let err = stderr(&o);
    assert!(
        err.contains(
            "parameter `never_used_days` is declared but no clause uses it [unused-parameter]"
        ),
        "{err}"
    );
    assert!(err.contains("parameters.toml:"), "{err}");
}

#[test]
fn lost_coverage_is_an_error() {
    let lib = library_copy();
    // Remove every clause that names ncsc-cp-14 from the library copy.
    for entry in std::fs::read_dir(lib.path().join("clauses")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let kept: Vec<&str> = text
            .split("[[clause]]")
            .filter(|c| !c.contains("\"ncsc-cp-14\""))
            .collect();
        std::fs::write(&path, kept.join("[[clause]]")).unwrap();
    }
    let o = run(&["check", "--library", lib.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("guidance item `ncsc-cp-14` is cited by 0 clause(s)"),
        "{}",
        stderr(&o)
    );
}
