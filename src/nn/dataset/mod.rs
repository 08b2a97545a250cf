//! A student's own data set ("Your classes"): 2 to 10 named classes of 28×28 grey
//! examples (0 background, 255 ink, as MNIST), the held-out share chosen per class so that
//! every class is in both parts, its `.npz` file ([`file`]) and the preprocessing of an
//! uploaded picture ([`image`]).
//!
//! It lives in the core (not in `crates/data`) because its file is an `.npz` written with
//! the core's own NumPy writer (`nn::npz`), and the trainer reads it as a
//! [`Mnist`](crate::data::Mnist) of its own classes and split ([`DataSet::to_digits`]).

pub mod file;
pub mod image;
pub mod network;

use std::fmt;

use crate::data::{DataError, Mnist};

/// The side of an example (MNIST's).
pub const SIDE: usize = 28;
/// Pixels of an example.
pub const PIXELS: usize = SIDE * SIDE;
pub const MIN_CLASSES: usize = 2;
/// At most ten classes: the network's outputs and the confusion matrix of the digits.
pub const MAX_CLASSES: usize = 10;
/// A class name's most characters (after trimming).
pub const MAX_NAME_CHARS: usize = 40;
/// Most examples per class (the whole set stays a few MB in the browser's storage).
pub const MAX_PER_CLASS: usize = 1000;
/// Examples per class the page recommends (20 drawings, shifts augmentation on).
pub const RECOMMENDED_PER_CLASS: usize = 20;
/// Fewest examples per class to train: one to learn from and one held out.
pub const MIN_PER_CLASS: usize = 2;
/// The default held-out share, in percent.
pub const DEFAULT_HELD_OUT: u8 = 20;

/// One class: its name and its examples (each [`PIXELS`] grey levels, row-major).
#[derive(Debug, Clone, PartialEq)]
pub struct Class {
    pub name: String,
    pub examples: Vec<Vec<u8>>,
}

/// A student's own data set.
#[derive(Debug, Clone, PartialEq)]
pub struct DataSet {
    pub classes: Vec<Class>,
    /// Percent of each class held out for the evaluation (5 to 50).
    pub held_out: u8,
}

/// What is wrong with a data set or an edit; `Display` in English (the page words it in
/// the student's language: `app::lessons::classes`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataSetError {
    TooFewClasses(usize),
    TooManyClasses(usize),
    /// A name empty once trimmed (class index from 0).
    EmptyName(usize),
    NameTooLong(usize),
    /// Two classes with the same name (trimmed, case-insensitive): their indices.
    DuplicateName(usize, usize),
    /// A class with fewer than [`MIN_PER_CLASS`] examples: index, count.
    TooFewExamples(usize, usize),
    /// A class that would have more than [`MAX_PER_CLASS`] examples.
    ClassFull(usize),
    /// An example that is not [`PIXELS`] values (index of the class).
    BadExample(usize),
    /// A held-out share outside 5–50 %.
    HeldOut(u8),
    /// No class at this index.
    NoClass(usize),
}

impl fmt::Display for DataSetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use DataSetError::*;
        match self {
            TooFewClasses(n) => write!(f, "{n} classes: at least {MIN_CLASSES} are needed"),
            TooManyClasses(n) => write!(f, "{n} classes: at most {MAX_CLASSES}"),
            EmptyName(i) => write!(f, "class {} has no name", i + 1),
            NameTooLong(i) => {
                write!(f, "the name of class {} is longer than {MAX_NAME_CHARS} characters", i + 1)
            }
            DuplicateName(a, b) => write!(f, "classes {} and {} have the same name", a + 1, b + 1),
            TooFewExamples(i, n) => {
                write!(f, "class {} has {n} examples: at least {MIN_PER_CLASS} are needed", i + 1)
            }
            ClassFull(i) => write!(f, "class {} is full ({MAX_PER_CLASS} examples)", i + 1),
            BadExample(i) => write!(f, "an example of class {} is not a 28×28 image", i + 1),
            HeldOut(p) => write!(f, "held-out share {p} %: between 5 and 50 %"),
            NoClass(i) => write!(f, "there is no class {}", i + 1),
        }
    }
}

impl std::error::Error for DataSetError {}

/// The key two names are compared by: trimmed, case-insensitive.
fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

