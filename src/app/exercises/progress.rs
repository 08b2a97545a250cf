//! Progress per lesson (answered, right), kept in `localStorage` as one short line such as
//! `conv1d:5/3;pooling:2/2`. No account, no server: it stays on the student's device.

use super::model::Lesson;

pub const STORAGE_KEY: &str = "convolab.progress";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Score {
    pub answered: u32,
    pub right: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    scores: Vec<(Lesson, Score)>,
}

impl Lesson {
    pub fn code(self) -> &'static str {
        match self {
            Lesson::History => "history",
            Lesson::Conv1d => "conv1d",
            Lesson::Conv2d => "conv2d",
            Lesson::Pooling => "pooling",
            Lesson::Dropout => "dropout",
            Lesson::Learn => "learn",
            Lesson::Lenet => "lenet",
        }
    }

    pub fn from_code(code: &str) -> Option<Lesson> {
        Lesson::ALL.into_iter().find(|l| l.code() == code)
    }
}

impl Progress {
    pub fn score(&self, lesson: Lesson) -> Score {
        self.scores.iter().find(|(l, _)| *l == lesson).map(|(_, s)| *s).unwrap_or_default()
    }

    /// One more answer to `lesson`'s exercises.
    pub fn record(&mut self, lesson: Lesson, right: bool) {
        let add = |s: &mut Score| {
            s.answered = s.answered.saturating_add(1);
            s.right = s.right.saturating_add(u32::from(right));
        };
        match self.scores.iter_mut().find(|(l, _)| *l == lesson) {
            Some((_, s)) => add(s),
            None => {
                let mut s = Score::default();
                add(&mut s);
                self.scores.push((lesson, s));
            }
        }
    }

    pub fn encode(&self) -> String {
        self.scores
            .iter()
            .map(|(l, s)| format!("{}:{}/{}", l.code(), s.answered, s.right))
            .collect::<Vec<_>>()
            .join(";")
    }

    /// Reads what `encode` wrote; anything damaged is skipped (progress is never worth an error).
    pub fn decode(s: &str) -> Progress {
        let mut p = Progress::default();
        for part in s.split(';') {
            let Some((code, nums)) = part.split_once(':') else { continue };
            let Some((a, r)) = nums.split_once('/') else { continue };
            let (Some(lesson), Ok(answered), Ok(right)) =
                (Lesson::from_code(code), a.parse::<u32>(), r.parse::<u32>())
            else {
                continue;
            };
            if right <= answered && p.scores.iter().all(|(l, _)| *l != lesson) {
                p.scores.push((lesson, Score { answered, right }));
            }
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_round_trips_and_ignores_damage() {
        let mut p = Progress::default();
        p.record(Lesson::Conv1d, true);
        p.record(Lesson::Conv1d, false);
        p.record(Lesson::Pooling, true);
        assert_eq!(p.score(Lesson::Conv1d), Score { answered: 2, right: 1 });
        assert_eq!(p.score(Lesson::Lenet), Score::default());
        assert_eq!(p.encode(), "conv1d:2/1;pooling:1/1");
        assert_eq!(Progress::decode(&p.encode()), p);
        let d =
            Progress::decode("conv1d:2/1;nonsense;pooling:x/1;dropout:1/5;lenet:3/2;conv1d:9/9");
        assert_eq!(d.encode(), "conv1d:2/1;lenet:3/2");
        assert_eq!(Progress::decode(""), Progress::default());
    }
}
