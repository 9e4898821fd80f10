//! The bad-input corpus: every malformed input gets exit status 2, a message naming the file (and
//! its line and column, or row and column, where there is one) and what is allowed, no panic, a
//! short message even for a 20 MB input, and nothing written. Each case is its own test, named
//! for what is wrong (`bad_input::library::unknown_trait`), one row of a table each.
//!
//! - Profiles: the files in `tests/bad-inputs/profiles/`, each with `# expect:` (phrases of the
//!   message, one per line) and `# at:` (`:line:col`) headers, plus those that cannot carry
//!   headers and the huge ones, generated at test time and never committed: 20 MB files and
//!   values, 100 000 tailoring entries, 20 000 own clauses. A huge profile is only bad input when
//!   it is also malformed; the line numbers of its errors must still be right.
//! - Libraries: edits of a copy of `requirements/`.
//! - Responses (CSV and XLSX): made from the matrix the binary issues for an example profile and
//!   passed to `assess … -o FILE`, which must not exist afterwards. Only what stops a response
//!   being read belongs here; a response that reads but is wrong (another tender's ids, a failed
//!   MUST, a missing row) is a finding, exit 1, and is tested in `assess`. The huge ones: a
//!   100 000-row CSV broken near its end, a 20 000-row workbook.
//! - Templates: `generate --templates DIR`. An empty templates directory is fine, not bad input.
//!
//! Tailoring entries never refer to one another, so nothing in a profile can form a cycle; the
//! tailoring cases are the contradictions: a clause excluded twice, excluded and included, changed
//! twice or changed while excluded, and the profile's own clause ids colliding with the library's,
//! with each other, or tailored as if they were library clauses.

use std::io::{Cursor, Read, Write};
use std::path::Path;
use std::process::Output;
use std::sync::OnceLock;

use crate::support::*;

/// Turns each row `name: case;` of a table into its own test, `fn name()`, that runs the case
/// and checks its outcome.
macro_rules! bad_inputs {
    ($($name:ident: $case:expr;)*) => {
        $(
            #[test]
            fn $name() {
                super::check(&$case);
            }
        )*
    };
}

/// Turns each row `name: "FILE";` into its own test of a committed profile that carries its
/// expectations in `# expect:` and `# at:` headers, and lists the files as `CORPUS`.
macro_rules! corpus {
    ($($name:ident: $file:literal;)*) => {
        $(
            #[test]
            fn $name() {
                super::check(&super::corpus_case($file));
            }
        )*

        /// The committed profiles that carry their own headers, each tested above.
        const CORPUS: &[&str] = &[$($file),*];
    };
}

/// Profiles: the committed corpus, then those it cannot carry (no room for headers, or too big
/// to commit).
mod profile {
    use super::*;

    corpus! {
        syntax_error: "01-syntax-error.toml";
        unknown_top_key: "02-unknown-top-key.toml";
        unknown_tender_key: "03-unknown-tender-key.toml";
        missing_buyer: "04-missing-buyer.toml";
        missing_scope: "05-missing-scope.toml";
        unknown_technology: "06-unknown-technology.toml";
        empty_technologies: "07-empty-technologies.toml";
        duplicate_technology: "08-duplicate-technology.toml";
        bad_risk_level: "09-bad-risk-level.toml";
        risk_lowered_without_reason: "10-risk-lowered-without-reason.toml";
        bad_hosting: "11-bad-hosting.toml";
        impact_wrong_type: "12-impact-wrong-type.toml";
        unknown_impact_key: "13-unknown-impact-key.toml";
        bad_personal_data: "14-bad-personal-data.toml";
        unknown_parameter: "15-unknown-parameter.toml";
        parameter_wrong_type: "16-parameter-wrong-type.toml";
        parameter_out_of_range: "17-parameter-out-of-range.toml";
        exclude_unknown_id: "18-exclude-unknown-id.toml";
        exclude_without_reason: "19-exclude-without-reason.toml";
        exclude_empty_reason: "20-exclude-empty-reason.toml";
        contradictory_tailoring: "21-contradictory-tailoring.toml";
        obligation_bad_value: "22-obligation-bad-value.toml";
        obligation_on_excluded: "23-obligation-on-excluded.toml";
        custom_clause_library_id: "24-custom-clause-library-id.toml";
        custom_clause_bad_section: "25-custom-clause-bad-section.toml";
        custom_clause_missing_evidence: "26-custom-clause-missing-evidence.toml";
        duplicate_custom_ids: "27-duplicate-custom-ids.toml";
        unknown_format: "28-unknown-format.toml";
        issue_date_with_time: "29-issue-date-with-time.toml";
        reference_without_letters: "30-reference-without-letters.toml";
        empty_title: "31-empty-title.toml";
        obligation_change_on_unselected: "32-obligation-change-on-unselected.toml";
        technologies_not_a_list: "33-technologies-not-a-list.toml";
        duplicate_key: "34-duplicate-key.toml";
        exclude_twice: "37-exclude-twice.toml";
        include_and_exclude: "38-include-and-exclude.toml";
        obligation_changed_twice: "39-obligation-changed-twice.toml";
        include_twice: "40-include-twice.toml";
        exclude_own_clause: "41-exclude-own-clause.toml";
        custom_id_invalid: "42-custom-id-invalid.toml";
        custom_empty_evidence: "43-custom-empty-evidence.toml";
        custom_unknown_key: "44-custom-unknown-key.toml";
        custom_obligation_not_a_word: "45-custom-obligation-not-a-word.toml";
        custom_empty_text: "46-custom-empty-text.toml";
        risk_reason_empty: "47-risk-reason-empty.toml";
        deadline_with_offset: "48-deadline-with-offset.toml";
        parameter_below_range: "49-parameter-below-range.toml";
        parameter_fraction: "50-parameter-fraction.toml";
        parameter_quoted_number: "51-parameter-quoted-number.toml";
        formats_empty: "52-formats-empty.toml";
        tender_not_a_table: "53-tender-not-a-table.toml";
        technology_not_a_string: "54-technology-not-a-string.toml";
        tailoring_entry_unknown_key: "55-tailoring-entry-unknown-key.toml";
        exclude_not_an_array: "56-exclude-not-an-array.toml";
        clause_not_an_array: "57-clause-not-an-array.toml";
        unknown_tailoring_kind: "58-unknown-tailoring-kind.toml";
        version_not_a_string: "59-version-not-a-string.toml";
        control_character_in_string: "60-control-character-in-string.toml";
        personal_data_not_a_word: "61-personal-data-not-a-word.toml";
        hosting_number: "62-hosting-number.toml";
        unknown_technology_far_off: "63-unknown-technology-far-off.toml";
        table_twice: "64-table-twice.toml";
        multi_line_string_never_closed: "65-multi-line-string-never-closed.toml";
        issue_date_quoted: "66-issue-date-quoted.toml";
        impact_array_of_tables: "67-impact-array-of-tables.toml";
        tender_array_of_tables: "68-tender-array-of-tables.toml";
        crlf_syntax_error: "70-crlf-syntax-error.toml";
    }

