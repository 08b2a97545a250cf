//! The Share button and its panel: the link, a Copy button and the QR code.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::qr::qr_path;
use super::texts::{ShareTexts, texts};
use crate::app::prefs::use_prefs;
use crate::app::urlstate::{Query, link_to};

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    /// The route of the lab (`/conv1d`).
    pub route: &'static str,
    /// The lab's state now (the same query the address bar gets).
    pub query: Query,
}

/// The Share button and its panel: the link, a Copy button and the QR code.
#[component]
pub fn ShareButton(p: &ShareProps) -> Html {
    let lang = use_prefs().lang;
    let t = texts(lang);
    let open = use_state(|| false);
    let status = use_state(|| None::<&'static str>);
    let link = link_to(p.route, &p.query);

    let on_open = {
        let (open, status) = (open.clone(), status.clone());
        Callback::from(move |_: MouseEvent| {
            status.set(None);
            open.set(true);
        })
    };
    let on_close = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(false))
    };
    let on_key = {
        let open = open.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.stop_propagation();
                open.set(false);
            }
        })
    };
    let on_copy = {
        let (status, link) = (status.clone(), link.clone());
        Callback::from(move |_: MouseEvent| status.set(Some(copy_link(&link, t))))
    };
    // Focus the panel when it opens, so Escape and Tab work at once.
    {
        let open = *open;
        use_effect_with(open, move |open| {
            if *open
                && let Some(el) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id("share-copy"))
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        });
    }

    html! {
        <>
            <button type="button" class="btn share" id="share-open" aria-haspopup="dialog" onclick={on_open}>
                <span aria-hidden="true">{ "⇪ " }</span>{ t.share }
            </button>
            if *open {
                <div class="share-backdrop" onkeydown={on_key}>
                    <div class="share-panel" id="share-panel" role="dialog" aria-modal="true" aria-labelledby="share-title">
                        { qr_figure(&link, t) }
                        <div class="share-side">
                        <h2 id="share-title">{ t.title }</h2>
                        <p class="share-explain">{ t.explain }</p>
                        <div class="share-link">
                            <label for="share-link">{ t.link_label }</label>
                            <input type="text" id="share-link" readonly=true value={link.clone()} />
                        </div>
                        <div class="share-actions">
                            <button type="button" class="btn primary" id="share-copy" onclick={on_copy}>{ t.copy }</button>
                            <button type="button" class="btn" id="share-close" onclick={on_close}>{ t.close }</button>
                        </div>
                        <p class="share-status" id="share-status" role="status">{ status.unwrap_or("") }</p>
                        </div>
                    </div>
                </div>
            }
        </>
    }
}

fn qr_figure(link: &str, t: &ShareTexts) -> Html {
    match qr_path(link) {
        Some((d, side)) => html! {
            <svg class="share-qr" id="share-qr" viewBox={format!("0 0 {side} {side}")} role="img"
                aria-label={t.qr_label} shape-rendering="crispEdges" data-link={link.to_string()}>
                <rect width={side.to_string()} height={side.to_string()} fill="#fff" />
                <path d={d} fill="#000" />
            </svg>
        },
        None => html! { <p class="field-error">{ t.too_long }</p> },
    }
}

/// Copies with the Clipboard API where the page may (https or localhost); elsewhere (a
/// classroom server on plain http) selects the link and says how to copy it.
fn copy_link(link: &str, t: &'static ShareTexts) -> &'static str {
    let Some(w) = web_sys::window() else { return t.copy_by_hand };
    let nav = w.navigator();
    let has_clipboard =
        js_sys::Reflect::get(&nav, &"clipboard".into()).map(|c| !c.is_undefined()).unwrap_or(false);
    if has_clipboard && w.is_secure_context() {
        let _ = nav.clipboard().write_text(link);
        return t.copied;
    }
    if let Some(input) = w
        .document()
        .and_then(|d| d.get_element_by_id("share-link"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        let _ = input.focus();
        input.select();
    }
    t.copy_by_hand
}
