//! What the shipped clauses say (issue 13 §2 and §3): each obligation that several clauses
//! shared is held by one clause and named by the others; requirements fit the technology; the
//! conditions of participation ask for one Cyber Essentials certificate.

use crate::support::*;

/// A profile of `technologies` at `level` with every impact answered yes (so that every
/// conditional clause is in), stated with a reason.
fn profile(technologies: &str, level: RiskLevel) -> String {
    format!(
        "[tender]\ntitle = \"Content\"\nreference = \"C-1\"\nbuyer = \"Test Council\"\n\
[scope]\ntechnologies = {technologies}\nhosting = \"hybrid\"\nrisk = \"{level}\"\n\
risk_reason = \"The test states each level in turn.\"\n\
[impact]\nsafety = true\ncontrols_physical_assets = true\npersonal_data = \"special-category\"\n\
public_monitoring = true\ncni_dependency = true\nsupplier_remote_access = true\n\
connects_to_corporate_network = true\n"
    )
}

const EVERY_TECHNOLOGY: &str = r#"["cctv", "anpr", "street-lighting", "traffic-management",
  "parking", "environmental-sensors", "waste-management", "footfall-monitoring",
  "assisted-living", "ev-charging", "smart-energy", "building-management", "public-wifi",
  "iot-network", "data-platform", "physical-security"]"#;

/// The selected clauses of `profile`: (id, title, text as printed).
fn selected(model: &Model, profile: &str) -> Vec<(String, String, String)> {
    let plan = model.plan(profile).unwrap();
    plan.selection
        .selected
        .iter()
        .map(|s| (s.clause.id.clone(), s.clause.title.clone(), s.text.clone()))
        .collect()
}

/// The shared obligations: the clause that holds each, and the clauses that name it.
const HELD_ONCE: [(&str, &str, &[&str]); 5] = [
    ("exit", "CON-010", &["CLD-030", "SUP-013", "AWD-010"]),
    ("remote access", "DES-012", &["MAN-011", "OTS-013"]),
    ("logs", "DES-040", &["CLD-013", "SCC-011", "OTS-005"]),
    ("time", "DES-043", &["SCC-015"]),
    ("exit handover", "CON-011", &["TEC-132", "AWD-010"]),
];

#[test]
fn each_shared_obligation_is_held_by_one_clause_that_the_others_name() {
    let model = Model::shipped();
    for level in RiskLevel::ALL {
        let pack = selected(&model, &profile(EVERY_TECHNOLOGY, level));
        let get = |id: &str| pack.iter().find(|(i, _, _)| i == id);
        for (what, holder, namers) in HELD_ONCE {
            let (_, title, _) = get(holder)
                .unwrap_or_else(|| panic!("{what}: {holder} is not in the {level} pack"));
            for namer in namers {
                let Some((_, _, text)) = get(namer) else {
                    continue;
                };
                assert!(
                    text.contains(&format!("“{title}”")),
                    "{what}: {namer} does not name {holder} (“{title}”): {text}"
                );
            }
        }
        // The figures the holder sets are stated there only.
        for (id, _, text) in &pack {
            let exit_days = text.contains("Council data is returned and deleted within");
            assert!(!exit_days, "{id} restates the exit period: {text}");
        }
        for id in ["CLD-013", "SCC-011", "OTS-005"] {
            if let Some((_, _, text)) = get(id) {
                assert!(
                    !text.contains("days"),
                    "{id} sets its own log retention at {level}: {text}"
                );
            }
        }
        if let Some((_, _, text)) = get("SUP-008") {
            assert!(
                !text.contains("Article 28") && text.contains("sub-processor"),
                "SUP-008 leaves sub-processors to DAT-006: {text}"
            );
        }
    }
}

#[test]
fn every_named_requirement_is_in_every_pack_that_names_it() {
    let model = Model::shipped();
    let mut named = 0;
    let examples: Vec<String> = examples()
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let profiles = RiskLevel::ALL
        .into_iter()
        .map(|level| profile(EVERY_TECHNOLOGY, level))
        .chain(examples);
    for p in profiles {
        let pack = selected(&model, &p);
        for (id, _, text) in &pack {
            for (name, _) in named_requirements(text) {
                named += 1;
                assert!(
                    pack.iter().any(|(_, title, _)| title == name),
                    "{id} names “{name}”, which is not in the pack"
                );
            }
        }
    }
    assert!(named > 0, "no clause names another");
}

