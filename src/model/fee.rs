//! Fees (phí) and charges (lệ phí) as the national TTHC database records them: each a kind, an
//! amount, a range, a percentage or "as a resolution sets it", per unit, with who is exempt and
//! the legal basis. "Không thu phí, lệ phí" is shown only when the manual says so.

use std::fmt;

use serde::{Deserialize, Serialize, Serializer};
use toml::Spanned;

use super::legal::LegalNumber;
use super::procedure::MethodKind;
use super::quantity::{format_hundredths, Money};

/// Phí (a fee for a service) or lệ phí (a state charge): the law keeps them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum FeeKind {
    #[serde(rename = "phí", alias = "phi", alias = "fee")]
    Fee,
    #[serde(rename = "lệ phí", alias = "le phi", alias = "le-phi", alias = "charge")]
    Charge,
}

impl FeeKind {
    /// "Phí", "Lệ phí".
    pub fn vietnamese(self) -> &'static str {
        match self {
            FeeKind::Fee => "Phí",
            FeeKind::Charge => "Lệ phí",
        }
    }
}

/// A rate in hundredths of a percent (`0,5 %` is 50), between 0 and 100 %.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "f64")]
pub struct Percent(pub u32);

impl TryFrom<f64> for Percent {
    type Error = String;
    fn try_from(value: f64) -> Result<Self, String> {
        let hundredths = (value * 100.0).round();
        if !value.is_finite() || value <= 0.0 || value > 100.0 || (value * 100.0 - hundredths).abs() > 1e-6 {
            return Err(format!(
                "a rate of {value} % is not a percentage between 0 and 100 with at most two decimals; write e.g. percent = 0.5 for 0,5 %"
            ));
        }
        Ok(Percent(hundredths as u32))
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} %", format_hundredths(u64::from(self.0)))
    }
}

impl Serialize for Percent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(f64::from(self.0) / 100.0)
    }
}

/// One `[[procedure.fees]]` row: what is charged, for which methods and cases.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fee {
    /// "phí" or "lệ phí"; required (checked in resolve so the help can say what to write).
    pub kind: Option<Spanned<FeeKind>>,
    /// A fixed amount in đồng; `0` means this fee or charge is not collected ("Miễn lệ phí").
    pub amount: Option<Spanned<Money>>,
    /// From the first to the second amount, in đồng.
    pub range: Option<Spanned<[Money; 2]>>,
    /// A rate, e.g. 0.5 for lệ phí trước bạ.
    pub percent: Option<Spanned<Percent>>,
    /// What a rate is taken of, e.g. "giá tính lệ phí trước bạ".
    pub of: Option<String>,
    /// The unit an amount is per, e.g. "bản sao", "giấy chứng nhận", "m²".
    pub per: Option<String>,
    /// Who or when is exempt, e.g. "Người có công với cách mạng".
    pub exempt: Option<String>,
    /// The legal document that sets it.
    pub basis: Option<Spanned<LegalNumber>>,
    /// Anything else, e.g. "Theo Nghị quyết của HĐND tỉnh" when no amount is written.
    pub note: Option<String>,
    /// The methods it applies to; all when empty.
    #[serde(default)]
    pub methods: Vec<MethodKind>,
    /// The cases it applies to, by id; all when empty.
    #[serde(default)]
    pub cases: Vec<Spanned<String>>,
}

impl Fee {
    /// A fee written the old way (`fee = 200000` on a method), whose kind the manual never said.
    pub fn legacy(amount: Money, note: Option<String>, method: MethodKind) -> Fee {
        Fee {
            kind: None,
            amount: Some(Spanned::new(0..0, amount)),
            range: None,
            percent: None,
            of: None,
            per: None,
            exempt: None,
            basis: None,
            note,
            methods: vec![method],
            cases: Vec::new(),
        }
    }

