//! Quantities a procedure promises citizens: processing times with their unit, and fees in đồng.
//! Both are exact (no floating point) so step times add up without rounding surprises.

use std::fmt;

use serde::{Deserialize, Serialize, Serializer};

use crate::vietnamese;

/// The unit a processing time is counted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TimeUnit {
    WorkingDays,
    WorkingHours,
    /// Calendar days ("ngày" alone, as legal texts use it).
    Days,
}

/// Working hours in one working day, used to compare hours with days.
pub const HOURS_PER_WORKING_DAY: u64 = 8;

impl TimeUnit {
    pub fn vietnamese(self) -> &'static str {
        match self {
            TimeUnit::WorkingDays => "ngày làm việc",
            TimeUnit::WorkingHours => "giờ làm việc",
            TimeUnit::Days => "ngày",
        }
    }

    fn parse(text: &str) -> Option<TimeUnit> {
        match vietnamese::fold_lower(text).split_whitespace().collect::<Vec<_>>().join(" ").as_str() {
            "ngay lam viec" | "working days" | "working day" => Some(TimeUnit::WorkingDays),
            "gio lam viec" | "working hours" | "working hour" | "gio" | "hours" | "hour" => {
                Some(TimeUnit::WorkingHours)
            }
            "ngay" | "days" | "day" | "calendar days" | "ngay ke tu ngay nhan ho so" => Some(TimeUnit::Days),
            _ => None,
        }
    }
}

/// A length of time such as `10 ngày làm việc` or `0,5 ngày làm việc`, kept in hundredths.
/// Two durations are equal when they are the same length in the same unit, however written.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(try_from = "String")]
pub struct Duration {
    pub hundredths: u64,
    pub unit: TimeUnit,
    /// How many digits the whole number was written with ("05 ngày": 2), so the page prints it
    /// the way legal texts and the national database write it; 0 when not written by hand.
    pub digits: u8,
}

impl PartialEq for Duration {
    fn eq(&self, other: &Self) -> bool {
        (self.hundredths, self.unit) == (other.hundredths, other.unit)
    }
}

impl Eq for Duration {}

impl std::hash::Hash for Duration {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (self.hundredths, self.unit).hash(state);
    }
}

impl PartialOrd for Duration {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Duration {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.hundredths, self.unit).cmp(&(other.hundredths, other.unit))
    }
}

impl Duration {
    /// This duration in working hours, when it can be compared with working hours at all.
    pub fn working_hours_hundredths(self) -> Option<u64> {
        match self.unit {
            TimeUnit::WorkingDays => Some(self.hundredths * HOURS_PER_WORKING_DAY),
            TimeUnit::WorkingHours => Some(self.hundredths),
            TimeUnit::Days => None,
        }
    }

    /// The amount as a number: `10`, `0,5`, `1,25`.
    pub fn amount(self) -> String {
        format_hundredths(self.hundredths)
    }

    /// The amount as written: `05` when the manual wrote "05 ngày", else as [`Self::amount`].
    pub fn written_amount(self) -> String {
        let amount = self.amount();
        let whole = amount.split(',').next().unwrap_or_default().len();
        let pad = usize::from(self.digits).saturating_sub(whole);
        format!("{}{amount}", "0".repeat(pad))
    }
}

pub fn format_hundredths(hundredths: u64) -> String {
    let whole = hundredths / 100;
    let frac = hundredths % 100;
    if frac == 0 {
        whole.to_string()
    } else if frac.is_multiple_of(10) {
        format!("{whole},{}", frac / 10)
    } else {
        format!("{whole},{frac:02}")
    }
}

impl TryFrom<String> for Duration {
    type Error = String;
    fn try_from(value: String) -> Result<Self, String> {
        let text = value.trim();
        let split = text.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',')).unwrap_or(text.len());
        let (number, unit) = text.split_at(split);
        let hundredths = parse_hundredths(number);
        let unit = TimeUnit::parse(unit);
        match (hundredths, unit) {
            (Some(hundredths), Some(unit)) if hundredths > 0 => {
                let digits = number.trim().bytes().take_while(u8::is_ascii_digit).count();
                Ok(Duration { hundredths, unit, digits: u8::try_from(digits).unwrap_or(u8::MAX) })
            }
            _ => Err(format!(
                "`{text}` is not a processing time; write a number and a unit, e.g. \"10 ngày làm việc\", \"4 giờ làm việc\" or \"15 ngày\" (calendar days)"
            )),
        }
    }
}

