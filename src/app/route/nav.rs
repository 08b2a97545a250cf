//! The current route as a context: what the pages read ([`use_route`]) and how they move
//! ([`Navigator`]).

use yew::prelude::*;

use super::{APP_ENTRY, Route};

/// The page's address without its hash.
fn href_base() -> Option<String> {
    let href = web_sys::window()?.location().href().ok()?;
    Some(href.split('#').next().unwrap_or_default().to_string())
}

/// Moves the app to another route, with a history entry (as a link does).
#[derive(Clone, PartialEq)]
pub struct Navigator {
    pub(super) set: UseStateSetter<Route>,
}

impl Navigator {
    pub fn push(&self, to: &Route) {
        if let (Some(base), Some(h)) =
            (href_base(), web_sys::window().and_then(|w| w.history().ok()))
        {
            let _ =
                h.push_state_with_url(&APP_ENTRY.into(), "", Some(&format!("{base}{}", to.href())));
        }
        self.set.set(*to);
    }
}

#[derive(Clone, PartialEq)]
pub(super) struct RouterCtx {
    pub(super) route: Route,
    pub(super) nav: Navigator,
}

/// The route shown (`None` outside a `HashRouter`).
#[hook]
pub fn use_route() -> Option<Route> {
    use_context::<RouterCtx>().map(|c| c.route)
}

#[hook]
pub fn use_navigator() -> Option<Navigator> {
    use_context::<RouterCtx>().map(|c| c.nav)
}
