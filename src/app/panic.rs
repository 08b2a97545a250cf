//! A Rust panic must never leave a blank page: the hook logs it to the console and replaces
//! the page with a readable message and a reload button.

use super::i18n::Lang;

/// Installs the hook; call once, before rendering. It goes through Yew, which would
/// otherwise replace any std hook with its own console-only one when it renders.
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let msg = info.to_string();
        web_sys::console::error_1(&format!("Convolab panicked: {msg}").into());
        show_fatal(&msg);
    }));
}

/// Replaces the whole page with the error screen. Plain DOM calls only: after a panic the
/// Yew tree can no longer be trusted. The reload button is inline HTML for the same reason
/// (no Rust closure needs to run after the panic).
pub fn show_fatal(detail: &str) {
    let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) else {
        return;
    };
    show_fatal_in(&body, detail);
}

/// Draws the error screen inside `container` (the page body, or a test's own element).
pub fn show_fatal_in(container: &web_sys::Element, detail: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let lang = doc
        .document_element()
        .and_then(|e| e.get_attribute("lang"))
        .and_then(|c| Lang::from_code(&c))
        .unwrap_or(Lang::En);
    let t = lang.texts();
    container.set_inner_html(&format!(
        "<main class=\"fatal\" role=\"alert\" id=\"fatal\"><h1>{}</h1><p>{}</p>\
         <pre class=\"fatal-detail\"></pre>\
         <button type=\"button\" class=\"btn primary\" onclick=\"location.reload()\">{}</button></main>",
        t.fatal_title, t.fatal_body, t.fatal_reload
    ));
    // The detail goes in as text, never as HTML.
    if let Ok(Some(pre)) = container.query_selector(".fatal-detail") {
        pre.set_text_content(Some(detail));
    }
}
