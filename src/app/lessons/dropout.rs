//! Not written yet: see the issue that builds this lesson.

use yew::prelude::*;

use super::placeholder::Placeholder;
use crate::app::route::Route;

#[component]
pub fn DropoutLab() -> Html {
    html! { <Placeholder route={Route::Dropout} /> }
}
