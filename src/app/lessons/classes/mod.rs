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
use crate::app::i18n::classes_errors::{
    data_set_error, import_error, storage_full, storage_unavailable, upload_refusal,
};
use crate::app::i18n::num::{decimal, integer, percent};
use crate::app::i18n::{Lang, Said};
use crate::app::lessons::conv2d::digits::{digits_reason, fetch_digits};
use crate::app::lessons::conv2d::model::DigitsError;
use crate::app::prefs::use_prefs;
use crate::app::widgets::drawpad::{DrawPad, Ink};
use crate::data::{DataError, Mnist};
use crate::nn::dataset::image::{
    Refusal, example_from_ink, example_from_rgba, fit_within, screen_file, screen_upload,
};
use crate::nn::dataset::{DataSet, MAX_PER_CLASS, MIN_PER_CLASS, PIXELS, RECOMMENDED_PER_CLASS};
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

/// Bytes in the unit that reads best: KB whole, MB and GB with one decimal.
fn bytes_text(lang: Lang, bytes: f64) -> String {
    const K: f64 = 1024.0;
    let (v, en, fr) = if bytes < K * K {
        return size_text(lang, bytes as usize);
    } else if bytes < K * K * K {
        (bytes / (K * K), "MB", "Mo")
    } else {
        (bytes / (K * K * K), "GB", "Go")
    };
    match lang {
        Lang::Fr => format!("{}\u{a0}{fr}", decimal(lang, v, 1)),
        Lang::En => format!("{} {en}", decimal(lang, v, 1)),
    }
}

/// The storage line: the site's use and the browser's allowance, or that it does not say.
fn quota_text(lang: Lang, q: Option<(f64, f64)>) -> String {
    let t = texts::texts(lang);
    match q {
        Some((used, quota)) if quota > 0.0 => {
            t.quota.replace("{u}", &bytes_text(lang, used)).replace("{q}", &bytes_text(lang, quota))
        }
        _ => t.quota_unknown.to_string(),
    }
}

/// The digits file failed: why, in the page's language, and that the set is kept.
fn digits_failure(lang: Lang, e: &DigitsError) -> String {
    format!("{} {}", digits_reason(lang, e), texts::texts(lang).kept)
}

/// A typed whole number, if it is one (`" 12 "` yes, `"12.5"`, `"abc"`, `""` no).
fn whole(s: &str) -> Option<u64> {
    s.trim().parse().ok()
}

/// A refused number field's value as a refusal quotes it: a number field gives "" for what
/// is not a number, shown as "…".
fn as_shown(typed: String) -> String {
    if typed.trim().is_empty() { "…".to_string() } else { typed }
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
    Info(Said),
    Error(Said),
}

fn info(f: impl Fn(Lang) -> String + 'static) -> Option<Notice> {
    Some(Notice::Info(Said::new(f)))
}

fn error(f: impl Fn(Lang) -> String + 'static) -> Option<Notice> {
    Some(Notice::Error(Said::new(f)))
}

