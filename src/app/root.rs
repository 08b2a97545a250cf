//! The root component: preferences, router, header, footer.

use yew::prelude::*;
use yew_agent::reactor::ReactorProvider;

use super::i18n::Lang;
use super::lessons::lenet::state::WorkerUp;
use super::lessons::{
    conv1d::Conv1dLab, conv2d::Conv2dLab, dropout::DropoutLab, history::History, home::Home,
    lenet::LenetLive, pooling::PoolingLab,
};
use super::prefs::{Prefs, PrefsAction, PrefsHandle, use_prefs};
use super::route::{HashRouter, LESSONS, Link, Route, use_route};
use super::training::{RunIndicator, TrainingProvider, use_training};
use crate::worker::TrainerReactor;

/// Where trunk puts the worker script; relative, so it resolves against the page's own
/// folder under any public URL.
pub const WORKER_PATH: &str = "worker.js";

#[component]
pub fn App() -> Html {
    let prefs = use_reducer(Prefs::load);
    html! {
        <ContextProvider<PrefsHandle> context={prefs}>
            // Lazy: the worker is spawned by the first bridge, which the training session
            // opens only when a page needs it (LeNet live).
            <ReactorProvider<TrainerReactor> path={WORKER_PATH}>
                <HashRouter>
                    // The training run belongs to the app: above the pages, it survives
                    // navigation.
                    <TrainingProvider>
                        <Shell />
                    </TrainingProvider>
                </HashRouter>
            </ReactorProvider<TrainerReactor>>
        </ContextProvider<PrefsHandle>>
    }
}

/// Header, page and footer; reacts to the route and the preferences.
#[component]
pub fn Shell() -> Html {
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
                let on_change = super::WindowListener::new("hashchange", move || {
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
            if !std::mem::replace(&mut *first.borrow_mut(), false) {
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
                    <RunIndicator />
                    <LangSwitch />
                    <PresentToggle />
                </div>
            </header>
            <main id="main" tabindex="-1">
                // A link to the page already shown (pasted in the address bar) mounts it
                // afresh, so that it reads its new state.
                <PageKeyed key={query_key}>{ switch(route) }</PageKeyed>
            </main>
            <Footer />
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
        if let Some(main) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("main"))
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

fn switch(route: Route) -> Html {
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
fn Footer() -> Html {
    let t = use_prefs().texts();
    let tr = use_training();
    let (label, class) = match tr.view.worker {
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
