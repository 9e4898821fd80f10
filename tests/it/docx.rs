//! The Word document, checked with real readers: LibreOffice opens and converts it, shows
//! Word's own numbering equal to the pack's references, and keeps every character as written;
//! docx-rs and xmllint read the structure back (styles, numbering, repeating table headers,
//! page fields, properties); two runs give the same bytes.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::support::*;

/// This module's directory under Cargo's temporary directory for tests.
const WORK: &str = "docx-tests";

/// One profile's outputs and LibreOffice's plain-text rendering of its DOCX.
struct Converted {
    name: String,
    dir: PathBuf,
    docx: PathBuf,
    text: String,
    selection: Vec<SelectedClause>,
}

/// Generates every example and the special-characters fixture once, and converts all the
/// DOCX files to text in a single LibreOffice run.
fn converted() -> &'static [Converted] {
    static ALL: OnceLock<Vec<Converted>> = OnceLock::new();
    ALL.get_or_init(|| {
        let root = work_dir(WORK, "converted");
        let mut copies = Vec::new();
        let mut docs = Vec::new();
        for profile in all_profiles() {
            let name = stem(&profile);
            let dir = root.join(&name);
            generate(&profile, &dir, "docx,json");
            let copy = root.join(format!("{name}.docx"));
            std::fs::copy(dir.join("security-requirements.docx"), &copy).unwrap();
            copies.push(copy);
            docs.push((name, dir));
        }
        let texts = soffice_convert(&copies, "txt:Text (encoded):UTF8", "txt", &root);
        docs.into_iter()
            .zip(texts)
            .map(|((name, dir), txt)| Converted {
                selection: selection(&dir),
                docx: dir.join("security-requirements.docx"),
                text: std::fs::read_to_string(txt)
                    .unwrap()
                    .trim_start_matches('\u{feff}')
                    .to_string(),
                name,
                dir,
            })
            .collect()
    })
}

fn doc(name: &str) -> &'static Converted {
    converted()
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no profile {name}"))
}

/// Clause headings in LibreOffice's text of the DOCX: the heading line (`4.2.3<tab>Title<tab>MUST`)
/// then, on the next line, the id and version in the meta line (`[DES-004 v2]   Contract
/// requirement (MUST)`).
fn docx_clause_headings(text: &str) -> Vec<SelectedClause> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines
        .windows(2)
        .filter_map(|pair| {
            let (number, title) = pair[0].split_once('\t')?;
            let numbered = number.contains('.')
                && number
                    .split('.')
                    .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
            if !numbered || title.trim().is_empty() {
                return None;
            }
            let tag = pair[1].strip_prefix('[')?.split(']').next()?;
            let (id, version) = tag.rsplit_once(" v")?;
            Some(SelectedClause {
                id: id.to_string(),
                version: version.parse().ok()?,
                pack_ref: number.to_string(),
            })
        })
        .collect()
}

#[test]
fn libreoffice_shows_every_clause_in_order_with_word_numbers_equal_to_pack_refs() {
    for c in converted() {
        let shown = docx_clause_headings(&c.text);
        assert_eq!(
            shown.len(),
            c.selection.len(),
            "{}: LibreOffice shows {} clause headings, selection.json has {}",
            c.name,
            shown.len(),
            c.selection.len()
        );
        for (s, want) in shown.iter().zip(&c.selection) {
            assert_eq!(
                s, want,
                "{}: clause heading as LibreOffice numbers it differs from selection.json",
                c.name
            );
        }
    }
}

#[test]
fn libreoffice_shows_chapters_and_lettered_annexes() {
    let c = doc("city-centre-cctv");
    for heading in [
        "1 How to read this document",
        "2.2 Risk level",
        "4.2 Design",
        "7 Evidence checklist",
        "Annex A: Supplier response matrix",
        "Annex B: Sources and rationale",
        "Annex C: Guidance coverage",
    ] {
        let found = c
            .text
            .lines()
            .any(|l| l.trim().replace('\t', " ") == heading);
        assert!(found, "LibreOffice text has no heading line `{heading}`");
    }
}

