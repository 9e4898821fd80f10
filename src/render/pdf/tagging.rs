//! Tagged PDF for PDF/UA-1: the logical structure a screen reader follows.
//!
//! The document builder gives every piece of text a structure node ([`Node`]): a heading, a
//! paragraph, a list item's label or body, a table cell, a link. Decoration (rules, fills, the
//! MUST/SHOULD badge, the running header and footer, a repeated table header, "(continued)"
//! captions) is [`Node::ARTIFACT`], so a reader does not announce it, or announce it twice.
//! The page writer wraps each node's text in marked content with a per-page MCID
//! (`/P <</MCID 3>> BDC … EMC`, printpdf operations); everything else is wrapped in
//! `/Artifact BMC … EMC`.
//!
//! [`write_structure`] is a lopdf post-step, because printpdf has no structure tree: it builds
//! the `StructTreeRoot`, one `StructElem` per node that has content, the parent tree that maps
//! each page's MCIDs and each link annotation back to its element, `/StructParents` and
//! `/Tabs /S` on pages, `/StructParent` and `/Contents` on link annotations (which it moves
//! into objects of their own so an `OBJR` can point at them), and `/MarkInfo`.
//!
//! Reading order is the order content appears on the pages, which is the order the layout
//! placed it: an element joins its parent when its first content is met. Tables, rows and
//! lists are "eager": when they appear, all their children join at once in the order built, so
//! an empty cell still holds its place in its row.

use std::collections::BTreeMap;

use lopdf::{dictionary, Dictionary, Document, Object, ObjectId};
use rayon::prelude::*;

use super::metadata::text_string;

/// A structure node: `part << 20 | index` into the part's list of nodes. Parts let chapters be
/// built in parallel, each numbering its own nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Node(pub u32);

const PART_SHIFT: u32 = 20;

/// The part number of [`Node::uri_placeholder`]s (the highest, below [`Node::ARTIFACT`]'s).
const URI_PART: u32 = (u32::MAX >> PART_SHIFT) - 1;

impl Node {
    /// Not part of the content: decoration and page furniture.
    pub const ARTIFACT: Node = Node(u32::MAX);

    /// A stand-in for the `k`-th web link of a page, before its `Link` element exists (the page
    /// writer runs in parallel and cannot add nodes; [`PageMarks::uris`] says what it stands for).
    pub fn uri_placeholder(k: usize) -> Node {
        Node(URI_PART << PART_SHIFT | k as u32)
    }

    /// Which web link of its page this stand-in is, if it is one.
    pub fn uri_index(self) -> Option<usize> {
        (self != Node::ARTIFACT && self.0 >> PART_SHIFT == URI_PART).then(|| self.index())
    }

    fn part(self) -> usize {
        (self.0 >> PART_SHIFT) as usize
    }

    fn index(self) -> usize {
        (self.0 & ((1 << PART_SHIFT) - 1)) as usize
    }
}

/// Standard structure types (ISO 32000-1, 14.8.4) the pack uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Sect,
    H1,
    H2,
    H3,
    P,
    L,
    LI,
    Lbl,
    LBody,
    Table,
    TR,
    TH,
    TD,
    Caption,
    Toc,
    Toci,
    Link,
    Note,
}

impl Role {
    /// The structure type's name, also the marked-content tag.
    pub fn name(self) -> &'static str {
        match self {
            Role::Sect => "Sect",
            Role::H1 => "H1",
            Role::H2 => "H2",
            Role::H3 => "H3",
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::Table => "Table",
            Role::TR => "TR",
            Role::TH => "TH",
            Role::TD => "TD",
            Role::Caption => "Caption",
            Role::Toc => "TOC",
            Role::Toci => "TOCI",
            Role::Link => "Link",
            Role::Note => "Note",
        }
    }

    /// The heading role for a level (1 = chapter), capped at H3.
    pub fn heading(level: usize) -> Role {
        match level {
            0 | 1 => Role::H1,
            2 => Role::H2,
            _ => Role::H3,
        }
    }

    fn eager(self) -> bool {
        matches!(
            self,
            Role::Table | Role::TR | Role::L | Role::LI | Role::Toc | Role::Toci
        )
    }
}

/// Which cells a header cell heads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Column,
    Row,
}

