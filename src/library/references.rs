//! Cross-references between clauses. An obligation that several clauses share is written once;
//! the others name that clause by its title in curly quotes (“Security event logging, retention
//! and protection”), which bidders read as the heading it is printed under. `validate` holds
//! each name to a clause of the library that every pack selecting the naming clause selects too
//! (before tailoring), so a rename, a retirement or a narrower scope cannot leave a sentence
//! pointing at nothing.

use std::collections::BTreeSet;
use std::ops::Range;

use super::{
    AppliesTo, Clause, Conditions, Library, RiskLevel, PERSONAL_DATA_TRAIT,
    SPECIAL_CATEGORY_DATA_TRAIT,
};

/// The requirements a clause text names, as the text between “ and ”, with the byte range of
/// each name and its quotes.
pub fn named_requirements(text: &str) -> Vec<(&str, Range<usize>)> {
    let mut found = Vec::new();
    let mut rest = 0;
    while let Some(open) = text[rest..].find('“') {
        let start = rest + open;
        let inner = start + '“'.len_utf8();
        let Some(close) = text[inner..].find('”') else {
            break;
        };
        let end = inner + close + '”'.len_utf8();
        found.push((&text[inner..inner + close], start..end));
        rest = end;
    }
    found
}

/// Why a pack that selects `by` might leave out `named`, if it might: `named` is unused at a
/// level where `by` is used, applies to technologies or traits `by` does not need, or has a
/// condition on the profile that `by` does not share.
pub fn may_be_absent_with(by: &Clause, named: &Clause, lib: &Library) -> Option<String> {
    if let Some(level) = RiskLevel::ALL
        .into_iter()
        .find(|&l| by.obligation.at(l).is_some() && named.obligation.at(l).is_none())
    {
        return Some(format!("it is not used at {level} risk"));
    }
    if !covers(&named.applies_to, &by.applies_to, lib) {
        return Some("it applies to fewer technologies".to_string());
    }
    condition_not_shared(&named.when, &by.when)
        .map(|key| format!("it is used only when `{key}` holds, and this clause is not"))
}

/// Whether every profile that `narrow` applies to is one `wide` applies to.
fn covers(wide: &AppliesTo, narrow: &AppliesTo, lib: &Library) -> bool {
    if wide.all {
        return true;
    }
    if narrow.all {
        return false;
    }
    let wide_techs: BTreeSet<&str> = lib
        .technologies
        .iter()
        .filter(|t| {
            wide.technologies.contains(&t.id) || t.traits.iter().any(|tr| wide.traits.contains(tr))
        })
        .map(|t| t.id.as_str())
        .collect();
    let techs_covered = narrow
        .technologies
        .iter()
        .all(|t| wide_techs.contains(t.as_str()));
    // A profile's impact answers can add the personal data traits with no technology that has
    // them, so those are covered only by the same trait.
    let traits_covered = narrow.traits.iter().all(|tr| {
        wide.traits.contains(tr)
            || (tr != PERSONAL_DATA_TRAIT
                && tr != SPECIAL_CATEGORY_DATA_TRAIT
                && lib
                    .technologies
                    .iter()
                    .filter(|t| t.traits.contains(tr))
                    .all(|t| wide_techs.contains(t.id.as_str())))
    });
    techs_covered && traits_covered
}

/// The first condition of `wide` that `narrow` does not imply.
fn condition_not_shared(wide: &Conditions, narrow: &Conditions) -> Option<&'static str> {
    let flags = [
        ("safety", wide.safety, narrow.safety),
        (
            "controls_physical_assets",
            wide.controls_physical_assets,
            narrow.controls_physical_assets,
        ),
        (
            "public_monitoring",
            wide.public_monitoring,
            narrow.public_monitoring,
        ),
        ("cni_dependency", wide.cni_dependency, narrow.cni_dependency),
        (
            "supplier_remote_access",
            wide.supplier_remote_access,
            narrow.supplier_remote_access,
        ),
        (
            "connects_to_corporate_network",
            wide.connects_to_corporate_network,
            narrow.connects_to_corporate_network,
        ),
    ];
    if let Some((key, _, _)) = flags.into_iter().find(|(_, w, n)| w.is_some() && w != n) {
        return Some(key);
    }
    fn within<T: PartialEq>(wide: &Option<Vec<T>>, narrow: &Option<Vec<T>>) -> bool {
        match (wide, narrow) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(w), Some(n)) => n.iter().all(|v| w.contains(v)),
        }
    }
    if !within(&wide.personal_data, &narrow.personal_data) {
        return Some("personal_data");
    }
    if !within(&wide.hosting, &narrow.hosting) {
        return Some("hosting");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_read_between_curly_quotes() {
        let text = "Kept as the requirement “Logs kept” sets out, with “Time” and an unclosed “x";
        let names: Vec<&str> = named_requirements(text)
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(names, ["Logs kept", "Time"]);
        let (_, range) = &named_requirements(text)[0];
        assert_eq!(&text[range.clone()], "“Logs kept”");
    }

    #[test]
    fn a_condition_is_shared_only_when_the_naming_clause_has_it_too() {
        let remote = Conditions {
            supplier_remote_access: Some(true),
            ..Conditions::default()
        };
        assert_eq!(
            condition_not_shared(&remote, &Conditions::default()),
            Some("supplier_remote_access")
        );
        assert_eq!(condition_not_shared(&remote, &remote), None);
        assert_eq!(condition_not_shared(&Conditions::default(), &remote), None);
    }
}