#[test]
fn special_characters_and_markup_looking_text_come_out_verbatim() {
    let c = doc("special-characters");
    for expected in SPECIAL_CHARACTER_TEXTS {
        // The clause block puts the id and version on a line of their own under the title.
        let found = if expected.starts_with('[') {
            c.text.lines().any(|line| line.starts_with(expected))
        } else {
            c.text.lines().any(|line| line.contains(expected))
        };
        assert!(found, "LibreOffice text lacks `{expected}`");
    }
    assert!(!c.text.contains("&amp;amp;"), "text was escaped twice");
}

#[test]
fn every_part_is_well_formed_xml() {
    let c = doc("special-characters");
    let dir = work_dir(WORK, "parts-special");
    let parts = unzip(&c.docx, &dir);
    assert!(
        parts.contains(&"word/document.xml".to_string()),
        "{parts:?}"
    );
    for part in &parts {
        assert_well_formed(&dir.join(part));
    }
}

#[test]
fn structure_reads_back_with_styles_numbering_and_outline_levels() {
    use docx_rs::DocumentChild;
    let c = doc("city-centre-cctv");
    let bytes = std::fs::read(&c.docx).unwrap();
    let docx = docx_rs::read_docx(&bytes).expect("docx-rs reads the document");

    for (id, level) in [("Heading1", 0), ("Heading2", 1), ("Heading3", 2)] {
        let style = docx
            .styles
            .styles
            .iter()
            .find(|s| s.style_id == id)
            .unwrap_or_else(|| panic!("no {id} style"));
        assert_eq!(
            style.paragraph_property.outline_lvl.as_ref().map(|o| o.v),
            Some(level),
            "{id} outline level"
        );
    }
    assert!(docx.styles.styles.iter().any(|s| s.style_id == "Title"));

    let mut clause_tags = Vec::new();
    let mut clause_numbers = Vec::new();
    let mut heading1 = Vec::new();
    let mut after_clause_heading = false;
    for child in &docx.document.children {
        let DocumentChild::Paragraph(p) = child else {
            continue;
        };
        let style = p
            .property
            .style
            .as_ref()
            .map(|s| s.val.as_str())
            .unwrap_or("");
        let text = p.raw_text();
        match style {
            "Heading1" => heading1.push((text, p.property.numbering_property.is_some())),
            "Heading3" | "ClauseHeading2" => {
                // The number is text (so any reader sees it), not the heading style's list
                // number, which numId 0 turns off.
                let num = p
                    .property
                    .numbering_property
                    .as_ref()
                    .expect("clause heading without its numbering turned off");
                assert_eq!(
                    num.id.as_ref().map(|i| i.id),
                    Some(0),
                    "clause heading numbered by a list as well as by text: {text}"
                );
                let number: String = text
                    .chars()
                    .take_while(|c| c.is_ascii_digit() || *c == '.')
                    .collect();
                clause_numbers.push(number);
                after_clause_heading = true;
            }
            // The id and version are in the meta line under the title.
            "ClauseMeta" if after_clause_heading => {
                let tag = text.strip_prefix('[').and_then(|t| t.split(']').next());
                clause_tags.push(tag.unwrap_or("").to_string());
                after_clause_heading = false;
            }
            _ => {}
        }
    }
    let want: Vec<String> = c
        .selection
        .iter()
        .map(|s| format!("{} v{}", s.id, s.version))
        .collect();
    assert_eq!(
        clause_tags, want,
        "every clause heading has its id and version under it, in selection order"
    );
    let refs: Vec<String> = c.selection.iter().map(|s| s.pack_ref.clone()).collect();
    assert_eq!(
        clause_numbers, refs,
        "each clause heading starts with its pack ref"
    );
    assert_eq!(heading1.len(), 10, "7 chapters and 3 annexes: {heading1:?}");
    assert!(
        heading1[7..].iter().all(|(_, numbered)| *numbered),
        "annex headings use the annex list"
    );
    assert_eq!(
        heading1[0].0, "How to read this document",
        "heading text carries no number"
    );

    let dir = work_dir(WORK, "parts-cctv");
    unzip(&c.docx, &dir);
    let styles = dir.join("word/styles.xml");
    for (id, name) in [
        ("Heading1", "heading 1"),
        ("Heading2", "heading 2"),
        ("Heading3", "heading 3"),
        ("Title", "Title"),
        ("TOC1", "toc 1"),
    ] {
        let got = xpath(&styles, &format!("string(//*[local-name()='style'][@*[local-name()='styleId']='{id}']/*[local-name()='name']/@*[local-name()='val'])"));
        assert_eq!(got, name, "style {id} has Word's built-in name");
    }
    let numbering = dir.join("word/numbering.xml");
    // Abstract numbering 1 is docx-rs's own; the outline list is 2.
    let bound = xpath(&numbering, "string(//*[local-name()='abstractNum'][@*[local-name()='abstractNumId']='2']/*[local-name()='lvl'][3]/*[local-name()='pStyle']/@*[local-name()='val'])");
    assert_eq!(
        bound, "Heading3",
        "the outline list's third level is bound to Heading 3"
    );
    let fonts = xpath(
        &styles,
        "string(//*[local-name()='rPrDefault']//*[local-name()='rFonts']/@*[local-name()='ascii'])",
    );
    assert_eq!(fonts, "Liberation Sans");
}

