//! The page's address bar: its link read (the hash, its query, the language it asks for) and
//! written (the whole link to share, a lab's link replaced in place).

use super::Query;
use crate::app::i18n::Lang;

/// The page's hash (`#/conv1d?...`), empty outside a browser.
fn current_hash() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// The query of the page's link as it is now.
pub fn current_query() -> Query {
    Query::split_hash(&current_hash()).1
}

/// The language a link asks for (`lang=fr`), read once at start-up.
pub fn lang_from_link() -> Option<Lang> {
    current_query().get("lang").and_then(Lang::from_code)
}

/// The whole link of `route` with `query`: what Share copies and draws.
pub fn link_to(route: &str, query: &Query) -> String {
    let base = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default();
    if query.is_empty() {
        format!("{base}#{route}")
    } else {
        format!("{base}#{route}?{}", query.encode())
    }
}

/// Replaces the link of `route` in the address bar, without a history entry. Does nothing
/// once the page has moved to another route (a late write must not drag it back).
pub(super) fn replace_link(route: &str, encoded: &str) {
    let Some(w) = web_sys::window() else { return };
    let hash = current_hash();
    let (now, _) = Query::split_hash(&hash);
    if now != route {
        return;
    }
    let next = if encoded.is_empty() { format!("#{route}") } else { format!("#{route}?{encoded}") };
    // Also marks an entry that came from outside (a pasted link) as the app's own from now on.
    if (next != hash || !crate::app::route::on_app_entry())
        && let Ok(h) = w.history()
    {
        let _ = h.replace_state_with_url(&crate::app::route::APP_ENTRY.into(), "", Some(&next));
    }
}
