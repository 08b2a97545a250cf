//! One module per lesson of the course, plus the home page. A lesson that is not written
//! yet shows [`placeholder::Placeholder`] and is left out of `route::LESSONS` (so out of
//! the navigation).

pub mod classes;
pub mod conv1d;
pub mod conv2d;
pub mod dropout;
pub mod history;
pub mod home;
pub mod learn;
pub mod lenet;
pub mod placeholder;
pub mod pooling;

#[cfg(test)]
mod tests {
    use super::{classes, conv1d, conv2d, dropout, learn, pooling};
    use crate::app::i18n::assert_filled as filled;

    /// The labs' texts: every string filled in both languages, and each sentence the page
    /// fills in keeps its placeholders.
    #[test]
    fn every_labs_strings_are_filled_in_both_languages() {
        filled("conv1d", &conv1d::texts::EN, &conv1d::texts::FR, 34);
        filled("conv2d", &conv2d::texts::EN, &conv2d::texts::FR, 49);
        filled("pooling", &pooling::texts::EN, &pooling::texts::FR, 32);
        filled("dropout", &dropout::texts::EN, &dropout::texts::FR, 17);
        filled("learn", &learn::texts::EN, &learn::texts::FR, 56);
        filled("classes", &classes::texts::EN, &classes::texts::FR, 45);
        for t in [&classes::texts::EN, &classes::texts::FR] {
            assert!(
                t.too_few.contains("{c}") && t.too_few.contains("{n}") && t.too_few.contains("{r}")
            );
            assert!(t.imported.contains("{n}") && t.imported.contains("{k}"));
            assert!(t.quota.contains("{u}") && t.quota.contains("{q}"));
            assert!(t.held_out_bad.contains("{v}") && t.held_out_bad.contains("{p}"));
            assert!(t.split.contains("{l}") && t.split.contains("{h}"));
            assert!(t.mnist_added.contains("{n}") && t.mnist_added.contains("{c}"));
            assert!(t.mnist_none.contains("{d}") && t.mnist_none.contains("{c}"));
            assert!(t.mnist_count_bad.contains("{v}") && t.mnist_count_bad.contains("{m}"));
            assert!(
                t.add_to.contains("{c}") && t.new_class.contains("{n}") && t.stored.contains("{s}")
            );
        }
        for t in [&learn::texts::EN, &learn::texts::FR] {
            assert!(t.diverging.contains("{r}") && t.diverging.contains("{m}"));
            assert!(
                t.converged.contains("{s}") && t.status.contains("{s}") && t.status.contains("{l}")
            );
            assert!(
                t.limit.contains("{m}")
                    && t.guess_loss.contains("{l}")
                    && t.guess_bad.contains("{k}")
            );
            assert!(t.pick_weight.contains("{w}") && t.zeros_left.contains("{z}"));
        }
        assert_ne!(conv1d::texts::EN.title, conv1d::texts::FR.title);
        for t in [&conv1d::texts::EN, &conv1d::texts::FR] {
            assert!(t.err_nan.contains("{i}") && t.err_nan.contains("{s}"));
            assert!(t.err_long.contains("{n}") && t.applied.contains("{k}"));
            assert!(t.live.contains("{i}") && t.live.contains("{n}") && t.live.contains("{sum}"));
            assert!(t.pick_output.contains("{i}") && t.pick_output.contains("{v}"));
        }
        for t in [&conv2d::texts::EN, &conv2d::texts::FR] {
            assert!(t.live.contains("{i}") && t.live.contains("{n}") && t.live.contains("{v}"));
            assert!(t.digit_label.contains("{i}") && t.digit_label.contains("{l}"));
            assert!(t.digits_http.contains("{code}") && t.applied.contains("{k}"));
        }
        for t in [&pooling::texts::EN, &pooling::texts::FR] {
            assert!(t.keras_note.contains("pool_size=2"));
            for key in ["{r}", "{axis}", "{n}", "{o}"] {
                assert!(t.floor_note.contains(key));
                assert!(key == "{r}" || t.floor_note_one.contains(key));
            }
            assert!(!t.floor_note.contains("(s)") && !t.floor_note_one.contains("{r}"));
        }
        for t in [&dropout::texts::EN, &dropout::texts::FR] {
            assert!(t.kept.contains("{k}") && t.kept.contains("{e}"));
            assert!(t.scale.contains("{p}") && t.scale.contains("{f}"));
        }
    }
}