#[test]
fn tables_repeat_their_header_row_and_rows_do_not_split() {
    let c = doc("city-centre-cctv");
    let dir = work_dir(WORK, "tables-cctv");
    unzip(&c.docx, &dir);
    let doc = dir.join("word/document.xml");
    let count = |expr: &str| -> usize {
        let s = xpath(&doc, &format!("count({expr})"));
        s.parse::<f64>()
            .unwrap_or_else(|_| panic!("xpath count failed: {s}")) as usize
    };
    let tables = count("//*[local-name()='tbl']");
    let repeating = count("//*[local-name()='tbl'][*[local-name()='tr'][1]/*[local-name()='trPr']/*[local-name()='tblHeader']]");
    let header_flags = count("//*[local-name()='tblHeader']");
    let model = pack(&largest_example());
    // Label/value facts (document control, definitions, technologies) are tables without a
    // header row.
    let facts = facts_count(&model);
    assert_eq!(
        tables,
        table_count(&model) + facts - 1,
        "a table per table and per list of facts of the model"
    );
    assert_eq!(
        repeating,
        tables - facts,
        "every table with a header row repeats it"
    );
    assert_eq!(header_flags, repeating, "only first rows repeat");
    let rows = count("//*[local-name()='tr']");
    let unsplit =
        count("//*[local-name()='tr'][*[local-name()='trPr']/*[local-name()='cantSplit']]");
    assert_eq!(rows, unsplit, "every row is kept whole");
    let too_wide = count(
        "//*[local-name()='tblGrid'][sum(*[local-name()='gridCol']/@*[local-name()='w']) > 9638]",
    );
    assert_eq!(too_wide, 0, "tables fit the A4 text width");
    let captions = count("//*[local-name()='tblCaption']");
    assert_eq!(captions, tables, "every table has alternative text");
}