/// One node of the structure tree.
#[derive(Debug, Clone)]
pub struct StructNode {
    pub role: Role,
    /// `None`: a child of the document element.
    pub parent: Option<Node>,
    pub scope: Option<Scope>,
    /// The alternate description of a link (its annotation's `/Contents`).
    pub alt: Option<String>,
}

/// The nodes one part of the document (the front matter, or one chapter) creates.
#[derive(Debug, Clone, Default)]
pub struct StructTree {
    part: u32,
    pub nodes: Vec<StructNode>,
}

impl StructTree {
    /// An empty tree for part `part`.
    pub fn new(part: u32) -> StructTree {
        StructTree {
            part,
            nodes: Vec::new(),
        }
    }

    /// Adds a node under `parent` (`None`: the document).
    pub fn add(&mut self, role: Role, parent: Option<Node>) -> Node {
        self.nodes.push(StructNode {
            role,
            parent,
            scope: None,
            alt: None,
        });
        Node(self.part << PART_SHIFT | (self.nodes.len() - 1) as u32)
    }

    /// Adds a header cell.
    pub fn header_cell(&mut self, parent: Node, scope: Scope) -> Node {
        let n = self.add(Role::TH, Some(parent));
        self.nodes[n.index()].scope = Some(scope);
        n
    }

    /// Adds a link element with its alternate description.
    pub fn link(&mut self, parent: Option<Node>, alt: String) -> Node {
        let n = self.add(Role::Link, parent);
        self.nodes[n.index()].alt = Some(alt);
        n
    }
}

/// The role of a node in the trees of every part.
pub fn role_of(parts: &[StructTree], n: Node) -> Role {
    parts
        .get(n.part())
        .and_then(|t| t.nodes.get(n.index()))
        .map_or(Role::P, |s| s.role)
}

/// What the page writer recorded: per page, the node of each MCID, and the node of each link
/// annotation in the order printpdf writes them into `/Annots`.
#[derive(Debug, Clone, Default)]
pub struct PageMarks {
    pub mcids: Vec<Node>,
    pub links: Vec<Node>,
    /// The page's links in running text, in order: the node whose text holds each, and the
    /// link's description.
    pub uris: Vec<(Node, String)>,
}

/// Gives every link in running text recorded by the page writer its `Link` element, in a new part of the
/// tree appended to `trees`, and puts it in place of its stand-in in the marks. Runs after the
/// pages are written, in page order, so the numbering does not depend on the threads.
pub fn resolve_uri_links(trees: &mut Vec<StructTree>, marks: &mut [PageMarks]) {
    let mut part = StructTree::new(trees.len() as u32);
    for m in marks.iter_mut() {
        let nodes: Vec<Node> = m
            .uris
            .iter()
            .map(|(parent, alt)| part.link(Some(*parent), alt.clone()))
            .collect();
        for n in m.mcids.iter_mut().chain(m.links.iter_mut()) {
            if let Some(k) = n.uri_index() {
                *n = nodes[k];
            }
        }
    }
    if !part.nodes.is_empty() {
        trees.push(part);
    }
}

#[derive(Debug, Clone, Copy)]
enum Kid {
    Mcr { page: usize, mcid: usize },
    Elem(Node),
    Annot { page: usize, annot: ObjectId },
}

struct Builder<'a> {
    parts: &'a [StructTree],
    children: BTreeMap<Node, Vec<Node>>,
    appeared: BTreeMap<Node, ()>,
    kids: BTreeMap<Option<Node>, Vec<Kid>>,
}

