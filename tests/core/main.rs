//! The one native integration-test binary for the core: each topic is a module under
//! `tests/core/`, all driven by the shared `check` helper over data files in `tests/data/`.

mod audit;
mod check;
mod cli;
mod encoded_words;
mod golden;
mod lines;
mod messages;
mod properties;
