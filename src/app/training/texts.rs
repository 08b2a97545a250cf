//! What the training session words itself, FR and EN: why the pretrained file is refused.
//! LeNet live's texts take the same sentence from here (one copy of it).

use crate::app::i18n::Lang;

/// A weights file that holds a network, but not a 32×32 → 10 classes one.
pub const fn weights_wrong_shape(lang: Lang) -> &'static str {
    match lang {
        Lang::En => {
            "These weights are not a 32×32 → 10 classes network; the current model is kept."
        }
        Lang::Fr => {
            "Ces poids ne sont pas ceux d'un réseau 32×32 → 10 classes ; le modèle actuel est conservé."
        }
    }
}
