//! "Your network": the architecture editor of the LeNet page and its live Keras summary.
//! The network edited is the training form's (`Draft::arch`); every edit goes through
//! `Training::set_arch`, so the link, the Keras code and the next run follow it. Pure edit
//! logic in `model`, one layer's row in `row`, the summary in `summary`, words in `texts`.

pub mod model;
mod row;
mod summary;
pub mod texts;

use std::cell::Cell;

use web_sys::HtmlElement;
use yew::prelude::*;

use self::model::{Change, Kind, Measured, failure_formula, failure_reason};
use self::row::{LayerRow, RowAction, control_id, first_control};
use self::summary::ArchSummary;
use crate::app::i18n::Lang;
use crate::app::training::state::{Phase, Source};
use crate::app::training::use_training;
use crate::nn::arch::PlanFailure;
use crate::nn::{Architecture, Preset};

thread_local! {
    /// The last speed measured in this session (a run's clock rate and its network's
    /// multiply-adds): the time-per-epoch estimate outlives a reset and the page.
    static MEASURED: Cell<Option<Measured>> = const { Cell::new(None) };
}

/// Start's refusal when the network breaks: the layer, the reason and its arithmetic.
pub fn start_refusal(lang: Lang, arch: &Architecture, f: &PlanFailure) -> String {
    let t = texts::texts(lang);
    let mut why = failure_reason(lang, f);
    if let Some(formula) = failure_formula(lang, arch, f) {
        why = format!("{why} ({formula})");
    }
    t.start_refused.replace("{l}", &t.layer(f.index + 1, f.kind)).replace("{why}", &why)
}

/// Puts every select of the editor on its `data-value`. A select reused for another layer
/// (after a move or an insertion) keeps the option the browser had selected whatever the
/// options' `selected` attributes now say: the value is what the network says.
fn sync_selects() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(list) = doc.query_selector_all("#arch-editor select[data-value]") else { return };
    for i in 0..list.length() {
        let Some(s) = list
            .item(i)
            .and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlSelectElement>(n).ok())
        else {
            continue;
        };
        if let Some(v) = s.get_attribute("data-value")
            && s.value() != v
        {
            s.set_value(&v);
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub lang: Lang,
}

