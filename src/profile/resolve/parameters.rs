//! `[parameters]`: the buyer's values for the library's parameters, checked against their types
//! and bounds, with the library defaults for the risk level filling the rest.

use std::collections::BTreeMap;

use toml::Spanned;

use super::{amend, Ctx};
use crate::diagnostics::did_you_mean;
use crate::library::{ParamValue, ParameterType, RiskLevel};
use crate::profile::ResolvedParameter;

/// `[parameters]` as written: names and values with their spans.
type RawParams = Spanned<BTreeMap<Spanned<String>, Spanned<toml::Value>>>;

/// Every library parameter's value for this tender: the buyer's where given (type- and
/// bound-checked), else the default for the risk level, else the library default.
pub(super) fn resolve_parameters(
    ctx: &mut Ctx,
    raw: Option<&RawParams>,
    level: RiskLevel,
) -> BTreeMap<String, ResolvedParameter> {
    let lib = ctx.lib;
    let mut out: BTreeMap<String, ResolvedParameter> = lib
        .parameters
        .iter()
        .map(|p| {
            let from = if p.by_risk.contains_key(&level) {
                "risk level default"
            } else {
                "library default"
            };
            (
                p.name.clone(),
                ResolvedParameter {
                    value: p.default_at(level).clone(),
                    from,
                },
            )
        })
        .collect();
    let Some(raw) = raw else { return out };
    for (name, value) in raw.get_ref() {
        let Some(param) = lib.parameter(name.get_ref()) else {
            let names: Vec<&str> = lib.parameters.iter().map(|p| p.name.as_str()).collect();
            let help = match did_you_mean(name.get_ref(), names.iter().copied()) {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!("allowed: {}", names.join(", ")),
            };
            let d = ctx.error(
                name,
                format!("unknown parameter `{}`", name.get_ref()),
                "not declared by the library",
            );
            amend(d, |d| d.help(help));
            continue;
        };
        let resolved = match (param.kind, value.get_ref()) {
            (ParameterType::Integer, toml::Value::Integer(n)) => {
                let below = param.min.is_some_and(|m| *n < m);
                let above = param.max.is_some_and(|m| *n > m);
                if below || above {
                    let msg = format!("{} is out of range for `{}`", n, param.name);
                    let help = format!("allowed: {} ({})", param.allowed(), param.meaning);
                    let d = ctx.error(value, msg, "out of range");
                    amend(d, |d| d.help(help));
                    continue;
                }
                ParamValue::Integer(*n)
            }
            (ParameterType::Text, toml::Value::String(s)) if !s.trim().is_empty() => {
                ParamValue::Text(s.trim().to_string())
            }
            (ParameterType::Text, toml::Value::String(_)) => {
                let msg = format!("`{}` must not be empty", param.name);
                let help = param.meaning.clone();
                let d = ctx.error(value, msg, "empty");
                amend(d, |d| {
                    d.note(help)
                        .help("give the text, or leave the parameter out to use the default")
                });
                continue;
            }
            (_, v) => {
                let msg = format!(
                    "`{}` takes {}, not {}",
                    param.name,
                    param.allowed(),
                    v.type_str()
                );
                let help = param.meaning.clone();
                let d = ctx.error(value, msg, "wrong type");
                amend(d, |d| d.note(help));
                continue;
            }
        };
        out.insert(
            param.name.clone(),
            ResolvedParameter {
                value: resolved,
                from: "profile",
            },
        );
    }
    out
}
