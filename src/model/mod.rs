//! The manual's data model: typed values that front matter, `sotay.toml` and the legal registry
//! deserialise into. Every identifier has its own type so it is validated once, when read.

pub mod code;
pub mod date;
pub mod document;
pub mod dossier;
pub mod fee;
pub mod legal;
pub mod precompress;
pub mod procedure;
pub mod quantity;
pub mod time_limit;
pub mod translation;
pub mod url;

pub use code::{DocCode, IsoClause, TthcCode};
pub use date::Date;
pub use document::{Audience, FrontMatter, Kind, Status};
pub use legal::{LegalDoc, LegalNumber, LegalStatus};
pub use quantity::{Duration, Money, TimeUnit};
pub use translation::TranslationMatter;
