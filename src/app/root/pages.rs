//! Every page of the whole app, by route.

use yew::prelude::*;

use super::not_found::NotFound;
use super::panic_self_test::PanicSelfTest;
use crate::app::lessons::{
    classes::ClassesLab, conv1d::Conv1dLab, conv2d::Conv2dLab, dropout::DropoutLab,
    history::History, home::Home, learn::LearnLab, lenet::LenetLive, pooling::PoolingLab,
};
use crate::app::route::{Route, use_route};

/// Every page (the whole app).
#[component]
pub(super) fn AllPages() -> Html {
    let route = use_route().unwrap_or(Route::Home);
    match route {
        Route::Home => html! { <Home /> },
        Route::History => html! { <History /> },
        Route::Conv1d => html! { <Conv1dLab /> },
        Route::Conv2d => html! { <Conv2dLab /> },
        Route::Pooling => html! { <PoolingLab /> },
        Route::Dropout => html! { <DropoutLab /> },
        Route::Learn => html! { <LearnLab /> },
        Route::Lenet => html! { <LenetLive /> },
        Route::Classes => html! { <ClassesLab /> },
        Route::PanicSelfTest => html! { <PanicSelfTest /> },
        Route::NotFound => html! { <NotFound /> },
    }
}
