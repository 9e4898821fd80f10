//! A workbook made from the response matrix as issued, with one part replaced by, or spliced
//! with, fuzz bytes, then read and assessed. Raw bytes rarely get past the zip layer; this
//! target reaches the bounded pre-pass, calamine and the cell reader with real structure around
//! the fuzzed part. Run with `-rss_limit_mb=512` (scripts/fuzz does): the reader's caps are what
//! keeps a workbook from using more, so exceeding it is a crash.

#![no_main]

use std::io::{Cursor, Read, Write};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tenderguard::format::Format;
use tenderguard::pack::TenderPack;
use tenderguard::pipeline::{render_files, Engine};
use tenderguard::report::assessment::{assessment_json, assessment_text};
use tenderguard::response::{assess_response, read_response_bytes};

const PROFILE: &str = include_str!("../../examples/air-quality-sensors.toml");

/// The pack, and the parts of its issued response-matrix.xlsx.
fn issued() -> &'static (TenderPack, Vec<(String, Vec<u8>)>) {
    static ISSUED: OnceLock<(TenderPack, Vec<(String, Vec<u8>)>)> = OnceLock::new();
    ISSUED.get_or_init(|| {
        let engine = Engine::load(None).unwrap();
        let plan = engine
            .plan("air-quality-sensors.toml", PROFILE.as_bytes())
            .unwrap();
        let pack = plan.build_pack().unwrap();
        let xlsx = render_files(&pack, &[Format::Xlsx]).unwrap().remove(0).1;
        let mut zip = zip::ZipArchive::new(Cursor::new(xlsx)).unwrap();
        let parts = (0..zip.len())
            .map(|i| {
                let mut f = zip.by_index(i).unwrap();
                let mut data = Vec::new();
                f.read_to_end(&mut data).unwrap();
                (f.name().to_string(), data)
            })
            .collect();
        (pack, parts)
    })
}

fuzz_target!(|data: &[u8]| {
    let (pack, parts) = issued();
    let [which, how, rest @ ..] = data else {
        return;
    };
    let mut parts = parts.clone();
    // Which part: one of the workbook's, or a new sheet part.
    let index = usize::from(*which) % (parts.len() + 1);
    if index == parts.len() {
        parts.push(("xl/worksheets/sheet2.xml".to_string(), Vec::new()));
    }
    let body = rest.to_vec();
    let part = &mut parts[index];
    part.1 = match how % 4 {
        // Replaced whole.
        0 => body,
        // Spliced in at a point chosen by the data's length.
        1 => {
            let at = if part.1.is_empty() { 0 } else { body.len() * 7919 % part.1.len() };
            let mut spliced = part.1[..at].to_vec();
            spliced.extend_from_slice(&body);
            spliced.extend_from_slice(&part.1[at..]);
            spliced
        }
        // Repeated: a cheap way to reach the size and count limits (up to 40 MiB, past the
        // 32 MiB cap on one part, and no further, so the harness stays within the RSS limit).
        2 => body.repeat((1 + usize::from(*which) * 64).min((40 << 20) / body.len().max(1))),
        // Appended.
        _ => {
            let mut v = part.1.clone();
            v.extend_from_slice(&body);
            v
        }
    };
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let method = if how & 4 == 0 {
        zip::CompressionMethod::Deflated
    } else {
        zip::CompressionMethod::Stored
    };
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(method)
        .large_file(true);
    for (name, data) in &parts {
        if out.start_file(name.as_str(), options).is_err() || out.write_all(data).is_err() {
            return;
        }
    }
    let Ok(bytes) = out.finish().map(Cursor::into_inner) else {
        return;
    };
    match read_response_bytes("response.xlsx", &bytes) {
        Ok(sheet) => {
            let assessment = assess_response(pack, &sheet);
            let _ = assessment_text(&assessment);
            let _ = assessment_json(&assessment);
        }
        Err(diags) => {
            assert!(diags.has_errors(), "failed with warnings only: {diags:?}");
            for d in &diags.0 {
                assert!(!d.message.trim().is_empty());
                let _ = d.render(false);
            }
        }
    }
});
