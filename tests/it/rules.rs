//! Resolution and selection rules, tested through the library API on a small synthetic clause set
//! (the shipped index files, with clauses written for each rule) so that edits to the shipped
//! clauses cannot make these tests pass or fail by accident.

use crate::support::{
    Decision, Model, Obligation, Plan, ResolvedProfile, RiskLevel, Selection, TailoredClause,
};

const CLAUSES: &str = r##"
[[clause]]
id = "UND-001"
version = 1
title = "Everywhere, must from medium"
section = "understand"
stage = "specification"
text = "The Supplier MUST keep an asset register."
obligation = { low = "should", medium = "must", high = "must" }
applies_to = { all = true }
evidence = ["Register"]
verify = ["go-live"]
rationale = "R."
guidance = ["ncsc-cp-1"]
[[clause.source]]
document = "ncsc-cp"
section = "#1"
verified = false

[[clause]]
id = "DES-001"
version = 1
title = "Cameras only, high only"
section = "design"
stage = "specification"
text = "The Supplier MUST mask private windows within {{cctv_retention_days}} days."
obligation = { high = "must" }
applies_to = { traits = ["camera"] }
evidence = ["Masking plan"]
verify = ["go-live"]
rationale = "R."
guidance = ["scc-1"]
[[clause.source]]
document = "scc"
section = "Principle 1"
verified = false

[[clause]]
id = "DES-002"
version = 1
title = "Only with supplier remote access"
section = "design"
stage = "specification"
text = "The Supplier MUST use a jump host; fixes within {{critical_patch_days}} days."
obligation = { low = "must", medium = "must", high = "must" }
applies_to = { all = true }
when = { supplier_remote_access = true }
evidence = ["Design"]
verify = ["tender"]
rationale = "R."
guidance = ["ncsc-cp-11"]
[[clause.source]]
document = "ncsc-cp"
section = "#11"
verified = false

[[clause]]
id = "DES-003"
version = 1
title = "Cloud hosting only"
section = "design"
stage = "specification"
text = "The Supplier SHOULD publish a status page."
obligation = { medium = "should", high = "should" }
applies_to = { all = true }
when = { hosting = ["cloud", "hybrid"] }
evidence = ["URL"]
verify = ["in-life"]
rationale = "R."
guidance = ["ncsc-cp-9"]
[[clause.source]]
document = "ncsc-cp"
section = "#9"
verified = false

[[clause]]
id = "DAT-001"
version = 1
title = "Personal data only"
section = "design"
stage = "specification"
text = "The Supplier MUST support the DPIA."
obligation = { low = "must", medium = "must", high = "must" }
applies_to = { traits = ["personal-data"] }
evidence = ["DPIA input"]
verify = ["tender"]
rationale = "R."
guidance = ["ukgdpr-dpia"]
[[clause.source]]
document = "uk-gdpr"
section = "Art 35"
verified = false

[[clause]]
id = "TEC-001"
version = 1
title = "Traffic only"
section = "technology"
stage = "specification"
text = "The Supplier MUST provide fixed-time fallback plans."
obligation = { low = "must", medium = "must", high = "must" }
applies_to = { technologies = ["traffic-management"] }
evidence = ["Plans"]
verify = ["go-live"]
rationale = "R."
guidance = ["ncsc-cp-9"]
[[clause.source]]
document = "ncsc-cp"
section = "#9"
verified = false

[[clause]]
id = "PAR-001"
version = 1
title = "Cyber Essentials"
section = "manage"
stage = "participation"
text = "The Supplier MUST hold Cyber Essentials, or equivalent."
obligation = { low = "must", medium = "must", high = "must" }
applies_to = { all = true }
evidence = ["Certificate"]
verify = ["tender"]
rationale = "R."
guidance = ["ce-1"]
[[clause.source]]
document = "cyber-essentials"
section = "Scheme"
verified = false

[[clause]]
id = "CON-001"
version = 1
title = "Incident notice"
section = "manage"
stage = "contract"
text = "The Supplier MUST tell the Council of incidents."
obligation = { low = "must", medium = "must", high = "must" }
applies_to = { all = true }
evidence = ["Signed contract"]
verify = ["in-life"]
rationale = "R."
guidance = ["ncsc-cp-14"]
[[clause.source]]
document = "ncsc-cp"
section = "#14"
verified = false
"##;

