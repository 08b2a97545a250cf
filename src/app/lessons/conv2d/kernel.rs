//! The lab's kernel: a preset or the student's own, its size, the editor's labels, the
//! callbacks that change them, and the panel with the editor and the flip note.

use std::rc::Rc;

use yew::prelude::*;

use super::link::Link2;
use super::model::Kernel2;
use super::texts::Conv2dTexts;
use crate::app::i18n::Lang;
use crate::app::i18n::num::decimal;
use crate::app::widgets::arith::list_sep;
use crate::app::widgets::kernel_editor::KernelEditor;

/// The kernel menu's "custom" entry (the presets are indices).
pub(super) const CUSTOM: usize = usize::MAX;

pub(super) fn kname(k: &Kernel2, lang: Lang) -> &'static str {
    if lang == Lang::Fr { k.name_fr } else { k.name_en }
}

/// The kernel's state and the callbacks that change it.
pub(super) struct Kernel {
    /// The preset chosen, or [`CUSTOM`].
    pub choice: UseStateHandle<usize>,
    /// The kernel's shape (rows, columns).
    pub k: UseStateHandle<(usize, usize)>,
    /// The student's kernel, row-major, as typed (before any flip).
    pub kernel: UseStateHandle<Vec<f64>>,
    pub editor_labels: UseStateHandle<Vec<String>>,
    /// A new key rebuilds the editor with new labels.
    pub editor_key: UseStateHandle<u32>,
    pub on_kernel: Callback<Event>,
    pub on_rows: Callback<Event>,
    pub on_cols: Callback<Event>,
    pub on_weights: Callback<Vec<f64>>,
}

/// The kernel as the link `first` opens it; a new kernel puts the step debugger (`index`)
/// back on the first window.
#[hook]
pub(super) fn use_kernel(
    first: &Link2,
    presets: &Rc<Vec<Kernel2>>,
    index: &UseStateHandle<usize>,
    lang: Lang,
) -> Kernel {
    let choice = use_state(|| *first.kernel.as_ref().unwrap_or(&CUSTOM));
    let k = use_state(|| first.k(presets));
    let kernel = use_state(|| match &first.kernel {
        Ok(i) => presets[*i].weights.clone(),
        Err((w, _)) => w.clone(),
    });
    let editor_labels = use_state(|| match &first.kernel {
        Ok(i) => presets[*i].labels.clone(),
        Err((w, _)) => w.iter().map(|&v| decimal(lang, v, 3)).collect(),
    });
    let editor_key = use_state(|| 0u32);

    let load_kernel = {
        let (kernel, k, editor_labels, editor_key, index) =
            (kernel.clone(), k.clone(), editor_labels.clone(), editor_key.clone(), index.clone());
        move |w: Vec<f64>, size: (usize, usize), labels: Vec<String>| {
            kernel.set(w);
            k.set(size);
            editor_labels.set(labels);
            editor_key.set(*editor_key + 1);
            index.set(0);
        }
    };
    let on_kernel = {
        let (choice, presets, kernel, k, load_kernel) =
            (choice.clone(), presets.clone(), kernel.clone(), k.clone(), load_kernel.clone());
        Callback::from(move |e: Event| {
            let Some(sel) = e.target_dyn_into::<web_sys::HtmlSelectElement>() else { return };
            match sel.value().parse::<usize>().ok().and_then(|i| presets.get(i).map(|kn| (i, kn))) {
                Some((i, kn)) => {
                    choice.set(i);
                    load_kernel(kn.weights.clone(), (kn.rows, kn.cols), kn.labels.clone());
                }
                None => {
                    choice.set(CUSTOM);
                    load_kernel(
                        (*kernel).clone(),
                        *k,
                        kernel.iter().map(|&w| decimal(lang, w, 3)).collect(),
                    );
                }
            }
        })
    };
    let resize = |axis: usize| {
        let (choice, kernel, k, load_kernel) =
            (choice.clone(), kernel.clone(), k.clone(), load_kernel.clone());
        Callback::from(move |e: Event| {
            let Some(sel) = e.target_dyn_into::<web_sys::HtmlSelectElement>() else { return };
            let Ok(v) = sel.value().parse::<usize>() else { return };
            let v = v.clamp(1, 7);
            let (r, c) = *k;
            let (nr, nc) = if axis == 0 { (v, c) } else { (r, v) };
            // Keep the weights that still fit, zeros elsewhere.
            let w: Vec<f64> = (0..nr * nc)
                .map(|i| if i / nc < r && i % nc < c { kernel[(i / nc) * c + i % nc] } else { 0.0 })
                .collect();
            choice.set(CUSTOM);
            load_kernel(w.clone(), (nr, nc), w.iter().map(|&x| decimal(lang, x, 3)).collect());
        })
    };
    let (on_rows, on_cols) = (resize(0), resize(1));
    let on_weights = {
        let (kernel, choice, index) = (kernel.clone(), choice.clone(), index.clone());
        Callback::from(move |w: Vec<f64>| {
            kernel.set(w);
            choice.set(CUSTOM);
            index.set(0);
        })
    };
    Kernel { choice, k, kernel, editor_labels, editor_key, on_kernel, on_rows, on_cols, on_weights }
}

/// The kernel editor with the kernel's description, then the flip note: the kernel a true
/// convolution applies (`applied`, when `flip`) and why deep learning does not flip.
pub(super) fn kernel_panel(
    kn: &Kernel,
    presets: &[Kernel2],
    flip: bool,
    applied: &[f64],
    t: &Conv2dTexts,
    lang: Lang,
) -> Html {
    let description = match presets.get(*kn.choice) {
        Some(kn) => {
            if lang == Lang::Fr {
                kn.desc_fr
            } else {
                kn.desc_en
            }
        }
        None => t.custom_desc,
    };
    let k = *kn.k;
    html! {
        <>
            <div class="lab-kernel">
                <KernelEditor key={*kn.editor_key} id="conv2d-kernel-edit" rows={k.0} cols={k.1}
                    initial={(*kn.editor_labels).clone()} on_change={kn.on_weights.clone()} />
                <p class="kernel-desc" id="conv2d-kernel-desc">{ description }</p>
            </div>
            <p class="flip-note" id="conv2d-flip-note">
                if flip {
                    <strong id="conv2d-applied">{ t.applied.replace("{k}", &applied_rows(applied, k.1, lang)) }</strong>{ " " }
                }
                { t.why_no_flip }
            </p>
        </>
    }
}

/// A kernel written row by row: `[1, 0] [0, −1]`.
fn applied_rows(kernel: &[f64], cols: usize, lang: Lang) -> String {
    kernel
        .chunks(cols.max(1))
        .map(|r| {
            format!(
                "[{}]",
                r.iter().map(|&w| decimal(lang, w, 3)).collect::<Vec<_>>().join(list_sep(lang))
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}
