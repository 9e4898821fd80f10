//! Evidence: what a supplier hands over for a clause, each item with the stage at which it is
//! due, so a checklist can list every item once under the stage it belongs to.
//!
//! As written (in a clause file or a profile's own clause) an item is either a table
//! `{ item = "…", due = "go-live" }` or plain text whose stage comes from the clause's `verify`.

use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use super::VerifyStage;

/// One piece of evidence and when it is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// What the supplier hands over, in words a bidder and an evaluator can check.
    pub item: String,
    /// When it is due: with the tender, before go-live, or in life.
    pub due: VerifyStage,
}

impl Evidence {
    /// `Draft component inventory (with the tender)`: the item and when it is due, on one line.
    pub fn line(&self) -> String {
        format!("{} ({})", self.item, self.due.due_text())
    }
}

/// The stages a list of evidence is due at, earliest first, each once.
pub fn stages(evidence: &[Evidence]) -> Vec<VerifyStage> {
    let mut out: Vec<VerifyStage> = evidence.iter().map(|e| e.due).collect();
    out.sort();
    out.dedup();
    out
}

/// An evidence entry as written, before its stage is settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawEvidence {
    /// Plain text: due at the stage the clause's `verify` names.
    Text(String),
    /// `{ item = "…", due = "…" }`.
    Item { item: String, due: VerifyStage },
}

impl RawEvidence {
    pub fn text(&self) -> &str {
        match self {
            RawEvidence::Text(t) => t,
            RawEvidence::Item { item, .. } => item,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvidenceItem {
    item: String,
    due: VerifyStage,
}

impl<'de> Deserialize<'de> for RawEvidence {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EvidenceVisitor;
        impl<'de> Visitor<'de> for EvidenceVisitor {
            type Value = RawEvidence;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "evidence text, or a table { item = \"…\", due = \"tender\" | \"go-live\" | \"in-life\" }",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawEvidence, E> {
                Ok(RawEvidence::Text(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<RawEvidence, E> {
                Ok(RawEvidence::Text(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawEvidence, A::Error> {
                let RawEvidenceItem { item, due } =
                    RawEvidenceItem::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawEvidence::Item { item, due })
            }
        }
        deserializer.deserialize_any(EvidenceVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Holder {
        evidence: Vec<RawEvidence>,
    }

    #[test]
    fn text_and_tables_are_both_read() {
        let h: Holder = toml::from_str(
            "evidence = [\"A plan\", { item = \"A test report\", due = \"go-live\" }]",
        )
        .unwrap();
        assert_eq!(h.evidence[0], RawEvidence::Text("A plan".into()));
        assert_eq!(
            h.evidence[1],
            RawEvidence::Item {
                item: "A test report".into(),
                due: VerifyStage::GoLive
            }
        );
    }

    #[test]
    fn a_table_without_due_or_with_an_unknown_key_is_refused() {
        assert!(toml::from_str::<Holder>("evidence = [{ item = \"A\" }]").is_err());
        assert!(
            toml::from_str::<Holder>("evidence = [{ item = \"A\", due = \"tender\", x = 1 }]")
                .is_err()
        );
        assert!(
            toml::from_str::<Holder>("evidence = [{ item = \"A\", due = \"award\" }]").is_err()
        );
    }

    #[test]
    fn stages_are_listed_once_earliest_first() {
        let e = |due| Evidence {
            item: "x".into(),
            due,
        };
        assert_eq!(
            stages(&[
                e(VerifyStage::InLife),
                e(VerifyStage::Tender),
                e(VerifyStage::InLife)
            ]),
            vec![VerifyStage::Tender, VerifyStage::InLife]
        );
    }
}
