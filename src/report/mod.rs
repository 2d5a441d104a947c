//! Reports over the resolved manual for staff and auditors, printed by the command line rather
//! than published: what depends on a law (`impact`), and later coverage and review schedules.

pub mod impact;