#[component]
pub fn ArchEditor(p: &EditorProps) -> Html {
    let lang = p.lang;
    let t = texts::texts(lang);
    let tr = use_training();
    let v = tr.view.clone();
    let arch = v.draft.arch.clone();
    let plan = use_memo(arch.clone(), |a| a.plan());
    // Where the kinds menu is open: the position a new layer would take.
    let adding = use_state(|| None::<usize>);
    // The control to focus after the next render (a moved row's button, a new layer's
    // first setting): keyboard users stay where they were working.
    let focus = use_mut_ref(|| None::<String>);
    {
        let focus = focus.clone();
        use_effect(move || {
            sync_selects();
            if let Some(id) = focus.borrow_mut().take()
                && let Some(el) =
                    web_sys::window().and_then(|w| w.document()?.get_element_by_id(&id))
                && let Ok(el) = wasm_bindgen::JsCast::dyn_into::<HtmlElement>(el)
            {
                let _ = el.focus();
            }
        });
    }
    // This device's speed, from the run on screen (its network's multiply-adds).
    if v.source == Source::Run
        && v.phase.has_run()
        && let Some(rate) = v.wall_rate()
        && let Some(macs) = tr.model.borrow().as_ref().map(|m| m.forward_macs())
    {
        MEASURED.set(Some(Measured { rate, macs }));
    }
    let measured = MEASURED.get();
    let training = v.phase == Phase::Training;

    // Every edit: the new network to the session, what to focus next, the menu closed.
    let apply = {
        let (tr, focus, adding) = (tr.clone(), focus.clone(), adding.clone());
        Callback::from(move |(a, then): (Architecture, Option<String>)| {
            *focus.borrow_mut() = then;
            adding.set(None);
            tr.set_arch(a);
        })
    };
    let preset = arch.preset();
    let on_preset = {
        let apply = apply.clone();
        Callback::from(move |e: Event| {
            let id = e
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlSelectElement>(t).ok())
                .map(|s| s.value());
            if let Some(p) = id.as_deref().and_then(Preset::from_id) {
                apply.emit((p.architecture(), None));
            }
        })
    };
    let preset_desc = preset.map_or(t.custom_desc, |p| t.preset(p).1);

    let menu = |at: usize, who: &str| -> Html {
        if *adding != Some(at) {
            return html! {};
        }
        let close = {
            let (adding, focus) = (adding.clone(), focus.clone());
            let back =
                if at == 0 { "arch-input-add".to_string() } else { control_id(at - 1, "add") };
            Callback::from(move |_: ()| {
                *focus.borrow_mut() = Some(back.clone());
                adding.set(None);
            })
        };
        let onkeydown = {
            let close = close.clone();
            Callback::from(move |e: KeyboardEvent| {
                if e.key() == "Escape" {
                    e.prevent_default();
                    close.emit(());
                }
            })
        };
        let label = t.add_menu.replace("{l}", who);
        html! {
            <div class="arch-add-menu" role="group" aria-label={label.clone()} id={format!("arch-add-menu-{at}")} {onkeydown}>
                <span class="hint">{ label }</span>
                { for Kind::ALL.iter().zip(t.kinds).map(|(&k, desc)| {
                    let (apply, arch) = (apply.clone(), arch.clone());
                    let onclick = Callback::from(move |_: MouseEvent| {
                        if let Some(a) = model::insert(&arch, at, k) {
                            apply.emit((a, Some(first_control(at, k))));
                        }
                    });
                    html! {
                        <button type="button" class="btn small" id={format!("arch-add-{at}-{}", k.id())} {onclick}>
                            <strong>{ k.keras() }</strong>{ " " }<span class="arch-kind-desc">{ desc }</span>
                        </button>
                    }
                }) }
                <button type="button" class="btn small" onclick={close.reform(|_: MouseEvent| ())}>{ t.cancel }</button>
            </div>
        }
    };
    let toggle = |at: usize| {
        let (adding, focus) = (adding.clone(), focus.clone());
        move || {
            if *adding == Some(at) {
                adding.set(None);
            } else {
                *focus.borrow_mut() = Some(format!("arch-add-{at}-{}", Kind::Conv2D.id()));
                adding.set(Some(at));
            }
        }
    };

    let rows = arch.layers.iter().enumerate().map(|(i, layer)| {
        let who = t.layer(i + 1, layer.kind());
        let on_change = {
            let (apply, arch) = (apply.clone(), arch.clone());
            Callback::from(move |ch: Change| {
                if let Some(a) = model::change(&arch, i, ch) {
                    apply.emit((a, None));
                }
            })
        };
        let on_action = {
            let (apply, arch, toggle) = (apply.clone(), arch.clone(), toggle(i + 1));
            Callback::from(move |act: RowAction| match act {
                RowAction::Add => toggle(),
                RowAction::Up | RowAction::Down => {
                    let up = act == RowAction::Up;
                    if let Some((a, j)) = model::move_layer(&arch, i, up) {
                        // The same button on the moved row, or the other one at an end.
                        let same = if model::can_move(&a, j, up) { up } else { !up };
                        let id = control_id(j, if same { "up" } else { "down" });
                        apply.emit((a, Some(id)));
                    }
                }
                RowAction::Remove => {
                    if let Some(a) = model::remove(&arch, i) {
                        // The row that took its place, else the one above, else the input's "+".
                        let id = if model::can_remove(&a, i) {
                            control_id(i, "remove")
                        } else if i > 0 {
                            control_id(i - 1, "remove")
                        } else {
                            "arch-input-add".to_string()
                        };
                        apply.emit((a, Some(id)));
                    }
                }
            })
        };
        let broken = plan.failure.as_ref().filter(|f| f.index == i).map(|f| {
            (
                AttrValue::from(failure_reason(lang, f)),
                failure_formula(lang, &arch, f).map(AttrValue::from),
            )
        });
        html! {
            <LayerRow t={t} lang={lang} index={i} layer={layer.clone()}
                name={plan.rows.get(i).map(|r| AttrValue::from(r.name.clone()))}
                fixed={model::is_fixed(&arch, i)}
                can_up={model::can_move(&arch, i, true)} can_down={model::can_move(&arch, i, false)}
                can_remove={model::can_remove(&arch, i)} can_add={model::can_insert(&arch, i + 1)}
                adding={*adding == Some(i + 1)} broken={broken} {on_change} {on_action}>
                { menu(i + 1, &who) }
            </LayerRow>
        }
    });
    let on_input_add = {
        let toggle = toggle(0);
        Callback::from(move |_: MouseEvent| toggle())
    };
    let input_add = t.add.replace("{l}", t.the_input);
    html! {
        <section class="panel lenet-editor" id="arch-editor" aria-labelledby="arch-title">
            <h2 id="arch-title">{ t.title }</h2>
            <p class="hint">{ t.lead }</p>
            if training { <p class="msg notice" id="arch-locked">{ t.locked }</p> }
            <fieldset class="arch-body" disabled={training}>
                <div class="arch-editor-col">
                    <label class="arch-preset">{ t.preset }
                        <select id="arch-preset" onchange={on_preset} aria-describedby="arch-preset-desc"
                            data-value={preset.map_or("custom", Preset::id)}>
                            if preset.is_none() {
                                <option value="custom" selected=true disabled=true>{ t.custom }</option>
                            }
                            { for Preset::ALL.iter().map(|&q| html! {
                                <option value={q.id()} selected={preset == Some(q)}>{ t.preset(q).0 }</option>
                            }) }
                        </select>
                    </label>
                    <p class="hint" id="arch-preset-desc">{ preset_desc }</p>
                    <ol class="arch-layers" id="arch-layers" aria-label={t.layers_label}>
                        <li class="arch-row input">
                            <div class="arch-line">
                                <span class="arch-num" aria-hidden="true">{ "0" }</span>
                                <span class="arch-kind"><strong>{ t.input }</strong></span>
                                <span class="arch-settings"><span class="arch-desc">{ t.input_desc }</span></span>
                                <span class="arch-buttons">
                                    <button type="button" class="btn small" id="arch-input-add" onclick={on_input_add}
                                        disabled={!model::can_insert(&arch, 0)} aria-expanded={(*adding == Some(0)).to_string()}
                                        aria-label={input_add.clone()} title={input_add}>{ "+" }</button>
                                </span>
                            </div>
                            { menu(0, t.the_input) }
                        </li>
                        { for rows }
                    </ol>
                </div>
                <ArchSummary t={t} lang={lang} arch={arch.clone()} plan={plan.clone()} measured={measured} />
            </fieldset>
        </section>
    }
}
