//! The only module that touches web-sys: DOM look-ups, files, clipboard.

pub mod embed;

use wasm_bindgen::JsCast;

/// `#app`, emptied (or `<body>` when the page has no `#app`).
pub fn app_root() -> web_sys::HtmlElement {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser document");
    match document.get_element_by_id("app") {
        Some(el) => {
            el.set_inner_html("");
            el.unchecked_into()
        }
        None => document.body().expect("a <body>"),
    }
}
