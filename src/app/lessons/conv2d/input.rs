//! The lab's input picture: which input is chosen, the picture it gives, and the callbacks of
//! the input menu, the digits, the upload and the drawing pad.

use std::rc::Rc;

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::digits::{DigitState, fetch_digits};
use super::link::Link2;
use super::model::{
    InputKind, MAX_FILE, Picture, builtin, from_grey_bytes, from_mnist28, next_digit,
};
use super::texts::texts;
use super::upload::{UploadMsg, decode_upload, is_svg, reveal};
use crate::app::i18n::Lang;
use crate::app::widgets::drawpad::Ink;
use crate::data::{Mnist, preprocess_drawing};

/// The input's state and the callbacks that change it.
pub(super) struct Input {
    /// A link's own numbers (an exercise's picture), offered in the menu while on this page.
    pub grid: UseStateHandle<Option<Rc<Picture>>>,
    pub kind: UseStateHandle<InputKind>,
    /// The picture the maps show.
    pub pic: UseStateHandle<Rc<Picture>>,
    pub digits: UseStateHandle<DigitState>,
    /// The MNIST digit's index in the file.
    pub digit: UseStateHandle<usize>,
    /// What became of the last file chosen (refused, or shown).
    pub upload_msg: UseStateHandle<Option<UploadMsg>>,
    /// The pad starts blank each time "Draw a digit" is chosen: the maps keep the last picture.
    pub pad_empty: UseStateHandle<bool>,
    pub on_input: Callback<Event>,
    pub on_next_digit: Callback<MouseEvent>,
    pub on_file: Callback<Event>,
    pub on_ink: Callback<Ink>,
}

/// The input as the link `first` opens it; a new picture puts the step debugger (`index`)
/// back on the first window.
#[hook]
pub(super) fn use_input(first: &Link2, index: &UseStateHandle<usize>, lang: Lang) -> Input {
    let first_pic = match (&first.grid, first.input) {
        (Some(g), InputKind::Grid) => g.clone(),
        (_, kind) => builtin(kind).or_else(|| builtin(InputKind::Course)).expect("built-in"),
    };
    let grid = use_state(|| first.grid.clone().map(Rc::new));
    let kind = use_state(|| first.input);
    let pic = use_state(|| Rc::new(first_pic));
    let digits = use_state(|| DigitState::Idle);
    let digit = use_state(|| first.digit);
    let upload = use_state(|| None::<Rc<Picture>>);
    let upload_msg = use_state(|| None::<UploadMsg>);
    let pad_empty = use_state(|| true);

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
                set_pic(Rc::new(from_grey_bytes(r, c, px)));
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
        let (upload, upload_msg, set_pic) = (upload.clone(), upload_msg.clone(), set_pic.clone());
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else { return };
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            // A refused file leaves the picker empty (its name would say it was taken) and
            // its reason in view, next to the picker.
            let refuse = {
                let (upload_msg, input) = (upload_msg.clone(), input.clone());
                move |why: &'static str| {
                    upload_msg.set(Some(UploadMsg::Refused(why)));
                    input.set_value("");
                    reveal("conv2d-upload-error");
                }
            };
            if file.size() > MAX_FILE {
                refuse(texts(lang).too_big);
                return;
            }
            if is_svg(&file) {
                refuse(texts(lang).no_svg);
                return;
            }
            let (upload, upload_msg, set_pic) =
                (upload.clone(), upload_msg.clone(), set_pic.clone());
            spawn_local(async move {
                let name = file.name();
                match decode_upload(file).await {
                    Ok(p) => {
                        let p = Rc::new(p);
                        upload.set(Some(p.clone()));
                        upload_msg.set(Some(UploadMsg::Loaded {
                            name,
                            rows: p.rows,
                            cols: p.cols,
                        }));
                        set_pic(p);
                        // The maps show it: brought into view, as much as fits.
                        reveal("conv2d-stage");
                    }
                    Err(()) => refuse(texts(lang).not_an_image),
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
                    .and_then(|p| from_mnist28(&p.mnist28))
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
    Input {
        grid,
        kind,
        pic,
        digits,
        digit,
        upload_msg,
        pad_empty,
        on_input,
        on_next_digit,
        on_file,
        on_ink,
    }
}
