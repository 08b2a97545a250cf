//! The shell: header (brand, navigation, tools), the page, and the footer given.

use yew::prelude::*;

use super::handover::TOOK_OVER;
use super::lang_switch::LangSwitch;
use super::main_nav::MainNav;
use super::page_keyed::PageKeyed;
use super::present_toggle::PresentToggle;
use crate::app::prefs::use_prefs;
use crate::app::route::{Link, Route, use_route};

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
                let on_change = crate::app::dom::WindowListener::new("hashchange", move || {
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

    crate::app::present::use_presentation_keys(prefs.clone(), route);

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
                <MainNav route={route} />
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