fn library() -> Model {
    Model::with_clauses(CLAUSES)
}

/// Plans a tender whose profile is a fixed `[tender]` table and `body`.
fn plan<'m>(lib: &'m Model, body: &str) -> Result<Plan<'m>, Vec<String>> {
    lib.plan(&format!(
        "[tender]\ntitle = \"T\"\nreference = \"R-1\"\nbuyer = \"B\"\n{body}"
    ))
}

/// The resolved profile; the error is every problem found, one per line.
fn profile(lib: &Model, body: &str) -> Result<ResolvedProfile, String> {
    plan(lib, body)
        .map(|p| p.profile)
        .map_err(|problems| problems.join("\n"))
}

fn select(lib: &Model, body: &str) -> Selection {
    plan(lib, body)
        .unwrap_or_else(|problems| panic!("{}", problems.join("\n")))
        .selection
}

fn ids(s: &Selection) -> Vec<&str> {
    s.selected.iter().map(|c| c.clause.id.as_str()).collect()
}

#[test]
fn risk_is_the_highest_of_technology_defaults_and_answers() {
    let lib = library();
    let p = profile(
        &lib,
        "[scope]\ntechnologies = [\"environmental-sensors\"]\n",
    )
    .unwrap();
    assert_eq!(p.risk.level, RiskLevel::Low);
    let p = profile(&lib, "[scope]\ntechnologies = [\"environmental-sensors\"]\n[impact]\nsupplier_remote_access = true\n").unwrap();
    assert_eq!(p.risk.level, RiskLevel::Medium);
    let p = profile(
        &lib,
        "[scope]\ntechnologies = [\"environmental-sensors\"]\n[impact]\nsafety = true\n",
    )
    .unwrap();
    assert_eq!(p.risk.level, RiskLevel::High);
    assert!(p
        .risk
        .reasons
        .iter()
        .any(|r| r.factor == "impact.safety = true" && r.implies == RiskLevel::High));
    let p = profile(
        &lib,
        "[scope]\ntechnologies = [\"environmental-sensors\", \"traffic-management\"]\n",
    )
    .unwrap();
    assert_eq!(
        p.risk.level,
        RiskLevel::High,
        "traffic management defaults to high"
    );
}

#[test]
fn every_risk_reason_is_recorded() {
    let lib = library();
    let p = profile(&lib, "[scope]\ntechnologies = [\"cctv\"]\n[impact]\npublic_monitoring = true\nconnects_to_corporate_network = true\n").unwrap();
    let factors: Vec<&str> = p.risk.reasons.iter().map(|r| r.factor.as_str()).collect();
    assert!(factors.contains(&"technology cctv"));
    assert!(factors.contains(&"impact.public_monitoring = true"));
    assert!(factors.contains(&"impact.connects_to_corporate_network = true"));
}

#[test]
fn lowering_the_risk_needs_a_reason() {
    let lib = library();
    let err = profile(
        &lib,
        "[scope]\ntechnologies = [\"traffic-management\"]\nrisk = \"medium\"\n",
    )
    .unwrap_err();
    assert!(err.contains("no risk_reason is given"), "{err}");
    let p = profile(&lib, "[scope]\ntechnologies = [\"traffic-management\"]\nrisk = \"medium\"\nrisk_reason = \"Signals stay on fixed time\"\n").unwrap();
    assert_eq!(p.risk.level, RiskLevel::Medium);
    assert_eq!(p.risk.derived_level, RiskLevel::High);
    assert_eq!(
        p.risk.override_reason.as_deref(),
        Some("Signals stay on fixed time")
    );
}

#[test]
fn raising_the_risk_needs_no_reason() {
    let lib = library();
    let p = profile(
        &lib,
        "[scope]\ntechnologies = [\"environmental-sensors\"]\nrisk = \"high\"\n",
    )
    .unwrap();
    assert_eq!(p.risk.level, RiskLevel::High);
    assert_eq!(p.risk.derived_level, RiskLevel::Low);
}

#[test]
fn personal_data_implied_by_a_technology_wins_over_a_lower_answer() {
    let lib = library();
    let Ok(plan) = plan(
        &lib,
        "[scope]\ntechnologies = [\"cctv\"]\n[impact]\npersonal_data = \"none\"\n",
    ) else {
        panic!("the profile plans");
    };
    let (p, s) = (&plan.profile, &plan.selection);
    assert!(p.traits.contains("personal-data"));
    assert_eq!(p.warnings.len(), 1, "a warning explains the change");
    assert!(ids(s).contains(&"DAT-001"));
}

