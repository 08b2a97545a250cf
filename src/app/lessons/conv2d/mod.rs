//! 2D convolution lab: a picture (course example, built-in, MNIST digit, drawing, upload), a
//! kernel, padding / stride / ReLU; the output map from the core's `Conv2D` layer, the
//! windows stepped through with `nn::window::conv2d_window`, and a bank of filters.

pub mod model;
pub mod texts;

use std::rc::Rc;

use ndarray::ArrayView2;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{JsFuture, spawn_local};
use yew::prelude::*;

use crate::app::i18n::Lang;
use crate::app::prefs::use_prefs;
use crate::app::widgets::form::{parse_padding, parse_stride, select_into};
use crate::app::widgets::drawpad::{DrawPad, Ink};
use crate::app::widgets::heatmap::{CellRect, ColourMap, Heatmap, fmt_value};
use crate::app::widgets::keras::KerasPanel;
use crate::app::widgets::kernel_editor::KernelEditor;
use crate::app::widgets::stepper::{Stepper, write_sum};
use crate::data::{Mnist, preprocess_drawing};
use crate::nn::window::{AxisGeometry, conv2d_window, geometry};
use crate::nn::{NnError, Padding};
use model::{InputKind, Kernel2, Picture, builtin, conv_output, keras_code, kernels};
use texts::Conv2dTexts;

const CUSTOM: usize = usize::MAX;

/// Everything drawn for one setting.
#[derive(Clone, PartialEq)]
pub struct Result2 {
    pic: Rc<Picture>,
    kernel: Vec<f64>,
    k: (usize, usize),
    gy: AxisGeometry,
    gx: AxisGeometry,
    out: Rc<Vec<f64>>,
}

fn compute(pic: &Rc<Picture>, kernel: &[f64], k: (usize, usize), stride: usize, padding: Padding, relu: bool) -> Result<Result2, NnError> {
    let gy = geometry(pic.rows, k.0, stride, padding)?;
    let gx = geometry(pic.cols, k.1, stride, padding)?;
    let (_, _, out) = conv_output(pic, kernel, k, stride, padding, relu)?;
    Ok(Result2 { pic: pic.clone(), kernel: kernel.to_vec(), k, gy, gx, out: Rc::new(out) })
}

#[derive(Clone)]
enum DigitState {
    Idle,
    Loading,
    Ready(Rc<Mnist>),
    Failed(String),
}


impl PartialEq for DigitState {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (DigitState::Ready(a), DigitState::Ready(b)) => Rc::ptr_eq(a, b),
            (DigitState::Failed(a), DigitState::Failed(b)) => a == b,
            (DigitState::Idle, DigitState::Idle) | (DigitState::Loading, DigitState::Loading) => true,
            _ => false,
        }
    }
}

pub async fn fetch_digits() -> Result<Mnist, String> {
    let w = web_sys::window().ok_or("no window")?;
    // Relative to the page: works at the site root and under any sub-path.
    let resp = JsFuture::from(w.fetch_with_str("static/data/mnist10k.bin")).await.map_err(|e| format!("{e:?}"))?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| "not a response")?;
    if !resp.ok() {
        return Err(format!("HTTP {}", resp.status()));
    }
    let buf = JsFuture::from(resp.array_buffer().map_err(|e| format!("{e:?}"))?).await.map_err(|e| format!("{e:?}"))?;
    let bytes = js_sys::Uint8Array::new(&buf).to_vec();
    Mnist::from_bytes(&bytes).map_err(|e| e.to_string())
}

/// Decodes an uploaded file with the browser, to grey, scaled down to 64×64 at most.
async fn decode_upload(file: web_sys::File) -> Result<Picture, ()> {
    let w = web_sys::window().ok_or(())?;
    let bitmap = JsFuture::from(w.create_image_bitmap_with_blob(&file).map_err(|_| ())?).await.map_err(|_| ())?;
    let bitmap: web_sys::ImageBitmap = bitmap.dyn_into().map_err(|_| ())?;
    let (sw, sh) = model::scaled_size(bitmap.width(), bitmap.height());
    let doc = w.document().ok_or(())?;
    let canvas: web_sys::HtmlCanvasElement = doc.create_element("canvas").map_err(|_| ())?.dyn_into().map_err(|_| ())?;
    canvas.set_width(sw);
    canvas.set_height(sh);
    let ctx: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").ok().flatten().ok_or(())?.dyn_into().map_err(|_| ())?;
    ctx.draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, sw as f64, sh as f64).map_err(|_| ())?;
    let data = ctx.get_image_data(0.0, 0.0, sw as f64, sh as f64).map_err(|_| ())?;
    model::rgba_to_grey(sh as usize, sw as usize, &data.data()).ok_or(())
}

