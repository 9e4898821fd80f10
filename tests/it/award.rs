//! Award criteria an evaluator can score (issue 13 §4): a published scale, a weighting per
//! question that adds up to the security share (profile-settable, checked with located errors),
//! minimum scores printed as excluding, a home question for every scored point, and the same
//! scheme in `assess`; and the scale band of the risk level with the figures that gave it.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::*;

/// A copy of `example` with `extra` appended (a table such as `[award]`), in `dir`.
fn example_with(dir: &Path, example_name: &str, extra: &str) -> PathBuf {
    let text = std::fs::read_to_string(example(example_name)).unwrap();
    let path = dir.join(format!("{example_name}.toml"));
    std::fs::write(&path, format!("{text}\n{extra}\n")).unwrap();
    path
}

/// The award questions the city-centre CCTV example asks, in pack order.
const CCTV_QUESTIONS: [&str; 7] = [
    "AWD-001", "AWD-002", "AWD-003", "AWD-004", "AWD-006", "AWD-010", "AWD-012",
];

fn weights(values: [u32; 7]) -> String {
    let pairs: Vec<String> = CCTV_QUESTIONS
        .iter()
        .zip(values)
        .map(|(id, w)| format!("\"{id}\" = {w}"))
        .collect();
    format!("[award]\nweights = {{ {} }}", pairs.join(", "))
}

#[test]
fn default_weightings_add_up_to_the_security_share_in_every_example() {
    let model = Model::shipped();
    let points: u32 = model
        .library()
        .clauses
        .iter()
        .filter_map(|c| c.weight)
        .sum();
    assert_eq!(points, 100, "the library's award points add up to 100");
    assert_eq!(model.library().award.security_share, 20);
    for path in examples() {
        let pack = pack(&path);
        let award = &pack.award;
        assert!(!award.questions.is_empty(), "{}", path.display());
        let sum: u32 = award.questions.iter().map(|q| q.weighting).sum();
        assert_eq!(sum, award.security_share, "{}", path.display());
        assert_eq!(award.security_share, 20, "{}", path.display());
        assert!(
            award.questions.iter().all(|q| q.weighting >= 1),
            "{}: every question carries some weight",
            path.display()
        );
        for q in &award.questions {
            let c = pack.clauses.iter().find(|c| c.id == q.id).unwrap();
            assert_eq!(c.weighting, Some(q.weighting), "{}", q.id);
        }
    }
}

#[test]
fn every_scored_item_has_a_home_question_in_every_example() {
    for path in examples() {
        let pack = pack(&path);
        let award = &pack.award;
        assert!(
            award.placed_by_fallback.is_empty(),
            "{}: {:?}",
            path.display(),
            award.placed_by_fallback
        );
        assert!(
            award.homeless.is_empty(),
            "{}: {:?}",
            path.display(),
            award.homeless
        );
        let scored: Vec<_> = pack
            .clauses
            .iter()
            .filter(|c| c.category == Category::Scored && c.stage != Stage::Award)
            .collect();
        assert!(!scored.is_empty(), "{} has scored points", path.display());
        for c in scored {
            let homes: Vec<_> = award
                .questions
                .iter()
                .filter(|q| q.covers.contains(&c.id))
                .collect();
            assert_eq!(homes.len(), 1, "{}: {} has one home", path.display(), c.id);
            let home = pack.clauses.iter().find(|q| q.id == homes[0].id).unwrap();
            assert_eq!(
                c.marked_under.as_deref(),
                Some(home.pack_ref.as_str()),
                "{}",
                c.id
            );
            assert!(
                home.covers.contains(&c.pack_ref),
                "{} lists {}",
                home.id,
                c.pack_ref
            );
        }
    }
}