impl Builder<'_> {
    fn node(&self, n: Node) -> &StructNode {
        &self.parts[n.part()].nodes[n.index()]
    }

    /// Puts `n` (and, first, its ancestors) into the tree, if it is not there yet.
    fn appear(&mut self, n: Node) {
        if self.appeared.contains_key(&n) {
            return;
        }
        self.appeared.insert(n, ());
        let parent = self.node(n).parent;
        if let Some(p) = parent {
            self.appear(p);
        }
        // An eager parent has already placed its children.
        let placed = parent.is_some_and(|p| self.node(p).role.eager());
        if !placed {
            self.kids.entry(parent).or_default().push(Kid::Elem(n));
        }
        if self.node(n).role.eager() {
            for c in self.children.get(&n).cloned().unwrap_or_default() {
                self.kids.entry(Some(n)).or_default().push(Kid::Elem(c));
                self.appear_placed(c);
            }
        }
    }

    /// Marks a child an eager parent placed, and places its own children if it is eager.
    fn appear_placed(&mut self, n: Node) {
        if self.appeared.insert(n, ()).is_some() {
            return;
        }
        if self.node(n).role.eager() {
            for c in self.children.get(&n).cloned().unwrap_or_default() {
                self.kids.entry(Some(n)).or_default().push(Kid::Elem(c));
                self.appear_placed(c);
            }
        }
    }
}

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

/// The dictionary of the structure element for `node`.
fn element(
    b: &Builder<'_>,
    node: Node,
    ids: &BTreeMap<Node, ObjectId>,
    pages: &[ObjectId],
    document: ObjectId,
) -> Dictionary {
    let parent_ref = |p: Option<Node>| Object::Reference(p.map_or(document, |p| ids[&p]));
    let n = b.node(node);
    let first_page = b.kids.get(&Some(node)).and_then(|ks| {
        ks.iter().find_map(|k| match k {
            Kid::Mcr { page, .. } => Some(*page),
            _ => None,
        })
    });
    let kids: Vec<Object> = b
        .kids
        .get(&Some(node))
        .map(|ks| {
            ks.iter()
                .map(|k| match *k {
                    Kid::Mcr { page, mcid } if Some(page) == first_page => {
                        Object::Integer(mcid as i64)
                    }
                    Kid::Mcr { page, mcid } => Object::Dictionary(dictionary! {
                        "Type" => "MCR",
                        "Pg" => pages[page],
                        "MCID" => mcid as i64,
                    }),
                    Kid::Elem(c) => Object::Reference(ids[&c]),
                    Kid::Annot { page, annot } => Object::Dictionary(dictionary! {
                        "Type" => "OBJR",
                        "Pg" => pages[page],
                        "Obj" => annot,
                    }),
                })
                .collect()
        })
        .unwrap_or_default();
    // No /Type: it is optional for structure elements (ISO 32000-1, table 323), and the
    // ~9 000 elements of a large pack each pay for it three times in lopdf's object streams.
    let mut d = Dictionary::new();
    d.set("S", name(n.role.name()));
    d.set("P", parent_ref(n.parent));
    if let Some(page) = first_page {
        d.set("Pg", Object::Reference(pages[page]));
    }
    // One kid is written bare, as most producers do (and some checkers expect).
    d.set(
        "K",
        if kids.len() == 1 {
            kids.into_iter().next().unwrap_or(Object::Null)
        } else {
            Object::Array(kids)
        },
    );
    if let Some(scope) = n.scope {
        d.set(
            "A",
            dictionary! {
                "O" => "Table",
                "Scope" => match scope { Scope::Column => "Column", Scope::Row => "Row" },
            },
        );
    }
    if let Some(alt) = &n.alt {
        d.set("Alt", text_string(alt));
    }
    d
}

