//! History: from the perceptron to AlexNet, as a timeline a teacher can step through
//! (buttons or ← / →) in front of a class.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::exercises::Lesson;
use crate::app::exercises::view::ExercisePanel;
use crate::app::prefs::use_prefs;

/// Sources, in the language they were published in (the same list for FR and EN).
pub const SOURCES: &[&str] = &[
    "F. Rosenblatt, “The perceptron: a probabilistic model for information storage and organization in the brain”, Psychological Review 65(6), 1958.",
    "D. H. Hubel, T. N. Wiesel, “Receptive fields of single neurones in the cat's striate cortex”, Journal of Physiology 148, 1959.",
    "M. Minsky, S. Papert, Perceptrons, MIT Press, 1969.",
    "K. Fukushima, “Neocognitron: a self-organizing neural network model for a mechanism of pattern recognition unaffected by shift in position”, Biological Cybernetics 36, 1980.",
    "D. E. Rumelhart, G. E. Hinton, R. J. Williams, “Learning representations by back-propagating errors”, Nature 323, 1986.",
    "Y. LeCun et al., “Backpropagation applied to handwritten zip code recognition”, Neural Computation 1(4), 1989.",
    "Y. LeCun, L. Bottou, Y. Bengio, P. Haffner, “Gradient-based learning applied to document recognition”, Proceedings of the IEEE 86(11), 1998.",
    "J. Deng et al., “ImageNet: a large-scale hierarchical image database”, CVPR 2009.",
    "D. Cireșan, U. Meier, J. Masci, J. Schmidhuber, “A committee of neural networks for traffic sign classification”, IJCNN 2011.",
    "A. Krizhevsky, I. Sutskever, G. E. Hinton, “ImageNet classification with deep convolutional neural networks”, NeurIPS 2012.",
    "O. Russakovsky et al., “ImageNet Large Scale Visual Recognition Challenge”, International Journal of Computer Vision 115, 2015.",
    "K. He, X. Zhang, S. Ren, J. Sun, “Deep residual learning for image recognition”, CVPR 2016.",
];

#[component]
pub fn History() -> Html {
    let t = use_prefs().texts();
    let h = &t.history;
    let n = h.events.len();
    let selected = use_state(|| 0usize);
    let cur = (*selected).min(n - 1);
    let list = use_node_ref();
    // Keys move the focus with the selection (roving focus), and on a tablet's horizontal
    // strip the selected year scrolls into view.
    let keyed = use_mut_ref(|| false);
    {
        let list = list.clone();
        let keyed = keyed.clone();
        let mounted = use_mut_ref(|| false);
        use_effect_with(cur, move |&cur| {
            // Not on arrival: the page must not jump to the timeline.
            if !std::mem::replace(&mut *mounted.borrow_mut(), true) {
                return;
            }
            if let Some(btn) = list
                .cast::<web_sys::Element>()
                .and_then(|ol| ol.query_selector_all("button.tl-dot").ok())
                .and_then(|all| all.item(cur as u32))
                .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let opts = web_sys::ScrollIntoViewOptions::new();
                opts.set_block(web_sys::ScrollLogicalPosition::Nearest);
                opts.set_inline(web_sys::ScrollLogicalPosition::Nearest);
                btn.scroll_into_view_with_scroll_into_view_options(&opts);
                if std::mem::take(&mut *keyed.borrow_mut()) {
                    let _ = btn.focus();
                }
            }
        });
    }

    let go = {
        let selected = selected.clone();
        move |i: usize| {
            let selected = selected.clone();
            Callback::from(move |_: MouseEvent| selected.set(i))
        }
    };
    // ← / → move along the timeline, Home / End jump to its ends.
    let onkeydown = {
        let selected = selected.clone();
        let keyed = keyed.clone();
        Callback::from(move |e: KeyboardEvent| {
            let next = match e.key().as_str() {
                "ArrowRight" | "ArrowDown" => Some((cur + 1).min(n - 1)),
                "ArrowLeft" | "ArrowUp" => Some(cur.saturating_sub(1)),
                "Home" => Some(0),
                "End" => Some(n - 1),
                _ => None,
            };
            if let Some(i) = next {
                e.prevent_default();
                // Only keys pressed on the timeline itself move the focus there.
                let on_timeline = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|el| el.class_list().contains("tl-dot"));
                *keyed.borrow_mut() = on_timeline;
                selected.set(i);
            }
        })
    };
    let ev = &h.events[cur];

    html! {
        <article class="page history">
            <h1>{ h.title }</h1>
            <p class="lead">{ h.lead }</p>
            <div class="timeline-wrap" {onkeydown}>
                <ol class="timeline" aria-label={h.timeline_label} ref={list}>
                    { for h.events.iter().enumerate().map(|(i, e)| html! {
                        <li>
                            <button type="button" class={classes!("tl-dot", (i == cur).then_some("current"))}
                                aria-current={(i == cur).then_some("step")}
                                onclick={go(i)}>
                                <span class="tl-year">{ e.year }</span>
                                <span class="tl-title">{ e.title }</span>
                            </button>
                        </li>
                    }) }
                </ol>
                <section class="event-card" aria-live="polite" id="event-card">
                    <p class="event-year">{ ev.year }</p>
                    <h2>{ ev.title }</h2>
                    <p>{ ev.body }</p>
                    <div class="event-nav">
                        <button type="button" class="btn" id="event-prev" disabled={cur == 0}
                            onclick={go(cur.saturating_sub(1))}>{ "← " }{ h.previous }</button>
                        <span class="event-count">{ format!("{} / {}", cur + 1, n) }</span>
                        <button type="button" class="btn primary" id="event-next" disabled={cur + 1 == n}
                            onclick={go((cur + 1).min(n - 1))}>{ h.next }{ " →" }</button>
                    </div>
                </section>
            </div>
            <div class="columns">
                <aside class="callout">
                    <h2>{ h.why32_title }</h2>
                    <p>{ h.why32_body }</p>
                </aside>
                <aside class="callout try">
                    <h2>{ h.try_title }</h2>
                    <ul>{ for h.try_items.iter().map(|s| html! { <li>{ *s }</li> }) }</ul>
                </aside>
            </div>
            <ExercisePanel lesson={Lesson::History} />
            <section class="sources">
                <h2>{ h.sources_title }</h2>
                <ol>{ for SOURCES.iter().map(|s| html! { <li>{ *s }</li> }) }</ol>
            </section>
        </article>
    }
}