    /// The committed profiles with no room for headers; their tests are in the table below.
    const HEADERLESS: &[&str] = &["35-empty.toml", "36-not-utf8.toml", "69-utf16.toml"];

    bad_inputs! {
        empty: committed("35-empty.toml",
            &["{in}", "the profile is empty", "tenderguard init"]);
        not_utf8: committed("36-not-utf8.toml",
            &["{in}:2:13", "not valid UTF-8 (byte 0xe9)", "save the file as UTF-8"]);
        saved_as_utf16: committed("69-utf16.toml",
            &["{in}:1:1", "not valid UTF-8 (byte 0xff)", "save the file as UTF-8"]);
        missing: given("no-such-profile.toml", GENERATE,
            &["{in}", "cannot read the profile: no such file", "tenderguard init"]);
        directory_given_as_the_profile: given("examples", GENERATE,
            &["{in}", "expected a profile file but this is a directory", "pass the profile's .toml file"]);
        syntax_error_after_20_mb_of_comment: generated(
            || format!("{BASE_PROFILE}{}[impact\n", giant_comment()).into_bytes(),
            &["{in}:200008:8", "unclosed table, expected `]`"]);
        clause_id_of_20_mb: generated(
            || format!("{BASE_PROFILE}{}", own_clause(&"A".repeat(HUGE))).into_bytes(),
            &["{in}:9:6", "is not a usable clause id", "at most 24 characters"]);
        hosting_model_of_20_mb: generated(
            || BASE_PROFILE.replace("[scope]\n", &format!("[scope]\nhosting = \"{}\"\n", "c".repeat(HUGE))).into_bytes(),
            &["{in}:7:11", "unknown variant", "expected one of `on-premises`, `cloud`, `hybrid`"]);
        yes_no_answer_of_20_mb: generated(
            || format!("{BASE_PROFILE}[impact]\nsafety = \"{}\"\n", "y".repeat(HUGE)).into_bytes(),
            &["{in}:9:10", "expected a boolean"]);
        last_of_20_000_own_clauses_reuses_an_id: generated(
            || {
                let clauses: String = (0..20_000).map(|i| own_clause(&format!("X-{i}"))).collect();
                format!("{BASE_PROFILE}{clauses}{}", own_clause("X-5")).into_bytes()
            },
            &["{in}:140009:6", "clause id `X-5` is used twice", "first used at {in}:44:6"]);
        one_clause_excluded_100_000_times: generated(
            || {
                let entry = "  { id = \"DES-001\", reason = \"Not needed\" },\n";
                format!("{BASE_PROFILE}[tailoring]\nexclude = [\n{}]\n", entry.repeat(100_000)).into_bytes()
            },
            &["{in}:11:10", "contradicts or repeats", "the exclude is at {in}:10:10",
              "99949 more not shown", "99999 problems found"]);
    }

    #[test]
    fn every_committed_profile_has_its_own_test() {
        let dir = root().join(PROFILES);
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        let mut tested: Vec<String> = CORPUS
            .iter()
            .chain(HEADERLESS)
            .map(|f| f.to_string())
            .collect();
        tested.sort();
        assert_eq!(
            files, tested,
            "a file in {PROFILES} without a test, or a test without its file"
        );
        for file in HEADERLESS {
            assert!(
                expectations(&dir.join(file)).is_empty(),
                "{file} has headers: list it in corpus!"
            );
        }
    }
}

/// Libraries: a copy of `requirements/`, changed.
mod library {
    use super::*;