fn parse_hundredths(number: &str) -> Option<u64> {
    let number = number.trim().replace(',', ".");
    let (whole, frac) = number.split_once('.').unwrap_or((&number, ""));
    if whole.is_empty() || frac.len() > 2 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole: u64 = whole.parse().ok()?;
    let frac: u64 = if frac.is_empty() { 0 } else { format!("{frac:0<2}").parse().ok()? };
    whole.checked_mul(100)?.checked_add(frac)
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.written_amount(), self.unit.vietnamese())
    }
}

impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Duration", 4)?;
        s.serialize_field("amount", &self.amount())?;
        s.serialize_field("written", &self.written_amount())?;
        s.serialize_field("unit", &self.unit)?;
        s.serialize_field("text", &self.to_string())?;
        s.end()
    }
}

/// A fee in đồng. Zero means no fee; at most [`Money::MAX`] (a typo, not a fee, beyond that).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "u64")]
pub struct Money(pub u64);

impl TryFrom<u64> for Money {
    type Error = String;
    fn try_from(dong: u64) -> Result<Self, String> {
        if dong > Money::MAX.0 {
            return Err(format!(
                "a fee of {} đồng is more than {} đồng, which no administrative fee comes near; write the fee in đồng, e.g. 50000",
                Money(dong).amount(),
                Money::MAX.amount()
            ));
        }
        Ok(Money(dong))
    }
}

impl Money {
    /// The largest fee accepted: 10^12 đồng.
    pub const MAX: Money = Money(1_000_000_000_000);

    /// The amount with Vietnamese digit grouping: `50.000`.
    pub fn amount(self) -> String {
        grouped(self.0, '.')
    }
}

/// `5564` → `5.564` with `'.'` (Vietnamese money and figures), `5,564` with `','` (English),
/// `20 000 000` with `' '` (byte sizes): the one digit grouping of every figure sotay prints.
pub fn grouped(n: u64, separator: char) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == 0 {
            return f.write_str("Không thu phí");
        }
        write!(f, "{} đồng", self.amount())
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Money", 3)?;
        s.serialize_field("dong", &self.0)?;
        s.serialize_field("amount", &self.amount())?;
        s.serialize_field("text", &self.to_string())?;
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Result<Duration, String> {
        Duration::try_from(text.to_owned())
    }

    #[test]
    fn durations_parse_in_vietnamese_and_english() {
        assert_eq!(
            d("10 ngày làm việc").unwrap(),
            Duration { hundredths: 1000, unit: TimeUnit::WorkingDays, digits: 2 }
        );
        assert_eq!(d("0,5 ngay lam viec").unwrap().to_string(), "0,5 ngày làm việc");
        assert_eq!(d("4 working hours").unwrap().working_hours_hundredths(), Some(400));
        assert_eq!(d("15 ngày").unwrap().unit, TimeUnit::Days);
        assert_eq!(d("1.25 working days").unwrap().amount(), "1,25");
    }

    #[test]
    fn a_leading_zero_is_printed_as_written_and_does_not_change_the_length() {
        let written = d("05 ngày làm việc").unwrap();
        assert_eq!(written.to_string(), "05 ngày làm việc");
        assert_eq!(written.amount(), "5", "the number itself has no leading zero");
        assert_eq!(written, d("5 ngày làm việc").unwrap(), "05 and 5 days are the same time");
        assert_eq!(d("5 ngày làm việc").unwrap().to_string(), "5 ngày làm việc");
        assert_eq!(d("0,5 ngày làm việc").unwrap().to_string(), "0,5 ngày làm việc");
        assert_eq!(d("03 giờ").unwrap().to_string(), "03 giờ làm việc");
        let json = serde_json::to_value(written).unwrap();
        assert_eq!((json["amount"].as_str(), json["written"].as_str()), (Some("5"), Some("05")), "{json}");
    }

    #[test]
    fn durations_reject_nonsense() {
        for bad in ["", "mười ngày", "10", "10 tuần", "0 ngày", "1.234 ngày", "-1 ngày"] {
            assert!(d(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn fees_beyond_a_trillion_dong_are_refused() {
        #[derive(Deserialize, Debug)]
        struct Fee {
            #[allow(dead_code)]
            fee: Money,
        }
        assert!(toml::from_str::<Fee>("fee = 1000000000000").is_ok());
        for bad in ["fee = 1000000000001", "fee = 18446744073709551615", "fee = 9223372036854775807", "fee = -1"] {
            assert!(toml::from_str::<Fee>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn money_prints_vietnamese_grouping() {
        assert_eq!(Money(50_000).to_string(), "50.000 đồng");
        assert_eq!(Money(1_500_000).to_string(), "1.500.000 đồng");
        assert_eq!(Money(0).to_string(), "Không thu phí");
    }
}
