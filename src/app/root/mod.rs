//! The root component: preferences, router, header, footer. One component a file: the two
//! apps (`full`, `light`), the shell and its header's tools, the pages by route, the footer.

mod footer;
mod full;
mod handover;
mod lang_switch;
mod light;
mod light_pages;
mod load_full;
mod main_nav;
mod not_found;
mod page_keyed;
mod pages;
mod panic_self_test;
mod present_toggle;
mod shell;
mod training_footer;

pub use self::full::{App, start_full};
pub use self::light::{LightApp, start_light};
pub use self::shell::{Shell, ShellProps};