    bad_inputs! {
        syntax_error: edited_library(GENERATE_WITH_LIBRARY,
            |lib| append(lib, "technologies.toml", "\n[[technology]\nid = \"x\"\n"),
            &["{in}/technologies.toml:", "unclosed array table, expected `]`"]);
        duplicate_clause_id: edited_library(GENERATE_WITH_LIBRARY,
            |lib| edit(lib, "clauses/design.toml", |s| s.replacen("id = \"DES-003\"", "id = \"DES-001\"", 1)),
            &["{in}/clauses/design.toml:", "duplicate clause id `DES-001`", "first used at", "never reused"]);
        obligation_weakens_as_risk_rises: edited_library(CHECK_LIBRARY,
            |lib| append(lib, "clauses/design.toml", &test_clause("DES-900", OBLIGATION_WEAKENS, ALL, "ncsc-cp-6", "ncsc-cp", "{{restore_hours}}")),
            &["{in}/clauses/design.toml:", "weaker at medium risk than at low risk", "absent < should < must"]);
        unknown_trait: edited_library(GENERATE_WITH_LIBRARY,
            |lib| append(lib, "clauses/design.toml", &test_clause("DES-901", HIGH_MUST, "{ traits = [\"camra\"] }", "ncsc-cp-6", "ncsc-cp", "")),
            &["{in}/clauses/design.toml:", "unknown trait `camra`", "did you mean `camera`"]);
        unknown_technology: edited_library(GENERATE_WITH_LIBRARY,
            |lib| append(lib, "clauses/design.toml", &test_clause("DES-902", HIGH_MUST, "{ technologies = [\"cctvv\"] }", "ncsc-cp-6", "ncsc-cp", "")),
            &["{in}/clauses/design.toml:", "unknown technology `cctvv`", "did you mean `cctv`"]);
        unknown_guidance_item: edited_library(GENERATE_WITH_LIBRARY,
            |lib| append(lib, "clauses/design.toml", &test_clause("DES-903", HIGH_MUST, ALL, "ncsc-cp-99", "ncsc-cp", "")),
            &["{in}/clauses/design.toml:", "unknown guidance item `ncsc-cp-99`"]);
        unknown_source: edited_library(GENERATE_WITH_LIBRARY,
            |lib| append(lib, "clauses/design.toml", &test_clause("DES-904", HIGH_MUST, ALL, "ncsc-cp-6", "ncsc-cpp", "")),
            &["{in}/clauses/design.toml:", "unknown source document `ncsc-cpp`", "did you mean `ncsc-cp`"]);
        undeclared_parameter: edited_library(GENERATE_WITH_LIBRARY,
            |lib| append(lib, "clauses/design.toml", &test_clause("DES-905", HIGH_MUST, ALL, "ncsc-cp-6", "ncsc-cp", "{{restore_hour}}")),
            &["{in}/clauses/design.toml:", "parameter `restore_hour` is used but not declared", "did you mean `restore_hours`"]);
        id_breaks_the_scheme: edited_library(GENERATE_WITH_LIBRARY,
            |lib| append(lib, "clauses/design.toml", &test_clause("DESIGN-1", HIGH_MUST, ALL, "ncsc-cp-6", "ncsc-cp", "")),
            &["{in}/clauses/design.toml:", "breaks the id scheme", "exactly three digits (`DES-004`)"]);
        undeclared_id_prefix: edited_library(GENERATE_WITH_LIBRARY,
            |lib| append(lib, "clauses/design.toml", &test_clause("XYZ-001", HIGH_MUST, ALL, "ncsc-cp-6", "ncsc-cp", "")),
            &["{in}/clauses/design.toml:", "`XYZ` is not a declared prefix", "library.toml allows"]);
        two_applies_to_forms: edited_library(GENERATE_WITH_LIBRARY,
            |lib| append(lib, "clauses/design.toml", &test_clause("DES-906", HIGH_MUST, "{ all = true, traits = [\"device\"] }", "ncsc-cp-6", "ncsc-cp", "")),
            &["{in}/clauses/design.toml:", "exactly one form", "{ all = true }"]);
        applies_to_names_an_empty_list: edited_library(GENERATE_WITH_LIBRARY,
            |lib| append(lib, "clauses/design.toml", &test_clause("DES-907", HIGH_MUST, "{ traits = [] }", "ncsc-cp-6", "ncsc-cp", "")),
            &["{in}/clauses/design.toml:", "`applies_to` names an empty list", "or write `{ all = true }`"]);
        clause_cites_no_guidance: edited_library(GENERATE_WITH_LIBRARY,
            |lib| append(lib, "clauses/design.toml", &test_clause("DES-908", HIGH_MUST, ALL, "", "ncsc-cp", "")),
            &["{in}/clauses/design.toml:", "cites no guidance item", "name the guidance.toml items"]);
        obligation_not_a_word: edited_library(GENERATE_WITH_LIBRARY,
            |lib| append(lib, "clauses/design.toml", &test_clause("DES-910", "{ high = true }", ALL, "ncsc-cp-6", "ncsc-cp", "")),
            &["{in}/clauses/design.toml:", "expected `should` or `must`, written as a quoted string"]);
        unknown_clause_key: edited_library(GENERATE_WITH_LIBRARY,
            |lib| edit(lib, "clauses/design.toml", |s| s.replacen("[[clause]]\n", "[[clause]]\ncategory = \"x\"\n", 1)),
            &["{in}/clauses/design.toml:", "unknown field `category`", "expected one of `id`"]);
        clause_missing_its_fields: edited_library(GENERATE_WITH_LIBRARY,
            |lib| append(lib, "clauses/design.toml", "\n[[clause]]\nid = \"DES-909\"\nversion = 1\n"),
            &["{in}/clauses/design.toml:", "missing field `title`"]);
        version_written_as_text: edited_library(GENERATE_WITH_LIBRARY,
            |lib| edit(lib, "clauses/design.toml", |s| s.replacen("version = 2\n", "version = \"2\"\n", 1)),
            &["{in}/clauses/design.toml:", "expected a whole number (0 or more)"]);
        version_0: edited_library(GENERATE_WITH_LIBRARY,
            |lib| edit(lib, "clauses/design.toml", |s| s.replacen("version = 2\n", "version = 0\n", 1)),
            &["{in}/clauses/design.toml:", "has version 0; versions start at 1"]);
        unknown_verification_stage: edited_library(GENERATE_WITH_LIBRARY,
            |lib| edit(lib, "clauses/design.toml", |s| s.replacen("due = \"go-live\"", "due = \"golive\"", 1)),
            &["{in}/clauses/design.toml:", "unknown variant `golive`", "did you mean `go-live`"]);
        award_criterion_without_word_limit: edited_library(GENERATE_WITH_LIBRARY,
            |lib| edit(lib, "clauses/award.toml", |s| s.replacen("word_limit = 750\n", "", 1)),
            &["{in}/clauses/award.toml:", "needs `strong_answer` and `word_limit`"]);
        contract_technology_renamed: edited_library(GENERATE_WITH_LIBRARY,
            |lib| edit(lib, "technologies.toml", |s| s.replace("id = \"parking\"", "id = \"car-parking\"")),
            &["{in}/technologies.toml:", "`parking` is part of the product contract"]);
        duplicate_technology: edited_library(GENERATE_WITH_LIBRARY,
            |lib| edit(lib, "technologies.toml", |s| s.replacen("id = \"anpr\"", "id = \"cctv\"", 1)),
            &["{in}/technologies.toml:", "duplicate technology `cctv`", "first defined at {in}/technologies.toml:"]);
        unknown_default_risk: edited_library(GENERATE_WITH_LIBRARY,
            |lib| edit(lib, "technologies.toml", |s| s.replacen("default_risk = \"medium\"", "default_risk = \"severe\"", 1)),
            &["{in}/technologies.toml:", "unknown variant `severe`", "expected one of `low`, `medium`, `high`"]);
        parameter_default_of_the_wrong_type: edited_library(GENERATE_WITH_LIBRARY,
            |lib| edit(lib, "parameters.toml", |s| s.replacen("default = 14", "default = \"fourteen\"", 1)),
            &["{in}/parameters.toml:", "declared as an integer"]);
        parameter_default_out_of_its_range: edited_library(GENERATE_WITH_LIBRARY,
            |lib| edit(lib, "parameters.toml", |s| s.replacen("default = 14\n", "default = 400\n", 1)),
            &["{in}/parameters.toml:", "has a default 400 outside its range 1–90"]);
        duplicate_parameter: edited_library(GENERATE_WITH_LIBRARY,
            |lib| edit(lib, "parameters.toml", |s| s.replacen("name = \"other_patch_days\"", "name = \"critical_patch_days\"", 1)),
            &["{in}/parameters.toml:", "duplicate parameter `critical_patch_days`", "first defined at"]);
        source_without_https: edited_library(GENERATE_WITH_LIBRARY,
            |lib| edit(lib, "sources.toml", |s| s.replacen("url = \"https://", "url = \"http://", 1)),
            &["{in}/sources.toml:", "needs an https:// canonical URL"]);
        guidance_item_from_an_unknown_source: edited_library(GENERATE_WITH_LIBRARY,
            |lib| edit(lib, "guidance.toml", |s| s.replacen("source = \"ncsc-cp\"", "source = \"ncsc-xx\"", 1)),
            &["{in}/guidance.toml:", "unknown source `ncsc-xx`"]);
        contract_guidance_item_removed: edited_library(GENERATE_WITH_LIBRARY,
            |lib| edit(lib, "guidance.toml", |s| s.replacen("id = \"ncsc-cp-14\"", "id = \"ncsc-cp-15\"", 1)),
            &["{in}/guidance.toml:", "`ncsc-cp-14` is part of the product contract"]);
        version_not_major_minor_patch: edited_library(GENERATE_WITH_LIBRARY,
            |lib| edit(lib, "library.toml", |s| s.replacen("version = \"0.2.0\"", "version = \"one\"", 1)),
            &["{in}/library.toml:", "MAJOR.MINOR.PATCH"]);
        empty_library_toml: edited_library(CHECK_LIBRARY,
            |lib| write(lib, "library.toml", b""),
            &["{in}/library.toml:1:1", "missing field `name`"]);
        index_file_missing: edited_library(CHECK_LIBRARY,
            |lib| std::fs::remove_file(lib.join("guidance.toml")).unwrap(),
            &["{in}/guidance.toml", "the library has no `guidance.toml`", "a library directory holds"]);
        no_clause_files: edited_library(GENERATE_WITH_LIBRARY,
            |lib| std::fs::remove_dir_all(lib.join("clauses")).unwrap(),
            &["{in}/clauses", "the library has no clause files", "clauses/*.toml"]);
        file_not_utf8: edited_library(CHECK_LIBRARY,
            |lib| write(lib, "clauses/zz.toml", b"# caf\xe9\n"),
            &["{in}/clauses/zz.toml:1:6", "not valid UTF-8", "save the file as UTF-8"]);
        directory_named_library_toml: edited_library(GENERATE_WITH_LIBRARY,
            |lib| {
                std::fs::remove_file(lib.join("library.toml")).unwrap();
                std::fs::create_dir(lib.join("library.toml")).unwrap();
            },
            &["{in}/library.toml", "expected a TOML file but this is a directory"]);
        directory_named_like_a_clause_file: edited_library(CHECK_LIBRARY,
            |lib| std::fs::create_dir(lib.join("clauses/extra.toml")).unwrap(),
            &["{in}/clauses/extra.toml", "expected a TOML file but this is a directory"]);
        syntax_error_at_the_end_of_a_20_mb_clause_file: edited_library(GENERATE_WITH_LIBRARY,
            |lib| write(lib, "clauses/zz.toml", format!("{}[[clause]\n", giant_comment()).as_bytes()),
            &["{in}/clauses/zz.toml:200001:10", "unclosed array table, expected `]`"]);
        missing_directory: given("no-such-library", GENERATE_WITH_LIBRARY,
            &["{in}", "the library directory does not exist", "laid out like `requirements/`"]);
        file_given_as_the_library: given("README.md", GENERATE_WITH_LIBRARY,
            &["{in}", "the library path is not a directory"]);
    }
}

