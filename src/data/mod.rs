//! MNIST digits and drawn-digit preprocessing. (Being written: see issue 4.)
