//! The commands as a user runs them: examples build, outputs follow the contract, runs are
//! deterministic, nothing is overwritten by accident and failures leave earlier output intact.

use crate::support::*;

#[test]
fn every_example_generates_markdown_csv_and_json() {
    for profile in examples() {
        let out = tempfile::tempdir().unwrap();
        generate(&profile, out.path(), "md,csv,json");
        for f in [
            "security-requirements.md",
            "response-matrix.csv",
            "selection.json",
        ] {
            assert!(
                out.path().join(f).is_file(),
                "{} missing {f}",
                profile.display()
            );
        }
        let model: Vec<String> = pack(&profile).clauses.into_iter().map(|c| c.id).collect();
        assert_eq!(
            selection_ids(out.path()),
            model,
            "{}: the clauses the model selects",
            profile.display()
        );
    }
}

#[test]
fn selection_json_has_the_contract_fields() {
    let out = tempfile::tempdir().unwrap();
    let profile = example("city-centre-cctv");
    generate(&profile, out.path(), "json");
    let v = selection_json(out.path());
    let model = pack(&profile);
    assert_eq!(v["tool"]["name"], "tenderguard");
    assert_eq!(v["tool"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(v["library"]["version"], model.meta.library_version);
    assert_eq!(v["library"]["sha256"], model.meta.library_sha256);
    assert_eq!(v["library"]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(v["profile"]["tender"]["reference"], "ECC-2026-0142");
    assert_eq!(
        v["profile"]["tender"]["issue_date"], "2026-12-01",
        "dates as written, not serde internals"
    );
    assert_eq!(v["risk"]["level"], model.risk.level.as_str());
    assert_eq!(
        v["risk"]["derived_level"],
        model.risk.derived_level.as_str()
    );
    let factors: Vec<&str> = v["risk"]["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["factor"].as_str().unwrap())
        .collect();
    let model_factors: Vec<&str> = model
        .risk
        .reasons
        .iter()
        .map(|r| r.factor.as_str())
        .collect();
    assert_eq!(factors, model_factors, "every risk reason, in order");
    for c in v["clauses"].as_array().unwrap() {
        for key in [
            "id",
            "version",
            "pack_ref",
            "section",
            "title",
            "text",
            "obligation",
            "stage",
            "evidence",
            "guidance",
            "sources",
            "reasons",
        ] {
            assert!(!c[key].is_null(), "clause {} lacks {key}", c["id"]);
        }
        assert!(["must", "should"].contains(&c["obligation"].as_str().unwrap()));
        assert!(
            !c["text"].as_str().unwrap().contains("{{"),
            "{} has an unfilled parameter",
            c["id"]
        );
        for s in c["sources"].as_array().unwrap() {
            for key in ["document", "section", "url", "verified"] {
                assert!(!s[key].is_null(), "{} source lacks {key}", c["id"]);
            }
        }
    }
    assert!(v["excluded"].is_array());
    let coverage = v["coverage"].as_array().unwrap();
    assert!(coverage.iter().any(|c| c["guidance"] == "ncsc-cp-1"));
    for c in coverage {
        assert!(
            !c["clauses"].as_array().unwrap().is_empty() || c["reason"].is_string(),
            "{} has neither clauses nor a reason",
            c["guidance"]
        );
    }
}

#[test]
fn csv_matrix_has_the_contract_columns_in_pack_order() {
    let out = tempfile::tempdir().unwrap();
    generate(&example("traffic-and-lighting"), out.path(), "csv,json");
    let mut r = csv::Reader::from_path(out.path().join("response-matrix.csv")).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header, MATRIX_COLUMNS);
    let ids: Vec<String> = r.records().map(|rec| rec.unwrap()[0].to_string()).collect();
    assert_eq!(ids, selection_ids(out.path()));
}

#[test]
fn markdown_carries_every_clause_in_order() {
    let out = tempfile::tempdir().unwrap();
    generate(&example("city-centre-cctv"), out.path(), "md,json");
    let md = std::fs::read_to_string(out.path().join("security-requirements.md")).unwrap();
    let mut from = 0;
    for id in selection_ids(out.path()) {
        let needle = format!("\\[{id} v");
        let at = md[from..]
            .find(&needle)
            .unwrap_or_else(|| panic!("{id} missing or out of order"));
        from += at + needle.len();
    }
    for heading in [
        "How to read this document",
        "Context and risk",
        "Conditions of participation",
        "Security requirements",
        "Award criteria",
        "Contract security obligations",
        "Evidence checklist",
        "Annex A",
        "Annex B",
        "Annex C",
    ] {
        assert!(md.contains(heading), "missing {heading}");
    }
}

#[test]
fn two_runs_give_identical_bytes() {
    for profile in examples() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        generate(&profile, a.path(), "md,csv,json");
        generate(&profile, b.path(), "md,csv,json");
        for f in [
            "security-requirements.md",
            "response-matrix.csv",
            "selection.json",
        ] {
            assert_eq!(
                std::fs::read(a.path().join(f)).unwrap(),
                std::fs::read(b.path().join(f)).unwrap(),
                "{} {f} differs",
                profile.display()
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn outputs_are_ordinary_files_readable_by_others() {
    use std::os::unix::fs::PermissionsExt;
    let out = tempfile::tempdir().unwrap();
    generate(&example("air-quality-sensors"), out.path(), "md");
    let mode = std::fs::metadata(out.path().join("security-requirements.md"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(
        mode & 0o044,
        0o044,
        "mode {mode:o}: group and others can read (umask permitting)"
    );
}

#[test]
fn default_output_folder_is_named_after_the_reference() {
    let cwd = tempfile::tempdir().unwrap();
    let profile = example("air-quality-sensors");
    let o = run_in(
        cwd.path(),
        &["generate", profile.to_str().unwrap(), "--format", "json"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        cwd.path()
            .join("output/nbc-env-2026-07/selection.json")
            .is_file(),
        "{:?}",
        files_below(cwd.path())
    );
}

#[test]
fn a_failed_run_leaves_earlier_output_intact() {
    let out = tempfile::tempdir().unwrap();
    generate(&example("air-quality-sensors"), out.path(), "md,json");
    let before: Vec<Vec<u8>> = ["security-requirements.md", "selection.json"]
        .iter()
        .map(|f| std::fs::read(out.path().join(f)).unwrap())
        .collect();
    let bad = root().join("tests/bad-inputs/profiles/06-unknown-technology.toml");
    let o = run(&[
        "generate",
        bad.to_str().unwrap(),
        "--format",
        "md,json",
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let after: Vec<Vec<u8>> = ["security-requirements.md", "selection.json"]
        .iter()
        .map(|f| std::fs::read(out.path().join(f)).unwrap())
        .collect();
    assert_eq!(before, after);
    assert_eq!(
        files_below(out.path()).len(),
        3,
        "no temporary files left (the pack, and the buyer's record beside it): {:?}",
        files_below(out.path())
    );
}

#[test]
fn profile_text_is_printed_as_written_never_evaluated() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("p.toml");
    std::fs::write(
        &profile,
        r#"[tender]
title = "Café {{tender.buyer}} **bold** <b>x</b> & £5"
reference = "INJ-1"
buyer = "=HYPERLINK(\"http://x\")"
[scope]
technologies = ["environmental-sensors"]
[[clause]]
id = "INJ-01"
section = "design"
title = "=1+1"
text = "The Supplier MUST print {{#each x}} and {{critical_patch_days}} as written."
obligation = "must"
evidence = ["@SUM(A1)"]
"#,
    )
    .unwrap();
    let out = dir.path().join("out");
    generate(&profile, &out, "md,csv,json");
    let v = selection_json(&out);
    assert_eq!(
        v["tender"]["title"],
        "Café {{tender.buyer}} **bold** <b>x</b> & £5"
    );
    let clause = v["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "INJ-01")
        .unwrap();
    assert_eq!(
        clause["text"], "The Supplier MUST print {{#each x}} and 14 as written.",
        "only declared parameters are filled"
    );
    let md = std::fs::read_to_string(out.join("security-requirements.md")).unwrap();
    assert!(
        md.contains(r"Café {{tender.buyer}} \*\*bold\*\* \<b\>x\</b\> \& £5"),
        "title escaped for Markdown"
    );
    let mut r = csv::Reader::from_path(out.join("response-matrix.csv")).unwrap();
    let row = r
        .records()
        .map(|r| r.unwrap())
        .find(|r| &r[0] == "INJ-01")
        .unwrap();
    // Columns as issued: Title is the third, Evidence required the twelfth.
    assert_eq!(&row[2], "'=1+1", "a formula-looking title is neutralised");
    assert_eq!(
        &row[11], "\u{2022} @SUM(A1) (with the tender)",
        "formula-looking evidence is a list item, which no spreadsheet reads as a formula"
    );
}

#[test]
fn init_writes_a_profile_that_generates_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.toml");
    let o = run(&[
        "init",
        path.to_str().unwrap(),
        "--technology",
        "parking",
        "--technology",
        "data-platform",
        "--risk",
        "medium",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let written = std::fs::read(&path).unwrap();
    let out = dir.path().join("out");
    generate(&path, &out, "json");
    let again = run(&["init", path.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("already exists"));
    assert_eq!(std::fs::read(&path).unwrap(), written);
    let bad = run(&[
        "init",
        dir.path().join("x.toml").to_str().unwrap(),
        "--technology",
        "parkign",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("did you mean `parking`"));
}

#[test]
fn list_json_has_the_contract_fields() {
    let o = run(&["list", "technologies", "--json"]);
    let techs: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(techs.len(), 16);
    for t in &techs {
        assert!(
            t["id"].is_string()
                && t["name"].is_string()
                && t["traits"].is_array()
                && t["default_risk"].is_string()
        );
    }
    let o = run(&["list", "clauses", "--json"]);
    let clauses: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let listed: Vec<&str> = clauses.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(
        listed,
        Model::shipped().clause_ids(),
        "every library clause, in library order"
    );
    for c in &clauses {
        for key in [
            "id",
            "version",
            "title",
            "section",
            "stage",
            "obligations",
            "applies_to",
            "guidance",
            "sources",
        ] {
            assert!(!c[key].is_null(), "{} lacks {key}", c["id"]);
        }
        assert!(["participation", "specification", "award", "contract"]
            .contains(&c["stage"].as_str().unwrap()));
        let a = &c["applies_to"];
        assert!(a["all"].is_boolean() && a["technologies"].is_array() && a["traits"].is_array());
    }
    let o = run(&["list", "risk-levels", "--json"]);
    let levels: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(levels.len(), 3);
}

#[test]
fn list_filters_by_technology_and_risk() {
    let low: Vec<serde_json::Value> =
        serde_json::from_slice(&run(&["list", "clauses", "--risk", "low", "--json"]).stdout)
            .unwrap();
    assert!(low.iter().all(|c| !c["obligations"]["low"].is_null()));
    let model = Model::shipped();
    let used_at_low = model.clause_ids_used_at(RiskLevel::Low);
    assert!(
        used_at_low.len() < model.clause_ids().len(),
        "the filter leaves some clauses out"
    );
    let listed: Vec<&str> = low.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(listed, used_at_low, "exactly the clauses used at low risk");
    let cctv: Vec<serde_json::Value> =
        serde_json::from_slice(&run(&["list", "clauses", "--technology", "cctv", "--json"]).stdout)
            .unwrap();
    assert!(cctv.iter().any(|c| c["applies_to"]["technologies"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t == "cctv")));
    assert!(!cctv.iter().any(|c| c["applies_to"]["technologies"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t == "traffic-management")
        && c["applies_to"]["technologies"].as_array().unwrap().len() == 1));
    let bad = run(&["list", "clauses", "--technology", "cctvv"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn show_prints_one_clause_and_suggests_near_misses() {
    let first: Vec<serde_json::Value> =
        serde_json::from_slice(&run(&["list", "clauses", "--json"]).stdout).unwrap();
    let id = first[0]["id"].as_str().unwrap();
    let o = run(&["show", id, "--json"]);
    assert!(o.status.success());
    let c: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(c["id"], id);
    let text = run(&["show", id]);
    assert!(stdout(&text).contains(&format!("[{id} v")));
    let bad = run(&["show", &id.replace('-', "")]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains(&format!("did you mean `{id}`")),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn explain_says_why_each_clause_is_in_or_out() {
    let o = run(&["explain", "examples/air-quality-sensors.toml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Risk level: low"));
    assert!(out.contains("IN ("));
    assert!(out.contains("OUT:"));
    assert!(out.contains("none of which is in scope") || out.contains("none in scope has it"));
    let ids = {
        let d = tempfile::tempdir().unwrap();
        generate(&example("air-quality-sensors"), d.path(), "json");
        selection_ids(d.path())
    };
    let one = run(&["explain", "examples/air-quality-sensors.toml", &ids[0]]);
    assert!(
        stdout(&one).contains(&format!("IN   {}", ids[0])),
        "{}",
        stdout(&one)
    );
}

#[test]
fn check_passes_on_the_shipped_library() {
    let o = run(&["check"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("0 errors"), "{}", stdout(&o));
}
