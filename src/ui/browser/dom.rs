//! Turns [`El`] descriptions into DOM, and the few direct DOM updates the results need (open
//! one hop, re-sort one table) without rebuilding the rest. Text becomes text nodes only.

use wasm_bindgen::JsCast;

use crate::ui::node::{El, Node};

const SVG_NS: &str = "http://www.w3.org/2000/svg";

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser document")
}

thread_local! {
    /// Built `<svg>` icons by their class: an icon is a pure function of its class, and one
    /// native deep clone costs far less than a dozen calls from wasm per row.
    static ICONS: std::cell::RefCell<Vec<(String, web_sys::Element)>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn build(doc: &web_sys::Document, node: &El, in_svg: bool) -> Option<web_sys::Element> {
    if node.tag == "svg" && !in_svg {
        let class = node.attrs.first().map(|(_, v)| v.as_str()).unwrap_or("");
        let cached = ICONS.with_borrow(|icons| {
            let (_, icon) = icons.iter().find(|(c, _)| c == class)?;
            icon.clone_node_with_deep(true).ok()?.dyn_into().ok()
        });
        if cached.is_some() {
            return cached;
        }
        let built = build_element(doc, node, true)?;
        ICONS.with_borrow_mut(|icons| icons.push((class.to_string(), built.clone())));
        return built.clone_node_with_deep(true).ok()?.dyn_into().ok();
    }
    build_element(doc, node, in_svg)
}

fn build_element(doc: &web_sys::Document, node: &El, in_svg: bool) -> Option<web_sys::Element> {
    let svg = in_svg || node.tag == "svg";
    let element = if svg {
        doc.create_element_ns(Some(SVG_NS), node.tag)
    } else {
        doc.create_element(node.tag)
    }
    .ok()?;
    for (name, value) in &node.attrs {
        let _ = element.set_attribute(name, value);
    }
    for kid in &node.kids {
        let _ = match kid {
            Node::El(child) => match build(doc, child, svg) {
                Some(c) => element.append_with_node_1(&c),
                None => Ok(()),
            },
            Node::Text(text) => element.append_with_str_1(text),
        };
    }
    Some(element)
}

/// Replace every child of `parent` with `nodes`.
pub fn fill(parent: &web_sys::Element, nodes: &[El]) {
    let doc = document();
    parent.set_text_content(None);
    for node in nodes {
        if let Some(e) = build(&doc, node, false) {
            let _ = parent.append_with_node_1(&e);
        }
    }
}

/// Append `node` as the last child of `parent`.
pub fn append(parent: &web_sys::Element, node: &El) {
    if let Some(e) = build(&document(), node, false) {
        let _ = parent.append_with_node_1(&e);
    }
}

/// Put `node` in place of `old`.
pub fn replace(old: &web_sys::Element, node: &El) {
    if let Some(e) = build(&document(), node, false) {
        let _ = old.replace_with_with_node_1(&e);
    }
}

/// The first element under `root` matching `selector`.
pub fn find(root: &web_sys::Element, selector: &str) -> Option<web_sys::Element> {
    root.query_selector(selector).ok().flatten()
}

/// The element with `data-action` that an event happened in: `(element, action, data-arg)`.
pub fn action_of(ev: &web_sys::Event) -> Option<(web_sys::Element, String, String)> {
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    let el = target.closest("[data-action]").ok()??;
    let action = el.get_attribute("data-action")?;
    let arg = el.get_attribute("data-arg").unwrap_or_default();
    Some((el, action, arg))
}

/// Whether a `<details>` (or any element with an `open` property) is open.
pub fn is_open(el: &web_sys::Element) -> bool {
    js_sys::Reflect::get(el, &"open".into()).is_ok_and(|v| v.is_truthy())
}

/// Whether a checkbox is checked.
pub fn is_checked(el: &web_sys::Element) -> bool {
    js_sys::Reflect::get(el, &"checked".into()).is_ok_and(|v| v.is_truthy())
}

/// Focus an element (and scroll it into view when `scroll`).
pub fn focus(el: &web_sys::Element, scroll: bool) {
    if scroll {
        el.scroll_into_view();
    }
    if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
}