#[test]
fn per_device_radio_keys_reach_low_power_radio_packs_and_not_wifi_only_ones() {
    let model = Model::shipped();
    let has = |techs: &str, id: &str| {
        selected(&model, &profile(techs, RiskLevel::High))
            .iter()
            .any(|(i, _, _)| i == id)
    };
    assert!(!has(r#"["public-wifi"]"#, "DEV-041"));
    assert!(has(r#"["iot-network"]"#, "DEV-041"));
    assert!(has(r#"["street-lighting"]"#, "DEV-041"));
    let text = &selected(&model, &profile(r#"["iot-network"]"#, RiskLevel::High))
        .into_iter()
        .find(|(i, _, _)| i == "DEV-041")
        .unwrap()
        .2;
    assert!(text.contains("LoRaWAN 1.0.x"), "{text}");
}

#[test]
fn tamper_evident_enclosures_are_for_street_equipment_only() {
    let model = Model::shipped();
    let has = |techs: &str| {
        selected(&model, &profile(techs, RiskLevel::High))
            .iter()
            .any(|(i, _, _)| i == "DEV-039")
    };
    assert!(has(r#"["street-lighting"]"#));
    assert!(!has(r#"["building-management"]"#));
}

#[test]
fn escrow_is_asked_for_only_for_bespoke_software() {
    let model = Model::shipped();
    let pack = selected(&model, &profile(EVERY_TECHNOLOGY, RiskLevel::High));
    let (_, _, text) = pack.iter().find(|(i, _, _)| i == "CON-012").unwrap();
    assert!(
        text.contains("Escrow is asked for only for bespoke software"),
        "{text}"
    );
    assert!(text.contains("continuity plan"), "{text}");
}

#[test]
fn manufacturer_only_requirements_accept_the_manufacturers_statement() {
    let model = Model::shipped();
    let pack = selected(&model, &profile(EVERY_TECHNOLOGY, RiskLevel::High));
    for id in [
        "DEV-015", "DEV-017", "DEV-018", "DEV-024", "DEV-038", "SUP-012", "CLD-005", "AWD-007",
    ] {
        let (_, _, text) = pack
            .iter()
            .find(|(i, _, _)| i == id)
            .unwrap_or_else(|| panic!("{id} not in the high pack"));
        assert!(
            text.contains("does not make") || text.contains("does not develop"),
            "{id} has no route for components the Supplier does not make: {text}"
        );
    }
}

#[test]
fn one_cyber_essentials_gate_at_every_level_plus_from_medium() {
    let model = Model::shipped();
    assert!(
        !model.clause_ids().contains(&"PAR-002".to_string()),
        "PAR-002 is retired"
    );
    for level in RiskLevel::ALL {
        let plan = model.plan(&profile(EVERY_TECHNOLOGY, level)).unwrap();
        let gates: Vec<&str> = plan
            .selection
            .selected
            .iter()
            .filter(|s| s.category == Category::Gate && s.text.contains("Cyber Essentials"))
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(gates.len(), 1, "{level}: {gates:?}");
        let plus = gates[0].contains("hold Cyber Essentials Plus certification");
        assert_eq!(plus, level != RiskLevel::Low, "{level}: {}", gates[0]);
    }
}

#[test]
fn conditions_of_participation_are_checkable_and_add_no_exclusion_ground() {
    let model = Model::shipped();
    let pack = selected(&model, &profile(EVERY_TECHNOLOGY, RiskLevel::High));
    let text = |id: &str| pack.iter().find(|(i, _, _)| i == id).unwrap().2.clone();
    assert!(!text("PAR-004").contains("words"), "{}", text("PAR-004"));
    assert!(text("PAR-005").contains("Schedules 6 and 7"));
    assert!(!text("PAR-005").contains("unresolved"));
    assert!(text("PAR-003").contains("IASME Cyber Assurance"));
}

#[test]
fn excluding_a_named_requirement_warns_until_its_namers_go_too() {
    let model = Model::shipped();
    let warnings = |exclude: &[&str]| -> Vec<String> {
        let list = exclude
            .iter()
            .map(|id| format!("{{ id = \"{id}\", reason = \"The Council runs its own.\" }}"))
            .collect::<Vec<_>>()
            .join(", ");
        let p = profile(EVERY_TECHNOLOGY, RiskLevel::High)
            + &format!("[tailoring]\nexclude = [{list}]\n");
        let plan = model.plan(&p).unwrap();
        plan.selection
            .warnings
            .iter()
            .map(ToString::to_string)
            .filter(|w| w.contains("naming it"))
            .collect()
    };
    let alone = warnings(&["DES-040"]);
    assert_eq!(alone.len(), 1, "{alone:?}");
    for namer in ["CLD-013", "SCC-011", "OTS-005"] {
        assert!(alone[0].contains(&format!("`{namer}`")), "{alone:?}");
    }
    assert!(warnings(&["DES-040", "CLD-013", "SCC-011", "OTS-005"]).is_empty());
}
