//! The root component: preferences, router, header, footer.

use yew::prelude::*;
use yew_agent::reactor::ReactorProvider;

use super::i18n::Lang;
use super::lessons::{
    conv1d::Conv1dLab, conv2d::Conv2dLab, dropout::DropoutLab, history::History, home::Home,
    lenet::LenetLive, pooling::PoolingLab,
};
use super::prefs::{Prefs, PrefsAction, PrefsHandle, use_prefs};
use super::route::{HashRouter, LESSONS, Link, Route, use_route};
use super::training::state::WorkerUp;
use super::training::{RunIndicator, TrainingProvider, use_training};
use super::urlstate::address::lang_from_link;
use crate::worker::{TrainerReactor, WORKER_PATH};

#[component]
pub fn App() -> Html {
    let prefs = use_reducer(|| Prefs::load(lang_from_link()));
    html! {
        <ContextProvider<PrefsHandle> context={prefs}>
            // Lazy: the worker is spawned by the first bridge, which the training session
            // opens only when a page needs it (LeNet live).
            <ReactorProvider<TrainerReactor> path={WORKER_PATH}>
                <HashRouter>
                    // The training run belongs to the app: above the pages, it survives
                    // navigation.
                    <TrainingProvider>
                        <Shell tools={html! { <RunIndicator /> }} footer={html! { <TrainingFooter /> }}>
                            <AllPages />
                        </Shell>
                    </TrainingProvider>
                </HashRouter>
            </ReactorProvider<TrainerReactor>>
        </ContextProvider<PrefsHandle>>
    }
}

/// The light first bundle (`src/bin/app.rs`): the same shell, without the worker, the
/// training session or the lessons that need them, digits or images (about 170 KB gzip
/// less to download before the first page shows). Those pages load the whole app.
#[component]
pub fn LightApp() -> Html {
    let prefs = use_reducer(|| Prefs::load(lang_from_link()));
    html! {
        <ContextProvider<PrefsHandle> context={prefs}>
            <HashRouter>
                // No training exists before the whole app is loaded: nothing to show in the
                // header, and the worker is off.
                <Shell tools={Html::default()} footer={html! { <Footer worker={WorkerUp::Off} /> }}>
                    <LightPages />
                </Shell>
            </HashRouter>
        </ContextProvider<PrefsHandle>>
    }
}

#[derive(Properties, PartialEq)]
pub struct ShellProps {
    /// The header's extra tools (the run indicator of the whole app).
    pub tools: Html,
    pub footer: Html,
    /// The page of the current route.
    pub children: Html,
}

/// Header, page and footer; reacts to the route and the preferences.
#[component]
pub fn Shell(p: &ShellProps) -> Html {
    let prefs = use_prefs();
    let t = prefs.texts();
    let route = use_route().unwrap_or(Route::Home);
    // Counts the address bar's own navigations (`hashchange`: a pasted link, an exercise's
    // "open the lab" link). The app's replaceState fires none, and the router's pushState
    // neither: editing a lab, or a nav link, never bumps it.
    let query_key = {
        let count = use_mut_ref(|| 0u32);
        let update = use_force_update();
        {
            let count = count.clone();
            use_effect_with((), move |_| {
                let on_change = super::dom::WindowListener::new("hashchange", move || {
                    // A new screen starts at its top (its notice, its figures), as a page load would.
                    if let Some(w) = web_sys::window() {
                        w.scroll_to_with_x_and_y(0.0, 0.0);
                    }
                    *count.borrow_mut() += 1;
                    update.force_update();
                });
                move || drop(on_change)
            });
        }
        *count.borrow()
    };

    super::present::use_presentation_keys(prefs.clone(), route);

    // Keep <html lang>, the presentation class and the document title in step.
    {
        let lang = prefs.lang;
        let present = prefs.present;
        use_effect_with((lang, present, route), move |(lang, present, route)| {
            if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
                if let Some(root) = doc.document_element() {
                    let _ = root.set_attribute("lang", lang.code());
                    let _ = root.class_list().toggle_with_force("present", *present);
                }
                let t = lang.texts();
                let title = match route {
                    Route::Home => t.app_name.to_string(),
                    r => format!("{} · {}", r.nav_title(t), t.app_name),
                };
                doc.set_title(&title);
                if let Some(boot) = doc.get_element_by_id("boot") {
                    boot.remove();
                }
            }
        });
    }

    // After a route change (not on arrival), the focus goes to the new page's h1, so that a
    // keyboard or screen-reader user lands on what the link opened, not on the old link.
    {
        let first = use_mut_ref(|| true);
        use_effect_with(route, move |_| {
            // Taking over from the light bundle is the end of a link's navigation too.
            let took_over = TOOK_OVER.with(|t| t.replace(false));
            if !std::mem::replace(&mut *first.borrow_mut(), false) || took_over {
                focus_page_heading();
            }
        });
    }

    html! {
        <>
            <a class="skip-link" href="#main" onclick={skip_to_main()}>{ t.skip_to_content }</a>
            <header class="topbar">
                <Link to={Route::Home} classes="brand">
                    <img src="static/favicon.svg" alt="" width="28" height="28" />
                    <span>{ t.app_name }</span>
                </Link>
                <nav aria-label={t.nav_label} class="mainnav">
                    <ul>
                        { for LESSONS.iter().map(|r| {
                            let current = *r == route;
                            html! {
                                <li>
                                    <Link to={*r} classes={classes!(current.then_some("current"))}>
                                        { r.nav_title(t) }
                                    </Link>
                                </li>
                            }
                        }) }
                    </ul>
                </nav>
                <div class="tools">
                    { p.tools.clone() }
                    <LangSwitch />
                    <PresentToggle />
                </div>
            </header>
            <main id="main" tabindex="-1">
                // A link to the page already shown (pasted in the address bar) mounts it
                // afresh, so that it reads its new state.
                <PageKeyed key={query_key}>{ p.children.clone() }</PageKeyed>
            </main>
            { p.footer.clone() }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct KeyedProps {
    children: Html,
}

/// A plain wrapper, so that the page can carry a `key`.
#[component]
fn PageKeyed(p: &KeyedProps) -> Html {
    p.children.clone()
}

/// The skip link focuses <main> without touching the URL (the hash holds the route).
fn skip_to_main() -> Callback<MouseEvent> {
    Callback::from(|e: MouseEvent| {
        e.prevent_default();
        if let Some(main) =
            web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("main"))
        {
            use wasm_bindgen::JsCast;
            if let Ok(main) = main.dyn_into::<web_sys::HtmlElement>() {
                let _ = main.focus();
            }
        }
    })
}