#[test]
fn traits_come_from_technologies_and_answers() {
    let lib = library();
    let p = profile(&lib, "[scope]\ntechnologies = [\"environmental-sensors\"]\n[impact]\npersonal_data = \"special-category\"\n").unwrap();
    for t in ["device", "sensor", "personal-data", "special-category-data"] {
        assert!(p.traits.contains(t), "missing trait {t}");
    }
    assert!(!p.traits.contains("camera"));
}

#[test]
fn a_clause_applies_only_at_the_levels_it_names() {
    let lib = library();
    let low = select(
        &lib,
        "[scope]\ntechnologies = [\"cctv\"]\nrisk = \"medium\"\n",
    );
    assert!(!ids(&low).contains(&"DES-001"), "DES-001 is high only");
    match low.decision("DES-001") {
        Some(Decision::NotApplicable { reason }) => {
            assert!(reason.contains("not used at medium risk"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
    let high = select(
        &lib,
        "[scope]\ntechnologies = [\"cctv\"]\nrisk = \"high\"\n",
    );
    assert!(ids(&high).contains(&"DES-001"));
}

#[test]
fn obligations_follow_the_risk_level() {
    let lib = library();
    let at = |risk: &str| {
        let s = select(
            &lib,
            &format!("[scope]\ntechnologies = [\"environmental-sensors\"]\nrisk = \"{risk}\"\n"),
        );
        s.selected("UND-001").unwrap().obligation
    };
    assert_eq!(at("low"), Obligation::Should);
    assert_eq!(at("medium"), Obligation::Must);
}

#[test]
fn technology_and_trait_applicability_is_explained() {
    let lib = library();
    let s = select(&lib, "[scope]\ntechnologies = [\"traffic-management\"]\n");
    let tec = s.selected("TEC-001").unwrap();
    assert!(tec
        .reasons
        .iter()
        .any(|r| r == "technology in scope: traffic-management"));
    assert!(!ids(&s).contains(&"DES-001"), "no camera in scope");
    match s.decision("DES-001") {
        Some(Decision::NotApplicable { reason }) => {
            assert!(reason.contains("trait camera"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn conditions_switch_clauses_on_and_off() {
    let lib = library();
    let without = select(
        &lib,
        "[scope]\ntechnologies = [\"environmental-sensors\"]\n",
    );
    assert!(!ids(&without).contains(&"DES-002"));
    let with = select(&lib, "[scope]\ntechnologies = [\"environmental-sensors\"]\n[impact]\nsupplier_remote_access = true\n");
    let c = with.selected("DES-002").unwrap();
    assert!(c
        .reasons
        .iter()
        .any(|r| r == "condition met: impact.supplier_remote_access = true"));
    let onprem = select(
        &lib,
        "[scope]\ntechnologies = [\"parking\"]\nhosting = \"on-premises\"\n",
    );
    assert!(!ids(&onprem).contains(&"DES-003"));
    let cloud = select(
        &lib,
        "[scope]\ntechnologies = [\"parking\"]\nhosting = \"cloud\"\n",
    );
    assert!(ids(&cloud).contains(&"DES-003"));
}

#[test]
fn pack_order_is_stage_then_section_then_prefix_then_id() {
    let lib = library();
    let s = select(&lib, "[scope]\ntechnologies = [\"traffic-management\", \"cctv\"]\nhosting = \"cloud\"\n[impact]\nsupplier_remote_access = true\npersonal_data = \"personal\"\n");
    assert_eq!(
        ids(&s),
        vec![
            "PAR-001", "UND-001", "DES-001", "DES-002", "DES-003", "DAT-001", "TEC-001", "CON-001"
        ]
    );
}

#[test]
fn exclusion_removes_a_clause_and_records_the_reason() {
    let lib = library();
    let s = select(&lib, "[scope]\ntechnologies = [\"traffic-management\"]\n[tailoring]\nexclude = [ { id = \"TEC-001\", reason = \"Existing plans kept\" } ]\n");
    assert!(!ids(&s).contains(&"TEC-001"));
    assert_eq!(
        s.excluded,
        vec![TailoredClause {
            id: "TEC-001".to_string(),
            title: "Traffic only".to_string(),
            reason: "Existing plans kept".to_string()
        }]
    );
    assert!(matches!(
        s.decision("TEC-001"),
        Some(Decision::Excluded { .. })
    ));
}

#[test]
fn inclusion_forces_a_clause_in_with_its_reason() {
    let lib = library();
    let s = select(&lib, "[scope]\ntechnologies = [\"environmental-sensors\"]\n[tailoring]\ninclude = [ { id = \"TEC-001\", reason = \"Sensors feed the signals\" } ]\n");
    let c = s.selected("TEC-001").unwrap();
    assert!(c.reasons[0].contains("Sensors feed the signals"));
    assert_eq!(s.included.len(), 1);
}

#[test]
fn obligation_changes_apply_and_are_recorded() {
    let lib = library();
    let s = select(&lib, "[scope]\ntechnologies = [\"environmental-sensors\"]\nrisk = \"low\"\n[tailoring]\nobligation = [ { id = \"UND-001\", to = \"must\", reason = \"Policy\" } ]\n");
    assert_eq!(s.selected("UND-001").unwrap().obligation, Obligation::Must);
    assert_eq!(s.changed[0].from, Some(Obligation::Should));
}

#[test]
fn tailoring_errors_are_rejected() {
    let lib = library();
    let base = "[scope]\ntechnologies = [\"environmental-sensors\"]\n[tailoring]\n";
    for (tailoring, expected) in [
        ("exclude = [ { id = \"NOPE-001\", reason = \"x\" } ]", "the library has no such clause"),
        ("exclude = [ { id = \"UND-001\", reason = \"\" } ]", "must not be empty"),
        ("exclude = [ { id = \"UND-001\", reason = \"x\" }, { id = \"UND-001\", reason = \"y\" } ]", "contradicts or repeats"),
        ("include = [ { id = \"UND-001\", reason = \"x\" } ]\nexclude = [ { id = \"UND-001\", reason = \"y\" } ]", "contradicts or repeats"),
    ] {
        let err = profile(&lib, &format!("{base}{tailoring}\n")).unwrap_err();
        assert!(err.contains(expected), "{tailoring}: {err}");
    }
    let err = plan(
        &lib,
        &format!("{base}obligation = [ {{ id = \"TEC-001\", to = \"must\", reason = \"x\" }} ]\n"),
    )
    .err()
    .expect("an obligation change on a clause outside the pack is rejected");
    assert_eq!(err.len(), 1, "{err:?}");
    assert!(err[0].contains("not in this pack"), "{}", err[0]);
}

#[test]
fn parameters_take_the_risk_level_default_unless_the_profile_overrides() {
    let lib = library();
    let high = select(&lib, "[scope]\ntechnologies = [\"environmental-sensors\"]\nrisk = \"high\"\n[impact]\nsupplier_remote_access = true\n");
    assert!(
        high.selected("DES-002")
            .unwrap()
            .text
            .contains("within 7 days"),
        "{}",
        high.selected("DES-002").unwrap().text
    );
    let set = select(&lib, "[scope]\ntechnologies = [\"environmental-sensors\"]\nrisk = \"high\"\n[impact]\nsupplier_remote_access = true\n[parameters]\ncritical_patch_days = 3\n");
    assert!(set
        .selected("DES-002")
        .unwrap()
        .text
        .contains("within 3 days"));
}

#[test]
fn buyer_clauses_come_last_in_their_section_in_profile_order() {
    let lib = library();
    let body = "[scope]\ntechnologies = [\"environmental-sensors\"]\n\
[[clause]]\nid = \"ZZ-2\"\nsection = \"understand\"\ntitle = \"B\"\ntext = \"The Supplier MUST b.\"\nobligation = \"must\"\nevidence = [\"e\"]\n\
[[clause]]\nid = \"AA-1\"\nsection = \"understand\"\ntitle = \"A\"\ntext = \"The Supplier SHOULD a.\"\nobligation = \"should\"\nevidence = [\"e\"]\n";
    let s = select(&lib, body);
    let order = ids(&s);
    let und = order.iter().position(|i| *i == "UND-001").unwrap();
    assert_eq!(&order[und + 1..und + 3], &["ZZ-2", "AA-1"]);
    assert_eq!(s.selected("AA-1").unwrap().obligation, Obligation::Should);
}