/// Responses as CSV, made from the matrix as issued.
mod response_csv {
    use super::*;

    bad_inputs! {
        empty: csv("response.csv", |_| Vec::new(),
            &["{in}", "the response is empty", "starts with the header row: Requirement ID, Pack ref"]);
        only_a_byte_order_mark_and_blank_lines: csv("response.csv", |_| b"\xEF\xBB\xBF\r\n\r\n".to_vec(),
            &["{in}", "the response is empty"]);
        only_empty_cells: csv("response.csv", |_| b",,,\n,,,\n".to_vec(),
            &["{in}", "the response has no header row", "starts with the header row: Requirement ID"]);
        header_with_none_of_the_columns: csv("response.csv", |_| b"Foo,Bar,Baz\n1,2,3\n".to_vec(),
            &["{in}:1", "none of its cells is a column title", "it reads: `Foo`, `Bar`, `Baz`", "Requirement ID, Pack ref, Title"]);
        header_of_only_the_id_column: csv("response.csv", |_| b"Requirement ID\nDES-001\n".to_vec(),
            &["{in}:1", "the header has no `Pack ref`, `Category`", "`Version` columns"]);
        without_the_id_column: csv("response.csv",
            |m| csv_bytes(&m.with(|rows| rows.iter_mut().for_each(|r| { r.remove(0); }))),
            &["{in}:1", "the header has no `Requirement ID` column", "the column titles as issued"]);
        misspelt_column: csv("response.csv",
            |m| csv_bytes(&m.with(|rows| rows[0][4] = "Complaince".into())),
            &["{in}:1", "no `Compliance` column", "`Complaince` looks like `Compliance`"]);
        column_twice: csv("response.csv",
            |m| csv_bytes(&m.with(|rows| rows[0][9] = "Compliance".into())),
            &["{in}:1", "column `Compliance`: appears twice in the header (columns 5 and 10)"]);
        saved_as_windows_1252: csv("response.csv",
            |m| latin1(csv_bytes(&m.with(|rows| rows[4][5] = "Caf\u{1}".into()))),
            &["{in}:5", "column `Supplier response`", "not valid UTF-8 (byte 0xE9 after 3 characters)", "CSV UTF-8"]);
        saved_as_utf16_unicode_text: csv("response.txt",
            |m| {
                let text = String::from_utf8(csv_bytes(&m.rows)).unwrap().replace(',', "\t");
                [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect()
            },
            &["{in}:1", "not valid UTF-8 (byte 0xFF", "CSV UTF-8"]);
        quote_never_closed: csv("response.csv",
            |m| [csv_bytes(&m.rows[..2]), b"DES-001,4.2.1,Title,\"MUST\n".to_vec()].concat(),
            &["{in}:3", "column `Category`", "a quoted cell opens on text line", "is never closed", "write any `\"` inside it twice"]);
        zip_archive_named_csv: csv("response.csv", |m| m.xlsx.clone(),
            &["{in}", "this is a zip archive (an XLSX workbook?), not CSV text", "name it .xlsx"]);
        pdf_named_csv: csv("response.csv", |_| PDF.to_vec(),
            &["{in}", "this is a PDF document, not a response matrix", "response-matrix.xlsx or response-matrix.csv"]);
        pdf_given_as_the_response: csv("response.pdf", |_| PDF.to_vec(),
            &["{in}", "this is a PDF document, not a response matrix"]);
        missing: given("no-such-response.csv", ASSESS,
            &["{in}", "cannot read the response: no such file"]);
        directory_given_as_the_response: case(Input::Directory("response.csv"), ASSESS,
            &["{in}", "expected a response matrix file but this is a directory"]);
        not_utf8_near_the_end_of_100_000_rows: csv("response.csv",
            |m| {
                let mut bytes = huge_csv(m);
                let cell = supplier_response_of(&bytes, "ZZZ-99990");
                bytes[cell + 1] = 0xE9;
                bytes
            },
            &["{in}:99992", "column `Supplier response`", "not valid UTF-8 (byte 0xE9 after 1 characters)"]);
        quote_never_closed_near_the_end_of_100_000_rows: csv("response.csv",
            |m| {
                let mut bytes = huge_csv(m);
                let cell = supplier_response_of(&bytes, "ZZZ-99990");
                bytes.insert(cell, b'"');
                bytes
            },
            &["{in}:99992", "column `Supplier response`", "opens on text line 99992 and is never closed"]);
    }
}

/// Responses as XLSX.
mod response_xlsx {
    use super::*;

