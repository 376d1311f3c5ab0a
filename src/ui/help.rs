//! The welcome text shown before anything is pasted, and the help: how to get the raw headers
//! from common mail programs, how to read the answer.

use leptos::prelude::*;

/// Shown before anything is pasted.
#[component]
pub(crate) fn Welcome() -> impl IntoView {
    view! {
        <section class="welcome panel" data-testid="welcome">
            <h2>"Paste headers to see the route"</h2>
            <p>"Every mail server that handles a message adds a Received line on top. Many of them note whether the connection was encrypted with TLS. hoplock reads those lines from the sender to you, tells you which hand-offs between organisations were recorded as encrypted, and shows the evidence."</p>
            <p>
                "Not sure where the headers are? See "
                <a href="#help-get-headers">"how to get the headers"</a>
                ", or pick an example above."
            </p>
        </section>
    }
}

/// The help under the app (static).
#[component]
pub(crate) fn Help() -> impl IntoView {
    view! {
        <div class="help-host">
            <section class="help" aria-labelledby="help-title">
                <h2 id="help-title">"Help"</h2>
                <details class="panel" id="help-get-headers" data-testid="help-get-headers">
                    <summary><h3>"How to get the raw headers"</h3></summary>
                    <p>"You need the full header block, not only From, To and Subject. Whatever you paste stays in this page: nothing is sent anywhere."</p>
                    <div class="help-grid">
                        <div class="help-card">
                            <h4>"Gmail (web)"</h4>
                            <ol>
                                <li>"Open the message."</li>
                                <li>"Select the three-dot menu (More) next to Reply."</li>
                                <li>"Choose “Show original”. A new tab shows the whole message; use “Copy to clipboard”, or copy everything above the first empty line."</li>
                            </ol>
                        </div>
                        <div class="help-card">
                            <h4>"Outlook for Windows (desktop)"</h4>
                            <ol>
                                <li>"Open the message in its own window (double-click it)."</li>
                                <li>"Choose File › Properties."</li>
                                <li>"The box “Internet headers” holds them: click inside, press Ctrl+A, then Ctrl+C."</li>
                                <li>"Or save the message as an Outlook .msg file and drop it here."</li>
                            </ol>
                        </div>
                        <div class="help-card">
                            <h4>"Outlook on the web and new Outlook"</h4>
                            <ol>
                                <li>"Open the message."</li>
                                <li>"Select the three-dot menu (More actions) at the top right of the message."</li>
                                <li>"Choose View › View message details (or “View message source”) and copy the text."</li>
                            </ol>
                        </div>
                        <div class="help-card">
                            <h4>"Outlook mobile (iOS and Android)"</h4>
                            <ol>
                                <li>"The apps do not show headers. Forward the message to yourself as an attachment from a computer, or open it in Outlook on the web on the phone's browser and use the steps above."</li>
                            </ol>
                        </div>
                        <div class="help-card">
                            <h4>"Apple Mail (Mac)"</h4>
                            <ol>
                                <li>"Select the message."</li>
                                <li>"Choose View › Message › Raw Source (Option+Command+U)."</li>
                                <li>"Copy the top part, up to the first empty line. Or drag the message to the desktop to get an .eml file and drop that here."</li>
                            </ol>
                        </div>
                        <div class="help-card">
                            <h4>"Thunderbird"</h4>
                            <ol>
                                <li>"Select the message."</li>
                                <li>"Choose View › Message Source (Ctrl+U), or More › View Source."</li>
                                <li>"Copy everything, or use File › Save As to get an .eml file and drop it here."</li>
                            </ol>
                        </div>
                        <div class="help-card">
                            <h4>"Yahoo Mail (web)"</h4>
                            <ol>
                                <li>"Open the message."</li>
                                <li>"Select the three-dot menu (More) in the toolbar."</li>
                                <li>"Choose “View raw message” and copy the text."</li>
                            </ol>
                        </div>
                    </div>
                </details>
                <details class="panel" id="help-read" data-testid="help-read">
                    <summary><h3>"How to read this"</h3></summary>
                    <h4>"What a hop is"</h4>
                    <p>"A message travels from server to server. Each receiving server writes a Received line on top of the others, so the lowest line is the oldest. hoplock turns them around: hop 1 is the sender's side, the last hop is your mailbox."</p>
                    <h4>"What TLS means here"</h4>
                    <p>"TLS encrypts the connection between two servers, like the padlock in a browser. It protects the message on the wire between those two machines. It is not end-to-end encryption: every server along the way can read the message."</p>
                    <h4>"Which hops matter"</h4>
                    <p>"Hand-offs between organisations cross the public Internet, so those are the ones that should be encrypted. Steps inside one organisation (between its own servers, or between programs on one machine) are marked internal: they usually stay on a private network. Recorded TLS is still shown for them."</p>
                    <h4>"Why silence is not proof"</h4>
                    <p>"A server only writes what its software is set up to write. Many note the protocol (ESMTPS means TLS was used) or the cipher, but some note nothing at all. When a line says nothing, hoplock says “not recorded” instead of guessing, unless the server's software is known to always mark TLS; then the missing mark is reported as a named inference."</p>
                    <h4>"What the lines can and cannot prove"</h4>
                    <p>"Lines written by your own provider are trustworthy. Lines further down were written by servers you do not control and could be invented by a sender. The caveats under the verdict list what the answer depends on."</p>
                    <h4>"Icons"</h4>
                    <ul class="legend">
                        <li>"Closed lock: the receiving server recorded TLS."</li>
                        <li>"Open lock: recorded (or reliably implied) without TLS."</li>
                        <li>"Question mark: the server did not record it."</li>
                        <li>"Building: an internal step inside one organisation or one machine."</li>
                    </ul>
                </details>
            </section>
        </div>
    }
}
