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

/// One labelled menu of a lab's controls: `options` are `(value, text)`, the one whose
/// value is `selected` is chosen. Every lab's menus (input, kernel, sizes, padding, stride,
/// pooling kind) are made here, so they look and behave alike.
pub fn select_field(
    label: &str,
    id: &str,
    options: Vec<(String, String)>,
    selected: &str,
    onchange: Callback<Event>,
) -> Html {
    html! {
        <label>{ label }
            <select id={id.to_string()} {onchange}>
                { for options.into_iter().map(|(value, text)| {
                    let chosen = value == selected;
                    html! { <option selected={chosen} {value}>{ text }</option> }
                }) }
            </select>
        </label>
    }
}

/// Numbers as menu options: `1`, `2`, `3`…
pub fn number_options(range: std::ops::RangeInclusive<usize>) -> Vec<(String, String)> {
    range.map(|v| (v.to_string(), v.to_string())).collect()
}

/// The padding menu's options, with the lab's words for each.
pub fn padding_options(valid: &str, same: &str) -> Vec<(String, String)> {
    vec![("valid".into(), valid.into()), ("same".into(), same.into())]
}

/// A padding's menu value.
pub fn padding_value(p: crate::nn::Padding) -> &'static str {
    match p {
        crate::nn::Padding::Valid => "valid",
        crate::nn::Padding::Same => "same",
    }
}

/// A labelled checkbox of a lab's controls.
pub fn check_field(label: &str, id: &str, checked: bool, onchange: Callback<Event>) -> Html {
    html! {
        <label class="check">
            <input type="checkbox" id={id.to_string()} {checked} {onchange} />{ label }
        </label>
    }
}

/// A checkbox's change handler: flips `state`. The step debugger stays on its window (a
/// flip or a ReLU changes the values, not where the windows are).
pub fn toggle_into(state: &UseStateHandle<bool>) -> Callback<Event> {
    let state = state.clone();
    Callback::from(move |_: Event| state.set(!*state))
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
        for p in [Padding::Valid, Padding::Same] {
            assert_eq!(parse_padding(padding_value(p)), Some(p));
            assert!(padding_options("v", "s").iter().any(|(v, _)| v == padding_value(p)));
        }
        assert_eq!(number_options(1..=3).len(), 3);
    }
}
