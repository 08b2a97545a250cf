//! The page of an unknown address.

use yew::prelude::*;

use crate::app::prefs::use_prefs;
use crate::app::route::{Link, Route};

#[component]
pub(super) fn NotFound() -> Html {
    let t = use_prefs().texts();
    html! {
        <section class="page narrow">
            <h1>{ t.not_found_title }</h1>
            <p>{ t.not_found_body }</p>
            <Link to={Route::Home} classes="btn primary">{ t.back_home }</Link>
        </section>
    }
}
