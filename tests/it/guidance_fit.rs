//! The contract chapter says one thing (issue 13 §5) and the pack follows the guidance where it
//! speaks to the buyer (§6): the Council's own duties reach its "before you issue" checklist,
//! and the clauses reviewers found missing are selected exactly where they apply.

use crate::support::*;

/// The ids of the clauses the pack for the shipped example `name` holds.
fn ids(name: &str) -> Vec<String> {
    pack_clauses(&example(name))
        .into_iter()
        .map(|c| c.id)
        .collect()
}

/// The printed text of clause `id` in the pack for the shipped example `name`.
fn text(name: &str, id: &str) -> String {
    pack(&example(name))
        .clauses
        .into_iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("{name} holds {id}"))
        .text
}

/// The items of the buyer's "before you issue" checklist for the shipped example `name`.
fn before_issue(name: &str) -> Vec<String> {
    pack(&example(name))
        .record
        .before_issue
        .into_iter()
        .map(|c| c.item)
        .collect()
}

/// A small profile: `technologies` and the `[impact]` lines, risk derived.
fn plan_ids(technologies: &str, impact: &str) -> Vec<String> {
    let profile = format!(
        "[tender]\ntitle = \"T\"\nreference = \"R-1\"\nbuyer = \"B\"\n\
[scope]\ntechnologies = {technologies}\n[impact]\n{impact}\n"
    );
    let model = Model::shipped();
    let plan = model.plan(&profile).unwrap();
    plan.selection
        .selected
        .iter()
        .map(|s| s.clause.id.clone())
        .collect()
}

#[test]
fn the_ot_safety_case_clause_is_in_a_safety_pack_and_not_elsewhere() {
    assert!(ids("traffic-and-lighting").contains(&"OTS-020".to_string()));
    assert!(!ids("air-quality-sensors").contains(&"OTS-020".to_string()));
    let ot = "[\"traffic-management\"]";
    assert!(plan_ids(ot, "safety = true").contains(&"OTS-020".to_string()));
    assert!(
        !plan_ids(ot, "safety = false").contains(&"OTS-020".to_string()),
        "operational technology without a safety function needs no safety case"
    );
}

#[test]
fn each_new_clause_reaches_the_technology_it_is_for_and_no_other() {
    let cctv = ids("city-centre-cctv");
    for id in ["SCC-030", "SCC-031", "TEC-013", "SUP-040"] {
        assert!(
            cctv.contains(&id.to_string()),
            "CCTV and ANPR pack lacks {id}"
        );
    }
    assert!(
        !cctv.contains(&"TEC-125".to_string()),
        "no Wi-Fi in the CCTV pack"
    );
    assert!(ids("all-technologies").contains(&"TEC-125".to_string()));
    let air = ids("air-quality-sensors");
    for id in ["SCC-030", "SCC-031", "TEC-013", "TEC-125", "SUP-040"] {
        assert!(
            !air.contains(&id.to_string()),
            "low-risk sensor pack holds {id}"
        );
    }
    assert!(
        !plan_ids("[\"cctv\"]", "public_monitoring = true").contains(&"TEC-013".to_string()),
        "approved devices are for ANPR, not every camera"
    );
}

#[test]
fn the_cctv_buyers_record_lists_the_councils_own_governance_and_legal_duties() {
    let items = before_issue("city-centre-cctv");
    let has = |needle: &str| items.iter().any(|i| i.contains(needle));
    for (needle, what) in [
        ("Connected Places principle #3", "governance and skills"),
        ("security skills", "the Council’s own skills"),
        ("Connected Places principle #5", "legal duties"),
        (
            "supply chain principle 9",
            "support for suppliers in incidents",
        ),
        (
            "supply chain principle 11",
            "accepting existing certifications",
        ),
        (
            "supply chain principle 12",
            "suppliers managing their sub-suppliers",
        ),
        ("Council leavers", "the Council’s own leavers"),
        (
            "exclude the approved-device requirement",
            "ANPR enforcement decided by the Council",
        ),
    ] {
        assert!(has(needle), "no item for {what} ({needle}): {items:#?}");
    }
}

#[test]
fn the_supplier_is_not_asked_to_identify_the_law_for_the_council() {
    let t = text("city-centre-cctv", "UND-050");
    assert!(t.contains("the Council lists in the tender"), "{t}");
    assert!(!t.contains("it has identified"), "{t}");
}

#[test]
fn support_runs_for_the_contract_term_with_a_priced_extension_not_years_from_contract_start() {
    for name in ["traffic-and-lighting", "air-quality-sensors"] {
        let t = text(name, "CON-008");
        assert!(!t.contains("from contract start"), "{name}: {t}");
        assert!(t.contains("contract term"), "{name}: {t}");
        assert!(t.contains("price in its tender an option"), "{name}: {t}");
    }
}

#[test]
fn return_and_delete_allows_for_legal_retention_evidential_holds_and_immutable_backups() {
    let t = text("city-centre-cctv", "CON-010");
    assert!(t.contains("unless law or an evidential hold"), "{t}");
    assert!(t.contains("immutable backup"), "{t}");
}

#[test]
fn con_001_and_the_contract_chapter_name_the_same_amendment_route() {
    let dir = generate_temp(&example("city-centre-cctv"), "md");
    let doc = std::fs::read_to_string(dir.path().join("security-requirements.md")).unwrap();
    let chapter = doc
        .split("## 6 Contract security obligations")
        .nth(1)
        .and_then(|rest| rest.split("####").next())
        .expect("chapter 6 has an introduction");
    let route = "clarification question before the clarification deadline";
    assert!(chapter.contains(route), "chapter 6 intro: {chapter}");
    assert!(
        !chapter.contains("qualification must be stated"),
        "chapter 6 still invites qualifications: {chapter}"
    );
    let con001 = text("city-centre-cctv", "CON-001");
    assert!(con001.contains(route), "{con001}");
    assert!(con001.contains("not as a qualification"), "{con001}");
}

#[test]
fn the_definitions_tell_sub_supplier_sub_contractor_and_sub_processor_apart() {
    let dir = generate_temp(&example("air-quality-sensors"), "md");
    let doc = std::fs::read_to_string(dir.path().join("security-requirements.md")).unwrap();
    for term in [
        "**sub-supplier**",
        "**sub-contract, sub-contractor**",
        "**sub-processor**",
    ] {
        assert!(doc.contains(term), "{term} is not defined");
    }
    for clause in pack(&example("all-technologies")).clauses {
        let lower = clause.text.to_lowercase();
        assert!(
            !lower.contains("subcontractor") && !lower.contains("sub contractor"),
            "{} uses an undefined spelling: {}",
            clause.id,
            clause.text
        );
    }
}