    bad_inputs! {
        csv_text_named_xlsx: xlsx(|m| csv_bytes(&m.rows),
            &["{in}", "not an XLSX workbook: the file is not a zip archive", "if it is CSV, name it .csv"]);
        excel_97_2003_file_named_xlsx: xlsx(|_| [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0].to_vec(),
            &["{in}", "not a zip archive", "Excel 97-2003 .xls file: save it as .xlsx"]);
        zip_of_junk: xlsx(|_| [b"PK\x03\x04".as_slice(), &[0x5A; 500]].concat(),
            &["{in}", "cannot read the workbook", "save it again as .xlsx"]);
        truncated_workbook: xlsx(|m| m.xlsx[..m.xlsx.len() / 2].to_vec(),
            &["{in}", "cannot read the workbook", "save it again as .xlsx"]);
        word_document_named_xlsx: xlsx(
            |_| zip_of(&[("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")]),
            &["{in}", "cannot read the workbook", "save it again as .xlsx"]);
        without_the_matrix_sheet: xlsx(
            |_| xlsx_bytes(&[("Instructions", vec![vec!["Filled in by the supplier".into()]])]),
            &["{in}", "the workbook has no `Matrix` sheet", "its sheets: Instructions", "with its Matrix sheet"]);
        empty_matrix_sheet: xlsx(|_| xlsx_bytes(&[("Matrix", Vec::new())]),
            &["{in}", "sheet `Matrix` is empty", "starts with the header row"]);
        title_above_the_header: xlsx(
            |m| xlsx_bytes(&[("Matrix", m.with(|rows| rows.insert(0, vec!["Response matrix".into()])))]),
            &["{in}:1", "none of its cells is a column title", "it reads: `Response matrix`"]);
        column_twice: xlsx(
            |m| xlsx_bytes(&[("Matrix", m.with(|rows| rows[0][9] = "Compliance".into()))]),
            &["{in}:1", "appears twice in the header (columns E and J)"]);
        misspelt_column: xlsx(
            |m| xlsx_bytes(&[("Matrix", m.with(|rows| rows[0][5] = "Supplier reponse".into()))]),
            &["{in}:1", "no `Supplier response` column", "`Supplier reponse` looks like `Supplier response`"]);
        matrix_sheet_xml_cut_short: xlsx(
            |m| rezip(&m.xlsx, "xl/worksheets/sheet2.xml", |xml| xml[..xml.len() / 2].to_vec()),
            &["{in}", "cannot read sheet `Matrix`", "save it again as .xlsx"]);
        matrix_sheet_missing_from_the_package: xlsx(
            |m| rezip(&m.xlsx, "xl/worksheets/sheet2.xml", |_| Vec::new()),
            &["{in}", "cannot read sheet `Matrix`"]);
        directory_given_as_the_workbook: case(Input::Directory("response.xlsx"), ASSESS,
            &["{in}", "expected a response matrix file but this is a directory"]);
        misspelt_column_in_20_000_rows: xlsx(
            |m| {
                let mut rows = m.with(|rows| rows[0][4] = "Complaince".into());
                let answered = rows[1].clone();
                rows.extend((0..20_000).map(|i| [vec![format!("ZZZ-{i}")], answered[1..].to_vec()].concat()));
                xlsx_bytes(&[("Matrix", rows)])
            },
            &["{in}:1", "no `Compliance` column", "`Complaince` looks like `Compliance`"]);
    }
}

/// Templates: `--templates DIR`.
mod templates {
    use super::*;

