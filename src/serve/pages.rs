//! The page's HTML: Handlebars templates built into the binary, in a registry of their own
//! (HTML escaping, strict mode) separate from the pack's prose templates, and the two assets
//! (one stylesheet, one script) served beside them.

use handlebars::Handlebars;
use serde::Serialize;

/// The stylesheet, served at `/assets/page.css`.
pub const PAGE_CSS: &str = include_str!("assets/page.css");
/// The script that makes updates live, served at `/assets/live.js`.
pub const LIVE_JS: &str = include_str!("assets/live.js");

const TEMPLATES: &[(&str, &str)] = &[
    ("layout", include_str!("templates/layout.hbs")),
    ("messages", include_str!("templates/messages.hbs")),
    ("field", include_str!("templates/field.hbs")),
    ("clause", include_str!("templates/clause.hbs")),
    ("consequence", include_str!("templates/consequence.hbs")),
    ("profile", include_str!("templates/profile.hbs")),
    ("library", include_str!("templates/library.hbs")),
    ("clause-page", include_str!("templates/clause-page.hbs")),
    ("problem", include_str!("templates/problem.hbs")),
];

/// Which entry of the navigation a page belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Profile,
    Library,
}

/// The page templates, registered once.
pub struct Pages {
    registry: Handlebars<'static>,
    library_version: String,
}

#[derive(Serialize)]
struct Layout<'a> {
    title: &'a str,
    nav: &'a str,
    body: &'a str,
    tool_version: &'a str,
    library_version: &'a str,
}

impl Pages {
    /// Registers every template; a template that does not parse is a bug caught by the tests.
    pub fn new(library_version: &str) -> Result<Pages, handlebars::TemplateError> {
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        registry.set_prevent_indent(true);
        for (name, text) in TEMPLATES {
            registry.register_template_string(name, text)?;
        }
        Ok(Pages {
            registry,
            library_version: library_version.to_string(),
        })
    }

    /// A whole page: `template` rendered with `data` inside the layout.
    pub fn render(
        &self,
        template: &str,
        title: &str,
        nav: Nav,
        data: &impl Serialize,
    ) -> Result<String, handlebars::RenderError> {
        let body = self.registry.render(template, data)?;
        self.registry.render(
            "layout",
            &Layout {
                title,
                nav: match nav {
                    Nav::Profile => "profile",
                    Nav::Library => "library",
                },
                body: &body,
                tool_version: env!("CARGO_PKG_VERSION"),
                library_version: &self.library_version,
            },
        )
    }
}
