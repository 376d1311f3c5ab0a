//! Help in our own words: how to get the raw headers from common mail programs, and how to read
//! the answer.

use super::node::{El, el, elc};

/// (program, steps)
const GET_HEADERS: &[(&str, &[&str])] = &[
    (
        "Gmail (web)",
        &[
            "Open the message.",
            "Select the three-dot menu (More) next to Reply.",
            "Choose “Show original”. A new tab shows the whole message; use “Copy to clipboard”, or copy everything above the first empty line.",
        ],
    ),
    (
        "Outlook for Windows (desktop)",
        &[
            "Open the message in its own window (double-click it).",
            "Choose File › Properties.",
            "The box “Internet headers” holds them: click inside, press Ctrl+A, then Ctrl+C.",
            "Or save the message as an Outlook .msg file and drop it here.",
        ],
    ),
    (
        "Outlook on the web and new Outlook",
        &[
            "Open the message.",
            "Select the three-dot menu (More actions) at the top right of the message.",
            "Choose View › View message details (or “View message source”) and copy the text.",
        ],
    ),
    (
        "Outlook mobile (iOS and Android)",
        &[
            "The apps do not show headers. Forward the message to yourself as an attachment from a computer, or open it in Outlook on the web on the phone's browser and use the steps above.",
        ],
    ),
    (
        "Apple Mail (Mac)",
        &[
            "Select the message.",
            "Choose View › Message › Raw Source (Option+Command+U).",
            "Copy the top part, up to the first empty line. Or drag the message to the desktop to get an .eml file and drop that here.",
        ],
    ),
    (
        "Thunderbird",
        &[
            "Select the message.",
            "Choose View › Message Source (Ctrl+U), or More › View Source.",
            "Copy everything, or use File › Save As to get an .eml file and drop it here.",
        ],
    ),
    (
        "Yahoo Mail (web)",
        &[
            "Open the message.",
            "Select the three-dot menu (More) in the toolbar.",
            "Choose “View raw message” and copy the text.",
        ],
    ),
];

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

/// "How to read this": `(heading, paragraph)`.
const READ: &[(&str, &str)] = &[
    (
        "What a hop is",
        "A message travels from server to server. Each receiving server writes a Received line on top of the others, so the lowest line is the oldest. hoplock turns them around: hop 1 is the sender's side, the last hop is your mailbox.",
    ),
    (
        "What TLS means here",
        "TLS encrypts the connection between two servers, like the padlock in a browser. It protects the message on the wire between those two machines. It is not end-to-end encryption: every server along the way can read the message.",
    ),
    (
        "Which hops matter",
        "Hand-offs between organisations cross the public Internet, so those are the ones that should be encrypted. Steps inside one organisation (between its own servers, or between programs on one machine) are marked internal: they usually stay on a private network. Recorded TLS is still shown for them.",
    ),
    (
        "Why silence is not proof",
        "A server only writes what its software is set up to write. Many note the protocol (ESMTPS means TLS was used) or the cipher, but some note nothing at all. When a line says nothing, hoplock says “not recorded” instead of guessing, unless the server's software is known to always mark TLS; then the missing mark is reported as a named inference.",
    ),
    (
        "What the lines can and cannot prove",
        "Lines written by your own provider are trustworthy. Lines further down were written by servers you do not control and could be invented by a sender. The caveats under the verdict list what the answer depends on.",
    ),
];

/// What the icons mean.
const LEGEND: &[&str] = &[
    "Closed lock: the receiving server recorded TLS.",
    "Open lock: recorded (or reliably implied) without TLS.",
    "Question mark: the server did not record it.",
    "Building: an internal step inside one organisation or one machine.",
];

/// A help disclosure (`<details id=… class=panel data-testid=…>` with an `<h3>` summary).
fn disclosure(id: &'static str, title: &'static str) -> El {
    elc("details", "panel")
        .at("id", id)
        .tid(id)
        .kid(el("summary").kid(el("h3").txt(title)))
}

/// Help in our own words: getting the headers, reading the answer.
pub(crate) fn help() -> El {
    let mut read = disclosure("help-read", "How to read this");
    for (heading, text) in READ {
        read = read.kid(el("h4").txt(*heading)).kid(el("p").txt(*text));
    }
    read = read
        .kid(el("h4").txt("Icons"))
        .kid(elc("ul", "legend").kids(LEGEND.iter().map(|l| el("li").txt(*l))));
    elc("section", "help")
        .at("aria-labelledby", "help-title")
        .kid(el("h2").at("id", "help-title").txt("Help"))
        .kid(
            disclosure("help-get-headers", "How to get the raw headers")
                .kid(el("p").txt("You need the full header block, not only From, To and Subject. Whatever you paste stays in this page: nothing is sent anywhere."))
                .kid(elc("div", "help-grid").kids(GET_HEADERS.iter().map(|(program, steps)| {
                    elc("div", "help-card")
                        .kid(el("h4").txt(*program))
                        .kid(el("ol").kids(steps.iter().map(|s| el("li").txt(*s))))
                }))),
        )
        .kid(read)
}