    bad_inputs! {
        syntax_error: templates(|dir| write(dir, "how-to-read.hbs", b"Hello {{#if tender.title}} unclosed\n"),
            &["{in}/how-to-read.hbs:", "template syntax error", "Handlebars syntax"]);
        field_that_does_not_exist: templates(|dir| write(dir, "context.hbs", b"Buyer: {{tender.nosuchfield}}\n"),
            &["{in}/context.hbs:1:", "template `context` failed", "templates may use: tender.*"]);
        unknown_helper: templates(|dir| write(dir, "context.hbs", b"x {{frobnicate tender.title}} y\n"),
            &["{in}/context.hbs:1:3", "Helper not found frobnicate", "built-in helpers: if, unless, each"]);
        unknown_partial: templates(|dir| write(dir, "context.hbs", b"{{> header}}\n"),
            &["{in}/context.hbs:1:1", "`{{> header}}` includes a template that does not exist"]);
        unknown_template_name: templates(|dir| write(dir, "how-to-raed.hbs", b"x"),
            &["{in}/how-to-raed.hbs", "not a template tenderguard uses", "did you mean `how-to-read.hbs`"]);
        not_utf8: templates(|dir| write(dir, "context.hbs", b"caf\xe9 {{tender.title}}\n"),
            &["{in}/context.hbs:1:4", "not valid UTF-8 (byte 0xe9)", "save the file as UTF-8"]);
        directory_named_like_a_template: templates(|dir| std::fs::create_dir(dir.join("context.hbs")).unwrap(),
            &["{in}/context.hbs", "expected a template file but this is a directory"]);
        syntax_error_after_a_million_lines: templates(
            |dir| write(dir, "context.hbs", format!("{}{{{{#if x}}\n", "ok\n".repeat(1_000_000)).as_bytes()),
            &["{in}/context.hbs:1000001:", "template syntax error"]);
        missing_directory: given("no-such-templates", GENERATE_WITH_TEMPLATES,
            &["{in}", "cannot read the templates directory: no such file", "a directory of .hbs files"]);
        file_given_as_the_directory: given("README.md", GENERATE_WITH_TEMPLATES,
            &["{in}", "it is a file, not a directory"]);
    }
}

/// Usage: options that make no sense.
mod usage {
    use super::*;

