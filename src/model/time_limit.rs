//! A submission method's time limit (thời hạn giải quyết) as legal texts write it: an amount in
//! hours, calendar days or working days, or "trong ngày" (the same working day), counted from an
//! origin, lengthened in named conditions, with periods that do not count.

use std::fmt;

use serde::{Deserialize, Serialize, Serializer};
use toml::Spanned;

use super::quantity::{Duration, TimeUnit, HOURS_PER_WORKING_DAY};
use crate::vietnamese;

/// The limit itself: a duration, or the same working day.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
pub enum TimeLimit {
    /// "Trong ngày": the result is returned the day the dossier is received.
    SameDay,
    /// An amount, with the origin written after it ("kể từ ngày nhận đủ hồ sơ hợp lệ") when any.
    Within { duration: Duration, from: Option<String> },
}

impl TimeLimit {
    /// The duration the steps must fit in; the same day counts as one working day.
    pub fn budget(&self) -> Duration {
        match self {
            TimeLimit::SameDay => Duration { hundredths: 100, unit: TimeUnit::WorkingDays, digits: 0 },
            TimeLimit::Within { duration, .. } => *duration,
        }
    }

    /// Where the time is counted from, when written in the limit.
    pub fn from(&self) -> Option<&str> {
        match self {
            TimeLimit::SameDay => None,
            TimeLimit::Within { from, .. } => from.as_deref(),
        }
    }

    /// The duration as written, when there is one.
    pub fn duration(&self) -> Option<Duration> {
        match self {
            TimeLimit::SameDay => None,
            TimeLimit::Within { duration, .. } => Some(*duration),
        }
    }
}

impl TryFrom<String> for TimeLimit {
    type Error = String;
    fn try_from(value: String) -> Result<Self, String> {
        let text = value.trim();
        let folded = vietnamese::fold_lower(text);
        if matches!(folded.as_str(), "trong ngay" | "ngay trong ngay" | "trong ngay lam viec" | "same day") {
            return Ok(TimeLimit::SameDay);
        }
        // "10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ": the origin starts at "kể từ".
        // Folding keeps one character per character, so a char index in `folded` is one in `text`.
        let origin = folded.find("ke tu").map(|at| folded[..at].chars().count());
        let (amount, from) = match origin {
            Some(chars) => {
                let at = text.char_indices().nth(chars).map_or(text.len(), |(i, _)| i);
                let (amount, from) = text.split_at(at);
                (amount.trim().trim_end_matches(',').trim(), Some(from.trim().to_owned()))
            }
            None => (text, None),
        };
        let duration = Duration::try_from(amount.to_owned()).map_err(|_| {
            format!(
                "\"{text}\" is not a time limit; write an amount and a unit, e.g. \"10 ngày làm việc\", \"4 giờ\", \"15 ngày\" (calendar days), \"trong ngày\", or \"10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ\""
            )
        })?;
        Ok(TimeLimit::Within { duration, from })
    }
}

impl fmt::Display for TimeLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeLimit::SameDay => f.write_str("Trong ngày làm việc"),
            TimeLimit::Within { duration, from: None } => write!(f, "{duration}"),
            TimeLimit::Within { duration, from: Some(from) } => write!(f, "{duration} {from}"),
        }
    }
}

impl Serialize for TimeLimit {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("TimeLimit", 5)?;
        s.serialize_field("same_day", &matches!(self, TimeLimit::SameDay))?;
        s.serialize_field("amount", &self.duration().map(|d| d.amount()))?;
        s.serialize_field("unit", &self.duration().map(|d| d.unit))?;
        s.serialize_field("from", &self.from())?;
        s.serialize_field("text", &self.to_string())?;
        s.end()
    }
}

/// An hour of the day after which a same-day dossier is returned the next working day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8")]
pub struct Hour(pub u8);

impl TryFrom<u8> for Hour {
    type Error = String;
    fn try_from(hour: u8) -> Result<Self, String> {
        if (1..=23).contains(&hour) {
            Ok(Hour(hour))
        } else {
            Err(format!("{hour} is not an hour of the working day; write the hour as a number, e.g. cutoff = 15"))
        }
    }
}

/// Extra time in a named condition, e.g. "+10 ngày" for remote communes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Extension {
    pub time: Spanned<Duration>,
    /// When it applies, e.g. "Đối với xã vùng sâu, vùng xa".
    pub when: String,
}

/// A period that does not count towards the limit, e.g. 15 days of public posting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExcludedPeriod {
    /// What it is, e.g. "Thời gian niêm yết công khai".
    pub what: String,
    pub time: Option<Spanned<Duration>>,
}

/// Whether `time` can be added to a total kept in `limit`'s unit, and how much it adds there:
/// hundredths of working hours for working units, hundredths of days for calendar days.
pub fn in_units_of(time: Duration, limit: TimeUnit) -> Option<u64> {
    match (time.unit, limit) {
        (TimeUnit::Days, TimeUnit::Days) => Some(time.hundredths),
        (TimeUnit::Days, _) | (_, TimeUnit::Days) => None,
        _ => time.working_hours_hundredths(),
    }
}

/// A total kept by [`in_units_of`] printed in `limit`'s unit.
pub fn total_text(total: u64, limit: TimeUnit) -> String {
    let amount = match limit {
        TimeUnit::WorkingDays => total / HOURS_PER_WORKING_DAY,
        _ => total,
    };
    Duration { hundredths: amount, unit: limit, digits: 0 }.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit(text: &str) -> Result<TimeLimit, String> {
        TimeLimit::try_from(text.to_owned())
    }

    #[test]
    fn same_day_and_origin_are_understood() {
        assert_eq!(limit("Trong ngày").unwrap(), TimeLimit::SameDay);
        let within = limit("10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ").unwrap();
        assert_eq!(within.to_string(), "10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ");
        assert_eq!(within.duration().unwrap().unit, TimeUnit::WorkingDays);
        assert_eq!(limit("05 ngày làm việc, kể từ ngày nhận đủ hồ sơ").unwrap().duration().unwrap().hundredths, 500);
    }

    #[test]
    fn units_that_are_not_durations_are_refused() {
        for bad in ["10 tuần", "10 đồng", "kể từ ngày nhận hồ sơ", "mười ngày"] {
            assert!(limit(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn calendar_and_working_days_do_not_mix() {
        let days = Duration { hundredths: 1500, unit: TimeUnit::Days, digits: 0 };
        let working = Duration { hundredths: 50, unit: TimeUnit::WorkingDays, digits: 0 };
        assert_eq!(in_units_of(days, TimeUnit::WorkingDays), None);
        assert_eq!(in_units_of(working, TimeUnit::Days), None);
        assert_eq!(in_units_of(working, TimeUnit::WorkingHours), Some(400));
        assert_eq!(total_text(800, TimeUnit::WorkingDays), "1 ngày làm việc");
    }
}
