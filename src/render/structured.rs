//! Machine-readable descriptions for search engines and portals: schema.org `GovernmentService`
//! JSON-LD on procedure pages, built from the same view the page shows. The JSON is escaped for
//! an HTML `<script>` element, so no value from a manual can close the element or open another.

use serde_json::{json, Value};

use super::views::DocView;
use crate::config::Agency;
use crate::i18n::Strings;

/// The JSON-LD of a procedure's page, ready to place inside `<script type="application/ld+json">`;
/// none for other documents.
pub fn government_service(view: &DocView, agency: &Agency, canonical: &str, ui: &Strings) -> Option<String> {
    let procedure = view.procedure.as_ref()?;
    let mut provider = json!({
        "@type": "GovernmentOrganization",
        "name": agency.name,
        "address": agency.address,
    });
    let website = agency.website.as_ref().map(|w| w.get_ref());
    for (key, value) in [("telephone", agency.phone.as_ref()), ("email", agency.email.as_ref()), ("url", website)] {
        if let Some(value) = value {
            provider[key] = json!(value);
        }
    }
    let channels: Vec<Value> = procedure
        .methods
        .iter()
        .map(|method| {
            let mut channel = json!({
                "@type": "ServiceChannel",
                "name": method.name,
                "description": ui.fill("procedure.channel", &[("time", &ui.duration(&method.time_limit)), ("fee", &ui.fee(&method.fee))]),
            });
            if let Some(place) = &procedure.where_to_submit {
                channel["serviceLocation"] = json!({ "@type": "Place", "name": place });
            }
            channel
        })
        .collect();
    let offers: Vec<Value> = procedure
        .methods
        .iter()
        .map(|method| {
            json!({
                "@type": "Offer",
                "name": method.name,
                "price": method.fee.0,
                "priceCurrency": "VND",
            })
        })
        .collect();
    let mut service = json!({
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": view.reference.title,
        "url": canonical,
        "provider": provider,
        "serviceOperator": provider,
        "availableChannel": channels,
        "offers": offers,
    });
    let optional = [
        ("description", view.summary.clone()),
        ("serviceType", procedure.field.clone()),
        ("identifier", procedure.tthc_code.clone().or_else(|| view.reference.code.clone())),
        ("areaServed", Some(agency.parent.clone())),
    ];
    for (key, value) in optional {
        if let Some(value) = value {
            service[key] = json!(value);
        }
    }
    if let Some(applicants) = &procedure.applicants {
        service["audience"] = json!({ "@type": "Audience", "audienceType": applicants });
    }
    if let Some(result) = &procedure.result {
        service["serviceOutput"] = json!({ "@type": "Thing", "name": result });
    }
    Some(script_safe(&service.to_string()))
}

/// JSON that can sit inside a `<script>` element: `<`, `>` and `&` as `\u` escapes (still the
/// same JSON), and the line separators JavaScript once rejected.
pub fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_safe_json_cannot_close_the_script_and_parses_the_same() {
        let original = json!({ "name": "</script><script>alert(1)</script> & \u{2028}" }).to_string();
        let safe = script_safe(&original);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        let back: Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, serde_json::from_str::<Value>(&original).unwrap());
    }
}