fn kname(k: &Kernel2, lang: Lang) -> &'static str {
    if lang == Lang::Fr { k.name_fr } else { k.name_en }
}

#[component]
pub fn Conv2dLab() -> Html {
    let lang = use_prefs().lang;
    let t = texts::texts(lang);
    let presets = use_memo((), |_| kernels());

    let kind = use_state(|| InputKind::Course);
    let pic = use_state(|| Rc::new(builtin(InputKind::Course).expect("built-in")));
    let digits = use_state(|| DigitState::Idle);
    let digit = use_state(|| 0usize);
    let upload = use_state(|| None::<Rc<Picture>>);
    let upload_err = use_state(|| None::<&'static str>);
    // The pad starts blank each time "Draw a digit" is chosen: the maps keep the last picture.
    let pad_empty = use_state(|| true);
    let choice = use_state(|| 3usize); // the Laplacian: 3×3 on the 4×4 example gives the course's 2×2
    let k = use_state(|| (presets[3].rows, presets[3].cols));
    let kernel = use_state(|| presets[3].weights.clone());
    let editor_labels = use_state(|| presets[3].labels.clone());
    let editor_key = use_state(|| 0u32);
    let padding = use_state(|| Padding::Valid);
    let stride = use_state(|| 1usize);
    let relu = use_state(|| false);
    let index = use_state(|| 0usize);
    let last_good = use_mut_ref(|| None::<Result2>);

    // The map is recomputed only when an input of it changes (not at every step).
    let result = use_memo(
        ((*pic).clone(), (*kernel).clone(), *k, *stride, *padding, *relu),
        |(pic, kernel, k, stride, padding, relu)| compute(pic, kernel, *k, *stride, *padding, *relu),
    );
    let error = result.as_ref().as_ref().err().map(|e| e.to_string());
    let shown = match &*result {
        Ok(r) => {
            *last_good.borrow_mut() = Some(r.clone());
            Some(r.clone())
        }
        Err(_) => last_good.borrow().clone(),
    };
    let bank = use_memo(((*pic).clone(), *stride, *padding, *relu), {
        let presets = presets.clone();
        move |(pic, stride, padding, relu)| {
            presets
                .iter()
                .map(|kn| conv_output(pic, &kn.weights, (kn.rows, kn.cols), *stride, *padding, *relu).ok())
                .collect::<Vec<_>>()
        }
    });

    let set_pic = {
        let (pic, index) = (pic.clone(), index.clone());
        move |p: Rc<Picture>| {
            pic.set(p);
            index.set(0);
        }
    };
    // MNIST: fetched once, the first time it is chosen.
    let show_digit = {
        let set_pic = set_pic.clone();
        move |m: &Mnist, i: usize| {
            let (r, c) = m.image_shape();
            if let Some(px) = m.image(i % m.len().max(1)) {
                set_pic(Rc::new(model::from_grey_bytes(r, c, px)));
            }
        }
    };
    let on_input = {
        let (kind, digits, digit, upload, set_pic, show_digit, pad_empty) =
            (kind.clone(), digits.clone(), digit.clone(), upload.clone(), set_pic.clone(), show_digit.clone(), pad_empty.clone());
        Callback::from(move |e: Event| {
            let Some(sel) = e.target_dyn_into::<web_sys::HtmlSelectElement>() else { return };
            let Some(k) = InputKind::from_id(&sel.value()) else { return };
            kind.set(k);
            match k {
                InputKind::Mnist => match &*digits {
                    DigitState::Ready(m) => show_digit(m, *digit),
                    DigitState::Loading => {}
                    _ => {
                        digits.set(DigitState::Loading);
                        let (digits, show_digit, digit) = (digits.clone(), show_digit.clone(), *digit);
                        spawn_local(async move {
                            match fetch_digits().await {
                                Ok(m) => {
                                    show_digit(&m, digit);
                                    digits.set(DigitState::Ready(Rc::new(m)));
                                }
                                Err(e) => digits.set(DigitState::Failed(e)),
                            }
                        });
                    }
                },
                InputKind::Draw => pad_empty.set(true),
                InputKind::Upload => {
                    if let Some(p) = &*upload {
                        set_pic(p.clone());
                    }
                }
                other => {
                    if let Some(p) = builtin(other) {
                        set_pic(Rc::new(p));
                    }
                }
            }
        })
    };
    let on_next_digit = {
        let (digits, digit, show_digit) = (digits.clone(), digit.clone(), show_digit.clone());
        Callback::from(move |_: MouseEvent| {
            if let DigitState::Ready(m) = &*digits {
                // The file is sorted by class: a large prime stride visits varied digits.
                let next = (*digit + 797) % m.len().max(1);
                digit.set(next);
                show_digit(m, next);
            }
        })
    };
    let on_file = {
        let (upload, upload_err, set_pic) = (upload.clone(), upload_err.clone(), set_pic.clone());
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else { return };
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            if file.size() > model::MAX_FILE {
                upload_err.set(Some(texts::texts(lang).too_big));
                return;
            }
            let (upload, upload_err, set_pic) = (upload.clone(), upload_err.clone(), set_pic.clone());
            spawn_local(async move {
                match decode_upload(file).await {
                    Ok(p) => {
                        let p = Rc::new(p);
                        upload.set(Some(p.clone()));
                        upload_err.set(None);
                        set_pic(p);
                    }
                    Err(()) => upload_err.set(Some(texts::texts(lang).not_an_image)),
                }
            });
        })
    };
    // Each stroke: preprocessed by the core as MNIST's digits were, the 28×28 becomes the input.
    let on_ink = {
        let (pad_empty, set_pic) = (pad_empty.clone(), set_pic.clone());
        Callback::from(move |ink: Ink| {
            let pic = if ink.is_empty() {
                None
            } else {
                preprocess_drawing(&ink.pixels, ink.width, ink.height).ok().and_then(|p| model::from_mnist28(&p.mnist28))
            };
            match pic {
                Some(p) => {
                    pad_empty.set(false);
                    set_pic(Rc::new(p));
                }
                // Empty (or only faint dust): the previous output stays.
                None => pad_empty.set(true),
            }
        })
    };
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
                    load_kernel((*kernel).clone(), *k, kernel.iter().map(|&w| fmt_value(w)).collect());
                }
            }
        })
    };
    let resize = |axis: usize| {
        let (choice, kernel, k, load_kernel) = (choice.clone(), kernel.clone(), k.clone(), load_kernel.clone());
        Callback::from(move |e: Event| {
            let Some(sel) = e.target_dyn_into::<web_sys::HtmlSelectElement>() else { return };
            let Ok(v) = sel.value().parse::<usize>() else { return };
            let v = v.clamp(1, 7);
            let (r, c) = *k;
            let (nr, nc) = if axis == 0 { (v, c) } else { (r, v) };
            // Keep the weights that still fit, zeros elsewhere.
            let w: Vec<f64> =
                (0..nr * nc).map(|i| if i / nc < r && i % nc < c { kernel[(i / nc) * c + i % nc] } else { 0.0 }).collect();
            choice.set(CUSTOM);
            load_kernel(w.clone(), (nr, nc), w.iter().map(|&x| fmt_value(x)).collect());
        })
    };
    let on_weights = {
        let (kernel, choice, index) = (kernel.clone(), choice.clone(), index.clone());
        Callback::from(move |w: Vec<f64>| {
            kernel.set(w);
            choice.set(CUSTOM);
            index.set(0);
        })
    };
    let on_padding = select_into(&padding, &index, parse_padding);
    let on_stride = select_into(&stride, &index, parse_stride);
    let on_relu = {
        let relu = relu.clone();
        Callback::from(move |_: Event| relu.set(!*relu))
    };
    let on_step = {
        let index = index.clone();
        Callback::from(move |i: usize| index.set(i))
    };

    let description = match presets.get(*choice) {
        Some(kn) => if lang == Lang::Fr { kn.desc_fr } else { kn.desc_en },
        None => t.custom_desc,
    };

    let (maps, readout, live, n_windows, cur) = match &shown {
        Some(r) => view_result(r, *index, *stride, *padding, *relu, t),
        None => (html! {}, html! {}, String::new(), 0, 0),
    };
    let keras = shown.as_ref().map(|r| keras_code(*kind, &r.pic, &r.kernel, r.k, *stride, *padding, *relu)).unwrap_or_default();

    html! {
        <article class="page lab conv2d">
            <h1>{ t.title }</h1>
            <p class="lead">{ t.lead }</p>
            <div class="lab-controls">
                <label>{ t.input }
                    <select id="conv2d-input" onchange={on_input}>
                        { for InputKind::ALL.iter().enumerate().map(|(i, k)| html! {
                            <option value={k.id()} selected={*k == *kind}>{ t.input_names[i] }</option>
                        }) }
                    </select>
                </label>
                <label>{ t.kernel }
                    <select id="conv2d-kernel" onchange={on_kernel}>
                        { for presets.iter().enumerate().map(|(i, kn)| html! {
                            <option value={i.to_string()} selected={i == *choice}>
                                { format!("{} ({}×{})", kname(kn, lang), kn.rows, kn.cols) }
                            </option>
                        }) }
                        <option value="custom" selected={*choice == CUSTOM}>{ t.custom_kernel }</option>
                    </select>
                </label>
                <label>{ t.rows }
                    <select id="conv2d-rows" onchange={resize(0)}>
                        { for (1..=7usize).map(|v| html! { <option value={v.to_string()} selected={v == k.0}>{ v }</option> }) }
                    </select>
                </label>
                <label>{ t.cols }
                    <select id="conv2d-cols" onchange={resize(1)}>
                        { for (1..=7usize).map(|v| html! { <option value={v.to_string()} selected={v == k.1}>{ v }</option> }) }
                    </select>
                </label>
                <label>{ t.padding }
                    <select id="conv2d-padding" onchange={on_padding}>
                        <option value="valid" selected={*padding == Padding::Valid}>{ t.valid }</option>
                        <option value="same" selected={*padding == Padding::Same}>{ t.same }</option>
                    </select>
                </label>
                <label>{ t.stride }
                    <select id="conv2d-stride" onchange={on_stride}>
                        { for (1..=3usize).map(|s| html! { <option value={s.to_string()} selected={s == *stride}>{ s }</option> }) }
                    </select>
                </label>
                <label class="check">
                    <input type="checkbox" id="conv2d-relu" checked={*relu} onchange={on_relu} />{ t.relu }
                </label>
            </div>
            if *kind == InputKind::Mnist {
                <div class="lab-field" id="conv2d-digits">
                    { match &*digits {
                        DigitState::Ready(m) => html! {
                            <p>
                                <span id="conv2d-digit-label">{ t.digit_label.replace("{i}", &(*digit % m.len().max(1)).to_string())
                                    .replace("{l}", &m.label(*digit % m.len().max(1)).map(|l| l.to_string()).unwrap_or_default()) }</span>
                                { " " }
                                <button type="button" class="btn small" id="conv2d-next-digit" onclick={on_next_digit}>{ t.next_digit }</button>
                            </p>
                        },
                        DigitState::Failed(e) => html! { <p class="field-error" role="alert">{ t.digits_failed.replace("{e}", e) }</p> },
                        _ => html! { <p role="status">{ t.loading_digits }</p> },
                    } }
                </div>
            }
            if *kind == InputKind::Draw {
                <div class="lab-field conv2d-draw" id="conv2d-draw">
                    <DrawPad id="conv2d-pad" on_change={on_ink} label={t.pad_label} clear_label={t.pad_clear} />
                    <small>{ t.pad_hint }</small>
                    if *pad_empty {
                        <p id="conv2d-pad-empty" role="status">{ t.pad_empty }</p>
                    }
                </div>
            }
            if *kind == InputKind::Upload {
                <div class="lab-field">
                    <label for="conv2d-file">{ t.upload_label }</label>
                    <input type="file" id="conv2d-file" accept="image/*" onchange={on_file} />
                    <small>{ t.upload_hint }</small>
                    if let Some(e) = *upload_err {
                        <p class="field-error" id="conv2d-upload-error" role="alert">{ e }{ " " }{ t.upload_kept }</p>
                    }
                </div>
            }
            <div class="lab-kernel">
                <KernelEditor key={*editor_key} id="conv2d-kernel-edit" rows={k.0} cols={k.1}
                    initial={(*editor_labels).clone()} on_change={on_weights} />
                <p class="kernel-desc" id="conv2d-kernel-desc">{ description }</p>
            </div>
            if let Some(e) = &error {
                <p class="field-error" id="conv2d-error" role="alert">{ e }{ " " }{ t.kept_result }</p>
            }
            <Stepper id="conv2d" n={n_windows} index={cur} on_change={on_step} live={live}>
                { maps }
                { readout }
            </Stepper>
            <section class="filter-bank">
                <h2>{ t.bank_title }</h2>
                <p>{ t.bank_lead }</p>
                <div class="bank-grid">
                    { for presets.iter().zip(bank.iter()).enumerate().map(|(i, (kn, out))| match out {
                        Some((r, c, v)) => html! {
                            <div class="bank-item">
                                <h3>{ kname(kn, lang) }</h3>
                                <Heatmap id={format!("conv2d-bank-{i}")} rows={*r} cols={*c} values={Rc::new(v.clone())}
                                    width={150.0} label={kname(kn, lang)} />
                            </div>
                        },
                        None => html! {},
                    }) }
                </div>
            </section>
            <KerasPanel id="conv2d-keras" code={keras} />
            <aside class="callout try">
                <h2>{ t.try_title }</h2>
                <ul>{ for t.try_items.iter().map(|s| html! { <li>{ *s }</li> }) }</ul>
            </aside>
        </article>
    }
}