#[component]
pub fn ClassesLab() -> Html {
    let lang = use_prefs().lang;
    let t = texts::texts(lang);
    let set = use_state(DataSet::default);
    // A first visit (nothing stored) shows the editor at once; otherwise "Loading…" until
    // the stored set is read, so that no empty set is ever shown or saved over it.
    let loaded = use_state(|| !store::maybe_stored());
    let selected = use_state(|| 0usize);
    let ink = use_mut_ref(|| None::<Ink>);
    let clear_rev = use_state(|| 0u32);
    let notice = use_state(|| None::<Notice>);
    let stored = use_state(|| None::<usize>);
    let quota = use_state(|| None::<Option<(f64, f64)>>);
    let digits = use_mut_ref(|| None::<Rc<Mnist>>);
    let fetching = use_state(|| false);

    let refresh_quota = {
        let quota = quota.clone();
        move || {
            let quota = quota.clone();
            wasm_bindgen_futures::spawn_local(
                async move { quota.set(Some(store::estimate().await)) },
            );
        }
    };
    // What the browser said about the last save: its size, or why it kept nothing (the set
    // stays on screen; the next save that works stores it).
    let saved = {
        let (notice, stored, refresh_quota) =
            (notice.clone(), stored.clone(), refresh_quota.clone());
        Callback::from(move |r: Result<usize, store::StoreError>| match r {
            Ok(n) => {
                stored.set(Some(n));
                refresh_quota();
            }
            Err(store::StoreError::Full) => notice.set(error(|l| storage_full(l).into())),
            Err(store::StoreError::Unavailable) => {
                notice.set(error(|l| storage_unavailable(l).into()))
            }
        })
    };
    // Every change goes through here: shown at once, then kept.
    let commit = {
        let (set, saved) = (set.clone(), saved.clone());
        Rc::new(move |next: DataSet| {
            store::save(&next, saved.clone());
            set.set(next);
        })
    };
    {
        let (set, loaded, notice, stored, selected) =
            (set.clone(), loaded.clone(), notice.clone(), stored.clone(), selected.clone());
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let found = store::load().await;
                if let Some(s) = found.set {
                    stored.set(Some(found.bytes));
                    selected.set(0);
                    set.set(s);
                }
                match found.error {
                    Some(store::StoreError::Full) => notice.set(error(|l| storage_full(l).into())),
                    Some(store::StoreError::Unavailable) => {
                        notice.set(error(|l| storage_unavailable(l).into()))
                    }
                    None => {}
                }
                loaded.set(true);
                refresh_quota();
            });
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
                notice.set(error(|l| texts::texts(l).draw_first.into()));
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
                Err(e) => {
                    let names = set.names();
                    notice.set(error(move |l| data_set_error(l, &e, &names)))
                }
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
                Err(e) => {
                    let names = set.names();
                    notice.set(error(move |l| data_set_error(l, &e, &names)))
                }
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
                notice.set(error(move |l| import_error(l, &e)));
                return;
            }
            let (notice, commit, selected) = (notice.clone(), commit.clone(), selected.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let Ok(buf) = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await
                else {
                    let e = crate::nn::dataset::file::ImportError::Npz(
                        crate::nn::npz::NpzError::Truncated,
                    );
                    notice.set(error(move |l| import_error(l, &e)));
                    return;
                };
                let bytes = js_sys::Uint8Array::new(&buf).to_vec();
                match DataSet::from_npz(&bytes) {
                    Ok(next) => {
                        let (n, k) = (next.len() as u64, next.classes.len());
                        notice.set(info(move |l| {
                            texts::texts(l)
                                .imported
                                .replace("{n}", &integer(l, n))
                                .replace("{k}", &k.to_string())
                        }));
                        selected.set(0);
                        commit(next);
                    }
                    Err(e) => notice.set(error(move |l| import_error(l, &e))),
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
                notice.set(error(move |l| upload_refusal(l, &r)));
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
                                let names = next.names();
                                said.push(Said::new(move |l| data_set_error(l, &e, &names)));
                                break;
                            }
                        },
                        Err(r) => said.push(Said::new(move |l| upload_refusal(l, &r))),
                    }
                }
                let name = next.classes.get(sel).map(|c| c.name.clone()).unwrap_or_default();
                let all_went = said.is_empty();
                let text = move |l: Lang| {
                    let done = texts::texts(l)
                        .uploaded
                        .replace("{n}", &added.to_string())
                        .replace("{c}", &name);
                    let rest = said.iter().map(|s| s.in_lang(l));
                    std::iter::once(done).chain(rest).collect::<Vec<_>>().join(" ")
                };
                notice.set(if all_went { info(text) } else { error(text) });
                if added > 0 {
                    commit(next);
                }
            });
        })
    };
    let on_held_out = {
        let (set, notice, commit) = (set.clone(), notice.clone(), commit.clone());
        Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else {
                return;
            };
            let typed = input.value();
            match whole(&typed).filter(|p| (5..=50).contains(p)) {
                Some(p) => {
                    let mut next = (*set).clone();
                    next.held_out = p as u8;
                    notice.set(None);
                    commit(next);
                }
                None => {
                    let shown = as_shown(typed);
                    let kept = set.held_out as f64 / 100.0;
                    notice.set(error(move |l| {
                        let p = percent(l, kept, 0);
                        texts::texts(l).held_out_bad.replace("{v}", &shown).replace("{p}", &p)
                    }));
                    input.set_value(&set.held_out.to_string());
                }
            }
        })
    };
    let mnist_digit = use_node_ref();
    let mnist_count = use_node_ref();
    // The count as typed: the field shows it again after each render.
    let count_text = use_state(|| "20".to_string());
    let on_count = {
        let count_text = count_text.clone();
        Callback::from(move |e: Event| {
            if let Some(i) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) {
                count_text.set(i.value());
            }
        })
    };
    let on_mnist = {
        let (set, notice, commit, selected, digits, fetching) = (
            set.clone(),
            notice.clone(),
            commit.clone(),
            selected.clone(),
            digits.clone(),
            fetching.clone(),
        );
        let (digit_ref, count_ref) = (mnist_digit.clone(), mnist_count.clone());
        Callback::from(move |_: MouseEvent| {
            if *fetching {
                return;
            }
            let digit = digit_ref
                .cast::<web_sys::HtmlSelectElement>()
                .and_then(|s| s.value().parse::<u8>().ok())
                .filter(|d| *d <= 9)
                .unwrap_or(0);
            let typed = count_ref.cast::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
            let Some(count) = whole(&typed).filter(|n| (1..=MAX_PER_CLASS as u64).contains(n))
            else {
                let shown = as_shown(typed);
                notice.set(error(move |l| {
                    texts::texts(l)
                        .mnist_count_bad
                        .replace("{v}", &shown)
                        .replace("{m}", &integer(l, MAX_PER_CLASS as u64))
                }));
                return;
            };
            let (set, notice, commit, selected, digits, fetching) = (
                set.clone(),
                notice.clone(),
                commit.clone(),
                selected.clone(),
                digits.clone(),
                fetching.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let cached = digits.borrow().clone();
                let file = match cached {
                    Some(m) => m,
                    None => {
                        fetching.set(true);
                        notice.set(info(|l| texts::texts(l).mnist_loading.into()));
                        let got = fetch_digits().await;
                        fetching.set(false);
                        match got {
                            Ok(m) => {
                                let m = Rc::new(m);
                                *digits.borrow_mut() = Some(m.clone());
                                m
                            }
                            Err(e) => {
                                notice.set(error(move |l| digits_failure(l, &e)));
                                return;
                            }
                        }
                    }
                };
                let mut next = (*set).clone();
                match next.add_digits(&file, digit, count as usize) {
                    Ok((k, n)) => {
                        let name = next.classes[k].name.clone();
                        notice.set(info(move |l| {
                            let t = texts::texts(l);
                            if n == 0 {
                                t.mnist_none
                                    .replace("{d}", &digit.to_string())
                                    .replace("{c}", &name)
                            } else {
                                t.mnist_added
                                    .replace("{n}", &integer(l, n as u64))
                                    .replace("{c}", &name)
                            }
                        }));
                        selected.set(k);
                        if n > 0 {
                            commit(next);
                        }
                    }
                    Err(e) => {
                        let mut names = next.names();
                        names.push(digit.to_string());
                        notice.set(error(move |l| data_set_error(l, &e, &names)))
                    }
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

    // After every hook: while the stored set is read, nothing to edit (and nothing saved).
    if !*loaded {
        return html! {
            <section class="lesson classes-lab">
                <h1>{ t.title }</h1>
                <p class="lead">{ t.lead }</p>
                <p class="cl-loading" id="cl-loading" role="status">{ t.loading }</p>
            </section>
        };
    }
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
                        notice.set(error(move |l| data_set_error(l, &e, &names)));
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
                        let names = set.names();
                        notice.set(error(move |l| data_set_error(l, &e, &names)))
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
        let split = (c.examples.len() >= MIN_PER_CLASS).then(|| {
            let n = c.examples.len();
            let held = DataSet::held_out_mask(n, set.held_out).into_iter().filter(|&h| h).count();
            t.split
                .replace("{l}", &integer(lang, (n - held) as u64))
                .replace("{h}", &integer(lang, held as u64))
        });
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
                    if let Some(split) = split {
                        <span class="cl-split">{ split }</span>
                    }
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
                    Notice::Info(s) => html! { <p class="cl-notice" id="cl-notice" role="status">{ s.in_lang(lang) }</p> },
                    Notice::Error(s) => html! { <p class="cl-notice error" id="cl-notice" role="alert">{ s.in_lang(lang) }</p> },
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
                    <div class="cl-held-out">
                        <label for="cl-held-out">{ t.held_out_label }</label>
                        <input type="number" id="cl-held-out" min="5" max="50" step="1" inputmode="numeric"
                            value={set.held_out.to_string()} onchange={on_held_out} />
                    </div>
                    <p class="note">{ t.held_out.replace("{p}", &percent(lang, set.held_out as f64 / 100.0, 0)) }</p>
                    <div class="cl-mnist">
                        <h3>{ t.mnist_title }</h3>
                        <div class="cl-mnist-row">
                            // Each label with its field, so that a narrow column wraps pairs.
                            <span class="cl-pair">
                                <label for="cl-mnist-digit">{ t.mnist_digit }</label>
                                <select id="cl-mnist-digit" ref={mnist_digit}>
                                    { for (0..10).map(|d| html! { <option value={d.to_string()}>{ d }</option> }) }
                                </select>
                            </span>
                            <span class="cl-pair">
                                <label for="cl-mnist-count">{ t.mnist_count }</label>
                                <input type="number" id="cl-mnist-count" ref={mnist_count} min="1"
                                    max={MAX_PER_CLASS.to_string()} step="1" value={(*count_text).clone()}
                                    inputmode="numeric" onchange={on_count} />
                            </span>
                            <button type="button" class="btn" id="cl-mnist-add" onclick={on_mnist}
                                disabled={*fetching}>{ t.mnist_add }</button>
                        </div>
                        <p class="note">{ t.mnist_note }</p>
                    </div>
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
                if let Some(q) = *quota {
                    <p class="note" id="cl-quota">{ quota_text(lang, q) }</p>
                }
            </div>
            <train::ClassTraining set={set.clone()} lang={lang} />
        </section>
    }
}
