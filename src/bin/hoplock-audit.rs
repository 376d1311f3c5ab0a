//! The audit module: the mailbox audit's views (`hoplock::ui::audit`) as a wasm of their own.
//!
//! wasm32: the page loads it when the first audit starts (`ui/browser/audit_module.rs`) and
//! calls [`audit`], so that the audit's tables, charts and lists are not part of the page's
//! first download. It links the library's web app without the page's entry points
//! (`--no-default-features --features app`): a wasm keeps every `#[wasm_bindgen]` export of
//! what it links, and the page's `mountInto` would bring the whole page along.
//!
//! Native: nothing to run (`hoplock audit` is the command line's audit).

/// Audit `files` (`File`s) in a fresh view drawn into `container`; `opened(text, note)` shows
/// a message of the audit in the page.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn audit(
    container: web_sys::HtmlElement,
    files: js_sys::Array,
    in_folder: bool,
    opened: js_sys::Function,
) {
    hoplock::ui::browser::audit_module::set_opener(opened);
    hoplock::ui::audit::mount(container, files, in_folder);
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    eprintln!(
        "hoplock-audit is the web page's audit view (it runs in the browser); `hoplock audit PATH…` audits on the command line"
    );
    std::process::ExitCode::from(2)
}
