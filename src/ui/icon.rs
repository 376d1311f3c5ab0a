//! The four icons, drawn inline (no image files) and hidden from screen readers: the words next
//! to an icon always say the same (colour and shape are never the only signal).

use leptos::prelude::*;

use super::words::Lock;

/// A closed or open padlock, a question mark or a building.
#[component]
pub(crate) fn Icon(kind: Lock) -> impl IntoView {
    // Both padlocks share the body; they differ in the shackle.
    let shapes = match kind {
        Lock::Locked => view! {
            <rect x="5" y="11" width="14" height="10" rx="2"></rect>
            <path d="M8 11V7a4 4 0 0 1 8 0v4"></path>
        }
        .into_any(),
        Lock::Open => view! {
            <rect x="5" y="11" width="14" height="10" rx="2"></rect>
            <path d="M8 11V7a4 4 0 0 1 7.8-1.3"></path>
        }
        .into_any(),
        Lock::Internal => view! {
            <path d="M4 21V9l8-5 8 5v12z"></path>
            <path d="M10 21v-6h4v6"></path>
        }
        .into_any(),
        Lock::Unknown => view! {
            <circle cx="12" cy="12" r="9"></circle>
            <path d="M9.5 9.5a2.5 2.5 0 1 1 3.3 2.4c-.5.2-.8.7-.8 1.2v.9M12 16.8v.4"></path>
        }
        .into_any(),
    };
    view! {
        <svg
            class=format!("icon icon-{}", kind.name())
            viewBox="0 0 24 24"
            aria-hidden="true"
            focusable="false"
        >
            {shapes}
        </svg>
    }
}