#[test]
fn header_footer_fields_settings_and_properties() {
    let c = doc("city-centre-cctv");
    let json = selection_json(&c.dir);
    let tender = &json["tender"];
    let dir = work_dir(WORK, "props-cctv");
    unzip(&c.docx, &dir);
    let text_of = |part: &str| xpath(&dir.join(part), "string(/)");

    let header = text_of("word/header1.xml");
    for want in [
        tender["title"].as_str().unwrap(),
        tender["reference"].as_str().unwrap(),
        tender["marking"].as_str().unwrap(),
    ] {
        assert!(
            header.contains(want),
            "running header lacks {want}: {header}"
        );
    }
    let footer = dir.join("word/footer1.xml");
    let instructions = xpath(&footer, "//*[local-name()='instrText']/text()");
    assert!(
        instructions.contains("PAGE") && instructions.contains("NUMPAGES"),
        "footer fields: {instructions}"
    );
    assert!(
        text_of("word/footer1.xml").contains("Page "),
        "footer says Page N of M"
    );

    let settings = dir.join("word/settings.xml");
    assert_eq!(
        xpath(&settings, "count(//*[local-name()='updateFields'])"),
        "0",
        "nothing makes Word ask to update fields on every opening"
    );
    let doc = dir.join("word/document.xml");
    assert!(
        xpath(&doc, "//*[local-name()='instrText']/text()").contains("PAGEREF _sec_1 \\h"),
        "the contents' page numbers are page references to the headings' bookmarks"
    );

    let core = dir.join("docProps/core.xml");
    let prop = |name: &str| xpath(&core, &format!("string(//*[local-name()='{name}'])"));
    assert_eq!(prop("title"), tender["title"].as_str().unwrap());
    assert_eq!(prop("creator"), tender["buyer"].as_str().unwrap());
    assert!(prop("subject").contains(tender["reference"].as_str().unwrap()));
    assert!(prop("keywords").contains("cctv"));
    assert_eq!(
        prop("created"),
        format!("{}T00:00:00Z", tender["issue_date"].as_str().unwrap())
    );
    let custom = dir.join("docProps/custom.xml");
    let custom_prop = |name: &str| {
        xpath(
            &custom,
            &format!("string(//*[local-name()='property'][@name='{name}'])"),
        )
    };
    assert_eq!(
        custom_prop("Clause library SHA-256"),
        json["library"]["sha256"].as_str().unwrap()
    );
    assert_eq!(
        custom_prop("Clause library version"),
        json["library"]["version"].as_str().unwrap()
    );
    assert_eq!(
        custom_prop("Tool version"),
        json["tool"]["version"].as_str().unwrap()
    );
}

#[test]
fn libreoffice_pdf_has_page_numbers_running_header_and_metadata() {
    let c = doc("city-centre-cctv");
    let dir = work_dir(WORK, "pdf-cctv");
    let copy = dir.join("cctv.docx");
    std::fs::copy(&c.docx, &copy).unwrap();
    let pdf = soffice_convert(&[copy], "pdf", "pdf", &dir).remove(0);
    assert_eq!(
        pdfinfo_field(&pdf, "Title:"),
        "City Centre CCTV and ANPR Modernisation"
    );
    assert_eq!(pdfinfo_field(&pdf, "Author:"), "Example City Council");
    let size = pdfinfo_field(&pdf, "Page size:");
    assert!(size.contains("595.3"), "A4: {size}");
    assert_footers_count_the_pages(&pdf, 2, "LibreOffice's PDF of the DOCX");
    let pages = pdf_text_by_page(&pdf);
    assert!(
        pages[0].contains("OFFICIAL") && !pages[0].contains("Page 1 of"),
        "the cover has the marking and no page number"
    );
    for (n, page) in pages.iter().enumerate().skip(1) {
        assert!(
            page.contains("ECC-2026-0142") && page.contains("OFFICIAL"),
            "page {} has no running header:\n{page}",
            n + 1
        );
    }
}

