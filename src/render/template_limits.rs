//! Bounds on what one template may make one page do, so a loop in a theme override cannot eat
//! all the memory of the machine (issue 16, finding 9: `range(end=100000000)` reached 10 GB).
//!
//! - `range` is replaced by one that makes at most [`RANGE_ITEMS`] numbers per call and refuses
//!   `step_by = 0` (Tera's own loops forever on it), and, while a page renders, at most
//!   [`PAGE_RANGE_ITEMS`] numbers over all its calls, so nested `range` loops are bounded too;
//! - a page's output is written through [`Capped`], which stops the render with an error once
//!   the page passes [`PAGE_BYTES`].
//!
//! Each is a template error, reported with the template and the page like any other. What stays
//! unbounded: loops over the site's own data nested in each other (bounded by the size of the
//! manual), output a macro builds before returning it (Tera renders macro calls into a buffer of
//! its own), and strings grown by `~` in a loop. Templates are part of the manual's theme and are
//! reviewed like code; these bounds catch mistakes, not a determined author.

use std::cell::Cell;
use std::collections::HashMap;
use std::io::Write;

use tera::Value;

/// The most numbers one `range` call makes.
pub const RANGE_ITEMS: u64 = 100_000;

/// The most numbers all `range` calls of one page make together.
pub const PAGE_RANGE_ITEMS: u64 = 1_000_000;

/// The largest page a template may write: far above any real page (a 50 MB Markdown body
/// makes a page of about 70 MB).
pub const PAGE_BYTES: usize = 512 * 1024 * 1024;

thread_local! {
    /// The `range` numbers the page rendering on this thread may still make; `None` outside a
    /// page render (then only the per-call limit applies).
    static BUDGET: Cell<Option<u64>> = const { Cell::new(None) };
}

/// While alive, the `range` calls on this thread share one page's budget.
pub struct PageBudget {
    before: Option<u64>,
}

impl PageBudget {
    pub fn start() -> PageBudget {
        PageBudget { before: BUDGET.with(|b| b.replace(Some(PAGE_RANGE_ITEMS))) }
    }
}

impl Drop for PageBudget {
    fn drop(&mut self) {
        BUDGET.with(|b| b.set(self.before));
    }
}

/// `range(end=N)`, `range(start=A, end=N)`, `range(start=A, end=N, step_by=S)`: Tera's `range`,
/// with the bounds above.
pub fn range(args: &HashMap<String, Value>) -> tera::Result<Value> {
    let number = |name: &str, default: Option<u64>| -> tera::Result<u64> {
        match args.get(name) {
            Some(value) => value
                .as_u64()
                .ok_or_else(|| tera::Error::msg(format!("`range` needs a whole number ≥ 0 for `{name}`, got {value}"))),
            None => default.ok_or_else(|| tera::Error::msg(format!("`range` needs `{name}`, e.g. range(end=10)"))),
        }
    };
    let (start, end, step) = (number("start", Some(0))?, number("end", None)?, number("step_by", Some(1))?);
    if step == 0 {
        return Err(tera::Error::msg("`range` needs `step_by` of at least 1 (0 would loop forever)"));
    }
    if start > end {
        return Err(tera::Error::msg(format!("`range` got start={start} after end={end}")));
    }
    let count = (end - start).div_ceil(step);
    if count > RANGE_ITEMS {
        return Err(tera::Error::msg(format!(
            "range(start={start}, end={end}, step_by={step}) would loop {count} times; a template may loop at most {RANGE_ITEMS} times per range"
        )));
    }
    let left = BUDGET.with(|b| b.get());
    if let Some(left) = left {
        if count > left {
            return Err(tera::Error::msg(format!(
                "the `range` loops of this page would loop more than {PAGE_RANGE_ITEMS} times in all (nested loops multiply)"
            )));
        }
        BUDGET.with(|b| b.set(Some(left - count)));
    }
    Ok(Value::Array((start..end).step_by(usize::try_from(step).unwrap_or(usize::MAX)).map(Value::from).collect()))
}

/// A page's output buffer that refuses to grow past a limit ([`PAGE_BYTES`] for pages).
pub struct Capped<'a> {
    buffer: &'a mut Vec<u8>,
    limit: usize,
}

impl<'a> Capped<'a> {
    pub fn page(buffer: &'a mut Vec<u8>) -> Capped<'a> {
        Capped { buffer, limit: PAGE_BYTES }
    }
}

impl Write for Capped<'_> {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if self.buffer.len().saturating_add(data.len()) > self.limit {
            return Err(std::io::Error::other(format!(
                "the page would be larger than {} MB; a template loop is probably writing without end",
                self.limit / (1024 * 1024)
            )));
        }
        self.buffer.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(args: &[(&str, u64)]) -> tera::Result<Value> {
        range(&args.iter().map(|(k, v)| ((*k).to_owned(), Value::from(*v))).collect())
    }

    #[test]
    fn range_makes_what_teras_range_makes() {
        assert_eq!(call(&[("end", 3)]).unwrap(), serde_json::json!([0, 1, 2]));
        assert_eq!(call(&[("start", 2), ("end", 9), ("step_by", 3)]).unwrap(), serde_json::json!([2, 5, 8]));
        assert_eq!(call(&[("start", 4), ("end", 4)]).unwrap(), serde_json::json!([]));
    }

    #[test]
    fn range_refuses_huge_counts_zero_steps_and_backwards() {
        let huge = call(&[("end", 100_000_000)]).unwrap_err().to_string();
        assert!(huge.contains("100000000 times") && huge.contains("at most 100000"), "{huge}");
        assert!(call(&[("end", RANGE_ITEMS)]).is_ok());
        assert!(call(&[("end", RANGE_ITEMS + 1)]).is_err());
        assert!(call(&[("end", 5), ("step_by", 0)]).unwrap_err().to_string().contains("step_by"));
        assert!(call(&[("start", 5), ("end", 1)]).is_err());
    }

    #[test]
    fn nested_ranges_share_the_page_budget() {
        let _page = PageBudget::start();
        for _ in 0..PAGE_RANGE_ITEMS / RANGE_ITEMS {
            call(&[("end", RANGE_ITEMS)]).unwrap();
        }
        let over = call(&[("end", 1)]).unwrap_err().to_string();
        assert!(over.contains("in all"), "{over}");
    }

    #[test]
    fn the_budget_ends_with_the_page() {
        {
            let _page = PageBudget::start();
            for _ in 0..PAGE_RANGE_ITEMS / RANGE_ITEMS {
                call(&[("end", RANGE_ITEMS)]).unwrap();
            }
        }
        let _next = PageBudget::start();
        assert!(call(&[("end", RANGE_ITEMS)]).is_ok());
    }

    #[test]
    fn capped_output_stops_past_the_limit() {
        let mut buffer = vec![0u8; 8];
        let mut out = Capped { buffer: &mut buffer, limit: 10 };
        out.write_all(b"ab").unwrap();
        let error = out.write_all(b"c").unwrap_err().to_string();
        assert!(error.contains("larger than"), "{error}");
        assert_eq!(buffer.len(), 10);
    }
}