/// Writes the structure tree and everything that points into it (see the module comment).
pub fn write_structure(
    doc: &mut Document,
    parts: &[StructTree],
    marks: &[PageMarks],
) -> Result<(), lopdf::Error> {
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let mut b = Builder {
        parts,
        children: BTreeMap::new(),
        appeared: BTreeMap::new(),
        kids: BTreeMap::new(),
    };
    for (p, tree) in parts.iter().enumerate() {
        for (i, n) in tree.nodes.iter().enumerate() {
            if let Some(parent) = n.parent {
                b.children
                    .entry(parent)
                    .or_default()
                    .push(Node((p as u32) << PART_SHIFT | i as u32));
            }
        }
    }

    // Link annotations: into objects of their own, in /Annots order.
    let mut annots: Vec<(usize, ObjectId, Node)> = Vec::new();
    for (page, m) in marks.iter().enumerate() {
        let Some(&page_id) = pages.get(page) else {
            continue;
        };
        let list = match doc.get_dictionary(page_id)?.get(b"Annots") {
            Ok(Object::Array(a)) => a.clone(),
            _ => Vec::new(),
        };
        let mut refs = Vec::with_capacity(list.len());
        for (k, annot) in list.into_iter().enumerate() {
            let id = match annot {
                Object::Dictionary(mut d) => {
                    // printpdf writes a link's every appearance entry; /C [] (no colour) and
                    // /H /I are the defaults, and ~2 500 annotations each carry them through
                    // three serialisations in lopdf's object streams. /Border [0 0 0] stays:
                    // the default border is visible.
                    if d.get(b"C")
                        .and_then(Object::as_array)
                        .is_ok_and(Vec::is_empty)
                    {
                        d.remove(b"C");
                    }
                    if d.get(b"H").and_then(Object::as_name).ok() == Some(b"I".as_slice()) {
                        d.remove(b"H");
                    }
                    doc.add_object(d)
                }
                Object::Reference(id) => id,
                _ => continue,
            };
            if let Some(node) = m.links.get(k) {
                annots.push((page, id, *node));
            }
            refs.push(Object::Reference(id));
        }
        let dict = doc.get_dictionary_mut(page_id)?;
        dict.set("Annots", Object::Array(refs));
        dict.set("StructParents", Object::Integer(page as i64));
        dict.set("Tabs", name("S"));
    }

    // Content in page order; each link annotation follows its page's text.
    let mut annot_at = annots.iter().peekable();
    for (page, m) in marks.iter().enumerate() {
        for (mcid, node) in m.mcids.iter().enumerate() {
            b.appear(*node);
            b.kids
                .entry(Some(*node))
                .or_default()
                .push(Kid::Mcr { page, mcid });
        }
        while let Some((_, annot, node)) = annot_at.next_if(|(p, _, _)| *p == page) {
            b.appear(*node);
            b.kids.entry(Some(*node)).or_default().push(Kid::Annot {
                page,
                annot: *annot,
            });
        }
    }

    let root = doc.new_object_id();
    let document = doc.new_object_id();
    let ids: BTreeMap<Node, ObjectId> = b
        .appeared
        .keys()
        .map(|n| (*n, doc.new_object_id()))
        .collect();

    // The parent tree: for each page, the element of each MCID; for each annotation, its link.
    let mut nums = Vec::new();
    for (page, m) in marks.iter().enumerate() {
        nums.push(Object::Integer(page as i64));
        nums.push(Object::Array(
            m.mcids.iter().map(|n| Object::Reference(ids[n])).collect(),
        ));
    }
    let mut next_key = marks.len() as i64;
    for (_, annot, node) in &annots {
        if let Ok(d) = doc.get_dictionary_mut(*annot) {
            d.set("StructParent", Object::Integer(next_key));
            if let Some(alt) = &b.node(*node).alt {
                d.set("Contents", text_string(alt));
            }
        }
        nums.push(Object::Integer(next_key));
        nums.push(Object::Reference(ids[node]));
        next_key += 1;
    }

    // The elements' dictionaries are independent of each other: built on rayon's pool, in
    // the order of their ids, then put in place.
    let elements: Vec<(Node, ObjectId)> = ids.iter().map(|(n, id)| (*n, *id)).collect();
    let dicts: Vec<(ObjectId, Dictionary)> = elements
        .par_iter()
        .map(|(node, id)| (*id, element(&b, *node, &ids, &pages, document)))
        .collect();
    for (id, d) in dicts {
        doc.objects.insert(id, Object::Dictionary(d));
    }
    let top: Vec<Object> = b
        .kids
        .get(&None)
        .map(|ks| {
            ks.iter()
                .filter_map(|k| match k {
                    Kid::Elem(n) => Some(Object::Reference(ids[n])),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    doc.set_object(
        document,
        dictionary! {
            "Type" => "StructElem",
            "S" => "Document",
            "P" => root,
            "K" => top,
        },
    );
    doc.set_object(
        root,
        dictionary! {
            "Type" => "StructTreeRoot",
            "K" => document,
            "ParentTree" => dictionary! { "Nums" => nums },
            "ParentTreeNextKey" => next_key,
        },
    );
    let catalog = doc.catalog_mut()?;
    catalog.set("StructTreeRoot", Object::Reference(root));
    catalog.set("MarkInfo", dictionary! { "Marked" => true });
    Ok(())
}
