//! The whole app's footer, fed by the training session.

use yew::prelude::*;

use super::footer::Footer;
use crate::app::training::use_training;

/// The footer tells the worker's state as the training session knows it (one source of
/// truth with LeNet live's status line).
#[component]
pub(super) fn TrainingFooter() -> Html {
    let tr = use_training();
    html! { <Footer worker={tr.view.worker} /> }
}
