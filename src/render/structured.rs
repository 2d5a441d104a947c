//! Machine-readable descriptions for search engines and portals: schema.org `GovernmentService`
//! JSON-LD on procedure pages, built from the same view the page shows. The JSON is escaped for
//! an HTML `<script>` element, so no value from a manual can close the element or open another.

use serde_json::{json, Value};

use super::views::{BodyView, DocView};
use crate::config::Agency;
use crate::i18n::Strings;

/// The JSON-LD of a procedure's page, ready to place inside `<script type="application/ld+json">`;
/// none for other documents.
pub fn government_service(view: &DocView, agency: &Agency, canonical: &str, ui: &Strings) -> Option<String> {
    let procedure = view.procedure.as_ref()?;
    let provider = match &procedure.implementing {
        Some(body) => body_organization(body, agency),
        None => agency_organization(agency),
    };
    let places: Vec<Value> = procedure.submit_at.iter().map(place).collect();
    let channels: Vec<Value> = procedure
        .methods
        .iter()
        .map(|method| {
            let mut channel = json!({
                "@type": "ServiceChannel",
                "name": method.name,
                "description": ui.fill("procedure.channel", &[("time", &method.time_limit_text), ("fee", &method.fee_text)]),
            });
            if let Some(first) = places.first() {
                channel["serviceLocation"] = first.clone();
            } else if let Some(place) = &procedure.where_to_submit {
                channel["serviceLocation"] = json!({ "@type": "Place", "name": place });
            }
            channel
        })
        .collect();
    let mut service = json!({
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": procedure.name.clone().unwrap_or_else(|| view.reference.title.clone()),
        "url": canonical,
        "provider": provider,
        "serviceOperator": provider,
        "availableChannel": channels,
        "offers": offers(procedure),
        "areaServed": { "@type": "AdministrativeArea", "name": area(agency) },
    });
    let optional = [
        ("alternateName", procedure.name.as_ref().map(|_| view.reference.title.clone())),
        ("description", view.summary.clone()),
        ("serviceType", procedure.field.clone()),
        ("identifier", procedure.tthc_code.clone().or_else(|| view.reference.code.clone())),
    ];
    for (key, value) in optional {
        if let Some(value) = value {
            service[key] = json!(value);
        }
    }
    if let Some(applicants) = &procedure.applicants {
        service["audience"] = json!({ "@type": "Audience", "audienceType": applicants });
    }
    let outputs: Vec<Value> = procedure.results.iter().map(|r| json!({ "@type": "Thing", "name": r.name })).collect();
    if !outputs.is_empty() {
        service["serviceOutput"] = json!(outputs);
    }
    Some(script_safe(&service.to_string()))
}

/// One offer per fee of each method and case, with a price only when it is a fixed amount.
fn offers(procedure: &super::views::ProcedureView) -> Vec<Value> {
    let mut offers = Vec::new();
    for method in &procedure.methods {
        for line in &method.fees {
            let name = match &line.case {
                Some(case) => format!("{} – {case}", method.name),
                None => method.name.clone(),
            };
            for fee in &line.fees {
                let mut offer =
                    json!({ "@type": "Offer", "name": name, "description": fee.text, "priceCurrency": "VND" });
                if let Some(amount) = fee.amount {
                    offer["price"] = json!(amount);
                }
                if let Some([low, high]) = fee.range {
                    offer["priceSpecification"] = json!({ "@type": "PriceSpecification", "minPrice": low, "maxPrice": high, "priceCurrency": "VND" });
                }
                offers.push(offer);
            }
        }
    }
    offers
}

/// The area the agency serves: `agency.area` when the manual says it, else the parent body's name
/// without "Ủy ban nhân dân " (the parent of a Sở is the province's people's committee).
fn area(agency: &Agency) -> &str {
    if let Some(area) = agency.area.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        return area;
    }
    let parent = agency.parent.as_str();
    parent.strip_prefix("Ủy ban nhân dân ").filter(|rest| !rest.is_empty()).unwrap_or(parent)
}

fn agency_organization(agency: &Agency) -> Value {
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
    provider
}

/// The implementing body; a unit of the agency is presented as the agency's unit.
fn body_organization(body: &BodyView, agency: &Agency) -> Value {
    if !body.external {
        let mut provider = agency_organization(agency);
        provider["department"] = json!({ "@type": "GovernmentOrganization", "name": body.name });
        return provider;
    }
    let mut provider = json!({ "@type": "GovernmentOrganization", "name": body.name });
    for (key, value) in [("address", &body.address), ("telephone", &body.phone)] {
        if let Some(value) = value {
            provider[key] = json!(value);
        }
    }
    provider
}

fn place(body: &BodyView) -> Value {
    let mut place = json!({ "@type": "Place", "name": body.name });
    for (key, value) in
        [("address", &body.address), ("telephone", &body.phone), ("openingHours", &body.hours), ("hasMap", &body.map)]
    {
        if let Some(value) = value {
            place[key] = json!(value);
        }
    }
    place
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
