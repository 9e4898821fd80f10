//! The integration tests, in one binary so that an edit relinks one executable, not twelve.
//! Each module is one area of the product (`cargo test --test it pdf::` runs the PDF tests);
//! `support` holds everything they share, and is the only place that calls the library API.

mod support;

mod assess;
mod award;
mod bad_input;
mod cli;
mod consistency;
mod diff;
mod docx;
mod guidance_fit;
mod hardening;
mod hostile;
mod html;
mod issuable;
mod library_content;
mod library_export;
mod lint;
mod model;
mod pdf;
mod rules;
mod serve;
mod supplier;
mod writers;
