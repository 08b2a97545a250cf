//! The light bundle's pages, by route; the others load the whole app.

use yew::prelude::*;

use super::load_full::LoadFull;
use super::not_found::NotFound;
use super::panic_self_test::PanicSelfTest;
use crate::app::lessons::{conv1d::Conv1dLab, dropout::DropoutLab, history::History, home::Home};
use crate::app::route::{Route, use_route};

/// The light bundle's pages; the others hand over to the whole app. Only the pages named
/// here are linked into the light bundle.
#[component]
pub(super) fn LightPages() -> Html {
    let route = use_route().unwrap_or(Route::Home);
    match route {
        Route::Home => html! { <Home /> },
        Route::History => html! { <History /> },
        Route::Conv1d => html! { <Conv1dLab /> },
        Route::Dropout => html! { <DropoutLab /> },
        Route::PanicSelfTest => html! { <PanicSelfTest /> },
        Route::NotFound => html! { <NotFound /> },
        Route::Conv2d | Route::Pooling | Route::Learn | Route::Lenet | Route::Classes => {
            html! { <LoadFull /> }
        }
    }
}
