//! Destinations: where each anchor landed (page and height), and the named destinations that
//! let other documents link to `security-requirements.pdf#sec-4-2` (a lopdf post-step: printpdf
//! has no named destinations). The link annotations themselves are printpdf's (see `page`).

use std::collections::BTreeMap;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::layout::pagination::Position;

/// How far above an anchor's top the view starts, so a heading is not flush with the window.
const VIEW_MARGIN: f32 = 6.0;

/// Explicit destinations (`[page /XYZ left top null]`) by anchor.
pub struct Destinations {
    by_anchor: BTreeMap<String, Object>,
}

impl Destinations {
    /// Resolves every anchor against the page objects of `doc`.
    pub fn new(
        doc: &Document,
        anchors: &BTreeMap<String, Position>,
        page_height: f32,
    ) -> Destinations {
        let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
        let by_anchor = anchors
            .iter()
            .filter_map(|(name, pos)| {
                let page = *pages.get(pos.page)?;
                let top = (page_height - pos.y + VIEW_MARGIN).min(page_height);
                Some((
                    name.clone(),
                    Object::Array(vec![
                        Object::Reference(page),
                        Object::Name(b"XYZ".to_vec()),
                        Object::Null,
                        Object::Real(top),
                        Object::Null,
                    ]),
                ))
            })
            .collect();
        Destinations { by_anchor }
    }

    /// The destination of an anchor, if it was placed.
    pub fn get(&self, anchor: &str) -> Option<Object> {
        self.by_anchor.get(anchor).cloned()
    }

    /// Registers every anchor as a named destination in the catalog's `/Dests`.
    pub fn write_named(&self, doc: &mut Document) -> Result<(), lopdf::Error> {
        let mut dests = Dictionary::new();
        for (name, dest) in &self.by_anchor {
            dests.set(name.as_bytes().to_vec(), dest.clone());
        }
        let id = doc.add_object(dests);
        doc.catalog_mut()?.set("Dests", Object::Reference(id));
        Ok(())
    }
}