    /// Whether it applies to `method` in `case` (`None`: the procedure has no cases).
    pub fn applies(&self, method: MethodKind, case: Option<&str>) -> bool {
        (self.methods.is_empty() || self.methods.contains(&method))
            && (self.cases.is_empty() || case.is_none_or(|c| self.cases.iter().any(|x| x.get_ref() == c)))
    }

    /// The amount in words: "Miễn lệ phí", "8.000 đồng/bản sao", "0,5 % giá tính lệ phí trước bạ".
    pub fn amount_text(&self) -> String {
        let kind = self.kind.as_ref().map(|k| *k.get_ref());
        let per = self.per.as_ref().map(|p| format!("/{p}")).unwrap_or_default();
        if let Some(amount) = &self.amount {
            return match (amount.get_ref().0, kind) {
                (0, Some(kind)) => format!("Miễn {}", kind.vietnamese().to_lowercase()),
                (0, None) => "Không thu phí, lệ phí".to_owned(),
                _ => format!("{} đồng{per}", amount.get_ref().amount()),
            };
        }
        if let Some(range) = &self.range {
            let [low, high] = range.get_ref();
            return format!("Từ {} đến {} đồng{per}", low.amount(), high.amount());
        }
        if let Some(percent) = &self.percent {
            return match &self.of {
                Some(of) => format!("{} {of}", percent.get_ref()),
                None => percent.get_ref().to_string(),
            };
        }
        self.note.clone().unwrap_or_default()
    }

    /// The whole line as the page prints it: "Lệ phí: 8.000 đồng", "Miễn lệ phí".
    pub fn text(&self) -> String {
        let amount = self.amount_text();
        let free = self.amount.as_ref().is_some_and(|a| a.get_ref().0 == 0);
        match self.kind.as_ref() {
            Some(kind) if !free => format!("{}: {amount}", kind.get_ref().vietnamese()),
            _ => amount,
        }
    }

    /// Whether this row says the fee is not collected.
    pub fn is_free(&self) -> bool {
        self.amount.as_ref().is_some_and(|a| a.get_ref().0 == 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fee(text: &str) -> Result<Fee, toml::de::Error> {
        toml::from_str(text)
    }

    #[test]
    fn kinds_are_written_in_vietnamese_or_english() {
        assert_eq!(*fee("kind = \"lệ phí\"").unwrap().kind.unwrap().get_ref(), FeeKind::Charge);
        assert_eq!(*fee("kind = \"phí\"").unwrap().kind.unwrap().get_ref(), FeeKind::Fee);
        assert_eq!(*fee("kind = \"charge\"").unwrap().kind.unwrap().get_ref(), FeeKind::Charge);
        let err = fee("kind = \"thuế\"").unwrap_err();
        assert!(err.message().contains("unknown variant"), "{err}");
    }

    #[test]
    fn amounts_print_as_citizens_read_them() {
        assert_eq!(fee("kind = \"lệ phí\"\namount = 0").unwrap().text(), "Miễn lệ phí");
        assert_eq!(fee("kind = \"lệ phí\"\namount = 8000").unwrap().text(), "Lệ phí: 8.000 đồng");
        assert_eq!(fee("kind = \"phí\"\namount = 3000\nper = \"bản sao\"").unwrap().text(), "Phí: 3.000 đồng/bản sao");
        assert_eq!(
            fee("kind = \"lệ phí\"\npercent = 0.5\nof = \"giá tính lệ phí trước bạ\"").unwrap().text(),
            "Lệ phí: 0,5 % giá tính lệ phí trước bạ"
        );
        assert_eq!(fee("kind = \"phí\"\nrange = [10000, 50000]").unwrap().text(), "Phí: Từ 10.000 đến 50.000 đồng");
    }

    #[test]
    fn percentages_above_100_or_finer_than_hundredths_are_refused() {
        assert_eq!(*fee("percent = 100").unwrap().percent.unwrap().get_ref(), Percent(10_000));
        for bad in ["percent = 150", "percent = 0", "percent = -1", "percent = 0.001", "percent = nan"] {
            assert!(fee(bad).is_err(), "{bad}");
        }
    }
}