    bad_inputs! {
        unknown_format: given("examples/air-quality-sensors.toml",
            &["generate", "{in}", "--format", "md,pfd", "-o", "{out}"],
            &["invalid value 'pfd' for '--format <LIST>'", "[possible values: docx, pdf, md, html, csv, xlsx, json]"]);
        empty_format: given("examples/air-quality-sensors.toml",
            &["generate", "{in}", "--format", ",", "-o", "{out}"],
            &["a value is required for '--format <LIST>'", "[possible values: docx, pdf, md, html, csv, xlsx, json]"]);
        assess_report_written_over_its_response: case(Input::Response("response.csv", |m| csv_bytes(&m.rows)),
            &["assess", ASSESSED_PROFILE, "{in}", "--format", "md", "-o", "{in}"],
            &["{in}", "the report would overwrite an input file", "choose another -o path"]);
        assess_report_format_unknown: case(Input::Response("response.csv", |m| csv_bytes(&m.rows)),
            &["assess", ASSESSED_PROFILE, "{in}", "--format", "pdf", "-o", "{out}/report.pdf"],
            &["invalid value 'pdf' for '--format <FORMAT>'", "[possible values: text, json, md, docx]"]);
    }
}

/// How a case's input is made. Everything made is written into the case's own scratch directory.
enum Input {
    /// A path from the repository root, passed as it is: a committed file, or one that is missing.
    Path(String),
    /// `profile.toml`, written at test time.
    Generated(fn() -> Vec<u8>),
    /// A copy of the shipped library, changed.
    LibraryCopy(fn(&Path)),
    /// A response file with this name, made from the matrix as issued.
    Response(&'static str, fn(&Issued) -> Vec<u8>),
    /// An empty directory with this name, where a file is expected.
    Directory(&'static str),
    /// A templates directory.
    TemplatesDir(fn(&Path)),
}

struct Case {
    input: Input,
    /// The command, with `{in}` for the input's path and `{out}` for an output path in scratch.
    command: &'static [&'static str],
    /// Phrases the message must contain; `{in}` stands for the input's path.
    expect: Vec<String>,
}

const GENERATE: &[&str] = &["generate", "{in}", "-o", "{out}"];
const GENERATE_WITH_LIBRARY: &[&str] = &[
    "generate",
    "examples/air-quality-sensors.toml",
    "--library",
    "{in}",
    "-o",
    "{out}",
];
const CHECK_LIBRARY: &[&str] = &["check", "--library", "{in}"];
const GENERATE_WITH_TEMPLATES: &[&str] = &[
    "generate",
    "examples/air-quality-sensors.toml",
    "--templates",
    "{in}",
    "-o",
    "{out}",
];
/// Where the committed profiles are.
const PROFILES: &str = "tests/bad-inputs/profiles";
/// The profile the responses answer; its matrix is what `Issued` holds.
const ASSESSED_PROFILE: &str = "examples/city-centre-cctv.toml";
const ASSESS: &[&str] = &["assess", ASSESSED_PROFILE, "{in}", "-o", "{out}/report.md"];

/// A small valid profile, seven lines, for the generated ones to extend.
const BASE_PROFILE: &str =
    "[tender]\ntitle = \"T\"\nreference = \"R-1\"\nbuyer = \"B\"\n\n[scope]\ntechnologies = [\"cctv\"]\n";

/// 20 MB: the size of the huge values (the huge files are 200 000 lines of 101 bytes).
const HUGE: usize = 20_000_000;

/// A custom clause for generated profiles, seven lines, its id on the second.
fn own_clause(id: &str) -> String {
    format!(
        "[[clause]]\nid = \"{id}\"\nsection = \"design\"\ntitle = \"T\"\ntext = \"The Supplier MUST do it.\"\nobligation = \"must\"\nevidence = [\"E\"]\n"
    )
}

fn case(input: Input, command: &'static [&'static str], expect: &[&str]) -> Case {
    Case {
        input,
        command,
        expect: expect.iter().map(|s| s.to_string()).collect(),
    }
}

/// A committed file in `tests/bad-inputs/profiles/`, given to `generate`.
fn committed(file: &str, expect: &[&str]) -> Case {
    case(Input::Path(format!("{PROFILES}/{file}")), GENERATE, expect)
}

/// A path from the repository root, as it is.
fn given(path: &'static str, command: &'static [&'static str], expect: &[&str]) -> Case {
    case(Input::Path(path.to_string()), command, expect)
}

/// A profile written at test time, given to `generate`.
fn generated(make: fn() -> Vec<u8>, expect: &[&str]) -> Case {
    case(Input::Generated(make), GENERATE, expect)
}

fn edited_library(command: &'static [&'static str], change: fn(&Path), expect: &[&str]) -> Case {
    case(Input::LibraryCopy(change), command, expect)
}

fn csv(file: &'static str, make: fn(&Issued) -> Vec<u8>, expect: &[&str]) -> Case {
    case(Input::Response(file, make), ASSESS, expect)
}

fn xlsx(make: fn(&Issued) -> Vec<u8>, expect: &[&str]) -> Case {
    case(Input::Response("response.xlsx", make), ASSESS, expect)
}

fn templates(make: fn(&Path), expect: &[&str]) -> Case {
    case(Input::TemplatesDir(make), GENERATE_WITH_TEMPLATES, expect)
}

/// The `# expect:` phrases and `# at:` places of a committed profile; none when it has no
/// headers.
fn expectations(file: &Path) -> Vec<String> {
    let text = String::from_utf8_lossy(&std::fs::read(file).unwrap()).into_owned();
    let header = |key: &str| -> Vec<String> {
        text.lines()
            .filter_map(|l| l.strip_prefix(key))
            .map(|s| s.trim().to_string())
            .collect()
    };
    let expect = header("# expect:");
    if expect.is_empty() {
        return expect;
    }
    let mut all = vec!["{in}".to_string()];
    all.extend(expect);
    all.extend(header("# at:").into_iter().map(|at| format!("{{in}}{at}")));
    all
}

/// A committed profile that carries its expectations in its headers.
fn corpus_case(file: &str) -> Case {
    let path = format!("{PROFILES}/{file}");
    let expect = expectations(&root().join(&path));
    assert!(
        !expect.is_empty(),
        "{path} has no `# expect:` header; give it one, or a row in the table"
    );
    Case {
        input: Input::Path(path),
        command: GENERATE,
        expect,
    }
}

fn write(dir: &Path, file: &str, bytes: &[u8]) {
    std::fs::write(dir.join(file), bytes).unwrap();
}

/// Changes one library file; the change must change something.
fn edit(lib: &Path, file: &str, change: impl Fn(&str) -> String) {
    let path = lib.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let changed = change(&text);
    assert_ne!(changed, text, "the edit of {file} changed nothing");
    std::fs::write(path, changed).unwrap();
}

fn append(lib: &Path, file: &str, text: &str) {
    edit(lib, file, |s| format!("{s}{text}"));
}

const HIGH_MUST: &str = "{ high = \"must\" }";
const OBLIGATION_WEAKENS: &str = "{ low = \"must\", medium = \"should\", high = \"must\" }";
const ALL: &str = "{ all = true }";

/// A library clause with the given fields; `guidance` is one item id, or empty for none.
fn test_clause(
    id: &str,
    obligation: &str,
    applies: &str,
    guidance: &str,
    source: &str,
    param: &str,
) -> String {
    let guidance = if guidance.is_empty() {
        String::new()
    } else {
        format!("\"{guidance}\"")
    };
    format!(
        "\n[[clause]]\nid = \"{id}\"\nversion = 1\ntitle = \"Test clause\"\nsection = \"design\"\nstage = \"specification\"\n\
text = \"The Supplier MUST restore service within {param} hours of a test failure.\"\nobligation = {obligation}\napplies_to = {applies}\n\
evidence = [\"A test report\"]\nverify = [\"go-live\"]\nrationale = \"Tests the checker.\"\nguidance = [{guidance}]\n\n\
[[clause.source]]\ndocument = \"{source}\"\nsection = \"Principle #9\"\nverified = false\n"
    )
}

/// 200 000 comment lines of 101 bytes: 20 MB with nothing in it.
fn giant_comment() -> String {
    format!("# {}\n", "x".repeat(98)).repeat(200_000)
}

/// The start of a PDF file.
const PDF: &[u8] = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";

/// The response matrix as the binary issues it for `ASSESSED_PROFILE`.
struct Issued {
    /// Rows of cells, header first.
    rows: Vec<Vec<String>>,
    xlsx: Vec<u8>,
}

impl Issued {
    /// A copy of the rows, changed.
    fn with(&self, change: impl FnOnce(&mut Vec<Vec<String>>)) -> Vec<Vec<String>> {
        let mut rows = self.rows.clone();
        change(&mut rows);
        rows
    }
}

fn issued() -> &'static Issued {
    static ISSUED: OnceLock<Issued> = OnceLock::new();
    ISSUED.get_or_init(|| {
        let dir = generate_temp(&root().join(ASSESSED_PROFILE), "csv,xlsx");
        let rows = read_csv_rows(&dir.path().join("response-matrix.csv"));
        let xlsx = std::fs::read(dir.path().join("response-matrix.xlsx")).unwrap();
        Issued { rows, xlsx }
    })
}

