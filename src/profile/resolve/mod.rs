//! Raw profile → resolved profile. All profile errors are found here, each pointing at its key;
//! one file per part of the profile.

mod custom;
mod parameters;
mod risk;
mod scope;
mod tailoring;
mod tender;

use std::sync::Arc;

use sha2::{Digest, Sha256};
use toml::Spanned;

use crate::diagnostics::{did_you_mean, parse_toml, Diagnostic, Diagnostics, SourceFile};
use crate::format::Format;
use crate::library::{hex, Library};
use crate::profile::raw::RawProfile;
use crate::profile::ResolvedProfile;

use self::custom::resolve_custom;
use self::parameters::resolve_parameters;
use self::risk::resolve_risk;
use self::scope::{resolve_impact, resolve_technologies};
use self::tailoring::resolve_tailoring;
use self::tender::resolve_tender;

/// What every part of the resolution reads and where its findings go.
struct Ctx<'a> {
    file: Arc<SourceFile>,
    lib: &'a Library,
    diags: Diagnostics,
}

impl Ctx<'_> {
    fn error<T>(
        &mut self,
        s: &Spanned<T>,
        message: impl Into<String>,
        label: &str,
    ) -> &mut Diagnostic {
        let d = Diagnostic::error(message).at(&self.file, s.span(), label);
        self.diags.push(d);
        self.diags.0.last_mut().unwrap()
    }
    fn warn<T>(
        &mut self,
        s: &Spanned<T>,
        message: impl Into<String>,
        label: &str,
    ) -> &mut Diagnostic {
        let d = Diagnostic::warning(message).at(&self.file, s.span(), label);
        self.diags.push(d);
        self.diags.0.last_mut().unwrap()
    }
}

fn amend(d: &mut Diagnostic, f: impl FnOnce(Diagnostic) -> Diagnostic) {
    let taken = std::mem::replace(d, Diagnostic::error(""));
    *d = f(taken);
}

fn non_empty(ctx: &mut Ctx, s: &Spanned<String>, what: &str) -> String {
    let v = s.get_ref().trim().to_string();
    if v.is_empty() {
        ctx.error(s, format!("{what} must not be empty"), "empty");
    }
    v
}

/// Reads and validates a profile against a library.
pub fn resolve_profile(
    path: &str,
    bytes: &[u8],
    lib: &Library,
) -> Result<ResolvedProfile, Diagnostics> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(e) => return Err(crate::diagnostics::not_utf8(path, bytes, e.valid_up_to()).into()),
    };
    let file = Arc::new(SourceFile::new(path, text));
    if file.text.trim().is_empty() {
        return Err(Diagnostic::error("the profile is empty")
            .in_file(path)
            .help("it needs at least [tender] (title, reference, buyer) and [scope] (technologies); `tenderguard init` writes a starter")
            .into());
    }
    let raw: RawProfile = parse_toml(&file)?;
    super::text::check_profile_text(&file).into_result()?;
    let sha256 = hex(&Sha256::digest(bytes));

    let mut ctx = Ctx {
        file: file.clone(),
        lib,
        diags: Diagnostics::default(),
    };

    let tender = resolve_tender(&mut ctx, &raw.tender);
    let scope = raw.scope.get_ref();
    let technologies = resolve_technologies(&mut ctx, &scope.technologies);
    let (impact, traits) = resolve_impact(&mut ctx, raw.impact.as_ref(), &technologies);

    let risk = resolve_risk(&mut ctx, scope, &technologies, &impact);
    let parameters = resolve_parameters(&mut ctx, raw.parameters.as_ref(), risk.level);
    let own_ids: Vec<&str> = raw
        .clause
        .iter()
        .map(|c| c.get_ref().id.get_ref().trim())
        .collect();
    let tailoring = resolve_tailoring(&mut ctx, raw.tailoring.as_ref(), &own_ids);
    let custom = resolve_custom(&mut ctx, &raw.clause);
    let formats = raw
        .output
        .as_ref()
        .map(|o| resolve_formats(&mut ctx, &o.formats));

    if ctx.diags.has_errors() {
        return Err(ctx.diags);
    }
    let as_read = toml::from_str::<toml::Value>(&file.text)
        .map(|v| toml_to_json(&v))
        .unwrap_or(serde_json::Value::Null);
    let warnings = ctx.diags.0;
    Ok(ResolvedProfile {
        tender,
        technologies,
        traits,
        hosting: scope.hosting,
        impact,
        risk,
        parameters,
        tailoring,
        custom,
        formats,
        as_read,
        sha256,
        file,
        warnings,
    })
}

fn resolve_formats(ctx: &mut Ctx, raw: &Spanned<Vec<Spanned<String>>>) -> Vec<Format> {
    let mut out = Vec::new();
    if raw.get_ref().is_empty() {
        let keys: Vec<&str> = Format::ALL.iter().map(|f| f.key()).collect();
        let help = format!("name at least one of: {}", keys.join(", "));
        let d = ctx.error(raw, "output.formats is empty", "no formats");
        amend(d, |d| d.help(help));
    }
    for key in raw.get_ref() {
        match Format::from_key(key.get_ref()) {
            Some(f) if !out.contains(&f) => out.push(f),
            Some(_) => {}
            None => {
                let keys: Vec<&str> = Format::ALL.iter().map(|f| f.key()).collect();
                let help = match did_you_mean(key.get_ref(), keys.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!("allowed: {}", keys.join(", ")),
                };
                let d = ctx.error(
                    key,
                    format!("unknown output format `{}`", key.get_ref()),
                    "not a format",
                );
                amend(d, |d| d.help(help));
            }
        }
    }
    out
}

/// The profile as JSON for `selection.json`: dates become their TOML text (`2026-12-01`)
/// rather than serde's private datetime wrapper.
fn toml_to_json(v: &toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        toml::Value::String(s) => J::String(s.clone()),
        toml::Value::Integer(i) => J::from(*i),
        toml::Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
        toml::Value::Boolean(b) => J::Bool(*b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => J::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}