fn view_result(r: &Result2, index: usize, stride: usize, padding: Padding, relu: bool, t: &Conv2dTexts) -> (Html, Html, String, usize, usize) {
    let (oh, ow) = (r.gy.out, r.gx.out);
    let n = oh * ow;
    let cur = index.min(n.saturating_sub(1));
    let (oy, ox) = (cur / ow.max(1), cur % ow.max(1));
    let img = ArrayView2::from_shape((r.pic.rows, r.pic.cols), &r.pic.values[..]);
    let ker = ArrayView2::from_shape(r.k, &r.kernel[..]);
    let win = match (img, ker) {
        (Ok(img), Ok(ker)) => conv2d_window(img, ker, (stride, stride), padding, 0.0, (oy, ox)).ok(),
        _ => None,
    };
    let shown_value = r.out.get(cur).copied().unwrap_or(0.0);
    let arith = win
        .as_ref()
        .map(|w| {
            let s = write_sum(w.terms.iter().map(|t| (t.weight, t.input)), w.bias, w.output);
            if relu { format!("{s} → {} {}", t.relu_applied, fmt_value(shown_value)) } else { s }
        })
        .unwrap_or_default();
    let live = t
        .live
        .replace("{i}", &(cur + 1).to_string())
        .replace("{n}", &n.to_string())
        .replace("{r}", &(oy + 1).to_string())
        .replace("{c}", &(ox + 1).to_string())
        .replace("{v}", &fmt_value(shown_value));
    let pad = r.gy.pad_before.max(r.gy.pad_after).max(r.gx.pad_before).max(r.gx.pad_after);
    let window = CellRect {
        r0: (oy * stride) as isize - r.gy.pad_before as isize,
        c0: (ox * stride) as isize - r.gx.pad_before as isize,
        r1: (oy * stride + r.k.0) as isize - r.gy.pad_before as isize,
        c1: (ox * stride + r.k.1) as isize - r.gx.pad_before as isize,
    };
    let maps = html! {
        <div class="conv2d-maps">
            <div>
                <h3>{ format!("{} ({}×{})", t.input_map, r.pic.rows, r.pic.cols) }</h3>
                <Heatmap id="conv2d-input-map" rows={r.pic.rows} cols={r.pic.cols} values={Rc::new(r.pic.values.clone())}
                    map={ColourMap::Grey} pad={pad} window={Some(window)} width={340.0} label={t.input_map} />
            </div>
            <div>
                <h3>{ format!("{} ({}×{})", t.output_map, oh, ow) }</h3>
                <Heatmap id="conv2d-output" rows={oh} cols={ow} values={r.out.clone()} mark={Some((oy, ox))}
                    width={340.0} label={t.output_map} />
            </div>
        </div>
    };
    let axis = |g: &AxisGeometry| {
        let pads = if g.pad_before == g.pad_after { format!("2×{}", g.pad_before) } else { format!("{} + {}", g.pad_before, g.pad_after) };
        format!("⌊({} + {} − {}) / {}⌋ + 1 = {}", g.n, pads, g.k, g.stride, g.out)
    };
    let readout = html! {
        <div class="lab-readout">
            <p><strong>{ t.arithmetic }{ " " }</strong><code class="arith" id="conv2d-arith">{ arith }</code></p>
            <div id="conv2d-formula">
                <p><strong>{ t.size }{ " " }</strong><code>{ "⌊(n + 2p − k) / s⌋ + 1" }</code>
                    { format!(" = {} × {}", r.gy.out, r.gx.out) }</p>
                <ul class="size-lines">
                    <li id="conv2d-formula-rows">{ t.size_rows }{ " " }<code>{ axis(&r.gy) }</code></li>
                    <li id="conv2d-formula-cols">{ t.size_cols }{ " " }<code>{ axis(&r.gx) }</code></li>
                </ul>
            </div>
        </div>
    };
    (maps, readout, live, n, cur)
}
