//! 2D convolution lab: a picture (course example, built-in, MNIST digit, drawing, upload), a
//! kernel, padding / stride / ReLU; the output map from the core's window arithmetic, the
//! windows stepped through with `nn::window::conv2d_window`, and a bank of filters.

pub mod link;
pub mod model;
pub mod texts;

use std::rc::Rc;

use ndarray::ArrayView2;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{JsFuture, spawn_local};
use yew::prelude::*;

use crate::app::exercises::Lesson;
use crate::app::exercises::view::ExercisePanel;
use crate::app::i18n::Lang;
use crate::app::i18n::errors::nn_error;
use crate::app::i18n::num::{decimal, integer};
use crate::app::prefs::use_prefs;
use crate::app::share::{LinkNotices, ShareButton};
use crate::app::urlstate::{use_link, use_link_writer};
use crate::app::widgets::arith::{list_sep, relu_of, write_sum};
use crate::app::widgets::drawpad::{DrawPad, Ink};
use crate::app::widgets::form::{
    check_field, number_options, padding_options, padding_value, parse_padding, parse_stride,
    select_field, select_into, toggle_into,
};
use crate::app::widgets::heatmap::{CellRect, ColourMap, Heatmap};
use crate::app::widgets::keras::KerasPanel;
use crate::app::widgets::kernel_editor::KernelEditor;
use crate::app::widgets::stepper::Stepper;
use crate::data::{Mnist, preprocess_drawing};
use crate::nn::window::{AxisGeometry, conv2d_window, geometry};
use crate::nn::{NnError, Padding};
use link::{LINK_KEYS, Link2};
use model::{
    DigitsError, InputKind, Kernel2, Picture, builtin, conv_output, keras_code, kernels,
    next_digit, rotated,
};
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

fn compute(
    pic: &Rc<Picture>,
    kernel: &[f64],
    k: (usize, usize),
    stride: usize,
    padding: Padding,
    relu: bool,
) -> Result<Result2, NnError> {
    let gy = geometry(pic.rows, k.0, stride, padding)?;
    let gx = geometry(pic.cols, k.1, stride, padding)?;
    let (_, _, out) = conv_output(pic, kernel, k, stride, padding, relu)?;
    // `kernel` is the one applied (already flipped for a convolution).
    Ok(Result2 { pic: pic.clone(), kernel: kernel.to_vec(), k, gy, gx, out: Rc::new(out) })
}

#[derive(Clone)]
enum DigitState {
    Idle,
    Loading,
    Ready(Rc<Mnist>),
    Failed(DigitsError),
}

impl PartialEq for DigitState {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (DigitState::Ready(a), DigitState::Ready(b)) => Rc::ptr_eq(a, b),
            (DigitState::Failed(a), DigitState::Failed(b)) => a == b,
            (DigitState::Idle, DigitState::Idle) | (DigitState::Loading, DigitState::Loading) => {
                true
            }
            _ => false,
        }
    }
}

/// The digits file, fetched relative to the page (works at the site root and under any
/// sub-path). Failures are typed: the page says them in one sentence, never a `JsValue`.
pub async fn fetch_digits() -> Result<Mnist, DigitsError> {
    let w = web_sys::window().ok_or(DigitsError::Unreachable)?;
    let resp = JsFuture::from(w.fetch_with_str("static/data/mnist10k.bin"))
        .await
        .map_err(|_| DigitsError::Unreachable)?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| DigitsError::Unreachable)?;
    if !resp.ok() {
        return Err(DigitsError::Http(resp.status()));
    }
    let body = resp.array_buffer().map_err(|_| DigitsError::Unreachable)?;
    let buf = JsFuture::from(body).await.map_err(|_| DigitsError::Unreachable)?;
    let bytes = js_sys::Uint8Array::new(&buf).to_vec();
    // Inflated by the browser, as in the worker: `Mnist::from_bytes` would bring miniz_oxide
    // into the page's wasm.
    let header = Mnist::read_header(&bytes).map_err(|_| DigitsError::Damaged)?;
    let payload = crate::worker::inflate(header.compressed(&bytes)).await.map_err(|e| match e {
        crate::worker::Inflate::Unsupported => DigitsError::OldBrowser,
        crate::worker::Inflate::Corrupt(_) => DigitsError::Damaged,
    })?;
    Mnist::from_payload(&header, payload).map_err(|_| DigitsError::Damaged)
}

