//! System / light / dark, remembered for this page only.

use leptos::prelude::*;

use super::browser;

/// The three theme buttons (`aria-pressed` on the chosen one). `theme` is `""` (follow the
/// system), `"light"` or `"dark"`; the app's root carries it as `data-theme`, and the document
/// gets it too so the page outside the app follows.
#[component]
pub(crate) fn ThemeSwitch(theme: RwSignal<&'static str>) -> impl IntoView {
    Effect::new(move || browser::set_document_theme(theme.get()));
    let button = move |id: &'static str, value: &'static str, label: &'static str| {
        view! {
            <button
                type="button"
                data-testid=format!("theme-{id}")
                aria-pressed=move || if theme.get() == value { "true" } else { "false" }
                on:click=move |_| theme.set(value)
            >
                {label}
            </button>
        }
    };
    view! {
        <div class="theme-switch" role="group" aria-label="Colour theme">
            {button("system", "", "System")}
            {button("light", "light", "Light")}
            {button("dark", "dark", "Dark")}
        </div>
    }
}
