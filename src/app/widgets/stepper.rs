//! The step debugger shared by the labs: it only drives an index `0..n` (the current
//! window); the lab draws the window, the arithmetic and the highlighted cells.
//!
//! Play / pause / step back / step forward / scrub / speed, and the keyboard (space,
//! ←, →, Home, End) while focus is anywhere inside the lab's area (`children`), except
//! in a text field, where those keys belong to the field.

use gloo_timers::callback::Timeout;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::prefs::use_prefs;
use crate::app::widgets::texts::stepper::texts;

/// Speeds offered, in windows per second.
pub const SPEEDS: [u32; 4] = [1, 2, 4, 8];

/// What a key does to the index (pure, so it is tested natively).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKey {
    Toggle,
    Go(usize),
}

/// The effect of `key` at `index` of `n` windows; `None` for keys the stepper leaves alone.
pub fn key_action(key: &str, index: usize, n: usize) -> Option<StepKey> {
    if n == 0 {
        return None;
    }
    let last = n - 1;
    match key {
        " " | "Spacebar" => Some(StepKey::Toggle),
        "ArrowRight" => Some(StepKey::Go((index + 1).min(last))),
        "ArrowLeft" => Some(StepKey::Go(index.saturating_sub(1).min(last))),
        "Home" => Some(StepKey::Go(0)),
        "End" => Some(StepKey::Go(last)),
        _ => None,
    }
}

#[derive(Properties, PartialEq)]
pub struct StepperProps {
    /// Number of windows (0: nothing to step through).
    pub n: usize,
    pub index: usize,
    pub on_change: Callback<usize>,
    /// What the current window computes, read by screen readers as it changes.
    pub live: AttrValue,
    /// Element id prefix, so a page may hold more than one stepper.
    #[prop_or(AttrValue::Static("stepper"))]
    pub id: AttrValue,
    /// What one step is called in the counter ("Window" by default; "Mask" for dropout).
    #[prop_or_default]
    pub unit: Option<AttrValue>,
    /// The lab's area: keys pressed while focus is inside it drive the stepper.
    #[prop_or_default]
    pub children: Html,
}

fn in_text_field(e: &KeyboardEvent) -> bool {
    let Some(t) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
        return false;
    };
    match t.tag_name().to_ascii_lowercase().as_str() {
        "textarea" | "select" => true,
        "input" => {
            let ty = t.get_attribute("type").unwrap_or_default();
            // A range input is the scrubber itself: its keys are fine for us.
            ty != "range" && ty != "checkbox" && ty != "radio" && ty != "button"
        }
        _ => false,
    }
}