impl Default for DataSet {
    /// Two empty classes, 20 % held out: where the page starts.
    fn default() -> Self {
        DataSet {
            classes: vec![
                Class { name: "A".into(), examples: Vec::new() },
                Class { name: "B".into(), examples: Vec::new() },
            ],
            held_out: DEFAULT_HELD_OUT,
        }
    }
}

impl DataSet {
    pub fn names(&self) -> Vec<String> {
        self.classes.iter().map(|c| c.name.clone()).collect()
    }

    pub fn len(&self) -> usize {
        self.classes.iter().map(|c| c.examples.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Checks a name for class `index` (a new class: `index == classes.len()`) against the
    /// others; returns it trimmed.
    ///
    /// # Errors
    /// Empty, too long, or the name of another class.
    pub fn check_name(&self, index: usize, name: &str) -> Result<String, DataSetError> {
        let trimmed = name.trim();
        if trimmed.is_empty() {
            return Err(DataSetError::EmptyName(index));
        }
        if trimmed.chars().count() > MAX_NAME_CHARS {
            return Err(DataSetError::NameTooLong(index));
        }
        let key = name_key(trimmed);
        if let Some(j) = self
            .classes
            .iter()
            .enumerate()
            .position(|(j, c)| j != index && name_key(&c.name) == key)
        {
            return Err(DataSetError::DuplicateName(j.min(index), j.max(index)));
        }
        Ok(trimmed.to_string())
    }

    /// Adds a class.
    ///
    /// # Errors
    /// Already [`MAX_CLASSES`], or a bad name (see [`Self::check_name`]).
    pub fn add_class(&mut self, name: &str) -> Result<usize, DataSetError> {
        if self.classes.len() >= MAX_CLASSES {
            return Err(DataSetError::TooManyClasses(self.classes.len() + 1));
        }
        let name = self.check_name(self.classes.len(), name)?;
        self.classes.push(Class { name, examples: Vec::new() });
        Ok(self.classes.len() - 1)
    }

    /// Renames class `index`.
    ///
    /// # Errors
    /// No such class, or a bad name.
    pub fn rename(&mut self, index: usize, name: &str) -> Result<(), DataSetError> {
        if index >= self.classes.len() {
            return Err(DataSetError::NoClass(index));
        }
        let name = self.check_name(index, name)?;
        self.classes[index].name = name;
        Ok(())
    }

    /// Removes class `index` and its examples (the page asks first).
    ///
    /// # Errors
    /// No such class, or it would leave fewer than [`MIN_CLASSES`].
    pub fn remove_class(&mut self, index: usize) -> Result<Class, DataSetError> {
        if index >= self.classes.len() {
            return Err(DataSetError::NoClass(index));
        }
        if self.classes.len() <= MIN_CLASSES {
            return Err(DataSetError::TooFewClasses(self.classes.len() - 1));
        }
        Ok(self.classes.remove(index))
    }

    /// Adds an example (28×28 grey levels) to class `index`.
    ///
    /// # Errors
    /// No such class, the class is full, or not [`PIXELS`] values.
    pub fn add_example(&mut self, index: usize, example: Vec<u8>) -> Result<(), DataSetError> {
        let c = self.classes.get_mut(index).ok_or(DataSetError::NoClass(index))?;
        if example.len() != PIXELS {
            return Err(DataSetError::BadExample(index));
        }
        if c.examples.len() >= MAX_PER_CLASS {
            return Err(DataSetError::ClassFull(index));
        }
        c.examples.push(example);
        Ok(())
    }

    /// Removes example `k` of class `index` (nothing if out of range).
    pub fn remove_example(&mut self, index: usize, k: usize) -> Option<Vec<u8>> {
        let c = self.classes.get_mut(index)?;
        (k < c.examples.len()).then(|| c.examples.remove(k))
    }

    /// Adds up to `count` MNIST examples of `digit` (taken from `digits` in file order,
    /// as is: 0 background, 255 ink, the set's own convention) to the class named after
    /// the digit ("7"), made at the end if there is none: a digit is a class of its own, and
    /// the student's drawings are never mixed with it. Examples already in that class are
    /// skipped, so asking again brings the next ones. Returns the class and how many were
    /// added (fewer when the file or the class runs out).
    ///
    /// # Errors
    /// No room for a new class, the class already full, or digits that are not 28×28.
    pub fn add_digits(
        &mut self,
        digits: &Mnist,
        digit: u8,
        count: usize,
    ) -> Result<(usize, usize), DataSetError> {
        let name = digit.to_string();
        let found = self.classes.iter().position(|c| name_key(&c.name) == name);
        if digits.image_shape() != (SIDE, SIDE) {
            // The class the digits would have gone to, made or not.
            return Err(DataSetError::BadExample(found.unwrap_or(self.classes.len())));
        }
        let k = match found {
            Some(k) => k,
            None => self.add_class(&name)?,
        };
        let class = &mut self.classes[k];
        if count > 0 && class.examples.len() >= MAX_PER_CLASS {
            return Err(DataSetError::ClassFull(k));
        }
        let room = count.min(MAX_PER_CLASS - class.examples.len());
        let had: std::collections::HashSet<&[u8]> =
            class.examples.iter().map(Vec::as_slice).collect();
        let new: Vec<Vec<u8>> = (0..digits.len())
            .filter(|&i| digits.label(i) == Some(digit))
            .filter_map(|i| digits.image(i))
            .filter(|img| !had.contains(*img))
            .take(room)
            .map(<[u8]>::to_vec)
            .collect();
        let added = new.len();
        class.examples.extend(new);
        Ok((k, added))
    }

    /// Checks everything but the counts (a set being collected: what the file may hold).
    ///
    /// # Errors
    /// The first problem found.
    pub fn validate(&self) -> Result<(), DataSetError> {
        let n = self.classes.len();
        if n < MIN_CLASSES {
            return Err(DataSetError::TooFewClasses(n));
        }
        if n > MAX_CLASSES {
            return Err(DataSetError::TooManyClasses(n));
        }
        if !(5..=50).contains(&self.held_out) {
            return Err(DataSetError::HeldOut(self.held_out));
        }
        for (i, c) in self.classes.iter().enumerate() {
            self.check_name(i, &c.name)?;
            if c.examples.len() > MAX_PER_CLASS {
                return Err(DataSetError::ClassFull(i));
            }
            if c.examples.iter().any(|e| e.len() != PIXELS) {
                return Err(DataSetError::BadExample(i));
            }
        }
        Ok(())
    }

    /// Checks that the set can be trained on: [`Self::validate`] and at least
    /// [`MIN_PER_CLASS`] examples in every class.
    ///
    /// # Errors
    /// The first problem found.
    pub fn validate_for_training(&self) -> Result<(), DataSetError> {
        self.validate()?;
        match self.classes.iter().position(|c| c.examples.len() < MIN_PER_CLASS) {
            Some(i) => Err(DataSetError::TooFewExamples(i, self.classes[i].examples.len())),
            None => Ok(()),
        }
    }

    /// Classes with fewer than [`RECOMMENDED_PER_CLASS`] examples (the page warns).
    pub fn short_classes(&self) -> Vec<usize> {
        (0..self.classes.len())
            .filter(|&i| self.classes[i].examples.len() < RECOMMENDED_PER_CLASS)
            .collect()
    }

    /// Which examples of a class of `n` are held out: `round(n · share)`, at least one and
    /// at most `n − 1` (so every class is in both parts), spread evenly through the class.
    pub fn held_out_mask(n: usize, percent: u8) -> Vec<bool> {
        if n < MIN_PER_CLASS {
            return vec![false; n];
        }
        let held = ((n * percent as usize + 50) / 100).clamp(1, n - 1);
        (0..n).map(|j| (j + 1) * held / n > j * held / n).collect()
    }

    /// The set as the trainer reads it: labels are class indices, examples in class order,
    /// held out as [`Self::held_out_mask`] says.
    ///
    /// # Errors
    /// A set that cannot be trained on ([`Self::validate_for_training`]), as a data error.
    pub fn to_digits(&self) -> Result<Mnist, DataError> {
        self.validate_for_training().map_err(|e| DataError::Corrupt(e.to_string()))?;
        let (mut labels, mut pixels, mut test) = (Vec::new(), Vec::new(), Vec::new());
        for (k, c) in self.classes.iter().enumerate() {
            test.extend(Self::held_out_mask(c.examples.len(), self.held_out));
            for e in &c.examples {
                labels.push(k as u8);
                pixels.extend_from_slice(e);
            }
        }
        Mnist::with_classes(SIDE, SIDE, labels, pixels, self.classes.len() as u8, test)
    }
}

#[cfg(test)]
mod tests;