#[test]
fn libreoffice_opens_the_contents_with_each_page_number_where_its_heading_is() {
    for name in ["city-centre-cctv", "air-quality-sensors"] {
        let profile = example(name);
        let dir = work_dir(WORK, &format!("toc-{name}"));
        generate(&profile, &dir, "docx");
        // A plain conversion: nothing asks LibreOffice to update fields or indexes.
        let pdf = soffice_convert(
            &[dir.join("security-requirements.docx")],
            "pdf",
            "pdf",
            &dir,
        )
        .remove(0);
        let pages = pdf_text_by_page(&pdf);
        let entries = contents_entries(&pages[..6]);
        let headings: Vec<&str> = entries.iter().map(|(h, _)| h.as_str()).collect();
        let sections: Vec<String> = pack(&profile)
            .all_sections()
            .iter()
            .map(|s| collapse(&s.heading()))
            .collect();
        assert_eq!(
            headings, sections,
            "{name}: one entry per chapter, subsection and annex, in order"
        );
        for (heading, page) in &entries {
            assert!(
                pages[page - 1].lines().any(|l| collapse(l) == *heading),
                "{name}: the contents puts `{heading}` on page {page}, which lacks it:\n{}",
                pages[page - 1]
            );
        }
        // What Word shows until the fields are refreshed: the printed pack's pages, which the
        // DOCX follows closely (document control on the cover, addresses shortened as in the
        // PDF). Measured on LibreOffice 7.4: 15 of CCTV's 20 entries exact, none over 2 pages.
        let stored = stored_page_numbers(&dir.join("security-requirements.docx"));
        let off: Vec<String> = entries
            .iter()
            .zip(&stored)
            .filter(|((_, laid_out), stored)| laid_out.abs_diff(**stored) > 2)
            .map(|((h, laid_out), stored)| format!("`{h}`: {stored} stored, {laid_out} laid out"))
            .collect();
        assert!(
            off.is_empty(),
            "{name}: stored page numbers more than 2 pages out: {off:?}"
        );
        assert!(
            !pages
                .iter()
                .flat_map(|p| p.lines())
                .any(|l| l.trim() == "\u{2026}"),
            "{name}: a shortened address's ellipsis was pushed onto a line of its own"
        );
        // Running text is set at the clause gutter, as in the PDF, so that a line holds about
        // 70-85 characters (a full-width line of body type holds over 100).
        let mut lengths = crate::pdf::running_line_lengths(&pdf);
        assert!(
            lengths.len() > 300,
            "{name}: only {} lines measured",
            lengths.len()
        );
        lengths.sort_unstable();
        let median = lengths[lengths.len() / 2];
        let high = lengths[lengths.len() * 9 / 10];
        assert!(
            (70..=85).contains(&median) && high <= 92,
            "{name}: median {median} characters a line, 90th percentile {high}"
        );
        // Only the cover's paragraph runs at the margin (53 lines on CCTV did when chapter
        // text was set full width).
        let at_margin =
            crate::pdf::running_lines_at(&pdf, tenderguard::render::pdf::style::Geometry::A4.left);
        assert!(
            at_margin.len() <= 5,
            "{name}: {} running lines at the left margin, not the text indent",
            at_margin.len()
        );
    }
}

/// The results stored with the contents' page references, in order.
fn stored_page_numbers(docx: &Path) -> Vec<usize> {
    let xml = zip_entry(docx, "word/document.xml");
    xml.split("PAGEREF ")
        .skip(1)
        .map(|rest| {
            let after = rest.split("w:fldCharType=\"separate\"").nth(1).unwrap();
            let text = after.split("<w:t").nth(1).unwrap();
            let value = text.split('>').nth(1).unwrap().split('<').next().unwrap();
            value
                .parse()
                .unwrap_or_else(|_| panic!("stored page `{value}`"))
        })
        .collect()
}

/// Whitespace runs as one space, trimmed.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `2.1 Technologies in scope.......5`: each contents line's heading and page number.
fn contents_entries(pages: &[String]) -> Vec<(String, usize)> {
    pages
        .iter()
        .flat_map(|p| p.lines())
        .filter_map(|l| {
            let (heading, rest) = l.trim().split_once("..")?;
            let page = rest.trim_start_matches('.').trim().parse().ok()?;
            Some((collapse(heading), page))
        })
        .collect()
}

