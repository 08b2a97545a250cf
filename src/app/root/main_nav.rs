//! The header's lesson list. On a laptop it is a row of links; on a phone (the stylesheet's
//! phone block) it folds behind a button, a disclosure: `aria-expanded`, Escape closes it
//! and gives the focus back to the button, choosing a lesson closes it.

use yew::prelude::*;

use crate::app::prefs::use_prefs;
use crate::app::route::{LESSONS, Link, Route};

#[derive(Properties, PartialEq)]
pub(super) struct MainNavProps {
    pub route: Route,
}

#[component]
pub(super) fn MainNav(p: &MainNavProps) -> Html {
    let t = use_prefs().texts();
    let open = use_state(|| false);
    let button = use_node_ref();
    // Any change of page (a link chosen here, a link in the page, back or forward) folds it.
    {
        let open = open.clone();
        use_effect_with(p.route, move |_| open.set(false));
    }
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    // A click on a link (even the page already shown) folds the list.
    let onchoose = {
        let open = open.clone();
        Callback::from(move |e: MouseEvent| {
            use wasm_bindgen::JsCast;
            let on_link = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("a").ok().flatten())
                .is_some();
            if on_link {
                open.set(false);
            }
        })
    };
    let onkeydown = {
        let (open, button) = (open.clone(), button.clone());
        Callback::from(move |e: KeyboardEvent| {
            if *open && e.key() == "Escape" {
                e.prevent_default();
                // Escape here is the menu's, not the page's (presentation mode's keys).
                e.stop_propagation();
                open.set(false);
                if let Some(b) = button.cast::<web_sys::HtmlElement>() {
                    let _ = b.focus();
                }
            }
        })
    };
    let route = p.route;
    html! {
        <nav aria-label={t.nav_label} class={classes!("mainnav", open.then_some("open"))} {onkeydown}>
            <button type="button" class="btn menu-toggle" ref={button} id="menu-toggle"
                aria-expanded={open.to_string()} aria-controls="mainnav-list" onclick={ontoggle}>
                <span class="menu-icon" aria-hidden="true">{ "☰" }</span>
                <span class="menu-word">{ t.nav_menu }</span>
            </button>
            <ul id="mainnav-list" onclick={onchoose}>
                { for LESSONS.iter().map(|r| {
                    let current = *r == route;
                    html! {
                        <li>
                            <Link to={*r} classes={classes!(current.then_some("current"))}>
                                { r.nav_title(t) }
                            </Link>
                        </li>
                    }
                }) }
            </ul>
        </nav>
    }
}
