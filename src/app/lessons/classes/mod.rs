//! "Your classes" (issue 25): the student's own data set, after LeNet. A step of its own
//! rather than a tab of LeNet live: LeNet's page keeps its long-task budget and its run
//! untouched, and this page has its own state (the set, kept in the browser).
//!
//! The editor (here): classes named in any script, examples drawn on the pad (one click
//! each, the pad clears) or uploaded, a gallery of the 28×28 the network reads, export and
//! import of one `.npz`, the set kept across reloads. Training on it (`train`, with its
//! state in `run`, the test pad in `test_pad`, the evaluation in `class_eval`) goes through
//! the worker's `Command::UseData`.

mod class_eval;
mod run;
mod store;
mod test_pad;
pub mod texts;
mod thumb;
mod train;
pub mod train_texts;

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::app::dom::download;
use crate::app::i18n::Lang;
use crate::app::i18n::classes_errors::{
    data_set_error, import_error, storage_full, upload_refusal,
};
use crate::app::i18n::num::{integer, percent};
use crate::app::prefs::use_prefs;
use crate::app::widgets::drawpad::{DrawPad, Ink};
use crate::data::DataError;
use crate::nn::dataset::image::{
    Refusal, example_from_ink, example_from_rgba, fit_within, screen_file, screen_upload,
};
use crate::nn::dataset::{DataSet, PIXELS, RECOMMENDED_PER_CLASS};
use crate::nn::npz::MAX_BYTES;
use thumb::Thumb;

/// A free name for a new class: "Class 3", or the next number not taken.
fn free_name(set: &DataSet, template: &str) -> String {
    (set.classes.len() + 1..)
        .map(|n| template.replace("{n}", &n.to_string()))
        .find(|name| set.check_name(set.classes.len(), name).is_ok())
        .unwrap_or_default()
}

fn size_text(lang: Lang, chars: usize) -> String {
    let kb = (chars as u64).div_ceil(1024);
    match lang {
        Lang::Fr => format!("{}\u{a0}Ko", integer(lang, kb)),
        Lang::En => format!("{} KB", integer(lang, kb)),
    }
}

/// An uploaded picture as an example: decoded by the browser, drawn at most 280 px on its
/// longest side (the preprocessing fits 20×20 anyway), read back and preprocessed as the
/// pad's drawings.
async fn picture_example(file: &web_sys::File) -> Result<Vec<u8>, Refusal> {
    let name = file.name();
    let undecodable = || Refusal::Undecodable(name.clone());
    let window = web_sys::window().ok_or_else(undecodable)?;
    let promise = window.create_image_bitmap_with_blob(file).map_err(|_| undecodable())?;
    let bitmap: web_sys::ImageBitmap = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .ok()
        .and_then(|b| b.dyn_into().ok())
        .ok_or_else(undecodable)?;
    let (w, h) = fit_within(bitmap.width(), bitmap.height(), 280);
    let canvas = window
        .document()
        .and_then(|d| d.create_element("canvas").ok())
        .and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok())
        .ok_or_else(undecodable)?;
    canvas.set_width(w);
    canvas.set_height(h);
    let ctx = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
        .ok_or_else(undecodable)?;
    ctx.draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, w as f64, h as f64)
        .map_err(|_| undecodable())?;
    bitmap.close();
    let data = ctx.get_image_data(0.0, 0.0, w as f64, h as f64).map_err(|_| undecodable())?;
    example_from_rgba(&data.data(), w as usize, h as usize).map_err(|e| match e {
        DataError::EmptyDrawing => Refusal::Blank(name.clone()),
        _ => undecodable(),
    })
}

fn confirm(text: &str) -> bool {
    web_sys::window().and_then(|w| w.confirm_with_message(text).ok()).unwrap_or(false)
}

/// The page's notice under the editor: information or a refusal.
#[derive(Clone, PartialEq)]
enum Notice {
    Info(String),
    Error(String),
}

