//! Post-steps over the lopdf document printpdf produces that are not about one PDF feature.
//!
//! [`compress_streams`]: printpdf's own optimisation (`PdfSaveOptions::optimize`) runs lopdf's
//! `compress`, zlib level 9 over every stream on one thread, which was a fifth of the writer's
//! time on the largest pack; level 2 is within a few per cent of its size, and the streams are
//! independent, so they are deflated in parallel on rayon's pool.

use std::io::Write;

use flate2::write::ZlibEncoder;
use flate2::Compression;
use lopdf::{Document, Object, ObjectId};

/// zlib level: within 2–3 % of level 9's size on our pages at a fraction of the time.
const LEVEL: u32 = 2;

/// Compresses `streams` in order with one encoder, reset between streams (setting up an
/// encoder costs about as much as compressing a small page).
fn deflate_each(streams: &[(ObjectId, Vec<u8>)]) -> Vec<(ObjectId, Vec<u8>)> {
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::new(LEVEL));
    streams
        .iter()
        .map(|(id, s)| {
            // Writing into a Vec cannot fail.
            encoder.write_all(s).expect("deflate into memory");
            let out = encoder
                .reset(Vec::with_capacity(s.len() / 3))
                .expect("deflate into memory");
            (*id, out)
        })
        .collect()
}

/// Deflates every stream that has no filter yet. The result does not depend on how the work
/// is split between threads.
pub fn compress_streams(doc: &mut Document) {
    use rayon::prelude::*;
    let plain: Vec<(ObjectId, Vec<u8>)> = doc
        .objects
        .iter_mut()
        .filter_map(|(id, object)| match object {
            Object::Stream(s) if s.dict.get(b"Filter").is_err() => {
                Some((*id, std::mem::take(&mut s.content)))
            }
            _ => None,
        })
        .collect();
    let compressed: Vec<(ObjectId, Vec<u8>)> =
        plain.par_chunks(8).flat_map_iter(deflate_each).collect();
    for (id, content) in compressed {
        if let Some(Object::Stream(s)) = doc.objects.get_mut(&id) {
            s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            s.set_content(content);
            s.allows_compression = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{Dictionary, Stream};

    #[test]
    fn split_compression_matches_one_thread() {
        let mut doc = Document::with_version("1.7");
        let streams: Vec<Vec<u8>> = (0..20)
            .map(|i| format!("BT {i} ET\n").repeat(50).into_bytes())
            .collect();
        let ids: Vec<ObjectId> = streams
            .iter()
            .map(|s| doc.add_object(Stream::new(Dictionary::new(), s.clone())))
            .collect();
        compress_streams(&mut doc);
        for (id, s) in ids.iter().zip(&streams) {
            let one = deflate_each(&[(*id, s.clone())]).remove(0).1;
            match doc.get_object(*id) {
                Ok(Object::Stream(st)) => assert_eq!(st.content, one),
                other => panic!("{other:?}"),
            }
        }
    }
}