#[test]
fn word_opens_the_contents_with_the_page_numbers_of_the_printed_pack() {
    // Word shows a page reference's stored result until it is refreshed: the stored numbers
    // are the PDF's pages for the same headings.
    let profile = example("traffic-and-lighting");
    let dir = work_dir(WORK, "toc-stored");
    generate(&profile, &dir, "docx,pdf");
    let docx = dir.join("security-requirements.docx");
    let stored = stored_page_numbers(&docx);
    let pdf_pages = pdf_text_by_page(&dir.join("security-requirements.pdf"));
    let pack = pack(&profile);
    let sections = pack.all_sections();
    assert_eq!(stored.len(), sections.len(), "a page reference per entry");
    for (s, page) in sections.iter().zip(&stored) {
        let heading = collapse(&s.heading());
        assert!(
            pdf_pages[page - 1].lines().any(|l| collapse(l) == heading),
            "the stored page {page} of `{heading}` is not where the PDF prints it"
        );
    }
    assert!(
        !zip_entry(&docx, "word/document.xml").contains(" TOC "),
        "no TOC field, whose stored result LibreOffice would show as it is"
    );
}

#[test]
fn two_runs_give_identical_deflated_bytes() {
    let a = work_dir(WORK, "repeat-a");
    let b = work_dir(WORK, "repeat-b");
    generate(&largest_example(), &a, "docx");
    generate(&largest_example(), &b, "docx");
    let first = std::fs::read(a.join("security-requirements.docx")).unwrap();
    let second = std::fs::read(b.join("security-requirements.docx")).unwrap();
    assert!(first == second, "two runs differ");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(first)).unwrap();
    for i in 0..zip.len() {
        let entry = zip.by_index(i).unwrap();
        assert_eq!(
            entry.compression(),
            zip::CompressionMethod::Deflated,
            "{} is stored uncompressed",
            entry.name()
        );
    }
}

#[test]
fn created_date_is_fixed_when_the_profile_has_no_issue_date() {
    let dir = work_dir(WORK, "no-date");
    let src = std::fs::read_to_string(example("air-quality-sensors")).unwrap();
    let profile = dir.join("profile.toml");
    std::fs::write(
        &profile,
        src.lines()
            .filter(|l| !l.starts_with("issue_date"))
            .collect::<Vec<_>>()
            .join("\n"),
    )
    .unwrap();
    generate(&profile, &dir.join("out"), "docx");
    let parts = dir.join("parts");
    unzip(&dir.join("out/security-requirements.docx"), &parts);
    let created = xpath(
        &parts.join("docProps/core.xml"),
        "string(//*[local-name()='created'])",
    );
    assert_eq!(created, "1980-01-01T00:00:00Z");
    let body = xpath(&parts.join("word/document.xml"), "string(/)");
    assert!(
        !body.contains("Issue date"),
        "no date is printed without one"
    );
}

#[test]
fn a_control_character_is_refused_with_its_place_and_nothing_is_written() {
    let dir = work_dir(WORK, "control-char");
    let src = std::fs::read_to_string(example("air-quality-sensors")).unwrap();
    let profile = dir.join("profile.toml");
    std::fs::write(
        &profile,
        src.replace(
            "title = \"Air Quality Monitoring Network\"",
            "title = \"Air Quality\\u0007 Network\"",
        ),
    )
    .unwrap();
    let out = dir.join("out");
    let o = run(&[
        "generate",
        profile.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--format",
        "docx",
    ]);
    let stderr = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("U+0007") && stderr.contains("title"),
        "{stderr}"
    );
    assert!(!out.join("security-requirements.docx").exists());
}

/// Heading levels as pandoc's docx reader sees them, in order.
fn pandoc_heading_levels(docx: &Path) -> Vec<(usize, String)> {
    require_tool("pandoc");
    tool(
        "pandoc",
        &[
            "-f",
            "docx",
            "-t",
            "markdown",
            "--wrap=none",
            docx.to_str().unwrap(),
        ],
    )
    .lines()
    .filter_map(|l| {
        let level = l.chars().take_while(|c| *c == '#').count();
        (level > 0 && l[level..].starts_with(' ')).then(|| (level, l[level + 1..].to_string()))
    })
    .collect()
}

/// The first heading that skips a level (a level 3 straight under a level 1), if any.
fn skipped_level(levels: &[(usize, String)]) -> Option<&(usize, String)> {
    let mut deepest = 0;
    for h in levels {
        if h.0 > deepest + 1 {
            return Some(h);
        }
        deepest = h.0;
    }
    None
}