/// A failed digits file as one sentence, then what still works (shared with pooling).
pub fn digits_error_text(lang: Lang, e: &DigitsError) -> String {
    let t = texts::texts(lang);
    let why = match e {
        DigitsError::Unreachable => t.digits_unreachable.to_string(),
        DigitsError::Http(code) => t.digits_http.replace("{code}", &code.to_string()),
        DigitsError::Damaged => t.digits_damaged.to_string(),
        DigitsError::OldBrowser => t.digits_old_browser.to_string(),
    };
    format!("{why} {}", t.digits_others)
}

/// The picture formats the upload offers: the ones the browser decodes to pixels with
/// `createImageBitmap`. Not SVG: a drawing without pixels of its own (see `decode_upload`).
pub const UPLOAD_ACCEPT: &str = "image/png,image/jpeg,image/gif,image/webp,image/bmp,image/avif";

fn is_svg(file: &web_sys::File) -> bool {
    file.type_() == "image/svg+xml" || file.name().to_ascii_lowercase().ends_with(".svg")
}

/// Decodes an uploaded file with the browser, to grey, scaled down to 64×64 at most.
/// SVG is not offered (`UPLOAD_ACCEPT`): Chromium's `createImageBitmap` refuses SVG blobs,
/// and an SVG often has no size in pixels, so any grid we chose for it would be invented.
async fn decode_upload(file: web_sys::File) -> Result<Picture, ()> {
    let w = web_sys::window().ok_or(())?;
    let bitmap = JsFuture::from(w.create_image_bitmap_with_blob(&file).map_err(|_| ())?)
        .await
        .map_err(|_| ())?;
    let bitmap: web_sys::ImageBitmap = bitmap.dyn_into().map_err(|_| ())?;
    let (sw, sh) = model::scaled_size(bitmap.width(), bitmap.height());
    let doc = w.document().ok_or(())?;
    let canvas: web_sys::HtmlCanvasElement =
        doc.create_element("canvas").map_err(|_| ())?.dyn_into().map_err(|_| ())?;
    canvas.set_width(sw);
    canvas.set_height(sh);
    let ctx: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").ok().flatten().ok_or(())?.dyn_into().map_err(|_| ())?;
    ctx.draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, sw as f64, sh as f64)
        .map_err(|_| ())?;
    let data = ctx.get_image_data(0.0, 0.0, sw as f64, sh as f64).map_err(|_| ())?;
    model::rgba_to_grey(sh as usize, sw as usize, &data.data()).ok_or(())
}

fn kname(k: &Kernel2, lang: Lang) -> &'static str {
    if lang == Lang::Fr { k.name_fr } else { k.name_en }
}

/// "Send to the LeNet pad" (issue 9, point 13): the digit on screen (28×28 in 0–1,
/// row-major) goes to the app's training session, which opens LeNet live and predicts it.
fn send_to_lenet_slot(digit: &Picture, _label: Option<u8>) -> Html {
    html! { <SendToLenet digit={Rc::new(digit.clone())} /> }
}

#[derive(Properties, PartialEq)]
struct SendProps {
    digit: Rc<Picture>,
}