/// The issued header and 100 000 answered rows for ids the pack does not have (`ZZZ-0` is row
/// 2), each with `Yes` as its Supplier response.
fn huge_csv(m: &Issued) -> Vec<u8> {
    let mut bytes = csv_bytes(&m.rows[..1]);
    for i in 0..100_000 {
        writeln!(
            bytes,
            "ZZZ-{i},9.9,A title,MUST,Full,Yes,Annex 1,,,,A requirement,A document,Specification requirement,At tender evaluation,Design,1"
        )
        .unwrap();
    }
    bytes
}

/// Replaces the marker byte 0x01 with 0xE9, a Windows-1252 `é`, as Excel's plain "CSV" save does.
fn latin1(bytes: Vec<u8>) -> Vec<u8> {
    bytes
        .into_iter()
        .map(|b| if b == 1 { 0xE9 } else { b })
        .collect()
}

/// Where the Supplier response (`Yes`) of one of `huge_csv`'s last rows starts.
fn supplier_response_of(bytes: &[u8], id: &str) -> usize {
    let tail = bytes.len() - 4096;
    let find = |from: usize, needle: &[u8]| {
        from + bytes[from..]
            .windows(needle.len())
            .position(|w| w == needle)
            .unwrap()
    };
    let row = find(tail, format!("\n{id},").as_bytes());
    find(row, b",Yes,") + 1
}

/// A workbook with the given sheets, every cell text.
fn xlsx_bytes(sheets: &[(&str, Vec<Vec<String>>)]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if !cell.is_empty() {
                    ws.write_string(r as u32, c as u16, cell).unwrap();
                }
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        z.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap().into_inner()
}

/// The package with one entry changed; an empty result leaves the entry out.
fn rezip(package: &[u8], entry: &str, change: fn(Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(package)).unwrap();
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        let name = file.name().to_string();
        let bytes = if name == entry { change(bytes) } else { bytes };
        if !bytes.is_empty() {
            entries.push((name, bytes));
        }
    }
    let borrowed: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    zip_of(&borrowed)
}

/// Every file below `dir` with its bytes, to prove a run changed nothing.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files_below(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap_or_default();
            (f, bytes)
        })
        .collect()
}

/// A message may quote the input, but never a 20 MB input.
const MESSAGE_MAX: usize = 64 * 1024;

/// Makes the input in a scratch directory, runs the command and checks the outcome: exit 2, no
/// panic, a short message with every expected phrase, and nothing in the scratch directory
/// written or changed.
fn check(case: &Case) {
    let scratch = tempfile::tempdir().unwrap();
    let input: String = match &case.input {
        Input::Path(path) => path.clone(),
        Input::Generated(make) => {
            let path = scratch.path().join("profile.toml");
            std::fs::write(&path, make()).unwrap();
            path.display().to_string()
        }
        Input::LibraryCopy(change) => {
            let lib = scratch.path().join("library");
            copy_dir(&root().join("requirements"), &lib);
            change(&lib);
            lib.display().to_string()
        }
        Input::Response(name, make) => {
            let path = scratch.path().join(name);
            std::fs::write(&path, make(issued())).unwrap();
            path.display().to_string()
        }
        Input::Directory(name) => {
            let path = scratch.path().join(name);
            std::fs::create_dir(&path).unwrap();
            path.display().to_string()
        }
        Input::TemplatesDir(make) => {
            let dir = scratch.path().join("templates");
            std::fs::create_dir(&dir).unwrap();
            make(&dir);
            dir.display().to_string()
        }
    };
    let out = scratch.path().join("out").display().to_string();
    let args: Vec<String> = case
        .command
        .iter()
        .map(|a| a.replace("{in}", &input).replace("{out}", &out))
        .collect();
    let before = snapshot(scratch.path());
    let o: Output = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let err = stderr(&o);
    let shown: String = err.chars().take(3000).collect();
    assert_eq!(o.status.code(), Some(2), "exit status\n{shown}");
    assert!(!err.contains("panicked"), "panicked\n{shown}");
    assert!(
        err.len() <= MESSAGE_MAX,
        "a {} byte message\n{shown}",
        err.len()
    );
    for phrase in &case.expect {
        let phrase = phrase.replace("{in}", &input);
        assert!(
            err.contains(&phrase),
            "the message lacks {phrase:?}\n{shown}"
        );
    }
    let after = snapshot(scratch.path());
    let names = |s: &[(String, Vec<u8>)]| s.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert!(
        after == before,
        "files changed: {:?} became {:?}",
        names(&before),
        names(&after)
    );
}
