use super::{Event, HistoryTexts, Step, Texts};

pub const EN: Texts = Texts {
    app_name: "Convolab",
    tagline: "Touch a convolutional neural network",
    skip_to_content: "Skip to content",
    nav_label: "Course sections",
    nav_menu: "Lessons",
    nav_home: "Home",
    nav_history: "History",
    nav_conv1d: "1D convolution",
    nav_conv2d: "2D convolution",
    nav_pooling: "Pooling",
    nav_dropout: "Dropout",
    nav_learn: "Learning",
    nav_lenet: "LeNet live",
    nav_classes: "Your classes",
    lang_switch_label: "Language",
    present_mode: "Presentation",
    home_title: "Learn how a network sees",
    home_lead: "Convolab turns the convolutional neural network course into things you can play with. \
        Slide a kernel over a signal one step at a time, watch an image turn into feature maps, \
        then train the course's LeNet on real handwritten digits, right here in your browser \
        — nothing is installed and nothing leaves this page.",
    home_path_title: "The path through the course",
    home_start: "Start with the history",
    home_progress: "Exercises: {r} right out of {a}",
    coming_soon: "coming soon",
    steps: &[
        Step {
            title: "History",
            blurb: "From the perceptron to LeNet-5 and AlexNet: where CNNs come from.",
        },
        Step {
            title: "1D convolution",
            blurb: "A kernel slides over a signal: moving average, derivative, Gaussian, step by step.",
        },
        Step {
            title: "2D convolution",
            blurb: "Kernels as small matrices on digits and pictures: edges, blur, Laplacian, ReLU.",
        },
        Step {
            title: "Pooling",
            blurb: "Max and average pooling shrink a feature map and keep what matters.",
        },
        Step {
            title: "Dropout",
            blurb: "Switching neurons off at random while training, so the network generalises.",
        },
        Step {
            title: "How a kernel is learned",
            blurb: "A loss, its gradient and a kernel rolling downhill until it finds a hidden one.",
        },
        Step {
            title: "LeNet live",
            blurb: "Train the course's LeNet on real MNIST digits and watch it read your handwriting.",
        },
        Step {
            title: "Your classes",
            blurb: "Draw or bring your own examples of two to ten classes and train a network you can see inside.",
        },
    ],
    history: HistoryTexts {
        title: "A short history of CNNs",
        lead: "Convolutional networks did not appear overnight. They grew out of sixty years of ideas \
            about how vision works and how a machine can learn from examples. Walk through the \
            timeline: each step answers a question that the one before left open.",
        timeline_label: "Timeline",
        previous: "Previous",
        next: "Next",
        events: &[
            Event {
                year: "1958",
                title: "The perceptron",
                body: "Frank Rosenblatt builds a machine that learns from examples to tell two kinds \
                    of images apart, by adjusting one weight per input. It has a single layer of \
                    artificial neurons, so it can only draw a straight boundary between classes — \
                    a limit Marvin Minsky and Seymour Papert analyse in their 1969 book Perceptrons.",
            },
            Event {
                year: "1959–1962",
                title: "Receptive fields",
                body: "David Hubel and Torsten Wiesel record single neurons in the visual cortex of \
                    the cat. A \"simple cell\" fires for an edge of one orientation inside a small \
                    patch of the visual field, its receptive field; a \"complex cell\" fires for \
                    the same edge a little to the side. A small local detector repeated all over \
                    the image is exactly what a convolution kernel is. (Nobel Prize, 1981.)",
            },
            Event {
                year: "1980",
                title: "The neocognitron",
                body: "Kunihiko Fukushima stacks layers of S-cells, local feature detectors that \
                    are the same at every position, and C-cells, which gather neighbouring \
                    detectors so that a small shift of the pattern changes nothing. Convolution \
                    then pooling, repeated: the shape of a CNN is there, but it learns layer by \
                    layer without backpropagation.",
            },
            Event {
                year: "1986",
                title: "Backpropagation",
                body: "David Rumelhart, Geoffrey Hinton and Ronald Williams show how the chain rule \
                    carries the output error back through every layer and gives each weight its \
                    gradient, so that a network with hidden layers can be trained end to end. \
                    (The method has older roots: Seppo Linnainmaa in 1970, Paul Werbos in 1974.)",
            },
            Event {
                year: "1989",
                title: "Reading ZIP codes",
                body: "At Bell Labs, Yann LeCun and his colleagues train a convolutional network \
                    with backpropagation to read handwritten ZIP codes from US mail. Because a \
                    kernel is shared by every position, the network has few weights, learns from \
                    a few thousand examples, and finds a stroke wherever it appears.",
            },
            Event {
                year: "1998",
                title: "LeNet-5 reads bank cheques",
                body: "LeCun, Léon Bottou, Yoshua Bengio and Patrick Haffner publish LeNet-5: two \
                    stages of convolution and subsampling, then fully connected layers, on 32×32 \
                    images. A cheque-reading system built on it is deployed commercially and reads \
                    several million cheques a day in the United States. The network you train at \
                    the end of this course is its modern cousin.",
            },
            Event {
                year: "1998",
                title: "MNIST",
                body: "LeCun, Corinna Cortes and Christopher Burges release MNIST: 70,000 \
                    handwritten digits (60,000 for training, 10,000 for testing), 28×28 grey \
                    pixels, drawn from NIST forms filled in by Census Bureau employees and \
                    high-school students. It becomes the \"hello world\" of machine learning; \
                    the digits in this app are MNIST digits.",
            },
            Event {
                year: "2009–2011",
                title: "Big data and GPUs",
                body: "Fei-Fei Li's team builds ImageNet, millions of photos sorted into thousands \
                    of categories; from 2010 its yearly challenge (ILSVRC) asks for 1,000 classes \
                    learned from 1.2 million images. Graphics cards make training many times \
                    faster: in 2011 Dan Cireșan's GPU-trained CNNs beat humans at recognising \
                    traffic signs.",
            },
            Event {
                year: "2012",
                title: "AlexNet wins ImageNet",
                body: "Alex Krizhevsky, Ilya Sutskever and Geoffrey Hinton win ILSVRC 2012 with \
                    AlexNet: five convolution layers and three dense layers, 60 million \
                    parameters, trained for about six days on two GPUs, with ReLU, dropout and \
                    data augmentation. Its top-5 error is 15.3 %, against 26.2 % for the \
                    runner-up. Computer vision turns to deep learning almost overnight.",
            },
            Event {
                year: "2014–2015",
                title: "Deeper and deeper",
                body: "VGG (19 layers) and GoogLeNet (22 layers, 6.7 % top-5 error) in 2014, then \
                    ResNet in 2015: up to 152 layers thanks to skip connections, and 3.6 % top-5 \
                    error, below the roughly 5 % measured for a trained human annotator.",
            },
            Event {
                year: "Today",
                title: "Everywhere",
                body: "CNNs read medical scans, recognise faces, help cars see the road and sort \
                    the photos on your phone. Since 2020 vision transformers, borrowed from \
                    language models, compete with them; yet convolution — a small kernel slid \
                    over an image — remains a basic tool, and the clearest way to see how a \
                    network sees.",
            },
        ],
        why32_title: "Why 32×32?",
        why32_body: "MNIST digits are 28×28, with the ink inside a 20×20 box. LeNet-5 took 32×32 \
            inputs so that stroke ends and corners near the border could still fall in the centre \
            of its top-level detectors' receptive fields. The course's Keras LeNet keeps 32×32: \
            Convolab pads every digit with 2 blank pixels on each side.",
        try_title: "Try this",
        try_items: &[
            "Use ← and → on the timeline: how many years separate the neocognitron from AlexNet?",
            "Which two ideas of the neocognitron do you find again in the course's LeNet?",
            "AlexNet used dropout and ReLU: find both again later in this course.",
        ],
        sources_title: "To read further",
    },
    not_found_title: "Page not found",
    not_found_body: "This address does not match any page of Convolab.",
    back_home: "Back to the home page",
    worker_status: "Compute worker:",
    worker_ready: "ready",
    worker_starting: "starting…",
    // LeNet's run, in the header and the footer (app::training).
    worker_off: "not started (it starts on the LeNet page)",
    worker_failed: "did not start: training is unavailable",
    run_training: "Training",
    run_paused: "Paused",
    run_pause: "Pause",
    run_resume: "Resume",
    footer_data: "Handwritten digits: MNIST (Y. LeCun, C. Cortes, C. Burges). Everything runs in this page, offline.",
    fatal_title: "Something went wrong",
    fatal_body: "Convolab hit an internal error. Nothing was sent anywhere. Reload the page to start again.",
    fatal_reload: "Reload",
    loading_lesson: "Loading this lesson…",
    loading_failed: "This lesson could not be loaded: the network seems to be down. The other lessons still work; try again when the connection is back.",
    loading_retry: "Try again",
};