#[component]
pub fn ClassesLab() -> Html {
    let lang = use_prefs().lang;
    let t = texts::texts(lang);
    let set = use_state(|| store::load().unwrap_or_default());
    let selected = use_state(|| 0usize);
    let ink = use_mut_ref(|| None::<Ink>);
    let clear_rev = use_state(|| 0u32);
    let notice = use_state(|| None::<Notice>);
    let stored = use_state(|| None::<usize>);

    // Every change goes through here: shown at once, then kept (a refusal of the browser
    // leaves it on screen and says so).
    let commit = {
        let (set, notice, stored) = (set.clone(), notice.clone(), stored.clone());
        Rc::new(move |next: DataSet| {
            match store::save(&next) {
                Ok(n) => stored.set(Some(n)),
                Err(()) => notice.set(Some(Notice::Error(storage_full(lang).into()))),
            }
            set.set(next);
        })
    };
    {
        let stored = stored.clone();
        let set = set.clone();
        use_effect_with((), move |_| {
            if let Ok(n) = store::save(&set) {
                stored.set(Some(n));
            }
        });
    }
    let sel = (*selected).min(set.classes.len().saturating_sub(1));

    let on_ink = {
        let ink = ink.clone();
        Callback::from(move |i: Ink| *ink.borrow_mut() = Some(i))
    };
    let on_add = {
        let (set, ink, notice, clear_rev, commit) =
            (set.clone(), ink.clone(), notice.clone(), clear_rev.clone(), commit.clone());
        Callback::from(move |_: MouseEvent| {
            let example = ink
                .borrow()
                .as_ref()
                .filter(|i| !i.is_empty())
                .and_then(|i| example_from_ink(&i.pixels, i.width, i.height).ok());
            let Some(example) = example else {
                notice.set(Some(Notice::Error(t.draw_first.into())));
                return;
            };
            let mut next = (*set).clone();
            match next.add_example(sel, example) {
                Ok(()) => {
                    notice.set(None);
                    commit(next);
                    *ink.borrow_mut() = None;
                    clear_rev.set(*clear_rev + 1);
                }
                Err(e) => notice.set(Some(Notice::Error(data_set_error(lang, &e, &set.names())))),
            }
        })
    };
    let on_add_class = {
        let (set, notice, selected, commit) =
            (set.clone(), notice.clone(), selected.clone(), commit.clone());
        Callback::from(move |_: MouseEvent| {
            let mut next = (*set).clone();
            match next.add_class(&free_name(&next, t.new_class)) {
                Ok(k) => {
                    notice.set(None);
                    selected.set(k);
                    commit(next);
                }
                Err(e) => notice.set(Some(Notice::Error(data_set_error(lang, &e, &set.names())))),
            }
        })
    };
    let on_export = {
        let set = set.clone();
        Callback::from(move |_: MouseEvent| {
            let _ = download(&set.to_npz(), "classes.npz", "application/octet-stream");
        })
    };
    let on_import = {
        let (notice, commit, selected) = (notice.clone(), commit.clone(), selected.clone());
        Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else {
                return;
            };
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            if file.size() > MAX_BYTES as f64 {
                let e =
                    crate::nn::dataset::file::ImportError::Npz(crate::nn::npz::NpzError::TooLarge);
                notice.set(Some(Notice::Error(import_error(lang, &e))));
                return;
            }
            let (notice, commit, selected) = (notice.clone(), commit.clone(), selected.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let Ok(buf) = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await
                else {
                    let e = crate::nn::dataset::file::ImportError::Npz(
                        crate::nn::npz::NpzError::Truncated,
                    );
                    notice.set(Some(Notice::Error(import_error(lang, &e))));
                    return;
                };
                let bytes = js_sys::Uint8Array::new(&buf).to_vec();
                match DataSet::from_npz(&bytes) {
                    Ok(next) => {
                        let msg = t
                            .imported
                            .replace("{n}", &integer(lang, next.len() as u64))
                            .replace("{k}", &next.classes.len().to_string());
                        notice.set(Some(Notice::Info(msg)));
                        selected.set(0);
                        commit(next);
                    }
                    Err(e) => notice.set(Some(Notice::Error(import_error(lang, &e)))),
                }
            });
        })
    };
    let on_upload = {
        let (set, notice, commit) = (set.clone(), notice.clone(), commit.clone());
        Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else {
                return;
            };
            let Some(list) = input.files() else { return };
            // Refused as a whole before anything is read: nothing added, nothing lost.
            if let Err(r) = screen_upload(list.length() as usize) {
                notice.set(Some(Notice::Error(upload_refusal(lang, &r))));
                input.set_value("");
                return;
            }
            let files: Vec<web_sys::File> =
                (0..list.length()).filter_map(|i| list.get(i)).collect();
            // After taking the files: the list empties with the field.
            input.set_value("");
            let (set, notice, commit) = (set.clone(), notice.clone(), commit.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let mut next = (*set).clone();
                let mut said = Vec::new();
                let mut added = 0usize;
                for f in &files {
                    let picked = match screen_file(&f.name(), &f.type_(), f.size() as u64) {
                        Ok(()) => picture_example(f).await,
                        Err(r) => Err(r),
                    };
                    match picked {
                        Ok(example) => match next.add_example(sel, example) {
                            Ok(()) => added += 1,
                            Err(e) => {
                                said.push(data_set_error(lang, &e, &next.names()));
                                break;
                            }
                        },
                        Err(r) => said.push(upload_refusal(lang, &r)),
                    }
                }
                let name = next.classes.get(sel).map(|c| c.name.clone()).unwrap_or_default();
                let done = t.uploaded.replace("{n}", &added.to_string()).replace("{c}", &name);
                let text = std::iter::once(done).chain(said.iter().cloned()).collect::<Vec<_>>();
                notice.set(Some(if said.is_empty() {
                    Notice::Info(text.join(" "))
                } else {
                    Notice::Error(text.join(" "))
                }));
                if added > 0 {
                    commit(next);
                }
            });
        })
    };
    let on_start_again = {
        let (notice, commit, selected) = (notice.clone(), commit.clone(), selected.clone());
        Callback::from(move |_: MouseEvent| {
            if confirm(t.confirm_start_again) {
                notice.set(None);
                selected.set(0);
                commit(DataSet::default());
            }
        })
    };

    let rows = set.classes.iter().enumerate().map(|(k, c)| {
        let n = k + 1;
        let count = if c.examples.len() == 1 {
            t.count_one.to_string()
        } else {
            t.count.replace("{n}", &integer(lang, c.examples.len() as u64))
        };
        let on_rename = {
            let (set, notice, commit) = (set.clone(), notice.clone(), commit.clone());
            Callback::from(move |e: Event| {
                let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
                else {
                    return;
                };
                let mut next = (*set).clone();
                match next.rename(k, &input.value()) {
                    Ok(()) => {
                        notice.set(None);
                        commit(next);
                    }
                    Err(e) => {
                        let mut names = set.names();
                        // The refused name, so that the sentence quotes what was typed.
                        if let Some(slot) = names.get_mut(k) {
                            *slot = input.value();
                        }
                        notice.set(Some(Notice::Error(data_set_error(lang, &e, &names))));
                        // Nothing lost: the field shows the class's name again.
                        input.set_value(&set.classes[k].name);
                    }
                }
            })
        };
        let on_pick = {
            let selected = selected.clone();
            Callback::from(move |_: MouseEvent| selected.set(k))
        };
        let on_delete = {
            let (set, notice, commit, selected) =
                (set.clone(), notice.clone(), commit.clone(), selected.clone());
            Callback::from(move |_: MouseEvent| {
                if !set.classes[k].examples.is_empty() && !confirm(t.confirm_delete) {
                    return;
                }
                let mut next = (*set).clone();
                match next.remove_class(k) {
                    Ok(_) => {
                        notice.set(None);
                        selected.set(0);
                        commit(next);
                    }
                    Err(e) => {
                        notice.set(Some(Notice::Error(data_set_error(lang, &e, &set.names()))))
                    }
                }
            })
        };
        let thumbs = c.examples.iter().enumerate().map(|(j, e)| {
            let on_delete = {
                let (set, commit) = (set.clone(), commit.clone());
                Callback::from(move |()| {
                    let mut next = (*set).clone();
                    if next.remove_example(k, j).is_some() {
                        commit(next);
                    }
                })
            };
            html! { <Thumb key={j} pixels={Rc::new(e.clone())} label={t.delete_example} {on_delete} /> }
        });
        let short = c.examples.len() < RECOMMENDED_PER_CLASS;
        html! {
            <li class={classes!("cl-class", (k == sel).then_some("selected"))} data-class={k.to_string()}>
                <div class="cl-class-head">
                    // In a label: a finger's target on a tablet (the radio alone is 13 px).
                    <label class="cl-pick">
                        <input type="radio" name="cl-pick" checked={k == sel} onclick={on_pick}
                            aria-label={t.pick} />
                    </label>
                    <input type="text" class="cl-name" value={c.name.clone()} maxlength="60"
                        aria-label={t.name_label.replace("{n}", &n.to_string())} onchange={on_rename} />
                    <span class={classes!("cl-count", short.then_some("short"))}>{ count }</span>
                    <button type="button" class="btn small cl-delete" onclick={on_delete}
                        aria-label={t.delete_class} title={t.delete_class}>{ "×" }</button>
                </div>
                <div class="cl-gallery">
                    if c.examples.is_empty() {
                        <span class="cl-empty">{ t.empty_class }</span>
                    } else {
                        { for thumbs }
                    }
                </div>
            </li>
        }
    });
    let warnings = set.short_classes().into_iter().filter(|&k| !set.classes[k].examples.is_empty()).map(|k| {
        let c = &set.classes[k];
        html! { <li>{ t.too_few.replace("{c}", &c.name).replace("{n}", &c.examples.len().to_string()).replace("{r}", &RECOMMENDED_PER_CLASS.to_string()) }</li> }
    });
    let picture = Some((*clear_rev, Rc::new(vec![0.0f32; PIXELS])));
    let sel_name = set.classes.get(sel).map(|c| c.name.clone()).unwrap_or_default();
    html! {
        <section class="lesson classes-lab">
            <h1>{ t.title }</h1>
            <p class="lead">{ t.lead }</p>
            // Above the editor: seen whether the pad or a name was refused.
            if let Some(n) = &*notice {
                { match n {
                    Notice::Info(s) => html! { <p class="cl-notice" id="cl-notice" role="status">{ s.clone() }</p> },
                    Notice::Error(s) => html! { <p class="cl-notice error" id="cl-notice" role="alert">{ s.clone() }</p> },
                } }
            }
            <div class="cl-layout">
                <div class="cl-draw">
                    <DrawPad id="cl-pad" on_change={on_ink} label={t.pad} clear_label={t.clear} {picture} />
                    <button type="button" class="btn primary" id="cl-add" onclick={on_add}>
                        { t.add_to.replace("{c}", &sel_name) }
                    </button>
                    <label class="btn" for="cl-upload">{ t.upload }</label>
                    <input type="file" id="cl-upload" class="visually-hidden" multiple=true
                        accept="image/png,image/jpeg,image/webp,image/gif" onchange={on_upload} />
                    <p class="note">{ t.recommended.replace("{r}", &RECOMMENDED_PER_CLASS.to_string()) }</p>
                    <p class="note">{ t.held_out.replace("{p}", &percent(lang, set.held_out as f64 / 100.0, 0)) }</p>
                </div>
                <div class="cl-classes">
                    <h2>{ t.classes }</h2>
                    <ul class="cl-list">{ for rows }</ul>
                    <button type="button" class="btn" id="cl-add-class" onclick={on_add_class}>{ t.add_class }</button>
                    <ul class="cl-warnings">{ for warnings }</ul>
                </div>
            </div>
            <div class="cl-file">
                <h2>{ t.file }</h2>
                <button type="button" class="btn" id="cl-export" onclick={on_export}>{ t.export }</button>
                <label class="btn" for="cl-import">{ t.import }</label>
                <input type="file" id="cl-import" class="visually-hidden" accept=".npz" onchange={on_import} />
                <button type="button" class="btn" id="cl-start-again" onclick={on_start_again}>{ t.start_again }</button>
                if let Some(n) = *stored {
                    <p class="note" id="cl-stored">{ t.stored.replace("{s}", &size_text(lang, n)) }</p>
                }
            </div>
            <train::ClassTraining set={set.clone()} lang={lang} />
        </section>
    }
}
