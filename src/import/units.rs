//! The units a step table or records table names ("Bộ phận Một cửa", "Phòng QLKH") matched to
//! the ids of sotay.toml's `[[units]]` and `[[bodies]]`: the same name, or a similar one (a
//! guess the report names), or none (listed, so the agency adds the unit).

use strsim::normalized_levenshtein;

use super::values::fold;

/// A unit or body of the manual: its id and name.
#[derive(Clone, Debug)]
pub struct Known {
    pub id: String,
    pub name: String,
}

/// How a unit written in the Word file matched.
#[derive(Clone, Debug, PartialEq)]
pub enum Matched {
    Exact(String),
    /// The id of a similar unit, and its name, for the report.
    Similar(String, String),
    Unknown,
}

/// Reads `[[units]]` and `[[bodies]]` (id, name) from sotay.toml's text.
pub fn known(sotay_toml: &str) -> Vec<Known> {
    let Ok(table) = toml::from_str::<toml::Table>(sotay_toml) else { return Vec::new() };
    let mut known = Vec::new();
    for key in ["units", "bodies"] {
        for item in table.get(key).and_then(|v| v.as_array()).into_iter().flatten() {
            let id = item.get("id").and_then(|v| v.as_str());
            let name = item.get("name").and_then(|v| v.as_str());
            if let (Some(id), Some(name)) = (id, name) {
                known.push(Known { id: id.to_owned(), name: name.to_owned() });
            }
        }
    }
    known
}

/// The unit `text` names: the first part of a list ("Văn phòng; Phòng QLKH") that matches.
pub fn find(text: &str, known: &[Known]) -> Matched {
    let parts: Vec<&str> = text.split([';', ',', '/', '\n']).map(str::trim).filter(|p| !p.is_empty()).collect();
    let mut best = Matched::Unknown;
    for part in parts {
        match one(part, known) {
            Matched::Exact(id) => return Matched::Exact(id),
            similar @ Matched::Similar(..) if best == Matched::Unknown => best = similar,
            _ => {}
        }
    }
    best
}

/// The closest unit to `text` that did not match, to suggest: "Tên (id)".
pub fn closest(text: &str, known: &[Known]) -> Option<String> {
    let folded = fold(text);
    let scored = known.iter().map(|k| (normalized_levenshtein(&folded, &fold(&k.name)), k));
    let (score, unit) = scored.max_by(|a, b| a.0.total_cmp(&b.0))?;
    (score >= 0.4).then(|| format!("{} ({})", unit.name, unit.id))
}

fn one(text: &str, known: &[Known]) -> Matched {
    let folded = fold(text);
    if let Some(unit) = known.iter().find(|k| fold(&k.name) == folded || k.id.eq_ignore_ascii_case(text.trim())) {
        return Matched::Exact(unit.id.clone());
    }
    let score = |k: &Known| {
        let name = fold(&k.name);
        let contained = name.len() >= 6 && folded.len() >= 6 && (name.contains(&folded) || folded.contains(&name));
        if contained {
            0.9
        } else {
            normalized_levenshtein(&folded, &name)
        }
    };
    let best = known.iter().map(|k| (score(k), k)).max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((score, unit)) if score >= 0.75 => Matched::Similar(unit.id.clone(), unit.name.clone()),
        _ => Matched::Unknown,
    }
}

/// An id for a unit the manual does not have yet: its name folded, words joined by `-`.
pub fn new_id(text: &str) -> String {
    let slug = crate::vietnamese::slug(text);
    let id: String = slug.chars().take(30).collect();
    let id = id.trim_end_matches('-').to_owned();
    if id.is_empty() {
        "chua-ro".to_owned()
    } else {
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units() -> Vec<Known> {
        vec![
            Known { id: "vp".into(), name: "Văn phòng Sở".into() },
            Known { id: "bp-mc".into(), name: "Bộ phận Một cửa".into() },
            Known { id: "qlkh".into(), name: "Phòng Quản lý khoa học".into() },
        ]
    }

    #[test]
    fn same_name_matches_whatever_the_case_and_marks() {
        assert_eq!(find("BỘ PHẬN MỘT CỬA", &units()), Matched::Exact("bp-mc".into()));
        assert_eq!(find("Bo phan mot cua", &units()), Matched::Exact("bp-mc".into()));
    }

    #[test]
    fn similar_name_is_a_guess_and_unknown_is_none() {
        assert_eq!(find("Văn phòng", &units()), Matched::Similar("vp".into(), "Văn phòng Sở".into()));
        assert_eq!(
            find("Phòng Quản lý khoa hoc.", &units()),
            Matched::Similar("qlkh".into(), "Phòng Quản lý khoa học".into())
        );
        assert_eq!(find("Thanh tra tỉnh", &units()), Matched::Unknown);
        assert_eq!(closest("Phòng Quản lý công nghệ", &units()), Some("Phòng Quản lý khoa học (qlkh)".into()));
        assert_eq!(closest("Thanh tra tỉnh", &units()), None);
    }
}