#[component]
pub fn Stepper(props: &StepperProps) -> Html {
    let t = texts(use_prefs().lang);
    let playing = use_state(|| false);
    let speed = use_state(|| 2u32);
    let n = props.n;
    let index = props.index.min(n.saturating_sub(1));

    // While playing: one timer per step; it is dropped (cancelled) on any change.
    {
        let on_change = props.on_change.clone();
        let playing = playing.clone();
        use_effect_with((*playing, *speed, index, n), move |&(is_playing, speed, index, n)| {
            let timer = (is_playing && n > 0).then(|| {
                Timeout::new(1000 / speed.max(1), move || {
                    if index + 1 < n {
                        on_change.emit(index + 1);
                    } else {
                        playing.set(false);
                    }
                })
            });
            move || drop(timer)
        });
    }

    let go = |i: usize| {
        let cb = props.on_change.clone();
        let playing = playing.clone();
        Callback::from(move |_: MouseEvent| {
            playing.set(false);
            cb.emit(i);
        })
    };
    let toggle = {
        let playing = playing.clone();
        let cb = props.on_change.clone();
        move || {
            // Play from the end starts again from the first window.
            if !*playing && index + 1 >= n {
                cb.emit(0);
            }
            playing.set(!*playing);
        }
    };
    let onkeydown = {
        let toggle = toggle.clone();
        let cb = props.on_change.clone();
        let playing = playing.clone();
        Callback::from(move |e: KeyboardEvent| {
            if in_text_field(&e) || e.ctrl_key() || e.meta_key() || e.alt_key() {
                return;
            }
            // Space on a button would also click it: only the stepper acts.
            match key_action(&e.key(), index, n) {
                Some(StepKey::Toggle) => {
                    e.prevent_default();
                    toggle();
                }
                Some(StepKey::Go(i)) => {
                    e.prevent_default();
                    playing.set(false);
                    cb.emit(i);
                }
                None => {}
            }
        })
    };
    let onplay = {
        let toggle = toggle.clone();
        Callback::from(move |_: MouseEvent| toggle())
    };
    let onscrub = {
        let cb = props.on_change.clone();
        let playing = playing.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>()
                && let Ok(i) = input.value().parse::<usize>()
            {
                playing.set(false);
                cb.emit(i.min(n.saturating_sub(1)));
            }
        })
    };
    let onspeed = {
        let speed = speed.clone();
        Callback::from(move |e: Event| {
            if let Some(sel) = e.target_dyn_into::<web_sys::HtmlSelectElement>()
                && let Ok(v) = sel.value().parse::<u32>()
            {
                speed.set(v);
            }
        })
    };
    let id = &props.id;
    let last = n.saturating_sub(1);
    html! {
        // A focusable area: named, and its keys described, for a screen reader entering it.
        <div class="stepper-scope" id={format!("{id}-scope")} tabindex="0" role="group" aria-label={t.area}
            aria-describedby={format!("{id}-hint")} {onkeydown}>
            { props.children.clone() }
            <div class="stepper" role="group" aria-label={t.window}>
                <button type="button" class="btn small" id={format!("{id}-first")} title={t.first}
                    aria-label={t.first} disabled={n == 0 || index == 0} onclick={go(0)}>{ "|◀" }</button>
                <button type="button" class="btn small" id={format!("{id}-back")} title={t.back}
                    aria-label={t.back} disabled={n == 0 || index == 0} onclick={go(index.saturating_sub(1))}>{ "◀" }</button>
                <button type="button" class="btn small primary" id={format!("{id}-play")}
                    aria-pressed={playing.to_string()} disabled={n == 0} onclick={onplay}>
                    { if *playing { format!("❚❚ {}", t.pause) } else { format!("▶ {}", t.play) } }
                </button>
                <button type="button" class="btn small" id={format!("{id}-forward")} title={t.forward}
                    aria-label={t.forward} disabled={n == 0 || index >= last} onclick={go((index + 1).min(last))}>{ "▶" }</button>
                <button type="button" class="btn small" id={format!("{id}-last")} title={t.last}
                    aria-label={t.last} disabled={n == 0 || index >= last} onclick={go(last)}>{ "▶|" }</button>
                <label class="stepper-scrub">
                    <span class="visually-hidden">{ t.scrub }</span>
                    <input type="range" id={format!("{id}-scrub")} min="0" max={last.to_string()}
                        value={index.to_string()} disabled={n == 0} oninput={onscrub} />
                </label>
                <span class="stepper-count" id={format!("{id}-count")}>
                    { format!("{} {} / {}", props.unit.as_deref().unwrap_or(t.window), if n == 0 { 0 } else { index + 1 }, n) }
                </span>
                <label class="stepper-speed">
                    { t.speed }{ " " }
                    <select id={format!("{id}-speed")} onchange={onspeed}>
                        { for SPEEDS.iter().map(|&s| html! {
                            <option value={s.to_string()} selected={s == *speed}>{ format!("{s} {}", t.per_second) }</option>
                        }) }
                    </select>
                </label>
            </div>
            // Each window is announced whole (not only the words that changed).
            <p class="stepper-live" id={format!("{id}-live")} aria-live="polite" aria-atomic="true">{ props.live.clone() }</p>
            <p class="stepper-hint" id={format!("{id}-hint")}>{ t.keys_hint }</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_move_within_bounds() {
        assert_eq!(key_action("ArrowRight", 0, 5), Some(StepKey::Go(1)));
        assert_eq!(key_action("ArrowRight", 4, 5), Some(StepKey::Go(4)));
        assert_eq!(key_action("ArrowLeft", 0, 5), Some(StepKey::Go(0)));
        assert_eq!(key_action("Home", 3, 5), Some(StepKey::Go(0)));
        assert_eq!(key_action("End", 0, 5), Some(StepKey::Go(4)));
        assert_eq!(key_action(" ", 2, 5), Some(StepKey::Toggle));
        assert_eq!(key_action("a", 2, 5), None);
        assert_eq!(key_action("ArrowRight", 0, 0), None);
    }

    #[test]
    fn forward_then_back_is_the_same_window() {
        for n in 1..6 {
            for i in 0..n - 1 {
                let Some(StepKey::Go(f)) = key_action("ArrowRight", i, n) else { panic!() };
                assert_eq!(key_action("ArrowLeft", f, n), Some(StepKey::Go(i)));
            }
        }
    }
}
