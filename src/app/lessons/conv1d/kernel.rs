//! The lab's kernel: one of the course's or the student's own, its length, the editor's
//! labels, the callbacks that change them, and the panel with the editor and the flip note.

use std::rc::Rc;

use yew::prelude::*;

use super::link::Link1;
use super::model::flipped;
use super::texts::Conv1dTexts;
use crate::app::i18n::Lang;
use crate::app::i18n::num::decimal;
use crate::app::widgets::arith::list_sep;
use crate::app::widgets::kernel_editor::KernelEditor;
use crate::nn::kernels::NamedKernel;

/// The kernel menu: the course's kernels, then "custom".
pub(super) const CUSTOM: usize = usize::MAX;

pub(super) fn kernel_name(k: &NamedKernel, lang: Lang) -> &'static str {
    if lang == Lang::Fr { k.name_fr } else { k.name_en }
}

/// The kernel's state and the callbacks that change it.
pub(super) struct Kernel {
    /// The preset chosen, or [`CUSTOM`].
    pub choice: UseStateHandle<usize>,
    /// The student's kernel, as typed (before any flip).
    pub kernel: UseStateHandle<Vec<f64>>,
    pub editor_labels: UseStateHandle<Vec<String>>,
    /// A new key rebuilds the editor with new labels.
    pub editor_key: UseStateHandle<u32>,
    pub on_kernel: Callback<Event>,
    pub on_length: Callback<Event>,
    pub on_weights: Callback<Vec<f64>>,
}

/// The kernel as the link `first` opens it; a new kernel puts the step debugger (`index`)
/// back on the first window.
#[hook]
pub(super) fn use_kernel(
    first: &Link1,
    presets: &Rc<Vec<NamedKernel>>,
    index: &UseStateHandle<usize>,
    lang: Lang,
) -> Kernel {
    let first_labels = match &first.kernel {
        Ok(i) => presets[*i].labels.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        Err(w) => w.iter().map(|&v| decimal(lang, v, 3)).collect(),
    };
    let choice = use_state(|| *first.kernel.as_ref().unwrap_or(&CUSTOM));
    let kernel = use_state(|| match &first.kernel {
        Ok(i) => presets[*i].weights.clone(),
        Err(w) => w.clone(),
    });
    let editor_labels = use_state(|| first_labels);
    let editor_key = use_state(|| 0u32);

    let load_kernel = {
        let (kernel, editor_labels, editor_key, index) =
            (kernel.clone(), editor_labels.clone(), editor_key.clone(), index.clone());
        move |weights: Vec<f64>, labels: Vec<String>| {
            kernel.set(weights);
            editor_labels.set(labels);
            editor_key.set(*editor_key + 1);
            index.set(0);
        }
    };
    let on_kernel = {
        let (choice, presets, kernel, load_kernel) =
            (choice.clone(), presets.clone(), kernel.clone(), load_kernel.clone());
        Callback::from(move |e: Event| {
            let Some(sel) = e.target_dyn_into::<web_sys::HtmlSelectElement>() else { return };
            match sel.value().parse::<usize>().ok().and_then(|i| presets.get(i).map(|k| (i, k))) {
                Some((i, k)) => {
                    choice.set(i);
                    load_kernel(
                        k.weights.clone(),
                        k.labels.iter().map(|s| s.to_string()).collect(),
                    );
                }
                None => {
                    choice.set(CUSTOM);
                    load_kernel(
                        (*kernel).clone(),
                        kernel.iter().map(|&w| decimal(lang, w, 3)).collect(),
                    );
                }
            }
        })
    };
    let on_length = {
        let (choice, kernel, load_kernel) = (choice.clone(), kernel.clone(), load_kernel.clone());
        Callback::from(move |e: Event| {
            let Some(sel) = e.target_dyn_into::<web_sys::HtmlSelectElement>() else { return };
            if let Ok(len) = sel.value().parse::<usize>() {
                let mut w = (*kernel).clone();
                w.resize(len.clamp(1, 9), 0.0);
                choice.set(CUSTOM);
                load_kernel(w.clone(), w.iter().map(|&v| decimal(lang, v, 3)).collect());
            }
        })
    };
    let on_weights = {
        let (kernel, choice, index) = (kernel.clone(), choice.clone(), index.clone());
        Callback::from(move |w: Vec<f64>| {
            kernel.set(w);
            // Once edited, it is the student's own kernel.
            choice.set(CUSTOM);
            index.set(0);
        })
    };
    Kernel { choice, kernel, editor_labels, editor_key, on_kernel, on_length, on_weights }
}

/// The kernel editor with the kernel's description, then the flip note: the kernel a true
/// convolution applies (when `flip`) and why deep learning does not flip.
pub(super) fn kernel_panel(
    kn: &Kernel,
    presets: &[NamedKernel],
    flip: bool,
    t: &Conv1dTexts,
    lang: Lang,
) -> Html {
    let description = match presets.get(*kn.choice) {
        Some(k) => {
            if lang == Lang::Fr {
                k.description_fr
            } else {
                k.description_en
            }
        }
        None => t.custom_desc,
    };
    let kernel = &kn.kernel;
    html! {
        <>
            <div class="lab-kernel">
                <KernelEditor key={*kn.editor_key} id="conv1d-kernel-edit" rows={1} cols={kernel.len()}
                    initial={(*kn.editor_labels).clone()} on_change={kn.on_weights.clone()} />
                <p class="kernel-desc" id="conv1d-kernel-desc">{ description }</p>
            </div>
            <p class="flip-note" id="conv1d-flip-note">
                if flip {
                    <strong id="conv1d-applied">{ t.applied.replace("{k}", &flipped(kernel, true).iter()
                        .map(|&w| decimal(lang, w, 3)).collect::<Vec<_>>().join(list_sep(lang))) }</strong>{ " " }
                }
                { t.why_no_flip }
            </p>
        </>
    }
}
