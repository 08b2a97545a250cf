use super::{Event, HistoryTexts, Step, Texts};

pub const FR: Texts = Texts {
    app_name: "Convolab",
    tagline: "Touchez du doigt un réseau de neurones convolutif",
    skip_to_content: "Aller au contenu",
    nav_label: "Sections du cours",
    nav_menu: "Leçons",
    nav_home: "Accueil",
    nav_history: "Histoire",
    nav_conv1d: "Convolution 1D",
    nav_conv2d: "Convolution 2D",
    nav_pooling: "Pooling",
    nav_dropout: "Dropout",
    nav_learn: "Apprentissage",
    nav_lenet: "LeNet",
    nav_classes: "Vos classes",
    lang_switch_label: "Langue",
    present_mode: "Présentation",
    home_title: "Comprendre comment un réseau voit",
    home_lead: "Convolab transforme le cours sur les réseaux de neurones convolutifs en objets à \
        manipuler. Faites glisser un noyau sur un signal pas à pas, regardez une image devenir des \
        cartes de caractéristiques, puis entraînez le LeNet du cours sur de vrais chiffres \
        manuscrits, ici même dans le navigateur — rien à installer, rien ne quitte cette page.",
    home_path_title: "Le parcours du cours",
    home_start: "Commencer par l'histoire",
    home_progress: "Exercices\u{a0}: {r} justes sur {a}",
    coming_soon: "bientôt",
    steps: &[
        Step {
            title: "Histoire",
            blurb: "Du perceptron à LeNet-5 et AlexNet : d'où viennent les CNN.",
        },
        Step {
            title: "Convolution 1D",
            blurb: "Un noyau glisse sur un signal : moyenne mobile, dérivée, gaussienne, pas à pas.",
        },
        Step {
            title: "Convolution 2D",
            blurb: "Des noyaux en petites matrices sur des chiffres et des images : contours, flou, laplacien, ReLU.",
        },
        Step {
            title: "Pooling",
            blurb: "Le max et la moyenne réduisent une carte de caractéristiques en gardant l'essentiel.",
        },
        Step {
            title: "Dropout",
            blurb: "Éteindre des neurones au hasard pendant l'entraînement pour mieux généraliser.",
        },
        Step {
            title: "Comment un noyau s’apprend",
            blurb: "Une erreur, son gradient, et un noyau qui descend la pente jusqu’à retrouver un noyau caché.",
        },
        Step {
            title: "LeNet en direct",
            blurb: "Entraînez le LeNet du cours sur de vrais chiffres MNIST et regardez-le lire votre écriture.",
        },
        Step {
            title: "Vos classes",
            blurb: "Dessinez ou apportez vos propres exemples de deux à dix classes et entraînez un réseau dont vous voyez l’intérieur.",
        },
    ],
    history: HistoryTexts {
        title: "Une brève histoire des CNN",
        lead: "Les réseaux convolutifs ne sont pas nés d'un coup. Ils sont le fruit de soixante ans \
            d'idées sur la vision et sur la manière dont une machine peut apprendre à partir \
            d'exemples. Parcourez la frise : chaque étape répond à une question laissée ouverte \
            par la précédente.",
        timeline_label: "Frise chronologique",
        previous: "Précédent",
        next: "Suivant",
        events: &[
            Event {
                year: "1958",
                title: "Le perceptron",
                body: "Frank Rosenblatt construit une machine qui apprend, à partir d'exemples, à \
                    distinguer deux sortes d'images en ajustant un poids par entrée. Elle n'a \
                    qu'une couche de neurones artificiels et ne sait donc tracer qu'une frontière \
                    droite entre les classes — une limite que Marvin Minsky et Seymour Papert \
                    analysent dans leur livre Perceptrons en 1969.",
            },
            Event {
                year: "1959–1962",
                title: "Les champs récepteurs",
                body: "David Hubel et Torsten Wiesel enregistrent des neurones isolés du cortex \
                    visuel du chat. Une « cellule simple » réagit à un bord d'une orientation \
                    donnée dans une petite zone du champ visuel, son champ récepteur ; une \
                    « cellule complexe » réagit au même bord un peu décalé. Un petit détecteur \
                    local répété sur toute l'image : c'est exactement un noyau de convolution. \
                    (Prix Nobel en 1981.)",
            },
            Event {
                year: "1980",
                title: "Le néocognitron",
                body: "Kunihiko Fukushima empile des couches de cellules S, des détecteurs locaux \
                    identiques à chaque position, et de cellules C, qui regroupent des détecteurs \
                    voisins pour qu'un petit décalage du motif ne change rien. Convolution puis \
                    regroupement, plusieurs fois : la forme d'un CNN est là, mais l'apprentissage \
                    se fait couche par couche, sans rétropropagation.",
            },
            Event {
                year: "1986",
                title: "La rétropropagation",
                body: "David Rumelhart, Geoffrey Hinton et Ronald Williams montrent comment la \
                    règle de dérivation en chaîne renvoie l'erreur de la sortie à travers toutes \
                    les couches et donne à chaque poids son gradient : un réseau à couches cachées \
                    peut enfin s'entraîner de bout en bout. (La méthode a des racines plus \
                    anciennes : Seppo Linnainmaa en 1970, Paul Werbos en 1974.)",
            },
            Event {
                year: "1989",
                title: "Lire les codes postaux",
                body: "Aux Bell Labs, Yann LeCun et ses collègues entraînent par rétropropagation \
                    un réseau convolutif qui lit les codes postaux manuscrits du courrier \
                    américain. Comme un noyau est partagé par toutes les positions, le réseau a \
                    peu de poids, apprend avec quelques milliers d'exemples et reconnaît un trait \
                    où qu'il se trouve.",
            },
            Event {
                year: "1998",
                title: "LeNet-5 lit les chèques",
                body: "LeCun, Léon Bottou, Yoshua Bengio et Patrick Haffner publient LeNet-5 : deux \
                    étages de convolution et de sous-échantillonnage, puis des couches \
                    entièrement connectées, sur des images de 32×32. Un système de lecture de \
                    chèques fondé sur ce réseau est exploité commercialement et lit plusieurs \
                    millions de chèques par jour aux États-Unis. Le réseau que vous entraînerez à \
                    la fin du cours en est un cousin moderne.",
            },
            Event {
                year: "1998",
                title: "MNIST",
                body: "LeCun, Corinna Cortes et Christopher Burges diffusent MNIST : 70 000 \
                    chiffres manuscrits (60 000 pour l'entraînement, 10 000 pour le test) de \
                    28×28 pixels en niveaux de gris, tirés de formulaires du NIST remplis par des \
                    employés du Bureau du recensement et par des lycéens. C'est devenu le \
                    « bonjour le monde » de l'apprentissage automatique ; les chiffres de cette \
                    application viennent de MNIST.",
            },
            Event {
                year: "2009–2011",
                title: "Les données et les GPU",
                body: "L'équipe de Fei-Fei Li construit ImageNet, des millions de photos classées \
                    en milliers de catégories ; à partir de 2010, son concours annuel (ILSVRC) \
                    demande de reconnaître 1 000 classes apprises sur 1,2 million d'images. Les \
                    cartes graphiques accélèrent l'entraînement de plusieurs ordres : en 2011, les \
                    CNN de Dan Cireșan, entraînés sur GPU, battent les humains à la \
                    reconnaissance des panneaux routiers.",
            },
            Event {
                year: "2012",
                title: "AlexNet gagne ImageNet",
                body: "Alex Krizhevsky, Ilya Sutskever et Geoffrey Hinton remportent ILSVRC 2012 \
                    avec AlexNet : cinq couches de convolution et trois couches denses, \
                    60 millions de paramètres, environ six jours d'entraînement sur deux GPU, avec \
                    ReLU, dropout et augmentation de données. Son erreur top-5 est de 15,3 %, \
                    contre 26,2 % pour le deuxième. La vision par ordinateur bascule presque du \
                    jour au lendemain vers l'apprentissage profond.",
            },
            Event {
                year: "2014–2015",
                title: "Toujours plus profond",
                body: "VGG (19 couches) et GoogLeNet (22 couches, 6,7 % d'erreur top-5) en 2014, \
                    puis ResNet en 2015 : jusqu'à 152 couches grâce aux connexions résiduelles, et \
                    3,6 % d'erreur top-5, sous les 5 % environ mesurés pour un annotateur humain \
                    entraîné.",
            },
            Event {
                year: "Aujourd'hui",
                title: "Partout",
                body: "Les CNN lisent des images médicales, reconnaissent des visages, aident les \
                    voitures à voir la route et trient les photos de votre téléphone. Depuis 2020, \
                    les transformeurs visuels, venus du traitement du langage, leur font \
                    concurrence ; mais la convolution — un petit noyau qu'on fait glisser sur une \
                    image — reste un outil de base, et la façon la plus claire de comprendre \
                    comment un réseau voit.",
            },
        ],
        why32_title: "Pourquoi 32×32 ?",
        why32_body: "Les chiffres de MNIST font 28×28, l'encre tenant dans une boîte de 20×20. \
            LeNet-5 prenait des entrées de 32×32 pour que les extrémités de traits et les coins \
            proches du bord tombent encore au centre des champs récepteurs de ses détecteurs les \
            plus hauts. Le LeNet Keras du cours garde 32×32 : Convolab entoure chaque chiffre de \
            2 pixels vides de chaque côté.",
        try_title: "À essayer",
        try_items: &[
            "Utilisez ← et → sur la frise : combien d'années séparent le néocognitron d'AlexNet ?",
            "Quelles idées du néocognitron retrouvez-vous dans le LeNet du cours ?",
            "AlexNet utilisait le dropout et ReLU : retrouvez-les plus loin dans ce cours.",
        ],
        sources_title: "Pour aller plus loin",
    },
    not_found_title: "Page introuvable",
    not_found_body: "Cette adresse ne correspond à aucune page de Convolab.",
    back_home: "Retour à l'accueil",
    worker_status: "Moteur de calcul :",
    worker_ready: "prêt",
    worker_starting: "démarrage…",
    // LeNet's run, in the header and the footer (app::training).
    worker_off: "pas démarré (il démarre sur la page LeNet)",
    worker_failed: "n'a pas démarré : l'entraînement est indisponible",
    run_training: "Entraînement",
    run_paused: "En pause",
    run_pause: "Pause",
    run_resume: "Reprendre",
    footer_data: "Chiffres manuscrits : MNIST (Y. LeCun, C. Cortes, C. Burges). Tout tourne dans cette page, hors ligne.",
    fatal_title: "Une erreur est survenue",
    fatal_body: "Convolab a rencontré une erreur interne. Rien n'a été envoyé nulle part. Rechargez la page pour recommencer.",
    fatal_reload: "Recharger",
    loading_lesson: "Chargement de la leçon…",
    loading_failed: "Impossible de charger cette leçon : le réseau semble coupé. Les autres leçons fonctionnent toujours ; réessayez quand la connexion sera revenue.",
    loading_retry: "Réessayer",
};
