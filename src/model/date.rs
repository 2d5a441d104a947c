//! Calendar dates as the manual writes them: a TOML date (`2026-01-15`) or a string in ISO
//! (`"2026-01-15"`) or Vietnamese (`"15/01/2026"`) order. Printed as dd/mm/yyyy.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date without time or zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(time::Date);

impl Date {
    /// The years a date of the manual may have in either form; `[site] earliest_date` narrows
    /// this further for the dates a document is issued and amended on.
    pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let month = time::Month::try_from(month).ok()?;
        time::Date::from_calendar_date(year, month, day).ok().map(Date)
    }

    /// Parses `2026-01-15` or `15/01/2026` (also `5/3/2014`).
    pub fn parse(text: &str) -> Result<Date, String> {
        let text = text.trim();
        let parts: Vec<&str> = if text.contains('/') {
            let mut p: Vec<&str> = text.split('/').collect();
            p.reverse();
            p
        } else {
            text.split('-').collect()
        };
        let numbers: Option<Vec<u32>> = parts.iter().map(|p| p.trim().parse().ok()).collect();
        match numbers.as_deref() {
            Some([y, m, d]) if Date::YEARS.contains(&(*y as i32)) && *m <= 12 && *d <= 31 => {
                Date::new(*y as i32, *m as u8, *d as u8).ok_or_else(|| format!("`{text}` is not a day of the calendar"))
            }
            _ => Err(format!("`{text}` is not a date; write it as 2026-01-15 (or \"15/01/2026\")")),
        }
    }

    pub fn year(self) -> i32 {
        self.0.year()
    }

    /// `2026-01-15`, the form used in JSON, sitemaps and feeds.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.0.year(), self.0.month() as u8, self.0.day())
    }

    /// `15/01/2026`, the form Vietnamese readers expect.
    pub fn vietnamese(self) -> String {
        format!("{:02}/{:02}/{:04}", self.0.day(), self.0.month() as u8, self.0.year())
    }

    /// Today in the local time zone (UTC when it cannot be told), or the day of
    /// `SOURCE_DATE_EPOCH` (in UTC, as reproducible-builds.org specifies) when that is set, so a
    /// rebuild of the same sources gives the same bytes. An invalid value is ignored here; the
    /// command line reports it through [`Date::source_date_epoch`].
    pub fn today() -> Date {
        if let Some(Ok(date)) = Date::source_date_epoch() {
            return date;
        }
        let now = time::OffsetDateTime::now_local().unwrap_or_else(|_| time::OffsetDateTime::now_utc());
        Date(now.date())
    }

    /// The day of the `SOURCE_DATE_EPOCH` environment variable (seconds since 1970, UTC), `None`
    /// when it is unset or empty, or an error naming the bad value.
    pub fn source_date_epoch() -> Option<Result<Date, crate::diagnostic::Text>> {
        let value = std::env::var("SOURCE_DATE_EPOCH").ok().filter(|v| !v.trim().is_empty())?;
        Some(Date::from_epoch_text(&value))
    }

    fn from_epoch_text(value: &str) -> Result<Date, crate::diagnostic::Text> {
        let seconds: i64 = value.trim().parse().map_err(|_| {
            tr!(
                "SOURCE_DATE_EPOCH={value} không phải số giây nguyên tính từ 01/01/1970 (ví dụ 1768435200)",
                "SOURCE_DATE_EPOCH={value} is not a whole number of seconds since 1970-01-01 (e.g. 1768435200)"
            )
        })?;
        time::OffsetDateTime::from_unix_timestamp(seconds).map(|t| Date(t.date())).map_err(|_| {
            tr!("SOURCE_DATE_EPOCH={value} nằm ngoài khoảng cho phép", "SOURCE_DATE_EPOCH={value} is out of range")
        })
    }

    /// The same day `months` months later, or the month's last day when it has no such day
    /// (31/01 + 1 month = 28/02 or 29/02); `self` when the result is out of range.
    pub fn add_months(self, months: u32) -> Date {
        let index = self.0.year() as i64 * 12 + (self.0.month() as i64 - 1) + months as i64;
        let (year, month) = ((index / 12) as i32, (index % 12 + 1) as u8);
        (1..=self.0.day()).rev().find_map(|day| Date::new(year, month, day)).unwrap_or(self)
    }

    /// The day `days` days later (earlier when negative); `self` when out of range.
    pub fn add_days(self, days: i64) -> Date {
        self.0.checked_add(time::Duration::days(days)).map_or(self, Date)
    }

    /// Days from `self` to `other` (negative when `other` is earlier).
    pub fn days_until(self, other: Date) -> i64 {
        (other.0 - self.0).whole_days()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.vietnamese())
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.iso())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        match toml::Value::deserialize(deserializer)? {
            toml::Value::String(s) => Date::parse(&s).map_err(D::Error::custom),
            toml::Value::Datetime(dt) => match (dt.date, dt.time) {
                (Some(d), None) if !Date::YEARS.contains(&i32::from(d.year)) => Err(D::Error::custom(format!(
                    "`{dt}` is not a date of the manual: the year must be between {} and {}",
                    Date::YEARS.start(),
                    Date::YEARS.end()
                ))),
                (Some(d), None) => Date::new(i32::from(d.year), d.month, d.day)
                    .ok_or_else(|| D::Error::custom(format!("`{dt}` is not a day of the calendar"))),
                _ => Err(D::Error::custom(format!("`{dt}` has a time of day; write the date alone, e.g. 2026-01-15"))),
            },
            other => Err(D::Error::custom(format!("expected a date such as 2026-01-15, found {}", other.type_str()))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_added_to_the_calendar() {
        let d = |t: &str| Date::parse(t).unwrap();
        assert_eq!(d("2026-01-31").add_months(1), d("2026-02-28"));
        assert_eq!(d("2026-11-15").add_months(12), d("2027-11-15"));
        assert_eq!(d("2026-11-15").add_months(2), d("2027-01-15"));
    }

    #[test]
    fn source_date_epoch_is_a_utc_day() {
        // 2026-01-15T00:00:00Z and one second before it.
        assert_eq!(Date::from_epoch_text("1768435200"), Ok(Date::new(2026, 1, 15).unwrap()));
        assert_eq!(Date::from_epoch_text("1768435199"), Ok(Date::new(2026, 1, 14).unwrap()));
        assert!(Date::from_epoch_text("yesterday").unwrap_err().contains("SOURCE_DATE_EPOCH=yesterday"));
        assert!(Date::from_epoch_text("99999999999999999").is_err());
    }

    #[test]
    fn year_zero_is_refused_in_both_forms() {
        #[derive(serde::Deserialize, Debug)]
        struct D {
            #[allow(dead_code)]
            issued: Date,
        }
        for bad in ["issued = 0000-01-01", "issued = 1899-12-31", "issued = \"0000-01-01\"", "issued = 2201-01-01"] {
            assert!(toml::from_str::<D>(bad).is_err(), "{bad}");
        }
        assert!(toml::from_str::<D>("issued = 1900-01-01").is_ok());
    }

    #[test]
    fn parses_both_orders() {
        assert_eq!(Date::parse("2014-03-05"), Ok(Date::new(2014, 3, 5).unwrap()));
        assert_eq!(Date::parse("5/3/2014"), Ok(Date::new(2014, 3, 5).unwrap()));
        assert_eq!(Date::new(2014, 3, 5).unwrap().to_string(), "05/03/2014");
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(Date::parse("2026-02-30").is_err());
        assert!(Date::parse("31/13/2026").is_err());
        assert!(Date::parse("hôm qua").is_err());
        assert!(Date::parse("0912345678").is_err());
    }

    #[test]
    fn toml_dates_and_strings_deserialize() {
        #[derive(Deserialize)]
        struct T {
            a: Date,
            b: Date,
        }
        let t: T = toml::from_str("a = 2026-01-15\nb = \"15/01/2026\"").unwrap();
        assert_eq!(t.a, t.b);
        let err = toml::from_str::<T>("a = 2026-01-15T10:00:00\nb = 1").err().unwrap();
        assert!(err.message().contains("time of day"), "{err}");
    }
}
