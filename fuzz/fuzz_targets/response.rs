//! Arbitrary bytes as a filled response matrix, read both as CSV and as XLSX, then assessed
//! against a fixed pack (examples/air-quality-sensors.toml) and reported. Never a panic.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tenderguard::pack::TenderPack;
use tenderguard::pipeline::Engine;
use tenderguard::report::assessment::{assessment_json, assessment_report, assessment_text};
use tenderguard::report::markdown::write_report_markdown;
use tenderguard::response::{assess_response, read_response_bytes};

const PROFILE: &str = include_str!("../../examples/air-quality-sensors.toml");

fn pack() -> &'static TenderPack {
    static PACK: OnceLock<TenderPack> = OnceLock::new();
    PACK.get_or_init(|| {
        let engine = Engine::load(None).unwrap();
        let plan = engine
            .plan("air-quality-sensors.toml", PROFILE.as_bytes())
            .unwrap();
        plan.build_pack().unwrap()
    })
}

fuzz_target!(|data: &[u8]| {
    let pack = pack();
    for name in ["response.csv", "response.xlsx"] {
        match read_response_bytes(name, data) {
            Ok(sheet) => {
                let assessment = assess_response(pack, &sheet);
                let _ = assessment_text(&assessment);
                let _ = assessment_json(&assessment);
                let _ = write_report_markdown(&assessment_report(&assessment));
            }
            Err(diags) => {
                assert!(diags.has_errors(), "failed with warnings only: {diags:?}");
                for d in &diags.0 {
                    assert!(!d.message.trim().is_empty());
                    let _ = d.render(false);
                }
            }
        }
    }
});