/// Focuses the page's h1 (made focusable by script only: it is not a control).
fn focus_page_heading() {
    use wasm_bindgen::JsCast;
    let h1 = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("main h1").ok().flatten())
        .and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(h1) = h1 {
        let _ = h1.set_attribute("tabindex", "-1");
        let _ = h1.focus();
    }
}

/// Every page (the whole app).
#[component]
fn AllPages() -> Html {
    let route = use_route().unwrap_or(Route::Home);
    match route {
        Route::Home => html! { <Home /> },
        Route::History => html! { <History /> },
        Route::Conv1d => html! { <Conv1dLab /> },
        Route::Conv2d => html! { <Conv2dLab /> },
        Route::Pooling => html! { <PoolingLab /> },
        Route::Dropout => html! { <DropoutLab /> },
        Route::Lenet => html! { <LenetLive /> },
        Route::PanicSelfTest => html! { <PanicSelfTest /> },
        Route::NotFound => html! { <NotFound /> },
    }
}

/// The light bundle's pages; the others hand over to the whole app. Only the pages named
/// here are linked into the light bundle.
#[component]
fn LightPages() -> Html {
    let route = use_route().unwrap_or(Route::Home);
    match route {
        Route::Home => html! { <Home /> },
        Route::History => html! { <History /> },
        Route::Conv1d => html! { <Conv1dLab /> },
        Route::Dropout => html! { <DropoutLab /> },
        Route::PanicSelfTest => html! { <PanicSelfTest /> },
        Route::NotFound => html! { <NotFound /> },
        Route::Conv2d | Route::Pooling | Route::Lenet => html! { <LoadFull /> },
    }
}

/// The name of the function index.html's loader defines: it loads the whole app, which
/// then takes the page over from the light one (see `take_over`).
const LOAD_FULL: &str = "convolabLoadFull";
/// What the light app leaves on `window` to be unmounted by the whole one.
const UNMOUNT_LIGHT: &str = "convolabUnmountLight";

/// Shown by the light bundle on a page only the whole app has: loads it (the service worker
/// has it after the first visit), and says so plainly if the network is down.
#[component]
fn LoadFull() -> Html {
    let t = use_prefs().texts();
    let failed = use_state(|| false);
    let attempt = use_state(|| 0u32);
    {
        let failed = failed.clone();
        use_effect_with(*attempt, move |_| {
            failed.set(false);
            let promise = web_sys::window()
                .and_then(|w| js_sys::Reflect::get(&w, &LOAD_FULL.into()).ok())
                .and_then(|f| wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(f).ok())
                .and_then(|f| f.call0(&wasm_bindgen::JsValue::NULL).ok())
                .and_then(|p| wasm_bindgen::JsCast::dyn_into::<js_sys::Promise>(p).ok());
            match promise {
                Some(p) => wasm_bindgen_futures::spawn_local(async move {
                    // On success the whole app unmounts this one: nothing more to do here.
                    if let Err(e) = wasm_bindgen_futures::JsFuture::from(p).await {
                        web_sys::console::warn_2(
                            &"Convolab: the whole app did not load".into(),
                            &e,
                        );
                        failed.set(true);
                    }
                }),
                None => failed.set(true),
            }
        });
    }
    let retry = {
        let attempt = attempt.clone();
        Callback::from(move |_: MouseEvent| attempt.set(*attempt + 1))
    };
    html! {
        <section class="page narrow" id="load-full">
            if *failed {
                <p role="alert">{ t.loading_failed }</p>
                <button type="button" class="btn primary" id="load-full-retry" onclick={retry}>{ t.loading_retry }</button>
            } else {
                <p role="status" class="loading">{ t.loading_lesson }</p>
            }
        </section>
    }
}

