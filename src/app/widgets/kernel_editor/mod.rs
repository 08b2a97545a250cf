//! A kernel typed cell by cell: `0.25`, `-1`, `1/4`, `−0,5` are accepted; a cell that does
//! not read as a number is flagged where it was typed and the lab keeps the last good
//! kernel (the editor only reports a kernel whose every cell is valid).

pub mod weight;

use yew::prelude::*;

pub use self::weight::{MAX_WEIGHT, WeightError, parse_weight};
use crate::app::prefs::use_prefs;
use crate::app::widgets::texts::kernel_editor::{EditorTexts, texts};

impl WeightError {
    pub fn message(self, t: &EditorTexts) -> &'static str {
        match self {
            WeightError::Empty => t.empty,
            WeightError::NotANumber => t.not_a_number,
            WeightError::ZeroDenominator => t.zero_denominator,
            WeightError::TooLarge => t.too_large,
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct KernelEditorProps {
    pub rows: usize,
    pub cols: usize,
    /// Starting text of each cell, row-major (`rows × cols`). The parent remounts the
    /// editor (a new `key`) to load another kernel.
    pub initial: Vec<String>,
    /// Called with the weights, row-major, each time every cell is valid.
    pub on_change: Callback<Vec<f64>>,
    #[prop_or(AttrValue::Static("kernel"))]
    pub id: AttrValue,
}

#[component]
pub fn KernelEditor(props: &KernelEditorProps) -> Html {
    let t = texts(use_prefs().lang);
    let n = props.rows * props.cols;
    let cells = use_state(|| {
        let mut v = props.initial.clone();
        v.resize(n, "0".into());
        v
    });
    let parsed: Vec<Result<f64, WeightError>> = cells.iter().map(|s| parse_weight(s)).collect();
    let first_error = parsed.iter().enumerate().find_map(|(i, r)| r.err().map(|e| (i, e)));

    let oninput = |i: usize| {
        let cells = cells.clone();
        let cb = props.on_change.clone();
        Callback::from(move |e: InputEvent| {
            let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else { return };
            let mut next = (*cells).clone();
            if let Some(c) = next.get_mut(i) {
                *c = input.value();
            }
            let weights: Result<Vec<f64>, _> = next.iter().map(|s| parse_weight(s)).collect();
            if let Ok(w) = weights {
                cb.emit(w);
            }
            cells.set(next);
        })
    };
    let id = &props.id;
    html! {
        <div class="kernel-editor" id={id.to_string()}>
            <div class="kernel-grid" style={format!("grid-template-columns: repeat({}, minmax(3.2em, 4.5em));", props.cols)}>
                { for (0..n).map(|i| {
                    let (r, c) = (i / props.cols, i % props.cols);
                    let bad = parsed.get(i).is_some_and(|p| p.is_err());
                    let label = t.cell.replace("{r}", &(r + 1).to_string()).replace("{c}", &(c + 1).to_string());
                    html! {
                        <input type="text" inputmode="decimal" class={classes!("kernel-cell", bad.then_some("invalid"))}
                            id={format!("{id}-cell-{r}-{c}")} aria-label={label}
                            aria-invalid={bad.to_string()}
                            aria-describedby={bad.then(|| format!("{id}-error"))}
                            value={cells.get(i).cloned().unwrap_or_default()} oninput={oninput(i)} />
                    }
                }) }
            </div>
            if let Some((i, e)) = first_error {
                <p class="field-error" id={format!("{id}-error")} role="alert">
                    { format!("({}, {}) ", i / props.cols + 1, i % props.cols + 1) }{ e.message(t) }{ " " }{ t.kept }
                </p>
            }
        </div>
    }
}