#[component]
fn SendToLenet(p: &SendProps) -> Html {
    let t = texts::texts(use_prefs().lang);
    let training = crate::app::training::use_training();
    let ok = p.digit.rows == 28 && p.digit.cols == 28;
    let onclick = {
        let digit = p.digit.clone();
        Callback::from(move |_: MouseEvent| {
            training.send_to_pad(digit.values.iter().map(|&v| v as f32).collect())
        })
    };
    html! {
        <button type="button" class="btn small" id="conv2d-send-to-lenet" disabled={!ok} {onclick}>{ t.send_to_lenet }</button>
    }
}

#[component]
pub fn Conv2dLab() -> Html {
    let lang = use_prefs().lang;
    let t = texts::texts(lang);
    let presets = use_memo((), |_| kernels());

    // The link gives the first state (a shared screen); the defaults fill the rest.
    let link = use_link(LINK_KEYS, {
        let presets = presets.clone();
        move |r| Link2::read(r, &presets)
    });
    let first = &link.state;
    let first_pic = match (&first.grid, first.input) {
        (Some(g), InputKind::Grid) => g.clone(),
        (_, kind) => builtin(kind).or_else(|| builtin(InputKind::Course)).expect("built-in"),
    };
    // A link's own numbers (an exercise's picture), offered in the menu while on this page.
    let grid = use_state(|| first.grid.clone().map(Rc::new));
    let kind = use_state(|| first.input);
    let pic = use_state(|| Rc::new(first_pic));
    let digits = use_state(|| DigitState::Idle);
    let digit = use_state(|| first.digit);
    let upload = use_state(|| None::<Rc<Picture>>);
    let upload_err = use_state(|| None::<&'static str>);
    // The pad starts blank each time "Draw a digit" is chosen: the maps keep the last picture.
    let pad_empty = use_state(|| true);
    let choice = use_state(|| *first.kernel.as_ref().unwrap_or(&CUSTOM));
    let k = use_state(|| first.k(&presets));
    let kernel = use_state(|| match &first.kernel {
        Ok(i) => presets[*i].weights.clone(),
        Err((w, _)) => w.clone(),
    });
    let editor_labels = use_state(|| match &first.kernel {
        Ok(i) => presets[*i].labels.clone(),
        Err((w, _)) => w.iter().map(|&v| decimal(lang, v, 3)).collect(),
    });
    let editor_key = use_state(|| 0u32);
    let padding = use_state(|| first.padding);
    let stride = use_state(|| first.stride);
    let relu = use_state(|| first.relu);
    let flip = use_state(|| first.flip);
    let index = use_state(|| first.step);
    let last_good = use_mut_ref(|| None::<Result2>);

    // The map is recomputed only when an input of it changes (not at every step). A true
    // convolution turns the kernel first; the core's layer then slides it as given.
    let applied = rotated(&kernel, *flip);
    let result = use_memo(
        ((*pic).clone(), applied.clone(), *k, *stride, *padding, *relu),
        |(pic, kernel, k, stride, padding, relu)| {
            compute(pic, kernel, *k, *stride, *padding, *relu)
        },
    );
    let error = result.as_ref().as_ref().err().map(|e| nn_error(lang, e));
    let shown = match &*result {
        Ok(r) => {
            *last_good.borrow_mut() = Some(r.clone());
            Some(r.clone())
        }
        Err(_) => last_good.borrow().clone(),
    };
    let bank = use_memo(((*pic).clone(), *stride, *padding, *relu, *flip), {
        let presets = presets.clone();
        move |(pic, stride, padding, relu, flip)| {
            presets
                .iter()
                .map(|kn| {
                    conv_output(
                        pic,
                        &rotated(&kn.weights, *flip),
                        (kn.rows, kn.cols),
                        *stride,
                        *padding,
                        *relu,
                    )
                    .ok()
                })
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
    // Fetches the digits file, shows the current digit, then (for a link) its window.
    let load_digits = {
        let (digits, show_digit, digit, index) =
            (digits.clone(), show_digit.clone(), digit.clone(), index.clone());
        move |step: Option<usize>| {
            digits.set(DigitState::Loading);
            let (digits, show_digit, digit, index) =
                (digits.clone(), show_digit.clone(), *digit, index.clone());
            spawn_local(async move {
                match fetch_digits().await {
                    Ok(m) => {
                        show_digit(&m, digit);
                        if let Some(s) = step {
                            index.set(s);
                        }
                        digits.set(DigitState::Ready(Rc::new(m)));
                    }
                    Err(e) => digits.set(DigitState::Failed(e)),
                }
            });
        }
    };
    // A link that opens on a digit fetches it at once.
    {
        let (load_digits, open_digit, step) =
            (load_digits.clone(), first.input == InputKind::Mnist, first.step);
        use_effect_with((), move |_| {
            if open_digit {
                load_digits(Some(step));
            }
        });
    }
    let on_input = {
        let (kind, digits, digit, upload, set_pic, show_digit, pad_empty, load_digits, grid) = (
            kind.clone(),
            digits.clone(),
            digit.clone(),
            upload.clone(),
            set_pic.clone(),
            show_digit.clone(),
            pad_empty.clone(),
            load_digits.clone(),
            grid.clone(),
        );
        Callback::from(move |e: Event| {
            let Some(sel) = e.target_dyn_into::<web_sys::HtmlSelectElement>() else { return };
            let Some(k) = InputKind::from_id(&sel.value()) else { return };
            kind.set(k);
            match k {
                InputKind::Mnist => match &*digits {
                    DigitState::Ready(m) => show_digit(m, *digit),
                    DigitState::Loading => {}
                    // Idle, or failed before: (try) again.
                    _ => load_digits(None),
                },
                InputKind::Draw => pad_empty.set(true),
                InputKind::Upload => {
                    if let Some(p) = &*upload {
                        set_pic(p.clone());
                    }
                }
                InputKind::Grid => {
                    if let Some(p) = &*grid {
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
                let next = next_digit(m.labels(), *digit);
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
            if is_svg(&file) {
                upload_err.set(Some(texts::texts(lang).no_svg));
                return;
            }
            let (upload, upload_err, set_pic) =
                (upload.clone(), upload_err.clone(), set_pic.clone());
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
                preprocess_drawing(&ink.pixels, ink.width, ink.height)
                    .ok()
                    .and_then(|p| model::from_mnist28(&p.mnist28))
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
    let on_relu = toggle_into(&relu);
    let on_flip = toggle_into(&flip);
    let on_step = {
        let index = index.clone();
        Callback::from(move |i: usize| index.set(i))
    };

    let description = match presets.get(*choice) {
        Some(kn) => {
            if lang == Lang::Fr {
                kn.desc_fr
            } else {
                kn.desc_en
            }
        }
        None => t.custom_desc,
    };

    let (maps, readout, live, n_windows, cur) = match &shown {
        Some(r) => view_result(r, *index, *stride, *padding, *relu, t, lang, on_step.clone()),
        None => (html! {}, html! {}, String::new(), 0, 0),
    };
    // An empty pad has no picture to write out: the maps keep the last one, the code does not
    // pretend it is the student's drawing.
    let keras = match &shown {
        _ if *kind == InputKind::Draw && *pad_empty => model::KERAS_DRAW_FIRST.to_string(),
        Some(r) => keras_code(*kind, &r.pic, &r.kernel, r.k, *stride, *padding, *relu, *flip),
        None => String::new(),
    };
    let draw = *kind == InputKind::Draw;
    // The address bar follows the screen (the window too), for Share and for a reload.
    let query = use_link_writer(
        "/conv2d",
        Link2 {
            input: *kind,
            grid: if *kind == InputKind::Grid {
                grid.as_ref().map(|g| (**g).clone())
            } else {
                None
            },
            digit: *digit,
            kernel: if *choice == CUSTOM { Err(((*kernel).clone(), *k)) } else { Ok(*choice) },
            padding: *padding,
            stride: *stride,
            relu: *relu,
            flip: *flip,
            step: cur,
        }
        .write(&presets),
    );

    html! {
        <article class="page lab conv2d">
            <h1>{ t.title }</h1>
            <LinkNotices notices={link.notices.clone()} />
            <p class="lead">{ t.lead }</p>
            <div class="lab-controls">
                <ShareButton route="/conv2d" query={query} />
                { select_field(t.input, "conv2d-input",
                    InputKind::ALL.iter().enumerate()
                        .filter(|(_, k)| **k != InputKind::Grid || grid.is_some())
                        .map(|(i, k)| (k.id().to_string(), t.input_names[i].to_string())).collect(),
                    kind.id(), on_input) }
                { select_field(t.kernel, "conv2d-kernel",
                    presets.iter().enumerate()
                        .map(|(i, kn)| (i.to_string(), format!("{} ({}×{})", kname(kn, lang), kn.rows, kn.cols)))
                        .chain([("custom".to_string(), t.custom_kernel.to_string())]).collect(),
                    &if *choice == CUSTOM { "custom".to_string() } else { choice.to_string() }, on_kernel) }
                { select_field(t.rows, "conv2d-rows", number_options(1..=7), &k.0.to_string(), resize(0)) }
                { select_field(t.cols, "conv2d-cols", number_options(1..=7), &k.1.to_string(), resize(1)) }
                { select_field(t.padding, "conv2d-padding", padding_options(t.valid, t.same), padding_value(*padding), on_padding) }
                { select_field(t.stride, "conv2d-stride", number_options(1..=3), &stride.to_string(), on_stride) }
                { check_field(t.relu, "conv2d-relu", *relu, on_relu) }
                { check_field(t.flip, "conv2d-flip", *flip, on_flip) }
            </div>
            if *kind == InputKind::Mnist {
                <div class="lab-field" id="conv2d-digits">
                    { match &*digits {
                        DigitState::Ready(m) => {
                            let i = *digit % m.len().max(1);
                            let label = m.label(i);
                            html! {
                                <p class="digit-row">
                                    <span id="conv2d-digit-label" data-label={label.map(|l| l.to_string()).unwrap_or_default()}>
                                        { t.digit_label.replace("{i}", &integer(lang, i as u64))
                                            .replace("{l}", &label.map(|l| l.to_string()).unwrap_or_default()) }
                                    </span>
                                    { " " }
                                    <button type="button" class="btn small" id="conv2d-next-digit" onclick={on_next_digit}>{ t.next_digit }</button>
                                    { send_to_lenet_slot(&pic, label) }
                                </p>
                            }
                        }
                        DigitState::Failed(e) => html! {
                            <p class="field-error" id="conv2d-digits-error" role="alert">{ digits_error_text(lang, e) }</p>
                        },
                        _ => html! { <p role="status">{ t.loading_digits }</p> },
                    } }
                </div>
            }
            if *kind == InputKind::Upload {
                <div class="lab-field">
                    <label for="conv2d-file">{ t.upload_label }</label>
                    <input type="file" id="conv2d-file" accept={UPLOAD_ACCEPT} onchange={on_file} />
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
            <p class="flip-note" id="conv2d-flip-note">
                if *flip {
                    <strong id="conv2d-applied">{ t.applied.replace("{k}", &applied_rows(&applied, k.1, lang)) }</strong>{ " " }
                }
                { t.why_no_flip }
            </p>
            if let Some(e) = &error {
                <p class="field-error" id="conv2d-error" role="alert">{ e.clone() }{ " " }{ t.kept_result }</p>
            }
            // The pad, the input with its window, the output and the arithmetic side by side.
            <div class={classes!("conv2d-stage", draw.then_some("with-pad"))} id="conv2d-stage">
                if draw {
                    <div class="lab-field conv2d-draw" id="conv2d-draw">
                        <DrawPad id="conv2d-pad" on_change={on_ink} label={t.pad_label} clear_label={t.pad_clear} />
                        <small>{ t.pad_hint }</small>
                        if *pad_empty {
                            <p id="conv2d-pad-empty" role="status">{ t.pad_empty }</p>
                        }
                    </div>
                }
                <Stepper id="conv2d" n={n_windows} index={cur} on_change={on_step} live={live}>
                    { maps }
                    { readout }
                </Stepper>
            </div>
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
            <ExercisePanel lesson={Lesson::Conv2d} />
        </article>
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

#[allow(clippy::too_many_arguments)]
fn view_result(
    r: &Result2,
    index: usize,
    stride: usize,
    padding: Padding,
    relu: bool,
    t: &Conv2dTexts,
    lang: Lang,
    on_step: Callback<usize>,
) -> (Html, Html, String, usize, usize) {
    let (oh, ow) = (r.gy.out, r.gx.out);
    let n = oh * ow;
    let cur = index.min(n.saturating_sub(1));
    let (oy, ox) = (cur / ow.max(1), cur % ow.max(1));
    let img = ArrayView2::from_shape((r.pic.rows, r.pic.cols), &r.pic.values[..]);
    let ker = ArrayView2::from_shape(r.k, &r.kernel[..]);
    let win = match (img, ker) {
        (Ok(img), Ok(ker)) => {
            conv2d_window(img, ker, (stride, stride), padding, 0.0, (oy, ox)).ok()
        }
        _ => None,
    };
    let shown_value = r.out.get(cur).copied().unwrap_or(0.0);
    let arith = win
        .as_ref()
        .map(|w| {
            let (sum, s) =
                write_sum(lang, w.terms.iter().map(|t| (t.weight, t.input)), w.bias, w.output);
            if relu { format!("{s} → {} {}", t.relu_applied, relu_of(lang, sum)) } else { s }
        })
        .unwrap_or_default();
    let live = t
        .live
        .replace("{i}", &(cur + 1).to_string())
        .replace("{n}", &n.to_string())
        .replace("{r}", &(oy + 1).to_string())
        .replace("{c}", &(ox + 1).to_string())
        .replace("{v}", &decimal(lang, shown_value, 3));
    let pad = r.gy.pad_before.max(r.gy.pad_after).max(r.gx.pad_before).max(r.gx.pad_after);
    let window = CellRect {
        r0: (oy * stride) as isize - r.gy.pad_before as isize,
        c0: (ox * stride) as isize - r.gx.pad_before as isize,
        r1: (oy * stride + r.k.0) as isize - r.gy.pad_before as isize,
        c1: (ox * stride + r.k.1) as isize - r.gx.pad_before as isize,
    };
    let pick = on_step.reform(move |(r, c): (usize, usize)| r * ow.max(1) + c);
    let maps = html! {
        <div class="conv2d-maps">
            <div>
                <h2 class="map-title">{ format!("{} ({}×{})", t.input_map, r.pic.rows, r.pic.cols) }</h2>
                <Heatmap id="conv2d-input-map" rows={r.pic.rows} cols={r.pic.cols} values={Rc::new(r.pic.values.clone())}
                    map={ColourMap::Grey} pad={pad} window={Some(window)} width={MAP_WIDTH} fill={true} label={t.input_map} />
            </div>
            <div>
                <h2 class="map-title">{ format!("{} ({}×{})", t.output_map, oh, ow) }</h2>
                <Heatmap id="conv2d-output" rows={oh} cols={ow} values={r.out.clone()} mark={Some((oy, ox))}
                    width={MAP_WIDTH} fill={true} label={t.output_map} on_pick={Some(pick)} />
            </div>
        </div>
    };
    let axis = |g: &AxisGeometry| {
        let pads = if g.pad_before == g.pad_after {
            format!("2×{}", g.pad_before)
        } else {
            format!("{} + {}", g.pad_before, g.pad_after)
        };
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

/// The widest a map is drawn (CSS pixels); narrower columns shrink it.
const MAP_WIDTH: f64 = 420.0;
