//! What the training session words itself, FR and EN: why the pretrained file is refused.
//! LeNet live's texts take the same sentence from here (one copy of it).

use crate::app::i18n::Lang;

/// A weights file whose network the page cannot take, saying what differs: "This file's
/// network reads 28×28×1 and gives 5 outputs; the page's reads 32×32×1 and gives 10…".
pub fn weights_other_network(lang: Lang, input: &[usize], output: &[usize]) -> String {
    let dims = |v: &[usize]| v.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("×");
    let (i, o) = (dims(input), dims(output));
    match lang {
        Lang::En => format!(
            "This file's network reads {i} and gives {o} outputs; the page's networks read a 32×32×1 digit and give 10 (one per digit). The current network is kept."
        ),
        Lang::Fr => format!(
            "Le réseau de ce fichier lit {i} et donne {o} sorties\u{a0}; ceux de la page lisent un chiffre 32×32×1 et en donnent 10 (une par chiffre). Le réseau actuel est conservé."
        ),
    }
}
