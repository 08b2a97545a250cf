//! The page of a lesson that is not written yet (reachable only by typing its address).

use crate::app::route::{Link, Route};
use yew::prelude::*;

use crate::app::prefs::use_prefs;

#[derive(Properties, PartialEq)]
pub struct PlaceholderProps {
    pub route: Route,
}

#[component]
pub fn Placeholder(props: &PlaceholderProps) -> Html {
    let t = use_prefs().texts();
    html! {
        <section class="page narrow">
            <h1>{ props.route.nav_title(t) }</h1>
            <p>{ t.coming_soon }</p>
            <Link to={Route::Home} classes="btn primary">{ t.back_home }</Link>
        </section>
    }
}
