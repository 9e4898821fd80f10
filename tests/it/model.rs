//! The requirement model (issue 13): every clause is a tender gate, a contract requirement or
//! scored, and the verb its text prints is derived from that category. Checked for every clause
//! of the shipped library at every risk level, as selected and after each kind of tailoring
//! (include, exclude, obligation change), on the selection and on the pack writers read.

use crate::support::*;

const TECHNOLOGIES: &str = r#"["cctv", "anpr", "street-lighting", "traffic-management", "parking",
  "environmental-sensors", "waste-management", "footfall-monitoring", "assisted-living",
  "ev-charging", "smart-energy", "building-management", "public-wifi", "iot-network",
  "data-platform", "physical-security"]"#;

/// Every technology, every impact answered yes, at `level` (stated, with a reason where the
/// answers would derive a higher one), plus `tailoring`.
fn profile(level: RiskLevel, tailoring: &str) -> String {
    format!(
        "[tender]\ntitle = \"Model\"\nreference = \"M-1\"\nbuyer = \"Test Council\"\n\
[scope]\ntechnologies = {TECHNOLOGIES}\nhosting = \"hybrid\"\nrisk = \"{level}\"\n\
risk_reason = \"The test states each level in turn.\"\n\
[impact]\nsafety = true\ncontrols_physical_assets = true\npersonal_data = \"special-category\"\n\
public_monitoring = true\ncni_dependency = true\nsupplier_remote_access = true\n\
connects_to_corporate_network = true\n{tailoring}"
    )
}

fn list(ids: &[String], extra: &str) -> String {
    ids.iter()
        .map(|id| format!("{{ id = \"{id}\", reason = \"test\"{extra} }}"))
        .collect::<Vec<_>>()
        .join(",\n  ")
}

/// Every selected clause reads as its category: the category is `Category::of` its obligation,
/// the text names that category's verb and never the other, and the pack carries the same.
fn assert_agrees(plan: &Plan, what: &str) {
    assert!(
        !plan.selection.selected.is_empty(),
        "{what}: nothing selected"
    );
    for s in &plan.selection.selected {
        assert_eq!(
            s.category,
            Category::of(&s.clause, s.obligation),
            "{what}: {}",
            s.clause.id
        );
        if let Some(why) = verb_disagreement(&s.text, s.clause.stage, s.category) {
            panic!("{what}: {} {why}: {}", s.clause.id, s.text);
        }
    }
    let pack = plan
        .build_pack()
        .unwrap_or_else(|d| panic!("{what}: {:?}", d.0));
    for c in &pack.clauses {
        let s = plan.selection.selected(&c.id).unwrap();
        assert_eq!(
            (c.category, &c.text),
            (s.category, &s.text),
            "{what}: {}",
            c.id
        );
    }
}

#[test]
fn every_clause_at_every_level_reads_as_its_category_after_every_kind_of_tailoring() {
    let model = Model::shipped();
    let all = model.clause_ids();
    for level in RiskLevel::ALL {
        let natural = model.plan(&profile(level, "")).unwrap();
        assert_agrees(&natural, &format!("{level}"));
        let selected: Vec<String> = natural
            .selection
            .selected
            .iter()
            .map(|s| s.clause.id.clone())
            .collect();
        let out: Vec<String> = all
            .iter()
            .filter(|id| !selected.contains(id))
            .cloned()
            .collect();

        // Include: every clause this profile leaves out, forced in.
        let include = format!("[tailoring]\ninclude = [\n  {}\n]\n", list(&out, ""));
        let included = model.plan(&profile(level, &include)).unwrap();
        assert_eq!(
            included.selection.selected.len(),
            all.len(),
            "{level}: include"
        );
        assert_agrees(&included, &format!("{level} + include"));

        // Obligation change: every clause of the full pack to must, then to should.
        for to in ["must", "should"] {
            let change = format!(
                "[tailoring]\ninclude = [\n  {}\n]\nobligation = [\n  {}\n]\n",
                list(&out, ""),
                list(&all, &format!(", to = \"{to}\""))
            );
            // A change to the obligation a clause already has is a warning, not an error.
            let changed = model.plan(&profile(level, &change)).unwrap();
            assert_agrees(&changed, &format!("{level} + obligation {to}"));
        }

        // Exclude: every selected clause but one goes, and is never printed.
        let keep = &selected[0];
        let gone: Vec<String> = selected[1..].to_vec();
        let exclude = format!("[tailoring]\nexclude = [\n  {}\n]\n", list(&gone, ""));
        let excluded = model.plan(&profile(level, &exclude)).unwrap();
        let ids: Vec<&str> = excluded
            .selection
            .selected
            .iter()
            .map(|s| s.clause.id.as_str())
            .collect();
        assert_eq!(ids, [keep.as_str()], "{level}: exclude");
        assert_agrees(&excluded, &format!("{level} + exclude"));
    }
}

