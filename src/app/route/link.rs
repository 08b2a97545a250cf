//! A link to a route, followed in place.

use yew::prelude::*;

use super::Route;
use super::nav::use_navigator;

#[derive(Properties, PartialEq)]
pub struct LinkProps {
    pub to: Route,
    #[prop_or_default]
    pub classes: Classes,
    #[prop_or_default]
    pub children: Html,
}

/// A link to a route: a real `href` (a new tab, a copied link), and a click handled in place.
#[component]
pub fn Link(p: &LinkProps) -> Html {
    let nav = use_navigator();
    let to = p.to;
    let onclick = Callback::from(move |e: MouseEvent| {
        // A modified click is the browser's (a new tab or window).
        if e.meta_key() || e.ctrl_key() || e.shift_key() || e.alt_key() {
            return;
        }
        e.prevent_default();
        if let Some(nav) = &nav {
            nav.push(&to);
        }
    });
    html! {
        <a class={p.classes.clone()} href={to.href()} {onclick}>{ p.children.clone() }</a>
    }
}
