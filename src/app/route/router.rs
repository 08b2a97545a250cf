//! The hash router: holds the current route for the pages below it and follows the
//! address bar.

use yew::prelude::*;

use super::nav::{Navigator, RouterCtx};
use super::{APP_ENTRY, Route};
use crate::app::dom::WindowListener;

/// The address `href` should have at start, if it must change: a page opened without a hash
/// (or with one that is not a path, `#main`) starts at `#/`, as under yew-router.
fn start_href(href: &str) -> Option<String> {
    let (base, hash) = href.split_once('#').unwrap_or((href, ""));
    (!hash.starts_with('/')).then(|| format!("{base}#/"))
}

fn current_route() -> Route {
    Route::from_hash(&web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default())
}

#[derive(Properties, PartialEq)]
pub struct RouterProps {
    #[prop_or_default]
    pub children: Html,
}

/// Holds the current route for the pages below it and follows the address bar.
#[component]
pub fn HashRouter(p: &RouterProps) -> Html {
    let route = use_state(|| {
        if let (Some(w), Some(href)) =
            (web_sys::window(), web_sys::window().and_then(|w| w.location().href().ok()))
            && let (Some(to), Ok(h)) = (start_href(&href), w.history())
        {
            let _ = h.replace_state_with_url(&APP_ENTRY.into(), "", Some(&to));
        }
        current_route()
    });
    {
        let set = route.setter();
        use_effect_with((), move |_| {
            // Back, forward, a typed or pasted address, a plain `#/…` link.
            let on_pop = WindowListener::new("popstate", move || set.set(current_route()));
            move || drop(on_pop)
        });
    }
    let ctx = RouterCtx { route: *route, nav: Navigator { set: route.setter() } };
    html! {
        <ContextProvider<RouterCtx> context={ctx}>{ p.children.clone() }</ContextProvider<RouterCtx>>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_hash_is_kept_only_when_absolute() {
        assert_eq!(start_href("http://h/sub/#/conv1d?x=1"), None);
        assert_eq!(start_href("http://h/sub/#/"), None);
        assert_eq!(start_href("http://h/sub/").as_deref(), Some("http://h/sub/#/"));
        assert_eq!(
            start_href("http://h/sub/index.html?a=b#main").as_deref(),
            Some("http://h/sub/index.html?a=b#/")
        );
        assert_eq!(start_href("http://h/#").as_deref(), Some("http://h/#/"));
    }
}