/// Starts the light bundle, and leaves the whole app a way to unmount it.
pub fn start_light() {
    use wasm_bindgen::JsCast;
    let handle = std::cell::RefCell::new(Some(yew::Renderer::<LightApp>::new().render()));
    let unmount = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
        if let Some(h) = handle.borrow_mut().take() {
            h.destroy();
        }
    });
    if let Some(w) = web_sys::window() {
        let _ = js_sys::Reflect::set(&w, &UNMOUNT_LIGHT.into(), unmount.as_ref().unchecked_ref());
    }
    // Lives as long as the page: the whole app may call it at any time.
    unmount.forget();
}

thread_local! {
    /// The whole app replaced the light one (on the way to one of its pages).
    static TOOK_OVER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Starts the whole app, in place of the light one if it was running.
pub fn start_full() {
    use wasm_bindgen::JsCast;
    if let Some(w) = web_sys::window()
        && let Ok(f) = js_sys::Reflect::get(&w, &UNMOUNT_LIGHT.into())
        && let Ok(f) = f.dyn_into::<js_sys::Function>()
    {
        let _ = f.call0(&wasm_bindgen::JsValue::NULL);
        let _ = js_sys::Reflect::delete_property(&w, &UNMOUNT_LIGHT.into());
        TOOK_OVER.with(|t| t.set(true));
    }
    yew::Renderer::<App>::new().render();
}

#[component]
fn LangSwitch() -> Html {
    let prefs = use_prefs();
    let t = prefs.texts();
    html! {
        <div class="langswitch" role="group" aria-label={t.lang_switch_label}>
            { for Lang::ALL.iter().map(|&lang| {
                let prefs = prefs.clone();
                let pressed = prefs.lang == lang;
                let onclick = Callback::from(move |_| prefs.dispatch(PrefsAction::SetLang(lang)));
                html! {
                    <button type="button" class="btn small" lang={lang.code()}
                        id={format!("lang-{}", lang.code())}
                        aria-pressed={pressed.to_string()} {onclick}>
                        { lang.code().to_ascii_uppercase() }
                    </button>
                }
            }) }
        </div>
    }
}

#[component]
fn PresentToggle() -> Html {
    let prefs = use_prefs();
    let t = prefs.texts();
    let on = prefs.present;
    let onclick = {
        let prefs = prefs.clone();
        Callback::from(move |_| prefs.dispatch(PrefsAction::SetPresent(!on)))
    };
    html! {
        <button type="button" class="btn small" id="present-toggle" aria-keyshortcuts="P"
            aria-pressed={on.to_string()} {onclick}>
            <span aria-hidden="true">{ "A⁺ " }</span>{ t.present_mode }
        </button>
    }
}

/// The footer tells the worker's state as the training session knows it (one source of
/// truth with LeNet live's status line).
#[component]
fn TrainingFooter() -> Html {
    let tr = use_training();
    html! { <Footer worker={tr.view.worker} /> }
}

#[derive(Properties, PartialEq)]
struct FooterProps {
    worker: WorkerUp,
}

#[component]
fn Footer(p: &FooterProps) -> Html {
    let t = use_prefs().texts();
    let (label, class) = match p.worker {
        WorkerUp::Off => (t.worker_off, "status off"),
        WorkerUp::Starting => (t.worker_starting, "status starting"),
        WorkerUp::Ready => (t.worker_ready, "status ready"),
        WorkerUp::Failed => (t.worker_failed, "status failed"),
    };
    html! {
        <footer class="footer">
            <p>{ t.footer_data }</p>
            <p>{ t.worker_status }{ " " }<span id="worker-status" class={class}>{ label }</span></p>
        </footer>
    }
}

#[component]
fn NotFound() -> Html {
    let t = use_prefs().texts();
    html! {
        <section class="page narrow">
            <h1>{ t.not_found_title }</h1>
            <p>{ t.not_found_body }</p>
            <Link to={Route::Home} classes="btn primary">{ t.back_home }</Link>
        </section>
    }
}

#[component]
fn PanicSelfTest() -> Html {
    use_effect_with((), |_| {
        let fail = || -> () { panic!("self-test: a deliberate panic, to show the error screen") };
        fail();
    });
    html! {}
}
