//! Presentation mode's keys, for a teacher at the projector: `P` turns it on and off (unless
//! the focus is in a text field), and while it is on `PageDown` / `PageUp` (a presenter
//! remote's buttons) walk the course lesson by lesson. LeNet live has two screens (the pad
//! and its prediction, then the training controls and charts): there `PageDown` first
//! reaches the second, and `PageUp` comes back to the first before leaving the lesson.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

use super::prefs::{PrefsAction, PrefsHandle};
use super::route::{Route, next_lesson, previous_lesson, use_navigator};

/// Is the key meant for a field (typing a `p` in a kernel weight must not switch modes)?
fn typing(e: &KeyboardEvent) -> bool {
    let Some(el) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
        return false;
    };
    let tag = el.tag_name().to_ascii_lowercase();
    matches!(tag.as_str(), "input" | "textarea" | "select")
        || el.get_attribute("contenteditable").is_some()
}

/// Listens to `keydown` on the whole document while the component lives; the listener is
/// made again when `deps` change. Plain keys only: a key with Ctrl/⌘/Alt, or one typed in a
/// field, never reaches `on_key`.
#[hook]
pub fn use_document_keys<D, F>(deps: D, on_key: F)
where
    D: PartialEq + 'static,
    F: Fn(&KeyboardEvent) + 'static,
{
    use_effect_with(deps, move |_| {
        let on_key = Closure::<dyn Fn(KeyboardEvent)>::new(move |e: KeyboardEvent| {
            if !(e.ctrl_key() || e.meta_key() || e.alt_key() || typing(&e)) {
                on_key(&e);
            }
        });
        let doc = web_sys::window().and_then(|w| w.document());
        if let Some(d) = &doc {
            let _ = d.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref());
        }
        move || {
            if let Some(d) = doc {
                let _ = d.remove_event_listener_with_callback(
                    "keydown",
                    on_key.as_ref().unchecked_ref(),
                );
            }
        }
    });
}

#[hook]
pub fn use_presentation_keys(prefs: PrefsHandle, route: Route) {
    let navigator = use_navigator();
    let present = prefs.present;
    use_document_keys((present, route), move |e| {
        let go = |to: Option<Route>| {
            if let (Some(to), Some(nav)) = (to, navigator.as_ref()) {
                nav.push(&to);
            }
        };
        let scrolled = web_sys::window().and_then(|w| w.scroll_y().ok()).unwrap_or(0.0) > 8.0;
        match e.key().as_str() {
            "p" | "P" => {
                e.prevent_default();
                prefs.dispatch(PrefsAction::SetPresent(!present));
            }
            "PageDown" if present && route == Route::Lenet && !scrolled => {
                e.prevent_default();
                second_screen();
            }
            "PageUp" if present && route == Route::Lenet && scrolled => {
                e.prevent_default();
                if let Some(w) = web_sys::window() {
                    w.scroll_to_with_x_and_y(0.0, 0.0);
                }
            }
            "PageDown" if present => {
                e.prevent_default();
                go(next_lesson(route));
            }
            "PageUp" if present => {
                e.prevent_default();
                go(previous_lesson(route));
            }
            _ => {}
        }
    });
}

/// LeNet's second screen in presentation mode: the training panel at the top of the screen.
fn second_screen() {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(".lenet-train").ok().flatten())
    {
        el.scroll_into_view();
    }
}