#[test]
fn a_should_at_low_clause_says_should_at_low_and_must_above() {
    let model = Model::shipped();
    let lib_clause = model
        .library()
        .clauses
        .iter()
        .find(|c| {
            c.obligation.low == Some(Obligation::Should)
                && c.obligation.medium == Some(Obligation::Must)
        })
        .expect("the library has a clause scored at low and a contract requirement above")
        .clone();
    let text_at = |level| {
        let plan = model.plan(&profile(level, "")).unwrap();
        plan.selection
            .selected(&lib_clause.id)
            .map(|s| (s.category, s.text.clone()))
    };
    if let Some((category, text)) = text_at(RiskLevel::Low) {
        assert_eq!(category, Category::Scored);
        assert!(text.contains("SHOULD") && !text.contains("MUST"), "{text}");
    }
    let (category, text) = text_at(RiskLevel::Medium).unwrap();
    assert_eq!(category, Category::Contract);
    assert!(text.contains("MUST") && !text.contains("SHOULD"), "{text}");
}

#[test]
fn conditions_of_participation_are_the_only_tender_gates() {
    let model = Model::shipped();
    let plan = model.plan(&profile(RiskLevel::High, "")).unwrap();
    for s in &plan.selection.selected {
        assert_eq!(
            s.category == Category::Gate,
            s.clause.stage == Stage::Participation,
            "{}",
            s.clause.id
        );
    }
}

#[test]
fn every_shipped_example_is_within_the_budget_of_its_level_and_an_over_budget_pack_is_caught() {
    for path in examples() {
        let pack = pack(&path);
        let counts = pack.category_counts();
        let over = budget(pack.meta.risk_level).exceeded(counts);
        assert!(over.is_empty(), "{}: {over:?}", path.display());
    }
    let b = budget(RiskLevel::Medium);
    assert_eq!(
        b.exceeded([b.gates + 1, b.contract + 1, 0]).len(),
        2,
        "one gate and one contract requirement over budget are both reported"
    );
}

/// A CCTV profile with `impact` and `scope` lines, its derived level.
fn derived(scope: &str, impact: &str) -> RiskLevel {
    let profile = format!(
        "[tender]\ntitle = \"T\"\nreference = \"R-1\"\nbuyer = \"B\"\n\
[scope]\ntechnologies = [\"cctv\"]\n{scope}\n[impact]\n{impact}\n"
    );
    Model::shipped()
        .plan(&profile)
        .unwrap()
        .profile
        .risk
        .derived_level
}

#[test]
fn public_monitoring_alone_is_medium_and_scale_moves_the_level() {
    assert_eq!(derived("", "public_monitoring = true"), RiskLevel::Medium);
    assert_eq!(
        derived("sites = 2\ndevices = 20", "public_monitoring = true"),
        RiskLevel::Low,
        "a two-building estate is not a city"
    );
    assert_eq!(
        derived("devices = 900", "public_monitoring = true"),
        RiskLevel::High,
        "city-wide public monitoring"
    );
    assert_eq!(
        derived("sites = 2\ndevices = 20", "safety = true"),
        RiskLevel::High,
        "safety stays high at every scale"
    );
    assert_eq!(
        derived("", "personal_data = \"special-category\""),
        RiskLevel::High
    );
}
