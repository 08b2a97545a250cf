//! Small form helpers shared by the labs.

use yew::prelude::*;

/// A `<select>`'s change handler: the chosen value, parsed, goes to `state`, and the step
/// debugger goes back to its first window (the windows have changed). A value that does
/// not parse changes nothing.
pub fn select_into<T: 'static>(
    state: &UseStateHandle<T>,
    index: &UseStateHandle<usize>,
    parse: fn(&str) -> Option<T>,
) -> Callback<Event> {
    let (state, index) = (state.clone(), index.clone());
    Callback::from(move |e: Event| {
        if let Some(value) =
            e.target_dyn_into::<web_sys::HtmlSelectElement>().and_then(|sel| parse(&sel.value()))
        {
            state.set(value);
            index.set(0);
        }
    })
}

/// `valid` / `same`, as the labs' padding menus write them.
pub fn parse_padding(v: &str) -> Option<crate::nn::Padding> {
    Some(if v == "same" { crate::nn::Padding::Same } else { crate::nn::Padding::Valid })
}

/// A stride from a menu, kept within the labs' 1–3.
pub fn parse_stride(v: &str) -> Option<usize> {
    v.parse::<usize>().ok().map(|s| s.clamp(1, 3))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::Padding;

    #[test]
    fn menu_values_parse_to_lab_settings() {
        assert_eq!(parse_padding("same"), Some(Padding::Same));
        assert_eq!(parse_padding("valid"), Some(Padding::Valid));
        assert_eq!(parse_stride("2"), Some(2));
        assert_eq!(parse_stride("9"), Some(3), "strides are kept within 1–3");
        assert_eq!(parse_stride("0"), Some(1));
        assert_eq!(parse_stride("abc"), None);
    }
}
