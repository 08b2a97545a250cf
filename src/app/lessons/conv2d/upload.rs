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

/// The upload field, while the input is an upload: the file input and why the last file was
/// refused (the picture before it stays).
pub(super) fn upload_field(
    error: Option<&'static str>,
    on_file: Callback<Event>,
    t: &Conv2dTexts,
) -> Html {
    html! {
        <div class="lab-field">
            <label for="conv2d-file">{ t.upload_label }</label>
            <input type="file" id="conv2d-file" accept={UPLOAD_ACCEPT} onchange={on_file} />
            <small>{ t.upload_hint }</small>
            if let Some(e) = error {
                <p class="field-error" id="conv2d-upload-error" role="alert">{ e }{ " " }{ t.upload_kept }</p>
            }
        </div>
    }
}
