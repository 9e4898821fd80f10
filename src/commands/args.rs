//! Command-line values as clap value enums, so clap refuses an unknown value with the allowed
//! ones listed and a "did you mean", and the code behind it matches exhaustively. `Format` and
//! `RiskLevel` keep their one parser (`key`, `as_str`) in their own layers; this only tells clap
//! about them.

use clap::builder::PossibleValue;
use clap::ValueEnum;

use crate::format::Format;
use crate::library::RiskLevel;

impl ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &Format::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.key()))
    }
}

impl ValueEnum for RiskLevel {
    fn value_variants<'a>() -> &'a [Self] {
        &RiskLevel::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.as_str()))
    }
}

/// The name clap shows for a value, which is also the key our own messages use.
pub fn value_name<F: ValueEnum>(value: F) -> String {
    value
        .to_possible_value()
        .map_or_else(String::new, |v| v.get_name().to_string())
}