#[test]
fn pandoc_reads_heading_levels_without_a_gap_and_each_clause_number() {
    for profile in [example("city-centre-cctv"), example("all-technologies")] {
        let dir = generate_temp(&profile, "docx,json");
        let levels = pandoc_heading_levels(&dir.path().join("security-requirements.docx"));
        assert!(levels.iter().filter(|h| h.0 == 2).count() > 5, "{levels:?}");
        assert_eq!(skipped_level(&levels), None, "{}", profile.display());
        // Each clause heading, as pandoc reads it, starts with the clause's pack ref, in
        // selection order.
        let numbered: Vec<String> = levels
            .iter()
            .filter_map(|(_, h)| {
                let number = h.split_whitespace().next()?;
                (number.contains('.') && number.chars().all(|c| c.is_ascii_digit() || c == '.'))
                    .then(|| number.to_string())
            })
            .collect();
        let refs: Vec<String> = selection(dir.path())
            .into_iter()
            .map(|c| c.pack_ref)
            .collect();
        let clauses: Vec<&String> = numbered.iter().filter(|n| refs.contains(n)).collect();
        assert_eq!(
            clauses,
            refs.iter().collect::<Vec<_>>(),
            "{}: pandoc's clause headings",
            profile.display()
        );
    }
    // The check can fail: a clause heading at level 3 straight under a chapter.
    let bad = [
        (1, "Conditions".to_string()),
        (3, "[PAR-001 v2]".to_string()),
    ];
    assert!(skipped_level(&bad).is_some());
}

#[test]
fn a_section_after_clauses_at_its_own_level_is_refused_not_misnumbered() {
    // Clause headings carry their number as text, outside Word's list: a section numbered
    // after clauses at its own level would be shown by Word without them (3.1, not 3.6).
    let mut p = pack(&example("city-centre-cctv"));
    assert!(render_docx(&p).is_ok());
    let chapter = p
        .sections
        .iter_mut()
        .find(|s| s.title == "Conditions of participation")
        .expect("the CCTV pack has conditions of participation");
    let clauses = chapter.blocks.len();
    assert!(clauses > 1 && chapter.children.is_empty());
    let next = p
        .clauses
        .iter()
        .filter(|c| c.pack_ref.starts_with("3."))
        .count()
        + 1;
    chapter.children.push(PackSection {
        number: format!("3.{next}"),
        title: "A section after the clauses".to_string(),
        anchor: "sec-3-x".to_string(),
        level: 2,
        annex: false,
        blocks: Vec::new(),
        children: Vec::new(),
    });
    let err = render_docx(&p).expect_err("a section after clauses at its level");
    assert!(err.contains("follows clauses at its own level"), "{err}");
}

/// Every `name` attribute value of `element` in an XML part, in order (`w:anchor` of
/// `w:hyperlink`, `w:name` of `w:bookmarkStart`).
fn attribute_values(xml: &str, element: &str, attribute: &str) -> Vec<String> {
    xml.split(&format!("<{element} "))
        .skip(1)
        .filter_map(|rest| {
            let tag = rest.split('>').next()?;
            let value = tag.split(&format!("{attribute}=\"")).nth(1)?;
            Some(value.split('"').next()?.to_string())
        })
        .collect()
}

/// Hyperlinks inside `xml` as (anchor, shown text).
fn anchor_links(xml: &str) -> Vec<(String, String)> {
    xml.split("<w:hyperlink ")
        .skip(1)
        .filter_map(|rest| {
            let (tag, after) = rest.split_once('>')?;
            let anchor = tag.split("w:anchor=\"").nth(1)?.split('"').next()?;
            let inner = after.split("</w:hyperlink>").next()?;
            let text: String = inner
                .split("<w:t xml:space=\"preserve\">")
                .skip(1)
                .filter_map(|t| t.split("</w:t>").next())
                .collect();
            Some((anchor.to_string(), text))
        })
        .collect()
}

