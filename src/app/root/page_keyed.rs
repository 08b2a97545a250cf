//! A keyed wrapper around the page, so that a pasted link mounts it afresh.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(super) struct KeyedProps {
    pub(super) children: Html,
}

/// A plain wrapper, so that the page can carry a `key`.
#[component]
pub(super) fn PageKeyed(p: &KeyedProps) -> Html {
    p.children.clone()
}
