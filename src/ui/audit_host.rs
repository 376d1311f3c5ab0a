//! The page's side of the mailbox audit: when files are a mailbox, a folder or many files, the
//! page loads the audit module (`browser::audit_module`: the views of `ui::audit`, a wasm of
//! their own, not in the first download), mounts it into the audit pane and shows the pane; a
//! message opened there comes back into the paste box, with a way back to the audit.

use leptos::prelude::*;

use super::Ui;
use super::browser::audit_module;

/// Whether the audit pane or the message view is on screen.
#[derive(Clone, Copy)]
pub(crate) struct AuditHost {
    ui: Ui,
    pub exists: RwSignal<bool>,
    /// What is audited, for the way back ("Inbox.mbox", "312 files").
    pub title: RwSignal<String>,
    /// The element the audit module mounts into.
    pub pane: NodeRef<leptos::html::Div>,
}

impl AuditHost {
    pub fn new(ui: Ui) -> Self {
        AuditHost {
            ui,
            exists: RwSignal::new(false),
            title: RwSignal::new(String::new()),
            pane: NodeRef::new(),
        }
    }

    /// Audit `files` (`File`s; in a folder, files that are not mail are skipped), named `title`
    /// on the way back to it.
    pub fn start(self, files: js_sys::Array, title: String, in_folder: bool) {
        let ui = self.ui;
        self.title.set(title);
        self.exists.set(true);
        ui.audit_shown.set(true);
        let Some(pane) = self.pane.get_untracked() else {
            return;
        };
        let opened = move |text: String, note: String| {
            ui.put_text(text);
            ui.note.set(note);
            // Also when the message is the one already in the box.
            ui.audit_shown.set(false);
        };
        leptos::task::spawn_local(async move {
            if let Err(why) = audit_module::mount(pane.into(), &files, in_folder, opened).await {
                ui.note
                    .set(format!("The mailbox audit could not start: {why}."));
                ui.audit_shown.set(false);
                self.exists.set(false);
            }
        });
    }
}

pub(crate) fn use_audit_host() -> AuditHost {
    expect_context::<AuditHost>()
}

/// The audit's part of the results: the way back to the audit (while a message is shown) and
/// the element the audit module draws into (always there, so the audit keeps running and keeps
/// its state while a message is shown; `.results[data-audit]` in the stylesheet shows one or
/// the other).
#[component]
pub(crate) fn AuditPane() -> impl IntoView {
    let host = use_audit_host();
    view! {
        <p class="back-to-audit" hidden=move || !host.exists.get()>
            <button
                type="button"
                class="button"
                data-testid="back-to-audit"
                on:click=move |_| host.ui.audit_shown.set(true)
            >
                "Back to the mailbox audit (" {move || host.title.get()} ")"
            </button>
        </p>
        <div class="audit-pane" node_ref=host.pane></div>
    }
}
