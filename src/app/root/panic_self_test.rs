//! A page that panics on purpose, to prove the error screen.

use yew::prelude::*;

#[component]
pub(super) fn PanicSelfTest() -> Html {
    use_effect_with((), |_| {
        let fail = || -> () { panic!("self-test: a deliberate panic, to show the error screen") };
        fail();
    });
    html! {}
}