#[test]
fn the_award_chapter_prints_the_scale_weightings_thresholds_and_covered_points() {
    let out = generate_temp(&example("city-centre-cctv"), "md");
    let md = std::fs::read_to_string(out.path().join("security-requirements.md")).unwrap();
    let chapter = &md[md.find("## 5 Award criteria").unwrap()..md.find("## 6 ").unwrap()];
    assert!(
        chapter.contains("Scoring scale for every award question"),
        "{chapter}"
    );
    for (score, name) in [(5, "Excellent"), (0, "Unacceptable")] {
        assert!(chapter.contains(&format!("| {score} | {name} |")), "{name}");
    }
    assert!(chapter.contains("Together they carry 20% of the quality score"));
    assert_eq!(
        chapter.matches("**Weighting**: ").count(),
        CCTV_QUESTIONS.len()
    );
    assert!(chapter.contains(
        "**Minimum score**: 2 out of 5. A score below 2 on this question excludes the tender."
    ));
    assert!(
        chapter.contains("**Also marks**: the scored requirement"),
        "{chapter}"
    );
}

#[test]
fn a_profile_weighting_changes_what_bidders_read() {
    let dir = tempfile::tempdir().unwrap();
    let before = pack(&example("city-centre-cctv"));
    assert!(before.award.questions.iter().all(|q| q.weighting < 8));
    let profile = example_with(
        dir.path(),
        "city-centre-cctv",
        &weights([8, 2, 2, 2, 2, 2, 2]),
    );
    let out = generate_temp(&profile, "md,json");
    let md = std::fs::read_to_string(out.path().join("security-requirements.md")).unwrap();
    assert!(
        md.contains("**Weighting**: 8% of the quality score"),
        "the override is printed"
    );
    let json: Value =
        serde_json::from_slice(&std::fs::read(out.path().join("selection.json")).unwrap()).unwrap();
    assert_eq!(json["award"]["weights_from"], "profile");
    let q = json["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "AWD-001")
        .unwrap();
    assert_eq!(q["weighting_percent"], 8);
}

#[test]
fn a_profile_share_and_minimum_score_are_printed() {
    let dir = tempfile::tempdir().unwrap();
    let profile = example_with(
        dir.path(),
        "city-centre-cctv",
        "[award]\nsecurity_share = 30\nminimum_scores = { \"AWD-004\" = 3, \"AWD-003\" = 0 }",
    );
    let pack = pack(&profile);
    assert_eq!(pack.award.security_share, 30);
    assert_eq!(
        pack.award
            .questions
            .iter()
            .map(|q| q.weighting)
            .sum::<u32>(),
        30
    );
    let minimum = |id: &str| pack.award.question(id).unwrap().minimum_score;
    assert_eq!((minimum("AWD-004"), minimum("AWD-003")), (Some(3), None));
    let out = generate_temp(&profile, "md");
    let md = std::fs::read_to_string(out.path().join("security-requirements.md")).unwrap();
    assert!(md.contains("A score below 3 on this question excludes the tender."));
    assert!(!md.contains("A score below 2 on this question"));
}

/// Runs `generate` on the CCTV example with `award` appended, expecting a refusal.
fn refused(award: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let profile = example_with(dir.path(), "city-centre-cctv", award);
    let out = dir.path().join("out");
    let o = run(&[
        "generate",
        profile.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--format",
        "md",
    ]);
    assert_eq!(o.status.code(), Some(2), "{award}\n{}", stderr(&o));
    assert!(!out.exists(), "nothing is written");
    stderr(&o)
}

#[test]
fn weights_that_do_not_add_up_to_the_share_are_a_located_error() {
    let e = refused(&weights([2, 2, 2, 2, 2, 2, 2]));
    assert!(
        e.contains("award.weights add up to 14%, not the 20%"),
        "{e}"
    );
    assert!(e.contains("city-centre-cctv.toml:"), "located: {e}");
    let e = refused(&format!(
        "{}\nsecurity_share = 14",
        weights([3, 2, 2, 2, 2, 2, 2])
    ));
    assert!(
        e.contains("add up to 15%, not the 14% of award.security_share"),
        "{e}"
    );
}

#[test]
fn unknown_and_unasked_questions_and_bad_values_are_located_errors() {
    let e = refused("[award]\nweights = { \"AWD-0O1\" = 20 }");
    assert!(
        e.contains("unknown award question `AWD-0O1`") && e.contains("did you mean `AWD-001`?"),
        "{e}"
    );
    let e = refused("[award]\nweights = { \"DES-001\" = 20 }");
    assert!(
        e.contains("`DES-001` in award.weights is not an award question"),
        "{e}"
    );
    // AWD-011 (operational technology) is not asked in a CCTV tender.
    let mut w = weights([2, 2, 2, 2, 2, 2, 2]);
    w = w.replace(" }", ", \"AWD-011\" = 6 }");
    let e = refused(&w);
    assert!(
        e.contains("`AWD-011` in award.weights is not asked in this tender"),
        "{e}"
    );
    let e = refused("[award]\nweights = { \"AWD-001\" = 20 }");
    assert!(
        e.contains("award.weights gives no weighting to `AWD-002`"),
        "{e}"
    );
    let e = refused("[award]\nsecurity_share = 0");
    assert!(
        e.contains("award.security_share is 0; it must be 1 to 100"),
        "{e}"
    );
    let e = refused("[award]\nminimum_scores = { \"AWD-003\" = 6 }");
    assert!(e.contains("it must be 0 to 5"), "{e}");
    let e = refused("[award]\nweighting = 3");
    assert!(e.contains("weighting"), "unknown keys are refused: {e}");
}

#[test]
fn assess_lists_scored_items_with_weightings_and_thresholds() {
    let issued = generate_temp(&example("city-centre-cctv"), "csv");
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("assessment.json");
    let o = run(&[
        "assess",
        example("city-centre-cctv").to_str().unwrap(),
        issued.path().join("response-matrix.csv").to_str().unwrap(),
        "--format",
        "json",
        "-o",
        report.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "an empty matrix is incomplete");
    let v: Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    let scoring = &v["scoring"];
    assert_eq!(scoring["security_share"], 20);
    assert_eq!(scoring["scale"].as_array().unwrap().len(), 6);
    let questions = scoring["questions"].as_array().unwrap();
    let ids: Vec<&str> = questions
        .iter()
        .map(|q| q["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, CCTV_QUESTIONS);
    let sum: u64 = questions
        .iter()
        .map(|q| q["weighting_percent"].as_u64().unwrap())
        .sum();
    assert_eq!(sum, 20);
    let awd003 = questions.iter().find(|q| q["id"] == "AWD-003").unwrap();
    assert_eq!(awd003["minimum_score"], 2);
    let marked: usize = questions
        .iter()
        .map(|q| q["marks"].as_array().unwrap().len())
        .sum();
    let scored_points = v["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["category"] == "scored" && !r["id"].as_str().unwrap().starts_with("AWD"))
        .count();
    assert_eq!(
        marked, scored_points,
        "every scored point is listed under a question"
    );
    assert!(scoring["unplaced"].as_array().unwrap().is_empty());

    let md = dir.path().join("assessment.md");
    run(&[
        "assess",
        example("city-centre-cctv").to_str().unwrap(),
        issued.path().join("response-matrix.csv").to_str().unwrap(),
        "-o",
        md.to_str().unwrap(),
    ]);
    let md = std::fs::read_to_string(md).unwrap();
    assert!(md.contains("## Scored items for the evaluators"), "{md}");
    assert!(md.contains("**2 (below excludes)**"));
}

#[test]
fn the_scale_band_and_its_figures_show_in_the_risk_chapter_and_record() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(example("air-quality-sensors")).unwrap();
    let text = text.replacen(
        "[scope]\n",
        "[scope]\nsites = 2\ndevices = 40\ncontract_value = 180000\n",
        1,
    );
    let profile = dir.path().join("small.toml");
    std::fs::write(&profile, text).unwrap();
    let out = generate_temp(&profile, "md");
    let want = "Scale of the deployment: small (2 sites, 40 devices, contract value £180,000).";
    let record = std::fs::read_to_string(out.path().join("pack-record.md")).unwrap();
    assert!(record.contains(want), "record");
    let md = std::fs::read_to_string(out.path().join("security-requirements.md")).unwrap();
    assert!(md.contains(want), "risk chapter");
    // No figures: the record says the band is standard and why; the bidder reads nothing.
    let out = generate_temp(&example("city-centre-cctv"), "md");
    let record = std::fs::read_to_string(out.path().join("pack-record.md")).unwrap();
    assert!(record.contains("Scale of the deployment: standard (no number of sites"));
    let md = std::fs::read_to_string(out.path().join("security-requirements.md")).unwrap();
    assert!(!md.contains("Scale of the deployment"));
}

/// `library.toml` of a copy of the shipped library with `edit` applied.
fn check_with_library_toml(edit: impl Fn(&str) -> String) -> String {
    let lib = library_copy();
    let path = lib.path().join("library.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, edit(&text)).unwrap();
    let o = run(&["check", "--library", lib.path().to_str().unwrap()]);
    assert_ne!(o.status.code(), Some(0), "{}", stdout(&o));
    format!("{}{}", stdout(&o), stderr(&o))
}

#[test]
fn check_refuses_a_clause_without_a_home_and_warns_of_stale_homes_and_points() {
    let out = check_with_library_toml(|t| t.replace("\nCON = [\"AWD-010\", \"AWD-003\"]", ""));
    assert!(
        out.contains("`CON-001` has no award question to be marked under"),
        "{out}"
    );
    let lib = library_copy();
    let path = lib.path().join("library.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("TEC = [\"AWD-002\"", "TEC = [\"AWD-099\""),
    )
    .unwrap();
    let award = lib.path().join("clauses/award.toml");
    let text = std::fs::read_to_string(&award).unwrap();
    std::fs::write(&award, text.replacen("weight = 10\n", "weight = 11\n", 1)).unwrap();
    let o = run(&["check", "--library", lib.path().to_str().unwrap()]);
    let out = stderr(&o);
    assert!(
        out.contains("names `AWD-099`, which is not an award question")
            && out.contains("[award-home]"),
        "{out}"
    );
    assert!(
        out.contains("the award questions' points add up to 101") && out.contains("[award-points]"),
        "{out}"
    );
}

#[test]
fn every_scored_point_finds_a_listed_home_at_every_level_with_every_technology() {
    let model = Model::shipped();
    for level in ["low", "medium", "high"] {
        let profile = format!(
            "[tender]\ntitle = \"T\"\nreference = \"R\"\nbuyer = \"B\"\n[scope]\n\
technologies = [\"cctv\", \"anpr\", \"street-lighting\", \"traffic-management\", \"parking\", \
\"environmental-sensors\", \"waste-management\", \"footfall-monitoring\", \"assisted-living\", \
\"ev-charging\", \"smart-energy\", \"building-management\", \"public-wifi\", \"iot-network\", \
\"data-platform\", \"physical-security\"]\nhosting = \"hybrid\"\nrisk = \"{level}\"\n\
risk_reason = \"Each level in turn.\"\n[impact]\npersonal_data = \"personal\"\n\
supplier_remote_access = true\n"
        );
        let plan = model
            .plan(&profile)
            .unwrap_or_else(|e| panic!("{level}: {e:?}"));
        let award = &plan.selection.award;
        assert!(award.homeless.is_empty(), "{level}: {:?}", award.homeless);
        assert!(
            award.placed_by_fallback.is_empty(),
            "{level}: no listed question asked for {:?}",
            award.placed_by_fallback
        );
        let sum: u32 = award.questions.iter().map(|q| q.weighting).sum();
        assert_eq!(sum, 20, "{level}");
    }
}
