//! Uploading a picture: the formats offered, decoding with the browser, and the field.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use super::model::{Picture, rgba_to_grey, scaled_size};
use super::texts::Conv2dTexts;

/// The picture formats the upload offers: the ones the browser decodes to pixels with
/// `createImageBitmap`. Not SVG: a drawing without pixels of its own (see `decode_upload`).
pub const UPLOAD_ACCEPT: &str = "image/png,image/jpeg,image/gif,image/webp,image/bmp,image/avif";

pub(super) fn is_svg(file: &web_sys::File) -> bool {
    file.type_() == "image/svg+xml" || file.name().to_ascii_lowercase().ends_with(".svg")
}

/// Decodes an uploaded file with the browser, to grey, scaled down to 64×64 at most.
/// SVG is not offered (`UPLOAD_ACCEPT`): Chromium's `createImageBitmap` refuses SVG blobs,
/// and an SVG often has no size in pixels, so any grid we chose for it would be invented.
pub(super) async fn decode_upload(file: web_sys::File) -> Result<Picture, ()> {
    let w = web_sys::window().ok_or(())?;
    let bitmap = JsFuture::from(w.create_image_bitmap_with_blob(&file).map_err(|_| ())?)
        .await
        .map_err(|_| ())?;
    let bitmap: web_sys::ImageBitmap = bitmap.dyn_into().map_err(|_| ())?;
    let (sw, sh) = scaled_size(bitmap.width(), bitmap.height());
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
    rgba_to_grey(sh as usize, sw as usize, &data.data()).ok_or(())
}

/// What became of the last file chosen, said next to the picker.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum UploadMsg {
    /// Refused, and why (the picture before it stays).
    Refused(&'static str),
    /// Shown: the file's name and the picture's size in pixels.
    Loaded { name: String, rows: usize, cols: usize },
}

/// Brings element `id` into view once the page shows it: the student's eyes are on the
/// picker, and at 1280×720 the maps (and a message) may be below the fold.
pub(super) fn reveal(id: &'static str) {
    wasm_bindgen_futures::spawn_local(async move {
        // After the render that inserts or changes it.
        gloo_timers::future::TimeoutFuture::new(30).await;
        if let Some(el) =
            web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id))
        {
            let opts = web_sys::ScrollIntoViewOptions::new();
            opts.set_block(web_sys::ScrollLogicalPosition::Nearest);
            el.scroll_into_view_with_scroll_into_view_options(&opts);
        }
    });
}

/// The upload field, while the input is an upload: the file input and what became of the
/// last file (refused and why, or shown).
pub(super) fn upload_field(
    msg: Option<&UploadMsg>,
    on_file: Callback<Event>,
    t: &Conv2dTexts,
) -> Html {
    html! {
        <div class="lab-field">
            <label for="conv2d-file">{ t.upload_label }</label>
            <input type="file" id="conv2d-file" accept={UPLOAD_ACCEPT} onchange={on_file} />
            <small>{ t.upload_hint }</small>
            if let Some(UploadMsg::Refused(e)) = msg {
                <p class="field-error" id="conv2d-upload-error" role="alert">{ e }{ " " }{ t.upload_kept }</p>
            }
            if let Some(UploadMsg::Loaded { name, rows, cols }) = msg {
                <p class="field-ok" id="conv2d-upload-ok" role="status">{
                    t.upload_loaded.replace("{name}", name).replace("{size}", &format!("{rows}×{cols}"))
                }</p>
            }
        </div>
    }
}