#[test]
fn every_link_lands_on_a_bookmark_that_exists() {
    let c = doc("city-centre-cctv");
    let xml = zip_entry(&c.docx, "word/document.xml");
    let bookmarks = attribute_values(&xml, "w:bookmarkStart", "w:name");
    let anchors = attribute_values(&xml, "w:hyperlink", "w:anchor");
    assert!(anchors.len() > 100, "few links: {}", anchors.len());
    let mut unique = bookmarks.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), bookmarks.len(), "bookmark names are unique");
    let missing: Vec<&String> = anchors.iter().filter(|a| !bookmarks.contains(a)).collect();
    assert!(missing.is_empty(), "links to no bookmark: {missing:?}");
    // Every clause and every section has its bookmark.
    for s in &c.selection {
        let name = format!("_clause_{}", s.id.replace('-', "_"));
        assert!(bookmarks.contains(&name), "no bookmark {name}");
    }
    // The check can fail: a link to a name no bookmark has.
    let bad = "<w:hyperlink w:anchor=\"_nowhere\">";
    assert!(!bookmarks.contains(&attribute_values(bad, "w:hyperlink", "w:anchor")[0]));
}

#[test]
fn clause_ids_in_annex_a_and_chapter_references_link_to_their_targets() {
    let c = doc("city-centre-cctv");
    let xml = zip_entry(&c.docx, "word/document.xml");
    let start = xml
        .find("w:name=\"_annex_a\"")
        .expect("Annex A has its bookmark");
    let end = xml
        .find("w:name=\"_annex_b\"")
        .expect("Annex B has its bookmark");
    let annex_a = anchor_links(&xml[start..end]);
    // Library ids (`DES-004`: capitals, a hyphen, three digits) are references the text can
    // name; a buyer's own ids (`ECC-01`) are not.
    let library_id = |id: &str| {
        id.split_once('-').is_some_and(|(a, n)| {
            (2..=5).contains(&a.len())
                && a.chars().all(|c| c.is_ascii_uppercase())
                && n.len() == 3
                && n.chars().all(|c| c.is_ascii_digit())
        })
    };
    let ids: Vec<&SelectedClause> = c.selection.iter().filter(|s| library_id(&s.id)).collect();
    assert!(ids.len() > 100, "{} library clauses", ids.len());
    for s in &ids {
        let want = (format!("_clause_{}", s.id.replace('-', "_")), s.id.clone());
        assert!(
            annex_a.contains(&want),
            "Annex A does not link {} to its clause",
            s.id
        );
    }
    // "chapter N" and "Annex X" in running text (after the contents) link to their headings.
    let body = &xml[xml.find("w:name=\"_sec_1\"").expect("chapter 1 bookmark")..];
    let links = anchor_links(body);
    assert!(
        links.iter().any(|(a, t)| a == "_annex_a" && t == "Annex A"),
        "no link from \"Annex A\" to the annex"
    );
    assert!(
        links
            .iter()
            .any(|(a, t)| a.starts_with("_sec_") && t.starts_with("chapter ")),
        "no link from \"chapter N\" to its chapter"
    );
    // Web addresses in Annex B are external links.
    let rels = zip_entry(&c.docx, "word/_rels/document.xml.rels");
    assert!(
        rels.contains("TargetMode=\"External\"") && rels.contains("https://"),
        "no external links: {rels}"
    );
}

#[test]
fn four_threads_rendering_at_once_give_the_same_bytes_as_one() {
    let p = pack(&largest_example());
    let first = render_docx(&p).expect("the DOCX renders");
    let others: Vec<Vec<u8>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|_| scope.spawn(|| render_docx(&p).expect("the DOCX renders")))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (i, bytes) in others.iter().enumerate() {
        assert!(*bytes == first, "thread {i} wrote other bytes");
    }
    // And again on this thread, after docx-rs's counters have moved on.
    assert!(render_docx(&p).unwrap() == first, "a second render differs");
}
