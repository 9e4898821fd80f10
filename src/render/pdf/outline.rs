//! Bookmarks (the PDF outline): the contents page, every chapter, subsection and annex, and
//! under each section its clauses (collapsed), each jumping to the top of its heading.

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::link::Destinations;
use super::metadata::text_string;
use crate::pack::{Block, PackSection, TenderPack};
use crate::render::references::clause_anchor;

/// One bookmark and those nested under it.
#[derive(Debug, Clone)]
pub struct OutlineItem {
    pub title: String,
    pub anchor: String,
    pub open: bool,
    pub children: Vec<OutlineItem>,
}

/// The anchor of the contents page.
pub const CONTENTS_ANCHOR: &str = "contents";

fn section_item(pack: &TenderPack, s: &PackSection) -> OutlineItem {
    let mut children: Vec<OutlineItem> = s
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Clause(i) => pack.clauses.get(*i),
            _ => None,
        })
        .map(|c| OutlineItem {
            title: format!("{} {}", c.pack_ref, c.title),
            anchor: clause_anchor(&c.id),
            open: false,
            children: Vec::new(),
        })
        .collect();
    let has_sections = !s.children.is_empty();
    children.extend(s.children.iter().map(|c| section_item(pack, c)));
    OutlineItem {
        title: s.heading(),
        anchor: s.anchor.clone(),
        // Chapters with subsections open to show them; clause lists start collapsed.
        open: has_sections,
        children,
    }
}

/// The outline of a pack, in document order.
pub fn outline_items(pack: &TenderPack) -> Vec<OutlineItem> {
    let mut items = vec![OutlineItem {
        title: "Contents".to_string(),
        anchor: CONTENTS_ANCHOR.to_string(),
        open: false,
        children: Vec::new(),
    }];
    items.extend(pack.sections.iter().map(|s| section_item(pack, s)));
    items
}

/// Visible descendants of an item when it is open (ISO 32000-1, 12.3.3 /Count).
fn open_count(item: &OutlineItem) -> i64 {
    item.children
        .iter()
        .map(|c| 1 + if c.open { open_count(c) } else { 0 })
        .sum()
}

fn write_level(
    doc: &mut Document,
    parent: ObjectId,
    items: &[OutlineItem],
    dests: &Destinations,
) -> Option<(ObjectId, ObjectId)> {
    let items: Vec<&OutlineItem> = items
        .iter()
        .filter(|i| dests.get(&i.anchor).is_some())
        .collect();
    let ids: Vec<ObjectId> = items.iter().map(|_| doc.new_object_id()).collect();
    for (k, item) in items.iter().enumerate() {
        let mut dict = Dictionary::new();
        dict.set("Title", text_string(&item.title));
        dict.set("Parent", Object::Reference(parent));
        if let Some(dest) = dests.get(&item.anchor) {
            dict.set("Dest", dest);
        }
        if k > 0 {
            dict.set("Prev", Object::Reference(ids[k - 1]));
        }
        if k + 1 < ids.len() {
            dict.set("Next", Object::Reference(ids[k + 1]));
        }
        if let Some((first, last)) = write_level(doc, ids[k], &item.children, dests) {
            dict.set("First", Object::Reference(first));
            dict.set("Last", Object::Reference(last));
            let count = open_count(item);
            dict.set(
                "Count",
                Object::Integer(if item.open { count } else { -count }),
            );
        }
        doc.set_object(ids[k], dict);
    }
    Some((*ids.first()?, *ids.last()?))
}

/// Writes the outline into the document and makes viewers show it.
pub fn write_outline(
    doc: &mut Document,
    items: &[OutlineItem],
    dests: &Destinations,
) -> Result<(), lopdf::Error> {
    let root = doc.new_object_id();
    let Some((first, last)) = write_level(doc, root, items, dests) else {
        return Ok(());
    };
    let visible: i64 = items
        .iter()
        .map(|i| 1 + if i.open { open_count(i) } else { 0 })
        .sum();
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Outlines".to_vec()));
    dict.set("First", Object::Reference(first));
    dict.set("Last", Object::Reference(last));
    dict.set("Count", Object::Integer(visible));
    doc.set_object(root, dict);
    let catalog = doc.catalog_mut()?;
    catalog.set("Outlines", Object::Reference(root));
    catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    Ok(())
}
