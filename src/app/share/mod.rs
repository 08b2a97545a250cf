//! Share a screen (issue 10): the link of what a lab shows, copied and drawn as a QR code
//! big enough to scan from the back of a classroom; and the notice that says which parts of
//! an opened link were left out.

mod button;
mod notices;
mod qr;
mod texts;

pub use self::button::{ShareButton, ShareProps};
pub use self::notices::{LinkNotices, NoticeProps};
pub use self::qr::qr_path;
pub use self::texts::{ShareTexts, texts};
