//! The welcome text shown before anything is pasted. (The help — how to get the raw headers from
//! common mail programs, how to read the answer — is static markup in the page shell, `App` in
//! `ui/mod.rs`: Leptos renders it from one HTML string, no code per element.)

use super::node::{El, el, elc};

/// Shown before anything is pasted.
pub(crate) fn welcome() -> El {
    elc("section", "welcome panel")
        .tid("welcome")
        .kid(el("h2").txt("Paste headers to see the route"))
        .kid(el("p").txt("Every mail server that handles a message adds a Received line on top. Many of them note whether the connection was encrypted with TLS. hoplock reads those lines from the sender to you, tells you which hand-offs between organisations were recorded as encrypted, and shows the evidence."))
        .kid(
            el("p")
                .txt("Not sure where the headers are? See ")
                .kid(el("a").at("href", "#help-get-headers").txt("how to get the headers"))
                .txt(", or pick an example above."),
        )
}
