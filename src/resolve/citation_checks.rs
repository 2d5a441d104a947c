//! Checks of one citation against its registry entry: the provisions exist (article, clause,
//! point, when the registry lists them), the date written with the number is the signing date,
//! and the number is spelt with proper letters. Each problem is a warning at the citation.

use super::citations::Found;
use crate::diagnostic::Text;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::legal::{Article, Clause};
use crate::model::LegalDoc;
use crate::parse::citation::Provision;

/// A number written with look-alike letters (`Ð` U+00D0 for `Đ`): linked, but the source should
/// be fixed, or search and copy-paste miss it.
pub fn look_alikes(found: &Found, diagnostics: &mut Diagnostics) {
    if found.look_alikes.is_empty() {
        return;
    }
    let letters = |like: &str| -> String {
        let each = found.look_alikes.iter().map(|&c| {
            let proper = crate::parse::lookalike::proper(c).unwrap_or(c);
            format!("«{c}» (U+{:04X}) {like} «{proper}»", c as u32)
        });
        each.collect::<Vec<_>>().join(", ")
    };
    let number = &found.number;
    let message = Text::new(
        format!("Số hiệu {number} có chữ chỉ trông giống chữ đúng: {}", letters("trông giống")),
        format!("The number {number} has letters that only look right: {}", letters("looks like")),
    );
    let help = Text::new(
        format!("gõ lại số hiệu thành {number} (thường do chép từ phông TCVN3/VNI hoặc từ PDF cũ)"),
        format!("retype the number as {number} (usually copied from a TCVN3/VNI font or an old PDF)"),
    );
    diagnostics.push(Diagnostic::warning(found.loc.clone(), "look-alike-letter", message).with_help(help));
}

/// A date written with the number ("số … ngày 30/9/2021") must be the registry's signing date.
pub fn check_date(legal: &LegalDoc, found: &Found, diagnostics: &mut Diagnostics) {
    let Some(written) = found.date else { return };
    if written == legal.signed {
        return;
    }
    let number = legal.number.get_ref();
    let message = Text::new(
        format!("{number} được ghi ngày {written}, nhưng danh mục văn bản ghi ngày ký {}", legal.signed),
        format!("{number} is cited as of {written}, but the legal registry says it was signed on {}", legal.signed),
    );
    let help = Text::new(
        format!("kiểm tra lại ngày ký trên văn bản gốc, rồi sửa ngày trong câu viện dẫn hoặc trường signed của legal/{}.toml", number.slug()),
        format!("check the signing date on the official text, then fix the citation or `signed` in legal/{}.toml", number.slug()),
    );
    diagnostics.push(Diagnostic::warning(found.loc.clone(), "citation-date-mismatch", message).with_help(help));
}

/// A cited article (clause, point) must be among the registry's, when it lists them.
pub fn check_provision(legal: &LegalDoc, found: &Found, diagnostics: &mut Diagnostics) {
    let (Some(provision), false) = (&found.provision, legal.articles.is_empty()) else { return };
    let Some(article) = &provision.article else { return };
    let number = legal.number.get_ref();
    let Some(known) = legal.articles.iter().find(|a| a.number.eq_ignore_ascii_case(article)) else {
        let message = Text::new(
            format!("Danh mục văn bản không có Điều {article} của {number}"),
            format!("{number} has no Điều {article} in the registry"),
        );
        let help = Text::new(
            format!("kiểm tra lại số điều, hoặc thêm Điều {article} vào articles của {number}"),
            format!("check the article number, or add it to the articles of {number}"),
        );
        diagnostics.push(Diagnostic::warning(found.loc.clone(), "unknown-article", message).with_help(help));
        return;
    };
    check_clauses(known, provision, found, diagnostics);
}

fn check_clauses(article: &Article, provision: &Provision, found: &Found, diagnostics: &mut Diagnostics) {
    if article.clauses.is_empty() {
        return;
    }
    let a = &article.number;
    for clause in &provision.clauses {
        let Some(known) = article.clauses.iter().find(|c| c.number.eq_ignore_ascii_case(clause)) else {
            let message = Text::new(
                format!("Danh mục văn bản không có khoản {clause} Điều {a} của {}", found.number),
                format!("Điều {a} of {} has no khoản {clause} in the registry", found.number),
            );
            let help = Text::new(
                "kiểm tra lại số khoản, hoặc thêm khoản đó vào clauses của điều",
                "check the clause number, or add it to the article's clauses",
            );
            diagnostics.push(Diagnostic::warning(found.loc.clone(), "unknown-clause", message).with_help(help));
            continue;
        };
        if provision.clauses.len() == 1 {
            check_points(a, known, provision, found, diagnostics);
        }
    }
}

fn check_points(article: &str, clause: &Clause, provision: &Provision, found: &Found, diagnostics: &mut Diagnostics) {
    if clause.points.is_empty() {
        return;
    }
    let c = &clause.number;
    for point in provision.points.iter().filter(|p| !clause.points.iter().any(|k| k.eq_ignore_ascii_case(p))) {
        let message = Text::new(
            format!("Danh mục văn bản không có điểm {point} khoản {c} Điều {article} của {}", found.number),
            format!("khoản {c} Điều {article} of {} has no điểm {point} in the registry", found.number),
        );
        let help = Text::new(
            "kiểm tra lại điểm, hoặc thêm điểm đó vào points của khoản",
            "check the point, or add it to the clause's points",
        );
        diagnostics.push(Diagnostic::warning(found.loc.clone(), "unknown-point", message).with_help(help));
    }
}
